/* test_bench.c - `ipcviz bench` as a user runs it: a quick smoke run gives valid
 * JSON with every channel and size in both placements, each figure a median
 * within its spread, and the Python tools beside them with --python (or one
 * line saying there is no python3); usage errors are one line and status 2, and
 * nothing is left behind, Ctrl-C included. The figures
 * themselves are bench/'s business, never checked against a target here. */
#include <criterion/criterion.h>

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

static void test_init(void)
{
	support_adopt_orphans();
}

/* After every test: no process of the run and no IPC object of it left. */
static void test_fini(void)
{
	cr_expect_eq(support_reap_orphans(2.0), 0, "bench left a process behind");
	cr_expect_eq(support_children_left(), 0, "bench left a process behind");
	if (support_last_pid > 0)
		cr_expect_eq(support_ipc_left(support_last_pid), 0,
			     "bench left an IPC object behind");
}

/* Deadlines are generous: on a busy machine each case still takes its minimum
 * of messages and round trips, however slow, and python3 starts slowly. */
TestSuite(bench, .init = test_init, .fini = test_fini, .timeout = 90);

/* The result for channel at size in placement in the JSON list, or NULL. */
static const cJSON *find_result(const cJSON *list, const char *channel, int size,
				const char *placement)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, list) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(r, "channel");
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(r, "size");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(r, "placement");
		if (cJSON_IsString(c) && cJSON_IsNumber(s) && cJSON_IsString(p) &&
		    strcmp(c->valuestring, channel) == 0 && s->valuedouble == size &&
		    strcmp(p->valuestring, placement) == 0)
			return r;
	}
	return NULL;
}

static long read_proc_long(const char *path)
{
	long v = -1;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* How many CPUs this process may run on (the bench's children inherit it). */
static int usable_cpus(void)
{
	cpu_set_t set;

	return sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : 1;
}

/* A figure {"median":m,"spread":[min,max]} with 0 < min <= m <= max; the median. */
static double expect_figure(const cJSON *r, const char *name, const char *what)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(r, name);
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(f, "median");
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(f, "spread");

	cr_assert(cJSON_IsNumber(m), "%s: %s has no median", what, name);
	cr_assert(cJSON_IsArray(s) && cJSON_GetArraySize(s) == 2, "%s: %s has no [min, max]", what,
		  name);
	double lo = cJSON_GetArrayItem(s, 0)->valuedouble, hi = cJSON_GetArrayItem(s, 1)->valuedouble;
	cr_expect(lo > 0, "%s: %s min %g is not positive", what, name, lo);
	cr_expect(lo <= m->valuedouble && m->valuedouble <= hi, "%s: %s %g not within [%g, %g]",
		  what, name, m->valuedouble, lo, hi);
	return m->valuedouble;
}

/* Runs argv, which prints JSON; the document (the caller deletes it). */
static cJSON *run_json(char *const argv[], double deadline, char **errout)
{
	char *out;
	int status;

	cr_assert_eq(support_run(argv, deadline, &out, errout, &status), 0, "bench did not finish");
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d: %s", status, *errout);
	cJSON *doc = cJSON_Parse(out);
	cr_assert_not_null(doc, "not JSON: %s", out);
	free(out);
	return doc;
}

Test(bench, json_has_every_case_in_both_placements_with_median_and_spread)
{
	char *argv[] = {IPCVIZ_BIN, "bench", "--json", "--seconds", "1", "--rounds", "3", NULL};
	static const struct {
		const char *channel;
		int size;
	} want[] = {{"pipe", 64},  {"pipe", 4096},  {"pipe", 65536}, {"queue", 64},
		    {"queue", 4096}, {"shm", 64},    {"shm", 4096},   {"shm", 65536}};
	static const char *const fields[] = {"msgs_per_s", "mb_per_s", "rtt_us_p50",
					     "rtt_us_p99"};
	const char *placements[] = {"same-cpu", "two-cpus"};
	int nplace = usable_cpus() >= 2 ? 2 : 1;
	char *err, what[64];

	cJSON *doc = run_json(argv, 60.0, &err);
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "results");
	const cJSON *rounds = cJSON_GetObjectItemCaseSensitive(doc, "rounds");
	cr_assert(cJSON_IsArray(list), "no results array");
	cr_expect(cJSON_IsNumber(rounds) && rounds->valueint == 3, "rounds is not 3");
	cr_expect_eq(cJSON_GetObjectItemCaseSensitive(doc, "python"), NULL,
		     "a python member without --python");
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		for (int p = 0; p < nplace; p++) {
			const cJSON *r = find_result(list, want[i].channel, want[i].size, placements[p]);
			snprintf(what, sizeof what, "%s %d %s", want[i].channel, want[i].size,
				 placements[p]);
			cr_assert_not_null(r, "no %s", what);
			for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
				expect_figure(r, fields[f], what);
			double p50 = expect_figure(r, "rtt_us_p50", what);
			double p99 = expect_figure(r, "rtt_us_p99", what);
			cr_expect(p99 >= p50, "%s: p99 %g below p50 %g", what, p99, p50);
		}
	/* Nothing else: every result is one of those, in a placement named above. */
	int expected = (int)(sizeof want / sizeof want[0]) * nplace;
	/* A queue takes 64 KiB messages only where fs.mqueue.msgsize_max allows. */
	bool big_queue = read_proc_long("/proc/sys/fs/mqueue/msgsize_max") >= 65536;
	cr_expect_eq(find_result(list, "queue", 65536, "same-cpu") != NULL, big_queue,
		     "queue at 64 KiB should be there only if msgsize_max allows it");
	expected += big_queue ? nplace : 0;
	cr_expect_eq(cJSON_GetArraySize(list), expected, "%d results, not %d",
		     cJSON_GetArraySize(list), expected);
	/* The size limits, checked on this kernel: POSIX's promise holds. */
	const cJSON *limits = cJSON_GetObjectItemCaseSensitive(doc, "limits");
	const cJSON *at = cJSON_GetObjectItemCaseSensitive(limits, "writes_at_pipe_buf");
	const cJSON *above = cJSON_GetObjectItemCaseSensitive(limits, "writes_above");
	const cJSON *mq = cJSON_GetObjectItemCaseSensitive(limits, "mq_open_above_max");
	cr_assert(cJSON_IsObject(at) && cJSON_IsObject(above), "no pipe limits");
	cr_expect_eq(cJSON_GetObjectItemCaseSensitive(at, "size")->valuedouble,
		     cJSON_GetObjectItemCaseSensitive(limits, "pipe_buf")->valuedouble);
	cr_expect_gt(cJSON_GetObjectItemCaseSensitive(at, "pieces")->valuedouble, 0);
	cr_expect_eq(cJSON_GetObjectItemCaseSensitive(at, "mixed")->valuedouble, 0,
		     "writes of PIPE_BUF bytes mixed");
	cr_expect_gt(cJSON_GetObjectItemCaseSensitive(above, "pieces")->valuedouble, 0);
	cr_expect(cJSON_IsString(mq) && (strcmp(mq->valuestring, "EINVAL") == 0 ||
					 strcmp(mq->valuestring, "allowed") == 0),
		  "mq_open beyond msgsize_max: neither refused (EINVAL) nor allowed");
	cJSON_Delete(doc);
	free(err);
}

