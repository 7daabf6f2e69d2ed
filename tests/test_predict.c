/* test_predict.c - predict, then see (DESIGN 13) in the engine: the outcome a
 * settled step's events show, over every step of every built-in's live run
 * and of its replay, and the score of a quiz answered in set ways. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "channel.h"
#include "predict.h"
#include "replay.h"
#include "run.h"
#include "run_live.h"
#include "support.h"

static void check_nothing_left(void)
{
	cr_expect_eq(support_children_left(), 0, "a child was left behind");
	cr_expect_eq(support_ipc_left(getpid()), 0, "an IPC object was left behind");
}

TestSuite(predict, .fini = check_nothing_left, .timeout = 120);

#define MAX_STEPS 400

/* Does the step hold an event of type t (and op, if not OP_NONE) by actor a? */
static bool has(const struct event *evs, size_t n, int a, enum event_type t, enum event_op op)
{
	for (size_t i = 0; i < n; i++)
		if (evs[i].actor == a && evs[i].type == t && (op == OP_NONE || evs[i].op == op))
			return true;
	return false;
}

/* The outcome must be what the events say, checked each on its own. */
static void check_agrees(const char *name, enum predict_kind k, int a, const char *out,
			 const struct event *evs, size_t n)
{
	cr_assert_not_null(out, "%s: a step with a question has an outcome", name);
	switch (k) {
	case PREDICT_PUT:
		cr_expect_eq(strcmp(out, "blocked") == 0, has(evs, n, a, EV_BLOCKED, OP_PUT) &&
							       !has(evs, n, a, EV_UNBLOCKED, OP_PUT),
			     "%s: %s", name, out);
		cr_expect_eq(strcmp(out, "epipe") == 0, has(evs, n, a, EV_ERROR, OP_PUT), "%s", name);
		if (strcmp(out, "put") == 0)
			cr_expect(has(evs, n, a, EV_PUT, OP_NONE), "%s", name);
		break;
	case PREDICT_GET:
		cr_expect_eq(strcmp(out, "blocked") == 0, has(evs, n, a, EV_BLOCKED, OP_GET) &&
							       !has(evs, n, a, EV_UNBLOCKED, OP_GET),
			     "%s: %s", name, out);
		cr_expect_eq(strcmp(out, "eof") == 0, has(evs, n, a, EV_EOF, OP_NONE), "%s", name);
		break;
	case PREDICT_WRITE:
		cr_expect_eq(strcmp(out, "overwritten") == 0, has(evs, n, a, EV_OVERWRITTEN, OP_NONE),
			     "%s", name);
		cr_expect(has(evs, n, a, EV_WRITE, OP_NONE), "%s", name);
		break;
	case PREDICT_READ:
		cr_expect_eq(strcmp(out, "stale") == 0, has(evs, n, a, EV_STALE, OP_NONE), "%s", name);
		cr_expect(has(evs, n, a, EV_READ, OP_NONE), "%s", name);
		break;
	case PREDICT_STORE:
		cr_expect_eq(strcmp(out, "lost-update") == 0,
			     has(evs, n, a, EV_OVERWRITTEN, OP_NONE), "%s", name);
		break;
	default:
		cr_assert_fail("no kind");
	}
}

/* What a quiz over one run gave: the outcomes asked, and three scores. */
struct quiz {
	int q;
	struct predict_score actual, first, wrong;
	int first_right; /* questions whose outcome is the first choice */
	char seen[32][16];
	int nseen;
};

static void quiz_seen(struct quiz *z, const char *out)
{
	for (int i = 0; i < z->nseen; i++)
		if (strcmp(z->seen[i], out) == 0)
			return;
	if (z->nseen < 32)
		snprintf(z->seen[z->nseen++], sizeof z->seen[0], "%s", out);
}

