/* explore.c - every order of a scenario's steps on fresh real processes, and
 * the outcomes counted (design in explore.h).
 *
 * The enumeration keeps, for each step of the order under way, which of the
 * processes that could move was granted (its index among them) and how many
 * could. The next order is the same up to the deepest step with a choice not
 * yet taken, which takes it; every step after it takes the first choice. The
 * run before that step is replayed from scratch on new processes: the
 * scheduler is deterministic, so the same prefix gives the same choices, which
 * is checked on every step (a run that did not repeat itself is a failure, not
 * an outcome). A fork per order costs more than keeping processes alive, but it
 * is the only way to be sure that nothing of one order's kernel objects lives
 * on in the next.
 */
#include "explore.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "channel.h"
#include "i18n.h"
#include "run.h"
#include "run_live.h"
#include "run_multi.h"

/* Where one order stands: its choices, and what its events said so far. */
struct explore_walk {
	int *choice;     /* per step: index among the processes that could move */
	int *nchoices;   /* per step: how many could */
	signed char *actor; /* per step: who was granted */
	long cap;
	long fixed;      /* steps that follow the previous order (the prefix) */
	long depth;      /* steps of the order under way */
	long goal_at;    /* steps after which it reached the goal, -1 not yet */
	/* shared value: each reader's reads of the latest write */
	long writes;
	long seen[SCENARIO_MAX_ACTORS];  /* the write count at its latest read */
	int reads[SCENARIO_MAX_ACTORS];  /* reads of that write in a row */
	struct explore_outcome now;
};

/* Contract in explore.h. */
int explore_check(const struct scenario *sc, char *err, size_t errlen)
{
	const struct channel_desc *d = channel_desc_of(sc->channel);

	if (scenario_runnable(sc, NULL, SCENARIO_EXPLORE, err, errlen) != 0)
		return -1;
	if (d->named) {
		snprintf(err, errlen,
			 _("explore: %s: a FIFO's reader waits for writers outside ipcviz, so its "
			   "runs do not end by themselves: explore another channel"),
			 sc->name);
		return -1;
	}
	return 0;
}

/* Contract in explore.h. */
int explore_outcome_cmp(const struct explore_outcome *a, const struct explore_outcome *b)
{
#define EXPLORE_CMP(f)                                                                     \
	if (a->f != b->f)                                                                  \
		return a->f < b->f ? -1 : 1;
	EXPLORE_CMP(counter)
	EXPLORE_CMP(expected)
	EXPLORE_CMP(lost)
	EXPLORE_CMP(stale)
	EXPLORE_CMP(items)
	EXPLORE_CMP(epipe)
	EXPLORE_CMP(errors)
	EXPLORE_CMP(mixed)
	EXPLORE_CMP(asleep)
	EXPLORE_CMP(deadlock)
	EXPLORE_CMP(eof)
	for (int i = 0; i < SCENARIO_MAX_ACTORS; i++) {
		EXPLORE_CMP(blocked[i])
	}
#undef EXPLORE_CMP
	return 0;
}

static int explore_qsort_cmp(const void *a, const void *b)
{
	return explore_outcome_cmp(a, b);
}

/* Room for one more step in the walk; -1 when memory runs out. */
static int walk_grow(struct explore_walk *w)
{
	long ncap = w->cap ? w->cap * 2 : 64;

	if (w->depth < w->cap)
		return 0;
	int *c = realloc(w->choice, (size_t)ncap * sizeof *c);
	if (c)
		w->choice = c;
	int *n = realloc(w->nchoices, (size_t)ncap * sizeof *n);
	if (n)
		w->nchoices = n;
	signed char *a = realloc(w->actor, (size_t)ncap);
	if (a)
		w->actor = a;
	if (!c || !n || !a)
		return -1;
	w->cap = ncap;
	return 0;
}

