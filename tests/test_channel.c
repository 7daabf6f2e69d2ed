/* test_channel.c - each channel on real processes: it holds exactly its capacity,
 * keeps FIFO order, and a writer on a full one / a reader on an empty one is
 * really asleep in the kernel, as /proc shows. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channel.h"
#include "procinfo.h"
#include "support.h"

static pid_t kids[8];
static int nkids;

static void reap_all(void)
{
	for (int i = 0; i < nkids; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	nkids = 0;
}

static void check_nothing_left(void)
{
	reap_all();
	cr_expect_eq(support_children_left(), 0, "a child was left behind");
	cr_expect_eq(support_ipc_left(getpid()), 0, "an IPC object was left behind");
}

TestSuite(channel, .fini = check_nothing_left, .timeout = 30);

typedef int (*child_fn)(struct channel *ch, int arg);

/* Forks a child that attaches as `role` and runs fn; returns once it attached. */
static pid_t spawn(struct channel *ch, enum role role, child_fn fn, int arg)
{
	int ready[2];
	char byte;

	cr_assert_eq(pipe(ready), 0);
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		close(ready[0]);
		signal(SIGPIPE, SIG_IGN);
		if (ch->ops->attach(ch, role) != 0)
			_exit(100);
		if (write(ready[1], "r", 1) != 1)
			_exit(101);
		_exit(fn(ch, arg));
	}
	close(ready[1]);
	cr_assert_eq(read(ready[0], &byte, 1), 1, "child did not attach");
	close(ready[0]);
	kids[nkids++] = pid;
	return pid;
}

static int exit_code(pid_t pid)
{
	int status;

	cr_assert_eq(waitpid(pid, &status, 0), pid);
	for (int i = 0; i < nkids; i++)
		if (kids[i] == pid)
			kids[i] = kids[--nkids];
	cr_assert(WIFEXITED(status), "child died from signal %d", WTERMSIG(status));
	return WEXITSTATUS(status);
}

/* Puts 0, 1, … without blocking until the channel is full; exits with the count. */
static int fill_until_full(struct channel *ch, int limit)
{
	for (int i = 0; i < limit; i++) {
		struct ch_item it = {.value = i};
		enum ch_result r = ch->ops->try_put(ch, &it);
		if (r == CH_AGAIN)
			return i;
		if (r != CH_OK)
			return 200;
	}
	return limit;
}

/* Gets n items and checks they are 0..n-1 in order; 0 if so. */
static int get_in_order(struct channel *ch, int n)
{
	for (int i = 0; i < n; i++) {
		struct ch_item it;
		if (ch->ops->get(ch, &it) != CH_OK)
			return 10 + i;
		if (it.value != i)
			return 100 + i;
	}
	struct ch_item it;
	enum ch_result r = ch->ops->try_get(ch, &it);
	return r == CH_AGAIN || r == CH_EOF ? 0 : 99;
}

/* Puts n + 2 items into a channel of n that a consumer takes one from: the last
 * put finds it full and blocks for ever. */
static int put_until_blocked(struct channel *ch, int n)
{
	for (int i = 0; i < n + 2; i++) {
		struct ch_item it = {.value = i};
		if (ch->ops->put(ch, &it) != CH_OK)
			return 1;
	}
	return 0;
}

static int get_one(struct channel *ch, int unused)
{
	struct ch_item it;
	return ch->ops->get(ch, &it) == CH_OK ? 0 : 1;
}

/* Stays alive (holding its end of the channel) until killed: a pipe writer needs
 * a reader alive, a pipe reader sleeps only while a writer exists. */
static int sleep_long(struct channel *ch, int unused)
{
	pause();
	return 0;
}

static int get_one_then_stay(struct channel *ch, int unused)
{
	get_one(ch, 0);
	return sleep_long(ch, 0);
}

static int do_nothing(struct channel *ch, int unused)
{
	return 0;
}

