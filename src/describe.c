/* describe.c - events in plain words: the headless timeline and the screen's
 * log, one sentence an event ("put 3 into the queue", "BLOCKED in write: the
 * pipe is full (4/4)"), and the words the summary (summary.c) and the explain
 * panel (explain.c) share with them: names of actors, signals and errors.
 *
 * What is particular to a channel (its noun, the call a process sleeps in, a
 * ring's semaphores) comes from the channel's descriptor, never from a switch
 * over the kinds here. Every word goes through _() so a translation needs no
 * code change, and every column is measured in terminal cells (wcwidth), never
 * in bytes: a Chinese actor name is two cells a character and must still line up.
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
#include "predict.h"
#include "text.h"

#define DESCRIBE_TIME_COLS 8       /* "   2.000": up to 9999.999 s line up */
#define DESCRIBE_ACTOR_COLS 12     /* "consumer-1" and room to spare */
#define DESCRIBE_SENTENCE_COLS 41  /* the fill column then lands at 65 */

/* The system call a put or a get sleeps in (by the operation, not the role: a
 * socket pair's producer also reads its answer); NULL where nothing sleeps. */
static const char *describe_syscall(const struct model *m, enum event_op op)
{
	return op == OP_PUT ? describe_desc(m)->put.sleeps : describe_desc(m)->get.sleeps;
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
	if (describe_desc(m)->counter)
		text_printf(t, _("BLOCKED in %s: another process holds the lock"), call);
	else if (answer)
		text_printf(t, _("BLOCKED in %s: waiting for the answer"), call);
	else
		text_printf(t, _("BLOCKED in %s: %s is empty"), call, describe_noun(m));
}

/* A wait for room. A pipe can be full of bytes while the model counts fewer
 * whole items: an item above PIPE_BUF goes in by parts. */
static void describe_blocked_put(struct text *t, const struct model *m, const struct event *ev,
				 bool answer, const char *call)
{
	const char *noun = describe_noun(m);
	int fill = ev->fill >= 0 ? ev->fill : m->fill;

	if (answer) {
		text_printf(t, _("BLOCKED in %s: the way back to the producer is full"), call);
		if (ev->has_value)
			text_printf(t, _(", trying to answer %" PRId32), ev->value);
		return;
	}
	if (describe_desc(m)->sized_items && m->item_bytes > 4096)
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
	const struct channel_desc *d = describe_desc(m);
	enum event_op op = describe_op(m, ev->actor, ev->op);
	const char *call = describe_syscall(m, op);
	bool answer = describe_answers(m, ev->actor, op);
	char own[512];
	struct channel_wait w = {.put = op == OP_PUT, .call = call,
				 .actor = describe_actor_name(m, ev->actor),
				 .fill = ev->fill >= 0 ? ev->fill : m->fill, .capacity = m->capacity};

	if (!call) {
		text_puts(t, _("BLOCKED"));
	} else if (!answer && !d->counter && d->blocked && d->blocked(own, sizeof own, &w)) {
		text_puts(t, own); /* in the channel's own words */
		if (w.put && ev->has_value)
			text_printf(t, _(", trying to put %" PRId32), ev->value);
	} else if (op == OP_GET)
		describe_blocked_get(t, m, answer, call);
	else {
		describe_blocked_put(t, m, ev, answer, call);
	}
}

static void describe_kernel(struct text *t, const struct model *m, const struct event *ev)
{
	const struct channel_desc *d = describe_desc(m);
	const char *unit = d->kfill_unit ? d->kfill_unit : "";
	const char *noun = describe_noun(m);

	text_puts(t, _("kernel:"));
	text_printf(t, _(" state %c"), ev->state ? ev->state : '?');
	if (ev->wchan[0])
		text_printf(t, _(", waiting in %s"), ev->wchan);
	if (ev->syscall[0])
		text_printf(t, _(", syscall %s"), ev->syscall);
	if (ev->kfill < 0)
		return;
	if (strcmp(unit, "msgs") == 0)
		text_printf(t, ngettext(", %d message in %s", ", %d messages in %s",
					(unsigned long)ev->kfill), ev->kfill, noun);
	else if (strcmp(unit, "bytes") == 0 && !d->duplex)
		text_printf(t, ngettext(", %d byte in %s", ", %d bytes in %s",
					(unsigned long)ev->kfill), ev->kfill, noun);
	else if (strcmp(unit, "items") == 0) /* the parent's sem_getvalue(items) */
		text_printf(t, _(", the items semaphore is at %d"), ev->kfill);
	else if (d->duplex) /* SIOCINQ on the consumer's end, now */
		text_printf(t, ngettext(", %d byte waiting for the consumer",
					", %d bytes waiting for the consumer",
					(unsigned long)ev->kfill), ev->kfill);
	else
		text_printf(t, _(", the kernel counts %d"), ev->kfill);
}