/* What one event says about the order's outcome. */
static void walk_event(struct explore_walk *w, const struct scenario *sc, const struct event *ev)
{
	struct explore_outcome *o = &w->now;
	/* several channels have no consumers: every item taken counts */
	bool consumer = ev->actor >= 0 && ev->actor < sc->nactors &&
			(sc->multi || sc->actors[ev->actor].role == ROLE_CONSUMER);

	switch (ev->type) {
	case EV_RESULT:
		o->counter = ev->counter;
		o->expected = ev->expected;
		break;
	case EV_OVERWRITTEN:
		o->lost++;
		break;
	case EV_STALE:
		o->stale++;
		break;
	case EV_WRITE:
		w->writes++;
		break;
	case EV_READ:
		if (consumer) {
			if (w->seen[ev->actor] != w->writes)
				w->reads[ev->actor] = 0;
			w->seen[ev->actor] = w->writes;
			w->reads[ev->actor]++;
		}
		break;
	case EV_GOT:
		if (consumer)
			o->items++;
		if (ev->mixed)
			o->mixed++;
		break;
	case EV_BLOCKED:
		if (ev->actor >= 0 && ev->actor < SCENARIO_MAX_ACTORS)
			o->blocked[ev->actor]++;
		break;
	case EV_DEADLOCK:
		o->deadlock = 1;
		break;
	case EV_EOF:
		o->eof++;
		break;
	case EV_ERROR:
		if (ev->err == EPIPE)
			o->epipe++;
		else
			o->errors++;
		break;
	default:
		break;
	}
}

/* The events of the latest step; `steps` is how many choices the order has
 * taken with it (0 for the start). */
static void walk_events(struct explore_walk *w, const struct run *r, const struct explore_options *o,
			long steps)
{
	size_t n;
	const struct event *ev = run_events(r, &n);

	for (size_t i = 0; i < n; i++) {
		walk_event(w, run_scenario(r), &ev[i]);
		if (w->goal_at >= 0)
			continue;
		if (o->goal && o->goal(o->goal_ctx, &ev[i]))
			w->goal_at = steps;
		else if (!o->goal && ev[i].type == EV_GOAL && ev[i].reached)
			w->goal_at = ev[i].steps; /* the scenario's [goal], as the scheduler counts */
	}
}

/* May actor a be granted now? The scheduler says who can move; a shared
 * value's reader that has read the latest write its fill waits for the next. */
static bool walk_can(const struct explore_walk *w, const struct run *r, enum explore_kind kind,
		     int a)
{
	if (run_can_step(r, a) != RUN_CAN)
		return false;
	if (kind == EXPLORE_CELL && run_scenario(r)->actors[a].role == ROLE_CONSUMER &&
	    w->seen[a] == w->writes && w->reads[a] >= EXPLORE_CELL_READS)
		return false;
	return true;
}

/* Is the run waiting for a child stopped from outside? Not finished, nothing
 * due, and not because the bound holds a reader back (it could step). */
static bool walk_held(const struct run *r, const struct scenario *sc)
{
	if (run_finished(r) || run_next_due(r) != INT64_MAX)
		return false;
	for (int a = 0; a < sc->nactors; a++)
		if (run_can_step(r, a) == RUN_CAN)
			return false;
	return true;
}

/* Waits (100 ms at a time, watching o->quit) until what holds the run speaks,
 * and lets the run take it in. 0, or -1 (with a message unless it was quit). */
static int walk_wait(struct run *r, const struct explore_options *o, char *err, size_t errlen)
{
	struct pollfd fds[SCENARIO_MAX_ACTORS + 2];
	int n = run_fds(r, fds, SCENARIO_MAX_ACTORS + 2);

	if (n == 0) {
		snprintf(err, errlen, "explore: %s", _("no process can proceed any more"));
		return -1;
	}
	while (poll(fds, (nfds_t)n, 100) <= 0)
		if (o->quit && *o->quit)
			return -1;
	return run_service(r, err, errlen);
}

/* Runs one order on new processes: the walk's prefix, then first choices to
 * the end. 0; 1 when the quit signal came (the run is gone); -1 with a message. */
