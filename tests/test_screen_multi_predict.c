/* test_screen_multi_predict.c - predict mode on the screen for a run of
 * several channels (DESIGN 13, 14), seen from outside: the real program in a
 * pseudo-terminal at 80x24 (term.c), read back through libvterm. The question
 * names the process, its operation and its channel; a digit answers; the
 * kernel's answer is set beside it; the deadlock that the last answered step
 * makes ends the quiz with `You predicted R of Q`, as its trace's predict
 * events count it, each the outcome of the step it closes. With the p key,
 * --choose, --schedule and --replay; in Chinese. Every wait is for
 * something drawn, with a deadline. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vterm.h>

#include "predict.h"
#include "replay.h"
#include "support.h"
#include "term.h"

#define TEST_DEADLINE_S 15.0
#define ZH "zh_CN.UTF-8"

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

TestSuite(screen_multi_predict, .init = term_init, .fini = test_fini, .timeout = 90);

#define expect_all(t, ...)                                                               \
	do {                                                                              \
		const char *needles_[] = {__VA_ARGS__, NULL};                             \
		cr_assert(term_wait_all((t), needles_, TEST_DEADLINE_S),                  \
			  "not all of it on the screen:\n%s", (t)->text);                \
	} while (0)

#define press(t, keys) \
	cr_assert(term_press((t), (keys), TEST_DEADLINE_S), "not settled:\n%s", (t)->text)

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

/* What a quiz's trace says: questions, right ones, and each predict event's
 * "actor op ch guess outcome" a line (malloc'd). Each predict event closes
 * its step (the replay's cut), and its outcome is what that step's events
 * show for its actor's operation; right is guess == outcome. */
struct told {
	int q, r;
	bool deadlock_then_predict; /* the last step deadlocked, and was answered */
	char *lines;
};

static struct told trace_told(const char *path)
{
	struct replay rp;
	char err[512];
	struct told t = {0};
	size_t len = 0;
	FILE *f = open_memstream(&t.lines, &len);

	cr_assert_eq(replay_load(&rp, path, err, sizeof err), 0, "%s", err);
	size_t from = 0;
	for (size_t k = 0; k < rp.nsteps; from = rp.ends[k++]) {
		const struct event *s = &rp.evs[from];
		size_t n = rp.ends[k] - from;
		for (size_t i = 0; i < n; i++) {
			const struct event *e = &s[i];
			if (e->type != EV_PREDICT)
				continue;
			t.q++;
			t.r += e->right;
			cr_expect_eq(i, n - 1, "a predict event closes its step");
			cr_expect_eq(e->right, strcmp(e->guess, e->outcome) == 0);
			enum predict_kind kind = predict_kind_of_op(e->op);
			cr_expect_neq(kind, PREDICT_NONE, "a several-channel predict has its op");
			cr_expect_neq(e->ch[0], '\0', "… and its channel");
			const char *did = predict_classify(kind, e->actor, s, i);
			cr_expect(did && strcmp(did, e->outcome) == 0,
				  "the outcome %s is what the step did (%s)", e->outcome,
				  did ? did : "nothing");
			/* the step's own operation is on the channel asked about */
			bool on = false;
			for (size_t j = 0; j < i; j++)
				on |= s[j].actor == e->actor && strcmp(s[j].ch, e->ch) == 0;
			cr_expect(on, "the step's operation is on %s", e->ch);
			for (size_t j = 0; j < i; j++)
				t.deadlock_then_predict |= s[j].type == EV_DEADLOCK;
			fprintf(f, "%s %d %s %s %s\n", rp.h.actors[e->actor].name, (int)e->op, e->ch,
				e->guess, e->outcome);
		}
	}
	fclose(f);
	replay_free(&rp);
	return t;
}

/* "n1" times k. */
static void keys_answering(char *buf, size_t len, int k, const char *digit)
{
	buf[0] = '\0';
	for (int i = 0; i < k && strlen(buf) + 3 < len; i++) {
		strcat(buf, "n");
		strcat(buf, digit);
	}
}

