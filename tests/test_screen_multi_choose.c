/* test_screen_multi_choose.c - choosing mode on the screen for a run of
 * several channels (DESIGN 12, 14), seen from outside: the real program in a
 * pseudo-terminal (term.c), read back through libvterm. --choose and the s
 * key, the selection marked on the process's line, why one cannot step, Tab,
 * Shift-Tab, the arrows, n and Enter; a goal reached on the screen, its trace
 * (choose and goal events) taken again by --schedule with the same events,
 * the recording's markers; at 80x24, in English and Chinese. Every wait is
 * for something drawn, with a deadline. */
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
#define PLAY "\xe2\x96\xb6" /* ▶: the selected process */

/* The files a test made, removed after it even when it failed. */
static char test_ini[64], test_trace[64], test_again[64], test_cast[64];

static void test_fini(void)
{
	term_fini(true);
	const char *files[] = {test_ini, test_trace, test_again, test_cast};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (files[i][0])
			unlink(files[i]);
	test_ini[0] = test_trace[0] = test_again[0] = test_cast[0] = '\0';
}

TestSuite(screen_multi_choose, .init = term_init, .fini = test_fini, .timeout = 60);

#define expect_all(t, ...)                                                               \
	do {                                                                              \
		const char *needles_[] = {__VA_ARGS__, NULL};                             \
		cr_assert(term_wait_all((t), needles_, TEST_DEADLINE_S),                  \
			  "not all of it on the screen:\n%s", (t)->text);                \
	} while (0)

/* Two locks in opposite orders with nothing between: only the order of the
 * steps decides whether they deadlock; the goal is to make them. */
static const char locks_ini[] =
	"[scenario]\ntitle = Two locks, your order\n"
	"[goal]\nreach = deadlock\nwithin = 4\ntext = Make the two deadlock.\n"
	"[channel.a]\ntype = lock\n[channel.b]\ntype = lock\n"
	"[process.left]\ndo = lock a\ndo = lock b\ndo = unlock b\ndo = unlock a\n"
	"[process.right]\ndo = lock b\ndo = lock a\ndo = unlock a\ndo = unlock b\n";

static void temp_path(char *path, size_t len, const char *what)
{
	snprintf(path, len, "/tmp/ipcviz-test-%d-%s", (int)getpid(), what);
	unlink(path);
}

/* How many times what occurs in s. */
static int count(const char *s, const char *what)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

/* A trace's events without what differs between two runs of the same choices
 * (the header with its pids; each event's wall time and pid). */
static char *trace_events(const char *path)
{
	char *text = support_read_file(path), *out, *w;

	cr_assert_not_null(text, "no trace at %s", path);
	const char *p = strchr(text, '\n');
	cr_assert_not_null(p, "a trace of one line: %s", text);
	out = w = calloc(1, strlen(text) + 1);
	cr_assert_not_null(out);
	for (p++; *p;) {
		const char *skip = NULL;
		if (strncmp(p, ",\"wall\":", 8) == 0 || strncmp(p, ",\"pid\":", 7) == 0)
			skip = p + 1;
		if (skip) {
			while (*skip && *skip != ',' && *skip != '}')
				skip++;
			p = skip;
			continue;
		}
		*w++ = *p++;
	}
	free(text);
	return out;
}

/* --choose on a file of two locks: nothing moves by itself; the first in
 * name order is selected on its line; a process asleep on a lock says so;
 * the four steps that deadlock them reach the goal, which the end panel says
 * with the step count. The trace has every choice and the goal; --schedule
 * takes it again, headless, with the same events; the recording has a marker
 * for each choice and for the goal. */
Test(screen_multi_choose, choose_two_locks_into_their_deadlock_goal_trace_schedule_cast)
{
	struct term t;

	support_temp_scenario(locks_ini, test_ini, sizeof test_ini);
	temp_path(test_trace, sizeof test_trace, "choose.jsonl");
	temp_path(test_again, sizeof test_again, "again.jsonl");
	temp_path(test_cast, sizeof test_cast, "choose.cast");
	const char *args[] = {"--choose", "--trace", test_trace, "--record", test_cast,
			      test_ini, NULL};
	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "CHOOSING", "step 0", PLAY " left-1", "Goal: Make the two deadlock.",
		   "space pause n grant Tab select");
	/* left takes a, Tab to right, right takes b, then asks for a: asleep */
	term_keys(&t, "n\tnn");
	expect_all(&t, "step 3", "asleep BLOCKED in futex(2) on the lock a", PLAY " left-1",
		   "held by left-1", "waiting in futex(2): right-1");
	term_keys(&t, "n");
	expect_all(&t, "FINISHED", "step 4", "Goal reached in 4 steps",
		   "DEADLOCK: left-1 sleeps in futex(2) on the lock b; right-1 holds it");
	cr_assert(!strstr(t.text, PLAY " "), "a selection after the end:\n%s", t.text);
	cr_assert_eq(term_quit(&t), 0, "ipcviz did not quit with status 0");
	term_close(&t);

	char *trace = support_read_file(test_trace);
	cr_assert_not_null(trace);
	cr_expect_eq(count(trace, "\"ev\":\"choose\""), 4, "four choices:\n%s", trace);
	cr_expect(strstr(trace, "\"ev\":\"goal\",\"reached\":true,\"steps\":4"), "%s", trace);
	cr_expect(strstr(trace, "\"ev\":\"deadlock\",\"cycle\":[\"left-1\",\"right-1\"]"), "%s",
		  trace);
	free(trace);
	/* the trace names its scenario by the file's name: the file is given */
	char *argv[] = {IPCVIZ_BIN, "--headless", "--schedule", test_trace, "--trace",
			test_again, test_ini, NULL};
	char *out, *err;
	int status;
	cr_assert_eq(support_run(argv, 30, &out, &err, &status), 0);
	cr_assert_eq(status, 0, "%s", err);
	cr_expect(strstr(out, "Goal reached in 4 steps"), "%s", out);
	free(out), free(err);
	char *x = trace_events(test_trace), *y = trace_events(test_again);
	cr_expect_str_eq(y, x, "--schedule gave other events");
	free(x), free(y);

	char *cast = support_read_file(test_cast);
	cr_assert_not_null(cast);
	int choices = 0, goals = 0;
	/* a marker is a line [time, "m", "label"]; only those lines count */
	for (const char *p = strstr(cast, "\"m\", \""); p; p = strstr(p + 1, "\"m\", \"")) {
		const char *end = strchr(p, '\n');
		const char *c = strstr(p, "chosen: takes its next step"), *g = strstr(p, "Goal reached");
		choices += c && (!end || c < end);
		goals += g && (!end || g < end);
	}
	free(cast);
	cr_expect_eq(choices, 4, "four choices, four markers");
	cr_expect_eq(goals, 1, "a marker for the goal");
}

