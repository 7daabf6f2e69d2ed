/* history.h - the events of a run, kept in bounded memory, so that any recent
 * moment can be shown again: stepping back on the screen, and replay.
 *
 * Events are pushed in the order they happened, and grouped into steps (what one
 * scheduler step, fault or start produced: the unit the n and b keys move by).
 * They are stored compactly in chunks of HISTORY_CHUNK_EVENTS; each chunk begins
 * with a snapshot of the model before its first event. A past state is rebuilt
 * as the nearest snapshot plus model_apply of the events after it. When the
 * events kept pass max_events, or the memory used would pass max_bytes, the
 * oldest chunks are dropped, and with them the oldest steps: history is a
 * window on the latest part of the run, however long the run is.
 *
 * Steps are numbered from 0 (the first step pushed) for the whole run; dropped
 * ones stay counted, so a step's number never changes. No curses, no I/O.
 */
#ifndef IPCVIZ_HISTORY_H
#define IPCVIZ_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "model.h"

#define HISTORY_CHUNK_EVENTS 1024
#define HISTORY_DEFAULT_EVENTS 100000
#define HISTORY_DEFAULT_BYTES (16u << 20)

struct history;

/* Walks the events between a snapshot and a step's end (history_seek). */
struct history_iter {
	const struct history *h;
	const void *chunk;       /* the chunk being read */
	size_t off;              /* byte offset in it */
	uint64_t index;          /* the absolute index of the next event */
	uint64_t end;            /* one past the last event to return */
};

/* An empty history whose state before any event is *start (copied). max_events
 * and max_bytes bound what is kept (0 for the defaults; max_bytes is raised to
 * at least what four chunks need). NULL with a message when out of memory. */
struct history *history_create(const struct model *start, size_t max_events,
			       size_t max_bytes, char *err, size_t errlen);
void history_free(struct history *h);

/* Appends one event (already stamped with its fill) to the current step and
 * applies it to the history's own model. 0, or -1 when out of memory (the event
 * is then not kept; the history stays consistent). */
int history_push(struct history *h, const struct event *ev);
/* Ends the current step. A step without events is not counted. */
void history_end_step(struct history *h);

/* The number of steps ended so far (the latest is history_steps() - 1), and the
 * oldest one that can still be rebuilt. No step yet: both are 0. */
long history_steps(const struct history *h);
long history_first_step(const struct history *h);
/* The virtual time (ms) of a step's last event; -1 if the step is not kept. */
int64_t history_step_time(const struct history *h, long step);
/* The number of events in step `step`; 0 if it is not kept. */
size_t history_step_events(const struct history *h, long step);

/* Sets *m to the state at a snapshot taken at least `lead` events before the end
 * of `step` (or the oldest kept, if there are fewer), and *it to walk the events
 * from there to the end of that step: applying them all to *m gives the state
 * right after `step`. `lead` lets a caller rebuild things that depend on recent
 * events, such as a log. 0, or -1 if the step is not kept. */
int history_seek(const struct history *h, long step, size_t lead, struct model *m,
		 struct history_iter *it);
/* The next event of a walk into *ev: 1, or 0 at its end. */
int history_next(struct history_iter *it, struct event *ev);
/* The model right after step `step`. 0, or -1 if the step is not kept. */
int history_state(const struct history *h, long step, struct model *m);
/* The state after every event pushed so far. */
const struct model *history_model(const struct history *h);

/* Events pushed in all (dropped ones too), and the events still kept. */
uint64_t history_total_events(const struct history *h);
size_t history_kept_events(const struct history *h);
/* Bytes of memory the history holds now, and the most it will ever hold. */
size_t history_bytes(const struct history *h);
size_t history_bytes_max(const struct history *h);

#endif
