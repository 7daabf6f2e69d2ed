/* draw_int.h - what the screen's drawing files share, and nobody else: each
 * panel's entry point, over draw_paint.h (struct draw, the sizes of the frame,
 * the glyphs, the styles and the small pieces every panel draws with).
 *
 * The drawing files call only downwards: draw.c is the frame (the header, the
 * too-small screen, draw_frame) and calls the panels; draw_layout.c works out
 * where things go and makes the windows; draw_stage.c draws the actors and the
 * item in flight, and calls draw_channel.c for the channel between them;
 * draw_log.c the log, the explain panel and the end, and calls draw_lanes.c
 * for the swim lanes; draw_keys.c the key bar and the help overlay. Under them
 * all is draw_paint.c, which calls none of them. The words they place come
 * from words.c, built from the view without curses, with a style (style.h)
 * that draw_attr turns into attributes. Callers outside use draw.h only.
 */
#ifndef IPCVIZ_UI_DRAW_INT_H
#define IPCVIZ_UI_DRAW_INT_H

#include "draw_paint.h"

/* ---- the panels ------------------------------------------------------------------ */

/* draw_layout.c: the geometry for the terminal's size now and new windows
 * (none, and d->too_small, when it is too small). */
void draw_layout(struct draw *d, const struct view *v);
/* draw_stage.c: the stage panel, the actors, the channel, the item in flight. */
void draw_stage(struct draw *d, const struct view *v);
/* draw_multi.c: the geometry of a run of several channels (view_multi), and
 * its stage: the processes' lines, each channel, a deadlock's cycle. */
void draw_multi_geometry(struct draw *d, const struct view *v);
void draw_multi_stage(struct draw *d, const struct view *v);
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
/* draw_code.c: the code pane (v->code >= 0) in the log's window, in rows
 * [y, end). */
void draw_code(struct draw *d, const struct view *v, int y, int end);
/* draw_keys.c: the key bar. */
void draw_keys(struct draw *d, const struct view *v);
/* draw_keys.c: makes and draws d->help, the help overlay, for this size and
 * run (several channels have their own line for k). */
void draw_keys_help(struct draw *d, const struct view *v);

#endif