/* Plays r to its end asking before every step, as the screen does. */
static void quiz_run(const char *name, struct run *r, struct quiz *z)
{
	char err[512];
	bool counter = channel_desc_of(run_scenario(r)->channel)->counter;

	for (int step = 0; step < MAX_STEPS && !run_finished(r); step++) {
		struct run_next nx;
		enum predict_kind k = PREDICT_NONE;
		const char *words[PREDICT_OUTCOMES_MAX];
		int nw = 0;
		if (run_peek(r, &nx) == 0 && nx.actor >= 0) {
			k = predict_kind_of(nx.op, counter);
			nw = predict_outcomes(k, words);
		}
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s: %s", name, err);
		if (k == PREDICT_NONE)
			continue;
		cr_assert(nw >= 2 && nw <= 4, "%s: %d outcomes", name, nw);
		size_t n;
		const struct event *evs = run_events(r, &n);
		const char *out = predict_classify(k, nx.actor, evs, n);
		check_agrees(name, k, nx.actor, out, evs, n);
		bool listed = false;
		for (int i = 0; i < nw; i++)
			listed |= strcmp(words[i], out) == 0;
		cr_expect(listed, "%s: %s is one of the choices", name, out);
		quiz_seen(z, out);
		z->q++;
		struct event e = predict_event(nx.actor, run_now(r), out, out);
		cr_expect(e.right);
		predict_score_add(&z->actual, &e);
		e = predict_event(nx.actor, run_now(r), words[0], out);
		z->first_right += strcmp(words[0], out) == 0;
		predict_score_add(&z->first, &e);
		e = predict_event(nx.actor, run_now(r), strcmp(out, words[0]) ? words[0] : words[1],
				  out);
		predict_score_add(&z->wrong, &e);
	}
	cr_expect(run_finished(r), "%s ends", name);
}

static void quiz_check(const char *name, const struct quiz *z)
{
	cr_expect_gt(z->q, 0, "%s asks something", name);
	cr_expect_eq(z->actual.asked, z->q);
	cr_expect_eq(z->actual.right, z->q, "%s: the actual outcome scores Q of Q", name);
	cr_expect_eq(z->actual.nmissed, 0);
	cr_expect_eq(z->first.right, z->first_right, "%s: always 1", name);
	cr_expect_eq(z->first.asked - z->first.right,
		     z->first.nmissed < PREDICT_MISSED_MAX ? z->first.nmissed : z->first.asked - z->first.right);
	cr_expect_eq(z->wrong.right, 0, "%s: never right scores 0", name);
}

/* Every step of every built-in's live run, then the same run as a replay of
 * its trace: the same questions, the same outcomes. */
Test(predict, every_builtin_step_classified_as_its_events_say_live_and_replayed)
{
	size_t nb;
	const struct scenario_builtin *b = scenario_builtins(&nb);
	char err[512], path[64];
	const char *expect[] = {"put", "got", "blocked", "epipe", "write", "overwritten",
				"read", "stale", "store", "lost-update"};
	struct quiz all = {0};

	snprintf(path, sizeof path, "/tmp/ipcviz-test-predict-%d.jsonl", (int)getpid());
	for (size_t i = 0; i < nb; i++) {
		if (support_builtin_multi(b[i].name))
			continue; /* several channels: test_predict_multi.c */
		struct scenario sc;
		struct quiz live = {0}, replayed = {0};
		if (strcmp(b[i].name, "fifo") == 0)
			continue; /* its writer is a person in another terminal */
		cr_assert_eq(scenario_load(b[i].name, &sc, err, sizeof err), 0, "%s", err);
		struct run *r = run_live_create(&sc, NULL, err, sizeof err);
		cr_assert_not_null(r, "%s: %s", b[i].name, err);
		FILE *f = fopen(path, "w");
		cr_assert_not_null(f);
		trace_write_header(f, run_header(r));
		/* the live quiz, with every event also into a trace */
		for (int step = 0; step < MAX_STEPS && !run_finished(r); step++) {
			struct run_next nx;
			bool counter = channel_desc_of(sc.channel)->counter;
			enum predict_kind k = PREDICT_NONE;
			size_t n;
			const struct event *evs = run_events(r, &n);
			for (size_t j = 0; j < n; j++)
				trace_write_event(f, run_header(r), &evs[j]);
			if (run_peek(r, &nx) == 0 && nx.actor >= 0)
				k = predict_kind_of(nx.op, counter);
			cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s", err);
			evs = run_events(r, &n);
			if (k != PREDICT_NONE) {
				const char *out = predict_classify(k, nx.actor, evs, n);
				check_agrees(b[i].name, k, nx.actor, out, evs, n);
				quiz_seen(&live, out);
				live.q++;
			}
		}
		size_t n;
		const struct event *evs = run_events(r, &n);
		for (size_t j = 0; j < n; j++)
			trace_write_event(f, run_header(r), &evs[j]);
		fclose(f);
		run_destroy(r);
		scenario_free(&sc);
		/* the trace as a quiz without processes */
		struct replay rp;
		cr_assert_eq(replay_load(&rp, path, err, sizeof err), 0, "%s", err);
		struct run *rr = replay_run_create(&rp, err, sizeof err);
		cr_assert_not_null(rr, "%s", err);
		quiz_run(b[i].name, rr, &replayed);
		run_destroy(rr);
		replay_free(&rp);
		quiz_check(b[i].name, &replayed);
		cr_expect_eq(replayed.q, live.q, "%s: as many questions replayed as live", b[i].name);
		for (int s = 0; s < replayed.nseen; s++)
			quiz_seen(&all, replayed.seen[s]);
	}
	unlink(path);
	for (size_t e = 0; e < sizeof expect / sizeof expect[0]; e++) {
		bool seen = false;
		for (int s = 0; s < all.nseen; s++)
			seen |= strcmp(all.seen[s], expect[e]) == 0;
		cr_expect(seen, "some built-in step has the outcome %s", expect[e]);
	}
}

