/* test_replay.c - --replay of a trace and stepping back in time: the real
 * program in a pseudo-terminal read through libvterm, a trace made by the
 * program itself as the golden input. Screens are compared whole; every wait
 * is for something drawn, with a deadline. At --speed max nothing is
 * animated, so a screen is final as soon as it is drawn. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vterm.h>

#include "scenario.h"
#include "support.h"
#include "term.h"

#define TEST_DEADLINE_S 10.0
#define TEST_ROWS 24
#define TEST_COLS 80
#define TEST_TEXT_MAX TERM_TEXT_MAX

static char test_trace[256];

/* The golden trace: pipe-full as the program itself writes it. */
static void test_make_trace(void)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--force", "--trace",
			test_trace, "pipe-full", NULL};
	char *out, *err;
	int status;

	snprintf(test_trace, sizeof test_trace, "/tmp/ipcviz-test-%d.trace", (int)getpid());
	cr_assert(support_run(argv, TEST_DEADLINE_S, &out, &err, &status) == 0);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "no trace: %s", err);
	free(out);
	free(err);
}

static void test_init(void)
{
	term_init();
	test_make_trace();
}

static void test_fini(void)
{
	term_fini(false);
	unlink(test_trace);
}

TestSuite(replay, .init = test_init, .fini = test_fini, .timeout = 60);

/* ---- the program in a pseudo-terminal ---------------------------------------------- */

#define expect_screen(t, needle) \
	cr_assert(term_wait_for((t), (needle)), "never saw \"%s\":\n%s", (needle), (t)->text)

/* Sends a key and waits until the screen is `want` (a screen seen before). */
static bool term_key_until(struct term *t, const char *key, const char *want)
{
	double end = term_now() + TEST_DEADLINE_S;

	if (key)
		cr_assert_eq(write(t->master, key, strlen(key)), (ssize_t)strlen(key));
	while (strcmp(term_text(t), want) != 0) {
		if (term_now() > end)
			return false;
		term_pump(t, 20);
	}
	return true;
}

/* Is the row from p to nl (or the end) the log's title row (Events, or History:
 * step k of n, in English or Chinese), a line of the log's frame? */
static bool screen_title_row(const char *p, const char *nl)
{
	static const char *const titles[] = {"Events", "History: step", "\xe4\xba\x8b\xe4\xbb\xb6",
					     "\xe5\x8e\x86\xe5\x8f\xb2\xef\xbc\x9a"}; /* 事件, 历史： */
	const char *frame = strstr(p, "\xe2\x94\x80"); /* ─ */

	if (!frame || (nl && frame > nl))
		return false;
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
		const char *at = strstr(p, titles[i]);
		if (at && (!nl || at < nl))
			return true;
	}
	return false;
}

/* The screen without its first row (the header: PAUSED or PAST) and without the
 * log's title row (screen_title_row). */
static void screen_body(const char *text, char *out, size_t len)
{
	const char *p = strchr(text, '\n');
	size_t at = 0;

	for (p = p ? p + 1 : text; *p && at + 1 < len;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
		if (!screen_title_row(p, nl)) {
			memcpy(out + at, p, n < len - at - 1 ? n : len - at - 1);
			at += n < len - at - 1 ? n : len - at - 1;
		}
		p += n;
	}
	out[at] = '\0';
}

/* ---- the tests ----------------------------------------------------------------------- */

/* The log's newest line (the row above the log's frame), copied into line. */
static bool screen_newest(const char *text, char *line, size_t len)
{
	const char *row = text, *nl;

	for (int r = 0; r < TEST_ROWS - 3 && row; r++) {
		row = strchr(row, '\n');
		row = row ? row + 1 : NULL;
	}
	if (!row || !(nl = strchr(row, '\n')) || (size_t)(nl - row) >= len)
		return false;
	memcpy(line, row, (size_t)(nl - row));
	line[nl - row] = '\0';
	return true;
}