/* s turns choosing on in the middle of a paused pipeline; Enter grants the
 * selected one, Shift-Tab, Tab and the arrows move the selection among those
 * that can step, in name order; s again gives the steps back to ipcviz. The
 * arrows are written as the terminal sends them once ncurses put its keypad
 * in application mode (xterm's kcud1 is ESC O B). Paused, the screen sleeps
 * with no timeout between keys: term_press knows each key's frame is whole. */
Test(screen_multi_choose, s_key_tab_shift_tab_arrows_and_enter_on_a_pipeline)
{
	struct term t;
	const char *args[] = {"--paused", "pipeline", NULL};

	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "PAUSED", "source-1", "s choose");
	cr_assert(term_press(&t, "s", TEST_DEADLINE_S), "not settled:\n%s", t.text);
	expect_all(&t, "CHOOSING", "Choosing mode: you are the scheduler", PLAY " filter-1",
		   "Tab select");
	/* Enter: the filter reads the empty raw pipe and sleeps; the selection
	 * moves on to sink-1 */
	cr_assert(term_press(&t, "\r", TEST_DEADLINE_S), "not settled:\n%s", t.text);
	expect_all(&t, "step 1", "asleep BLOCKED in read(2) on raw", PLAY " sink-1");
	/* Shift-Tab from sink-1 passes over the asleep filter to source-1 */
	cr_assert(term_press(&t, "\x1b[Z", TEST_DEADLINE_S), "not settled:\n%s", t.text);
	expect_all(&t, PLAY " source-1");
	/* n: the source's put wakes the filter, which takes 0 */
	cr_assert(term_press(&t, "n", TEST_DEADLINE_S), "not settled:\n%s", t.text);
	expect_all(&t, "step 2", "put 0 into raw", "got 0 from raw");
	/* down and up move it as Tab and Shift-Tab do, round the end of the
	 * names; right grants: the sink reads the empty cooked pipe */
	cr_assert(term_press(&t, "\x1bOB", TEST_DEADLINE_S), "not settled:\n%s", t.text);
	expect_all(&t, PLAY " filter-1");
	cr_assert(term_press(&t, "\x1bOA", TEST_DEADLINE_S), "not settled:\n%s", t.text);
	expect_all(&t, PLAY " source-1");
	cr_assert(term_press(&t, "\x1bOB\x1bOB\x1bOC", TEST_DEADLINE_S), "not settled:\n%s",
		  t.text);
	expect_all(&t, "step 3", "asleep BLOCKED in read(2) on cooked");
	cr_assert(term_press(&t, "s", TEST_DEADLINE_S), "not settled:\n%s", t.text);
	expect_all(&t, "Choosing mode off", "PAUSED", "s choose");
	cr_assert_eq(term_quit(&t), 0, "ipcviz did not quit with status 0");
	term_close(&t);
}

/* In Chinese at 80x24: the header, the step count, why the child cannot
 * step, the selection; every wide character whole. */
Test(screen_multi_choose, choosing_the_subprocess_deadlock_in_chinese)
{
	struct term t;
	const char *args[] = {"--choose", "--keys", "n", "pipe-deadlock", NULL};

	term_start(&t, 24, 80, NULL, ZH, 0, args);
	expect_all(&t, "选择中", "第 1 步", "睡眠", PLAY " parent-1", "被选中");
	term_settle(&t, 100);
	for (int r = 0; r < t.rows; r++)
		for (int c = 0; c + 1 < t.cols; c++) {
			VTermScreenCell cell;
			vterm_screen_get_cell(t.screen, (VTermPos){.row = r, .col = c}, &cell);
			if (cell.width == 2)
				cr_assert(term_char(&t, r, c + 1) == -1, "half a character at %d,%d:\n%s",
					  r, c, term_text(&t));
		}
	cr_assert_eq(term_quit(&t), 0, "ipcviz did not quit with status 0");
	term_close(&t);
}
