/* test_golden.c - the program end to end: the headless timeline of every
 * built-in scenario against a golden file, and the trace identical run after
 * run at any speed. Regenerate the golden files on purpose with GENERATE=1. */
#include <criterion/criterion.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scenario.h"
#include "support.h"

static void check_nothing_left(void)
{
	support_remove_temps();
	cr_expect_eq(support_children_left(), 0, "ipcviz left a child behind");
}

TestSuite(golden, .init = support_adopt_orphans, .fini = check_nothing_left, .timeout = 120);

/* Replaces every match of re in s by repl (returns a new string). */
static char *mask(const char *s, const char *re, const char *repl)
{
	regex_t rx;
	regmatch_t m;
	size_t cap = strlen(s) * 2 + 64, len = 0;
	char *out = malloc(cap);

	cr_assert_eq(regcomp(&rx, re, REG_EXTENDED), 0);
	while (regexec(&rx, s, 1, &m, 0) == 0) {
		memcpy(out + len, s, (size_t)m.rm_so);
		len += (size_t)m.rm_so;
		memcpy(out + len, repl, strlen(repl));
		len += strlen(repl);
		s += m.rm_eo ? m.rm_eo : 1;
	}
	strcpy(out + len, s);
	regfree(&rx);
	return out;
}

static char *run_ok(char *const argv[], double deadline)
{
	char *out, *err;
	int status;

	cr_assert_eq(support_run(argv, deadline, &out, &err, &status), 0, "%s timed out", argv[1]);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s failed: %s", argv[1], err);
	cr_expect_eq(support_ipc_left(support_last_pid), 0, "ipcviz left an IPC object");
	free(err);
	return out;
}

/* Compares a timeline with tests/golden/NAME.txt, pids and FIFO paths masked,
 * or writes it there with GENERATE=1. Takes out. */
static void compare_golden(const char *name, char *out)
{
	char *pids = mask(out, "pid [0-9]+", "pid N");
	char *masked = mask(pids, "/[^ ]*/ipcviz-[0-9]+-[A-Za-z0-9]+/fifo", "PATH");
	char path[512];

	snprintf(path, sizeof path, "%s/tests/golden/%s.txt", IPCVIZ_SOURCE_DIR, name);
	if (getenv("GENERATE")) {
		FILE *f = fopen(path, "w");
		cr_assert_not_null(f, "cannot write %s", path);
		fputs(masked, f);
		fclose(f);
	} else {
		char *want = support_read_file(path);
		cr_assert_not_null(want, "no golden file %s (make it with GENERATE=1)", path);
		cr_expect_str_eq(masked, want, "%s differs from %s", name, path);
		free(want);
	}
	free(out);
	free(pids);
	free(masked);
}

static void check_golden(const char *name)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", (char *)name, NULL};

	compare_golden(name, run_ok(argv, 60));
}

Test(golden, every_builtin_timeline)
{
	size_t n;
	const struct scenario_builtin *b = scenario_builtins(&n);

	cr_assert_gt(n, 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(b[i].name, "fifo") != 0) /* it waits for someone outside */
			check_golden(b[i].name);
}

/* fifo: the consumer waits for 42, which only someone outside ipcviz writes:
 * this test, through the path on the timeline's second line. */
Test(golden, fifo_timeline_with_an_outside_write)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "fifo", NULL};
	char *out = NULL, path[256];
	size_t len = 0;
	int fd, status;
	pid_t pid = support_spawn(argv, &fd, NULL);

	cr_assert(support_wait_for(fd, &out, &len, "BLOCKED", 20), "no wait on the FIFO: %s",
		  out ? out : "");
	const char *at = strstr(out, "The FIFO is ");
	cr_assert_not_null(at, "no path on the timeline");
	cr_assert_eq(sscanf(at, "The FIFO is %255[^:]:", path), 1);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs("42\n", f);
	fclose(f);
	cr_assert_eq(support_wait_exit(pid, fd, &out, &len, 20, &status), 0, "no end: %s", out);
	close(fd);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s", out);
	cr_expect_neq(access(path, F_OK), 0, "the FIFO was left behind");
	compare_golden("fifo", out);
}

Test(golden, queue_tutorial_headless)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "queue", NULL};
	char *out = run_ok(argv, 60);

	for (int v = 0; v <= 4; v++) {
		char want[64];
		snprintf(want, sizeof want, "%d.000  consumer-1", v * 2);
		cr_expect(strstr(out, want), "no line starting %s in:\n%s", want, out);
	}
	free(out);
}

/* The trace of a run of `what` (a built-in or a file) at `speed`, with what
 * differs by nature masked: wall times, pids, kernel names, and the scenario's
 * name (a printed built-in run from a file has the file's name). */
static char *masked_trace(const char *what, const char *speed)
{
	char path[256];
	snprintf(path, sizeof path, "/tmp/ipcviz-test-%d-trace.jsonl", (int)getpid());
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", (char *)speed, "--force", "--trace",
			path, (char *)what, NULL};
	free(run_ok(argv, 60));
	char *text = support_read_file(path);
	unlink(path);
	cr_assert_not_null(text);
	static const char *const masks[][2] = {
		{"\"wall\":[0-9.e+-]+", "\"wall\":W"},
		{"\"pid\":[0-9]+", "\"pid\":P"},
		{"\"kernel\":\"[^\"]*\"", "\"kernel\":K"},
		{"\"scenario\":\"[^\"]*\"", "\"scenario\":S"},
	};
	for (size_t i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		char *next = mask(text, masks[i][0], masks[i][1]);
		free(text);
		text = next;
	}
	return text;
}

