/* test_words.c - the words the screen shows, built from a view without curses
 * (ui/words.c): each actor's state and detail lines in the words of its
 * channel, the kernel's evidence, the channel's name, capacity, title, fill and
 * counts from its descriptor, a race's lock and result, a FIFO's outside
 * writer, the styles they come in; and in Chinese, every one translated. */
#include <criterion/criterion.h>

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "ui_support.h"
#include "view.h"
#include "words.h"

static struct view V;

static void start(const char *name)
{
	ui_support_start(&V, name);
}

static int first(enum role role)
{
	return ui_support_first(&V, role);
}

static void apply(enum event_type type, int actor, int64_t t_ms, bool has_value, int32_t value)
{
	ui_support_apply(&V, type, actor, t_ms, has_value, value, OP_NONE);
}

static void blocked(int actor, enum event_op op, bool has_value, int32_t value)
{
	ui_support_apply(&V, EV_BLOCKED, actor, 0, has_value, value, op);
}

Test(words, a_new_actor_waits_its_turn_and_a_put_is_remembered)
{
	struct words_actor w;

	start("queue");
	int p = first(ROLE_PRODUCER);
	words_actor(&V, p, &w);
	cr_expect_str_eq(w.state, "waiting its turn");
	cr_expect_eq(w.style, STYLE_NORMAL);
	cr_expect_str_eq(w.extra, "");
	apply(EV_PUT, p, 10, true, 7);
	words_actor(&V, p, &w);
	cr_expect_str_eq(w.extra, "last put: 7");
	int c = first(ROLE_CONSUMER);
	apply(EV_GOT, c, 20, true, 7);
	words_actor(&V, c, &w);
	cr_expect_str_eq(w.extra, "last got: 7");
}

Test(words, an_item_on_its_way_is_running_with_its_direction)
{
	struct words_actor w;

	start("queue");
	int p = first(ROLE_PRODUCER);
	V.travel = (struct view_travel){.kind = VIEW_TRAVEL_IN, .actor = p, .value = 3};
	words_actor(&V, p, &w);
	cr_expect_str_eq(w.state, "running");
	cr_expect_eq(w.style, STYLE_RUNNING);
	cr_expect_str_eq(w.detail, "puts 3");
	V.travel.kind = VIEW_TRAVEL_OUT;
	words_actor(&V, p, &w);
	cr_expect_str_eq(w.detail, "gets 3");
}

Test(words, blocked_says_in_which_call_and_for_what)
{
	struct words_actor w;

	start("queue-full");
	int p = first(ROLE_PRODUCER), c = first(ROLE_CONSUMER);
	blocked(p, OP_PUT, true, 42);
	words_actor(&V, p, &w);
	cr_expect_str_eq(w.state, "BLOCKED");
	cr_expect_eq(w.style, STYLE_BLOCKED);
	cr_expect_eq(w.detail_style, STYLE_BLOCKED_TEXT);
	cr_expect_str_eq(w.detail, "in mq_timedsend: full");
	cr_expect_str_eq(w.extra, "trying to put 42");
	blocked(c, OP_GET, false, 0);
	words_actor(&V, c, &w);
	cr_expect_str_eq(w.detail, "in mq_timedreceive: empty");
	cr_expect_str_eq(w.extra, "waits for an item");
}

Test(words, a_socket_pairs_producer_waits_for_its_answer)
{
	struct words_actor w;

	start("socketpair");
	int p = first(ROLE_PRODUCER);
	blocked(p, OP_GET, false, 0);
	words_actor(&V, p, &w);
	cr_expect_str_eq(w.detail, "in read: no answer yet");
	cr_expect_str_eq(w.extra, "waits for its answer");
}

