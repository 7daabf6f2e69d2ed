/* test_run_multi.c - runs of several channels (DESIGN 14) on real processes:
 * the built-ins end as they teach (pipe-deadlock and no-eof in a deadlock
 * whose cycle the kernel confirms, pipeline with every item through and end of
 * file down the line), a lock taken in opposite orders deadlocks in futex(2),
 * a process in `sleep` is no deadlock, a script's kill breaks one, and a
 * kill -9 of ipcviz in a deadlock leaves no process and no IPC object; the
 * screen's evidence (each pipe's count and holders) and the explain panel's
 * words from it; a kill from the screen breaks a deadlock. What is
 * not run yet is refused in one line, status 2. The same over FIFOs, whose
 * name is gone from the file system once their ends are open.
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "describe.h"
#include "run.h"
#include "run_multi.h"
#include "scenario.h"
#include "support.h"

static void check_nothing_left(void)
{
	cr_expect_eq(support_reap_orphans(5), 0, "a process of the run was left alive");
	cr_expect_eq(support_children_left(), 0, "a child was left");
	support_remove_temps(); /* what a failed test did not unlink */
}

TestSuite(run_multi, .init = support_adopt_orphans, .fini = check_nothing_left, .timeout = 120);

/* The subprocess deadlock's channels as the kernel has them: to_child
 * (channel 0) written by parent-1 alone and read by child-1 alone, from_child
 * the other way round, and `count` items in to_child (in both if `both`). */
static void expect_crossed_ends(const struct run_evidence *e, int count, bool both)
{
	cr_expect_eq(e->chan_kfill[0], count, "the kernel's count of to_child");
	if (both)
		cr_expect_eq(e->chan_kfill[1], count, "the kernel's count of from_child");
	cr_expect_eq(e->chan_writers[0], 1u << 0, "to_child's write end: parent-1 alone");
	cr_expect_eq(e->chan_readers[0], 1u << 1, "to_child's read end: child-1 alone");
	cr_expect_eq(e->chan_writers[1], 1u << 1, "from_child's write end: child-1 alone");
	cr_expect_eq(e->chan_readers[1], 1u << 0, "from_child's read end: parent-1 alone");
}

/* A kill of actor a, then the run stepped until it ends; *steps counts on. */
static void kill_and_finish(struct run *r, int a, int *steps)
{
	char err[512];

	cr_assert_eq(run_fault(r, "kill", a, err, sizeof err), 0, "%s", err);
	while (!run_finished(r) && (*steps)++ < 800)
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s", err);
	cr_assert(run_finished(r));
}

/* The sink got 0..last from the channel `cooked`, in order, by the trace. */
static void expect_sink_got_in_order(const char *trace, int last)
{
	const char *at = trace;

	for (int v = 0; v <= last; v++) {
		char want[64];

		snprintf(want, sizeof want, "\"ev\":\"got\",\"ch\":\"cooked\",\"value\":%d", v);
		at = strstr(at, want);
		cr_assert_not_null(at, "the sink did not get %d in order: %s", v, trace);
	}
}

/* Runs ipcviz --headless --speed max on name (a built-in or a file) with a
 * trace; returns the timeline, the trace in *trace. Asserts status 0. */
static char *headless(const char *name, char **trace)
{
	char tpath[64];
	int tfd;

	snprintf(tpath, sizeof tpath, "/tmp/ipcviz-test-%d-trace-XXXXXX", (int)getpid());
	tfd = mkstemp(tpath);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--force", "--trace", tpath,
			(char *)name, NULL};
	char *out, *err;
	int status;

	cr_assert_geq(tfd, 0);
	close(tfd);
	cr_assert_eq(support_run(argv, 30, &out, &err, &status), 0, "%s did not end", name);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: status %d: %s", name,
		  status, err);
	cr_expect_str_eq(err, "", "%s wrote to stderr", name);
	cr_expect_eq(support_ipc_left(support_last_pid), 0, "an IPC object was left");
	free(err);
	*trace = support_read_file(tpath);
	cr_assert_not_null(*trace);
	unlink(tpath);
	return out;
}

static int count(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* The run of `file`, loaded into *sc, stepped until it ends (a deadlock),
 * and the kernel's evidence then in *e; *steps how many it took. */
static struct run *run_to_the_end(const char *file, struct scenario *sc, struct run_evidence *e,
				  int *steps)
{
	char err[512];
	struct run *r;

	cr_assert_eq(scenario_load(file, sc, err, sizeof err), 0, "%s", err);
	r = run_multi_create(sc, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	*steps = 0;
	while (!run_finished(r) && (*steps)++ < 400)
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s", err);
	cr_assert(run_finished(r));
	cr_assert_eq(run_evidence(r, e), 0);
	return r;
}

Test(run_multi, pipe_deadlock_ends_in_a_deadlock)
{
	char *trace, *out = headless("pipe-deadlock", &trace);

	/* Both sleep in write(2), each on a full pipe the other reads. */
	cr_expect_not_null(strstr(out, "DEADLOCK: parent-1 sleeps in write(2) on to_child, full; "
				       "child-1 reads it, and child-1 sleeps in write(2) on "
				       "from_child, full; parent-1 reads it"),
			   "%s", out);
	cr_expect_not_null(strstr(trace, "\"ev\":\"deadlock\",\"cycle\":[\"parent-1\",\"child-1\"]"),
			   "%s", trace);
	/* The kernel's word on each of the two sleepers: asleep in write. */
	cr_expect_eq(count(trace, "\"ev\":\"kernel\",\"ch\":\"to_child\",\"state\":\"S\","
				  "\"wchan\":\"anon_pipe_write\",\"syscall\":\"write\""), 1, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"kernel\",\"ch\":\"from_child\",\"state\":\"S\","
				  "\"wchan\":\"anon_pipe_write\",\"syscall\":\"write\""), 1);
	cr_expect_eq(count(trace, "\"syscall\":\"write\""), 2);
	/* The header names each process with its pid. */
	cr_expect_eq(count(trace, "\"pid\":0}"), 0, "%s", trace);
	/* 4 items in each pipe, and the one the child holds: 9 taken from the parent. */
	cr_expect_eq(count(trace, "\"ev\":\"put\",\"ch\":\"to_child\""), 9, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"put\",\"ch\":\"from_child\""), 4);
	cr_expect_eq(count(trace, "\"ev\":\"exit\""), 0, "a deadlocked process exited");
	free(out);
	free(trace);
}

