/* draw_stage.c - the stage: one box per actor, the channel between them
 * (draw_channel.c), the item on its way in or out, and a FIFO's row for the
 * writer from outside.
 *
 * A box says what its actor is doing in the words of its channel (puts, writes,
 * stores; BLOCKED in which call, for what) and what the kernel says of it: its
 * /proc state, wait channel and system call. Boxes shrink from full (every
 * detail) to small to one line when many actors share a column; those that do
 * not fit are counted ("+2 more"). The item in flight is drawn last, over
 * everything, from its actor's box to its slot or the other way.
 */
#include "draw_int.h"

#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "i18n.h"
#include "procinfo.h"

/* What an actor is doing, as the state word and a detail line. */
struct draw_stage_words {
	char state[64];
	enum draw_style style;
	char detail[128];
	enum draw_style detail_style;
	char extra[128];
	enum draw_style extra_style;
};

static bool draw_stage_traveling(const struct view *v, int a)
{
	return v->travel.kind != VIEW_TRAVEL_NONE && v->travel.actor == a;
}

/* The value an actor moved last, in the words of its channel. */
static void draw_stage_last_value(const struct view *v, const struct model_actor *ma, char *buf,
			    size_t len)
{
	const struct channel_ops *ops = draw_ops(v);

	buf[0] = '\0';
	if (!ma->has_last)
		return;
	if (ops->counter)
		snprintf(buf, len, _("last stored: %d"), (int)ma->last);
	else if (ma->role == ROLE_PRODUCER)
		snprintf(buf, len, ops->cell ? _("last written: %d") : _("last put: %d"), (int)ma->last);
	else
		snprintf(buf, len, ops->cell ? _("last read: %d") : _("last got: %d"), (int)ma->last);
}

/* An item on its way, in the words of its channel and direction. */
static void draw_stage_travel_words(const struct view *v, char *buf, size_t len)
{
	const struct channel_ops *ops = draw_ops(v);
	const struct view_travel *t = &v->travel;
	bool in = t->kind == VIEW_TRAVEL_IN;
	int value = (int)t->value;

	if (ops->counter)
		snprintf(buf, len, in ? _("stores %d") : _("loads %d"), value);
	else if (ops->cell)
		snprintf(buf, len, in ? _("writes %d") : _("reads %d"), value);
	else if (t->back)
		snprintf(buf, len, in ? _("answers %d") : _("gets answer %d"), value);
	else if (t->part)
		snprintf(buf, len, _("reads a part of %d"), value);
	else
		snprintf(buf, len, in ? _("puts %d") : _("gets %d"), value);
}

/* Asleep in the kernel: in which call, for what. */
static void draw_stage_blocked_words(const struct view *v, const struct model_actor *ma,
			       struct draw_stage_words *w)
{
	const struct channel_ops *ops = draw_ops(v);
	const char *get = v->call_get ? v->call_get : "read";
	const char *put = v->call_put ? v->call_put : "write";

	if (ops->counter) {
		snprintf(w->detail, sizeof w->detail, _("in %s: the lock"), get);
		snprintf(w->extra, sizeof w->extra, "%s", _("waits for the lock"));
	} else if (ma->role == ROLE_PRODUCER && ma->blocked_op == OP_GET) {
		/* a socket pair's producer waits for the answer to its item */
		snprintf(w->detail, sizeof w->detail, _("in %s: no answer yet"), get);
		snprintf(w->extra, sizeof w->extra, "%s", _("waits for its answer"));
	} else if (ma->blocked_op == OP_GET || (ma->role == ROLE_CONSUMER && ma->blocked_op != OP_PUT)) {
		snprintf(w->detail, sizeof w->detail, _("in %s: empty"), get);
		snprintf(w->extra, sizeof w->extra, "%s", _("waits for an item"));
	} else {
		snprintf(w->detail, sizeof w->detail, _("in %s: full"), put);
		if (ma->has_pending)
			snprintf(w->extra, sizeof w->extra,
				 ma->role == ROLE_CONSUMER ? _("trying to answer %d") : _("trying to put %d"),
				 (int)ma->pending);
	}
}

