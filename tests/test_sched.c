/* test_sched.c - the scheduler on real processes: the tutorial's runs, blocking
 * with the kernel's evidence, faults, and the same trace every time. */
#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
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

/* ---- the later lessons (issue 8): each proved on real processes ---- */

static long count(const struct run *r, int a, enum event_type type)
{
	long n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->evs[i].type == type && (a == -99 || r->evs[i].actor == a);
	return n;
}

/* The same scenario twice gives the same events (type, actor, value, time). */
static void expect_same_twice(const char *name)
{
	struct run a, b;

	run_builtin(name, &a);
	run_builtin(name, &b);
	cr_assert_eq(a.n, b.n, "%s: %zu events, then %zu", name, a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		const struct event *x = &a.evs[i], *y = &b.evs[i];
		cr_expect(x->type == y->type && x->actor == y->actor && x->value == y->value &&
				  x->t_ms == y->t_ms && x->fill == y->fill,
			  "%s: event %zu differs", name, i);
	}
	free(a.evs);
	free(b.evs);
}

Test(sched, ring_never_overwrites_and_a_full_ring_sleeps_in_futex)
{
	struct run r;

	run_builtin("ring-full", &r);
	int p = actor_index(&r, "producer-1"), c = actor_index(&r, "consumer-1");
	long at = 0;
	for (int v = 0; v <= 11; v++) {
		at = find(&r, (size_t)at, c, EV_GOT);
		cr_assert_geq(at, 0, "the consumer did not get %d", v);
		cr_expect_eq(r.evs[at].value, v, "every value, in order");
		at++;
	}
	cr_expect_eq(count(&r, -99, EV_OVERWRITTEN), 0, "a ring overwrites nothing");
	long b = find(&r, 0, p, EV_BLOCKED);
	cr_assert_geq(b, 0, "the producer never found the ring full");
	cr_expect_eq(r.evs[b].fill, 4);
	long k = find(&r, (size_t)b, p, EV_KERNEL);
	cr_assert_geq(k, 0);
	cr_expect_eq(r.evs[k].state, 'S');
	cr_expect_str_eq(r.evs[k].syscall, "futex");
	cr_expect_eq(r.evs[k].kfill, 4, "sem_getvalue(items) says 4");
	free(r.evs);
	expect_same_twice("ring-full");
}

Test(sched, race_loses_updates_only_without_the_lock)
{
	struct run r;

	run_builtin("race", &r);
	long res = find(&r, 0, EVENT_ACTOR_IPCVIZ, EV_RESULT);
	cr_assert_geq(res, 0, "no result event");
	cr_expect_eq(r.evs[res].expected, 10, "ten increments were made");
	cr_expect_lt(r.evs[res].counter, 10, "updates were lost");
	cr_expect_eq(count(&r, -99, EV_OVERWRITTEN), 10 - r.evs[res].counter,
		     "each lost update is shown");
	cr_expect_eq(count(&r, -99, EV_BLOCKED), 0, "nothing waits without a lock");
	free(r.evs);

	run_builtin("race-locked", &r);
	res = find(&r, 0, EVENT_ACTOR_IPCVIZ, EV_RESULT);
	cr_assert_geq(res, 0, "no result event");
	cr_expect_eq(r.evs[res].counter, 10);
	cr_expect_eq(r.evs[res].expected, 10);
	cr_expect_eq(count(&r, -99, EV_OVERWRITTEN), 0, "no update lost with the lock");
	long b = find(&r, 0, actor_index(&r, "producer-1"), EV_BLOCKED);
	if (b < 0)
		b = find(&r, 0, actor_index(&r, "producer-2"), EV_BLOCKED);
	cr_assert_geq(b, 0, "nobody ever waited for the lock");
	long k = find(&r, (size_t)b, r.evs[b].actor, EV_KERNEL);
	cr_assert_geq(k, 0);
	cr_expect_str_eq(r.evs[k].syscall, "futex");
	free(r.evs);
	expect_same_twice("race");
	expect_same_twice("race-locked");
}

