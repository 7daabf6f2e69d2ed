/* summary.c - what a run showed, in a few lines at its end: the headless
 * run's last words and the screen's summary panel.
 *
 * A summary is the lesson in numbers and one reason: how many items went
 * through, who had to wait how often and for what, and why the kernel made
 * them wait (its bounded buffer, a ring's semaphores); on a shared value the
 * values that were lost or read twice; on a counter the updates that were lost
 * and why an increment, a load then a store, can lose one; items that came
 * from outside ipcviz; who was killed and what error anyone saw. It reads only
 * the model, so a replay summarises a trace just as a run summarises itself,
 * and what a channel says in its own words comes from its descriptor.
 */
#include "describe.h"

#include <inttypes.h>
#include <stdio.h>

#include "i18n.h"
#include "text.h"

static void summary_shm(struct text *t, const struct model *m)
{
	char writes[64], reads[64];

	snprintf(writes, sizeof writes, ngettext("%ld write", "%ld writes",
						 (unsigned long)m->puts), m->puts);
	snprintf(reads, sizeof reads, ngettext("%ld read", "%ld reads",
					       (unsigned long)m->gets), m->gets);
	text_printf(t, _("The shared value: %s, %s.\n"), writes, reads);
	if (m->overwritten > 0) {
		text_printf(t, ngettext("%ld value was overwritten before anyone read it:",
					"%ld values were overwritten before anyone read them:",
					(unsigned long)m->overwritten), m->overwritten);
		for (int i = 0; i < m->nlost; i++) /* TRANSLATORS: the list of lost values */
			text_printf(t, i == 0 ? _(" %" PRId32) : _(", %" PRId32), m->lost[i]);
		if (m->overwritten > m->nlost)
			text_printf(t, _(" (the latest %d)"), m->nlost);
		/* TRANSLATORS: ends the list of lost values */
		text_puts(t, _(".\n"));
		text_puts(t, _("Why: a shared value holds only the latest write, and nothing makes "
			       "the producer wait for the consumer.\n"));
	} else if (m->puts > 0) {
		text_puts(t, _("No value was lost: each one was read before the next write.\n"));
	}
	if (m->stale > 0) {
		text_printf(t, ngettext("%ld read found a value already read (a stale read).\n",
					"%ld reads found a value already read (stale reads).\n",
					(unsigned long)m->stale), m->stale);
		text_puts(t, _("Why: nothing makes the consumer wait for a new value either; it "
			       "reads whatever the cell holds.\n"));
	}
}

/* The first line: items through the channel. A FIFO's writes from outside
 * ipcviz are items too, but no actor put them. */
static void summary_count(struct text *t, const struct model *m, const char *noun)
{
	text_printf(t, ngettext("%ld item passed through %s", "%ld items passed through %s",
				(unsigned long)m->gets), m->gets, noun);
	if (m->item_bytes > 4096)
		text_printf(t, _(" (%ld put, %ld got).\n"), m->puts, m->gets);
	else if (m->outside > 0)
		text_printf(t, _(" (%ld put, %ld written from outside, %ld got); %d left in it.\n"),
			    m->puts, m->outside, m->gets, m->fill);
	else
		text_printf(t, _(" (%ld put, %ld got); %d left in it.\n"), m->puts, m->gets,
			    m->fill);
}

/* fifo: what came from outside ipcviz, and why anyone could write it. */
static void summary_outside(struct text *t, const struct model *m)
{
	if (!describe_desc(m)->named)
		return;
	if (m->outside == 0) {
		text_puts(t, _("Nothing came from outside: no other process wrote into the "
			       "FIFO.\n"));
		return;
	}
	text_printf(t, ngettext("%ld item was written into the FIFO from outside, by a process "
				"ipcviz did not start.\n",
				"%ld items were written into the FIFO from outside, by processes "
				"ipcviz did not start.\n", (unsigned long)m->outside), m->outside);
	text_puts(t, _("Why: a FIFO has a name in the file system, so any process allowed to "
		       "open its path may write into it.\n"));
}

/* Why the waits happened: the kernel's own bounded buffer, or what the channel
 * says of itself (a ring's semaphores, which also mean nothing could be
 * overwritten). */
