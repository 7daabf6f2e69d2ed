/* test_describe.c - the words a person reads: sentences for events (C locale,
 * untranslated), the headless timeline layout, the summary, the explain panel,
 * and widths measured in terminal cells. */
#include <criterion/criterion.h>

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "describe.h"
#include "support.h"

enum { P1, C1 };

static struct model m;

static void model_with(enum channel_kind kind, int capacity, const char *p, const char *c)
{
	char names[2][SCENARIO_NAME_MAX] = { "", "" };
	const enum role roles[] = { ROLE_PRODUCER, ROLE_CONSUMER };

	snprintf(names[0], sizeof names[0], "%s", p);
	snprintf(names[1], sizeof names[1], "%s", c);
	model_init(&m, kind, capacity, 2, (const char (*)[SCENARIO_NAME_MAX])names, roles);
}

static void setup_c(void)
{
	setlocale(LC_ALL, "C");
}

/* Applies ev and returns its sentence. */
static const char *say(struct event ev)
{
	static char buf[512];

	model_apply(&m, &ev);
	return describe_event(&m, &ev, buf, sizeof buf);
}

static struct event valued(enum event_type type, int actor, int32_t value)
{
	struct event ev = event_make(type, actor, 0);

	ev.has_value = true;
	ev.value = value;
	return ev;
}

static struct event with_op(enum event_type type, int actor, enum event_op op)
{
	struct event ev = event_make(type, actor, 0);

	ev.op = op;
	return ev;
}

Test(describe, channel_sentences, .init = setup_c)
{
	struct event ev;

	model_with(CHANNEL_QUEUE, 10, "producer-1", "consumer-1");
	cr_expect_str_eq(say(valued(EV_PUT, P1, 3)), "put 3 into the queue");
	cr_expect_str_eq(say(valued(EV_GOT, C1, 3)), "got 3 from the queue");
	model_with(CHANNEL_PIPE, 4, "producer-1", "consumer-1");
	cr_expect_str_eq(say(valued(EV_PUT, P1, 3)), "put 3 into the pipe");
	cr_expect_str_eq(say(valued(EV_GOT, C1, 3)), "got 3 from the pipe");
	cr_expect_str_eq(say(with_op(EV_BLOCKED, C1, OP_GET)),
			 "BLOCKED in read: the pipe is empty");
	for (int i = 0; i < 4; i++)
		say(valued(EV_PUT, P1, i));
	ev = with_op(EV_BLOCKED, P1, OP_PUT);
	ev.has_value = true;
	ev.value = 7;
	cr_expect_str_eq(say(ev), "BLOCKED in write: the pipe is full (4/4), trying to put 7");
	cr_expect_str_eq(say(with_op(EV_UNBLOCKED, P1, OP_PUT)), "woke up: there is room now");
	cr_expect_str_eq(say(with_op(EV_UNBLOCKED, C1, OP_GET)), "woke up: an item arrived");
	cr_expect_str_eq(say(event_make(EV_EOF, C1, 0)), "end of file: no writer is left");
}

Test(describe, the_syscall_word_comes_from_the_channel, .init = setup_c)
{
	model_with(CHANNEL_QUEUE, 2, "producer-1", "consumer-1");
	cr_expect_str_eq(say(with_op(EV_BLOCKED, C1, OP_GET)),
			 "BLOCKED in mq_timedreceive: the queue is empty");
	say(valued(EV_PUT, P1, 1));
	say(valued(EV_PUT, P1, 2));
	cr_expect_str_eq(say(with_op(EV_BLOCKED, P1, OP_PUT)),
			 "BLOCKED in mq_timedsend: the queue is full (2/2)");
}

Test(describe, kernel_sentences_carry_the_kernel_count, .init = setup_c)
{
	struct event ev = event_make(EV_KERNEL, P1, 0);

	model_with(CHANNEL_PIPE, 4, "producer-1", "consumer-1");
	ev.state = 'S';
	strcpy(ev.wchan, "anon_pipe_write");
	strcpy(ev.syscall, "write");
	ev.kfill = 16384;
	cr_expect_str_eq(say(ev), "kernel: state S, waiting in anon_pipe_write, syscall write, "
				  "16384 bytes in the pipe");
	model_with(CHANNEL_QUEUE, 4, "producer-1", "consumer-1");
	strcpy(ev.wchan, "wq_sleep");
	strcpy(ev.syscall, "mq_timedsend");
	ev.kfill = 4;
	cr_expect_str_eq(say(ev), "kernel: state S, waiting in wq_sleep, syscall mq_timedsend, "
				  "4 messages in the queue");
	ev.kfill = 1;
	cr_expect_str_eq(say(ev), "kernel: state S, waiting in wq_sleep, syscall mq_timedsend, "
				  "1 message in the queue");
	ev.kfill = -1;
	cr_expect_str_eq(say(ev), "kernel: state S, waiting in wq_sleep, syscall mq_timedsend");
}

