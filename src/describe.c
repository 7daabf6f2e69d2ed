/* describe.c - events and states in plain words: the headless timeline, the
 * screen's log, the end-of-run summary and the explain panel.
 *
 * Every word goes through _() so a translation needs no code change, and every
 * column is measured in terminal cells (wcwidth), never in bytes: a Chinese
 * actor name is two cells a character and must still line up.
 */
#include "describe.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"

#define DESCRIBE_TIME_COLS 8       /* "   2.000": up to 9999.999 s line up */
#define DESCRIBE_ACTOR_COLS 12     /* "consumer-1" and room to spare */
#define DESCRIBE_SENTENCE_COLS 41  /* the fill column then lands at 65 */

/* ---- a bounded text buffer ------------------------------------------------ */

struct text {
	char *buf;
	size_t len;   /* size of buf */
	size_t used;  /* bytes written, excluding the NUL */
};

static void text_init(struct text *t, char *buf, size_t len)
{
	t->buf = buf;
	t->len = len;
	t->used = 0;
	if (len > 0)
		buf[0] = '\0';
}

/* After a cut at t->used, drops a UTF-8 character left incomplete, so a long
 * sentence never ends in half a character on screen. */
static void text_fix_cut(struct text *t)
{
	size_t start = t->used;
	size_t need;
	unsigned char lead;

	while (start > 0 && ((unsigned char)t->buf[start - 1] & 0xc0) == 0x80)
		start--;
	if (start == 0)
		return;
	lead = (unsigned char)t->buf[start - 1];
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	if (t->used - (start - 1) < need)
		t->used = start - 1;
	t->buf[t->used] = '\0';
}

static void text_printf(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void text_printf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len == 0 || t->used + 1 >= t->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->used, t->len - t->used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= t->len - t->used) {
		t->used = t->len - 1;
		text_fix_cut(t);
	} else {
		t->used += (size_t)n;
	}
}

static void text_puts(struct text *t, const char *s)
{
	text_printf(t, "%s", s);
}

static void text_spaces(struct text *t, int n)
{
	for (int i = 0; i < n; i++)
		text_puts(t, " ");
}

/* A line never ends in spaces: golden files and diffs stay clean. */
static void text_trim_right(struct text *t)
{
	while (t->used > 0 && t->buf[t->used - 1] == ' ')
		t->used--;
	if (t->len > 0)
		t->buf[t->used] = '\0';
}

/* ---- words ---------------------------------------------------------------- */

/* Width in cells of a UTF-8 string; its length in bytes where the locale
 * cannot decode it or a character is not printable (as wcswidth would fail). */
int describe_width(const char *s)
{
	mbstate_t st;
	const char *p = s;
	size_t left = strlen(s);
	int cells = 0;

	memset(&st, 0, sizeof st);
	while (left > 0) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, left, &st);
		int w;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			return (int)strlen(s);
		w = wcwidth(wc);
		if (w < 0)
			return (int)strlen(s);
		cells += w;
		p += n;
		left -= n;
	}
	return cells;
}

static const char *describe_channel_noun(enum channel_kind kind)
{
	switch (kind) {
	case CHANNEL_PIPE: return _("the pipe");
	case CHANNEL_QUEUE: return _("the queue");
	case CHANNEL_SHM: return _("the shared value");
	default: return _("the channel");
	}
}

/* The system call a producer (put) or consumer (get) sleeps in. A queue's are
 * the timed ones because glibc implements mq_send/mq_receive with them, and
 * that is what /proc shows. NULL for a shared value: nothing there sleeps. */
static const char *describe_syscall(enum channel_kind kind, enum event_op op)
{
	switch (kind) {
	case CHANNEL_PIPE: return op == OP_PUT ? "write" : "read";
	case CHANNEL_QUEUE: return op == OP_PUT ? "mq_timedsend" : "mq_timedreceive";
	default: return NULL;
	}
}

