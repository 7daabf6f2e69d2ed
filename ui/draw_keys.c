/* draw_keys.c - the key bar at the bottom (as many keys as fit, the least
 * needed dropped first when the terminal is narrow) and the help overlay,
 * made once per terminal size: each key and what it does, then what the
 * screen's marks mean.
 */
#include "draw_int.h"

#include <stdio.h>
#include <string.h>

#include "cells.h"
#include "i18n.h"
#include "words.h"

struct draw_keys_key {
	const char *key;
	const char *label;
	int priority;   /* lower is kept longer when the bar is narrow; -1: not shown */
};

/* Cells one key takes in the bar: the key (padded when there is room), its
 * label, and a space. */
static int draw_keys_cells(const struct draw_keys_key *k, int pad)
{
	return cells_width(k->key) + 2 * pad + 1 + cells_width(k->label) + 1 + pad;
}

/* Contract in draw_int.h. The key bar: as many keys as fit, the least
 * needed dropped first. */
void draw_keys(struct draw *d, const struct view *v)
{
	char channel_keys[16], answer_keys[16];

	words_channel_keys(channel_keys, sizeof channel_keys);
	/* the digits of the open question, 1-2 or 1-3 */
	snprintf(answer_keys, sizeof answer_keys, "1-%d", v->nquestion > 1 ? v->nquestion - 1 : 1);
	bool asking = v->predicting && v->nquestion > 1;
	/* several channels: no channel to switch (the digits say why in the
	 * log): not in the bar (priority -1); k, which breaks a deadlock, stays */
	bool multi = view_multi(v);
	/* Priorities: the higher goes first when the bar is too narrow. At 80
	 * columns the second round's keys (s, p, c) stay, the first round's
	 * restart, lanes, channel, kill and speed are in the help (?). */
	struct draw_keys_key keys[] = {
		{_("space"), v->paused ? _("run") : _("pause"), 1},
		{"n", v->choosing ? _("grant") : _("step"), 2},
		/* TRANSLATORS: key bar: Tab selects a process (choosing mode), s turns it
		 * on ("choose") or off ("auto": ipcviz schedules again) */
		{v->choosing ? "Tab" : "s", v->choosing ? _("select") : _("choose"),
		 v->choosing ? 2 : 5},
		{"b", _("back"), 3},
		{"+/-", _("speed"), 9},
		{channel_keys, _("channel"), multi ? -1 : 8},
		{"r", _("restart"), 8},
		{"k", _("kill"), multi ? 3 : 9},
		{"e", _("explain"), 4},
		{"t", v->show_lanes ? _("log") : _("lanes"), 7},
		{"c", _("code"), 6},
		/* TRANSLATORS: key bar: p turns predict mode on; while a question is open
		 * the digits answer it */
		{asking ? answer_keys : "p", asking ? _("answer") : _("predict"),
		 asking ? 1 : 5},
		{"?", _("help"), 0},
		{"q", _("quit"), 0},
	};
	size_t n = sizeof keys / sizeof keys[0];
	bool keep[sizeof keys / sizeof keys[0]];
	int total = 0, x = 0, pad = 1;

	for (size_t i = 0; i < n; i++)
		total += keys[i].priority < 0 ? 0 : draw_keys_cells(&keys[i], pad);
	if (total > d->cols) {
		pad = 0;
		total = 0;
		for (size_t i = 0; i < n; i++)
			total += keys[i].priority < 0 ? 0 : draw_keys_cells(&keys[i], pad);
	}
	for (size_t i = 0; i < n; i++)
		keep[i] = keys[i].priority >= 0;
	for (int pri = 9; pri > 0 && total > d->cols; pri--)
		for (size_t i = 0; i < n; i++)
			if (keep[i] && keys[i].priority == pri && total > d->cols) {
				keep[i] = false;
				total -= draw_keys_cells(&keys[i], pad);
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
/* Contract in draw_int.h. */
void draw_keys_help(struct draw *d, const struct view *v)
{
	char next_key[32], back_key[32], speeds[128], channel_keys[16], list[256];
	char channel_words[512];

	/* One line for the channel keys, made from the channels' descriptors, so a
	 * new channel with a key appears here without a word written for it. */
	words_channel_keys(channel_keys, sizeof channel_keys);
	words_channel_key_list(list, sizeof list);
	snprintf(channel_words, sizeof channel_words,
		 _("the same timing on another channel (restarts): %s; not for a race, "
		   "which has only its counter"), list);
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
		{channel_keys, channel_words},
		{"r", _("restart the scenario")},
		{"k", view_multi(v) ? _("kill the first live process: a deadlock breaks, as in a real "
					"system")
				    : _("kill the first live consumer: what does the producer see?")},
		{"e", _("explain, in plain words, why a process is in its state")},
		{"t", _("timeline: each process over time, running, waiting, blocked")},
		/* TRANSLATORS: one line of the help (at most ~60 cells): s turns choosing
		 * mode on and off, Tab selects a process in it */
		{_("s Tab"), _("choose who moves: Tab selects, n or Enter grants (on / off)")},
		{"c", _("code: C, then Python, then off; each process's line marked")},
		/* TRANSLATORS: one line of the help (at most ~60 cells) */
		{"p", _("predict what happens before each step; digits answer (on / off)")},
		{"?", _("this help")},
		{"q", _("quit: children killed and reaped, IPC objects removed")},
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

