/* run_multi_ends.h - who holds each end of a run's pipes, as the kernel says
 * (/proc/PID/fd), and the cycle of a deadlock drawn from it: run_multi.c's
 * questions to /proc, in a file of their own (run_multi_ends.c).
 *
 * Only run_multi.c calls these. They see the run as plain data, filled in by
 * run_multi.c just before the call, so that nothing here calls back into it.
 */
#ifndef IPCVIZ_RUN_MULTI_ENDS_H
#define IPCVIZ_RUN_MULTI_ENDS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "event.h"
#include "scenario.h"
#include "scenario_multi.h"

/* What a sleeper waits for on its channel. */
enum run_multi_ends_wait { RUN_MULTI_ENDS_READ, RUN_MULTI_ENDS_WRITE, RUN_MULTI_ENDS_LOCK };

/* One process as the cycle sees it. */
struct run_multi_ends_actor {
	pid_t pid;
	bool gone;    /* reaped: holds nothing, wakes nobody */
	bool asleep;  /* reported that it blocked (in the cycle's reckoning) */
	int ch;       /* asleep: the channel it sleeps on */
	enum run_multi_ends_wait wait; /* asleep: in read(2), write(2) or the lock's futex */
	/* the rings its program reads (bit c) and writes: a ring is shared
	 * memory, with no ends in /proc/PID/fd to tell who uses it, so who
	 * could wake a process asleep on one is the program's to say */
	uint32_t ring_reads, ring_writes;
};

/* The run, as much of it as the ends and the cycle need. */
struct run_multi_ends {
	int nchannels;
	/* a channel's ends, as stat(2) of /proc/PID/fd/N gives them: the inode of
	 * its read end [0] and of its write end [1] (one inode twice for a pipe or
	 * a FIFO, told apart by the access mode; two sockets of a pair), 0 for a
	 * lock; and the device of their file system (pipefs, a FIFO's own, sockfs),
	 * since inodes of two file systems may share a number */
	unsigned long ino[SCENARIO_MULTI_MAX_CHANNELS][2];
	unsigned long dev[SCENARIO_MULTI_MAX_CHANNELS];
	int holder[SCENARIO_MULTI_MAX_CHANNELS];        /* a lock's holder, -1 if free */
	bool ring[SCENARIO_MULTI_MAX_CHANNELS];         /* a ring (in shared memory) */
	int n;
	struct run_multi_ends_actor a[SCENARIO_MAX_ACTORS];
};

/* Which ends of e's channels process pid holds, read from /proc/PID/fd (the
 * inode each descriptor is, pipe:[ino], a FIFO's path, socket:[ino]) and the
 * access mode in /proc/PID/fdinfo: the kernel's own
 * account, not the program's. Bit c of *reads (*writes): it holds channel c's
 * read (write) end. Both 0 when pid is gone or /proc says nothing. */
void run_multi_ends_scan(const struct run_multi_ends *e, pid_t pid, uint32_t *reads,
			 uint32_t *writes);

/* The cycle of a deadlock in e (every live process asleep): from the first
 * sleeper, to a sleeper that could wake it (holds the other end of its pipe,
 * or its lock), and on, until a process comes again; into *cycle, and every
 * other sleeper into *others. True for a cycle; false when the chain ends in
 * a sleeper no process could wake (a queue's reader whose writers are gone:
 * a queue has no end of file), which *cycle then ends with. */
bool run_multi_ends_cycle(const struct run_multi_ends *e, struct event_actors *cycle,
			  struct event_actors *others);

#endif
