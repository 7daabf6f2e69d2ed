/* test_screen_multi.c - the screen of a run of several channels (DESIGN 14),
 * seen from outside: the real program in a pseudo-terminal (term.c), read back
 * through libvterm. Each channel with its fill and the kernel's count, the
 * processes with their /proc evidence, DEADLOCK with its cycle, end of file in
 * the log, the explain panel's holders of each pipe's end, k breaking a
 * deadlock, at 80x24, in English and Chinese; after q and after k nothing is
 * left. Every wait is for something drawn, with a deadline. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vterm.h>

#include "support.h"
#include "term.h"

#define TEST_DEADLINE_S 10.0
#define ZH "zh_CN.UTF-8"

/* A test's scenario file or cast, removed after it even when it failed. */
static char test_file[64];

static void test_fini(void)
{
	term_fini(true);
	if (test_file[0])
		unlink(test_file);
	test_file[0] = '\0';
}

TestSuite(screen_multi, .init = term_init, .fini = test_fini, .timeout = 60);

#define expect_all(t, ...)                                                               \
	do {                                                                              \
		const char *needles_[] = {__VA_ARGS__, NULL};                             \
		cr_assert(term_wait_all((t), needles_, TEST_DEADLINE_S),                  \
			  "not all of it on the screen:\n%s", (t)->text);                \
	} while (0)

/* q: status 0, every actor gone, nothing left, the terminal's own screen back. */
static void quit_and_check(struct term *t, const char *gone_word)
{
	pid_t actors[16];
	int n = term_actors(t->pid, actors, 16);
	pid_t pid = t->pid;

	cr_assert_eq(term_quit(t), 0, "ipcviz did not quit with status 0");
	for (int i = 0; i < n; i++) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%d", (int)actors[i]);
		cr_assert(access(path, F_OK) != 0, "actor %d is still there", (int)actors[i]);
	}
	cr_assert_eq(support_children_left(), 0, "a process was left behind");
	cr_assert_eq(support_ipc_left(pid), 0, "an IPC object was left behind");
	cr_assert(!strstr(term_text(t), gone_word), "screen not restored:\n%s", t->text);
	term_close(t);
}

/* Every row of the log's box ends in its right border at the last column: a
 * string that took the wrong number of cells would push it out. No wide
 * character is cut in half anywhere. */
static void check_cells(struct term *t)
{
	int top = -1;

	term_settle(t, 100); /* the whole frame, not the part a wait caught */
	for (int r = 0; r < t->rows; r++) {
		for (int c = 0; c < t->cols; c++) {
			VTermScreenCell cell;
			vterm_screen_get_cell(t->screen, (VTermPos){.row = r, .col = c}, &cell);
			if (cell.width == 2)
				cr_assert(term_char(t, r, c + 1) == -1, "half a character at %d,%d:\n%s",
					  r, c, term_text(t));
		}
		if (top < 0 && term_char(t, r, 0) == L'┌')
			top = r;
	}
	cr_assert(top >= 0, "no log box:\n%s", term_text(t));
	cr_assert(term_char(t, top, t->cols - 1) == L'┐', "the log box's corner moved:\n%s",
		  term_text(t));
	for (int r = top + 1; r < t->rows - 1 && term_char(t, r, 0) != L'└'; r++) {
		long c = term_char(t, r, t->cols - 1);
		cr_assert(c == L'│' || c == L'┤', "row %d has no border in the last column:\n%s", r,
			  term_text(t));
	}
}

/* The subprocess classic: both pipes full, each process asleep in write(2) on
 * one, the kernel's count beside each, the cycle in words; e says who holds
 * which end by /proc/PID/fd; k breaks it: the child's write fails with EPIPE. */