/* The same call with its manual section, for the explain panel. */
static const char *describe_syscall_ref(enum channel_kind kind, enum event_op op)
{
	switch (kind) {
	case CHANNEL_PIPE: return op == OP_PUT ? "write(2)" : "read(2)";
	case CHANNEL_QUEUE: return op == OP_PUT ? "mq_timedsend(3)" : "mq_timedreceive(3)";
	default: return op == OP_PUT ? "write" : "read";
	}
}

static const char *describe_actor_name(const struct model *m, int a)
{
	if (a == EVENT_ACTOR_IPCVIZ)
		return "ipcviz";
	if (a < 0 || a >= m->nactors)
		return "?";
	return m->actors[a].name;
}

/* The operation an event is about: its own op, or else what its actor's role
 * does (a producer puts, a consumer gets). */
static enum event_op describe_op(const struct model *m, int a, enum event_op op)
{
	if (op != OP_NONE)
		return op;
	if (a >= 0 && a < m->nactors && m->actors[a].role == ROLE_CONSUMER)
		return OP_GET;
	return OP_PUT;
}

/* "SIGKILL" for 9; "signal 99" for what glibc cannot name. */
static const char *describe_signal(int sig, char *buf, size_t len)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else
		snprintf(buf, len, _("signal %d"), sig);
	return buf;
}

static const char *describe_errno(int err, char *buf, size_t len)
{
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(buf, len, _("errno %d"), err);
	return buf;
}

/* Why an error happened, in the lesson's words where ipcviz knows them. */
static const char *describe_errno_reason(int err)
{
	switch (err) {
	case EPIPE: return _("no reader is left");
	case EAGAIN: return _("the channel would have made it wait");
	case EBADF: return _("the descriptor is not open for this");
	default: return strerror(err);
	}
}

static const char *describe_fault_action(const char *action)
{
	if (strcmp(action, "kill") == 0)
		return _("kill");
	if (strcmp(action, "stop") == 0)
		return _("stop");
	if (strcmp(action, "cont") == 0)
		return _("continue");
	return action;
}

/* Note text with control characters blanked, so a note cannot break a line or
 * send an escape sequence to the terminal; cut short, it ends before a UTF-8
 * character that would not fit whole (a translation can be longer). */
static void describe_clean_copy(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < len && src[i]; i++)
		dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ? ' ' : src[i];
	while (i > 0 && ((unsigned char)src[i] & 0xc0) == 0x80)
		i--;
	if (len > 0)
		dst[i] = '\0';
}

static void describe_blocked(struct text *t, const struct model *m, const struct event *ev)
{
	enum event_op op = describe_op(m, ev->actor, ev->op);
	const char *call = describe_syscall(m->channel, op);
	const char *noun = describe_channel_noun(m->channel);
	int fill = ev->fill >= 0 ? ev->fill : m->fill;

	if (!call) {
		text_puts(t, _("BLOCKED"));
		return;
	}
	if (op == OP_GET) {
		text_printf(t, _("BLOCKED in %s: %s is empty"), call, noun);
		return;
	}
	text_printf(t, _("BLOCKED in %s: %s is full (%d/%d)"), call, noun, fill, m->capacity);
	if (ev->has_value)
		text_printf(t, _(", trying to put %" PRId32), ev->value);
}

static void describe_kernel(struct text *t, const struct model *m, const struct event *ev)
{
	const char *noun = describe_channel_noun(m->channel);

	text_puts(t, _("kernel:"));
	text_printf(t, _(" state %c"), ev->state ? ev->state : '?');
	if (ev->wchan[0])
		text_printf(t, _(", waiting in %s"), ev->wchan);
	if (ev->syscall[0])
		text_printf(t, _(", syscall %s"), ev->syscall);
	if (ev->kfill < 0)
		return;
	if (m->channel == CHANNEL_QUEUE)
		text_printf(t, ngettext(", %d message in %s", ", %d messages in %s",
					(unsigned long)ev->kfill), ev->kfill, noun);
	else if (m->channel == CHANNEL_PIPE)
		text_printf(t, ngettext(", %d byte in %s", ", %d bytes in %s",
					(unsigned long)ev->kfill), ev->kfill, noun);
	else
		text_printf(t, _(", the kernel counts %d"), ev->kfill);
}

