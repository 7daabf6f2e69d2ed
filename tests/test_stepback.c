/* test_stepback.c - a step back shows exactly the past, for every built-in
 * scenario (and so every channel it runs on, and every built-in of several
 * channels: a new built-in is covered without a test of its own).
 *
 * Each built-in's trace is made by the program itself (--headless --speed max
 * --trace). Its replay (src/replay.h, run.h) is then played step by step, each
 * step's events pushed into a history (src/history.h) as the screen does, and
 * at every step k the moment the screen is built from (the model, every byte
 * of it, and the words the engine makes of it: the summary, each actor's
 * explanation, the latest event's sentence and its fields) is compared with the
 * same moment rebuilt from the history one step and three steps later: one
 * step forward then one back, three forward then three back. The history's
 * steps must be the replay's steps (the same count, the same events in each),
 * so forward and back move by the same unit. All in English and in Chinese.
 * For a run of several channels the replay's steps are also the live run's
 * own: run_multi.c stepped here, its steps and events against the cut of the
 * trace they make. The screen itself, forward and back in a pseudo-terminal,
 * is in test_replay.c.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <locale.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel.h"
#include "describe.h"
#include "history.h"
#include "i18n.h"
#include "replay.h"
#include "run.h"
#include "run_multi.h"
#include "support.h"

#define TEST_DEADLINE_S 30.0
#define TEST_WORDS_MAX 16384

static void test_init(void)
{
	support_adopt_orphans();
	bindtextdomain("ipcviz", IPCVIZ_LOCALEDIR);
	bind_textdomain_codeset("ipcviz", "UTF-8");
	textdomain("ipcviz");
	unsetenv("LANGUAGE");
}

TestSuite(stepback, .init = test_init, .fini = support_remove_temps, .timeout = 170);

/* The trace of built-in `name` as the program writes it, into path. A named
 * channel's consumer waits for a value from outside: this test writes it. */
static void make_trace(const char *name, const char *path)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--force", "--trace",
			(char *)path, (char *)name, NULL};
	struct scenario sc;
	char err[512], *out = NULL, fifo[256];
	size_t len = 0;
	int fd, status;

	cr_assert(scenario_load(name, &sc, err, sizeof err) == 0, "%s", err);
	bool named = channel_desc_of(sc.channel)->named;
	scenario_free(&sc);
	pid_t pid = support_spawn(argv, &fd, NULL);
	if (named) {
		cr_assert(support_wait_for(fd, &out, &len, "BLOCKED", TEST_DEADLINE_S),
			  "%s: no wait on the FIFO: %s", name, out ? out : "");
		const char *at = strstr(out, "The FIFO is ");
		cr_assert(at && sscanf(at, "The FIFO is %255[^:]:", fifo) == 1, "%s", out);
		FILE *f = fopen(fifo, "w");
		cr_assert_not_null(f, "%s: %s", fifo, strerror(errno));
		fputs("42\n", f);
		fclose(f);
	}
	cr_assert_eq(support_wait_exit(pid, fd, &out, &len, TEST_DEADLINE_S, &status), 0,
		     "%s: no end: %s", name, out);
	close(fd);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: %s", name, out);
	free(out);
}

/* An event as the trace writes it: every field it has. */
static void event_words(const struct trace_header *h, const struct event *ev, char *buf,
			size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	cr_assert_not_null(f);
	cr_assert_eq(trace_write_event(f, h, ev), 0);
	fclose(f);
}

/* What the screen is built from at one moment, as words: the summary, each
 * actor's explanation, the latest event's sentence and fields. */
static void model_words(const struct trace_header *h, const struct model *m, char *buf,
			size_t len)
{
	size_t at = 0;
	char part[4096];

	buf[0] = '\0';
	at += (size_t)snprintf(buf + at, len - at, "%s\n", describe_summary(m, part, sizeof part));
	for (int a = 0; a < m->nactors && at < len; a++)
		at += (size_t)snprintf(buf + at, len - at, "%d: %s\n", a,
				       describe_explain(m, a, part, sizeof part));
	if (m->nevents > 0 && at < len) {
		at += (size_t)snprintf(buf + at, len - at, "%s\n",
				       describe_event(m, &m->last, part, sizeof part));
		event_words(h, &m->last, part, sizeof part);
		snprintf(buf + at, len - at, "%s", part);
	}
}