Test(screen_multi, pipe_deadlock_shows_deadlock_its_cycle_and_k_breaks_it)
{
	struct term t;
	const char *args[] = {"--speed", "max", "pipe-deadlock", NULL};

	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "to_child (pipe, 4), from_child (pipe, 4)",
		   "DEADLOCK: parent-1 sleeps in write(2) on to_child, full; child-1 reads it",
		   "child-1 sleeps in write(2) on from_child, full; parent-1 reads it",
		   "BLOCKED in write(2) on to_child", "BLOCKED in write(2) on from_child",
		   "S anon_pipe_write write(", "parent-1 ▶", "▶ child-1  pipe:[", "4/4 FULL",
		   "kernel: 4 items (FIONREAD)", "The end", "FINISHED");
	check_cells(&t);
	term_keys(&t, "e");
	expect_all(&t, "Explain: parent-1",
		   "to_child: read end held by child-1, write end by parent-1.",
		   "from_child: read end held by parent-1, write end by child-1.");
	term_keys(&t, "ek");
	expect_all(&t, "killed by SIGKILL", "EPIPE", "FINISHED");
	term_settle(&t, 200);
	cr_assert(!strstr(t.text, "DEADLOCK: parent-1 sleeps"),
		  "the deadlock is still on the stage after k:\n%s", t.text);
	quit_and_check(&t, "from_child");
}

/* Three stages and two pipes, stepped: after the same steps the same fill,
 * and the kernel's count agrees with it; at the end each reader's end of file
 * is an event in the log. */
Test(screen_multi, pipeline_three_stages_stepped_then_end_of_file)
{
	struct term t;
	const char *args[] = {"--paused", "--keys", "nnnnnnn", "pipeline", NULL};

	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "raw (pipe, 2), cooked (pipe, 2)", "source-1 ▶", "▶ filter-1",
		   "filter-1 ▶", "▶ sink-1", "PAUSED");
	term_settle(&t, 150);
	/* the stage's words match the kernel's: every count there is one read now */
	cr_assert(strstr(t.text, "kernel: ") && strstr(t.text, "(FIONREAD)"),
		  "no kernel count:\n%s", t.text);
	for (const char *p = t.text; (p = strstr(p, "/2")); p++) {
		int fill = p[-1] - '0';
		const char *k = strstr(p, "kernel: ");
		cr_assert(k, "a fill without the kernel's count:\n%s", t.text);
		cr_assert_eq(atoi(k + 8), fill, "fill %d, kernel %d:\n%s", fill, atoi(k + 8), t.text);
		p = k;
	}
	term_keys(&t, "+++++++++++ ");
	expect_all(&t, "FINISHED", "read end of file", "raw: 6 items put, 6 taken");
	quit_and_check(&t, "cooked");
}

/* Three channels (one a lock) and six processes fit 80x24: every process, its
 * pid and evidence, every channel, the lock's holder and waiter. */
Test(screen_multi, three_channels_six_processes_at_80x24)
{
	static const char ini[] =
		"[scenario]\ntitle = Three channels, six processes\n"
		"[channel.raw]\ntype = pipe\ncapacity = 4\n"
		"[channel.cooked]\ntype = pipe\ncapacity = 16\n"
		"[channel.fork_a]\ntype = lock\n"
		"[process.src]\ncount = 2\ndo = put raw 0..9 every 0.5s\n"
		"[process.mid]\ncount = 2\ndo = echo raw cooked all\n"
		"[process.sink]\ncount = 2\ndo = lock fork_a\ndo = sleep 1s\n"
		"do = get cooked 10 every 1s\ndo = unlock fork_a\n";
	char *path = test_file;
	struct term t;

	snprintf(test_file, sizeof test_file, "%s", "/tmp/ipcviz-multi-XXXXXX.ini");
	int fd = mkstemps(path, 4);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, ini, sizeof ini - 1), (ssize_t)(sizeof ini - 1));
	close(fd);
	const char *args[] = {"--paused", "--keys", "nnnnnnnnnnnnnnnnnnnn", path, NULL};
	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "raw (pipe, 4), cooked (pipe, 16), fork_a (lock)", "src-1", "src-2",
		   "mid-1", "mid-2", "sink-1", "sink-2", "src-1, src-2 ▶", "▶ mid-1, mid-2",
		   "mid-1, mid-2 ▶", "▶ sink-1, sink-2", "held by sink-1",
		   "waiting in futex(2): sink-2", "BLOCKED in futex(2) on the lock fork_a",
		   "futex_do_wait");
	check_cells(&t);
	quit_and_check(&t, "fork_a");
}

/* A forgotten close: both asleep in read(2) on empty pipes; e names the parent
 * as the holder of the write end the worker waits on; k on the parent closes
 * it, and the worker's end of file is an event in the log. */
