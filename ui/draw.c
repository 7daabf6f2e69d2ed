/* draw.c - everything the screen shows, drawn from the view and nothing else;
 * this file is the frame around the panels.
 *
 * The screen is a header (the scenario, the run's state, the channel as the
 * kernel made it), the stage (draw_stage.c: the actors' boxes, the channel
 * between them in draw_channel.c, the item in flight), the log under it
 * (draw_log.c, or the swim lanes of draw_lanes.c in its place), the key bar
 * and the help overlay (draw_keys.c). draw_layout.c works out where each goes
 * for the terminal's size and makes their windows; draw_paint.c, under them
 * all, has the glyphs and the styles they share and the small pieces they draw
 * with. Here are the header, the screen shown when the terminal is too small,
 * and draw_frame, which draws the panels
 * the view marks dirty and ends with one doupdate; the help overlay is drawn
 * last so it stays on top of whatever changed.
 */
#include "draw_int.h"

#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "i18n.h"
#include "words.h"

/* ---- the header -------------------------------------------------------------- */

static void draw_speed(const struct draw *d, const struct view *v, char *buf, size_t len)
{
	if (v->speed <= 0)
		snprintf(buf, len, "%s", _("speed max"));
	else
		snprintf(buf, len, _("speed %s%g"), d->glyphs->times, v->speed);
}

static void draw_header(struct draw *d, const struct view *v)
{
	WINDOW *w = d->header;
	const struct draw_glyphs *gl = d->glyphs;
	attr_t hdr = draw_attr(d, STYLE_HEADER);
	char right[256], speed[64], left[512], chan[512], cap[256], clock[64];
	const char *state;
	const char *mark;

	werase(w);
	wattr_on(w, hdr, NULL);
	mvwhline(w, 0, 0, ' ', d->cols);
	wattr_off(w, hdr, NULL);
	if (v->past) {
		state = _("PAST");
		mark = gl->left;
	} else if (v->finished) {
		state = _("FINISHED");
		mark = gl->stop;
	} else if (v->choosing) {
		/* TRANSLATORS: the header in choosing mode: the user is the scheduler */
		state = _("CHOOSING");
		mark = gl->right;
	} else if (v->paused) {
		state = _("PAUSED");
		mark = gl->pause;
	} else {
		state = _("RUNNING");
		mark = gl->play;
	}
	draw_speed(d, v, speed, sizeof speed);
	if (v->choosing && !v->past)
		/* TRANSLATORS: the header's clock in choosing mode: choices so far */
		snprintf(clock, sizeof clock, _("step %ld"), v->choices);
	else
		snprintf(clock, sizeof clock, _("t = %.1f s"), v->vclock_ms / 1000.0);
	snprintf(right, sizeof right, "%s %s%s%s%s%s ", mark, state, gl->sep, speed, gl->sep, clock);
	int rx = cells_put_right(w, 0, d->cols, right, d->cols / 2, hdr);
	if (v->replay)
		snprintf(left, sizeof left, " ipcviz%s%s%s%s", gl->sep, _("replay"), gl->sep, v->title);
	else
		snprintf(left, sizeof left, " ipcviz%s%s", gl->sep, v->title);
	cells_put(w, 0, 0, left, rx - 1, hdr);

	if (view_multi(v)) { /* the channels, each with its kind and capacity */
		char list[512];
		words_multi_header(v, list, sizeof list);
		cells_put(w, 1, 1, list, d->cols - 2, draw_attr(d, STYLE_BOLD));
		wnoutrefresh(w);
		return;
	}
	words_capacity(v, cap, sizeof cap);
	int x = cells_put(w, 1, 1, words_channel_name(v), d->cols - 2,
			  draw_attr(d, STYLE_BOLD)) + 2;
	/* a FIFO's path is its name: what another process opens */
	x += cells_put(w, 1, x, v->path[0] ? v->path : v->kernel_name, d->cols - x - 1,
		       draw_attr(d, STYLE_PROC));
	snprintf(chan, sizeof chan, "%s%s", gl->sep, cap);
	cells_put(w, 1, x, chan, d->cols - x - 1, A_NORMAL);
	wnoutrefresh(w);
}


static void draw_too_small(struct draw *d)
{
	char buf[256];
	int y = d->rows / 2 - 2;

	werase(stdscr);
	snprintf(buf, sizeof buf, _("The terminal is too small: %dx%d."), d->cols, d->rows);
	draw_centred(stdscr, y < 0 ? 0 : y, 0, d->cols, buf, draw_attr(d, STYLE_BOLD));
	snprintf(buf, sizeof buf, _("ipcviz needs at least %dx%d: make the window larger."),
		 DRAW_MIN_COLS, DRAW_MIN_ROWS);
	draw_centred(stdscr, y + 1, 0, d->cols, buf, A_NORMAL);
	draw_centred(stdscr, y + 3, 0, d->cols, _("q quits."), A_NORMAL);
	wnoutrefresh(stdscr);
}

/* Contract in draw.h. */
void draw_frame(struct draw *d, struct view *v)
{
	unsigned dirty = v->dirty;

	if (!dirty)
		return;
	v->dirty = 0;
	if (dirty & VIEW_DIRTY_LAYOUT || !d->header) {
		draw_layout(d, v);
		dirty = VIEW_DIRTY_ALL;
	}
	if (d->too_small) {
		draw_too_small(d);
		doupdate();
		return;
	}
	if (dirty & VIEW_DIRTY_HEADER)
		draw_header(d, v);
	if (dirty & VIEW_DIRTY_STAGE)
		draw_stage(d, v);
	if (dirty & VIEW_DIRTY_LOG)
		draw_log(d, v);
	if (dirty & VIEW_DIRTY_KEYS)
		draw_keys(d, v);
	if (v->show_help) {
		if (!d->help)
			draw_keys_help(d, v);
		if (d->help) { /* on top again of whatever was drawn beneath it */
			touchwin(d->help);
			wnoutrefresh(d->help);
		}
	} else {
		draw_delwin(&d->help);
	}
	doupdate();
}
