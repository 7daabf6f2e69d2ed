/* test_scenario_multi.c - the sections of a scenario of several channels
 * (DESIGN 14): [channel.NAME] and [process.NAME] with their programs, what the
 * parser builds of them, the exact one-line message with its line for each
 * mistake, and the program's plain refusal of what it cannot do with such a
 * file yet (status 2, one line, nothing on stdout).
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scenario.h"
#include "scenario_multi.h"
#include "support.h"

/* The subprocess deadlock of DESIGN 14, line for line. */
static const char deadlock_text[] =
	"[scenario]\n"                                   /* 1 */
	"title = The subprocess deadlock: both pipes full\n"
	"\n"
	"[channel.to_child]      ; NAME: 1-20 of a-z 0-9 _\n"
	"type     = pipe          ; pipe | queue | ring | socketpair | fifo | lock\n"
	"capacity = 4\n"                                 /* 6 */
	"\n"
	"[channel.from_child]\n"
	"type     = pipe\n"
	"capacity = 4\n"                                 /* 10 */
	"\n"
	"[process.parent]         ; count = N (default 1)\n"
	"do = put to_child 0..19            ; put each value, in order\n"
	"do = get from_child 20             ; then take 20 items\n"
	"\n"                                             /* 15 */
	"[process.child]\n"
	"do = echo to_child from_child all  ; until end of file\n";

/* Two channels, two processes: the start of most bad cases below. */
#define CHS "[channel.a]\ntype = pipe\n[channel.b]\ntype = pipe\n"          /* lines 1-4 */
#define ECHO "[process.p]\ndo = put a 1,2\ndo = get b 2\n[process.q]\ndo = echo a b all\n" /* 5-9 */

static void parse_ok(const char *text, struct scenario *s)
{
	char err[512] = "";
	int rc = scenario_parse(text, "t.ini", s, err, sizeof err);

	cr_assert_eq(rc, 0, "parse failed: %s\n--- text:\n%s", err, text);
	cr_assert_not_null(s->multi);
}

static void parse_bad(const char *text, char *err, size_t errlen)
{
	struct scenario s;
	int rc = scenario_parse(text, "t.ini", &s, err, errlen);

	cr_assert_eq(rc, -1, "parse succeeded, expected an error\n--- text:\n%s", text);
	cr_assert_null(s.multi);
	cr_assert_null(s.title);
	scenario_free(&s);
}

Test(scenario_multi, design_example)
{
	struct scenario s;
	const struct scenario_multi *m;
	const struct scenario_process *parent, *child;

	parse_ok(deadlock_text, &s);
	m = s.multi;
	cr_assert_str_eq(s.title, "The subprocess deadlock: both pipes full");
	cr_assert_eq(s.ngroups, 0);
	cr_assert_eq(m->nchannels, 2);
	cr_assert_str_eq(m->channels[0].name, "to_child");
	cr_assert_eq(m->channels[0].kind, CHANNEL_PIPE);
	cr_assert_not(m->channels[0].lock);
	cr_assert_eq(m->channels[0].capacity, 4);
	cr_assert_eq(m->channels[0].line, 4);
	cr_assert_str_eq(m->channels[1].name, "from_child");
	cr_assert_eq(m->nprocs, 2);
	parent = &m->procs[0];
	child = &m->procs[1];
	cr_assert_str_eq(parent->name, "parent");
	cr_assert_eq(parent->count, 1);
	cr_assert_eq(parent->nops, 2);
	cr_assert_eq(parent->ops[0].kind, SOP_PUT);
	cr_assert_eq(parent->ops[0].ch, 0);
	cr_assert_eq(parent->ops[0].nvalues, 20);
	cr_assert_eq(parent->ops[0].values[0], 0);
	cr_assert_eq(parent->ops[0].values[19], 19);
	cr_assert_eq(parent->ops[0].every_ms, 0);
	cr_assert_eq(parent->ops[0].line, 13);
	cr_assert_eq(parent->ops[1].kind, SOP_GET);
	cr_assert_eq(parent->ops[1].ch, 1);
	cr_assert_eq(parent->ops[1].until_kind, SOP_COUNT);
	cr_assert_eq(parent->ops[1].n, 20);
	cr_assert_eq(child->nops, 1);
	cr_assert_eq(child->ops[0].kind, SOP_ECHO);
	cr_assert_eq(child->ops[0].ch, 0);
	cr_assert_eq(child->ops[0].to, 1);
	cr_assert_eq(child->ops[0].until_kind, SOP_ALL);
	/* The processes are the actors, named as groups are. */
	cr_assert_eq(s.nactors, 2);
	cr_assert_str_eq(s.actors[0].name, "parent-1");
	cr_assert_str_eq(s.actors[1].name, "child-1");
	cr_assert_eq(s.actors[1].group, 1);
	cr_assert_str_eq(s.actors[0].comm, "ipcviz-x1");
	scenario_free(&s);
	cr_assert_null(s.multi);
	scenario_free(&s); /* twice is safe */
}

