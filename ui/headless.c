/* headless.c - a run without a screen: the timeline as text lines on stdout,
 * paced by --speed like the screen, ending with what the run showed.
 *
 * A live run and a trace (--replay) are played by the same loop
 * (headless_play) through the run interface (src/run.h): wait until the next
 * step is due in wall time at --speed, watching the children meanwhile, take
 * the step, print its events. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "describe.h"
#include "goal.h"
#include "i18n.h"
#include "replay.h"
#include "run.h"
#include "run_live.h"
#include "run_multi.h"
#include "signals.h"
#include "svg.h"
#include "ui.h"

/* Prints one batch of events and writes it to the trace. At --speed max the
 * output is flushed only when stdio's buffer fills: a write per step would cost
 * more than the step. */
static bool headless_flush = true;

static struct describe_tie headless_tie; /* the step before, for a tie */

static struct svg *headless_svg; /* --svg: the lanes, fed every event printed */

static void headless_print(struct run *r, struct trace_sink *ts)
{
	size_t n;
	const struct event *evs = run_events(r, &n);
	char line[1024];

	if (describe_tie_line(run_model(r), &headless_tie, evs, n, line, sizeof line))
		puts(line);
	for (size_t i = 0; i < n; i++) {
		puts(describe_timeline_line(run_model(r), &evs[i], line, sizeof line));
		if (headless_svg)
			svg_apply(headless_svg, &evs[i]); /* out of memory: svg_write says */
		if (ts->f && trace_write_event(ts->f, run_header(r), &evs[i]) != 0)
			ts->failed = true;
	}
	if (headless_flush)
		fflush(stdout);
}

/* Waits until virtual time `due` in wall time at o->speed, watching the
 * children meanwhile: something done to them from outside (kill -9, SIGSTOP in
 * another terminal) is collected and printed at once. 0, or -1 with err. */
static int headless_wait(const struct options *o, struct run *r, int64_t due,
			 struct trace_sink *ts, char *err, size_t errlen)
{
	struct timespec t0, t;
	struct pollfd fds[SCENARIO_MAX_ACTORS];
	double wait_ms = o->speed > 0 && due != INT64_MAX
				 ? (double)(due - run_now(r)) / o->speed : 0;
	bool forever = due == INT64_MAX; /* only an outside writer can move it (fifo) */

	if (wait_ms <= 0 && !forever)
		return 0; /* --speed max: each step collects what happened anyway */
	if (forever)
		fflush(stdout); /* all of it is shown while we wait, however long */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!ui_quit_signal) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		double left = wait_ms - ((t.tv_sec - t0.tv_sec) * 1e3 + (t.tv_nsec - t0.tv_nsec) / 1e6);
		int n = run_fds(r, fds, SCENARIO_MAX_ACTORS);
		int ready = poll(fds, (nfds_t)n, forever ? -1 : left > 0 ? (int)left + 1 : 0);
		if (ready > 0) {
			if (run_service(r, err, errlen) != 0)
				return -1;
			headless_print(r, ts);
			if (run_finished(r) || run_next_due(r) != due)
				return 0; /* the schedule changed: wait for the new due time */
		}
		if (!forever && (ready == 0 || left <= 0))
			return 0;
	}
	return 0;
}

/* Plays r to its end on stdout (its first events already made). The exit
 * status: 0, 1 on a runtime failure (said on stderr), 128 + N after quit
 * signal N. */
