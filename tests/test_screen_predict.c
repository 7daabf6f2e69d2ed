/* test_screen_predict.c - predict mode on the screen (DESIGN 13): the real
 * program in a pseudo-terminal at 80x24, a quiz answered with --keys, the
 * score on screen set against the predict events of its trace; the same in
 * choosing mode, from a replay, and as markers of a recording. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "replay.h"
#include "support.h"
#include "term.h"

#define TEST_DEADLINE_S 15.0

static void test_fini(void)
{
	term_fini(true);
}

TestSuite(screen_predict, .init = term_init, .fini = test_fini, .timeout = 90);

/* "n1" times k: ask, answer 1, and so on. */
static void keys_answering(char *buf, size_t len, int k, const char *digit)
{
	buf[0] = '\0';
	for (int i = 0; i < k && strlen(buf) + 3 < len; i++) {
		strcat(buf, "n");
		strcat(buf, digit);
	}
}

/* The predict events of the trace at path: how many, how many right; each
 * must follow an event of its actor at its time (the step it answers). */
static void trace_score(const char *path, int *q, int *r)
{
	struct replay rp;
	char err[512];

	cr_assert_eq(replay_load(&rp, path, err, sizeof err), 0, "%s", err);
	*q = *r = 0;
	for (size_t i = 0; i < rp.n; i++) {
		const struct event *e = &rp.evs[i];
		if (e->type != EV_PREDICT)
			continue;
		(*q)++;
		*r += e->right;
		cr_expect_eq(e->right, strcmp(e->guess, e->outcome) == 0, "right is guess == outcome");
		cr_expect(i > 0 && rp.evs[i - 1].t_ms == e->t_ms, "after the step it answers");
	}
	replay_free(&rp);
}

static void quiz_on_screen(const char *const *extra, const char *scenario, const char *trace)
{
	struct term t;
	char keys[512], want[64];
	const char *args[12];
	int n = 0;

	keys_answering(keys, sizeof keys, 60, "1");
	args[n++] = "--predict";
	args[n++] = "--keys";
	args[n++] = keys;
	for (; extra && *extra; extra++)
		args[n++] = *extra;
	args[n++] = scenario;
	args[n] = NULL;
	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	cr_assert(term_wait_for(&t, "You predicted"), "no score at the end:\n%s", t.text);
	term_settle(&t, 200);
	char *seen = strdup(t.text);
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
	int q, r;
	trace_score(trace, &q, &r);
	cr_expect_gt(q, 3, "%s: questions asked", scenario);
	snprintf(want, sizeof want, "You predicted %d of %d", r, q);
	cr_expect(strstr(seen, want) != NULL, "want \"%s\":\n%s", want, seen);
	free(seen);
}