/* Every operation and key, with what it means. */
Test(scenario_multi, every_operation)
{
	static const char text[] =
		"[channel.jobs]\ntype = queue\ncapacity = 3\n"
		"[channel.done]\ntype = pipe\n"
		"[channel.m]\ntype = lock\n"
		"[channel.spare]\ntype = fifo\n"
		"[process.boss]\nstart = 1.5s\nholds = spare\n"
		"do = put jobs 3, 1, 4 every 500ms\n"
		"do = sleep 2s\n"
		"do = get done until 4 every 1s\n"
		"do = close done\n"
		"[process.worker]\ncount = 2\n"
		"do = lock m\ndo = echo jobs done 3 every 0.1s\ndo = unlock m\n"
		"[channel.sp]\ntype = socketpair\n[channel.r]\ntype = ring\n"
		"[process.outsider]\ndo = put spare 9\ndo = put sp 1\ndo = put r 2\n"
		"[process.listener]\ndo = get spare all\ndo = get sp all\ndo = get r 1\n"
		"[goal]\nreach = deadlock\n";
	struct scenario s;
	const struct scenario_multi *m;
	const struct scenario_op *op;

	parse_ok(text, &s);
	m = s.multi;
	cr_assert_eq(m->nchannels, 6);
	cr_assert_eq(m->channels[4].kind, CHANNEL_SOCKETPAIR);
	cr_assert_eq(m->channels[5].kind, CHANNEL_RING);
	cr_assert_eq(m->channels[0].kind, CHANNEL_QUEUE);
	cr_assert_eq(m->channels[0].capacity, 3);
	cr_assert_eq(m->channels[1].kind, CHANNEL_PIPE);
	cr_assert(m->channels[2].lock);
	cr_assert_eq(m->channels[2].capacity, 0);
	cr_assert_eq(m->channels[3].kind, CHANNEL_FIFO);
	cr_assert_eq(m->procs[0].start_ms, 1500);
	cr_assert_eq(m->procs[0].holds, 1u << 3);
	op = m->procs[0].ops;
	cr_assert_eq(op[0].nvalues, 3);
	cr_assert_eq(op[0].values[2], 4);
	cr_assert_eq(op[0].every_ms, 500);
	cr_assert_eq(op[1].kind, SOP_SLEEP);
	cr_assert_eq(op[1].every_ms, 2000);
	cr_assert_eq(op[2].until_kind, SOP_VALUE);
	cr_assert_eq(op[2].until, 4);
	cr_assert_eq(op[2].every_ms, 1000);
	cr_assert_eq(op[3].kind, SOP_CLOSE);
	cr_assert_eq(op[3].ch, 1);
	op = m->procs[1].ops;
	cr_assert_eq(op[0].kind, SOP_LOCK);
	cr_assert_eq(op[0].ch, 2);
	cr_assert_eq(op[1].until_kind, SOP_COUNT);
	cr_assert_eq(op[1].n, 3);
	cr_assert_eq(op[1].every_ms, 100);
	cr_assert_eq(op[2].kind, SOP_UNLOCK);
	cr_assert_eq(s.nactors, 5);
	cr_assert_str_eq(s.actors[2].name, "worker-2");
	cr_assert_eq(s.goal.reach, GOAL_DEADLOCK);
	/* A file of several channels has no [scenario]: its name is its title. */
	cr_assert_str_eq(s.title, "t");

	bool reads, writes;
	scenario_multi_uses(&m->procs[1], 0, &reads, &writes);
	cr_assert(reads);
	cr_assert_not(writes);
	scenario_multi_uses(&m->procs[1], 1, &reads, &writes);
	cr_assert_not(reads);
	cr_assert(writes);
	scenario_multi_uses(&m->procs[0], 3, &reads, &writes); /* held, not used */
	cr_assert_not(reads || writes);
	scenario_free(&s);
}

