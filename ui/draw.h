/* draw.h - the screen's panels: a header, the stage (one box per actor, the
 * channel drawn as what it is, the item in flight), the log or the explain
 * panel, a key bar, and the help overlay. One WINDOW per panel; only the panels
 * marked dirty in the view are drawn, and a frame ends in one doupdate.
 *
 * Call order: draw_init() once after the terminal is up, draw_frame() once per
 * pass of the loop, draw_free() before endwin; draw_init(), draw_free() and
 * struct draw are in draw_paint.h, which this header brings. */
#ifndef IPCVIZ_UI_DRAW_H
#define IPCVIZ_UI_DRAW_H

#include "draw_paint.h"

/* Draws what v->dirty asks for (everything after a resize or a new run) and
 * ends with one doupdate; clears v->dirty. Does nothing if nothing is dirty. */
void draw_frame(struct draw *d, struct view *v);

#endif
