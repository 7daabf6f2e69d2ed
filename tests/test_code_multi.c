/* test_code_multi.c - the code pane's marks (ui/code.c) for several channels
 * (DESIGN 14), over the real run of each several-channel built-in stepped by
 * the scheduler: at each step every process waiting or asleep is marked in its
 * own function on a line of the do line it is at, which the events that
 * follow prove (its next operation is that line's: a put's write, an echo's
 * read or write, a close, a lock; a sleep's line only while its time runs); a
 * process asleep in the kernel is marked on the C line that makes the syscall
 * /proc showed (futex under pthread_mutex_lock); the Python pane marks the
 * same do line; a replay of the run's trace and a step back to each step give
 * the very marks of the live run. In English and in Chinese. */
#include <criterion/criterion.h>

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "code.h"
#include "history.h"
#include "program.h"
#include "replay.h"
#include "run.h"
#include "run_multi.h"
#include "scenario.h"
#include "support.h"

#define TEST_EVENTS_MAX 4096
#define TEST_STEPS_MAX 1024

static void test_init(void)
{
	support_adopt_orphans();
	bindtextdomain("ipcviz", IPCVIZ_LOCALEDIR);
	bind_textdomain_codeset("ipcviz", "UTF-8");
	textdomain("ipcviz");
	unsetenv("LANGUAGE");
}

TestSuite(code_multi, .init = test_init, .fini = support_remove_temps, .timeout = 120);

/* One moment of a run: each actor's mark in C and in Python, and what the
 * shown model says of it. */
struct moment {
	size_t events;                     /* events applied so far */
	int64_t t_ms;
	int c[SCENARIO_MAX_ACTORS], py[SCENARIO_MAX_ACTORS];
	enum actor_state st[SCENARIO_MAX_ACTORS];
};

/* A live run, kept for the checks after it. */
struct live {
	struct scenario sc;
	struct program c, py;
	struct event *all;
	size_t nall;
	struct moment *at;
	long nsteps;
	long asleep;                       /* sleeper marks checked against /proc */
};

static struct view V, W;

/* A view of sc as the screen makes one for a run of it. */
static void start_view(struct view *v, const struct scenario *sc)
{
	memset(v, 0, sizeof *v);
	view_start_run(v, sc, 0, "pipe", NULL, 0, 0, "write", "read");
}

/* The marks of the view's every actor now. */
static void take_moment(const struct view *v, const struct program *c, const struct program *py,
			size_t events, struct moment *m)
{
	m->events = events;
	m->t_ms = v->shown.t_ms;
	for (int a = 0; a < v->shown.nactors; a++) {
		m->c[a] = code_line_of(c, v, a);
		m->py[a] = code_line_of(py, v, a);
		m->st[a] = v->shown.actors[a].state;
	}
}

/* Does C line `text` make the call a sleeper in `syscall` sleeps in?
 * pthread_mutex_lock and a ring's sem_wait (ring_put, ring_get) sleep in
 * futex(2), mq_send and mq_receive in mq_timedsend and mq_timedreceive (glibc
 * makes them so), the rest in their own name. */
static bool c_line_calls(const char *text, const char *syscall)
{
	static const struct {
		const char *syscall, *call;
	} calls[] = {{"futex", "pthread_mutex_lock("}, {"futex", "ring_put("},
		     {"futex", "ring_get("},		 {"write", "write("},
		     {"read", "read("},			 {"mq_timedsend", "mq_send("},
		     {"mq_timedreceive", "mq_receive("}};

	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
		if (strcmp(syscall, calls[i].syscall) == 0 && strstr(text, calls[i].call))
			return true;
	return false;
}

/* Checks actor a's marks now; true if it was asleep with the kernel's call
 * known and the call's line was checked. */
