/* ui.h - the program's options, and the modes main.c hands a run to: the
 * headless timeline and the curses screen, each of a live run or of a trace
 * (--replay). Each mode drives its run through the run interface (src/run.h).
 *
 * The layers call only downwards: main.c (options, dispatch) -> headless.c,
 * screen.c -> record.c, draw.c, view.c, … -> output.c, signals.c -> src/. */
#ifndef IPCVIZ_UI_H
#define IPCVIZ_UI_H

#include <stdbool.h>

#include "output.h"
#include "schedule.h"
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
	bool choose;             /* --choose: start in choosing mode (DESIGN 12) */
	bool predict;            /* --predict: ask before each step (DESIGN 13) */
	const char *schedule_path; /* --schedule TRACE */
	struct schedule *schedule; /* its steps, loaded by main.c */
	struct ui_whole *svg;    /* --svg FILE (with --headless), opened by main.c */
};

/* The headless mode: runs sc, prints the timeline on stdout; with o->schedule
 * it takes the schedule's steps and ends with them; with o->svg it writes the
 * run's swim lanes into o->svg->f once the run ended well (main.c renames it
 * into place, or removes it on any other status). Returns the exit status
 * (0, or 1 with a message on stderr for a runtime failure: the picture's
 * writes too). */
int headless_run(const struct options *o, const struct scenario *sc, struct trace_sink *ts);

/* The headless mode of --replay: prints the trace's timeline as a live
 * headless run would, paced by --speed, with o->svg its lanes too. Returns the exit status (0; 2 for a
 * bad trace, said on stderr in one line). */
int headless_replay(const struct options *o);

/* The curses screen: a run of sc, or with o->replay_path (sc NULL) the trace's
 * events; with o->record_path also an asciicast recording. Returns the exit
 * status. */
int screen_run(const struct options *o, const struct scenario *sc, struct trace_sink *ts);

#endif
