/* draw_channel.c - the channel in the middle of the stage, drawn as what it is.
 *
 * A pipe is a tube of page slots and a queue a row of message slots, both
 * filled from the exit end (the oldest item is next to the consumers); a ring
 * buffer is a row of places like a queue's, with its semaphores' counts; a
 * socket pair adds a second lane under the first for the answers going back; a
 * FIFO is a tube with its path. Under the slots: the fill, the kernel's own
 * count, and for a pipe the size of its items against PIPE_BUF. The values of
 * blocked producers wait at the entry, a '?' for each waiting consumer at the
 * exit. A shared value is one memory cell with a table of what was written
 * into it, read from it and lost; a race's counter is such a cell, with who is
 * between a load and a store, the lock, and the result. What a channel is
 * comes from its descriptor (cell, counter, duplex, named, boxes), never its
 * kind; its words come from words.c.
 */
#include "draw_int.h"

#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "i18n.h"
#include "words.h"

/* The first fold row drawn (the rows next to the exit are the ones shown). */
static int draw_channel_first_row(const struct draw_geometry *g)
{
	return g->chan_rows - g->chan_rows_shown;
}

/* Screen position of slot p (0 = entry end, nslots-1 = exit end): the row of
 * its value and the column of its first cell. False if its row is not shown. */
static bool draw_channel_slot_pos(const struct draw_geometry *g, int p, int *y, int *x)
{
	int q = p + g->pad, row = q / g->per_row - draw_channel_first_row(g);

	if (row < 0)
		return false;
	*y = g->chan_top + 1 + row * 3 + 1;
	*x = g->slots_x + (q % g->per_row) * g->slot_w + 1;
	return true;
}

/* Screen position of place c (0 = the producers' end) on a socket pair's lane
 * of answers, which has one row. */
static void draw_channel_back_pos(const struct draw_geometry *g, int c, int *y, int *x)
{
	int n = g->nslots < g->per_row ? g->nslots : g->per_row;

	*y = g->chan_top + g->back_y + 1;
	*x = g->slots_x + (g->per_row - n) * g->slot_w + c * g->slot_w + 1;
}

static void draw_channel_slot_value(struct draw *d, int y, int x, int32_t value, attr_t attr)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%*d", d->g.slot_w - 1, (int)value);
	cells_put(d->stage, y, x, buf, d->g.slot_w - 1, attr);
}

/* The walls of places [first, last] of a row at columns from x0: message
 * boxes, or the walls of a tube. */
static void draw_channel_slot_walls(struct draw *d, bool boxes, int y, int x0, int first, int last)
{
	const struct draw_geometry *g = &d->g;
	const struct draw_glyphs *gl = d->glyphs;

	for (int c = first; c <= last; c++) {
		int x = x0 + c * g->slot_w;
		if (boxes) {
			cells_put(d->stage, y, x, c == first ? gl->tl : gl->tt, 1, A_NORMAL);
			cells_repeat(d->stage, y, x + 1, gl->h, g->slot_w - 1, A_NORMAL);
			cells_put(d->stage, y + 1, x, gl->v, 1, A_NORMAL);
			cells_put(d->stage, y + 2, x, c == first ? gl->bl : gl->bt, 1, A_NORMAL);
			cells_repeat(d->stage, y + 2, x + 1, gl->h, g->slot_w - 1, A_NORMAL);
		} else {
			cells_repeat(d->stage, y, x, gl->tube, g->slot_w, A_NORMAL);
			cells_repeat(d->stage, y + 2, x, gl->tube, g->slot_w, A_NORMAL);
		}
	}
	int xe = x0 + (last + 1) * g->slot_w;
	if (boxes) {
		cells_put(d->stage, y, xe, gl->tr, 1, A_NORMAL);
		cells_put(d->stage, y + 1, xe, gl->v, 1, A_NORMAL);
		cells_put(d->stage, y + 2, xe, gl->br, 1, A_NORMAL);
	} else {
		cells_put(d->stage, y, xe, gl->tube, 1, A_NORMAL);
		cells_put(d->stage, y + 2, xe, gl->tube, 1, A_NORMAL);
	}
}

