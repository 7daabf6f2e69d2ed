/* draw_layout.c - where things are on the screen, worked out once per terminal
 * size and run (struct draw_geometry), and the panels' windows made for it.
 *
 * Producers stand in a column on the left, consumers on the right, the channel
 * in the middle, so an item travels left to right the way the data flows. First
 * comes how tall a box can be (full, small, one line) for the taller column to
 * fit, then how wide, then the channel: its slots fold into several rows when
 * they do not fit one, and the rows next to the exit are the ones kept when not
 * all fit. The log gets the rows left.
 */
#include "draw_int.h"

#include "cells.h"

static int draw_layout_box_height(enum draw_box_mode mode)
{
	return mode == DRAW_BOX_FULL ? 9 : mode == DRAW_BOX_SMALL ? 5 : 1;
}

/* The channel's part of the geometry: slot width, how the slots fold. */
static void draw_layout_channel(struct draw_geometry *g, const struct view *v, int avail)
{
	const struct channel_desc *ch = view_desc(v);
	int cap = g->nslots, more;

	g->slot_w = v->value_cols + 2; /* a space, the value, the wall to the next */
	g->back_y = -1;
	if (ch->cell) {
		g->per_row = g->chan_rows = g->chan_rows_shown = 1;
		g->pad = 0;
		/* title, cell, (lock), table, lost; a counter's result */
		g->chan_h = ch->counter ? 10 : 8;
		return;
	}
	/* under the slots: the fill, the kernel's count, the item size */
	more = 2 + (view_has_size_line(v) ? 1 : 0) + (ch->duplex ? 2 : 0);
	g->per_row = draw_clamp((g->chan_w - 7) / g->slot_w, 1, cap);
	g->chan_rows = (cap + g->per_row - 1) / g->per_row;
	g->pad = g->chan_rows * g->per_row - cap;
	g->chan_rows_shown = g->chan_rows;
	if (1 + 3 * g->chan_rows + more > avail)
		g->chan_rows_shown = draw_clamp((avail - 1 - more) / 3, 1, g->chan_rows);
	g->chan_h = 1 + 3 * g->chan_rows_shown + more;
	g->slots_x = g->chan_x + (g->chan_w - (g->per_row * g->slot_w + 1)) / 2;
	if (ch->duplex) /* the answers' lane, under the items', sharing a wall */
		g->back_y = 3 * g->chan_rows_shown;
}

/* Places one column of boxes (producers or consumers) from the top. */
static void draw_layout_column(struct draw_geometry *g, const struct model *m, enum role role,
				 int *hidden, int *more_y)
{
	int y = 0, n = 0, shown = 0;

	for (int a = 0; a < m->nactors; a++)
		n += m->actors[a].role == role;
	*hidden = 0;
	for (int a = 0; a < m->nactors; a++) {
		if (m->actors[a].role != role)
			continue;
		bool last = shown + *hidden == n - 1;
		int room = g->stage_h - (last ? 0 : 1); /* keep a row for "+N more" */
		if (*hidden == 0 && y + g->box_h <= room) {
			g->box_y[a] = y;
			y += g->box_h + g->box_gap;
			shown++;
		} else {
			g->box_y[a] = -1;
			(*hidden)++;
		}
	}
	*more_y = y < g->stage_h ? y : g->stage_h - 1;
}

/* The stage for this terminal and run: first how tall a box can be (full, small,
 * one line) for the taller column to fit, then how wide, then the channel in the
 * middle; the log gets the rows left. */
