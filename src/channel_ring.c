/* channel_ring.c - the correct bounded buffer: a ring of `capacity` items in
 * POSIX shared memory, guarded by three process-shared semaphores, as every
 * operating systems course draws it:
 *
 *   producer: wait(slots)  wait(mutex)  put at head  post(mutex)  post(items)
 *   consumer: wait(items)  wait(mutex)  take at tail post(mutex)  post(slots)
 *
 * `slots` counts free places and `items` filled ones, so a producer sleeps on a
 * full ring and a consumer on an empty one, and no value is ever overwritten
 * (compare shm). A sleeping process waits in futex(2) on the semaphore's own
 * word inside the mapping, which is how the settle rule recognises it.
 */
#include <errno.h>
#include <inttypes.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "channel.h"
#include "channel_util.h"
#include "i18n.h"

/* Contract in channel.h. */
int channel_ring_init(struct channel_ring *r, int capacity)
{
	r->size = (uint32_t)capacity;
	r->head = r->tail = 0;
	if (sem_init(&r->slots, 1, (unsigned)capacity) != 0 || sem_init(&r->items, 1, 0) != 0 ||
	    sem_init(&r->mutex, 1, 1) != 0)
		return -1;
	return 0;
}

/* sem_wait, or sem_trywait when `try`, again after a signal; 0, or -1 with
 * errno (EAGAIN: a try that would wait). */