/* Is the frame of a paused step drawn whole? The header's clock ("t = 3.0 s")
 * is drawn first, the log's newest line last; paused after a step, both show
 * the step's time. */
static bool screen_settled(const char *text)
{
	const char *clock = strstr(text, "t = ");
	char line[512];
	double header, newest;

	if (!clock || sscanf(clock, "t = %lf", &header) != 1 || !screen_newest(text, line, sizeof line))
		return false;
	if (sscanf(line, "│ %lf", &newest) != 1)
		return false;
	return (long)(header * 10 + 0.5) == (long)(newest * 10 + 0.5);
}

/* Waits until the screen's body (screen_body) is `want`. */
static bool term_wait_body(struct term *t, const char *want, char *body, size_t len)
{
	double end = term_now() + TEST_DEADLINE_S;

	for (;;) {
		screen_body(term_text(t), body, len);
		if (strcmp(body, want) == 0)
			return true;
		if (term_now() > end)
			return false;
		term_pump(t, 20);
	}
}

/* The replay steps forward until the producer is blocked, then back as many steps
 * to what the first screen showed, then forward again to the very same screen.
 * A screen is read once the last thing its frame draws is there (the log's
 * newest line, the key bar), or compared with a deadline until it is equal. */
Test(replay, steps_forward_and_back_to_exact_screens)
{
	struct term t;
	const char *args[] = {"--paused", "--speed", "max", "--replay", test_trace, NULL};
	static char first[TEST_TEXT_MAX], blocked[TEST_TEXT_MAX], a[TEST_TEXT_MAX],
		b[TEST_TEXT_MAX], keys[128];
	const char *start[] = {"replay", "consumer-1  0/4  started", "q quit", NULL};
	const char *full[] = {"trying to put 6", "kernel: state S, waiting in anon_pipe_write",
			      NULL};
	int k = 9;

	term_start(&t, TEST_ROWS, TEST_COLS, NULL, NULL, 0, args);
	cr_assert(term_wait_all(&t, start, TEST_DEADLINE_S), "no first screen:\n%s", t.text);
	snprintf(first, sizeof first, "%s", term_text(&t));
	cr_assert(strstr(first, "PAUSED"), "%s", first);
	/* As many steps as a live run takes to the blocked producer (docs/keys.md):
	 * the replay finds the scheduler's steps again in the trace. */
	memset(keys, 'n', (size_t)k);
	keys[k] = '\0';
	cr_assert_eq(write(t.master, keys, (size_t)k), k);
	cr_assert(term_wait_all(&t, full, TEST_DEADLINE_S), "not blocked after %d steps:\n%s", k,
		  t.text);
	cr_assert(term_press(&t, NULL, TEST_DEADLINE_S), "never waits for a key:\n%s", t.text);
	snprintf(blocked, sizeof blocked, "%s", t.text);
	cr_assert(strstr(blocked, "4/4  FULL") && strstr(blocked, "t = 3.0 s") &&
		  screen_settled(blocked), "%s", blocked);
	keys[0] = '\0';
	for (int i = 0; i < k; i++) /* b and the left arrow (keypad mode), as one burst */
		strcat(keys, i % 2 ? "b" : "\x1bOD");
	cr_assert_eq(write(t.master, keys, strlen(keys)), (ssize_t)strlen(keys));
	screen_body(first, b, sizeof b);
	cr_assert(term_wait_body(&t, b, a, sizeof a), "back %d steps is not the first screen:\n%s"
		  "\nbut:\n%s", k, t.text, first);
	expect_screen(&t, "PAST");
	expect_screen(&t, "History: step 1 of");
	memset(keys, 'n', (size_t)k - 1);
	strcpy(keys + k - 1, "\x1bOC"); /* n, and the right arrow last */
	cr_assert(term_key_until(&t, keys, blocked), "forward %d steps is not the same screen:\n%s"
		  "\nbut:\n%s", k, t.text, blocked);
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
}