Test(words, a_cell_writes_and_reads_and_a_counter_stores)
{
	struct words_actor w;

	start("shm");
	int p = first(ROLE_PRODUCER);
	apply(EV_WRITE, p, 10, true, 5);
	words_actor(&V, p, &w);
	cr_expect_str_eq(w.extra, "last written: 5");
	V.travel = (struct view_travel){.kind = VIEW_TRAVEL_IN, .actor = p, .value = 6};
	words_actor(&V, p, &w);
	cr_expect_str_eq(w.detail, "writes 6");

	start("race");
	V.travel = (struct view_travel){.kind = VIEW_TRAVEL_OUT, .actor = 0, .value = 0};
	words_actor(&V, 0, &w);
	cr_expect_str_eq(w.detail, "loads 0");
}

Test(words, a_race_between_load_and_store_and_its_lock_line)
{
	struct words_actor w;
	char buf[256];

	start("race");
	cr_expect_eq(words_lock_line(&V, buf, sizeof buf), STYLE_PROC);
	cr_expect_str_eq(buf, "no lock: nobody between load and store");
	apply(EV_READ, 0, 10, true, 0); /* its load */
	cr_expect_eq(view_loaded_actor(&V, 0), 0);
	words_actor(&V, 0, &w);
	cr_expect_str_eq(w.detail, "loaded 0, stores 1 next");
	cr_expect_str_eq(w.extra, "between load and store");
	words_lock_line(&V, buf, sizeof buf);
	cr_expect(strstr(buf, "no lock; loaded:") == buf, "%s", buf);
	cr_expect(strstr(buf, V.shown.actors[0].name) != NULL, "%s", buf);

	start("race-locked");
	cr_expect_str_eq((words_lock_line(&V, buf, sizeof buf), buf), "lock: free");
	apply(EV_READ, 0, 10, true, 0);
	cr_expect_eq(words_lock_line(&V, buf, sizeof buf), STYLE_NOTE);
	cr_expect(strstr(buf, "lock: held by ") == buf, "%s", buf);
}

Test(words, finished_killed_and_stopped)
{
	struct words_actor w;
	struct event e;

	start("queue");
	int p = first(ROLE_PRODUCER), c = first(ROLE_CONSUMER);
	e = event_make(EV_EXIT, p, 10);
	e.status = 0;
	view_apply(&V, &e, false);
	words_actor(&V, p, &w);
	cr_expect_str_eq(w.state, "finished");
	cr_expect_eq(w.style, STYLE_DONE);
	cr_expect_str_eq(w.detail, "exit status 0");
	e = event_make(EV_EXIT, c, 20);
	e.signal = 9;
	e.status = -1;
	view_apply(&V, &e, false);
	words_actor(&V, c, &w);
	cr_expect_str_eq(w.state, "killed");
	cr_expect_eq(w.style, STYLE_KILLED);
	cr_expect_str_eq(w.detail, "by SIGKILL");
}

Test(words, the_kernels_evidence_and_its_absence)
{
	struct words_kernel k;

	start("queue");
	words_kernel(&V, 0, &k);
	cr_expect_not(k.known);
	cr_expect_str_eq(words_no_kernel(&V, 0), "kernel: gone");
	V.kernel.recorded = true;
	cr_expect_str_eq(words_no_kernel(&V, 0), "kernel: not recorded");
	V.kernel.proc[0] = (struct view_proc){.valid = true, .state = 'S', .syscall = "futex"};
	words_kernel(&V, 0, &k);
	cr_expect(k.known);
	cr_expect_str_eq(k.state, "S (asleep)");
	cr_expect_str_eq(k.wchan, "-");
	cr_expect_str_eq(k.syscall, "futex");
	V.kernel.proc[0] = (struct view_proc){.valid = true, .state = 'R'};
	words_kernel(&V, 0, &k);
	cr_expect_str_eq(k.syscall, "none (user space)");
	cr_expect_str_eq(words_state_meaning('Z'), "zombie");
	cr_expect_str_eq(words_state_meaning('x'), "?");
}