Test(golden, trace_identical_three_times_at_max_and_at_speed_20)
{
	char *first = masked_trace("queue-full", "max");

	cr_assert(strstr(first, "\"ipcviz\":1"), "no header: %s", first);
	cr_assert(strstr(first, "\"ev\":\"blocked\""), "no blocked event");
	for (int i = 1; i < 3; i++) {
		char *again = masked_trace("queue-full", "max");
		cr_expect_str_eq(again, first, "run %d differs", i);
		free(again);
	}
	for (int i = 0; i < 2; i++) {
		char *paced = masked_trace("queue-full", "20");
		cr_expect_str_eq(paced, first, "run at speed 20 differs");
		free(paced);
	}
	free(first);
}

static void expect_usage_error(char *const argv[], const char *words)
{
	char *out, *err;
	int status;

	cr_assert_eq(support_run(argv, 10, &out, &err, &status), 0);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2, "status %d for %s", status,
		  argv[1]);
	cr_expect(strstr(err, words), "stderr: %s", err);
	cr_expect_eq(strchr(err, '\n'), err + strlen(err) - 1, "not one line: %s", err);
	free(out);
	free(err);
}

Test(golden, usage_errors_are_one_line_with_status_2)
{
	char *a[] = {IPCVIZ_BIN, "--speed", "fast", "--headless", NULL};
	char *b[] = {IPCVIZ_BIN, "--bogus", NULL};
	char *c[] = {IPCVIZ_BIN, "--headless", "no-such-scenario", NULL};
	char *d[] = {IPCVIZ_BIN, "queue", NULL}; /* stdin is /dev/null: not a terminal */
	char *e[] = {IPCVIZ_BIN, "--print", "nope", NULL};

	expect_usage_error(a, "--speed");
	expect_usage_error(b, "--bogus");
	expect_usage_error(c, "no-such-scenario");
	expect_usage_error(d, "--headless");
	expect_usage_error(e, "nope");
}

Test(golden, list_and_print)
{
	char *l[] = {IPCVIZ_BIN, "--list", NULL};
	char *p[] = {IPCVIZ_BIN, "--print", "queue-full", NULL};
	char *out = run_ok(l, 10);
	size_t n;
	const struct scenario_builtin *b = scenario_builtins(&n);

	for (size_t i = 0; i < n; i++)
		cr_expect(strstr(out, b[i].name), "--list lacks %s", b[i].name);
	/* one column of titles: each starts where the first one does */
	long col = -1;
	for (const char *line = out; *line; line = strchr(line, '\n') + 1) {
		const char *title = strstr(line, "  ");
		cr_assert_not_null(title, "%s", line);
		while (*title == ' ')
			title++;
		if (col < 0)
			col = title - line;
		cr_expect_eq(title - line, col, "--list misaligned: %.60s", line);
		if (!strchr(line, '\n'))
			break;
	}
	free(out);
	out = run_ok(p, 10);
	cr_expect_str_eq(out, scenario_builtin_find("queue-full")->text);
	free(out);
}

Test(golden, printed_builtin_runs_the_same_as_the_builtin)
{
	const char *names[] = {"queue-full", "shm-overwrite", "pipe-kill"};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char file[256];
		snprintf(file, sizeof file, "/tmp/ipcviz-test-%d-%s.ini", (int)getpid(), names[i]);
		FILE *f = fopen(file, "w");
		cr_assert_not_null(f);
		fputs(scenario_builtin_find(names[i])->text, f);
		fclose(f);
		char *from_file = masked_trace(file, "max");
		char *builtin = masked_trace(names[i], "max");
		unlink(file);
		cr_expect_str_eq(from_file, builtin, "--print %s then run differs", names[i]);
		free(from_file);
		free(builtin);
	}
}

/* The student's lesson of issue 4: queue-full changed to two producers with
 * different paces over a pipe of two slots. It behaves as written: each
 * producer's values arrive in its order, and producers block on the full pipe. */
Test(golden, two_producers_over_a_pipe_of_two_slots)
{
	char file[256];
	snprintf(file, sizeof file, "/tmp/ipcviz-test-%d-two.ini", (int)getpid());
	FILE *f = fopen(file, "w");
	cr_assert_not_null(f);
	fputs("[scenario]\ntitle = Two producers, a pipe of two slots\nchannel = pipe\n"
	      "capacity = 2\n[producer.fast]\nvalues = 0..5\ninterval = 500ms\n"
	      "[producer.slow]\nvalues = 100..105\ninterval = 700ms\n"
	      "[consumer]\ninterval = 1s\nitems = 12\n",
	      f);
	fclose(f);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", file, NULL};
	char *out = run_ok(argv, 60);
	unlink(file);
	cr_expect(strstr(out, "fast-1"), "%s", out);
	cr_expect(strstr(out, "slow-1"), "%s", out);
	cr_expect(strstr(out, "BLOCKED in write: the pipe is full (2/2)"), "%s", out);
	/* every value got, each producer's in order */
	int next_fast = 0, next_slow = 100, got = 0;
	for (const char *p = out; (p = strstr(p, "got ")); p += 4) {
		int v = atoi(p + 4);
		if (v >= 100)
			cr_expect_eq(v, next_slow++, "slow values out of order");
		else
			cr_expect_eq(v, next_fast++, "fast values out of order");
		got++;
	}
	cr_expect_eq(got, 12, "got %d items:\n%s", got, out);
	free(out);
}
