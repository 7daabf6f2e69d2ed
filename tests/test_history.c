/* test_history.c - the run's history: events packed and unpacked exactly, past
 * states rebuilt from snapshots equal to applying every event from the start,
 * and memory bounded however many events come. */
#include <criterion/criterion.h>

#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "model.h"

#define TEST_ACTORS 2

static void test_model(struct model *m, enum channel_kind kind)
{
	const char names[TEST_ACTORS][SCENARIO_NAME_MAX] = {"producer-1", "consumer-1"};
	const enum role roles[TEST_ACTORS] = {ROLE_PRODUCER, ROLE_CONSUMER};

	model_init(m, kind, 4, TEST_ACTORS, names, roles);
}

/* The i-th event of an endless synthetic pipe run: a producer that fills the
 * pipe and blocks, a consumer that empties it, with kernel evidence, notes and
 * the odd error, at 0.5 s a step. Deterministic, so a test can make it twice. */
static struct event test_event(uint64_t i)
{
	int64_t t = (int64_t)(i / 3) * 500;
	struct event ev;

	switch (i % 12) {
	case 0: case 1: case 5: case 6:
		ev = event_make(EV_PUT, 0, t);
		ev.has_value = true;
		ev.value = (int32_t)(i % 1000);
		break;
	case 2:
		ev = event_make(EV_BLOCKED, 0, t);
		ev.op = OP_PUT;
		ev.has_value = true;
		ev.value = (int32_t)i;
		break;
	case 3:
		ev = event_make(EV_KERNEL, 0, t);
		ev.state = 'S';
		snprintf(ev.wchan, sizeof ev.wchan, "anon_pipe_write");
		snprintf(ev.syscall, sizeof ev.syscall, "write");
		ev.kfill = 16384;
		break;
	case 4: case 7: case 8: case 9:
		ev = event_make(EV_GOT, 1, t);
		ev.has_value = true;
		ev.value = (int32_t)(i % 1000);
		break;
	case 10:
		ev = event_make(EV_UNBLOCKED, 0, t);
		ev.op = OP_PUT;
		break;
	default:
		ev = event_make(i % 24 == 11 ? EV_NOTE : EV_ERROR, i % 24 == 11 ? -1 : 0, t);
		snprintf(ev.text, sizeof ev.text, "note %llu: ünïcode and \"quotes\"",
			 (unsigned long long)i);
		if (ev.type == EV_ERROR) {
			memset(ev.text, 0, sizeof ev.text);
			ev.op = OP_PUT;
			ev.err = 32;
		}
		break;
	}
	ev.wall = (double)i * 1e-6;
	return ev;
}

/* Steps end after every third event here: a step's events share a time. */
static bool test_step_ends(uint64_t i)
{
	return i % 3 == 2;
}

Test(history, events_come_back_exactly_as_pushed)
{
	struct model m, start;
	struct history *h;
	struct history_iter it;
	struct event ev, all[6];
	char err[256];

	test_model(&start, CHANNEL_PIPE);
	h = history_create(&start, 0, 0, err, sizeof err);
	cr_assert(h, "%s", err);
	all[0] = test_event(3);   /* kernel: strings and kfill */
	all[1] = test_event(11);  /* note: a long text */
	all[2] = test_event(23);  /* error */
	all[3] = event_make(EV_FAULT, -1, 7000);
	snprintf(all[3].action, sizeof all[3].action, "kill");
	all[3].target = 1;
	all[4] = event_make(EV_RESULT, -1, 9000);
	all[4].counter = -123456789012LL;
	all[4].expected = 9000000000LL;
	all[5] = event_make(EV_EXIT, 1, 9000);
	all[5].status = -1;
	all[5].signal = 9;
	for (int i = 0; i < 6; i++) {
		all[i].fill = i; /* as stamped by a model */
		cr_assert_eq(history_push(h, &all[i]), 0);
	}
	history_end_step(h);
	cr_assert_eq(history_steps(h), 1);
	cr_assert_eq(history_step_events(h, 0), 6);
	cr_assert_eq(history_seek(h, 0, 0, &m, &it), 0);
	for (int i = 0; i < 6; i++) {
		cr_assert_eq(history_next(&it, &ev), 1);
		cr_assert(memcmp(&ev, &all[i], sizeof ev) == 0, "event %d changed on the way", i);
	}
	cr_assert_eq(history_next(&it, &ev), 0);
	history_free(h);
}

