/* test_scenario.c - the scenario parser: every built-in, every rule of the format
 * (DESIGN section 6) and the exact one-line message, with its line number, for
 * each kind of mistake. No process is forked here.
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"
#include "support.h"

/* A small valid file; the malformed cases below start from pieces of it. */
#define HEAD "[scenario]\nchannel = queue\n"
#define PROD "[producer]\nvalues = 0..4\n"
#define CONS "[consumer]\nstop = 4\n"

static int msg_max(void)
{
	FILE *f = fopen("/proc/sys/fs/mqueue/msg_max", "r");
	int v = 10;

	if (f) {
		if (fscanf(f, "%d", &v) != 1 || v < 1 || v > 65536)
			v = 10;
		fclose(f);
	}
	return v;
}

/* The pipe capacity scenario_set_channel should give for `cap`. */
static int pipe_capacity(int cap)
{
	int pow = 1;

	while (pow < cap && pow < 64)
		pow *= 2;
	return pow;
}

/* Parses text as "t.ini", asserting success. */
static void parse_ok(const char *text, struct scenario *s)
{
	char err[256] = "";
	int rc = scenario_parse(text, "t.ini", s, err, sizeof err);

	cr_assert_eq(rc, 0, "parse failed: %s\n--- text:\n%s", err, text);
}

/* Parses text as "t.ini", expecting failure; the message goes into err. */
static void parse_bad(const char *text, char *err, size_t errlen)
{
	struct scenario s;
	int rc = scenario_parse(text, "t.ini", &s, err, errlen);

	cr_assert_eq(rc, -1, "parse succeeded, expected an error\n--- text:\n%s", text);
	/* A failed parse leaves nothing to free, and free is still safe. */
	cr_assert_null(s.title);
	cr_assert_null(s.actions);
	cr_assert_eq(s.ngroups, 0);
	scenario_free(&s);
}

static const struct scenario_group *group_of(const struct scenario *s, int actor)
{
	return &s->groups[s->actors[actor].group];
}

/* ---- built-ins ---- */

Test(scenario, builtins_all_parse)
{
	static const char *const order[] = {
		"queue", "pipe", "shm", "queue-full", "pipe-full", "queue-empty",
		"pipe-empty", "shm-overwrite", "shm-stale", "queue-many", "pipe-kill",
		"queue-kill", "ring", "ring-full", "race", "race-locked", "socketpair", "fifo",
		"pipe-atomic", "pipe-atomic-small", "race-challenge", "shm-challenge",
		"queue-challenge", "pipeline", "request-reply", "pipe-deadlock", "lock-order",
		"no-eof"};
	size_t n = 0;
	const struct scenario_builtin *b = scenario_builtins(&n);

	cr_assert_eq(n, sizeof order / sizeof order[0]);
	for (size_t i = 0; i < n; i++) {
		struct scenario s;
		char err[256] = "";
		int producers = 0, consumers = 0;

		cr_expect_str_eq(b[i].name, order[i]);
		cr_assert_eq(scenario_parse(b[i].text, b[i].name, &s, err, sizeof err), 0,
			     "%s: %s", b[i].name, err);
		cr_expect_str_eq(s.name, b[i].name);
		cr_expect_not_null(s.title);
		cr_expect_str_neq(s.title, b[i].name, "%s has no title of its own", b[i].name);
		if (s.multi) { /* several channels: test_scenario_multi.c */
			cr_expect_geq(s.nactors, 2, "%s", b[i].name);
			scenario_free(&s);
			continue;
		}
		for (int a = 0; a < s.nactors; a++) {
			if (s.actors[a].role == ROLE_PRODUCER)
				producers++;
			else
				consumers++;
			cr_expect_eq(scenario_actor_index(&s, s.actors[a].name), a);
		}
		cr_expect_geq(producers, 1, "%s", b[i].name);
		if (!channel_desc_of(s.channel)->counter)
			cr_expect_geq(consumers, 1, "%s", b[i].name);
		else
			cr_expect_eq(consumers, 0, "%s: a race has no consumers", b[i].name);
		cr_expect_eq(scenario_builtin_find(b[i].name), &b[i]);
		scenario_free(&s);
	}
	cr_expect_null(scenario_builtin_find("nope"));
	cr_expect_null(scenario_builtin_find(NULL));
}

/* The tutorial: 0..4 every 1 s, consumer every 2 s, stop at 4. */
static void check_tutorial(const char *name, enum channel_kind kind, int capacity)
{
	struct scenario s;
	char err[256] = "";
	const struct scenario_group *p, *c;

	cr_assert_eq(scenario_load(name, &s, err, sizeof err), 0, "%s", err);
	cr_expect_str_eq(s.name, name);
	cr_expect_eq(s.channel, kind);
	cr_expect_eq(s.capacity, capacity, "%s: capacity %d", name, s.capacity);
	cr_assert_eq(s.nactors, 2);
	cr_expect_str_eq(s.actors[0].name, "producer-1");
	cr_expect_str_eq(s.actors[0].comm, "ipcviz-p1");
	cr_expect_eq(s.actors[0].role, ROLE_PRODUCER);
	cr_expect_str_eq(s.actors[1].name, "consumer-1");
	cr_expect_str_eq(s.actors[1].comm, "ipcviz-c1");
	cr_expect_eq(s.actors[1].role, ROLE_CONSUMER);
	p = group_of(&s, 0);
	c = group_of(&s, 1);
	cr_assert_eq(p->nvalues, 5);
	for (int i = 0; i < 5; i++)
		cr_expect_eq(p->values[i], i);
	cr_expect_eq(p->interval_ms, 1000);
	cr_expect_eq(p->start_ms, 0);
	cr_expect_eq(p->count, 1);
	cr_expect_eq(c->interval_ms, 2000);
	cr_expect_eq(c->start_ms, 0);
	cr_expect(c->has_stop);
	cr_expect_eq(c->stop_value, 4);
	cr_expect_eq(c->items, 0);
	cr_expect_eq(s.nactions, 0);
	scenario_free(&s);
}