/* A consumer of big pipe items: the parts so far, or how the latest item came
 * out (mixed with another writer's bytes). Nothing to say: false. */
static bool draw_stage_parts_words(const struct view *v, int a, struct draw_stage_words *w)
{
	const struct view_actor_extra *x = &v->extra[a];
	char *p = w->extra;
	size_t left = sizeof w->extra;

	if (x->nparts > 0) {
		if (v->item_size > 0)
			snprintf(w->detail, sizeof w->detail, _("%ld/%d bytes"), x->part_bytes,
				 v->item_size);
		else
			snprintf(w->detail, sizeof w->detail, _("%ld bytes so far"), x->part_bytes);
		int n = snprintf(p, left, "%s", _("parts of:"));
		for (int i = 0; i < x->nparts && i < VIEW_PARTS_MAX && n > 0 && (size_t)n < left; i++) {
			p += n;
			left -= (size_t)n;
			n = snprintf(p, left, " %d", (int)x->part_value[i]);
		}
		w->extra_style = STYLE_NOTE;
		return true;
	}
	if (x->mixed && v->shown.actors[a].has_last) {
		/* on the detail line if it is free: every size of box shows it */
		bool free_line = !w->detail[0];
		snprintf(free_line ? w->detail : w->extra, sizeof w->extra, _("MIXED: %d with %d"),
			 (int)v->shown.actors[a].last, (int)x->mixed_value);
		*(free_line ? &w->detail_style : &w->extra_style) =
			v->flash > 0 && v->flash % 6 >= 3 ? STYLE_FLASH : STYLE_LOST;
		return true;
	}
	return false;
}

static void draw_stage_actor_words(const struct view *v, int a, struct draw_stage_words *w)
{
	const struct model_actor *ma = &v->shown.actors[a];
	const char *sig;

	memset(w, 0, sizeof *w);
	w->style = STYLE_NORMAL;
	w->detail_style = STYLE_NORMAL;
	w->extra_style = STYLE_NORMAL;
	draw_stage_last_value(v, ma, w->extra, sizeof w->extra);
	switch (ma->state) {
	case ACTOR_NEW:
		snprintf(w->state, sizeof w->state, "%s", _("starting"));
		break;
	case ACTOR_WAITING:
		if (draw_stage_traveling(v, a)) {
			snprintf(w->state, sizeof w->state, "%s", _("running"));
			w->style = STYLE_RUNNING;
			draw_stage_travel_words(v, w->detail, sizeof w->detail);
		} else {
			snprintf(w->state, sizeof w->state, "%s", _("waiting its turn"));
		}
		if (draw_loaded_actor(v, a) == a) { /* a race: its load is done, its store next */
			snprintf(w->detail, sizeof w->detail, _("loaded %d, stores %d next"),
				 (int)ma->last, (int)ma->last + 1);
			snprintf(w->extra, sizeof w->extra, "%s", _("between load and store"));
			w->extra_style = STYLE_NOTE;
		} else if (ma->role == ROLE_CONSUMER && !draw_stage_traveling(v, a)) {
			draw_stage_parts_words(v, a, w);
		}
		break;
	case ACTOR_BLOCKED:
		snprintf(w->state, sizeof w->state, "%s", _("BLOCKED"));
		w->style = STYLE_BLOCKED;
		w->detail_style = STYLE_BLOCKED_TEXT;
		draw_stage_blocked_words(v, ma, w);
		if (ma->role == ROLE_CONSUMER && v->extra[a].nparts > 0)
			draw_stage_parts_words(v, a, w);
		break;
	case ACTOR_FINISHED:
		snprintf(w->state, sizeof w->state, "%s", _("finished"));
		w->style = STYLE_DONE;
		snprintf(w->detail, sizeof w->detail, _("exit status %d"), ma->exit_status);
		if (ma->has_error)
			snprintf(w->extra, sizeof w->extra, _("error %s"),
				 strerrorname_np(ma->err) ? strerrorname_np(ma->err) : "?");
		else if (ma->eof)
			snprintf(w->extra, sizeof w->extra, "%s", _("read end of file"));
		else if (ma->role == ROLE_CONSUMER)
			draw_stage_parts_words(v, a, w);
		break;
	case ACTOR_KILLED:
		snprintf(w->state, sizeof w->state, "%s", _("killed"));
		w->style = STYLE_KILLED;
		sig = sigabbrev_np(ma->exit_signal);
		snprintf(w->detail, sizeof w->detail, _("by SIG%s"), sig ? sig : "?");
		break;
	case ACTOR_STOPPED:
		snprintf(w->state, sizeof w->state, "%s", _("stopped"));
		w->style = STYLE_KILLED;
		snprintf(w->detail, sizeof w->detail, "%s", _("by SIGSTOP"));
		break;
	}
}