Test(describe, shared_value_sentences, .init = setup_c)
{
	model_with(CHANNEL_SHM, 1, "producer-1", "consumer-1");
	cr_expect_str_eq(say(valued(EV_WRITE, P1, 3)), "wrote 3 into the shared value");
	cr_expect_str_eq(say(valued(EV_READ, C1, 3)), "read 3 from the shared value");
	cr_expect_str_eq(say(valued(EV_OVERWRITTEN, P1, 3)),
			 "value 3 was overwritten before anyone read it");
	cr_expect_str_eq(say(valued(EV_STALE, C1, 3)), "read 3 again: nothing new was written");
}

Test(describe, process_and_script_sentences, .init = setup_c)
{
	struct event ev;

	model_with(CHANNEL_PIPE, 4, "producer-1", "consumer-1");
	ev = event_make(EV_SPAWN, P1, 0);
	ev.pid = 4242;
	cr_expect_str_eq(say(ev), "started (pid 4242)");
	ev = event_make(EV_EXIT, P1, 0);
	cr_expect_str_eq(say(ev), "finished (status 0)");
	ev = event_make(EV_EXIT, C1, 0);
	ev.status = -1;
	ev.signal = SIGKILL;
	cr_expect_str_eq(say(ev), "killed by SIGKILL");
	ev = with_op(EV_ERROR, P1, OP_PUT);
	ev.err = EPIPE;
	cr_expect_str_eq(say(ev), "error: write failed with EPIPE: no reader is left");
	ev = event_make(EV_FAULT, EVENT_ACTOR_IPCVIZ, 0);
	strcpy(ev.action, "kill");
	ev.target = C1;
	cr_expect_str_eq(say(ev), "fault: kill consumer-1");
	ev = event_make(EV_NOTE, EVENT_ACTOR_IPCVIZ, 0);
	strcpy(ev.text, "two\nlines");
	cr_expect_str_eq(say(ev), "note: two lines", "a note stays on one line");
	ev = event_make(EV_RESULT, EVENT_ACTOR_IPCVIZ, 0);
	ev.counter = 13;
	ev.expected = 20;
	cr_expect_str_eq(say(ev), "result: counter 13 of expected 20");
}

Test(describe, timeline_lines_have_columns_and_fill, .init = setup_c)
{
	struct event ev = valued(EV_GOT, C1, 1);
	char buf[256];

	model_with(CHANNEL_QUEUE, 10, "producer-1", "consumer-1");
	say(valued(EV_PUT, P1, 0));
	say(valued(EV_PUT, P1, 1));
	ev.t_ms = 2000;
	model_apply(&m, &ev);
	cr_expect_str_eq(describe_timeline_line(&m, &ev, buf, sizeof buf),
			 "   2.000  consumer-1    got 1 from the queue"
			 "                       [1/10]");

	ev = event_make(EV_NOTE, EVENT_ACTOR_IPCVIZ, 3250);
	strcpy(ev.text, "a note much longer than the sentence column is wide");
	model_apply(&m, &ev);
	cr_expect_str_eq(describe_timeline_line(&m, &ev, buf, sizeof buf),
			 "   3.250  ipcviz        note: a note much longer than the sentence "
			 "column is wide", "only the channel's own events show the fill");

	ev = event_make(EV_SPAWN, P1, 12345678);
	ev.pid = 77;
	model_apply(&m, &ev);
	cr_expect_str_eq(describe_timeline_line(&m, &ev, buf, sizeof buf),
			 "12345.678  producer-1    started (pid 77)",
			 "nothing after the pid, so masking it keeps the line's shape");

	ev = with_op(EV_BLOCKED, C1, OP_GET);
	ev.t_ms = 13000000;
	model_apply(&m, &ev);
	cr_expect_str_eq(describe_timeline_line(&m, &ev, buf, sizeof buf),
			 "13000.000  consumer-1    BLOCKED in mq_timedreceive: the queue is empty"
			 "  [1/10]");
}

