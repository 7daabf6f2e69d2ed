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
	case CHANNEL_RING: return _("the ring");
	case CHANNEL_SOCKETPAIR: return _("the socket pair");
	case CHANNEL_FIFO: return _("the FIFO");
	case CHANNEL_RACE: case CHANNEL_RACE_LOCKED: return _("the counter");
	default: return _("the channel");
	}
}

/* The system call a put or a get sleeps in. A queue's are the timed ones
 * because glibc implements mq_send/mq_receive with them, and that is what /proc
 * shows. Semaphores (ring, the race's lock) sleep in futex(2) inside sem_wait.
 * By the operation, not the role: a socket pair's producer also reads (its
 * answer). NULL where nothing sleeps (a shared value, an unlocked counter). */
static const char *describe_syscall(enum channel_kind kind, enum event_op op)
{
	switch (kind) {
	case CHANNEL_PIPE: case CHANNEL_FIFO: case CHANNEL_SOCKETPAIR:
		return op == OP_PUT ? "write" : "read";
	case CHANNEL_QUEUE: return op == OP_PUT ? "mq_timedsend" : "mq_timedreceive";
	case CHANNEL_RING: case CHANNEL_RACE_LOCKED: return "futex";
	default: return NULL;
	}
}

/* The same call with its manual section, for the explain panel. */
static const char *describe_syscall_ref(enum channel_kind kind, enum event_op op)
{
	switch (kind) {
	case CHANNEL_PIPE: case CHANNEL_FIFO: case CHANNEL_SOCKETPAIR:
		return op == OP_PUT ? "write(2)" : "read(2)";
	case CHANNEL_QUEUE: return op == OP_PUT ? "mq_timedsend(3)" : "mq_timedreceive(3)";
	case CHANNEL_RING: case CHANNEL_RACE_LOCKED: return "futex(2)";
	default: return op == OP_PUT ? "write" : "read";
	}
}

/* The channel's ops, for its flags; a model of an unknown kind gets ops with
 * every flag off, so callers need not test for NULL. */
static const struct channel_ops *describe_ops(const struct model *m)
{
	static const struct channel_ops none;
	const struct channel_ops *ops = channel_ops_of(m->channel);

	return ops ? ops : &none;
}

/* socketpair: is actor a's `op` about an answer? A consumer puts answers back
 * and a producer gets them, as model.c counts them. */
static bool describe_answers(const struct model *m, int a, enum event_op op)
{
	return describe_ops(m)->duplex && a >= 0 && a < m->nactors &&
	       (m->actors[a].role == ROLE_CONSUMER) == (op == OP_PUT);
}

/* "ipcviz" and "outside" are the trace's names for who is not an actor (a
 * FIFO's writer that ipcviz did not start), kept as written like actor names. */