/* The screen asks, names the process and numbers the outcomes. */
Test(screen_predict, the_question_names_the_process_and_numbers_the_outcomes)
{
	struct term t;
	const char *args[] = {"--predict", "--keys", "n", "pipe-full", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *q[] = {"What happens next?", "producer-1 puts its next item", "1 it goes in at once",
			   "2 it sleeps in the kernel", "3 the write fails with EPIPE", NULL};
	cr_assert(term_wait_all(&t, q, TEST_DEADLINE_S), "no question:\n%s", t.text);
	term_keys(&t, "2"); /* the first put goes in: wrong */
	cr_assert(term_wait_for(&t, "wrong: you said"), "no answer:\n%s", t.text);
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
}

/* A whole quiz scripted with --keys, always answering 1: the score on screen
 * is what its trace's predict events say. */
Test(screen_predict, a_scripted_quiz_scores_as_its_trace_says)
{
	char path[64];

	snprintf(path, sizeof path, "/tmp/ipcviz-test-%d-predict.jsonl", (int)getpid());
	const char *extra[] = {"--force", "--trace", path, NULL};
	quiz_on_screen(extra, "pipe-kill", path);
	quiz_on_screen(extra, "shm", path);
	/* the same trace as a quiz without processes: the same questions, and the
	 * same answers score the same */
	const char *again[] = {"--replay", path, NULL};
	quiz_on_screen(again, NULL, path);
	unlink(path);
}

/* Choosing mode: predict what your own choice will do. */
Test(screen_predict, in_choosing_mode_the_chosen_step_is_asked)
{
	char path[64];

	snprintf(path, sizeof path, "/tmp/ipcviz-test-%d-predict-c.jsonl", (int)getpid());
	const char *extra[] = {"--force", "--choose", "--trace", path, NULL};
	quiz_on_screen(extra, "queue", path);
	unlink(path);
}

/* The predict events of the trace at path, one "actor guess outcome" a line. */
static char *trace_predictions(const char *path)
{
	struct replay rp;
	char err[512], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_eq(replay_load(&rp, path, err, sizeof err), 0, "%s", err);
	for (size_t i = 0; i < rp.n; i++)
		if (rp.evs[i].type == EV_PREDICT)
			fprintf(f, "%d %s %s\n", rp.evs[i].actor, rp.evs[i].guess, rp.evs[i].outcome);
	fclose(f);
	replay_free(&rp);
	return buf;
}

/* --schedule with --predict: each question is about the trace's next step, so
 * a chosen run taken again asks the same questions, and the kernel answers
 * them the same. */
Test(screen_predict, a_schedule_taken_again_asks_about_its_own_steps)
{
	char chosen[64], again[64];

	snprintf(chosen, sizeof chosen, "/tmp/ipcviz-test-%d-predict-s1.jsonl", (int)getpid());
	snprintf(again, sizeof again, "/tmp/ipcviz-test-%d-predict-s2.jsonl", (int)getpid());
	const char *choose[] = {"--force", "--choose", "--trace", chosen, NULL};
	quiz_on_screen(choose, "queue", chosen);
	const char *schedule[] = {"--force", "--schedule", chosen, "--trace", again, NULL};
	quiz_on_screen(schedule, "queue", again);
	char *a = trace_predictions(chosen), *b = trace_predictions(again);
	cr_expect_str_eq(b, a, "the same questions, the same answers");
	free(a), free(b);
	unlink(chosen);
	unlink(again);
}

/* A recording has a marker at each question and each answer. */
Test(screen_predict, a_recorded_quiz_has_a_marker_per_question_and_answer)
{
	struct term t;
	char cast[64];
	const char *args[] = {"--predict", "--record", cast, "--keys", "n1n2n1q", "queue", NULL};

	snprintf(cast, sizeof cast, "/tmp/ipcviz-test-%d-predict.cast", (int)getpid());
	unlink(cast);
	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	cr_assert_eq(term_wait_exit(&t, TEST_DEADLINE_S), 0, "%s", t.text);
	term_close(&t);
	FILE *f = fopen(cast, "r");
	cr_assert_not_null(f);
	char line[4096];
	int questions = 0, answers = 0;
	while (fgets(line, sizeof line, f)) {
		if (!strstr(line, "\"m\""))
			continue;
		questions += strstr(line, "What happens next?") != NULL;
		answers += strstr(line, "right: ") != NULL || strstr(line, "wrong: ") != NULL;
	}
	fclose(f);
	unlink(cast);
	cr_expect_eq(questions, 3, "a marker per question");
	cr_expect_eq(answers, 3, "a marker per answer");
}

/* In Chinese at 80x24: the question, its outcomes and the answer in words. */
Test(screen_predict, the_quiz_in_chinese)
{
	struct term t;
	const char *args[] = {"--predict", "--keys", "n", "pipe-full", NULL};

	term_start(&t, 24, 80, "xterm-256color", "zh_CN.UTF-8", 0, args);
	const char *want[] = {"接下来会发生什么？", "producer-1 把下一个数据放进通道", "立刻放进去",
			      "请按数字作答", NULL};
	cr_assert(term_wait_all(&t, want, TEST_DEADLINE_S), "not in Chinese:\n%s", t.text);
	term_keys(&t, "3");
	const char *answer[] = {"猜错了", "内核实际是：立刻放进去", NULL};
	cr_assert(term_wait_all(&t, answer, TEST_DEADLINE_S), "no answer:\n%s", t.text);
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
}

/* --predict asks on the screen: with --headless it is a usage error, one line. */
Test(screen_predict, predict_with_headless_is_a_usage_error)
{
	char *argv[] = {IPCVIZ_BIN, "--headless", "--predict", "queue", NULL};
	char *out, *err;
	int status;

	cr_assert_eq(support_run(argv, 30, &out, &err, &status), 0);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2, "status %d", status);
	cr_expect(strncmp(err, "ipcviz: ", 8) == 0 && strchr(err, '\n') == err + strlen(err) - 1,
		  "one line: %s", err);
	cr_expect_str_eq(out, "");
	free(out), free(err);
}

/* With the code pane, which takes the log's place, the question is under the
 * code, and the line shown is the asked process's. */
Test(screen_predict, the_question_under_the_code_pane)
{
	struct term t;
	const char *args[] = {"--predict", "--keys", "cn", "pipe-full", NULL};

	term_start(&t, 24, 80, "xterm-256color", NULL, 0, args);
	const char *want[] = {"Code: C", "What happens next? producer-1 puts", "write(fd, &item, 4096)",
			      "3 the write fails with EPIPE", "1-3 answer", NULL};
	cr_assert(term_wait_all(&t, want, TEST_DEADLINE_S), "no question:\n%s", t.text);
	term_keys(&t, "1");
	cr_assert(term_wait_for(&t, "1/4"), "%s", t.text);
	term_settle(&t, 200);
	cr_expect(strstr(t.text, "What happens next?") == NULL, "answered: gone\n%s", t.text);
	cr_expect(strstr(t.text, "p predict") && !strstr(t.text, "answer ?"),
		  "no question open, p in the key bar:\n%s", t.text);
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
}
