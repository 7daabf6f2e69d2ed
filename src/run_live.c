/* run_live.c - the live scheduler behind the run interface (run.h).
 *
 * Only a wrapper: every answer is the scheduler's own (scheduler.h): a step
 * of a chosen actor is sched_step_actor (choosing mode: no interval counts),
 * what comes next is sched_peek, who can move sched_can_step. */
#include "run_live.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "scheduler.h"

struct run_live {
	struct run base; /* first: a struct run * is a struct run_live * */
	struct sched *s;
};

static struct sched *live_of(const struct run *r)
{
	return ((const struct run_live *)r)->s;
}

static void live_destroy(struct run *r)
{
	sched_destroy(live_of(r));
	free(r);
}

static bool live_finished(const struct run *r)
{
	return sched_finished(live_of(r));
}

static const char *live_end_reason(const struct run *r)
{
	return sched_end_reason(live_of(r));
}

static int64_t live_next_due(const struct run *r)
{
	return sched_next_due(live_of(r));
}

static int64_t live_now(const struct run *r)
{
	return sched_now(live_of(r));
}

static int live_step(struct run *r, int actor, char *err, size_t errlen)
{
	if (actor != RUN_ANY)
		return sched_step_actor(live_of(r), actor, err, errlen);
	return sched_step(live_of(r), err, errlen);
}

static int live_peek_actor(const struct run *r, int actor, struct run_next *next)
{
	next->ch = -1; /* one channel */
	return sched_peek(live_of(r), actor, &next->actor, &next->op, &next->t_ms);
}

static int live_peek(const struct run *r, struct run_next *next)
{
	return live_peek_actor(r, -1, next);
}

static enum run_can live_can_step(const struct run *r, int actor)
{
	switch (sched_can_step(live_of(r), actor)) {
	case SCHED_CAN:
		return RUN_CAN;
	case SCHED_CANNOT_ASLEEP:
		return RUN_CANNOT_ASLEEP;
	default:
		return RUN_CANNOT_FINISHED;
	}
}

static const struct event *live_events(const struct run *r, size_t *count)
{
	return sched_events(live_of(r), count);
}

static const struct model *live_model(const struct run *r)
{
	return sched_model(live_of(r));
}

static const struct scenario *live_scenario(const struct run *r)
{
	return sched_scenario(live_of(r));
}

static const struct trace_header *live_header(const struct run *r)
{
	return sched_trace_header(live_of(r));
}

static void live_info(const struct run *r, struct run_info *info)
{
	const struct channel *ch = sched_channel(live_of(r));
	const struct trace_header *h = sched_trace_header(live_of(r));

	memset(info, 0, sizeof *info);
	info->live = true;
	info->kernel_name = ch->kernel_name;
	info->path = h->path;
	info->capacity = h->capacity;
	info->kernel_capacity = ch->kernel_capacity;
	info->kernel_bytes = ch->kernel_bytes;
	if (ch->ops->blocking_call) {
		info->call_put = ch->ops->blocking_call(ROLE_PRODUCER);
		info->call_get = ch->ops->blocking_call(ROLE_CONSUMER);
	}
}

static int live_evidence(const struct run *r, struct run_evidence *k)
{
	const struct scenario *sc = sched_scenario(live_of(r));

	memset(k, 0, sizeof *k);
	for (int a = 0; a < sc->nactors; a++)
		k->valid[a] = sched_procinfo(live_of(r), a, &k->proc[a]) == 0;
	k->kfill = sched_kernel_fill(live_of(r));
	k->model_kfill = sched_model_kfill(live_of(r));
	if (!sched_channel(live_of(r))->desc->kfill_unit)
		k->kfill_why = RUN_KFILL_NONE;
	else if (sched_held(live_of(r)))
		k->kfill_why = RUN_KFILL_HELD;
	else
		k->kfill_why = k->kfill < 0 ? RUN_KFILL_NO_HOLDER : RUN_KFILL_READ;
	return 0;
}

static int live_fds(const struct run *r, struct pollfd *fds, int max)
{
	return sched_fds(live_of(r), fds, max);
}

static int live_service(struct run *r, char *err, size_t errlen)
{
	return sched_service(live_of(r), err, errlen);
}

static int live_fault(struct run *r, const char *action, int a, char *err, size_t errlen)
{
	return sched_fault(live_of(r), action, a, err, errlen);
}

static int live_target(const struct run *r)
{
	return sched_first_live_consumer(live_of(r));
}

static const struct run_ops run_live_ops = {
	.destroy = live_destroy,
	.finished = live_finished,
	.end_reason = live_end_reason,
	.next_due = live_next_due,
	.now = live_now,
	.step = live_step,
	.events = live_events,
	.model = live_model,
	.scenario = live_scenario,
	.header = live_header,
	.info = live_info,
	.evidence = live_evidence,
	.fds = live_fds,
	.service = live_service,
	.fault = live_fault,
	.target = live_target,
	.peek = live_peek,
	.can_step = live_can_step,
	.peek_actor = live_peek_actor,
};

/* Contract in run_live.h. */
struct run *run_live_create(const struct scenario *sc, const struct run_live_options *o,
			    char *err, size_t errlen)
{
	struct run_live *l = calloc(1, sizeof *l);

	if (!l) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	sched_pin_runs(o && o->pin);
	l->s = sched_create(sc, err, errlen);
	if (!l->s) {
		free(l);
		return NULL;
	}
	sched_run_ahead(l->s, o && o->run_ahead);
	l->base.ops = &run_live_ops;
	return &l->base;
}
