/* test_predict_multi.c - predict, then see (DESIGN 13) over several channels
 * (DESIGN 14) in the engine: before every step of every several-channel
 * built-in, and of made-up files that close, lock and unlock, the question
 * run_peek gives (the process, its operation, its channel) and the outcome the
 * settled step's events show, checked against those events one by one; the
 * same run replayed from its trace asks the same questions with the same
 * outcomes; and a predict event of several channels says its operation and
 * channel in the trace, read back to the same words. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "describe.h"
#include "predict.h"
#include "replay.h"
#include "run.h"
#include "run_multi.h"
#include "scenario.h"
#include "support.h"

static void check_nothing_left(void)
{
	cr_expect_eq(support_reap_orphans(5), 0, "a process of a run was left alive");
	cr_expect_eq(support_children_left(), 0, "a child was left");
	cr_expect_eq(support_ipc_left(getpid()), 0, "an IPC object was left");
}

TestSuite(predict_multi, .init = support_adopt_orphans, .fini = check_nothing_left,
	  .timeout = 120);

#define MAX_STEPS 200
#define MAX_QUESTIONS 200

/* One question of a quiz and what the step answered. */
struct asked {
	int actor;
	enum predict_kind kind;
	char ch[24], outcome[16];
};

struct quiz {
	int n;
	struct asked q[MAX_QUESTIONS];
};

/* Does the step hold an event of type t (op, if not OP_NONE) on channel ch by
 * actor a (mine) or by another than a (!mine)? */
static bool has(const struct event *evs, size_t n, int a, bool mine, enum event_type t,
		enum event_op op, const char *ch)
{
	for (size_t i = 0; i < n; i++)
		if ((mine ? evs[i].actor == a : evs[i].actor >= 0 && evs[i].actor != a) &&
		    evs[i].type == t && (op == OP_NONE || evs[i].op == op) &&
		    strcmp(evs[i].ch, ch) == 0)
			return true;
	return false;
}

/* The outcome must be what the step's events say, each checked on its own. */
static void check_agrees(const char *name, enum predict_kind k, int a, const char *ch,
			 const char *out, const struct event *evs, size_t n)
{
	cr_assert_not_null(out, "%s: a step with a question has an outcome", name);
	bool is = false;
	switch (k) {
	case PREDICT_PUT:
		cr_expect_eq(strcmp(out, "blocked") == 0, has(evs, n, a, true, EV_BLOCKED, OP_PUT, ch),
			     "%s: %s", name, out);
		cr_expect_eq(strcmp(out, "epipe") == 0, has(evs, n, a, true, EV_ERROR, OP_PUT, ch),
			     "%s: %s", name, out);
		cr_expect_eq(strcmp(out, "put") == 0, has(evs, n, a, true, EV_PUT, OP_NONE, ch),
			     "%s: %s", name, out);
		break;
	case PREDICT_GET:
		cr_expect_eq(strcmp(out, "blocked") == 0, has(evs, n, a, true, EV_BLOCKED, OP_GET, ch),
			     "%s: %s", name, out);
		cr_expect_eq(strcmp(out, "eof") == 0, has(evs, n, a, true, EV_EOF, OP_NONE, ch),
			     "%s: %s", name, out);
		cr_expect_eq(strcmp(out, "got") == 0, has(evs, n, a, true, EV_GOT, OP_NONE, ch),
			     "%s: %s", name, out);
		break;
	case PREDICT_CLOSE:
		cr_expect(has(evs, n, a, true, EV_CLOSE, OP_NONE, ch), "%s: closed", name);
		is = has(evs, n, a, false, EV_EOF, OP_NONE, ch);
		cr_expect_eq(strcmp(out, "eof") == 0, is, "%s: %s", name, out);
		cr_expect_eq(strcmp(out, "epipe") == 0,
			     !is && has(evs, n, a, false, EV_ERROR, OP_PUT, ch), "%s: %s", name, out);
		break;
	case PREDICT_LOCK:
		cr_expect_eq(strcmp(out, "blocked") == 0,
			     has(evs, n, a, true, EV_BLOCKED, OP_LOCK, ch), "%s: %s", name, out);
		cr_expect_eq(strcmp(out, "lock") == 0, has(evs, n, a, true, EV_LOCK, OP_NONE, ch),
			     "%s: %s", name, out);
		break;
	case PREDICT_UNLOCK:
		cr_expect(has(evs, n, a, true, EV_UNLOCK, OP_NONE, ch), "%s: gave it back", name);
		cr_expect_eq(strcmp(out, "wake") == 0, has(evs, n, a, false, EV_LOCK, OP_NONE, ch),
			     "%s: %s", name, out);
		break;
	default:
		cr_assert_fail("%s: a kind of one channel", name);
	}
}