static void describe_error(struct text *t, const struct model *m, const struct event *ev)
{
	enum event_op op = describe_op(m, ev->actor, ev->op);
	const char *call = describe_syscall(m->channel, op);
	char num[32];

	if (!call)
		call = op == OP_PUT ? "write" : "read";
	text_printf(t, _("error: %s failed with %s: %s"), call,
		    describe_errno(ev->err, num, sizeof num), describe_errno_reason(ev->err));
}

/* One event as a sentence without time or actor. Returns buf. */
const char *describe_event(const struct model *m, const struct event *ev, char *buf,
			   size_t len)
{
	const char *noun = describe_channel_noun(m->channel);
	struct text t;
	char sig[32], note[2 * EVENT_TEXT_MAX];

	text_init(&t, buf, len);
	switch (ev->type) {
	case EV_SPAWN:
		text_printf(&t, _("started (pid %d)"), ev->pid);
		break;
	case EV_EXIT:
		if (ev->signal)
			text_printf(&t, _("killed by %s"), describe_signal(ev->signal, sig, sizeof sig));
		else
			text_printf(&t, _("finished (status %d)"), ev->status);
		break;
	case EV_PUT:
		text_printf(&t, _("put %" PRId32 " into %s"), ev->value, noun);
		break;
	case EV_GOT:
		text_printf(&t, _("got %" PRId32 " from %s"), ev->value, noun);
		break;
	case EV_WRITE:
		text_printf(&t, _("wrote %" PRId32 " into %s"), ev->value, noun);
		break;
	case EV_READ:
		text_printf(&t, _("read %" PRId32 " from %s"), ev->value, noun);
		break;
	case EV_BLOCKED:
		describe_blocked(&t, m, ev);
		break;
	case EV_UNBLOCKED:
		if (describe_op(m, ev->actor, ev->op) == OP_GET)
			text_puts(&t, _("woke up: an item arrived"));
		else
			text_puts(&t, _("woke up: there is room now"));
		break;
	case EV_KERNEL:
		describe_kernel(&t, m, ev);
		break;
	case EV_OVERWRITTEN:
		text_printf(&t, _("value %" PRId32 " was overwritten before anyone read it"),
			    ev->value);
		break;
	case EV_STALE:
		text_printf(&t, _("read %" PRId32 " again: nothing new was written"), ev->value);
		break;
	case EV_EOF:
		text_puts(&t, _("end of file: no writer is left"));
		break;
	case EV_ERROR:
		describe_error(&t, m, ev);
		break;
	case EV_FAULT:
		text_printf(&t, _("fault: %s %s"), describe_fault_action(ev->action),
			    describe_actor_name(m, ev->target));
		break;
	case EV_NOTE:
		/* a built-in scenario's note is in po/ipcviz.pot; any other shows as written */
		describe_clean_copy(note, sizeof note, ev->text[0] ? _(ev->text) : "");
		text_printf(&t, _("note: %s"), note);
		break;
	case EV_RESULT:
		text_printf(&t, _("result: counter %" PRId64 " of expected %" PRId64), ev->counter,
			    ev->expected);
		break;
	default:
		text_puts(&t, event_type_name(ev->type));
		break;
	}
	return buf;
}

/* ---- the timeline --------------------------------------------------------- */

/* The actor column: wide enough for the widest name of this run, so a run's
 * lines all align and two runs of the same scenario align the same way. */
static int describe_actor_cols(const struct model *m)
{
	int cols = DESCRIBE_ACTOR_COLS;

	for (int i = 0; i < m->nactors; i++) {
		int w = describe_width(m->actors[i].name);
		if (w > cols)
			cols = w;
	}
	return cols;
}

