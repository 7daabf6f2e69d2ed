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

/* ---- the newer channels --------------------------------------------------- */

/* A model of n actors with their own names and roles. */
static void model_of(enum channel_kind kind, int capacity, int n, const char *const *names,
		     const enum role *roles)
{
	char table[SCENARIO_MAX_ACTORS][SCENARIO_NAME_MAX];

	for (int i = 0; i < n; i++)
		snprintf(table[i], sizeof table[i], "%s", names[i]);
	model_init(&m, kind, capacity, n, (const char (*)[SCENARIO_NAME_MAX])table, roles);
}

/* race and race-locked: two incrementers, both producers. */
static void model_race(enum channel_kind kind)
{
	const char *const names[] = { "producer-1", "producer-2" };
	const enum role roles[] = { ROLE_PRODUCER, ROLE_PRODUCER };

	model_of(kind, 1, 2, names, roles);
}

static struct event result(int64_t counter, int64_t expected)
{
	struct event ev = event_make(EV_RESULT, EVENT_ACTOR_IPCVIZ, 0);

	ev.counter = counter;
	ev.expected = expected;
	return ev;
}

static bool has(const char *text, const char *words)
{
	return strstr(text, words) != NULL;
}

Test(describe, ring_sentences_name_the_semaphores, .init = setup_c)
{
	struct event ev;
	char buf[2048];

	model_with(CHANNEL_RING, 2, "producer-1", "consumer-1");
	cr_expect_str_eq(say(with_op(EV_BLOCKED, C1, OP_GET)),
			 "BLOCKED in futex: the ring is empty: sem_wait(items) sleeps");
	cr_expect_str_eq(say(valued(EV_PUT, P1, 0)), "put 0 into the ring");
	say(valued(EV_PUT, P1, 1));
	ev = with_op(EV_BLOCKED, P1, OP_PUT);
	ev.has_value = true;
	ev.value = 2;
	cr_expect_str_eq(say(ev), "BLOCKED in futex: the ring is full (2/2): sem_wait(slots) "
				  "sleeps, trying to put 2");
	ev = event_make(EV_KERNEL, P1, 0);
	ev.state = 'S';
	strcpy(ev.syscall, "futex");
	ev.kfill = 2;
	cr_expect_str_eq(say(ev), "kernel: state S, syscall futex, the items semaphore is at 2");
	describe_explain(&m, P1, buf, sizeof buf);
	cr_expect(has(buf, "inside futex(2), in sem_wait(slots): all 2 places of the ring are "
			   "full. It is trying to put 2."), "%s", buf);
	cr_expect(has(buf, "sem_post(slots)"), "%s", buf);
	cr_expect_str_eq(say(valued(EV_GOT, C1, 0)), "got 0 from the ring");
	say(with_op(EV_UNBLOCKED, P1, OP_PUT));
	describe_summary(&m, buf, sizeof buf);
	cr_expect(has(buf, "1 item passed through the ring (2 put, 1 got); 1 left in it.\n"),
		  "%s", buf);
	cr_expect(has(buf, "producer-1 blocked 1 time: the ring was full.\n"), "%s", buf);
	cr_expect(has(buf, "Why: sem_wait(slots) puts a writer to sleep in futex(2)"), "%s", buf);
	cr_expect(has(buf, "Nothing was overwritten"), "%s", buf);
}

Test(describe, race_sentences_say_load_store_and_lost_update, .init = setup_c)
{
	struct event ev;
	char buf[2048];

	model_race(CHANNEL_RACE);
	cr_expect_str_eq(say(valued(EV_READ, 0, 3)), "loaded 3 from the counter");
	cr_expect_str_eq(say(valued(EV_READ, 1, 3)), "loaded 3 from the counter");
	cr_expect_str_eq(say(valued(EV_WRITE, 0, 4)), "stored 4 into the counter");
	cr_expect_str_eq(say(valued(EV_WRITE, 1, 4)), "stored 4 into the counter");
	ev = valued(EV_OVERWRITTEN, 1, 4);
	ev.by = 1;
	cr_expect_str_eq(say(ev), "lost update: producer-2 stored 4 over the 4 another process "
				  "stored after its load: one increment is gone");
	describe_explain(&m, 1, buf, sizeof buf);
	cr_expect(has(buf, "Its last store was a lost update: it wrote over 4"), "%s", buf);
	cr_expect(has(buf, "On a counter without a lock it never blocks"), "%s", buf);
	say(valued(EV_READ, 0, 4));
	describe_explain(&m, 0, buf, sizeof buf);
	cr_expect(has(buf, "It loaded 4: its next step stores 5. Nothing stops another process "
			   "from storing in between"), "%s", buf);
	say(valued(EV_WRITE, 0, 5));
	cr_expect_str_eq(say(result(5, 6)),
			 "result: the counter is 5, but 6 increments were made: 1 lost");
	describe_summary(&m, buf, sizeof buf);
	cr_expect_str_eq(buf,
		"The counter: 3 loads, 3 stores.\n"
		"Result: the counter is 5, but 6 increments were made: 1 lost.\n"
		"1 update was lost: a process stored over a value another process had stored "
		"after its load.\n"
		"Why: an increment is a load, then a store. Nothing kept another process from "
		"storing in between, so the later store was built on an old value and wiped that "
		"increment out.\n");
	cr_expect(!has(buf, "items passed") && !has(buf, "was full"));
}

