/* describe_multi.c - the words for a run of several channels (DESIGN 14): its
 * events name their channel ("put 3 into to_child"), a deadlock says who
 * sleeps where and who alone could wake each one, and the end of the run sums
 * up each channel. describe.c hands an event here when it carries a channel.
 */
#include "describe.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "channel.h"
#include "i18n.h"
#include "text.h"

/* The channel an event is on, or NULL. */
static const struct model_channel *describe_multi_channel(const struct model *m,
							   const struct event *ev)
{
	int i = ev->ch[0] ? model_channel_index(m, ev->ch) : -1;

	return i >= 0 ? &m->chans[i] : NULL;
}

/* The call a put (a get) on channel c sleeps in, with its manual section:
 * "write(2)" on a pipe, "mq_timedsend(3)" on a queue; `ref` false: without
 * it ("write"). A lock's is futex(2), said by the callers themselves. */
static const char *describe_multi_call(const struct model_channel *c, bool put, bool ref)
{
	const struct channel_desc *d = channel_desc_of(c ? c->kind : CHANNEL_PIPE);
	const struct channel_call *call = put ? &d->put : &d->get;

	return ref || !call->sleeps ? call->ref : call->sleeps;
}

/* Has channel c an end of file (a pipe, a FIFO, a socket pair), or does it
 * count no writers and readers (a queue)? */
static bool describe_multi_eof(const struct model_channel *c)
{
	return !c || channel_desc_of(c->kind)->eof;
}

/* Contract in describe.h. */
bool describe_multi_event(const struct model *m, const struct event *ev, struct text *t)
{
	const struct model_channel *c = describe_multi_channel(m, ev);
	char ebuf[32];
	const char *holder;

	if (!c)
		return false;
	switch (ev->type) {
	case EV_PUT:
		text_printf(t, _("put %" PRId32 " into %s"), ev->value, c->name);
		return true;
	case EV_GOT:
		text_printf(t, _("got %" PRId32 " from %s"), ev->value, c->name);
		return true;
	case EV_BLOCKED:
		if (ev->op == OP_PUT) {
			/* TRANSLATORS: the call ("write"), the channel, its fill */
			text_printf(t, _("BLOCKED in %s: %s is full (%d/%d), trying to put %" PRId32),
				    describe_multi_call(c, true, false), c->name, ev->fill,
				    c->capacity, ev->value);
		} else if (ev->op == OP_LOCK) {
			holder = c->holder >= 0 ? describe_actor_name(m, c->holder) : "?";
			text_printf(t, _("BLOCKED in futex: the lock %s is held by %s"), c->name,
				    holder);
		} else {
			/* TRANSLATORS: the call ("read"), the channel */
			text_printf(t, _("BLOCKED in %s: %s is empty"),
				    describe_multi_call(c, false, false), c->name);
		}
		return true;
	case EV_UNBLOCKED:
		if (ev->op == OP_PUT)
			text_printf(t, _("woke up: there is room in %s now"), c->name);
		else if (ev->op == OP_LOCK)
			text_printf(t, _("woke up: the lock %s is free"), c->name);
		else if (describe_multi_eof(c))
			text_printf(t, _("woke up: %s has an item, or no writer is left"), c->name);
		else if (c->kind == CHANNEL_QUEUE)
			text_printf(t, _("woke up: %s has a message"), c->name);
		else
			text_printf(t, _("woke up: %s has an item"), c->name);
		return true;
	case EV_KERNEL:
		text_printf(t, _("kernel: state %c, waiting in %s, syscall %s, on %s"),
			    ev->state ? ev->state : '?', ev->wchan[0] ? ev->wchan : "?",
			    ev->syscall[0] ? ev->syscall : "?", c->name);
		return true;
	case EV_EOF:
		text_printf(t, _("end of file on %s: no process holds its write end any more"),
			    c->name);
		return true;
	case EV_ERROR:
		if (ev->op == OP_PUT)
			text_printf(t, _("write to %s failed with %s: no process holds its read end any more"),
				    c->name, describe_errno(ev->err, ebuf, sizeof ebuf));
		else
			text_printf(t, _("read from %s failed with %s"), c->name,
				    describe_errno(ev->err, ebuf, sizeof ebuf));
		return true;
	case EV_CLOSE:
		text_printf(t, _("closed its ends of %s"), c->name);
		return true;
	case EV_LOCK:
		text_printf(t, _("took the lock %s"), c->name);
		return true;
	case EV_UNLOCK:
		text_printf(t, _("gave back the lock %s"), c->name);
		return true;
	default:
		return false;
	}
}