/* Every wide character whole on the screen. */
static void expect_whole_cells(struct term *t)
{
	for (int r = 0; r < t->rows; r++)
		for (int c = 0; c + 1 < t->cols; c++) {
			VTermScreenCell cell;
			vterm_screen_get_cell(t->screen, (VTermPos){.row = r, .col = c}, &cell);
			if (cell.width == 2)
				cr_assert(term_char(t, r, c + 1) == -1, "half a character at %d,%d:\n%s",
					  r, c, term_text(t));
		}
}

/* The quiz of lock-order answered one key at a time: each question names the
 * process, the lock and both outcomes; the key bar has the digits while one
 * is open; a wrong answer and three right; the fourth answer's step is the
 * deadlock, and the end panel says the score; the trace has the four. */
Test(screen_multi_predict, lock_order_question_by_question_into_its_deadlock)
{
	struct term t;

	temp_path(test_trace, sizeof test_trace, "mp-locks.jsonl");
	temp_path(test_cast, sizeof test_cast, "mp-locks.cast");
	const char *args[] = {"--predict", "--trace", test_trace, "--record", test_cast,
			      "lock-order", NULL};
	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "PAUSED", "p predict");
	press(&t, "n");
	expect_all(&t, "What happens next?", "to_bob-1 takes the lock alice.",
		   "1 it takes the lock at once", "2 it sleeps in futex(2): another process holds",
		   "Answer with a digit, 1 to 2.", "1-2 answer");
	cr_expect(!strstr(t.text, "p predict"), "the digits, not p, while asking:\n%s", t.text);
	press(&t, "2"); /* wrong: it takes it */
	expect_all(&t, "wrong: you said it sleeps in futex(2)", "it takes the lock at once",
		   "p predict");
	press(&t, "n");
	expect_all(&t, "to_alice-1 takes the lock bob.");
	press(&t, "1");
	expect_all(&t, "right: it takes the lock at once");
	press(&t, "n");
	expect_all(&t, "to_bob-1 takes the lock bob.");
	press(&t, "2");
	expect_all(&t, "right: it sleeps in futex(2)");
	press(&t, "n");
	expect_all(&t, "to_alice-1 takes the lock alice.");
	press(&t, "2");
	expect_all(&t, "FINISHED", "DEADLOCK", "You predicted 3 of 4");
	cr_expect(!strstr(t.text, "What happens next?"), "no question left:\n%s", t.text);
	press(&t, "1"); /* after the end: no question, said so, nothing counted */
	expect_all(&t, "You predicted 3 of 4");
	cr_assert_eq(term_quit(&t), 0, "ipcviz did not quit with status 0");
	term_close(&t);

	struct told told = trace_told(test_trace);
	cr_expect_eq(told.q, 4);
	cr_expect_eq(told.r, 3);
	cr_expect(told.deadlock_then_predict, "the deadlock's step is answered");
	cr_expect_str_eq(told.lines, "to_bob-1 3 alice blocked lock\n"
				     "to_alice-1 3 bob lock lock\n"
				     "to_bob-1 3 bob blocked blocked\n"
				     "to_alice-1 3 alice blocked blocked\n");
	free(told.lines);
	char *cast = support_read_file(test_cast);
	cr_assert_not_null(cast);
	int questions = 0, answers = 0;
	for (const char *p = strstr(cast, "\"m\", \""); p; p = strstr(p + 1, "\"m\", \"")) {
		const char *end = strchr(p, '\n'), *q = strstr(p, "What happens next?");
		const char *a = strstr(p, "right: "), *w = strstr(p, "wrong: ");
		questions += q && (!end || q < end);
		answers += (a && (!end || a < end)) || (w && (!end || w < end));
	}
	free(cast);
	cr_expect_eq(questions, 4, "a marker per question");
	cr_expect_eq(answers, 4, "a marker per answer");
}