/* The live run asked the way the screen asks, scored three ways. */
Test(predict, scores_over_every_builtin_live)
{
	size_t nb;
	const struct scenario_builtin *b = scenario_builtins(&nb);
	char err[512];

	for (size_t i = 0; i < nb; i++) {
		if (support_builtin_multi(b[i].name))
			continue; /* several channels: test_predict_multi.c */
		struct scenario sc;
		struct quiz z = {0};
		if (strcmp(b[i].name, "fifo") == 0)
			continue;
		cr_assert_eq(scenario_load(b[i].name, &sc, err, sizeof err), 0, "%s", err);
		struct run *r = run_live_create(&sc, NULL, err, sizeof err);
		cr_assert_not_null(r, "%s: %s", b[i].name, err);
		quiz_run(b[i].name, r, &z);
		run_destroy(r);
		scenario_free(&sc);
		quiz_check(b[i].name, &z);
	}
}

/* Synthetic steps: each kind's outcomes, and the choices in their order. */
Test(predict, outcomes_and_classification_of_made_up_steps)
{
	const char *w[PREDICT_OUTCOMES_MAX];
	struct event e[3];

	cr_expect_eq(predict_outcomes(PREDICT_PUT, w), 3);
	cr_expect_str_eq(w[0], "put");
	cr_expect_str_eq(w[1], "blocked");
	cr_expect_str_eq(w[2], "epipe");
	cr_expect_eq(predict_outcomes(PREDICT_GET, w), 3);
	cr_expect_str_eq(w[2], "eof");
	cr_expect_eq(predict_outcomes(PREDICT_STORE, w), 2);
	cr_expect_str_eq(w[1], "lost-update");
	cr_expect_eq(predict_outcomes(PREDICT_NONE, w), 0);
	cr_expect_eq(predict_kind_of(EV_READ, true), PREDICT_NONE);
	cr_expect_eq(predict_kind_of(EV_WRITE, true), PREDICT_STORE);
	cr_expect_eq(predict_kind_of(EV_WRITE, false), PREDICT_WRITE);

	e[0] = event_make(EV_GOT, 1, 0); /* another's event first */
	e[1] = event_make(EV_BLOCKED, 0, 0);
	e[1].op = OP_PUT;
	cr_expect_str_eq(predict_classify(PREDICT_PUT, 0, e, 2), "blocked");
	cr_expect_null(predict_classify(PREDICT_PUT, 2, e, 2));
	e[0] = event_make(EV_EOF, 1, 0);
	cr_expect_str_eq(predict_classify(PREDICT_GET, 1, e, 1), "eof");
	e[0] = event_make(EV_WRITE, 0, 0);
	e[1] = event_make(EV_OVERWRITTEN, 0, 0);
	cr_expect_str_eq(predict_classify(PREDICT_WRITE, 0, e, 2), "overwritten");
	cr_expect_str_eq(predict_classify(PREDICT_WRITE, 0, e, 1), "write");
	cr_expect_str_eq(predict_classify(PREDICT_STORE, 0, e, 2), "lost-update");
	e[0] = event_make(EV_READ, 1, 0);
	e[1] = event_make(EV_STALE, 1, 0);
	cr_expect_str_eq(predict_classify(PREDICT_READ, 1, e, 2), "stale");
	cr_expect_str_eq(predict_classify(PREDICT_READ, 1, e, 1), "read");

	struct event p = predict_event(0, 1500, "put", "blocked");
	cr_expect_not(p.right);
	cr_expect_str_eq(p.guess, "put");
	struct predict_score s = {0};
	predict_score_add(&s, &p);
	predict_score_add(&s, &e[0]); /* not a predict event: not counted */
	cr_expect_eq(s.asked, 1);
	cr_expect_eq(s.right, 0);
	cr_expect_eq(s.nmissed, 1);
	cr_expect_eq(s.missed[0].t_ms, 1500);
	cr_expect_str_eq(s.missed[0].outcome, "blocked");
}