Test(scenario, builtin_tutorials_exact)
{
	check_tutorial("queue", CHANNEL_QUEUE, 10);
	check_tutorial("pipe", CHANNEL_PIPE, 16);
	check_tutorial("shm", CHANNEL_SHM, 0);
}

/* producer 0..11 every 0.5 s, consumer every 2 s, stop at 11, capacity 4. */
static void check_full(const char *name, enum channel_kind kind)
{
	struct scenario s;
	char err[256] = "";

	cr_assert_eq(scenario_load(name, &s, err, sizeof err), 0, "%s", err);
	cr_expect_eq(s.channel, kind);
	cr_expect_eq(s.capacity, 4);
	cr_assert_eq(s.nactors, 2);
	cr_expect_eq(group_of(&s, 0)->nvalues, 12);
	cr_expect_eq(group_of(&s, 0)->values[11], 11);
	cr_expect_eq(group_of(&s, 0)->interval_ms, 500);
	cr_expect_eq(group_of(&s, 1)->interval_ms, 2000);
	cr_expect_eq(group_of(&s, 1)->stop_value, 11);
	scenario_free(&s);
}

Test(scenario, builtin_lessons)
{
	struct scenario s;
	char err[256] = "";

	check_full("queue-full", CHANNEL_QUEUE);
	check_full("pipe-full", CHANNEL_PIPE);

	static const char *const empty[] = {"queue-empty", "pipe-empty", "shm-stale"};
	for (size_t i = 0; i < 3; i++) {
		cr_assert_eq(scenario_load(empty[i], &s, err, sizeof err), 0, "%s", err);
		cr_expect_eq(group_of(&s, 0)->interval_ms, 2000, "%s", empty[i]);
		cr_expect_eq(group_of(&s, 0)->nvalues, 5);
		cr_expect_eq(group_of(&s, 1)->interval_ms, 500);
		cr_expect_eq(group_of(&s, 1)->stop_value, 4);
		scenario_free(&s);
	}

	cr_assert_eq(scenario_load("shm-overwrite", &s, err, sizeof err), 0, "%s", err);
	cr_expect_eq(s.channel, CHANNEL_SHM);
	cr_expect_eq(group_of(&s, 0)->nvalues, 10);
	cr_expect_eq(group_of(&s, 0)->interval_ms, 500);
	cr_expect_eq(group_of(&s, 1)->interval_ms, 2000);
	cr_expect_eq(group_of(&s, 1)->stop_value, 9);
	scenario_free(&s);
}

Test(scenario, builtin_queue_many)
{
	struct scenario s;
	char err[256] = "";
	static const char *const names[] = {"even-1", "odd-1", "consumer-1", "consumer-2"};
	static const char *const comms[] = {"ipcviz-p1", "ipcviz-p2", "ipcviz-c1", "ipcviz-c2"};

	cr_assert_eq(scenario_load("queue-many", &s, err, sizeof err), 0, "%s", err);
	cr_expect_eq(s.channel, CHANNEL_QUEUE);
	cr_expect_eq(s.capacity, 4);
	cr_assert_eq(s.nactors, 4);
	for (int i = 0; i < 4; i++) {
		cr_expect_str_eq(s.actors[i].name, names[i]);
		cr_expect_str_eq(s.actors[i].comm, comms[i]);
	}
	cr_expect_eq(s.actors[2].group, s.actors[3].group);
	cr_expect_str_eq(group_of(&s, 0)->name, "even");
	cr_expect_eq(group_of(&s, 0)->values[5], 10);
	cr_expect_eq(group_of(&s, 1)->values[0], 1);
	cr_expect_eq(group_of(&s, 1)->start_ms, 250);
	cr_expect_eq(group_of(&s, 1)->interval_ms, 500);
	cr_expect_eq(group_of(&s, 2)->items, 6);
	cr_expect_eq(group_of(&s, 2)->interval_ms, 1000);
	cr_expect_not(group_of(&s, 2)->has_stop);
	scenario_free(&s);
}

Test(scenario, builtin_kill_lessons)
{
	static const char *const names[] = {"pipe-kill", "queue-kill"};

	for (int i = 0; i < 2; i++) {
		struct scenario s;
		char err[256] = "";

		cr_assert_eq(scenario_load(names[i], &s, err, sizeof err), 0, "%s", err);
		cr_expect_eq(s.capacity, 4);
		cr_assert_eq(s.nactions, 2);
		cr_expect_eq(s.actions[0].at_ms, 3000);
		cr_expect_eq(s.actions[0].kind, ACTION_KILL);
		cr_expect_eq(s.actions[0].target, scenario_actor_index(&s, "consumer-1"));
		cr_expect_null(s.actions[0].text);
		cr_expect_eq(s.actions[1].kind, ACTION_NOTE);
		cr_expect_eq(s.actions[1].target, -1);
		cr_expect_not_null(s.actions[1].text);
		scenario_free(&s);
	}
}

/* ---- malformed input: the exact message, line number included ---- */

struct bad_case {
	const char *text;
	const char *err;
};

