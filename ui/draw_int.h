/* draw_int.h - what the screen's drawing files share, and nobody else: the
 * sizes of the frame, the glyphs (Unicode or ASCII), the styles and their
 * attributes, the small pieces every panel draws with (a box, its title,
 * centred and labelled text, a wrapped paragraph), what the channel is, and
 * each panel's entry point.
 *
 * draw.c is the frame (init, the header, the too-small screen, draw_frame);
 * draw_layout.c works out where things go and makes the windows; draw_stage.c
 * draws the actors and the item in flight, draw_channel.c the channel between
 * them; draw_log.c the log, the explain panel and the end; draw_lanes.c the
 * swim lanes; draw_keys.c the key bar and the help overlay. The words they
 * place come from words.c, built from the view without curses, with a style
 * (style.h) that draw_attr turns into attributes. Callers outside use draw.h
 * only.
 */
#ifndef IPCVIZ_UI_DRAW_INT_H
#define IPCVIZ_UI_DRAW_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "draw.h"
#include "style.h"

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


/* ---- draw.c: styles and small pieces ---------------------------------------- */

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

/* ---- the panels ------------------------------------------------------------------ */

/* draw_layout.c: the geometry for the terminal's size now and new windows
 * (none, and d->too_small, when it is too small). */
void draw_layout(struct draw *d, const struct view *v);
/* draw_stage.c: the stage panel, the actors, the channel, the item in flight. */
void draw_stage(struct draw *d, const struct view *v);
/* draw_channel.c: the channel in the middle of the stage. */
void draw_channel(struct draw *d, const struct view *v);
/* draw_channel.c: where the item in flight is at its channel end: the row
 * and first column of the slot it takes or left (or of the cell). */
void draw_channel_travel_slot(const struct draw *d, const struct view *v, int *py, int *px);
/* draw_log.c: the log panel (or in its place the explain panel, the end, the
 * lanes). */
void draw_log(struct draw *d, const struct view *v);
/* draw_lanes.c: the swim lanes in the log's window from row *y (advanced)
 * to before `end`. */
void draw_lanes(struct draw *d, const struct view *v, int *y, int end);
/* draw_keys.c: the key bar. */
void draw_keys(struct draw *d, const struct view *v);
/* draw_keys.c: makes and draws d->help, the help overlay, for this size. */
void draw_keys_help(struct draw *d);

#endif