Test(run_multi, pipeline_finishes_with_end_of_file_down_the_line)
{
	char *trace, *out = headless("pipeline", &trace);

	cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
	expect_sink_got_in_order(trace, 5);
	/* The filter sees end of file once the source exits, the sink once the
	 * filter does; all three finish by themselves. */
	cr_expect_eq(count(trace, "\"ev\":\"eof\",\"ch\":\"raw\""), 1, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"eof\",\"ch\":\"cooked\""), 1);
	cr_expect_eq(count(trace, "\"ev\":\"exit\",\"status\":0"), 3);
	cr_expect_lt(strstr(trace, "\"actor\":\"source-1\",\"ev\":\"exit\"") - trace,
		     strstr(trace, "\"ev\":\"eof\",\"ch\":\"raw\"") - trace,
		     "end of file before the last writer was gone");
	cr_expect_not_null(strstr(out, "end of file on raw: no process holds its write end any more"));
	free(out);
	free(trace);
}

Test(run_multi, no_eof_deadlocks_on_a_reader_waiting_for_end_of_file)
{
	char *trace, *out = headless("no-eof", &trace);

	cr_expect_not_null(strstr(out, "DEADLOCK: parent-1 sleeps in read(2) on results, empty; "
				       "worker-1 holds its write end, and worker-1 sleeps in "
				       "read(2) on jobs, empty; parent-1 holds its write end"),
			   "%s", out);
	cr_expect_eq(count(trace, "\"ev\":\"got\",\"ch\":\"results\""), 4, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"eof\""), 0);
	free(out);
	free(trace);
}

/* Each reply comes back before the next request goes out, and the client's
 * close ends the server by end of file: both finish, no deadlock. */
Test(run_multi, request_reply_takes_turns_and_ends_by_itself)
{
	char *trace, *out = headless("request-reply", &trace);
	const char *at = trace;

	cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
	for (int v = 1; v <= 3; v++) {
		char want[4][96];

		snprintf(want[0], sizeof want[0], "\"ev\":\"put\",\"ch\":\"requests\",\"value\":%d", v);
		snprintf(want[1], sizeof want[1], "\"ev\":\"got\",\"ch\":\"requests\",\"value\":%d", v);
		snprintf(want[2], sizeof want[2], "\"ev\":\"put\",\"ch\":\"replies\",\"value\":%d", v);
		snprintf(want[3], sizeof want[3], "\"ev\":\"got\",\"ch\":\"replies\",\"value\":%d", v);
		for (int k = 0; k < 4; k++) {
			at = strstr(at, want[k]);
			cr_assert_not_null(at, "request %d: no %s after the step before: %s", v,
					   want[k], trace);
		}
	}
	/* turns: neither pipe ever holds two items */
	cr_expect_eq(count(trace, "\"fill\":2"), 0, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"eof\",\"ch\":\"requests\""), 1, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"exit\",\"status\":0"), 2);
	free(out);
	free(trace);
}

/* Both hold their first lock and sleep in futex(2) on the other's: the cycle
 * names both, and neither gets its second lock. */
Test(run_multi, lock_order_deadlocks_in_futex)
{
	char *trace, *out = headless("lock-order", &trace);

	cr_expect_not_null(strstr(out, "DEADLOCK: to_bob-1 sleeps in futex(2) on the lock bob; "
				       "to_alice-1 holds it, and to_alice-1 sleeps in futex(2) on "
				       "the lock alice; to_bob-1 holds it"),
			   "%s", out);
	cr_expect_not_null(strstr(trace, "\"ev\":\"deadlock\",\"cycle\":[\"to_bob-1\",\"to_alice-1\"]"),
			   "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"lock\""), 2, "%s", trace);
	cr_expect_eq(count(trace, "\"syscall\":\"futex\""), 2, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"unlock\""), 0);
	free(out);
	free(trace);
}

/* The fix the built-in's comment proposes: one close, and it ends by itself. */
Test(run_multi, no_eof_with_the_close_finishes)
{
	char path[64], *trace, *out;

	support_temp_scenario("[channel.jobs]\ntype = pipe\n[channel.results]\ntype = pipe\n"
			      "[process.parent]\ndo = put jobs 0..3\ndo = close jobs\n"
			      "do = get results all\n"
			      "[process.worker]\ndo = echo jobs results all\n",
			      path, sizeof path);
	out = headless(path, &trace);
	unlink(path);
	cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
	cr_expect_eq(count(trace, "\"ev\":\"close\",\"ch\":\"jobs\""), 1);
	cr_expect_eq(count(trace, "\"ev\":\"eof\",\"ch\":\"jobs\""), 1, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"eof\",\"ch\":\"results\""), 1);
	cr_expect_eq(count(trace, "\"ev\":\"exit\",\"status\":0"), 2);
	free(out);
	free(trace);
}

/* Two locks taken in opposite orders: each process holds one and sleeps on a
 * real futex for the other. */
Test(run_multi, locks_in_opposite_orders_deadlock_in_futex)
{
	char path[64], *trace, *out;

	support_temp_scenario("[channel.a]\ntype = lock\n[channel.b]\ntype = lock\n"
			      "[process.left]\ndo = lock a\ndo = sleep 1s\ndo = lock b\n"
			      "do = unlock b\ndo = unlock a\n"
			      "[process.right]\ndo = lock b\ndo = sleep 1s\ndo = lock a\n"
			      "do = unlock a\ndo = unlock b\n",
			      path, sizeof path);
	out = headless(path, &trace);
	unlink(path);
	cr_expect_not_null(strstr(out, "DEADLOCK: left-1 sleeps in futex(2) on the lock b; "
				       "right-1 holds it, and right-1 sleeps in futex(2) on the "
				       "lock a; left-1 holds it"),
			   "%s", out);
	cr_expect_eq(count(trace, "\"syscall\":\"futex\""), 2, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"blocked\",\"op\":\"lock\""), 2);
	free(out);
	free(trace);
}

/* A reader asleep while the only writer is in `sleep` is no deadlock. */
Test(run_multi, a_process_in_sleep_is_no_deadlock)
{
	char path[64], *trace, *out;

	support_temp_scenario("[channel.d]\ntype = pipe\n[process.late]\ndo = sleep 5s\n"
			      "do = put d 7\n[process.early]\ndo = get d 1\n",
			      path, sizeof path);
	out = headless(path, &trace);
	unlink(path);
	cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
	cr_expect_not_null(strstr(trace, "{\"t\":5.0,"), "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"got\",\"ch\":\"d\",\"value\":7"), 1, "%s", trace);
	free(out);
	free(trace);
}

/* A script's kill breaks a deadlock, as in a real system: the parent's write
 * fails with EPIPE, it reads what the child had answered, then end of file. */