static const struct bad_case bad_cases[] = {
	{"", "t.ini:1: no [scenario] section (it gives the channel: pipe, queue, shm, ring, socketpair, fifo, race or race-locked)"},
	{"; only a comment\n" PROD CONS,
	 "t.ini:1: no [scenario] section (it gives the channel: pipe, queue, shm, ring, socketpair, fifo, race or race-locked)"},
	{"\n[scenario]\ntitle = x\n" PROD CONS,
	 "t.ini:2: [scenario] has no channel (use channel = pipe, queue, shm, ring, socketpair, fifo, race or race-locked)"},
	{"[scenario]\nchannel = tube\n" PROD CONS,
	 "t.ini:2: channel: `tube` is not a channel (use pipe, queue, shm, ring, socketpair, fifo, race or race-locked)"},
	{"[scenario]\nchannel = pipe\ncapacity = 3\n" PROD CONS,
	 "t.ini:3: capacity must be a power of two 1..64 for a pipe (one item is one 4096-byte page)"},
	{"[scenario]\ncapacity = 128\nchannel = pipe\n" PROD CONS,
	 "t.ini:2: capacity must be a power of two 1..64 for a pipe (one item is one 4096-byte page)"},
	{"[scenario]\nchannel = shm\ncapacity = 1\n" PROD CONS,
	 "t.ini:3: a shared value holds one value; capacity is not for shm"},
	{HEAD "capacity = ten\n" PROD CONS, "t.ini:3: capacity: `ten` is not a whole number"},
	{HEAD "capacity =\n" PROD CONS, "t.ini:3: capacity: no value after ="},
	{HEAD "[producers]\n",
	 "t.ini:3: unknown section [producers] (use [scenario], [producer], [producer.NAME], [consumer], [consumer.NAME], [channel.NAME], [process.NAME], [script] or [goal])"},
	{HEAD "colour = red\n",
	 "t.ini:3: unknown key `colour` in [scenario] (it has title, channel, capacity, size)"},
	{HEAD PROD "speed = 2\n" CONS,
	 "t.ini:5: unknown key `speed` in [producer] (a producer has count, values, increments, interval, start)"},
	{HEAD PROD "[consumer.slow]\nspeed = 2\n",
	 "t.ini:6: unknown key `speed` in [consumer.slow] (a consumer has count, interval, start, stop, items)"},
	{HEAD PROD "[consumer]\nvalues = 1\n",
	 "t.ini:6: values is for producers; a consumer takes what comes (end it with stop = VALUE or items = N)"},
	{HEAD PROD "stop = 4\n" CONS,
	 "t.ini:5: stop is for consumers; a producer stops after its last value"},
	{HEAD PROD "items = 4\n" CONS,
	 "t.ini:5: items is for consumers; a producer stops after its last value"},
	{HEAD "[producer]\ncount = 1\nvalues = 1\ncount = 2\n" CONS,
	 "t.ini:6: count given twice (first on line 4)"},
	{HEAD "channel = pipe\n", "t.ini:3: channel given twice (first on line 2)"},
	{HEAD PROD CONS "[producer]\n", "t.ini:7: section [producer] given twice (first on line 3)"},
	{HEAD PROD CONS "[scenario]\n", "t.ini:7: section [scenario] given twice (first on line 1)"},
	{HEAD PROD CONS "[script]\n[script]\n",
	 "t.ini:8: section [script] given twice (first on line 7)"},
	{HEAD PROD "count = 9\n" CONS,
	 "t.ini:5: count must be 1..8 (processes with these settings)"},
	{HEAD PROD "count = 0\n" CONS,
	 "t.ini:5: count must be 1..8 (processes with these settings)"},
	{HEAD PROD "count = two\n" CONS, "t.ini:5: count: `two` is not a whole number"},
	{HEAD "[producer]\nvalues = a..b\n" CONS,
	 "t.ini:4: values: `a..b` is not a range or a list of whole numbers (use e.g. 0..4 or 3,1,4)"},
	{HEAD "[producer]\nvalues = 1,,2\n" CONS,
	 "t.ini:4: values: `1,,2` is not a range or a list of whole numbers (use e.g. 0..4 or 3,1,4)"},
	{HEAD "[producer]\nvalues = 1, 2,\n" CONS,
	 "t.ini:4: values: `1, 2,` is not a range or a list of whole numbers (use e.g. 0..4 or 3,1,4)"},
	{HEAD "[producer]\nvalues = 1.5\n" CONS,
	 "t.ini:4: values: `1.5` is not a range or a list of whole numbers (use e.g. 0..4 or 3,1,4)"},
	{HEAD "[producer]\nvalues = 0..1000000\n" CONS,
	 "t.ini:4: values: `0..1000000` gives 1000001 values (at most 1000000)"},
	{HEAD "[producer]\nvalues = 0..2147483648\n" CONS,
	 "t.ini:4: values: `2147483648` is out of range (-2147483648..2147483647)"},
	{HEAD "[producer]\nvalues = 1, 99999999999999999999\n" CONS,
	 "t.ini:4: values: `99999999999999999999` is out of range (-2147483648..2147483647)"},
	{HEAD PROD "interval = abc\n" CONS,
	 "t.ini:5: interval: `abc` is not a time (use e.g. 1s, 500ms)"},
	{HEAD PROD "interval = 1 s\n" CONS,
	 "t.ini:5: interval: `1 s` is not a time (use e.g. 1s, 500ms)"},
	{HEAD PROD "interval = 2m\n" CONS,
	 "t.ini:5: interval: `2m` is not a time (use e.g. 1s, 500ms)"},
	{HEAD PROD "interval = -1s\n" CONS,
	 "t.ini:5: interval: `-1s` is negative (a time is 0s or more)"},
	{HEAD PROD "start = 86401s\n" CONS,
	 "t.ini:5: start: `86401s` is too long (at most 86400s, one day)"},
	{HEAD PROD "start = 86400001ms\n" CONS,
	 "t.ini:5: start: `86400001ms` is too long (at most 86400s, one day)"},
	{HEAD PROD "interval = 1.5ms\n" CONS,
	 "t.ini:5: interval: `1.5ms` is finer than a millisecond"},
	{HEAD PROD "interval = 0.0001\n" CONS,
	 "t.ini:5: interval: `0.0001` is finer than a millisecond"},
	{HEAD PROD "[consumer]\ninterval = 1s\nstop = 9\n",
	 "t.ini:7: stop = 9, but no producer puts 9"},
	{HEAD PROD "[consumer]\nstop = x\n", "t.ini:6: stop: `x` is not a whole number"},
	{HEAD PROD "[consumer]\nitems = 0\n", "t.ini:6: items must be 1..2147483647 (items to take)"},
	{HEAD CONS, "t.ini:1: no producer (add a [producer] section with values = …)"},
	{HEAD PROD, "t.ini:1: no consumer (add a [consumer] section)"},
	{HEAD "[producer]\ninterval = 1s\n" CONS, "t.ini:3: [producer] has no values (e.g. values = 0..4)"},
	{HEAD "[producer.Fast]\nvalues = 1\n",
	 "t.ini:3: [producer.Fast]: a group name is 1..20 of a-z, 0-9 and _"},
	{HEAD "[consumer.]\n", "t.ini:3: [consumer.]: a group name is 1..20 of a-z, 0-9 and _"},
	{HEAD "[producer.abcdefghijklmnopqrstu]\n",
	 "t.ini:3: [producer.abcdefghijklmnopqrstu]: a group name is 1..20 of a-z, 0-9 and _"},
	{"count = 1\n" HEAD, "t.ini:1: `count` is outside any section (start the file with [scenario])"},
	{HEAD "hello\n" PROD CONS, "t.ini:3: not a section, key = value or comment"},
	{HEAD "[producer\n" PROD CONS, "t.ini:3: not a section, key = value or comment"},
	/* The earlier line wins, whether inih or the parser found it. */
	{"[scenario]\noops\nchannel = tube\n", "t.ini:2: not a section, key = value or comment"},
	{"[scenario]\nchannel = tube\noops\n",
	 "t.ini:2: channel: `tube` is not a channel (use pipe, queue, shm, ring, socketpair, fifo, race or race-locked)"},
	{HEAD "[scenario] extra\n",
	 "t.ini:3: `extra` after the section header [scenario] (only a ; comment may follow)"},
	{HEAD "title =\n", "t.ini:3: title: no value after ="},
	{HEAD "title = a\tb\n", "t.ini:3: title: not valid UTF-8, or it has a control character"},
	{HEAD "title = caf\xe9\n", "t.ini:3: title: not valid UTF-8, or it has a control character"},
	{HEAD "= 5\n", "t.ini:3: a key is missing before the ="},
	{HEAD PROD CONS "[script]\nother = 1\n",
	 "t.ini:8: unknown key `other` in [script] (it has only do = TIME ACTION)"},
	{HEAD PROD CONS "[script]\ndo = 3s explode consumer-1\n",
	 "t.ini:8: do: unknown action `explode` (use kill, stop, cont or note)"},
	{HEAD PROD CONS "[script]\ndo = 3s\n",
	 "t.ini:8: do: `3s` is not TIME ACTION (e.g. do = 3s kill consumer-1)"},
	{HEAD PROD CONS "[script]\ndo = soon kill consumer-1\n",
	 "t.ini:8: do: `soon` is not a time (use e.g. 1s, 500ms)"},
	{HEAD PROD CONS "[script]\ndo = 3s kill\n",
	 "t.ini:8: do: kill needs a process name (e.g. do = 3s kill consumer-1)"},
	{HEAD PROD CONS "[script]\ndo = 3s stop consumer-1 now\n",
	 "t.ini:8: do: `consumer-1 now` is not one process name (e.g. consumer-1)"},
	{HEAD PROD CONS "[script]\ndo = 3s note\n",
	 "t.ini:8: do: note needs a text (e.g. do = 3s note The queue is full.)"},
	{HEAD PROD CONS "[script]\ndo = 1s note fine\ndo = 3s kill nobody\n",
	 "t.ini:9: do: no process named `nobody` (there are: producer-1, consumer-1)"},
	{HEAD PROD CONS "[script]\ndo =\n", "t.ini:8: do: no value after ="},
	/* 5 groups of 8 make 40 processes; the fifth group's count line is named. */
	{HEAD "[producer.a]\nvalues = 1\ncount = 8\n[producer.b]\nvalues = 1\ncount = 8\n"
	      "[consumer.c]\ncount = 8\n[consumer.d]\ncount = 8\n[consumer.e]\ncount = 8\n",
	 "t.ini:14: more than 32 processes in all (with this group there are 40)"},
	{HEAD "[producer.x]\nvalues = 1\n[consumer.x]\n",
	 "t.ini:5: two processes are named x-1 (the other comes from line 3); rename a group"},
	{HEAD "[consumer.producer]\n" PROD,
	 "t.ini:4: two processes are named producer-1 (the other comes from line 3); rename a group"},
	{HEAD "[producer.a]\nvalues=1\n[producer.b]\nvalues=1\n[producer.c]\nvalues=1\n"
	      "[producer.d]\nvalues=1\n[producer.e]\nvalues=1\n[producer.f]\nvalues=1\n"
	      "[producer.g]\nvalues=1\n[producer.h]\nvalues=1\n[producer.i]\nvalues=1\n"
	      "[producer.j]\nvalues=1\n[producer.k]\nvalues=1\n[producer.l]\nvalues=1\n"
	      "[producer.m]\nvalues=1\n[producer.n]\nvalues=1\n[producer.o]\nvalues=1\n"
	      "[producer.p]\nvalues=1\n[consumer]\n",
	 "t.ini:35: too many groups (at most 16)"},
	/* Line numbers survive CRLF line ends, a byte order mark and indentation. */
	{"\xef\xbb\xbf[scenario]\r\nchannel = queue\r\n  [producer]\r\n  values = 0..4\r\n"
	 "  speed = 1\r\n",
	 "t.ini:5: unknown key `speed` in [producer] (a producer has count, values, increments, interval, start)"},
	/* The channels of the later lessons have rules of their own. */
	{"[scenario]\nchannel = race\n[producer]\nvalues = 1\n",
	 "t.ini:3: [producer] has no increments (in a race, e.g. increments = 5)"},
	{"[scenario]\nchannel = race\n[producer]\nincrements = 2\n[consumer]\n",
	 "t.ini:5: a race has no consumers: every process increments the counter"},
	{"[scenario]\nchannel = race-locked\ncapacity = 2\n[producer]\nincrements = 2\n",
	 "t.ini:3: a shared value holds one value; capacity is not for race-locked"},
	{"[scenario]\nchannel = race\n[producer]\nincrements = 0\n",
	 "t.ini:4: increments must be 1..1000000"},
	{"[scenario]\nchannel = race\n[producer]\nvalues = 1\nincrements = 2\n",
	 "t.ini:5: give values or increments, not both"},
	{"[scenario]\nchannel = race\n[producer]\nincrements = 2\nvalues = 1\n",
	 "t.ini:5: give values or increments, not both"},
	{HEAD "[producer]\nincrements = 2\n" CONS,
	 "t.ini:4: increments is for a race; a producer of a queue has values"},
	{HEAD PROD "[consumer]\nincrements = 2\n",
	 "t.ini:6: increments is for the producers of a race: each one adds 1 that many times"},
	{"[scenario]\nchannel = ring\ncapacity = 65\n" PROD CONS,
	 "t.ini:3: capacity must be 1..64 for a ring"},
	{"[scenario]\nchannel = socketpair\ncapacity = 4\n" PROD CONS,
	 "t.ini:3: the kernel sizes a socket pair's buffer itself; capacity is not for socketpair"},
	{"[scenario]\nchannel = fifo\ncapacity = 3\n" PROD CONS,
	 "t.ini:3: a FIFO here is one page: 64 lines of 64 bytes; capacity is not for fifo"},
	{HEAD "size = 4096\n" PROD CONS, "t.ini:3: size is for a pipe only (bytes in one item)"},
	{"[scenario]\nchannel = pipe\nsize = 100\n" PROD CONS,
	 "t.ini:3: size must be a multiple of 4096 from 4096 to 262144 (bytes in one item)"},
	{"[scenario]\nchannel = socketpair\n[producer]\nvalues = 1\ncount = 2\n" CONS,
	 "t.ini:5: a socket pair joins one producer and one consumer"},
	{"[scenario]\nchannel = socketpair\n" PROD "[consumer.a]\n[consumer.b]\n",
	 "t.ini:6: a socket pair joins one producer and one consumer"},
	{"[scenario]\nchannel = fifo\n" PROD "[consumer]\ncount = 2\n",
	 "t.ini:6: a FIFO here has one consumer (several would race for each line)"},
	{"[scenario]\nchannel = pipe\nsize = big\n" PROD CONS, "t.ini:3: size: `big` is not a whole number"},
};

