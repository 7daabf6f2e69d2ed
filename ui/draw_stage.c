/* draw_stage.c - the stage: one box per actor, the channel between them
 * (draw_channel.c), the item on its way in or out, and a FIFO's row for the
 * writer from outside.
 *
 * A box says what its actor is doing in the words of its channel (puts, writes,
 * stores; BLOCKED in which call, for what) and what the kernel says of it: its
 * /proc state, wait channel and system call; words.c builds those words, this
 * file places them. Boxes shrink from full (every
 * detail) to small to one line when many actors share a column; those that do
 * not fit are counted ("+2 more"). The item in flight is drawn last, over
 * everything, from its actor's box to its slot or the other way.
 */
#include "draw_int.h"

#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "i18n.h"
#include "words.h"

static int draw_stage_box_x(const struct draw *d, const struct model_actor *ma)
{
	return ma->role == ROLE_PRODUCER ? 0 : d->cols - d->g.box_w;
}

/* The name on actor a's box: in choosing mode the selected one is marked. */
static const char *draw_stage_name(const struct draw *d, const struct view *v, int a,
				   char *buf, size_t len)
{
	bool mark = v->choosing && !v->past && !v->finished && a == v->selected;

	snprintf(buf, len, "%s%s%s", mark ? d->glyphs->play : "", mark ? " " : "",
		 v->shown.actors[a].name);
	return buf;
}

/* The word of words_choose_why on the bottom edge of a box. */
static void draw_stage_why_edge(struct draw *d, const struct view *v, int a, int y, int x,
				attr_t border)
{
	const char *why = words_choose_why(v, a);

	if (why)
		draw_box_title(d->stage, y + d->g.box_h - 1, x, d->g.box_w, why,
			       draw_attr(d, STYLE_BOLD) | border);
}

static void draw_stage_actor_full(struct draw *d, const struct view *v, int a, int y, int x,
			    const struct words_actor *w, const struct words_kernel *k,
			    attr_t border)
{
	WINDOW *win = d->stage;
	const struct model_actor *ma = &v->shown.actors[a];
	int iw = d->g.box_w - 4, ix = x + 2;
	char buf[128];

	char title[SCENARIO_NAME_MAX + 64];

	draw_box(d, win, y, x, d->g.box_h, d->g.box_w, border);
	draw_box_title(win, y, x, d->g.box_w, draw_stage_name(d, v, a, title, sizeof title),
		       draw_attr(d, STYLE_BOLD) | border);
	draw_stage_why_edge(d, v, a, y, x, border);
	snprintf(buf, sizeof buf, _("pid %d"), ma->pid);
	cells_put(win, y + 1, ix, buf, iw, A_NORMAL);
	cells_put(win, y + 2, ix, w->state, iw, draw_attr(d, w->style));
	cells_put(win, y + 3, ix, w->detail, iw, draw_attr(d, w->detail_style));
	cells_put(win, y + 4, ix, w->extra, iw, draw_attr(d, w->extra_style));
	if (!k->known) {
		cells_put(win, y + 5, ix, words_no_kernel(v, a), iw, draw_attr(d, STYLE_DONE));
		return;
	}
	attr_t pa = draw_attr(d, STYLE_PROC);
	draw_labelled(win, y + 5, ix, iw, _("kernel:"), k->state, pa);
	draw_labelled(win, y + 6, ix, iw, _("wchan:"), k->wchan, pa);
	draw_labelled(win, y + 7, ix, iw, _("syscall:"), k->syscall, pa);
}