Test(run_multi, a_kill_breaks_the_deadlock)
{
	char path[64], *trace, *out;
	char *text = support_read_file(IPCVIZ_SOURCE_DIR "/scenarios/pipe-deadlock.ini");
	char buf[8192];

	cr_assert_not_null(text);
	snprintf(buf, sizeof buf, "%s\n[script]\ndo = 60s kill child-1\n", text);
	free(text);
	support_temp_scenario(buf, path, sizeof path);
	out = headless(path, &trace);
	unlink(path);
	cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
	cr_expect_not_null(strstr(trace, "\"ev\":\"error\",\"op\":\"put\",\"ch\":\"to_child\",\"errno\":\"EPIPE\""),
			   "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"got\",\"ch\":\"from_child\""), 4, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"eof\",\"ch\":\"from_child\""), 1);
	free(out);
	free(trace);
}

/* kill -9 of ipcviz while its processes are deadlocked (a note far ahead
 * keeps the run from ending): they die with it, nothing is left. */
Test(run_multi, kill_9_in_a_deadlock_leaves_nothing)
{
	char path[64], *out = NULL;
	char *text = support_read_file(IPCVIZ_SOURCE_DIR "/scenarios/pipe-deadlock.ini");
	char buf[8192];
	size_t len = 0;
	int fd, status;

	cr_assert_not_null(text);
	snprintf(buf, sizeof buf, "%s\n[script]\ndo = 1000s note later\n", text);
	free(text);
	support_temp_scenario(buf, path, sizeof path);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "100", path, NULL};
	pid_t pid = support_spawn(argv, &fd, NULL);
	cr_assert_gt(pid, 0);
	/* Both asleep: the parent's kernel line comes after the child's. */
	cr_assert(support_wait_for(fd, &out, &len, "kernel: state S, waiting in", 20), "%s", out);
	cr_assert(support_wait_for(fd, &out, &len, "on to_child", 20), "%s", out);
	struct support_child kids[8];
	cr_expect_eq(support_children(pid, kids, 8), 2, "not two processes under ipcviz");
	kill(pid, SIGKILL);
	cr_assert_eq(support_wait_exit(pid, fd, &out, &len, 10, &status), 0);
	close(fd);
	unlink(path);
	cr_expect(WIFSIGNALED(status));
	cr_expect_eq(support_reap_orphans(5), 0, "a process outlived ipcviz");
	cr_expect_eq(support_ipc_left(pid), 0);
	free(out);
}

/* The pipeline over two FIFOs: every item through in order, end of file down
 * the line, as over pipes. */
Test(run_multi, a_pipeline_over_fifos_ends_with_end_of_file)
{
	char *trace, *out = headless(IPCVIZ_SOURCE_DIR "/tests/fifo-pipeline.ini", &trace);

	cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
	expect_sink_got_in_order(trace, 7);
	cr_expect_eq(count(trace, "\"ev\":\"eof\",\"ch\":\"raw\""), 1, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"eof\",\"ch\":\"cooked\""), 1);
	cr_expect_eq(count(trace, "\"ev\":\"exit\",\"status\":0"), 3);
	cr_expect_lt(strstr(trace, "\"actor\":\"filter-1\",\"ev\":\"exit\"") - trace,
		     strstr(trace, "\"ev\":\"eof\",\"ch\":\"cooked\"") - trace,
		     "end of file before the last writer was gone");
	/* the header says what they are, and gives no capacity a file may not */
	cr_expect_not_null(strstr(trace, "{\"name\":\"raw\",\"type\":\"fifo\"}"), "%s", trace);
	free(out);
	free(trace);
}

/* The subprocess deadlock over two FIFOs: 16 + 16 + 1 items, then both asleep
 * in write(2), the cycle said, the kernel's count 16 in each by FIONREAD, and
 * who holds which end read from /proc/PID/fd (a FIFO's path, by its inode). */
Test(run_multi, a_deadlock_over_two_fifos_is_found_with_its_ends)
{
	char *trace, *out = headless(IPCVIZ_SOURCE_DIR "/tests/fifo-deadlock.ini", &trace);
	struct scenario sc;
	struct run_evidence e;
	char words[4096];
	int steps = 0;

	cr_expect_not_null(strstr(out, "DEADLOCK: parent-1 sleeps in write(2) on to_child, full; "
				       "child-1 reads it, and child-1 sleeps in write(2) on "
				       "from_child, full; parent-1 reads it"),
			   "%s", out);
	cr_expect_not_null(strstr(trace, "\"ev\":\"deadlock\",\"cycle\":[\"parent-1\",\"child-1\"]"));
	/* the child's one sleep, in write(2): the deadlock's last */
	cr_expect_eq(count(trace, "\"ev\":\"kernel\",\"ch\":\"from_child\",\"state\":\"S\""), 1,
		     "%s", trace);
	cr_expect_not_null(strstr(trace, "\"ch\":\"from_child\",\"state\":\"S\",\"wchan\":\"anon_pipe_write\","
					 "\"syscall\":\"write\"}\n{\"t\":0.0,\"wall\":"));
	cr_expect_eq(count(trace, "\"ev\":\"put\",\"ch\":\"to_child\""), 33, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"put\",\"ch\":\"from_child\""), 16);
	free(out);
	free(trace);

	struct run *r = run_to_the_end(IPCVIZ_SOURCE_DIR "/tests/fifo-deadlock.ini", &sc, &e,
				       &steps);
	cr_expect_eq(support_ipc_left(getpid()), 0, "the FIFO's name is still there");
	expect_crossed_ends(&e, 16, true);
	describe_multi_explain(run_model(r), 0, true, e.chan_readers, e.chan_writers, words,
			       sizeof words);
	cr_expect_not_null(strstr(words, "\nBy /proc/PID/fd: to_child: read end held by child-1, "
					 "write end by parent-1.\nfrom_child: read end held by "
					 "parent-1, write end by child-1."), "%s", words);
	run_destroy(r);
	scenario_free(&sc);
}

/* kill -9 of ipcviz while the processes of `file` sleep, their deadlock kept
 * from being declared by a note far ahead (`asleep`: the line that says the
 * last one sleeps): no process is left, and nothing in /dev/shm, /dev/mqueue
 * or /tmp (`what` is what would be). */