Test(describe, race_locked_sentences_say_the_lock, .init = setup_c)
{
	struct event ev;
	char buf[2048];

	model_race(CHANNEL_RACE_LOCKED);
	say(event_make(EV_SPAWN, 0, 0));
	say(event_make(EV_SPAWN, 1, 0));
	say(valued(EV_READ, 0, 0));
	cr_expect_str_eq(say(with_op(EV_BLOCKED, 1, OP_GET)),
			 "BLOCKED in futex: another process holds the lock");
	describe_explain(&m, 1, buf, sizeof buf);
	cr_expect(has(buf, "inside futex(2), in sem_wait on the lock: another process holds the "
			   "lock"), "%s", buf);
	describe_explain(&m, 0, buf, sizeof buf);
	cr_expect(has(buf, "It loaded 0 and holds the lock: its next step stores 1"), "%s", buf);
	say(valued(EV_WRITE, 0, 1));
	cr_expect_str_eq(say(with_op(EV_UNBLOCKED, 1, OP_GET)),
			 "woke up: the lock is free: it loads");
	say(valued(EV_READ, 1, 1));
	say(valued(EV_WRITE, 1, 2));
	cr_expect_str_eq(say(result(2, 2)),
			 "result: the counter is 2, and 2 increments were made: none lost");
	describe_summary(&m, buf, sizeof buf);
	cr_expect_str_eq(buf,
		"The counter: 2 loads, 2 stores.\n"
		"Result: the counter is 2, and 2 increments were made.\n"
		"No update was lost: the lock let only one process at a time be between its load "
		"and its store.\n"
		"producer-2 waited 1 time for the lock, asleep in futex(2).\n"
		"That is the price of the lock: the others wait.\n");

	/* killed holding the lock: nobody gives it back */
	say(valued(EV_READ, 0, 2));
	ev = event_make(EV_EXIT, 0, 0);
	ev.status = -1;
	ev.signal = SIGKILL;
	say(ev);
	describe_explain(&m, 0, buf, sizeof buf);
	cr_expect(has(buf, "holding the lock: nobody will give the lock back"), "%s", buf);
}

Test(describe, socketpair_sentences_tell_items_from_answers, .init = setup_c)
{
	char buf[2048];

	model_with(CHANNEL_SOCKETPAIR, 6, "producer-1", "consumer-1");
	cr_expect_str_eq(say(valued(EV_PUT, P1, 3)), "sent 3 through the socket pair");
	cr_expect_str_eq(say(with_op(EV_BLOCKED, P1, OP_GET)),
			 "BLOCKED in read: waiting for the answer");
	describe_explain(&m, P1, buf, sizeof buf);
	cr_expect(has(buf, "inside read(2) on its socket: it sent an item and waits for the "
			   "answer"), "%s", buf);
	cr_expect_str_eq(say(valued(EV_GOT, C1, 3)), "got 3 from the socket pair");
	cr_expect_str_eq(say(valued(EV_PUT, C1, 3)), "answered 3: sent it back");
	cr_expect_eq(m.fill, 0);
	cr_expect_eq(m.back_fill, 1, "the answer is on its way back");
	cr_expect_str_eq(say(with_op(EV_UNBLOCKED, P1, OP_GET)), "woke up: the answer arrived");
	cr_expect_str_eq(say(valued(EV_GOT, P1, 3)), "got the answer 3");
	cr_expect_str_eq(say(with_op(EV_BLOCKED, C1, OP_GET)),
			 "BLOCKED in read: the socket pair is empty");
	describe_explain(&m, C1, buf, sizeof buf);
	cr_expect(has(buf, "inside read(2) on its socket: no item has come"), "%s", buf);
	describe_summary(&m, buf, sizeof buf);
	cr_expect_str_eq(buf,
		"Items: 1 sent, 1 taken by a consumer. Answers: 1 sent back, 1 received.\n"
		"producer-1 blocked 1 time: it waited for an answer, asleep in read(2) on its "
		"socket.\n"
		"consumer-1 blocked 1 time: no item had come, it slept in read(2) on its socket.\n"
		"Why: a socket pair carries both directions, each with its own buffer in the "
		"kernel; a producer that waits for each answer is held to its consumer's pace.\n");
}

