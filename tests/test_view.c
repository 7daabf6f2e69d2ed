/* test_view.c - what the screen shows, as ui/view.c makes it from events
 * without a terminal: the shown model and its log (newest first, fills,
 * messages, the ring of lines), the table of writes into a shared value with
 * the lost ones marked, the parts of a big pipe item and mixed items, the
 * outside writer of a FIFO, the lane of answers, the actor the explain panel
 * is about, the kernel's evidence as recorded, a moment of the past, and the
 * queries the drawing asks of the channel's descriptor. */
#include <criterion/criterion.h>

#include <string.h>

#include "ui_support.h"
#include "view.h"

static struct view V;

static void apply(enum event_type type, int actor, int64_t t_ms, int32_t value)
{
	bool has_value = type == EV_PUT || type == EV_GOT || type == EV_WRITE ||
			 type == EV_READ || type == EV_OVERWRITTEN || type == EV_PART;

	ui_support_apply(&V, type, actor, t_ms, has_value, value, OP_NONE);
}

Test(view, a_run_starts_with_its_words_and_every_panel_dirty)
{
	ui_support_start(&V, "queue");
	cr_expect_str_eq(V.kernel_name, "/ipcviz-1-1");
	cr_expect_str_eq(V.call_put, "mq_timedsend");
	cr_expect_str_eq(V.call_get, "mq_timedreceive");
	cr_expect(V.title[0]);
	cr_expect_gt(V.value_cols, 0);
	cr_expect_eq(V.dirty & VIEW_DIRTY_ALL, VIEW_DIRTY_ALL);
	cr_expect_eq(V.kernel.kfill, -1);
	cr_expect_eq(V.shown.actors[0].pid, 100);
	cr_expect_eq(V.shown.actors[0].state, ACTOR_WAITING);
}

Test(view, the_log_is_newest_first_with_the_fill_after_each_event)
{
	ui_support_start(&V, "queue");
	int p = ui_support_first(&V, ROLE_PRODUCER), c = ui_support_first(&V, ROLE_CONSUMER);
	int before = V.log_count;
	apply(EV_PUT, p, 1500, 4);
	apply(EV_PUT, p, 2000, 5);
	apply(EV_GOT, c, 2500, 4);
	cr_expect_eq(V.log_count, before + 3);
	const struct view_log_line *l = view_log_at(&V, 0);
	cr_assert_not_null(l);
	cr_expect_str_eq(l->time, "2.500");
	cr_expect_str_eq(l->who, V.shown.actors[c].name);
	cr_expect_eq(l->type, EV_GOT);
	cr_expect_eq(l->fill, 1);
	cr_expect(l->text[0]);
	cr_expect_eq(view_log_at(&V, 2)->fill, 1);
	cr_expect_eq(view_log_at(&V, 1)->fill, 2);
	cr_expect_null(view_log_at(&V, V.log_count));
	cr_expect_null(view_log_at(&V, -1));
	cr_expect_eq(V.last_actor, c);
}

Test(view, the_log_keeps_the_latest_lines_and_ipcviz_speaks_in_it)
{
	ui_support_start(&V, "queue");
	int p = ui_support_first(&V, ROLE_PRODUCER);
	for (int i = 0; i < VIEW_LOG_MAX + 10; i++)
		apply(EV_PUT, p, i, i);
	cr_expect_eq(V.log_count, VIEW_LOG_MAX);
	view_message(&V, "restarted %d", 3);
	const struct view_log_line *l = view_log_at(&V, 0);
	cr_expect(l->message);
	cr_expect_str_eq(l->who, "ipcviz");
	cr_expect_str_eq(l->text, "restarted 3");
	cr_expect_eq(l->fill, -1);
	cr_expect_eq(view_log_at(&V, 1)->type, EV_PUT);
}