static void kill_9_in_a_deadlock(const char *file, const char *asleep, const char *what)
{
	char path[64], *out = NULL;
	char *text = support_read_file(file);
	char buf[8192];
	size_t len = 0;
	int fd, status;

	cr_assert_not_null(text);
	snprintf(buf, sizeof buf, "%s\n[script]\ndo = 1000s note later\n", text);
	free(text);
	support_temp_scenario(buf, path, sizeof path);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "100", path, NULL};
	pid_t pid = support_spawn(argv, &fd, NULL);
	cr_assert_gt(pid, 0);
	cr_assert(support_wait_for(fd, &out, &len, asleep, 20), "%s", out);
	kill(pid, SIGKILL);
	cr_assert_eq(support_wait_exit(pid, fd, &out, &len, 10, &status), 0);
	close(fd);
	unlink(path);
	cr_expect(WIFSIGNALED(status));
	cr_expect_eq(support_reap_orphans(5), 0, "a process outlived ipcviz");
	cr_expect_eq(support_ipc_left(pid), 0, "%s is left", what);
	free(out);
}

/* Over FIFOs: nothing in /tmp is left (their names went when they were
 * opened). */
Test(run_multi, kill_9_in_a_deadlock_over_fifos_leaves_nothing)
{
	kill_9_in_a_deadlock(IPCVIZ_SOURCE_DIR "/tests/fifo-deadlock.ini",
			     "syscall write, on from_child", "a FIFO's directory in /tmp");
}

/* The pipeline over two socket pairs, each used one way: every item through
 * in order, end of file when no process holds the writer's end any more. */
Test(run_multi, a_pipeline_over_socket_pairs_ends_with_end_of_file)
{
	char *trace, *out = headless(IPCVIZ_SOURCE_DIR "/tests/socketpair-pipeline.ini", &trace);

	cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
	expect_sink_got_in_order(trace, 7);
	cr_expect_eq(count(trace, "\"ev\":\"eof\",\"ch\":\"raw\""), 1, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"eof\",\"ch\":\"cooked\""), 1);
	cr_expect_eq(count(trace, "\"ev\":\"exit\",\"status\":0"), 3);
	cr_expect_lt(strstr(trace, "\"actor\":\"filter-1\",\"ev\":\"exit\"") - trace,
		     strstr(trace, "\"ev\":\"eof\",\"ch\":\"cooked\"") - trace,
		     "end of file before the last writer was gone");
	cr_expect_not_null(strstr(trace, "{\"name\":\"raw\",\"type\":\"socketpair\"}"), "%s",
			   trace);
	free(out);
	free(trace);
}

/* The subprocess deadlock over two socket pairs of one item each: both asleep
 * in write(2), the cycle said, the kernel's count (FIONREAD on the reader's
 * end) 1 in each, and who holds which end by /proc/PID/fd (socket:[ino], one
 * inode an end); a kill breaks it. */
Test(run_multi, a_deadlock_over_two_socket_pairs_is_found_with_its_ends)
{
	char *trace, *out = headless(IPCVIZ_SOURCE_DIR "/tests/socketpair-deadlock.ini", &trace);
	struct scenario sc;
	struct run_evidence e;
	char err[512], words[4096];
	int steps = 0;
	size_t n;

	cr_expect_not_null(strstr(out, "DEADLOCK: parent-1 sleeps in write(2) on to_child, full; "
				       "child-1 reads it, and child-1 sleeps in write(2) on "
				       "from_child, full; parent-1 reads it"),
			   "%s", out);
	cr_expect_not_null(strstr(trace, "\"ev\":\"deadlock\",\"cycle\":[\"parent-1\",\"child-1\"]"));
	cr_expect_eq(count(trace, "\"ev\":\"put\",\"ch\":\"to_child\""), 3, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"put\",\"ch\":\"from_child\""), 1);
	cr_expect_eq(count(trace, "\"ev\":\"kernel\",\"ch\":\"from_child\",\"state\":\"S\""), 1);
	free(out);
	free(trace);

	struct run *r = run_to_the_end(IPCVIZ_SOURCE_DIR "/tests/socketpair-deadlock.ini", &sc,
				       &e, &steps);
	cr_expect_eq(sc.multi->channels[0].capacity, 1, "the kernel's least send buffer");
	expect_crossed_ends(&e, 1, true);
	describe_multi_explain(run_model(r), 0, true, e.chan_readers, e.chan_writers, words,
			       sizeof words);
	cr_expect_not_null(strstr(words, "\nBy /proc/PID/fd: to_child: read end held by child-1, "
					 "write end by parent-1.\nfrom_child: read end held by "
					 "parent-1, write end by child-1."), "%s", words);
	/* The parent's socket closes with an item unread in it: the kernel
	 * resets the pair, and the child's write fails with ECONNRESET, not
	 * EPIPE (a pipe has no such word). */
	cr_assert_eq(run_fault(r, "kill", 0, err, sizeof err), 0, "%s", err);
	bool reset = false;
	const struct event *evs = run_events(r, &n);
	for (size_t i = 0; i < n; i++)
		reset |= evs[i].type == EV_ERROR && evs[i].err == ECONNRESET && evs[i].actor == 1;
	cr_expect(reset, "the child's write did not fail with ECONNRESET");
	while (!run_finished(r) && steps++ < 800)
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s", err);
	cr_expect(run_finished(r));
	run_destroy(r);
	scenario_free(&sc);
}

/* The pipeline over two POSIX queues, and over two rings in shared memory:
 * every item through in order, each writer seen asleep in its channel's own
 * call, and no end of file (neither counts its writers): the filter takes 8,
 * the sink stops at the last value. */
