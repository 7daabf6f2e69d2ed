/* cast.h - an asciicast v2 recording of a terminal session (asciinema's format).
 *
 * A cast is JSON lines: a header object {"version":2,"width","height","timestamp",
 * "title","env":{"TERM","SHELL"},"ipcviz":{…}}, then one event a line, [time, code, data]:
 * "o" bytes written to the terminal, "r" a resize ("80x24"), "m" a marker whose
 * label a player can show and pause at. Times are seconds since the cast began,
 * from the monotonic clock, and never go backwards.
 *
 * Call order: cast_create() on a file the caller opened (ipcviz opens it
 * without following a symlink: ui_open_output), then any number of
 * cast_output / cast_resize / cast_marker, then cast_close() once. Output may
 * come in pieces that split a UTF-8 character: the incomplete tail is held back
 * until the rest arrives, so every "o" string is valid UTF-8 (bytes that are not
 * UTF-8 at all become U+FFFD; NUL bytes, which terminals ignore, are dropped).
 * No curses here: the caller captures what it writes and hands it over.
 */
#ifndef IPCVIZ_CAST_H
#define IPCVIZ_CAST_H

#include <stddef.h>
#include <stdio.h>

struct cast;

/* What the header says of the lesson, in an object "ipcviz" of its own that
 * players pass over (asciicast v2 lets a header carry more keys): the
 * version of ipcviz, and the scenario's name and comments, for the page
 * `ipcviz export` makes. Either may be NULL. */
struct cast_lesson {
	const char *scenario;
	const char *comments;
};

/* Starts a cast on f (which the cast then owns and closes) for a terminal of
 * width x height, writing the header. title and lesson may be NULL (no
 * "ipcviz" object then); TERM and SHELL come from the environment. NULL with
 * a message on failure (f is closed then too). */
struct cast *cast_create(FILE *f, int width, int height, const char *title,
			 const struct cast_lesson *lesson, char *err, size_t errlen);

/* Records `len` bytes the terminal was sent, now. 0, or -1 once a write failed. */
int cast_output(struct cast *c, const char *data, size_t len);
/* Records that the terminal is now width x height. 0 or -1. */
int cast_resize(struct cast *c, int width, int height);
/* Records a marker labelled `label` (UTF-8 words) now. 0 or -1. */
int cast_marker(struct cast *c, const char *label);

/* Seconds since the cast began, as the next event would be stamped. */
double cast_time(const struct cast *c);
/* How many events were written so far (header excluded). */
long cast_events(const struct cast *c);

/* Writes what is held back, closes the file, frees c. 0, or -1 with a message if
 * any write failed along the way (the file is then incomplete). NULL is fine. */
int cast_close(struct cast *c, char *err, size_t errlen);

#endif
