/* channel_race.c - one shared counter in POSIX shared memory that several
 * processes increment, as `counter.value += 1` does in Python: a load, then a
 * store of what was loaded plus one. The scheduler grants the load and the
 * store as separate steps (a get, then a put), so another process can come in
 * between, on real memory, the same way every run.
 *
 *   race:         nothing guards the counter. A store that lands after someone
 *                 else's store since our load wipes out their increment; the
 *                 memory itself shows it (its write count moved on), so each lost
 *                 update is reported as `overwritten`.
 *   race-locked:  the load takes a process-shared semaphore used as a lock and
 *                 the store gives it back. Whoever wants to load meanwhile sleeps
 *                 in futex(2) until then, so no update can be lost.
 */
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "channel.h"
#include "channel_util.h"
#include "i18n.h"

struct race_cell {
	uint32_t seq;     /* stores so far */
	int32_t counter;
	sem_t lock;       /* race-locked only */
};

static bool race_locked(const struct channel *ch)
{
	return ch->desc->blocks;
}

static int race_open(struct channel *ch, int capacity, char *err, size_t errlen)
{
	struct race_cell *c;

	(void)capacity;
	if (channel_map_shared(ch, sizeof *c, err, errlen) != 0)
		return -1;
	c = ch->map;
	if (sem_init(&c->lock, 1, 1) != 0) {
		snprintf(err, errlen, _("cannot set up the semaphores: %s"), strerror(errno));
		munmap(ch->map, sizeof *c);
		ch->map = NULL;
		return -1;
	}
	ch->kernel_capacity = 1;
	return 0;
}

static int race_attach(struct channel *ch, enum role role)
{
	ch->role = role;
	return 0;
}

static void race_release(struct channel *ch)
{
	ch->released = true; /* unlinked in open() */
}

/* The load: take the lock if there is one, then read the counter. */
static enum ch_result race_load(struct channel *ch, struct ch_item *item, bool try)
{
	struct race_cell *c = ch->map;

	if (race_locked(ch)) {
		int rc;
		while ((rc = try ? sem_trywait(&c->lock) : sem_wait(&c->lock)) != 0 &&
		       errno == EINTR)
			;
		if (rc != 0)
			return errno == EAGAIN ? CH_AGAIN : CH_ERROR;
	}
	memset(item, 0, sizeof *item);
	ch->loaded_seq = __atomic_load_n(&c->seq, __ATOMIC_SEQ_CST);
	ch->loaded = __atomic_load_n(&c->counter, __ATOMIC_SEQ_CST);
	item->value = ch->loaded;
	item->seq = ch->loaded_seq;
	return CH_OK;
}

/* The store: what was loaded, plus one; then give the lock back. If someone
 * stored since our load, their value is gone: that is the lost update. */
static enum ch_result race_store(struct channel *ch, struct ch_item *item)
{
	struct race_cell *c = ch->map;
	uint32_t seq = __atomic_load_n(&c->seq, __ATOMIC_SEQ_CST);

	item->lost = seq != ch->loaded_seq;
	item->lost_value = __atomic_load_n(&c->counter, __ATOMIC_SEQ_CST);
	item->value = ch->loaded + 1;
	__atomic_store_n(&c->counter, item->value, __ATOMIC_SEQ_CST);
	__atomic_store_n(&c->seq, seq + 1, __ATOMIC_SEQ_CST);
	item->seq = seq + 1;
	if (race_locked(ch))
		sem_post(&c->lock);
	return CH_OK;
}

static enum ch_result race_try_get(struct channel *ch, struct ch_item *item)
{
	return race_load(ch, item, true);
}

static enum ch_result race_get(struct channel *ch, struct ch_item *item)
{
	return race_load(ch, item, false);
}

static int64_t race_counter(const struct channel *ch)
{
	const struct race_cell *c = ch->map;

	return c ? __atomic_load_n(&c->counter, __ATOMIC_SEQ_CST) : 0;
}

/* Asleep in futex(2) on the lock's word. */
static bool race_sleeps_in(const struct channel *ch, enum role role, long nr, long arg0)
{
	const struct race_cell *c = ch->map;

	(void)role;
	return race_locked(ch) && channel_sleeps_on(&c->lock, sizeof c->lock, nr, arg0);
}

static const char *race_blocking_call(enum role role)
{
	(void)role;
	return "futex";
}

static void race_close(struct channel *ch)
{
	if (ch->map)
		munmap(ch->map, sizeof(struct race_cell));
	ch->map = NULL;
}

/* One set of operations for both: the descriptor says whether there is a lock. */
static const struct channel_ops channel_race_ops = {
	.open = race_open,
	.attach = race_attach,
	.release = race_release,
	.try_put = race_store,
	.try_get = race_try_get,
	.put = race_store,
	.get = race_get,
	.sleeps_in = race_sleeps_in,
	.blocking_call = race_blocking_call,
	.close = race_close,
	.counter_value = race_counter,
};

static void race_capacity_error(char *buf, size_t len, int max)
{
	(void)max;
	channel_cell_capacity_error(buf, len, "race");
}

static void race_locked_capacity_error(char *buf, size_t len, int max)
{
	(void)max;
	channel_cell_capacity_error(buf, len, "race-locked");
}

static void race_capacity_words(char *buf, size_t len, int kernel_capacity, long kernel_bytes,
				const char *kernel_name)
{
	(void)kernel_capacity;
	(void)kernel_bytes;
	(void)kernel_name;
	snprintf(buf, len, "%s", _("one int in shared memory, no lock"));
}

static void race_locked_capacity_words(char *buf, size_t len, int kernel_capacity,
				       long kernel_bytes, const char *kernel_name)
{
	(void)kernel_capacity;
	(void)kernel_bytes;
	(void)kernel_name;
	snprintf(buf, len, "%s", _("one int in shared memory, a semaphore as its lock"));
}

/* An increment is a load (a get), then a store (a put). */
const struct channel_desc channel_race_desc = {
	.kind = CHANNEL_RACE,
	.word = "race",
	.ops = &channel_race_ops,
	.cell = true,
	.counter = true,
	.put = {NULL, "write", "*counter = v + 1"},
	.get = {NULL, "read", "v = *counter"},
	.capacity = {.error = race_capacity_error},
	.name = N_("shared counter"),
	.noun = N_("the counter"),
	.capacity_words = race_capacity_words,
	.killed_effect = {
		N_(" The counter does not notice: the others go on incrementing it."),
		N_(" The counter does not notice: the others go on incrementing it."),
	},
	.program = &channel_race_program,
};

const struct channel_desc channel_race_locked_desc = {
	.kind = CHANNEL_RACE_LOCKED,
	.word = "race-locked",
	.ops = &channel_race_ops,
	.blocks = true,
	.cell = true,
	.counter = true,
	.put = {"futex", "futex(2)", "*counter = v + 1\nsem_post(lock)"},
	.get = {"futex", "futex(2)", "sem_wait(lock)\nv = *counter"},
	.capacity = {.error = race_locked_capacity_error},
	.name = N_("shared counter with a lock"),
	.noun = N_("the counter"),
	.capacity_words = race_locked_capacity_words,
	.killed_effect = {
		N_(" It did not hold the lock: the others go on incrementing."),
		N_(" It did not hold the lock: the others go on incrementing."),
	},
	.killed_holding = N_(" It died between its load and its store, holding the lock: nobody "
			     "will give the lock back, so the others sleep in futex(2) for ever."),
	.program = &channel_race_locked_program,
};