/* pipe-atomic, as a replay steps through it: items of 12288 bytes, read in
 * parts. A step back must show the part's bytes and the mixed item as they
 * were (the history once dropped `bytes` and `mixed`: the screen showed
 * 0/12288 bytes where the consumer had 8192). */
Test(history, a_step_back_in_pipe_atomic_keeps_part_bytes_and_mixed_items)
{
	struct model start, m;
	struct history *h;
	struct history_iter it;
	struct event ev;
	char err[256];
	long part_bytes = 0;

	test_model(&start, CHANNEL_PIPE);
	model_set_item_bytes(&start, 12288);
	h = history_create(&start, 0, 0, err, sizeof err);
	cr_assert(h, "%s", err);
	ev = event_make(EV_PUT, 0, 0);          /* step 0: the producer writes item 4 */
	ev.has_value = true;
	ev.value = 4;
	cr_assert_eq(history_push(h, &ev), 0);
	history_end_step(h);
	ev = event_make(EV_PART, 1, 500);       /* step 1: the consumer reads 8192 bytes of it */
	ev.has_value = true;
	ev.value = 4;
	ev.by = 0;
	ev.bytes = 8192;
	cr_assert_eq(history_push(h, &ev), 0);
	history_end_step(h);
	ev = event_make(EV_GOT, 1, 1000);       /* step 2: the rest, with another write's bytes */
	ev.has_value = true;
	ev.value = 4;
	ev.mixed = true;
	ev.by = 0;
	ev.mixed_value = 5;
	cr_assert_eq(history_push(h, &ev), 0);
	history_end_step(h);

	cr_assert_eq(history_state(h, 2, &m), 0);
	cr_expect_eq(m.mixed, 1, "the got of step 2 is of a mixed item");
	cr_expect(m.last.mixed);
	cr_expect_eq(m.last.mixed_value, 5);
	cr_expect_eq(m.last.by, 0);

	/* One step back. */
	cr_assert_eq(history_seek(h, 1, 0, &m, &it), 0);
	while (history_next(&it, &ev)) {
		if (ev.type == EV_PART)
			part_bytes += ev.bytes;
		model_apply(&m, &ev);
	}
	cr_expect_eq(part_bytes, 8192, "the consumer has 8192 of 12288 bytes");
	cr_expect_eq(m.last.type, EV_PART);
	cr_expect_eq(m.last.bytes, 8192);
	cr_expect_eq(m.last.by, 0);
	cr_expect_eq(m.last.value, 4);
	cr_expect_eq(m.mixed, 0, "no mixed item yet");
	history_free(h);
}

Test(history, empty_steps_are_not_counted)
{
	struct model start;
	struct history *h;
	struct event ev = test_event(0);
	char err[256];

	test_model(&start, CHANNEL_PIPE);
	h = history_create(&start, 0, 0, err, sizeof err);
	history_end_step(h);
	cr_assert_eq(history_steps(h), 0);
	history_push(h, &ev);
	history_end_step(h);
	history_end_step(h);
	cr_assert_eq(history_steps(h), 1);
	cr_assert_eq(history_step_time(h, 0), 0);
	cr_assert_eq(history_step_time(h, 1), -1);
	history_free(h);
}

/* Rebuilding a state from the nearest snapshot gives what applying every event
 * from the start gives, at every kept step; steps of dropped chunks say so. */
Test(history, a_rebuilt_state_equals_every_event_applied)
{
	const uint64_t n = 60000;
	struct model start, from_start, rebuilt;
	struct history *h;
	char err[256];
	long checked = 0;

	test_model(&start, CHANNEL_PIPE);
	h = history_create(&start, 20000, 0, err, sizeof err); /* keeps the last ~20,000 */
	cr_assert(h, "%s", err);
	for (uint64_t i = 0; i < n; i++) {
		struct event ev = test_event(i);
		cr_assert_eq(history_push(h, &ev), 0);
		if (test_step_ends(i))
			history_end_step(h);
	}
	cr_assert_eq(history_steps(h), (long)(n / 3));
	cr_assert_gt(history_first_step(h), 0, "nothing was dropped");
	cr_assert_eq(history_state(h, history_first_step(h) - 1, &rebuilt), -1);
	cr_assert_leq(history_kept_events(h), 20000 + HISTORY_CHUNK_EVENTS);

	from_start = start;
	for (uint64_t i = 0; i < n; i++) {
		struct event ev = test_event(i);
		model_apply(&from_start, &ev);
		if (!test_step_ends(i))
			continue;
		long step = (long)(i / 3);
		if (step < history_first_step(h) || (step % 97 != 0 && step != history_steps(h) - 1))
			continue;
		cr_assert_eq(history_state(h, step, &rebuilt), 0, "step %ld", step);
		cr_assert(memcmp(&rebuilt, &from_start, sizeof rebuilt) == 0,
			  "the state after step %ld differs from applying all events", step);
		cr_assert_eq(history_step_time(h, step), from_start.t_ms);
		checked++;
	}
	cr_assert_gt(checked, 50);
	cr_assert(memcmp(history_model(h), &from_start, sizeof from_start) == 0);
	history_free(h);
}