Test(describe, shared_value_lines_have_no_fill_and_no_trailing_space, .init = setup_c)
{
	struct event ev = valued(EV_WRITE, P1, 4);
	char buf[256];

	model_with(CHANNEL_SHM, 1, "producer-1", "consumer-1");
	ev.t_ms = 500;
	model_apply(&m, &ev);
	cr_expect_str_eq(describe_timeline_line(&m, &ev, buf, sizeof buf),
			 "   0.500  producer-1    wrote 4 into the shared value");
}

Test(describe, a_long_name_widens_the_actor_column, .init = setup_c)
{
	struct event ev = valued(EV_PUT, P1, 4);
	char buf[256];

	model_with(CHANNEL_PIPE, 4, "very-fast-producer-1", "consumer-1");
	model_apply(&m, &ev);
	cr_expect_str_eq(describe_timeline_line(&m, &ev, buf, sizeof buf),
			 "   0.000  very-fast-producer-1  put 4 into the pipe"
			 "                        [1/4]");
	ev = valued(EV_GOT, C1, 4);
	model_apply(&m, &ev);
	cr_expect_str_eq(describe_timeline_line(&m, &ev, buf, sizeof buf),
			 "   0.000  consumer-1            got 4 from the pipe"
			 "                        [0/4]");
}

Test(describe, a_small_buffer_is_cut_not_overrun, .init = setup_c)
{
	char buf[12];

	model_with(CHANNEL_QUEUE, 10, "producer-1", "consumer-1");
	struct event ev = valued(EV_PUT, P1, 3);
	model_apply(&m, &ev);
	describe_timeline_line(&m, &ev, buf, sizeof buf);
	cr_expect_eq(strlen(buf), sizeof buf - 1);
	cr_expect_str_eq(describe_event(&m, &ev, buf, sizeof buf), "put 3 into ");
	/* A cut never leaves half a character: "note: " is 6 bytes, 中 is 3. */
	ev = event_make(EV_NOTE, EVENT_ACTOR_IPCVIZ, 0);
	strcpy(ev.text, "中文字");
	cr_expect_str_eq(describe_event(&m, &ev, buf, 11), "note: 中");
}

Test(describe, cjk_is_two_cells_a_character)
{
	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
	cr_expect_eq(describe_width("中文"), 4);
	cr_expect_eq(describe_width("生产者-1"), 8);
	cr_expect_eq(describe_width("abc"), 3);
	cr_expect_eq(describe_width(""), 0);
	cr_expect_eq(describe_width("\xff\xfe"), 2, "undecodable: counted in bytes");
	setlocale(LC_ALL, "C");
}

Test(describe, cjk_names_line_up_by_width)
{
	struct event ev;
	char a[256], b[256];

	cr_assert_not_null(setlocale(LC_ALL, "C.UTF-8"));
	model_with(CHANNEL_QUEUE, 10, "生产者-1", "consumer-1");
	ev = valued(EV_PUT, P1, 1);
	model_apply(&m, &ev);
	describe_timeline_line(&m, &ev, a, sizeof a);
	ev = valued(EV_PUT, C1, 2);
	model_apply(&m, &ev);
	describe_timeline_line(&m, &ev, b, sizeof b);
	cr_expect_str_eq(a, "   0.000  生产者-1      put 1 into the queue"
			    "                       [1/10]");
	cr_expect_eq(describe_width(a), describe_width(b));
	setlocale(LC_ALL, "C");
}

Test(describe, summary_says_which_values_were_lost_and_why, .init = setup_c)
{
	char buf[2048];

	model_with(CHANNEL_SHM, 1, "producer-1", "consumer-1");
	say(valued(EV_WRITE, P1, 0));
	say(valued(EV_READ, C1, 0));
	say(valued(EV_WRITE, P1, 1));
	say(valued(EV_WRITE, P1, 2));
	say(valued(EV_OVERWRITTEN, P1, 1));
	say(valued(EV_WRITE, P1, 3));
	say(valued(EV_OVERWRITTEN, P1, 2));
	say(valued(EV_READ, C1, 3));
	say(valued(EV_READ, C1, 3));
	say(valued(EV_STALE, C1, 3));
	describe_summary(&m, buf, sizeof buf);
	cr_expect_str_eq(buf,
		"The shared value: 4 writes, 3 reads.\n"
		"2 values were overwritten before anyone read them: 1, 2.\n"
		"Why: a shared value holds only the latest write, and nothing makes the "
		"producer wait for the consumer.\n"
		"1 read found a value already read (a stale read).\n"
		"Why: nothing makes the consumer wait for a new value either; it reads "
		"whatever the cell holds.\n");
}

