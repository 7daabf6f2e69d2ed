/* bench_python.h - the tutorial's own Python tools (multiprocessing Pipe, Queue,
 * Value) measured in the same run as ipcviz's cases, by a python3 process that
 * ipcviz starts and drives one measurement at a time (src/bench_python.c).
 *
 * Call order: bench_py_start() once; bench_py_measure() as often as needed;
 * bench_py_stop() once if the start said 1. The python3 process and the ones it
 * forks die with ipcviz (PR_SET_PDEATHSIG) and are killed as a process group at
 * the stop, so nothing is left behind.
 */
#ifndef IPCVIZ_BENCH_PYTHON_H
#define IPCVIZ_BENCH_PYTHON_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct bench_py {
	pid_t pid;      /* python3, the leader of its own process group */
	int to_fd;      /* its stdin: one line a measurement */
	int from_fd;    /* its stdout: one line an answer */
	char buf[512];  /* what came and is not yet a whole line */
	size_t have;
};

/* Starts python3 (found on PATH) with the measuring program. 1 when it runs and
 * said it is ready; 0 when it cannot be had, with why in `note` (translated,
 * one line: python3 is not on PATH, or it did not start); -1 only when ipcviz
 * itself could not (no pipe, no fork) or *stop became non-zero, with a message
 * in note. */
int bench_py_start(struct bench_py *py, const volatile sig_atomic_t *stop, char *note,
		   size_t notelen);

/* One measurement of `tool` ("Pipe", "Queue", "Value", "Value(lock=False)",
 * "Value+Semaphore") with messages of `size` bytes, its two processes pinned to
 * cpu[0] and cpu[1], for budget_ns, the first warm_ns not counted. One way: the
 * messages (or for a Value the writes) a second into *value; round trip: the
 * median in µs into *p50_us. 0, or -1 with a message (also when *stop became
 * non-zero). */
int bench_py_measure(struct bench_py *py, const char *tool, size_t size, bool round_trip,
		     const int cpu[2], int64_t budget_ns, int64_t warm_ns,
		     const volatile sig_atomic_t *stop, double *value, double *p50_us, char *err,
		     size_t errlen);

/* Ends python3 and everything it forked, and reaps it: at once, or (at_once
 * false) after python3 has finished its measurement and ended by itself. */
void bench_py_stop(struct bench_py *py, bool at_once);

#endif