/* A script and a goal name the processes as actors; a copy is deep. */
Test(scenario_multi, script_goal_copy)
{
	static const char text[] = CHS ECHO
		"[script]\ndo = 2s kill q-1\ndo = 1s note both pipes are full\n"
		"[goal]\nreach = eof\nwithin = 30\n";
	struct scenario s, c;

	parse_ok(text, &s);
	cr_assert_eq(s.nactions, 2);
	cr_assert_eq(s.actions[0].kind, ACTION_NOTE);
	cr_assert_eq(s.actions[1].kind, ACTION_KILL);
	cr_assert_eq(s.actions[1].target, 1);
	cr_assert_eq(s.goal.reach, GOAL_EOF);
	cr_assert_eq(scenario_copy(&c, &s), 0);
	cr_assert_not_null(c.multi);
	cr_assert_neq(c.multi, s.multi);
	cr_assert_neq(c.multi->procs[0].ops, s.multi->procs[0].ops);
	cr_assert_neq(c.multi->procs[0].ops[0].values, s.multi->procs[0].ops[0].values);
	cr_assert_eq(c.multi->procs[0].ops[0].values[1], 2);
	scenario_free(&s);
	/* Switching channel (a key on the screen) leaves several channels alone. */
	scenario_set_channel(&c, CHANNEL_QUEUE);
	cr_assert_eq(c.multi->channels[0].kind, CHANNEL_PIPE);
	cr_assert_eq(c.multi->procs[1].ops[0].to, 1);
	scenario_free(&c);
}

struct bad_case {
	const char *text;
	const char *err;
};