Test(run_multi, pipelines_over_queues_and_rings_move_each_item_in_order)
{
	static const struct {
		const char *file, *asleep, *raw;
	} cases[] = {
		{IPCVIZ_SOURCE_DIR "/tests/queue-pipeline.ini", "\"syscall\":\"mq_timedsend\"",
		 "{\"name\":\"raw\",\"type\":\"queue\",\"capacity\":2}"},
		{IPCVIZ_SOURCE_DIR "/tests/ring-pipeline.ini", "\"syscall\":\"futex\"",
		 "{\"name\":\"raw\",\"type\":\"ring\",\"capacity\":3}"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *trace, *out = headless(cases[i].file, &trace);

		cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
		expect_sink_got_in_order(trace, 7);
		cr_expect_eq(count(trace, "\"ev\":\"eof\""), 0, "no end of file: %s", trace);
		cr_expect_eq(count(trace, "\"ev\":\"exit\",\"status\":0"), 3);
		cr_expect_gt(count(trace, cases[i].asleep), 0, "nobody seen asleep in %s: %s",
			     cases[i].asleep, trace);
		cr_expect_not_null(strstr(trace, cases[i].raw), "%s", trace);
		free(out);
		free(trace);
	}
}

/* The subprocess deadlock over two queues of three: both asleep in
 * mq_timedsend, the cycle in the queue's own call, the kernel's count
 * (mq_curmsgs through a holder's descriptor) 3 in each, and who holds which
 * descriptor by /proc/PID/fd and fdinfo (one inode, O_RDONLY or O_WRONLY).
 * A kill of the parent wakes nobody: a queue has no EPIPE, so the child
 * sleeps on, and the run ends with a chain that waits for no process. */
Test(run_multi, a_deadlock_over_two_queues_is_found_with_its_ends)
{
	char *trace, *out = headless(IPCVIZ_SOURCE_DIR "/tests/queue-deadlock.ini", &trace);
	struct scenario sc;
	struct run_evidence e;
	char words[4096];
	int steps = 0;
	size_t n;

	cr_expect_not_null(strstr(out, "DEADLOCK: parent-1 sleeps in mq_timedsend(3) on to_child, "
				       "full; child-1 reads it, and child-1 sleeps in "
				       "mq_timedsend(3) on from_child, full; parent-1 reads it"),
			   "%s", out);
	cr_expect_not_null(strstr(trace, "\"ev\":\"deadlock\",\"cycle\":[\"parent-1\",\"child-1\"]}"),
			   "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"put\",\"ch\":\"from_child\""), 3, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"kernel\",\"ch\":\"from_child\",\"state\":\"S\""), 1);
	free(out);
	free(trace);

	struct run *r = run_to_the_end(IPCVIZ_SOURCE_DIR "/tests/queue-deadlock.ini", &sc, &e,
				       &steps);
	expect_crossed_ends(&e, 3, true);
	cr_expect_str_eq(e.proc[0].wchan, "wq_sleep");
	describe_multi_explain(run_model(r), 0, true, e.chan_readers, e.chan_writers, words,
			       sizeof words);
	cr_expect_not_null(strstr(words, "inside mq_timedsend(3) on to_child: it is full (3/3)"),
			   "%s", words);
	cr_expect_not_null(strstr(words, "\nBy /proc/PID/fd: to_child: read end held by child-1, "
					 "write end by parent-1."), "%s", words);
	kill_and_finish(r, 0, &steps);
	bool open = false;
	const struct event *evs = run_events(r, &n);
	for (size_t i = 0; i < n; i++)
		if (evs[i].type == EV_DEADLOCK) {
			open = evs[i].open;
			cr_expect_eq(evs[i].cycle.n, 1);
			cr_expect_eq(evs[i].cycle.actor[0], 1, "the child waits for nobody");
			describe_multi_deadlock(run_model(r), &evs[i], words, sizeof words);
		}
	cr_expect(open, "the second deadlock is not an open chain");
	cr_expect_not_null(strstr(words, "child-1 sleeps in mq_timedsend(3) on from_child, full; "
					 "no process reads it"), "%s", words);
	run_destroy(r);
	scenario_free(&sc);
}

/* A note after every process is asleep is the script's last action: once it
 * is taken nothing can wake them, and the run ends with its deadlock (it used
 * to wait for ever). */
Test(run_multi, a_last_note_leaves_the_deadlock_to_be_found)
{
	char path[64], buf[8192], *trace, *out;
	char *text = support_read_file(IPCVIZ_SOURCE_DIR "/tests/queue-deadlock.ini");

	cr_assert_not_null(text);
	snprintf(buf, sizeof buf, "%s\n[script]\ndo = 1s note both asleep\n", text);
	free(text);
	support_temp_scenario(buf, path, sizeof path);
	out = headless(path, &trace);
	unlink(path);
	const char *note = strstr(trace, "\"ev\":\"note\"");
	const char *deadlock = strstr(trace, "\"ev\":\"deadlock\"");
	cr_assert(note && deadlock && note < deadlock, "no deadlock after the note: %s", trace);
	free(out);
	free(trace);
}

/* Over queues: nothing in /dev/mqueue (the names went before the first fork). */
Test(run_multi, kill_9_in_a_deadlock_over_queues_leaves_nothing)
{
	kill_9_in_a_deadlock(IPCVIZ_SOURCE_DIR "/tests/queue-deadlock.ini",
			     "syscall mq_timedsend, on from_child", "a queue in /dev/mqueue");
}

/* The subprocess deadlock over two rings of two places: both asleep in
 * futex(2) on their semaphore's word (the settle rule checks the address),
 * the count 2 in each (sem_getvalue of `items`), no descriptor to list; a
 * kill of the parent wakes nobody, so the run ends with the child waiting
 * for no process. Nothing is in /dev/shm meanwhile: the mapping is anonymous. */
Test(run_multi, a_deadlock_over_two_rings_is_found_and_a_kill_leaves_an_open_chain)
{
	struct scenario sc;
	struct run_evidence e;
	char words[4096];
	int steps;
	size_t n;
	struct run *r = run_to_the_end(IPCVIZ_SOURCE_DIR "/tests/ring-deadlock.ini", &sc, &e,
				       &steps);
	const struct event *evs = run_events(r, &n);

	cr_expect_eq(support_ipc_left(getpid()), 0, "the rings are in /dev/shm");
	cr_assert(n > 0 && evs[n - 1].type == EV_DEADLOCK, "the last step ends in no deadlock");
	cr_expect(!evs[n - 1].open, "two rings full: a cycle");
	describe_multi_deadlock(run_model(r), &evs[n - 1], words, sizeof words);
	cr_expect_not_null(strstr(words, "parent-1 sleeps in futex(2) on requests, full; child-1 "
					 "reads it, and child-1 sleeps in futex(2) on replies, "
					 "full; parent-1 reads it"), "%s", words);
	cr_expect_eq(e.chan_kfill[0], 2, "sem_getvalue(items) of requests");
	cr_expect_eq(e.chan_kfill[1], 2);
	cr_expect_eq(e.chan_readers[0] | e.chan_writers[0], 0u, "a ring has no descriptor");
	cr_expect(e.proc[1].in_syscall && e.proc[1].nr == SYS_futex, "the child not in futex(2)");
	describe_multi_explain(run_model(r), 1, true, e.chan_readers, e.chan_writers, words,
			       sizeof words);
	cr_expect_not_null(strstr(words, "in sem_wait(slots), on the ring replies: all 2 places "
					 "are full"), "%s", words);
	cr_expect_null(strstr(words, "replies: read end"), "%s", words);
	kill_and_finish(r, 0, &steps);
	evs = run_events(r, &n);
	bool open = false;
	for (size_t i = 0; i < n; i++)
		if (evs[i].type == EV_DEADLOCK) {
			open = evs[i].open && evs[i].cycle.n == 1 && evs[i].cycle.actor[0] == 1;
			describe_multi_deadlock(run_model(r), &evs[i], words, sizeof words);
		}
	cr_expect(open, "the child does not wait for nobody");
	cr_expect_not_null(strstr(words, "child-1 sleeps in futex(2) on replies, full; no process "
					 "reads it"), "%s", words);
	run_destroy(r);
	scenario_free(&sc);
}