static void describe_error(struct text *t, const struct model *m, const struct event *ev)
{
	enum event_op op = describe_op(m, ev->actor, ev->op);
	const char *call = describe_syscall(m, op);
	char num[32];

	if (!call)
		call = op == OP_PUT ? "write" : "read";
	text_printf(t, _("error: %s failed with %s: %s"), call,
		    describe_errno(ev->err, num, sizeof num), describe_errno_reason(ev->err));
}

/* A put: an item, an answer (socket pair), or a write from outside ipcviz. */
static void describe_put(struct text *t, const struct model *m, const struct event *ev)
{
	const char *noun = describe_noun(m);

	if (ev->actor == EVENT_ACTOR_OUTSIDE)
		text_printf(t, _("a process outside ipcviz wrote %" PRId32 " into %s"), ev->value,
			    noun);
	else if (describe_answers(m, ev->actor, OP_PUT))
		text_printf(t, _("answered %" PRId32 ": sent it back"), ev->value);
	else if (describe_desc(m)->duplex)
		text_printf(t, _("sent %" PRId32 " through %s"), ev->value, noun);
	else
		text_printf(t, _("put %" PRId32 " into %s"), ev->value, noun);
}

/* A got: an item, an answer (socket pair), or a pipe item put together from
 * bytes of two writes. */
