/* screen.c - the live curses screen: one poll loop that reads keys, paces the run
 * on the virtual clock, hands the scheduler's events to the trace and to the
 * animation, and draws once per pass.
 *
 * Pacing is headless.c's: the virtual clock moves at --speed scenario seconds
 * per wall second and a step is taken when it reaches run_next_due(). The
 * animation only follows the events (anim.c), so what a run does never depends
 * on the screen. Key handlers return what must happen (screen_key_action);
 * screen_act does it and marks panels dirty; draw_frame draws them.
 *
 * The events come from a run (src/run.h): the live scheduler, or a trace
 * (--replay, src/replay.c), asked the same questions through the same
 * interface, so that the pacing below is written once; what only processes can
 * do (/proc, faults, another channel) is asked of run_info's `live`. Every
 * step's events also go into the history
 * (src/history.c); b and the left arrow show an earlier step, rebuilt from it
 * (screen_show_step), while the live view waits in S->present and the children
 * wait where they are; n and the right arrow walk forward through history to
 * the present, and only then grant new steps. With --record the terminal is
 * written through record.c, which copies every byte to the cast.
 *
 * Quit signals and SIGWINCH stay blocked except inside ppoll() (and a moment at
 * the top of each pass, screen_take_signals), so one that arrives at any time
 * ends the wait at once and is seen within a pass; a paused screen sleeps in
 * ppoll with no timeout at all. Every way out goes through screen_shutdown(),
 * which is idempotent.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "anim.h"
#include "cast.h"
#include "describe.h"
#include "draw.h"
#include "goal.h"
#include "history.h"
#include "program.h"
#include "quiz.h"
#include "i18n.h"
#include "record.h"
#include "replay.h"
#include "run.h"
#include "run_live.h"
#include "run_multi.h"
#include "signals.h"
#include "tty.h"
#include "ui.h"
#include "view.h"

#define SCREEN_FRAME_MS (1000.0 / 30)  /* at most 30 frames a second */
#define SCREEN_CLOCK_MS 100.0          /* the header's clock moves in tenths */
#define SCREEN_PROC_MS 250.0           /* /proc evidence re-read while running */
#define SCREEN_STEP_BUDGET_MS 15.0     /* steps in one pass before keys and a frame */
#define SCREEN_KEYS_PER_PASS 64
#define SCREEN_SPEED_MIN (1.0 / 64)
#define SCREEN_SPEED_MAX 1024.0
#define SCREEN_KEY_ESC 27
#define SCREEN_REWIND_LEAD 2048        /* events re-applied before a past step: log, lanes */

/* What a key asks for; screen_act does it. */
enum screen_action {
	SCREEN_NOTHING = 0,
	SCREEN_QUIT = 1u << 0,
	SCREEN_PAUSE = 1u << 1,     /* pause / resume */
	SCREEN_STEP = 1u << 2,
	SCREEN_FASTER = 1u << 3,
	SCREEN_SLOWER = 1u << 4,
	SCREEN_RESTART = 1u << 5,   /* on the channel in screen_key.kind, or the same */
	SCREEN_KILL = 1u << 6,
	SCREEN_EXPLAIN = 1u << 7,
	SCREEN_HELP = 1u << 8,
	SCREEN_BACK = 1u << 9,
	SCREEN_RESIZE = 1u << 10,
	SCREEN_CLOSE = 1u << 11,    /* Esc: close the help */
	SCREEN_LANES = 1u << 12,    /* the swim lanes instead of the log */
	SCREEN_CHOOSE = 1u << 13,   /* choosing mode on / off */
	SCREEN_SELECT = 1u << 14,   /* choosing: the next (kind 1) or previous (-1) process */
	SCREEN_CODE = 1u << 15,     /* the code pane: off, C, Python, off */
	SCREEN_PREDICT = 1u << 16,  /* predict mode on / off */
	SCREEN_ANSWER = 1u << 17    /* predict mode: digit `kind` answers the question */
};

struct screen_key {
	unsigned action;
	int kind;                   /* SCREEN_RESTART: a channel_kind, or -1 for the same;
				       SCREEN_SELECT: 1 next, -1 previous */
};

struct screen {
	const struct scenario *orig;  /* as loaded; 1 to 6 start from it again */
	struct scenario cur;          /* the scenario of the run now */
	bool have_cur;
	struct trace_sink *ts;
	int runs;                     /* runs started, for the trace */
	struct run *run;              /* the run now: live, or the trace played */
	struct run_info info;         /* what it shows about itself */
	bool children_spoke;           /* a child's event pipe was readable while waiting */
	struct replay *rp;            /* --replay: the trace each run plays from its start */
	struct history *hist;         /* this run's steps, for stepping back */
	struct view present;          /* the live view while the past is shown */
	struct record *rec;           /* --record */
	struct view v;
	struct program code;          /* the code pane's program, for the run's scenario */
	struct anim anim;
	struct draw draw;
	SCREEN *term;
	bool curses_up;
	sigset_t old_mask, loop_mask; /* outside the loop / in it (quit and resize blocked) */
	bool mask_set;
	bool hangup;                  /* the terminal went away */
	const char *script;           /* --keys still to play */
	bool input_pending;           /* keys may be waiting in curses' own buffer */
	bool quit;
	struct schedule *schedule;    /* --schedule: the trace's steps still to take */
	struct describe_tie tie;      /* the step before, to see a tie */
	struct quiz quiz;             /* predict mode (DESIGN 13) */
	char error[1024];
	double last_wall, next_frame, next_draw, next_proc;
	long shown_tenths;
};

/* The one screen; file scope so that the crash handler can restore the terminal. */
static struct screen screen_the;

static double screen_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* ---- the terminal ------------------------------------------------------------ */

static const int screen_crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
#define SCREEN_NCRASH (sizeof screen_crash_signals / sizeof screen_crash_signals[0])
static struct sigaction screen_crash_old[SCREEN_NCRASH];
static bool screen_crash_caught;

/* Puts back the handlers that were there before the screen (a sanitizer's). */
static void screen_release_crashes(void)
{
	if (!screen_crash_caught)
		return;
	for (size_t i = 0; i < SCREEN_NCRASH; i++)
		sigaction(screen_crash_signals[i], &screen_crash_old[i], NULL);
	screen_crash_caught = false;
}

/* A crash must not leave the terminal raw: restore it, then let the signal do
 * what it did before: raised again, it is delivered to the old handler as soon
 * as this one returns (also when it was sent by kill, not by a fault). */
static void screen_on_crash(int sig)
{
	if (screen_the.curses_up)
		endwin();
	record_crash(screen_the.rec);
	for (size_t i = 0; i < SCREEN_NCRASH; i++)
		if (screen_crash_signals[i] == sig)
			sigaction(sig, &screen_crash_old[i], NULL);
	raise(sig);
}

static void screen_catch_crashes(void)
{
	struct sigaction sa = {.sa_handler = screen_on_crash};

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < SCREEN_NCRASH; i++)
		sigaction(screen_crash_signals[i], &sa, &screen_crash_old[i]);
	screen_crash_caught = true;
}

