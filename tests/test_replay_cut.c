/* test_replay_cut.c - a trace cut into the scheduler's steps (src/replay.h),
 * without processes: the rules one by one on events made by hand, and a
 * replayed run (run.h) that gives every event once, step by step, with the
 * model and the next operation as the trace says. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "replay.h"
#include "run.h"

static struct event ev(enum event_type type, int actor, int64_t t)
{
	return event_make(type, actor, t);
}

/* The steps of evs as the number of events in each: "2 1 3". */
static void cut_shape(const struct event *evs, size_t n, char *buf, size_t len)
{
	size_t *ends, nsteps, from = 0, at = 0;

	cr_assert(replay_cut(evs, n, &ends, &nsteps) == 0);
	buf[0] = '\0';
	for (size_t k = 0; k < nsteps; k++) {
		at += (size_t)snprintf(buf + at, len - at, "%s%zu", k ? " " : "", ends[k] - from);
		from = ends[k];
	}
	free(ends);
}

Test(replay_cut, nothing_is_no_step)
{
	char shape[64];

	cut_shape(NULL, 0, shape, sizeof shape);
	cr_assert_str_eq(shape, "");
}

Test(replay_cut, the_spawns_are_one_step_and_each_operation_its_own)
{
	struct event e[] = {ev(EV_SPAWN, 0, 0), ev(EV_SPAWN, 1, 0), ev(EV_PUT, 0, 0),
			    ev(EV_GOT, 1, 0), ev(EV_PUT, 0, 500)};
	char shape[64];

	cut_shape(e, 5, shape, sizeof shape);
	cr_assert_str_eq(shape, "2 1 1 1");
}

Test(replay_cut, a_woken_actors_operation_belongs_to_the_step_that_woke_it)
{
	struct event e[] = {ev(EV_BLOCKED, 0, 3000), ev(EV_KERNEL, 0, 3000),
			    ev(EV_GOT, 1, 4000), ev(EV_UNBLOCKED, 0, 4000), ev(EV_PUT, 0, 4000),
			    ev(EV_GOT, 1, 4000)};
	char shape[64];

	cut_shape(e, 6, shape, sizeof shape);
	/* the blocked put with its evidence; the get that woke the producer with
	 * its put; then the consumer's next get, not woken, is a new step */
	cr_assert_str_eq(shape, "2 3 1");
}

/* An event on channel `ch` of a run of several channels. */
static struct event ev_on(enum event_type type, int actor, int64_t t, const char *ch)
{
	struct event e = event_make(type, actor, t);

	snprintf(e.ch, sizeof e.ch, "%s", ch);
	return e;
}

Test(replay_cut, among_several_channels_a_woken_process_finishes_one_call)
{
	/* child-1 sleeps in read on `in`; the parent's put wakes it, its read
	 * is in that step; its echo's put on `out` is a grant of its own, as
	 * run_multi.c gives it, and so is its next read */
	struct event e[] = {ev_on(EV_BLOCKED, 1, 0, "in"), ev_on(EV_PUT, 0, 500, "in"),
			    ev_on(EV_UNBLOCKED, 1, 500, "in"), ev_on(EV_GOT, 1, 500, "in"),
			    ev_on(EV_PUT, 1, 500, "out"), ev_on(EV_GOT, 1, 500, "in")};
	char shape[64];

	cut_shape(e, 6, shape, sizeof shape);
	cr_assert_str_eq(shape, "1 3 1 1");
}

Test(replay_cut, a_close_a_lock_and_an_unlock_are_operations)
{
	struct event e[] = {ev_on(EV_LOCK, 0, 0, "a"), ev_on(EV_LOCK, 1, 0, "b"),
			    ev_on(EV_UNLOCK, 0, 0, "a"), ev_on(EV_CLOSE, 1, 0, "c")};
	char shape[64];

	cut_shape(e, 4, shape, sizeof shape);
	cr_assert_str_eq(shape, "1 1 1 1");
}

Test(replay_cut, faults_and_notes_are_a_step_apart_from_operations)
{
	struct event e[] = {ev(EV_FAULT, 1, 2000), ev(EV_NOTE, -1, 2000), ev(EV_EXIT, 1, 2000),
			    ev(EV_GOT, 2, 2000), ev(EV_EXIT, 2, 2500)};
	char shape[64];

	cut_shape(e, 5, shape, sizeof shape);
	/* the fault, its note and the death it caused; the get; an exit alone */
	cr_assert_str_eq(shape, "3 1 1");
}

