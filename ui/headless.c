/* headless.c - a run without a screen: the timeline as text lines on stdout,
 * paced by --speed like the screen, ending with what the run showed. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "describe.h"
#include "i18n.h"
#include "scheduler.h"
#include "ui.h"

void ui_sleep_ms(double ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)((ms - ts.tv_sec * 1000.0) * 1e6);
	while (!ui_quit_signal && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Prints one batch of events and writes it to the trace. At --speed max the
 * output is flushed only when stdio's buffer fills: a write per step would cost
 * more than the step. */
static bool headless_flush = true;

static void headless_print(struct sched *s, struct trace_sink *ts)
{
	size_t n;
	const struct event *evs = sched_events(s, &n);
	char line[1024];

	for (size_t i = 0; i < n; i++) {
		puts(describe_timeline_line(sched_model(s), &evs[i], line, sizeof line));
		if (ts->f && trace_write_event(ts->f, sched_trace_header(s), &evs[i]) != 0)
			ts->failed = true;
	}
	if (headless_flush)
		fflush(stdout);
}

/* Waits until virtual time `due` in wall time at o->speed, watching the
 * children meanwhile: something done to them from outside (kill -9, SIGSTOP in
 * another terminal) is collected and printed at once. 0, or -1 with err. */
static int headless_wait(const struct options *o, struct sched *s, int64_t due,
			 struct trace_sink *ts, char *err, size_t errlen)
{
	struct timespec t0, t;
	struct pollfd fds[SCENARIO_MAX_ACTORS];
	double wait_ms = o->speed > 0 && due != INT64_MAX
				 ? (double)(due - sched_now(s)) / o->speed : 0;
	bool forever = due == INT64_MAX; /* only an outside writer can move it (fifo) */

	if (wait_ms <= 0 && !forever)
		return 0; /* --speed max: each step collects what happened anyway */
	if (forever)
		fflush(stdout); /* all of it is shown while we wait, however long */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!ui_quit_signal) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		double left = wait_ms - ((t.tv_sec - t0.tv_sec) * 1e3 + (t.tv_nsec - t0.tv_nsec) / 1e6);
		int n = sched_fds(s, fds, SCENARIO_MAX_ACTORS);
		int ready = poll(fds, (nfds_t)n, forever ? -1 : left > 0 ? (int)left + 1 : 0);
		if (ready > 0) {
			if (sched_service(s, err, errlen) != 0)
				return -1;
			headless_print(s, ts);
			if (sched_finished(s) || sched_next_due(s) != due)
				return 0; /* the schedule changed: wait for the new due time */
		}
		if (!forever && (ready == 0 || left <= 0))
			return 0;
	}
	return 0;
}

int headless_run(const struct options *o, const struct scenario *sc, struct trace_sink *ts)
{
	char err[1024], summary[4096];
	struct sched *s;

	sched_pin_runs(o->speed <= 0); /* as fast as it goes: one CPU (sched.c) */
	s = sched_create(sc, err, sizeof err);
	int status = 0;

	headless_flush = o->speed > 0;
	if (s)
		sched_run_ahead(s, o->speed <= 0); /* nobody watches the steps go by */
	if (!s) {
		fprintf(stderr, "ipcviz: %s\n", err);
		return 1;
	}
	printf("%s\n", sc->title ? _(sc->title) : sc->name);
	if (sched_trace_header(s)->path[0])
		printf(_("The FIFO is %s: from another terminal, try  echo 42 > %s\n"),
		       sched_trace_header(s)->path, sched_trace_header(s)->path);
	fflush(stdout);
	/* The header at once: someone may be waiting for the FIFO's path in it. */
	if (ts->f && (trace_write_header(ts->f, sched_trace_header(s)) != 0 || fflush(ts->f) != 0))
		ts->failed = true;
	headless_print(s, ts);
	while (!sched_finished(s) && !ui_quit_signal) {
		int64_t due = sched_next_due(s);
		if (headless_wait(o, s, due, ts, err, sizeof err) != 0) {
			fprintf(stderr, "ipcviz: %s\n", err);
			status = 1;
			break;
		}
		if (ui_quit_signal)
			break;
		if (sched_finished(s) || sched_next_due(s) != due)
			continue;
		if (sched_step(s, err, sizeof err) != 0) {
			fprintf(stderr, "ipcviz: %s\n", err);
			status = 1;
			break;
		}
		headless_print(s, ts);
	}
	if (ui_quit_signal) {
		printf(_("Interrupted by signal %d: every child was stopped and reaped.\n"),
		       (int)ui_quit_signal);
		status = 128 + ui_quit_signal;
	} else if (status == 0) {
		if (*sched_end_reason(s))
			printf("%s\n", sched_end_reason(s));
		fputs(describe_summary(sched_model(s), summary, sizeof summary), stdout);
	}
	sched_destroy(s);
	if (ts->failed) {
		fprintf(stderr, _("ipcviz: %s: cannot write the trace: %s\n"), ts->path,
			strerror(errno));
		status = status ? status : 1;
	}
	return status;
}
