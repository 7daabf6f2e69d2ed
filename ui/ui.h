/* ui.h - the program's options, and the modes main.c hands a run to: the
 * headless timeline and the curses screen. */
#ifndef IPCVIZ_UI_H
#define IPCVIZ_UI_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "scenario.h"

struct options {
	const char *scenario;    /* name or file; default "queue" */
	bool headless;
	const char *trace_path;
	double speed;            /* scenario seconds per wall second; 0 = max */
	bool paused;
	const char *keys;
	const char *record_path;
	const char *replay_path;
	bool ascii;
	bool color;
	bool force;              /* --force: overwrite existing output files */
};

/* Opens an output file (--trace, --record) for writing: never through a
 * symbolic link, never over an existing file unless force. Returns the fd, or
 * -1 with a one-line message "PATH: what" in err. */
int ui_open_output(const char *path, bool force, char *err, size_t errlen);

/* Set by the signal handlers main.c installs (SIGINT, SIGTERM, SIGHUP, SIGQUIT):
 * the signal number. Every loop checks it and leaves cleanly. */
extern volatile sig_atomic_t ui_quit_signal;

/* Writes the trace header and the events of a run to `trace` as they come. */
struct trace_sink {
	FILE *f;
	const char *path;
	bool failed;
};

/* The headless mode: runs sc, prints the timeline on stdout. Returns the exit
 * status (0, or 1 with a message on stderr for a runtime failure). */
int headless_run(const struct options *o, const struct scenario *sc, struct trace_sink *ts);

/* The curses screen: a run of sc, or with o->replay_path (sc NULL) the trace's
 * events; with o->record_path also an asciicast recording. Returns the exit
 * status. */
int screen_run(const struct options *o, const struct scenario *sc, struct trace_sink *ts);

/* Sleeps `ms` of wall time unless a quit signal comes. */
void ui_sleep_ms(double ms);

#endif