/* In a replay the keys that need processes say so; r starts it over. */
Test(replay, live_only_keys_say_so_and_r_starts_over)
{
	struct term t;
	const char *args[] = {"--paused", "--speed", "max", "--keys", "nnnn", "--replay",
			      test_trace, NULL};

	term_start(&t, TEST_ROWS, TEST_COLS, NULL, NULL, 0, args);
	expect_screen(&t, "put 2 into the pipe");
	cr_assert_eq(write(t.master, "k", 1), 1);
	expect_screen(&t, "needs a live run");
	cr_assert_eq(write(t.master, "r", 1), 1);
	expect_screen(&t, "starts again from the beginning");
	cr_assert(!strstr(t.text, "put 2 into the pipe"), "%s", t.text);
	cr_assert_eq(write(t.master, " ", 1), 1); /* run it to its end at full speed */
	expect_screen(&t, "FINISHED");
	expect_screen(&t, "12 items passed through the pipe");
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
}

/* A live run: step back, then forward again, and the screen is the one left. */
Test(replay, live_step_back_then_forward_is_the_same_screen)
{
	struct term t;
	const char *args[] = {"--paused", "--speed", "max", "--keys", "nnnnnnnnn", "pipe-full", NULL};
	static char present[TEST_TEXT_MAX];
	const char *now[] = {"BLOCKED in write", "syscall: write(", "kernel: state S, waiting in",
			     "q quit", NULL};
	const char *past[] = {"PAST", "History: step 7 of 10", "2.000  producer-1  4/4  put 4", NULL};

	term_start(&t, TEST_ROWS, TEST_COLS, NULL, NULL, 0, args);
	cr_assert(term_wait_all(&t, now, TEST_DEADLINE_S), "not blocked:\n%s", t.text);
	snprintf(present, sizeof present, "%s", term_text(&t));
	cr_assert_eq(write(t.master, "bbb", 3), 3);
	cr_assert(term_wait_all(&t, past, TEST_DEADLINE_S), "not 3 steps back:\n%s", t.text);
	cr_assert(!strstr(t.text, "BLOCKED in write"), "not in the past:\n%s", t.text);
	cr_assert(term_key_until(&t, "nnn", present), "back in the present, the screen differs:\n%s"
		  "\nwas:\n%s", t.text, present);
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
}

/* The lanes: a key toggles them, one lane per actor, marks for puts and gets. */
Test(replay, t_shows_the_swim_lanes)
{
	struct term t;
	const char *args[] = {"--paused", "--speed", "max", "--keys", "nnnnnnnnnt", "--replay",
			      test_trace, NULL};

	term_start(&t, TEST_ROWS, TEST_COLS, NULL, NULL, 0, args);
	expect_screen(&t, "Timeline");
	expect_screen(&t, "producer-1 ▲▲▲▲▲▲█");
	expect_screen(&t, "consumer-1 ▼───▼");
	expect_screen(&t, "waiting its turn");
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
}

/* Headless, the replay prints the timeline a live headless run prints. */
/* Every "(pid 1234)" becomes "(pid N)": pids differ from run to run, in
 * their number of digits too. */
static void mask_pids(char *out)
{
	for (char *s = out; (s = strstr(s, "(pid "));) {
		char *digits = s + 5, *end = digits;
		while (*end >= '0' && *end <= '9')
			end++;
		if (end > digits) {
			*digits = 'N';
			memmove(digits + 1, end, strlen(end) + 1);
		}
		s = digits;
	}
}

Test(replay, headless_replay_prints_the_live_timeline)
{
	char *replay_argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--replay", test_trace,
			       NULL};
	char *live_argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "pipe-full", NULL};
	char *rout, *rerr, *lout, *lerr;
	int status;

	cr_assert(support_run(replay_argv, TEST_DEADLINE_S, &rout, &rerr, &status) == 0);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s", rerr);
	cr_assert(support_run(live_argv, TEST_DEADLINE_S, &lout, &lerr, &status) == 0);
	mask_pids(rout);
	mask_pids(lout);
	cr_assert_str_eq(rout, lout);
	free(rout);
	free(rerr);
	free(lout);
	free(lerr);
}