static void text_padded(struct text *t, const char *s, int cols)
{
	text_puts(t, s);
	text_spaces(t, cols - describe_width(s));
}

/* Does a timeline line show the fill? Only for events about the channel's
 * contents. A spawn line must not: its pid varies in width from run to run, and
 * padding after it would move the column in golden files that mask the pid. */
static bool describe_shows_fill(const struct model *m, const struct event *ev)
{
	if (m->channel == CHANNEL_SHM || ev->fill < 0)
		return false;
	switch (ev->type) {
	case EV_PUT: case EV_GOT: case EV_BLOCKED: case EV_UNBLOCKED: case EV_KERNEL:
		return true;
	default:
		return false;
	}
}

/* "   2.000  consumer-1    got 1 from the queue    [1/10]": seconds with three
 * decimals, the actor, the sentence, and for the channel's own events on a pipe
 * or queue the fill after it. */
const char *describe_timeline_line(const struct model *m, const struct event *ev,
				   char *buf, size_t len)
{
	char time[32], sentence[512];
	uint64_t mag = ev->t_ms < 0 ? (uint64_t)0 - (uint64_t)ev->t_ms : (uint64_t)ev->t_ms;
	struct text t;

	snprintf(time, sizeof time, "%s%" PRIu64 ".%03" PRIu64, ev->t_ms < 0 ? "-" : "",
		 mag / 1000, mag % 1000);
	describe_event(m, ev, sentence, sizeof sentence);
	text_init(&t, buf, len);
	text_spaces(&t, DESCRIBE_TIME_COLS - (int)strlen(time));
	text_puts(&t, time);
	text_spaces(&t, 2);
	text_padded(&t, describe_actor_name(m, ev->actor), describe_actor_cols(m));
	text_spaces(&t, 2);
	if (describe_shows_fill(m, ev)) {
		text_padded(&t, sentence, DESCRIBE_SENTENCE_COLS);
		text_spaces(&t, 2);
		text_printf(&t, "[%d/%d]", ev->fill, m->capacity);
	} else {
		text_puts(&t, sentence);
	}
	text_trim_right(&t);
	return buf;
}

/* ---- the summary ---------------------------------------------------------- */

static void describe_summary_shm(struct text *t, const struct model *m)
{
	char writes[64], reads[64];

	snprintf(writes, sizeof writes, ngettext("%ld write", "%ld writes",
						 (unsigned long)m->puts), m->puts);
	snprintf(reads, sizeof reads, ngettext("%ld read", "%ld reads",
					       (unsigned long)m->gets), m->gets);
	text_printf(t, _("The shared value: %s, %s.\n"), writes, reads);
	if (m->overwritten > 0) {
		text_printf(t, ngettext("%ld value was overwritten before anyone read it:",
					"%ld values were overwritten before anyone read them:",
					(unsigned long)m->overwritten), m->overwritten);
		for (int i = 0; i < m->nlost; i++) /* TRANSLATORS: the list of lost values */
			text_printf(t, i == 0 ? _(" %" PRId32) : _(", %" PRId32), m->lost[i]);
		if (m->overwritten > m->nlost)
			text_printf(t, _(" (the latest %d)"), m->nlost);
		/* TRANSLATORS: ends the list of lost values */
		text_puts(t, _(".\n"));
		text_puts(t, _("Why: a shared value holds only the latest write, and nothing makes "
			       "the producer wait for the consumer.\n"));
	} else if (m->puts > 0) {
		text_puts(t, _("No value was lost: each one was read before the next write.\n"));
	}
	if (m->stale > 0) {
		text_printf(t, ngettext("%ld read found a value already read (a stale read).\n",
					"%ld reads found a value already read (stale reads).\n",
					(unsigned long)m->stale), m->stale);
		text_puts(t, _("Why: nothing makes the consumer wait for a new value either; it "
			       "reads whatever the cell holds.\n"));
	}
}

