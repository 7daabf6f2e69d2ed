/* draw_log.c - the panel under the stage: the latest events, newest at the
 * bottom, each with its time, its actor and the fill after it; or, in the
 * panel's top rows, the explain panel (why the chosen actor is in its state),
 * the end of the run (why it ended, the summary, what to do next) or the
 * history's title while the past is shown; or the swim lanes (draw_lanes.c)
 * or the code pane (draw_code.c) instead of it all.
 */
#include "draw_int.h"

#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "describe.h"
#include "i18n.h"
#include "words.h"

/* The latest log lines, newest at the bottom, in rows [top, end): time, actor,
 * the fill after the event (a channel of items), what happened. The fill comes
 * before the words so a long sentence cut at the edge never loses it. A mixed
 * item's line starts with the mark of a lost value. */
static void draw_log_lines(struct draw *d, const struct view *v, int top, int end)
{
	const struct model *m = &v->shown;
	int right = d->cols - 2, who_w = 6, fill_w = 0;
	char buf[64];

	for (int a = 0; a < m->nactors; a++)
		if (cells_width(m->actors[a].name) > who_w)
			who_w = cells_width(m->actors[a].name);
	if (view_desc(v)->named && cells_width(_("outside")) > who_w)
		who_w = cells_width(_("outside"));
	if (!view_desc(v)->cell && !view_split_items(v) && !view_multi(v)) /* its words name the channel */
		fill_w = snprintf(buf, sizeof buf, "%d/%d", m->capacity, m->capacity);
	for (int y = end - 1, back = 0; y >= top; y--, back++) {
		const struct view_log_line *l = view_log_at(v, back);
		int x = 2;
		if (!l)
			break;
		attr_t attr = draw_attr(d, words_log_style(l));
		snprintf(buf, sizeof buf, "%8s", l->time);
		x += cells_put(d->log, y, x, buf, right - x, A_NORMAL) + 2;
		cells_put(d->log, y, x, l->who, who_w, l->message ? attr : draw_attr(d, STYLE_BOLD));
		x += who_w + 2;
		if (fill_w > 0) {
			if (l->fill >= 0) {
				snprintf(buf, sizeof buf, "%d/%d", l->fill, m->capacity);
				cells_put_right(d->log, y, x + fill_w, buf, fill_w, A_NORMAL);
			}
			x += fill_w + 2;
		}
		if (l->mixed)
			x += cells_put(d->log, y, x, d->glyphs->lost, right - x, attr) + 1;
		cells_put(d->log, y, x, l->text, right - x, attr);
	}
}

static void draw_log_explain(struct draw *d, const struct view *v, int *y, int end)
{
	int a = view_explain_actor(v);
	char text[2048], title[128];

	if (a < 0)
		return;
	snprintf(title, sizeof title, _("Explain: %s"), v->shown.actors[a].name);
	draw_box_title(d->log, 0, 0, d->cols, title, draw_attr(d, STYLE_NOTE));
	if (view_multi(v)) /* with who holds each pipe's ends, read live */
		describe_multi_explain(&v->shown, a, !v->kernel.recorded && v->kernel.nchannels > 0,
				       v->kernel.chan_readers, v->kernel.chan_writers, text,
				       sizeof text);
	else
		describe_explain(&v->shown, a, text, sizeof text);
	draw_paragraph(d->log, y, end, 2, d->cols - 4, text, A_NORMAL);
	if (v->tie[0] && v->tie_t_ms == v->shown.t_ms) /* the moment shown was a tie */
		draw_paragraph(d->log, y, end, 2, d->cols - 4, v->tie, draw_attr(d, STYLE_NOTE));
}

static void draw_log_end(struct draw *d, const struct view *v, int *y, int end)
{
	char text[4096];

	draw_box_title(d->log, 0, 0, d->cols, _("The end"), draw_attr(d, STYLE_NOTE));
	if (v->end_reason[0])
		draw_paragraph(d->log, y, end, 2, d->cols - 4, v->end_reason,
			       draw_attr(d, STYLE_BLOCKED_TEXT));
	/* the log under the panel has these too, but a run that ends at its goal
	 * (a deadlock) or with the score would hide them */
	if (v->end_goal[0])
		draw_paragraph(d->log, y, end, 2, d->cols - 4, v->end_goal,
			       draw_attr(d, STYLE_NOTE) | A_BOLD);
	if (v->end_score[0] && v->shown.predicted == 0) /* else the summary below says it */
		draw_paragraph(d->log, y, end, 2, d->cols - 4, v->end_score,
			       draw_attr(d, STYLE_NOTE) | A_BOLD);
	describe_summary(&v->shown, text, sizeof text);
	draw_paragraph(d->log, y, end, 2, d->cols - 4, text, A_NORMAL);
	draw_paragraph(d->log, y, end, 2, d->cols - 4, _("r restarts the run, q quits."),
		       draw_attr(d, STYLE_BOLD));
}


/* Contract in draw_int.h. */
void draw_log(struct draw *d, const struct view *v)
{
	int y = 1, end = d->g.log_h - 1;
	char title[256];

	werase(d->log);
	draw_box(d, d->log, 0, 0, d->g.log_h, d->cols, A_NORMAL);
	if (v->show_lanes || v->code >= 0) {
		if (v->show_lanes)
			draw_lanes(d, v, &y, end);
		else
			draw_code(d, v, y, end);
		wnoutrefresh(d->log);
		return;
	}
	if (v->show_explain)
		draw_log_explain(d, v, &y, end);
	else if (v->finished)
		draw_log_end(d, v, &y, end);
	else if (v->past) {
		snprintf(title, sizeof title, _("History: step %ld of %ld (%s back, n forward)"),
			 v->step + 1, v->steps, d->glyphs->left);
		draw_box_title(d->log, 0, 0, d->cols, title, draw_attr(d, STYLE_NOTE));
	} else
		draw_box_title(d->log, 0, 0, d->cols, _("Events"), draw_attr(d, STYLE_BOLD));
	if (y > 1 && y + 1 < end) { /* a rule between the panel's text and the events */
		cells_put(d->log, y, 0, d->glyphs->lt, 1, A_NORMAL);
		cells_repeat(d->log, y, 1, d->glyphs->h, d->cols - 2, A_NORMAL);
		cells_put(d->log, y, d->cols - 1, d->glyphs->rt, 1, A_NORMAL);
		y++;
	} else if (y > 1) {
		y = end; /* no room for a rule: no events under the panel's text either */
	}
	draw_log_lines(d, v, y, end);
	wnoutrefresh(d->log);
}

