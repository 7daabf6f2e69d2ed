/* test_multi_choose.c - choosing mode, --schedule, goals and ipcviz explore
 * over several channels (DESIGN 12, 14) on real processes: a chosen order
 * that deadlocks two locks and one that does not, a chosen run taken again by
 * --schedule with the same events, `reach = deadlock` and `reach = eof` with
 * the fewest steps, every order of a lock-order scenario explored with the
 * deadlocks counted, and nothing left behind after many runs.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "goal.h"
#include "run.h"
#include "run_multi.h"
#include "scenario.h"
#include "support.h"

static void setup(void)
{
	support_adopt_orphans();
}

static void check_nothing_left(void)
{
	support_remove_temps();
	cr_expect_eq(support_reap_orphans(5), 0, "a process of a run was left alive");
	cr_expect_eq(support_children_left(), 0, "a child was left");
	cr_expect_eq(support_ipc_left(getpid()), 0, "an IPC object was left");
}

TestSuite(multi_choose, .init = setup, .fini = check_nothing_left, .timeout = 120);

/* Two locks taken in opposite orders, with nothing between: whether they
 * deadlock is only a matter of the order of the steps. */
#define LOCKS                                                                              \
	"[channel.a]\ntype = lock\n[channel.b]\ntype = lock\n"                             \
	"[process.left]\ndo = lock a\ndo = lock b\ndo = unlock b\ndo = unlock a\n"         \
	"[process.right]\ndo = lock b\ndo = lock a\ndo = unlock a\ndo = unlock b\n"

