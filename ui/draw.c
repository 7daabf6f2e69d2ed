/* draw.c - everything the screen shows, drawn from the view and nothing else.
 *
 * The stage is laid out once per terminal size and run (draw_geometry):
 * producers in a column on the left, consumers on the right, the channel in the
 * middle, so an item travels left to right the way the data flows. A pipe is a
 * tube of page slots and a queue a row of message slots, both filled from the
 * exit end (the oldest item is next to the consumers); when the slots do not
 * fit one row they fold into several. A ring buffer is a row of places like a
 * queue's, with its semaphores' counts; a socket pair adds a second lane under
 * the first for the answers going back; a FIFO is a tube with its path and a
 * place for the writer from outside. A shared value is one memory cell with a
 * table of what was written into it, read from it and lost; a race's counter
 * is such a cell, with who is between a load and a store, the lock, and the
 * result. Boxes shrink from full (every detail) to small to one line when
 * many actors share a column. What a channel is comes from its channel_ops
 * flags (cell, counter, duplex, named); only its name and units are words of
 * its own kind.
 *
 * Each panel is its own WINDOW and is drawn only when the view marks it dirty;
 * the help overlay is drawn last so it stays on top of whatever changed.
 */
#include "draw.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "describe.h"
#include "i18n.h"
#include "procinfo.h"

#define DRAW_HEADER_H 2
#define DRAW_KEYS_H 1
#define DRAW_LOG_MIN_H 5
#define DRAW_BOX_W_MIN 20
#define DRAW_BOX_W_MAX 30
#define DRAW_LINE_W_MAX 44   /* an actor on one line shows its state and the kernel's */
#define DRAW_TEXT_MAX 1024
#define DRAW_FIFO_SLOTS 6    /* places drawn for a FIFO: its 64 lines would not fit */
#define DRAW_PIPE_BUF 4096   /* a pipe's atomic write, PIPE_BUF on Linux */

struct draw_glyphs {
	const char *h, *v, *tl, *tr, *bl, *br, *tt, *bt, *lt, *rt;
	const char *tube, *arrow, *lost, *dot, *sep, *play, *pause, *stop, *times, *divide;
	const char *right, *left, *ellipsis, *back, *bytes;
	/* the swim lanes: states, marks, and the fill from empty to full */
	const char *lane_wait, *lane_block, *lane_stop, *lane_put, *lane_got, *lane_fault;
	const char *levels[9];
};

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

