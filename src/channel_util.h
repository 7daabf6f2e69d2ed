/* channel_util.h - small helpers the mechanisms share (not part of the interface). */
#ifndef IPCVIZ_CHANNEL_UTIL_H
#define IPCVIZ_CHANNEL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "channel.h"

/* Writes "/ipcviz-PID-XXXXXXXX" (random hex, from getrandom) into buf. */
void channel_unique_name(char *buf, size_t len);

/* Maps `size` bytes of new POSIX shared memory, zeroed, at ch->map, named in
 * ch->kernel_name and unlinked at once: the children inherit the mapping across
 * fork, so nothing is left in /dev/shm even after a kill -9. The space is
 * reserved now, so a full /dev/shm is a message here, not a SIGBUS later.
 * -1 with a message in err. */
int channel_map_shared(struct channel *ch, size_t size, char *err, size_t errlen);


/* FIONREAD (for a socket, SIOCINQ) of descriptor `fd` of process `pid`,
 * asked in the caller through a copy of it (pidfd_getfd; for a pipe, failing
 * that, an open of /proc/PID/fd/FD) closed at once; -1 if it cannot. */
int channel_count_through(pid_t pid, int fd);
/* The messages in a POSIX queue (mq_curmsgs), asked the same way through
 * queue descriptor `fd` of process `pid`; -1 if it cannot. */
int channel_queue_count_through(pid_t pid, int fd);

/* Closes ch->fds[0] and [1] if open and marks the channel released. */
void channel_close_fds(struct channel *ch);
/* Asleep in a pipe's own call (a pipe, a FIFO): a producer in write(2) on
 * kfd[1], a consumer in read(2) on kfd[0]; and the words for it. */
bool channel_pipe_sleeps_in(const struct channel *ch, enum role role, long nr, long arg0);
const char *channel_pipe_blocking_call(enum role role);
/* What one write(2) (or send) of a whole item of `size` bytes came to: CH_OK,
 * CH_AGAIN (it would block), CH_ERROR (a short write is EIO: an item goes whole
 * or not at all), or CH_RETRY (interrupted: do it again). */
#define CH_RETRY 3
int channel_wrote_item(ssize_t n, size_t size);
/* What one read(2) (or recv) of an item came to: CH_OK with the item's value
 * from its first bytes, CH_EOF, CH_AGAIN, CH_ERROR, or CH_RETRY. */
int channel_read_item(ssize_t n, const char *buf, struct ch_item *item);

/* The error for a capacity given to one shared value (shm, a race): `word`
 * is the channel's scenario word. */
void channel_cell_capacity_error(char *buf, size_t len, const char *word);

/* The kernel's count of bytes in a pipe (FIONREAD), for kfill_words. */
void channel_bytes_fill_words(char *buf, size_t len, int count, int free, bool brief);

/* Asleep in futex(2) on a word inside `object` (a semaphore in the mapping). */
bool channel_sleeps_on(const void *object, size_t size, long nr, long arg0);

#endif