Test(sched, socketpair_moves_items_and_answers_both_ways)
{
	struct run r;

	run_builtin("socketpair", &r);
	int p = actor_index(&r, "producer-1"), c = actor_index(&r, "consumer-1");
	cr_expect_eq(count(&r, p, EV_PUT), 5, "five items sent");
	cr_expect_eq(count(&r, c, EV_GOT), 5, "five items received");
	cr_expect_eq(count(&r, c, EV_PUT), 5, "five answers sent back");
	cr_expect_eq(count(&r, p, EV_GOT), 5, "five answers received");
	/* each answer carries the item's value and comes after it */
	long at = 0;
	for (int v = 0; v <= 4; v++) {
		long got = find(&r, (size_t)at, c, EV_GOT);
		long ans = find(&r, (size_t)at, p, EV_GOT);
		cr_assert(got >= 0 && ans > got, "answer %d before its item", v);
		cr_expect_eq(r.evs[ans].value, v);
		at = ans + 1;
	}
	long b = find(&r, 0, p, EV_BLOCKED);
	cr_assert_geq(b, 0, "the producer never waited for an answer");
	cr_expect_eq(r.evs[b].op, OP_GET);
	long k = find(&r, (size_t)b, p, EV_KERNEL);
	cr_assert_geq(k, 0);
	cr_expect_str_eq(r.evs[k].syscall, "read");
	cr_expect_eq(r.model.back_fill, 0, "every answer was taken");
	free(r.evs);
	expect_same_twice("socketpair");
}

Test(sched, pipe_items_interleave_only_above_pipe_buf)
{
	struct run r;

	run_builtin("pipe-atomic", &r);
	long mixed = 0;
	for (size_t i = 0; i < r.n; i++)
		mixed += r.evs[i].type == EV_GOT && r.evs[i].mixed;
	cr_expect_gt(mixed, 0, "12 KiB items into a 4 KiB pipe: some are mixed");
	cr_expect_gt(count(&r, -99, EV_PART), 0, "reads bring parts of items");
	free(r.evs);
	expect_same_twice("pipe-atomic");

	run_builtin("pipe-atomic-small", &r);
	for (size_t i = 0; i < r.n; i++)
		cr_expect(!(r.evs[i].type == EV_GOT && r.evs[i].mixed), "a PIPE_BUF item mixed");
	cr_expect_eq(count(&r, -99, EV_PART), 0, "every read is a whole item");
	cr_expect_eq(count(&r, actor_index(&r, "consumer-1"), EV_GOT), 4);
	free(r.evs);
}

/* Writes into the FIFO from this process, which ipcviz did not start. */
static void write_outside(const char *path, const char *line)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(line, f);
	fclose(f);
}

Test(sched, fifo_receives_an_outside_write_and_is_removed)
{
	struct scenario sc;
	char err[512], path[256];

	cr_assert_eq(scenario_load("fifo", &sc, err, sizeof err), 0, "%s", err);
	struct sched *s = sched_create(&sc, err, sizeof err);
	cr_assert_not_null(s, "%s", err);
	snprintf(path, sizeof path, "%s", sched_trace_header(s)->path);
	cr_assert(path[0] == '/', "the header gives the FIFO's path");
	while (sched_next_due(s) != INT64_MAX)
		cr_assert_eq(sched_step(s, err, sizeof err), 0, "%s", err);
	cr_expect(!sched_finished(s), "a consumer waiting on a FIFO can still be woken");
	write_outside(path, "42\n");

	bool outside = false, got42 = false;
	struct pollfd fds[SCENARIO_MAX_ACTORS];
	for (int tries = 0; tries < 100 && !sched_finished(s); tries++) {
		int n = sched_fds(s, fds, SCENARIO_MAX_ACTORS);
		if (poll(fds, (nfds_t)n, 100) <= 0)
			continue;
		cr_assert_eq(sched_service(s, err, sizeof err), 0, "%s", err);
		size_t ne;
		const struct event *evs = sched_events(s, &ne);
		for (size_t i = 0; i < ne; i++) {
			outside |= evs[i].type == EV_PUT && evs[i].actor == EVENT_ACTOR_OUTSIDE &&
				   evs[i].value == 42;
			got42 |= evs[i].type == EV_GOT && evs[i].value == 42 && evs[i].actor >= 0;
		}
	}
	cr_expect(outside, "the outside write is shown as such");
	cr_expect(got42, "the consumer received 42");
	cr_expect(sched_finished(s), "the consumer stopped at 42");
	cr_expect_eq(sched_model(s)->outside, 1);
	sched_destroy(s);
	scenario_free(&sc);
	cr_expect_neq(access(path, F_OK), 0, "the FIFO is removed");
	*strrchr(path, '/') = '\0';
	cr_expect_neq(access(path, F_OK), 0, "its directory is removed");
}

