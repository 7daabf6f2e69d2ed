/* cells.h - text measured in terminal cells, for any language: put a UTF-8 string
 * into a window cut to a number of cells (never inside a character), and cut a
 * paragraph into lines of a width. Widths come from wcwidth, never strlen. */
#ifndef IPCVIZ_UI_CELLS_H
#define IPCVIZ_UI_CELLS_H

#include <curses.h>
#include <stddef.h>

/* Width of a UTF-8 string in cells as cells_put would draw it: a character that
 * cannot be decoded or printed counts as the one '?' drawn for it. */
int cells_width(const char *s);

/* Draws s at (y, x) of w with attributes attr, at most maxcols cells, never half
 * a character. Control and undecodable characters become '?'. Returns the cells
 * drawn (0 when maxcols <= 0 or (y, x) is outside w). */
int cells_put(WINDOW *w, int y, int x, const char *s, int maxcols, attr_t attr);

/* Draws s so that it ends at column x_end (exclusive), cut on the left side's
 * budget maxcols. Returns the column where it starts. */
int cells_put_right(WINDOW *w, int y, int x_end, const char *s, int maxcols, attr_t attr);

/* Blanks the double-width characters of row y that columns [x0, x1) would cut
 * in half, before something is drawn over those columns of text already there.
 * Curses keeps half a character in its copy of the window, but the terminal
 * still gets the whole character, and the rest of its line comes out shifted. */
void cells_unsplit(WINDOW *w, int y, int x0, int x1);

/* Draws n copies of the UTF-8 glyph g from (y, x). */
void cells_repeat(WINDOW *w, int y, int x, const char *g, int n, attr_t attr);

/* One line of a paragraph: the number of bytes of s that fit in `width` cells,
 * ending at the last place where a line may break that fits: a space, or beside
 * a double-width character (Chinese has no spaces between words), though never
 * before closing punctuation such as "，" or after opening such as "（"; else
 * after as many whole characters as fit (a word longer than the line). A '\n'
 * always ends the line. *next is set to where the next line starts (the spaces
 * and the newline that ended this one skipped); at the end it points at "". */
size_t cells_line(const char *s, int width, const char **next);

/* Number of lines cells_line cuts s into at `width`. */
int cells_count_lines(const char *s, int width);

#endif
