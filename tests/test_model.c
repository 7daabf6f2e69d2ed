/* test_model.c - the model as a pure function of synthetic event sequences:
 * channel contents and fill, actor states, the shared value's lost and stale
 * bookkeeping, faults, and the fill stamped on each event. */
#include <criterion/criterion.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "model.h"
#include "support.h"

enum { P1, C1, P2 };

static void model_for(struct model *m, enum channel_kind kind, int capacity)
{
	static const char names[][SCENARIO_NAME_MAX] = { "producer-1", "consumer-1",
							 "producer-2" };
	static const enum role roles[] = { ROLE_PRODUCER, ROLE_CONSUMER, ROLE_PRODUCER };

	model_init(m, kind, capacity, 3, names, roles);
}

/* Applies an event and returns the fill it was stamped with. */
static int apply(struct model *m, enum event_type type, int actor, int64_t t_ms,
		 int32_t value)
{
	struct event ev = event_make(type, actor, t_ms);

	if (type == EV_PUT || type == EV_GOT || type == EV_WRITE || type == EV_READ ||
	    type == EV_OVERWRITTEN || type == EV_STALE) {
		ev.has_value = true;
		ev.value = value;
	}
	model_apply(m, &ev);
	return ev.fill;
}

static void apply_ev(struct model *m, struct event *ev)
{
	model_apply(m, ev);
}

Test(model, init_copies_the_actors_and_starts_empty)
{
	struct model m;

	model_for(&m, CHANNEL_QUEUE, 10);
	cr_expect_eq(m.nactors, 3);
	cr_expect_str_eq(m.actors[C1].name, "consumer-1");
	cr_expect_eq(m.actors[C1].role, ROLE_CONSUMER);
	for (int i = 0; i < 3; i++)
		cr_expect_eq(m.actors[i].state, ACTOR_NEW);
	cr_expect_eq(m.fill, 0);
	cr_expect_eq(m.kfill, -1);
	cr_expect_eq(m.capacity, 10);
	cr_expect_eq(m.nevents, 0);
}

Test(model, spawn_makes_an_actor_wait_for_its_turn)
{
	struct model m;
	struct event ev = event_make(EV_SPAWN, C1, 0);

	model_for(&m, CHANNEL_PIPE, 4);
	ev.pid = 4244;
	apply_ev(&m, &ev);
	cr_expect_eq(m.actors[C1].state, ACTOR_WAITING);
	cr_expect_eq(m.actors[C1].pid, 4244);
	cr_expect_eq(m.actors[P1].state, ACTOR_NEW);
	cr_expect_eq(ev.fill, 0, "a pipe event carries the fill even when it is 0");
	cr_expect_eq(m.nevents, 1);
}

Test(model, fill_rises_to_capacity_and_falls_in_fifo_order)
{
	struct model m;

	model_for(&m, CHANNEL_QUEUE, 4);
	for (int i = 0; i < 4; i++)
		cr_expect_eq(apply(&m, EV_PUT, P1, i * 500, 10 + i), i + 1);
	cr_expect_eq(m.fill, 4);
	for (int i = 0; i < 4; i++)
		cr_expect_eq(m.slots[i], 10 + i);
	cr_expect_eq(m.puts, 4);
	cr_expect_eq(m.actors[P1].done, 4);
	cr_expect_eq(m.actors[P1].last, 13);

	cr_expect_eq(apply(&m, EV_GOT, C1, 2000, 10), 3);
	cr_expect_eq(m.slots[0], 11, "the oldest went first");
	cr_expect_eq(apply(&m, EV_GOT, C1, 4000, 11), 2);
	cr_expect_eq(apply(&m, EV_GOT, C1, 6000, 12), 1);
	cr_expect_eq(apply(&m, EV_GOT, C1, 8000, 13), 0);
	cr_expect_eq(apply(&m, EV_GOT, C1, 9000, 99), 0, "fill never goes below 0");
	cr_expect_eq(m.gets, 5);
	cr_expect_eq(m.actors[C1].last, 99);
	cr_expect_eq(m.t_ms, 9000);
	cr_expect_eq(m.nevents, 9);
}