/* One fold row of slots: borders and the items in it. */
static void draw_channel_slot_row(struct draw *d, const struct view *v, int row, int y)
{
	const struct draw_geometry *g = &d->g;
	const struct model *m = &v->shown;
	bool boxes = view_desc(v)->boxes;
	int cap = g->nslots, first = -1, last = -1, pages = view_pages_used(v);
	bool split = view_split_items(v);
	bool full = split ? pages >= cap : m->fill >= m->capacity;

	for (int c = 0; c < g->per_row; c++) {
		int p = row * g->per_row + c - g->pad;
		int x = g->slots_x + c * g->slot_w;
		if (p < 0 || p >= cap)
			continue;
		if (first < 0)
			first = c;
		last = c;
		int item = cap - 1 - p; /* 0 = the oldest, next out */
		if (split && item < pages) /* bytes of whoever wrote them: not an item */
			cells_repeat(d->stage, y + 1, x + 1, d->glyphs->bytes, g->slot_w - 1,
				     draw_attr(d, full ? STYLE_FULL : STYLE_NOTE));
		else if (split)
			cells_put(d->stage, y + 1, x + g->slot_w - 1, d->glyphs->dot, 1, A_NORMAL);
		else if (item < m->fill && item < MODEL_MAX_SLOTS)
			draw_channel_slot_value(d, y + 1, x + 1, m->slots[item],
					draw_attr(d, full ? STYLE_FULL : STYLE_ITEM));
		else if (!boxes)
			cells_put(d->stage, y + 1, x + g->slot_w - 1, d->glyphs->dot, 1, A_NORMAL);
	}
	if (last >= 0)
		draw_channel_slot_walls(d, boxes, y, g->slots_x, first, last);
}

/* A socket pair's second lane, under the first: the answers on their way back
 * to the producers, the oldest at the left, next out; arrows pointing back. */
static void draw_channel_back_lane(struct draw *d, const struct view *v)
{
	const struct draw_geometry *g = &d->g;
	const struct model *m = &v->shown;
	int n = g->nslots < g->per_row ? g->nslots : g->per_row;
	int y = g->chan_top + g->back_y, vy, vx;

	draw_channel_back_pos(g, 0, &vy, &vx);
	draw_channel_slot_walls(d, false, y, vx - 1, 0, n - 1);
	char label[128];
	snprintf(label, sizeof label, " %s ", _("answers"));
	if (cells_width(label) <= n * g->slot_w)
		draw_centred(d->stage, y + 2, vx - 1, n * g->slot_w + 1, label, draw_attr(d, STYLE_BOLD));
	for (int c = 0; c < n; c++) {
		draw_channel_back_pos(g, c, &vy, &vx);
		if (c < m->back_fill && c < MODEL_MAX_SLOTS)
			draw_channel_slot_value(d, vy, vx, m->back[c], draw_attr(d, STYLE_ITEM));
		else
			cells_put(d->stage, vy, vx + g->slot_w - 2, d->glyphs->dot, 1, A_NORMAL);
	}
	draw_channel_back_pos(g, 0, &vy, &vx);
	cells_put(d->stage, vy, vx - 3, d->glyphs->back, 1, draw_attr(d, STYLE_BOLD));
	draw_channel_back_pos(g, n - 1, &vy, &vx);
	cells_put(d->stage, vy, vx + g->slot_w + 1, d->glyphs->back, 1, draw_attr(d, STYLE_BOLD));
}

/* The values blocked producers are holding, waiting at the entry, and a '?'
 * for each consumer waiting at the exit. On a socket pair a producer waiting
 * for its answer has its '?' at the answers' exit, and a consumer that cannot
 * answer holds its answer at their entry. */
