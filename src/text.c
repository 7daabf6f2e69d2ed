/* text.c - a bounded text buffer for sentences: what is written past its end
 * is cut off, and never in the middle of a UTF-8 character, so a long sentence
 * (a translation can be longer than the English) stays valid text on screen.
 * describe.c, summary.c and explain.c write their words through it.
 */
#include "text.h"

#include <stdarg.h>
#include <stdio.h>

void text_init(struct text *t, char *buf, size_t len)
{
	t->buf = buf;
	t->len = len;
	t->used = 0;
	if (len > 0)
		buf[0] = '\0';
}

/* After a cut at t->used, drops a UTF-8 character left incomplete, so a long
 * sentence never ends in half a character on screen. */
static void text_fix_cut(struct text *t)
{
	size_t start = t->used;
	size_t need;
	unsigned char lead;

	while (start > 0 && ((unsigned char)t->buf[start - 1] & 0xc0) == 0x80)
		start--;
	if (start == 0)
		return;
	lead = (unsigned char)t->buf[start - 1];
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	if (t->used - (start - 1) < need)
		t->used = start - 1;
	t->buf[t->used] = '\0';
}

void text_printf(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len == 0 || t->used + 1 >= t->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->used, t->len - t->used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= t->len - t->used) {
		t->used = t->len - 1;
		text_fix_cut(t);
	} else {
		t->used += (size_t)n;
	}
}

void text_puts(struct text *t, const char *s)
{
	text_printf(t, "%s", s);
}

void text_spaces(struct text *t, int n)
{
	for (int i = 0; i < n; i++)
		text_puts(t, " ");
}

/* A line never ends in spaces: golden files and diffs stay clean. */
void text_trim_right(struct text *t)
{
	while (t->used > 0 && t->buf[t->used - 1] == ' ')
		t->used--;
	if (t->len > 0)
		t->buf[t->used] = '\0';
}