static int screen_open_terminal(struct screen *S)
{
	S->term = newterm(NULL, S->rec ? record_output(S->rec) : stdout, stdin);
	if (!S->term)
		return -1;
	set_term(S->term);
	S->curses_up = true;
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (S->rec)
		record_started(S->rec);
	draw_init(&S->draw, &S->v);
	screen_catch_crashes();
	return 0;
}

/* Leaves everything as it was: terminal, children, IPC objects, signal mask.
 * Safe to call more than once, from every way out. */
static void screen_shutdown(struct screen *S)
{
	if (S->curses_up) {
		draw_free(&S->draw);
		endwin();
		record_stopped(S->rec);
		delscreen(S->term);
		S->term = NULL;
		S->curses_up = false;
	}
	screen_release_crashes();
	run_destroy(S->run);
	S->run = NULL;
	history_free(S->hist);
	S->hist = NULL;
	program_free(&S->code);
	S->v.program = NULL;
	if (S->have_cur) {
		scenario_free(&S->cur);
		S->have_cur = false;
	}
	if (S->mask_set) {
		sigprocmask(SIG_SETMASK, &S->old_mask, NULL);
		S->mask_set = false;
	}
}

/* ---- the run ------------------------------------------------------------------- */

static void screen_trace_failed(struct screen *S)
{
	S->ts->failed = true;
}

/* The trace holds one run: a restart starts the file over, so it always reads as
 * one header and that run's events (a pipe or terminal gets a new header). */
static void screen_trace_start(struct screen *S)
{
	FILE *f = S->ts->f;

	if (!f)
		return;
	if (S->runs > 0) {
		fflush(f);
		if (ftruncate(fileno(f), 0) == 0)
			rewind(f);
	}
	if (trace_write_header(f, run_header(S->run)) != 0)
		screen_trace_failed(S);
}

/* What the kernel shows now: /proc for every live actor, the channel's count. */
static void screen_snapshot_kernel(struct screen *S, struct view_kernel *k)
{
	struct run_evidence e;
	const struct scenario *sc = run_scenario(S->run);

	if (run_evidence(S->run, &e) != 0) { /* no process to ask: what the trace recorded */
		view_kernel_recorded(history_model(S->hist), k);
		return;
	}
	memset(k, 0, sizeof *k);
	for (int a = 0; a < sc->nactors; a++) {
		const struct procinfo pi = e.proc[a];
		struct view_proc *p = &k->proc[a];
		if (!e.valid[a])
			continue;
		p->valid = true;
		p->state = pi.state;
		p->in_syscall = pi.in_syscall;
		p->nr = pi.in_syscall ? pi.nr : 0;
		p->arg0 = pi.in_syscall ? pi.arg0 : 0;
		memcpy(p->wchan, pi.wchan, sizeof p->wchan);
		p->wchan[sizeof p->wchan - 1] = '\0';
	}
	k->kfill = e.kfill;
	k->kfill_why = e.kfill_why;
	k->model_kfill = e.model_kfill;
	k->nchannels = e.nchannels;
	memcpy(k->chan_kfill, e.chan_kfill, sizeof k->chan_kfill);
	memcpy(k->chan_readers, e.chan_readers, sizeof k->chan_readers);
	memcpy(k->chan_writers, e.chan_writers, sizeof k->chan_writers);
}

/* Reads the kernel's view now and shows it at once (nothing is being animated). */
static void screen_read_kernel(struct screen *S)
{
	struct view_kernel k;

	screen_snapshot_kernel(S, &k);
	view_set_kernel(&S->v, &k);
}

/* The latest call's events: into the trace at once, into the history as one
 * step, into the animation, followed by what the kernel showed right after
 * them. Running at --speed max the evidence is read a few times a second
 * instead (screen_tick): a read per step would cost more than the step. While
 * the past is shown, the events (a child killed from outside) go straight to
 * the live view waiting in S->present. */
/* ---- choosing mode (DESIGN 12) ------------------------------------------------- */

/* Actor indices in name order: Tab's order. */
static int screen_name_order(const struct screen *S, int *order)
{
	const struct model *m = run_model(S->run);
	int n = m->nactors;

	for (int i = 0; i < n; i++) {
		int a = i, j = i;
		for (; j > 0 && strcmp(m->actors[order[j - 1]].name, m->actors[a].name) > 0; j--)
			order[j] = order[j - 1];
		order[j] = a;
	}
	return n;
}

/* Moves the selection `dir` (1 or -1) places among the processes that can step,
 * in name order, from the one selected; with dir 0 keeps it if it can step. */
static void screen_select(struct screen *S, int dir)
{
	struct view *v = &S->v;
	int order[SCENARIO_MAX_ACTORS], n = screen_name_order(S, order), at = -1;

	for (int i = 0; i < n; i++)
		if (order[i] == v->selected)
			at = i;
	if (dir == 0 && at >= 0 && v->can[v->selected] == RUN_CAN)
		return;
	for (int k = 1; k <= n; k++) {
		int i = at < 0 ? (dir < 0 ? n - k : k - 1) : ((at + (dir < 0 ? -k : k)) % n + n) % n;
		if (v->can[order[i]] == RUN_CAN) {
			v->selected = order[i];
			v->dirty |= VIEW_DIRTY_STAGE;
			return;
		}
	}
}

/* Who can take a step now, for the stage; the selection follows. */
static void screen_choose_refresh(struct screen *S)
{
	const struct model *m = run_model(S->run);

	if (!S->v.choosing)
		return;
	for (int a = 0; a < m->nactors; a++)
		S->v.can[a] = run_can_step(S->run, a);
	screen_select(S, 0);
	S->v.dirty |= VIEW_DIRTY_STAGE | VIEW_DIRTY_HEADER | VIEW_DIRTY_KEYS;
}

static void screen_take_events(struct screen *S)
{
	size_t n;
	const struct event *evs = run_events(S->run, &n);
	struct view_kernel k;

	struct event guess;
	bool guessed = quiz_settle(&S->quiz, S->run, evs, n, &guess, &S->v);
	for (size_t i = 0; i < n + guessed; i++) {
		const struct event *ev = i < n ? &evs[i] : &guess; /* the answer settles last */
		if (i < n && ev->type == EV_PREDICT && S->quiz.on)
			continue; /* a replayed quiz's answers: this quiz makes its own */
		if (S->ts->f && trace_write_event(S->ts->f, run_header(S->run), ev) != 0)
			screen_trace_failed(S);
		if (S->hist)
			history_push(S->hist, ev); /* out of memory: that event is not kept */
		if (S->v.past)
			view_apply(&S->present, ev, false);
		else
			anim_push(&S->anim, &S->v, ev);
	}
	if (guessed || run_finished(S->run)) {
		anim_flush(&S->anim, &S->v); /* the answer's lines before the score's */
		if (run_finished(S->run))
			quiz_finish(&S->quiz, run_model(S->run), &S->v);
	}
	if (S->hist)
		history_end_step(S->hist);
	char tie[VIEW_LOG_TEXT];
	if (n && describe_tie_sentence(run_model(S->run), &S->tie, evs, n, tie, sizeof tie)) {
		struct view *tv = S->v.past ? &S->present : &S->v;
		snprintf(tv->tie, sizeof tv->tie, "%s", tie);
		tv->tie_t_ms = evs[0].t_ms;
	}
	for (size_t i = 0; i < n && S->info.live; i++)
		if (evs[i].type == EV_GOAL) { /* the end of a challenge: how few would do */
			char words[512];
			view_message(&S->v, "%s",
				     goal_fewest_words(run_scenario(S->run), words, sizeof words));
		}
	screen_choose_refresh(S);
	if (S->v.past) {
		S->v.steps = S->present.steps = history_steps(S->hist);
		S->present.nmarks = 0;
		S->v.dirty |= VIEW_DIRTY_LOG;
		return;
	}
	if (S->v.speed <= 0 && !S->v.paused)
		return;
	screen_snapshot_kernel(S, &k);
	anim_push_kernel(&S->anim, &S->v, &k);
}

