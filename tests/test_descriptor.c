/* test_descriptor.c - every channel's descriptor has what the rest of ipcviz
 * asks of it. The tests walk the table of descriptors, so a new channel (one
 * file and one row in channel.h's CHANNEL_TABLE) is checked without writing a
 * test for it: a word, names and sentences that are translated, the syscall and
 * the C of each operation, a capacity rule that holds to its range, a key of
 * its own. No process is started here: channel_open's tests are test_channel's.
 */
#include <criterion/criterion.h>

#include <ctype.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"

#define ZH "zh_CN.UTF-8"

TestSuite(descriptor, .timeout = 30);

/* A loop over every descriptor of the table, as d. */
#define EACH_DESC(d)                                                                       \
	for (int k_ = 0; k_ < CHANNEL_KIND_COUNT; k_++)                                     \
		for (const struct channel_desc *d = channel_desc_of((enum channel_kind)k_); d; \
		     d = NULL)

Test(descriptor, the_table_has_one_for_each_kind_and_nothing_more)
{
	cr_assert_null(channel_desc_of(CHANNEL_KIND_COUNT));
	cr_assert_null(channel_desc_of((enum channel_kind)-1));
	for (int k = 0; k < CHANNEL_KIND_COUNT; k++) {
		const struct channel_desc *d = channel_desc_of((enum channel_kind)k);
		cr_assert_not_null(d, "kind %d has no descriptor", k);
		cr_expect_eq((int)d->kind, k, "%s: its kind is not its row", d->word);
	}
}

Test(descriptor, each_has_a_word_of_its_own_found_by_that_word)
{
	EACH_DESC(d) {
		cr_assert_not_null(d->word);
		cr_expect_gt(strlen(d->word), 0);
		for (const char *c = d->word; *c; c++)
			cr_expect(islower((unsigned char)*c) || *c == '-',
				  "%s: a scenario word is lower case letters and '-'", d->word);
		cr_expect_eq(channel_desc_by_word(d->word), d, "%s: another has its word", d->word);
	}
	cr_expect_null(channel_desc_by_word("carrier-pigeon"));
	cr_expect_null(channel_desc_by_word(NULL));
}

Test(descriptor, each_has_its_operations)
{
	EACH_DESC(d) {
		const struct channel_ops *o = d->ops;
		cr_assert_not_null(o, "%s: no operations", d->word);
		cr_expect(o->open && o->attach && o->release && o->try_put && o->try_get &&
			  o->put && o->get && o->close && o->sleeps_in,
			  "%s: an operation is missing", d->word);
		cr_expect(!d->blocks || o->blocking_call, "%s: it blocks, in no call", d->word);
		cr_expect(!d->counter || o->counter_value, "%s: a counter with no value", d->word);
		cr_expect(!d->kfill_unit || o->kernel_fill,
			  "%s: a kernel count with no way to ask it", d->word);
	}
}

Test(descriptor, what_it_can_do_fits_together)
{
	EACH_DESC(d) {
		cr_expect(!d->counter || d->cell, "%s: a counter is one cell", d->word);
		cr_expect(!d->cell || (!d->boxes && !d->duplex && !d->named && !d->sized_items),
			  "%s: a cell has no items to box, answer, name or size", d->word);
		if (d->kfill_unit)
			cr_expect(strcmp(d->kfill_unit, "bytes") == 0 ||
				  strcmp(d->kfill_unit, "msgs") == 0 ||
				  strcmp(d->kfill_unit, "items") == 0,
				  "%s: a unit the screen cannot say: %s", d->word, d->kfill_unit);
	}
}

/* Each operation says where a process sleeps in it, with its manual page, and
 * what the child runs, for the code pane. */