/* One sleeper of a cycle and the next one, who could wake it (the kernel's
 * holders of the other end, read from /proc by the run; a ring's users by
 * their programs); next -1: nobody could (the end of an open chain). */
static void describe_multi_link(struct text *t, const struct model *m, int a, int next)
{
	const struct model_actor *ma = &m->actors[a];
	const char *name = describe_actor_name(m, a);
	const char *other = next >= 0 ? describe_actor_name(m, next) : "";
	const struct model_channel *c =
		ma->blocked_chan >= 0 && ma->blocked_chan < m->nchannels ? &m->chans[ma->blocked_chan]
									  : NULL;
	const char *ch = c ? c->name : "?";
	bool ring = c && c->kind == CHANNEL_RING; /* no ends: its users' programs */

	if (next < 0 && ma->blocked_op == OP_PUT)
		/* TRANSLATORS: a deadlock's last sleeper, whom no process can wake */
		text_printf(t, _("%s sleeps in %s on %s, full; no process reads it"), name,
			    describe_multi_call(c, true, true), ch);
	else if (next < 0 && ring)
		text_printf(t, _("%s sleeps in %s on %s, empty; no process writes it"), name,
			    describe_multi_call(c, false, true), ch);
	else if (next < 0)
		text_printf(t, _("%s sleeps in %s on %s, empty; no process holds its write end"),
			    name, describe_multi_call(c, false, true), ch);
	else if (ma->blocked_op == OP_PUT)
		/* TRANSLATORS: a deadlock's cycle: who sleeps in which call
		 * ("write(2)") on which channel, who could wake it */
		text_printf(t, _("%s sleeps in %s on %s, full; %s reads it"), name,
			    describe_multi_call(c, true, true), ch, other);
	else if (ma->blocked_op == OP_LOCK)
		text_printf(t, _("%s sleeps in futex(2) on the lock %s; %s holds it"), name,
			    ch, other);
	else if (ring)
		text_printf(t, _("%s sleeps in %s on %s, empty; %s writes it"), name,
			    describe_multi_call(c, false, true), ch, other);
	else
		text_printf(t, _("%s sleeps in %s on %s, empty; %s holds its write end"), name,
			    describe_multi_call(c, false, true), ch, other);
}

/* Contract in describe.h. */
const char *describe_multi_deadlock(const struct model *m, const struct event *ev, char *buf,
				    size_t len)
{
	struct text t;
	int n = ev->cycle.n;

	text_init(&t, buf, len);
	text_puts(&t, _("DEADLOCK: "));
	for (int i = 0; i < n; i++) {
		int a = ev->cycle.actor[i], next = ev->cycle.actor[(i + 1) % n];

		if (ev->open && i == n - 1)
			next = -1;
		if (a < 0 || a >= m->nactors || next < -1 || next >= m->nactors ||
		    (next < 0 && !ev->open))
			continue;
		if (i)
			text_puts(&t, _(", and "));
		describe_multi_link(&t, m, a, next);
	}
	/* the others by name only: each one's line on the stage says where it
	 * sleeps, and the words must fit under the stage at 80x24 */
	char names[512];
	struct text nt;
	text_init(&nt, names, sizeof names);
	for (int i = 0; i < ev->others.n; i++)
		if (ev->others.actor[i] >= 0 && ev->others.actor[i] < m->nactors)
			text_printf(&nt, "%s%s", nt.used ? _(", ") : "",
				    describe_actor_name(m, ev->others.actor[i]));
	if (names[0])
		/* TRANSLATORS: after a deadlock's cycle: the other processes asleep
		 * for ever, by name */
		text_printf(&t, _(". Asleep too: %s"), names);
	if (n + ev->others.n == 1)
		text_puts(&t, _(". Nothing can wake it: the run ends here."));
	else
		text_puts(&t, _(". Nothing can wake them: the run ends here."));
	return buf;
}