static void draw_channel_waiting_items(struct draw *d, const struct view *v, int entry_y, int entry_x,
			       int exit_y, int exit_x)
{
	const struct model *m = &v->shown;
	const struct draw_geometry *g = &d->g;
	attr_t bad = draw_attr(d, STYLE_BLOCKED);
	int xl = entry_x - 1, xr = exit_x + 2, bxl = 0, bxr = 0, by = 0, bx;
	char buf[32];

	if (g->back_y >= 0) {
		draw_channel_back_pos(g, 0, &by, &bxl);
		bxl -= 4;
		draw_channel_back_pos(g, (g->nslots < g->per_row ? g->nslots : g->per_row) - 1, &by, &bxr);
		bxr += g->slot_w + 3;
	}
	for (int a = 0; a < m->nactors; a++) {
		const struct model_actor *ma = &m->actors[a];
		bool answer = g->back_y >= 0 &&
			      (ma->role == ROLE_PRODUCER) == (ma->blocked_op == OP_GET);
		if (ma->state != ACTOR_BLOCKED)
			continue;
		if (answer && ma->role == ROLE_PRODUCER) { /* waits for its answer */
			bxl -= 4;
			if (bxl > g->chan_x - 1)
				cells_put(d->stage, by, bxl, " ? ", 3, bad);
		} else if (answer && ma->has_pending) { /* cannot answer: the lane back is full */
			snprintf(buf, sizeof buf, " %d ", (int)ma->pending);
			bx = bxr;
			bxr += cells_width(buf) + 1;
			if (bxr < g->chan_x + g->chan_w + 1)
				cells_put(d->stage, by, bx, buf, cells_width(buf), bad);
		} else if (ma->role == ROLE_PRODUCER && ma->has_pending) {
			snprintf(buf, sizeof buf, " %d ", (int)ma->pending);
			xl -= cells_width(buf) + 1;
			if (xl > g->chan_x - 1)
				cells_put(d->stage, entry_y, xl, buf, cells_width(buf), bad);
		} else if (ma->role == ROLE_CONSUMER) {
			if (xr + 3 < g->chan_x + g->chan_w + 1)
				cells_put(d->stage, exit_y, xr, " ? ", 3, bad);
			xr += 4;
		}
	}
}

/* The kernel's own count in the unit it counts in, naming where it comes from
 * when there is room. */
static void draw_channel_kernel_fill(struct draw *d, const struct view *v, char *buf, size_t len)
{
	words_kernel_fill(v, false, buf, len);
	if (cells_width(buf) > d->g.chan_w)
		words_kernel_fill(v, true, buf, len);
}

/* The channel's title over its slots, shorter when the long one does not fit. */
static void draw_channel_slots_title(struct draw *d, const struct view *v, char *buf, size_t len)
{
	words_slots_title(v, false, buf, len);
	if (cells_width(buf) > d->g.chan_w)
		words_slots_title(v, true, buf, len);
}

/* The fill under the slots: "3/4" and FULL or empty, a FIFO's lines, a
 * socket pair's answers on their way back. */
static void draw_channel_fill_line(struct draw *d, const struct view *v, int y)
{
	const struct draw_geometry *g = &d->g;
	struct words_fill f;
	char line[320];

	words_fill(v, &f);
	snprintf(line, sizeof line, "%s  %s%s%s", f.num, f.word, f.back[0] ? "  " : "", f.back);
	int x = g->chan_x + (g->chan_w - cells_width(line)) / 2;
	if (x < g->chan_x)
		x = g->chan_x;
	int end = g->chan_x + g->chan_w;
	x += cells_put(d->stage, y, x, f.num, end - x, draw_attr(d, STYLE_BOLD)) + 2;
	if (f.word[0])
		x += cells_put(d->stage, y, x, f.word, end - x,
			       f.full ? draw_attr(d, STYLE_FULL) : A_NORMAL) + 2;
	if (f.back[0] && x < end)
		cells_put(d->stage, y, x, f.back, end - x, A_NORMAL);
}

/* A pipe whose items have a size of their own: atomic or not, mixed or not. */
static void draw_channel_size_line(struct draw *d, const struct view *v, int y)
{
	char buf[256];
	enum style style = words_size_line(v, buf, sizeof buf);

	draw_centred(d->stage, y, d->g.chan_x, d->g.chan_w, buf, draw_attr(d, style));
}