Test(view, a_shared_values_writes_are_marked_read_and_lost)
{
	ui_support_start(&V, "shm");
	apply(EV_WRITE, 0, 100, 1);
	apply(EV_READ, 1, 200, 1);
	apply(EV_READ, 1, 300, 1);
	apply(EV_WRITE, 0, 400, 2);
	apply(EV_WRITE, 0, 500, 3);
	apply(EV_OVERWRITTEN, 0, 500, 2);
	cr_assert_eq(V.nwrites, 3);
	cr_expect_eq(V.writes[0].mark, VIEW_WRITE_READ);
	cr_expect_eq(V.writes[0].reads, 2); /* a stale read */
	cr_expect_eq(V.writes[1].mark, VIEW_WRITE_LOST);
	cr_expect_eq(V.writes[2].mark, VIEW_WRITE_UNREAD);
}

Test(view, the_writes_table_keeps_the_latest)
{
	ui_support_start(&V, "shm");
	for (int i = 0; i < VIEW_WRITES_MAX + 5; i++)
		apply(EV_WRITE, 0, i, i);
	cr_expect_eq(V.nwrites, VIEW_WRITES_MAX);
	cr_expect_eq(V.writes[0].value, 5);
	cr_expect_eq(V.writes[VIEW_WRITES_MAX - 1].value, VIEW_WRITES_MAX + 4);
}

Test(view, the_parts_of_a_big_item_and_a_mixed_one)
{
	ui_support_start(&V, "pipe-atomic");
	cr_expect(V.big_items);
	cr_expect(view_split_items(&V));
	int c = ui_support_first(&V, ROLE_CONSUMER);
	struct event e = event_make(EV_PART, c, 100);
	e.has_value = true;
	e.value = 7;
	e.bytes = 4096;
	view_apply(&V, &e, false);
	view_apply(&V, &e, false);
	cr_expect_eq(V.extra[c].nparts, 2);
	cr_expect_eq(V.extra[c].part_bytes, 8192);
	cr_expect_eq(V.extra[c].part_value[1], 7);
	e = event_make(EV_GOT, c, 200);
	e.has_value = true;
	e.value = 7;
	e.mixed = true;
	e.mixed_value = 9;
	e.by = 0;
	view_apply(&V, &e, true);
	cr_expect_eq(V.extra[c].nparts, 0);
	cr_expect(V.extra[c].mixed);
	cr_expect_eq(V.extra[c].mixed_value, 9);
	cr_expect_gt(V.flash, 0); /* effects on: the mixed item flashes */
	cr_expect(view_log_at(&V, 0)->mixed);
}

Test(view, a_fifos_outside_writer_is_remembered_not_indexed)
{
	ui_support_start(&V, "fifo");
	int last = V.last_actor;
	apply(EV_PUT, EVENT_ACTOR_OUTSIDE, 100, 42);
	cr_expect(V.has_outside);
	cr_expect_eq(V.outside_value, 42);
	cr_expect_str_neq(view_log_at(&V, 0)->who, "ipcviz");
	cr_expect_eq(V.last_actor, last); /* not an actor of the run */
}

Test(view, a_socket_pairs_answers_go_back)
{
	ui_support_start(&V, "socketpair");
	int p = ui_support_first(&V, ROLE_PRODUCER), c = ui_support_first(&V, ROLE_CONSUMER);
	struct event put = event_make(EV_PUT, p, 100), got = event_make(EV_GOT, c, 200);
	put.has_value = got.has_value = true;
	put.value = got.value = 1;
	cr_expect_not(view_backward(&V, &put));
	view_apply(&V, &put, false);
	view_apply(&V, &got, false);
	struct event answer = event_make(EV_PUT, c, 300);
	answer.has_value = true;
	answer.value = 1;
	cr_expect(view_backward(&V, &answer));
	view_apply(&V, &answer, false);
	cr_expect_eq(V.shown.back_fill, 1);
	struct event back = event_make(EV_GOT, p, 400);
	back.has_value = true;
	back.value = 1;
	cr_expect(view_backward(&V, &back));
}

