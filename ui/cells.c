/* cells.c - UTF-8 text in terminal cells: drawing cut to a width and cutting
 * paragraphs into lines. Everything goes through mbrtowc and wcwidth so a
 * Chinese translation (two cells a character, no spaces) lays out right. */
#include "cells.h"

#include <string.h>
#include <wchar.h>

#define CELLS_CHUNK 256

/* Decodes one character of s (len bytes left). Sets *wc and *w (its cells, the
 * '?' replacement's 1 for what cannot be shown) and returns the bytes used, at
 * least 1 so that a bad byte never stops the walk. */
static size_t cells_next(const char *s, size_t len, wchar_t *wc, int *w)
{
	mbstate_t st;
	size_t n;

	memset(&st, 0, sizeof st);
	n = mbrtowc(wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
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
		if (cells + cw > maxcols)
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

/* Contract in cells.h. */
void cells_repeat(WINDOW *w, int y, int x, const char *g, int n, attr_t attr)
{
	int gw = cells_width(g);

	if (gw <= 0)
		return;
	for (int i = 0; i < n; i++)
		cells_put(w, y, x + i * gw, g, gw, attr);
}

/* Contract in cells.h. */
size_t cells_line(const char *s, int width, const char **next)
{
	size_t len = strlen(s), at = 0, last_space = 0, fit = 0;
	int cells = 0;
	bool have_space = false;

	while (at < len) {
		wchar_t wc;
		int cw;
		if (s[at] == '\n') {
			*next = s + at + 1;
			return at;
		}
		size_t used = cells_next(s + at, len - at, &wc, &cw);
		if (cells + cw > width) {
			if (s[at] == ' ') { /* the space that would overflow ends the line */
				last_space = at;
				have_space = true;
			}
			break;
		}
		if (s[at] == ' ') {
			last_space = at;
			have_space = true;
		}
		cells += cw;
		at += used;
		fit = at;
	}
	if (at >= len) {
		*next = s + len;
		return len;
	}
	size_t end = have_space && last_space > 0 ? last_space : fit;
	if (end == 0) /* not even one character fits: take one, never loop for ever */
		end = fit > 0 ? fit : 1;
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
