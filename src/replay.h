/* replay.h - --replay: a trace file played instead of processes.
 *
 * The trace (docs/trace.md) is read whole with trace_read, checked for what the
 * screen needs, and cut into steps the way the scheduler made them: a step is
 * what one grant, one fault or the start produced (the granted actor's event and
 * what it caused: a woken actor's put, kernel evidence, an overwrite, an exit).
 * The trace does not mark steps, so they are found from the events: a new step
 * begins at a new time, or at an operation (put, got, write, read, blocked,
 * error, eof, a part of a big item) by an actor that the step so far did not wake, or where the
 * start's spawns give way to operations, or the script's faults and notes to
 * operations of actors they did not wake (a cont's step holds the calls it let
 * finish, as the live run's does).
 * A `choose` event (choosing mode) always opens a step, which holds what the
 * choice caused: the script's actions its time reached, then the chosen
 * process's operation and what that caused.
 *
 * replay_run_create() puts a loaded trace behind the run interface (run.h),
 * so the screen and the headless timeline play it exactly as they play a live
 * run, with one pacing loop, and history, stepping back, the lanes and
 * --record work the same. No curses.
 */
#ifndef IPCVIZ_REPLAY_H
#define IPCVIZ_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "model.h"
#include "run.h"
#include "scenario.h"

struct replay {
	const char *path;
	struct trace_header h;
	struct event *evs;         /* every event of the trace */
	size_t n;
	size_t *ends;              /* one past the last event of each step */
	size_t nsteps;
	struct scenario sc;        /* what the screen needs: title, channel, actors */
	int value_cols;            /* cells of the widest value in the trace */
};

/* Reads and checks the trace at path. 0, or -1 with "FILE:LINE: what" in err
 * (nothing to free then). */
int replay_load(struct replay *r, const char *path, char *err, size_t errlen);
void replay_free(struct replay *r);

/* Cuts n events into steps by the rules above: (*ends)[k] is one past the last
 * event of step k, *nsteps of them (malloc'd; free it). 0, or -1 when out of
 * memory. */
int replay_cut(const struct event *evs, size_t n, size_t **ends, size_t *nsteps);

/* The model before the trace's first event, as a live run's starts. */
void replay_start_model(const struct replay *rp, struct model *m);

/* A run (run.h) that plays rp from its start, its first step (the spawns)
 * already played; rp must outlive it. Any number may play one trace. NULL
 * with a message when out of memory. */
struct run *replay_run_create(const struct replay *rp, char *err, size_t errlen);

#endif