Test(replay_cut, a_cont_and_the_calls_it_let_finish_are_one_step)
{
	/* the script continues filter-1 (1), asleep in read on raw when it was
	 * stopped; its read goes through, and so does the put source-1 (0) slept
	 * in meanwhile: run_multi.c gives them in the cont's step. The filter's
	 * put on cooked is a grant of its own. */
	struct event e[] = {ev(EV_FAULT, -1, 4000), ev_on(EV_UNBLOCKED, 1, 4000, "raw"),
			    ev_on(EV_GOT, 1, 4000, "raw"), ev_on(EV_UNBLOCKED, 0, 4000, "raw"),
			    ev_on(EV_PUT, 0, 4000, "raw"), ev_on(EV_PUT, 1, 4000, "cooked")};
	char shape[64];

	cut_shape(e, 6, shape, sizeof shape);
	cr_assert_str_eq(shape, "5 1");
}

/* A trace file with these lines, read by replay_load. */
static void load(struct replay *rp, const char *text)
{
	char path[] = "/tmp/ipcviz-test-cut-XXXXXX", err[512];
	int fd = mkstemp(path);
	FILE *f;

	cr_assert(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	cr_assert(replay_load(rp, path, err, sizeof err) == 0, "%s", err);
	unlink(path);
}

static const char *const trace_text =
	"{\"ipcviz\":1,\"scenario\":\"cut\",\"channel\":\"queue\",\"capacity\":2,"
	"\"kernel\":\"/q\",\"actors\":[{\"name\":\"p\",\"role\":\"producer\",\"pid\":10},"
	"{\"name\":\"c\",\"role\":\"consumer\",\"pid\":11}]}\n"
	"{\"t\":0.0,\"actor\":\"p\",\"ev\":\"spawn\",\"pid\":10}\n"
	"{\"t\":0.0,\"actor\":\"c\",\"ev\":\"spawn\",\"pid\":11}\n"
	"{\"t\":0.0,\"actor\":\"c\",\"ev\":\"blocked\",\"op\":\"get\"}\n"
	"{\"t\":0.5,\"actor\":\"p\",\"ev\":\"put\",\"value\":7}\n"
	"{\"t\":0.5,\"actor\":\"c\",\"ev\":\"unblocked\",\"op\":\"get\"}\n"
	"{\"t\":0.5,\"actor\":\"c\",\"ev\":\"got\",\"value\":7}\n"
	"{\"t\":0.9,\"actor\":\"p\",\"ev\":\"exit\",\"status\":0}\n";

Test(replay_run, plays_every_event_once_step_by_step)
{
	struct replay rp;
	struct run *r;
	struct run_next next;
	char err[256];
	size_t n, seen = 0;
	const struct event *evs;

	load(&rp, trace_text);
	cr_assert_eq(rp.nsteps, 4, "%zu steps", rp.nsteps);
	r = replay_run_create(&rp, err, sizeof err);
	cr_assert(r);
	evs = run_events(r, &n); /* the start: its spawns */
	cr_assert_eq(n, 2);
	cr_assert_eq(evs[0].type, EV_SPAWN);
	seen += n;
	cr_assert_eq(run_now(r), 0);
	cr_assert_eq(run_next_due(r), 0);
	cr_assert(run_peek(r, &next) == 0);
	cr_assert_eq(next.actor, 1);
	cr_assert_eq(next.op, EV_GOT, "the operation asked (a get), not its outcome: a peek tells nothing away");
	cr_assert_eq(run_can_step(r, 0), RUN_CANNOT_RECORDED);
	cr_assert(run_step(r, 0, err, sizeof err) != 0, "a replay cannot grant another actor");
	cr_assert(run_step(r, 1, err, sizeof err) == 0, "%s", err);
	seen += (run_events(r, &n), n);
	cr_assert_eq(run_model(r)->actors[1].state, ACTOR_BLOCKED);
	cr_assert_eq(run_next_due(r), 500);
	cr_assert(run_step(r, RUN_ANY, err, sizeof err) == 0);
	evs = run_events(r, &n);
	cr_assert_eq(n, 3, "the put, the wake and the woken get are one step");
	cr_assert_eq(evs[2].type, EV_GOT);
	cr_assert_eq(evs[2].fill, 0, "fill is set as the model has it");
	seen += n;
	cr_assert_eq(run_now(r), 500);
	cr_assert(!run_finished(r));
	cr_assert(run_step(r, RUN_ANY, err, sizeof err) == 0);
	seen += (run_events(r, &n), n);
	cr_assert(run_finished(r));
	cr_assert_eq(run_next_due(r), INT64_MAX);
	cr_assert(run_peek(r, &next) != 0);
	cr_assert_eq(seen, rp.n);
	cr_assert_eq(run_model(r)->actors[0].state, ACTOR_FINISHED);
	cr_assert_eq(run_model(r)->gets, 1);
	cr_assert_str_eq(run_end_reason(r), "");
	run_destroy(r);
	replay_free(&rp);
}
