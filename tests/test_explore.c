/* test_explore.c - `ipcviz explore` (DESIGN 12): every order of the steps,
 * each once, on real processes. The counts are checked against what
 * combinatorics says (a race of two processes with k increments has C(4k, 2k)
 * orders), the outcomes against what each channel allows (a lock loses no
 * update; a shared value can lose every value but the last), and the way out
 * against leftovers: thousands of runs, a limit, a signal in the middle. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "explore.h"
#include "support.h"

static void check_nothing_left(void)
{
	cr_expect_eq(support_reap_orphans(5), 0, "a child was left behind");
	cr_expect_eq(support_ipc_left(getpid()), 0, "an IPC object was left behind");
	if (support_last_pid > 0)
		cr_expect_eq(support_ipc_left(support_last_pid), 0, "an IPC object was left");
}

TestSuite(explore, .init = support_adopt_orphans, .fini = check_nothing_left, .timeout = 120);

/* A race of `count` processes with k increments each, loaded from a file. */
static void race_scenario(struct scenario *sc, const char *channel, int count, int k, char *path)
{
	char text[256], err[512];

	snprintf(text, sizeof text,
		 "[scenario]\ntitle = small race\nchannel = %s\n"
		 "[producer]\ncount = %d\nincrements = %d\ninterval = 0.5s\n",
		 channel, count, k);
	support_temp_scenario(text, path, 64);
	cr_assert_eq(scenario_load(path, sc, err, sizeof err), 0, "%s", err);
}

static void explore(const struct scenario *sc, long limit, struct explore_report *rep)
{
	struct explore_options o = {.limit = limit};
	char err[1024];

	cr_assert_eq(explore_run(sc, &o, rep, err, sizeof err), 0, "%s", err);
}

static long sum_counts(const struct explore_report *rep)
{
	long n = 0;

	for (size_t i = 0; i < rep->noutcomes; i++)
		n += rep->outcomes[i].count;
	return n;
}

static long binomial(int n, int k)
{
	long r = 1;

	for (int i = 1; i <= k; i++)
		r = r * (n - k + i) / i;
	return r;
}

Test(explore, race_has_binomial_orders)
{
	for (int k = 1; k <= 2; k++) {
		struct scenario sc;
		struct explore_report rep;
		char path[64];
		bool lost = false, whole = false;
		race_scenario(&sc, "race", 2, k, path);
		explore(&sc, EXPLORE_DEFAULT_LIMIT, &rep);
		cr_expect(rep.complete);
		cr_expect_eq(rep.schedules, binomial(4 * k, 2 * k), "k=%d: %ld orders, not C(%d,%d)",
			     k, rep.schedules, 4 * k, 2 * k);
		cr_expect_eq(sum_counts(&rep), rep.schedules);
		for (size_t i = 0; i < rep.noutcomes; i++) {
			const struct explore_outcome *o = &rep.outcomes[i];
			cr_expect_eq(o->expected, 2 * k);
			cr_expect(o->counter >= k && o->counter <= o->expected,
				  "counter %lld of %lld", (long long)o->counter,
				  (long long)o->expected);
			cr_expect_eq(o->fewest, 4 * k, "every order is 4k steps");
			lost |= o->counter < o->expected;
			whole |= o->counter == o->expected;
			/* sorted, and one outcome per counter: the result is that alone */
			if (i > 0)
				cr_expect_lt(rep.outcomes[i - 1].counter, o->counter,
					     "outcomes sorted and distinct");
		}
		cr_expect(lost && whole, "some orders lose an update, some do not");
		explore_report_free(&rep);
		scenario_free(&sc);
		unlink(path);
	}
}

static bool lost_value(void *ctx, const struct event *ev)
{
	(void)ctx;
	return ev->type == EV_OVERWRITTEN;
}

Test(explore, fewest_steps_to_a_goal)
{
	struct scenario sc;
	struct explore_report rep;
	struct explore_options o = {.limit = EXPLORE_DEFAULT_LIMIT, .goal = lost_value};
	char path[64], err[1024];

	/* load, load, store, store: the second store overwrites the first */
	race_scenario(&sc, "race", 2, 1, path);
	cr_assert_eq(explore_run(&sc, &o, &rep, err, sizeof err), 0, "%s", err);
	cr_expect_eq(rep.goal_fewest, 4);
	cr_expect_eq(rep.goal_orders, 4, "4 of the 6 orders lose the update");
	explore_report_free(&rep);
	scenario_free(&sc);
	unlink(path);
	/* two writes before any read */
	cr_assert_eq(scenario_load("shm", &sc, err, sizeof err), 0, "%s", err);
	cr_assert_eq(explore_run(&sc, &o, &rep, err, sizeof err), 0, "%s", err);
	cr_expect_eq(rep.goal_fewest, 2);
	explore_report_free(&rep);
	scenario_free(&sc);
	/* a lock: no order reaches it */
	race_scenario(&sc, "race-locked", 2, 1, path);
	cr_assert_eq(explore_run(&sc, &o, &rep, err, sizeof err), 0, "%s", err);
	cr_expect_eq(rep.goal_fewest, -1);
	cr_expect_eq(rep.goal_orders, 0);
	explore_report_free(&rep);
	scenario_free(&sc);
	unlink(path);
}