static int count(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* Loads text as a scenario file; its path in path (removed by the caller). */
static void load(const char *text, struct scenario *sc, char *path, size_t len)
{
	char err[512];

	support_temp_scenario(text, path, len);
	cr_assert_eq(scenario_load(path, sc, err, sizeof err), 0, "%s", err);
}

/* Grants the actors of order in turn (each must be able to step), writing
 * the run to trace when not NULL. Whether a deadlock event came. */
static bool run_order(const struct scenario *sc, const int *order, int n, FILE *trace)
{
	char err[512];
	struct run *r = run_multi_create(sc, err, sizeof err);
	bool deadlock = false;
	size_t nev;
	const struct event *evs;

	cr_assert_not_null(r, "%s", err);
	if (trace) {
		cr_assert_eq(trace_write_header(trace, run_header(r)), 0);
		evs = run_events(r, &nev);
		for (size_t i = 0; i < nev; i++)
			cr_assert_eq(trace_write_event(trace, run_header(r), &evs[i]), 0);
	}
	for (int i = 0; i < n; i++) {
		struct run_next nx;

		cr_assert_eq(run_can_step(r, order[i]), RUN_CAN, "step %d", i + 1);
		cr_assert_eq(run_peek_actor(r, order[i], &nx), 0);
		cr_assert_eq(run_step(r, order[i], err, sizeof err), 0, "step %d: %s", i + 1, err);
		evs = run_events(r, &nev);
		cr_assert_gt(nev, 1);
		cr_expect_eq(evs[0].type, EV_CHOOSE, "the choice comes first");
		cr_expect_eq(evs[0].actor, order[i]);
		cr_expect(evs[1].actor == order[i] &&
			  (evs[1].type == nx.op || evs[1].type == EV_BLOCKED),
			  "step %d: peek said %s, the step began with %s", i + 1,
			  event_type_name(nx.op), event_type_name(evs[1].type));
		for (size_t k = 0; k < nev; k++) {
			deadlock |= evs[k].type == EV_DEADLOCK;
			if (trace)
				cr_assert_eq(trace_write_event(trace, run_header(r), &evs[k]), 0);
		}
	}
	cr_expect(run_finished(r), "the order did not end the run");
	run_destroy(r);
	return deadlock;
}

/* The scheduler would run left to its end first: no deadlock. Choosing can
 * make each take its first lock before the other's second: a deadlock, in the
 * step of the last grant. Who sleeps cannot be granted, and says why. */
Test(multi_choose, a_chosen_order_makes_or_avoids_the_deadlock)
{
	struct scenario sc;
	char path[64], err[512];
	static const int calm[] = {0, 0, 0, 0, 1, 1, 1, 1};
	static const int crossed[] = {0, 1, 0, 1};

	load(LOCKS, &sc, path, sizeof path);
	unlink(path);
	cr_expect(!run_order(&sc, calm, 8, NULL));
	cr_expect(run_order(&sc, crossed, 4, NULL));

	struct run *r = run_multi_create(&sc, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	for (int i = 0; i < 3; i++) /* left: a, right: b, left asleep on b */
		cr_assert_eq(run_step(r, crossed[i], err, sizeof err), 0, "%s", err);
	cr_expect_eq(run_can_step(r, 0), RUN_CANNOT_ASLEEP);
	struct run_next nx;
	cr_expect_neq(run_peek_actor(r, 0, &nx), 0);
	cr_expect_neq(run_step(r, 0, err, sizeof err), 0);
	cr_expect_str_eq(err, "left-1 cannot take a step now: it is asleep in the kernel");
	cr_expect_eq(run_peek(r, &nx), 0);
	cr_expect_eq(nx.actor, 1, "the scheduler's own next step is right's");
	cr_expect_eq(nx.op, EV_LOCK);
	run_destroy(r);
	scenario_free(&sc);
}

/* The trace at path with pids and wall times set to 0 (read as it is: a
 * replay does not show several channels yet). */
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
	trace_write_header(f, &h);
	for (size_t i = 0; i < n; i++) {
		evs[i].wall = 0;
		evs[i].pid = 0;
		trace_write_event(f, &h, &evs[i]);
	}
	fclose(f);
	free(evs);
	trace_header_free(&h);
	return buf;
}

/* Runs argv (ipcviz), status 0 asserted; its stdout. */
static char *ipcviz(char **argv)
{
	char *out, *err;
	int status;

	cr_assert_eq(support_run(argv, 60, &out, &err, &status), 0, "%s timed out", argv[1]);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x: %s", status, err);
	cr_expect_str_eq(err, "");
	cr_expect_eq(support_ipc_left(support_last_pid), 0, "an IPC object was left");
	free(err);
	return out;
}

/* --schedule takes a chosen run of several channels again on new processes:
 * the same events, the deadlock and its goal too. */
Test(multi_choose, schedule_reruns_the_chosen_deadlock)
{
	struct scenario sc;
	char path[64], first[64], again[64];
	static const int crossed[] = {0, 1, 0, 1};

	load(LOCKS "[goal]\nreach = deadlock\n", &sc, path, sizeof path);
	snprintf(first, sizeof first, "/tmp/ipcviz-test-%d-chosen.jsonl", (int)getpid());
	snprintf(again, sizeof again, "/tmp/ipcviz-test-%d-again.jsonl", (int)getpid());
	FILE *f = fopen(first, "w");
	cr_assert_not_null(f);
	cr_expect(run_order(&sc, crossed, 4, f));
	cr_assert_eq(fclose(f), 0);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--schedule", first, "--force", "--trace",
			again, path, NULL};
	char *out = ipcviz(argv);
	cr_expect_not_null(strstr(out, "DEADLOCK: left-1 sleeps in futex(2) on the lock b"), "%s",
			   out);
	cr_expect_not_null(strstr(out, "Goal reached in 4 steps"), "%s", out);
	cr_expect_not_null(strstr(out, "The fewest steps that reach the goal: 4"), "%s", out);
	cr_expect_eq(count(out, "chosen"), 4, "%s", out);
	char *x = trace_without_pids(first), *y = trace_without_pids(again);
	cr_expect_str_eq(y, x, "--schedule gave other events");
	cr_expect_eq(count(x, "\"ev\":\"goal\",\"reached\":true,\"steps\":4"), 1, "%s", x);
	free(x), free(y), free(out);
	unlink(first);
	unlink(again);
	unlink(path);
	scenario_free(&sc);
}

/* The scheduler's own order does not deadlock: the goal is not reached, and
 * the end says the fewest steps that would (found on real processes). */
Test(multi_choose, goal_deadlock_not_reached_by_the_scheduler_says_the_fewest)
{
	char path[64];
	struct scenario sc;

	load(LOCKS "[goal]\nreach = deadlock\ntext = make them wait for each other\n", &sc, path,
	     sizeof path);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", path, NULL};
	char *out = ipcviz(argv);
	cr_expect_not_null(strstr(out, "Goal: make them wait for each other\n"), "%s", out);
	cr_expect_not_null(strstr(out, "Goal not reached within 8 steps"), "%s", out);
	cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
	cr_expect_not_null(strstr(out, "The fewest steps that reach the goal: 4 (every order of "
				       "fewer was tried, on real processes)."),
			   "%s", out);
	char err[512];
	cr_expect_eq(goal_fewest(&sc, 0, err, sizeof err), 4, "%s", err);
	free(out);
	unlink(path);
	scenario_free(&sc);
}

