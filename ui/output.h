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

#endif