/* A new history for the run just started, from the view's empty model. */
static int screen_history_start(struct screen *S)
{
	history_free(S->hist);
	S->hist = history_create(&S->v.shown, 0, 0, S->error, sizeof S->error);
	return S->hist ? 0 : -1;
}

/* A run of sc, or of the trace of --replay from its beginning (sc is then the
 * trace's). NULL with a message in S->error. */
static struct run *screen_open_run(struct screen *S, const struct scenario *sc)
{
	static const struct run_live_options live = {0}; /* a screen waits anyway */

	if (S->rp)
		return replay_run_create(S->rp, S->error, sizeof S->error);
	if (sc->multi)
		return run_multi_create(sc, S->error, sizeof S->error);
	return run_live_create(sc, &live, S->error, sizeof S->error);
}

/* The view sized from every event of the run, where they are known before it
 * plays (a trace): the lanes' scale, the widest value, items in parts. */
static void screen_size_from_events(struct screen *S)
{
	const struct event *all = S->info.all;

	if (!all)
		return;
	S->v.value_cols = S->info.value_cols;
	for (size_t i = 0; i < S->info.nall && !S->v.big_items; i++) /* a trace has no item size */
		S->v.big_items = all[i].type == EV_PART;
	lanes_reset(&S->v.lanes, lanes_col_ms_of_events(all, S->info.nall), &S->v.shown);
}

/* Starts a run of sc (forks the actors), or the trace again from its
 * beginning: writes the trace header, shows the spawns. -1 with a message in
 * S->error. */
/* The scenario whose program a replay's processes ran: the built-in its trace
 * names, if its processes are the trace's (a trace's header keeps no groups,
 * pauses or values). Loaded into *sc (the caller frees it); false if none. */
static bool screen_code_builtin(const struct scenario *trace, struct scenario *sc)
{
	char err[256];

	if (!scenario_builtin_find(trace->name) || scenario_load(trace->name, sc, err, sizeof err) != 0)
		return false;
	bool same = sc->channel == trace->channel && sc->nactors == trace->nactors;
	for (int a = 0; same && a < sc->nactors; a++)
		same = strcmp(sc->actors[a].name, trace->actors[a].name) == 0;
	if (!same)
		scenario_free(sc);
	return same;
}

/* The code pane's program for the run's scenario in the pane's language, or
 * none while the pane is off (and for a replay of no built-in: the pane says
 * so). Sets each actor's group from the scenario built. -1 on a runtime
 * failure (message in S->error). */
static int screen_code(struct screen *S)
{
	const struct scenario *sc = S->run ? run_scenario(S->run) : NULL;
	struct scenario builtin;
	bool loaded = false;
	int rc = 0;

	program_free(&S->code);
	S->v.program = NULL;
	if (S->v.code < 0 || !sc)
		return 0;
	char why[512];
	if (scenario_runnable(sc, NULL, SCENARIO_CODE, why, sizeof why) != 0) {
		view_message_wrapped(&S->v, why); /* no pane rather than a wrong one */
		S->v.code = -1;
		return 0;
	}
	if (!S->info.live) {
		/* a built-in's program has its script too; a trace of several
		 * channels keeps its programs (its header), one of one channel none */
		if ((loaded = screen_code_builtin(sc, &builtin)))
			sc = &builtin;
		else if (!sc->multi)
			return 0;
	}
	if (program_build(&S->code, sc, (enum program_lang)S->v.code, S->error,
			  sizeof S->error) != 0)
		rc = -1;
	else {
		S->v.program = &S->code;
		for (int a = 0; a < sc->nactors; a++) /* the present's too, if the past is shown */
			S->v.group[a] = S->present.group[a] = sc->actors[a].group;
	}
	if (loaded)
		scenario_free(&builtin);
	return rc;
}

static int screen_start(struct screen *S, const struct scenario *sc)
{
	const struct run_info *in = &S->info;

	S->run = screen_open_run(S, sc);
	if (!S->run)
		return -1;
	run_info(S->run, &S->info);
	anim_reset(&S->anim);
	describe_tie_init(&S->tie);
	quiz_reset(&S->quiz);
	S->v.nquestion = 0;
	view_start_run(&S->v, run_scenario(S->run), in->capacity, in->kernel_name, in->path,
		       in->kernel_capacity, in->kernel_bytes, in->call_put, in->call_get);
	S->v.replay = !in->live;
	memcpy(S->v.chan_ino, in->chan_ino, sizeof S->v.chan_ino);
	screen_size_from_events(S);
	if (screen_code(S) != 0)
		return -1;
	if (sc->channel != S->orig->channel) { /* the title speaks of the channel it was written for */
		const struct channel_desc *d = channel_desc_of(sc->channel);
		size_t at = strlen(S->v.title);
		if (d && d->now_on)
			/* TRANSLATORS: after the scenario's title, e.g. " (now on a pipe)" */
			snprintf(S->v.title + at, sizeof S->v.title - at, _(" (%s)"), _(d->now_on));
	}
	if (screen_history_start(S) != 0)
		return -1;
	screen_trace_start(S);
	S->runs++;
	screen_take_events(S);
	if (sc->goal.reach != GOAL_NONE && sc->goal.text)
		view_message(&S->v, _("Goal: %s"), _(sc->goal.text));
	S->last_wall = screen_wall_ms();
	return 0;
}

/* Do the channel keys (each channel's own digit) not apply? A replay can only show its trace,
 * and a race has no consumer: its producers add to one counter, which only
 * the race channels have (and no other scenario can run on those). */
static bool screen_cannot_switch(const struct screen *S)
{
	return !S->info.live || S->orig->multi || channel_desc_of(S->orig->channel)->counter;
}

/* Stops this run and starts sc (the same scenario again, or on another channel).
 * If sc cannot start, the previous scenario is started again and the reason is
 * shown; -1 only if neither starts (a runtime failure). */
