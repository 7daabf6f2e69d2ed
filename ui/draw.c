/* draw.c - everything the screen shows, drawn from the view and nothing else;
 * this file is the frame around the panels.
 *
 * The screen is a header (the scenario, the run's state, the channel as the
 * kernel made it), the stage (draw_stage.c: the actors' boxes, the channel
 * between them in draw_channel.c, the item in flight), the log under it
 * (draw_log.c, or the swim lanes of draw_lanes.c in its place), the key bar
 * and the help overlay (draw_keys.c). draw_layout.c works out where each goes
 * for the terminal's size and makes their windows. Here are the glyphs and the
 * styles they share, the small pieces they draw with, the header, the screen
 * shown when the terminal is too small, and draw_frame, which draws the panels
 * the view marks dirty and ends with one doupdate; the help overlay is drawn
 * last so it stays on top of whatever changed.
 */
#include "draw_int.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "i18n.h"
#include "words.h"

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

/* Contract in draw.h. */
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

static void draw_delwin(WINDOW **w)
{
	if (*w)
		delwin(*w);
	*w = NULL;
}

/* Contract in draw.h. */
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
	} else if (v->paused) {
		state = _("PAUSED");
		mark = gl->pause;
	} else {
		state = _("RUNNING");
		mark = gl->play;
	}
	draw_speed(d, v, speed, sizeof speed);
	snprintf(clock, sizeof clock, _("t = %.1f s"), v->vclock_ms / 1000.0);
	snprintf(right, sizeof right, "%s %s%s%s%s%s ", mark, state, gl->sep, speed, gl->sep, clock);
	int rx = cells_put_right(w, 0, d->cols, right, d->cols / 2, hdr);
	if (v->replay)
		snprintf(left, sizeof left, " ipcviz%s%s%s%s", gl->sep, _("replay"), gl->sep, v->title);
	else
		snprintf(left, sizeof left, " ipcviz%s%s", gl->sep, v->title);
	cells_put(w, 0, 0, left, rx - 1, hdr);

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
			draw_keys_help(d);
		if (d->help) { /* on top again of whatever was drawn beneath it */
			touchwin(d->help);
			wnoutrefresh(d->help);
		}
	} else {
		draw_delwin(&d->help);
	}
	doupdate();
}
