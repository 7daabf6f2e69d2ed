/* draw_paint.h - the ground floor of the screen's drawing: struct draw (the
 * panels' windows and the geometry worked out for them), the sizes of the
 * frame, the glyphs, and the small pieces every panel paints with
 * (draw_paint.c). The frame (draw.c) and the panels include it through
 * draw_int.h, callers outside through draw.h.
 */
#ifndef IPCVIZ_UI_DRAW_PAINT_H
#define IPCVIZ_UI_DRAW_PAINT_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "style.h"
#include "view.h"

#define DRAW_HEADER_H 2
#define DRAW_KEYS_H 1
#define DRAW_LOG_MIN_H 5
#define DRAW_BOX_W_MIN 20
#define DRAW_BOX_W_MAX 30
#define DRAW_LINE_W_MAX 44   /* an actor on one line shows its state and the kernel's */
#define DRAW_TEXT_MAX 1024
#define DRAW_FIFO_SLOTS 6    /* places drawn for a FIFO: its 64 lines would not fit */

struct draw_glyphs {
	const char *h, *v, *tl, *tr, *bl, *br, *tt, *bt, *lt, *rt;
	const char *tube, *arrow, *lost, *dot, *sep, *play, *pause, *stop, *times, *divide;
	const char *right, *left, *ellipsis, *back, *bytes;
	/* the swim lanes: states, marks, and the fill from empty to full */
	const char *lane_wait, *lane_block, *lane_stop, *lane_put, *lane_got, *lane_fault;
	const char *levels[9];
};

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
	/* several channels (draw_multi.c) */
	int multi_procs;                   /* process lines shown */
	int multi_chan_rows;               /* rows a channel: 2, or 1 when short of room */
	int multi_gap;                     /* blank rows between channels */
	int multi_dl_rows;                 /* rows for DEADLOCK and its cycle */
};

struct draw {
	WINDOW *header, *stage, *log, *keys, *help;
	int rows, cols;
	bool too_small;
	bool color;                 /* colour pairs are set up */
	const struct draw_glyphs *glyphs; /* Unicode lines and arrows, or ASCII */
	struct draw_geometry g;
};

/* ---- styles and small pieces ------------------------------------------------ */

/* The attributes of a style, with colour or without. */
attr_t draw_attr(const struct draw *d, enum style s);
/* v clamped to [lo, hi]. */
int draw_clamp(int v, int lo, int hi);
/* A box of h rows and bw columns at (y, x) of w. Nothing if smaller than 2x2. */
void draw_box(const struct draw *d, WINDOW *w, int y, int x, int h, int bw, attr_t attr);
/* A box's title on its top border: " text ". */
void draw_box_title(WINDOW *w, int y, int x, int bw, const char *text, attr_t attr);
/* Text centred in [x, x + width). */
void draw_centred(WINDOW *w, int y, int x, int width, const char *s, attr_t attr);
/* "label value" if both fit in width, else the value alone. */
void draw_labelled(WINDOW *w, int y, int x, int width, const char *label, const char *value,
		   attr_t attr);
/* Paragraph s wrapped into lines of width cells from row *y on (advanced);
 * stops before row `end`. */
void draw_paragraph(WINDOW *w, int *y, int end, int x, int width, const char *s, attr_t attr);

/* Sets up colours (if v->color) and glyphs; call after the terminal is up. */
void draw_init(struct draw *d, const struct view *v);
/* Deletes *w if there is one and sets it to NULL. */
void draw_delwin(WINDOW **w);
/* Deletes the panels' windows; safe to call twice. */
void draw_free(struct draw *d);

#endif