static int screen_restart(struct screen *S, int kind)
{
	struct scenario next;
	char why[1024];

	if (!S->info.live && kind >= 0) {
		view_message(&S->v, "%s", _("Switching the channel needs a live run: a replay can "
					    "only show what its trace recorded."));
		return 0;
	}
	if (kind >= 0 && S->orig->multi) {
		/* TRANSLATORS: one log line, at most ~50 cells */
		view_message(&S->v, "%s", _("Several channels: no one channel to switch."));
		return 0;
	}
	if (kind >= 0 && screen_cannot_switch(S)) {
		/* TRANSLATORS: one log line, at most ~50 cells */
		view_message(&S->v, "%s", _("A race has only its counter: no channel to switch to."));
		return 0;
	}
	if (scenario_copy(&next, S->orig) != 0) {
		snprintf(S->error, sizeof S->error, "%s", strerror(ENOMEM));
		return -1;
	}
	scenario_set_channel(&next, kind >= 0 ? (enum channel_kind)kind : S->cur.channel);
	run_destroy(S->run);
	S->run = NULL;
	if (screen_start(S, &next) == 0) {
		scenario_free(&S->cur);
		S->cur = next;
		view_message(&S->v, "%s", kind >= 0         ? _("Switched: the same timing, restarted.")
					  : S->info.live ? _("Restarted.")
							 : _("The replay starts again from the beginning."));
		return 0;
	}
	snprintf(why, sizeof why, "%s", S->error);
	scenario_free(&next);
	if (screen_start(S, &S->cur) != 0)
		return -1;
	view_message(&S->v, _("Could not switch: %s"), why);
	return 0;
}

/* One step of the run, its events handed on. -1 on a runtime failure. */
static int screen_step(struct screen *S)
{
	/* with --schedule the question is about the trace's next step */
	int asked = S->schedule ? schedule_next_actor(S->schedule) : RUN_ANY;
	if (asked != SCHEDULE_NONE && quiz_ask(&S->quiz, S->run, asked, &S->v)) {
		S->v.paused = true; /* the question waits for its answer */
		S->v.dirty |= VIEW_DIRTY_HEADER | VIEW_DIRTY_KEYS;
		return 0;
	}
	if (S->schedule) {
		int rc = schedule_take(S->schedule, S->run, S->error, sizeof S->error);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			/* the trace's steps are all taken: the user chooses on */
			S->schedule = NULL;
			S->v.choosing = true;
			S->v.paused = true;
			screen_choose_refresh(S);
			view_message(&S->v, "%s", _("The schedule's steps are taken: choose on "
						    "(Tab selects, n grants), or s to let ipcviz go on."));
			return 0;
		}
	} else if (run_step(S->run, RUN_ANY, S->error, sizeof S->error) != 0) {
		return -1;
	}
	if (S->v.vclock_ms < (double)run_now(S->run))
		S->v.vclock_ms = (double)run_now(S->run);
	screen_take_events(S);
	return 0;
}

/* ---- the past ------------------------------------------------------------------- */

/* Shows the moment right after step `step` of the history: the model from the
 * nearest snapshot, the log and the lanes from the events before it, the
 * kernel's evidence as recorded. The live view is in S->present meanwhile. */
static void screen_show_step(struct screen *S, long step)
{
	struct view *v = &S->v;
	struct history_iter it;
	struct model m;
	struct event ev;

	if (history_seek(S->hist, step, SCREEN_REWIND_LEAD, &m, &it) != 0)
		return;
	view_begin_at(v, &m);
	v->quiet = true;
	while (history_next(&it, &ev))
		view_apply(v, &ev, false);
	v->quiet = false;
	view_set_recorded_kernel(v);
	v->past = true;
	v->finished = false;
	v->step = step;
	v->steps = history_steps(S->hist);
	v->vclock_ms = (double)v->shown.t_ms;
	v->dirty |= VIEW_DIRTY_ALL & ~VIEW_DIRTY_LAYOUT;
	const struct view_log_line *l = view_log_at(v, 0); /* a recording marks it too */
	if (l && v->nmarks < VIEW_MARKS_MAX)
		snprintf(v->marks[v->nmarks++], sizeof v->marks[0], _("the past, step %ld: %s %s"),
			 step + 1, l->who, l->text);
}

/* Back to the live view, exactly as it was left, with the controls changed
 * meanwhile (pause, speed, panels). */
static void screen_to_present(struct screen *S)
{
	struct view *v = &S->v;
	bool paused = v->paused, help = v->show_help, explain = v->show_explain;
	bool lanes = v->show_lanes;
	int code = v->code;
	const struct program *program = v->program;
	double speed = v->speed;

	*v = S->present;
	v->paused = paused;
	v->show_help = help;
	v->show_explain = explain;
	v->show_lanes = lanes;
	v->code = code;
	v->program = program;
	v->speed = speed;
	v->past = false;
	v->nmarks = 0;
	v->dirty |= VIEW_DIRTY_ALL & ~VIEW_DIRTY_LAYOUT;
	S->last_wall = screen_wall_ms();
}

/* The b and left-arrow keys: one step further into the past, pausing. */
static int screen_back(struct screen *S)
{
	struct view *v = &S->v;
	long present = history_steps(S->hist) - 1;
	long target = (v->past ? v->step : present) - 1;

	if (target < 0) {
		view_message(v, "%s", _("This is the start of the run: there is no step before it."));
		return 0;
	}
	if (target < history_first_step(S->hist)) {
		view_message(v, "%s", _("History goes no further back: the oldest steps were let go "
					"to keep memory bounded."));
		return 0;
	}
	if (!v->past) {
		anim_flush(&S->anim, v); /* the present, complete, is what n comes back to */
		S->present = *v;
		S->present.nmarks = 0;
	}
	v->paused = true;
	screen_show_step(S, target);
	return 0;
}

/* n and the right arrow in the past: the next step of history, or the present. */
static void screen_forward(struct screen *S)
{
	long target = S->v.step + 1;

	if (target >= history_steps(S->hist) - 1)
		screen_to_present(S);
	else
		screen_show_step(S, target);
}

/* The virtual time of the next thing to show: a step of history while the past
 * is shown, else the run's next step. INT64_MAX if none. */
static int64_t screen_due(const struct screen *S)
{
	if (S->v.past) {
		int64_t t = history_step_time(S->hist, S->v.step + 1);
		return t < 0 ? INT64_MAX : t;
	}
	return run_next_due(S->run);
}

/* Running while the past is shown: history plays forward at the run's speed,
 * then the present takes over. */
static void screen_advance_past(struct screen *S, double elapsed)
{
	long present = history_steps(S->hist) - 1, target = S->v.step;
	double clock = S->v.vclock_ms + (S->v.speed > 0 ? elapsed * S->v.speed : 0);

	while (target < present) {
		int64_t t = history_step_time(S->hist, target + 1);
		if (S->v.speed > 0 && (double)t > clock)
			break;
		target++;
	}
	if (target >= present) {
		screen_to_present(S);
		return;
	}
	if (target != S->v.step)
		screen_show_step(S, target);
	S->v.vclock_ms = clock;
}