/* A deadlock with no cycle, or with sleepers outside it: every process asleep
 * for ever is named, in its own call; a ring's waker is whoever's program
 * still uses it the other way (what it did before wakes nobody); one
 * sleeper alone is "it". */
Test(run_multi, a_deadlock_names_every_sleeper_and_who_could_wake_each)
{
	static const struct {
		const char *file, *words, *trace;
	} cases[] = {
		{"[channel.q]\ntype = queue\ncapacity = 2\n[process.w]\ncount = 2\ndo = put q 0..5\n"
		 "[process.r]\ndo = get q 1\n",
		 "DEADLOCK: w-1 sleeps in mq_timedsend(3) on q, full; no process reads it. Asleep "
		 "too: w-2. Nothing can wake them: the run ends here.",
		 "\"cycle\":[\"w-1\"],\"open\":true,\"others\":[\"w-2\"]}"},
		{"[channel.r1]\ntype = ring\n[channel.r2]\ntype = ring\n[process.a]\ndo = get r1 1\n"
		 "do = put r2 1\n[process.b]\ndo = get r2 1\ndo = put r1 1\n",
		 "DEADLOCK: a-1 sleeps in futex(2) on r1, empty; b-1 writes it, and b-1 sleeps in "
		 "futex(2) on r2, empty; a-1 writes it. Nothing can wake them: the run ends here.",
		 "\"cycle\":[\"a-1\",\"b-1\"]}"},
		{"[channel.r]\ntype = ring\ncapacity = 1\n[process.a]\ndo = put r 9\ndo = get r 1\n"
		 "do = put r 10\ndo = put r 11\n",
		 "DEADLOCK: a-1 sleeps in futex(2) on r, full; no process reads it. Nothing can wake "
		 "it: the run ends here.",
		 "\"cycle\":[\"a-1\"],\"open\":true}"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[64], *trace, *out;

		support_temp_scenario(cases[i].file, path, sizeof path);
		out = headless(path, &trace);
		unlink(path);
		cr_expect_not_null(strstr(out, cases[i].words), "case %zu: %s", i, out);
		cr_expect_not_null(strstr(trace, cases[i].trace), "case %zu: %s", i, trace);
		free(out);
		free(trace);
	}
}

/* Over rings: nothing in /dev/shm (the mapping is anonymous). */
Test(run_multi, kill_9_in_a_deadlock_over_rings_leaves_nothing)
{
	kill_9_in_a_deadlock(IPCVIZ_SOURCE_DIR "/tests/ring-deadlock.ini",
			     "syscall futex, on replies", "a ring in /dev/shm");
}

/* The run interface itself: steps, events in order, the deadlock's cycle. */
Test(run_multi, through_the_run_interface)
{
	struct scenario sc;
	char err[512];
	struct run *r;
	int steps = 0;
	bool deadlock = false;

	cr_assert_eq(scenario_load("no-eof", &sc, err, sizeof err), 0, "%s", err);
	r = run_multi_create(&sc, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	size_t n;
	const struct event *evs = run_events(r, &n);
	cr_assert_eq(n, 2); /* the spawns */
	cr_expect_eq(evs[0].type, EV_SPAWN);
	cr_expect_eq(evs[1].actor, 1);
	while (!run_finished(r) && steps < 100) {
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s", err);
		evs = run_events(r, &n);
		for (size_t i = 0; i < n; i++)
			if (evs[i].type == EV_DEADLOCK) {
				deadlock = true;
				cr_expect_eq(evs[i].cycle.n, 2);
				cr_expect_eq(evs[i].cycle.actor[0], 0);
				cr_expect_eq(evs[i].cycle.actor[1], 1);
			}
		steps++;
	}
	cr_expect(deadlock);
	cr_expect(run_finished(r));
	cr_expect_eq(run_model(r)->chans[1].gets, 4);
	cr_expect_not_null(strstr(run_end_reason(r), "DEADLOCK"));
	cr_expect_neq(run_step(r, RUN_ANY, err, sizeof err), 0, "a step after the end");
	run_destroy(r);
	scenario_free(&sc);
}

/* The screen's evidence (run_evidence): in pipe-deadlock's deadlock each pipe
 * holds 4 items by the kernel's own count, and /proc/PID/fd says who holds
 * which end; a kill (run_fault, the k key) breaks the deadlock: the run goes
 * on, the child's write fails with EPIPE, and it ends by itself. */
Test(run_multi, evidence_and_a_kill_from_the_screen)
{
	struct scenario sc;
	struct run_evidence e;
	char err[512];
	struct run *r;
	size_t n;
	int steps = 0;

	cr_assert_eq(scenario_load("pipe-deadlock", &sc, err, sizeof err), 0, "%s", err);
	r = run_multi_create(&sc, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	cr_assert_eq(run_evidence(r, &e), 0);
	cr_expect_eq(e.nchannels, 2);
	expect_crossed_ends(&e, 0, false);
	while (!run_finished(r) && steps++ < 200)
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s", err);
	cr_assert(run_finished(r));
	cr_assert_eq(run_evidence(r, &e), 0);
	for (int a = 0; a < 2; a++) {
		cr_expect(e.valid[a]);
		cr_expect_eq(e.proc[a].state, 'S');
	}
	cr_expect_eq(e.chan_kfill[0], 4, "the kernel's count of to_child");
	cr_expect_eq(e.chan_kfill[1], 4, "the kernel's count of from_child");
	/* the explain panel's words from it: why, and who holds each end */
	char words[4096];
	describe_multi_explain(run_model(r), 0, true, e.chan_readers, e.chan_writers, words,
			       sizeof words);
	cr_expect_not_null(strstr(words, "parent-1 is asleep in the kernel inside write(2) on "
					 "to_child: it is full (4/4)."), "%s", words);
	cr_expect_not_null(strstr(words, "\nBy /proc/PID/fd: to_child: read end held by child-1, "
					 "write end by parent-1.\nfrom_child: read end held by "
					 "parent-1, write end by child-1."), "%s", words);
	cr_expect_not_null(strstr(words, "\nThe kernel shows it: state S"), "%s", words);
	describe_multi_explain(run_model(r), 0, false, e.chan_readers, e.chan_writers, words,
			       sizeof words);
	cr_expect_not_null(strstr(words, "read live from /proc/PID/fd: not for this moment"),
			   "%s", words);
	cr_expect_eq(run_fault(r, "stop", 0, err, sizeof err), -1, "stop is not run yet");
	cr_assert_eq(run_fault(r, "kill", run_target(r), err, sizeof err), 0, "%s", err);
	bool epipe = false;
	const struct event *evs = run_events(r, &n);
	for (size_t i = 0; i < n; i++)
		epipe |= evs[i].type == EV_ERROR && evs[i].err == EPIPE && evs[i].actor == 1;
	cr_expect(epipe, "the child's write did not fail with EPIPE");
	cr_expect_str_eq(run_end_reason(r), "", "the deadlock is broken");
	while (!run_finished(r) && steps++ < 400)
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s", err);
	cr_expect(run_finished(r));
	cr_assert_eq(run_evidence(r, &e), 0);
	cr_expect(!e.valid[0] && !e.valid[1], "both gone");
	cr_expect_eq(e.chan_kfill[0], -1, "no holder left to ask");
	run_destroy(r);
	scenario_free(&sc);
}

/* The state letter of pid in /proc (T: stopped), '?' if gone. */
static char proc_state(pid_t pid)
{
	char path[64], *text, *paren, st;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	text = support_read_file(path);
	paren = text ? strrchr(text, ')') : NULL;
	st = paren && paren[1] ? paren[2] : '?';
	free(text);
	return st;
}

/* Sends sig to pid and waits (10 s at most) until /proc shows it took it. */
static void signal_seen(pid_t pid, int sig)
{
	kill(pid, sig);
	for (int i = 0; i < 10000 && (proc_state(pid) == 'T') != (sig == SIGSTOP); i++)
		usleep(1000);
	cr_assert_eq(proc_state(pid) == 'T', sig == SIGSTOP, "pid %d did not take signal %d",
		     (int)pid, sig);
}

/* Where in the latest events the first of type is (an outside fault: its
 * action), or -1. */
static int find_event(const struct run *r, enum event_type type, const char *action)
{
	size_t n;
	const struct event *evs = run_events(r, &n);

	for (size_t i = 0; i < n; i++)
		if (evs[i].type == type && (!action || strcmp(evs[i].action, action) == 0))
			return (int)i;
	return -1;
}

/* Polls r's descriptors and services it until the latest events hold type
 * (10 s at most). */
static void service_until(struct run *r, enum event_type type, const char *action)
{
	char err[512];

	for (int i = 0; i < 100; i++) {
		struct pollfd fds[SCENARIO_MAX_ACTORS + 2];
		int n = run_fds(r, fds, SCENARIO_MAX_ACTORS + 2);

		cr_assert_gt(n, 0, "nothing to wait on");
		if (poll(fds, (nfds_t)n, 100) > 0) {
			cr_assert_eq(run_service(r, err, sizeof err), 0, "%s", err);
			if (find_event(r, type, action) >= 0)
				return;
		}
	}
	cr_assert_fail("no event %d came", type);
}

/* A process stopped from outside (kill -STOP) while the run needs it holds
 * the step: the run says who it waits for, is not over and finds no deadlock
 * meanwhile, and goes on after SIGCONT to the end it would have had. */
Test(run_multi, a_process_stopped_from_outside_is_waited_for)
{
	struct scenario sc;
	char path[64], err[512];
	struct run *r;
	int deadlocks = 0;

	/* left takes a, right takes b, each then sleeps for the other's */
	support_temp_scenario("[channel.a]\ntype = lock\n[channel.b]\ntype = lock\n"
			      "[process.left]\ndo = lock a\ndo = sleep 1s\ndo = lock b\n"
			      "[process.right]\ndo = lock b\ndo = sleep 1s\ndo = lock a\n",
			      path, sizeof path);
	cr_assert_eq(scenario_load(path, &sc, err, sizeof err), 0, "%s", err);
	unlink(path);
	r = run_multi_create(&sc, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	for (int i = 0; i < 3; i++) /* left: a; right: b; left asleep on b */
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s", err);
	cr_assert_eq(run_model(r)->actors[0].state, ACTOR_BLOCKED);
	pid_t right = run_header(r)->actors[1].pid;
	signal_seen(right, SIGSTOP);

	/* right's turn: its permit waits in the pipe it does not read */
	cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s", err);
	size_t n;
	const struct event *evs = run_events(r, &n);
	cr_assert_eq(n, 1, "only the line that says who the run waits for");
	cr_expect_eq(evs[0].type, EV_FAULT);
	cr_expect_eq(evs[0].actor, EVENT_ACTOR_OUTSIDE);
	cr_expect_str_eq(evs[0].action, "stop");
	cr_expect_eq(evs[0].target, 1);
	cr_expect(!run_finished(r), "a stopped process can be continued");
	cr_expect_eq(run_next_due(r), INT64_MAX, "no step while one is held");
	cr_expect_eq(run_can_step(r, 0), RUN_CANNOT_ASLEEP);
	cr_expect_neq(run_step(r, RUN_ANY, err, sizeof err), 0, "a step while held");

	/* Ticks of the timer meanwhile change nothing. */
	for (int i = 0; i < 3; i++) {
		struct pollfd fds[SCENARIO_MAX_ACTORS + 2];
		int nfds = run_fds(r, fds, SCENARIO_MAX_ACTORS + 2);

		cr_assert_gt(poll(fds, (nfds_t)nfds, 5000), 0, "the timer did not tick");
		cr_assert_eq(run_service(r, err, sizeof err), 0, "%s", err);
		run_events(r, &n);
		cr_expect_eq(n, 0);
		cr_expect(!run_finished(r));
	}

	signal_seen(right, SIGCONT);
	service_until(r, EV_FAULT, "cont");
	cr_expect_lt(find_event(r, EV_FAULT, "cont"), find_event(r, EV_BLOCKED, NULL),
		     "continued, then asleep on a");
	/* now both sleep for the other's lock: the deadlock, found by itself */
	deadlocks += find_event(r, EV_DEADLOCK, NULL) >= 0;
	for (int i = 0; i < 10 && !run_finished(r); i++) {
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s", err);
		deadlocks += find_event(r, EV_DEADLOCK, NULL) >= 0;
	}
	cr_expect(run_finished(r));
	cr_expect_eq(deadlocks, 1);
	run_destroy(r);
	scenario_free(&sc);
}

/* The same from another terminal on a headless run: the pipeline's filter
 * stopped; the run does not end while it is, and ends whole after SIGCONT. */
Test(run_multi, headless_waits_for_a_stopped_stage)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "8", "pipeline", NULL};
	char words[160], *out = NULL;
	size_t len = 0;
	int fd, status;
	pid_t pid = support_spawn(argv, &fd, NULL), filter = -1;

	cr_assert_gt(pid, 0);
	cr_assert(support_wait_for(fd, &out, &len, "put 1 into raw", 20), "%s", out);
	struct support_child kids[8];
	int nkids = support_children(pid, kids, 8);
	for (int i = 0; i < nkids; i++)
		if (strcmp(kids[i].comm, "ipcviz-x2") == 0)
			filter = kids[i].pid;
	cr_assert_gt(filter, 0, "no filter among %d children", nkids);
	signal_seen(filter, SIGSTOP);
	snprintf(words, sizeof words,
		 "filter-1 (pid %d) was stopped from outside; the run waits for it: "
		 "kill -CONT %d to go on",
		 (int)filter, (int)filter);
	cr_assert(support_wait_for(fd, &out, &len, words, 20), "%s", out);
	/* Well past what the run needs undisturbed (about 10 s / 8): it must not end. */
	cr_expect(!support_wait_for(fd, &out, &len, "DEADLOCK", 2.5), "%s", out);
	cr_expect_eq(waitpid(pid, &status, WNOHANG), 0, "the run ended while held");
	signal_seen(filter, SIGCONT);
	cr_assert(support_wait_for(fd, &out, &len, "was continued: the run goes on", 20), "%s", out);
	cr_assert_eq(support_wait_exit(pid, fd, &out, &len, 30, &status), 0);
	close(fd);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
	cr_expect_not_null(strstr(out, "raw: 6 items put, 6 taken, 0 left in it"), "%s", out);
	cr_expect_not_null(strstr(out, "cooked: 6 items put, 6 taken, 0 left in it"), "%s", out);
	cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
	cr_expect_eq(count(out, "end of file on"), 2, "%s", out);
	free(out);
}

/* The script's stop and cont: a reader stopped while its writer fills the
 * pipe is no deadlock; once continued it takes every item, and the run ends as
 * it would have. */
Test(run_multi, the_script_stops_and_continues_a_reader)
{
	char path[64], *trace, *out;

	support_temp_scenario("[channel.d]\ntype = pipe\ncapacity = 1\n"
			      "[process.w]\ndo = put d 1..3 every 1s\n"
			      "[process.r]\ndo = get d all\n"
			      "[script]\ndo = 0.5s stop r-1\ndo = 5s cont r-1\n",
			      path, sizeof path);
	out = headless(path, &trace);
	unlink(path);
	cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
	cr_expect_eq(count(trace, "\"ev\":\"fault\",\"action\":\"stop\""), 1, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"fault\",\"action\":\"cont\""), 1, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"got\",\"ch\":\"d\""), 3, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"eof\""), 1, "%s", trace);
	cr_expect_eq(count(trace, "\"ev\":\"exit\",\"status\":0"), 2, "%s", trace);
	/* nothing is taken while it is stopped: the first got after 0.5 s is at 5 s */
	const char *cont = strstr(trace, "\"action\":\"cont\"");
	const char *got2 = strstr(trace, "\"ev\":\"got\",\"ch\":\"d\",\"value\":2");
	cr_expect(cont && got2 && cont < got2, "%s", trace);
	free(out);
	free(trace);
}