Test(bench, the_table_has_a_row_per_case_and_placement)
{
	char *argv[] = {IPCVIZ_BIN, "bench", "--seconds", "0.5", "--rounds", "1", NULL};
	char *out, *err;
	int status, lines = 0;

	cr_assert_eq(support_run(argv, 40.0, &out, &err, &status), 0, "bench did not finish");
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d: %s", status, err);
	for (const char *p = out; *p; p++)
		lines += *p == '\n';
	cr_expect_geq(lines, 1 + 8 * (usable_cpus() >= 2 ? 2 : 1), "too few rows: %s", out);
	cr_expect_not_null(strstr(out, "64 KiB"), "no 64 KiB row: %s", out);
	cr_expect_not_null(strstr(out, "placement"), "no placement column: %s", out);
	cr_expect_not_null(strstr(out, "spread"), "no spread column: %s", out);
	cr_expect_not_null(strstr(out, "same CPU"), "no same-CPU row: %s", out);
	if (usable_cpus() >= 2)
		cr_expect_not_null(strstr(out, "two CPUs"), "no two-CPU row: %s", out);
	free(out);
	free(err);
}

Test(bench, python_tools_in_the_same_run_with_ratios)
{
	char *argv[] = {IPCVIZ_BIN, "bench", "--json", "--python", "--seconds", "0.5",
			"--rounds", "1", NULL};
	char *err, what[64];

	if (system("command -v python3 >/dev/null 2>&1") != 0)
		cr_skip_test("no python3 here");
	cJSON *doc = run_json(argv, 80.0, &err);
	const cJSON *py = cJSON_GetObjectItemCaseSensitive(doc, "python");
	cr_assert(cJSON_IsArray(py) && cJSON_GetArraySize(py) > 0, "no python results: %s", err);
	bool seen_pipe = false, seen_queue = false, seen_value = false;
	const cJSON *r;
	cJSON_ArrayForEach(r, py) {
		const char *tool = cJSON_GetObjectItemCaseSensitive(r, "tool")->valuestring;
		const cJSON *placement = cJSON_GetObjectItemCaseSensitive(r, "placement");
		const cJSON *faster = cJSON_GetObjectItemCaseSensitive(r, "ipcviz_faster");
		cr_assert(cJSON_IsString(placement), "%s has no placement", tool);
		snprintf(what, sizeof what, "%s %s", tool, placement->valuestring);
		expect_figure(r, "msgs_per_s", what);
		const cJSON *ratio = cJSON_GetObjectItemCaseSensitive(faster, "msgs_per_s");
		cr_expect(cJSON_IsNumber(ratio) && ratio->valuedouble > 0, "%s: no ratio", what);
		seen_pipe |= strcmp(tool, "Pipe") == 0;
		seen_queue |= strcmp(tool, "Queue") == 0;
		seen_value |= strcmp(tool, "Value") == 0;
	}
	cr_expect(seen_pipe && seen_queue && seen_value, "Pipe, Queue and Value are not all there");
	cJSON_Delete(doc);
	free(err);
}