Test(view, explain_is_about_the_blocked_then_the_latest_actor)
{
	ui_support_start(&V, "queue-full");
	int p = ui_support_first(&V, ROLE_PRODUCER), c = ui_support_first(&V, ROLE_CONSUMER);
	V.last_actor = -1;
	cr_expect_eq(view_explain_actor(&V), 0);
	apply(EV_PUT, c == 0 ? p : c, 100, 1);
	cr_expect_eq(view_explain_actor(&V), c == 0 ? p : c);
	ui_support_apply(&V, EV_BLOCKED, p, 200, true, 2, OP_PUT);
	apply(EV_GOT, c, 300, 1);
	cr_expect_eq(view_explain_actor(&V), p);
}

Test(view, the_kernels_evidence_as_the_events_recorded_it)
{
	struct view_kernel k;

	ui_support_start(&V, "queue-full");
	int p = ui_support_first(&V, ROLE_PRODUCER);
	ui_support_apply(&V, EV_BLOCKED, p, 100, true, 2, OP_PUT);
	struct event e = event_make(EV_KERNEL, p, 100);
	e.state = 'S';
	snprintf(e.wchan, sizeof e.wchan, "do_mq_timedsend");
	snprintf(e.syscall, sizeof e.syscall, "mq_timedsend");
	e.kfill = 3;
	view_apply(&V, &e, false);
	view_kernel_recorded(&V.shown, &k);
	cr_expect(k.recorded);
	cr_expect(k.proc[p].valid);
	cr_expect_eq(k.proc[p].state, 'S');
	cr_expect_str_eq(k.proc[p].wchan, "do_mq_timedsend");
	cr_expect_str_eq(k.proc[p].syscall, "mq_timedsend");
	cr_expect_eq(k.kfill, 3);
	V.dirty = 0;
	view_set_recorded_kernel(&V);
	cr_expect(V.dirty & VIEW_DIRTY_STAGE);
	V.dirty = 0;
	view_set_recorded_kernel(&V); /* the same again: nothing to draw */
	cr_expect_eq(V.dirty & VIEW_DIRTY_STAGE, 0);
}

Test(view, a_moment_of_the_past_starts_with_an_empty_log)
{
	struct model m;

	ui_support_start(&V, "queue");
	int p = ui_support_first(&V, ROLE_PRODUCER);
	apply(EV_PUT, p, 100, 1);
	m = V.shown;
	apply(EV_PUT, p, 200, 2);
	V.dirty = 0;
	view_begin_at(&V, &m);
	cr_expect_eq(V.shown.fill, 1);
	cr_expect_eq(V.log_count, 0);
	cr_expect_eq(V.last_actor, p);
	cr_expect_eq(V.dirty & VIEW_DIRTY_LAYOUT, 0);
	cr_expect(V.dirty & VIEW_DIRTY_STAGE);
}

Test(view, the_channel_is_asked_through_its_descriptor)
{
	ui_support_start(&V, "queue");
	cr_expect_eq(view_desc(&V), &channel_queue_desc);
	cr_expect_not(view_has_size_line(&V));
	cr_expect_eq(view_loaded_actor(&V, 0), -1); /* not a counter */
	V.shown.channel = (enum channel_kind)99;    /* a kind nobody knows */
	cr_expect_eq(view_desc(&V), &channel_shm_desc);
	ui_support_start(&V, "pipe-atomic");
	cr_expect(view_has_size_line(&V));
	V.kernel.kfill = 4097;
	cr_expect_eq(view_pages_used(&V), 2);
	V.kernel.kfill = -1;
	cr_expect_eq(view_pages_used(&V), -1);
	ui_support_start(&V, "race");
	apply(EV_READ, 0, 100, 0);
	cr_expect_eq(view_loaded_actor(&V, 0), 0);
	cr_expect_eq(view_loaded_actor(&V, 1), -1);
	V.travel = (struct view_travel){.kind = VIEW_TRAVEL_IN, .actor = 1};
	cr_expect(view_traveling(&V, 1));
	cr_expect_not(view_traveling(&V, 0));
}
