/* bench_limits.c - the size limits the tutorial states, checked on this kernel
 * in the same run as the figures, instead of being quoted.
 *
 * PIPE_BUF: POSIX promises that a write of at most PIPE_BUF bytes to a pipe is
 * atomic: with several writers, its bytes never mix with another's; a larger
 * write may be split and mixed. Two writer processes, pinned to two CPUs when
 * there are two, each write records filled with their own letter into one
 * pipe, and the parent reads record-sized pieces and counts the pieces that
 * hold both letters: once with records of PIPE_BUF bytes, once with records
 * 64 times as large (256 KiB, more than a default pipe holds, so a writer
 * must wait in the middle of its write, and the other may go on meanwhile).
 *
 * POSIX queues: fs.mqueue.msgsize_max is the largest message a queue may be
 * made for (without CAP_SYS_RESOURCE): mq_open for one byte more is refused,
 * and the kernel's answer is what is reported.
 */
#include "bench_limits.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "channel_util.h"
#include "i18n.h"

#define BENCH_LIMITS_BYTES (16L << 20) /* each writer writes this much in all */

long bench_proc_long(const char *path, long fallback)
{
	long v = fallback;
	FILE *f = fopen(path, "r");

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = fallback;
		fclose(f);
	}
	return v;
}

bool bench_ahead(void)
{
	bool raised = false;

	setsid();
	int fd = open("/proc/self/autogroup", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		raised = write(fd, "-20", 3) == 3;
		close(fd);
	}
	setpriority(PRIO_PROCESS, 0, -20);
	return raised;
}

bool bench_ahead_allowed(void)
{
	struct rlimit nice;

	/* root, or an RLIMIT_NICE that allows -20 (20 - rlim_cur is the floor) */
	return geteuid() == 0 || (getrlimit(RLIMIT_NICE, &nice) == 0 && nice.rlim_cur >= 40);
}

void bench_realtime(void)
{
	struct sched_param sp = {.sched_priority = sched_get_priority_min(SCHED_FIFO)};

	sched_setscheduler(0, SCHED_FIFO, &sp);
}

bool bench_realtime_allowed(void)
{
	struct rlimit rt;

	return geteuid() == 0 || (getrlimit(RLIMIT_RTPRIO, &rt) == 0 && rt.rlim_cur >= 1);
}

/* A writer child: `records` writes of `size` bytes of `letter`, pinned to cpu. */
static _Noreturn void bench_limits_writer(int fd, char letter, size_t size, long records,
					  int cpu)
{
	char *buf = malloc(size);
	cpu_set_t one;

	prctl(PR_SET_NAME, "ipcviz-bench-w");
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	sched_setaffinity(0, sizeof one, &one);
	if (!buf)
		_exit(1);
	memset(buf, letter, size);
	for (long i = 0; i < records; i++) {
		/* one write call a record: the kernel, not this loop, decides the split */
		size_t done = 0;
		while (done < size) {
			ssize_t n = write(fd, buf + done, size - done);
			if (n < 0 && errno != EINTR)
				_exit(1);
			if (n > 0)
				done += (size_t)n;
		}
	}
	_exit(0);
}

/* Two writers, records of `size`: the pieces read and those that mixed. */
static int bench_limits_mix(size_t size, const int cpus[2], const volatile sig_atomic_t *stop,
			    struct bench_mix *mix, char *err, size_t errlen)
{
	long records = BENCH_LIMITS_BYTES / (long)size;
	char *piece = malloc(size);
	pid_t pids[2] = {0, 0};
	int fd[2], rc = -1;

	mix->size = size;
	mix->pieces = mix->mixed = 0;
	if (!piece || pipe2(fd, O_CLOEXEC) != 0) {
		snprintf(err, errlen, _("cannot create a pipe: %s"), strerror(errno));
		free(piece);
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			close(fd[0]);
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			bench_limits_writer(fd[1], i ? 'B' : 'A', size, records, cpus[i]);
		}
		if (pids[i] < 0) {
			snprintf(err, errlen, _("cannot start a benchmark process: %s"),
				 strerror(errno));
			goto out;
		}
	}
	close(fd[1]);
	fd[1] = -1;
	for (;;) {
		size_t have = 0;
		while (have < size) {
			if (stop && *stop) {
				snprintf(err, errlen, "%s",
					 _("interrupted: every child was stopped and reaped"));
				goto out;
			}
			ssize_t n = read(fd[0], piece + have, size - have);
			if (n == 0)
				break;
			if (n < 0 && errno != EINTR) {
				snprintf(err, errlen, "%s", strerror(errno));
				goto out;
			}
			if (n > 0)
				have += (size_t)n;
		}
		if (have < size)
			break; /* both writers are done */
		mix->pieces++;
		mix->mixed += memchr(piece, piece[0] == 'A' ? 'B' : 'A', size) != NULL;
	}
	rc = 0;
out:
	for (int i = 0; i < 2; i++)
		if (pids[i] > 0) {
			if (rc != 0)
				kill(pids[i], SIGKILL);
			while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
				;
		}
	for (int i = 0; i < 2; i++)
		if (fd[i] >= 0)
			close(fd[i]);
	free(piece);
	return rc;
}

int bench_limits_check(const int cpus[2], const volatile sig_atomic_t *stop,
		       struct bench_limits *l, char *err, size_t errlen)
{
	int probe[2];
	char name[64];

	memset(l, 0, sizeof *l);
	l->pipe_buf = PIPE_BUF;
	if (pipe(probe) == 0) { /* what the kernel says for a pipe, not the header */
		long v = fpathconf(probe[0], _PC_PIPE_BUF);
		if (v > 0)
			l->pipe_buf = v;
		close(probe[0]);
		close(probe[1]);
	}
	if (bench_limits_mix((size_t)l->pipe_buf, cpus, stop, &l->at_pipe_buf, err, errlen) != 0 ||
	    bench_limits_mix((size_t)l->pipe_buf * 64, cpus, stop, &l->above, err, errlen) != 0)
		return -1;
	l->mq_msgsize_max = bench_proc_long("/proc/sys/fs/mqueue/msgsize_max", 8192);
	l->mq_msg_max = bench_proc_long("/proc/sys/fs/mqueue/msg_max", 10);
	struct mq_attr attr = {.mq_maxmsg = 1, .mq_msgsize = l->mq_msgsize_max + 1};
	channel_unique_name(name, sizeof name);
	mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &attr);
	l->mq_over_errno = q == (mqd_t)-1 ? errno : 0;
	if (q != (mqd_t)-1) { /* allowed here (CAP_SYS_RESOURCE): leave nothing */
		mq_unlink(name);
		mq_close(q);
	}
	return 0;
}
