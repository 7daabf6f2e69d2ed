/* test_bench.c - `ipcviz bench` as a user runs it: a quick smoke run gives valid
 * JSON with every channel and size and positive figures, usage errors are one
 * line and status 2, and nothing is left behind, Ctrl-C included. The figures
 * themselves are bench/'s business, never checked against a target here. */
#include <criterion/criterion.h>

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

TestSuite(bench, .init = test_init, .fini = test_fini, .timeout = 30);

/* The result for channel at size in the JSON list, or NULL. */
static const cJSON *find_result(const cJSON *list, const char *channel, int size)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, list) {
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(r, "channel");
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(r, "size");
		if (cJSON_IsString(c) && cJSON_IsNumber(s) && strcmp(c->valuestring, channel) == 0 &&
		    s->valuedouble == size)
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

Test(bench, json_lists_every_channel_and_size_with_positive_figures)
{
	char *argv[] = {IPCVIZ_BIN, "bench", "--json", "--seconds", "1", NULL};
	char *out, *err;
	int status;
	static const struct {
		const char *channel;
		int size;
	} want[] = {{"pipe", 64},  {"pipe", 4096},  {"pipe", 65536}, {"queue", 64},
		    {"queue", 4096}, {"shm", 64},    {"shm", 4096},   {"shm", 65536}};
	static const char *const fields[] = {"msgs_per_s", "mb_per_s", "rtt_us_p50",
					     "rtt_us_p99"};

	cr_assert_eq(support_run(argv, 10.0, &out, &err, &status), 0, "bench did not finish");
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d: %s", status, err);
	cJSON *doc = cJSON_Parse(out);
	cr_assert_not_null(doc, "not JSON: %s", out);
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "results");
	cr_assert(cJSON_IsArray(list), "no results array: %s", out);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const cJSON *r = find_result(list, want[i].channel, want[i].size);
		cr_assert_not_null(r, "no %s at %d bytes in %s", want[i].channel, want[i].size, out);
		for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, fields[f]);
			cr_expect(cJSON_IsNumber(v) && v->valuedouble > 0, "%s %d: %s is not positive",
				  want[i].channel, want[i].size, fields[f]);
		}
		double p50 = cJSON_GetObjectItemCaseSensitive(r, "rtt_us_p50")->valuedouble;
		double p99 = cJSON_GetObjectItemCaseSensitive(r, "rtt_us_p99")->valuedouble;
		cr_expect(p99 >= p50, "%s %d: p99 %g below p50 %g", want[i].channel, want[i].size,
			  p99, p50);
	}
	/* A queue takes 64 KiB messages only where fs.mqueue.msgsize_max allows. */
	bool big_queue = read_proc_long("/proc/sys/fs/mqueue/msgsize_max") >= 65536;
	cr_expect_eq(find_result(list, "queue", 65536) != NULL, big_queue,
		     "queue at 64 KiB should be there only if msgsize_max allows it");
	cJSON_Delete(doc);
	free(out);
	free(err);
}

Test(bench, the_table_has_a_row_per_case)
{
	char *argv[] = {IPCVIZ_BIN, "bench", "--seconds", "0.5", NULL};
	char *out, *err;
	int status, lines = 0;

	cr_assert_eq(support_run(argv, 10.0, &out, &err, &status), 0, "bench did not finish");
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d: %s", status, err);
	for (const char *p = out; *p; p++)
		lines += *p == '\n';
	cr_expect_geq(lines, 9, "expected a header and 8 rows: %s", out);
	cr_expect_not_null(strstr(out, "64 KiB"), "no 64 KiB row: %s", out);
	cr_expect_not_null(strstr(out, "msgs/s"), "no header: %s", out);
	free(out);
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

	expect_usage_error(bad_number);
	expect_usage_error(no_value);
	expect_usage_error(unknown);
	expect_usage_error(too_small);
}

Test(bench, ctrl_c_stops_it_at_once_and_leaves_nothing)
{
	char *argv[] = {IPCVIZ_BIN, "bench", "--seconds", "60", NULL};
	char *buf = NULL;
	size_t len = 0;
	int fd, status;
	pid_t pid = support_spawn(argv, &fd, NULL);

	cr_assert_gt(pid, 0);
	usleep(300 * 1000); /* in the middle of the first cases */
	kill(pid, SIGINT);
	cr_assert_eq(support_wait_exit(pid, fd, &buf, &len, 3.0, &status), 0,
		     "bench did not stop within 3 s of SIGINT");
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGINT, "status %d: %s",
		  status, buf ? buf : "");
	close(fd);
	free(buf);
}
