/* draw_multi.c - the stage of a run of several channels (DESIGN 14).
 *
 * Processes there are no producers and consumers in two columns: a stage of a
 * pipeline reads one pipe and writes the next. So the stage is two lists. On
 * top, one line a process: its name and pid, what it is doing (BLOCKED in
 * which call on which channel) and what /proc shows of it (state, wait
 * channel, syscall with its descriptor). Under them, each channel: its writers
 * by their programs, an arrow, its slots filled as the events count them, an
 * arrow, its readers; on the row below, its fill and the kernel's own count,
 * read now through a holder's descriptor (FIONREAD). A lock shows its holder
 * and who waits for it. Under all, while the run is deadlocked, DEADLOCK and
 * the cycle in words.
 *
 * At 80x24 this fits three channels and six processes with room for the
 * cycle; past that, channels take one row each and the processes that do not
 * fit are counted ("+2 more"). Rows left over are shared out as blank rows
 * between the parts, so a large terminal is not crammed at the top.
 */
#include "draw_int.h"

#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "i18n.h"
#include "words.h"

#define DRAW_MULTI_DEADLOCK_ROWS 3 /* DEADLOCK and its cycle, wrapped */
#define DRAW_MULTI_NO_ITEM (-1000) /* no item landing (a value can be -1) */

/* Contract in draw_int.h. */
void draw_multi_geometry(struct draw *d, const struct view *v)
{
	struct draw_geometry *g = &d->g;
	const struct model *m = &v->shown;
	int avail = d->rows - DRAW_HEADER_H - DRAW_KEYS_H - DRAW_LOG_MIN_H;
	int nch = m->nchannels, procs = m->nactors, need;

	g->multi_chan_rows = 2;
	g->multi_dl_rows = DRAW_MULTI_DEADLOCK_ROWS;
	need = procs + 1 + 2 * nch + g->multi_dl_rows;
	if (need > avail) { /* first the cycle to one row, then channels to one row */
		g->multi_dl_rows = 1;
		need = procs + 1 + 2 * nch + 1;
	}
	if (need > avail) {
		g->multi_chan_rows = 1;
		need = procs + 1 + nch + 1;
	}
	g->multi_procs = procs;
	if (need > avail) /* the rest of the processes counted on one row */
		g->multi_procs = draw_clamp(procs - (need - avail) - 1, 0, procs);
	need = g->multi_procs + (g->multi_procs < procs) + 1 + g->multi_chan_rows * nch +
	       g->multi_dl_rows;
	/* a blank row between channels, if the terminal has them to spare */
	g->multi_gap = nch > 1 && need + (nch - 1) + 1 <= avail ? 1 : 0;
	need += g->multi_gap * (nch - 1);
	g->stage_h = draw_clamp(need + (need < avail), 1, avail);
	g->log_h = d->rows - DRAW_HEADER_H - DRAW_KEYS_H - g->stage_h;
	g->hint = false;
	g->hint_y = -1;
	for (int a = 0; a < SCENARIO_MAX_ACTORS; a++)
		g->box_y[a] = -1;
}

/* The widest process name, in cells (at least 6). */
static int draw_multi_name_w(const struct model *m)
{
	int w = 6;

	for (int a = 0; a < m->nactors; a++)
		if (cells_width(m->actors[a].name) > w)
			w = cells_width(m->actors[a].name);
	return w;
}