static bool check_now(const char *name, const struct live *L, const struct view *v,
		      const struct moment *m, int a)
{
	const struct model_actor *ma = &v->shown.actors[a];
	enum actor_state st = ma->state == ACTOR_STOPPED ? ma->stopped_from : ma->state;
	int g = v->group[a];

	if (st != ACTOR_WAITING && st != ACTOR_BLOCKED) {
		cr_assert_eq(m->c[a], -1, "%s: %s is marked but is not running", name, ma->name);
		cr_assert_eq(m->py[a], -1, "%s: %s is marked in Python", name, ma->name);
		return false;
	}
	cr_assert_geq(m->c[a], 0, "%s: %s (state %d) has no line", name, ma->name, st);
	cr_assert_geq(m->py[a], 0, "%s: %s has no Python line", name, ma->name);
	const struct program_line *lc = &L->c.lines[m->c[a]], *lp = &L->py.lines[m->py[a]];
	cr_assert_eq(lc->group, g, "%s: %s marked in another function", name, ma->name);
	cr_assert_eq(lp->group, g, "%s: %s marked in another Python function", name, ma->name);
	cr_assert_eq(lc->op, lp->op, "%s: %s at do line %d in C, %d in Python", name, ma->name,
		     lc->op, lp->op);
	cr_assert_eq(lc->tag, lp->tag, "%s: %s on a %d line in C, %d in Python: %s | %s", name,
		     ma->name, lc->tag, lp->tag, lc->text, lp->text);
	if (lc->op < 0)
		cr_assert_eq(lc->tag, PROGRAM_SLEEP, "%s: %s before its program: %s", name,
			     ma->name, lc->text);
	if (st != ACTOR_BLOCKED || !ma->has_kernel || !ma->syscall[0])
		return false;
	cr_assert(c_line_calls(lc->text, ma->syscall), "%s: %s asleep in %s but marked on: %s",
		  name, ma->name, ma->syscall, lc->text);
	cr_assert(lp->blocks, "%s: %s asleep, its Python line makes no blocking call: %s", name,
		  ma->name, lp->text);
	return true;
}

/* Does the event end (a step of) operation `op` by the line tagged `tag`:
 * the put of a put or an echo's second half on its channel, a get's or an
 * echo's take, a close, a lock, an unlock? */
static bool is_that_line(const struct scenario_multi *mu, const struct scenario_op *op,
			 enum program_tag tag, const struct event *ev)
{
	const char *ch = mu->channels[op->kind == SOP_ECHO && tag == PROGRAM_PUT ? op->to : op->ch].name;

	if (strcmp(ev->ch, ch) != 0)
		return false;
	switch (tag) {
	case PROGRAM_PUT:
		return ev->type == EV_PUT || (ev->type == EV_ERROR && ev->op == OP_PUT);
	case PROGRAM_GET:
		return ev->type == EV_GOT || ev->type == EV_EOF ||
		       (ev->type == EV_ERROR && ev->op == OP_GET);
	case PROGRAM_LOCK:
		return ev->type == (op->kind == SOP_LOCK ? EV_LOCK : EV_UNLOCK);
	case PROGRAM_SETUP:
	case PROGRAM_COMMENT:
		return op->kind == SOP_CLOSE && ev->type == EV_CLOSE;
	default:
		return false;
	}
}

static bool is_operation(enum event_type t)
{
	return t == EV_PUT || t == EV_GOT || t == EV_EOF || t == EV_ERROR || t == EV_CLOSE ||
	       t == EV_LOCK || t == EV_UNLOCK;
}

/* What came after each moment proves its marks: each marked process's next
 * operation is its marked line's (a sleep's line: it did nothing until the
 * sleep's time had run). Returns the marks proven by a later operation. */
static long check_future(const char *name, const struct live *L)
{
	const struct scenario_multi *mu = L->sc.multi;
	long proven = 0;

	for (long s = 0; s < L->nsteps; s++) {
		const struct moment *m = &L->at[s];
		for (int a = 0; a < L->sc.nactors; a++) {
			if (m->c[a] < 0)
				continue;
			const struct program_line *l = &L->c.lines[m->c[a]];
			const struct scenario_process *pr = &mu->procs[L->sc.actors[a].group];
			const struct event *next = NULL;
			for (size_t i = m->events; i < L->nall && !next; i++)
				if (L->all[i].actor == a && is_operation(L->all[i].type))
					next = &L->all[i];
			if (!next)
				continue; /* asleep for ever (a deadlock), or killed */
			if (l->tag == PROGRAM_SLEEP) {
				cr_assert(l->op < 0 || pr->ops[l->op].kind == SOP_SLEEP,
					  "%s: %s on a pause of no sleep: %s", name,
					  L->sc.actors[a].name, l->text);
				cr_assert_gt(next->t_ms, m->t_ms,
					     "%s, step %ld: %s marked asleep in %s, yet acts at once",
					     name, s, L->sc.actors[a].name, l->text);
			} else {
				cr_assert(is_that_line(mu, &pr->ops[l->op], l->tag, next),
					  "%s, step %ld: %s marked on \"%s\" (do line %d) but next "
					  "does %s on %s",
					  name, s, L->sc.actors[a].name, l->text, l->op,
					  event_type_name(next->type), next->ch);
			}
			proven++;
		}
	}
	return proven;
}

