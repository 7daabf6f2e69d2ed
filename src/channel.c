/* channel.c - what all channels share: finding a mechanism by kind or name, and
 * the unique names of kernel objects ("/ipcviz-PID-N", unpredictable N). */
#include "channel.h"

#include <string.h>

#include "channel_util.h"

static const struct channel_ops *const channel_table[CHANNEL_KIND_COUNT] = {
	[CHANNEL_PIPE] = &channel_pipe_ops,
	[CHANNEL_QUEUE] = &channel_queue_ops,
	[CHANNEL_SHM] = &channel_shm_ops,
	[CHANNEL_RING] = &channel_ring_ops,
	[CHANNEL_SOCKETPAIR] = &channel_socketpair_ops,
	[CHANNEL_FIFO] = &channel_fifo_ops,
	[CHANNEL_RACE] = &channel_race_ops,
	[CHANNEL_RACE_LOCKED] = &channel_race_locked_ops,
};

const struct channel_ops *channel_ops_of(enum channel_kind kind)
{
	return (unsigned)kind < CHANNEL_KIND_COUNT ? channel_table[kind] : NULL;
}

const struct channel_ops *channel_ops_by_name(const char *name, enum channel_kind *kind)
{
	for (int k = 0; k < CHANNEL_KIND_COUNT; k++) {
		if (strcmp(channel_table[k]->name, name) == 0) {
			if (kind)
				*kind = (enum channel_kind)k;
			return channel_table[k];
		}
	}
	return NULL;
}

int channel_open(struct channel *ch, enum channel_kind kind, int capacity, int item_size,
		 char *err, size_t errlen)
{
	memset(ch, 0, sizeof *ch);
	ch->fds[0] = ch->fds[1] = ch->kfd[0] = ch->kfd[1] = -1;
	ch->try_fd = ch->parent_fd = -1;
	ch->kind = kind;
	ch->ops = channel_ops_of(kind);
	ch->capacity = capacity;
	ch->item_size = item_size > 0 ? item_size : 4096;
	return ch->ops->open(ch, capacity, err, errlen);
}
