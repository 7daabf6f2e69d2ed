/* test_screen.c - the curses screen seen from outside: the real program runs in a
 * pseudo-terminal, its output goes through libvterm, and the screen is read back
 * as text (the harness is term.c). Every wait is for something drawn, with a
 * deadline, never a sleep. */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scenario.h"
#include "scheduler.h"
#include "support.h"
#include "term.h"

#define TEST_DEADLINE_S 10.0

/* After every test: the program gone (killed if a test failed midway), and
 * nothing of it left: no process (orphans come to us, see term_init), no IPC
 * object under its name. */
static void test_fini(void)
{
	term_fini(true);
}

TestSuite(screen, .init = term_init, .fini = test_fini, .timeout = 30);


#define expect_screen(t, needle)                                                             \
	cr_assert(term_wait_for((t), (needle)), "never saw \"%s\" on the screen:\n%s", (needle), \
		  (t)->text)

static bool value_lost(const struct model *m)
{
	return m->overwritten > 0;
}

/* "--keys" followed by n times 'n' and then `more`. */
static const char *step_keys(int n, const char *more)
{
	static char keys[600];

	cr_assert(n + strlen(more) < sizeof keys);
	memset(keys, 'n', (size_t)n);
	snprintf(keys + n, sizeof keys - (size_t)n, "%s", more);
	return keys;
}

static void quit_and_expect_zero(struct term *t)
{
	term_keys(t, "q");
	cr_assert_eq(term_wait_exit(t, TEST_DEADLINE_S), 0, "ipcviz did not quit with status 0");
}