Test(screen_multi, no_eof_holders_then_k_gives_end_of_file)
{
	struct term t;
	const char *args[] = {"--speed", "max", "no-eof", NULL};

	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "DEADLOCK: parent-1 sleeps in read(2) on results, empty; worker-1 holds",
		   "BLOCKED in read(2) on jobs", "S anon_pipe_read read(", "0/4 empty",
		   "kernel: 0 items (FIONREAD)");
	term_keys(&t, "e");
	expect_all(&t, "jobs: read end held by worker-1, write end by parent-1.",
		   "results: read end held by parent-1, write end by worker-1.");
	term_keys(&t, "ek");
	expect_all(&t, "end of file on jobs: no process holds its write end any",
		   "killed by SIGKILL", "read end of file");
	quit_and_check(&t, "results");
}

/* The keys that are not run with several channels each say why in one
 * line, and the run goes on; s chooses (test_screen_multi_choose.c has the
 * rest), and s again gives the steps back to ipcviz; p predicts
 * (test_screen_multi_predict.c), and p again stops. */
Test(screen_multi, keys_not_run_yet_say_why)
{
	struct term t;
	const char *args[] = {"--paused", "pipeline", NULL};

	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "PAUSED", "source-1");
	term_keys(&t, "s");
	expect_all(&t, "Choosing mode: you are the scheduler", "CHOOSING");
	term_keys(&t, "s");
	expect_all(&t, "Choosing mode off", "PAUSED");
	term_keys(&t, "p");
	expect_all(&t, "Predict mode: before each step");
	term_keys(&t, "p");
	expect_all(&t, "Predict mode off: no more questions.");
	term_keys(&t, "2");
	expect_all(&t, "Several channels: no one channel to switch.");
	term_keys(&t, "n");
	expect_all(&t, "PAUSED", "put 0 into raw");
	quit_and_check(&t, "source-1");
}

/* In Chinese at 80x24: the deadlock's words, the fill and the kernel's count,
 * every border in its column. */
Test(screen_multi, pipe_deadlock_in_chinese_at_80x24)
{
	struct term t;
	const char *args[] = {"--speed", "max", "pipe-deadlock", NULL};

	term_start(&t, 24, 80, NULL, ZH, 0, args);
	expect_all(&t, "死锁：parent-1 睡在 to_child 的 write(2) 中", "4/4 已满",
		   "内核：4 项（FIONREAD）", "to_child（管道，4）", "在 to_child 的 write(2) 中");
	check_cells(&t);
	term_keys(&t, "e");
	expect_all(&t, "to_child：读端由 child-1 持有，写端由 parent-1 持有。");
	check_cells(&t);
	quit_and_check(&t, "from_child");
}

/* --record goes through the same screen: the cast holds the deadlock. */
Test(screen_multi, record_a_deadlock)
{
	char *cast = test_file;
	struct term t;
	char buf[1 << 16];

	snprintf(test_file, sizeof test_file, "%s", "/tmp/ipcviz-multi-XXXXXX.cast");
	int fd = mkstemps(cast, 5);
	cr_assert(fd >= 0);
	close(fd);
	const char *args[] = {"--force", "--record", cast, "--speed", "max", "pipe-deadlock", NULL};
	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "DEADLOCK: parent-1 sleeps");
	quit_and_check(&t, "from_child");
	FILE *f = fopen(cast, "r");
	cr_assert(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	cr_assert(strstr(buf, "DEADLOCK"), "the cast has no deadlock");
}

/* The subprocess classic over two FIFOs, recorded: the same deadlock, each
 * FIFO's own size (16) and the kernel's count, its inode as fifo:[…], and e
 * names who holds each end by /proc/PID/fd (a FIFO's path, by its inode). */
