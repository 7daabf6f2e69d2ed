/* goal_met.c - whether an event is the one a scenario's [goal] waits for. */
#include "goal_met.h"

#include <errno.h>

/* Contract in goal_met.h. */
bool goal_met(const struct scenario *s, const struct event *ev)
{
	switch (s->goal.reach) {
	case GOAL_LOST_UPDATE:
	case GOAL_OVERWRITTEN:
		return ev->type == EV_OVERWRITTEN;
	case GOAL_STALE:
		return ev->type == EV_STALE;
	case GOAL_BLOCKED_PUT:
		return ev->type == EV_BLOCKED && ev->op == OP_PUT && ev->actor >= 0 &&
		       ev->actor < s->nactors && s->actors[ev->actor].role == ROLE_PRODUCER;
	case GOAL_BLOCKED_GET:
		return ev->type == EV_BLOCKED && ev->op == OP_GET && ev->actor >= 0 &&
		       ev->actor < s->nactors && s->actors[ev->actor].role == ROLE_CONSUMER;
	case GOAL_EPIPE:
		return ev->type == EV_ERROR && ev->err == EPIPE;
	case GOAL_EOF:
		return ev->type == EV_EOF;
	case GOAL_DEADLOCK:
		return ev->type == EV_DEADLOCK;
	default:
		return false;
	}
}