static void describe_summary_channel(struct text *t, const struct model *m)
{
	const char *noun = describe_channel_noun(m->channel);
	bool any = false;

	text_printf(t, ngettext("%ld item passed through %s", "%ld items passed through %s",
				(unsigned long)m->gets), m->gets, noun);
	text_printf(t, _(" (%ld put, %ld got); %d left in it.\n"), m->puts, m->gets, m->fill);
	for (int i = 0; i < m->nactors; i++) {
		const struct model_actor *a = &m->actors[i];

		if (a->blocked_count == 0)
			continue;
		any = true;
		if (a->role == ROLE_CONSUMER)
			text_printf(t, ngettext("%s blocked %ld time: %s was empty.\n",
						"%s blocked %ld times: %s was empty.\n",
						(unsigned long)a->blocked_count),
				    a->name, a->blocked_count, noun);
		else
			text_printf(t, ngettext("%s blocked %ld time: %s was full.\n",
						"%s blocked %ld times: %s was full.\n",
						(unsigned long)a->blocked_count),
				    a->name, a->blocked_count, noun);
	}
	if (any)
		text_printf(t, _("Why: the kernel makes a writer wait while %s is full and a "
				 "reader wait while it is empty, which keeps them in step.\n"),
			    noun);
	else
		text_puts(t, _("Nobody blocked: no producer found it full and no consumer found "
			       "it empty.\n"));
}

/* A few lines on what the run showed, each ending in '\n'. */
const char *describe_summary(const struct model *m, char *buf, size_t len)
{
	struct text t;
	char sig[32], num[32];

	text_init(&t, buf, len);
	if (m->channel == CHANNEL_SHM)
		describe_summary_shm(&t, m);
	else
		describe_summary_channel(&t, m);
	for (int i = 0; i < m->nactors; i++) {
		const struct model_actor *a = &m->actors[i];

		if (a->state == ACTOR_KILLED)
			text_printf(&t, _("%s was killed by %s.\n"), a->name,
				    describe_signal(a->exit_signal, sig, sizeof sig));
		if (a->has_error)
			text_printf(&t, _("%s saw the error %s: %s.\n"), a->name,
				    describe_errno(a->err, num, sizeof num),
				    describe_errno_reason(a->err));
	}
	if (m->has_result)
		text_printf(&t, _("Result: counter %" PRId64 " of expected %" PRId64 ".\n"),
			    m->counter, m->expected);
	return buf;
}

/* ---- explain -------------------------------------------------------------- */

/* What a /proc state letter means, for people who have not met them. */
static const char *describe_state_letter(char c)
{
	switch (c) {
	case 'R': return _("running");
	case 'S': return _("sleeping, can be woken");
	case 'D': return _("sleeping, cannot be interrupted");
	case 'T': return _("stopped");
	case 't': return _("stopped by a debugger");
	case 'Z': return _("a zombie: dead, not yet reaped");
	default: return _("unknown");
	}
}

static void describe_explain_blocked(struct text *t, const struct model *m,
				     const struct model_actor *a, int idx)
{
	enum event_op op = describe_op(m, idx, a->blocked_op);
	const char *call = describe_syscall_ref(m->channel, op);
	const char *noun = describe_channel_noun(m->channel);

	if (op == OP_PUT) {
		text_printf(t, _("%s is asleep in the kernel inside %s on %s: all %d slots are "
				 "full."), a->name, call, noun, m->capacity);
		if (a->has_pending)
			text_printf(t, _(" It is trying to put %" PRId32 "."), a->pending);
		text_puts(t, _(" The kernel will wake it when a consumer reads an item and frees "
			       "a slot."));
	} else {
		text_printf(t, _("%s is asleep in the kernel inside %s on %s: it is empty."),
			    a->name, call, noun);
		if (m->channel == CHANNEL_PIPE)
			text_puts(t, _(" The kernel will wake it when a producer writes an item, "
				       "or with end of file once no writer is left."));
		else
			text_puts(t, _(" The kernel will wake it when a producer puts an item."));
	}
	if (a->has_kernel)
		text_printf(t, _(" The kernel shows it: state %c (%s), wait channel %s, system "
				 "call %s."), a->kstate ? a->kstate : '?',
			    describe_state_letter(a->kstate), a->wchan[0] ? a->wchan : "-",
			    a->syscall[0] ? a->syscall : "-");
}

