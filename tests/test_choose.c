/* test_choose.c - choosing mode in the engine (DESIGN 12): granting a chosen
 * process its next step on real processes (run_step with an actor), who can
 * step (run_can_step) and what comes next (run_peek, run_peek_actor), on
 * every built-in, in orders the scheduler would never take. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.h"
#include "run.h"
#include "run_live.h"
#include "run_multi.h"
#include "support.h"

static void check_nothing_left(void)
{
	support_remove_temps();
	cr_expect_eq(support_children_left(), 0, "a child was left behind");
	cr_expect_eq(support_ipc_left(getpid()), 0, "an IPC object was left behind");
}

TestSuite(choose, .fini = check_nothing_left, .timeout = 120);

#define MAX_STEPS 400

/* What the channel must hold, kept by the test from the events alone, to set
 * against the model's fill and the values the consumers get. */
struct mirror {
	const char *what;
	bool counts;            /* whole items are counted (not a cell, not big items) */
	bool cell;
	int32_t items[2][4096]; /* [0] forward, [1] a socket pair's answers going back */
	int n[2];
	long puts, gets;        /* big pipe items: only how many */
	bool written;
	int32_t cell_value;
};

static void mirror_init(struct mirror *mi, const char *what, const struct model *m)
{
	memset(mi, 0, sizeof *mi);
	mi->what = what;
	mi->counts = model_counts_items(m);
	mi->cell = channel_desc_of(m->channel)->cell;
}

/* Checks ev against the mirror, then applies it: a got takes the oldest item
 * (no got before its put), a read shows the latest write, the fill agrees. */
static void mirror_apply(struct mirror *mi, const struct model *m, const struct event *ev)
{
	int dir = model_backward(m, ev) ? 1 : 0;

	switch (ev->type) {
	case EV_PUT:
		mi->puts++;
		if (mi->counts) {
			cr_assert_lt(mi->n[dir], 4096);
			mi->items[dir][mi->n[dir]++] = ev->value;
		}
		break;
	case EV_GOT:
		mi->gets++;
		if (mi->counts && !ev->mixed) {
			/* (an item above PIPE_BUF can be read before its put ends) */
			cr_assert_leq(mi->gets, mi->puts, "%s: a got before its put", mi->what);
			cr_assert_gt(mi->n[dir], 0, "%s: %s got %d from an empty channel", mi->what,
				     m->actors[ev->actor].name, ev->value);
			cr_assert_eq(ev->value, mi->items[dir][0],
				     "%s: %s got %d, the oldest item is %d", mi->what,
				     m->actors[ev->actor].name, ev->value, mi->items[dir][0]);
			memmove(mi->items[dir], mi->items[dir] + 1,
				(size_t)--mi->n[dir] * sizeof mi->items[dir][0]);
		}
		break;
	case EV_WRITE:
		mi->written = true;
		mi->cell_value = ev->value;
		break;
	case EV_READ:
		cr_assert_eq(ev->value, mi->written ? mi->cell_value : 0,
			     "%s: %s read %d, the memory holds %d", mi->what,
			     m->actors[ev->actor].name, ev->value, mi->cell_value);
		break;
	default:
		break;
	}
	if (mi->counts && !mi->cell && (ev->type == EV_PUT || ev->type == EV_GOT))
		cr_assert_eq(ev->fill, mi->n[0], "%s: fill %d after %s %d, the items make %d",
			     mi->what, ev->fill, event_type_name(ev->type), ev->value, mi->n[0]);
}

/* How an order is made: which of the actors that can step goes next. */
typedef int (*policy)(const int *can, int ncan, int step, unsigned *seed);

static int policy_last(const int *can, int ncan, int step, unsigned *seed)
{
	(void)step, (void)seed;
	return can[ncan - 1]; /* consumers first: the file's order backwards */
}

static int policy_random(const int *can, int ncan, int step, unsigned *seed)
{
	(void)step;
	*seed = *seed * 1103515245u + 12345u;
	return can[(*seed >> 16) % (unsigned)ncan];
}

static int policy_round(const int *can, int ncan, int step, unsigned *seed)
{
	(void)seed;
	return can[step % ncan];
}

/* Does ev's operation match what peek said (the operation, or its blocking,
 * failing or meeting end of file)? */
