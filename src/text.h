/* text.h - a bounded text buffer: printf into it, cut short on a whole UTF-8
 * character when full. The caller owns the buffer; `struct text` only tracks it. */
#ifndef IPCVIZ_TEXT_H
#define IPCVIZ_TEXT_H

#include <stddef.h>

struct text {
	char *buf;
	size_t len;   /* size of buf */
	size_t used;  /* bytes written, excluding the NUL */
};

/* Starts an empty text in buf (len bytes; buf is "" if len > 0). */
void text_init(struct text *t, char *buf, size_t len);
/* Appends formatted text; what does not fit is cut off on a whole character. */
void text_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s. */
void text_puts(struct text *t, const char *s);
/* Appends n spaces (none if n <= 0). */
void text_spaces(struct text *t, int n);
/* Drops the spaces at the end: golden files and diffs stay clean. */
void text_trim_right(struct text *t);

#endif