/* Each later lesson replayed: the same words as its live run, from the same
 * trace (the race's result, a socket pair's answers, parts and mixed items of
 * a big-item pipe, whose size the header carries). */
Test(replay, headless_replay_of_the_later_lessons_prints_their_live_timelines)
{
	const char *names[] = {"ring-full", "race", "race-locked", "socketpair", "pipe-atomic"};
	char trace[256];

	snprintf(trace, sizeof trace, "/tmp/ipcviz-test-%d-lesson.trace", (int)getpid());
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *live_argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--force",
				     "--trace", trace, (char *)names[i], NULL};
		char *replay_argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--replay",
				       trace, NULL};
		char *rout, *rerr, *lout, *lerr;
		int status;

		cr_assert(support_run(live_argv, TEST_DEADLINE_S, &lout, &lerr, &status) == 0);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: %s", names[i], lerr);
		cr_assert(support_run(replay_argv, TEST_DEADLINE_S, &rout, &rerr, &status) == 0);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: %s", names[i], rerr);
		mask_pids(rout);
		mask_pids(lout);
		cr_expect_str_eq(rout, lout, "%s replayed differs from live", names[i]);
		free(rout);
		free(rerr);
		free(lout);
		free(lerr);
	}
	unlink(trace);
}

/* Every built-in of several channels replayed, and files of them (its
 * title kept in the header, its script's stop and cont in the events): the
 * timeline its live run printed, the deadlock with its cycle and the end's
 * words included, from the channels and programs its trace's header carries. */
Test(replay, headless_replay_of_every_several_channel_builtin_prints_its_live_timeline)
{
	size_t nb, checked = 0;
	const struct scenario_builtin *b = scenario_builtins(&nb);
	char trace[256];

	snprintf(trace, sizeof trace, "/tmp/ipcviz-test-%d-multi.trace", (int)getpid());
	static const char *const files[] = {IPCVIZ_SOURCE_DIR "/tests/pipeline-stop.ini",
					    IPCVIZ_SOURCE_DIR "/tests/fifo-deadlock.ini",
					    IPCVIZ_SOURCE_DIR "/tests/socketpair-deadlock.ini",
					    IPCVIZ_SOURCE_DIR "/tests/queue-pipeline.ini",
					    IPCVIZ_SOURCE_DIR "/tests/ring-deadlock.ini"};
	const size_t nfiles = sizeof files / sizeof files[0];

	for (size_t i = 0; i < nb + nfiles; i++) {
		const char *name = i < nb ? b[i].name : files[i - nb];
		char *live_argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--force",
				     "--trace", trace, (char *)name, NULL};
		char *replay_argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--replay",
				       trace, NULL};
		char *rout, *rerr, *lout, *lerr;
		int status;

		if (i < nb && !support_builtin_multi(name))
			continue;
		cr_assert(support_run(live_argv, TEST_DEADLINE_S, &lout, &lerr, &status) == 0);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: %s", name, lerr);
		cr_assert(support_run(replay_argv, TEST_DEADLINE_S, &rout, &rerr, &status) == 0);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: %s", name, rerr);
		cr_assert(strstr(lout, "started (pid "), "%s: %s", name, lout);
		cr_expect_str_eq(rout, lout, "%s replayed differs from live", name);
		free(rout);
		free(rerr);
		free(lout);
		free(lerr);
		checked++;
	}
	cr_assert_geq(checked, 6);
	unlink(trace);
}

/* A malformed trace: one line "ipcviz: FILE:LINE: what", status 2, headless or
 * not, and no process started. */