/* The subprocess deadlock as a scripted quiz, always answering 1: as many
 * questions as the run has steps of its processes; the score on the screen
 * is what the trace's predict events say, each the outcome of its step; the
 * puts that fill the pipes are asked too, not only the one that blocks. */
Test(screen_multi_predict, pipe_deadlock_scripted_quiz_scores_as_its_trace_says)
{
	struct term t;
	char keys[512], want[64];

	temp_path(test_trace, sizeof test_trace, "mp-deadlock.jsonl");
	keys_answering(keys, sizeof keys, 40, "1");
	const char *args[] = {"--predict", "--keys", keys, "--trace", test_trace, "pipe-deadlock",
			      NULL};
	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "You predicted", "DEADLOCK");
	term_settle(&t, 200);
	char *seen = strdup(t.text);
	cr_assert_eq(term_quit(&t), 0, "ipcviz did not quit with status 0");
	term_close(&t);
	struct told told = trace_told(test_trace);
	cr_expect_gt(told.q, 8, "questions asked:\n%s", told.lines);
	cr_expect_lt(told.r, told.q, "1 is not always right");
	cr_expect_gt(told.r, 0, "1 is right sometimes");
	cr_expect(told.deadlock_then_predict, "the deadlock's step is answered");
	cr_expect(strstr(told.lines, "parent-1 1 to_child put put\n"), "%s", told.lines);
	cr_expect(strstr(told.lines, "blocked\n"), "%s", told.lines);
	snprintf(want, sizeof want, "You predicted %d of %d", told.r, told.q);
	cr_expect(strstr(seen, want), "want \"%s\":\n%s", want, seen);
	free(seen);
	free(told.lines);
}

/* Two locks with nothing between, chosen into their deadlock while
 * predicting: n on the selected process asks about its own step; Tab
 * while the question is open does not change what is granted; --schedule
 * takes the trace again with the same questions and the same answers; and
 * the trace replayed as a quiz asks them again, answered the same. */
static const char locks_ini[] =
	"[scenario]\ntitle = Two locks, your order\n"
	"[channel.a]\ntype = lock\n[channel.b]\ntype = lock\n"
	"[process.left]\ndo = lock a\ndo = lock b\ndo = unlock b\ndo = unlock a\n"
	"[process.right]\ndo = lock b\ndo = lock a\ndo = unlock a\ndo = unlock b\n";

Test(screen_multi_predict, choose_predict_then_schedule_and_replay_ask_the_same)
{
	struct term t;

	support_temp_scenario(locks_ini, test_ini, sizeof test_ini);
	temp_path(test_trace, sizeof test_trace, "mp-choose.jsonl");
	temp_path(test_again, sizeof test_again, "mp-again.jsonl");
	const char *args[] = {"--choose", "--predict", "--trace", test_trace, test_ini, NULL};
	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "CHOOSING", "p predict");
	press(&t, "n");
	expect_all(&t, "left-1 takes the lock a.", "1-2 answer");
	press(&t, "\t"); /* the selection moves; the question stays left's */
	press(&t, "1");
	expect_all(&t, "right: it takes the lock at once");
	press(&t, "\tn"); /* right takes b */
	expect_all(&t, "right-1 takes the lock b.");
	press(&t, "1");
	press(&t, "\tn"); /* left asks for b: asleep */
	expect_all(&t, "left-1 takes the lock b.");
	press(&t, "1");
	expect_all(&t, "wrong: you said it takes the lock at once");
	press(&t, "n"); /* right, the only one left, asks for a */
	expect_all(&t, "right-1 takes the lock a.");
	press(&t, "2");
	expect_all(&t, "DEADLOCK", "You predicted 3 of 4");
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
	struct told chosen = trace_told(test_trace);
	cr_expect_str_eq(chosen.lines, "left-1 3 a lock lock\n"
				       "right-1 3 b lock lock\n"
				       "left-1 3 b lock blocked\n"
				       "right-1 3 a blocked blocked\n");

	/* the same choices by --schedule, the same questions, answered as before */
	const char *again[] = {"--schedule", test_trace, "--predict", "--keys", "n1n1n1n2",
			       "--trace", test_again, test_ini, NULL};
	term_start(&t, 24, 80, NULL, NULL, 0, again);
	expect_all(&t, "DEADLOCK", "You predicted 3 of 4");
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
	struct told scheduled = trace_told(test_again);
	cr_expect_str_eq(scheduled.lines, chosen.lines);
	free(scheduled.lines);

	/* a replay of the chosen run as a quiz: its old answers not shown, the
	 * same questions from the recorded steps */
	const char *replay[] = {"--replay", test_trace, "--predict", "--keys", "n2n2n2n2", NULL};
	term_start(&t, 24, 80, NULL, NULL, 0, replay);
	expect_all(&t, "You predicted 2 of 4", "DEADLOCK");
	cr_expect_eq(count(t.text, "You predicted"), 1, "the score once in the end panel:\n%s",
		     t.text);
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
	free(chosen.lines);
}

