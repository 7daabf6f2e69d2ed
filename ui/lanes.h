/* lanes.h - the swim-lane timeline's data: one lane per actor over virtual time,
 * a column per LANES col_ms of scenario time, each cell saying what the actor
 * was doing then (waiting its turn, blocked, stopped, gone) and what it did
 * (put, got, lost a value, failed); and a lane for the channel's fill.
 *
 * Built from the events as the view applies them (lanes_apply after
 * model_apply), so it shows exactly what the view has shown; draw_lanes.c draws it.
 * The last LANES_COLS columns are kept, in a ring. No curses here.
 */
#ifndef IPCVIZ_UI_LANES_H
#define IPCVIZ_UI_LANES_H

#include <stdint.h>

#include "event.h"
#include "model.h"
#include "scenario.h"
#include "swim.h"

#define LANES_COLS 512

/* What an actor was doing in a column: the strongest state it had then. */
enum lanes_state {
	LANES_NONE = 0,    /* not started, or gone */
	LANES_DONE,        /* finished */
	LANES_WAITING,     /* waiting its turn */
	LANES_STOPPED,     /* SIGSTOP */
	LANES_KILLED,      /* killed */
	LANES_BLOCKED      /* asleep in the kernel on the channel */
};
#define LANES_STATE_MASK 0x07u

/* What it did in that column: marks drawn over the state, as swim.c's table
 * gives them (the slide's lanes, svg.c, take theirs from the same table). */
enum lanes_mark {
	LANES_PUT = SWIM_PUT,     /* put or wrote a value */
	LANES_GOT = SWIM_GOT,     /* got or read a value */
	LANES_LOST = SWIM_LOST,   /* a value was overwritten unread, or mixed */
	LANES_FAULT = SWIM_FAULT  /* an error, a fault done to it, killed */
};
#define LANES_MARKS (LANES_PUT | LANES_GOT | LANES_LOST | LANES_FAULT) /* those drawn */

struct lanes {
	int64_t col_ms;                 /* scenario ms per column */
	int64_t last_col;               /* absolute column of the newest event, -1 none */
	int nactors;
	unsigned char now[SCENARIO_MAX_ACTORS];      /* each actor's state after the newest event */
	unsigned char cell[SCENARIO_MAX_ACTORS][LANES_COLS]; /* by absolute column % LANES_COLS */
	signed char fill[LANES_COLS];   /* items in the channel at the column's end, -1 none */
	int fill_now;
};

/* Empties the lanes for a run of nactors at col_ms a column (at least 1), each
 * actor's state taken from m (the state the lanes start from). */
void lanes_reset(struct lanes *l, int64_t col_ms, const struct model *m);
/* Adds an event the model has just applied (m is the state after it). */
void lanes_apply(struct lanes *l, const struct model *m, const struct event *ev);
/* The cell of actor a at absolute column col: past the newest event the state
 * carries on, without marks; before the kept ring, LANES_NONE. */
unsigned char lanes_cell(const struct lanes *l, int a, int64_t col);
/* The channel's fill at column col, -1 if not known. */
int lanes_fill(const struct lanes *l, int64_t col);
/* A column width for a scenario: the greatest common divisor of its intervals,
 * start times and script times (so every step lands on a column of its own),
 * at least 10 ms; 1000 ms if it has none. */
int64_t lanes_col_ms_of(const struct scenario *sc);
/* The same from the times of a list of events (a replayed trace). */
int64_t lanes_col_ms_of_events(const struct event *evs, size_t n);

#endif
