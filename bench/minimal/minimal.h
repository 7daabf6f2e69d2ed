/* minimal.h - the driver the minimal loops share, as plainly as ipc-bench does
 * it: the parent writes MSGS messages and a child reads them (one way, timed in
 * the parent from the first write until the child has read the last), then RTTS
 * round trips, each timed, over a second link back. Each mechanism's file
 * defines link_open, link_send and link_recv (link 0 goes to the child, link 1
 * comes back) and nothing else. No checks beyond "did the call fail": this is
 * the floor that `ipcviz bench` is compared with.
 *
 *   usage: NAME SIZE MSGS RTTS     prints: NAME SIZE msgs/s MB/s p50_us p99_us
 */
#ifndef MINIMAL_H
#define MINIMAL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MINIMAL_WARMUP 16 /* round trips not counted, as in ipcviz bench */

static void link_open(size_t size);
static void link_send(int link, const void *buf, size_t size);
static void link_recv(int link, void *buf, size_t size);

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int minimal_main(const char *name, int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s SIZE MSGS RTTS\n", argv[0]);
		return 2;
	}
	size_t size = strtoul(argv[1], NULL, 10);
	long msgs = atol(argv[2]), rtts = atol(argv[3]);
	char *buf = calloc(1, size);
	int64_t *rtt = malloc((size_t)rtts * sizeof *rtt);

	if (!buf || !rtt || size < 1 || msgs < 1 || rtts < 1)
		die("arguments");
	link_open(size);

	int64_t t0 = now_ns();
	pid_t pid = fork();
	if (pid == 0) {
		for (long i = 0; i < msgs; i++)
			link_recv(0, buf, size);
		_exit(0);
	}
	for (long i = 0; i < msgs; i++)
		link_send(0, buf, size);
	waitpid(pid, NULL, 0);
	double secs = (double)(now_ns() - t0) / 1e9;

	pid = fork();
	if (pid == 0) {
		for (long i = 0; i < rtts + MINIMAL_WARMUP; i++) {
			link_recv(0, buf, size);
			link_send(1, buf, size);
		}
		_exit(0);
	}
	for (long i = 0; i < rtts + MINIMAL_WARMUP; i++) {
		int64_t t = now_ns();
		link_send(0, buf, size);
		link_recv(1, buf, size);
		if (i >= MINIMAL_WARMUP)
			rtt[i - MINIMAL_WARMUP] = now_ns() - t;
	}
	waitpid(pid, NULL, 0);
	qsort(rtt, (size_t)rtts, sizeof *rtt, cmp_i64);
	printf("%s %zu %.0f %.2f %.2f %.2f\n", name, size, msgs / secs, msgs / secs * size / 1e6,
	       rtt[(size_t)((rtts - 1) * 0.50 + 0.5)] / 1e3, rtt[(size_t)((rtts - 1) * 0.99 + 0.5)] / 1e3);
	return 0;
}

#endif
