/* test_sched.c - the scheduler on real processes: the tutorial's runs, blocking
 * with the kernel's evidence, faults, and the same trace every time. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "scheduler.h"
#include "support.h"

static void check_nothing_left(void)
{
	cr_expect_eq(support_children_left(), 0, "a child was left behind");
	cr_expect_eq(support_ipc_left(getpid()), 0, "an IPC object was left behind");
}

TestSuite(sched, .fini = check_nothing_left, .timeout = 60);

struct run {
	struct event *evs;
	size_t n;
	struct model model;
	char end[512];
	char names[SCENARIO_MAX_ACTORS][SCENARIO_NAME_MAX];
};

static void run_scenario(const struct scenario *sc, struct run *r)
{
	char err[512];
	struct sched *s = sched_create(sc, err, sizeof err);
	size_t cap = 0;

	cr_assert_not_null(s, "%s", err);
	memset(r, 0, sizeof *r);
	for (;;) {
		size_t n;
		const struct event *evs = sched_events(s, &n);
		if (r->n + n > cap) {
			cap = (r->n + n) * 2;
			r->evs = realloc(r->evs, cap * sizeof *r->evs);
		}
		memcpy(r->evs + r->n, evs, n * sizeof *evs);
		r->n += n;
		if (sched_finished(s))
			break;
		cr_assert_eq(sched_step(s, err, sizeof err), 0, "%s", err);
	}
	r->model = *sched_model(s);
	snprintf(r->end, sizeof r->end, "%s", sched_end_reason(s));
	for (int a = 0; a < sc->nactors; a++)
		snprintf(r->names[a], sizeof r->names[a], "%s", sc->actors[a].name);
	sched_destroy(s);
}

static void run_builtin(const char *name, struct run *r)
{
	struct scenario sc;
	char err[512];

	cr_assert_eq(scenario_load(name, &sc, err, sizeof err), 0, "%s", err);
	run_scenario(&sc, r);
	scenario_free(&sc);
}

static int actor_index(const struct run *r, const char *name)
{
	for (int a = 0; a < r->model.nactors; a++)
		if (strcmp(r->names[a], name) == 0)
			return a;
	cr_assert_fail("no actor %s", name);
	return -1;
}

/* The index of the first event of `type` by actor a after position from, or -1. */
static long find(const struct run *r, size_t from, int a, enum event_type type)
{
	for (size_t i = from; i < r->n; i++)
		if (r->evs[i].type == type && r->evs[i].actor == a)
			return (long)i;
	return -1;
}

Test(sched, queue_tutorial_receives_in_order_every_two_seconds)
{
	struct run r;

	run_builtin("queue", &r);
	int c = actor_index(&r, "consumer-1");
	long at = 0;
	for (int v = 0; v <= 4; v++) {
		at = find(&r, (size_t)at, c, EV_GOT);
		cr_assert_geq(at, 0, "consumer did not get %d", v);
		cr_expect_eq(r.evs[at].value, v);
		cr_expect_eq(r.evs[at].t_ms, v * 2000, "got %d at %lld ms", v,
			     (long long)r.evs[at].t_ms);
		at++;
	}
	cr_expect_eq(find(&r, (size_t)at, c, EV_GOT), -1, "the consumer stops at 4");
	cr_expect_str_empty(r.end, "the run ended normally");
	free(r.evs);
}

static void expect_full_blocks(const char *name, const char *wchan)
{
	struct run r;

	run_builtin(name, &r);
	int p = actor_index(&r, "producer-1");
	long b = find(&r, 0, p, EV_BLOCKED);
	cr_assert_geq(b, 0, "the producer never blocked");
	cr_expect_eq(r.evs[b].op, OP_PUT);
	cr_expect_eq(r.evs[b].fill, 4, "blocked at fill %d", r.evs[b].fill);
	long k = find(&r, (size_t)b, p, EV_KERNEL);
	cr_assert_geq(k, 0, "no kernel evidence");
	cr_expect_eq(r.evs[k].state, 'S');
	cr_expect(strstr(r.evs[k].wchan, wchan), "wchan %s", r.evs[k].wchan);
	cr_expect_neq(find(&r, (size_t)b, p, EV_UNBLOCKED), -1, "the producer never woke");
	/* every value arrives, in order */
	int c = actor_index(&r, "consumer-1");
	long at = 0;
	for (int v = 0; v <= 11; v++) {
		at = find(&r, (size_t)at, c, EV_GOT);
		cr_assert_geq(at, 0);
		cr_expect_eq(r.evs[at].value, v);
		at++;
	}
	free(r.evs);
}

Test(sched, pipe_full_blocks_the_producer_at_capacity)
{
	expect_full_blocks("pipe-full", "pipe_write");
}

Test(sched, queue_full_blocks_the_producer_at_capacity)
{
	expect_full_blocks("queue-full", "wq_sleep");
}

static void expect_empty_blocks(const char *name, const char *wchan, const char *syscall)
{
	struct run r;

	run_builtin(name, &r);
	int c = actor_index(&r, "consumer-1");
	long b = find(&r, 0, c, EV_BLOCKED);
	cr_assert_geq(b, 0, "the consumer never blocked");
	cr_expect_eq(r.evs[b].op, OP_GET);
	cr_expect_eq(r.evs[b].fill, 0);
	long k = find(&r, (size_t)b, c, EV_KERNEL);
	cr_assert_geq(k, 0);
	cr_expect(strstr(r.evs[k].wchan, wchan), "wchan %s", r.evs[k].wchan);
	cr_expect_str_eq(r.evs[k].syscall, syscall);
	free(r.evs);
}