Test(describe, summary_counts_who_blocked, .init = setup_c)
{
	struct event ev;
	char buf[2048];

	model_with(CHANNEL_PIPE, 1, "producer-1", "consumer-1");
	say(valued(EV_PUT, P1, 0));
	say(with_op(EV_BLOCKED, P1, OP_PUT));
	say(valued(EV_GOT, C1, 0));
	say(with_op(EV_UNBLOCKED, P1, OP_PUT));
	say(valued(EV_PUT, P1, 1));
	say(with_op(EV_BLOCKED, P1, OP_PUT));
	ev = event_make(EV_RESULT, EVENT_ACTOR_IPCVIZ, 0);
	ev.counter = 2;
	ev.expected = 2;
	say(ev);
	describe_summary(&m, buf, sizeof buf);
	cr_expect_str_eq(buf,
		"1 item passed through the pipe (2 put, 1 got); 1 left in it.\n"
		"producer-1 blocked 2 times: the pipe was full.\n"
		"Why: the kernel makes a writer wait while the pipe is full and a reader "
		"wait while it is empty, which keeps them in step.\n"
		"Result: counter 2 of expected 2.\n");
}

Test(describe, explain_a_blocked_producer_with_the_kernel_evidence, .init = setup_c)
{
	struct event ev;
	char buf[2048];

	model_with(CHANNEL_PIPE, 4, "producer-1", "consumer-1");
	for (int i = 0; i < 4; i++)
		say(valued(EV_PUT, P1, i));
	ev = with_op(EV_BLOCKED, P1, OP_PUT);
	ev.has_value = true;
	ev.value = 4;
	say(ev);
	ev = event_make(EV_KERNEL, P1, 0);
	ev.state = 'S';
	strcpy(ev.wchan, "anon_pipe_write");
	strcpy(ev.syscall, "write");
	say(ev);
	describe_explain(&m, P1, buf, sizeof buf);
	cr_expect_str_eq(buf,
		"producer-1 is asleep in the kernel inside write(2) on the pipe: all 4 slots "
		"are full. It is trying to put 4. The kernel will wake it when a consumer reads "
		"an item and frees a slot. The kernel shows it: state S (sleeping, can be "
		"woken), wait channel anon_pipe_write, system call write.");
}

Test(describe, explain_the_other_states, .init = setup_c)
{
	struct event ev;
	char buf[2048];

	model_with(CHANNEL_QUEUE, 4, "producer-1", "consumer-1");
	cr_expect_str_eq(describe_explain(&m, C1, buf, sizeof buf),
			 "consumer-1 has not started yet.");
	say(event_make(EV_SPAWN, C1, 0));
	cr_expect_not_null(strstr(describe_explain(&m, C1, buf, sizeof buf),
				  "waiting for its turn"));
	say(with_op(EV_BLOCKED, C1, OP_GET));
	cr_expect_not_null(strstr(describe_explain(&m, C1, buf, sizeof buf),
				  "inside mq_timedreceive(3) on the queue: it is empty"));
	ev = event_make(EV_EXIT, C1, 0);
	ev.status = -1;
	ev.signal = SIGKILL;
	say(ev);
	cr_expect_not_null(strstr(describe_explain(&m, C1, buf, sizeof buf),
				  "consumer-1 was killed by SIGKILL."));
	say(event_make(EV_SPAWN, P1, 0));
	ev = event_make(EV_FAULT, EVENT_ACTOR_IPCVIZ, 0);
	strcpy(ev.action, "stop");
	ev.target = P1;
	say(ev);
	cr_expect_not_null(strstr(describe_explain(&m, P1, buf, sizeof buf), "SIGCONT"));
	cr_expect_str_eq(describe_explain(&m, 5, buf, sizeof buf), "No such actor.");

	model_with(CHANNEL_SHM, 1, "producer-1", "consumer-1");
	say(event_make(EV_SPAWN, P1, 0));
	cr_expect_not_null(strstr(describe_explain(&m, P1, buf, sizeof buf),
				  "it never blocks: nothing in a shared value makes a writer "
				  "wait, which is why values can be lost"));
}