Test(scenario, malformed_inputs_exact_messages)
{
	size_t n = sizeof bad_cases / sizeof bad_cases[0];

	cr_assert_geq(n, 25);
	for (size_t i = 0; i < n; i++) {
		char err[512] = "";

		parse_bad(bad_cases[i].text, err, sizeof err);
		cr_expect_str_eq(err, bad_cases[i].err, "case %zu:\n--- text:\n%s", i,
				 bad_cases[i].text);
		cr_expect_null(strchr(err, '\n'), "case %zu: more than one line", i);
	}
}

Test(scenario, line_too_long)
{
	char text[1024], err[256];
	char title[256];

	/* "title = " + 191 letters = 199 characters: just fits. */
	memset(title, 'a', 191);
	title[191] = '\0';
	snprintf(text, sizeof text, HEAD "title = %s\n" PROD CONS, title);
	struct scenario s;
	parse_ok(text, &s);
	cr_expect_eq(strlen(s.title), 191);
	scenario_free(&s);

	title[191] = 'a';
	title[192] = '\0';
	snprintf(text, sizeof text, HEAD "title = %s\n" PROD CONS, title);
	parse_bad(text, err, sizeof err);
	cr_expect_str_eq(err, "t.ini:3: line too long (at most 199 characters)");
}

