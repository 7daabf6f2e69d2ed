/* draw_code.c - the code pane (the c key) in the log's window: the functions of
 * the run's program, each group's once, in C or in Python. The line each
 * process is at has a mark at the left and the process's name at the right; a
 * process asleep in the kernel has its line in the BLOCKED style and BLOCKED
 * after its name. The pane scrolls to show every marked line when they fit in
 * its rows, else the focus process's line (code.h) a third down from the top.
 */
#include "draw_int.h"

#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "code.h"
#include "i18n.h"

#define DRAW_CODE_LINES_MAX 512

/* The line's text with its tabs as four spaces. */
static void draw_code_text(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s && n + 5 < len; s++)
		if (*s == '\t')
			n += (size_t)snprintf(buf + n, len - n, "    ");
		else
			buf[n++] = *s;
	buf[n] = '\0';
}

/* Who is at line `line`: "producer-1 BLOCKED, producer-2"; *blocked set if
 * any of them is asleep in the kernel. */
static void draw_code_who(const struct view *v, const int *at, int line, char *buf, size_t len,
			  bool *blocked)
{
	size_t n = 0;

	buf[0] = '\0';
	*blocked = false;
	for (int a = 0; a < v->shown.nactors && n + 1 < len; a++) {
		if (at[a] != line)
			continue;
		bool b = v->shown.actors[a].state == ACTOR_BLOCKED;
		*blocked = *blocked || b;
		n += (size_t)snprintf(buf + n, len - n, "%s%s%s%s", n ? ", " : "",
				      v->shown.actors[a].name, b ? " " : "", b ? _("BLOCKED") : "");
	}
}

/* The first shown row: every marked line in sight if they fit, a row of
 * context above the first; else the focus process's line a third down. */
static size_t draw_code_top(const size_t *shown, size_t n, const int *at, int nactors,
			    int focus_line, int rows)
{
	size_t top = 0, lo = n, hi = 0;

	if (n <= (size_t)rows)
		return 0;
	for (size_t i = 0; i < n; i++)
		for (int a = 0; a < nactors; a++)
			if ((int)shown[i] == at[a]) {
				lo = i < lo ? i : lo;
				hi = i > hi ? i : hi;
			}
	if (lo < n && hi - lo < (size_t)rows) {
		top = lo > 0 ? lo - 1 : 0;
		if (hi >= top + (size_t)rows)
			top = lo;
	} else {
		for (size_t i = 0; i < n; i++)
			if ((int)shown[i] == focus_line) {
				top = i > (size_t)(rows / 3) ? i - (size_t)(rows / 3) : 0;
				break;
			}
	}
	return top > n - (size_t)rows ? n - (size_t)rows : top;
}

/* Contract in draw_int.h. */
void draw_code(struct draw *d, const struct view *v, int y, int end)
{
	const struct program *p = v->program;
	size_t shown[DRAW_CODE_LINES_MAX], n;
	int at[SCENARIO_MAX_ACTORS], focus_line = -1;
	int focus = v->nquestion > 0 ? v->question_actor : code_focus(v);
	char title[128];

	snprintf(title, sizeof title, _("Code: %s (c: next)"), v->code == PROGRAM_C ? "C" : "Python");
	draw_box_title(d->log, 0, 0, d->cols, title, draw_attr(d, STYLE_BOLD));
	if (!p) {
		draw_paragraph(d->log, &y, end, 2, d->cols - 4,
			       _("No program to show: this trace's scenario is not a built-in, and "
				 "a trace keeps no pauses or values."), A_NORMAL);
		return;
	}
	if (v->nquestion > 0 && end - y > v->nquestion + 2) {
		/* predict mode: the question the log holds, under the code */
		end -= v->nquestion;
		for (int i = 0; i < v->nquestion; i++)
			cells_put(d->log, end + i, 2, v->question[i], d->cols - 4,
				  i == 0 ? draw_attr(d, STYLE_BOLD) : A_NORMAL);
	}
	for (int a = 0; a < v->shown.nactors; a++) {
		at[a] = code_line_of(p, v, a);
		if (focus_line < 0 && at[a] >= 0 && (a == focus || focus < 0))
			focus_line = at[a];
	}
	for (int a = 0; a < v->shown.nactors && focus_line < 0; a++)
		focus_line = at[a];
	n = code_shown_lines(p, shown, DRAW_CODE_LINES_MAX);
	for (size_t i = draw_code_top(shown, n, at, v->shown.nactors, focus_line, end - y); i < n && y < end; i++, y++) {
		const struct program_line *l = &p->lines[shown[i]];
		char text[512], who[256];
		bool blocked;
		draw_code_who(v, at, (int)shown[i], who, sizeof who, &blocked);
		attr_t attr = blocked ? draw_attr(d, STYLE_BLOCKED_TEXT) : A_NORMAL;
		int right = d->cols - 2, wx = right;
		if (who[0]) {
			cells_put(d->log, y, 2, d->glyphs->play, 1, attr | A_BOLD);
			wx = cells_put_right(d->log, y, right, who, right - 4 - 12,
					     blocked ? draw_attr(d, STYLE_BLOCKED) : draw_attr(d, STYLE_BOLD));
		}
		draw_code_text(l->text, text, sizeof text);
		cells_put(d->log, y, 4, text, wx - 1 - 4, l->tag == PROGRAM_COMMENT
							      ? draw_attr(d, STYLE_NOTE) : attr);
	}
}
