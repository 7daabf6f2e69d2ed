/* bench.h - what each mechanism really costs on this machine, free-running: no
 * scheduler, two forked processes moving messages as fast as the kernel lets them
 * (the way ipc-bench measures: a producer writes, a consumer reads, msgs/s and
 * MB/s; and a ping-pong for the round trip).
 *
 * A figure between two processes depends first on where they run: on one CPU a
 * round trip is two context switches, across two CPUs it is two wake-ups of a
 * CPU that may be idle (on a VM, a hypervisor exit each), ten times dearer. So
 * every case is measured in both placements, each child pinned to its CPU, and
 * labelled; over several rounds, in turns, with a warm-up left out of each
 * measurement; and reported as the median of the rounds with their spread.
 *
 * Call order: bench_run() once, then bench_write_table() or bench_write_json()
 * with what it filled in. bench_run() forks and reaps its own children, and
 * unlinks every IPC object the moment it exists ("unlink at birth"), so it leaves
 * nothing behind, also when `stop` is raised (Ctrl-C) or the parent is killed.
 */
#ifndef IPCVIZ_BENCH_H
#define IPCVIZ_BENCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bench_limits.h"

#define BENCH_MAX_CASES 16  /* channel and size */
#define BENCH_MAX_RESULTS 32 /* a case in one placement */
#define BENCH_MAX_ROUNDS 99
#define BENCH_MAX_PY 16
#define BENCH_DEFAULT_SECONDS 8.0
#define BENCH_DEFAULT_ROUNDS 5

/* Where the two processes of a measurement run, each pinned. */
enum bench_placement {
	BENCH_SAME_CPU, /* both on one CPU: they take turns, no wake-up of an idle CPU */
	BENCH_TWO_CPUS, /* one on each of two CPUs */
	BENCH_PLACEMENTS
};

/* One figure over the rounds. */
struct bench_figure {
	double median, min, max;
};

/* One mechanism at one message size in one placement. */
struct bench_result {
	const char *channel;     /* "pipe", "queue", "shm": the JSON words */
	const char *label;       /* N_: its name on screen, from the descriptor of the
				  * ipcviz channel it is the bare form of */
	size_t size;             /* bytes in one message */
	enum bench_placement placement;
	int rounds;              /* how many measurements each figure has */
	struct bench_figure msgs_per_s; /* one way, producer to consumer */
	struct bench_figure mb_per_s;   /* the same in MB (10^6 bytes) a second */
	struct bench_figure rtt_us_p50; /* round trip (ping-pong), median */
	struct bench_figure rtt_us_p99; /* round trip, 99th percentile */
};

/* One of the tutorial's Python tools (multiprocessing) in one placement, beside
 * the ipcviz case it stands for; filled in only with --python. */
struct bench_py_result {
	const char *tool;        /* "Pipe", "Queue", "Value", "Value(lock=False)",
				  * "Value+Semaphore" */
	size_t size;             /* bytes of the message (a Value: its C int) */
	enum bench_placement placement;
	const struct bench_result *versus; /* the ipcviz case (same placement) */
	bool has_rtt;
	struct bench_figure msgs_per_s, rtt_us_p50;
};

struct bench_options {
	double seconds;  /* budget of all the C measurements (and as much again for
			  * Python's), shared equally */
	int rounds;      /* 1..BENCH_MAX_ROUNDS */
	bool python;     /* also the tutorial's Python tools */
};

/* What a run found. */
struct bench_report {
	struct bench_result r[BENCH_MAX_RESULTS];
	int n;
	int cpus[2];             /* the CPUs used: same-cpu runs on them in turns */
	int ncpus;               /* 1: no two-cpus figures could be taken */
	int rounds;
	bool python_asked;
	bool python_found;       /* python3 was there and ran */
	char python_note[256];   /* why not, when asked (one line, translated) */
	size_t mq_msgsize_max;   /* the largest POSIX queue message here */
	bool ahead;              /* the measuring processes ran ahead of other work
				  * (bench_ahead) */
	bool realtime;           /* …and the C ones SCHED_FIFO (bench_realtime) */
	double load[2];          /* the 1-minute load average before and after: how
				  * busy the machine was (-1 if unknown) */
	struct bench_py_result py[BENCH_MAX_PY];
	int npy;
	struct bench_limits limits; /* the size limits, checked on this kernel */
};

/* Runs every case: pipe 64 B, 4 KiB, 64 KiB; POSIX queue 64 B, 4 KiB (and 64 KiB
 * where msgsize_max allows); shm ring 64 B, 4 KiB, 64 KiB; each one way and round
 * trip, in both placements (two-cpus only if the process may use two CPUs),
 * o->rounds times. A round goes through every measurement, the next one in the
 * opposite order, so that a drift of the machine falls on all cases alike; the
 * first fifth of each measurement is warm-up, not counted. With o->python and
 * python3 on PATH, the Python tools take their turns in the same rounds. Returns
 * 0 with *out filled in, or -1 with a message in err (translated), e.g. when *stop
 * became non-zero (a signal) or the kernel refused a channel. */
int bench_run(const struct bench_options *o, const volatile sig_atomic_t *stop,
	      struct bench_report *out, char *err, size_t errlen);

/* The results as tables a person reads: words through _(), columns aligned by
 * display width (wcswidth), the median of each figure with its spread, notes on
 * how it was measured; the Python table and its ratios when there are any. */
void bench_write_table(FILE *f, const struct bench_report *rep);

/* The results as JSON, one document and a newline:
 * {"rounds":5,"cpus":[0,1],"load":[before,after],"results":[{"channel":"pipe","size":64,
 *  "placement":"same-cpu","msgs_per_s":{"median":…,"spread":[min,max]},
 *  "mb_per_s":{…},"rtt_us_p50":{…},"rtt_us_p99":{…}},…],
 * "limits":{"pipe_buf":4096,"writes_at_pipe_buf":{"size":4096,"pieces":…,
 *  "mixed":0},"writes_above":{…},"mq_msgsize_max":8192,"mq_msg_max":10,
 *  "mq_open_above_max":"EINVAL"}, with --python also
 * "python":[{"tool":"Pipe","size":64,"placement":…,"versus":"pipe",
 *  "msgs_per_s":{…},"rtt_us_p50":{…},"ipcviz_faster":{"msgs_per_s":r,
 *  "rtt_us_p50":r}},…] (null if python3 is not there). 0, or -1 if it could not
 * be written. */
int bench_write_json(FILE *f, const struct bench_report *rep);

/* "same-cpu" / "two-cpus": the JSON word of a placement. */
const char *bench_placement_name(enum bench_placement p);

#endif
