/* bench.h - what each mechanism really costs on this machine, free-running: no
 * scheduler, two forked processes moving messages as fast as the kernel lets them
 * (the way ipc-bench measures: a producer writes, a consumer reads, msgs/s and
 * MB/s; and a ping-pong for the round trip).
 *
 * Call order: bench_run() once, then bench_write_table() or bench_write_json()
 * with what it filled in. bench_run() forks and reaps its own children, and
 * unlinks every IPC object the moment it exists ("unlink at birth"), so it leaves
 * nothing behind, also when `stop` is raised (Ctrl-C) or the parent is killed.
 */
#ifndef IPCVIZ_BENCH_H
#define IPCVIZ_BENCH_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#define BENCH_MAX_RESULTS 16
#define BENCH_DEFAULT_SECONDS 8.0 /* one second a case */

/* One mechanism at one message size. */
struct bench_result {
	const char *channel;   /* "pipe", "queue", "shm": the scenario words */
	size_t size;           /* bytes in one message */
	double msgs_per_s;     /* one way, producer to consumer */
	double mb_per_s;       /* the same in MB (10^6 bytes) a second */
	double rtt_us_p50;     /* round trip (ping-pong), median */
	double rtt_us_p99;     /* round trip, 99th percentile */
	long msgs;             /* messages the one-way run moved */
	long rtts;             /* round trips timed */
};

/* Runs every case: pipe 64 B, 4 KiB, 64 KiB; POSIX queue 64 B, 4 KiB (its
 * msgsize_max is 8192); shm ring 64 B, 4 KiB, 64 KiB. `seconds` is the budget of
 * the whole run, shared equally by the cases (half one-way, half round trip);
 * forking and reaping come on top (a few ms), and each case moves at least 1024
 * messages and times at least 200 round trips, however slow. Returns the number of results in
 * out[] (at most BENCH_MAX_RESULTS), or -1 with a message in err (translated),
 * e.g. when *stop became non-zero (a signal) or the kernel refused a channel. */
int bench_run(double seconds, const volatile sig_atomic_t *stop, struct bench_result *out,
	      char *err, size_t errlen);

/* The results as a table a person reads: words through _(), columns aligned by
 * display width (wcswidth), a note on how shm is measured. */
void bench_write_table(FILE *f, const struct bench_result *r, int n);

/* The results as JSON, one document and a newline:
 * {"results":[{"channel":"pipe","size":64,"msgs_per_s":…,"mb_per_s":…,
 *  "rtt_us_p50":…,"rtt_us_p99":…},…]}. 0, or -1 if it could not be written. */
int bench_write_json(FILE *f, const struct bench_result *r, int n);

#endif
