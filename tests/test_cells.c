/* test_cells.c - text in terminal cells (ui/cells.c): widths from wcwidth, not
 * bytes; what cannot be shown counts as the one '?' drawn for it; paragraphs
 * cut at spaces or beside Chinese characters, never before closing
 * punctuation nor after opening; and drawing into a window never cuts a
 * character in half (a curses screen on /dev/null, no terminal needed). */
#include <criterion/criterion.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cells.h"

static void utf8(void)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"), "no C.UTF-8 locale");
}

TestSuite(cells, .init = utf8);

/* The first line cells_line cuts from s at width is `line`, and the next
 * starts at `next`. */
static void expect_line(const char *s, int width, const char *line, const char *next)
{
	const char *at;
	size_t n = cells_line(s, width, &at);

	cr_expect(n == strlen(line) && strncmp(s, line, n) == 0, "\"%s\" at %d: \"%.*s\", not \"%s\"",
		  s, width, (int)n, s, line);
	cr_expect_str_eq(at, next, "\"%s\" at %d", s, width);
}

Test(cells, widths_are_cells_not_bytes)
{
	cr_expect_eq(cells_width(""), 0);
	cr_expect_eq(cells_width("abc"), 3);
	cr_expect_eq(cells_width("中文"), 4);           /* 6 bytes, two cells each */
	cr_expect_eq(cells_width("→ ▶"), 3);            /* 7 bytes, one cell each */
	cr_expect_eq(cells_width("a\x01" "b"), 3);      /* a control character: one '?' */
	cr_expect_eq(cells_width("a\xff" "b"), 3);      /* a bad byte: one '?' */
	cr_expect_eq(cells_width("a\xe4\xb8"), 1);      /* a character cut by the end: none */
}

Test(cells, a_line_breaks_at_the_last_space_that_fits)
{
	expect_line("hello big world", 9, "hello big", "world");
	expect_line("hello world", 7, "hello", "world");
	expect_line("short", 40, "short", "");
}

Test(cells, a_word_longer_than_the_line_is_cut_where_it_must)
{
	expect_line("abcdefgh", 3, "abc", "defgh");
	/* not even one character fits: one whole is taken, so a caller never loops */
	expect_line("中文", 1, "中", "文");
}

Test(cells, a_newline_always_ends_the_line)
{
	expect_line("ab\ncd", 10, "ab", "cd");
}

Test(cells, chinese_breaks_beside_any_character)
{
	expect_line("中文字符", 5, "中文", "字符");
}

Test(cells, never_before_closing_nor_after_opening_punctuation)
{
	/* "文，" stay together: the line may not start with "，" */
	expect_line("中文，好", 4, "中", "文，好");
	/* "（文" stay together: the line may not end with "（" */
	expect_line("中（文", 4, "中", "（文");
}

Test(cells, lines_are_counted_as_cells_line_cuts_them)
{
	cr_expect_eq(cells_count_lines("aa bb cc", 2), 3);
	cr_expect_eq(cells_count_lines("aa bb cc", 5), 2);
	cr_expect_eq(cells_count_lines("a\nb", 10), 2);
	cr_expect_eq(cells_count_lines("", 10), 0);
	cr_expect_eq(cells_count_lines("abc", 0), 0);
	cr_expect_eq(cells_count_lines("中文字符", 4), 2);
}

/* A curses screen that writes to /dev/null: windows without a terminal. */
static SCREEN *screen_on_null(FILE **out, FILE **in)
{
	*out = fopen("/dev/null", "w");
	*in = fopen("/dev/null", "r");
	cr_assert(*out && *in);
	SCREEN *s = newterm("xterm", *out, *in);
	cr_assert_not_null(s, "no curses screen for xterm");
	return s;
}

/* The text of row y of w from column x, n cells, as UTF-8. */
static void row_text(WINDOW *w, int y, int x, int n, char *out, size_t len)
{
	size_t at = 0;

	for (int i = 0; i < n; i++) {
		cchar_t c;
		wchar_t wc[CCHARW_MAX + 1];
		attr_t a;
		short pair;
		char mb[16];
		if (mvwin_wch(w, y, x + i, &c) == ERR || getcchar(&c, wc, &a, &pair, NULL) == ERR)
			break;
		if (c.attr & WA_ALTCHARSET) /* not ours */
			continue;
		int k = (int)wcstombs(mb, wc, sizeof mb);
		if (k <= 0)
			continue;
		if (at + (size_t)k >= len)
			break;
		memcpy(out + at, mb, (size_t)k);
		at += (size_t)k;
		if (wcwidth(wc[0]) == 2)
			i++; /* the second cell of a wide character */
	}
	out[at] = '\0';
}

Test(cells, drawing_never_cuts_a_character_in_half)
{
	FILE *out, *in;
	SCREEN *s = screen_on_null(&out, &in);
	WINDOW *w = newwin(3, 20, 0, 0);
	char text[64];

	cr_assert_not_null(w);
	cr_expect_eq(cells_put(w, 0, 0, "中文字", 5, A_NORMAL), 4); /* the third would be cut */
	row_text(w, 0, 0, 4, text, sizeof text);
	cr_expect_str_eq(text, "中文");
	cr_expect_eq(cells_put(w, 1, 0, "a\x01" "b", 10, A_NORMAL), 3);
	row_text(w, 1, 0, 3, text, sizeof text);
	cr_expect_str_eq(text, "a?b");
	cr_expect_eq(cells_put(w, 1, 0, "x", 0, A_NORMAL), 0);
	cr_expect_eq(cells_put(w, 9, 0, "x", 5, A_NORMAL), 0); /* outside the window */
	cr_expect_eq(cells_put_right(w, 2, 20, "abc", 10, A_NORMAL), 17);
	row_text(w, 2, 17, 3, text, sizeof text);
	cr_expect_str_eq(text, "abc");
	delwin(w);
	endwin();
	delscreen(s);
	fclose(out);
	fclose(in);
}