static int walk_one(struct explore_walk *w, const struct scenario *sc, enum explore_kind kind,
		    const struct explore_options *o, char *err, size_t errlen)
{
	struct run_live_options lo = {.pin = true, .run_ahead = false};
	struct run *r = sc->multi ? run_multi_create(sc, err, errlen)
				  : run_live_create(sc, &lo, err, errlen);
	int rc = 0;

	if (!r)
		return -1;
	memset(&w->now, 0, sizeof w->now);
	w->writes = 0;
	w->goal_at = -1;
	for (int a = 0; a < SCENARIO_MAX_ACTORS; a++)
		w->seen[a] = -1, w->reads[a] = 0;
	walk_events(w, r, o, 0);
	for (w->depth = 0; !run_finished(r); w->depth++) {
		int can[SCENARIO_MAX_ACTORS], ncan = 0, pick;
		if (o->quit && *o->quit) {
			rc = 1;
			break;
		}
		for (int a = 0; a < sc->nactors; a++)
			if (walk_can(w, r, kind, a))
				can[ncan++] = a;
		if (ncan == 0 && walk_held(r, sc)) {
			/* A child stopped from outside (kill -STOP) holds the step:
			 * wait for it as a live run does, or the order would end
			 * short and be counted wrong. */
			if (walk_wait(r, o, err, errlen) != 0) {
				rc = o->quit && *o->quit ? 1 : -1;
				break;
			}
			walk_events(w, r, o, w->depth);
			w->depth--; /* not a choice: the loop's ++ gives it back */
			continue;
		}
		if (ncan == 0) {
			/* Nobody can move, but the script may still act (a kill, a
			 * cont); else only a reader held back by the bound could. */
			struct run_next next;
			if (run_peek(r, &next) != 0 || next.actor != EVENT_ACTOR_IPCVIZ)
				break;
			if (run_step(r, RUN_ANY, err, errlen) != 0) {
				rc = -1;
				break;
			}
			walk_events(w, r, o, w->depth);
			w->depth--; /* not a choice: the loop's ++ gives it back */
			continue;
		}
		if (w->depth >= EXPLORE_MAX_STEPS) {
			snprintf(err, errlen, _("explore: %s: an order went on for %d steps without "
						"an end"), sc->name, EXPLORE_MAX_STEPS);
			rc = -1;
			break;
		}
		if (walk_grow(w) != 0) {
			snprintf(err, errlen, "explore: %s", strerror(ENOMEM));
			rc = -1;
			break;
		}
		if (w->depth < w->fixed) {
			pick = w->choice[w->depth];
			/* the last step of the prefix takes another choice than before */
			if (w->nchoices[w->depth] != ncan ||
			    (w->depth < w->fixed - 1 && can[pick] != w->actor[w->depth])) {
				snprintf(err, errlen, _("explore: %s: a run did not repeat itself at "
							"step %ld"), sc->name, w->depth + 1);
				rc = -1;
				break;
			}
			w->actor[w->depth] = (signed char)can[pick];
		} else {
			pick = 0;
			w->choice[w->depth] = 0;
			w->nchoices[w->depth] = ncan;
			w->actor[w->depth] = (signed char)can[0];
		}
		if (run_step(r, can[pick], err, errlen) != 0) {
			rc = -1;
			break;
		}
		walk_events(w, r, o, w->depth + 1);
	}
	if (rc == 0 && w->depth < w->fixed) {
		snprintf(err, errlen, _("explore: %s: a run did not repeat itself at step %ld"),
			 sc->name, w->depth + 1);
		rc = -1;
	}
	if (kind == EXPLORE_RACE) {
		/* only the kind's own fields tell outcomes apart (a race's stores
		 * report `overwritten` too: not a field of its result) */
		w->now = (struct explore_outcome){.counter = w->now.counter,
						  .expected = w->now.expected};
	} else if (kind == EXPLORE_CELL) {
		w->now = (struct explore_outcome){.lost = w->now.lost, .stale = w->now.stale};
	} else if (rc == 0) {
		const struct model *m = run_model(r);
		for (int a = 0; a < m->nactors && a < 32; a++)
			if (m->actors[a].state == ACTOR_BLOCKED || m->actors[a].state == ACTOR_STOPPED)
				w->now.asleep |= 1u << a;
	}
	run_destroy(r);
	return rc;
}