static void draw_channel_slots(struct draw *d, const struct view *v)
{
	const struct draw_geometry *g = &d->g;
	int cap = g->nslots, first = draw_channel_first_row(g);
	int entry_y = 0, entry_x = 0, exit_y = 0, exit_x = 0;
	char buf[256];

	draw_channel_slots_title(d, v, buf, sizeof buf);
	draw_centred(d->stage, g->chan_top, g->chan_x, g->chan_w, buf, draw_attr(d, STYLE_BOLD));
	for (int r = first; r < g->chan_rows; r++)
		draw_channel_slot_row(d, v, r, g->chan_top + 1 + (r - first) * 3);
	if (first > 0)
		cells_put(d->stage, g->chan_top + 2, g->slots_x - 4, d->glyphs->ellipsis, 3, A_NORMAL);
	if (!draw_channel_slot_pos(g, 0, &entry_y, &entry_x)) {
		entry_y = g->chan_top + 2;
		entry_x = g->slots_x + 1;
	}
	draw_channel_slot_pos(g, cap - 1, &exit_y, &exit_x);
	entry_x -= 3;
	exit_x += g->slot_w + 1;
	cells_put(d->stage, entry_y, entry_x, d->glyphs->arrow, 1, draw_attr(d, STYLE_BOLD));
	cells_put(d->stage, exit_y, exit_x, d->glyphs->arrow, 1, draw_attr(d, STYLE_BOLD));
	if (g->back_y >= 0)
		draw_channel_back_lane(d, v);
	draw_channel_waiting_items(d, v, entry_y, entry_x, exit_y, exit_x);

	int y = g->chan_top + 1 + 3 * g->chan_rows_shown + (g->back_y >= 0 ? 2 : 0);
	draw_channel_fill_line(d, v, y++);
	draw_channel_kernel_fill(d, v, buf, sizeof buf);
	draw_centred(d->stage, y++, g->chan_x, g->chan_w, buf, draw_attr(d, STYLE_PROC));
	if (view_has_size_line(v))
		draw_channel_size_line(d, v, y);
}

/* Where the shared value's cell is: the row of its value and its first cell. */
static void draw_channel_cell_pos(const struct draw *d, const struct view *v, int *y, int *x)
{
	int cw = v->value_cols + 4;

	*y = d->g.chan_top + 2;
	*x = d->g.chan_x + (d->g.chan_w - cw) / 2 + 1;
}

/* The table under a cell: each value written, whether it was read, and the
 * ones lost; for a counter, each value stored and loaded, and the stores that
 * undid another's. */
static void draw_channel_shm_table(struct draw *d, const struct view *v, int y)
{
	const struct draw_geometry *g = &d->g;
	const char *labels[3];
	int lw = 0, colw = v->value_cols + 2, x0, n, from;
	char buf[32];

	words_cell_labels(v, labels);
	for (int i = 0; i < 3; i++)
		if (cells_width(labels[i]) > lw)
			lw = cells_width(labels[i]);
	x0 = g->chan_x + 1;
	n = (g->chan_w - lw - 2) / colw;
	if (n < 1)
		return;
	from = v->nwrites > n ? v->nwrites - n : 0;
	for (int i = 0; i < 3; i++)
		cells_put(d->stage, y + i, x0, labels[i], lw, draw_attr(d, STYLE_BOLD));
	for (int i = from; i < v->nwrites; i++) {
		const struct view_write *wr = &v->writes[i];
		int x = x0 + lw + 1 + (i - from) * colw;
		bool newest_lost = v->flash > 0 && wr->mark == VIEW_WRITE_LOST && i == v->nwrites - 2;
		snprintf(buf, sizeof buf, "%*d", colw - 1, (int)wr->value);
		cells_put(d->stage, y, x, buf, colw, wr->mark == VIEW_WRITE_LOST ? draw_attr(d, STYLE_LOST)
										 : A_NORMAL);
		if (wr->reads > 0)
			cells_put(d->stage, y + 1, x, buf, colw,
				  draw_attr(d, wr->reads > 1 ? STYLE_NOTE : STYLE_NORMAL));
		if (wr->mark == VIEW_WRITE_LOST) {
			snprintf(buf, sizeof buf, "%s%*d", d->glyphs->lost, colw - 2, (int)wr->value);
			cells_put(d->stage, y + 2, x, buf, colw,
				  draw_attr(d, newest_lost && v->flash % 6 >= 3 ? STYLE_FLASH : STYLE_LOST));
		}
	}
}