Test(describe, a_fifo_names_the_outside_writer, .init = setup_c)
{
	struct event ev;
	char buf[2048];

	model_with(CHANNEL_FIFO, 64, "producer-1", "consumer-1");
	say(valued(EV_PUT, P1, 0));
	say(valued(EV_GOT, C1, 0));
	cr_expect_str_eq(say(with_op(EV_BLOCKED, C1, OP_GET)),
			 "BLOCKED in read: the FIFO is empty");
	describe_explain(&m, C1, buf, sizeof buf);
	cr_expect(has(buf, "inside read(2) on the FIFO: it is empty"), "%s", buf);
	cr_expect(has(buf, "echo 42 > PATH"), "%s", buf);
	cr_expect(has(buf, "no end of file"), "%s", buf);
	ev = valued(EV_PUT, EVENT_ACTOR_OUTSIDE, 42);
	ev.t_ms = 3000;
	model_apply(&m, &ev);
	cr_expect_str_eq(describe_event(&m, &ev, buf, sizeof buf),
			 "a process outside ipcviz wrote 42 into the FIFO");
	cr_expect_str_eq(describe_timeline_line(&m, &ev, buf, sizeof buf),
			 "   3.000  outside       a process outside ipcviz wrote 42 into the FIFO"
			 "  [1/64]", "the outside writer is named, not \"?\"");
	say(with_op(EV_UNBLOCKED, C1, OP_GET));
	say(valued(EV_GOT, C1, 42));
	describe_summary(&m, buf, sizeof buf);
	cr_expect(has(buf, "2 items passed through the FIFO (1 put, 1 written from outside, "
			   "2 got); 0 left in it.\n"), "%s", buf);
	cr_expect(has(buf, "1 item was written into the FIFO from outside, by a process ipcviz "
			   "did not start.\n"), "%s", buf);
}

Test(describe, big_pipe_items_come_in_parts_and_can_be_mixed, .init = setup_c)
{
	const char *const names[] = { "a-1", "b-1", "consumer-1" };
	const enum role roles[] = { ROLE_PRODUCER, ROLE_PRODUCER, ROLE_CONSUMER };
	struct event ev;
	char buf[2048];

	model_of(CHANNEL_PIPE, 1, 3, names, roles);
	model_set_item_bytes(&m, 12288);
	ev = with_op(EV_BLOCKED, 1, OP_PUT);
	ev.has_value = true;
	ev.value = 100;
	cr_expect_str_eq(say(ev), "BLOCKED in write: the pipe has no room for the rest of this "
				  "12288-byte item, trying to put 100");
	describe_explain(&m, 1, buf, sizeof buf);
	cr_expect(has(buf, "PIPE_BUF"), "%s", buf);
	ev = valued(EV_PART, 2, 0);
	ev.by = 0;
	ev.bytes = 4096;
	cr_expect_str_eq(say(ev), "read 4096 bytes: part of a-1's item 0");
	cr_expect_str_eq(describe_timeline_line(&m, &ev, buf, sizeof buf),
			 "   0.000  consumer-1    read 4096 bytes: part of a-1's item 0",
			 "a part is not an item: no fill");
	describe_explain(&m, 2, buf, sizeof buf);
	cr_expect(has(buf, "Its last read(2) brought only part of an item (4096 bytes of a-1's 0)"),
		  "%s", buf);
	ev = valued(EV_GOT, 2, 0);
	ev.mixed = true;
	ev.by = 1;
	ev.mixed_value = 100;
	cr_expect_str_eq(say(ev), "got 0 from the pipe, MIXED with bytes of b-1's 100: writes "
				  "above PIPE_BUF are not atomic");
	describe_explain(&m, 2, buf, sizeof buf);
	cr_expect(has(buf, "mixed: it holds bytes of b-1's 100"), "%s", buf);
	cr_expect_str_eq(say(valued(EV_GOT, 2, 5)), "got 5 from the pipe",
			 "an item that is not mixed says nothing more");
	describe_summary(&m, buf, sizeof buf);
	cr_expect(has(buf, "1 item of 12288 bytes was mixed of two writes.\n"), "%s", buf);
	cr_expect(!has(buf, "left in it"), "no count of whole items in the pipe: %s", buf);
}