static const struct bad_case bad_cases[] = {
	/* names and sections */
	{"[channel.Big]\ntype = pipe\n", "t.ini:1: [channel.Big]: a name is 1..20 of a-z, 0-9 and _"},
	{"[process.a_name_of_twenty_one1]\n",
	 "t.ini:1: [process.a_name_of_twenty_one1]: a name is 1..20 of a-z, 0-9 and _"},
	{"[channel.]\n", "t.ini:1: [channel.]: a name is 1..20 of a-z, 0-9 and _"},
	{"[channel]\ntype = pipe\n",
	 "t.ini:1: [channel] needs a name: [channel.NAME], NAME 1..20 of a-z, 0-9 and _"},
	{"[process]\n", "t.ini:1: [process] needs a name: [process.NAME], NAME 1..20 of a-z, 0-9 and _"},
	{CHS "[channel.a]\n", "t.ini:5: section [channel.a] given twice (first on line 1)"},
	{CHS ECHO "[process.p]\n", "t.ini:10: section [process.p] given twice (first on line 5)"},
	{"[channel.a]\n[channel.b]\n[channel.c]\n[channel.d]\n[channel.e]\n[channel.f]\n"
	 "[channel.g]\n[channel.h]\n[channel.i]\n",
	 "t.ini:9: too many channels (at most 8)"},
	/* one channel and several do not mix */
	{"[scenario]\nchannel = pipe\n[producer]\nvalues = 1\n[channel.a]\n",
	 "t.ini:5: [channel.a] cannot go with the producers and consumers of line 3: a file has either one channel (channel = in [scenario]) or [channel.NAME] and [process.NAME] sections"},
	{CHS ECHO "[consumer]\n",
	 "t.ini:10: [consumer] cannot go with the [channel.NAME] and [process.NAME] sections of line 1: a file has either one channel (channel = in [scenario]) or those sections"},
	{"[scenario]\nchannel = queue\n" CHS ECHO,
	 "t.ini:2: channel = is for a file of one channel; with [channel.NAME] sections (line 3) each channel has its own type and capacity"},
	{"[scenario]\ncapacity = 4\n" CHS ECHO,
	 "t.ini:2: capacity = is for a file of one channel; with [channel.NAME] sections (line 3) each channel has its own type and capacity"},
	/* channels */
	{"[channel.a]\ncolour = red\n",
	 "t.ini:2: unknown key `colour` in [channel.a] (a channel has type, capacity)"},
	{"[channel.a]\ntype = shm\n",
	 "t.ini:2: type: `shm` is not a channel here (use pipe, queue, ring, socketpair, fifo or lock)"},
	{"[channel.a]\ntype = pipe\ntype = queue\n", "t.ini:3: type given twice (first on line 2)"},
	{"[channel.a]\ntype =\n", "t.ini:2: type: no value after ="},
	{"[channel.a]\ncapacity = 4\n[process.p]\ndo = put a 1\n",
	 "t.ini:1: [channel.a] has no type (use type = pipe, queue, ring, socketpair, fifo or lock)"},
	{"[channel.a]\ntype = pipe\ncapacity = 3\n[process.p]\ndo = put a 1\n",
	 "t.ini:3: capacity must be a power of two 1..64 for a pipe (one item is one 4096-byte page)"},
	{"[channel.a]\ntype = pipe\ncapacity = many\n", "t.ini:3: capacity: `many` is not a whole number"},
	{"[channel.l]\ntype = lock\ncapacity = 1\n[process.p]\ndo = lock l\ndo = unlock l\n",
	 "t.ini:3: capacity: a lock has none (it is free or held)"},
	{"[channel.a]\ntype = pipe\n", "t.ini:1: no [process.NAME] section: a channel needs processes that use it"},
	{"[process.p]\ndo = sleep 1s\n",
	 "t.ini:1: no [channel.NAME] section: a process's program needs a channel (e.g. [channel.data] with type = pipe)"},
	{CHS ECHO "[channel.c]\ntype = pipe\n",
	 "t.ini:10: [channel.c] is used by no process (no do line names it)"},
	/* processes */
	{CHS ECHO "[process.r]\n",
	 "t.ini:10: [process.r] has no do = lines: a process needs a program (e.g. do = get data all)"},
	{CHS "[process.p]\nvalues = 1\n",
	 "t.ini:6: unknown key `values` in [process.p] (a process has count, start, holds, do)"},
	{CHS "[process.p]\ncount = 9\n", "t.ini:6: count must be 1..8 (processes with these settings)"},
	{CHS "[process.p]\ncount = two\n", "t.ini:6: count: `two` is not a whole number"},
	{CHS "[process.p]\nstart = soon\n", "t.ini:6: start: `soon` is not a time (use e.g. 1s, 500ms)"},
	{CHS "[process.p]\nstart = 1s\nstart = 2s\n", "t.ini:7: start given twice (first on line 6)"},
	{CHS "[process.p]\ndo =\n", "t.ini:6: do: no value after ="},
	/* the grammar of do */
	{CHS "[process.p]\ndo = send a 1\n",
	 "t.ini:6: do: unknown operation `send` (use put, get, echo, sleep, close, lock or unlock)"},
	{CHS "[process.p]\ndo = put a\n",
	 "t.ini:6: do: `put a` is not put CH VALUES [every T] (e.g. do = put data 0..4 every 1s)"},
	{CHS "[process.p]\ndo = put a one\n",
	 "t.ini:6: values: `one` is not a range or a list of whole numbers (use e.g. 0..4 or 3,1,4)"},
	{CHS "[process.p]\ndo = put a 1 every\n",
	 "t.ini:6: values: `1 every` is not a range or a list of whole numbers (use e.g. 0..4 or 3,1,4)"},
	{CHS "[process.p]\ndo = put a 1 every -1s\n",
	 "t.ini:6: every: `-1s` is negative (a time is 0s or more)"},
	{CHS "[process.p]\ndo = get a\n",
	 "t.ini:6: do: `get a` is not get CH N|all|until V [every T] (e.g. do = get data all)"},
	{CHS "[process.p]\ndo = get a some\n",
	 "t.ini:6: do: `get a some` is not get CH N|all|until V [every T] (e.g. do = get data all)"},
	{CHS "[process.p]\ndo = get a 0\n", "t.ini:6: do: get takes 1..2147483647 items, not 0"},
	{CHS "[process.p]\ndo = get a until x\n", "t.ini:6: until: `x` is not a whole number"},
	{CHS "[process.p]\ndo = echo a b until 3\n",
	 "t.ini:6: do: `echo a b until 3` is not echo FROM TO N|all [every T] (e.g. do = echo to_child from_child all)"},
	{CHS "[process.p]\ndo = echo a all\n",
	 "t.ini:6: do: `echo a all` is not echo FROM TO N|all [every T] (e.g. do = echo to_child from_child all)"},
	{CHS "[process.p]\ndo = sleep\n", "t.ini:6: do: `sleep` is not sleep T (e.g. do = sleep 2s)"},
	{CHS "[process.p]\ndo = sleep 1 day\n", "t.ini:6: do: `sleep 1 day` is not sleep T (e.g. do = sleep 2s)"},
	{CHS "[process.p]\ndo = sleep 2h\n", "t.ini:6: sleep: `2h` is not a time (use e.g. 1s, 500ms)"},
	{CHS "[process.p]\ndo = close a b\n", "t.ini:6: do: `close a b` is not close CH (e.g. do = close data)"},
	{CHS "[process.p]\ndo = lock\n", "t.ini:6: do: `lock` is not lock L (e.g. do = lock a)"},
	{CHS "[process.p]\ndo = put A 1\n",
	 "t.ini:6: do: `A` is not a channel's name (1..20 of a-z, 0-9 and _)"},
	{CHS "[process.p]\ndo = a b c d e f g h i j k l m n o p q\n",
	 "t.ini:6: do: `a b c d e f g h i j k l m n o p q` has too many words"},
	/* what the names must be */
	{CHS "[process.p]\ndo = put c 1\n", "t.ini:6: do: no channel named `c` (there are: a, b)"},
	{CHS "[process.p]\ndo = echo a z all\n", "t.ini:6: do: no channel named `z` (there are: a, b)"},
	{CHS "[process.p]\ndo = echo a a all\n",
	 "t.ini:6: do: echo takes from one channel and puts on another, not on a itself"},
	{"[channel.l]\ntype = lock\n[process.p]\ndo = put l 1\n",
	 "t.ini:4: do: put on `l`, a lock: a lock is taken with lock l and given back with unlock l"},
	{"[channel.l]\ntype = lock\n[process.p]\ndo = get l 1\n",
	 "t.ini:4: do: get on `l`, a lock: a lock is taken with lock l and given back with unlock l"},
	{CHS "[channel.l]\ntype = lock\n[process.p]\ndo = echo a l all\n",
	 "t.ini:8: do: echo on `l`, a lock: a lock is taken with lock l and given back with unlock l"},
	{CHS "[process.p]\ndo = lock a\n",
	 "t.ini:6: do: lock `a`: it is a pipe, not a lock (a lock has type = lock)"},
	{"[channel.q]\ntype = queue\n[process.p]\ndo = unlock q\n",
	 "t.ini:4: do: unlock `q`: it is a queue, not a lock (a lock has type = lock)"},
	{"[channel.l]\ntype = lock\n[process.p]\ndo = unlock l\n",
	 "t.ini:4: do: unlock l, but this process does not hold l here (no lock l before it)"},
	{"[channel.l]\ntype = lock\n[process.p]\ndo = lock l\ndo = unlock l\ndo = unlock l\n",
	 "t.ini:6: do: unlock l, but this process does not hold l here (no lock l before it)"},
	{"[channel.l]\ntype = lock\n[process.p]\ndo = lock l\ndo = lock l\n",
	 "t.ini:5: do: lock l again while holding it (line 4): a lock is not recursive, the process would wait for itself forever"},
	{"[channel.r]\ntype = ring\n[process.p]\ndo = put r 1\ndo = close r\n[process.q]\ndo = get r 1\n",
	 "t.ini:5: do: close r: a ring is shared memory, with no ends to close"},
	{"[channel.r]\ntype = ring\n[process.p]\nholds = r\ndo = put r 1\n[process.q]\ndo = get r 1\n",
	 "t.ini:4: holds: `r` is a ring, in shared memory: it has no ends to hold"},
	{"[channel.q]\ntype = queue\n[process.p]\ndo = put q 1\n[process.r]\ndo = get q all\n",
	 "t.ini:6: do: get q all: a queue has no end of file (it counts no writers); take N items or until VALUE"},
	{"[channel.r]\ntype = ring\n[channel.a]\ntype = pipe\n[process.p]\ndo = put r 1\n"
	 "[process.e]\ndo = echo r a all\n[process.z]\ndo = get a all\n",
	 "t.ini:8: do: echo r all: a ring has no end of file (it counts no writers); take N items or until VALUE"},
	/* close */
	{CHS "[process.p]\ndo = put a 1\ndo = close a\ndo = put a 2\n[process.q]\ndo = get a all\n",
	 "t.ini:8: do: put after close a (line 7): this process holds no end of a any more"},
	{CHS "[process.p]\ndo = put a 1\ndo = close a\ndo = close a\n",
	 "t.ini:8: do: close after close a (line 7): this process holds no end of a any more"},
	{CHS "[process.p]\ndo = put a 1\ndo = close b\n",
	 "t.ini:7: do: close b: this process holds no end of b (it uses none, so it closed them right after fork)"},
	{"[channel.l]\ntype = lock\n[process.p]\ndo = close l\n",
	 "t.ini:4: do: close on `l`, a lock: a lock is taken with lock l and given back with unlock l"},
	/* holds */
	{CHS "[process.p]\nholds = z\ndo = put a 1\n", "t.ini:6: holds: no channel named `z` (there are: a, b)"},
	{CHS "[process.p]\nholds = a a\ndo = put a 1\n", "t.ini:6: holds: `a` given twice"},
	{"[channel.l]\ntype = lock\n[process.p]\nholds = l\ndo = lock l\ndo = unlock l\n",
	 "t.ini:4: holds: `l` is a lock; only a channel has ends to hold"},
	/* who reads, who writes */
	{CHS "[process.p]\ndo = get a 1\n",
	 "t.ini:6: do: a is read here, but no process writes it (none puts on it or echoes to it)"},
	{CHS "[process.p]\ndo = put b 1\n[process.q]\ndo = get b 1\ndo = put a 1\n",
	 "t.ini:9: do: a is written here, but no process reads it (none gets from it or echoes from it)"},
	{CHS "[process.p]\ndo = put a 1\n[process.q]\ndo = get a until 5\n",
	 "t.ini:8: do: get a until 5, but no process puts 5"},
	{"[channel.s]\ntype = socketpair\n[process.p]\ncount = 2\ndo = put s 1\n[process.q]\ndo = get s all\n",
	 "t.ini:3: channel s: a socket pair joins one producer and one consumer"},
	{"[channel.f]\ntype = fifo\n[process.p]\ndo = put f 1\n[process.q]\ndo = get f 1\n[process.r]\ndo = get f 1\n",
	 "t.ini:7: channel f: a FIFO here has one consumer (several would race for each line)"},
	{CHS "[process.p]\ncount = 8\ndo = put a 1\n[process.q]\ncount = 8\ndo = get a 1\n"
	 "[process.r]\ncount = 8\ndo = put b 1\n[process.s]\ncount = 8\ndo = get b 1\n"
	 "[process.t]\ndo = sleep 1s\n",
	 "t.ini:17: more than 32 processes in all (with this group there are 33)"},
	/* the script and the goal */
	{CHS ECHO "[script]\ndo = 1s kill parent-1\n",
	 "t.ini:11: do: no process named `parent-1` (there are: p-1, q-1)"},
	{CHS ECHO "[goal]\nreach = lost-update\n",
	 "t.ini:11: reach = lost-update needs a shared value or a race, which a file of [channel.NAME] sections has not"},
	{"[channel.q]\ntype = queue\n[process.p]\ndo = put q 1\n[process.r]\ndo = get q 1\n"
	 "[goal]\nreach = eof\n",
	 "t.ini:8: reach = eof needs a channel with an end of file (a pipe, a socket pair or a FIFO)"},
};