static const char *draw_stage_state_meaning(char c)
{
	switch (c) {
	case 'R': return _("running");
	case 'S': return _("asleep");
	case 'D': return _("asleep, uninterruptible");
	case 'T':
	case 't': return _("stopped");
	case 'Z': return _("zombie");
	default: return "?";
	}
}

/* The kernel's evidence for one actor: state, wait channel, syscall. */
struct draw_stage_kernel {
	char state[64], wchan[64], syscall[64];
	bool known;
};

static void draw_stage_kernel_words(const struct view *v, int a, struct draw_stage_kernel *k)
{
	const struct view_proc *p = &v->kernel.proc[a];
	char nbuf[32];

	memset(k, 0, sizeof *k);
	if (!p->valid)
		return;
	k->known = true;
	/* TRANSLATORS: a /proc state letter and its meaning, e.g. "S (asleep)" */
	snprintf(k->state, sizeof k->state, _("%c (%s)"), p->state, draw_stage_state_meaning(p->state));
	snprintf(k->wchan, sizeof k->wchan, "%s", p->wchan[0] ? p->wchan : "-");
	if (p->syscall[0]) /* recorded in a trace: the call's name, no descriptor */
		snprintf(k->syscall, sizeof k->syscall, "%s", p->syscall);
	else if (p->in_syscall)
		snprintf(k->syscall, sizeof k->syscall, "%s(%ld)",
			 procinfo_syscall_name(p->nr, nbuf, sizeof nbuf), p->arg0);
	else
		snprintf(k->syscall, sizeof k->syscall, "%s", _("none (user space)"));
}

/* What a box says when it has no evidence from the kernel: the process is gone,
 * or (the past, a replay) the trace recorded none for this moment. */
static const char *draw_stage_no_kernel(const struct view *v, int a)
{
	enum actor_state st = v->shown.actors[a].state;

	if (v->kernel.recorded && st != ACTOR_FINISHED && st != ACTOR_KILLED)
		return _("kernel: not recorded");
	return _("kernel: gone");
}

static int draw_stage_box_x(const struct draw *d, const struct model_actor *ma)
{
	return ma->role == ROLE_PRODUCER ? 0 : d->cols - d->g.box_w;
}

static void draw_stage_actor_full(struct draw *d, const struct view *v, int a, int y, int x,
			    const struct draw_stage_words *w, const struct draw_stage_kernel *k,
			    attr_t border)
{
	WINDOW *win = d->stage;
	const struct model_actor *ma = &v->shown.actors[a];
	int iw = d->g.box_w - 4, ix = x + 2;
	char buf[128];

	draw_box(d, win, y, x, d->g.box_h, d->g.box_w, border);
	draw_box_title(win, y, x, d->g.box_w, ma->name, draw_attr(d, STYLE_BOLD) | border);
	snprintf(buf, sizeof buf, _("pid %d"), ma->pid);
	cells_put(win, y + 1, ix, buf, iw, A_NORMAL);
	cells_put(win, y + 2, ix, w->state, iw, draw_attr(d, w->style));
	cells_put(win, y + 3, ix, w->detail, iw, draw_attr(d, w->detail_style));
	cells_put(win, y + 4, ix, w->extra, iw, draw_attr(d, w->extra_style));
	if (!k->known) {
		cells_put(win, y + 5, ix, draw_stage_no_kernel(v, a), iw, draw_attr(d, STYLE_DONE));
		return;
	}
	attr_t pa = draw_attr(d, STYLE_PROC);
	draw_labelled(win, y + 5, ix, iw, _("kernel:"), k->state, pa);
	draw_labelled(win, y + 6, ix, iw, _("wchan:"), k->wchan, pa);
	draw_labelled(win, y + 7, ix, iw, _("syscall:"), k->syscall, pa);
}

