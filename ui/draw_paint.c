/* draw_paint.c - what every panel of the screen paints with, and what it
 * paints on: the glyphs (Unicode lines and arrows, or ASCII), the styles and
 * their colours, and the small pieces (a box, its title, centred and labelled
 * text, a wrapped paragraph). It sits under the frame (draw.c) and the panels
 * (draw_stage.c and the rest), which call it; it calls none of them, so the
 * drawing files call only downwards.
 */
#include "draw_paint.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include "cells.h"

static const struct draw_glyphs draw_unicode = {
	.h = "─", .v = "│", .tl = "┌", .tr = "┐", .bl = "└", .br = "┘", .tt = "┬", .bt = "┴",
	.lt = "├", .rt = "┤",
	.tube = "═", .arrow = "▶", .lost = "✗", .dot = "·", .sep = " · ", .play = "▶",
	.pause = "‖", .stop = "■", .times = "×", .divide = "÷", .right = "→", .left = "←",
	.ellipsis = "…", .back = "◀", .bytes = "▒",
	.lane_wait = "─", .lane_block = "█", .lane_stop = "┄", .lane_put = "▲", .lane_got = "▼",
	.lane_fault = "!",
	.levels = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"},
};

static const struct draw_glyphs draw_ascii = {
	.h = "-", .v = "|", .tl = "+", .tr = "+", .bl = "+", .br = "+", .tt = "+", .bt = "+",
	.lt = "+", .rt = "+",
	.tube = "=", .arrow = ">", .lost = "x", .dot = ".", .sep = " - ", .play = ">",
	.pause = "||", .stop = "#", .times = "x", .divide = "/", .right = "Right", .left = "Left",
	.ellipsis = "...", .back = "<", .bytes = "#",
	.lane_wait = "-", .lane_block = "#", .lane_stop = ":", .lane_put = "^", .lane_got = "v",
	.lane_fault = "!",
	.levels = {"0", "1", "2", "3", "4", "5", "6", "7", "8"},
};

/* Colour pairs, one per style that has a colour. */
enum { PAIR_BLOCKED = 1, PAIR_BLOCKED_TEXT, PAIR_RUNNING, PAIR_DONE, PAIR_KILLED, PAIR_ITEM,
       PAIR_LOST, PAIR_FLASH, PAIR_PROC, PAIR_NOTE, PAIR_KEY, PAIR_HEADER, PAIR_GOOD };

/* Contract in draw_paint.h. */
void draw_init(struct draw *d, const struct view *v)
{
	bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	d->glyphs = v->ascii || !utf8 ? &draw_ascii : &draw_unicode;
	d->color = false;
	if (v->color && has_colors() && start_color() == OK) {
		short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
		init_pair(PAIR_BLOCKED, COLOR_WHITE, COLOR_RED);
		init_pair(PAIR_BLOCKED_TEXT, COLOR_RED, bg);
		init_pair(PAIR_RUNNING, COLOR_GREEN, bg);
		init_pair(PAIR_DONE, COLOR_BLUE, bg);
		init_pair(PAIR_KILLED, COLOR_MAGENTA, bg);
		init_pair(PAIR_ITEM, COLOR_BLACK, COLOR_CYAN);
		init_pair(PAIR_LOST, COLOR_RED, bg);
		init_pair(PAIR_FLASH, COLOR_BLACK, COLOR_YELLOW);
		init_pair(PAIR_PROC, COLOR_CYAN, bg);
		init_pair(PAIR_NOTE, COLOR_YELLOW, bg);
		init_pair(PAIR_KEY, COLOR_BLACK, COLOR_WHITE);
		init_pair(PAIR_HEADER, COLOR_WHITE, COLOR_BLUE);
		init_pair(PAIR_GOOD, COLOR_BLACK, COLOR_GREEN);
		d->color = true;
	}
}

/* The attributes of a style. Without colour every style that matters still
 * stands out: BLOCKED is bold reverse video, a lost value bold underlined. */