/* Runs built-in `name` live, stepped as the headless run steps it, checking
 * the marks at each step; keeps the events and the marks in *L. */
static void run_live(const char *name, struct live *L)
{
	char err[512];
	size_t n;

	memset(L, 0, sizeof *L);
	cr_assert_eq(scenario_load(name, &L->sc, err, sizeof err), 0, "%s", err);
	cr_assert_eq(program_build(&L->c, &L->sc, PROGRAM_C, err, sizeof err), 0, "%s", err);
	cr_assert_eq(program_build(&L->py, &L->sc, PROGRAM_PYTHON, err, sizeof err), 0, "%s", err);
	L->all = malloc(TEST_EVENTS_MAX * sizeof *L->all);
	L->at = malloc(TEST_STEPS_MAX * sizeof *L->at);
	cr_assert(L->all && L->at);
	start_view(&V, &L->sc);
	struct run *r = run_multi_create(&L->sc, err, sizeof err);
	cr_assert_not_null(r, "%s: %s", name, err);
	for (;;) {
		const struct event *evs = run_events(r, &n);
		cr_assert_lt(L->nall + n, (size_t)TEST_EVENTS_MAX, "%s: a longer run", name);
		for (size_t i = 0; i < n; i++) {
			L->all[L->nall] = evs[i];
			view_apply(&V, &L->all[L->nall++], false);
		}
		if (n > 0) {
			cr_assert_lt(L->nsteps, TEST_STEPS_MAX, "%s: more steps", name);
			struct moment *m = &L->at[L->nsteps++];
			take_moment(&V, &L->c, &L->py, L->nall, m);
			for (int a = 0; a < V.shown.nactors; a++)
				L->asleep += check_now(name, L, &V, m, a);
		}
		if (run_finished(r))
			break;
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s: %s", name, err);
	}
	FILE *f = NULL;
	char path[128];
	snprintf(path, sizeof path, "/tmp/ipcviz-test-%d-code-multi.trace", (int)getpid());
	f = fopen(path, "w");
	cr_assert_not_null(f);
	cr_assert_eq(trace_write_header(f, run_header(r)), 0);
	for (size_t i = 0; i < L->nall; i++)
		cr_assert_eq(trace_write_event(f, run_header(r), &L->all[i]), 0);
	fclose(f);
	run_destroy(r);
}

/* Two moments mark the same lines. */
static void same_marks(const char *name, const char *how, long s, const struct moment *want,
		       const struct moment *got, int nactors)
{
	for (int a = 0; a < nactors; a++) {
		cr_assert_eq(got->c[a], want->c[a], "%s %s, step %ld: actor %d at C line %d, not %d",
			     name, how, s, a, got->c[a], want->c[a]);
		cr_assert_eq(got->py[a], want->py[a],
			     "%s %s, step %ld: actor %d at Python line %d, not %d", name, how, s, a,
			     got->py[a], want->py[a]);
	}
}

