/* output.h - the files ipcviz writes (--trace, --record): opened the same
 * careful way, whichever mode writes them. */
#ifndef IPCVIZ_UI_OUTPUT_H
#define IPCVIZ_UI_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Opens an output file (--trace, --record) for writing: never through a
 * symbolic link, never over an existing file unless force. Returns the fd, or
 * -1 with a one-line message "PATH: what" in err. */
int ui_open_output(const char *path, bool force, char *err, size_t errlen);

/* Where the trace of a run goes as it comes (--trace): the header, then every
 * event. */
struct trace_sink {
	FILE *f;
	const char *path;
	bool failed;
};

/* Opens --trace FILE into ts, as ui_open_output does. 0, or -1 with the one
 * line said on stderr. */
int ui_open_trace(struct trace_sink *ts, const char *path, bool force);

/* A file written whole or not at all (--svg): written to a temporary file
 * beside it, renamed over it when complete, so no reader ever sees half of
 * one and a run that fails leaves nothing. */
struct ui_whole {
	const char *path;
	char tmp[4096];           /* the temporary file's path, "" when none */
	FILE *f;                  /* open on it */
	bool force;
};

/* Makes the temporary file beside path, as ui_open_output would open path:
 * never over an existing file unless force, never over a directory. 0, or -1
 * with the one line said on stderr. */
int ui_whole_open(struct ui_whole *w, const char *path, bool force);
/* Closes the temporary file and renames it to its path (with no force, never
 * over a file that came meanwhile). 0, or the exit status with the one line
 * said on stderr and nothing left: 1 when the last writes failed (a runtime
 * failure, a full disk), 2 when it cannot be put in place (as ipcviz export
 * says both). */
int ui_whole_commit(struct ui_whole *w);
/* Closes and removes the temporary file, if there is one. Idempotent. */
void ui_whole_discard(struct ui_whole *w);

#endif