static void draw_stage_actor_small(struct draw *d, const struct view *v, int a, int y, int x,
			     const struct draw_stage_words *w, const struct draw_stage_kernel *k,
			     attr_t border)
{
	WINDOW *win = d->stage;
	const struct model_actor *ma = &v->shown.actors[a];
	int iw = d->g.box_w - 4, ix = x + 2;
	char buf[256];

	draw_box(d, win, y, x, d->g.box_h, d->g.box_w, border);
	snprintf(buf, sizeof buf, "%s %d", ma->name, ma->pid);
	draw_box_title(win, y, x, d->g.box_w, buf, draw_attr(d, STYLE_BOLD) | border);
	int sw = cells_put(win, y + 1, ix, w->state, iw, draw_attr(d, w->style));
	if (w->extra[0] && sw + 2 + cells_width(w->extra) <= iw)
		cells_put(win, y + 1, ix + sw + 2, w->extra, iw - sw - 2, draw_attr(d, w->extra_style));
	cells_put(win, y + 2, ix, w->detail, iw, draw_attr(d, w->detail_style));
	if (k->known)
		snprintf(buf, sizeof buf, "%c %s %s", v->kernel.proc[a].state, k->wchan, k->syscall);
	else
		snprintf(buf, sizeof buf, "%s", draw_stage_no_kernel(v, a));
	cells_put(win, y + 3, ix, buf, iw, draw_attr(d, k->known ? STYLE_PROC : STYLE_DONE));
}

static void draw_stage_actor_line(struct draw *d, const struct view *v, int a, int y, int x,
			    const struct draw_stage_words *w, const struct draw_stage_kernel *k)
{
	WINDOW *win = d->stage;
	const struct model_actor *ma = &v->shown.actors[a];
	int bw = d->g.box_w, at = x;
	char buf[256];

	snprintf(buf, sizeof buf, "%s %d ", ma->name, ma->pid);
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
	struct draw_stage_words w;
	struct draw_stage_kernel k;
	attr_t border = A_NORMAL;

	if (y < 0)
		return;
	draw_stage_actor_words(v, a, &w);
	draw_stage_kernel_words(v, a, &k);
	if (ma->state == ACTOR_BLOCKED)
		border = v->box_pulse[a] % 4 >= 2 ? draw_attr(d, STYLE_BLOCKED)
					      : draw_attr(d, STYLE_BLOCKED_TEXT);
	else if (draw_stage_traveling(v, a))
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
	const struct model *m = &v->shown;
	int y = g->hint_y, x;
	char buf[512];

	if (!g->hint || y < 0)
		return;
	if (v->has_outside)
		snprintf(buf, sizeof buf, _("outside wrote %d"), (int)v->outside_value);
	else if (m->outside > 0)
		snprintf(buf, sizeof buf, ngettext("outside wrote %ld line", "outside wrote %ld lines",
						   (unsigned long)m->outside), m->outside);
	else
		snprintf(buf, sizeof buf, "%s", _("outside: nobody yet"));
	x = cells_put(d->stage, y, 0, buf, g->box_w, draw_attr(d, m->outside > 0 ? STYLE_NOTE
										    : STYLE_DONE));
	x = x + 2 > g->chan_x ? x + 2 : g->chan_x;
	char cmd[VIEW_PATH_MAX + 16];
	if (v->replay || v->finished) { /* gone, or nobody reads it: only where it is */
		snprintf(buf, sizeof buf, "%s", _("its path: "));
		snprintf(cmd, sizeof cmd, "%s", v->path);
	} else {
		/* TRANSLATORS: followed by the command to type, "echo 42 > /tmp/…/fifo" */
		snprintf(buf, sizeof buf, "%s", _("another terminal: "));
		snprintf(cmd, sizeof cmd, "echo 42 > %s", v->path);
	}
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
	enum draw_style style = STYLE_ITEM;
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