/* The replay of the live run's trace, step by step: the same marks. */
static void check_replay(const char *name, const struct live *L)
{
	struct replay rp;
	struct program c = {0}, py = {0};
	char err[512], path[128];
	size_t n;
	long s = 0;

	snprintf(path, sizeof path, "/tmp/ipcviz-test-%d-code-multi.trace", (int)getpid());
	cr_assert_eq(replay_load(&rp, path, err, sizeof err), 0, "%s: %s", name, err);
	cr_assert_not_null(rp.sc.multi, "%s: the replay lost its programs", name);
	cr_assert_eq(program_build(&c, &rp.sc, PROGRAM_C, err, sizeof err), 0, "%s", err);
	cr_assert_eq(program_build(&py, &rp.sc, PROGRAM_PYTHON, err, sizeof err), 0, "%s", err);
	/* the same program, line for line: its script's actions (main's) too,
	 * which the header keeps for a file, whose text a replay cannot look up */
	cr_assert_eq(c.nlines, L->c.nlines, "%s: the replay's program is another", name);
	for (size_t i = 0; i < c.nlines; i++)
		cr_assert_str_eq(c.lines[i].text, L->c.lines[i].text, "%s: C line %zu", name, i);
	cr_assert_eq(py.nlines, L->py.nlines, "%s: the replay's Python is another", name);
	start_view(&W, &rp.sc);
	struct run *r = replay_run_create(&rp, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	for (size_t total = 0;; s++) {
		const struct event *evs = run_events(r, &n);
		struct moment m;
		for (size_t i = 0; i < n; i++) {
			struct event e = evs[i];
			view_apply(&W, &e, false);
		}
		total += n;
		cr_assert_lt(s, L->nsteps, "%s: the replay has more steps", name);
		take_moment(&W, &c, &py, total, &m);
		same_marks(name, "replayed", s, &L->at[s], &m, L->sc.nactors);
		if (run_finished(r))
			break;
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s: %s", name, err);
	}
	cr_assert_eq(s + 1, L->nsteps, "%s: %ld steps replayed of %ld", name, s + 1, L->nsteps);
	run_destroy(r);
	program_free(&c);
	program_free(&py);
	replay_free(&rp);
	unlink(path);
}

/* Stepping back to each step, from the end (history.c, as the b key does):
 * the same marks. */
static void check_back(const char *name, const struct live *L)
{
	struct model m;
	char err[512];
	size_t from = 0;

	start_view(&W, &L->sc);
	struct history *h = history_create(&W.shown, 0, 0, err, sizeof err);
	cr_assert_not_null(h, "%s", err);
	for (long s = 0; s < L->nsteps; s++) {
		for (; from < L->at[s].events; from++)
			cr_assert_eq(history_push(h, &L->all[from]), 0);
		history_end_step(h);
	}
	for (long s = L->nsteps - 1; s >= 0; s--) {
		struct moment got;
		cr_assert_eq(history_state(h, s, &m), 0, "%s: step %ld not kept", name, s);
		view_begin_at(&W, &m);
		take_moment(&W, &L->c, &L->py, L->at[s].events, &got);
		same_marks(name, "stepped back", s, &L->at[s], &got, L->sc.nactors);
	}
	history_free(h);
}

static void free_live(struct live *L)
{
	program_free(&L->c);
	program_free(&L->py);
	scenario_free(&L->sc);
	free(L->all);
	free(L->at);
}

/* Every several-channel built-in in the locale `lang`, and files of tests/
 * with what the built-ins lack: a script that stops and continues a process,
 * a queue, a ring. */
static void check_every_builtin(const char *lang, bool chinese)
{
	size_t nb, checked = 0;
	const struct scenario_builtin *b = scenario_builtins(&nb);
	static struct live L;
	static const char *const files[] = {IPCVIZ_SOURCE_DIR "/tests/pipeline-stop.ini",
					    IPCVIZ_SOURCE_DIR "/tests/queue-pipeline.ini",
					    IPCVIZ_SOURCE_DIR "/tests/ring-deadlock.ini"};

	cr_assert_not_null(setlocale(LC_ALL, lang), "no %s locale (scripts/setup makes it)", lang);
	cr_assert_eq(strcmp(dgettext("ipcviz", "BLOCKED"), "BLOCKED") != 0, chinese,
		     "the words are not in %s", lang);
	for (size_t i = 0; i < nb; i++) {
		if (!support_builtin_multi(b[i].name))
			continue;
		run_live(b[i].name, &L);
		long proven = check_future(b[i].name, &L);
		cr_assert_gt(proven, L.nsteps / 2, "%s: %ld marks proven in %ld steps", b[i].name,
			     proven, L.nsteps);
		if (strcmp(b[i].name, "pipe-deadlock") == 0 || strcmp(b[i].name, "lock-order") == 0)
			cr_assert_geq(L.asleep, 2, "%s: no sleeper's call was checked", b[i].name);
		check_replay(b[i].name, &L);
		check_back(b[i].name, &L);
		free_live(&L);
		checked++;
	}
	cr_assert_geq(checked, 5, "pipeline, request-reply, pipe-deadlock, lock-order, no-eof");
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		run_live(files[i], &L);
		check_future(files[i], &L);
		check_replay(files[i], &L);
		check_back(files[i], &L);
		free_live(&L);
	}
	setlocale(LC_ALL, "C");
	cr_expect_eq(support_children_left(), 0, "a child was left behind");
}