Test(screen_multi, fifo_deadlock_at_80x24_recorded)
{
	char *cast = test_file;
	struct term t;
	char buf[1 << 16];

	snprintf(test_file, sizeof test_file, "%s", "/tmp/ipcviz-multi-XXXXXX.cast");
	int fd = mkstemps(cast, 5);
	cr_assert(fd >= 0);
	close(fd);
	const char *args[] = {"--force", "--record", cast, "--speed", "max",
			      IPCVIZ_SOURCE_DIR "/tests/fifo-deadlock.ini", NULL};
	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "to_child (FIFO, 16), from_child (FIFO, 16)",
		   "DEADLOCK: parent-1 sleeps in write(2) on to_child, full; child-1 reads it",
		   "BLOCKED in write(2) on to_child", "BLOCKED in write(2) on from_child",
		   "▶ child-1  fifo:[", "16/16 FULL", "kernel: 16 items (FIONREAD)", "FINISHED");
	check_cells(&t);
	term_keys(&t, "e");
	expect_all(&t, "to_child: read end held by child-1, write end by parent-1.",
		   "from_child: read end held by parent-1, write end by child-1.");
	quit_and_check(&t, "from_child");
	FILE *f = fopen(cast, "r");
	cr_assert(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	cr_assert(strstr(buf, "DEADLOCK"), "the cast has no deadlock");
}

/* The subprocess classic over two socket pairs used one way: each of one
 * item, its inode as socket:[…], the kernel's count on the reader's end (the
 * process lines cut the channel's name at a long pid and wait channel), and
 * e names who holds each end (each end a socket of its own). */
Test(screen_multi, socketpair_deadlock_at_80x24)
{
	struct term t;
	const char *args[] = {"--speed", "max", IPCVIZ_SOURCE_DIR "/tests/socketpair-deadlock.ini",
			      NULL};

	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "to_child (socket pair, 1), from_child (socket pair, 1)",
		   "DEADLOCK: parent-1 sleeps in write(2) on to_child, full; child-1 reads it",
		   "BLOCKED in write(2) on ", "▶ child-1  socket:[", "1/1 FULL",
		   "FIONREAD", "FINISHED");
	check_cells(&t);
	term_keys(&t, "e");
	expect_all(&t, "to_child: read end held by child-1, write end by parent-1.",
		   "from_child: read end held by parent-1, write end by child-1.");
	quit_and_check(&t, "from_child");
}

/* The subprocess classic over two POSIX queues: each writer asleep in
 * mq_timedsend(3), the kernel's count in messages (mq_curmsgs), the queue
 * shown as mqueue:[inode], and e says why a queue's writer sleeps on with no
 * reader (no EPIPE) and who holds which descriptor. */
Test(screen_multi, queue_deadlock_at_80x24)
{
	struct term t;
	const char *args[] = {"--speed", "max", IPCVIZ_SOURCE_DIR "/tests/queue-deadlock.ini", NULL};

	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "to_child (queue, 3), from_child (queue, 3)",
		   "DEADLOCK: parent-1 sleeps in mq_timedsend(3) on to_child, full; child-1 reads",
		   "BLOCKED in mq_timedsend(3) on ", "mqueue:[", "3/3 FULL",
		   "kernel: 3 messages (mq_curmsgs)", "FINISHED");
	check_cells(&t);
	term_keys(&t, "e");
	expect_all(&t, "A queue", "to_child: read end held by child-1, write end by parent-1.");
	quit_and_check(&t, "from_child");
}

/* The subprocess classic over two rings in shared memory: each writer asleep
 * in futex(2), the semaphores' own counts, no inode (a ring has no
 * descriptor), and e names the semaphore it sleeps in. */
Test(screen_multi, ring_deadlock_at_80x24)
{
	struct term t;
	const char *args[] = {"--speed", "max", IPCVIZ_SOURCE_DIR "/tests/ring-deadlock.ini", NULL};

	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "requests (ring, 2), replies (ring, 2)",
		   "DEADLOCK: parent-1 sleeps in futex(2) on requests, full; child-1 reads it",
		   "BLOCKED in futex(2) on requests", "2/2 FULL", "sem items 2, free 0", "FINISHED");
	check_cells(&t);
	term_keys(&t, "e");
	expect_all(&t, "in sem_wait(slots), on the", "ring requests: all 2 places are full");
	quit_and_check(&t, "replies");
}

/* The key bar of several channels has k, s and p and not the channel's
 * digits, however wide; ? says what k does here. b shows the past as for one
 * channel: the kernel's counts were read live, not recorded. */