/* p on the several-channel screen, mid-run: the quiz starts there; the
 * question names the pipe. p again ends it. */
Test(screen_multi_predict, p_key_on_a_paused_pipeline)
{
	struct term t;
	const char *args[] = {"--paused", "pipeline", NULL};

	term_start(&t, 24, 80, NULL, NULL, 0, args);
	expect_all(&t, "PAUSED", "source-1", "p predict");
	press(&t, "p");
	expect_all(&t, "Predict mode: before each step");
	press(&t, "n");
	expect_all(&t, "source-1 puts its next item into raw.", "1 it goes in at once",
		   "3 the write fails with EPIPE", "1-3 answer");
	press(&t, "1");
	expect_all(&t, "right: it goes in at once", "put 0 into raw");
	press(&t, "n");
	expect_all(&t, "filter-1 takes the next item from raw.");
	press(&t, "3");
	expect_all(&t, "wrong: you said it sees end of file");
	press(&t, "p");
	expect_all(&t, "Predict mode off");
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
}

/* k while a question is open: the process asked about is killed, so the
 * question is closed unanswered and n asks about the next step, which the
 * kill decided: the child reads end of file, and the run ends with it. */
Test(screen_multi_predict, a_kill_under_an_open_question_closes_it)
{
	struct term t;

	temp_path(test_trace, sizeof test_trace, "mp-kill.jsonl");
	const char *args[] = {"--predict", "--trace", test_trace, "pipe-deadlock", NULL};
	term_start(&t, 24, 80, NULL, NULL, 0, args);
	press(&t, "n");
	expect_all(&t, "parent-1 puts its next item into to_child.", "1-3 answer");
	press(&t, "k");
	expect_all(&t, "p predict");
	press(&t, "n");
	expect_all(&t, "child-1 takes the next item from to_child.", "1-3 answer");
	press(&t, "3");
	expect_all(&t, "FINISHED", "You predicted 1 of 1"); /* the end panel over the answer */
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
	struct told told = trace_told(test_trace);
	cr_expect_str_eq(told.lines, "child-1 2 to_child eof eof\n");
	free(told.lines);
}

/* In Chinese at 80x24: the question on a lock, its outcomes, the answer and
 * the score; every wide character whole. */
Test(screen_multi_predict, the_quiz_of_lock_order_in_chinese)
{
	struct term t;
	const char *args[] = {"--predict", "lock-order", NULL};

	term_start(&t, 24, 80, NULL, ZH, 0, args);
	press(&t, "n");
	expect_all(&t, "接下来会发生什么？", "to_bob-1 拿锁 alice。", "请按数字作答");
	expect_whole_cells(&t);
	press(&t, "1n1n2n2");
	expect_all(&t, "你猜对了 4 个，共 4 个");
	expect_whole_cells(&t);
	cr_assert_eq(term_quit(&t), 0);
	term_close(&t);
}