Test(explore, the_challenges_fewest_steps_are_their_comments)
{
	static const struct {
		const char *name, *reach;
		long fewest;
	} cases[] = {{"race-challenge", "lost-update", 4},
		     {"shm-challenge", "overwritten", 2},
		     {"queue-challenge", "blocked-put", 3}};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct scenario sc;
		struct explore_report rep;
		char err[512];
		cr_assert_eq(scenario_load(cases[i].name, &sc, err, sizeof err), 0, "%s", err);
		explore(&sc, EXPLORE_DEFAULT_LIMIT, &rep);
		cr_expect(rep.complete, "%s", cases[i].name);
		cr_expect_str_eq(rep.goal, cases[i].reach);
		cr_expect_eq(rep.goal_fewest, cases[i].fewest, "%s: %ld", cases[i].name,
			     rep.goal_fewest);
		cr_expect(rep.goal_orders > 0 && rep.goal_orders < rep.schedules,
			  "%s: some orders reach it, not all", cases[i].name);
		explore_report_free(&rep);
		scenario_free(&sc);
	}
}

Test(explore, a_lock_loses_no_update_and_prunes_orders)
{
	struct scenario sc;
	struct explore_report rep;
	char path[64];

	race_scenario(&sc, "race-locked", 2, 2, path);
	explore(&sc, EXPLORE_DEFAULT_LIMIT, &rep);
	cr_expect(rep.complete);
	cr_expect_eq(rep.noutcomes, 1, "one outcome: every update kept");
	cr_expect_eq(rep.outcomes[0].counter, 4);
	cr_expect_eq(rep.outcomes[0].expected, 4);
	cr_expect_eq(rep.outcomes[0].count, rep.schedules);
	/* A process asleep on the lock is no choice: fewer orders than C(8,4). */
	cr_expect(rep.schedules > 1 && rep.schedules < binomial(8, 4), "%ld orders",
		  rep.schedules);
	explore_report_free(&rep);
	scenario_free(&sc);
	unlink(path);
}

Test(explore, shared_value_loses_values)
{
	struct scenario sc;
	struct explore_report rep;
	char err[512];
	long most = -1, least = 1000;

	cr_assert_eq(scenario_load("shm", &sc, err, sizeof err), 0, "%s", err);
	explore(&sc, EXPLORE_DEFAULT_LIMIT, &rep);
	cr_expect(rep.complete);
	cr_expect_eq(rep.kind, EXPLORE_CELL);
	cr_expect_eq(sum_counts(&rep), rep.schedules);
	for (size_t i = 0; i < rep.noutcomes; i++) {
		const struct explore_outcome *o = &rep.outcomes[i];
		most = o->lost > most ? o->lost : most;
		least = o->lost < least ? o->lost : least;
		/* a value is read at most twice in a row: one stale read per write */
		cr_expect_leq(o->stale, 5 - o->lost);
	}
	/* 0..4, the reader stops at 4: it may see them all, or only the last */
	cr_expect_eq(least, 0);
	cr_expect_eq(most, 4);
	explore_report_free(&rep);
	scenario_free(&sc);
}

