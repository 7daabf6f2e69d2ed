/* record.h - --record: everything the screen writes to the terminal, also
 * written to an asciicast v2 file (src/cast.h), with resizes and markers.
 *
 * ncurses writes its output with write(2) on the descriptor of the FILE it is
 * given, and sets terminal modes and reads the size on that descriptor too, so
 * a FILE made with fopencookie (no descriptor) gets nothing at all. Instead the
 * screen gives ncurses the write end of a pipe (record_output), and
 * record_pump() copies what arrived to the real terminal and to the cast: the
 * same bytes, in the same order. What ncurses can no longer do on a pipe, this
 * does on the real terminal: its modes (cbreak, no echo, no CR translation, raw
 * output so that the terminal gets exactly the recorded bytes), and its size
 * (SIGWINCH is caught here, ncurses is told with resizeterm).
 *
 * Call order: record_open() before the terminal is set up; newterm(NULL,
 * record_output(r), stdin); record_started(); then each pass record_resized()
 * before reading keys, and record_pump() and record_mark() after drawing;
 * endwin(); record_stopped(); record_close(). record_crash() is for a signal
 * handler: it only puts the terminal back.
 */
#ifndef IPCVIZ_UI_RECORD_H
#define IPCVIZ_UI_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct record;
struct cast_lesson;

/* Opens `path` for the cast (never through a symlink, never over an existing
 * file unless force), writes its header for the terminal's size now with
 * `title` and `lesson` (src/cast.h; either may be NULL), and makes the pipe
 * ncurses will write to. NULL with a one-line message "PATH: what" on failure. */
struct record *record_open(const char *path, bool force, const char *title,
			   const struct cast_lesson *lesson, char *err, size_t errlen);
/* The FILE to give newterm() as its output. */
FILE *record_output(struct record *r);
/* After newterm(): sizes ncurses to the real terminal and sets its modes. */
void record_started(struct record *r);
/* Copies what ncurses wrote so far to the terminal and the cast. */
void record_pump(struct record *r);
/* True when the terminal changed size since the last call: ncurses has been
 * resized (resizeterm) and the cast has an "r" event. */
bool record_resized(struct record *r);
/* A marker in the cast, now. */
void record_mark(struct record *r, const char *label);
/* After endwin(): copies its last output, puts the terminal's modes back. */
void record_stopped(struct record *r);
/* Ends the cast and frees r. 0, or -1 with "PATH: what" if writing it failed.
 * NULL is fine. */
int record_close(struct record *r, char *err, size_t errlen);
/* From a crash handler, after endwin(): the terminal gets what ncurses wrote and
 * its modes back. Async-signal-safe. */
void record_crash(struct record *r);

#endif