/* Contract in describe.h. */
const char *describe_multi_summary(const struct model *m, char *buf, size_t len)
{
	struct text t;

	text_init(&t, buf, len);
	for (int i = 0; i < m->nchannels; i++) {
		const struct model_channel *c = &m->chans[i];

		if (c->lock)
			text_printf(&t, ngettext("%s: taken %ld time\n", "%s: taken %ld times\n",
						 (unsigned long)c->puts),
				    c->name, c->puts);
		else
			text_printf(&t, _("%s: %ld items put, %ld taken, %d left in it\n"), c->name,
				    c->puts, c->gets, c->fill);
	}
	return buf;
}

/* Why actor a, asleep on one of the channels, sleeps there and what wakes it,
 * with what /proc showed of it. */
static void describe_multi_asleep(struct text *t, const struct model *m, int a)
{
	const struct model_actor *ma = &m->actors[a];
	const struct model_channel *c =
		ma->blocked_chan >= 0 && ma->blocked_chan < m->nchannels ? &m->chans[ma->blocked_chan]
									  : NULL;
	const char *ch = c ? c->name : "?";

	if (ma->blocked_op == OP_PUT && c && c->kind == CHANNEL_RING)
		text_printf(t, _("%s is asleep in the kernel inside futex(2), in sem_wait(slots), on "
				 "the ring %s: all %d places are full. A reader's sem_post(slots), "
				 "after it takes an item, wakes it. A semaphore counts no readers: "
				 "with none left, it would sleep for ever."),
			    ma->name, ch, c->capacity);
	else if (ma->blocked_op == OP_GET && c && c->kind == CHANNEL_RING)
		text_printf(t, _("%s is asleep in the kernel inside futex(2), in sem_wait(items), on "
				 "the ring %s: it is empty. A writer's sem_post(items), after it puts "
				 "an item, wakes it. A semaphore has no end of file: with no writer "
				 "left, it would sleep for ever."),
			    ma->name, ch);
	else if (ma->blocked_op == OP_PUT && !describe_multi_eof(c))
		text_printf(t, _("%s is asleep in the kernel inside %s on %s: it is full (%d/%d). "
				 "The kernel wakes it when a reader takes a message. A queue counts "
				 "no readers: with none left, it would sleep for ever."),
			    ma->name, describe_multi_call(c, true, true), ch, c->fill, c->capacity);
	else if (ma->blocked_op == OP_GET && !describe_multi_eof(c))
		text_printf(t, _("%s is asleep in the kernel inside %s on %s: it is empty. The "
				 "kernel wakes it when a writer sends a message. A queue has no end "
				 "of file: with no writer left, it would sleep for ever."),
			    ma->name, describe_multi_call(c, false, true), ch);
	else if (ma->blocked_op == OP_PUT)
		text_printf(t, _("%s is asleep in the kernel inside write(2) on %s: it is full "
				 "(%d/%d). The kernel wakes it when a reader takes an item, or with "
				 "EPIPE once no process holds its read end."),
			    ma->name, ch, c ? c->fill : 0, c ? c->capacity : 0);
	else if (ma->blocked_op == OP_LOCK)
		text_printf(t, _("%s is asleep in the kernel inside futex(2) on the lock %s, held "
				 "by %s. It wakes when the holder unlocks it, or dies (the lock is "
				 "robust)."),
			    ma->name, ch,
			    c && c->holder >= 0 ? describe_actor_name(m, c->holder) : "?");
	else
		text_printf(t, _("%s is asleep in the kernel inside read(2) on %s: it is empty. "
				 "The kernel wakes it when a writer puts an item, or with end of "
				 "file once no process holds its write end."),
			    ma->name, ch);
}

/* What /proc showed of actor a asleep, as the one-channel panel says it (its
 * sentence, without the space it follows another with), on a line of its own. */
static void describe_multi_proc(struct text *t, const struct model_actor *ma)
{
	char s[512];

	if (ma->state != ACTOR_BLOCKED || !ma->has_kernel)
		return;
	snprintf(s, sizeof s, _(" The kernel shows it: state %c (%s), wait channel %s, system "
				"call %s."), ma->kstate ? ma->kstate : '?',
		 describe_state_letter(ma->kstate), ma->wchan[0] ? ma->wchan : "-",
		 ma->syscall[0] ? ma->syscall : "-");
	text_printf(t, "\n%s", s[0] == ' ' ? s + 1 : s);
}