/* Plays r to its end asking before every step (RUN_ANY), as the screen does,
 * and when trace is not NULL writes every event into it. */
static void quiz_run(const char *name, struct run *r, struct quiz *z, FILE *trace)
{
	char err[512];
	size_t n;
	const struct event *evs;

	if (trace) {
		cr_assert_eq(trace_write_header(trace, run_header(r)), 0);
		evs = run_events(r, &n);
		for (size_t j = 0; j < n; j++)
			trace_write_event(trace, run_header(r), &evs[j]);
	}
	for (int step = 0; step < MAX_STEPS && !run_finished(r); step++) {
		struct run_next nx;
		const struct model *m = run_model(r);
		enum predict_kind k = PREDICT_NONE;
		const char *words[PREDICT_OUTCOMES_MAX];
		int nw = 0;
		char ch[24] = "";

		if (run_peek(r, &nx) == 0 && nx.actor >= 0) {
			k = predict_kind_of(nx.op, false);
			nw = predict_outcomes(k, words);
			cr_assert_neq(k, PREDICT_NONE, "%s: every process's step is asked (%s)", name,
				      event_type_name(nx.op));
			cr_assert(nx.ch >= 0 && nx.ch < m->nchannels, "%s: the peek names a channel",
				  name);
			snprintf(ch, sizeof ch, "%s", m->chans[nx.ch].name);
		}
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s: %s", name, err);
		evs = run_events(r, &n);
		for (size_t j = 0; trace && j < n; j++)
			trace_write_event(trace, run_header(r), &evs[j]);
		if (k == PREDICT_NONE)
			continue;
		cr_assert(nw >= 2 && nw <= 4, "%s: %d outcomes", name, nw);
		const char *out = predict_classify(k, nx.actor, evs, n);
		check_agrees(name, k, nx.actor, ch, out, evs, n);
		bool listed = false;
		for (int i = 0; i < nw; i++)
			listed |= strcmp(words[i], out) == 0;
		cr_expect(listed, "%s: %s is one of the choices", name, out);
		cr_assert_lt(z->n, MAX_QUESTIONS);
		struct asked *q = &z->q[z->n++];
		q->actor = nx.actor;
		q->kind = k;
		snprintf(q->ch, sizeof q->ch, "%s", ch);
		snprintf(q->outcome, sizeof q->outcome, "%s", out);
	}
	cr_expect(run_finished(r), "%s ends", name);
}

/* sc live, then its trace replayed: the same questions, the same outcomes. */
static void quiz_live_and_replayed(const char *name, const struct scenario *sc, struct quiz *live)
{
	char err[512], path[64];
	struct quiz replayed = {0};

	snprintf(path, sizeof path, "/tmp/ipcviz-test-predict-multi-%d.jsonl", (int)getpid());
	struct run *r = run_multi_create(sc, err, sizeof err);
	cr_assert_not_null(r, "%s: %s", name, err);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	quiz_run(name, r, live, f);
	fclose(f);
	run_destroy(r);

	struct replay rp;
	cr_assert_eq(replay_load(&rp, path, err, sizeof err), 0, "%s: %s", name, err);
	unlink(path);
	struct run *rr = replay_run_create(&rp, err, sizeof err);
	cr_assert_not_null(rr, "%s", err);
	quiz_run(name, rr, &replayed, NULL);
	run_destroy(rr);
	replay_free(&rp);
	cr_expect_gt(live->n, 0, "%s asks something", name);
	cr_assert_eq(replayed.n, live->n, "%s: as many questions replayed (%d) as live (%d)", name,
		     replayed.n, live->n);
	for (int i = 0; i < live->n; i++) {
		cr_expect_eq(replayed.q[i].actor, live->q[i].actor, "%s: question %d", name, i + 1);
		cr_expect_eq(replayed.q[i].kind, live->q[i].kind, "%s: question %d", name, i + 1);
		cr_expect_str_eq(replayed.q[i].ch, live->q[i].ch, "%s: question %d", name, i + 1);
		cr_expect_str_eq(replayed.q[i].outcome, live->q[i].outcome, "%s: question %d", name,
				 i + 1);
	}
}