Test(sched, pipe_empty_blocks_the_consumer)
{
	expect_empty_blocks("pipe-empty", "pipe_read", "read");
}

Test(sched, queue_empty_blocks_the_consumer)
{
	expect_empty_blocks("queue-empty", "wq_sleep", "mq_timedreceive");
}

Test(sched, shm_loses_values_under_a_fast_producer)
{
	struct run r;
	int lost[16], nlost = 0;

	run_builtin("shm", &r);
	for (size_t i = 0; i < r.n; i++)
		if (r.evs[i].type == EV_OVERWRITTEN && nlost < 16)
			lost[nlost++] = r.evs[i].value;
	cr_assert_eq(nlost, 2, "overwritten %d values", nlost);
	cr_expect_eq(lost[0], 1);
	cr_expect_eq(lost[1], 3);
	cr_expect_eq(r.model.overwritten, 2);
	free(r.evs);
}

Test(sched, shm_reads_stale_values_under_a_slow_producer)
{
	struct run r;
	long stale = 0;

	run_builtin("shm-stale", &r);
	for (size_t i = 0; i < r.n; i++)
		stale += r.evs[i].type == EV_STALE;
	cr_expect_gt(stale, 0, "no stale read");
	cr_expect_eq(r.model.stale, stale);
	cr_expect_eq(r.model.overwritten, 0);
	free(r.evs);
}

Test(sched, killing_the_reader_gives_the_writer_epipe)
{
	struct run r;

	run_builtin("pipe-kill", &r);
	int c = actor_index(&r, "consumer-1"), p = actor_index(&r, "producer-1");
	long x = find(&r, 0, c, EV_EXIT);
	cr_assert_geq(x, 0);
	cr_expect_eq(r.evs[x].signal, SIGKILL);
	long e = find(&r, (size_t)x, p, EV_ERROR);
	cr_assert_geq(e, 0, "no EPIPE after the reader died");
	cr_expect_eq(r.evs[e].err, EPIPE);
	free(r.evs);
}

Test(sched, a_writer_blocked_for_ever_ends_the_run_with_a_reason)
{
	struct run r;

	run_builtin("queue-kill", &r);
	cr_expect(strstr(r.end, "producer-1"), "end reason: %s", r.end);
	free(r.evs);
}

/* Everything of a run but wall times and pids, one line an event. */
static char *fingerprint(const struct run *r)
{
	size_t cap = 64 * r->n + 1, len = 0;
	char *out = malloc(cap);

	for (size_t i = 0; i < r->n; i++) {
		const struct event *e = &r->evs[i];
		len += (size_t)snprintf(out + len, cap - len,
					"%lld %d %d %d %d %d %d %d %c %s %s %d %s\n",
					(long long)e->t_ms, e->actor, e->type, e->value, e->fill,
					e->op, e->status, e->signal, e->state ? e->state : '-',
					e->wchan, e->syscall, e->kfill, e->text);
	}
	return out;
}

static void expect_same_three_times(const char *name)
{
	struct run r;
	char *first = NULL;

	for (int i = 0; i < 3; i++) {
		run_builtin(name, &r);
		char *fp = fingerprint(&r);
		if (!first)
			first = fp;
		else {
			cr_expect_str_eq(fp, first, "%s differs on run %d", name, i + 1);
			free(fp);
		}
		free(r.evs);
	}
	free(first);
}

Test(sched, same_run_every_time_queue_many)
{
	expect_same_three_times("queue-many");
}

Test(sched, same_run_every_time_pipe_full)
{
	expect_same_three_times("pipe-full");
}

Test(sched, same_run_every_time_queue_full)
{
	expect_same_three_times("queue-full");
}

Test(sched, same_run_every_time_shm_overwrite)
{
	expect_same_three_times("shm-overwrite");
}

Test(sched, stop_holds_an_actor_and_cont_releases_it)
{
	struct scenario sc;
	char err[512];
	const char *text = "[scenario]\nchannel = queue\ncapacity = 4\n"
			   "[producer]\nvalues = 0..3\ninterval = 1s\n"
			   "[consumer]\ninterval = 1s\nstop = 3\n"
			   "[script]\ndo = 500ms stop consumer-1\ndo = 2500ms cont consumer-1\n";
	struct run r;

	cr_assert_eq(scenario_parse(text, "t.ini", &sc, err, sizeof err), 0, "%s", err);
	run_scenario(&sc, &r);
	int c = actor_index(&r, "consumer-1");
	/* got 0 at 0; held from 0.5 s to 2.5 s; then due again at once */
	long g = find(&r, 0, c, EV_GOT);
	g = find(&r, (size_t)g + 1, c, EV_GOT);
	cr_assert_geq(g, 0);
	cr_expect_eq(r.evs[g].t_ms, 2500, "second get at %lld", (long long)r.evs[g].t_ms);
	cr_expect_eq(r.evs[g].value, 1);
	cr_expect_str_empty(r.end);
	free(r.evs);
	scenario_free(&sc);
}
