/* draw_lanes.c - the swim lanes in the log's place (the t key): a row of time
 * labels, the channel's fill from empty to full, one lane per actor showing
 * what it did over scenario time, and a legend; the latest columns that fit,
 * ending now. The data is lanes.c's; this file only draws it.
 */
#include "draw_int.h"

#include <stdio.h>

#include "cells.h"
#include "i18n.h"

/* Columns between two time labels: a round number of seconds, six cells or more
 * apart so that "12.5s" fits. */
static int64_t draw_lanes_label_every(int64_t col_ms)
{
	static const int64_t nice_ms[] = {10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000,
					  20000, 50000, 100000, 300000, 600000, 1800000, 3600000};

	for (size_t i = 0; i < sizeof nice_ms / sizeof nice_ms[0]; i++)
		if (nice_ms[i] % col_ms == 0 && nice_ms[i] / col_ms >= 6)
			return nice_ms[i] / col_ms;
	return 10;
}

/* The time axis over columns [from, from + width) at x0 on row y. */
static void draw_lanes_axis(struct draw *d, const struct view *v, int y, int x0, int width,
			    int64_t from)
{
	int64_t every = draw_lanes_label_every(v->lanes.col_ms);
	int next_free = x0;
	char buf[32];

	for (int i = 0; i < width; i++) {
		int64_t col = from + i;
		if (col % every != 0 || x0 + i < next_free)
			continue;
		snprintf(buf, sizeof buf, _("%gs"), (double)(col * v->lanes.col_ms) / 1000.0);
		int w = cells_width(buf);
		if (i + w > width)
			break;
		cells_put(d->log, y, x0 + i, buf, w, draw_attr(d, STYLE_PROC));
		next_free = x0 + i + w + 1;
	}
}

/* One cell of an actor's lane: its mark if it did something, else its state. */
static void draw_lanes_cell(struct draw *d, int y, int x, unsigned char cell)
{
	const struct draw_glyphs *gl = d->glyphs;

	if (cell & LANES_FAULT)
		cells_put(d->log, y, x, gl->lane_fault, 1, draw_attr(d, STYLE_KILLED));
	else if (cell & LANES_LOST)
		cells_put(d->log, y, x, gl->lost, 1, draw_attr(d, STYLE_LOST));
	else if (cell & LANES_PUT)
		cells_put(d->log, y, x, gl->lane_put, 1, draw_attr(d, STYLE_RUNNING));
	else if (cell & LANES_GOT)
		cells_put(d->log, y, x, gl->lane_got, 1, draw_attr(d, STYLE_RUNNING));
	else
		switch (cell & LANES_STATE_MASK) {
		case LANES_WAITING:
			cells_put(d->log, y, x, gl->lane_wait, 1, A_NORMAL);
			break;
		case LANES_BLOCKED:
			cells_put(d->log, y, x, gl->lane_block, 1, draw_attr(d, STYLE_BLOCKED_TEXT));
			break;
		case LANES_STOPPED:
			cells_put(d->log, y, x, gl->lane_stop, 1, draw_attr(d, STYLE_KILLED));
			break;
		default:
			break;
		}
}

/* The channel's lane: how full it was, from empty to full, in `width` columns
 * from column `from`. */
static void draw_lanes_fill(struct draw *d, const struct view *v, int y, int x0, int width,
			   int64_t from)
{
	int cap = view_split_items(v) ? d->g.nslots : v->shown.capacity; /* pages : items */

	if (cap < 1)
		cap = 1;
	for (int i = 0; i < width; i++) {
		int fill = lanes_fill(&v->lanes, from + i);
		if (fill < 0)
			continue;
		bool full = fill >= cap && !view_split_items(v);
		int level = fill >= cap ? 8 : (fill * 8 + cap - 1) / cap;
		cells_put(d->log, y, x0 + i, d->glyphs->levels[level], 1,
			  draw_attr(d, full ? STYLE_BLOCKED_TEXT : STYLE_ITEM));
	}
}

/* What the lanes' glyphs mean, on one line if it fits. */
static void draw_lanes_legend(struct draw *d, const struct view *v, int y)
{
	const struct draw_glyphs *gl = d->glyphs;
	bool shm = view_desc(v)->cell;
	char buf[512];

	snprintf(buf, sizeof buf, _("%s waiting its turn  %s BLOCKED  %s %s  %s %s  %s lost  %s fault"),
		 gl->lane_wait, gl->lane_block, gl->lane_put, shm ? _("wrote") : _("put"),
		 gl->lane_got, shm ? _("read") : _("got"), gl->lost, gl->lane_fault);
	cells_put(d->log, y, 2, buf, d->cols - 4, draw_attr(d, STYLE_DONE));
}

/* The swim lanes in the log's place: a row of time labels, the channel's fill,
 * one lane per actor, a legend; the latest columns that fit, ending now. */
/* Contract in draw_int.h. */
void draw_lanes(struct draw *d, const struct view *v, int *y, int end)
{
	const struct model *m = &v->shown;
	const struct lanes *l = &v->lanes;
	int nw = cells_width(_("fill")), x0, width, shown = 0;
	int64_t now_col, from;
	char buf[64];

	draw_box_title(d->log, 0, 0, d->cols, _("Timeline: each process over scenario time (t: the log)"),
		       draw_attr(d, STYLE_BOLD));
	for (int a = 0; a < m->nactors; a++)
		if (cells_width(m->actors[a].name) > nw)
			nw = cells_width(m->actors[a].name);
	nw = nw > 16 ? 16 : nw;
	x0 = 2 + nw + 1;
	width = d->cols - 2 - x0;
	if (width < 4 || *y >= end)
		return;
	if (width > LANES_COLS)
		width = LANES_COLS;
	now_col = (int64_t)(v->vclock_ms / (double)l->col_ms);
	if (now_col < l->last_col)
		now_col = l->last_col;
	from = now_col + 1 > width ? now_col + 1 - width : 0;
	draw_lanes_axis(d, v, (*y)++, x0, width, from);
	/* one channel's fill; several channels have theirs on the stage */
	if (!view_desc(v)->cell && !view_split_items(v) && !view_multi(v) && *y < end) {
		cells_put(d->log, *y, 2, _("fill"), nw, draw_attr(d, STYLE_BOLD));
		draw_lanes_fill(d, v, (*y)++, x0, (int)(now_col - from + 1 < width ? now_col - from + 1
										: width), from);
	}
	bool legend = end - *y > m->nactors;
	for (int a = 0; a < m->nactors && *y < end - (legend ? 1 : 0); a++, shown++) {
		bool last_row = *y == end - (legend ? 1 : 0) - 1 && a < m->nactors - 1;
		if (last_row) {
			snprintf(buf, sizeof buf, _("+%d more"), m->nactors - a);
			cells_put(d->log, *y, 2, buf, d->cols - 4, draw_attr(d, STYLE_BOLD));
			(*y)++;
			break;
		}
		cells_put(d->log, *y, 2, m->actors[a].name, nw, draw_attr(d, STYLE_BOLD));
		for (int i = 0; i <= now_col - from && i < width; i++)
			draw_lanes_cell(d, *y, x0 + i, lanes_cell(l, a, from + i));
		(*y)++;
	}
	if (legend && *y < end)
		draw_lanes_legend(d, v, (*y)++);
}