Test(scenario, queue_capacity_names_the_kernel_limit)
{
	char text[256], err[256], want[256];
	int max = msg_max();

	snprintf(text, sizeof text, "[scenario]\nchannel = queue\n\ncapacity = %d\n" PROD CONS,
		 max + 1);
	snprintf(want, sizeof want,
		 "demo.ini:4: capacity must be 1..%d for a POSIX queue (fs.mqueue.msg_max is %d)",
		 max, max);
	struct scenario s;
	cr_assert_eq(scenario_parse(text, "demo.ini", &s, err, sizeof err), -1);
	cr_expect_str_eq(err, want);
	cr_assert_eq(scenario_parse(HEAD "capacity = 0\n" PROD CONS, "demo.ini", &s, err,
				    sizeof err), -1);
	snprintf(want, sizeof want,
		 "demo.ini:3: capacity must be 1..%d for a POSIX queue (fs.mqueue.msg_max is %d)",
		 max, max);
	cr_expect_str_eq(err, want);
}

Test(scenario, small_error_buffer_is_safe)
{
	struct scenario s;
	char err[8];

	cr_assert_eq(scenario_parse("junk", "t.ini", &s, err, sizeof err), -1);
	cr_expect_str_eq(err, "t.ini:1");
	cr_assert_eq(scenario_parse("junk", "t.ini", &s, NULL, 0), -1);
}