/* Moves the virtual clock on by the wall time since the last pass and takes
 * every step that came due, for at most a frame's budget of wall time. */
static int screen_advance(struct screen *S, double now)
{
	double elapsed = now - S->last_wall, budget_end = now + SCREEN_STEP_BUDGET_MS;

	S->last_wall = now;
	if (S->v.past && !S->v.paused) {
		screen_advance_past(S, elapsed);
		return 0;
	}
	if (S->v.paused || S->v.past || run_finished(S->run) || (S->v.choosing && !S->schedule))
		return 0;
	if (S->v.speed > 0)
		S->v.vclock_ms += elapsed * S->v.speed;
	while (!run_finished(S->run) && !ui_quit_signal && !S->quiz.asking &&
	       screen_wall_ms() < budget_end) {
		int64_t due = run_next_due(S->run);
		if (S->v.speed > 0 && due != INT64_MAX && (double)due > S->v.vclock_ms)
			break;
		if (screen_step(S) != 0)
			return -1;
	}
	if (S->v.speed <= 0 || run_finished(S->run))
		S->v.vclock_ms = (double)run_now(S->run);
	return 0;
}

/* ---- keys -------------------------------------------------------------------------- */

/* What a key asks for. Unknown keys ask for nothing. */
static struct screen_key screen_key_action(int key)
{
	struct screen_key k = {SCREEN_NOTHING, -1};

	switch (key) {
	case 'q': case 'Q': k.action = SCREEN_QUIT; break;
	case ' ': k.action = SCREEN_PAUSE; break;
	case 'n': case KEY_RIGHT: case '\n': case '\r': case KEY_ENTER:
		k.action = SCREEN_STEP;
		break;
	case 's': k.action = SCREEN_CHOOSE; break;
	case '\t': case KEY_DOWN: k.action = SCREEN_SELECT; k.kind = 1; break;
	case KEY_BTAB: case KEY_UP: k.action = SCREEN_SELECT; k.kind = -1; break;
	case 'b': case KEY_LEFT: k.action = SCREEN_BACK; break;
	case '+': case '=': k.action = SCREEN_FASTER; break;
	case '-': case '_': k.action = SCREEN_SLOWER; break;
	case 'r': k.action = SCREEN_RESTART; break;
	case 'k': k.action = SCREEN_KILL; break;
	case 'e': k.action = SCREEN_EXPLAIN; break;
	case 't': k.action = SCREEN_LANES; break;
	case 'c': k.action = SCREEN_CODE; break;
	case 'p': k.action = SCREEN_PREDICT; break;
	case '?': case 'h': k.action = SCREEN_HELP; break;
	case SCREEN_KEY_ESC: k.action = SCREEN_CLOSE; break;
	case KEY_RESIZE: k.action = SCREEN_RESIZE; break;
	default:
		if (key > 0 && key < 128 && channel_desc_by_key(key)) { /* a channel's own key */
			k.action = SCREEN_RESTART;
			k.kind = (int)channel_desc_by_key(key)->kind;
		}
		break;
	}
	return k;
}

/* What a key asks for on this screen: in predict mode the digits answer. */
static struct screen_key screen_key_for(const struct screen *S, int key)
{
	if (S->quiz.on && key >= '1' && key <= '0' + PREDICT_OUTCOMES_MAX)
		return (struct screen_key){SCREEN_ANSWER, key - '0'};
	return screen_key_action(key);
}

static void screen_set_speed(struct screen *S, double speed)
{
	char buf[64];

	S->v.speed = speed;
	if (speed <= 0)
		snprintf(buf, sizeof buf, "%s", _("max (no animation)"));
	else
		snprintf(buf, sizeof buf, "%g", speed);
	view_message(&S->v, _("Speed: %s scenario seconds per second."), buf);
	if (speed <= 0)
		anim_flush(&S->anim, &S->v);
	S->v.dirty |= VIEW_DIRTY_HEADER;
}

static void screen_faster(struct screen *S)
{
	if (S->v.speed <= 0)
		view_message(&S->v, "%s", _("Already at the highest speed."));
	else if (S->v.speed * 2 > SCREEN_SPEED_MAX)
		screen_set_speed(S, 0);
	else
		screen_set_speed(S, S->v.speed * 2);
}

static void screen_slower(struct screen *S)
{
	if (S->v.speed <= 0)
		screen_set_speed(S, SCREEN_SPEED_MAX);
	else if (S->v.speed / 2 < SCREEN_SPEED_MIN)
		view_message(&S->v, "%s", _("Already at the lowest speed."));
	else
		screen_set_speed(S, S->v.speed / 2);
}

static int screen_kill(struct screen *S)
{
	if (!S->info.live) {
		view_message(&S->v, "%s", _("Killing a process needs a live run: a replay can only "
					    "show what its trace recorded."));
		return 0;
	}
	if (S->v.past)
		screen_to_present(S); /* a fault acts on the run as it is now */
	int a = run_target(S->run);

	if (a < 0) {
		view_message(&S->v, "%s", S->orig->multi ? _("No process is left to kill.")
							 : _("No consumer is left to kill."));
		return 0;
	}
	if (run_fault(S->run, "kill", a, S->error, sizeof S->error) != 0)
		return -1;
	quiz_drop(&S->quiz, &S->v); /* what it asked about may be gone: n asks anew */
	screen_take_events(S);
	if (S->v.speed <= 0) /* no animation brings the evidence after the kill: now */
		screen_read_kernel(S);
	return 0;
}

/* n or Enter in choosing mode: the selected process takes its next step; one
 * that cannot is told why. With nobody able to move, the script's next action
 * (a kill, a note) is the step. */
static int screen_grant(struct screen *S)
{
	struct view *v = &S->v;
	const struct model *m = run_model(S->run);
	int a = v->selected;

	screen_choose_refresh(S);
	bool anyone = false;
	for (int i = 0; i < m->nactors; i++)
		anyone |= v->can[i] == RUN_CAN;
	if (!anyone && run_next_due(S->run) == INT64_MAX) {
		/* nobody, and no script action either: the run waits for a
		 * process stopped from outside (SIGCONT goes on) */
		view_message(v, "%s", _("No process can take a step now: the run waits for one "
					"stopped from outside."));
		return 0;
	}
	if (!anyone)
		return screen_step(S);
	if (a < 0 || v->can[a] != RUN_CAN) {
		if (a >= 0 && v->can[a] == RUN_CANNOT_ASLEEP)
			view_message(v, _("%s cannot take a step: it is asleep in the kernel until "
					  "another process moves. Tab selects another."), m->actors[a].name);
		else if (a >= 0)
			view_message(v, _("%s cannot take a step: it has finished. Tab selects "
					  "another."), m->actors[a].name);
		return 0;
	}
	if (quiz_ask(&S->quiz, S->run, a, &S->v))
		return 0; /* predict what your own choice will do, then it is granted */
	if (run_step(S->run, a, S->error, sizeof S->error) != 0)
		return -1;
	screen_take_events(S);
	return 0;
}