/* Waits (deadline 5 s) until pid sleeps in the channel's own call; returns wchan. */
static void expect_asleep(struct channel *ch, pid_t pid, enum role role, const char *wchan)
{
	struct procfiles pf;
	struct procinfo pi;
	struct timespec t0, t;

	cr_assert_eq(procinfo_open(&pf, pid), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		cr_assert_eq(procinfo_read(&pf, &pi, true), 0);
		/* The three files are read one after the other: a process woken in
		 * between (a ring's producer whose first sleep a consumer ends) shows
		 * no wait channel. So all three must agree on one pass. */
		if (pi.state == 'S' && pi.in_syscall && ch->ops->sleeps_in(ch, role, pi.nr, pi.arg0) &&
		    strstr(pi.wchan, wchan))
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
		cr_assert_lt(t.tv_sec - t0.tv_sec, 5,
			     "never asleep in the channel (state %c, wait channel %s, expected %s)",
			     pi.state, pi.wchan, wchan);
		usleep(1000);
	}
	procinfo_close(&pf);
}

static void open_channel(struct channel *ch, enum channel_kind kind, int capacity)
{
	char err[256];
	cr_assert_eq(channel_open(ch, kind, capacity, 0, err, sizeof err), 0, "%s", err);
}

static void holds_capacity(enum channel_kind kind, int capacity, int expected)
{
	struct channel ch;

	open_channel(&ch, kind, capacity);
	cr_expect_eq(ch.kernel_capacity, expected);
	spawn(&ch, ROLE_CONSUMER, sleep_long, 0);
	pid_t p = spawn(&ch, ROLE_PRODUCER, fill_until_full, 100);
	ch.ops->release(&ch);
	cr_expect_eq(exit_code(p), expected, "items before the channel was full");
	ch.ops->close(&ch);
}

Test(channel, pipe_holds_capacity_pages)
{
	holds_capacity(CHANNEL_PIPE, 4, 4);
}

Test(channel, pipe_rounds_capacity_up_to_pages_power_of_two)
{
	holds_capacity(CHANNEL_PIPE, 3, 4);
}

Test(channel, queue_holds_capacity)
{
	holds_capacity(CHANNEL_QUEUE, 4, 4);
}

static void keeps_fifo_order(enum channel_kind kind)
{
	struct channel ch;

	open_channel(&ch, kind, 4);
	pid_t c = spawn(&ch, ROLE_CONSUMER, get_in_order, 4);
	pid_t p = spawn(&ch, ROLE_PRODUCER, fill_until_full, 4);
	ch.ops->release(&ch);
	cr_expect_eq(exit_code(p), 4);
	cr_expect_eq(exit_code(c), 0, "consumer saw the items out of order");
	ch.ops->close(&ch);
}

Test(channel, pipe_keeps_fifo_order)
{
	keeps_fifo_order(CHANNEL_PIPE);
}

Test(channel, queue_keeps_fifo_order)
{
	keeps_fifo_order(CHANNEL_QUEUE);
}

static void blocks_full_writer(enum channel_kind kind, const char *wchan)
{
	struct channel ch;

	open_channel(&ch, kind, 2);
	spawn(&ch, ROLE_CONSUMER, get_one_then_stay, 0);
	pid_t p = spawn(&ch, ROLE_PRODUCER, put_until_blocked, 2);
	ch.ops->release(&ch);
	/* the consumer takes one; the producer then fills the last slot and sleeps */
	expect_asleep(&ch, p, ROLE_PRODUCER, wchan);
	ch.ops->close(&ch);
}

Test(channel, pipe_full_writer_sleeps_in_write)
{
	blocks_full_writer(CHANNEL_PIPE, "pipe_write");
}

Test(channel, queue_full_writer_sleeps_in_mq_timedsend)
{
	blocks_full_writer(CHANNEL_QUEUE, "wq_sleep");
}

static void blocks_empty_reader(enum channel_kind kind, const char *wchan)
{
	struct channel ch;

	open_channel(&ch, kind, 2);
	spawn(&ch, ROLE_PRODUCER, sleep_long, 0);
	pid_t c = spawn(&ch, ROLE_CONSUMER, get_one, 0);
	ch.ops->release(&ch);
	expect_asleep(&ch, c, ROLE_CONSUMER, wchan);
	ch.ops->close(&ch);
}