Test(model, a_got_not_at_the_head_removes_that_value)
{
	struct model m;

	model_for(&m, CHANNEL_QUEUE, 10);
	apply(&m, EV_PUT, P1, 0, 1);
	apply(&m, EV_PUT, P2, 0, 2);
	apply(&m, EV_PUT, P1, 0, 3);
	/* The kernel delivered 2 first (the trace is the truth): 1 and 3 remain. */
	cr_expect_eq(apply(&m, EV_GOT, C1, 100, 2), 2);
	cr_expect_eq(m.slots[0], 1);
	cr_expect_eq(m.slots[1], 3);
	/* A value that is nowhere: the head goes. */
	cr_expect_eq(apply(&m, EV_GOT, C1, 200, 42), 1);
	cr_expect_eq(m.slots[0], 3);
}

Test(model, more_items_than_slots_are_counted_and_the_newest_kept)
{
	struct model m;
	int n = MODEL_MAX_SLOTS + 6;

	model_for(&m, CHANNEL_PIPE, 64);
	for (int i = 0; i < n; i++)
		apply(&m, EV_PUT, P1, i, i);
	cr_expect_eq(m.fill, n);
	cr_expect_eq(m.slots[0], 6, "the oldest known value");
	cr_expect_eq(m.slots[MODEL_MAX_SLOTS - 1], n - 1);
	/* The first six items' values are forgotten: taking them changes the count. */
	for (int i = 0; i < 6; i++)
		cr_expect_eq(apply(&m, EV_GOT, C1, 1000 + i, i), n - 1 - i);
	cr_expect_eq(m.slots[0], 6);
	cr_expect_eq(apply(&m, EV_GOT, C1, 2000, 6), MODEL_MAX_SLOTS - 1);
	cr_expect_eq(m.slots[0], 7);
}

Test(model, blocked_and_unblocked_move_the_actor_state)
{
	struct model m;
	struct event ev;

	model_for(&m, CHANNEL_PIPE, 4);
	apply(&m, EV_SPAWN, P1, 0, 0);
	ev = event_make(EV_BLOCKED, P1, 2000);
	ev.op = OP_PUT;
	ev.has_value = true;
	ev.value = 5;
	apply_ev(&m, &ev);
	cr_expect_eq(m.actors[P1].state, ACTOR_BLOCKED);
	cr_expect_eq(m.actors[P1].blocked_op, OP_PUT);
	cr_expect(m.actors[P1].has_pending);
	cr_expect_eq(m.actors[P1].pending, 5);
	cr_expect_eq(m.actors[P1].blocked_count, 1);
	cr_expect_not(m.actors[P1].has_kernel);

	ev = event_make(EV_KERNEL, P1, 2000);
	ev.state = 'S';
	strcpy(ev.wchan, "anon_pipe_write");
	strcpy(ev.syscall, "write");
	ev.kfill = 16384;
	apply_ev(&m, &ev);
	cr_expect(m.actors[P1].has_kernel);
	cr_expect_eq(m.actors[P1].kstate, 'S');
	cr_expect_str_eq(m.actors[P1].wchan, "anon_pipe_write");
	cr_expect_str_eq(m.actors[P1].syscall, "write");
	cr_expect_eq(m.kfill, 16384);

	ev = event_make(EV_KERNEL, P1, 2000);
	ev.state = 'S';
	apply_ev(&m, &ev);
	cr_expect_eq(m.kfill, 16384, "an unknown kernel count keeps the last one");

	ev = event_make(EV_UNBLOCKED, P1, 3000);
	ev.op = OP_PUT;
	apply_ev(&m, &ev);
	cr_expect_eq(m.actors[P1].state, ACTOR_WAITING);
	cr_expect_not(m.actors[P1].has_pending);

	ev = event_make(EV_BLOCKED, C1, 3000);
	ev.op = OP_GET;
	apply_ev(&m, &ev);
	cr_expect_eq(m.actors[C1].state, ACTOR_BLOCKED);
	cr_expect_eq(m.actors[C1].blocked_op, OP_GET);
	cr_expect_not(m.actors[C1].has_pending);
}

Test(model, shared_value_overwrites_are_counted_and_kept)
{
	struct model m;
	struct event ev;

	model_for(&m, CHANNEL_SHM, 1);
	cr_expect_eq(apply(&m, EV_WRITE, P1, 0, 0), -1, "a shared value has no fill");
	cr_expect(m.cell_written);
	cr_expect_eq(m.cell, 0);
	cr_expect_not(m.cell_read);
	cr_expect_eq(apply(&m, EV_READ, C1, 0, 0), -1);
	cr_expect(m.cell_read);
	cr_expect_eq(m.gets, 1);
	cr_expect_eq(m.actors[C1].last, 0);

	apply(&m, EV_WRITE, P1, 1000, 1);
	cr_expect_not(m.cell_read, "a new write has not been read");
	apply(&m, EV_WRITE, P1, 2000, 2);
	ev = event_make(EV_OVERWRITTEN, P1, 2000);
	ev.has_value = true;
	ev.value = 1;
	ev.by = P1;
	apply_ev(&m, &ev);
	cr_expect_eq(ev.fill, -1);
	cr_expect_eq(m.overwritten, 1);
	cr_expect_eq(m.nlost, 1);
	cr_expect_eq(m.lost[0], 1);
	cr_expect_eq(m.cell, 2);
	cr_expect_eq(m.puts, 3);
}

