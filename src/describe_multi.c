/* describe_multi.c - the words for a run of several channels (DESIGN 14): its
 * events name their channel ("put 3 into to_child"), a deadlock says who
 * sleeps where and who alone could wake each one, and the end of the run sums
 * up each channel. describe.c hands an event here when it carries a channel.
 */
#include "describe.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

/* The channel an event is on, or NULL. */
static const struct model_channel *describe_multi_channel(const struct model *m,
							   const struct event *ev)
{
	int i = ev->ch[0] ? model_channel_index(m, ev->ch) : -1;

	return i >= 0 ? &m->chans[i] : NULL;
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
			text_printf(t, _("BLOCKED in write: %s is full (%d/%d), trying to put %" PRId32),
				    c->name, ev->fill, c->capacity, ev->value);
		} else if (ev->op == OP_LOCK) {
			holder = c->holder >= 0 ? describe_actor_name(m, c->holder) : "?";
			text_printf(t, _("BLOCKED in futex: the lock %s is held by %s"), c->name,
				    holder);
		} else {
			text_printf(t, _("BLOCKED in read: %s is empty"), c->name);
		}
		return true;
	case EV_UNBLOCKED:
		if (ev->op == OP_PUT)
			text_printf(t, _("woke up: there is room in %s now"), c->name);
		else if (ev->op == OP_LOCK)
			text_printf(t, _("woke up: the lock %s is free"), c->name);
		else
			text_printf(t, _("woke up: %s has an item, or no writer is left"), c->name);
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
 * holders of the other end, read from /proc by the run). */
static void describe_multi_link(struct text *t, const struct model *m, int a, int next)
{
	const struct model_actor *ma = &m->actors[a];
	const char *name = describe_actor_name(m, a), *other = describe_actor_name(m, next);
	const char *ch = ma->blocked_chan >= 0 ? m->chans[ma->blocked_chan].name : "?";

	if (ma->blocked_op == OP_PUT)
		/* TRANSLATORS: a deadlock's cycle: who sleeps where, who could wake it */
		text_printf(t, _("%s sleeps in write(2) on %s, full; %s reads it"), name, ch,
			    other);
	else if (ma->blocked_op == OP_LOCK)
		text_printf(t, _("%s sleeps in futex(2) on the lock %s; %s holds it"), name,
			    ch, other);
	else
		text_printf(t, _("%s sleeps in read(2) on %s, empty; %s holds its write end"),
			    name, ch, other);
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

		if (a < 0 || a >= m->nactors || next < 0 || next >= m->nactors)
			continue;
		if (i)
			text_puts(&t, _(", and "));
		describe_multi_link(&t, m, a, next);
	}
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
			text_printf(&t, _("%s: taken %ld times\n"), c->name, c->puts);
		else
			text_printf(&t, _("%s: %ld items put, %ld taken, %d left in it\n"), c->name,
				    c->puts, c->gets, c->fill);
	}
	return buf;
}