Test(code_multi, every_mark_is_on_its_next_operation_and_a_sleeper_on_its_syscall)
{
	check_every_builtin("C.UTF-8", false);
}

Test(code_multi, the_same_in_chinese)
{
	check_every_builtin("zh_CN.UTF-8", true);
}

/* The line of actor a's mark in p, as text without its indent; "" none. */
static const char *mark_text(const struct program *p, const struct view *v, int a)
{
	int line = code_line_of(p, v, a);
	const char *s = line >= 0 ? p->lines[line].text : "";

	while (*s == '\t' || *s == ' ')
		s++;
	return s;
}

/* Applies an event of actor a at t_ms on channel ch to W. */
static void apply(int a, enum event_type type, int64_t t_ms, const char *ch, int32_t value,
		  enum event_op op)
{
	struct event e = event_make(type, a, t_ms);

	snprintf(e.ch, sizeof e.ch, "%s", ch);
	e.has_value = type == EV_PUT || type == EV_GOT;
	e.value = value;
	e.op = op;
	view_apply(&W, &e, false);
}

#define expect_mark(p, a, want)                                                         \
	cr_assert_str_eq(mark_text((p), &W, (a)), (want), "at %lld ms",                   \
			 (long long)W.shown.t_ms)

/* The marks moment by moment, exactly, from made-up events of a program with
 * a start delay, sleeps, a put with pauses, an echo's two halves, a close, a
 * lock taken after a wait and an end: the start's pause until its time, each
 * sleep's line while it runs (the pause after a put's last item leads into
 * the sleep that follows), the next operation's line otherwise, none when
 * done. */
