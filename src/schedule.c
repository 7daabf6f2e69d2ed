/* schedule.c - --schedule TRACE: a trace's steps taken again on a live run
 * (schedule.h says which steps and why). */
#include "schedule.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "replay.h"

/* What step k (events evs, cut at ends) was, or false for one to leave out
 * (the spawns, and what came from outside ipcviz). */
static bool schedule_step_of(const struct event *evs, const size_t *ends, size_t k,
			     struct schedule_step *st)
{
	size_t from = k ? ends[k - 1] : 0;
	const struct event *ev = &evs[from];

	memset(st, 0, sizeof *st);
	st->kind = SCHEDULE_ANY;
	st->actor = -1;
	st->t_ms = ev->t_ms;
	switch (ev->type) {
	case EV_SPAWN:
	case EV_EXIT:   /* alone: a child killed from outside */
	case EV_KERNEL:
		return false;
	case EV_CHOOSE:
		st->kind = SCHEDULE_CHOICE;
		st->actor = ev->actor;
		return true;
	case EV_FAULT:
		if (ev->actor == EVENT_ACTOR_OUTSIDE)
			return false;
		st->kind = SCHEDULE_FAULT; /* the script's, or the k key's: see schedule_take */
		st->actor = ev->target;
		snprintf(st->action, sizeof st->action, "%s", ev->action);
		return true;
	default:
		return true;
	}
}

/* Contract in schedule.h. The trace is read and cut as a replay cuts it, but
 * not made into a replay: only its events and its processes' names are
 * needed, so a trace of several channels (DESIGN 14) is a schedule too. */
int schedule_load(struct schedule *s, const char *path, char *err, size_t errlen)
{
	struct trace_header h;
	struct event *evs = NULL;
	size_t n = 0, *ends = NULL, nsteps = 0;
	FILE *f;

	memset(s, 0, sizeof *s);
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (trace_read(f, path, &h, &evs, &n, err, errlen) != 0) {
		fclose(f);
		return -1;
	}
	fclose(f);
	if (replay_cut(evs, n, &ends, &nsteps) != 0 ||
	    !(s->steps = calloc(nsteps ? nsteps : 1, sizeof *s->steps))) {
		snprintf(err, errlen, "%s: %s", path, _("out of memory"));
		free(ends);
		free(evs);
		trace_header_free(&h);
		return -1;
	}
	for (size_t k = 0; k < nsteps; k++)
		if (schedule_step_of(evs, ends, k, &s->steps[s->n])) {
			s->choices += s->steps[s->n].kind == SCHEDULE_CHOICE;
			s->n++;
		}
	snprintf(s->scenario, sizeof s->scenario, "%s", h.scenario);
	s->nactors = h.nactors;
	for (int a = 0; a < h.nactors && a < SCENARIO_MAX_ACTORS; a++)
		snprintf(s->names[a], sizeof s->names[a], "%s", h.actors[a].name);
	free(ends);
	free(evs);
	trace_header_free(&h);
	return 0;
}

/* Contract in schedule.h. */
int schedule_check(const struct schedule *s, const char *path, const struct scenario *sc,
		   char *err, size_t errlen)
{
	bool same = s->nactors == sc->nactors;

	for (int a = 0; same && a < sc->nactors; a++)
		same = strcmp(s->names[a], sc->actors[a].name) == 0;
	if (!same) {
		snprintf(err, errlen, _("%s:1: the trace's processes are not those of the scenario "
					"'%s'"),
			 path, sc->name);
		return -1;
	}
	return 0;
}

void schedule_free(struct schedule *s)
{
	free(s->steps);
	memset(s, 0, sizeof *s);
}

/* Contract in schedule.h. */
int schedule_next_actor(const struct schedule *s)
{
	if (s->at >= s->n || s->steps[s->at].kind == SCHEDULE_FAULT)
		return SCHEDULE_NONE;
	return s->steps[s->at].kind == SCHEDULE_CHOICE ? s->steps[s->at].actor : RUN_ANY;
}

/* Contract in schedule.h. */
int schedule_take(struct schedule *s, struct run *r, char *err, size_t errlen)
{
	struct run_next nx;
	char why[512];
	int rc;

	if (s->at >= s->n)
		return 1;
	const struct schedule_step *st = &s->steps[s->at++];
	switch (st->kind) {
	case SCHEDULE_CHOICE:
		rc = run_step(r, st->actor, why, sizeof why);
		break;
	case SCHEDULE_FAULT:
		/* The script's own action comes as the scheduler's step; a fault at
		 * another moment was the k key's. */
		if (run_peek(r, &nx) == 0 && nx.actor == EVENT_ACTOR_IPCVIZ && nx.op == EV_FAULT &&
		    nx.t_ms == st->t_ms) {
			rc = run_step(r, RUN_ANY, why, sizeof why);
			break;
		}
		rc = run_fault(r, st->action, st->actor, why, sizeof why);
		break;
	default:
		rc = run_step(r, RUN_ANY, why, sizeof why);
		break;
	}
	if (rc != 0) {
		/* TRANSLATORS: --schedule: the step of the trace the rerun could not take */
		snprintf(err, errlen, _("step %zu of the schedule: %s"), s->at, why);
		return -1;
	}
	return 0;
}