Test(replay, a_malformed_trace_is_one_line_and_status_2)
{
	char path[256];
	char *out, *err;
	int status;
	FILE *f;

	snprintf(path, sizeof path, "/tmp/ipcviz-test-%d-bad.trace", (int)getpid());
	f = fopen(path, "w");
	cr_assert(f);
	fputs("{\"ipcviz\":1,\"scenario\":\"x\",\"channel\":\"pipe\",\"capacity\":4,\"actors\":"
	      "[{\"name\":\"p\",\"role\":\"producer\",\"pid\":1}]}\n"
	      "{\"t\":0.0,\"actor\":\"p\",\"ev\":\"spawn\",\"pid\":1}\n"
	      "{\"t\":0.5,\"actor\":\"p\",\"ev\":\"put\",\"value\":\"one\"}\n", f);
	fclose(f);
	char *headless[] = {IPCVIZ_BIN, "--headless", "--replay", path, NULL};
	char *screen[] = {IPCVIZ_BIN, "--replay", path, NULL};
	char *const *runs[] = {headless, screen};
	for (int i = 0; i < 2; i++) {
		cr_assert(support_run(runs[i], TEST_DEADLINE_S, &out, &err, &status) == 0);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 2, "status %d", status);
		char want[320];
		snprintf(want, sizeof want, "ipcviz: %s:3: ", path);
		cr_assert(strncmp(err, want, strlen(want)) == 0, "stderr: %s", err);
		cr_assert(strchr(err, '\n') == err + strlen(err) - 1, "not one line: %s", err);
		cr_assert_eq(out[0], '\0');
		free(out);
		free(err);
	}
	cr_assert_eq(support_children_left(), 0);
	unlink(path);
}

/* A bad header of several channels, or an event on a channel it does not
 * have: one line "ipcviz: FILE:LINE: what", status 2, nothing started. */