static void summary_why(struct text *t, const struct model *m, const char *noun,
				 bool any)
{
	if (!any)
		text_puts(t, _("Nobody blocked: no producer found it full and no consumer found "
			       "it empty.\n"));
	else if (describe_desc(m)->why) /* in the channel's own words */
		text_puts(t, _(describe_desc(m)->why));
	else
		text_printf(t, _("Why: the kernel makes a writer wait while %s is full and a "
				 "reader wait while it is empty, which keeps them in step.\n"),
			    noun);
	if (describe_desc(m)->why_after && m->puts > 0)
		text_puts(t, _(describe_desc(m)->why_after));
}

/* A pipe with items of a size of their own: were any mixed, and why. */
static void summary_atomic(struct text *t, const struct model *m)
{
	if (m->item_bytes == 0)
		return;
	if (m->mixed > 0) {
		text_printf(t, ngettext("%ld item of %d bytes was mixed of two writes.\n",
					"%ld items of %d bytes were mixed of two writes.\n",
					(unsigned long)m->mixed), m->mixed, m->item_bytes);
		text_puts(t, _("Why: a write of more than PIPE_BUF (4096) bytes is not atomic: "
			       "the kernel writes what fits, the writer sleeps for the rest, and "
			       "another writer's bytes get in between.\n"));
	} else if (m->item_bytes <= 4096 && m->gets > 0) {
		text_printf(t, _("No item of %d bytes was mixed: a write of at most PIPE_BUF (4096) "
				 "bytes to a pipe is atomic.\n"), m->item_bytes);
	}
}

static void summary_channel(struct text *t, const struct model *m)
{
	const char *noun = describe_noun(m);
	bool any = false;

	summary_count(t, m, noun);
	/* the channel's own lesson first: on a small screen it is what stays */
	summary_atomic(t, m);
	summary_outside(t, m);
	for (int i = 0; i < m->nactors; i++) {
		const struct model_actor *a = &m->actors[i];

		if (a->blocked_count == 0)
			continue;
		any = true;
		if (a->role == ROLE_CONSUMER)
			text_printf(t, ngettext("%s blocked %ld time: %s was empty.\n",
						"%s blocked %ld times: %s was empty.\n",
						(unsigned long)a->blocked_count),
				    a->name, a->blocked_count, noun);
		else
			text_printf(t, ngettext("%s blocked %ld time: %s was full.\n",
						"%s blocked %ld times: %s was full.\n",
						(unsigned long)a->blocked_count),
				    a->name, a->blocked_count, noun);
	}
	summary_why(t, m, noun, any);
}

/* socketpair: items one way, answers the other. Each actor takes two-step
 * turns (a producer sends, then gets the answer; a consumer gets an item,
 * then answers it), so of an actor's moves the odd one is of the first kind.
 * The model counts blocks per actor, not per direction: a producer's are
 * taken as waits for an answer, which is where the protocol makes it wait. */
static void summary_duplex(struct text *t, const struct model *m)
{
	long sent = 0, taken = 0, answered = 0, answers = 0;
	bool any = false;

	for (int i = 0; i < m->nactors; i++) {
		const struct model_actor *a = &m->actors[i];
		long second = a->done / 2;

		if (a->role == ROLE_CONSUMER) {
			taken += a->done - second;
			answered += second;
		} else {
			sent += a->done - second;
			answers += second;
		}
	}
	text_printf(t, _("Items: %ld sent, %ld taken by a consumer. Answers: %ld sent back, %ld "
			 "received.\n"), sent, taken, answered, answers);
	for (int i = 0; i < m->nactors; i++) {
		const struct model_actor *a = &m->actors[i];
		unsigned long n = (unsigned long)a->blocked_count;

		if (n == 0)
			continue;
		any = true;
		if (a->role == ROLE_CONSUMER)
			text_printf(t, ngettext("%s blocked %ld time: no item had come, it "
						"slept in read(2) on its socket.\n",
						"%s blocked %ld times: no item had come, it "
						"slept in read(2) on its socket.\n", n),
				    a->name, a->blocked_count);
		else
			text_printf(t, ngettext("%s blocked %ld time: it waited for an answer, "
						"asleep in read(2) on its socket.\n",
						"%s blocked %ld times: it waited for an answer, "
						"asleep in read(2) on its socket.\n", n),
				    a->name, a->blocked_count);
	}
	if (any)
		text_puts(t, _("Why: a socket pair carries both directions, each with its own "
			       "buffer in the kernel; a producer that waits for each answer is "
			       "held to its consumer's pace.\n"));
	else
		text_puts(t, _("Nobody blocked: each item and each answer was there when asked "
			       "for.\n"));
}