/* Every channel's name, capacity and title come from its descriptor. */
Test(words, each_channel_is_named_by_its_descriptor)
{
	static const struct {
		const char *builtin, *name, *title;
	} cases[] = {
		{"pipe", "pipe", "pipe: "},
		{"queue", "POSIX message queue", "message queue: "},
		{"ring", "ring buffer", "ring buffer in shared memory: "},
		{"socketpair", "socket pair", "socket pair: items go, answers come back"},
		{"fifo", "named pipe (FIFO)", "FIFO: a pipe with a path, one line an item"},
		{"shm", "shared value", "shared value"},
		{"race", "shared counter", "shared counter"},
		{"race-locked", "shared counter with a lock", "shared counter with a lock"},
	};
	char buf[256];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		start(cases[i].builtin);
		cr_expect_str_eq(words_channel_name(&V), cases[i].name, "%s", cases[i].builtin);
		words_slots_title(&V, false, buf, sizeof buf);
		cr_expect(strstr(buf, cases[i].title) == buf, "%s: %s", cases[i].builtin, buf);
		words_capacity(&V, buf, sizeof buf);
		cr_expect(buf[0], "%s: no capacity words", cases[i].builtin);
	}
	start("queue");
	words_capacity(&V, buf, sizeof buf);
	char want[64];
	snprintf(want, sizeof want, "capacity %d messages", V.kernel_capacity);
	cr_expect_str_eq(buf, want);
	start("ring");
	words_slots_title(&V, true, buf, sizeof buf);
	snprintf(want, sizeof want, "ring buffer: %d places", V.shown.capacity);
	cr_expect_str_eq(buf, want);
}