Test(screen, first_screen_of_the_queue)
{
	struct term t;
	struct scenario sc;
	char err[512], title[40];
	const char *args[] = {NULL};

	cr_assert(scenario_load("queue", &sc, err, sizeof err) == 0, "%s", err);
	snprintf(title, sizeof title, "%s", sc.title); /* the start is enough to know it */
	scenario_free(&sc);
	term_start(&t, 30, 100, "xterm-256color", NULL, 0, args);
	const char *needles[] = {title, "producer-1", "consumer-1", "POSIX message queue",
				 "/ipcviz-", "capacity 10", "message queue: 10 slots", "/10",
				 "Events", "quit", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S), "first screen incomplete:\n%s",
		  t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* At 80 columns the key bar keeps the keys of acting (s, p, c) with the basic
 * ones; at 132 every key fits. */
Test(screen, key_bar_keeps_choose_predict_and_code_at_80_columns)
{
	static const char *const narrow[] = {"space run", "n step", "s choose", "b back", "e explain",
					     "c code", "p predict", "? help", "q quit", NULL};
	static const char *const wide[] = {"s choose", "p predict", "c code", "t lanes", "r restart",
					   "1-6 channel", "k kill", "+/- speed", NULL};
	const char *args[] = {"--paused", "pipe-full", NULL};
	struct term t;

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	cr_assert(term_wait_all(&t, narrow, TEST_DEADLINE_S), "80 columns:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
	term_start(&t, 30, 132, "xterm-256color", NULL, 0, args);
	cr_assert(term_wait_all(&t, wide, TEST_DEADLINE_S), "132 columns:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, pipe_full_steps_until_the_producer_is_blocked)
{
	struct term t;
	int n = term_steps_until("pipe-full", term_producer_blocked);
	const char *args[] = {"--paused", "--keys", step_keys(n, ""), "pipe-full", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"BLOCKED", "in write", "4/4", "FULL", "PAUSED", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S),
		  "after %d steps the producer should be BLOCKED at 4/4:\n%s", n, t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, explain_says_why_the_producer_sleeps)
{
	struct term t;
	int n = term_steps_until("pipe-full", term_producer_blocked);
	const char *args[] = {"--paused", "--keys", step_keys(n, "e"), "pipe-full", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"Explain: producer-1", "asleep in the kernel", "write(2)", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S), "no explanation:\n%s", t.text);
	term_keys(&t, "e"); /* toggles back to the events */
	expect_screen(&t, "Events");
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, shm_overwrite_marks_the_lost_value)
{
	struct term t;
	int n = term_steps_until("shm-overwrite", value_lost);
	const char *args[] = {"--paused", "--keys", step_keys(n, ""), "shm-overwrite", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"shared value: one memory cell", "✗", "lost: 1",
				 "overwritten before anyone read it", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S), "no lost value marked:\n%s",
		  t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, shm_overwrite_to_the_end_lists_what_was_lost)
{
	struct term t;
	const char *args[] = {"--speed", "max", "shm-overwrite", NULL};

	term_start(&t, 30, 100, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"FINISHED", "The end", "overwritten before anyone read them",
				 "r restarts", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S), "no end screen:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, keys_1_2_3_switch_the_channel)
{
	struct term t;
	const char *args[] = {"--paused", "queue", NULL};

	term_start(&t, 30, 100, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "POSIX message queue /ipcviz-");
	term_keys(&t, "1");
	expect_screen(&t, "pipe pipe:[");
	expect_screen(&t, "pipe: 16 slots");
	term_keys(&t, "3");
	expect_screen(&t, "shared value /ipcviz-");
	expect_screen(&t, "shared value: one memory cell");
	term_keys(&t, "2");
	expect_screen(&t, "POSIX message queue /ipcviz-");
	expect_screen(&t, "message queue: 10 slots");
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, help_overlay_opens_and_closes)
{
	struct term t;
	const char *args[] = {"--paused", NULL};

	term_start(&t, 30, 100, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "Events");
	term_keys(&t, "?");
	expect_screen(&t, "Help: keys");
	expect_screen(&t, "pause / resume");
	term_keys(&t, "?");
	double end = term_now() + TEST_DEADLINE_S;
	while (strstr(term_text(&t), "Help: keys") && term_now() < end)
		term_pump(&t, 50);
	cr_assert(!strstr(t.text, "Help: keys"), "help still open:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, step_back_says_not_yet_and_unknown_keys_do_nothing)
{
	struct term t;
	const char *args[] = {"--paused", "--keys", "xyzb", NULL};

	term_start(&t, 30, 100, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "This is the start of the run"); /* b: nothing before the start */
	expect_screen(&t, "t = 0.0 s"); /* x, y, z did not step */
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, resize_redraws_at_the_new_size)
{
	struct term t;
	char row[1024];
	const char *args[] = {"--paused", NULL};

	term_start(&t, 30, 100, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "quit");
	term_resize(&t, 40, 120);
	double end = term_now() + TEST_DEADLINE_S;
	for (;;) {
		term_row(&t, 39, row, sizeof row);
		if (strstr(row, "quit") || term_now() > end)
			break;
		term_pump(&t, 50);
	}
	cr_assert(strstr(row, "quit"), "the key bar is not on the new last row:\n%s", term_text(&t));
	term_resize(&t, 20, 60);
	expect_screen(&t, "too small");
	expect_screen(&t, "60x20");
	term_resize(&t, 24, 80);
	end = term_now() + TEST_DEADLINE_S;
	for (;;) {
		term_row(&t, 23, row, sizeof row);
		if (strstr(row, "quit") || term_now() > end)
			break;
		term_pump(&t, 50);
	}
	cr_assert(strstr(row, "quit"), "not redrawn at 80x24:\n%s", term_text(&t));
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, too_small_says_what_it_needs)
{
	struct term t;
	const char *args[] = {NULL};

	term_start(&t, 20, 60, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"too small", "60x20", "80x24", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S), "no too-small screen:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, ascii_and_no_color_keep_blocked_unmistakable)
{
	struct term t;
	int n = term_steps_until("pipe-full", term_producer_blocked);
	const char *args[] = {"--ascii", "--no-color", "--paused", "--keys", step_keys(n, ""),
			      "pipe-full", NULL};
	VTermScreenCell cell;

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "BLOCKED");
	expect_screen(&t, "4/4");
	for (const char *p = term_text(&t); *p; p++)
		cr_assert((unsigned char)*p < 0x80, "not ASCII: %s", p);
	/* In ASCII every character is one byte and one cell: find BLOCKED's cell. */
	int found = 0;
	for (int r = 0; r < t.rows && !found; r++) {
		char row[512];
		term_row(&t, r, row, sizeof row);
		char *at = strstr(row, "BLOCKED");
		if (!at)
			continue;
		vterm_screen_get_cell(t.screen, (VTermPos){.row = r, .col = (int)(at - row)}, &cell);
		cr_assert(cell.attrs.reverse && cell.attrs.bold, "BLOCKED is not in bold reverse");
		cr_assert(VTERM_COLOR_IS_DEFAULT_FG(&cell.fg) && VTERM_COLOR_IS_DEFAULT_BG(&cell.bg),
			  "a colour with --no-color");
		found = 1;
	}
	cr_assert(found);
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, q_leaves_nothing_behind)
{
	struct term t;
	pid_t actors[8];
	const char *args[] = {"pipe-full", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "producer-1");
	int n = term_actors(t.pid, actors, 8);
	cr_assert_eq(n, 2, "expected the 2 actors as children of ipcviz, found %d", n);
	pid_t pid = t.pid;
	quit_and_expect_zero(&t);
	for (int i = 0; i < n; i++) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%d", (int)actors[i]);
		cr_assert(access(path, F_OK) != 0, "actor %d is still there", (int)actors[i]);
	}
	cr_assert_eq(support_children_left(), 0, "a process was left behind");
	cr_assert_eq(support_ipc_left(pid), 0, "an IPC object was left behind");
	/* The terminal is back to its own screen: nothing of ipcviz's is on it. */
	cr_assert(!strstr(term_text(&t), "producer-1"), "screen not restored:\n%s", t.text);
	term_close(&t);
}

Test(screen, a_quit_signal_restores_everything)
{
	struct term t;
	const char *args[] = {"--paused", "queue-many", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "consumer-2");
	pid_t pid = t.pid;
	kill(pid, SIGTERM);
	cr_assert_eq(term_wait_exit(&t, TEST_DEADLINE_S), 128 + SIGTERM);
	cr_assert_eq(support_children_left(), 0, "a process was left behind");
	cr_assert_eq(support_ipc_left(pid), 0, "an IPC object was left behind");
	cr_assert(!strstr(term_text(&t), "consumer-2"), "screen not restored:\n%s", t.text);
	term_close(&t);
}

Test(screen, a_thousand_pasted_keys)
{
	struct term t;
	const char *args[] = {"--speed", "8", "queue-many", NULL};
	static const char keys[] = "n r1k2e3?+-b xnnk r";
	char paste[1001];

	for (int i = 0; i < 1000; i++)
		paste[i] = keys[(i * 7) % (int)(sizeof keys - 1)];
	paste[1000] = '\0';
	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "consumer-2");
	term_keys(&t, paste);
	term_keys(&t, "q");
	cr_assert_eq(term_wait_exit(&t, 20), 0, "did not survive a paste:\n%s", term_text(&t));
	cr_assert_eq(support_children_left(), 0);
	term_close(&t);
}

Test(screen, dumb_terminal_suggests_headless)
{
	struct term t;
	const char *args[] = {NULL};

	term_start(&t, 24, 80, "dumb", NULL, 0, args);
	cr_assert_eq(term_wait_exit(&t, TEST_DEADLINE_S), 2);
	cr_assert(strstr(term_text(&t), "--headless"), "no hint:\n%s", t.text);
	term_close(&t);
	cr_assert_eq(support_children_left(), 0);
}

Test(screen, not_a_terminal_suggests_headless)
{
	char *out, *err;
	int status;
	char *argv[] = {IPCVIZ_BIN, "queue", NULL};

	cr_assert(support_run(argv, TEST_DEADLINE_S, &out, &err, &status) == 0);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 2, "status %d", status);
	cr_assert(strstr(err, "--headless"), "stderr: %s", err);
	cr_assert_eq(out[0], '\0', "it drew into a file: %s", out);
	free(out);
	free(err);
}

/* A consumer killed from another terminal while the screen is paused: the
 * screen says so at once, without a key (docs/reliability.md). */
Test(screen, a_child_killed_from_outside_shows_while_paused)
{
	struct term t;
	pid_t actors[8];
	const char *args[] = {"--paused", "pipe-full", NULL};

	term_start(&t, 30, 100, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "consumer-1");
	int n = term_actors(t.pid, actors, 8);
	cr_assert_eq(n, 2, "expected the 2 actors, found %d", n);
	pid_t consumer = -1;
	for (int i = 0; i < n; i++) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%d/comm", (int)actors[i]);
		char *comm = support_read_file(path);
		if (comm && strncmp(comm, "ipcviz-c1", 9) == 0)
			consumer = actors[i];
		free(comm);
	}
	cr_assert_gt(consumer, 0, "no ipcviz-c1");
	kill(consumer, SIGKILL);
	expect_screen(&t, "killed by SIGKILL");
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* A crash of ipcviz (SIGSEGV, SIGABRT) restores the terminal first, then dies of
 * the signal it got; its children die with it, and .fini checks nothing is left. */
static void crash_restores_the_terminal(int sig)
{
	struct term t;
	const char *args[] = {"--paused", "pipe-full", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "consumer-1");
	kill(t.pid, sig);
	cr_assert_eq(term_wait_exit(&t, TEST_DEADLINE_S), 128 + sig, "did not die of signal %d",
		     sig);
	cr_assert(!strstr(term_text(&t), "consumer-1"), "screen not restored:\n%s", t.text);
	term_close(&t);
}

Test(screen, a_segfault_restores_the_terminal)
{
#ifdef __SANITIZE_ADDRESS__
	/* AddressSanitizer takes SIGSEGV for its own report: the plain build checks */
	cr_skip_test("SIGSEGV belongs to AddressSanitizer in this build");
#endif
	crash_restores_the_terminal(SIGSEGV);
}

Test(screen, an_abort_restores_the_terminal)
{
	crash_restores_the_terminal(SIGABRT);
}

/* ---- the channels of the second lessons -------------------------------------- */

/* The integers on one row of the screen, in order, as "6 5 4 3 2". */
static void row_numbers(struct term *t, int row, char *out, size_t len)
{
	char text[1024];
	size_t at = 0;

	term_row(t, row, text, sizeof text);
	out[0] = '\0';
	for (const char *p = text; *p && at + 12 < len;) {
		if (*p < '0' || *p > '9') {
			p++;
			continue;
		}
		char *end;
		long n = strtol(p, &end, 10);
		at += (size_t)snprintf(out + at, len - at, "%s%ld", at ? " " : "", n);
		p = end;
	}
}

/* The row where the first needle is, -1 if none; t->text is read again. */
static int row_of(struct term *t, const char *needle, int nth)
{
	for (int r = 0; r < t->rows; r++) {
		char text[1024];
		term_row(t, r, text, sizeof text);
		const char *p = strstr(text, needle);
		if (p && (nth < 2 || strstr(p + strlen(needle), needle)))
			return r;
	}
	return -1;
}

/* The whole scenario in the engine: its model at the end. */
static void run_to_the_end(const char *name, struct model *out)
{
	struct scenario sc;
	struct sched *s;
	char err[512];

	cr_assert(scenario_load(name, &sc, err, sizeof err) == 0, "%s", err);
	s = sched_create(&sc, err, sizeof err);
	cr_assert(s, "%s", err);
	for (int n = 0; !sched_finished(s) && n < 1000; n++)
		cr_assert(sched_step(s, err, sizeof err) == 0, "%s", err);
	cr_assert(sched_finished(s), "%s never finished", name);
	*out = *sched_model(s);
	sched_destroy(s);
	scenario_free(&sc);
}

static bool consumer_blocked(const struct model *m)
{
	for (int a = 0; a < m->nactors; a++)
		if (m->actors[a].role == ROLE_CONSUMER && m->actors[a].state == ACTOR_BLOCKED)
			return true;
	return false;
}

static bool producer_waits_for_its_answer(const struct model *m)
{
	return m->actors[0].state == ACTOR_BLOCKED && m->actors[0].blocked_op == OP_GET &&
	       m->actors[0].done >= 2;
}

static bool someone_waits_for_the_lock(const struct model *m)
{
	for (int a = 0; a < m->nactors; a++)
		if (m->actors[a].state == ACTOR_BLOCKED && m->actors[a].done > 0)
			return true;
	return false;
}

static bool first_item_put_together(const struct model *m)
{
	return m->gets >= 1;
}

static bool first_part_read(const struct model *m)
{
	return m->last.type == EV_PART;
}

/* ring-full: the producer sleeps in futex on the `slots` semaphore, and the
 * ring holds the next values in order, the one it is trying to put at its
 * entry: none was overwritten. */
Test(screen, ring_full_sleeps_in_futex_and_loses_nothing)
{
	struct term t;
	char numbers[128];
	int n = term_steps_until("ring-full", term_producer_blocked);
	const char *args[] = {"--paused", "--keys", step_keys(n, ""), "ring-full", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"ring buffer", "BLOCKED", "in futex: full", "futex(",
				 "4/4", "FULL", "sem items 4, free 0", "last got: 1", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S),
		  "after %d steps the producer should sleep in futex on a full ring:\n%s", n, t.text);
	int r = row_of(&t, "▶", 2);
	cr_assert(r >= 0, "no ring row:\n%s", t.text);
	row_numbers(&t, r, numbers, sizeof numbers);
	/* 6 waits at the entry; 2, 3, 4, 5 in the ring, 2 next out: every value */
	cr_assert_str_eq(numbers, "6 5 4 3 2", "the ring's row is not what was put:\n%s",
			 term_text(&t));
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* race: at the end the result says how many of the increments were lost, the
 * number the engine itself finds. The channel keys do not apply and say so. */
Test(screen, race_ends_with_the_lost_updates)
{
	struct term t;
	struct model m;
	char result[160], lost[64];
	const char *args[] = {"--speed", "max", "--paused", "race", NULL};

	run_to_the_end("race", &m);
	cr_assert(m.has_result && m.counter < m.expected, "the race lost nothing?");
	snprintf(result, sizeof result, "RESULT: counter %lld, expected %lld: %lld updates lost",
		 (long long)m.counter, (long long)m.expected, (long long)(m.expected - m.counter));
	snprintf(lost, sizeof lost, "%ld updates lost", m.overwritten);
	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "shared counter");
	term_keys(&t, "1");
	expect_screen(&t, "A race has only its counter");
	term_keys(&t, " ");
	const char *needles[] = {"FINISHED", "shared counter", result, lost, "✗", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S), "no result line:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* race-locked: one process waits for the lock, BLOCKED in futex, while the
 * other is between its load and its store; at the end nothing was lost. */
Test(screen, race_locked_waits_for_the_lock_and_loses_nothing)
{
	struct term t;
	struct model m;
	char result[160];
	int n = term_steps_until("race-locked", someone_waits_for_the_lock);
	const char *args[] = {"--paused", "--keys", step_keys(n, ""), "race-locked", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"shared counter with a lock", "BLOCKED", "in futex: the lock",
				 "lock: held by producer-", "loaded ", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S),
		  "after %d steps a process should wait for the lock:\n%s", n, t.text);
	term_keys(&t, "++++++++++++ ");
	run_to_the_end("race-locked", &m);
	cr_assert_eq(m.counter, m.expected);
	snprintf(result, sizeof result, "RESULT: counter %lld, expected %lld: nothing lost",
		 (long long)m.counter, (long long)m.expected);
	const char *end[] = {"FINISHED", result, "0 updates lost", NULL};
	cr_assert(term_wait_all(&t, end, TEST_DEADLINE_S), "no result:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* socketpair: a second lane for the answers going back, and a producer that
 * sleeps in read until its answer comes. */
Test(screen, socketpair_has_a_lane_of_answers)
{
	struct term t;
	int n = term_steps_until("socketpair", producer_waits_for_its_answer);
	const char *args[] = {"--paused", "--keys", step_keys(n, ""), "socketpair", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"socket pair", "answers", "◀", "answers back", "BLOCKED",
				 "in read: no answer", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S),
		  "after %d steps the producer should wait for its answer:\n%s", n, t.text);
	/* the lane back has arrows at both ends, pointing back to the producers */
	int r = row_of(&t, "◀", 2);
	cr_assert(r >= 0, "no lane of answers with ◀ at both ends:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* fifo: the FIFO's path is on the screen with the command to write into it.
 * The test is the other terminal: it writes 42, and the screen shows a writer
 * from outside and the consumer getting 42. */
Test(screen, fifo_shows_its_path_and_the_writer_from_outside)
{
	struct term t;
	char path[512] = "";
	int n = term_steps_until("fifo", consumer_blocked);
	const char *args[] = {"--paused", "--keys", step_keys(n, ""), "fifo", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"named pipe (FIFO)", "echo 42 > /", "outside: nobody yet", "BLOCKED",
				 "in read: empty", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S),
		  "after %d steps the consumer should wait on the FIFO:\n%s", n, t.text);
	const char *at = strstr(t.text, "echo 42 > /"); /* the title has "echo 42 > PATH" */
	cr_assert(at && sscanf(at, "echo 42 > %511s", path) == 1, "no path:\n%s", t.text);
	cr_assert(strstr(path, "/fifo"), "not a FIFO's path: %s", path);
	int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	cr_assert(fd >= 0, "cannot open %s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, "42\n", 3), 3);
	close(fd);
	const char *outside[] = {"outside wrote 42", "last got: 42", NULL};
	cr_assert(term_wait_all(&t, outside, TEST_DEADLINE_S), "no outside writer:\n%s", t.text);
	quit_and_expect_zero(&t);
	cr_assert(access(path, F_OK) != 0, "the FIFO %s is still there", path);
	term_close(&t);
}

/* pipe-atomic: a part of an item is shown as it is read, then an item mixed of
 * two producers' bytes is marked as such, on the stage and in the log. */
Test(screen, pipe_atomic_marks_a_mixed_item)
{
	struct term t;
	int parts = term_steps_until("pipe-atomic", first_part_read);
	int n = term_steps_until("pipe-atomic", first_item_put_together);
	const char *args[] = {"--paused", "--keys", step_keys(parts, ""), "pipe-atomic", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *first[] = {"items of 12288 bytes: not atomic", "4096/12288 bytes", NULL};
	cr_assert(term_wait_all(&t, first, TEST_DEADLINE_S), "no part:\n%s", t.text);
	for (int i = parts; i < n; i++)
		term_keys(&t, "n");
	const char *needles[] = {"MIXED: 0 with 100", "over PIPE_BUF: 1 item MIXED", "✗ ", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S), "no mixed item:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* pipe-atomic-small: items of PIPE_BUF bytes are never mixed. */
Test(screen, pipe_atomic_small_never_mixes)
{
	struct term t;
	const char *args[] = {"--speed", "max", "pipe-atomic-small", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"FINISHED", "items of 4096 bytes: atomic", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S), "no end:\n%s", t.text);
	cr_assert(!strstr(t.text, "MIXED"), "an item of PIPE_BUF bytes was mixed:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

Test(screen, keys_4_5_6_switch_to_ring_socketpair_fifo)
{
	struct term t;
	const char *args[] = {"--paused", "queue", NULL};

	term_start(&t, 30, 140, "xterm-256color", NULL, 0, args);
	expect_screen(&t, "POSIX message queue /ipcviz-");
	term_keys(&t, "4");
	expect_screen(&t, "ring buffer /ipcviz-");
	expect_screen(&t, "(now on a ring buffer)");
	term_keys(&t, "5");
	expect_screen(&t, "socket pair");
	expect_screen(&t, "answers");
	term_keys(&t, "6");
	expect_screen(&t, "named pipe (FIFO)");
	expect_screen(&t, "echo 42 > /");
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* The c key: the code pane in C with the blocked producer's write marked, its
 * name and BLOCKED at the right; again: the same program in Python; again:
 * the log is back. At 80x24, where the pane has only the log's rows. */
Test(screen, code_pane_marks_the_blocked_write_in_c_then_python)
{
	struct term t;
	int n = term_steps_until("pipe-full", term_producer_blocked);
	const char *args[] = {"--paused", "--keys", step_keys(n, "c"), "pipe-full", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *c_needles[] = {"Code: C", "\xe2\x96\xb6", "write(fd, &item, 4096)",
				   "producer-1 BLOCKED", NULL};
	cr_assert(term_wait_all(&t, c_needles, TEST_DEADLINE_S), "no C pane:\n%s", t.text);
	term_keys(&t, "c");
	const char *py_needles[] = {"Code: Python", "os.write(w, i.to_bytes(4", "producer-1 BLOCKED", NULL};
	cr_assert(term_wait_all(&t, py_needles, TEST_DEADLINE_S), "no Python pane:\n%s", t.text);
	term_keys(&t, "c");
	expect_screen(&t, "Events");
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* The marks follow the past: stepped back to before the producer's blocking
 * write (its box no longer BLOCKED), the pane marks it where it was then,
 * on its pause, not BLOCKED; forward again to the present, BLOCKED again. */
Test(screen, code_pane_marks_follow_step_back)
{
	struct term t;
	int n = term_steps_until("pipe-full", term_producer_blocked), back = 0;
	const char *args[] = {"--paused", "--keys", step_keys(n, "c"), "pipe-full", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *now[] = {"Code: C", "producer-1 BLOCKED", NULL};
	cr_assert(term_wait_all(&t, now, TEST_DEADLINE_S), "no C pane:\n%s", t.text);
	while (strstr(t.text, "BLOCKED") && back < 6) {
		term_keys(&t, "b");
		back++;
		expect_screen(&t, "PAST");
		term_settle(&t, 150);
	}
	cr_assert_lt(back, 6, "never back before the block:\n%s", t.text);
	/* it had put 5 and waited its turn: on its pause, not on the write */
	cr_assert_not_null(strstr(t.text, "\xe2\x96\xb6         pause_for(0.5);"),
			   "the producer not marked on its pause:\n%s", t.text);
	cr_assert_null(strstr(t.text, "producer-1 BLOCKED"), "%s", t.text);
	for (int i = 0; i < back; i++)
		term_keys(&t, "n");
	expect_screen(&t, "producer-1 BLOCKED");
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* A replay has the code pane too, its marks from the trace's events. */
Test(screen, code_pane_in_a_replay)
{
	struct term t;
	char path[128], cmd[256];

	snprintf(path, sizeof path, "/tmp/ipcviz-test-code-%d.jsonl", (int)getpid());
	snprintf(cmd, sizeof cmd, "%s --headless --speed max --trace %s pipe-full >/dev/null",
		 IPCVIZ_BIN, path);
	cr_assert_eq(system(cmd), 0);
	int n = term_steps_until("pipe-full", term_producer_blocked);
	const char *args[] = {"--paused", "--keys", step_keys(n, "c"), "--replay", path, NULL};
	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"Code: C", "write(fd, &item, 4096)", "producer-1 BLOCKED", NULL};
	bool seen = term_wait_all(&t, needles, TEST_DEADLINE_S);
	unlink(path);
	cr_assert(seen, "no marks in the replay's pane:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}