/* Do two moments agree: every byte of the model before its latest event (which
 * may differ in padding only), and the words? */
static void same_moment(const char *name, long k, const char *how, const struct model *want,
			const char *want_words, const struct model *got,
			const struct trace_header *h)
{
	static char got_words[TEST_WORDS_MAX];

	model_words(h, got, got_words, sizeof got_words);
	cr_assert_str_eq(got_words, want_words, "%s, step %ld %s: the words differ:\n%s\nnot\n%s",
			 name, k, how, got_words, want_words);
	cr_assert(memcmp(want, got, offsetof(struct model, last)) == 0,
		  "%s, step %ld %s: the model differs", name, k, how);
}

/* The property for one built-in in the locale now. Returns the steps seen. */
static long check_builtin(const char *name, const char *path)
{
	struct replay rp;
	struct run *r;
	struct history *h;
	struct model start, back, *fwd;
	char err[512], **words;
	size_t n;

	cr_assert(replay_load(&rp, path, err, sizeof err) == 0, "%s: %s", name, err);
	replay_start_model(&rp, &start);
	h = history_create(&start, 0, 0, err, sizeof err);
	cr_assert_not_null(h, "%s", err);
	r = replay_run_create(&rp, err, sizeof err);
	cr_assert_not_null(r, "%s", err);
	fwd = calloc(rp.nsteps + 1, sizeof *fwd);
	words = calloc(rp.nsteps + 1, sizeof *words);
	cr_assert(fwd && words);
	long k = 0;
	for (;; k++) {
		const struct event *evs = run_events(r, &n);
		cr_assert_lt((size_t)k, rp.nsteps, "%s: more steps than the trace has", name);
		for (size_t i = 0; i < n; i++)
			cr_assert_eq(history_push(h, &evs[i]), 0);
		history_end_step(h);
		cr_assert_eq(history_step_events(h, k), n, "%s, step %ld: another unit", name, k);
		fwd[k] = *run_model(r);
		words[k] = malloc(TEST_WORDS_MAX);
		model_words(&rp.h, &fwd[k], words[k], TEST_WORDS_MAX);
		/* one forward, one back; three forward, three back */
		for (long d = 1; d <= 3; d += 2)
			if (k >= d) {
				cr_assert_eq(history_state(h, k - d, &back), 0);
				same_moment(name, k - d, d == 1 ? "after n b" : "after nnn bbb",
					    &fwd[k - d], words[k - d], &back, &rp.h);
			}
		if (run_finished(r))
			break;
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s: %s", name, err);
	}
	cr_assert_eq(history_steps(h), (long)rp.nsteps, "%s: history and replay cut differently",
		     name);
	/* and every step, back from the very end */
	for (long j = 0; j <= k; j++) {
		cr_assert_eq(history_state(h, j, &back), 0);
		same_moment(name, j, "back from the end", &fwd[j], words[j], &back, &rp.h);
		free(words[j]);
	}
	free(words);
	free(fwd);
	run_destroy(r);
	history_free(h);
	replay_free(&rp);
	return k + 1;
}

/* Every built-in, in the locale `lang`. */
static void check_every_builtin(const char *lang, bool chinese)
{
	size_t n;
	const struct scenario_builtin *b = scenario_builtins(&n);
	char path[256];

	cr_assert_gt(n, 0);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "/tmp/ipcviz-test-stepback-%d-%s.trace", (int)getpid(),
			 b[i].name);
		cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
		make_trace(b[i].name, path);
		cr_assert_not_null(setlocale(LC_ALL, lang), "no %s locale (scripts/setup makes it)",
				   lang);
		cr_assert_eq(strcmp(_("Restarted."), "Restarted.") != 0, chinese,
			     "the words are not in %s", lang);
		long steps = check_builtin(b[i].name, path);
		cr_assert_gt(steps, 3, "%s: too short to step back three", b[i].name);
		unlink(path);
	}
	setlocale(LC_ALL, "C.UTF-8");
	cr_expect_eq(support_children_left(), 0, "a child was left behind");
}

Test(stepback, every_builtin_steps_back_to_the_same_moment_in_english)
{
	check_every_builtin("C.UTF-8", false);
}

Test(stepback, every_builtin_steps_back_to_the_same_moment_in_chinese)
{
	check_every_builtin("zh_CN.UTF-8", true);
}