/* Collects what sched_service gives until want() says so, for at most 10 s. */
static void service_until(struct sched *s, struct run *r, bool (*want)(const struct run *))
{
	struct pollfd fds[SCENARIO_MAX_ACTORS + 1];
	char err[512];

	for (int tries = 0; tries < 100 && !want(r); tries++) {
		int n = sched_fds(s, fds, SCENARIO_MAX_ACTORS + 1);
		if (poll(fds, (nfds_t)n, 100) <= 0)
			continue;
		cr_assert_eq(sched_service(s, err, sizeof err), 0, "%s", err);
		size_t ne;
		const struct event *evs = sched_events(s, &ne);
		r->evs = realloc(r->evs, (r->n + ne + 1) * sizeof *r->evs);
		memcpy(r->evs + r->n, evs, ne * sizeof *evs);
		r->n += ne;
	}
}

static bool got_one(const struct run *r)
{
	return find(r, 0, 1, EV_GOT) >= 0;
}

/* The state letter of pid in /proc/PID/stat. */
static char proc_state(pid_t pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	if (f)
		fclose(f);
	buf[n] = '\0';
	char *close_paren = strrchr(buf, ')');
	return close_paren && close_paren[1] ? close_paren[2] : '?';
}

/* A consumer asleep in read, stopped from outside (it may have been woken and
 * taken the item before it stopped, without a word yet): the producer's step
 * is held until it is continued, the run is not over meanwhile, and then its
 * got comes after the put, in the same step. */
Test(sched, a_step_waits_for_a_child_stopped_from_outside)
{
	struct scenario sc;
	char err[512], file[64];
	struct run r = {0};

	support_temp_scenario("[scenario]\nchannel = pipe\ncapacity = 4\n"
			      "[producer]\nvalues = 1..3\ninterval = 100ms\nstart = 50ms\n"
			      "[consumer]\ninterval = 10ms\n",
			      file, sizeof file);
	cr_assert_eq(scenario_load(file, &sc, err, sizeof err), 0, "%s", err);
	unlink(file);
	struct sched *s = sched_create(&sc, err, sizeof err);
	cr_assert_not_null(s, "%s", err);
	cr_assert_eq(sched_step(s, err, sizeof err), 0, "%s", err); /* the consumer blocks */
	pid_t c = sched_trace_header(s)->actors[1].pid;
	kill(c, SIGSTOP);
	for (int i = 0; i < 10000 && proc_state(c) != 'T'; i++)
		usleep(1000);
	cr_assert_eq(proc_state(c), 'T');

	cr_assert_eq(sched_step(s, err, sizeof err), 0, "%s", err); /* the producer puts 1 */
	size_t n;
	const struct event *evs = sched_events(s, &n);
	cr_assert_eq(n, 1, "only the line that says who the run waits for");
	cr_expect_eq(evs[0].type, EV_FAULT);
	cr_expect_eq(evs[0].actor, EVENT_ACTOR_OUTSIDE);
	cr_expect_str_eq(evs[0].action, "stop");
	cr_expect_eq(evs[0].target, 1);
	cr_expect_eq(sched_next_due(s), INT64_MAX, "no step while one is held");
	cr_expect(!sched_finished(s), "a stopped child can be continued");
	cr_expect_eq(sched_step(s, err, sizeof err), 0, "%s", err);
	cr_expect(!sched_finished(s), "a step asked for meanwhile does not end the run");

	kill(c, SIGCONT);
	service_until(s, &r, got_one);
	long cont = -1, put = find(&r, 0, 0, EV_PUT), got = find(&r, 0, 1, EV_GOT);
	for (size_t i = 0; i < r.n; i++)
		if (r.evs[i].type == EV_FAULT && strcmp(r.evs[i].action, "cont") == 0)
			cont = (long)i;
	cr_assert_geq(got, 0, "the consumer got its item once continued");
	cr_expect(cont >= 0 && cont < put && put < got, "cont %ld, put %ld, got %ld", cont, put,
		  got);
	cr_expect_eq(r.evs[put].t_ms, r.evs[got].t_ms, "in the same step");

	while (!sched_finished(s))
		cr_assert_eq(sched_step(s, err, sizeof err), 0, "%s", err);
	cr_expect_str_empty(sched_end_reason(s), "%s", sched_end_reason(s));
	cr_expect_eq(sched_model(s)->actors[1].done, 3, "every item through");
	free(r.evs);
	sched_destroy(s);
	scenario_free(&sc);
}