Test(code_multi, marks_follow_sleeps_halves_and_the_kernels_call_exactly)
{
	char path[64], err[512];
	struct scenario sc;
	struct program c = {0}, py = {0};

	support_temp_scenario("[channel.p]\ntype = pipe\ncapacity = 2\n"
			      "[channel.q]\ntype = pipe\ncapacity = 2\n"
			      "[channel.l]\ntype = lock\n"
			      "[process.a]\nstart = 1s\ndo = sleep 2s\ndo = put p 1, 2 every 1s\n"
			      "do = sleep 1s\ndo = sleep 1s\ndo = close p\ndo = lock l\n"
			      "do = unlock l\n"
			      "[process.b]\ndo = echo p q 2\ndo = lock l\ndo = unlock l\n"
			      "[process.c]\ndo = get q all\n",
			      path, sizeof path);
	setlocale(LC_ALL, "C.UTF-8");
	cr_assert_eq(scenario_load(path, &sc, err, sizeof err), 0, "%s", err);
	unlink(path);
	cr_assert_eq(program_build(&c, &sc, PROGRAM_C, err, sizeof err), 0, "%s", err);
	cr_assert_eq(program_build(&py, &sc, PROGRAM_PYTHON, err, sizeof err), 0, "%s", err);
	start_view(&W, &sc);
	for (int a = 0; a < 3; a++)
		apply(a, EV_SPAWN, 0, "", 0, OP_NONE);
	expect_mark(&c, 0, "pause_for(1);"); /* its start */
	expect_mark(&py, 0, "time.sleep(1 / SPEED)");
	expect_mark(&c, 1, "ssize_t n = read(pipe_p[0], &item, 4096);");
	expect_mark(&py, 1, "item = os.read(pipe_p[0], 4096)");
	apply(1, EV_BLOCKED, 0, "p", 0, OP_GET);
	expect_mark(&c, 1, "ssize_t n = read(pipe_p[0], &item, 4096);");
	apply(2, EV_BLOCKED, 0, "q", 0, OP_GET);
	apply(1, EV_NOTE, 999, "", 0, OP_NONE); /* time passes: a's start runs */
	expect_mark(&c, 0, "pause_for(1);");
	apply(1, EV_NOTE, 1000, "", 0, OP_NONE);
	expect_mark(&c, 0, "pause_for(2);"); /* do = sleep 2s */
	apply(1, EV_NOTE, 3000, "", 0, OP_NONE);
	expect_mark(&c, 0, "if (write(pipe_p[1], &item, 4096) == -1) {");
	expect_mark(&py, 0, "os.write(pipe_p[1], i.to_bytes(4, \"little\", signed=True).ljust(4096, b\"\\0\"))");
	apply(0, EV_PUT, 3000, "p", 1, OP_NONE);
	apply(1, EV_UNBLOCKED, 3000, "p", 0, OP_GET);
	apply(1, EV_GOT, 3000, "p", 1, OP_NONE);
	expect_mark(&c, 0, "if (write(pipe_p[1], &item, 4096) == -1) {"); /* its second */
	expect_mark(&c, 1, "if (write(pipe_q[1], &item, 4096) == -1) {"); /* the echo's put */
	apply(1, EV_PUT, 3000, "q", 1, OP_NONE);
	expect_mark(&c, 1, "ssize_t n = read(pipe_p[0], &item, 4096);");
	apply(0, EV_PUT, 4000, "p", 2, OP_NONE);
	expect_mark(&c, 0, "pause_for(1);"); /* the pause after 2, then the sleep */
	cr_assert_eq(c.lines[code_line_of(&c, &W, 0)].op, 2);
	apply(1, EV_NOTE, 5000, "", 0, OP_NONE);
	cr_assert_eq(c.lines[code_line_of(&c, &W, 0)].op, 2, "the first sleep, 5 s to 6 s");
	apply(1, EV_NOTE, 5999, "", 0, OP_NONE);
	cr_assert_eq(c.lines[code_line_of(&c, &W, 0)].op, 2);
	apply(1, EV_NOTE, 6000, "", 0, OP_NONE);
	cr_assert_eq(c.lines[code_line_of(&c, &W, 0)].op, 3, "the second sleep");
	cr_assert_eq(py.lines[code_line_of(&py, &W, 0)].op, 3);
	apply(1, EV_NOTE, 7000, "", 0, OP_NONE);
	expect_mark(&c, 0, "close(pipe_p[1]);");
	expect_mark(&py, 0, "os.close(pipe_p[1])");
	apply(0, EV_CLOSE, 7000, "p", 0, OP_NONE);
	expect_mark(&c, 0, "errno = pthread_mutex_lock(lock_l);");
	expect_mark(&py, 0, "lock_l.acquire()");
	apply(1, EV_GOT, 7000, "p", 2, OP_NONE);
	apply(1, EV_PUT, 7000, "q", 2, OP_NONE); /* its 2 items: on to its lock */
	apply(1, EV_LOCK, 7000, "l", 0, OP_NONE);
	expect_mark(&c, 1, "errno = pthread_mutex_unlock(lock_l);");
	expect_mark(&py, 1, "lock_l.release()");
	apply(0, EV_BLOCKED, 7000, "l", 0, OP_LOCK);
	expect_mark(&c, 0, "errno = pthread_mutex_lock(lock_l);");
	cr_assert_eq(W.shown.actors[0].state, ACTOR_BLOCKED);
	apply(1, EV_UNLOCK, 7000, "l", 0, OP_NONE);
	apply(1, EV_EXIT, 7000, "", 0, OP_NONE);
	expect_mark(&c, 1, ""); /* done */
	expect_mark(&py, 1, "");
	program_free(&c);
	program_free(&py);
	scenario_free(&sc);
}