/* A live run of several channels, stepped by the scheduler's own choice as
 * the headless run steps it: every event, and where each step ends. */
static void live_steps(const char *name, struct event **all, size_t *nall, size_t **ends,
		       size_t *nsteps)
{
	struct scenario sc;
	struct run *r;
	char err[512];
	size_t n, cap = 4096;

	cr_assert(scenario_load(name, &sc, err, sizeof err) == 0, "%s", err);
	r = run_multi_create(&sc, err, sizeof err);
	cr_assert_not_null(r, "%s: %s", name, err);
	*all = malloc(cap * sizeof **all);
	*ends = malloc(cap * sizeof **ends);
	cr_assert(*all && *ends);
	*nall = *nsteps = 0;
	for (;;) {
		const struct event *evs = run_events(r, &n);
		cr_assert_lt(*nall + n, cap, "%s: longer than this test expects", name);
		memcpy(*all + *nall, evs, n * sizeof *evs);
		*nall += n;
		if (n > 0)
			(*ends)[(*nsteps)++] = *nall;
		if (run_finished(r))
			break;
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s: %s", name, err);
	}
	run_destroy(r);
	scenario_free(&sc);
}

/* Scenario name's live run of several channels, stepped, against replay_cut
 * of the events it made: the same steps, each ending at the same event. */
static void check_cut_is_live_steps(const char *name)
{
	struct event *all;
	size_t nall, *ends, nsteps, *cut, ncut;

	live_steps(name, &all, &nall, &ends, &nsteps);
	cr_assert_eq(replay_cut(all, nall, &cut, &ncut), 0);
	for (size_t k = 0; k < nsteps && k < ncut; k++)
		cr_assert_eq(cut[k], ends[k], "%s: step %zu ends at event %zu live, %zu in the replay",
			     name, k, ends[k], cut[k]);
	cr_assert_eq(ncut, nsteps, "%s: %zu steps live, %zu in the replay", name, nsteps, ncut);
	cr_assert_gt(nsteps, 3, "%s: too short to show anything", name);
	free(all);
	free(ends);
	free(cut);
}

/* The replay of a several-channel built-in moves by the live run's own steps:
 * the trace's cut is where each grant of run_multi.c ended, so a step forward
 * or back on a replay is the step the live run took (and b goes back by it). */
Test(stepback, every_several_channel_builtin_replays_the_live_runs_steps)
{
	size_t nb, checked = 0;
	const struct scenario_builtin *b = scenario_builtins(&nb);

	for (size_t i = 0; i < nb; i++) {
		if (!support_builtin_multi(b[i].name))
			continue;
		check_cut_is_live_steps(b[i].name);
		checked++;
	}
	cr_assert_geq(checked, 5, "pipeline, request-reply, pipe-deadlock, lock-order, no-eof");
	cr_expect_eq(support_children_left(), 0, "a child was left behind");
}

/* The same for the scenario files of tests/, which the built-ins lack: a
 * script that stops and continues a process (its cont, and what the woken
 * ones finish, one step), FIFOs, socket pairs, POSIX queues and rings. */
Test(stepback, every_several_channel_test_file_replays_the_live_runs_steps)
{
	static const char *const files[] = {
		IPCVIZ_SOURCE_DIR "/tests/pipeline-stop.ini",
		IPCVIZ_SOURCE_DIR "/tests/fifo-deadlock.ini",
		IPCVIZ_SOURCE_DIR "/tests/fifo-pipeline.ini",
		IPCVIZ_SOURCE_DIR "/tests/queue-deadlock.ini",
		IPCVIZ_SOURCE_DIR "/tests/queue-pipeline.ini",
		IPCVIZ_SOURCE_DIR "/tests/ring-deadlock.ini",
		IPCVIZ_SOURCE_DIR "/tests/ring-pipeline.ini",
		IPCVIZ_SOURCE_DIR "/tests/socketpair-deadlock.ini",
		IPCVIZ_SOURCE_DIR "/tests/socketpair-pipeline.ini"};

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		cr_assert(support_builtin_multi(files[i]), "%s: not of several channels", files[i]);
		check_cut_is_live_steps(files[i]);
	}
	cr_expect_eq(support_children_left(), 0, "a child was left behind");
}