static void draw_layout_geometry(struct draw *d, const struct view *v)
{
	struct draw_geometry *g = &d->g;
	const struct model *m = &v->shown;
	int left = 0, right = 0, side, need, avail, boxes_h, widest;
	int cap = m->capacity > 0 ? m->capacity : 1;

	if (cap > MODEL_MAX_SLOTS)
		cap = MODEL_MAX_SLOTS;

	for (int a = 0; a < m->nactors; a++)
		if (m->actors[a].role == ROLE_PRODUCER)
			left++;
		else
			right++;
	side = left > right ? left : right;
	if (side < 1)
		side = 1;
	avail = d->rows - DRAW_HEADER_H - DRAW_KEYS_H - DRAW_LOG_MIN_H;
	/* a FIFO's last stage row: the writer from outside and how to be one */
	g->hint = view_desc(v)->named && v->path[0];
	if (g->hint)
		avail--;
	g->nslots = view_desc(v)->named ? DRAW_FIFO_SLOTS : cap;
	g->box_mode = DRAW_BOX_LINE;
	g->box_gap = 0;
	for (enum draw_box_mode mode = DRAW_BOX_FULL; mode < DRAW_BOX_LINE; mode++) {
		int h = draw_layout_box_height(mode);
		if (side * h + (side - 1) <= avail) {
			g->box_mode = mode;
			g->box_gap = 1;
			break;
		}
		if (side * h <= avail) {
			g->box_mode = mode;
			break;
		}
	}
	g->box_h = draw_layout_box_height(g->box_mode);

	need = view_desc(v)->cell ? 40 : g->nslots * (v->value_cols + 2) + 1 + 14;
	if (view_has_size_line(v) && need < 34)
		need = 34; /* "over PIPE_BUF: 2 items MIXED" */
	widest = g->box_mode == DRAW_BOX_LINE ? DRAW_LINE_W_MAX : DRAW_BOX_W_MAX;
	g->box_w = draw_clamp((d->cols - need) / 2 - 1, DRAW_BOX_W_MIN, widest);
	if (right == 0) /* a race: no consumers, their column is shared out */
		g->box_w = draw_clamp(d->cols - need - 2, DRAW_BOX_W_MIN, widest);
	g->chan_x = g->box_w + 1;
	g->chan_w = d->cols - (right == 0 ? 1 : 2) * g->box_w - 2;
	draw_layout_channel(g, v, avail);

	boxes_h = side * g->box_h + (side - 1) * g->box_gap;
	g->stage_h = boxes_h > g->chan_h ? boxes_h : g->chan_h;
	g->stage_h = draw_clamp(g->stage_h + 1, 1, avail);
	g->hint_y = -1;
	if (g->hint) { /* right under the boxes and the channel, a blank row below */
		g->stage_h++;
		g->hint_y = boxes_h > g->chan_h ? boxes_h : g->chan_h;
		if (g->hint_y > g->stage_h - 1)
			g->hint_y = g->stage_h - 1;
	}
	g->log_h = d->rows - DRAW_HEADER_H - DRAW_KEYS_H - g->stage_h;
	draw_layout_column(g, m, ROLE_PRODUCER, &g->hidden_left, &g->more_y_left);
	draw_layout_column(g, m, ROLE_CONSUMER, &g->hidden_right, &g->more_y_right);
	g->chan_top = draw_clamp((g->stage_h - 1 - (g->hint ? 1 : 0) - g->chan_h) / 2, 0, g->stage_h);
}

/* Contract in draw_int.h. */
/* New windows for the terminal's size now. */
void draw_layout(struct draw *d, const struct view *v)
{
	draw_free(d);
	getmaxyx(stdscr, d->rows, d->cols);
	d->too_small = d->rows < DRAW_MIN_ROWS || d->cols < DRAW_MIN_COLS;
	werase(stdscr);
	wnoutrefresh(stdscr);
	if (d->too_small)
		return;
	if (view_multi(v))
		draw_multi_geometry(d, v);
	else
		draw_layout_geometry(d, v);
	d->header = newwin(DRAW_HEADER_H, d->cols, 0, 0);
	d->stage = newwin(d->g.stage_h, d->cols, DRAW_HEADER_H, 0);
	d->log = newwin(d->g.log_h, d->cols, DRAW_HEADER_H + d->g.stage_h, 0);
	d->keys = newwin(DRAW_KEYS_H, d->cols, d->rows - DRAW_KEYS_H, 0);
	if (!d->header || !d->stage || !d->log || !d->keys) {
		draw_free(d);
		d->too_small = true; /* no memory for windows: say so rather than crash */
	}
}