Test(model, the_lost_window_keeps_the_latest_values_oldest_first)
{
	struct model m;
	int n = MODEL_LOST_KEEP + 5;

	model_for(&m, CHANNEL_SHM, 1);
	for (int i = 0; i < n; i++)
		apply(&m, EV_OVERWRITTEN, P1, i, 100 + i);
	cr_expect_eq(m.overwritten, n);
	cr_expect_eq(m.nlost, MODEL_LOST_KEEP);
	cr_expect_eq(m.lost[0], 105);
	cr_expect_eq(m.lost[MODEL_LOST_KEEP - 1], 100 + n - 1);
}

Test(model, stale_reads_are_counted)
{
	struct model m;

	model_for(&m, CHANNEL_SHM, 1);
	apply(&m, EV_WRITE, P1, 0, 7);
	apply(&m, EV_READ, C1, 0, 7);
	apply(&m, EV_READ, C1, 500, 7);
	apply(&m, EV_STALE, C1, 500, 7);
	apply(&m, EV_READ, C1, 1000, 7);
	apply(&m, EV_STALE, C1, 1000, 7);
	cr_expect_eq(m.stale, 2);
	cr_expect_eq(m.gets, 3);
}

Test(model, exit_by_signal_kills_and_unblocks)
{
	struct model m;
	struct event ev;

	model_for(&m, CHANNEL_PIPE, 4);
	ev = event_make(EV_BLOCKED, C1, 0);
	ev.op = OP_GET;
	apply_ev(&m, &ev);
	ev = event_make(EV_EXIT, C1, 3000);
	ev.status = -1;
	ev.signal = SIGKILL;
	apply_ev(&m, &ev);
	cr_expect_eq(m.actors[C1].state, ACTOR_KILLED);
	cr_expect_eq(m.actors[C1].exit_signal, SIGKILL);
	cr_expect_eq(m.actors[C1].blocked_op, OP_NONE);

	ev = event_make(EV_EXIT, P1, 4000);
	ev.status = 0;
	apply_ev(&m, &ev);
	cr_expect_eq(m.actors[P1].state, ACTOR_FINISHED);
	cr_expect_eq(m.actors[P1].exit_status, 0);
	cr_expect_eq(m.actors[P1].exit_signal, 0);
}

static void fault(struct model *m, const char *action, int target)
{
	struct event ev = event_make(EV_FAULT, EVENT_ACTOR_IPCVIZ, 0);

	strcpy(ev.action, action);
	ev.target = target;
	model_apply(m, &ev);
}

Test(model, stop_and_cont_restore_the_state_before)
{
	struct model m;
	struct event ev;

	model_for(&m, CHANNEL_PIPE, 4);
	apply(&m, EV_SPAWN, C1, 0, 0);
	ev = event_make(EV_BLOCKED, C1, 0);
	ev.op = OP_GET;
	apply_ev(&m, &ev);
	fault(&m, "stop", C1);
	cr_expect_eq(m.actors[C1].state, ACTOR_STOPPED);
	fault(&m, "stop", C1);
	cr_expect_eq(m.actors[C1].state, ACTOR_STOPPED);
	fault(&m, "cont", C1);
	cr_expect_eq(m.actors[C1].state, ACTOR_BLOCKED, "a second stop must not lose it");

	/* A report that arrives while stopped changes what cont restores. */
	fault(&m, "stop", C1);
	ev = event_make(EV_UNBLOCKED, C1, 0);
	ev.op = OP_GET;
	apply_ev(&m, &ev);
	cr_expect_eq(m.actors[C1].state, ACTOR_STOPPED);
	fault(&m, "cont", C1);
	cr_expect_eq(m.actors[C1].state, ACTOR_WAITING);

	/* Killed while stopped: dead, and cont does not revive it. */
	fault(&m, "stop", C1);
	ev = event_make(EV_EXIT, C1, 0);
	ev.status = -1;
	ev.signal = SIGKILL;
	apply_ev(&m, &ev);
	fault(&m, "cont", C1);
	cr_expect_eq(m.actors[C1].state, ACTOR_KILLED);
	fault(&m, "kill", 99);  /* an unknown target changes nothing */
}