static int ring_wait(sem_t *sem, bool try)
{
	for (;;) {
		if ((try ? sem_trywait(sem) : sem_wait(sem)) == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

/* Contract in channel.h. */
enum ch_result channel_ring_move(struct channel_ring *r, int32_t *value, bool put, bool try)
{
	if (ring_wait(put ? &r->slots : &r->items, try) != 0)
		return errno == EAGAIN ? CH_AGAIN : CH_ERROR;
	if (ring_wait(&r->mutex, false) != 0)
		return CH_ERROR;
	if (put) {
		r->buf[r->head] = *value;
		r->head = (r->head + 1) % r->size;
	} else {
		*value = r->buf[r->tail];
		r->tail = (r->tail + 1) % r->size;
	}
	sem_post(&r->mutex);
	sem_post(put ? &r->items : &r->slots);
	return CH_OK;
}

/* Contract in channel.h. */
int channel_ring_count(struct channel_ring *r)
{
	int v = -1;

	return sem_getvalue(&r->items, &v) == 0 ? v : -1;
}

/* Contract in channel.h. */
bool channel_ring_sleeps_on(const struct channel_ring *r, bool put, long nr, long arg0)
{
	const sem_t *sem = put ? &r->slots : &r->items;

	return channel_sleeps_on(sem, sizeof *sem, nr, arg0);
}

static int ring_open(struct channel *ch, int capacity, char *err, size_t errlen)
{
	struct channel_ring *r;

	if (channel_map_shared(ch, sizeof *r, err, errlen) != 0)
		return -1;
	r = ch->map;
	if (channel_ring_init(r, capacity) != 0) {
		snprintf(err, errlen, _("cannot set up the semaphores: %s"), strerror(errno));
		munmap(ch->map, sizeof *r);
		ch->map = NULL;
		return -1;
	}
	ch->kernel_capacity = capacity;
	return 0;
}

static int ring_attach(struct channel *ch, enum role role)
{
	ch->role = role;
	return 0;
}

static void ring_release(struct channel *ch)
{
	ch->released = true; /* unlinked in open() */
}

static enum ch_result ring_move(struct channel *ch, struct ch_item *item, bool put, bool try)
{
	int32_t value = item->value;
	enum ch_result rc = channel_ring_move(ch->map, &value, put, try);

	if (rc == CH_OK && !put) {
		memset(item, 0, sizeof *item);
		item->value = value;
	}
	return rc;
}

static enum ch_result ring_try_put(struct channel *ch, struct ch_item *item)
{
	return ring_move(ch, item, true, true);
}

static enum ch_result ring_put(struct channel *ch, struct ch_item *item)
{
	return ring_move(ch, item, true, false);
}

static enum ch_result ring_try_get(struct channel *ch, struct ch_item *item)
{
	return ring_move(ch, item, false, true);
}

static enum ch_result ring_get(struct channel *ch, struct ch_item *item)
{
	return ring_move(ch, item, false, false);
}

/* The `items` semaphore's count, read from the mapping by the parent. */
static int ring_kernel_fill(const struct channel *ch)
{
	return ch->map ? channel_ring_count(ch->map) : -1;
}

/* Asleep in futex(2) on the word of the semaphore this role waits for. */
static bool ring_sleeps_in(const struct channel *ch, enum role role, long nr, long arg0)
{
	return channel_ring_sleeps_on(ch->map, role == ROLE_PRODUCER, nr, arg0);
}

static const char *ring_blocking_call(enum role role)
{
	(void)role;
	return "futex";
}

static void ring_close(struct channel *ch)
{
	if (ch->map)
		munmap(ch->map, sizeof(struct channel_ring));
	ch->map = NULL;
}

static const struct channel_ops channel_ring_ops = {
	.open = ring_open,
	.attach = ring_attach,
	.release = ring_release,
	.try_put = ring_try_put,
	.try_get = ring_try_get,
	.put = ring_put,
	.get = ring_get,
	.kernel_fill = ring_kernel_fill,
	.sleeps_in = ring_sleeps_in,
	.blocking_call = ring_blocking_call,
	.close = ring_close,
};

static void ring_capacity_error(char *buf, size_t len, int max)
{
	snprintf(buf, len, _("capacity must be 1..%d for a ring"), max);
}

static void ring_capacity_words(char *buf, size_t len, int kernel_capacity, long kernel_bytes,
				const char *kernel_name)
{
	(void)kernel_bytes;
	(void)kernel_name;
	snprintf(buf, len, _("%d places; semaphores slots, items, mutex"), kernel_capacity);
}

/* Its count is the `items` semaphore; the `slots` semaphore holds the rest. */
static void ring_fill_words(char *buf, size_t len, int count, int free, bool brief)
{
	snprintf(buf, len, brief ? _("sem items %d, free %d")
				 : _("semaphore items %d (sem_getvalue), so %d places free"),
		 count, free);
}

static void ring_slots_title(char *buf, size_t len, int capacity, bool brief)
{
	snprintf(buf, len, brief ? _("ring buffer: %d places")
				 : _("ring buffer in shared memory: %d places"), capacity);
}

/* Its waits are its semaphores': sem_wait(slots) while full, (items) while empty. */
static bool ring_blocked(char *buf, size_t len, const struct channel_wait *w)
{
	if (w->put)
		snprintf(buf, len, _("BLOCKED in %s: the ring is full (%d/%d): sem_wait(slots) sleeps"),
			 w->call, w->fill, w->capacity);
	else
		snprintf(buf, len, _("BLOCKED in %s: the ring is empty: sem_wait(items) sleeps"),
			 w->call);
	return true;
}

static bool ring_asleep(char *buf, size_t len, const struct channel_wait *w)
{
	int n;

	if (!w->put) {
		snprintf(buf, len, _("%s is asleep in the kernel inside futex(2), in sem_wait(items): "
				     "the ring is empty. A producer's sem_post(items), after it puts "
				     "an item, will wake it."), w->actor);
		return true;
	}
	n = snprintf(buf, len, _("%s is asleep in the kernel inside futex(2), in sem_wait(slots): "
				 "all %d places of the ring are full."), w->actor, w->capacity);
	if (n >= 0 && (size_t)n < len && w->has_pending)
		n += snprintf(buf + n, len - (size_t)n, _(" It is trying to put %" PRId32 "."),
			      w->pending);
	if (n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, "%s",
			 _(" A consumer's sem_post(slots), after it takes an item, will wake it."));
	return true;
}

const struct channel_desc channel_ring_desc = {
	.kind = CHANNEL_RING,
	.word = "ring",
	.ops = &channel_ring_ops,
	.key = '4',
	.blocks = true,
	.boxes = true,
	.kfill_unit = "items", /* the parent's sem_getvalue(items) */
	.kfill_words = ring_fill_words,
	.put = {"futex", "futex(2)",
		"sem_wait(&ring->slots)\nsem_wait(&ring->mutex)\nring->buf[ring->head] = item\n"
		"ring->head = (ring->head + 1) % ring->size\n"
		"sem_post(&ring->mutex)\nsem_post(&ring->items)"},
	.get = {"futex", "futex(2)",
		"sem_wait(&ring->items)\nsem_wait(&ring->mutex)\nitem = ring->buf[ring->tail]\n"
		"ring->tail = (ring->tail + 1) % ring->size\n"
		"sem_post(&ring->mutex)\nsem_post(&ring->slots)"},
	.capacity = {.min = 1, .max = CHANNEL_RING_MAX, .fallback = 8, .error = ring_capacity_error},
	.name = N_("ring buffer"),
	.noun = N_("the ring"),
	.now_on = N_("now on a ring buffer"),
	.capacity_words = ring_capacity_words,
	.slots_title = ring_slots_title,
	.blocked = ring_blocked,
	.asleep = ring_asleep,
	.why = N_("Why: sem_wait(slots) puts a writer to sleep in futex(2) while the ring is "
		  "full, and sem_wait(items) a reader while it is empty, which keeps them in "
		  "step.\n"),
	.why_after = N_("Nothing was overwritten: a writer waits for a free place in the ring "
			"instead of writing over one.\n"),
	.killed_effect = {
		N_(" A semaphore has no end of file: a consumer waiting on an empty ring sleeps in "
		   "sem_wait(items) for ever."),
		N_(" The ring does not notice that its reader is gone: producers fill it, then "
		   "sleep in sem_wait(slots) with no one to wake them."),
	},
	.program = &channel_ring_program,
};