/* ---- what a good file gives ---- */

Test(scenario, values_ranges_and_lists)
{
	struct scenario s;

	parse_ok(HEAD "[producer.a]\nvalues = 4..0\n[producer.b]\nvalues = 3, 1 ,4\n"
		      "[producer.c]\nvalues = -2 .. 1\n[producer.d]\nvalues = 7\n"
		      "[producer.e]\nvalues = -2147483648..-2147483647\n[consumer]\n",
		 &s);
	cr_assert_eq(s.ngroups, 6);
	const int32_t want_a[] = {4, 3, 2, 1, 0}, want_b[] = {3, 1, 4}, want_c[] = {-2, -1, 0, 1};
	cr_assert_eq(s.groups[0].nvalues, 5);
	for (int i = 0; i < 5; i++)
		cr_expect_eq(s.groups[0].values[i], want_a[i]);
	cr_assert_eq(s.groups[1].nvalues, 3);
	for (int i = 0; i < 3; i++)
		cr_expect_eq(s.groups[1].values[i], want_b[i]);
	cr_assert_eq(s.groups[2].nvalues, 4);
	for (int i = 0; i < 4; i++)
		cr_expect_eq(s.groups[2].values[i], want_c[i]);
	cr_assert_eq(s.groups[3].nvalues, 1);
	cr_expect_eq(s.groups[3].values[0], 7);
	cr_assert_eq(s.groups[4].nvalues, 2);
	cr_expect_eq(s.groups[4].values[0], INT32_MIN);
	cr_expect_eq(s.groups[4].values[1], INT32_MIN + 1);
	scenario_free(&s);

	/* The most values a group may have. */
	parse_ok(HEAD "[producer]\nvalues = 1..1000000\n[consumer]\nstop = 1000000\n", &s);
	cr_expect_eq(s.groups[0].nvalues, 1000000);
	cr_expect_eq(s.groups[0].values[999999], 1000000);
	scenario_free(&s);
}

Test(scenario, times)
{
	static const struct {
		const char *text;
		int64_t ms;
	} times[] = {
		{"1s", 1000}, {"500ms", 500}, {"1.5s", 1500}, {"2", 2000}, {"0", 0},
		{"0.25s", 250}, {"0.1", 100}, {"1.000s", 1000}, {"0ms", 0}, {"86400s", 86400000},
		{"86400000ms", 86400000}, {"2.50ms", -1}, {"1.0ms", 1}, {"007s", 7000},
	};

	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		char text[256], err[256];
		struct scenario s;
		int rc;

		snprintf(text, sizeof text, HEAD "[producer]\nvalues = 1\ninterval = %s\n[consumer]\n",
			 times[i].text);
		rc = scenario_parse(text, "t.ini", &s, err, sizeof err);
		if (times[i].ms < 0) {
			cr_expect_eq(rc, -1, "%s", times[i].text);
			continue;
		}
		cr_assert_eq(rc, 0, "%s: %s", times[i].text, err);
		cr_expect_eq(s.groups[0].interval_ms, times[i].ms, "%s gave %lld", times[i].text,
			     (long long)s.groups[0].interval_ms);
		scenario_free(&s);
	}
}

Test(scenario, defaults)
{
	struct scenario s;

	parse_ok("[scenario]\nchannel = pipe\n[producer]\nvalues = 1\n[consumer]\n", &s);
	cr_expect_str_eq(s.name, "t");
	cr_expect_str_eq(s.title, "t");
	cr_expect_eq(s.channel, CHANNEL_PIPE);
	cr_expect_eq(s.capacity, 16);
	cr_assert_eq(s.ngroups, 2);
	for (int g = 0; g < 2; g++) {
		cr_expect_eq(s.groups[g].count, 1);
		cr_expect_eq(s.groups[g].interval_ms, 1000);
		cr_expect_eq(s.groups[g].start_ms, 0);
		cr_expect_str_eq(s.groups[g].name, "");
	}
	cr_expect_not(s.groups[1].has_stop);
	cr_expect_eq(s.groups[1].items, 0);
	cr_expect_eq(s.groups[0].line, 3);
	cr_expect_eq(s.groups[1].line, 5);
	cr_expect_eq(s.nactions, 0);
	cr_expect_null(s.actions);
	scenario_free(&s);

	parse_ok(HEAD PROD CONS, &s);
	cr_expect_eq(s.capacity, msg_max() < 10 ? msg_max() : 10);
	scenario_free(&s);
}

Test(scenario, comments_and_layout)
{
	struct scenario s;

	parse_ok("; a comment\n# another\n\n[scenario]   ; the header\n"
		 "  title = Queue: one ; two\n\tchannel=queue\n"
		 "[producer]\nvalues = 0..4 ; five\n  interval = 250ms\n"
		 "[consumer] ; all defaults but one\nitems: 3\n",
		 &s);
	cr_expect_str_eq(s.title, "Queue: one");
	cr_expect_eq(s.groups[0].interval_ms, 250);
	cr_expect_eq(s.groups[1].items, 3);
	/* the comments the file begins with, for a recording's page (ipcviz export) */
	cr_expect_str_eq(s.comments, "a comment\nanother");
	scenario_free(&s);
}