static bool outcome_of(const struct event *ev, enum event_type op)
{
	bool put = op == EV_PUT || op == EV_WRITE;

	if (ev->type == op || ev->type == EV_ERROR || ev->type == EV_EOF)
		return true;
	if (ev->type == EV_PART)
		return !put; /* a big pipe item read in parts */
	return ev->type == EV_BLOCKED && (ev->op == OP_PUT) == put;
}

struct tally {
	long steps, asleep_seen, blocked_after;
};

/* A live run of sc: of several channels (DESIGN 14) or of one. */
static struct run *live_run(const struct scenario *sc, char *err, size_t errlen)
{
	return sc->multi ? run_multi_create(sc, err, errlen) : run_live_create(sc, NULL, err, errlen);
}

/* Writes the events of r's latest step to f (if not NULL). */
static void trace_step(FILE *f, struct run *r)
{
	size_t n;
	const struct event *evs = run_events(r, &n);

	for (size_t i = 0; f && i < n; i++)
		cr_assert_eq(trace_write_event(f, run_header(r), &evs[i]), 0);
}

/* Runs builtin `name` granting the actors policy p picks among those that
 * can step, checking every step; adds to t. With trace, also writes the run
 * as a trace there. */
static void run_chosen_traced(const char *name, policy p, unsigned seed, struct tally *t,
			      FILE *trace)
{
	struct scenario sc;
	struct mirror mi;
	char err[512];
	int64_t last_t = 0;

	cr_assert_eq(scenario_load(name, &sc, err, sizeof err), 0, "%s", err);
	struct run *r = live_run(&sc, err, sizeof err);
	cr_assert_not_null(r, "%s: %s", name, err);
	mirror_init(&mi, name, run_model(r));
	bool mirror = !sc.multi; /* one channel's items; several: test_run_multi.c */
	if (trace) {
		cr_assert_eq(trace_write_header(trace, run_header(r)), 0);
		trace_step(trace, r);
	}
	for (int step = 0; step < MAX_STEPS && !run_finished(r); step++) {
		const struct model *m = run_model(r);
		int can[SCENARIO_MAX_ACTORS], ncan = 0;
		for (int a = 0; a < m->nactors; a++) {
			enum run_can c = run_can_step(r, a);
			struct run_next nx;
			if (m->actors[a].state == ACTOR_BLOCKED) {
				cr_assert_eq(c, RUN_CANNOT_ASLEEP, "%s: %s is asleep in the kernel",
					     name, m->actors[a].name);
				t->asleep_seen++;
			}
			if (m->actors[a].state == ACTOR_FINISHED || m->actors[a].state == ACTOR_KILLED)
				cr_assert_eq(c, RUN_CANNOT_FINISHED, "%s: %s is done", name,
					     m->actors[a].name);
			cr_assert_eq(run_peek_actor(r, a, &nx) == 0, c == RUN_CAN,
				     "%s: peek of %s against can_step %d", name, m->actors[a].name, c);
			if (c == RUN_CAN)
				can[ncan++] = a;
		}
		if (ncan == 0) {
			struct run_next nx;
			if (run_peek(r, &nx) != 0)
				break; /* only someone outside could move it (a fifo) */
			/* nobody can move, but the script has something to do */
			cr_assert_eq(nx.actor, EVENT_ACTOR_IPCVIZ, "%s: nobody can step", name);
			cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s: %s", name, err);
		} else {
			int a = p(can, ncan, step, &seed);
			struct run_next nx;
			cr_assert_eq(run_peek_actor(r, a, &nx), 0);
			cr_assert_eq(nx.actor, a);
			cr_assert_geq(nx.t_ms, last_t, "%s: the clock went back", name);
			int nscript = 0;
			for (size_t i = 0; i < sc.nactions; i++)
				nscript += sc.actions[i].at_ms <= nx.t_ms;
			cr_assert_eq(run_step(r, a, err, sizeof err), 0, "%s: %s", name, err);
			size_t n;
			const struct event *evs = run_events(r, &n);
			cr_assert_gt(n, 0, "%s: a step with no events", name);
			cr_assert_eq(evs[0].type, EV_CHOOSE, "%s: the choice comes first", name);
			cr_assert_eq(evs[0].actor, a);
			cr_assert_eq(evs[0].t_ms, nx.t_ms, "%s: the choice at the peeked time", name);
			size_t k = 1;
			while (k < n && evs[k].actor != a)
				k++; /* the script's actions, and what they caused */
			if (nscript == 0 || k < n)
				cr_assert_lt(k, n, "%s: %s was granted and said nothing", name,
					     m->actors[a].name);
			if (k < n && evs[k].type != EV_EXIT)
				cr_assert(outcome_of(&evs[k], nx.op),
					  "%s: peek said %s for %s, the step began with %s", name,
					  event_type_name(nx.op), m->actors[a].name,
					  event_type_name(evs[k].type));
			if (k < n && evs[k].type == EV_BLOCKED)
				t->blocked_after++;
			for (size_t i = 1; i < n; i++)
				cr_assert_neq(evs[i].type, EV_CHOOSE, "%s: one choice a step", name);
			last_t = nx.t_ms;
			t->steps++;
		}
		size_t n;
		const struct event *evs = run_events(r, &n);
		for (size_t i = 0; mirror && i < n; i++)
			mirror_apply(&mi, run_model(r), &evs[i]);
		trace_step(trace, r);
	}
	run_destroy(r);
	scenario_free(&sc);
}