static void draw_stage_actor_small(struct draw *d, const struct view *v, int a, int y, int x,
			     const struct words_actor *w, const struct words_kernel *k,
			     attr_t border)
{
	WINDOW *win = d->stage;
	const struct model_actor *ma = &v->shown.actors[a];
	int iw = d->g.box_w - 4, ix = x + 2;
	char buf[256];

	char title[SCENARIO_NAME_MAX + 64];

	draw_box(d, win, y, x, d->g.box_h, d->g.box_w, border);
	snprintf(buf, sizeof buf, "%s %d", draw_stage_name(d, v, a, title, sizeof title), ma->pid);
	draw_box_title(win, y, x, d->g.box_w, buf, draw_attr(d, STYLE_BOLD) | border);
	draw_stage_why_edge(d, v, a, y, x, border);
	int sw = cells_put(win, y + 1, ix, w->state, iw, draw_attr(d, w->style));
	if (w->extra[0] && sw + 2 + cells_width(w->extra) <= iw)
		cells_put(win, y + 1, ix + sw + 2, w->extra, iw - sw - 2, draw_attr(d, w->extra_style));
	cells_put(win, y + 2, ix, w->detail, iw, draw_attr(d, w->detail_style));
	if (k->known)
		snprintf(buf, sizeof buf, "%c %s %s", v->kernel.proc[a].state, k->wchan, k->syscall);
	else
		snprintf(buf, sizeof buf, "%s", words_no_kernel(v, a));
	cells_put(win, y + 3, ix, buf, iw, draw_attr(d, k->known ? STYLE_PROC : STYLE_DONE));
}

static void draw_stage_actor_line(struct draw *d, const struct view *v, int a, int y, int x,
			    const struct words_actor *w, const struct words_kernel *k)
{
	WINDOW *win = d->stage;
	const struct model_actor *ma = &v->shown.actors[a];
	int bw = d->g.box_w, at = x;
	char buf[256];

	char title[SCENARIO_NAME_MAX + 64];

	const char *why = words_choose_why(v, a);

	snprintf(buf, sizeof buf, "%s %d %s%s", draw_stage_name(d, v, a, title, sizeof title),
		 ma->pid, why ? why : "", why ? " " : "");
	at += cells_put(win, y, at, buf, bw, draw_attr(d, STYLE_BOLD));
	at += cells_put(win, y, at, w->state, x + bw - at, draw_attr(d, w->style));
	snprintf(buf, sizeof buf, " %s", w->detail);
	at += cells_put(win, y, at, buf, x + bw - at, A_NORMAL);
	if (k->known) {
		snprintf(buf, sizeof buf, " %c %s", v->kernel.proc[a].state, k->wchan);
		cells_put(win, y, at, buf, x + bw - at, draw_attr(d, STYLE_PROC));
	}
}

static void draw_stage_actor(struct draw *d, const struct view *v, int a)
{
	const struct model_actor *ma = &v->shown.actors[a];
	int y = d->g.box_y[a], x = draw_stage_box_x(d, ma);
	struct words_actor w;
	struct words_kernel k;
	attr_t border = A_NORMAL;

	if (y < 0)
		return;
	words_actor(v, a, &w);
	words_kernel(v, a, &k);
	if (ma->state == ACTOR_BLOCKED)
		border = v->box_pulse[a] % 4 >= 2 ? draw_attr(d, STYLE_BLOCKED)
					      : draw_attr(d, STYLE_BLOCKED_TEXT);
	else if (view_traveling(v, a))
		border = draw_attr(d, STYLE_RUNNING);
	switch (d->g.box_mode) {
	case DRAW_BOX_FULL:
		draw_stage_actor_full(d, v, a, y, x, &w, &k, border);
		break;
	case DRAW_BOX_SMALL:
		draw_stage_actor_small(d, v, a, y, x, &w, &k, border);
		break;
	case DRAW_BOX_LINE:
		draw_stage_actor_line(d, v, a, y, x, &w, &k);
		break;
	}
}

static void draw_stage_more(struct draw *d, int hidden, int y, int x)
{
	char buf[64];

	if (hidden <= 0)
		return;
	snprintf(buf, sizeof buf, _("+%d more"), hidden);
	cells_put(d->stage, y, x, buf, d->g.box_w, draw_attr(d, STYLE_BOLD));
}


/* Where an actor's items leave from or arrive at: beside its box, level with
 * the channel's row `toward` where the box reaches it (the item then travels in
 * a straight line), else as close to it as the box goes. */
static void draw_stage_anchor(const struct draw *d, const struct view *v, int a, int item_w,
			int toward, int *y, int *x)
{
	const struct model_actor *ma = &v->shown.actors[a];
	bool left = ma->role == ROLE_PRODUCER;
	int by = d->g.box_y[a];

	if (by < 0)
		*y = left ? d->g.more_y_left : d->g.more_y_right;
	else if (d->g.box_h <= 2)
		*y = by;
	else
		*y = draw_clamp(toward, by + 1, by + d->g.box_h - 2);
	*x = left ? d->g.box_w : d->cols - d->g.box_w - item_w;
}