/* Steps sc to its end (or until only an outside writer could move it), and
 * after every step sets the kernel's count, asked now by the parent, against
 * the count the model's items make in the kernel's unit. Returns how many
 * steps it compared. */
static int compare_counts(const struct scenario *sc, const char *what)
{
	char err[512];
	struct sched *s = sched_create(sc, err, sizeof err);
	int compared = 0;

	cr_assert_not_null(s, "%s: %s", what, err);
	const struct channel_desc *d = sched_channel(s)->desc;
	for (int step = 0; step < 2000 && !sched_finished(s) && sched_next_due(s) != INT64_MAX;
	     step++) {
		cr_assert_eq(sched_step(s, err, sizeof err), 0, "%s: %s", what, err);
		int want = sched_model_kfill(s), k = sched_kernel_fill(s);
		const struct channel *ch = sched_channel(s);
		if (want < 0)
			continue; /* the model does not count whole items here */
		if (k < 0 && ch->parent_fd < 0 && ch->holder[ROLE_PRODUCER] < 0 &&
		    ch->holder[ROLE_CONSUMER] < 0)
			continue; /* nobody holds it any more: the kernel freed it */
		cr_expect_eq(k, want, "%s, step %d at %lld ms: the kernel says %d %s, the model's %d items make %d",
			     what, step, (long long)sched_now(s), k, d->kfill_unit,
			     sched_model(s)->fill, want);
		compared++;
	}
	sched_destroy(s);
	return compared;
}

/* Every built-in whose channel the kernel counts, and every channel with a
 * kernel count in a scenario of its own (so a new one is covered): after
 * each step the kernel's count, taken then, is what the model's count makes. */
Test(sched, kernel_and_model_counts_agree_after_every_step)
{
	size_t nb;
	const struct scenario_builtin *b = scenario_builtins(&nb);
	char err[512], text[512];
	int channels = 0;

	for (size_t i = 0; i < nb; i++) {
		if (support_builtin_multi(b[i].name))
			continue; /* several channels: test_run_multi.c */
		struct scenario sc;
		cr_assert_eq(scenario_load(b[i].name, &sc, err, sizeof err), 0, "%s", err);
		const struct channel_desc *d = channel_desc_of(sc.channel);
		if (d && d->kfill_unit)
			compare_counts(&sc, b[i].name);
		scenario_free(&sc);
	}
	for (int k = 0; k < CHANNEL_KIND_COUNT; k++) {
		const struct channel_desc *d = channel_desc_of((enum channel_kind)k);
		struct scenario sc;
		if (!d || !d->kfill_unit)
			continue;
		/* A producer ahead of a slower consumer: the channel fills, blocks
		 * its producer, empties. */
		snprintf(text, sizeof text,
			 "[scenario]\nchannel = %s\n%s"
			 "[producer]\nvalues = 1..8\ninterval = 1s\n"
			 "[consumer]\ninterval = 3s\nstart = 500ms\nstop = 8\n",
			 d->word, d->capacity.max > 0 ? "capacity = 2\n" : "");
		cr_assert_eq(scenario_parse(text, d->word, &sc, err, sizeof err), 0, "%s: %s",
			     d->word, err);
		cr_expect_gt(compare_counts(&sc, d->word), 5, "%s: too few steps compared", d->word);
		scenario_free(&sc);
		channels++;
	}
	cr_expect_geq(channels, 5, "pipe, fifo, queue, ring, socket pair at least");
}