static void describe_got(struct text *t, const struct model *m, const struct event *ev)
{
	const char *noun = describe_noun(m);

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
	const char *noun = describe_noun(m);
	bool counter = describe_desc(m)->counter;

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
	else if (describe_desc(m)->counter)
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

	if (!describe_desc(m)->counter)
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

	if (!describe_desc(m)->counter || ev->counter > ev->expected)
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
/* A predict event (DESIGN 13): the guess beside what the kernel did. */
static void describe_predict(struct text *t, const struct model *m, const struct event *ev)
{
	bool producer = ev->actor >= 0 && ev->actor < m->nactors &&
			m->actors[ev->actor].role == ROLE_PRODUCER;
	enum predict_kind k = predict_kind_of_event(ev, producer);

	if (ev->right)
		/* TRANSLATORS: predict mode: the guess was right; %s: what happened */
		text_printf(t, _("right: %s"), _(predict_outcome_words(k, ev->outcome)));
	else
		/* TRANSLATORS: predict mode: the guess was wrong; what was said, what happened */
		text_printf(t, _("wrong: you said %s; the kernel did this: %s"),
			    _(predict_outcome_words(k, ev->guess)),
			    _(predict_outcome_words(k, ev->outcome)));
}

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
	if (ev->type == EV_DEADLOCK) {
		describe_multi_deadlock(m, ev, buf, len);
		return buf;
	}
	if (m->nchannels && describe_multi_event(m, ev, &t))
		return buf;
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
	case EV_GOAL:
		if (ev->reached && ev->steps == 1)
			text_puts(&t, _("Goal reached in 1 step"));
		else if (ev->reached)
			text_printf(&t, _("Goal reached in %d steps"), ev->steps);
		else
			/* TRANSLATORS: a [goal] with within = N, or a run that ended first */
			text_printf(&t, _("Goal not reached within %d steps"), ev->steps);
		break;
	case EV_CHOOSE:
		/* TRANSLATORS: choosing mode: the user granted this process its step */
		text_puts(&t, _("chosen: takes its next step now"));
		break;
	case EV_PART:
		describe_part(&t, m, ev);
		break;
	case EV_PREDICT:
		describe_predict(&t, m, ev);
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

static void describe_padded(struct text *t, const char *s, int cols)
{
	text_puts(t, s);
	text_spaces(t, cols - describe_width(s));
}

/* Does a timeline line show the fill? Only for events about the channel's
 * contents. A spawn line must not: its pid varies in width from run to run, and
 * padding after it would move the column in golden files that mask the pid. */
static bool describe_shows_fill(const struct model *m, const struct event *ev)
{
	if (describe_desc(m)->cell || ev->fill < 0) /* a cell has no fill to show */
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
/* The time of a timeline line: "2.000". */
static void describe_line_time(int64_t t_ms, char *time, size_t len)
{
	uint64_t mag = t_ms < 0 ? (uint64_t)0 - (uint64_t)t_ms : (uint64_t)t_ms;

	snprintf(time, len, "%s%" PRIu64 ".%03" PRIu64, t_ms < 0 ? "-" : "", mag / 1000,
		 mag % 1000);
}

void describe_tie_init(struct describe_tie *tie)
{
	tie->actor = -1;
	tie->t_ms = -1;
}

static const char *describe_tie_text(const struct model *m, struct describe_tie *tie,
				     const struct event *evs, size_t n, char *buf, size_t len,
				     bool whole_line);

/* Contract in describe.h. */
const char *describe_tie_line(const struct model *m, struct describe_tie *tie,
			      const struct event *evs, size_t n, char *buf, size_t len)
{
	return describe_tie_text(m, tie, evs, n, buf, len, true);
}

/* Contract in describe.h. */
const char *describe_tie_sentence(const struct model *m, struct describe_tie *tie,
				  const struct event *evs, size_t n, char *buf, size_t len)
{
	return describe_tie_text(m, tie, evs, n, buf, len, false);
}

static const char *describe_tie_text(const struct model *m, struct describe_tie *tie,
				     const struct event *evs, size_t n, char *buf, size_t len,
				     bool whole_line)
{
	int granted = -1;
	bool chosen = false;
	struct text t;
	char time[32], secs[32];

	/* Several channels: a process woken by a step is due at once after it,
	 * which is no race; who really was due together is not told apart yet. */
	if (m->nchannels)
		return NULL;

	for (size_t i = 0; i < n && granted < 0; i++) {
		chosen |= evs[i].type == EV_CHOOSE;
		switch (evs[i].type) {
		case EV_PUT: case EV_GOT: case EV_WRITE: case EV_READ: case EV_BLOCKED:
		case EV_ERROR: case EV_EOF: case EV_PART:
			if (evs[i].actor >= 0 && evs[i].actor < m->nactors)
				granted = evs[i].actor;
			break;
		default:
			break;
		}
	}
	struct describe_tie before = *tie;
	tie->actor = granted;
	tie->t_ms = granted >= 0 ? evs[0].t_ms : -1;
	if (granted < 0 || chosen || before.actor < 0 || before.actor == granted ||
	    before.t_ms != evs[0].t_ms)
		return NULL;
	describe_line_time(evs[0].t_ms, time, sizeof time);
	snprintf(secs, sizeof secs, "%g", (double)evs[0].t_ms / 1000.0);
	text_init(&t, buf, len);
	if (whole_line) {
		text_spaces(&t, DESCRIBE_TIME_COLS - (int)strlen(time));
		text_puts(&t, time);
		text_spaces(&t, 2);
		describe_padded(&t, describe_actor_name(m, EVENT_ACTOR_IPCVIZ),
				describe_actor_cols(m));
		text_spaces(&t, 2);
	}
	/* TRANSLATORS: a tie in an ordinary run: at 2 s, consumer-1 was due as
	 * well as producer-1, which went first */
	text_printf(&t, _("at %s s %s was due too: here real programs race; ipcviz let %s go "
			  "first, the order of the file"),
		    secs, describe_actor_name(m, granted), describe_actor_name(m, before.actor));
	text_trim_right(&t);
	return buf;
}

const char *describe_timeline_line(const struct model *m, const struct event *ev,
				   char *buf, size_t len)
{
	char time[32], sentence[512];
	struct text t;

	describe_line_time(ev->t_ms, time, sizeof time);
	describe_event(m, ev, sentence, sizeof sentence);
	text_init(&t, buf, len);
	text_spaces(&t, DESCRIBE_TIME_COLS - (int)strlen(time));
	text_puts(&t, time);
	text_spaces(&t, 2);
	describe_padded(&t, describe_actor_name(m, ev->actor), describe_actor_cols(m));
	text_spaces(&t, 2);
	if (describe_shows_fill(m, ev)) {
		describe_padded(&t, sentence, DESCRIBE_SENTENCE_COLS);
		text_spaces(&t, 2);
		int ci = ev->ch[0] ? model_channel_index(m, ev->ch) : -1;
		text_printf(&t, "[%d/%d]", ev->fill, ci >= 0 ? m->chans[ci].capacity : m->capacity);
	} else {
		text_puts(&t, sentence);
	}
	text_trim_right(&t);
	return buf;
}