/* Stopped by the script and never continued: nothing can move, and the run
 * ends by itself saying so; not a deadlock. */
Test(run_multi, a_process_the_script_never_continues_ends_the_run)
{
	char path[64], *trace, *out;

	support_temp_scenario("[channel.d]\ntype = pipe\ncapacity = 1\n"
			      "[process.w]\ndo = put d 1..3\n"
			      "[process.r]\ndo = get d all\n"
			      "[script]\ndo = 0s stop r-1\n",
			      path, sizeof path);
	out = headless(path, &trace);
	unlink(path);
	cr_expect_null(strstr(out, "DEADLOCK"), "%s", out);
	cr_expect_not_null(strstr(out, "No process can proceed any more: w-1 is asleep in the "
				       "kernel and nothing is left that could wake it; r-1 is "
				       "stopped (SIGSTOP)."),
			   "%s", out);
	cr_expect_eq(count(trace, "\"ev\":\"got\""), 0, "%s", trace);
	free(out);
	free(trace);
}

/* What is not run yet says so: one line, status 2, nothing on stdout. */
Test(run_multi, not_run_yet_refused)
{
	static const struct {
		const char *text;
		const char *mode;
		const char *want;
	} cases[] = {
		{"[channel.d]\ntype = pipe\n[process.p]\ndo = put d 1\n[process.r]\ndo = get d 1\n"
		 "[script]\ndo = 1s stop p-1\n",
		 "--print-code", ":8: p-1 is stopped and never continued, so its program would wait for ever (--print-code): give it a later cont or kill"},
		{"[channel.d]\ntype = pipe\n[process.p]\ndo = put d 1\n[process.r]\ndo = get d 1\n"
		 "[goal]\nreach = blocked-put\n",
		 "explore", ":7: reach = blocked-put with several channels is not run yet (deadlock, eof and epipe are)"},
		{"[channel.f]\ntype = fifo\ncapacity = 4\n[process.p]\ndo = put f 1\n[process.r]\ndo = get f 1\n",
		 "--headless", ":3: capacity: a FIFO among several channels has the kernel's own size, 16 items of one page (64 KiB); capacity is not for fifo"},
		{"[channel.s]\ntype = socketpair\ncapacity = 4\n[process.p]\ndo = put s 1\n[process.r]\ndo = get s 1\n",
		 "--print-code", ":3: the kernel sizes a socket pair's buffer itself; capacity is not for socketpair"},
		{"[channel.s]\ntype = sockpair\n[process.p]\ndo = put s 1\n[process.r]\ndo = get s 1\n",
		 "--headless", ":2: type: `sockpair` is not a channel here (use pipe, queue, ring, socketpair, fifo or lock)"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[64], want[512], *out, *err;
		char *argv[6] = {IPCVIZ_BIN};
		int n = 1, status;

		if (cases[i].text)
			support_temp_scenario(cases[i].text, path, sizeof path);
		else
			snprintf(path, sizeof path, "%s", "pipe-deadlock");
		if (strcmp(cases[i].mode, "--print-code") == 0) {
			argv[n++] = "--print-code";
			argv[n++] = "c";
		} else if (strcmp(cases[i].mode, "screen") != 0) {
			argv[n++] = (char *)cases[i].mode;
		}
		argv[n++] = path;
		snprintf(want, sizeof want, "ipcviz: %s%s%s\n", path, cases[i].want[0] == ':' ? "" : ": ",
			 cases[i].want);
		cr_assert_eq(support_run(argv, 20, &out, &err, &status), 0);
		cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2, "case %zu: status %d", i,
			  status);
		cr_expect_str_eq(err, want, "case %zu", i);
		cr_expect_str_eq(out, "", "case %zu", i);
		free(out);
		free(err);
		if (cases[i].text)
			unlink(path);
	}
}