Test(scenario_multi, mistakes_exact_messages)
{
	size_t n = sizeof bad_cases / sizeof bad_cases[0];

	for (size_t i = 0; i < n; i++) {
		char err[512] = "";

		parse_bad(bad_cases[i].text, err, sizeof err);
		cr_expect_str_eq(err, bad_cases[i].err, "case %zu:\n--- text:\n%s", i,
				 bad_cases[i].text);
		cr_expect_null(strchr(err, '\n'), "case %zu: more than one line", i);
	}
}

/* A file of one channel is what it always was: no multi, and a goal of
 * deadlock still needs several channels. */
Test(scenario_multi, one_channel_unchanged)
{
	struct scenario s;
	char err[512];

	cr_assert_eq(scenario_load("pipe-full", &s, err, sizeof err), 0, "%s", err);
	cr_assert_null(s.multi);
	cr_assert_eq(scenario_runnable(&s, "pipe-full", SCENARIO_SCREEN, err, sizeof err), 0);
	scenario_free(&s);
	cr_assert_eq(scenario_parse("[scenario]\nchannel = pipe\n[producer]\nvalues = 1\n"
				    "[consumer]\n[goal]\nreach = deadlock\n",
				    "t.ini", &s, err, sizeof err),
		     -1);
	cr_assert_str_eq(err, "t.ini:7: reach = deadlock needs two channels or more, which a scenario of one channel cannot have");
}