Test(model, notes_results_errors_and_eof)
{
	struct model m;
	struct event ev;

	model_for(&m, CHANNEL_PIPE, 4);
	ev = event_make(EV_NOTE, EVENT_ACTOR_IPCVIZ, 100);
	strcpy(ev.text, "With no reader left, the next write fails with EPIPE.");
	apply_ev(&m, &ev);
	cr_expect_str_eq(m.note, ev.text);
	ev = event_make(EV_RESULT, EVENT_ACTOR_IPCVIZ, 200);
	ev.counter = 13;
	ev.expected = 20;
	apply_ev(&m, &ev);
	cr_expect(m.has_result);
	cr_expect_eq(m.counter, 13);
	cr_expect_eq(m.expected, 20);
	ev = event_make(EV_ERROR, P1, 300);
	ev.op = OP_PUT;
	ev.err = EPIPE;
	apply_ev(&m, &ev);
	cr_expect(m.actors[P1].has_error);
	cr_expect_eq(m.actors[P1].err, EPIPE);
	apply(&m, EV_EOF, C1, 400, 0);
	cr_expect(m.actors[C1].eof);
	cr_expect_eq(m.last.type, EV_EOF);
	cr_expect_eq(m.last.fill, 0, "last is the event as stamped");
	cr_expect_eq(m.t_ms, 400);
}

Test(model, unknown_actors_are_ignored_but_stamped)
{
	struct model m;
	struct event ev = event_make(EV_PUT, 17, 0);

	model_for(&m, CHANNEL_QUEUE, 4);
	apply(&m, EV_PUT, P1, 0, 1);
	ev.has_value = true;
	ev.value = 5;
	model_apply(&m, &ev);
	cr_expect_eq(ev.fill, 1);
	cr_expect_eq(m.fill, 1);
	cr_expect_eq(m.nevents, 1);
}

/* The trace leaves out fill where the model can derive it; a replay stamps it
 * back, and the put/got fills it does carry agree. */
Test(model, replaying_a_trace_restamps_every_fill)
{
	struct trace_actor actors[] = { { "producer-1", ROLE_PRODUCER, 1 },
					{ "consumer-1", ROLE_CONSUMER, 2 } };
	struct trace_header h = { .scenario = "queue", .channel = "queue", .capacity = 4,
				  .nactors = 2, .actors = actors }, back;
	const char names[][SCENARIO_NAME_MAX] = { "producer-1", "consumer-1" };
	const enum role roles[] = { ROLE_PRODUCER, ROLE_CONSUMER };
	struct model live, replay;
	struct event evs[8], *read_back;
	size_t n = 0, count;
	char *buf = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	model_init(&live, CHANNEL_QUEUE, 4, 2, names, roles);
	model_init(&replay, CHANNEL_QUEUE, 4, 2, names, roles);
	evs[n++] = event_make(EV_SPAWN, 0, 0);
	evs[n++] = event_make(EV_SPAWN, 1, 0);
	for (int i = 0; i < 3; i++) {
		struct event ev = event_make(EV_PUT, 0, i * 1000);
		ev.has_value = true;
		ev.value = i;
		evs[n++] = ev;
	}
	evs[n] = event_make(EV_GOT, 1, 3000);
	evs[n].has_value = true;
	evs[n++].value = 0;
	evs[n++] = event_make(EV_EOF, 1, 3000);
	trace_write_header(f, &h);
	for (size_t i = 0; i < n; i++) {
		model_apply(&live, &evs[i]);
		trace_write_event(f, &h, &evs[i]);
	}
	fclose(f);
	f = fmemopen(buf, len, "r");
	cr_assert_eq(trace_read(f, "mem", &back, &read_back, &count, err, sizeof err), 0,
		     "%s", err);
	fclose(f);
	cr_assert_eq(count, n);
	for (size_t i = 0; i < n; i++) {
		model_apply(&replay, &read_back[i]);
		cr_expect_eq(read_back[i].fill, evs[i].fill, "event %zu", i);
	}
	cr_expect_eq(replay.fill, 2);
	cr_expect_eq(replay.slots[0], 1);
	free(read_back);
	trace_header_free(&back);
	free(buf);
}