Test(channel, queue_empty_reader_sleeps_in_mq_timedreceive)
{
	blocks_empty_reader(CHANNEL_QUEUE, "wq_sleep");
}

Test(channel, pipe_empty_reader_sleeps_in_read)
{
	blocks_empty_reader(CHANNEL_PIPE, "pipe_read");
}

/* Keeps writing until the last reader is gone: then write fails with EPIPE
 * (SIGPIPE is ignored, as in every actor). Gives up after about 5 s. */
static int put_until_epipe(struct channel *ch, int unused)
{
	for (int tries = 0; tries < 5000; tries++) {
		struct ch_item it = {.value = tries};
		enum ch_result r = ch->ops->try_put(ch, &it);
		if (r == CH_ERROR)
			return errno == EPIPE ? 0 : 2;
		usleep(1000);
	}
	return 1;
}

Test(channel, pipe_without_reader_fails_with_epipe)
{
	struct channel ch;

	open_channel(&ch, CHANNEL_PIPE, 2);
	pid_t c = spawn(&ch, ROLE_CONSUMER, do_nothing, 0);
	cr_assert_eq(exit_code(c), 0);
	pid_t p = spawn(&ch, ROLE_PRODUCER, put_until_epipe, 0);
	ch.ops->release(&ch); /* the parent's read end was the last one */
	cr_expect_eq(exit_code(p), 0, "write with no reader did not fail with EPIPE");
	ch.ops->close(&ch);
}

Test(channel, shm_reports_lost_and_again)
{
	struct channel ch;
	struct ch_item it = {.value = 7};

	open_channel(&ch, CHANNEL_SHM, 1);
	ch.ops->attach(&ch, ROLE_PRODUCER);
	ch.ops->put(&ch, &it);
	cr_expect_not(it.lost, "the first write lost nothing");
	it = (struct ch_item){.value = 8};
	ch.ops->put(&ch, &it);
	cr_expect(it.lost, "7 was never read");
	cr_expect_eq(it.lost_value, 7);
	ch.ops->get(&ch, &it);
	cr_expect_eq(it.value, 8);
	cr_expect_not(it.again);
	ch.ops->get(&ch, &it);
	cr_expect(it.again, "the second read of the same write is stale");
	it = (struct ch_item){.value = 9};
	ch.ops->put(&ch, &it);
	cr_expect_not(it.lost, "8 was read");
	ch.ops->release(&ch);
	ch.ops->close(&ch);
}

Test(channel, queue_capacity_above_msg_max_names_the_limit)
{
	struct channel ch;
	char err[256];

	cr_assert_eq(channel_open(&ch, CHANNEL_QUEUE, 11, 0, err, sizeof err), -1);
	cr_expect(strstr(err, "fs.mqueue.msg_max"), "message: %s", err);
}

Test(channel, kernel_names)
{
	struct channel ch;

	open_channel(&ch, CHANNEL_QUEUE, 2);
	cr_expect_eq(strncmp(ch.kernel_name, "/ipcviz-", 8), 0, "%s", ch.kernel_name);
	ch.ops->close(&ch);
	open_channel(&ch, CHANNEL_PIPE, 2);
	cr_expect_eq(strncmp(ch.kernel_name, "pipe:[", 6), 0, "%s", ch.kernel_name);
	ch.ops->close(&ch);
}

/* ---- the later channels (issue 8) ---- */

Test(channel, ring_holds_capacity_and_keeps_order)
{
	holds_capacity(CHANNEL_RING, 4, 4);
	keeps_fifo_order(CHANNEL_RING);
}

Test(channel, ring_sleeps_in_futex_full_and_empty)
{
	blocks_full_writer(CHANNEL_RING, "futex");
	blocks_empty_reader(CHANNEL_RING, "futex");
}

