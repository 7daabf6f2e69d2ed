/* test_screen_choose.c - choosing mode on the screen (DESIGN 12): the real
 * program in a pseudo-terminal at 80x24, keys played with --keys, the screen
 * read back through libvterm (term.c); and a run chosen there taken again by
 * --schedule, headless, with the same events. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "replay.h"
#include "support.h"
#include "term.h"

#define TEST_DEADLINE_S 10.0

static void test_fini(void)
{
	term_fini(true);
}

TestSuite(screen_choose, .init = term_init, .fini = test_fini, .timeout = 60);

#define expect_screen(t, needle)                                                             \
	cr_assert(term_wait_for((t), (needle)), "never saw \"%s\" on the screen:\n%s", (needle), \
		  (t)->text)

static void quit_and_expect_zero(struct term *t)
{
	term_keys(t, "q");
	cr_assert_eq(term_wait_exit(t, TEST_DEADLINE_S), 0, "ipcviz did not quit with status 0");
}

/* --choose: nothing moves by itself; the first process in name order is
 * selected (consumer-1); granted, it sleeps on the empty queue, the screen
 * says so in a word and the selection moves on to producer-1; n grants that
 * one, and the clock counts the steps. */
Test(screen_choose, the_user_grants_steps_and_an_asleep_process_says_why)
{
	struct term t;
	const char *args[] = {"--choose", "--keys", "n", "queue", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *first[] = {"CHOOSING", "step 1", "asleep \xe2\x94\x80", "producer-1", NULL};
	cr_assert(term_wait_all(&t, first, TEST_DEADLINE_S), "after one choice:\n%s", t.text);
	cr_assert(strstr(t.text, "\xe2\x96\xb6 producer-1") != NULL,
		  "producer-1 is selected now:\n%s", t.text);
	term_keys(&t, "n");
	const char *second[] = {"step 2", "got 0", NULL};
	cr_assert(term_wait_all(&t, second, TEST_DEADLINE_S), "after two:\n%s", t.text);
	term_keys(&t, "\t"); /* Tab: among those that can step, in name order */
	expect_screen(&t, "\xe2\x96\xb6 consumer-1");
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* The trace at path with wall times and pids set to 0, one event a line. */
static char *trace_without_pids(const char *path)
{
	struct replay rp;
	char err[512], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_eq(replay_load(&rp, path, err, sizeof err), 0, "%s", err);
	for (size_t i = 0; i < rp.n; i++) {
		struct event ev = rp.evs[i];
		ev.wall = 0;
		ev.pid = 0;
		trace_write_event(f, &rp.h, &ev);
	}
	fclose(f);
	replay_free(&rp);
	return buf;
}

/* A run chosen on the screen (Tab and n, in an order ipcviz would not take,
 * a kill in the middle) is taken again by --schedule --headless with the same
 * events, and its trace replays with its choices. */
Test(screen_choose, a_run_chosen_on_screen_is_taken_again_by_schedule)
{
	struct term t;
	char first[64], again[64];

	snprintf(first, sizeof first, "/tmp/ipcviz-test-%d-screen.jsonl", (int)getpid());
	snprintf(again, sizeof again, "/tmp/ipcviz-test-%d-rerun.jsonl", (int)getpid());
	unlink(first);
	unlink(again);
	const char *args[] = {"--choose", "--trace", first, "--keys", "n\tnnn\tnnkn\tnnq",
			      "pipe-full", NULL};
	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	cr_assert_eq(term_wait_exit(&t, TEST_DEADLINE_S), 0, "the chosen run did not quit:\n%s",
		     t.text);
	term_close(&t);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--schedule", first, "--trace", again, NULL};
	char *out, *err;
	int status;
	cr_assert_eq(support_run(argv, 30, &out, &err, &status), 0);
	cr_assert_eq(status, 0, "%s", err);
	char *x = trace_without_pids(first), *y = trace_without_pids(again);
	cr_expect(strstr(x, "\"choose\"") != NULL, "the choices are in the trace");
	cr_expect_str_eq(y, x, "--schedule gave other events");
	free(x), free(y), free(out), free(err);
	char *replay[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--replay", first, NULL};
	cr_assert_eq(support_run(replay, 30, &out, &err, &status), 0);
	cr_expect_eq(status, 0, "%s", err);
	cr_expect(strstr(out, "chosen: takes its next step now") != NULL, "%s", out);
	free(out), free(err);
	unlink(first);
	unlink(again);
}

/* A challenge on the screen: its task is shown, and the moves its comments
 * suggest (first loads, second loads, both store) reach the goal. */
Test(screen_choose, race_challenge_goal_reached_on_screen)
{
	struct term t;
	const char *args[] = {"--choose", "--keys", "n\tn\tn\tn", "race-challenge", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"Goal reached in 4 steps", "step 4", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S), "no goal:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* A tie in an ordinary run: at 0 s the producer and the consumer of the queue
 * are both due; after both went, the explain panel says real programs race
 * there and which order ipcviz took. */
Test(screen_choose, the_explain_panel_names_a_tie)
{
	struct term t;
	const char *args[] = {"--paused", "--keys", "nne", "queue", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *needles[] = {"Explain: consumer-1", "real programs race", "producer-1 go first",
				 NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S), "no tie:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* A recording of a chosen run has a marker for each choice. */
Test(screen_choose, a_recording_marks_every_choice)
{
	struct term t;
	char path[64];

	snprintf(path, sizeof path, "/tmp/ipcviz-test-%d-choose.cast", (int)getpid());
	unlink(path);
	const char *args[] = {"--choose", "--record", path, "--keys", "n\tnnq", "queue", NULL};
	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	cr_assert_eq(term_wait_exit(&t, TEST_DEADLINE_S), 0, "did not quit:\n%s", t.text);
	term_close(&t);
	char *cast = support_read_file(path);
	cr_assert_not_null(cast);
	int marks = 0;
	/* a marker is a line [time, "m", "label"]; the screen's output lines hold
	 * the same words, so only the m lines count */
	for (const char *p = strstr(cast, "\"m\", \""); p; p = strstr(p + 1, "\"m\", \"")) {
		const char *end = strchr(p, '\n'), *hit = strstr(p, "chosen: takes its next step");
		marks += hit && (!end || hit < end);
	}
	cr_expect_eq(marks, 3, "three choices, three markers:\n%.2000s", cast);
	free(cast);
	unlink(path);
}

/* Choosing mode in Chinese at 80x24: the header and the words on the boxes. */
Test(screen_choose, choosing_in_chinese)
{
	struct term t;
	const char *args[] = {"--choose", "--keys", "n", "queue", NULL};

	term_start(&t, 24, 80, NULL, "zh_CN.UTF-8", 0, args);
	const char *needles[] = {"选择中", "第 1 步", "睡眠", "被选中", NULL};
	cr_assert(term_wait_all(&t, needles, TEST_DEADLINE_S), "not in Chinese:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* The row of the screen that holds `needle`, or "" (in buf). */
static const char *screen_row_with(struct term *t, const char *needle, char *buf, size_t len)
{
	for (int r = 0; r < t->rows; r++) {
		term_row(t, r, buf, len);
		if (strstr(buf, needle))
			return buf;
	}
	buf[0] = '\0';
	return buf;
}

/* Choosing with the code pane: the consumer granted first sleeps on the empty
 * queue, its line BLOCKED; the selection moves to producer-1 and the pane
 * shows its mq_send marked with its name; granted, it is at its pause. */
Test(screen_choose, choosing_with_the_code_pane)
{
	struct term t;
	char row[512];
	const char *args[] = {"--choose", "--keys", "cn", "queue", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *first[] = {"CHOOSING", "step 1", "Code: C", "mq_send(q", NULL};
	cr_assert(term_wait_all(&t, first, TEST_DEADLINE_S), "after one choice:\n%s", t.text);
	/* The needles can be there while the pane's marks are still being
	 * drawn (the frame was caught half written): read a settled screen. */
	term_settle(&t, 150);
	cr_assert(strstr(screen_row_with(&t, "mq_send(q", row, sizeof row), "producer-1"),
		  "the selected producer's line is marked:\n%s", t.text);
	term_keys(&t, "n");
	expect_screen(&t, "step 2");
	term_settle(&t, 150);
	cr_assert(strstr(screen_row_with(&t, "pause_for(1)", row, sizeof row), "producer-1"),
		  "granted, the producer is at its pause:\n%s", t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}

/* In --keys, Shift-Tab and the arrows are written as a terminal sends them:
 * ESC [ Z moves the selection back (from consumer-1 round to producer-1), ESC
 * [ B (down) on, and ESC O C (right) grants, as n does. */
Test(screen_choose, shift_tab_and_arrows_in_a_script)
{
	struct term t;
	const char *back[] = {"--choose", "--keys", "\x1b[Z", "queue", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, back);
	expect_screen(&t, "\xe2\x96\xb6 producer-1");
	cr_assert(strstr(t.text, "step 0") || !strstr(t.text, "step 1"), "nothing granted:\n%s",
		  t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
	const char *down[] = {"--choose", "--keys", "\x1b[B\x1bOC", "queue", NULL};
	term_start(&t, 24, 80, "xterm-256color", NULL, 0, down);
	const char *granted[] = {"step 1", "put 0", NULL};
	cr_assert(term_wait_all(&t, granted, TEST_DEADLINE_S), "down, then right grants:\n%s",
		  t.text);
	quit_and_expect_zero(&t);
	term_close(&t);
}