/* The p key: predict mode on or off. */
static void screen_predict_key(struct screen *S)
{
	struct view *v = &S->v;

	char why[512];
	if (scenario_runnable(S->orig, NULL, SCENARIO_PREDICT, why, sizeof why) != 0) {
		view_message_wrapped(v, why);
		return;
	}
	if (v->past)
		screen_to_present(S);
	S->quiz.on = !S->quiz.on;
	S->quiz.asking = S->quiz.answered = false;
	v->nquestion = 0;
	if (S->quiz.on) {
		v->paused = true;
		view_message(v, "%s", _("Predict mode: before each step you say what happens; "
					"n asks, a digit answers, then the kernel does it."));
	} else {
		view_message(v, "%s", S->orig->multi ? _("Predict mode off: no more questions.")
						     : _("Predict mode off: the digits switch the channel again."));
	}
	v->predicting = S->quiz.on;
	v->dirty |= VIEW_DIRTY_ALL & ~VIEW_DIRTY_LAYOUT;
}

/* A digit in predict mode: the answer; the step asked about runs now. */
static int screen_answer(struct screen *S, int d)
{
	if (S->v.past)
		screen_to_present(S);
	if (!quiz_answer(&S->quiz, d, &S->v))
		return 0;
	if (S->v.choosing && !S->schedule) {
		/* the process asked about, even if Tab moved on since */
		S->v.selected = S->quiz.actor;
		return screen_grant(S);
	}
	return screen_step(S);
}

/* The s key: choosing mode on or off. On, nothing moves by itself. */
static void screen_choose_key(struct screen *S)
{
	struct view *v = &S->v;

	if (!S->info.live) {
		view_message(v, "%s", _("Choosing needs live processes: a replay plays the order "
					"its trace recorded."));
		return;
	}
	char why[512];
	if (scenario_runnable(S->orig, NULL, SCENARIO_CHOOSE, why, sizeof why) != 0) {
		view_message_wrapped(v, why);
		return;
	}
	if (v->past)
		screen_to_present(S);
	v->choosing = !v->choosing;
	S->schedule = NULL; /* the user takes over */
	S->last_wall = screen_wall_ms();
	if (v->choosing) {
		screen_choose_refresh(S);
		view_message(v, "%s", _("Choosing mode: you are the scheduler. Tab selects a "
					"process, n or Enter grants it its next step."));
	} else {
		view_message(v, "%s", _("Choosing mode off: ipcviz schedules again, in its own "
					"order."));
	}
	v->dirty |= VIEW_DIRTY_ALL & ~VIEW_DIRTY_LAYOUT;
}

static int screen_step_key(struct screen *S)
{
	if (S->v.past) {
		S->v.paused = true;
		screen_forward(S);
		return 0;
	}
	if (run_finished(S->run)) {
		view_message(&S->v, "%s", _("The run has finished: r restarts it."));
		return 0;
	}
	if (S->v.choosing && !S->schedule)
		return screen_grant(S);
	if (!S->v.paused) {
		S->v.paused = true;
		S->v.dirty |= VIEW_DIRTY_HEADER | VIEW_DIRTY_KEYS;
	}
	return screen_step(S);
}

/* Does what a key asks. -1 on a runtime failure (message in S->error). */
static int screen_act(struct screen *S, struct screen_key k)
{
	struct view *v = &S->v;

	if (v->show_help && k.action != SCREEN_NOTHING &&
	    !(k.action & (SCREEN_HELP | SCREEN_RESIZE | SCREEN_QUIT))) {
		v->show_help = false; /* any key closes the help, and still does its job */
		v->dirty |= VIEW_DIRTY_ALL & ~VIEW_DIRTY_LAYOUT;
	}
	switch (k.action) {
	case SCREEN_QUIT:
		S->quit = true;
		return 0;
	case SCREEN_PAUSE:
		v->paused = !v->paused;
		S->last_wall = screen_wall_ms();
		v->dirty |= VIEW_DIRTY_HEADER | VIEW_DIRTY_KEYS;
		return 0;
	case SCREEN_STEP:
		return screen_step_key(S);
	case SCREEN_BACK:
		return screen_back(S);
	case SCREEN_FASTER:
		screen_faster(S);
		return 0;
	case SCREEN_SLOWER:
		screen_slower(S);
		return 0;
	case SCREEN_RESTART:
		return screen_restart(S, k.kind);
	case SCREEN_KILL:
		return screen_kill(S);
	case SCREEN_EXPLAIN:
		v->show_explain = !v->show_explain;
		v->show_lanes = false;
		v->dirty |= VIEW_DIRTY_LOG;
		return 0;
	case SCREEN_LANES:
		v->show_lanes = !v->show_lanes;
		v->show_explain = false;
		v->dirty |= VIEW_DIRTY_LOG | VIEW_DIRTY_KEYS;
		return 0;
	case SCREEN_CODE:
		v->code = v->code < 0 ? PROGRAM_C : v->code == PROGRAM_C ? PROGRAM_PYTHON : -1;
		v->show_lanes = false;
		v->dirty |= VIEW_DIRTY_LOG | VIEW_DIRTY_KEYS;
		return screen_code(S);
	case SCREEN_HELP:
		v->show_help = !v->show_help;
		v->dirty |= VIEW_DIRTY_ALL & ~VIEW_DIRTY_LAYOUT;
		return 0;
	case SCREEN_RESIZE:
		v->dirty |= VIEW_DIRTY_LAYOUT;
		return 0;
	case SCREEN_CHOOSE:
		screen_choose_key(S);
		return 0;
	case SCREEN_PREDICT:
		screen_predict_key(S);
		return 0;
	case SCREEN_ANSWER:
		return screen_answer(S, k.kind);
	case SCREEN_SELECT:
		if (!v->choosing || v->past)
			return 0;
		screen_choose_refresh(S);
		screen_select(S, k.kind);
		return 0;
	default:
		return 0;
	}
}

/* Does the key act on the run itself (so a later restart throws its effect away)? */
static bool screen_acts_on_run(unsigned action)
{
	return action & (SCREEN_STEP | SCREEN_KILL | SCREEN_RESTART);
}

/* Plays a batch of keys in order, each one's effect complete before the next.
 * A burst from the terminal (a paste) restarts at most once: before its last
 * restart, keys that act on the run (n, k, r, 1 to 6) are skipped, since that run
 * would be thrown away unseen, and a restart costs forks and reaps (tens of ms).
 * Keys that change the screen (space, + -, e, ?) still count. Scripted keys
 * (--keys) are played exactly. */
static int screen_keys(struct screen *S, const int *keys, int n, bool burst)
{
	int last_restart = -1;

	for (int i = 0; burst && i < n; i++) {
		struct screen_key k = screen_key_for(S, keys[i]);
		if (k.action == SCREEN_RESTART && (k.kind < 0 || !screen_cannot_switch(S)))
			last_restart = i;
	}
	for (int i = 0; i < n && !S->quit; i++) {
		struct screen_key k = screen_key_for(S, keys[i]);
		if (i < last_restart && screen_acts_on_run(k.action))
			continue;
		if (screen_act(S, k) != 0)
			return -1;
	}
	return 0;
}

