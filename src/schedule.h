/* schedule.h - --schedule TRACE: the steps a trace recorded, to take again on
 * live processes (DESIGN 12).
 *
 * The trace is cut into steps as a replay cuts it (replay.h). A step that
 * opens with a `choose` event is that choice again; a fault by ipcviz that is
 * not the scenario's script (the k key) is that fault again; any other step
 * (the scheduler's own, a script action) is the scheduler's step. Taken in
 * order on a fresh run of the same scenario, they give the same events, pids
 * and wall times aside: the run is a function of the scenario and its choices.
 * Only what came from outside ipcviz (a child killed from another terminal, a
 * line written into a FIFO) is not taken again. No curses.
 */
#ifndef IPCVIZ_SCHEDULE_H
#define IPCVIZ_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run.h"
#include "scenario.h"

enum schedule_kind {
	SCHEDULE_ANY,    /* the scheduler's own step (run_step with RUN_ANY) */
	SCHEDULE_CHOICE, /* grant `actor` its next step */
	SCHEDULE_FAULT   /* `action` on `actor`, as the k key did */
};

struct schedule_step {
	enum schedule_kind kind;
	int actor;
	char action[16];            /* SCHEDULE_FAULT: "kill", "stop", "cont" */
	int64_t t_ms;               /* when the trace took it */
};

struct schedule {
	char scenario[64];          /* the scenario the trace's header names */
	struct schedule_step *steps;
	size_t n, at;               /* how many; the next to take */
	size_t choices;             /* of them, choices */
	int nactors;                /* the trace's processes, in its header's order */
	char names[SCENARIO_MAX_ACTORS][SCENARIO_NAME_MAX];
};

/* Reads the trace at path into s. The scenario it names is in s->scenario, to
 * load when none was given. 0, or -1 with "FILE:LINE: what" in err. */
int schedule_load(struct schedule *s, const char *path, char *err, size_t errlen);
/* Checks that the trace at path was made by sc's processes (the same names in
 * the same order). 0, or -1 with a message naming the file. */
int schedule_check(const struct schedule *s, const char *path, const struct scenario *sc,
		   char *err, size_t errlen);
void schedule_free(struct schedule *s);

/* Takes the next step of s on r; its events come from run_events(r). 0; 1 when
 * none is left; -1 with a message when r refuses it (the run went otherwise:
 * "step 7: consumer-1 cannot take a step now: …"). */
int schedule_take(struct schedule *s, struct run *r, char *err, size_t errlen);

/* Who the next step of s grants, so a question can be asked about it first:
 * the chosen actor, RUN_ANY for the scheduler's own step, or SCHEDULE_NONE
 * when none is left or the next is a fault (k: nothing to predict). */
#define SCHEDULE_NONE (-2)
int schedule_next_actor(const struct schedule *s);

#endif