/* A program may have up to SCENARIO_MULTI_MAX_OPS do lines; one more is said. */
Test(scenario_multi, do_lines_limit)
{
	char text[8192];
	size_t used = (size_t)snprintf(text, sizeof text, "%s", CHS ECHO "[process.r]\n");
	struct scenario s;
	char err[512];

	for (int i = 0; i < SCENARIO_MULTI_MAX_OPS; i++)
		used += (size_t)snprintf(text + used, sizeof text - used, "do = sleep 1ms\n");
	parse_ok(text, &s);
	cr_assert_eq(s.multi->procs[2].nops, SCENARIO_MULTI_MAX_OPS);
	scenario_free(&s);
	snprintf(text + used, sizeof text - used, "do = sleep 1ms\n");
	parse_bad(text, err, sizeof err);
	cr_assert_str_eq(err, "t.ini:75: too many do lines in [process.r] (at most 64)");
}

/* --choose and --predict take such a file: what stops them here is only
 * that no terminal is there. (What is not run yet: test_run_multi.) */
Test(scenario_multi, choose_and_predict_take_it)
{
	char path[64];
	const char *modes[] = {"--choose", "--predict"};

	support_temp_scenario(deadlock_text, path, sizeof path);
	for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
		char *argv[] = {IPCVIZ_BIN, (char *)modes[m], path, NULL}, *out = NULL, *errout = NULL;
		int status = 0;

		cr_assert_eq(support_run(argv, 20, &out, &errout, &status), 0);
		cr_expect(strstr(errout, "not a terminal"), "%s refused it: %s", modes[m], errout);
		free(out);
		free(errout);
	}
	unlink(path);
	cr_assert_eq(support_children_left(), 0);
}

/* The fuzzer's seeds of several channels stay valid files (scripts/fuzz starts
 * from them), and multi-program.ini one whose program of its own the fuzzer
 * builds (--print-code takes it). */
Test(scenario_multi, fuzz_seeds_parse)
{
	static const char *const seeds[] = {"multi-deadlock.ini", "multi-every.ini",
					    "multi-program.ini"};

	for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		char path[512], err[512];
		struct scenario s;

		snprintf(path, sizeof path, "%s/tests/fuzz_seeds/%s", IPCVIZ_SOURCE_DIR, seeds[i]);
		cr_assert_eq(scenario_load(path, &s, err, sizeof err), 0, "%s", err);
		cr_assert_not_null(s.multi);
		if (strcmp(seeds[i], "multi-program.ini") == 0)
			cr_expect_eq(scenario_runnable(&s, NULL, SCENARIO_CODE, err, sizeof err), 0,
				     "%s", err);
		scenario_free(&s);
	}
}