Test(descriptor, each_operation_has_its_syscall_and_its_code)
{
	EACH_DESC(d) {
		const struct channel_call *calls[2] = {&d->put, &d->get};
		for (int i = 0; i < 2; i++) {
			const struct channel_call *c = calls[i];
			cr_expect_not_null(c->ref, "%s: no manual reference", d->word);
			cr_expect(c->code && c->code[0], "%s: no code", d->word);
			cr_expect((c->sleeps != NULL) == d->blocks,
				  "%s: a call to sleep in if and only if it blocks", d->word);
			if (c->sleeps && c->ref)
				cr_expect_eq(strncmp(c->ref, c->sleeps, strlen(c->sleeps)), 0,
					     "%s: %s is not the page of %s", d->word, c->ref, c->sleeps);
			/* glibc's mq_send is the syscall mq_timedsend with no
			 * timeout: the code names the library call it runs (a NULL
			 * timeout to mq_timedsend itself breaks its nonnull) */
			char untimed[64] = "";
			const char *timed = c->sleeps ? strstr(c->sleeps, "timed") : NULL;
			if (timed)
				snprintf(untimed, sizeof untimed, "%.*s%s", (int)(timed - c->sleeps),
					 c->sleeps, timed + 5);
			if (c->sleeps && c->code && strcmp(c->sleeps, "futex") != 0)
				cr_expect(strstr(c->code, c->sleeps) ||
						  (untimed[0] && strstr(c->code, untimed)),
						   "%s: the code \"%s\" does not make the call %s",
						   d->word, c->code, c->sleeps);
			if (c->sleeps && strcmp(c->sleeps, "futex") == 0)
				cr_expect_not_null(strstr(c->code, "sem_"),
						   "%s: a futex call with no semaphore in \"%s\"",
						   d->word, c->code);
		}
	}
}

/* The capacity rule: no capacity asked gives one in its range, its range is
 * taken and nothing beyond it, and a refusal says why. */
Test(descriptor, each_capacity_rule_keeps_to_its_range)
{
	EACH_DESC(d) {
		int max = channel_capacity_max(d), cap = -1;
		char err[256] = "";

		cr_assert_not_null(d->capacity.error, "%s: no message for a wrong capacity", d->word);
		cr_assert_eq(channel_capacity_check(d, false, 0, &cap, err, sizeof err), 0);
		if (max == 0) {
			cr_expect_eq(cap, 0, "%s: takes no capacity, yet has one", d->word);
			cr_expect_eq(channel_capacity_check(d, true, 1, &cap, err, sizeof err), -1);
			cr_expect_not_null(strstr(err, "capacity"), "%s: \"%s\"", d->word, err);
			cr_expect_eq(channel_capacity_fit(d, 5), 5, "%s: keeps the number", d->word);
			continue;
		}
		cr_expect(cap >= d->capacity.min && cap <= max, "%s: default %d", d->word, cap);
		cr_expect_eq(channel_capacity_fit(d, 0), cap, "%s: fit(0) is the default", d->word);
		cr_expect_eq(channel_capacity_check(d, true, max, &cap, err, sizeof err), 0,
			     "%s: its largest, %d, is refused", d->word, max);
		cr_expect_eq(cap, max);
		cr_expect_eq(channel_capacity_check(d, true, d->capacity.min, &cap, err, sizeof err), 0);
		err[0] = '\0';
		cr_expect_eq(channel_capacity_check(d, true, max + 1LL, &cap, err, sizeof err), -1);
		cr_expect_not_null(strstr(err, "capacity"), "%s: \"%s\"", d->word, err);
		cr_expect_eq(channel_capacity_check(d, true, d->capacity.min - 1LL, &cap, err,
						    sizeof err), -1);
		cr_expect_eq(channel_capacity_fit(d, max + 1000), max, "%s", d->word);
		for (int c = d->capacity.min; c <= max && c <= 64; c++) {
			int f = channel_capacity_fit(d, c);
			cr_expect(f >= c && channel_capacity_check(d, true, f, &cap, err, sizeof err) == 0,
				  "%s: fit(%d) = %d is not a capacity it takes", d->word, c, f);
		}
	}
}

/* A key on the screen: a digit, none taken twice, found by it, and the words
 * shown after a title moved onto it. */