Test(explore, limit_makes_it_partial_exactly)
{
	struct scenario sc;
	struct explore_report rep;
	char path[64];

	race_scenario(&sc, "race", 2, 2, path);
	explore(&sc, 10, &rep);
	cr_expect_eq(rep.schedules, 10);
	cr_expect_not(rep.complete);
	explore_report_free(&rep);
	explore(&sc, 70, &rep); /* exactly all of them: complete */
	cr_expect_eq(rep.schedules, 70);
	cr_expect(rep.complete);
	explore_report_free(&rep);
	scenario_free(&sc);
	unlink(path);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	cr_assert(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/* Thousands in the plain build; under AddressSanitizer, where each run costs
 * ten times as much, a few hundred check the same for memory errors. */
#ifdef __SANITIZE_ADDRESS__
#define EXPLORE_TEST_MANY 400
#else
#define EXPLORE_TEST_MANY 2000
#endif

Test(explore, thousands_of_runs_leave_nothing)
{
	struct scenario sc;
	struct explore_report rep;
	char err[512];
	int fds = open_fds();

	cr_assert_eq(scenario_load("shm-overwrite", &sc, err, sizeof err), 0, "%s", err);
	explore(&sc, EXPLORE_TEST_MANY, &rep);
	cr_expect_eq(rep.schedules, EXPLORE_TEST_MANY);
	cr_expect_not(rep.complete);
	cr_expect_eq(support_children_left(), 0);
	cr_expect_eq(support_ipc_left(getpid()), 0);
	cr_expect_eq(open_fds(), fds, "descriptors leaked");
	explore_report_free(&rep);
	scenario_free(&sc);
}

Test(explore, flow_outcomes_say_who_slept)
{
	struct scenario sc;
	struct explore_report rep;
	char err[512];
	bool asleep_every = true;

	/* the consumer is killed at 3 s: the producer sleeps for ever on the full queue */
	cr_assert_eq(scenario_load("queue-kill", &sc, err, sizeof err), 0, "%s", err);
	explore(&sc, EXPLORE_DEFAULT_LIMIT, &rep);
	cr_expect(rep.complete);
	cr_expect_eq(rep.kind, EXPLORE_FLOW);
	for (size_t i = 0; i < rep.noutcomes; i++) {
		asleep_every &= rep.outcomes[i].asleep == 1u; /* producer-1 */
		cr_expect_gt(rep.outcomes[i].blocked[0], 0);
	}
	cr_expect(asleep_every);
	explore_report_free(&rep);
	scenario_free(&sc);
}

static char *run_ipcviz(char *const argv[], int *status, char **errout)
{
	char *out = NULL;

	cr_assert_eq(support_run(argv, 60, &out, errout, status), 0, "ipcviz did not end");
	return out;
}

Test(explore, json_is_the_contract)
{
	struct scenario sc;
	char path[64];
	int status;
	char *errout;

	race_scenario(&sc, "race", 2, 1, path);
	scenario_free(&sc);
	char *argv[] = {IPCVIZ_BIN, "explore", "--json", path, NULL};
	char *out = run_ipcviz(argv, &status, &errout);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d: %s", status, errout);
	cJSON *root = cJSON_Parse(out);
	cr_assert(root, "not JSON: %s", out);
	cr_expect_eq(cJSON_GetArraySize(root), 4, "exactly four keys");
	cr_expect(cJSON_IsString(cJSON_GetObjectItem(root, "scenario")));
	cr_expect_eq(cJSON_GetObjectItem(root, "schedules")->valuedouble, 6);
	cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(root, "complete")));
	cJSON *list = cJSON_GetObjectItem(root, "outcomes"), *one;
	double total = 0;
	cr_assert(cJSON_IsArray(list));
	cJSON_ArrayForEach(one, list) {
		cJSON *result = cJSON_GetObjectItem(one, "result");
		cr_expect_eq(cJSON_GetArraySize(one), 2);
		cr_expect_eq(cJSON_GetArraySize(result), 2);
		cr_expect(cJSON_IsNumber(cJSON_GetObjectItem(result, "counter")));
		cr_expect_eq(cJSON_GetObjectItem(result, "expected")->valuedouble, 2);
		total += cJSON_GetObjectItem(one, "count")->valuedouble;
	}
	cr_expect_eq(total, 6);
	cJSON_Delete(root);
	free(out);
	free(errout);
	unlink(path);
}

Test(explore, refusals_and_usage_are_one_line_status_2)
{
	static char *const cases[][5] = {
		{IPCVIZ_BIN, "explore", "fifo", NULL, "FIFO"},
		{IPCVIZ_BIN, "explore", "--limit", "0", "--limit"},
		{IPCVIZ_BIN, "explore", "--bogus", NULL, "--bogus"},
		{IPCVIZ_BIN, "explore", "no-such-scenario", NULL, "no-such-scenario"},
		{IPCVIZ_BIN, "explore", NULL, NULL, "scenario"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *argv[] = {cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL};
		const char *want = cases[i][4];
		int status;
		char *errout, *out = run_ipcviz(argv, &status, &errout);
		cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2, "%s: status %d", want,
			  status);
		cr_expect(strstr(errout, want), "%s: %s", want, errout);
		cr_expect(strncmp(errout, "ipcviz: ", 8) == 0 && strchr(errout, '\n') &&
				  strchr(errout, '\n')[1] == '\0',
			  "one line: %s", errout);
		cr_expect_str_empty(out);
		free(out);
		free(errout);
	}
}

/* Waits (up to 20 s) until pid has a child: the exploration is under way. */
static void await_child(pid_t pid)
{
	struct support_child kids[8];
	struct timespec t0, now;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (support_children(pid, kids, 8) > 0)
			return;
		clock_gettime(CLOCK_MONOTONIC, &now);
		cr_assert_lt(now.tv_sec - t0.tv_sec, 20, "ipcviz never forked");
	}
}