Test(words, the_kernels_count_in_its_own_unit)
{
	char buf[256];

	start("queue");
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: not known yet");
	V.kernel.recorded = true;
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: not recorded at this moment");
	V.kernel.kfill = 1;
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: 1 message (mq_curmsgs)");
	words_kernel_fill(&V, true, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: 1 message");
	start("pipe");
	V.kernel.kfill = 8192;
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: 8192 bytes (FIONREAD)");
	start("ring");
	V.kernel.kfill = 2;
	words_kernel_fill(&V, true, buf, sizeof buf);
	char want[64];
	snprintf(want, sizeof want, "sem items 2, free %d", V.kernel_capacity - 2);
	cr_expect_str_eq(buf, want);
	start("shm"); /* the kernel keeps no count of a shared value */
	V.kernel.kfill = 3;
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: not known yet");
}

/* The screen never shows a kernel count that is missing, or that differs from
 * the model's, without saying why (issue #14). */
Test(words, a_missing_or_different_kernel_count_says_why)
{
	char buf[256];

	start("pipe-full");
	int c = first(ROLE_CONSUMER);
	V.kernel.kfill_why = RUN_KFILL_HELD;
	V.kernel.proc[c] = (struct view_proc){.valid = true, .state = 'T'};
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: not read, consumer-1 is stopped");
	words_kernel_fill(&V, true, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: waits for consumer-1");
	V.kernel.proc[c].state = 'S';
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: not read, a step is held");
	V.kernel.kfill_why = RUN_KFILL_NO_HOLDER;
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: no process holds an end to ask");

	V.kernel.kfill_why = RUN_KFILL_READ;
	V.kernel.kfill = V.kernel.model_kfill = 8192; /* agreeing: nothing to say */
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: 8192 bytes (FIONREAD)");
	V.kernel.model_kfill = 4096;
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: 8192 bytes (FIONREAD), ipcviz counts 4096");

	start("fifo"); /* a line written through the path by someone outside */
	V.kernel.kfill = 131;
	V.kernel.model_kfill = 128;
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: 131 bytes (FIONREAD), 3 from outside");
	words_kernel_fill(&V, true, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: 131 bytes, 3 outside");
	V.kernel.recorded = true; /* the past: compared when it was recorded */
	words_kernel_fill(&V, true, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: 131 bytes");
}

Test(words, the_fill_line_says_full_empty_and_answers_back)
{
	struct words_fill f;
	char want[32];

	start("queue-full");
	words_fill(&V, &f);
	snprintf(want, sizeof want, "0/%d", V.shown.capacity);
	cr_expect_str_eq(f.num, want);
	cr_expect_str_eq(f.word, "empty");
	cr_expect_not(f.full);
	cr_expect_str_eq(f.back, "");
	int p = first(ROLE_PRODUCER);
	for (int i = 0; i < V.shown.capacity; i++)
		apply(EV_PUT, p, 10 + i, true, i);
	words_fill(&V, &f);
	cr_expect_str_eq(f.word, "FULL");
	cr_expect(f.full);
	start("socketpair");
	words_fill(&V, &f);
	cr_expect_str_eq(f.back, "0 answers back");
	start("fifo");
	words_fill(&V, &f);
	snprintf(want, sizeof want, "0/%d lines", V.shown.capacity);
	cr_expect_str_eq(f.num, want);
}

Test(words, a_pipes_items_against_pipe_buf)
{
	char buf[256];

	start("pipe-atomic-small");
	cr_expect(view_has_size_line(&V));
	cr_expect_eq(words_size_line(&V, buf, sizeof buf), STYLE_NORMAL);
	cr_expect(strstr(buf, ": atomic") != NULL, "%s", buf);
	start("pipe-atomic");
	cr_expect(view_split_items(&V));
	cr_expect_eq(words_size_line(&V, buf, sizeof buf), STYLE_NOTE);
	cr_expect(strstr(buf, "not atomic") != NULL, "%s", buf);
	V.shown.mixed = 2;
	cr_expect_eq(words_size_line(&V, buf, sizeof buf), STYLE_LOST);
	cr_expect_str_eq(buf, "over PIPE_BUF: 2 items MIXED");
	start("queue"); /* only a channel whose items have sizes has the line */
	cr_expect_not(view_has_size_line(&V));
}

Test(words, a_cells_table_and_lost_line)
{
	const char *labels[3];
	char buf[128];

	start("shm");
	words_cell_labels(&V, labels);
	cr_expect_str_eq(labels[0], "written");
	cr_expect_str_eq(labels[1], "read");
	cr_expect_str_eq(labels[2], "lost");
	cr_expect_null(words_cell_state(&V));
	apply(EV_WRITE, 0, 10, true, 1);
	cr_expect_str_eq(words_cell_state(&V), "not read yet");
	cr_expect_str_eq(words_cell_title(&V, false), "shared value: one memory cell");
	cr_expect_eq(words_lost_line(&V, buf, sizeof buf), STYLE_NORMAL);
	cr_expect_str_eq(buf, "lost: 0   stale reads: 0");
	start("race");
	words_cell_labels(&V, labels);
	cr_expect_str_eq(labels[0], "stored");
	cr_expect_str_eq(words_cell_title(&V, true), "shared counter");
	V.shown.overwritten = 1;
	cr_expect_eq(words_lost_line(&V, buf, sizeof buf), STYLE_LOST);
	cr_expect_str_eq(buf, "1 update lost");
}

Test(words, a_races_result)
{
	struct model m = {.counter = 7, .expected = 10};
	char buf[128];

	setlocale(LC_ALL, "C");
	cr_expect_eq(words_result(&m, buf, sizeof buf), STYLE_BLOCKED);
	cr_expect_str_eq(buf, "RESULT: counter 7, expected 10: 3 updates lost");
	m.counter = 10;
	cr_expect_eq(words_result(&m, buf, sizeof buf), STYLE_GOOD);
	cr_expect_str_eq(buf, "RESULT: counter 10, expected 10: nothing lost");
}

Test(words, a_fifos_writer_from_outside)
{
	char buf[128], label[64], cmd[VIEW_PATH_MAX + 16];

	start("fifo");
	snprintf(V.path, sizeof V.path, "/tmp/x/fifo");
	cr_expect_eq(words_outside(&V, buf, sizeof buf), STYLE_DONE);
	cr_expect_str_eq(buf, "outside: nobody yet");
	apply(EV_PUT, EVENT_ACTOR_OUTSIDE, 10, true, 42);
	cr_expect_eq(words_outside(&V, buf, sizeof buf), STYLE_NOTE);
	cr_expect_str_eq(buf, "outside wrote 42");
	words_outside_command(&V, label, sizeof label, cmd, sizeof cmd);
	cr_expect_str_eq(label, "another terminal: ");
	cr_expect_str_eq(cmd, "echo 42 > /tmp/x/fifo");
	V.finished = true;
	words_outside_command(&V, label, sizeof label, cmd, sizeof cmd);
	cr_expect_str_eq(label, "its path: ");
	cr_expect_str_eq(cmd, "/tmp/x/fifo");
}

Test(words, log_lines_take_the_style_of_their_event)
{
	struct view_log_line l = {.type = EV_BLOCKED};

	cr_expect_eq(words_log_style(&l), STYLE_BLOCKED_TEXT);
	l.type = EV_EXIT;
	cr_expect_eq(words_log_style(&l), STYLE_DONE);
	l.signal = 9;
	cr_expect_eq(words_log_style(&l), STYLE_KILLED);
	l.type = EV_PUT;
	cr_expect_eq(words_log_style(&l), STYLE_NORMAL);
	l.mixed = true;
	cr_expect_eq(words_log_style(&l), STYLE_LOST);
	l.message = true;
	cr_expect_eq(words_log_style(&l), STYLE_BOLD);
}

Test(words, the_channel_keys_come_from_the_descriptors)
{
	char buf[16];
	char lo = 0, hi = 0;

	for (int k = 0; k < CHANNEL_KIND_COUNT; k++) {
		char key = channel_desc_of((enum channel_kind)k)->key;
		if (key && (!lo || key < lo))
			lo = key;
		if (key > hi)
			hi = key;
	}
	words_channel_keys(buf, sizeof buf);
	cr_expect_eq(buf[0], lo);
	cr_expect_eq(buf[2], hi);
	cr_expect_str_eq(buf, "1-6"); /* the key bar as it has always been */
}

/* The help's list of channel keys names every channel that has a key, with its
 * key, in key order, and only those. */
Test(words, the_key_list_names_every_channel_with_a_key)
{
	char buf[512], want[128];
	const char *at = buf;

	words_channel_key_list(buf, sizeof buf);
	for (int key = '1'; key <= '9'; key++) {
		const struct channel_desc *ch = channel_desc_by_key(key);
		if (!ch)
			continue;
		snprintf(want, sizeof want, "%c %s", key, ch->name);
		const char *found = strstr(at, want);
		cr_expect_not_null(found, "key %c (%s) not in order in \"%s\"", key, ch->name, buf);
		if (found)
			at = found + strlen(want);
	}
	for (int k = 0; k < CHANNEL_KIND_COUNT; k++) {
		const struct channel_desc *ch = channel_desc_of((enum channel_kind)k);
		if (ch && !ch->key) {
			snprintf(want, sizeof want, " %s", ch->name);
			cr_expect_null(strstr(buf, want), "%s has no key but is listed", ch->name);
		}
	}
}

/* In Chinese every word is translated: none comes out as the English. */
Test(words, in_chinese_every_word_is_translated)
{
	struct words_actor w;
	struct words_fill f;
	char buf[256];

	start("queue-full");
	int p = first(ROLE_PRODUCER);
	blocked(p, OP_PUT, true, 1);
	cr_assert_not_null(setlocale(LC_ALL, "zh_CN.UTF-8"), "no zh_CN.UTF-8 locale");
	unsetenv("LANGUAGE");
	bindtextdomain("ipcviz", IPCVIZ_LOCALEDIR);
	bind_textdomain_codeset("ipcviz", "UTF-8");
	textdomain("ipcviz");
	words_actor(&V, p, &w);
	cr_expect_str_neq(w.state, "BLOCKED");
	cr_expect(strstr(w.detail, "full") == NULL, "%s", w.detail);
	cr_expect(strstr(w.extra, "trying") == NULL, "%s", w.extra);
	cr_expect_str_neq(words_channel_name(&V), "POSIX message queue");
	words_fill(&V, &f);
	cr_expect_str_neq(f.word, "empty");
	words_kernel_fill(&V, false, buf, sizeof buf);
	cr_expect(strstr(buf, "kernel") == NULL, "%s", buf);
	setlocale(LC_ALL, "C");
}

/* Every channel the kernel counts says its count in words of its own: a new
 * channel with a kernel count is covered without a test of its own. */
Test(words, every_kernel_count_has_its_words)
{
	char buf[256];

	setlocale(LC_ALL, "C");
	for (int k = 0; k < CHANNEL_KIND_COUNT; k++) {
		const struct channel_desc *d = channel_desc_of((enum channel_kind)k);
		if (!d->kfill_unit)
			continue;
		cr_assert_not_null(d->kfill_words, "%s counts %s but has no words for it", d->word,
				   d->kfill_unit);
		for (int brief = 0; brief < 2; brief++) {
			buf[0] = '\0';
			d->kfill_words(buf, sizeof buf, 3, 1, brief);
			cr_expect(strchr(buf, '3') != NULL, "%s: \"%s\" does not say the count",
				  d->word, buf);
		}
	}
}

/* An event of several channels: on channel `ch`. */
static void apply_on(enum event_type type, int actor, const char *ch, enum event_op op,
		     int32_t value)
{
	struct event e = event_make(type, actor, 0);

	e.has_value = type == EV_PUT || type == EV_GOT || (type == EV_BLOCKED && op == OP_PUT);
	e.value = value;
	e.op = op;
	snprintf(e.ch, sizeof e.ch, "%s", ch);
	view_apply(&V, &e, false);
}

Test(words, several_channels_header_users_fill_and_the_kernels_count)
{
	struct words_actor w;
	char buf[256];

	start("pipe-deadlock");
	cr_assert(view_multi(&V));
	words_multi_header(&V, buf, sizeof buf);
	cr_expect_str_eq(buf, "to_child (pipe, 4), from_child (pipe, 4)");
	words_multi_names(&V, V.chan_puts[0], buf, sizeof buf);
	cr_expect_str_eq(buf, "parent-1", "who writes to_child by its program");
	words_multi_names(&V, V.chan_gets[0], buf, sizeof buf);
	cr_expect_str_eq(buf, "child-1");
	words_multi_names(&V, V.chan_puts[1] | V.chan_gets[1], buf, sizeof buf);
	cr_expect_str_eq(buf, "parent-1, child-1");
	words_multi_names(&V, 0, buf, sizeof buf);
	cr_expect_str_eq(buf, "nobody");
	cr_expect_eq(words_multi_fill(&V, 0, buf, sizeof buf), STYLE_NORMAL);
	cr_expect_str_eq(buf, "0/4 empty");
	for (int i = 0; i < 4; i++)
		apply_on(EV_PUT, 0, "to_child", OP_NONE, i);
	cr_expect_eq(words_multi_fill(&V, 0, buf, sizeof buf), STYLE_BLOCKED_TEXT);
	cr_expect_str_eq(buf, "4/4 FULL");
	apply_on(EV_BLOCKED, 0, "to_child", OP_PUT, 4);
	words_multi_actor(&V, 0, &w);
	cr_expect_str_eq(w.state, "BLOCKED");
	cr_expect_str_eq(w.detail, "in write(2) on to_child");
	cr_expect_str_eq(w.extra, "trying to put 4");
	apply_on(EV_BLOCKED, 1, "from_child", OP_GET, 0);
	words_multi_actor(&V, 1, &w);
	cr_expect_str_eq(w.detail, "in read(2) on from_child");
	/* the kernel's count: read now, one, none to ask, not recorded */
	V.kernel.nchannels = 2;
	V.kernel.chan_kfill[0] = 4;
	V.kernel.chan_kfill[1] = 1;
	words_multi_kernel_fill(&V, 0, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: 4 items (FIONREAD)");
	words_multi_kernel_fill(&V, 1, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: 1 item (FIONREAD)");
	V.kernel.chan_kfill[1] = -1;
	words_multi_kernel_fill(&V, 1, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: no process holds an end to ask");
	V.kernel.recorded = true;
	words_multi_kernel_fill(&V, 0, buf, sizeof buf);
	cr_expect_str_eq(buf, "kernel: not recorded at this moment");
}