static void describe_explain_killed(struct text *t, const struct model *m,
				    const struct model_actor *a)
{
	char sig[32];

	text_printf(t, _("%s was killed by %s."), a->name,
		    describe_signal(a->exit_signal, sig, sizeof sig));
	if (m->channel == CHANNEL_SHM)
		text_puts(t, _(" A shared value does not notice: the others go on using the "
			       "cell."));
	else if (a->role == ROLE_CONSUMER && m->channel == CHANNEL_PIPE)
		text_puts(t, _(" With no reader left, a producer's next write(2) on the pipe "
			       "fails with EPIPE."));
	else if (a->role == ROLE_CONSUMER)
		text_puts(t, _(" A queue does not notice that its readers are gone: producers "
			       "put until it is full, then block with no one to wake them."));
	else if (m->channel == CHANNEL_PIPE)
		text_puts(t, _(" Once no writer is left, a consumer reads what remains, then "
			       "gets end of file."));
	else
		text_puts(t, _(" A queue has no end of file: a consumer waiting on an empty "
			       "queue waits for ever."));
}

static void describe_explain_waiting(struct text *t, const struct model *m,
				     const struct model_actor *a)
{
	text_printf(t, _("%s is waiting for its turn: the scheduler holds it until its next "
			 "step. It sleeps in read(2) on its own control pipe, not on %s, so it "
			 "is not blocked."), a->name, describe_channel_noun(m->channel));
}

/* Why actor `a` is in its state and what will wake it, as one paragraph. */
const char *describe_explain(const struct model *m, int a, char *buf, size_t len)
{
	const struct model_actor *ac;
	struct text t;
	char num[32];

	text_init(&t, buf, len);
	if (a < 0 || a >= m->nactors) {
		text_puts(&t, _("No such actor."));
		return buf;
	}
	ac = &m->actors[a];
	switch (ac->state) {
	case ACTOR_NEW:
		text_printf(&t, _("%s has not started yet."), ac->name);
		break;
	case ACTOR_WAITING:
		describe_explain_waiting(&t, m, ac);
		break;
	case ACTOR_BLOCKED:
		describe_explain_blocked(&t, m, ac, a);
		break;
	case ACTOR_FINISHED:
		text_printf(&t, _("%s has finished: it exited with status %d."), ac->name,
			    ac->exit_status);
		if (ac->eof)
			text_puts(&t, _(" It read end of file: no writer was left."));
		break;
	case ACTOR_KILLED:
		describe_explain_killed(&t, m, ac);
		break;
	case ACTOR_STOPPED:
		text_printf(&t, _("%s is stopped (SIGSTOP): the kernel will not run it until it "
				  "gets SIGCONT."), ac->name);
		if (ac->stopped_from == ACTOR_BLOCKED)
			text_printf(&t, _(" It was asleep on %s when stopped and goes back to "
					  "waiting there after SIGCONT."),
				    describe_channel_noun(m->channel));
		break;
	}
	if (m->channel == CHANNEL_SHM && ac->state != ACTOR_FINISHED &&
	    ac->state != ACTOR_KILLED) {
		text_puts(&t, _(" On a shared value it never blocks: nothing in a shared value "
				"makes a writer wait, which is why values can be lost."));
		if (ac->role == ROLE_CONSUMER)
			text_puts(&t, _(" Nothing makes a reader wait for a new value either, which "
					"is why it can read the same value twice."));
	}
	if (ac->has_error)
		text_printf(&t, _(" Its last error: %s (%s)."),
			    describe_errno(ac->err, num, sizeof num),
			    describe_errno_reason(ac->err));
	return buf;
}
