/* draw.h - the screen's panels: a header, the stage (one box per actor, the
 * channel drawn as what it is, the item in flight), the log or the explain
 * panel, a key bar, and the help overlay. One WINDOW per panel; only the panels
 * marked dirty in the view are drawn, and a frame ends in one doupdate.
 *
 * Call order: draw_init() once after the terminal is up, draw_frame() once per
 * pass of the loop, draw_free() before endwin. */
#ifndef IPCVIZ_UI_DRAW_H
#define IPCVIZ_UI_DRAW_H

#include <curses.h>
#include <stdbool.h>

#include "view.h"

#define DRAW_MIN_COLS 80
#define DRAW_MIN_ROWS 24

enum draw_box_mode { DRAW_BOX_FULL, DRAW_BOX_SMALL, DRAW_BOX_LINE };

/* Where things are on the stage, worked out for a terminal size and a run. */
struct draw_geometry {
	int stage_h, log_h;
	enum draw_box_mode box_mode;
	int box_w, box_h, box_gap;
	int box_y[SCENARIO_MAX_ACTORS];    /* -1 when not shown (too many) */
	int hidden_left, hidden_right;     /* actors that did not fit */
	int more_y_left, more_y_right;
	int chan_x, chan_w, chan_top, chan_h;
	int nslots;                        /* slots drawn: the capacity, or a FIFO's few */
	int slot_w, per_row, chan_rows, pad, slots_x;
	int chan_rows_shown;
	int back_y;                        /* socketpair: the answers' lane, from chan_top */
	bool hint;                         /* a FIFO: a row of the stage says how to write… */
	int hint_y;                        /* …this one, -1 none */
};

struct draw_glyphs;

struct draw {
	WINDOW *header, *stage, *log, *keys, *help;
	int rows, cols;
	bool too_small;
	bool color;                 /* colour pairs are set up */
	const struct draw_glyphs *glyphs; /* Unicode lines and arrows, or ASCII */
	struct draw_geometry g;
};

/* Sets up colours (if v->color) and glyphs; call after the terminal is up. */
void draw_init(struct draw *d, const struct view *v);
/* Draws what v->dirty asks for (everything after a resize or a new run) and
 * ends with one doupdate; clears v->dirty. Does nothing if nothing is dirty. */
void draw_frame(struct draw *d, struct view *v);
/* Deletes the panels' windows; safe to call twice. */
void draw_free(struct draw *d);

#endif