Test(replay, a_bad_several_channel_header_is_one_line_and_status_2)
{
#define CH "\"channels\":[{\"name\":\"a\",\"type\":\"pipe\",\"capacity\":2}]"
#define PR(DO) "\"processes\":[{\"name\":\"w\",\"count\":1,\"do\":[\"put a 1..3\"]}," \
	       "{\"name\":\"r\",\"count\":1,\"do\":[" DO "]}]"
#define ACT "\"actors\":[{\"name\":\"w-1\",\"role\":\"producer\",\"pid\":1}," \
	    "{\"name\":\"r-1\",\"role\":\"producer\",\"pid\":2}]"
#define HEAD(REST) "{\"ipcviz\":1,\"scenario\":\"x\",\"channel\":\"several\",\"capacity\":0," REST "}\n"
#define SPAWN "{\"t\":0.0,\"actor\":\"w-1\",\"ev\":\"spawn\",\"pid\":1}\n"
	static const struct {
		const char *trace, *line, *what;
	} bad[] = {
		{HEAD(ACT) SPAWN, "1", "needs the header's \"channels\" and \"processes\""},
		{HEAD(CH "," ACT) SPAWN, "1", "both a \"channels\" and a \"processes\" list"},
		{HEAD("\"channels\":{}," PR("\"get a all\"") "," ACT) SPAWN, "1", "list"},
		{HEAD("\"channels\":[{\"name\":\"a\",\"type\":\"tube\"}]," PR("\"get a all\"") "," ACT),
		 "1", "\"type\""},
		{HEAD("\"channels\":[{\"name\":\"A b\",\"type\":\"pipe\"}]," PR("\"get a all\"") "," ACT),
		 "1", "\"name\""},
		{HEAD(CH "," PR("\"get a all\\n[process.x]\"") "," ACT), "1", "words of a-z"},
		{HEAD(CH "," PR("\"fly a\"") "," ACT), "1", "unknown operation `fly`"},
		{HEAD(CH "," PR("\"get b all\"") "," ACT), "1", "the header's channels and processes"},
		{HEAD(CH "," PR("\"get a all\"") ","
		      "\"actors\":[{\"name\":\"w-1\",\"role\":\"producer\",\"pid\":1}]"),
		 "1", "\"actors\""},
		{HEAD(CH "," PR("\"get a all\"") "," ACT) SPAWN
		 "{\"t\":0.5,\"actor\":\"w-1\",\"ev\":\"put\",\"ch\":\"b\",\"value\":1,\"fill\":1}\n",
		 "3", "unknown channel \"b\""},
		{HEAD(CH "," PR("\"get a all\"") ",\"script\":[\"1s note a\\n[process.x]\"]," ACT),
		 "1", "one do line of the scenario's [script]"},
		{HEAD(CH "," PR("\"get a all\"") ",\"script\":\"1s kill w-1\"," ACT), "1",
		 "\"script\" must be a list"},
		{HEAD(CH "," PR("\"get a all\"") ",\"script\":[\"1s kill z-1\"]," ACT), "1",
		 "the header's channels and processes"},
	};
#undef CH
#undef PR
#undef ACT
#undef HEAD
#undef SPAWN
	char path[256];

	snprintf(path, sizeof path, "/tmp/ipcviz-test-%d-bad-multi.trace", (int)getpid());
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *headless[] = {IPCVIZ_BIN, "--headless", "--replay", path, NULL};
		char *screen[] = {IPCVIZ_BIN, "--replay", path, NULL};
		char *const *runs[] = {headless, screen};
		FILE *f = fopen(path, "w");

		cr_assert(f);
		fputs(bad[i].trace, f);
		fclose(f);
		for (int r = 0; r < (i == 0 ? 2 : 1); r++) {
			char want[320], *out, *err;
			int status;

			cr_assert(support_run(runs[r], TEST_DEADLINE_S, &out, &err, &status) == 0);
			cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 2, "%zu: status %d: %s",
				  i, status, err);
			snprintf(want, sizeof want, "ipcviz: %s:%s: ", path, bad[i].line);
			cr_assert(strncmp(err, want, strlen(want)) == 0, "%zu: stderr: %s", i, err);
			cr_assert(strstr(err, bad[i].what), "%zu: stderr: %s", i, err);
			cr_assert(strchr(err, '\n') == err + strlen(err) - 1, "not one line: %s", err);
			cr_assert_eq(out[0], '\0');
			free(out);
			free(err);
		}
	}
	cr_assert_eq(support_children_left(), 0);
	unlink(path);
}

/* ---- stepping back on the screen, in both languages ---------------------------------- */

/* Presses `keys` (NULL: none) and waits until the program has drawn what they
 * do and waits for the next key (term_press); the screen into out. */
static void screen_press(struct term *t, const char *keys, char *out, size_t len)
{
	cr_assert(term_press(t, keys, TEST_DEADLINE_S), "never waits for a key after %s:\n%s",
		  keys ? keys : "the start", t->text);
	snprintf(out, len, "%s", t->text);
}

/* In the replay of `name`'s trace, in `lang`: at each of the first steps, one
 * forward then one back, and three forward then three back, come back to the
 * same screen (its body: the header and the log's title say PAST and the
 * step). The units of n and b are one. */
static void replay_steps_back(const char *name, const char *lang)
{
	char trace[256];
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--force", "--trace", trace,
			(char *)name, NULL};
	const char *args[] = {"--paused", "--speed", "max", "--replay", trace, NULL};
	static char screen[TEST_TEXT_MAX], here[TEST_TEXT_MAX], body[TEST_TEXT_MAX];
	char *out, *err;
	int status;
	struct term t;

	snprintf(trace, sizeof trace, "/tmp/ipcviz-test-%d-back.trace", (int)getpid());
	cr_assert(support_run(argv, TEST_DEADLINE_S, &out, &err, &status) == 0);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: %s", name, err);
	free(out);
	free(err);
	term_start(&t, TEST_ROWS, TEST_COLS, NULL, lang, 0, args);
	screen_press(&t, NULL, screen, sizeof screen);
	for (int k = 1; k <= 5; k++) {
		screen_press(&t, "n", screen, sizeof screen);
		screen_body(screen, here, sizeof here);
		screen_press(&t, "nb", screen, sizeof screen);
		screen_body(screen, body, sizeof body);
		cr_assert(strcmp(body, here) == 0, "%s (%s), step %d: n b shows another moment:\n%s\nnot:\n%s",
			  name, lang ? lang : "C", k, body, here);
		screen_press(&t, "nnnbbb", screen, sizeof screen);
		screen_body(screen, body, sizeof body);
		cr_assert(strcmp(body, here) == 0, "%s (%s), step %d: nnn bbb shows another moment:\n%s\nnot:\n%s",
			  name, lang ? lang : "C", k, body, here);
		if (k > 1) /* from the past, the present as it was left */
			screen_press(&t, "n", screen, sizeof screen);
	}
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
	unlink(trace);
}