Test(channel, socketpair_measures_what_it_holds)
{
	struct channel ch;

	open_channel(&ch, CHANNEL_SOCKETPAIR, 0);
	cr_assert_geq(ch.kernel_capacity, 1);
	holds_capacity(CHANNEL_SOCKETPAIR, 0, ch.kernel_capacity);
	keeps_fifo_order(CHANNEL_SOCKETPAIR);
	ch.ops->close(&ch);
}

Test(channel, socketpair_empty_reader_sleeps_in_read)
{
	blocks_empty_reader(CHANNEL_SOCKETPAIR, "unix_stream");
}

Test(channel, fifo_is_a_named_pipe_removed_on_close)
{
	struct channel ch;
	struct stat st;
	char dir[sizeof ch.dir];

	open_channel(&ch, CHANNEL_FIFO, 1);
	cr_assert_eq(stat(ch.path, &st), 0, "%s: %s", ch.path, strerror(errno));
	cr_expect(S_ISFIFO(st.st_mode));
	cr_expect_eq(st.st_mode & 0777, 0600);
	snprintf(dir, sizeof dir, "%s", ch.dir);
	cr_assert_eq(stat(dir, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0700, "a private directory");
	keeps_fifo_order(CHANNEL_FIFO);
	ch.ops->close(&ch);
	cr_expect_neq(access(ch.path[0] ? ch.path : dir, F_OK), 0);
	cr_expect_neq(access(dir, F_OK), 0, "the directory is removed on close");
}

Test(channel, fifo_empty_reader_sleeps_in_read)
{
	blocks_empty_reader(CHANNEL_FIFO, "pipe_read");
}

/* race: two loads, then two stores: the second store wipes out the first's
 * increment. Each struct channel is one process's view (its own loaded value);
 * the memory is one. With the lock, the second load cannot happen in between. */
Test(channel, race_store_after_another_store_is_a_lost_update)
{
	struct channel a, b;
	struct ch_item x, y;

	open_channel(&a, CHANNEL_RACE, 0);
	b = a;
	cr_assert_eq(a.ops->try_get(&a, &x), CH_OK);
	cr_assert_eq(b.ops->try_get(&b, &y), CH_OK);
	cr_assert_eq(a.ops->put(&a, &x), CH_OK);
	cr_expect(!x.lost, "the first store loses nothing");
	cr_assert_eq(b.ops->put(&b, &y), CH_OK);
	cr_expect(y.lost, "the second store wipes out the first's increment");
	cr_expect_eq(y.lost_value, 1);
	cr_expect_eq(a.ops->counter_value(&a), 1, "two increments, counter 1");
	a.ops->close(&a);

	open_channel(&a, CHANNEL_RACE_LOCKED, 0);
	b = a;
	cr_assert_eq(a.ops->try_get(&a, &x), CH_OK);
	cr_expect_eq(b.ops->try_get(&b, &y), CH_AGAIN, "the lock is held: the load must wait");
	cr_assert_eq(a.ops->put(&a, &x), CH_OK);
	cr_assert_eq(b.ops->try_get(&b, &y), CH_OK, "the store gave the lock back");
	cr_assert_eq(b.ops->put(&b, &y), CH_OK);
	cr_expect(!y.lost);
	cr_expect_eq(a.ops->counter_value(&a), 2);
	a.ops->close(&a);
}

/* What an ipcviz killed with -9 left in /tmp goes with the next FIFO run. */
Test(channel, fifo_removes_what_a_dead_ipcviz_left)
{
	struct channel ch;
	char dir[64], fifo[80];
	pid_t dead = fork();

	cr_assert_geq(dead, 0);
	if (dead == 0)
		_exit(0);
	cr_assert_eq(waitpid(dead, NULL, 0), dead);
	snprintf(dir, sizeof dir, "/tmp/ipcviz-%d-Sweep1", (int)dead);
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	cr_assert_eq(mkdir(dir, 0700), 0, "%s: %s", dir, strerror(errno));
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	unsetenv("TMPDIR");
	open_channel(&ch, CHANNEL_FIFO, 1);
	cr_expect_neq(access(dir, F_OK), 0, "the dead run's FIFO directory is gone");
	ch.ops->close(&ch);
	unlink(fifo);
	rmdir(dir);
}
