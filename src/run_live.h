/* run_live.h - the run interface (run.h) over the live scheduler: real
 * processes, stepped by scheduler.h. */
#ifndef IPCVIZ_RUN_LIVE_H
#define IPCVIZ_RUN_LIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"
#include "scenario.h"

/* How a live run goes. */
struct run_live_options {
	bool pin;       /* the parent and its children on one CPU (sched_pin_runs) */
	bool run_ahead; /* chains of foreseen steps among the children (sched_run_ahead) */
};

/* Forks the actors of sc (their spawn events are run_events at once). NULL
 * with a message on failure, with nothing left behind. */
struct run *run_live_create(const struct scenario *sc, const struct run_live_options *o,
			    char *err, size_t errlen);

#endif