/* A FIFO's last stage row: under the producers, the writer from outside (what
 * it wrote, once it has); beside it, how to be that writer. Where an outside
 * item starts its travel: *y, *x. */
static void draw_stage_outside_pos(const struct draw *d, int item_w, int *y, int *x)
{
	*y = d->g.hint_y;
	*x = d->g.box_w - item_w;
}

static void draw_stage_hint(struct draw *d, const struct view *v)
{
	const struct draw_geometry *g = &d->g;
	int y = g->hint_y, x;
	char buf[512], cmd[VIEW_PATH_MAX + 16];

	if (!g->hint || y < 0)
		return;
	enum style style = words_outside(v, buf, sizeof buf);
	x = cells_put(d->stage, y, 0, buf, g->box_w, draw_attr(d, style));
	x = x + 2 > g->chan_x ? x + 2 : g->chan_x;
	words_outside_command(v, buf, sizeof buf, cmd, sizeof cmd);
	int lw = cells_width(buf);
	if (x + lw + cells_width(cmd) > d->cols)
		lw = 0; /* the command alone: it must not be cut */
	if (lw)
		x += cells_put(d->stage, y, x, buf, lw, A_NORMAL);
	cells_put(d->stage, y, x, cmd, d->cols - x, draw_attr(d, STYLE_BOLD));
}

static void draw_stage_travel(struct draw *d, const struct view *v)
{
	const struct view_travel *t = &v->travel;
	const struct model *m = &v->shown;
	int item_w = v->value_cols + 2, sy, sx, ey, ex, py, px;
	bool outside = t->actor == EVENT_ACTOR_OUTSIDE && d->g.hint;
	enum style style = STYLE_ITEM;
	char buf[32];

	if (t->kind == VIEW_TRAVEL_NONE || (!outside && (t->actor < 0 || t->actor >= m->nactors)))
		return;
	draw_channel_travel_slot(d, v, &py, &px);
	if (t->kind == VIEW_TRAVEL_IN) {
		if (outside)
			draw_stage_outside_pos(d, item_w, &sy, &sx);
		else
			draw_stage_anchor(d, v, t->actor, item_w, py, &sy, &sx);
		ey = py;
		ex = px;
	} else {
		sy = py;
		sx = px;
		draw_stage_anchor(d, v, t->actor, item_w, py, &ey, &ex);
	}
	py = sy + (int)((ey - sy) * t->progress + (ey >= sy ? 0.5 : -0.5));
	px = sx + (int)((ex - sx) * t->progress + 0.5);
	if (t->mixed) { /* not what either writer wrote: marked as such */
		snprintf(buf, sizeof buf, "%s%*d ", d->glyphs->lost, v->value_cols, (int)t->value);
		style = STYLE_LOST;
	} else {
		snprintf(buf, sizeof buf, " %*d ", v->value_cols, (int)t->value);
		if (t->part) /* a part of an item, not a whole one */
			style = STYLE_NOTE;
	}
	cells_unsplit(d->stage, py, px, px + item_w); /* it may pass over Chinese text */
	cells_put(d->stage, py, px, buf, item_w, draw_attr(d, style) | A_BOLD);
}

/* Contract in draw_int.h. */
void draw_stage(struct draw *d, const struct view *v)
{
	const struct model *m = &v->shown;

	if (view_multi(v)) {
		draw_multi_stage(d, v);
		return;
	}
	werase(d->stage);
	for (int a = 0; a < m->nactors; a++)
		draw_stage_actor(d, v, a);
	draw_stage_more(d, d->g.hidden_left, d->g.more_y_left, 0);
	draw_stage_more(d, d->g.hidden_right, d->g.more_y_right, d->cols - d->g.box_w);
	draw_channel(d, v);
	draw_stage_hint(d, v);
	draw_stage_travel(d, v);
	wnoutrefresh(d->stage);
}