/* A lesson of each kind of channel: bytes in parts, one shared value, a
 * counter, answers coming back. */
#define REPLAY_STEPS_BACK(NAME, SCENARIO)                                        \
	Test(replay, n_b_and_nnn_bbb_come_back_to_the_same_screen_##NAME)        \
	{                                                                        \
		replay_steps_back(SCENARIO, NULL);                               \
		replay_steps_back(SCENARIO, "zh_CN.UTF-8");                      \
	}
REPLAY_STEPS_BACK(pipe_atomic, "pipe-atomic")
REPLAY_STEPS_BACK(shm_overwrite, "shm-overwrite")
REPLAY_STEPS_BACK(race, "race")
REPLAY_STEPS_BACK(socketpair, "socketpair")
REPLAY_STEPS_BACK(pipe_deadlock, "pipe-deadlock") /* several channels (DESIGN 14) */

/* A live run, in both languages: back one step and forward, back three and
 * forward three, and the screen is the one left. */
Test(replay, live_n_b_and_bbb_nnn_come_back_to_the_same_screen)
{
	const char *langs[] = {NULL, "zh_CN.UTF-8"};
	const char *names[] = {"pipe-atomic", "queue-full"};
	static char present[TEST_TEXT_MAX], screen[TEST_TEXT_MAX];

	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			const char *args[] = {"--paused", "--speed", "max", names[i], NULL};
			struct term t;

			term_start(&t, TEST_ROWS, TEST_COLS, NULL, langs[l], 0, args);
			screen_press(&t, NULL, present, sizeof present);
			screen_press(&t, "nnnnnn", present, sizeof present);
			screen_press(&t, "b", screen, sizeof screen);
			cr_assert(term_key_until(&t, "n", present), "%s: b n differs:\n%s\nwas:\n%s",
				  names[i], t.text, present);
			screen_press(&t, "bbb", screen, sizeof screen);
			cr_assert(term_key_until(&t, "nnn", present),
				  "%s: bbb nnn differs:\n%s\nwas:\n%s", names[i], t.text, present);
			cr_assert_eq(term_quit(&t), 0);
			term_close(&t);
		}
}

/* The screen without what only live processes show: each row cut where the
 * kernel's evidence of a channel begins (its count, its pipe:[inode]), a
 * call's descriptor "write(5)" as the call's name, which is all a trace
 * records of it, and trailing blanks dropped. */
