/* replay.h - --replay: a trace file played instead of processes.
 *
 * The trace (docs/trace.md) is read whole with trace_read, checked for what the
 * screen needs, and cut into steps the way the scheduler made them: a step is
 * what one grant, one fault or the start produced (the granted actor's event and
 * what it caused: a woken actor's put, kernel evidence, an overwrite, an exit).
 * The trace does not mark steps, so they are found from the events: a new step
 * begins at a new time, or at an operation (put, got, write, read, blocked,
 * error, eof) by an actor that the step so far did not wake, or where the
 * start's spawns or the script's faults and notes give way to operations.
 *
 * The screen plays the steps like a live run's (replay_step, replay_events), so
 * history, stepping back, the lanes and --record work the same; the headless
 * mode prints the timeline as a live headless run does.
 */
#ifndef IPCVIZ_UI_REPLAY_H
#define IPCVIZ_UI_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "scenario.h"
#include "ui.h"

struct replay {
	const char *path;
	struct trace_header h;
	struct event *evs;         /* every event of the trace */
	size_t n;
	size_t *ends;              /* one past the last event of each step */
	size_t nsteps;
	size_t next;               /* the next step to play */
	struct scenario sc;        /* what the screen needs: title, channel, actors */
	int value_cols;            /* cells of the widest value in the trace */
};

/* Reads and checks the trace at path. 0, or -1 with "FILE:LINE: what" in err
 * (nothing to free then). */
int replay_load(struct replay *r, const char *path, char *err, size_t errlen);
void replay_free(struct replay *r);

/* Back to before the first step. */
void replay_rewind(struct replay *r);
/* Plays the next step; false if there is none. */
bool replay_step(struct replay *r);
/* The events of the latest step played (none before the first). */
const struct event *replay_events(const struct replay *r, size_t *count);
/* Every step played? */
bool replay_finished(const struct replay *r);
/* Virtual time (ms) of the next step; INT64_MAX if none. */
int64_t replay_next_due(const struct replay *r);
/* Virtual time (ms) of the latest step played; 0 before the first. */
int64_t replay_now(const struct replay *r);

/* The headless mode: prints the trace's timeline as a live headless run would,
 * paced by --speed. Returns the exit status (0; 2 for a bad trace, said on
 * stderr in one line). */
int replay_headless_run(const struct options *o);

#endif