Test(screen_multi, key_bar_help_and_the_past)
{
	struct term t;
	char bar[1024];
	static char keys[61];
	memset(keys, 'n', sizeof keys - 1); /* past the deadlock: the rest only say so */
	const char *args[] = {"--paused", "--keys", keys, "pipe-deadlock", NULL};

	term_start(&t, 30, 120, NULL, NULL, 0, args);
	expect_all(&t, "FINISHED", "k kill", "kernel: 4 items (FIONREAD)", "DEADLOCK");
	term_row(&t, t.rows - 1, bar, sizeof bar);
	cr_assert(!strstr(bar, "channel"), "keys not run in the bar: %s", bar);
	cr_assert(strstr(bar, "s choose") && strstr(bar, "p predict"), "no s or p in the bar: %s",
		  bar);
	term_keys(&t, "?");
	expect_all(&t, "kill the first live process: a deadlock breaks");
	term_keys(&t, "?b");
	expect_all(&t, "PAST", "History: step", "kernel: not recorded at this moment");
	term_keys(&t, "n");
	expect_all(&t, "FINISHED", "kernel: 4 items (FIONREAD)");
	quit_and_check(&t, "from_child");
}

/* The pane's row marked for `who` (▶ at its left, who's name at its right),
 * into buf; false if none is on the screen. */
static bool marked_row(struct term *t, const char *who, char *buf, size_t len)
{
	for (int r = 0; r < t->rows; r++) {
		term_row(t, r, buf, len);
		if (strncmp(buf, "│ ▶", strlen("│ ▶")) == 0 && strstr(buf, who))
			return true;
	}
	return false;
}

/* The code pane of several channels at 80x24 in Chinese: stepped into the
 * deadlock, the parent is marked BLOCKED on the write(2) of its own do line
 * (its put on to_child), the call /proc shows, in C and in Python; stepped
 * back to before it slept, it is BLOCKED no more, and the child still is, on
 * its echo's write; forward again, the parent is BLOCKED on its write. */
Test(screen_multi, code_pane_marks_a_sleeper_on_its_write_in_chinese)
{
	struct term t;
	static char keys[64], row[512];
	int back = 0;
	memset(keys, 'n', 40); /* past the deadlock: the rest only say so */
	snprintf(keys + 40, sizeof keys - 40, "c");
	const char *args[] = {"--paused", "--keys", keys, "pipe-deadlock", NULL};

	term_start(&t, 24, 80, NULL, ZH, 0, args);
	expect_all(&t, "代码：C", "死锁", "parent-1 阻塞");
	cr_assert(term_press(&t, NULL, TEST_DEADLINE_S), "ipcviz did not settle:\n%s", t.text);
	cr_assert(marked_row(&t, "parent-1 阻塞", row, sizeof row), "no mark:\n%s", t.text);
	cr_assert(strstr(row, "if (write(pipe_to_child[1], &item, 4096) == -1) {"),
		  "the parent marked on: %s", row);
	check_cells(&t);
	cr_assert(term_press(&t, "c", TEST_DEADLINE_S), "%s", t.text);
	cr_assert(strstr(t.text, "代码：Python"), "%s", t.text);
	cr_assert(marked_row(&t, "parent-1 阻塞", row, sizeof row), "no mark:\n%s", t.text);
	cr_assert(strstr(row, "os.write(pipe_to_child[1]"), "the parent marked on: %s", row);
	cr_assert(term_press(&t, "cc", TEST_DEADLINE_S), "%s", t.text);
	cr_assert(strstr(t.text, "代码：C"), "%s", t.text);
	while (marked_row(&t, "parent-1 阻塞", row, sizeof row) && back < 30) {
		cr_assert(term_press(&t, "b", TEST_DEADLINE_S), "%s", t.text);
		back++;
	}
	cr_assert_lt(back, 30, "never back before the parent slept:\n%s", t.text);
	/* the pane keeps the sleeper in sight: the child, on its echo's write */
	cr_assert(marked_row(&t, "child-1 阻塞", row, sizeof row), "no mark:\n%s", t.text);
	cr_assert(strstr(row, "if (write(pipe_from_child[1], &item, 4096) == -1) {"),
		  "the child marked on: %s", row);
	cr_assert(strstr(t.text, "等待轮到自己"), "the parent is not waiting its turn:\n%s",
		  t.text);
	for (int i = 0; i < back; i++)
		term_keys(&t, "n");
	expect_all(&t, "parent-1 阻塞");
	quit_and_check(&t, "from_child");
}
