/* channel_util.c - names for kernel objects that nobody can guess in advance, so
 * that nobody can plant one first (they are created O_EXCL as well). */
#include "channel_util.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

void channel_unique_name(char *buf, size_t len)
{
	uint32_t r;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		r = (uint32_t)(ts.tv_nsec ^ ts.tv_sec);
	}
	snprintf(buf, len, "/ipcviz-%d-%08x", (int)getpid(), r);
}