/* race: the result against the increments made. */
static void summary_result(struct text *t, const struct model *m)
{
	unsigned long n = (unsigned long)m->expected;

	if (!m->has_result)
		return;
	if (m->counter < m->expected)
		text_printf(t, ngettext("Result: the counter is %" PRId64 ", but %" PRId64
					" increment was made: %" PRId64 " lost.\n",
					"Result: the counter is %" PRId64 ", but %" PRId64
					" increments were made: %" PRId64 " lost.\n", n),
			    m->counter, m->expected, m->expected - m->counter);
	else
		text_printf(t, ngettext("Result: the counter is %" PRId64 ", and %" PRId64
					" increment was made.\n",
					"Result: the counter is %" PRId64 ", and %" PRId64
					" increments were made.\n", n), m->counter, m->expected);
}

/* race-locked: who waited for the lock. True if anyone did. */
static bool summary_lock_waits(struct text *t, const struct model *m)
{
	bool any = false;

	for (int i = 0; i < m->nactors; i++) {
		const struct model_actor *a = &m->actors[i];

		if (a->blocked_count == 0)
			continue;
		any = true;
		text_printf(t, ngettext("%s waited %ld time for the lock, asleep in futex(2).\n",
					"%s waited %ld times for the lock, asleep in futex(2).\n",
					(unsigned long)a->blocked_count),
			    a->name, a->blocked_count);
	}
	return any;
}

/* race and race-locked: loads, stores, the result, and the lesson: updates
 * lost, or none thanks to the lock (a counter that blocks has one). */
static void summary_counter(struct text *t, const struct model *m)
{
	char loads[64], stores[64];

	snprintf(loads, sizeof loads, ngettext("%ld load", "%ld loads", (unsigned long)m->gets),
		 m->gets);
	snprintf(stores, sizeof stores, ngettext("%ld store", "%ld stores",
						 (unsigned long)m->puts), m->puts);
	text_printf(t, _("The counter: %s, %s.\n"), loads, stores);
	summary_result(t, m);
	if (m->overwritten > 0) {
		text_printf(t, ngettext("%ld update was lost: a process stored over a value "
					"another process had stored after its load.\n",
					"%ld updates were lost: each time, a process stored over "
					"a value another process had stored after its load.\n",
					(unsigned long)m->overwritten), m->overwritten);
		text_puts(t, _("Why: an increment is a load, then a store. Nothing kept another "
			       "process from storing in between, so the later store was built on "
			       "an old value and wiped that increment out.\n"));
	} else if (describe_desc(m)->blocks) {
		text_puts(t, _("No update was lost: the lock let only one process at a time be "
			       "between its load and its store.\n"));
		if (summary_lock_waits(t, m))
			text_puts(t, _("That is the price of the lock: the others wait.\n"));
	} else if (m->puts > 0) {
		text_puts(t, _("No update was lost this time: no process stored between another "
			       "one's load and store.\n"));
	}
}

/* A few lines on what the run showed, each ending in '\n'. */
const char *describe_summary(const struct model *m, char *buf, size_t len)
{
	const struct channel_desc *d = describe_desc(m);
	struct text t;
	char sig[32], num[32], multi[1024];

	text_init(&t, buf, len);
	if (m->nchannels)
		text_puts(&t, describe_multi_summary(m, multi, sizeof multi));
	else if (d->counter)
		summary_counter(&t, m);
	else if (d->cell)
		summary_shm(&t, m);
	else if (d->duplex)
		summary_duplex(&t, m);
	else
		summary_channel(&t, m);
	for (int i = 0; i < m->nactors; i++) {
		const struct model_actor *a = &m->actors[i];

		if (a->state == ACTOR_KILLED)
			text_printf(&t, _("%s was killed by %s.\n"), a->name,
				    describe_signal(a->exit_signal, sig, sizeof sig));
		if (a->has_error)
			text_printf(&t, _("%s saw the error %s: %s.\n"), a->name,
				    describe_errno(a->err, num, sizeof num),
				    describe_errno_reason(a->err));
	}
	if (m->has_result && !d->counter)
		text_printf(&t, _("Result: counter %" PRId64 " of expected %" PRId64 ".\n"),
			    m->counter, m->expected);
	if (m->predicted > 0)
		/* TRANSLATORS: predict mode's score (DESIGN 13 fixes the English words) */
		text_printf(&t, _("You predicted %d of %d.\n"), m->predicted_right, m->predicted);
	return buf;
}
