/* channel_shm.c - one shared value in POSIX shared memory (shm_open + mmap), like
 * Python's multiprocessing.Value without its lock.
 *
 * Nothing here ever waits, which is the lesson: a writer replaces the value
 * whether or not anyone read it. The cell also keeps a write counter and a read
 * count, so each report says from the memory itself whether a value was lost
 * (replaced with no read) or read again (the same write seen twice).
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "channel.h"
#include "channel_util.h"
#include "i18n.h"

struct shm_cell {
	uint32_t seq;    /* writes so far; 0 = never written */
	int32_t value;
	uint32_t reads;  /* reads of the current write */
};

static int shm_open_cell(struct channel *ch, int capacity, char *err, size_t errlen)
{
	(void)capacity;
	if (channel_map_shared(ch, sizeof(struct shm_cell), err, errlen) != 0)
		return -1;
	ch->kernel_capacity = 1;
	return 0;
}

static int shm_attach(struct channel *ch, enum role role)
{
	ch->role = role;
	ch->seen_seq = 0;
	return 0;
}

static void shm_release(struct channel *ch)
{
	if (!ch->released)
		shm_unlink(ch->kernel_name);
	ch->released = true;
}

static enum ch_result shm_write(struct channel *ch, struct ch_item *item)
{
	struct shm_cell *c = ch->map;
	uint32_t seq = __atomic_load_n(&c->seq, __ATOMIC_SEQ_CST);

	item->lost = seq > 0 && __atomic_load_n(&c->reads, __ATOMIC_SEQ_CST) == 0;
	item->lost_value = __atomic_load_n(&c->value, __ATOMIC_SEQ_CST);
	__atomic_store_n(&c->value, item->value, __ATOMIC_SEQ_CST);
	__atomic_store_n(&c->reads, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&c->seq, seq + 1, __ATOMIC_SEQ_CST);
	item->seq = seq + 1;
	return CH_OK;
}

static enum ch_result shm_read(struct channel *ch, struct ch_item *item)
{
	struct shm_cell *c = ch->map;

	memset(item, 0, sizeof *item);
	item->seq = __atomic_load_n(&c->seq, __ATOMIC_SEQ_CST);
	item->value = __atomic_load_n(&c->value, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&c->reads, 1, __ATOMIC_SEQ_CST);
	item->again = item->seq > 0 && item->seq == ch->seen_seq;
	ch->seen_seq = item->seq;
	return CH_OK;
}

static bool shm_sleeps_in(const struct channel *ch, enum role role, long nr, long arg0)
{
	return false;
}

static void shm_close(struct channel *ch)
{
	shm_release(ch);
	if (ch->map)
		munmap(ch->map, sizeof(struct shm_cell));
	ch->map = NULL;
}

static const struct channel_ops channel_shm_ops = {
	.open = shm_open_cell,
	.attach = shm_attach,
	.release = shm_release,
	.try_put = shm_write,
	.try_get = shm_read,
	.put = shm_write,
	.get = shm_read,
	.kernel_fill = NULL,
	.sleeps_in = shm_sleeps_in,
	.blocking_call = NULL,
	.close = shm_close,
};

static void shm_capacity_error(char *buf, size_t len, int max)
{
	(void)max;
	channel_cell_capacity_error(buf, len, "shm");
}

static void shm_capacity_words(char *buf, size_t len, int kernel_capacity, long kernel_bytes,
			       const char *kernel_name)
{
	(void)kernel_capacity;
	(void)kernel_bytes;
	(void)kernel_name;
	snprintf(buf, len, "%s", _("one int in shared memory, no waiting"));
}

const struct channel_desc channel_shm_desc = {
	.kind = CHANNEL_SHM,
	.word = "shm",
	.ops = &channel_shm_ops,
	.key = '3',
	.cell = true,
	.put = {NULL, "write", "*value = v"},
	.get = {NULL, "read", "v = *value"},
	.capacity = {.error = shm_capacity_error},
	.name = N_("shared value"),
	.noun = N_("the shared value"),
	.now_on = N_("now on a shared value"),
	.capacity_words = shm_capacity_words,
	.killed_effect = {
		N_(" A shared value does not notice: the others go on using the cell."),
		N_(" A shared value does not notice: the others go on using the cell."),
	},
	.program = &channel_shm_program,
};