/* A counter's line under its cell: who holds the lock (race-locked), or who
 * is between a load and a store with nothing to stop the other (race). */
static void draw_channel_lock_line(struct draw *d, const struct view *v, int y)
{
	char buf[512];
	enum style style = words_lock_line(v, buf, sizeof buf);

	draw_centred(d->stage, y, d->g.chan_x, d->g.chan_w, buf, draw_attr(d, style));
}

static void draw_channel_cell(struct draw *d, const struct view *v)
{
	const struct draw_geometry *g = &d->g;
	const struct model *m = &v->shown;
	bool counter = view_desc(v)->counter;
	int cw = v->value_cols + 4, cy, cx, y;
	char buf[512];
	attr_t cell_attr = A_NORMAL;
	const char *title = words_cell_title(v, false), *state = words_cell_state(v);

	if (cells_width(title) > g->chan_w)
		title = words_cell_title(v, true);
	draw_centred(d->stage, g->chan_top, g->chan_x, g->chan_w, title, draw_attr(d, STYLE_BOLD));
	draw_channel_cell_pos(d, v, &cy, &cx);
	if (v->flash > 0 && v->flash % 6 >= 3)
		cell_attr = draw_attr(d, STYLE_FLASH);
	else if (m->cell_written && !m->cell_read)
		cell_attr = draw_attr(d, STYLE_ITEM);
	draw_box(d, d->stage, cy - 1, cx - 1, 3, cw, v->flash > 0 ? draw_attr(d, STYLE_LOST) : A_NORMAL);
	if (m->cell_written || counter) /* a counter starts at 0 */
		snprintf(buf, sizeof buf, " %*d ", v->value_cols, (int)m->cell);
	else
		snprintf(buf, sizeof buf, " %*s ", v->value_cols, "-");
	cells_put(d->stage, cy, cx, buf, cw - 2, cell_attr);
	if (state)
		cells_put(d->stage, cy, cx + cw, state, g->chan_x + g->chan_w - cx - cw, A_NORMAL);
	y = cy + 2;
	if (counter)
		draw_channel_lock_line(d, v, y++);
	draw_channel_shm_table(d, v, y);
	y += 3;
	enum style lost = words_lost_line(v, buf, sizeof buf);
	draw_centred(d->stage, y++, g->chan_x, g->chan_w, buf, draw_attr(d, lost));
	if (counter && m->has_result) {
		char line[sizeof buf + 2];
		enum style st = words_result(m, buf, sizeof buf);
		snprintf(line, sizeof line, " %s ", buf);
		draw_centred(d->stage, y, g->chan_x, g->chan_w, line, draw_attr(d, st));
	}
}

/* Where an item on its way is at its channel end: the slot it will take or
 * has just left, on the lane of answers for a socket pair's answers. */
/* Contract in draw_int.h. */
void draw_channel_travel_slot(const struct draw *d, const struct view *v, int *py, int *px)
{
	const struct view_travel *t = &v->travel;
	const struct model *m = &v->shown;
	int cap = d->g.nslots;

	if (view_desc(v)->cell) {
		draw_channel_cell_pos(d, v, py, px);
		return;
	}
	if (t->back) {
		/* in: the place after the answers there; out: the first place */
		int n = cap < d->g.per_row ? cap : d->g.per_row;
		int c = t->kind == VIEW_TRAVEL_IN ? (m->back_fill < n ? m->back_fill : n - 1) : 0;
		draw_channel_back_pos(&d->g, c, py, px);
		*px -= 1;
		return;
	}
	/* In: the slot the item will take; out: the exit slot it just left. */
	int p = t->kind == VIEW_TRAVEL_IN ? cap - 1 - m->fill : cap - 1;
	if (p < 0)
		p = 0;
	if (!draw_channel_slot_pos(&d->g, p, py, px)) {
		*py = d->g.chan_top + 2;
		*px = d->g.slots_x;
	}
	*px -= 1;
}


/* Contract in draw_int.h. */
void draw_channel(struct draw *d, const struct view *v)
{
	if (view_desc(v)->cell)
		draw_channel_cell(d, v);
	else
		draw_channel_slots(d, v);
}