Test(descriptor, keys_are_digits_of_their_own)
{
	int seen[256] = {0};

	EACH_DESC(d) {
		cr_expect((d->key == 0) == (d->now_on == NULL),
			  "%s: a key needs its words after the title, and only a key", d->word);
		if (!d->key)
			continue;
		cr_expect(d->key >= '1' && d->key <= '9', "%s: key %c", d->word, d->key);
		cr_expect_eq(seen[(unsigned char)d->key]++, 0, "%s: key %c taken twice", d->word,
			     d->key);
		cr_expect_eq(channel_desc_by_key(d->key), d);
	}
	cr_expect_null(channel_desc_by_key(0));
	cr_expect_null(channel_desc_by_key('q'));
}

/* The screen's words are there, and the functions write something. */
Test(descriptor, each_has_its_words)
{
	EACH_DESC(d) {
		char buf[256];

		cr_expect(d->name && d->name[0], "%s: no name", d->word);
		cr_expect(d->noun && d->noun[0], "%s: no noun", d->word);
		cr_expect(d->killed_effect[0] && d->killed_effect[1], "%s: no words for a kill",
			  d->word);
		cr_assert_not_null(d->capacity_words, "%s", d->word);
		buf[0] = '\0';
		d->capacity_words(buf, sizeof buf, 4, 16384, "/ipcviz-1-0");
		cr_expect_gt(strlen(buf), 0, "%s: no capacity words", d->word);
		cr_expect(d->cell || d->slots_title, "%s: slots with no title", d->word);
		if (d->slots_title) {
			char brief[256] = "";
			buf[0] = '\0';
			d->slots_title(buf, sizeof buf, 4, false);
			d->slots_title(brief, sizeof brief, 4, true);
			cr_expect(buf[0] && brief[0], "%s: no slots title", d->word);
			cr_expect_leq(strlen(brief), strlen(buf), "%s: the brief one is longer",
				      d->word);
		}
		if (d->kernel_size) {
			int kcap = 0;
			long bytes = -1;
			d->kernel_size(3, &kcap, &bytes);
			cr_expect_geq(kcap, 3, "%s: the kernel gives less than asked", d->word);
			cr_expect_geq(bytes, 0);
		}
	}
}

/* The same words in Chinese: each one has a translation. */
static void expect_translated(const struct channel_desc *d, const char *what, const char *s)
{
	if (s)
		cr_expect_str_neq(gettext(s), s, "%s: the %s \"%s\" has no translation", d->word,
				  what, s);
}

static bool has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

Test(descriptor, each_word_is_translated)
{
	cr_assert_not_null(setlocale(LC_ALL, ZH), "no zh_CN.UTF-8 locale (scripts/setup makes it)");
	unsetenv("LANGUAGE");
	bindtextdomain("ipcviz", IPCVIZ_LOCALEDIR);
	bind_textdomain_codeset("ipcviz", "UTF-8");
	textdomain("ipcviz");
	EACH_DESC(d) {
		char buf[256], err[256];
		int cap;

		expect_translated(d, "name", d->name);
		expect_translated(d, "noun", d->noun);
		expect_translated(d, "words after a title", d->now_on);
		expect_translated(d, "why", d->why);
		expect_translated(d, "why after", d->why_after);
		expect_translated(d, "wake", d->empty_wakes);
		expect_translated(d, "kill", d->killed_effect[0]);
		expect_translated(d, "kill", d->killed_effect[1]);
		expect_translated(d, "kill", d->killed_holding);
		expect_translated(d, "limit", d->one_producer);
		expect_translated(d, "limit", d->one_consumer);
		/* what the functions write is Chinese now */
		d->capacity_words(buf, sizeof buf, 4, 16384, "/ipcviz-1-0");
		cr_expect(has_non_ascii(buf), "%s: \"%s\" is not translated", d->word, buf);
		err[0] = '\0';
		channel_capacity_check(d, true, 100000, &cap, err, sizeof err);
		cr_expect(has_non_ascii(err), "%s: \"%s\" is not translated", d->word, err);
	}
	setlocale(LC_ALL, "C.UTF-8");
}

Test(descriptor, the_words_of_the_channels_name_each_once)
{
	char buf[512];

	channel_words(buf, sizeof buf);
	cr_expect_str_eq(buf, "pipe, queue, shm, ring, socketpair, fifo, race or race-locked");
	EACH_DESC(d)
		cr_expect_not_null(strstr(buf, d->word), "%s is missing from \"%s\"", d->word, buf);
}