/* reach = eof: the reader's read after the writer's exit. */
Test(multi_choose, goal_eof_is_reached_when_the_last_writer_goes)
{
	char path[64];

	support_temp_scenario("[channel.d]\ntype = pipe\n[process.w]\ndo = put d 1\n"
			      "[process.r]\ndo = get d all\n[goal]\nreach = eof\n",
			      path, sizeof path);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", path, NULL};
	char *out = ipcviz(argv);
	cr_expect_not_null(strstr(out, "end of file on d"), "%s", out);
	cr_expect_not_null(strstr(out, "Goal reached in 3 steps"), "%s", out);
	cr_expect_not_null(strstr(out, "The fewest steps that reach the goal: 3"), "%s", out);
	free(out);
	unlink(path);
}

/* Every order of the two locks: some deadlock, some do not, and the counts
 * add up; the goal's orders and fewest steps; the JSON says both. */
Test(multi_choose, explore_counts_the_orders_that_deadlock)
{
	char path[64];

	support_temp_scenario(LOCKS "[goal]\nreach = deadlock\n", path, sizeof path);
	char *table_argv[] = {IPCVIZ_BIN, "explore", path, NULL};
	char *table = ipcviz(table_argv);
	char *json_argv[] = {IPCVIZ_BIN, "explore", "--json", path, NULL};
	char *json = ipcviz(json_argv);
	unlink(path);

	/* Orders: left's two locks before right's first (and the mirror) do not
	 * deadlock; any order where each takes its first lock first does. */
	cr_expect_not_null(strstr(json, "\"complete\":true"), "%s", json);
	cr_expect_not_null(strstr(json, "\"deadlock\":true"), "%s", json);
	cr_expect_not_null(strstr(json, "\"deadlock\":false"), "%s", json);
	cr_expect_not_null(strstr(json, "\"eof\":0"), "%s", json);
	cr_expect_not_null(strstr(table, "deadlock"), "%s", table);
	cr_expect_not_null(strstr(table, "of these"), "%s", table);
	cr_expect_not_null(strstr(table, "orders end in a deadlock."), "%s", table);
	cr_expect_not_null(strstr(table, "; the fewest steps: 4."), "%s", table);
	long schedules = 0, total = 0, deadlocked = 0;
	const char *p = strstr(json, "\"schedules\":");
	cr_assert_not_null(p);
	schedules = strtol(p + strlen("\"schedules\":"), NULL, 10);
	for (p = json; (p = strstr(p, "\"deadlock\":")); ) {
		bool yes = strncmp(p + strlen("\"deadlock\":"), "true", 4) == 0;
		const char *c = strstr(p, "\"count\":");
		cr_assert_not_null(c);
		long n = strtol(c + strlen("\"count\":"), NULL, 10);
		total += n;
		deadlocked += yes ? n : 0;
		p = c;
	}
	cr_expect_eq(total, schedules, "%s", json);
	char words[128];
	snprintf(words, sizeof words, "Goal deadlock: %ld of these %ld orders reach it", deadlocked,
		 schedules);
	cr_expect_not_null(strstr(table, words), "%s\n%s", words, table);
	cr_expect_gt(deadlocked, 0);
	cr_expect_lt(deadlocked, schedules);
	free(table);
	free(json);
}

/* End of file in every order of a pipe whose writer ends; and many orders of
 * the subprocess deadlock (partial, --limit) leave no process and no IPC
 * object. */
Test(multi_choose, explore_eof_and_many_runs_leave_nothing)
{
	char path[64];

	support_temp_scenario("[channel.d]\ntype = pipe\n[process.w]\ndo = put d 1..2\n"
			      "[process.r]\ndo = get d all\n",
			      path, sizeof path);
	char *argv[] = {IPCVIZ_BIN, "explore", "--json", path, NULL};
	char *json = ipcviz(argv);
	unlink(path);
	cr_expect_not_null(strstr(json, "\"complete\":true"), "%s", json);
	cr_expect_null(strstr(json, "\"deadlock\":true"), "%s", json);
	cr_expect_null(strstr(json, "\"eof\":0"), "%s", json);
	cr_expect_not_null(strstr(json, "\"eof\":1"), "%s", json);
	cr_expect_not_null(strstr(json, "\"items\":2"), "%s", json);
	free(json);

	char *many[] = {IPCVIZ_BIN, "explore", "--json", "--limit", "200", "pipe-deadlock", NULL};
	json = ipcviz(many);
	cr_expect_not_null(strstr(json, "\"schedules\":200,\"complete\":false"), "%s", json);
	free(json);
}
