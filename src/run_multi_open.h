/* run_multi_open.h - the channels of a run of several channels (DESIGN 14):
 * made by the parent before the first fork (run_multi_open.c), held by
 * run_multi.c. Only run_multi.c uses these.
 */
#ifndef IPCVIZ_RUN_MULTI_OPEN_H
#define IPCVIZ_RUN_MULTI_OPEN_H

#include <pthread.h>
#include <stddef.h>

#include "channel.h"
#include "scenario_multi.h"

/* One channel as the parent made it. */
struct multi_channel {
	int fds[2];               /* the pipe's ends as created; -1 once the parent closed them */
	int kfd[2];               /* their numbers, which every child that keeps them has */
	unsigned long ino;        /* the pipe's inode (pipe:[ino] in /proc/PID/fd) */
	unsigned long ino_end[2]; /* each end's inode: ino twice, but for a socket pair */
	unsigned long dev;        /* and their file system's */
	pthread_mutex_t *lock;    /* a lock's mutex, in the shared mapping */
	struct channel_ring *ring; /* a ring, in the rings' mapping */
	int holder;               /* a lock's holder, -1 if free */
};

/* Every channel of a run, and the shared mappings its rings and locks live in. */
struct multi_channels {
	struct multi_channel ch[SCENARIO_MULTI_MAX_CHANNELS];
	void *locks;                /* the shared mapping of every lock */
	size_t locks_len;
	struct channel_ring *rings; /* the shared mapping of every ring */
	size_t rings_len;
};

/* Makes every channel of m into *k, before any fork: pipes and FIFOs sized to
 * their capacity, socket pairs, queues opened twice and unlinked at once, the
 * rings and the locks in shared anonymous mappings. 0, or -1 with a message
 * in err (what was made waits for multi_channels_free). */
int multi_channels_open(struct multi_channels *k, const struct scenario_multi *m, char *err,
			size_t errlen);
/* Closes the parent's descriptors of the nchannels channels: it holds no end
 * once every child is forked, so that end of file and EPIPE mean what they say. */
void multi_channels_release(struct multi_channels *k, int nchannels);
/* Releases them, and unmaps the rings and the locks. */
void multi_channels_free(struct multi_channels *k, int nchannels);

#endif