Test(scenario, the_leading_comments_are_kept_in_paragraphs)
{
	struct scenario s, copy;

	parse_ok("\n; name - what it shows.\n;\n;   Indented; with a ';'.  \n"
		 ";second line\n\n\n# Why: because.\n;\n\n[scenario]\n; not this one\n"
		 "channel = queue\n[producer]\nvalues = 1\n[consumer]\n",
		 &s);
	cr_expect_str_eq(s.comments,
			 "name - what it shows.\n\n  Indented; with a ';'.\nsecond line\n\n"
			 "Why: because.");
	cr_assert_eq(scenario_copy(&copy, &s), 0);
	cr_expect_str_eq(copy.comments, s.comments);
	cr_expect_neq(copy.comments, s.comments, "not a copy");
	scenario_free(&copy);
	scenario_free(&s);
	parse_ok("[scenario]\nchannel = queue\n[producer]\nvalues = 1\n[consumer]\n", &s);
	cr_expect_null(s.comments);
	scenario_free(&s);
}

Test(scenario, actors_names_and_order)
{
	struct scenario s;

	/* Consumers written first still come after every producer. */
	parse_ok(HEAD "[consumer.slow]\ncount = 2\n[producer]\ncount = 2\nvalues = 1\n"
		      "[consumer]\n[producer.fast]\nvalues = 2\ncount = 3\n",
		 &s);
	static const char *const names[] = {"producer-1", "producer-2", "fast-1", "fast-2",
					    "fast-3", "slow-1", "slow-2", "consumer-1"};
	static const char *const comms[] = {"ipcviz-p1", "ipcviz-p2", "ipcviz-p3", "ipcviz-p4",
					    "ipcviz-p5", "ipcviz-c1", "ipcviz-c2", "ipcviz-c3"};
	cr_assert_eq(s.nactors, 8);
	for (int i = 0; i < 8; i++) {
		cr_expect_str_eq(s.actors[i].name, names[i]);
		cr_expect_str_eq(s.actors[i].comm, comms[i]);
		cr_expect_eq(s.actors[i].role, i < 5 ? ROLE_PRODUCER : ROLE_CONSUMER);
		cr_expect_eq(scenario_actor_index(&s, names[i]), i);
	}
	cr_expect_eq(s.actors[2].group, 1);
	cr_expect_str_eq(s.groups[1].name, "fast");
	cr_expect_eq(s.groups[1].line, 9);
	cr_expect_str_eq(s.groups[2].name, "slow");
	cr_expect_eq(s.groups[2].count, 2);
	cr_expect_eq(scenario_actor_index(&s, "fast-4"), -1);
	cr_expect_eq(scenario_actor_index(&s, NULL), -1);
	scenario_free(&s);

	/* 32 processes are allowed. */
	parse_ok(HEAD "[producer.a]\nvalues = 1\ncount = 8\n[producer.b]\nvalues = 1\ncount = 8\n"
		      "[consumer.c]\ncount = 8\n[consumer.d]\ncount = 8\n",
		 &s);
	cr_expect_eq(s.nactors, 32);
	cr_expect_str_eq(s.actors[31].name, "d-8");
	cr_expect_str_eq(s.actors[31].comm, "ipcviz-c16");
	scenario_free(&s);
}

Test(scenario, script_sorted_stable)
{
	struct scenario s;

	parse_ok(HEAD PROD CONS "[script]\n"
		 "do = 3s note third\n"             /* line 8 */
		 "do = 1s stop consumer-1\n"        /* line 9 */
		 "do = 3s kill producer-1\n"        /* line 10 */
		 "do = 1.5s cont consumer-1\n"      /* line 11 */
		 "do = 500ms note Ünïcode — 队列已满\n" /* line 12 */
		 "do = 3s note last at 3 s\n",      /* line 13 */
		 &s);
	cr_assert_eq(s.nactions, 6);
	static const int lines[] = {12, 9, 11, 8, 10, 13};
	static const int64_t at[] = {500, 1000, 1500, 3000, 3000, 3000};
	for (int i = 0; i < 6; i++) {
		cr_expect_eq(s.actions[i].line, lines[i], "action %d", i);
		cr_expect_eq(s.actions[i].at_ms, at[i], "action %d", i);
	}
	cr_expect_eq(s.actions[0].kind, ACTION_NOTE);
	cr_expect_str_eq(s.actions[0].text, "Ünïcode — 队列已满");
	cr_expect_eq(s.actions[0].target, -1);
	cr_expect_eq(s.actions[1].kind, ACTION_STOP);
	cr_expect_eq(s.actions[1].target, 1);
	cr_expect_null(s.actions[1].text);
	cr_expect_eq(s.actions[2].kind, ACTION_CONT);
	cr_expect_eq(s.actions[4].kind, ACTION_KILL);
	cr_expect_eq(s.actions[4].target, 0);
	cr_expect_str_eq(s.actions[5].text, "last at 3 s");
	scenario_free(&s);

	/* A script may name a group defined below it. */
	parse_ok(HEAD "[script]\ndo = 1s kill late-1\n" PROD "[consumer.late]\n", &s);
	cr_expect_eq(s.actions[0].target, 1);
	scenario_free(&s);
}

