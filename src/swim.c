/* swim.c - the one table of which events mark a swim lane. A row per event
 * type: the mark, whose lane it goes on, and when (a got marks a lost value
 * too only if its item was mixed; an exit is a fault only by a signal). A new
 * kind of event on the lanes is one row here, and one in svg.c's styles. */
#include "swim.h"

#include <stddef.h>

/* Whose lane a row marks. */
enum swim_who {
	SWIM_WHO_ACTOR,   /* the event's actor */
	SWIM_WHO_BY,      /* the actor whose write did it (`by`), else the event's */
	SWIM_WHO_TARGET,  /* the actor a fault was done to */
	SWIM_WHO_CYCLE    /* each actor of the cycle */
};

/* When a row applies. */
enum swim_when {
	SWIM_ALWAYS,
	SWIM_IF_MIXED,    /* the item held bytes of another write */
	SWIM_IF_SIGNAL    /* it died from a signal */
};

static const struct swim_row {
	enum event_type type;
	unsigned mark;
	enum swim_who who;
	enum swim_when when;
} swim_rows[] = {
	{EV_PUT, SWIM_PUT, SWIM_WHO_ACTOR, SWIM_ALWAYS},
	{EV_WRITE, SWIM_PUT, SWIM_WHO_ACTOR, SWIM_ALWAYS},
	{EV_GOT, SWIM_GOT, SWIM_WHO_ACTOR, SWIM_ALWAYS},
	{EV_GOT, SWIM_LOST, SWIM_WHO_ACTOR, SWIM_IF_MIXED},
	{EV_READ, SWIM_GOT, SWIM_WHO_ACTOR, SWIM_ALWAYS},
	{EV_PART, SWIM_GOT, SWIM_WHO_ACTOR, SWIM_ALWAYS},
	{EV_OVERWRITTEN, SWIM_LOST, SWIM_WHO_BY, SWIM_ALWAYS},
	{EV_ERROR, SWIM_FAULT, SWIM_WHO_ACTOR, SWIM_ALWAYS},
	{EV_FAULT, SWIM_FAULT, SWIM_WHO_TARGET, SWIM_ALWAYS},
	{EV_EXIT, SWIM_FAULT, SWIM_WHO_ACTOR, SWIM_IF_SIGNAL},
	{EV_EOF, SWIM_EOF, SWIM_WHO_ACTOR, SWIM_ALWAYS},
	{EV_DEADLOCK, SWIM_DEADLOCK, SWIM_WHO_CYCLE, SWIM_ALWAYS},
	{EV_CLOSE, SWIM_CLOSE, SWIM_WHO_ACTOR, SWIM_ALWAYS},
	{EV_LOCK, SWIM_LOCK, SWIM_WHO_ACTOR, SWIM_ALWAYS},
	{EV_UNLOCK, SWIM_UNLOCK, SWIM_WHO_ACTOR, SWIM_ALWAYS},
};

static bool swim_applies(const struct swim_row *row, const struct event *ev)
{
	switch (row->when) {
	case SWIM_IF_MIXED: return ev->mixed;
	case SWIM_IF_SIGNAL: return ev->signal != 0;
	default: return true;
	}
}

/* Adds mark to actor a's hit, or a new hit while there is room; the number
 * of hits now. */
static int swim_add(struct swim_hit *hits, int n, int max, int a, int nactors, unsigned mark)
{
	if (a < 0 || a >= nactors)
		return n;
	for (int i = 0; i < n; i++)
		if (hits[i].actor == a) {
			hits[i].marks |= mark;
			return n;
		}
	if (n >= max)
		return n;
	hits[n].actor = a;
	hits[n].marks = mark;
	return n + 1;
}

/* Contract in swim.h. */
int swim_hits(const struct event *ev, int nactors, struct swim_hit *hits, int max)
{
	int n = 0;

	for (size_t r = 0; r < sizeof swim_rows / sizeof swim_rows[0]; r++) {
		const struct swim_row *row = &swim_rows[r];
		if (row->type != ev->type || !swim_applies(row, ev))
			continue;
		switch (row->who) {
		case SWIM_WHO_ACTOR:
			n = swim_add(hits, n, max, ev->actor, nactors, row->mark);
			break;
		case SWIM_WHO_BY:
			n = swim_add(hits, n, max, ev->by >= 0 ? ev->by : ev->actor, nactors,
				     row->mark);
			break;
		case SWIM_WHO_TARGET:
			n = swim_add(hits, n, max, ev->target, nactors, row->mark);
			break;
		case SWIM_WHO_CYCLE:
			for (int i = 0; i < ev->cycle.n; i++)
				n = swim_add(hits, n, max, ev->cycle.actor[i], nactors, row->mark);
			break;
		}
	}
	return n;
}