static int headless_play(const struct options *o, struct run *r, struct trace_sink *ts)
{
	const struct scenario *sc = run_scenario(r);
	const struct trace_header *h = run_header(r);
	char err[1024], summary[4096];
	struct run_info info;
	int status = 0;

	run_info(r, &info);
	headless_flush = o->speed > 0;
	if (o->svg && !(headless_svg = svg_create(sc, info.capacity))) {
		fprintf(stderr, "ipcviz: %s\n", strerror(ENOMEM));
		return 1;
	}
	describe_tie_init(&headless_tie);
	printf("%s\n", sc->title ? _(sc->title) : sc->name);
	if (sc->goal.reach != GOAL_NONE && sc->goal.text)
		/* TRANSLATORS: the task of a scenario's [goal], e.g. a challenge's */
		printf(_("Goal: %s\n"), _(sc->goal.text));
	if (info.live && h->path[0])
		printf(_("The FIFO is %s: from another terminal, try  echo 42 > %s\n"), h->path,
		       h->path);
	fflush(stdout);
	/* The header at once: someone may be waiting for the FIFO's path in it. */
	if (ts->f && (trace_write_header(ts->f, h) != 0 || fflush(ts->f) != 0))
		ts->failed = true;
	headless_print(r, ts);
	while (o->schedule && !ui_quit_signal) {
		/* the trace's steps, chosen or not, as fast as they go: in choosing
		 * mode no interval counts */
		int rc = schedule_take(o->schedule, r, err, sizeof err);
		if (rc < 0) {
			fprintf(stderr, "ipcviz: %s\n", err);
			status = 1;
			break;
		}
		if (rc > 0)
			break;
		headless_print(r, ts);
	}
	while (!o->schedule && !run_finished(r) && !ui_quit_signal) {
		int64_t due = run_next_due(r);
		if (headless_wait(o, r, due, ts, err, sizeof err) != 0) {
			fprintf(stderr, "ipcviz: %s\n", err);
			status = 1;
			break;
		}
		if (ui_quit_signal)
			break;
		if (run_finished(r) || run_next_due(r) != due)
			continue;
		if (run_step(r, RUN_ANY, err, sizeof err) != 0) {
			fprintf(stderr, "ipcviz: %s\n", err);
			status = 1;
			break;
		}
		headless_print(r, ts);
	}
	if (ui_quit_signal) {
		if (info.live)
			printf(_("Interrupted by signal %d: every child was stopped and reaped.\n"),
			       (int)ui_quit_signal);
		status = 128 + ui_quit_signal;
	} else if (status == 0) {
		if (o->schedule && !run_finished(r))
			printf(_("The %zu steps of the schedule are taken; the run stops here.\n"),
			       o->schedule->n);
		if (*run_end_reason(r))
			printf("%s\n", run_end_reason(r));
		fputs(describe_summary(run_model(r), summary, sizeof summary), stdout);
		if (info.live && sc->goal.reach != GOAL_NONE) {
			fflush(stdout); /* the search takes a moment */
			printf("%s\n", goal_fewest_words(sc, summary, sizeof summary));
		}
	}
	if (fflush(stdout) != 0 && status == 0)
		status = 1;
	if (headless_svg && status == 0 && svg_write(headless_svg, o->svg->f) != 0) {
		/* a write that failed half way (a full disk): a runtime failure,
		   as ipcviz export says it; main.c removes what was written */
		fprintf(stderr, _("ipcviz: %s: cannot write the picture: %s\n"), o->svg->path,
			strerror(errno));
		status = 1;
	}
	svg_free(headless_svg);
	headless_svg = NULL;
	return status;
}

/* Contract in ui.h. */
int headless_run(const struct options *o, const struct scenario *sc, struct trace_sink *ts)
{
	/* as fast as it goes, nobody watching the steps go by: one CPU, and the
	 * children run ahead among themselves (sched.c) */
	struct run_live_options lo = {.pin = o->speed <= 0 || o->schedule,
				      .run_ahead = o->speed <= 0 && !o->schedule};
	char err[1024];
	struct run *r = sc->multi ? run_multi_create(sc, err, sizeof err)
				  : run_live_create(sc, &lo, err, sizeof err);
	int status;

	if (!r) {
		fprintf(stderr, "ipcviz: %s\n", err);
		return 1;
	}
	status = headless_play(o, r, ts);
	run_destroy(r);
	if (ts->failed) {
		fprintf(stderr, _("ipcviz: %s: cannot write the trace: %s\n"), ts->path,
			strerror(errno));
		status = status ? status : 1;
	}
	return status;
}

/* Contract in ui.h. */
int headless_replay(const struct options *o)
{
	struct trace_sink none = {0};
	struct replay rp;
	struct run *r;
	char err[1024];
	int status;

	if (replay_load(&rp, o->replay_path, err, sizeof err) != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		return 2;
	}
	r = replay_run_create(&rp, err, sizeof err);
	if (!r) {
		fprintf(stderr, "ipcviz: %s\n", err);
		replay_free(&rp);
		return 1;
	}
	status = headless_play(o, r, &none);
	run_destroy(r);
	replay_free(&rp);
	return status;
}