static void screen_without_live_evidence(const char *text, char *out, size_t len)
{
	static const char *const cuts[] = {"kernel: ", "pipe:["};
	size_t at = 0;

	for (const char *p = text; *p && at + 1 < len;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char row[1024], *c;

		snprintf(row, sizeof row, "%.*s", (int)n, p);
		for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
			if ((c = strstr(row, cuts[i])))
				*c = '\0';
		for (c = row; (c = strchr(c, '('));) { /* every "(digits)" goes */
			size_t d = strspn(c + 1, "0123456789");
			if (d > 0 && c[1 + d] == ')')
				memmove(c, c + d + 2, strlen(c + d + 2) + 1);
			else
				c++;
		}
		/* pids differ from run to run, and the blanks before the evidence
		 * with their widths: a number of 3 digits or more is N, blanks one */
		char *w = row;
		for (const char *r = row; *r;) {
			size_t digits = strspn(r, "0123456789");
			if (digits >= 3) {
				*w++ = 'N';
				r += digits;
			} else if (*r == ' ' && w > row && w[-1] == ' ') {
				r++;
			} else {
				*w++ = *r++;
			}
		}
		*w = '\0';
		for (size_t k = strlen(row); k > 0 && row[k - 1] == ' '; k--)
			row[k - 1] = '\0';
		at += (size_t)snprintf(out + at, len - at, "%s\n", row);
		if (at >= len)
			at = len - 1;
		p += n + (nl ? 1 : 0);
	}
	out[at] = '\0';
}

/* The several-channel screen of a replay (ui/draw_multi.c) at the end of
 * pipe-deadlock: the live run's screen (each pipe's fill, who writes and
 * reads it, what each process sleeps in, DEADLOCK and its cycle, the end's
 * words), but for what only live processes can show; only the header row
 * says replay. --record of the replay records that screen. */
Test(replay, a_deadlock_replayed_ends_on_the_live_runs_screen)
{
	char trace[256], cast[256];
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--force", "--trace", trace,
			"pipe-deadlock", NULL};
	const char *live_args[] = {"--speed", "max", "pipe-deadlock", NULL};
	const char *replay_args[] = {"--speed", "max", "--force", "--record", cast,
				     "--replay", trace, NULL};
	const char *end[] = {"DEADLOCK", "q quit", NULL};
	static char live[TEST_TEXT_MAX], again[TEST_TEXT_MAX], a[TEST_TEXT_MAX], b[TEST_TEXT_MAX],
		body[TEST_TEXT_MAX];
	char *out, *err;
	int status;
	struct term t;

	snprintf(trace, sizeof trace, "/tmp/ipcviz-test-%d-deadlock.trace", (int)getpid());
	snprintf(cast, sizeof cast, "/tmp/ipcviz-test-%d-deadlock.cast", (int)getpid());
	cr_assert(support_run(argv, TEST_DEADLINE_S, &out, &err, &status) == 0);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s", err);
	free(out);
	free(err);
	term_start(&t, TEST_ROWS, TEST_COLS, NULL, NULL, 0, live_args);
	cr_assert(term_wait_all(&t, end, TEST_DEADLINE_S), "no deadlock:\n%s", t.text);
	cr_assert(term_press(&t, NULL, TEST_DEADLINE_S), "never waits for a key:\n%s", t.text);
	snprintf(live, sizeof live, "%s", term_text(&t));
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
	term_start(&t, TEST_ROWS, TEST_COLS, NULL, NULL, 0, replay_args);
	cr_assert(term_wait_all(&t, end, TEST_DEADLINE_S), "no deadlock:\n%s", t.text);
	cr_assert(term_press(&t, NULL, TEST_DEADLINE_S), "never waits for a key:\n%s", t.text);
	snprintf(again, sizeof again, "%s", term_text(&t));
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
	cr_assert(strstr(again, "replay") && strstr(again, "S anon_pipe_write write"), "%s", again);
	screen_body(live, body, sizeof body);
	screen_without_live_evidence(body, a, sizeof a);
	screen_body(again, body, sizeof body);
	screen_without_live_evidence(body, b, sizeof b);
	cr_assert_str_eq(b, a, "the replay's screen:\n%s\nis not the live run's:\n%s", b, a);
	FILE *f = fopen(cast, "r");
	static char rec[1 << 17];
	size_t n;

	cr_assert(f, "no cast");
	n = fread(rec, 1, sizeof rec - 1, f);
	fclose(f);
	rec[n] = '\0';
	cr_assert(strstr(rec, "DEADLOCK") && strstr(rec, "from_child"), "the cast: %.400s", rec);
	unlink(cast);
	unlink(trace);
}