Test(bench, python_missing_is_one_line_and_no_failure)
{
	char *argv[] = {"/usr/bin/env", "PATH=/nonexistent", IPCVIZ_BIN, "bench", "--json",
			"--python", "--seconds", "0.2", "--rounds", "1", NULL};
	char *err;

	cJSON *doc = run_json(argv, 40.0, &err);
	cr_expect(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(doc, "python")),
		  "python is not null without python3");
	cr_expect(strlen(err) > 0 && strchr(err, '\n') == err + strlen(err) - 1,
		  "not one line: '%s'", err);
	cr_expect_not_null(strstr(err, "python3"), "does not say python3: '%s'", err);
	cJSON_Delete(doc);
	free(err);
}

/* Usage errors: status 2 and exactly one line on stderr. */
static void expect_usage_error(char *const argv[])
{
	char *out, *err;
	int status;

	cr_assert_eq(support_run(argv, 5.0, &out, &err, &status), 0);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2, "%s: status %d", argv[2], status);
	cr_expect(strlen(err) > 0 && strchr(err, '\n') == err + strlen(err) - 1,
		  "not one line: '%s'", err);
	cr_expect_eq(out[0], '\0', "printed on stdout: %s", out);
	free(out);
	free(err);
}

Test(bench, usage_errors_are_one_line_and_status_2)
{
	char *bad_number[] = {IPCVIZ_BIN, "bench", "--seconds", "lots", NULL};
	char *no_value[] = {IPCVIZ_BIN, "bench", "--seconds", NULL};
	char *unknown[] = {IPCVIZ_BIN, "bench", "--fast", NULL};
	char *too_small[] = {IPCVIZ_BIN, "bench", "--seconds=0", NULL};
	char *no_rounds[] = {IPCVIZ_BIN, "bench", "--rounds", "0", NULL};
	char *half_round[] = {IPCVIZ_BIN, "bench", "--rounds=2.5", NULL};
	char *many_rounds[] = {IPCVIZ_BIN, "bench", "--rounds", "100", NULL};
	char *rounds_no_value[] = {IPCVIZ_BIN, "bench", "--json", "--rounds", NULL};

	expect_usage_error(bad_number);
	expect_usage_error(no_value);
	expect_usage_error(unknown);
	expect_usage_error(too_small);
	expect_usage_error(no_rounds);
	expect_usage_error(half_round);
	expect_usage_error(many_rounds);
	expect_usage_error(rounds_no_value);
}

/* The pid of a child of `parent` whose name starts with `prefix`, waiting up to
 * deadline_s for one; 0 if none came. */
static pid_t wait_for_child(pid_t parent, const char *prefix, double deadline_s)
{
	struct support_child kids[16];

	for (int waited = 0; waited < deadline_s * 100; waited++) {
		int n = support_children(parent, kids, 16);
		for (int i = 0; i < n && i < 16; i++)
			if (strncmp(kids[i].comm, prefix, strlen(prefix)) == 0)
				return kids[i].pid;
		usleep(10 * 1000);
	}
	return 0;
}

/* Starts argv, waits until it has a child named `child…` (and, if `grandchild`,
 * that one has a child of that name too), sends SIGINT: status 130 within 3 s, nothing left
 * (test_fini). */
static void expect_ctrl_c(char *const argv[], const char *child, bool grandchild)
{
	char *buf = NULL;
	size_t len = 0;
	int fd, status;
	pid_t pid = support_spawn(argv, &fd, NULL);

	cr_assert_gt(pid, 0);
	pid_t kid = wait_for_child(pid, child, 20.0);
	cr_assert_gt(kid, 0, "no %s process came", child);
	if (grandchild)
		cr_assert_gt(wait_for_child(kid, child, 20.0), 0, "%s started nothing", child);
	kill(pid, SIGINT);
	cr_assert_eq(support_wait_exit(pid, fd, &buf, &len, 3.0, &status), 0,
		     "bench did not stop within 3 s of SIGINT");
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGINT, "status %d: %s",
		  status, buf ? buf : "");
	close(fd);
	free(buf);
}

Test(bench, ctrl_c_stops_it_at_once_and_leaves_nothing)
{
	char *argv[] = {IPCVIZ_BIN, "bench", "--seconds", "60", NULL};

	expect_ctrl_c(argv, "ipcviz-bench", false); /* in the middle of a case */
}

Test(bench, ctrl_c_among_the_python_tools_leaves_nothing)
{
	char *argv[] = {IPCVIZ_BIN, "bench", "--python", "--seconds", "0.3", "--rounds", "1", NULL};

	if (system("command -v python3 >/dev/null 2>&1") != 0)
		cr_skip_test("no python3 here");
	expect_ctrl_c(argv, "python", true); /* while a Python tool runs */
}
