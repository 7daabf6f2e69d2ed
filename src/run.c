/* run.c - what the run interface (run.h) answers the same way for every kind
 * of run: a fault where there is no process to fault, and who can take a step
 * as far as the model tells it. */
#include "run.h"

#include <stdio.h>

#include "i18n.h"

/* Contract in run.h. */
int run_fault(struct run *r, const char *action, int a, char *err, size_t errlen)
{
	if (!r->ops->fault) {
		snprintf(err, errlen, "%s", _("Killing a process needs a live run: a replay can only "
					      "show what its trace recorded."));
		return -1;
	}
	return r->ops->fault(r, action, a, err, errlen);
}

/* Contract in run.h. */
enum run_can run_can_step(const struct run *r, int actor)
{
	const struct model *m = run_model(r);

	if (r->ops->can_step)
		return r->ops->can_step(r, actor);
	if (actor < 0 || actor >= m->nactors)
		return RUN_CANNOT_FINISHED;
	switch (m->actors[actor].state) {
	case ACTOR_BLOCKED:
	case ACTOR_STOPPED:
		return RUN_CANNOT_ASLEEP;
	case ACTOR_FINISHED:
	case ACTOR_KILLED:
		return RUN_CANNOT_FINISHED;
	default:
		return RUN_CAN;
	}
}

/* Contract in run.h. */
int run_peek_actor(const struct run *r, int actor, struct run_next *next)
{
	if (r->ops->peek_actor)
		return r->ops->peek_actor(r, actor, next);
	if (run_peek(r, next) != 0 || next->actor != actor)
		return -1;
	return 0;
}