/* One process's line: name, pid, what it does, what /proc shows. */
static void draw_multi_actor(struct draw *d, const struct view *v, int a, int y, int name_w)
{
	WINDOW *win = d->stage;
	const struct model_actor *ma = &v->shown.actors[a];
	struct words_actor w;
	struct words_kernel k;
	int x = 1, kx;
	char buf[256];

	words_multi_actor(v, a, &w);
	words_kernel(v, a, &k);
	char *paren = strchr(k.syscall, '(');
	if (paren && v->kernel.proc[a].arg0 > 0xffff)
		*paren = '\0'; /* a futex's address says nothing here: the call's name */
	if (k.known)
		snprintf(buf, sizeof buf, "%c %s %s", v->kernel.proc[a].state, k.wchan, k.syscall);
	else
		snprintf(buf, sizeof buf, "%s", words_no_kernel(v, a));
	/* the evidence at the right edge, whole; what the process does gets the rest */
	kx = d->cols - 1 - cells_width(buf);
	cells_put_right(win, y, d->cols - 1, buf, d->cols / 2,
			draw_attr(d, k.known ? STYLE_PROC : STYLE_DONE));
	kx = kx < d->cols / 2 ? d->cols / 2 : kx;
	/* choosing mode: the selected process marked in the free first column,
	 * and why one cannot be granted before what it does (a finished one's
	 * state says it already); the names move right by one for the mark */
	if (v->choosing && !v->past) {
		if (!v->finished && a == v->selected)
			cells_put(win, y, 0, d->glyphs->play, 1, draw_attr(d, STYLE_BOLD));
		x = 2;
	}
	const char *why = words_choose_why(v, a);
	if (ma->state == ACTOR_FINISHED || ma->state == ACTOR_KILLED)
		why = NULL;
	cells_put(win, y, x, ma->name, name_w, draw_attr(d, STYLE_BOLD));
	x += name_w + 1;
	snprintf(buf, sizeof buf, "%d", ma->pid);
	x += cells_put(win, y, x, buf, 8, A_NORMAL) + 2;
	if (why)
		x += cells_put(win, y, x, why, kx - 1 - x, draw_attr(d, STYLE_BOLD)) + 1;
	attr_t sa = draw_attr(d, view_traveling(v, a) ? STYLE_RUNNING : w.style);
	x += cells_put(win, y, x, w.state, kx - 1 - x, sa) + 1;
	x += cells_put(win, y, x, w.detail, kx - 1 - x, draw_attr(d, w.detail_style)) + 1;
	if (w.extra[0] && x + cells_width(w.extra) < kx)
		cells_put(win, y, x, w.extra, kx - 1 - x, draw_attr(d, w.extra_style));
}

/* A pipe's slots at (y, x) in at most `width` cells, filled as the events
 * count them: a cell pair a slot while they fit, else one cell a slot, else
 * as many as fit with an ellipsis. An item on its way in (`landing`, a value)
 * shows its value in the slot it takes, while the slots are pairs and it fits
 * one. Returns the cells drawn. */
static int draw_multi_slots(struct draw *d, const struct model_channel *ch, int y, int x,
			    int width, int landing)
{
	const struct draw_glyphs *gl = d->glyphs;
	int cap = ch->capacity > 0 ? ch->capacity : 1, per = 2, shown = cap, at = x;
	attr_t item = draw_attr(d, STYLE_ITEM), wall = A_NORMAL;

	if (2 + cap * 3 - 1 > width)
		per = 1;
	if (per == 1 && 2 + cap > width)
		shown = draw_clamp(width - 2 - cells_width(gl->ellipsis), 1, cap);
	at += cells_put(d->stage, y, at, gl->v, 1, wall);
	for (int i = 0; i < shown; i++) {
		const char *g = i < ch->fill ? gl->lane_block : gl->dot;
		char value[16];
		if (i == ch->fill && per == 2 && landing >= -9 && landing <= 99) {
			snprintf(value, sizeof value, "%2d", landing);
			at += cells_put(d->stage, y, at, value, 2, item | A_BOLD);
			if (i + 1 < shown)
				at += cells_put(d->stage, y, at, " ", 1, wall);
			continue;
		}
		for (int k = 0; k < per; k++)
			at += cells_put(d->stage, y, at, g, 1, i < ch->fill ? item : wall);
		if (per == 2 && i + 1 < shown)
			at += cells_put(d->stage, y, at, " ", 1, wall);
	}
	if (shown < cap)
		at += cells_put(d->stage, y, at, gl->ellipsis, 3, wall);
	at += cells_put(d->stage, y, at, gl->v, 1, wall);
	return at - x;
}

/* A pipe: writers ▶ slots ▶ readers; under the slots (or after the readers,
 * on one row) its fill and the kernel's count. */