static bool seen(const struct quiz *z, enum predict_kind k, const char *out)
{
	for (int i = 0; i < z->n; i++)
		if (z->q[i].kind == k && strcmp(z->q[i].outcome, out) == 0)
			return true;
	return false;
}

/* Every step of the five several-channel built-ins, live and replayed; and
 * of the subprocess classic on FIFOs and on socket pairs. */
Test(predict_multi, every_builtin_step_classified_as_its_events_say_live_and_replayed)
{
	static const char *const names[] = {"pipeline", "request-reply", "pipe-deadlock",
					    "lock-order", "no-eof"};
	struct quiz all[5] = {{0}};
	char err[512];

	for (size_t i = 0; i < 5; i++) {
		struct scenario sc;

		cr_assert(support_builtin_multi(names[i]), "%s has several channels", names[i]);
		cr_assert_eq(scenario_load(names[i], &sc, err, sizeof err), 0, "%s", err);
		cr_assert_eq(scenario_runnable(&sc, NULL, SCENARIO_PREDICT, err, sizeof err), 0,
			     "%s: %s", names[i], err);
		quiz_live_and_replayed(names[i], &sc, &all[i]);
		scenario_free(&sc);
	}
	/* the subprocess classic over the other kinds of channel that run among
	 * several: two FIFOs, two socket pairs used one way, two queues, two
	 * rings; and a pipeline whose script stops and continues its filter (the
	 * script's steps not asked; the cont's step holds what it let finish,
	 * replayed too). */
	static const char *const files[] = {"fifo-deadlock.ini", "socketpair-deadlock.ini",
					    "queue-deadlock.ini", "ring-deadlock.ini",
					    "pipeline-stop.ini"};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct scenario sc;
		struct quiz z = {0};
		char path[512];

		snprintf(path, sizeof path, "%s/tests/%s", IPCVIZ_SOURCE_DIR, files[i]);
		cr_assert_eq(scenario_load(path, &sc, err, sizeof err), 0, "%s", err);
		quiz_live_and_replayed(files[i], &sc, &z);
		cr_expect(seen(&z, PREDICT_PUT, "blocked"), "%s: a full channel", files[i]);
		scenario_free(&sc);
	}
	/* what each lesson is about shows in its answers */
	cr_expect(seen(&all[0], PREDICT_GET, "eof"), "pipeline: end of file down the line");
	cr_expect(seen(&all[0], PREDICT_GET, "blocked"));
	cr_expect(seen(&all[1], PREDICT_CLOSE, "eof"), "request-reply: its close ends the server");
	cr_expect(seen(&all[2], PREDICT_PUT, "blocked"), "pipe-deadlock: a full pipe");
	cr_expect(seen(&all[3], PREDICT_LOCK, "lock") && seen(&all[3], PREDICT_LOCK, "blocked"),
		  "lock-order: both locks taken, then both asleep");
	cr_expect(seen(&all[4], PREDICT_GET, "got") && seen(&all[4], PREDICT_PUT, "put"));
}

/* Files whose steps have the other outcomes: an unlock that wakes a sleeper
 * and one that does not; a close that wakes a reader to end of file, one
 * that wakes a writer to EPIPE, and one that wakes nobody (another holds the
 * write end: no-eof's lesson). */