Test(explore, a_signal_midway_kills_reaps_and_says_partial)
{
	static const int sigs[] = {SIGINT, SIGTERM};

	for (size_t i = 0; i < 2; i++) {
		char *argv[] = {IPCVIZ_BIN, "explore", "--json", "race", NULL};
		char *out = NULL;
		size_t len = 0;
		int fd, status;
		pid_t pid = support_spawn(argv, &fd, NULL);
		cr_assert_gt(pid, 0);
		await_child(pid);
		kill(pid, sigs[i]);
		cr_assert_eq(support_wait_exit(pid, fd, &out, &len, 20, &status), 0,
			     "ipcviz did not end");
		close(fd);
		cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 128 + sigs[i], "status %d",
			  status);
		cr_expect(strstr(out, "\"complete\":false"), "%s", out);
		cr_expect_eq(support_reap_orphans(5), 0, "a child was left behind");
		cr_expect_eq(support_ipc_left(pid), 0, "an IPC object was left behind");
		free(out);
	}
}

/* The children of pid now, from /proc (at most max). */
static int children_of(pid_t pid, pid_t *out, int max)
{
	char path[64];
	int n = 0;
	long c;

	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	while (n < max && fscanf(f, "%ld", &c) == 1)
		out[n++] = (pid_t)c;
	fclose(f);
	return n;
}

static char proc_state(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	p = fgets(buf, sizeof buf, f) ? strrchr(buf, ')') : NULL;
	fclose(f);
	return p && p[1] == ' ' ? p[2] : 0;
}

Test(explore, a_child_stopped_from_outside_is_waited_for)
{
	/* enough orders that a stop lands in one under way, not so many that the
	 * sanitizer build spends minutes */
	char *argv[] = {IPCVIZ_BIN, "explore", "--json", "--limit", "600", "race", NULL};
	char *ref, *errout, *out = NULL;
	size_t len = 0;
	int status, fd;

	ref = run_ipcviz(argv, &status, &errout);
	free(errout);
	pid_t pid = support_spawn(argv, &fd, NULL);
	cr_assert_gt(pid, 0);
	/* Each order's children live a millisecond or two: stop all of one order's.
	 * If that order was over already (its processes done), they are killed
	 * with it: try the next. Else the step under way waits for them: they stay
	 * stopped (0.3 s is six times what the scheduler waits for a silent child
	 * before it looks for a stop), never killed as the end of an order would. */
	bool held = false;
	struct timespec start, t0, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!held && waitpid(pid, &status, WNOHANG) == 0) {
		pid_t kids[8];
		int n = children_of(pid, kids, 8);
		clock_gettime(CLOCK_MONOTONIC, &now);
		cr_assert_lt(now.tv_sec - start.tv_sec, 30, "never held");
		bool asleep = n > 0;
		for (int i = 0; i < n; i++)
			asleep &= proc_state(kids[i]) == 'S';
		if (!asleep)
			continue; /* only once each is set up and waits (for a permit, or in the kernel) */
		for (int i = 0; i < n; i++)
			kill(kids[i], SIGSTOP);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		held = n > 0;
		do {
			for (int i = 0; i < n; i++)
				held &= proc_state(kids[i]) == 'T';
			clock_gettime(CLOCK_MONOTONIC, &now);
		} while (held && (now.tv_sec - t0.tv_sec) * 1000 +
					 (now.tv_nsec - t0.tv_nsec) / 1000000 < 300);
		if (held)
			cr_expect_eq(waitpid(pid, &status, WNOHANG), 0, "ipcviz went on without them");
		for (int i = 0; i < n; i++)
			kill(kids[i], SIGCONT);
	}
	cr_expect(held, "no order was ever held by its stopped processes");
	cr_assert_eq(support_wait_exit(pid, fd, &out, &len, 60, &status), 0, "did not end");
	close(fd);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	cr_expect_str_eq(out, ref, "a held step changed the counts");
	free(out);
	free(ref);
}

Test(explore, progress_line_on_a_terminal)
{
	int master;
	pid_t pid = forkpty(&master, NULL, NULL, NULL);
	char buf[8192];
	size_t len = 0;
	int status;

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		execl(IPCVIZ_BIN, IPCVIZ_BIN, "explore", "--limit", "300", "race", (char *)NULL);
		_exit(127);
	}
	for (;;) { /* read until the pty closes (EIO), within the test's timeout */
		ssize_t n = read(master, buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len == sizeof buf - 1)
			len = 0;
	}
	buf[len] = '\0';
	close(master);
	waitpid(pid, &status, 0);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	cr_expect(strstr(buf, "exploring race: "), "no progress line: %s", buf);
	cr_expect(strstr(buf, "partial"), "%s", buf);
}