/* The next key of a --keys script, *p moved past it: Shift-Tab and the arrows
 * as a terminal sends them (ESC [ Z, ESC [ A … or ESC O A …) are those keys, as
 * ncurses would have made them of the keyboard; any other byte is itself. */
static int screen_script_key(const char **p)
{
	static const struct {
		const char *seq;
		int key;
	} seqs[] = {{"\x1b[Z", KEY_BTAB}, {"\x1b[A", KEY_UP},   {"\x1b[B", KEY_DOWN},
		    {"\x1b[C", KEY_RIGHT}, {"\x1b[D", KEY_LEFT}, {"\x1bOA", KEY_UP},
		    {"\x1bOB", KEY_DOWN},  {"\x1bOC", KEY_RIGHT}, {"\x1bOD", KEY_LEFT}};

	for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++)
		if (strncmp(*p, seqs[i].seq, 3) == 0) {
			*p += 3;
			return seqs[i].key;
		}
	return (unsigned char)*(*p)++;
}

/* Keys for this pass: the rest of --keys first, then what the terminal has, up
 * to a pass's worth. */
static int screen_input(struct screen *S)
{
	int keys[SCREEN_KEYS_PER_PASS], n = 0, c;

	if (S->script && *S->script) {
		/* recording: each key's effect is drawn, and animated, before the next */
		if (S->rec && (S->v.dirty || S->anim.count > 0))
			return 0;
		while (*S->script && n < (S->rec ? 1 : SCREEN_KEYS_PER_PASS))
			keys[n++] = screen_script_key(&S->script);
		S->input_pending = *S->script != '\0' && !S->rec;
		return screen_keys(S, keys, n, false);
	}
	while (n < SCREEN_KEYS_PER_PASS && (c = wgetch(stdscr)) != ERR)
		keys[n++] = c;
	S->input_pending = n == SCREEN_KEYS_PER_PASS;
	return screen_keys(S, keys, n, true);
}

/* A recording's terminal changed size: ncurses was told (record.c); the screen
 * is laid out again. */
static void screen_check_resize(struct screen *S)
{
	if (S->rec && record_resized(S->rec))
		screen_act(S, (struct screen_key){SCREEN_RESIZE, -1});
}

/* After a frame: with --record, the terminal and the cast get it, then the
 * markers of the moments it shows. */
static void screen_flush_frame(struct screen *S)
{
	if (S->rec) {
		record_pump(S->rec);
		for (int i = 0; i < S->v.nmarks; i++)
			record_mark(S->rec, S->v.marks[i]);
	}
	S->v.nmarks = 0;
}

/* ---- the loop -------------------------------------------------------------------------- */

/* Follows the run's end: the screen shows it once the animation has caught up. */
static void screen_check_end(struct screen *S)
{
	bool finished = run_finished(S->run) && S->anim.count == 0;

	if (S->v.past)
		return;
	if (finished && finished == S->v.finished &&
	    strcmp(S->v.end_reason, run_end_reason(S->run)) != 0) {
		/* ended again at once: a kill broke a deadlock, the run went on to its end */
		snprintf(S->v.end_reason, sizeof S->v.end_reason, "%s", run_end_reason(S->run));
		S->v.dirty |= VIEW_DIRTY_LOG;
	}
	if (finished == S->v.finished)
		return;
	S->v.finished = finished;
	if (finished) {
		/* who is gone now; a trace of several channels: what it recorded
		   last, as a slower replay shows it step by step (at --speed max
		   no step did), so a deadlock ends on what each one sleeps in */
		if (S->info.live || run_scenario(S->run)->multi)
			screen_read_kernel(S);
		S->v.vclock_ms = (double)run_now(S->run); /* the time of the last step */
	}
	snprintf(S->v.end_reason, sizeof S->v.end_reason, "%s",
		 run_end_reason(S->run));
	S->v.dirty |= VIEW_DIRTY_HEADER | VIEW_DIRTY_LOG | VIEW_DIRTY_KEYS;
}

/* Frames of the animation, and the clock and /proc refreshed while running. */
static void screen_tick(struct screen *S, double now)
{
	if (anim_busy(&S->anim, &S->v) && now >= S->next_frame) {
		anim_frame(&S->anim, &S->v);
		S->next_frame = now + SCREEN_FRAME_MS;
	}
	bool running = !S->v.paused && !S->v.past && S->info.live && !run_finished(S->run);
	if (running && S->anim.count == 0 && now >= S->next_proc) {
		screen_read_kernel(S);
		S->next_proc = now + SCREEN_PROC_MS;
	}
	long tenths = (long)(S->v.vclock_ms / SCREEN_CLOCK_MS); /* the program links no libm */
	if (tenths != S->shown_tenths) {
		S->shown_tenths = tenths;
		S->v.dirty |= VIEW_DIRTY_HEADER;
	}
	screen_check_end(S);
}

/* Brings the wait's deadline *t (ms, -1 for none yet) forward to `ms` from now. */
static void screen_deadline(double *t, double ms)
{
	if (ms < 0)
		ms = 0;
	if (*t < 0 || ms < *t)
		*t = ms;
}

/* How long the loop may sleep, in ms: -1 (until a key, a resize or a signal)
 * when nothing moves, e.g. paused or finished. */
static int screen_timeout(struct screen *S, double now)
{
	double t = -1;

	if (S->input_pending ||
	    (S->script && *S->script && !(S->rec && (S->v.dirty || S->anim.count > 0))))
		return 0;
	if (S->v.dirty)
		screen_deadline(&t, S->next_draw - now);
	if (anim_busy(&S->anim, &S->v))
		screen_deadline(&t, S->next_frame - now);
	if (!S->v.paused && (S->v.past || !run_finished(S->run))) {
		if (S->v.speed <= 0)
			return 0;
		int64_t due = screen_due(S);
		if (due != INT64_MAX)
			screen_deadline(&t, ((double)due - S->v.vclock_ms) / S->v.speed);
		/* the header's clock, at most ten times a second of wall time */
		double tick = SCREEN_CLOCK_MS / S->v.speed;
		screen_deadline(&t, tick < SCREEN_CLOCK_MS ? SCREEN_CLOCK_MS : tick);
		/* /proc is re-read only once the animation is idle (screen_tick): while
		 * it moves, an overdue next_proc would make this 0 and the loop spin. */
		if (S->anim.count == 0)
			screen_deadline(&t, S->next_proc - now);
	}
	return t < 0 ? -1 : (int)t + (t > (int)t); /* rounded up: never wake a bit early */
}

/* Sleeps until input, a signal (quit, resize) or the timeout; with timeout 0 it
 * only looks. A terminal that hung up is noted: its stdin is ready for ever. */