Test(predict_multi, unlock_and_close_outcomes_of_made_up_files)
{
	static const char *const files[] = {
		/* left takes a; right asks for it and sleeps; left's unlock wakes
		 * it; right's unlock finds nobody */
		"[channel.a]\ntype = lock\n"
		"[process.left]\ndo = lock a\ndo = sleep 1s\ndo = unlock a\n"
		"[process.right]\nstart = 0.5s\ndo = lock a\ndo = unlock a\n",
		/* the reader sleeps on the empty pipe; the writer's close wakes
		 * it to end of file */
		"[channel.p]\ntype = pipe\ncapacity = 2\n"
		"[process.writer]\ndo = put p 0\ndo = sleep 1s\ndo = close p\n"
		"[process.reader]\ndo = get p all\n",
		/* the writer sleeps on the full pipe; the reader's close wakes it
		 * to EPIPE */
		"[channel.p]\ntype = pipe\ncapacity = 1\n"
		"[process.writer]\ndo = put p 0..3\n"
		"[process.reader]\ndo = get p 1\ndo = sleep 1s\ndo = close p\n",
		/* the reader sleeps on the empty pipe, and another writer is left:
		 * the first one's close wakes nobody */
		"[channel.p]\ntype = pipe\ncapacity = 2\n"
		"[process.writer]\ndo = put p 0\ndo = sleep 1s\ndo = close p\ndo = sleep 1s\n"
		"[process.keeper]\ndo = sleep 2s\ndo = put p 9\n"
		"[process.reader]\ndo = get p all\n",
	};
	static const struct {
		enum predict_kind k;
		const char *out;
	} want[] = {{PREDICT_UNLOCK, "wake"}, {PREDICT_CLOSE, "eof"}, {PREDICT_CLOSE, "epipe"},
		    {PREDICT_CLOSE, "close"}};
	char err[512], path[64];

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct scenario sc;
		struct quiz z = {0};
		char name[16];

		snprintf(name, sizeof name, "file %zu", i + 1);
		support_temp_scenario(files[i], path, sizeof path);
		cr_assert_eq(scenario_load(path, &sc, err, sizeof err), 0, "%s: %s", name, err);
		unlink(path);
		quiz_live_and_replayed(name, &sc, &z);
		cr_expect(seen(&z, want[i].k, want[i].out), "%s: an outcome %s", name, want[i].out);
		if (i == 0)
			cr_expect(seen(&z, PREDICT_UNLOCK, "unlock"), "the last unlock wakes nobody");
		scenario_free(&sc);
	}
}

/* The words of each kind, in their order, and a predict event of several
 * channels through the trace: its op and channel are kept, and its words
 * are the close's, not a get's, though both have eof. */
Test(predict_multi, outcomes_words_and_the_trace_line)
{
	const char *w[PREDICT_OUTCOMES_MAX];

	cr_expect_eq(predict_outcomes(PREDICT_CLOSE, w), 3);
	cr_expect_str_eq(w[0], "close");
	cr_expect_str_eq(w[1], "eof");
	cr_expect_str_eq(w[2], "epipe");
	cr_expect_eq(predict_outcomes(PREDICT_LOCK, w), 2);
	cr_expect_str_eq(w[0], "lock");
	cr_expect_str_eq(w[1], "blocked");
	cr_expect_eq(predict_outcomes(PREDICT_UNLOCK, w), 2);
	cr_expect_str_eq(w[1], "wake");
	cr_expect_eq(predict_kind_of(EV_CLOSE, false), PREDICT_CLOSE);
	cr_expect_eq(predict_kind_of(EV_LOCK, false), PREDICT_LOCK);
	cr_expect_eq(predict_kind_of(EV_UNLOCK, false), PREDICT_UNLOCK);
	for (int k = PREDICT_PUT; k <= PREDICT_UNLOCK; k++) {
		enum event_op op = predict_kind_op((enum predict_kind)k);
		if (op != OP_NONE)
			cr_expect_eq(predict_kind_of_op(op), k, "kind %d and back", k);
	}
	char q[128];
	predict_question_on(PREDICT_LOCK, "alice", q, sizeof q);
	cr_expect_str_eq(q, "takes the lock alice.");
	predict_question_on(PREDICT_PUT, "to_child", q, sizeof q);
	cr_expect_str_eq(q, "puts its next item into to_child.");

	struct event e = predict_event(0, 2000, "close", "eof");
	predict_event_on(&e, PREDICT_CLOSE, "jobs");
	cr_expect_eq(predict_kind_of_event(&e, false), PREDICT_CLOSE);
	struct trace_actor actors[] = {{"parent-1", ROLE_PRODUCER, 1}};
	struct trace_header h = {.scenario = "x", .channel = "several", .nactors = 1,
				 .actors = actors};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert_eq(trace_write_event(f, &h, &e), 0);
	fclose(f);
	cr_expect(strstr(buf, "\"ev\":\"predict\",\"op\":\"close\",\"ch\":\"jobs\",\"guess\":"
			      "\"close\",\"outcome\":\"eof\",\"right\":false"),
		  "%s", buf);
	free(buf);
	/* a get's eof stays a get's: no op, as in a run of one channel */
	e = predict_event(0, 2000, "got", "eof");
	cr_expect_eq(predict_kind_of_event(&e, false), PREDICT_GET);
	cr_expect_str_eq(predict_outcome_words(PREDICT_CLOSE, "eof"),
			 "a reader asleep on it wakes to end of file: the last write end is gone");
}