attr_t draw_attr(const struct draw *d, enum style s)
{
	static const struct {
		short pair;
		attr_t with_color, without;
	} styles[] = {
		[STYLE_NORMAL] = {0, A_NORMAL, A_NORMAL},
		[STYLE_BOLD] = {0, A_BOLD, A_BOLD},
		[STYLE_HEADER] = {PAIR_HEADER, A_BOLD, A_REVERSE},
		[STYLE_BLOCKED] = {PAIR_BLOCKED, A_BOLD, A_REVERSE | A_BOLD},
		[STYLE_BLOCKED_TEXT] = {PAIR_BLOCKED_TEXT, A_BOLD, A_BOLD},
		[STYLE_RUNNING] = {PAIR_RUNNING, A_BOLD, A_BOLD},
		[STYLE_DONE] = {PAIR_DONE, A_NORMAL, A_DIM},
		[STYLE_KILLED] = {PAIR_KILLED, A_BOLD, A_BOLD | A_UNDERLINE},
		[STYLE_ITEM] = {PAIR_ITEM, A_NORMAL, A_REVERSE},
		[STYLE_LOST] = {PAIR_LOST, A_BOLD, A_BOLD | A_UNDERLINE},
		[STYLE_FLASH] = {PAIR_FLASH, A_BOLD, A_REVERSE | A_BOLD | A_BLINK},
		[STYLE_PROC] = {PAIR_PROC, A_NORMAL, A_NORMAL},
		[STYLE_NOTE] = {PAIR_NOTE, A_BOLD, A_BOLD},
		[STYLE_KEY] = {PAIR_KEY, A_BOLD, A_REVERSE},
		[STYLE_FULL] = {PAIR_BLOCKED_TEXT, A_BOLD, A_BOLD | A_REVERSE},
		[STYLE_GOOD] = {PAIR_GOOD, A_BOLD, A_BOLD | A_REVERSE},
	};

	if (d->color)
		return styles[s].with_color | (styles[s].pair ? COLOR_PAIR(styles[s].pair) : 0);
	return styles[s].without;
}


/* ---- shared pieces ---------------------------------------------------------- */

int draw_clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void draw_delwin(WINDOW **w)
{
	if (*w)
		delwin(*w);
	*w = NULL;
}

/* Contract in draw_paint.h. */
void draw_free(struct draw *d)
{
	draw_delwin(&d->header);
	draw_delwin(&d->stage);
	draw_delwin(&d->log);
	draw_delwin(&d->keys);
	draw_delwin(&d->help);
}

void draw_box(const struct draw *d, WINDOW *w, int y, int x, int h, int bw, attr_t attr)
{
	const struct draw_glyphs *gl = d->glyphs;

	if (h < 2 || bw < 2)
		return;
	cells_put(w, y, x, gl->tl, 1, attr);
	cells_repeat(w, y, x + 1, gl->h, bw - 2, attr);
	cells_put(w, y, x + bw - 1, gl->tr, 1, attr);
	for (int i = 1; i < h - 1; i++) {
		cells_put(w, y + i, x, gl->v, 1, attr);
		cells_put(w, y + i, x + bw - 1, gl->v, 1, attr);
	}
	cells_put(w, y + h - 1, x, gl->bl, 1, attr);
	cells_repeat(w, y + h - 1, x + 1, gl->h, bw - 2, attr);
	cells_put(w, y + h - 1, x + bw - 1, gl->br, 1, attr);
}

/* A box's title on its top border: " text ". */
void draw_box_title(WINDOW *w, int y, int x, int bw, const char *text, attr_t attr)
{
	char buf[DRAW_TEXT_MAX];

	snprintf(buf, sizeof buf, " %s ", text);
	cells_put(w, y, x + 1, buf, bw - 3, attr);
}

/* Text centred in [x, x + width). */
void draw_centred(WINDOW *w, int y, int x, int width, const char *s, attr_t attr)
{
	int sw = cells_width(s);

	if (sw > width)
		sw = width;
	cells_put(w, y, x + (width - sw) / 2, s, width, attr);
}

/* "label value" if both fit in width, else the value alone. */
void draw_labelled(WINDOW *w, int y, int x, int width, const char *label,
			  const char *value, attr_t attr)
{
	if (cells_width(label) + 1 + cells_width(value) <= width) {
		int lw = cells_put(w, y, x, label, width, A_NORMAL);
		cells_put(w, y, x + lw + 1, value, width - lw - 1, attr);
	} else {
		cells_put(w, y, x, value, width, attr);
	}
}


/* Draws paragraph s wrapped into lines from row *y; stops before row `end`. */
void draw_paragraph(WINDOW *w, int *y, int end, int x, int width, const char *s, attr_t attr)
{
	while (*s && *y < end) {
		const char *next;
		size_t n = cells_line(s, width, &next);
		char line[DRAW_TEXT_MAX];
		if (n >= sizeof line)
			n = sizeof line - 1;
		memcpy(line, s, n);
		line[n] = '\0';
		cells_put(w, (*y)++, x, line, width, attr);
		s = next;
	}
}