/* The names of the actors of mask (bit a) into buf; "nobody". */
static const char *describe_multi_names(const struct model *m, uint32_t mask, char *buf,
					size_t len)
{
	struct text t;
	bool any = false;

	text_init(&t, buf, len);
	for (int a = 0; a < m->nactors && a < 32; a++)
		if ((mask >> a) & 1u) {
			text_printf(&t, "%s%s", any ? ", " : "", describe_actor_name(m, a));
			any = true;
		}
	if (!any)
		text_puts(&t, _("nobody"));
	return buf;
}

/* Contract in describe.h. */
const char *describe_multi_asleep_short(const struct model *m, int a, char *buf, size_t len)
{
	struct text t;
	const struct model_actor *ma = a >= 0 && a < m->nactors ? &m->actors[a] : NULL;
	int ci = ma ? ma->blocked_chan : -1;

	text_init(&t, buf, len);
	if (!ma || ma->state != ACTOR_BLOCKED || ci < 0 || ci >= m->nchannels)
		return buf;
	const struct model_channel *c = &m->chans[ci];
	if (ma->blocked_op == OP_PUT)
		/* TRANSLATORS: after a predict answer, several channels: where the
		 * process sleeps now, in one line */
		text_printf(&t, _("%s now sleeps in %s on %s: it is full."), ma->name,
			    describe_multi_call(c, true, true), c->name);
	else if (ma->blocked_op == OP_LOCK)
		/* TRANSLATORS: after a predict answer, several channels */
		text_printf(&t, _("%s now sleeps in futex(2) on the lock %s, held by %s."), ma->name,
			    c->name, c->holder >= 0 ? describe_actor_name(m, c->holder) : "?");
	else
		/* TRANSLATORS: after a predict answer, several channels */
		text_printf(&t, _("%s now sleeps in %s on %s: it is empty."), ma->name,
			    describe_multi_call(c, false, true), c->name);
	return buf;
}

/* Contract in describe.h. */
const char *describe_multi_explain(const struct model *m, int a, bool holders,
				   const uint32_t *readers, const uint32_t *writers, char *buf,
				   size_t len)
{
	struct text t;
	char rest[2048];

	text_init(&t, buf, len);
	if (a >= 0 && a < m->nactors && m->actors[a].state == ACTOR_BLOCKED)
		describe_multi_asleep(&t, m, a);
	else if (a >= 0 && a < m->nactors && m->actors[a].state == ACTOR_WAITING)
		/* TRANSLATORS: the explain panel, several channels */
		text_printf(&t, _("%s is waiting for its turn: the scheduler holds it until its "
				  "next step. It sleeps in read(2) on its own control pipe, on none "
				  "of the channels, so it is not blocked."),
			    m->actors[a].name);
	else
		describe_explain(m, a, buf, len);
	/* The ends before the /proc lines: they are why a reader still waits,
	 * and the stage shows each process's state, wait channel and syscall. */
	text_init(&t, rest, sizeof rest);
	if (!holders) {
		text_puts(&t, _("\nWho holds each end of a pipe is read live from /proc/PID/fd: not "
				"for this moment."));
	} else {
		bool first = true;
		for (int c = 0; c < m->nchannels; c++) {
			/* a lock and a ring are shared memory: no descriptor to hold */
			if (m->chans[c].lock || m->chans[c].kind == CHANNEL_RING)
				continue;
			if (first)
				/* TRANSLATORS: the explain panel: then one line a pipe */
				text_puts(&t, _("\nBy /proc/PID/fd: "));
			else
				text_puts(&t, "\n");
			first = false;
			char rd[256], wr[256];
			/* TRANSLATORS: the explain panel: a pipe, who holds its read end,
			 * then who holds its write end */
			text_printf(&t, _("%s: read end held by %s, write end by %s."),
				    m->chans[c].name, describe_multi_names(m, readers[c], rd, sizeof rd),
				    describe_multi_names(m, writers[c], wr, sizeof wr));
		}
	}
	if (a >= 0 && a < m->nactors)
		describe_multi_proc(&t, &m->actors[a]);
	size_t used = strlen(buf);
	snprintf(buf + used, len - used, "%s", rest);
	return buf;
}