static void run_chosen(const char *name, policy p, unsigned seed, struct tally *t)
{
	run_chosen_traced(name, p, seed, t, NULL);
}

/* Every built-in, in three orders the scheduler would not take: the file's
 * order backwards, round robin, and a seeded shuffle. Nothing breaks the
 * model, an asleep process cannot be granted, peek says what the step does. */
Test(choose, every_builtin_in_chosen_orders_keeps_the_model_true)
{
	size_t nb;
	const struct scenario_builtin *b = scenario_builtins(&nb);
	struct tally t = {0};

	for (size_t i = 0; i < nb; i++) {
		run_chosen(b[i].name, policy_last, 1, &t);
		run_chosen(b[i].name, policy_round, 1, &t);
		run_chosen(b[i].name, policy_random, 7 + (unsigned)i, &t);
	}
	cr_expect_gt(t.steps, 100 * (long)nb / 4, "too few steps: %ld", t.steps);
	cr_expect_gt(t.asleep_seen, 0, "no order put a process to sleep");
	cr_expect_gt(t.blocked_after, 0, "no granted step blocked");
}

/* An asleep process cannot be granted: run_step says so and nothing happens. */
Test(choose, an_asleep_consumer_cannot_be_granted)
{
	struct scenario sc;
	char err[512];

	cr_assert_eq(scenario_load("queue", &sc, err, sizeof err), 0, "%s", err);
	struct run *r = run_live_create(&sc, NULL, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	int c = 1; /* consumer-1 */
	cr_assert_str_eq(run_model(r)->actors[c].name, "consumer-1");
	cr_assert_eq(run_can_step(r, c), RUN_CAN);
	cr_assert_eq(run_step(r, c, err, sizeof err), 0, "%s", err);
	size_t n;
	const struct event *evs = run_events(r, &n);
	bool blocked = false;
	for (size_t i = 0; i < n; i++)
		blocked |= evs[i].type == EV_BLOCKED && evs[i].actor == c;
	cr_assert(blocked, "a get from an empty queue sleeps");
	cr_expect_eq(run_can_step(r, c), RUN_CANNOT_ASLEEP);
	cr_expect_eq(run_can_step(r, 0), RUN_CAN);
	struct run_next nx;
	cr_expect_neq(run_peek_actor(r, c, &nx), 0);
	err[0] = '\0';
	cr_expect_neq(run_step(r, c, err, sizeof err), 0);
	cr_expect(strstr(err, "asleep") != NULL, "the message says why: %s", err);
	run_events(r, &n);
	cr_expect_eq(n, 0, "a refused grant has no events");
	/* the producer's put wakes it */
	cr_assert_eq(run_step(r, 0, err, sizeof err), 0, "%s", err);
	cr_expect_eq(run_can_step(r, c), RUN_CAN);
	cr_expect_eq(run_model(r)->actors[c].state, ACTOR_WAITING);
	run_destroy(r);
	scenario_free(&sc);
}

/* Intervals do not count: a producer granted five times in a row puts all of
 * 0..4 at once, and its clock is its own (1 s a step), never going back. */
Test(choose, a_chosen_producer_goes_again_at_its_own_time)
{
	struct scenario sc;
	char err[512];

	cr_assert_eq(scenario_load("queue", &sc, err, sizeof err), 0, "%s", err);
	struct run *r = run_live_create(&sc, NULL, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	for (int v = 0; v <= 4; v++) {
		cr_assert_eq(run_step(r, 0, err, sizeof err), 0, "%s", err);
		cr_expect_eq(run_now(r), v * 1000);
		cr_expect_eq(run_model(r)->fill, v + 1);
	}
	cr_expect_eq(run_can_step(r, 0), RUN_CANNOT_FINISHED, "it has put every value");
	cr_expect_neq(run_step(r, 0, err, sizeof err), 0);
	cr_expect(strstr(err, "finished") != NULL, "%s", err);
	/* the consumer, due at 0 s, goes at the time already reached */
	cr_assert_eq(run_step(r, 1, err, sizeof err), 0, "%s", err);
	cr_expect_eq(run_now(r), 4000);
	run_destroy(r);
	scenario_free(&sc);
}

/* The scheduler's own order: peek says, before every step of every built-in,
 * who moves and with what, and the step then does it. */
Test(choose, peek_says_what_the_scheduler_does_next_in_every_builtin)
{
	size_t nb;
	const struct scenario_builtin *b = scenario_builtins(&nb);
	char err[512];
	long checked = 0;

	for (size_t i = 0; i < nb; i++) {
		struct scenario sc;
		cr_assert_eq(scenario_load(b[i].name, &sc, err, sizeof err), 0, "%s", err);
		struct run *r = live_run(&sc, err, sizeof err);
		cr_assert_not_null(r, "%s: %s", b[i].name, err);
		for (int step = 0; step < MAX_STEPS && !run_finished(r); step++) {
			struct run_next nx;
			if (run_peek(r, &nx) != 0)
				break;
			cr_assert_eq(nx.t_ms, run_next_due(r), "%s", b[i].name);
			cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s: %s", b[i].name,
				     err);
			size_t n, k = 0;
			const struct event *evs = run_events(r, &n);
			cr_assert_gt(n, 0);
			if (nx.actor == EVENT_ACTOR_IPCVIZ) {
				cr_expect_eq(evs[0].type, nx.op, "%s: the script's action", b[i].name);
				continue;
			}
			while (k < n && evs[k].actor != nx.actor)
				k++;
			cr_assert_lt(k, n, "%s: peek said %s moves", b[i].name,
				     run_model(r)->actors[nx.actor].name);
			cr_expect_eq(evs[k].t_ms, nx.t_ms);
			cr_expect(outcome_of(&evs[k], nx.op), "%s step %d: peek %s, did %s", b[i].name,
				  step, event_type_name(nx.op), event_type_name(evs[k].type));
			checked++;
		}
		run_destroy(r);
		scenario_free(&sc);
	}
	cr_expect_gt(checked, 100);
}

/* The trace at path, every event a line as the writer makes it with the wall
 * time and the pids set to 0: what must be the same in two runs. Read as it
 * is, not as a replay: a replay does not show several channels yet. */
static char *trace_without_pids(const char *path)
{
	struct trace_header h;
	struct event *evs;
	size_t n, len = 0;
	char err[512], *buf = NULL;
	FILE *in = fopen(path, "r"), *f = open_memstream(&buf, &len);

	cr_assert_not_null(in);
	cr_assert_eq(trace_read(in, path, &h, &evs, &n, err, sizeof err), 0, "%s", err);
	fclose(in);
	for (int a = 0; a < h.nactors; a++)
		h.actors[a].pid = 0;
	for (size_t i = 0; i < n; i++) {
		struct event ev = evs[i];
		ev.wall = 0;
		if (ev.type == EV_SPAWN)
			ev.pid = 0;
		trace_write_event(f, &h, &ev);
	}
	fclose(f);
	free(evs);
	trace_header_free(&h);
	return buf;
}

/* --schedule: a run chosen in a seeded order, every built-in, taken again by
 * `ipcviz --schedule TRACE --headless` on fresh processes, gives the same
 * events, pids and wall times aside; the choices are in its trace, each
 * before what it caused. */
Test(choose, schedule_reruns_a_chosen_run_with_the_same_events_on_every_builtin)
{
	size_t nb;
	const struct scenario_builtin *b = scenario_builtins(&nb);
	struct tally t = {0};

	for (size_t i = 0; i < nb; i++) {
		char first[64], again[64];
		snprintf(first, sizeof first, "/tmp/ipcviz-test-%d-chosen.jsonl", (int)getpid());
		snprintf(again, sizeof again, "/tmp/ipcviz-test-%d-again.jsonl", (int)getpid());
		unlink(again);
		FILE *f = fopen(first, "w");
		cr_assert_not_null(f);
		run_chosen_traced(b[i].name, policy_random, 3 + (unsigned)i, &t, f);
		cr_assert_eq(fclose(f), 0);
		char *argv[] = {IPCVIZ_BIN, "--headless", "--schedule", first, "--trace", again, NULL};
		char *out, *err;
		int status;
		cr_assert_eq(support_run(argv, 60, &out, &err, &status), 0, "%s timed out", b[i].name);
		cr_assert_eq(status, 0, "%s: %s", b[i].name, err);
		cr_expect(strstr(out, "chosen") != NULL, "%s: the timeline shows the choices",
			  b[i].name);
		char *x = trace_without_pids(first), *y = trace_without_pids(again);
		cr_expect_str_eq(y, x, "%s: --schedule gave other events", b[i].name);
		free(x), free(y), free(out), free(err);
		unlink(first);
		unlink(again);
	}
	cr_expect_gt(t.steps, 100);
}

/* A trace that does not fit the scenario given is one line, status 2. */
Test(choose, a_schedule_for_other_processes_is_a_usage_error)
{
	char path[64];
	snprintf(path, sizeof path, "/tmp/ipcviz-test-%d-q.jsonl", (int)getpid());
	unlink(path);
	char *make[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--trace", path, "queue", NULL};
	char *out, *err;
	int status;
	cr_assert_eq(support_run(make, 30, &out, &err, &status), 0);
	cr_assert_eq(status, 0, "%s", err);
	free(out), free(err);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--schedule", path, "queue-many", NULL};
	cr_assert_eq(support_run(argv, 30, &out, &err, &status), 0);
	cr_expect_eq(WEXITSTATUS(status), 2);
	cr_expect(strstr(err, "ipcviz: ") == err && strstr(err, path) && strchr(err, '\n') &&
			  strchr(err, '\n')[1] == '\0',
		  "one line naming the file: %s", err);
	free(out), free(err);
	char *headless_choose[] = {IPCVIZ_BIN, "--headless", "--choose", "queue", NULL};
	cr_assert_eq(support_run(headless_choose, 30, &out, &err, &status), 0);
	cr_expect_eq(WEXITSTATUS(status), 2, "--choose needs a screen");
	free(out), free(err);
	unlink(path);
}

/* Grants the actors named in order (a comma list) on builtin `name`; returns
 * the goal event seen, or one with type EV_NOTE if none came. */
static struct event goal_after(const char *name, const char *const *order, int n)
{
	struct scenario sc;
	char err[512];
	struct event goal = event_make(EV_NOTE, EVENT_ACTOR_IPCVIZ, 0);

	cr_assert_eq(scenario_load(name, &sc, err, sizeof err), 0, "%s", err);
	struct run *r = run_live_create(&sc, NULL, err, sizeof err);
	cr_assert_not_null(r, "%s: %s", name, err);
	for (int i = 0; i < n && goal.type != EV_GOAL; i++) {
		int a = scenario_actor_index(&sc, order[i]);
		cr_assert_geq(a, 0, "%s: no %s", name, order[i]);
		cr_assert_eq(run_step(r, a, err, sizeof err), 0, "%s step %d: %s", name, i + 1, err);
		size_t k;
		const struct event *evs = run_events(r, &k);
		for (size_t j = 0; j < k; j++)
			if (evs[j].type == EV_GOAL)
				goal = evs[j];
	}
	run_destroy(r);
	scenario_free(&sc);
	return goal;
}

/* The three challenges: the moves their comments suggest reach the goal in
 * that many steps, and no fewer do (the search of goal.c says so); ipcviz's
 * own order does not reach it; a student who only lets the consumer read is
 * told the goal was not reached within its steps. */
Test(choose, the_challenges_are_reached_as_their_comments_say)
{
	const char *race[] = {"first-1", "second-1", "first-1", "second-1"};
	const char *shm[] = {"producer-1", "producer-1"};
	const char *queue[] = {"producer-1", "producer-1", "producer-1"};
	const char *reads[] = {"consumer-1", "consumer-1", "consumer-1",
			       "consumer-1", "consumer-1", "consumer-1"};
	struct event g;

	g = goal_after("race-challenge", race, 4);
	cr_expect(g.type == EV_GOAL && g.reached && g.steps == 4, "race: %d %d", g.reached, g.steps);
	g = goal_after("shm-challenge", shm, 2);
	cr_expect(g.type == EV_GOAL && g.reached && g.steps == 2, "shm: %d %d", g.reached, g.steps);
	g = goal_after("queue-challenge", queue, 3);
	cr_expect(g.type == EV_GOAL && g.reached && g.steps == 3, "queue: %d %d", g.reached,
		  g.steps);
	g = goal_after("shm-challenge", reads, 6);
	cr_expect(g.type == EV_GOAL && !g.reached && g.steps == 6, "within: %d %d", g.reached,
		  g.steps);
	const char *names[] = {"race-challenge", "shm-challenge", "queue-challenge"};
	const char *fewest[] = {"reach the goal: 4 ", "reach the goal: 2 ", "reach the goal: 3 "};
	for (int i = 0; i < 3; i++) {
		char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", (char *)names[i], NULL};
		char *out, *err;
		int status;
		cr_assert_eq(support_run(argv, 30, &out, &err, &status), 0);
		cr_expect_eq(status, 0, "%s", err);
		cr_expect(strstr(out, "Goal: ") != NULL, "%s: the task is said", names[i]);
		cr_expect(strstr(out, "Goal not reached") != NULL,
			  "%s: ipcviz's own order is no solution:\n%s", names[i], out);
		cr_expect(strstr(out, fewest[i]) != NULL, "%s: the fewest steps:\n%s", names[i],
			  out);
		free(out), free(err);
	}
}

/* Every mistake in [goal] is one line naming the file and the line. */
Test(choose, goal_mistakes_are_one_line_with_file_and_line)
{
	static const struct {
		const char *goal, *channel, *want;
	} cases[] = {
		{"reach = lost\n", "race", "t.ini:9: reach: `lost` is not a goal"},
		{"reach = stale\nreach = eof\n", "shm", "t.ini:10: reach given twice"},
		{"within = 0\nreach = stale\n", "shm", "t.ini:9: within must be 1..100000"},
		{"within = x\n", "shm", "t.ini:9: within: `x` is not a whole number"},
		{"text = a\n", "shm", "t.ini:8: [goal] has no reach"},
		{"reach = lost-update\n", "queue", "t.ini:9: reach = lost-update needs a race"},
		{"reach = overwritten\n", "pipe", "t.ini:9: reach = overwritten needs a shared value"},
		{"reach = blocked-put\n", "shm", "t.ini:9: reach = blocked-put needs a channel that"},
		{"reach = deadlock\n", "pipe", "t.ini:9: reach = deadlock needs two channels"},
		{"color = red\n", "pipe", "t.ini:9: unknown key `color` in [goal]"},
	};
	char text[1024], err[512];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct scenario sc;
		bool race = strcmp(cases[i].channel, "race") == 0;
		snprintf(text, sizeof text,
			 "[scenario]\nchannel = %s\n[producer]\n%s\n[consumer]\n%s\n\n[goal]\n%s",
			 cases[i].channel, race ? "increments = 2" : "values = 0..3",
			 race ? "; none" : "stop = 3", cases[i].goal);
		if (race) /* a race has no consumers */
			snprintf(text, sizeof text,
				 "[scenario]\nchannel = race\n[producer]\nincrements = 2\n\n\n\n[goal]\n%s",
				 cases[i].goal);
		cr_expect_neq(scenario_parse(text, "t.ini", &sc, err, sizeof err), 0, "%s accepted",
			      cases[i].goal);
		cr_expect(strncmp(err, cases[i].want, strlen(cases[i].want)) == 0,
			  "case %zu: got \"%s\", want \"%s…\"", i, err, cases[i].want);
		cr_expect(strchr(err, '\n') == NULL, "one line: %s", err);
	}
	struct scenario ok;
	cr_assert_eq(scenario_parse("[scenario]\nchannel = shm\n[producer]\nvalues = 1..2\n"
				    "[consumer]\nstop = 2\n[goal]\nreach = stale\nwithin = 3\n"
				    "text = Read a value twice.\n",
				    "ok.ini", &ok, err, sizeof err),
		     0, "%s", err);
	cr_expect_eq(ok.goal.reach, GOAL_STALE);
	cr_expect_eq(ok.goal.within, 3);
	cr_expect_str_eq(ok.goal.text, "Read a value twice.");
	struct scenario copy;
	cr_assert_eq(scenario_copy(&copy, &ok), 0);
	cr_expect_str_eq(copy.goal.text, "Read a value twice.");
	scenario_free(&copy);
	scenario_free(&ok);
}