/* A lead asks for a snapshot further back: the walk then starts earlier, and
 * still ends with the same state. */
Test(history, a_seek_with_a_lead_starts_earlier)
{
	struct model start, m;
	struct history *h;
	struct history_iter it;
	struct event ev;
	char err[256];
	size_t walked = 0;

	test_model(&start, CHANNEL_PIPE);
	h = history_create(&start, 0, 0, err, sizeof err);
	for (uint64_t i = 0; i < 30000; i++) {
		ev = test_event(i);
		history_push(h, &ev);
		if (test_step_ends(i))
			history_end_step(h);
	}
	cr_assert_eq(history_seek(h, 9000, 2048, &m, &it), 0);
	while (history_next(&it, &ev)) {
		model_apply(&m, &ev);
		walked++;
	}
	cr_assert_geq(walked, 2048);
	cr_assert_leq(walked, 2048 + HISTORY_CHUNK_EVENTS);
	struct model direct;
	cr_assert_eq(history_state(h, 9000, &direct), 0);
	cr_assert(memcmp(&m, &direct, sizeof m) == 0);
	history_free(h);
}

/* A million events, far past the bounds: the memory counted never passes the
 * most the history may hold, which is a few MiB, and old steps go. */
Test(history, memory_stays_bounded_over_a_million_events, .timeout = 60)
{
	struct model start;
	struct history *h;
	char err[256];
	size_t most = 0;

	test_model(&start, CHANNEL_PIPE);
	h = history_create(&start, 100000, 0, err, sizeof err);
	cr_assert(h, "%s", err);
	for (uint64_t i = 0; i < 1000000; i++) {
		struct event ev = test_event(i);
		cr_assert_eq(history_push(h, &ev), 0);
		if (test_step_ends(i))
			history_end_step(h);
		if (i % 1000 == 0) {
			size_t b = history_bytes(h);
			cr_assert_leq(b, history_bytes_max(h), "%zu bytes at event %llu", b,
				      (unsigned long long)i);
			cr_assert_leq(history_kept_events(h), 100000 + HISTORY_CHUNK_EVENTS);
			if (b > most)
				most = b;
		}
	}
	cr_assert_leq(history_bytes_max(h), 64u << 20);
	cr_assert_leq(most, 16u << 20, "the history grew to %zu bytes", most);
	cr_assert_eq(history_total_events(h), 1000000);
	cr_assert_gt(history_first_step(h), 300000);
	history_end_step(h); /* the events after the last step's end make one more */
	struct model m;
	cr_assert_eq(history_state(h, history_steps(h) - 1, &m), 0);
	cr_assert(memcmp(&m, history_model(h), sizeof m) == 0);
	history_free(h);
}

/* A byte bound smaller than the event bound wins. */
Test(history, the_byte_bound_is_kept_too)
{
	struct model start;
	struct history *h;
	char err[256];

	test_model(&start, CHANNEL_PIPE);
	h = history_create(&start, 10000000, 1, err, sizeof err); /* raised to four chunks */
	/* pushed until the bytes drop the oldest (the four worst-case chunks hold
	 * many of these small events), far below the event bound */
	uint64_t i = 0;
	for (; i < 2000000 && history_kept_events(h) == i; i++) {
		struct event ev = test_event(i);
		history_push(h, &ev);
		if (test_step_ends(i))
			history_end_step(h);
		cr_assert_leq(history_bytes(h), history_bytes_max(h));
	}
	cr_assert_lt(history_kept_events(h), i, "no event was dropped for the bytes");
	history_free(h);
}
