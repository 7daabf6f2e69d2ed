/* test_screen.c - the curses screen seen from outside: the real program runs in a
 * pseudo-terminal, its output goes through libvterm, and the screen is read back
 * as text (the harness is term.c). Every wait is for something drawn, with a
 * deadline, never a sleep. */
#include <criterion/criterion.h>

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