static void screen_wait(struct screen *S, int timeout_ms)
{
	struct pollfd p[1 + SCENARIO_MAX_ACTORS] = {{.fd = STDIN_FILENO, .events = POLLIN}};
	struct timespec ts, *tp = NULL;
	int n = 1;

	/* The children too: one killed or stopped from another terminal shows at
	 * once, even while paused. */
	if (S->run)
		n += run_fds(S->run, p + 1, SCENARIO_MAX_ACTORS);
	if (timeout_ms >= 0) {
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000L;
		tp = &ts;
	}
	if (ppoll(p, (nfds_t)n, tp, &S->old_mask) <= 0)
		return;
	if (p[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		S->hangup = true;
	for (int i = 1; i < n; i++)
		if (p[i].revents)
			S->children_spoke = true;
}

/* Something happened to the children outside the schedule: collect it. */
static int screen_service(struct screen *S)
{
	S->children_spoke = false;
	if (!S->run || !S->info.live)
		return 0;
	if (run_service(S->run, S->error, sizeof S->error) != 0)
		return -1;
	screen_take_events(S);
	return 0;
}

/* Runs the handlers of quit and resize signals that came while they were
 * blocked. ppoll delivers them only when it sleeps and nothing is ready, and a
 * busy loop (--speed max, a stream of keys) may not sleep for a long time. */
static void screen_take_signals(struct screen *S)
{
	sigset_t pending;

	if (sigpending(&pending) != 0)
		return;
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&S->loop_mask, sig) == 1 && !sigismember(&S->old_mask, sig) &&
		    sigismember(&pending, sig) == 1) {
			sigprocmask(SIG_SETMASK, &S->old_mask, NULL); /* the handlers run here */
			sigprocmask(SIG_SETMASK, &S->loop_mask, NULL);
			return;
		}
}

static int screen_loop(struct screen *S)
{
	for (;;) {
		screen_take_signals(S);
		if (ui_quit_signal)
			return 128 + ui_quit_signal;
		if (S->hangup)
			return 128 + SIGHUP;
		screen_check_resize(S);
		if (S->children_spoke && screen_service(S) != 0)
			return 1;
		if (screen_input(S) != 0)
			return 1;
		if (S->quit)
			return 0;
		double now = screen_wall_ms();
		if (screen_advance(S, now) != 0)
			return 1;
		now = screen_wall_ms();
		screen_tick(S, now);
		if (S->v.dirty && now >= S->next_draw) {
			draw_frame(&S->draw, &S->v);
			screen_flush_frame(S);
			S->next_draw = now + SCREEN_FRAME_MS;
		}
		screen_wait(S, screen_timeout(S, screen_wall_ms()));
	}
}

/* The trace of --replay, read before anything starts. */
static struct replay screen_replay;

/* What --replay and --record need before the terminal is set up: the trace read
 * and checked, the cast file opened. 0, or the exit status (2: a bad trace or an
 * output file that cannot be written, said in one line on stderr). */
static int screen_open_files(struct screen *S, const struct options *o,
			     const struct scenario *sc)
{
	char err[1024];
	const char *title;

	if (o->replay_path) {
		if (replay_load(&screen_replay, o->replay_path, err, sizeof err) != 0) {
			fprintf(stderr, "ipcviz: %s\n", err);
			return 2;
		}
		S->rp = &screen_replay;
		sc = &screen_replay.sc;
	}
	if (o->record_path) {
		/* The page `ipcviz export` makes tells the scenario's comments; a
		 * trace keeps none, a built-in of its name has them. */
		struct scenario builtin = {0};
		struct cast_lesson lesson = {sc->name, sc->comments};
		if (!lesson.comments && scenario_builtin_find(sc->name) &&
		    scenario_load(sc->name, &builtin, err, sizeof err) == 0)
			lesson.comments = builtin.comments;
		title = sc->title ? _(sc->title) : sc->name;
		S->rec = record_open(o->record_path, o->force, title, &lesson, err, sizeof err);
		scenario_free(&builtin);
		if (!S->rec) {
			fprintf(stderr, "ipcviz: %s\n", err);
			return 2;
		}
	}
	return 0;
}

/* Ends what screen_open_files began. The exit status, given the loop's. */
static int screen_close_files(struct screen *S, int status)
{
	char err[1024];

	if (record_close(S->rec, err, sizeof err) != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		status = status ? status : 1;
	}
	S->rec = NULL;
	if (S->rp)
		replay_free(S->rp);
	S->rp = NULL;
	return status;
}

/* Contract in ui.h. The exit status: 0 after q, 1 on a runtime failure (said on
 * stderr once the terminal is restored), 2 when the terminal cannot show the
 * screen or a file given cannot be used, 128 + N after quit signal N (129 when
 * the terminal hung up). With --replay, sc is NULL: the trace says what to show. */
int screen_run(const struct options *o, const struct scenario *sc, struct trace_sink *ts)
{
	struct screen *S = &screen_the;
	sigset_t block;
	int status;

	memset(S, 0, sizeof *S);
	S->orig = sc;
	S->ts = ts;
	S->script = o->keys;
	S->v.paused = o->paused;
	S->v.speed = o->speed;
	S->v.ascii = o->ascii;
	S->v.code = -1;
	S->v.color = o->color;
	S->v.choosing = o->choose && !o->schedule;
	S->quiz.on = S->v.predicting = o->predict;
	if (o->predict)
		S->v.paused = true; /* n asks the first question */
	S->schedule = o->schedule;
	S->shown_tenths = -1;
	if (!tty_can_draw()) {
		fprintf(stderr, _("ipcviz: this terminal (TERM=%s) cannot show the screen: use "
				  "--headless to print the timeline as text\n"),
			getenv("TERM") ? getenv("TERM") : "");
		return 2;
	}
	if ((status = screen_open_files(S, o, sc)) != 0)
		return screen_close_files(S, status);
	if (S->rp) /* restarts play it again, as a live run starts its scenario again */
		S->orig = sc = &S->rp->sc;
	if (sc && scenario_copy(&S->cur, sc) != 0) {
		fprintf(stderr, "ipcviz: %s\n", strerror(ENOMEM));
		return screen_close_files(S, 1);
	}
	S->have_cur = sc != NULL;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &S->old_mask);
	sigprocmask(SIG_BLOCK, NULL, &S->loop_mask);
	S->mask_set = true;
	if (screen_start(S, &S->cur) != 0) {
		screen_shutdown(S);
		fprintf(stderr, "ipcviz: %s\n", S->error);
		return screen_close_files(S, 1);
	}
	if (screen_open_terminal(S) != 0) {
		screen_shutdown(S);
		fprintf(stderr, _("ipcviz: cannot start the screen on this terminal: use --headless "
				  "to print the timeline as text\n"));
		return screen_close_files(S, 2);
	}
	S->v.dirty = VIEW_DIRTY_ALL;
	status = screen_loop(S);
	screen_shutdown(S);
	status = screen_close_files(S, status);
	if (status == 1)
		fprintf(stderr, "ipcviz: %s\n", S->error);
	if (ts->failed) {
		fprintf(stderr, _("ipcviz: %s: cannot write the trace: %s\n"), ts->path,
			strerror(errno));
		status = status ? status : 1;
	}
	return status;
}