static const char *describe_actor_name(const struct model *m, int a)
{
	if (a == EVENT_ACTOR_IPCVIZ)
		return "ipcviz";
	if (a == EVENT_ACTOR_OUTSIDE)
		return "outside";
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

/* A fault: done by ipcviz (a script line, the k key), or seen done from
 * outside, where the run waits for a stopped child and says how to go on. */
static void describe_fault(struct text *t, const struct model *m, const struct event *ev)
{
	const char *who = describe_actor_name(m, ev->target);
	int pid = ev->target >= 0 && ev->target < m->nactors ? m->actors[ev->target].pid : 0;

	if (ev->actor != EVENT_ACTOR_OUTSIDE)
		text_printf(t, _("fault: %s %s"), describe_fault_action(ev->action), who);
	else if (strcmp(ev->action, "stop") == 0)
		text_printf(t, _("%s (pid %d) was stopped from outside; the run waits for it: "
				 "kill -CONT %d to go on"),
			    who, pid, pid);
	else
		text_printf(t, _("%s (pid %d) was continued: the run goes on"), who, pid);
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

/* A wait for something to get: an item, an answer (socket pair), a place's
 * semaphore (ring) or the lock (race-locked). */
static void describe_blocked_get(struct text *t, const struct model *m, bool answer,
				 const char *call)
{
	if (describe_ops(m)->counter)
		text_printf(t, _("BLOCKED in %s: another process holds the lock"), call);
	else if (answer)
		text_printf(t, _("BLOCKED in %s: waiting for the answer"), call);
	else if (m->channel == CHANNEL_RING)
		text_printf(t, _("BLOCKED in %s: the ring is empty: sem_wait(items) sleeps"), call);
	else
		text_printf(t, _("BLOCKED in %s: %s is empty"), call,
			    describe_channel_noun(m->channel));
}

/* A wait for room. A pipe can be full of bytes while the model counts fewer
 * whole items: an item above PIPE_BUF goes in by parts. */
static void describe_blocked_put(struct text *t, const struct model *m, const struct event *ev,
				 bool answer, const char *call)
{
	const char *noun = describe_channel_noun(m->channel);
	int fill = ev->fill >= 0 ? ev->fill : m->fill;

	if (answer) {
		text_printf(t, _("BLOCKED in %s: the way back to the producer is full"), call);
		if (ev->has_value)
			text_printf(t, _(", trying to answer %" PRId32), ev->value);
		return;
	}
	if (m->channel == CHANNEL_RING)
		text_printf(t, _("BLOCKED in %s: the ring is full (%d/%d): sem_wait(slots) sleeps"),
			    call, fill, m->capacity);
	else if (m->channel == CHANNEL_PIPE && m->item_bytes > 4096)
		text_printf(t, _("BLOCKED in %s: the pipe has no room for the rest of this "
				 "%d-byte item"), call, m->item_bytes);
	else
		text_printf(t, _("BLOCKED in %s: %s is full (%d/%d)"), call, noun, fill,
			    m->capacity);
	if (ev->has_value)
		text_printf(t, _(", trying to put %" PRId32), ev->value);
}

static void describe_blocked(struct text *t, const struct model *m, const struct event *ev)
{
	enum event_op op = describe_op(m, ev->actor, ev->op);
	const char *call = describe_syscall(m->channel, op);
	bool answer = describe_answers(m, ev->actor, op);

	if (!call)
		text_puts(t, _("BLOCKED"));
	else if (op == OP_GET)
		describe_blocked_get(t, m, answer, call);
	else
		describe_blocked_put(t, m, ev, answer, call);
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
	else if (m->channel == CHANNEL_PIPE || m->channel == CHANNEL_FIFO)
		text_printf(t, ngettext(", %d byte in %s", ", %d bytes in %s",
					(unsigned long)ev->kfill), ev->kfill, noun);
	else if (m->channel == CHANNEL_RING) /* the parent's sem_getvalue(items) */
		text_printf(t, _(", the items semaphore is at %d"), ev->kfill);
	else if (describe_ops(m)->duplex) /* the consumer's FIONREAD, after its own step */
		text_printf(t, ngettext(", %d byte waiting for the consumer at its last step",
					", %d bytes waiting for the consumer at its last step",
					(unsigned long)ev->kfill), ev->kfill);
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

/* A put: an item, an answer (socket pair), or a write from outside ipcviz. */
static void describe_put(struct text *t, const struct model *m, const struct event *ev)
{
	const char *noun = describe_channel_noun(m->channel);

	if (ev->actor == EVENT_ACTOR_OUTSIDE)
		text_printf(t, _("a process outside ipcviz wrote %" PRId32 " into %s"), ev->value,
			    noun);
	else if (describe_answers(m, ev->actor, OP_PUT))
		text_printf(t, _("answered %" PRId32 ": sent it back"), ev->value);
	else if (describe_ops(m)->duplex)
		text_printf(t, _("sent %" PRId32 " through %s"), ev->value, noun);
	else
		text_printf(t, _("put %" PRId32 " into %s"), ev->value, noun);
}

/* A got: an item, an answer (socket pair), or a pipe item put together from
 * bytes of two writes. */
static void describe_got(struct text *t, const struct model *m, const struct event *ev)
{
	const char *noun = describe_channel_noun(m->channel);

	if (describe_answers(m, ev->actor, OP_GET))
		text_printf(t, _("got the answer %" PRId32), ev->value);
	else if (ev->mixed)
		text_printf(t, _("got %" PRId32 " from %s, MIXED with bytes of %s's %" PRId32
				 ": writes above PIPE_BUF are not atomic"), ev->value, noun,
			    describe_actor_name(m, ev->by), ev->mixed_value);
	else
		text_printf(t, _("got %" PRId32 " from %s"), ev->value, noun);
}

/* A write or read of one shared value; for a counter, an increment's store
 * or load. */
static void describe_cell(struct text *t, const struct model *m, const struct event *ev)
{
	const char *noun = describe_channel_noun(m->channel);
	bool counter = describe_ops(m)->counter;

	if (ev->type == EV_WRITE)
		text_printf(t, counter ? _("stored %" PRId32 " into %s")
				       : _("wrote %" PRId32 " into %s"), ev->value, noun);
	else
		text_printf(t, counter ? _("loaded %" PRId32 " from %s")
				       : _("read %" PRId32 " from %s"), ev->value, noun);
}

static void describe_unblocked(struct text *t, const struct model *m, const struct event *ev)
{
	if (describe_op(m, ev->actor, ev->op) != OP_GET)
		text_puts(t, _("woke up: there is room now"));
	else if (describe_ops(m)->counter)
		text_puts(t, _("woke up: the lock is free: it loads"));
	else if (describe_answers(m, ev->actor, OP_GET))
		text_puts(t, _("woke up: the answer arrived"));
	else
		text_puts(t, _("woke up: an item arrived"));
}

/* On a shared value, a write nobody read; on a counter, a lost update: the
 * store replaced a value another process stored after this one's load. The
 * value stored is its actor's latest. */
static void describe_overwritten(struct text *t, const struct model *m, const struct event *ev)
{
	int who = ev->by >= 0 && ev->by < m->nactors ? ev->by : ev->actor;

	if (!describe_ops(m)->counter)
		text_printf(t, _("value %" PRId32 " was overwritten before anyone read it"),
			    ev->value);
	else if (who >= 0 && who < m->nactors && m->actors[who].has_last)
		text_printf(t, _("lost update: %s stored %" PRId32 " over the %" PRId32 " another "
				 "process stored after its load: one increment is gone"),
			    m->actors[who].name, m->actors[who].last, ev->value);
	else
		text_printf(t, _("lost update: a store replaced the %" PRId32 " another process "
				 "stored after its load: one increment is gone"), ev->value);
}

static void describe_result(struct text *t, const struct model *m, const struct event *ev)
{
	unsigned long n = (unsigned long)ev->expected;

	if (!describe_ops(m)->counter || ev->counter > ev->expected)
		text_printf(t, _("result: counter %" PRId64 " of expected %" PRId64), ev->counter,
			    ev->expected);
	else if (ev->counter == ev->expected)
		text_printf(t, ngettext("result: the counter is %" PRId64 ", and %" PRId64
					" increment was made: none lost",
					"result: the counter is %" PRId64 ", and %" PRId64
					" increments were made: none lost", n),
			    ev->counter, ev->expected);
	else
		text_printf(t, ngettext("result: the counter is %" PRId64 ", but %" PRId64
					" increment was made: %" PRId64 " lost",
					"result: the counter is %" PRId64 ", but %" PRId64
					" increments were made: %" PRId64 " lost", n),
			    ev->counter, ev->expected, ev->expected - ev->counter);
}

/* A read(2) that brought part of a big pipe item, and whose item it is. */
static void describe_part(struct text *t, const struct model *m, const struct event *ev)
{
	unsigned long n = (unsigned long)ev->bytes;

	if (ev->by >= 0 && ev->by < m->nactors)
		text_printf(t, ngettext("read %d byte: part of %s's item %" PRId32,
					"read %d bytes: part of %s's item %" PRId32, n),
			    ev->bytes, m->actors[ev->by].name, ev->value);
	else
		text_printf(t, ngettext("read %d byte: part of item %" PRId32,
					"read %d bytes: part of item %" PRId32, n),
			    ev->bytes, ev->value);
}

/* One event as a sentence without time or actor. Returns buf. */
const char *describe_event(const struct model *m, const struct event *ev, char *buf,
			   size_t len)
{
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
		describe_put(&t, m, ev);
		break;
	case EV_GOT:
		describe_got(&t, m, ev);
		break;
	case EV_WRITE:
	case EV_READ:
		describe_cell(&t, m, ev);
		break;
	case EV_BLOCKED:
		describe_blocked(&t, m, ev);
		break;
	case EV_UNBLOCKED:
		describe_unblocked(&t, m, ev);
		break;
	case EV_KERNEL:
		describe_kernel(&t, m, ev);
		break;
	case EV_OVERWRITTEN:
		describe_overwritten(&t, m, ev);
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
		describe_fault(&t, m, ev);
		break;
	case EV_NOTE:
		/* a built-in scenario's note is in po/ipcviz.pot; any other shows as written */
		describe_clean_copy(note, sizeof note, ev->text[0] ? _(ev->text) : "");
		text_printf(&t, _("note: %s"), note);
		break;
	case EV_RESULT:
		describe_result(&t, m, ev);
		break;
	case EV_PART:
		describe_part(&t, m, ev);
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

/* The first line: items through the channel. A FIFO's writes from outside
 * ipcviz are items too, but no actor put them. */
static void describe_summary_count(struct text *t, const struct model *m, const char *noun)
{
	text_printf(t, ngettext("%ld item passed through %s", "%ld items passed through %s",
				(unsigned long)m->gets), m->gets, noun);
	if (m->item_bytes > 4096)
		text_printf(t, _(" (%ld put, %ld got).\n"), m->puts, m->gets);
	else if (m->outside > 0)
		text_printf(t, _(" (%ld put, %ld written from outside, %ld got); %d left in it.\n"),
			    m->puts, m->outside, m->gets, m->fill);
	else
		text_printf(t, _(" (%ld put, %ld got); %d left in it.\n"), m->puts, m->gets,
			    m->fill);
}

/* fifo: what came from outside ipcviz, and why anyone could write it. */
static void describe_summary_outside(struct text *t, const struct model *m)
{
	if (!describe_ops(m)->named)
		return;
	if (m->outside == 0) {
		text_puts(t, _("Nothing came from outside: no other process wrote into the "
			       "FIFO.\n"));
		return;
	}
	text_printf(t, ngettext("%ld item was written into the FIFO from outside, by a process "
				"ipcviz did not start.\n",
				"%ld items were written into the FIFO from outside, by processes "
				"ipcviz did not start.\n", (unsigned long)m->outside), m->outside);
	text_puts(t, _("Why: a FIFO has a name in the file system, so any process allowed to "
		       "open its path may write into it.\n"));
}

/* Why the waits happened: the kernel's own bounded buffer, or a ring's
 * semaphores, which also mean nothing could be overwritten. */
static void describe_summary_why(struct text *t, const struct model *m, const char *noun,
				 bool any)
{
	if (!any)
		text_puts(t, _("Nobody blocked: no producer found it full and no consumer found "
			       "it empty.\n"));
	else if (m->channel == CHANNEL_RING)
		text_puts(t, _("Why: sem_wait(slots) puts a writer to sleep in futex(2) while "
			       "the ring is full, and sem_wait(items) a reader while it is empty, "
			       "which keeps them in step.\n"));
	else
		text_printf(t, _("Why: the kernel makes a writer wait while %s is full and a "
				 "reader wait while it is empty, which keeps them in step.\n"),
			    noun);
	if (m->channel == CHANNEL_RING && m->puts > 0)
		text_puts(t, _("Nothing was overwritten: a writer waits for a free place in the "
			       "ring instead of writing over one.\n"));
}

/* A pipe with items of a size of their own: were any mixed, and why. */
static void describe_summary_atomic(struct text *t, const struct model *m)
{
	if (m->item_bytes == 0)
		return;
	if (m->mixed > 0) {
		text_printf(t, ngettext("%ld item of %d bytes was mixed of two writes.\n",
					"%ld items of %d bytes were mixed of two writes.\n",
					(unsigned long)m->mixed), m->mixed, m->item_bytes);
		text_puts(t, _("Why: a write of more than PIPE_BUF (4096) bytes is not atomic: "
			       "the kernel writes what fits, the writer sleeps for the rest, and "
			       "another writer's bytes get in between.\n"));
	} else if (m->item_bytes <= 4096 && m->gets > 0) {
		text_printf(t, _("No item of %d bytes was mixed: a write of at most PIPE_BUF (4096) "
				 "bytes to a pipe is atomic.\n"), m->item_bytes);
	}
}

static void describe_summary_channel(struct text *t, const struct model *m)
{
	const char *noun = describe_channel_noun(m->channel);
	bool any = false;

	describe_summary_count(t, m, noun);
	/* the channel's own lesson first: on a small screen it is what stays */
	describe_summary_atomic(t, m);
	describe_summary_outside(t, m);
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
	describe_summary_why(t, m, noun, any);
}

/* socketpair: items one way, answers the other. Each actor takes two-step
 * turns (a producer sends, then gets the answer; a consumer gets an item,
 * then answers it), so of an actor's moves the odd one is of the first kind.
 * The model counts blocks per actor, not per direction: a producer's are
 * taken as waits for an answer, which is where the protocol makes it wait. */
static void describe_summary_duplex(struct text *t, const struct model *m)
{
	long sent = 0, taken = 0, answered = 0, answers = 0;
	bool any = false;

	for (int i = 0; i < m->nactors; i++) {
		const struct model_actor *a = &m->actors[i];
		long second = a->done / 2;

		if (a->role == ROLE_CONSUMER) {
			taken += a->done - second;
			answered += second;
		} else {
			sent += a->done - second;
			answers += second;
		}
	}
	text_printf(t, _("Items: %ld sent, %ld taken by a consumer. Answers: %ld sent back, %ld "
			 "received.\n"), sent, taken, answered, answers);
	for (int i = 0; i < m->nactors; i++) {
		const struct model_actor *a = &m->actors[i];
		unsigned long n = (unsigned long)a->blocked_count;

		if (n == 0)
			continue;
		any = true;
		if (a->role == ROLE_CONSUMER)
			text_printf(t, ngettext("%s blocked %ld time: no item had come, it "
						"slept in read(2) on its socket.\n",
						"%s blocked %ld times: no item had come, it "
						"slept in read(2) on its socket.\n", n),
				    a->name, a->blocked_count);
		else
			text_printf(t, ngettext("%s blocked %ld time: it waited for an answer, "
						"asleep in read(2) on its socket.\n",
						"%s blocked %ld times: it waited for an answer, "
						"asleep in read(2) on its socket.\n", n),
				    a->name, a->blocked_count);
	}
	if (any)
		text_puts(t, _("Why: a socket pair carries both directions, each with its own "
			       "buffer in the kernel; a producer that waits for each answer is "
			       "held to its consumer's pace.\n"));
	else
		text_puts(t, _("Nobody blocked: each item and each answer was there when asked "
			       "for.\n"));
}

/* race: the result against the increments made. */
static void describe_summary_result(struct text *t, const struct model *m)
{
	unsigned long n = (unsigned long)m->expected;

	if (!m->has_result)
		return;
	if (m->counter < m->expected)
		text_printf(t, ngettext("Result: the counter is %" PRId64 ", but %" PRId64
					" increment was made: %" PRId64 " lost.\n",
					"Result: the counter is %" PRId64 ", but %" PRId64
					" increments were made: %" PRId64 " lost.\n", n),
			    m->counter, m->expected, m->expected - m->counter);
	else
		text_printf(t, ngettext("Result: the counter is %" PRId64 ", and %" PRId64
					" increment was made.\n",
					"Result: the counter is %" PRId64 ", and %" PRId64
					" increments were made.\n", n), m->counter, m->expected);
}

/* race-locked: who waited for the lock. True if anyone did. */
static bool describe_summary_lock_waits(struct text *t, const struct model *m)
{
	bool any = false;

	for (int i = 0; i < m->nactors; i++) {
		const struct model_actor *a = &m->actors[i];

		if (a->blocked_count == 0)
			continue;
		any = true;
		text_printf(t, ngettext("%s waited %ld time for the lock, asleep in futex(2).\n",
					"%s waited %ld times for the lock, asleep in futex(2).\n",
					(unsigned long)a->blocked_count),
			    a->name, a->blocked_count);
	}
	return any;
}

/* race and race-locked: loads, stores, the result, and the lesson: updates
 * lost, or none thanks to the lock (a counter that blocks has one). */
static void describe_summary_counter(struct text *t, const struct model *m)
{
	char loads[64], stores[64];

	snprintf(loads, sizeof loads, ngettext("%ld load", "%ld loads", (unsigned long)m->gets),
		 m->gets);
	snprintf(stores, sizeof stores, ngettext("%ld store", "%ld stores",
						 (unsigned long)m->puts), m->puts);
	text_printf(t, _("The counter: %s, %s.\n"), loads, stores);
	describe_summary_result(t, m);
	if (m->overwritten > 0) {
		text_printf(t, ngettext("%ld update was lost: a process stored over a value "
					"another process had stored after its load.\n",
					"%ld updates were lost: each time, a process stored over "
					"a value another process had stored after its load.\n",
					(unsigned long)m->overwritten), m->overwritten);
		text_puts(t, _("Why: an increment is a load, then a store. Nothing kept another "
			       "process from storing in between, so the later store was built on "
			       "an old value and wiped that increment out.\n"));
	} else if (describe_ops(m)->blocks) {
		text_puts(t, _("No update was lost: the lock let only one process at a time be "
			       "between its load and its store.\n"));
		if (describe_summary_lock_waits(t, m))
			text_puts(t, _("That is the price of the lock: the others wait.\n"));
	} else if (m->puts > 0) {
		text_puts(t, _("No update was lost this time: no process stored between another "
			       "one's load and store.\n"));
	}
}

/* A few lines on what the run showed, each ending in '\n'. */
const char *describe_summary(const struct model *m, char *buf, size_t len)
{
	const struct channel_ops *ops = describe_ops(m);
	struct text t;
	char sig[32], num[32];

	text_init(&t, buf, len);
	if (ops->counter)
		describe_summary_counter(&t, m);
	else if (m->channel == CHANNEL_SHM)
		describe_summary_shm(&t, m);
	else if (ops->duplex)
		describe_summary_duplex(&t, m);
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
	if (m->has_result && !ops->counter)
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

/* race-locked: a load asleep on the lock (a process-shared semaphore). */
static void describe_explain_lock(struct text *t, const struct model_actor *a)
{
	text_printf(t, _("%s is asleep in the kernel inside futex(2), in sem_wait on the lock: "
			 "another process holds the lock, between its load and its store. The "
			 "kernel will wake it when that process stores and gives the lock back "
			 "(sem_post); then it loads."), a->name);
}

/* socketpair: a producer reads its answer, a consumer its items; either
 * writes into a buffer of the kernel that can be full. */
static void describe_explain_socket(struct text *t, const struct model_actor *a,
				    enum event_op op)
{
	bool consumer = a->role == ROLE_CONSUMER;

	if (op == OP_GET && !consumer)
		text_printf(t, _("%s is asleep in the kernel inside read(2) on its socket: it sent "
				 "an item and waits for the answer. The kernel will wake it when a "
				 "consumer writes the answer into the other end."), a->name);
	else if (op == OP_GET)
		text_printf(t, _("%s is asleep in the kernel inside read(2) on its socket: no item "
				 "has come. The kernel will wake it when a producer sends one."),
			    a->name);
	else if (!consumer)
		text_printf(t, _("%s is asleep in the kernel inside write(2) on its socket: the "
				 "kernel's buffer toward the consumers is full. The kernel will "
				 "wake it when a consumer reads an item."), a->name);
	else
		text_printf(t, _("%s is asleep in the kernel inside write(2) on its socket: the "
				 "kernel's buffer back to the producers is full. The kernel will "
				 "wake it when a producer reads its answer."), a->name);
}

/* ring: sem_wait on `slots` (a producer) or `items` (a consumer). */
static void describe_explain_ring(struct text *t, const struct model *m,
				  const struct model_actor *a, enum event_op op)
{
	if (op != OP_PUT) {
		text_printf(t, _("%s is asleep in the kernel inside futex(2), in sem_wait(items): "
				 "the ring is empty. A producer's sem_post(items), after it puts "
				 "an item, will wake it."), a->name);
		return;
	}
	text_printf(t, _("%s is asleep in the kernel inside futex(2), in sem_wait(slots): all %d "
			 "places of the ring are full."), a->name, m->capacity);
	if (a->has_pending)
		text_printf(t, _(" It is trying to put %" PRId32 "."), a->pending);
	text_puts(t, _(" A consumer's sem_post(slots), after it takes an item, will wake it."));
}

/* A pipe, queue or FIFO with no room. A pipe can be full of bytes while it
 * holds fewer whole items: one above PIPE_BUF goes in by parts. */
static void describe_explain_full(struct text *t, const struct model *m,
				  const struct model_actor *a, const char *call)
{
	const char *noun = describe_channel_noun(m->channel);
	bool parts = m->channel == CHANNEL_PIPE && !model_counts_items(m);

	if (parts)
		text_printf(t, _("%s is asleep in the kernel inside %s on the pipe: it is full of "
				 "bytes, yet holds only %d whole items of %d. An item above "
				 "PIPE_BUF (4096 bytes) goes in by parts: the kernel writes what "
				 "fits and puts the writer to sleep for the rest, so another "
				 "writer's bytes can come in between."),
			    a->name, call, m->fill, m->capacity);
	else
		text_printf(t, _("%s is asleep in the kernel inside %s on %s: all %d slots are "
				 "full."), a->name, call, noun, m->capacity);
	if (a->has_pending)
		text_printf(t, _(" It is trying to put %" PRId32 "."), a->pending);
	if (parts)
		text_puts(t, _(" The kernel will wake it when a consumer reads and frees room."));
	else
		text_puts(t, _(" The kernel will wake it when a consumer reads an item and frees "
			       "a slot."));
}

/* A pipe, queue or FIFO with nothing in it. Nothing ends a FIFO: ipcviz holds
 * a write end for outside writers. */
static void describe_explain_empty(struct text *t, const struct model *m,
				   const struct model_actor *a, const char *call)
{
	text_printf(t, _("%s is asleep in the kernel inside %s on %s: it is empty."), a->name,
		    call, describe_channel_noun(m->channel));
	if (m->channel == CHANNEL_PIPE)
		text_puts(t, _(" The kernel will wake it when a producer writes an item, or with "
			       "end of file once no writer is left."));
	else if (describe_ops(m)->named)
		text_puts(t, _(" The kernel will wake it when a producer writes an item, or any "
			       "other process that opens the FIFO's path and writes to it (echo "
			       "42 > PATH). ipcviz keeps a write end open, so it gets no end of "
			       "file."));
	else
		text_puts(t, _(" The kernel will wake it when a producer puts an item."));
}

static void describe_explain_blocked(struct text *t, const struct model *m,
				     const struct model_actor *a, int idx)
{
	enum event_op op = describe_op(m, idx, a->blocked_op);
	const char *call = describe_syscall_ref(m->channel, op);

	if (describe_ops(m)->counter)
		describe_explain_lock(t, a);
	else if (describe_ops(m)->duplex)
		describe_explain_socket(t, a, op);
	else if (m->channel == CHANNEL_RING)
		describe_explain_ring(t, m, a, op);
	else if (op == OP_PUT)
		describe_explain_full(t, m, a, call);
	else
		describe_explain_empty(t, m, a, call);
	if (a->has_kernel)
		text_printf(t, _(" The kernel shows it: state %c (%s), wait channel %s, system "
				 "call %s."), a->kstate ? a->kstate : '?',
			    describe_state_letter(a->kstate), a->wchan[0] ? a->wchan : "-",
			    a->syscall[0] ? a->syscall : "-");
}

/* race: between a load and its store, an incrementer has made an odd number
 * of moves (each increment is one of each). */
static bool describe_between_load_and_store(const struct model *m, const struct model_actor *a)
{
	return describe_ops(m)->counter && a->done % 2 == 1 && a->has_last;
}

/* What the others see of a killed actor, channel by channel. */
static const char *describe_killed_effect(const struct model *m, const struct model_actor *a)
{
	bool consumer = a->role == ROLE_CONSUMER;

	switch (m->channel) {
	case CHANNEL_SHM:
		return _(" A shared value does not notice: the others go on using the cell.");
	case CHANNEL_PIPE:
		return consumer ? _(" With no reader left, a producer's next write(2) on the pipe "
				    "fails with EPIPE.")
				: _(" Once no writer is left, a consumer reads what remains, then "
				    "gets end of file.");
	case CHANNEL_FIFO:
		return consumer ? _(" With no reader left, a producer's next write(2) on the FIFO "
				    "fails with EPIPE.")
				: _(" ipcviz keeps a write end of the FIFO open, so a consumer "
				    "gets no end of file: it waits for another writer, such as "
				    "echo 42 > PATH.");
	case CHANNEL_RING:
		return consumer ? _(" The ring does not notice that its reader is gone: "
				    "producers fill it, then sleep in sem_wait(slots) with no one "
				    "to wake them.")
				: _(" A semaphore has no end of file: a consumer waiting on an "
				    "empty ring sleeps in sem_wait(items) for ever.");
	case CHANNEL_SOCKETPAIR:
		return consumer ? _(" Its socket closed with it: a producer waiting for an answer "
				    "reads end of file, and a write fails with EPIPE.")
				: _(" Its socket closed with it: once no producer holds one, a "
				    "consumer's read gets end of file.");
	case CHANNEL_RACE:
		return _(" The counter does not notice: the others go on incrementing it.");
	case CHANNEL_RACE_LOCKED:
		return describe_between_load_and_store(m, a)
			       ? _(" It died between its load and its store, holding the lock: "
				   "nobody will give the lock back, so the others sleep in "
				   "futex(2) for ever.")
			       : _(" It did not hold the lock: the others go on incrementing.");
	case CHANNEL_QUEUE:
	default:
		return consumer ? _(" A queue does not notice that its readers are gone: producers "
				    "put until it is full, then block with no one to wake them.")
				: _(" A queue has no end of file: a consumer waiting on an empty "
				    "queue waits for ever.");
	}
}

static void describe_explain_killed(struct text *t, const struct model *m,
				    const struct model_actor *a)
{
	char sig[32];

	text_printf(t, _("%s was killed by %s."), a->name,
		    describe_signal(a->exit_signal, sig, sizeof sig));
	text_puts(t, describe_killed_effect(m, a));
}

static void describe_explain_waiting(struct text *t, const struct model *m,
				     const struct model_actor *a)
{
	text_printf(t, _("%s is waiting for its turn: the scheduler holds it until its next "
			 "step. It sleeps in read(2) on its own control pipe, not on %s, so it "
			 "is not blocked."), a->name, describe_channel_noun(m->channel));
	if (!describe_between_load_and_store(m, a))
		return;
	if (describe_ops(m)->blocks)
		text_printf(t, _(" It loaded %" PRId32 " and holds the lock: its next step stores "
				 "%" PRId32 " and gives the lock back."), a->last, a->last + 1);
	else
		text_printf(t, _(" It loaded %" PRId32 ": its next step stores %" PRId32 ". "
				 "Nothing stops another process from storing in between, and then "
				 "this store wipes out that increment."), a->last, a->last + 1);
}

/* What the latest event showed of actor idx that its state does not: part of a
 * big pipe item, an item of mixed bytes, a lost update. */
static void describe_explain_last(struct text *t, const struct model *m, int idx)
{
	const struct event *ev = &m->last;

	if (ev->actor != idx)
		return;
	if (ev->type == EV_PART)
		text_printf(t, _(" Its last read(2) brought only part of an item (%d bytes of "
				 "%s's %" PRId32 "): an item above PIPE_BUF does not come in one "
				 "piece, so it reads again for the rest."), ev->bytes,
			    describe_actor_name(m, ev->by), ev->value);
	else if (ev->type == EV_GOT && ev->mixed)
		text_printf(t, _(" The item it just put together is mixed: it holds bytes of "
				 "%s's %" PRId32 ". A write above PIPE_BUF (4096 bytes) is not "
				 "atomic: the kernel may put another writer's bytes between its "
				 "parts."),
			    describe_actor_name(m, ev->by), ev->mixed_value);
	else if (ev->type == EV_OVERWRITTEN && describe_ops(m)->counter)
		text_printf(t, _(" Its last store was a lost update: it wrote over %" PRId32 ", "
				 "which another process had stored after its load."), ev->value);
}

/* Nothing ever waits on a shared value or an unlocked counter: the lesson of
 * both. Said of an actor still alive. */
static void describe_explain_never_blocks(struct text *t, const struct model *m,
					  const struct model_actor *a)
{
	const struct channel_ops *ops = describe_ops(m);

	if (a->state == ACTOR_FINISHED || a->state == ACTOR_KILLED)
		return;
	if (m->channel == CHANNEL_SHM) {
		text_puts(t, _(" On a shared value it never blocks: nothing in a shared value "
			       "makes a writer wait, which is why values can be lost."));
		if (a->role == ROLE_CONSUMER)
			text_puts(t, _(" Nothing makes a reader wait for a new value either, which "
				       "is why it can read the same value twice."));
	} else if (ops->counter && !ops->blocks) {
		text_puts(t, _(" On a counter without a lock it never blocks: nothing makes a "
			       "process wait while another is between its load and its store, "
			       "which is why updates can be lost."));
	}
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
	describe_explain_last(&t, m, a);
	describe_explain_never_blocks(&t, m, ac);
	if (ac->has_error)
		text_printf(&t, _(" Its last error: %s (%s)."),
			    describe_errno(ac->err, num, sizeof num),
			    describe_errno_reason(ac->err));
	return buf;
}
