/* goal.c - the fewest steps to a scenario's goal, breadth first over the
 * orders of choices (goal.h). Each order is run from the start on processes
 * forked anew: the same as explore.c's way, since a real process cannot be
 * rewound. The frontier holds the orders of one length; the search stops at
 * the first length where one reaches the goal. */
#include "goal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "run.h"
#include "run_live.h"
#include "run_multi.h"

struct goal_order {
	signed char a[GOAL_FEWEST_MAX_STEPS];
};

/* Did the latest step's events reach the goal? */
static bool goal_in_events(const struct run *r)
{
	size_t n;
	const struct event *evs = run_events(r, &n);

	for (size_t i = 0; i < n; i++)
		if (evs[i].type == EV_GOAL && evs[i].reached)
			return true;
	return false;
}

/* While nobody can step, the script's next action (not a choice). 0 or -1. */
static int goal_script_steps(struct run *r, char *err, size_t errlen)
{
	const struct model *m = run_model(r);
	struct run_next nx;

	for (;;) {
		for (int a = 0; a < m->nactors; a++)
			if (run_can_step(r, a) == RUN_CAN)
				return 0;
		if (run_finished(r) || run_peek(r, &nx) != 0 || nx.actor != EVENT_ACTOR_IPCVIZ)
			return 0;
		if (run_step(r, RUN_ANY, err, errlen) != 0)
			return -1;
	}
}

/* Runs order o of len choices on fresh processes. 1 when it reached the goal,
 * 0 when not, -1 on failure; *next gets who can step after it (a bit each),
 * 0 if it did not go through. */
static int goal_try(const struct scenario *sc, const struct goal_order *o, int len,
		    unsigned *next, char *err, size_t errlen)
{
	struct run *r = sc->multi ? run_multi_create(sc, err, errlen)
				  : run_live_create(sc, NULL, err, errlen);
	int rc = 0;

	*next = 0;
	if (!r)
		return -1;
	for (int i = 0; i < len && rc == 0; i++) {
		if (goal_script_steps(r, err, errlen) != 0 ||
		    run_step(r, o->a[i], err, errlen) != 0) {
			rc = -1;
			break;
		}
		if (goal_in_events(r))
			rc = 1;
	}
	if (rc == 0 && goal_script_steps(r, err, errlen) != 0)
		rc = -1;
	if (rc == 0 && goal_in_events(r))
		rc = 1;
	for (int a = 0; rc == 0 && a < run_model(r)->nactors; a++)
		if (run_can_step(r, a) == RUN_CAN)
			*next |= 1u << a;
	run_destroy(r);
	return rc;
}

/* Contract in goal.h. */
int goal_fewest(const struct scenario *sc, int max_steps, char *err, size_t errlen)
{
	struct goal_order *level = NULL, *grown;
	size_t nlevel = 1;
	long runs = 0;
	int result = 0;

	if (sc->goal.reach == GOAL_NONE) {
		snprintf(err, errlen, "%s", _("the scenario has no [goal]"));
		return -1;
	}
	if (max_steps <= 0 || max_steps > GOAL_FEWEST_MAX_STEPS)
		max_steps = GOAL_FEWEST_MAX_STEPS;
	if (sc->goal.within > 0 && sc->goal.within < max_steps)
		max_steps = sc->goal.within;
	level = calloc(1, sizeof *level);
	if (!level)
		goto nomem;
	for (int len = 0; len < max_steps && nlevel > 0; len++) {
		struct goal_order *up = NULL;
		size_t nup = 0, capup = 0;
		for (size_t i = 0; i < nlevel; i++) {
			unsigned next;
			if (++runs > GOAL_FEWEST_MAX_RUNS) {
				free(up);
				result = -2;
				goto out;
			}
			int rc = goal_try(sc, &level[i], len, &next, err, errlen);
			if (rc != 0) {
				free(up);
				result = rc < 0 ? -1 : len;
				goto out;
			}
			for (int a = 0; a < sc->nactors; a++) {
				if (!(next >> a & 1))
					continue;
				if (nup == capup) {
					capup = capup ? capup * 2 : 16;
					grown = realloc(up, capup * sizeof *up);
					if (!grown) {
						free(up);
						goto nomem;
					}
					up = grown;
				}
				up[nup] = level[i];
				up[nup++].a[len] = (signed char)a;
			}
		}
		free(level);
		level = up;
		nlevel = nup;
	}
	/* the longest orders: tried, but their children are not */
	for (size_t i = 0; i < nlevel; i++) {
		unsigned next;
		if (++runs > GOAL_FEWEST_MAX_RUNS) {
			result = -2;
			break;
		}
		int rc = goal_try(sc, &level[i], max_steps, &next, err, errlen);
		if (rc != 0) {
			result = rc < 0 ? -1 : max_steps;
			break;
		}
	}
out:
	free(level);
	return result;
nomem:
	free(level);
	snprintf(err, errlen, "%s", _("out of memory"));
	return -1;
}

/* Contract in goal.h. */
const char *goal_fewest_words(const struct scenario *sc, char *buf, size_t len)
{
	char err[512];
	int n = goal_fewest(sc, 0, err, sizeof err);

	if (n > 0)
		snprintf(buf, len,
			 _("The fewest steps that reach the goal: %d (every order of fewer was "
			   "tried, on real processes)."),
			 n);
	else if (n == 0)
		snprintf(buf, len, _("No order of at most %d steps reaches the goal."),
			 sc->goal.within > 0 && sc->goal.within < GOAL_FEWEST_MAX_STEPS
				 ? sc->goal.within : GOAL_FEWEST_MAX_STEPS);
	else if (n == -2)
		snprintf(buf, len, _("The fewest steps that reach the goal are not known: more "
				     "than %d orders would have to be tried."),
			 GOAL_FEWEST_MAX_RUNS);
	else
		snprintf(buf, len, _("The fewest steps that reach the goal are not known: %s"), err);
	return buf;
}
