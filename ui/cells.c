/* cells.c - UTF-8 text in terminal cells: drawing cut to a width and cutting
 * paragraphs into lines. Everything goes through mbrtowc and wcwidth so a
 * Chinese translation (two cells a character, no spaces) lays out right. */
#include "cells.h"

#include <string.h>
#include <wchar.h>

#define CELLS_CHUNK 256

/* Decodes one character of s (len bytes left). Sets *wc and *w (its cells, the
 * '?' replacement's 1 for what cannot be shown) and returns the bytes used, at
 * least 1 so that a bad byte never stops the walk. A character cut off by the
 * end of s (a buffer that was too short) is dropped whole: *wc is L'\0', *w 0. */
static size_t cells_next(const char *s, size_t len, wchar_t *wc, int *w)
{
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbrtowc(wc, s, len, &st);
	if (n == (size_t)-2) {
		*wc = L'\0';
		*w = 0;
		return len;
	}
	if (n == (size_t)-1 || n == 0) {
		*wc = L'?';
		*w = 1;
		return 1;
	}
	*w = wcwidth(*wc);
	if (*w < 0 || *wc < 0x20) {
		*wc = L'?';
		*w = 1;
	}
	return n;
}

/* Contract in cells.h. */
int cells_width(const char *s)
{
	size_t left = strlen(s);
	int cells = 0;

	while (left > 0) {
		wchar_t wc;
		int w;
		size_t n = cells_next(s, left, &wc, &w);
		cells += w;
		s += n;
		left -= n;
	}
	return cells;
}

/* Contract in cells.h. */
int cells_put(WINDOW *w, int y, int x, const char *s, int maxcols, attr_t attr)
{
	wchar_t buf[CELLS_CHUNK];
	size_t left = strlen(s);
	int n = 0, cells = 0, wy, wx;

	if (!w || maxcols <= 0)
		return 0;
	getmaxyx(w, wy, wx);
	if (y < 0 || y >= wy || x < 0 || x >= wx)
		return 0;
	if (maxcols > wx - x)
		maxcols = wx - x;
	while (left > 0 && n < CELLS_CHUNK - 1) {
		wchar_t wc;
		int cw;
		size_t used = cells_next(s, left, &wc, &cw);
		if (cells + cw > maxcols || wc == L'\0')
			break;
		buf[n++] = wc;
		cells += cw;
		s += used;
		left -= used;
	}
	buf[n] = L'\0';
	if (n > 0) {
		wattr_on(w, attr, NULL);
		mvwaddnwstr(w, y, x, buf, n);
		wattr_off(w, attr, NULL);
	}
	return cells;
}

/* Contract in cells.h. */
int cells_put_right(WINDOW *w, int y, int x_end, const char *s, int maxcols, attr_t attr)
{
	int width = cells_width(s);
	int x;

	if (width > maxcols)
		width = maxcols;
	x = x_end - width;
	cells_put(w, y, x, s, width, attr);
	return x;
}

/* Cells of the character curses holds at (y, x): 2 for the first half of a
 * double-width one, else 1. */
static int cells_at(WINDOW *w, int y, int x)
{
	cchar_t cc;
	wchar_t wch[CCHARW_MAX + 1];
	attr_t attr;
	short pair;

	if (mvwin_wch(w, y, x, &cc) == ERR || getcchar(&cc, wch, &attr, &pair, NULL) == ERR)
		return 1;
	return wcwidth(wch[0]) == 2 ? 2 : 1;
}

/* Contract in cells.h. The row is walked from its start, since only the order
 * of its characters tells a first half from a second. */
void cells_unsplit(WINDOW *w, int y, int x0, int x1)
{
	int wy, wx, cx, cy;
	bool cut[2] = {false, false};

	getmaxyx(w, wy, wx);
	if (y < 0 || y >= wy)
		return;
	getyx(w, cy, cx);
	for (int x = 0; x < wx && x < x1;) {
		int cw = cells_at(w, y, x);
		if (cw == 2 && x + 1 == x0)
			cut[0] = true;
		if (cw == 2 && x + 1 == x1)
			cut[1] = true;
		x += cw;
	}
	if (cut[0])
		mvwaddch(w, y, x0 - 1, ' ');
	if (cut[1] && x1 < wx)
		mvwaddch(w, y, x1, ' ');
	wmove(w, cy, cx);
}

/* Contract in cells.h. */
void cells_repeat(WINDOW *w, int y, int x, const char *g, int n, attr_t attr)
{
	int gw = cells_width(g);

	if (gw <= 0)
		return;
	for (int i = 0; i < n; i++)
		cells_put(w, y, x + i * gw, g, gw, attr);
}

/* May a line break before wc, which follows prev? Beside a double-width
 * character, since Chinese is written without spaces between words, but never
 * before closing punctuation nor after opening punctuation (a line does not
 * start with "，" or end with "（"). Spaces are the caller's. */
static bool cells_can_break(wchar_t prev, int prev_w, wchar_t wc, int w)
{
	if (prev_w < 2 && w < 2)
		return false;
	if (wcschr(L"，。、；：！？）」』》〉”’…,.;:!?)]}", wc))
		return false;
	return !wcschr(L"（「『《〈“‘([{", prev);
}

/* Contract in cells.h. */
size_t cells_line(const char *s, int width, const char **next)
{
	size_t len = strlen(s), at = 0, last_break = 0, fit = 0;
	int cells = 0, prev_w = 0;
	wchar_t prev = 0;

	while (at < len) {
		wchar_t wc;
		int cw;
		if (s[at] == '\n') {
			*next = s + at + 1;
			return at;
		}
		size_t used = cells_next(s + at, len - at, &wc, &cw);
		if (s[at] == ' ' || (at > 0 && cells_can_break(prev, prev_w, wc, cw)))
			last_break = at;
		if (cells + cw > width)
			break;
		cells += cw;
		at += used;
		fit = at;
		prev = wc;
		prev_w = cw;
	}
	if (at >= len) {
		*next = s + len;
		return len;
	}
	size_t end = last_break > 0 ? last_break : fit;
	if (end == 0) { /* not even one character fits: take one whole, never loop for ever */
		wchar_t wc;
		int cw;
		end = cells_next(s, len, &wc, &cw);
	}
	const char *p = s + end;
	while (*p == ' ')
		p++;
	if (*p == '\n')
		p++;
	*next = p;
	return end;
}

/* Contract in cells.h. */
int cells_count_lines(const char *s, int width)
{
	int lines = 0;

	if (width <= 0)
		return 0;
	while (*s) {
		const char *next;
		cells_line(s, width, &next);
		lines++;
		s = next;
	}
	return lines;
}
