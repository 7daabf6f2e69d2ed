/* bench_limits.h - the size limits the tutorial states (PIPE_BUF atomic writes,
 * a POSIX queue's msgsize_max), checked on this kernel by `ipcviz bench`
 * (src/bench_limits.c). Forks and reaps its own children; leaves nothing.
 */
#ifndef IPCVIZ_BENCH_LIMITS_H
#define IPCVIZ_BENCH_LIMITS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* Two writers' records of `size` bytes through one pipe, read back in pieces of
 * `size`: how many pieces, and how many held bytes of both writers. */
struct bench_mix {
	size_t size;
	long pieces, mixed;
};

struct bench_limits {
	long pipe_buf;           /* fpathconf(_PC_PIPE_BUF) of a pipe */
	struct bench_mix at_pipe_buf; /* records of PIPE_BUF bytes: never mixed, says POSIX */
	struct bench_mix above;  /* records of 64 × PIPE_BUF: may mix */
	long mq_msgsize_max;     /* fs.mqueue.msgsize_max */
	long mq_msg_max;         /* fs.mqueue.msg_max */
	int mq_over_errno;       /* mq_open for msgsize_max + 1: its errno, 0 if allowed */
};

/* The number a /proc file starts with (a sysctl), or fallback. */
long bench_proc_long(const char *path, long fallback);

/* In a child just forked: a session of its own (so also a process group of
 * its own) and so a scheduling group of its own (autogroup), put at nice -20
 * where this process may, and nice -20 within it: the measuring processes go
 * ahead of other work on the machine, which then takes less of their time.
 * True if the group's priority could be raised. */
bool bench_ahead(void);
/* In the parent: would bench_ahead() raise the priority here? */
bool bench_ahead_allowed(void);
/* In a C measuring child (never python3's: a Value's reader spins): SCHED_FIFO
 * at the lowest real-time priority where this process may, so that no process
 * of normal priority takes its CPU while it runs. Its loops always end up
 * asleep in the channel, the kernel keeps 5% of every second for the others
 * (sched_rt_runtime_us), and the parent stays of normal priority. */
void bench_realtime(void);
/* In the parent: would bench_realtime() be allowed here? */
bool bench_realtime_allowed(void);

/* Checks both limits, the writers pinned to cpus[0] and cpus[1] (16 MiB each,
 * tens of ms). 0 with *l filled in, or -1 with a message (translated), also
 * when *stop became non-zero. */
int bench_limits_check(const int cpus[2], const volatile sig_atomic_t *stop,
		       struct bench_limits *l, char *err, size_t errlen);

#endif