/* Counts the order just run in its outcome. -1 when memory runs out. */
static int report_count(struct explore_report *rep, const struct explore_walk *w)
{
	struct explore_outcome *o = NULL;

	for (size_t i = 0; i < rep->noutcomes && !o; i++)
		if (explore_outcome_cmp(&rep->outcomes[i], &w->now) == 0)
			o = &rep->outcomes[i];
	if (!o) {
		if (rep->noutcomes == rep->capoutcomes) {
			size_t ncap = rep->capoutcomes ? rep->capoutcomes * 2 : 8;
			struct explore_outcome *g = realloc(rep->outcomes, ncap * sizeof *g);
			if (!g)
				return -1;
			rep->outcomes = g;
			rep->capoutcomes = ncap;
		}
		o = &rep->outcomes[rep->noutcomes++];
		*o = w->now;
		o->count = 0;
		o->fewest = w->depth;
	}
	o->count++;
	if (w->depth < o->fewest)
		o->fewest = w->depth;
	if (w->goal_at >= 0) {
		rep->goal_orders++;
		if (rep->goal_fewest < 0 || w->goal_at < rep->goal_fewest)
			rep->goal_fewest = w->goal_at;
	}
	return 0;
}

/* Moves the walk to the next order: true, or false when every one was run. */
static bool walk_next(struct explore_walk *w)
{
	for (long d = w->depth - 1; d >= 0; d--) {
		if (w->choice[d] + 1 < w->nchoices[d]) {
			w->choice[d]++;
			w->fixed = d + 1;
			return true;
		}
	}
	return false;
}

static enum explore_kind explore_kind_of(const struct scenario *sc)
{
	const struct channel_desc *d = channel_desc_of(sc->channel);

	if (d->counter)
		return EXPLORE_RACE;
	return d->cell ? EXPLORE_CELL : EXPLORE_FLOW;
}

static double explore_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Contract in explore.h. */
int explore_run(const struct scenario *sc, const struct explore_options *o,
		struct explore_report *rep, char *err, size_t errlen)
{
	struct explore_walk w;
	double t0 = explore_now();
	int rc = 0;

	memset(rep, 0, sizeof *rep);
	memset(&w, 0, sizeof w);
	if (explore_check(sc, err, errlen) != 0)
		return -1;
	snprintf(rep->scenario, sizeof rep->scenario, "%s", sc->name);
	rep->kind = explore_kind_of(sc);
	rep->goal_fewest = -1;
	if (!o->goal && sc->goal.reach != GOAL_NONE)
		rep->goal = scenario_goal_word(sc->goal.reach);
	rep->mixing = rep->kind == EXPLORE_FLOW && channel_desc_of(sc->channel)->sized_items &&
		      sc->item_size > 4096;
	rep->nactors = sc->nactors;
	rep->multi = sc->multi != NULL;
	for (int a = 0; a < sc->nactors; a++)
		snprintf(rep->names[a], sizeof rep->names[a], "%s", sc->actors[a].name);
	for (;;) {
		if (rep->schedules >= o->limit) {
			rep->complete = false;
			break;
		}
		rc = walk_one(&w, sc, rep->kind, o, err, errlen);
		if (rc == 1) {
			rep->interrupted = (int)*o->quit;
			rc = 0;
			break;
		}
		if (rc != 0)
			break;
		if (report_count(rep, &w) != 0) {
			snprintf(err, errlen, "explore: %s", strerror(ENOMEM));
			rc = -1;
			break;
		}
		rep->schedules++;
		if (w.depth > rep->deepest)
			rep->deepest = w.depth;
		if (o->progress)
			o->progress(o->ctx, rep);
		if (!walk_next(&w)) {
			rep->complete = true;
			break;
		}
	}
	rep->seconds = explore_now() - t0;
	if (rep->noutcomes) /* none yet when a signal came during the first order */
		qsort(rep->outcomes, rep->noutcomes, sizeof *rep->outcomes, explore_qsort_cmp);
	free(w.choice);
	free(w.nchoices);
	free(w.actor);
	if (rc != 0)
		explore_report_free(rep);
	return rc;
}

/* Contract in explore.h. */
void explore_report_free(struct explore_report *rep)
{
	free(rep->outcomes);
	rep->outcomes = NULL;
	rep->noutcomes = rep->capoutcomes = 0;
}
