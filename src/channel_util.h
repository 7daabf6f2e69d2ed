/* channel_util.h - small helpers the mechanisms share (not part of the interface). */
#ifndef IPCVIZ_CHANNEL_UTIL_H
#define IPCVIZ_CHANNEL_UTIL_H

#include <stddef.h>

/* Writes "/ipcviz-PID-XXXXXXXX" (random hex, from getrandom) into buf. */
void channel_unique_name(char *buf, size_t len);

struct channel;
/* Maps `size` bytes of new POSIX shared memory, zeroed, at ch->map, named in
 * ch->kernel_name and unlinked at once: the children inherit the mapping across
 * fork, so nothing is left in /dev/shm even after a kill -9. The space is
 * reserved now, so a full /dev/shm is a message here, not a SIGBUS later.
 * -1 with a message in err. */
int channel_map_shared(struct channel *ch, size_t size, char *err, size_t errlen);

#endif