Test(scenario, set_channel_capacities)
{
	struct scenario s;
	int max = msg_max();

	parse_ok(HEAD "capacity = 3\n" PROD CONS, &s);
	scenario_set_channel(&s, CHANNEL_PIPE);
	cr_expect_eq(s.channel, CHANNEL_PIPE);
	cr_expect_eq(s.capacity, 4);
	scenario_set_channel(&s, CHANNEL_SHM);
	cr_expect_eq(s.channel, CHANNEL_SHM);
	cr_expect_eq(s.capacity, 4, "shm keeps the capacity for the way back");
	scenario_set_channel(&s, CHANNEL_QUEUE);
	cr_expect_eq(s.capacity, 4 <= max ? 4 : max);
	cr_expect_eq(s.nactors, 2, "everything else is kept");
	cr_expect_eq(s.groups[0].nvalues, 5);
	scenario_free(&s);

	parse_ok("[scenario]\nchannel = pipe\ncapacity = 64\n" PROD CONS, &s);
	scenario_set_channel(&s, CHANNEL_QUEUE);
	cr_expect_eq(s.capacity, max < 64 ? max : 64);
	scenario_set_channel(&s, CHANNEL_PIPE);
	cr_expect_eq(s.capacity, pipe_capacity(max < 64 ? max : 64));
	scenario_free(&s);

	parse_ok("[scenario]\nchannel = pipe\ncapacity = 1\n" PROD CONS, &s);
	scenario_set_channel(&s, CHANNEL_PIPE);
	cr_expect_eq(s.capacity, 1);
	scenario_free(&s);

	/* The shm tutorial switched over gets each channel's own default. */
	cr_assert_eq(scenario_load("shm", &s, NULL, 0), 0);
	scenario_set_channel(&s, CHANNEL_QUEUE);
	cr_expect_eq(s.capacity, max < 10 ? max : 10);
	scenario_free(&s);
	cr_assert_eq(scenario_load("shm", &s, NULL, 0), 0);
	scenario_set_channel(&s, CHANNEL_PIPE);
	cr_expect_eq(s.capacity, 16);
	scenario_free(&s);

	/* The queue tutorial on a pipe and back. */
	cr_assert_eq(scenario_load("queue", &s, NULL, 0), 0);
	scenario_set_channel(&s, CHANNEL_PIPE);
	cr_expect_eq(s.capacity, 16);
	scenario_set_channel(&s, CHANNEL_QUEUE);
	cr_expect_eq(s.capacity, max < 16 ? max : 16);
	scenario_free(&s);
}

Test(scenario, copy_and_free)
{
	struct scenario a, b;

	cr_assert_eq(scenario_load("pipe-kill", &a, NULL, 0), 0);
	cr_assert_eq(scenario_copy(&b, &a), 0);
	cr_expect_str_eq(b.name, a.name);
	cr_expect_str_eq(b.title, a.title);
	cr_expect_neq(b.title, a.title);
	cr_expect_eq(b.nactors, a.nactors);
	cr_expect_eq(b.ngroups, a.ngroups);
	cr_assert_eq(b.groups[0].nvalues, a.groups[0].nvalues);
	cr_expect_neq(b.groups[0].values, a.groups[0].values);
	cr_expect_arr_eq(b.groups[0].values, a.groups[0].values,
			 a.groups[0].nvalues * sizeof a.groups[0].values[0]);
	cr_assert_eq(b.nactions, a.nactions);
	cr_expect_neq(b.actions, a.actions);
	cr_expect_str_eq(b.actions[1].text, a.actions[1].text);
	cr_expect_neq(b.actions[1].text, a.actions[1].text);
	cr_expect_null(b.actions[0].text);

	/* The copy lives on alone. */
	scenario_free(&a);
	cr_expect_null(a.title);
	cr_expect_eq(a.nactors, 0);
	scenario_free(&a);
	cr_expect_eq(b.groups[0].values[11], 11);
	cr_expect_eq(b.actions[0].at_ms, 3000);
	scenario_free(&b);

	struct scenario zero;
	memset(&zero, 0, sizeof zero);
	scenario_free(&zero);
	cr_assert_eq(scenario_copy(&b, &zero), 0);
	scenario_free(&b);
}

Test(scenario, load_file_and_missing_file)
{
	char path[] = "/tmp/ipcviz-test-XXXXXX";
	char named[64], err[512], want[600];
	struct scenario s;
	int fd = mkstemp(path);
	const char *text = "[scenario]\ntitle = From a file\nchannel = pipe\ncapacity = 8\n"
			   "[producer]\nvalues = 0..2\n[consumer]\nstop = 2\n";

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	snprintf(named, sizeof named, "%s.ini", path);
	cr_assert_eq(rename(path, named), 0);

	cr_assert_eq(scenario_load(named, &s, err, sizeof err), 0, "%s", err);
	cr_expect_str_eq(s.name, strrchr(path, '/') + 1);
	cr_expect_str_eq(s.title, "From a file");
	cr_expect_eq(s.capacity, 8);
	scenario_free(&s);

	/* An error in a file names the file as given. */
	fd = open(named, O_WRONLY | O_TRUNC);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "[scenario]\nchannel = tube\n", 26), 26);
	close(fd);
	cr_assert_eq(scenario_load(named, &s, err, sizeof err), -1);
	snprintf(want, sizeof want,
		 "%s:2: channel: `tube` is not a channel (use pipe, queue, shm, ring, socketpair, fifo, race or race-locked)", named);
	cr_expect_str_eq(err, want);
	unlink(named);

	cr_assert_eq(scenario_load(named, &s, err, sizeof err), -1);
	snprintf(want, sizeof want, "%s: cannot read: %s", named, strerror(ENOENT));
	cr_expect_str_eq(err, want);
	scenario_free(&s);

	cr_assert_eq(scenario_load("/tmp", &s, err, sizeof err), -1);
	snprintf(want, sizeof want, "/tmp: cannot read: %s", strerror(EISDIR));
	cr_expect_str_eq(err, want);
}