static void draw_multi_pipe(struct draw *d, const struct view *v, int c, int y, int x)
{
	WINDOW *win = d->stage;
	const struct draw_glyphs *gl = d->glyphs;
	char writers[256], readers[256], fill[64], kern[128];
	int names_w = (d->cols - x) / 4, sx;

	words_multi_names(v, v->chan_puts[c], writers, sizeof writers);
	words_multi_names(v, v->chan_gets[c], readers, sizeof readers);
	int ww = cells_width(writers) < names_w ? cells_width(writers) : names_w;
	cells_put_right(win, y, x + names_w, writers, ww, A_NORMAL);
	sx = x + names_w + 1;
	sx += cells_put(win, y, sx, gl->arrow, 2, A_BOLD) + 1;
	int room = d->cols - sx - 4 - (names_w < 12 ? names_w : 12);
	const struct view_travel *tr = &v->travel;
	bool landing = tr->kind == VIEW_TRAVEL_IN && tr->ch == c && !tr->part;
	sx += draw_multi_slots(d, &v->shown.chans[c], y, sx, room,
			       landing ? (int)tr->value : DRAW_MULTI_NO_ITEM) + 1;
	sx += cells_put(win, y, sx, gl->arrow, 2, A_BOLD) + 1;
	sx += cells_put(win, y, sx, readers, d->cols - sx - 1, A_NORMAL) + 2;
	/* the kernel's name for it, as ls -l /proc/PID/fd shows it, if it fits whole */
	char ino[48];
	const char *iw = channel_desc_of(v->shown.chans[c].kind)->inode_word;
	snprintf(ino, sizeof ino, "%s:[%lu]", iw ? iw : "?", v->chan_ino[c]);
	if (d->g.multi_chan_rows == 2 && v->chan_ino[c] && sx + cells_width(ino) < d->cols)
		cells_put(win, y, sx, ino, d->cols - sx - 1, draw_attr(d, STYLE_PROC));
	enum style fs = words_multi_fill(v, c, fill, sizeof fill);
	words_multi_kernel_fill(v, c, kern, sizeof kern);
	if (d->g.multi_chan_rows == 1) {
		sx += cells_put(win, y, sx, fill, d->cols - sx - 1, draw_attr(d, fs)) + 2;
		cells_put(win, y, sx, kern, d->cols - sx - 1, draw_attr(d, STYLE_PROC));
		return;
	}
	sx = x + names_w + 4;
	sx += cells_put(win, y + 1, sx, fill, d->cols - sx - 1, draw_attr(d, fs)) + 2;
	cells_put(win, y + 1, sx, kern, d->cols - sx - 1, draw_attr(d, STYLE_PROC));
}

/* A lock: who holds it and who waits for it (on one row, or two). */
static void draw_multi_lock(struct draw *d, const struct view *v, int c, int y, int x)
{
	char held[128], waiting[320];
	int names_w = (d->cols - x) / 4;

	words_multi_lock(v, c, held, sizeof held, waiting, sizeof waiting);
	int at = x + names_w + 4;
	at += cells_put(d->stage, y, at, held, d->cols - at - 1, draw_attr(d, STYLE_BOLD)) + 2;
	if (d->g.multi_chan_rows == 2) {
		at = x + names_w + 4;
		y++;
	}
	bool waits = strcmp(waiting, _("nobody waits for it")) != 0;
	cells_put(d->stage, y, at, waiting, d->cols - at - 1,
		  draw_attr(d, waits ? STYLE_BLOCKED_TEXT : STYLE_NORMAL));
}

/* Contract in draw_int.h. */
void draw_multi_stage(struct draw *d, const struct view *v)
{
	const struct draw_geometry *g = &d->g;
	const struct model *m = &v->shown;
	int name_w = draw_multi_name_w(m), y = 0, cw = 6;
	char buf[64];

	werase(d->stage);
	for (int a = 0; a < g->multi_procs && a < m->nactors; a++)
		draw_multi_actor(d, v, a, y++, name_w);
	if (g->multi_procs < m->nactors) {
		snprintf(buf, sizeof buf, _("+%d more"), m->nactors - g->multi_procs);
		cells_put(d->stage, y++, 1, buf, d->cols - 2, draw_attr(d, STYLE_BOLD));
	}
	y++;
	for (int c = 0; c < m->nchannels; c++)
		if (cells_width(m->chans[c].name) > cw)
			cw = cells_width(m->chans[c].name);
	for (int c = 0; c < m->nchannels && y < g->stage_h; c++) {
		cells_put(d->stage, y, 1, m->chans[c].name, cw, draw_attr(d, STYLE_BOLD));
		if (m->chans[c].lock)
			draw_multi_lock(d, v, c, y, cw + 2);
		else
			draw_multi_pipe(d, v, c, y, cw + 2);
		y += g->multi_chan_rows + g->multi_gap;
	}
	if (v->deadlock[0]) {
		int end = y - g->multi_gap + g->multi_dl_rows;
		y = y - g->multi_gap;
		draw_paragraph(d->stage, &y, end < g->stage_h ? end : g->stage_h, 1, d->cols - 2,
			       v->deadlock, draw_attr(d, STYLE_BLOCKED_TEXT) | A_BOLD);
	}
	wnoutrefresh(d->stage);
}