enum draw_style {
	STYLE_NORMAL, STYLE_BOLD, STYLE_HEADER, STYLE_BLOCKED, STYLE_BLOCKED_TEXT,
	STYLE_RUNNING, STYLE_DONE, STYLE_KILLED, STYLE_ITEM, STYLE_LOST, STYLE_FLASH,
	STYLE_PROC, STYLE_NOTE, STYLE_KEY, STYLE_FULL, STYLE_GOOD
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
static attr_t draw_attr(const struct draw *d, enum draw_style s)
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

/* ---- what the channel is ----------------------------------------------------- */

/* The channel's ops: its flags say how it is drawn. Never NULL for a model
 * made by the engine; the shared value's stand in otherwise. */
static const struct channel_ops *draw_ops(const struct view *v)
{
	const struct channel_ops *ops = channel_ops_of(v->shown.channel);

	return ops ? ops : &channel_shm_ops;
}

/* One shared cell (shm, a race's counter) rather than a channel of items. */
static bool draw_is_cell(const struct view *v)
{
	return draw_ops(v)->cell;
}

/* Items are whole messages in boxes (a queue, a ring), not bytes in a tube. */
static bool draw_has_boxes(const struct view *v)
{
	return v->shown.channel == CHANNEL_QUEUE || v->shown.channel == CHANNEL_RING;
}

/* Pipe items bigger than PIPE_BUF: the kernel splits them, so no count of
 * whole items is true (their events carry no fill). The pipe shows its pages
 * as the kernel's byte count fills them. */
static bool draw_split_items(const struct view *v)
{
	return v->big_items && !draw_ops(v)->cell;
}

/* Split items: the pages of the pipe that hold bytes, by the kernel's count;
 * -1 if it has not said. */
static int draw_pages_used(const struct view *v)
{
	int k = v->kernel.kfill;

	return k < 0 ? -1 : (k + DRAW_PIPE_BUF - 1) / DRAW_PIPE_BUF;
}

/* Is there a line under a pipe about the size of its items (PIPE_BUF)? */
static bool draw_has_size_line(const struct view *v)
{
	return v->shown.channel == CHANNEL_PIPE && (v->item_size > 0 || v->big_items);
}

/* The actor holding a counter's value between its load and its store: every
 * increment is a read, then a write, so one that has done an odd number of
 * them holds a loaded value. -1 if none from `from` on. */
static int draw_loaded_actor(const struct view *v, int from)
{
	const struct model *m = &v->shown;

	if (!draw_ops(v)->counter)
		return -1;
	for (int a = from < 0 ? 0 : from; a < m->nactors; a++)
		if (m->actors[a].done % 2 == 1 && m->actors[a].has_last &&
		    m->actors[a].state != ACTOR_FINISHED && m->actors[a].state != ACTOR_KILLED)
			return a;
	return -1;
}

/* ---- layout ------------------------------------------------------------------ */

static int draw_clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int draw_box_height(enum draw_box_mode mode)
{
	return mode == DRAW_BOX_FULL ? 9 : mode == DRAW_BOX_SMALL ? 5 : 1;
}

/* The channel's part of the geometry: slot width, how the slots fold. */
static void draw_geometry_channel(struct draw_geometry *g, const struct view *v, int avail)
{
	const struct channel_ops *ops = draw_ops(v);
	int cap = g->nslots, more;

	g->slot_w = v->value_cols + 2; /* a space, the value, the wall to the next */
	g->back_y = -1;
	if (ops->cell) {
		g->per_row = g->chan_rows = g->chan_rows_shown = 1;
		g->pad = 0;
		/* title, cell, (lock), table, lost; a counter's result */
		g->chan_h = ops->counter ? 10 : 8;
		return;
	}
	/* under the slots: the fill, the kernel's count, the item size */
	more = 2 + (draw_has_size_line(v) ? 1 : 0) + (ops->duplex ? 2 : 0);
	g->per_row = draw_clamp((g->chan_w - 7) / g->slot_w, 1, cap);
	g->chan_rows = (cap + g->per_row - 1) / g->per_row;
	g->pad = g->chan_rows * g->per_row - cap;
	g->chan_rows_shown = g->chan_rows;
	if (1 + 3 * g->chan_rows + more > avail)
		g->chan_rows_shown = draw_clamp((avail - 1 - more) / 3, 1, g->chan_rows);
	g->chan_h = 1 + 3 * g->chan_rows_shown + more;
	g->slots_x = g->chan_x + (g->chan_w - (g->per_row * g->slot_w + 1)) / 2;
	if (ops->duplex) /* the answers' lane, under the items', sharing a wall */
		g->back_y = 3 * g->chan_rows_shown;
}

/* Places one column of boxes (producers or consumers) from the top. */
static void draw_geometry_column(struct draw_geometry *g, const struct model *m, enum role role,
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
static void draw_geometry(struct draw *d, const struct view *v)
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
	g->hint = draw_ops(v)->named && v->path[0];
	if (g->hint)
		avail--;
	g->nslots = draw_ops(v)->named ? DRAW_FIFO_SLOTS : cap;
	g->box_mode = DRAW_BOX_LINE;
	g->box_gap = 0;
	for (enum draw_box_mode mode = DRAW_BOX_FULL; mode < DRAW_BOX_LINE; mode++) {
		int h = draw_box_height(mode);
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
	g->box_h = draw_box_height(g->box_mode);

	need = draw_is_cell(v) ? 40 : g->nslots * (v->value_cols + 2) + 1 + 14;
	if (draw_has_size_line(v) && need < 34)
		need = 34; /* "over PIPE_BUF: 2 items MIXED" */
	widest = g->box_mode == DRAW_BOX_LINE ? DRAW_LINE_W_MAX : DRAW_BOX_W_MAX;
	g->box_w = draw_clamp((d->cols - need) / 2 - 1, DRAW_BOX_W_MIN, widest);
	if (right == 0) /* a race: no consumers, their column is shared out */
		g->box_w = draw_clamp(d->cols - need - 2, DRAW_BOX_W_MIN, widest);
	g->chan_x = g->box_w + 1;
	g->chan_w = d->cols - (right == 0 ? 1 : 2) * g->box_w - 2;
	draw_geometry_channel(g, v, avail);

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
	draw_geometry_column(g, m, ROLE_PRODUCER, &g->hidden_left, &g->more_y_left);
	draw_geometry_column(g, m, ROLE_CONSUMER, &g->hidden_right, &g->more_y_right);
	g->chan_top = draw_clamp((g->stage_h - 1 - (g->hint ? 1 : 0) - g->chan_h) / 2, 0, g->stage_h);
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

/* New windows for the terminal's size now. */
static void draw_layout(struct draw *d, const struct view *v)
{
	draw_free(d);
	getmaxyx(stdscr, d->rows, d->cols);
	d->too_small = d->rows < DRAW_MIN_ROWS || d->cols < DRAW_MIN_COLS;
	werase(stdscr);
	wnoutrefresh(stdscr);
	if (d->too_small)
		return;
	draw_geometry(d, v);
	d->header = newwin(DRAW_HEADER_H, d->cols, 0, 0);
	d->stage = newwin(d->g.stage_h, d->cols, DRAW_HEADER_H, 0);
	d->log = newwin(d->g.log_h, d->cols, DRAW_HEADER_H + d->g.stage_h, 0);
	d->keys = newwin(DRAW_KEYS_H, d->cols, d->rows - DRAW_KEYS_H, 0);
	if (!d->header || !d->stage || !d->log || !d->keys) {
		draw_free(d);
		d->too_small = true; /* no memory for windows: say so rather than crash */
	}
}

/* ---- small pieces ------------------------------------------------------------ */

static void draw_box(const struct draw *d, WINDOW *w, int y, int x, int h, int bw, attr_t attr)
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
static void draw_box_title(WINDOW *w, int y, int x, int bw, const char *text, attr_t attr)
{
	char buf[DRAW_TEXT_MAX];

	snprintf(buf, sizeof buf, " %s ", text);
	cells_put(w, y, x + 1, buf, bw - 3, attr);
}

/* Text centred in [x, x + width). */
static void draw_centred(WINDOW *w, int y, int x, int width, const char *s, attr_t attr)
{
	int sw = cells_width(s);

	if (sw > width)
		sw = width;
	cells_put(w, y, x + (width - sw) / 2, s, width, attr);
}

/* "label value" if both fit in width, else the value alone. */
static void draw_labelled(WINDOW *w, int y, int x, int width, const char *label,
			  const char *value, attr_t attr)
{
	if (cells_width(label) + 1 + cells_width(value) <= width) {
		int lw = cells_put(w, y, x, label, width, A_NORMAL);
		cells_put(w, y, x + lw + 1, value, width - lw - 1, attr);
	} else {
		cells_put(w, y, x, value, width, attr);
	}
}

/* ---- the header -------------------------------------------------------------- */

/* The words of a kind: its name, and its capacity as the kernel made it. */
static const char *draw_channel_name(enum channel_kind kind)
{
	switch (kind) {
	case CHANNEL_PIPE: return _("pipe");
	case CHANNEL_QUEUE: return _("POSIX message queue");
	case CHANNEL_RING: return _("ring buffer");
	case CHANNEL_SOCKETPAIR: return _("socket pair");
	case CHANNEL_FIFO: return _("named pipe (FIFO)");
	case CHANNEL_RACE: return _("shared counter");
	case CHANNEL_RACE_LOCKED: return _("shared counter with a lock");
	default: return _("shared value");
	}
}

static void draw_capacity_words(const struct view *v, char *buf, size_t len)
{
	switch (v->shown.channel) {
	case CHANNEL_PIPE:
		snprintf(buf, len, ngettext("capacity %d item = %ld bytes",
					    "capacity %d items = %ld bytes",
					    (unsigned long)v->kernel_capacity),
			 v->kernel_capacity, v->kernel_bytes);
		break;
	case CHANNEL_QUEUE:
		snprintf(buf, len, _("capacity %d messages"), v->kernel_capacity);
		break;
	case CHANNEL_RING:
		snprintf(buf, len, _("%d places; semaphores slots, items, mutex"),
			 v->kernel_capacity);
		break;
	case CHANNEL_SOCKETPAIR:
		snprintf(buf, len, _("capacity %d items each way (measured)"), v->kernel_capacity);
		break;
	case CHANNEL_FIFO:
		snprintf(buf, len, _("%s, %ld bytes"), v->kernel_name, v->kernel_bytes);
		break;
	case CHANNEL_RACE:
		snprintf(buf, len, "%s", _("one int in shared memory, no lock"));
		break;
	case CHANNEL_RACE_LOCKED:
		snprintf(buf, len, "%s", _("one int in shared memory, a semaphore as its lock"));
		break;
	default:
		snprintf(buf, len, "%s", _("one int in shared memory, no waiting"));
		break;
	}
}

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

	draw_capacity_words(v, cap, sizeof cap);
	int x = cells_put(w, 1, 1, draw_channel_name(v->shown.channel), d->cols - 2,
			  draw_attr(d, STYLE_BOLD)) + 2;
	/* a FIFO's path is its name: what another process opens */
	x += cells_put(w, 1, x, v->path[0] ? v->path : v->kernel_name, d->cols - x - 1,
		       draw_attr(d, STYLE_PROC));
	snprintf(chan, sizeof chan, "%s%s", gl->sep, cap);
	cells_put(w, 1, x, chan, d->cols - x - 1, A_NORMAL);
	wnoutrefresh(w);
}

/* ---- actor boxes ------------------------------------------------------------- */

/* What an actor is doing, as the state word and a detail line. */
struct draw_actor_words {
	char state[64];
	enum draw_style style;
	char detail[128];
	enum draw_style detail_style;
	char extra[128];
	enum draw_style extra_style;
};

static bool draw_is_traveling(const struct view *v, int a)
{
	return v->travel.kind != VIEW_TRAVEL_NONE && v->travel.actor == a;
}

/* The value an actor moved last, in the words of its channel. */
static void draw_last_value(const struct view *v, const struct model_actor *ma, char *buf,
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
static void draw_travel_words(const struct view *v, char *buf, size_t len)
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
static void draw_blocked_words(const struct view *v, const struct model_actor *ma,
			       struct draw_actor_words *w)
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
static bool draw_parts_words(const struct view *v, int a, struct draw_actor_words *w)
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

static void draw_words(const struct view *v, int a, struct draw_actor_words *w)
{
	const struct model_actor *ma = &v->shown.actors[a];
	const char *sig;

	memset(w, 0, sizeof *w);
	w->style = STYLE_NORMAL;
	w->detail_style = STYLE_NORMAL;
	w->extra_style = STYLE_NORMAL;
	draw_last_value(v, ma, w->extra, sizeof w->extra);
	switch (ma->state) {
	case ACTOR_NEW:
		snprintf(w->state, sizeof w->state, "%s", _("starting"));
		break;
	case ACTOR_WAITING:
		if (draw_is_traveling(v, a)) {
			snprintf(w->state, sizeof w->state, "%s", _("running"));
			w->style = STYLE_RUNNING;
			draw_travel_words(v, w->detail, sizeof w->detail);
		} else {
			snprintf(w->state, sizeof w->state, "%s", _("waiting its turn"));
		}
		if (draw_loaded_actor(v, a) == a) { /* a race: its load is done, its store next */
			snprintf(w->detail, sizeof w->detail, _("loaded %d, stores %d next"),
				 (int)ma->last, (int)ma->last + 1);
			snprintf(w->extra, sizeof w->extra, "%s", _("between load and store"));
			w->extra_style = STYLE_NOTE;
		} else if (ma->role == ROLE_CONSUMER && !draw_is_traveling(v, a)) {
			draw_parts_words(v, a, w);
		}
		break;
	case ACTOR_BLOCKED:
		snprintf(w->state, sizeof w->state, "%s", _("BLOCKED"));
		w->style = STYLE_BLOCKED;
		w->detail_style = STYLE_BLOCKED_TEXT;
		draw_blocked_words(v, ma, w);
		if (ma->role == ROLE_CONSUMER && v->extra[a].nparts > 0)
			draw_parts_words(v, a, w);
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
			draw_parts_words(v, a, w);
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

static const char *draw_state_meaning(char c)
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
struct draw_kernel_words {
	char state[64], wchan[64], syscall[64];
	bool known;
};

static void draw_kernel_words(const struct view *v, int a, struct draw_kernel_words *k)
{
	const struct view_proc *p = &v->kernel.proc[a];
	char nbuf[32];

	memset(k, 0, sizeof *k);
	if (!p->valid)
		return;
	k->known = true;
	/* TRANSLATORS: a /proc state letter and its meaning, e.g. "S (asleep)" */
	snprintf(k->state, sizeof k->state, _("%c (%s)"), p->state, draw_state_meaning(p->state));
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
static const char *draw_no_kernel(const struct view *v, int a)
{
	enum actor_state st = v->shown.actors[a].state;

	if (v->kernel.recorded && st != ACTOR_FINISHED && st != ACTOR_KILLED)
		return _("kernel: not recorded");
	return _("kernel: gone");
}

static int draw_box_x(const struct draw *d, const struct model_actor *ma)
{
	return ma->role == ROLE_PRODUCER ? 0 : d->cols - d->g.box_w;
}

static void draw_actor_full(struct draw *d, const struct view *v, int a, int y, int x,
			    const struct draw_actor_words *w, const struct draw_kernel_words *k,
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
		cells_put(win, y + 5, ix, draw_no_kernel(v, a), iw, draw_attr(d, STYLE_DONE));
		return;
	}
	attr_t pa = draw_attr(d, STYLE_PROC);
	draw_labelled(win, y + 5, ix, iw, _("kernel:"), k->state, pa);
	draw_labelled(win, y + 6, ix, iw, _("wchan:"), k->wchan, pa);
	draw_labelled(win, y + 7, ix, iw, _("syscall:"), k->syscall, pa);
}

static void draw_actor_small(struct draw *d, const struct view *v, int a, int y, int x,
			     const struct draw_actor_words *w, const struct draw_kernel_words *k,
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
		snprintf(buf, sizeof buf, "%s", draw_no_kernel(v, a));
	cells_put(win, y + 3, ix, buf, iw, draw_attr(d, k->known ? STYLE_PROC : STYLE_DONE));
}

static void draw_actor_line(struct draw *d, const struct view *v, int a, int y, int x,
			    const struct draw_actor_words *w, const struct draw_kernel_words *k)
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

static void draw_actor(struct draw *d, const struct view *v, int a)
{
	const struct model_actor *ma = &v->shown.actors[a];
	int y = d->g.box_y[a], x = draw_box_x(d, ma);
	struct draw_actor_words w;
	struct draw_kernel_words k;
	attr_t border = A_NORMAL;

	if (y < 0)
		return;
	draw_words(v, a, &w);
	draw_kernel_words(v, a, &k);
	if (ma->state == ACTOR_BLOCKED)
		border = v->box_pulse[a] % 4 >= 2 ? draw_attr(d, STYLE_BLOCKED)
					      : draw_attr(d, STYLE_BLOCKED_TEXT);
	else if (draw_is_traveling(v, a))
		border = draw_attr(d, STYLE_RUNNING);
	switch (d->g.box_mode) {
	case DRAW_BOX_FULL:
		draw_actor_full(d, v, a, y, x, &w, &k, border);
		break;
	case DRAW_BOX_SMALL:
		draw_actor_small(d, v, a, y, x, &w, &k, border);
		break;
	case DRAW_BOX_LINE:
		draw_actor_line(d, v, a, y, x, &w, &k);
		break;
	}
}

static void draw_more(struct draw *d, int hidden, int y, int x)
{
	char buf[64];

	if (hidden <= 0)
		return;
	snprintf(buf, sizeof buf, _("+%d more"), hidden);
	cells_put(d->stage, y, x, buf, d->g.box_w, draw_attr(d, STYLE_BOLD));
}

/* ---- the channel --------------------------------------------------------------- */

/* The first fold row drawn (the rows next to the exit are the ones shown). */
static int draw_first_row(const struct draw_geometry *g)
{
	return g->chan_rows - g->chan_rows_shown;
}

/* Screen position of slot p (0 = entry end, nslots-1 = exit end): the row of
 * its value and the column of its first cell. False if its row is not shown. */
static bool draw_slot_pos(const struct draw_geometry *g, int p, int *y, int *x)
{
	int q = p + g->pad, row = q / g->per_row - draw_first_row(g);

	if (row < 0)
		return false;
	*y = g->chan_top + 1 + row * 3 + 1;
	*x = g->slots_x + (q % g->per_row) * g->slot_w + 1;
	return true;
}

/* Screen position of place c (0 = the producers' end) on a socket pair's lane
 * of answers, which has one row. */
static void draw_back_pos(const struct draw_geometry *g, int c, int *y, int *x)
{
	int n = g->nslots < g->per_row ? g->nslots : g->per_row;

	*y = g->chan_top + g->back_y + 1;
	*x = g->slots_x + (g->per_row - n) * g->slot_w + c * g->slot_w + 1;
}

static void draw_slot_value(struct draw *d, int y, int x, int32_t value, attr_t attr)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%*d", d->g.slot_w - 1, (int)value);
	cells_put(d->stage, y, x, buf, d->g.slot_w - 1, attr);
}

/* The walls of places [first, last] of a row at columns from x0: message
 * boxes, or the walls of a tube. */
static void draw_slot_walls(struct draw *d, bool boxes, int y, int x0, int first, int last)
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
static void draw_slot_row(struct draw *d, const struct view *v, int row, int y)
{
	const struct draw_geometry *g = &d->g;
	const struct model *m = &v->shown;
	bool boxes = draw_has_boxes(v);
	int cap = g->nslots, first = -1, last = -1, pages = draw_pages_used(v);
	bool split = draw_split_items(v);
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
			draw_slot_value(d, y + 1, x + 1, m->slots[item],
					draw_attr(d, full ? STYLE_FULL : STYLE_ITEM));
		else if (!boxes)
			cells_put(d->stage, y + 1, x + g->slot_w - 1, d->glyphs->dot, 1, A_NORMAL);
	}
	if (last >= 0)
		draw_slot_walls(d, boxes, y, g->slots_x, first, last);
}

/* A socket pair's second lane, under the first: the answers on their way back
 * to the producers, the oldest at the left, next out; arrows pointing back. */
static void draw_back_lane(struct draw *d, const struct view *v)
{
	const struct draw_geometry *g = &d->g;
	const struct model *m = &v->shown;
	int n = g->nslots < g->per_row ? g->nslots : g->per_row;
	int y = g->chan_top + g->back_y, vy, vx;

	draw_back_pos(g, 0, &vy, &vx);
	draw_slot_walls(d, false, y, vx - 1, 0, n - 1);
	char label[128];
	snprintf(label, sizeof label, " %s ", _("answers"));
	if (cells_width(label) <= n * g->slot_w)
		draw_centred(d->stage, y + 2, vx - 1, n * g->slot_w + 1, label, draw_attr(d, STYLE_BOLD));
	for (int c = 0; c < n; c++) {
		draw_back_pos(g, c, &vy, &vx);
		if (c < m->back_fill && c < MODEL_MAX_SLOTS)
			draw_slot_value(d, vy, vx, m->back[c], draw_attr(d, STYLE_ITEM));
		else
			cells_put(d->stage, vy, vx + g->slot_w - 2, d->glyphs->dot, 1, A_NORMAL);
	}
	draw_back_pos(g, 0, &vy, &vx);
	cells_put(d->stage, vy, vx - 3, d->glyphs->back, 1, draw_attr(d, STYLE_BOLD));
	draw_back_pos(g, n - 1, &vy, &vx);
	cells_put(d->stage, vy, vx + g->slot_w + 1, d->glyphs->back, 1, draw_attr(d, STYLE_BOLD));
}

/* The values blocked producers are holding, waiting at the entry, and a '?'
 * for each consumer waiting at the exit. On a socket pair a producer waiting
 * for its answer has its '?' at the answers' exit, and a consumer that cannot
 * answer holds its answer at their entry. */
static void draw_waiting_items(struct draw *d, const struct view *v, int entry_y, int entry_x,
			       int exit_y, int exit_x)
{
	const struct model *m = &v->shown;
	const struct draw_geometry *g = &d->g;
	attr_t bad = draw_attr(d, STYLE_BLOCKED);
	int xl = entry_x - 1, xr = exit_x + 2, bxl = 0, bxr = 0, by = 0, bx;
	char buf[32];

	if (g->back_y >= 0) {
		draw_back_pos(g, 0, &by, &bxl);
		bxl -= 4;
		draw_back_pos(g, (g->nslots < g->per_row ? g->nslots : g->per_row) - 1, &by, &bxr);
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
 * when there is room. A ring's count is its `items` semaphore; its `slots`
 * semaphore holds the rest of the places. */
static void draw_kernel_fill(struct draw *d, const struct view *v, char *buf, size_t len)
{
	const char *unit = draw_ops(v)->kfill_unit;
	int k = v->kernel.kfill, free_places = v->kernel_capacity - k;

	if (k < 0 || !unit) {
		snprintf(buf, len, "%s", v->kernel.recorded ? _("kernel: not recorded at this moment")
							    : _("kernel: not known yet"));
		return;
	}
	if (free_places < 0)
		free_places = 0;
	for (int pass = 0; pass < 2; pass++) {
		bool brief = pass == 1; /* the second pass: without the source */
		if (strcmp(unit, "bytes") == 0)
			snprintf(buf, len, brief ? ngettext("kernel: %d byte", "kernel: %d bytes",
							    (unsigned long)k)
						 : ngettext("kernel: %d byte (FIONREAD)",
							    "kernel: %d bytes (FIONREAD)", (unsigned long)k),
				 k);
		else if (strcmp(unit, "items") == 0)
			snprintf(buf, len, brief ? _("sem items %d, free %d")
						 : _("semaphore items %d (sem_getvalue), so %d places free"),
				 k, free_places);
		else
			snprintf(buf, len, brief ? ngettext("kernel: %d message", "kernel: %d messages",
							    (unsigned long)k)
						 : ngettext("kernel: %d message (mq_curmsgs)",
							    "kernel: %d messages (mq_curmsgs)", (unsigned long)k),
				 k);
		if (cells_width(buf) <= d->g.chan_w)
			return;
	}
}

/* The channel's title over its slots, shorter when the long one does not fit. */
static void draw_slots_title(struct draw *d, const struct view *v, char *buf, size_t len)
{
	int cap = v->shown.capacity;

	for (int pass = 0; pass < 2; pass++) {
		bool brief = pass == 1;
		switch (v->shown.channel) {
		case CHANNEL_PIPE:
			snprintf(buf, len, ngettext("pipe: %d slot of 4096 bytes",
						    "pipe: %d slots of 4096 bytes", (unsigned long)cap), cap);
			break;
		case CHANNEL_QUEUE:
			snprintf(buf, len, _("message queue: %d slots"), cap);
			break;
		case CHANNEL_RING:
			snprintf(buf, len, brief ? _("ring buffer: %d places")
						 : _("ring buffer in shared memory: %d places"), cap);
			break;
		case CHANNEL_SOCKETPAIR:
			snprintf(buf, len, "%s", brief ? _("socket pair: both ways")
						       : _("socket pair: items go, answers come back"));
			break;
		case CHANNEL_FIFO:
			snprintf(buf, len, "%s", brief ? _("FIFO: a pipe with a path")
						       : _("FIFO: a pipe with a path, one line an item"));
			break;
		default:
			snprintf(buf, len, "%s", draw_channel_name(v->shown.channel));
			break;
		}
		if (cells_width(buf) <= d->g.chan_w)
			return;
	}
}

/* The fill under the slots: "3/4" and FULL or empty, a FIFO's lines, a
 * socket pair's answers on their way back. */
static void draw_fill_line(struct draw *d, const struct view *v, int y)
{
	const struct draw_geometry *g = &d->g;
	const struct model *m = &v->shown;
	int cap = m->capacity, pages = draw_pages_used(v);
	bool split = draw_split_items(v);
	bool full = split ? pages >= cap : m->fill >= cap;
	bool empty = split ? pages == 0 : m->fill == 0;
	char num[64], line[320], back[128] = "";
	const char *word = full ? _("FULL") : empty ? _("empty") : "";

	if (split && pages < 0)
		snprintf(num, sizeof num, "%s", _("pages: ?"));
	else if (split)
		snprintf(num, sizeof num, ngettext("%d/%d page", "%d/%d pages", (unsigned long)cap),
			 pages, cap);
	else if (draw_ops(v)->named)
		snprintf(num, sizeof num, ngettext("%d/%d line", "%d/%d lines", (unsigned long)cap),
			 m->fill, cap);
	else
		snprintf(num, sizeof num, "%d/%d", m->fill, cap);
	if (g->back_y >= 0)
		snprintf(back, sizeof back, ngettext("%d answer back", "%d answers back",
						     (unsigned long)m->back_fill), m->back_fill);
	snprintf(line, sizeof line, "%s  %s%s%s", num, word, back[0] ? "  " : "", back);
	int x = g->chan_x + (g->chan_w - cells_width(line)) / 2;
	if (x < g->chan_x)
		x = g->chan_x;
	int end = g->chan_x + g->chan_w;
	x += cells_put(d->stage, y, x, num, end - x, draw_attr(d, STYLE_BOLD)) + 2;
	if (word[0])
		x += cells_put(d->stage, y, x, word, end - x, full ? draw_attr(d, STYLE_FULL) : A_NORMAL) + 2;
	if (back[0] && x < end)
		cells_put(d->stage, y, x, back, end - x, A_NORMAL);
}

/* A pipe whose items have a size of their own: bigger than PIPE_BUF they are
 * written in parts that may interleave; the items that did are counted. */
static void draw_size_line(struct draw *d, const struct view *v, int y)
{
	const struct draw_geometry *g = &d->g;
	char buf[256];
	enum draw_style style = STYLE_NORMAL;

	if (v->item_size > DRAW_PIPE_BUF || (v->item_size <= 0 && v->big_items)) {
		if (v->shown.mixed > 0) {
			snprintf(buf, sizeof buf, ngettext("over PIPE_BUF: %ld item MIXED",
							   "over PIPE_BUF: %ld items MIXED",
							   (unsigned long)v->shown.mixed), v->shown.mixed);
			style = v->flash > 0 && v->flash % 6 >= 3 ? STYLE_FLASH : STYLE_LOST;
		} else if (v->item_size > 0) {
			snprintf(buf, sizeof buf, _("items of %d bytes: not atomic"), v->item_size);
			style = STYLE_NOTE;
		} else {
			snprintf(buf, sizeof buf, "%s", _("items over PIPE_BUF: not atomic"));
			style = STYLE_NOTE;
		}
	} else {
		snprintf(buf, sizeof buf, _("items of %d bytes: atomic"), v->item_size);
	}
	draw_centred(d->stage, y, g->chan_x, g->chan_w, buf, draw_attr(d, style));
}

static void draw_slots_channel(struct draw *d, const struct view *v)
{
	const struct draw_geometry *g = &d->g;
	int cap = g->nslots, first = draw_first_row(g);
	int entry_y = 0, entry_x = 0, exit_y = 0, exit_x = 0;
	char buf[256];

	draw_slots_title(d, v, buf, sizeof buf);
	draw_centred(d->stage, g->chan_top, g->chan_x, g->chan_w, buf, draw_attr(d, STYLE_BOLD));
	for (int r = first; r < g->chan_rows; r++)
		draw_slot_row(d, v, r, g->chan_top + 1 + (r - first) * 3);
	if (first > 0)
		cells_put(d->stage, g->chan_top + 2, g->slots_x - 4, d->glyphs->ellipsis, 3, A_NORMAL);
	if (!draw_slot_pos(g, 0, &entry_y, &entry_x)) {
		entry_y = g->chan_top + 2;
		entry_x = g->slots_x + 1;
	}
	draw_slot_pos(g, cap - 1, &exit_y, &exit_x);
	entry_x -= 3;
	exit_x += g->slot_w + 1;
	cells_put(d->stage, entry_y, entry_x, d->glyphs->arrow, 1, draw_attr(d, STYLE_BOLD));
	cells_put(d->stage, exit_y, exit_x, d->glyphs->arrow, 1, draw_attr(d, STYLE_BOLD));
	if (g->back_y >= 0)
		draw_back_lane(d, v);
	draw_waiting_items(d, v, entry_y, entry_x, exit_y, exit_x);

	int y = g->chan_top + 1 + 3 * g->chan_rows_shown + (g->back_y >= 0 ? 2 : 0);
	draw_fill_line(d, v, y++);
	draw_kernel_fill(d, v, buf, sizeof buf);
	draw_centred(d->stage, y++, g->chan_x, g->chan_w, buf, draw_attr(d, STYLE_PROC));
	if (draw_has_size_line(v))
		draw_size_line(d, v, y);
}

/* Where the shared value's cell is: the row of its value and its first cell. */
static void draw_cell_pos(const struct draw *d, const struct view *v, int *y, int *x)
{
	int cw = v->value_cols + 4;

	*y = d->g.chan_top + 2;
	*x = d->g.chan_x + (d->g.chan_w - cw) / 2 + 1;
}

/* The table under a cell: each value written, whether it was read, and the
 * ones lost; for a counter, each value stored and loaded, and the stores that
 * undid another's. */
static void draw_shm_table(struct draw *d, const struct view *v, int y)
{
	const struct draw_geometry *g = &d->g;
	bool counter = draw_ops(v)->counter;
	const char *labels[3] = {counter ? _("stored") : _("written"),
				 counter ? _("loaded") : _("read"), _("lost")};
	int lw = 0, colw = v->value_cols + 2, x0, n, from;
	char buf[32];

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
static void draw_lock_line(struct draw *d, const struct view *v, int y)
{
	const struct draw_geometry *g = &d->g;
	const struct model *m = &v->shown;
	bool locked = draw_ops(v)->blocks; /* the race without a lock never waits */
	int a = draw_loaded_actor(v, 0);
	char buf[512];
	size_t at;

	if (locked && a >= 0)
		snprintf(buf, sizeof buf, _("lock: held by %s"), m->actors[a].name);
	else if (locked)
		snprintf(buf, sizeof buf, "%s", _("lock: free"));
	else if (a < 0)
		snprintf(buf, sizeof buf, "%s", _("no lock: nobody between load and store"));
	else {
		snprintf(buf, sizeof buf, "%s", _("no lock; loaded:"));
		for (; a >= 0; a = draw_loaded_actor(v, a + 1)) {
			at = strlen(buf);
			/* TRANSLATORS: after "loaded:", an actor and the value it loaded */
			snprintf(buf + at, sizeof buf - at, _(" %s %d"), m->actors[a].name,
				 (int)m->actors[a].last);
		}
	}
	draw_centred(d->stage, y, g->chan_x, g->chan_w, buf,
		     draw_attr(d, locked && draw_loaded_actor(v, 0) >= 0 ? STYLE_NOTE : STYLE_PROC));
}

/* A race's result in one line: the counter against the stores made. Returns
 * its style: lost updates are bad news. */
static enum draw_style draw_result_words(const struct model *m, char *buf, size_t len)
{
	long long lost = (long long)(m->expected - m->counter);

	if (lost > 0) {
		snprintf(buf, len, ngettext("RESULT: counter %lld, expected %lld: %lld update lost",
					    "RESULT: counter %lld, expected %lld: %lld updates lost",
					    (unsigned long)lost),
			 (long long)m->counter, (long long)m->expected, lost);
		return STYLE_BLOCKED;
	}
	snprintf(buf, len, _("RESULT: counter %lld, expected %lld: nothing lost"),
		 (long long)m->counter, (long long)m->expected);
	return STYLE_GOOD;
}

static void draw_shm_channel(struct draw *d, const struct view *v)
{
	const struct draw_geometry *g = &d->g;
	const struct model *m = &v->shown;
	bool counter = draw_ops(v)->counter;
	int cw = v->value_cols + 4, cy, cx, y;
	char buf[512];
	attr_t cell_attr = A_NORMAL;
	const char *title = counter ? _("counter += 1: a load, then a store")
				    : _("shared value: one memory cell");

	if (cells_width(title) > g->chan_w)
		title = counter ? _("shared counter") : _("shared value");
	draw_centred(d->stage, g->chan_top, g->chan_x, g->chan_w, title, draw_attr(d, STYLE_BOLD));
	draw_cell_pos(d, v, &cy, &cx);
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
	if (m->cell_written && !counter)
		cells_put(d->stage, cy, cx + cw, m->cell_read ? _("read") : _("not read yet"),
			  g->chan_x + g->chan_w - cx - cw, A_NORMAL);
	y = cy + 2;
	if (counter)
		draw_lock_line(d, v, y++);
	draw_shm_table(d, v, y);
	y += 3;
	if (counter)
		snprintf(buf, sizeof buf, ngettext("%ld update lost", "%ld updates lost",
						   (unsigned long)m->overwritten), m->overwritten);
	else
		snprintf(buf, sizeof buf, _("lost: %ld   stale reads: %ld"), m->overwritten, m->stale);
	draw_centred(d->stage, y++, g->chan_x, g->chan_w, buf,
		     draw_attr(d, m->overwritten > 0 ? STYLE_LOST : STYLE_NORMAL));
	if (counter && m->has_result) {
		char line[sizeof buf + 2];
		enum draw_style st = draw_result_words(m, buf, sizeof buf);
		snprintf(line, sizeof line, " %s ", buf);
		draw_centred(d->stage, y, g->chan_x, g->chan_w, line, draw_attr(d, st));
	}
}

/* ---- the item in flight ----------------------------------------------------------- */

/* Where an actor's items leave from or arrive at: beside its box, level with
 * the channel's row `toward` where the box reaches it (the item then travels in
 * a straight line), else as close to it as the box goes. */
static void draw_anchor(const struct draw *d, const struct view *v, int a, int item_w,
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
static void draw_outside_pos(const struct draw *d, int item_w, int *y, int *x)
{
	*y = d->g.hint_y;
	*x = d->g.box_w - item_w;
}

static void draw_hint(struct draw *d, const struct view *v)
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

/* Where an item on its way is at its channel end: the slot it will take or
 * has just left, on the lane of answers for a socket pair's answers. */
static void draw_travel_slot(const struct draw *d, const struct view *v, int *py, int *px)
{
	const struct view_travel *t = &v->travel;
	const struct model *m = &v->shown;
	int cap = d->g.nslots;

	if (draw_is_cell(v)) {
		draw_cell_pos(d, v, py, px);
		return;
	}
	if (t->back) {
		/* in: the place after the answers there; out: the first place */
		int n = cap < d->g.per_row ? cap : d->g.per_row;
		int c = t->kind == VIEW_TRAVEL_IN ? (m->back_fill < n ? m->back_fill : n - 1) : 0;
		draw_back_pos(&d->g, c, py, px);
		*px -= 1;
		return;
	}
	/* In: the slot the item will take; out: the exit slot it just left. */
	int p = t->kind == VIEW_TRAVEL_IN ? cap - 1 - m->fill : cap - 1;
	if (p < 0)
		p = 0;
	if (!draw_slot_pos(&d->g, p, py, px)) {
		*py = d->g.chan_top + 2;
		*px = d->g.slots_x;
	}
	*px -= 1;
}

static void draw_travel(struct draw *d, const struct view *v)
{
	const struct view_travel *t = &v->travel;
	const struct model *m = &v->shown;
	int item_w = v->value_cols + 2, sy, sx, ey, ex, py, px;
	bool outside = t->actor == EVENT_ACTOR_OUTSIDE && d->g.hint;
	enum draw_style style = STYLE_ITEM;
	char buf[32];

	if (t->kind == VIEW_TRAVEL_NONE || (!outside && (t->actor < 0 || t->actor >= m->nactors)))
		return;
	draw_travel_slot(d, v, &py, &px);
	if (t->kind == VIEW_TRAVEL_IN) {
		if (outside)
			draw_outside_pos(d, item_w, &sy, &sx);
		else
			draw_anchor(d, v, t->actor, item_w, py, &sy, &sx);
		ey = py;
		ex = px;
	} else {
		sy = py;
		sx = px;
		draw_anchor(d, v, t->actor, item_w, py, &ey, &ex);
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

static void draw_stage(struct draw *d, const struct view *v)
{
	const struct model *m = &v->shown;

	werase(d->stage);
	for (int a = 0; a < m->nactors; a++)
		draw_actor(d, v, a);
	draw_more(d, d->g.hidden_left, d->g.more_y_left, 0);
	draw_more(d, d->g.hidden_right, d->g.more_y_right, d->cols - d->g.box_w);
	if (draw_is_cell(v))
		draw_shm_channel(d, v);
	else
		draw_slots_channel(d, v);
	draw_hint(d, v);
	draw_travel(d, v);
	wnoutrefresh(d->stage);
}

/* ---- the log, the explain panel, the end ------------------------------------------ */

static attr_t draw_log_attr(const struct draw *d, const struct view_log_line *l)
{
	if (l->message)
		return draw_attr(d, STYLE_BOLD);
	if (l->mixed)
		return draw_attr(d, STYLE_LOST);
	switch (l->type) {
	case EV_PART: return draw_attr(d, STYLE_NOTE);
	case EV_RESULT: return draw_attr(d, STYLE_BOLD);
	case EV_BLOCKED: return draw_attr(d, STYLE_BLOCKED_TEXT);
	case EV_OVERWRITTEN: return draw_attr(d, STYLE_LOST);
	case EV_STALE:
	case EV_NOTE: return draw_attr(d, STYLE_NOTE);
	case EV_KERNEL: return draw_attr(d, STYLE_PROC);
	case EV_ERROR:
	case EV_FAULT: return draw_attr(d, STYLE_KILLED);
	case EV_EXIT: return l->signal ? draw_attr(d, STYLE_KILLED) : draw_attr(d, STYLE_DONE);
	case EV_UNBLOCKED: return draw_attr(d, STYLE_RUNNING);
	default: return A_NORMAL;
	}
}

/* Draws paragraph s wrapped into lines from row *y; stops before row `end`. */
static void draw_paragraph(WINDOW *w, int *y, int end, int x, int width, const char *s, attr_t attr)
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
	if (draw_ops(v)->named && cells_width(_("outside")) > who_w)
		who_w = cells_width(_("outside"));
	if (!draw_is_cell(v) && !draw_split_items(v))
		fill_w = snprintf(buf, sizeof buf, "%d/%d", m->capacity, m->capacity);
	for (int y = end - 1, back = 0; y >= top; y--, back++) {
		const struct view_log_line *l = view_log_at(v, back);
		int x = 2;
		if (!l)
			break;
		attr_t attr = draw_log_attr(d, l);
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

static void draw_explain(struct draw *d, const struct view *v, int *y, int end)
{
	int a = view_explain_actor(v);
	char text[2048], title[128];

	if (a < 0)
		return;
	snprintf(title, sizeof title, _("Explain: %s"), v->shown.actors[a].name);
	draw_box_title(d->log, 0, 0, d->cols, title, draw_attr(d, STYLE_NOTE));
	describe_explain(&v->shown, a, text, sizeof text);
	draw_paragraph(d->log, y, end, 2, d->cols - 4, text, A_NORMAL);
}

static void draw_end(struct draw *d, const struct view *v, int *y, int end)
{
	char text[4096];

	draw_box_title(d->log, 0, 0, d->cols, _("The end"), draw_attr(d, STYLE_NOTE));
	if (v->end_reason[0])
		draw_paragraph(d->log, y, end, 2, d->cols - 4, v->end_reason,
			       draw_attr(d, STYLE_BLOCKED_TEXT));
	describe_summary(&v->shown, text, sizeof text);
	draw_paragraph(d->log, y, end, 2, d->cols - 4, text, A_NORMAL);
	draw_paragraph(d->log, y, end, 2, d->cols - 4, _("r restarts the run, q quits."),
		       draw_attr(d, STYLE_BOLD));
}

/* ---- the swim lanes ---------------------------------------------------------------- */

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
static void draw_lane_cell(struct draw *d, int y, int x, unsigned char cell)
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
static void draw_lane_fill(struct draw *d, const struct view *v, int y, int x0, int width,
			   int64_t from)
{
	int cap = draw_split_items(v) ? d->g.nslots : v->shown.capacity; /* pages : items */

	if (cap < 1)
		cap = 1;
	for (int i = 0; i < width; i++) {
		int fill = lanes_fill(&v->lanes, from + i);
		if (fill < 0)
			continue;
		bool full = fill >= cap && !draw_split_items(v);
		int level = fill >= cap ? 8 : (fill * 8 + cap - 1) / cap;
		cells_put(d->log, y, x0 + i, d->glyphs->levels[level], 1,
			  draw_attr(d, full ? STYLE_BLOCKED_TEXT : STYLE_ITEM));
	}
}

/* What the lanes' glyphs mean, on one line if it fits. */
static void draw_lanes_legend(struct draw *d, const struct view *v, int y)
{
	const struct draw_glyphs *gl = d->glyphs;
	bool shm = draw_is_cell(v);
	char buf[512];

	snprintf(buf, sizeof buf, _("%s waiting its turn  %s BLOCKED  %s %s  %s %s  %s lost  %s fault"),
		 gl->lane_wait, gl->lane_block, gl->lane_put, shm ? _("wrote") : _("put"),
		 gl->lane_got, shm ? _("read") : _("got"), gl->lost, gl->lane_fault);
	cells_put(d->log, y, 2, buf, d->cols - 4, draw_attr(d, STYLE_DONE));
}

/* The swim lanes in the log's place: a row of time labels, the channel's fill,
 * one lane per actor, a legend; the latest columns that fit, ending now. */
static void draw_lanes(struct draw *d, const struct view *v, int *y, int end)
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
	if (!draw_is_cell(v) && !draw_split_items(v) && *y < end) {
		cells_put(d->log, *y, 2, _("fill"), nw, draw_attr(d, STYLE_BOLD));
		draw_lane_fill(d, v, (*y)++, x0, (int)(now_col - from + 1 < width ? now_col - from + 1
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
			draw_lane_cell(d, *y, x0 + i, lanes_cell(l, a, from + i));
		(*y)++;
	}
	if (legend && *y < end)
		draw_lanes_legend(d, v, (*y)++);
}

static void draw_log(struct draw *d, const struct view *v)
{
	int y = 1, end = d->g.log_h - 1;
	char title[256];

	werase(d->log);
	draw_box(d, d->log, 0, 0, d->g.log_h, d->cols, A_NORMAL);
	if (v->show_lanes) {
		draw_lanes(d, v, &y, end);
		wnoutrefresh(d->log);
		return;
	}
	if (v->show_explain)
		draw_explain(d, v, &y, end);
	else if (v->finished)
		draw_end(d, v, &y, end);
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

/* ---- the key bar and help -------------------------------------------------------------- */

struct draw_key {
	const char *key;
	const char *label;
	int priority;   /* lower is kept longer when the bar is narrow */
};

/* Cells one key takes in the bar: the key (padded when there is room), its
 * label, and a space. */
static int draw_key_cells(const struct draw_key *k, int pad)
{
	return cells_width(k->key) + 2 * pad + 1 + cells_width(k->label) + 1 + pad;
}

/* The key bar: as many keys as fit, the least needed dropped first. */
static void draw_keys(struct draw *d, const struct view *v)
{
	struct draw_key keys[] = {
		{_("space"), v->paused ? _("run") : _("pause"), 1},
		{"n", _("step"), 2},
		{"b", _("back"), 3},
		{"+/-", _("speed"), 9},
		{"1-6", _("channel"), 7},
		{"r", _("restart"), 6},
		{"k", _("kill"), 8},
		{"e", _("explain"), 4},
		{"t", v->show_lanes ? _("log") : _("lanes"), 5},
		{"?", _("help"), 0},
		{"q", _("quit"), 0},
	};
	size_t n = sizeof keys / sizeof keys[0];
	bool keep[sizeof keys / sizeof keys[0]];
	int total = 0, x = 0, pad = 1;

	for (size_t i = 0; i < n; i++)
		total += draw_key_cells(&keys[i], pad);
	if (total > d->cols) {
		pad = 0;
		total = 0;
		for (size_t i = 0; i < n; i++)
			total += draw_key_cells(&keys[i], pad);
	}
	for (size_t i = 0; i < n; i++)
		keep[i] = true;
	for (int pri = 9; pri > 0 && total > d->cols; pri--)
		for (size_t i = 0; i < n; i++)
			if (keep[i] && keys[i].priority == pri && total > d->cols) {
				keep[i] = false;
				total -= draw_key_cells(&keys[i], pad);
			}
	werase(d->keys);
	for (size_t i = 0; i < n; i++) {
		char k[32];
		if (!keep[i])
			continue;
		snprintf(k, sizeof k, "%*s%s%*s", pad, "", keys[i].key, pad, "");
		x += cells_put(d->keys, 0, x, k, d->cols - x, draw_attr(d, STYLE_KEY)) + 1;
		x += cells_put(d->keys, 0, x, keys[i].label, d->cols - x, A_NORMAL) + 1 + pad;
	}
	wnoutrefresh(d->keys);
}

/* The help overlay's window, made and drawn once per size: its words do not
 * change while it is open. */
static void draw_help(struct draw *d)
{
	char next_key[32], back_key[32], speeds[128];
	snprintf(next_key, sizeof next_key, "n  %s", d->glyphs->right);
	snprintf(back_key, sizeof back_key, "%s  b", d->glyphs->left);
	snprintf(speeds, sizeof speeds, _("faster / slower (%s2, %s2)"), d->glyphs->times,
		 d->glyphs->divide);
	const char *lines[][2] = {
		{_("space"), _("pause / resume")},
		{next_key, _("one step while paused: the next operation, until it settles")},
		{back_key, _("one step back: the screen shows the past from the run's history; "
			     "the processes stay where they are")},
		{"+  -", speeds},
		{"1 2 3", _("the same timing on a pipe / a queue / a shared value (restarts)")},
		{"4 5 6", _("… on a ring buffer / a socket pair / a named pipe (FIFO); "
			    "not for a race, which has only its counter")},
		{"r", _("restart the scenario")},
		{"k", _("kill the first live consumer: what does the producer see?")},
		{"e", _("explain, in plain words, why a process is in its state")},
		{"t", _("timeline: each process over time, running, waiting, blocked")},
		{"?", _("this help")},
		{"q", _("quit: children killed and reaped, IPC objects removed")},
		{"", ""},
		{_("BLOCKED"), _("asleep in the kernel inside the channel's system call")},
		{d->glyphs->lost, _("lost or mixed: a value overwritten unread, an update lost, "
				    "an item mixed of two writes")},
		{_("kernel"), _("what /proc shows: state, wait channel, system call")},
	};
	int n = (int)(sizeof lines / sizeof lines[0]), kw = 0, hw, hh, tw, y, total = 0;

	for (int i = 0; i < n; i++)
		if (cells_width(lines[i][0]) > kw)
			kw = cells_width(lines[i][0]);
	hw = d->cols - 8 < 76 ? d->cols - 8 : 76;
	tw = hw - kw - 6; /* the words' column; long ones wrap */
	for (int i = 0; i < n; i++)
		total += lines[i][1][0] ? cells_count_lines(lines[i][1], tw) : 1;
	hh = total + 4 < d->rows - 2 ? total + 4 : d->rows - 2;
	d->help = newwin(hh, hw, (d->rows - hh) / 2, (d->cols - hw) / 2);
	if (!d->help)
		return;
	werase(d->help);
	draw_box(d, d->help, 0, 0, hh, hw, draw_attr(d, STYLE_BOLD));
	draw_box_title(d->help, 0, 0, hw, _("Help: keys"), draw_attr(d, STYLE_BOLD));
	y = 2;
	for (int i = 0; i < n && y < hh - 1; i++) {
		attr_t ka = strcmp(lines[i][0], _("BLOCKED")) == 0 ? draw_attr(d, STYLE_BLOCKED)
			    : strcmp(lines[i][0], d->glyphs->lost) == 0 ? draw_attr(d, STYLE_LOST)
									: draw_attr(d, STYLE_BOLD);
		cells_put(d->help, y, 2, lines[i][0], kw, ka);
		if (!lines[i][1][0])
			y++;
		draw_paragraph(d->help, &y, hh - 1, 4 + kw, tw, lines[i][1], A_NORMAL);
	}
	cells_put(d->help, hh - 1, 2, _(" ? or Esc closes "), hw - 4, A_NORMAL);
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
			draw_help(d);
		if (d->help) { /* on top again of whatever was drawn beneath it */
			touchwin(d->help);
			wnoutrefresh(d->help);
		}
	} else {
		draw_delwin(&d->help);
	}
	doupdate();
}
