/* bench.c - each mechanism's real cost, measured free-running with two forked
 * processes and no scheduler, the way ipc-bench measures; and measured so that
 * two runs agree.
 *
 * One way: the producer sends messages as fast as it can until its share of the
 * time is up, then an end marker; the consumer reads them all, and counts those
 * that come after its warm-up (the first fifth of the time, from its first
 * receive: page faults, first touches, the scheduler settling), to the end
 * marker, on CLOCK_MONOTONIC: msgs/s = messages / that time. Round trip: a
 * pinger sends one message, a ponger sends it back, and the pinger times each
 * round trip after its warm-up; p50 and p99 of those.
 *
 * What made the figures swing from run to run was where the kernel put the two
 * processes (one CPU: they take turns, a round trip is two context switches;
 * two CPUs: each message may wake an idle CPU, on a VM a hypervisor exit, ten
 * times dearer), and then the machine's drift while the cases ran one after the
 * other. So each child is pinned (sched_setaffinity) in both placements, which
 * are reported apart; every measurement is taken in several short rounds, a
 * round in the opposite order of the one before and the CPUs swapped, and each
 * figure is the median of its rounds with the lowest and highest beside it.
 *
 * A transport is the mechanism with messages of any size: a pipe (read and write
 * loops, as a byte stream is), a POSIX queue (one mq_send per message), and for
 * shm a ring of slots in POSIX shared memory with two process-shared counting
 * semaphores (free slots, used slots) — ipcviz's own shared value never waits,
 * so it has no throughput of its own to measure. Each holds max(64 KiB, 8
 * messages), like ipc-bench's pipes; a queue holds what fs.mqueue.msg_max allows.
 * These are minimal loops on purpose, not ipcviz's channels (src/channel.h): the
 * bench measures the kernel's mechanism, without the layers ipcviz adds to show
 * and step it; only the words that name a mechanism are the channels' own.
 *
 * Nothing is left behind: kernel objects with names are unlinked the moment they
 * exist (the open descriptors and mappings keep them alive), every child dies
 * with the parent (PR_SET_PDEATHSIG), and the parent kills and reaps them on any
 * way out, a signal included.
 */
#include "bench.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <sched.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_python.h"
#include "channel.h"
#include "channel_util.h"
#include "i18n.h"

#define BENCH_END_SEQ UINT64_MAX    /* the header's seq of the end marker */
#define BENCH_WARMUP_RTTS 16        /* round trips not counted at least */
#define BENCH_WARMUP_SHARE 5        /* 1/5 of each measurement is warm-up */
#define BENCH_MAX_SAMPLES (1 << 20) /* round trips kept at most (4 MiB) */
#define BENCH_MIN_SAMPLES 200       /* round trips timed at least, however slow */
#define BENCH_MIN_MSGS 1024         /* messages sent at least, however slow */
#define BENCH_HOLD_BYTES 65536      /* a channel holds max(this, 8 messages) */
#define BENCH_GRACE_MS 10000        /* beyond its time, a child is broken */

static const size_t bench_sizes[] = {64, 4096, 65536};

/* What starts every message. */
struct bench_header {
	uint64_t seq;
};

/* The ring of the shm transport; `slots` messages of `size` bytes follow it. */
struct bench_ring {
	sem_t free_slots;
	sem_t used_slots;
	size_t slots, size;
	_Alignas(64) unsigned char data[];
};

/* One direction of one transport, open in the parent and inherited by both
 * children. */
struct bench_link {
	size_t size;
	int fd[2];              /* pipe: read, write end; queue: fd[0] */
	struct bench_ring *ring;
	size_t map_len;
	uint64_t pos;           /* shm: this side's next slot */
};

/* A mechanism that moves messages of `size` bytes. */
struct bench_transport {
	const char *name;       /* the JSON word: "pipe", "queue", "shm" */
	const char *desc;       /* the word of the ipcviz channel it is the bare form of
				   (src/channel.h), whose descriptor names it */
	/* The largest message it takes on this kernel. */
	size_t (*max_size)(void);
	/* In the parent, before the fork; names are unlinked before it returns.
	 * -1 with a message in err. */
	int (*open)(struct bench_link *l, size_t size, char *err, size_t errlen);
	/* In a child: keep the side it uses (sender or receiver). */
	void (*attach)(struct bench_link *l, bool sender);
	/* One whole message. 0, or -1 with errno set (EPIPE: the other side left). */
	int (*send)(struct bench_link *l, const void *buf);
	int (*recv)(struct bench_link *l, void *buf);
	/* Drops what is still held; idempotent. */
	void (*close)(struct bench_link *l);
};

/* What a measuring child tells the parent, in one write (far below PIPE_BUF). */
struct bench_sample {
	int err;                /* errno of a failure, 0 if none */
	long count;             /* messages or round trips counted */
	int64_t start_ns, end_ns; /* one way: the counted stretch */
	double p50_us, p99_us;
};

static int64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The bytes a channel holds for messages of `size`. */
static size_t bench_hold(size_t size)
{
	return size * 8 > BENCH_HOLD_BYTES ? size * 8 : BENCH_HOLD_BYTES;
}

/* Messages between two looks at the clock: a look costs ~25 ns, a 64-byte
 * message a few hundred, a 64 KiB one tens of µs. */
static unsigned bench_clock_every(size_t size)
{
	return size >= 65536 ? 1 : size >= 4096 ? 8 : 64;
}

/* ---- pipe ------------------------------------------------------------------- */

static size_t bench_pipe_max(void)
{
	return SIZE_MAX;
}

static int bench_pipe_open(struct bench_link *l, size_t size, char *err, size_t errlen)
{
	if (pipe2(l->fd, O_CLOEXEC) != 0) {
		snprintf(err, errlen, _("cannot create a pipe: %s"), strerror(errno));
		return -1;
	}
	/* Larger than the default 64 KiB only for big messages, as ipc-bench does;
	 * the kernel may refuse (fs.pipe-max-size): then the default stays. */
	if (bench_hold(size) > BENCH_HOLD_BYTES)
		fcntl(l->fd[1], F_SETPIPE_SZ, (int)bench_hold(size));
	return 0;
}

static void bench_pipe_attach(struct bench_link *l, bool sender)
{
	int drop = sender ? 0 : 1;

	close(l->fd[drop]);
	l->fd[drop] = -1;
}

/* A byte stream: a message larger than PIPE_BUF may go in several pieces. */
static int bench_pipe_send(struct bench_link *l, const void *buf)
{
	const char *p = buf;
	size_t left = l->size;

	while (left > 0) {
		ssize_t n = write(l->fd[1], p, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

static int bench_pipe_recv(struct bench_link *l, void *buf)
{
	char *p = buf;
	size_t left = l->size;

	while (left > 0) {
		ssize_t n = read(l->fd[0], p, left);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = EPIPE; /* the writer left in the middle */
			return -1;
		}
		p += n;
		left -= (size_t)n;
	}
	return 0;
}

static void bench_pipe_close(struct bench_link *l)
{
	for (int i = 0; i < 2; i++) {
		if (l->fd[i] >= 0)
			close(l->fd[i]);
		l->fd[i] = -1;
	}
}

/* ---- POSIX queue ------------------------------------------------------------- */

static size_t bench_queue_max(void)
{
	return (size_t)bench_proc_long("/proc/sys/fs/mqueue/msgsize_max", 8192);
}

static int bench_queue_open(struct bench_link *l, size_t size, char *err, size_t errlen)
{
	long most = bench_proc_long("/proc/sys/fs/mqueue/msg_max", 10);
	struct mq_attr attr = {.mq_maxmsg = most < 10 ? most : 10, .mq_msgsize = (long)size};
	char name[64];
	mqd_t q;

	channel_unique_name(name, sizeof name);
	q = mq_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &attr);
	if (q == (mqd_t)-1) {
		snprintf(err, errlen, _("cannot create a POSIX queue for %zu-byte messages: %s"),
			 size, strerror(errno));
		return -1;
	}
	mq_unlink(name); /* unlink at birth: the descriptor keeps it */
	l->fd[0] = (int)q;
	return 0;
}

static void bench_queue_attach(struct bench_link *l, bool sender)
{
}

static int bench_queue_send(struct bench_link *l, const void *buf)
{
	while (mq_send((mqd_t)l->fd[0], buf, l->size, 0) != 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

static int bench_queue_recv(struct bench_link *l, void *buf)
{
	while (mq_receive((mqd_t)l->fd[0], buf, l->size, NULL) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

static void bench_queue_close(struct bench_link *l)
{
	if (l->fd[0] >= 0)
		mq_close((mqd_t)l->fd[0]);
	l->fd[0] = -1;
}

/* ---- shm ring ----------------------------------------------------------------- */

static size_t bench_shm_max(void)
{
	return SIZE_MAX;
}

static int bench_shm_open(struct bench_link *l, size_t size, char *err, size_t errlen)
{
	size_t slots = bench_hold(size) / size;
	char name[64];
	int fd;

	l->map_len = sizeof(struct bench_ring) + slots * size;
	channel_unique_name(name, sizeof name);
	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, _("cannot create shared memory %s: %s"), name,
			 strerror(errno));
		return -1;
	}
	shm_unlink(name); /* unlink at birth: the mapping keeps it */
	if (ftruncate(fd, (off_t)l->map_len) != 0 ||
	    (l->ring = mmap(NULL, l->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) ==
		    MAP_FAILED) {
		snprintf(err, errlen, _("cannot set up shared memory %s: %s"), name,
			 strerror(errno));
		l->ring = NULL;
		close(fd);
		return -1;
	}
	close(fd);
	l->ring->slots = slots;
	l->ring->size = size;
	sem_init(&l->ring->free_slots, 1, (unsigned)slots);
	sem_init(&l->ring->used_slots, 1, 0);
	return 0;
}

static void bench_shm_attach(struct bench_link *l, bool sender)
{
	l->pos = 0;
}

static int bench_sem_wait(sem_t *s)
{
	while (sem_wait(s) != 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

static int bench_shm_send(struct bench_link *l, const void *buf)
{
	struct bench_ring *r = l->ring;

	if (bench_sem_wait(&r->free_slots) != 0)
		return -1;
	memcpy(r->data + (l->pos++ % r->slots) * r->size, buf, r->size);
	return sem_post(&r->used_slots);
}

static int bench_shm_recv(struct bench_link *l, void *buf)
{
	struct bench_ring *r = l->ring;

	if (bench_sem_wait(&r->used_slots) != 0)
		return -1;
	memcpy(buf, r->data + (l->pos++ % r->slots) * r->size, r->size);
	return sem_post(&r->free_slots);
}

static void bench_shm_close(struct bench_link *l)
{
	if (l->ring)
		munmap(l->ring, l->map_len);
	l->ring = NULL;
}

static const struct bench_transport bench_transports[] = {
	{
		.name = "pipe",
		.desc = "pipe",
		.max_size = bench_pipe_max,
		.open = bench_pipe_open,
		.attach = bench_pipe_attach,
		.send = bench_pipe_send,
		.recv = bench_pipe_recv,
		.close = bench_pipe_close,
	},
	{
		.name = "queue",
		.desc = "queue",
		.max_size = bench_queue_max,
		.open = bench_queue_open,
		.attach = bench_queue_attach,
		.send = bench_queue_send,
		.recv = bench_queue_recv,
		.close = bench_queue_close,
	},
	{
		.name = "shm",
		.desc = "ring", /* slots and two semaphores: ipcviz's ring buffer */
		.max_size = bench_shm_max,
		.open = bench_shm_open,
		.attach = bench_shm_attach,
		.send = bench_shm_send,
		.recv = bench_shm_recv,
		.close = bench_shm_close,
	},
};
#define BENCH_NTRANSPORTS (sizeof bench_transports / sizeof bench_transports[0])

static int bench_link_open(const struct bench_transport *t, struct bench_link *l, size_t size,
			   char *err, size_t errlen)
{
	memset(l, 0, sizeof *l);
	l->fd[0] = l->fd[1] = -1;
	l->size = size;
	return t->open(l, size, err, errlen);
}

/* ---- the children ------------------------------------------------------------------ */

/* Sends until `budget_ns` is spent, then the end marker. */
static int bench_produce(const struct bench_transport *t, struct bench_link *l, void *buf,
			 int64_t budget_ns)
{
	struct bench_header h = {.seq = 0};
	int64_t deadline = bench_now_ns() + budget_ns;
	unsigned every = bench_clock_every(l->size);

	for (;; h.seq++) {
		if (h.seq % every == 0 && h.seq >= BENCH_MIN_MSGS && bench_now_ns() >= deadline)
			break;
		memcpy(buf, &h, sizeof h);
		if (t->send(l, buf) != 0)
			return -1;
	}
	h.seq = BENCH_END_SEQ;
	memcpy(buf, &h, sizeof h);
	return t->send(l, buf);
}

/* Receives up to the end marker; counts what comes after the warm-up, which
 * runs from the first receive for `warm_ns`. */
static int bench_consume(const struct bench_transport *t, struct bench_link *l, void *buf,
			 int64_t warm_ns, struct bench_sample *rep)
{
	struct bench_header h;
	unsigned every = bench_clock_every(l->size);
	long n = 0, counted_from = -1;
	int64_t first = 0, from = 0;

	for (;;) {
		if (t->recv(l, buf) != 0)
			return -1;
		memcpy(&h, buf, sizeof h);
		if (h.seq == BENCH_END_SEQ)
			break;
		if (++n == 1)
			first = bench_now_ns();
		else if (counted_from < 0 && n % every == 0 && bench_now_ns() >= first + warm_ns) {
			counted_from = n;
			from = bench_now_ns();
		}
	}
	rep->end_ns = bench_now_ns();
	if (counted_from < 0 || n - counted_from < BENCH_MIN_MSGS / 4) {
		counted_from = 1; /* too little after the warm-up: all of it */
		from = first;
	}
	rep->start_ns = from;
	rep->count = n - counted_from;
	return 0;
}

/* Sends each message straight back, up to the end marker. */
static int bench_pong(const struct bench_transport *t, struct bench_link *in,
		      struct bench_link *out, void *buf)
{
	struct bench_header h;

	for (;;) {
		if (t->recv(in, buf) != 0)
			return -1;
		memcpy(&h, buf, sizeof h);
		if (h.seq == BENCH_END_SEQ)
			return 0;
		if (t->send(out, buf) != 0)
			return -1;
	}
}

static int bench_cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* The q-quantile of n sorted samples (nearest rank), in microseconds. */
static double bench_quantile_us(const uint32_t *sorted, size_t n, double q)
{
	return n ? sorted[(size_t)((double)(n - 1) * q + 0.5)] / 1000.0 : 0;
}

/* Times round trips until `budget_ns` is spent, then sends the end marker; the
 * first `warm_ns` (and at least BENCH_WARMUP_RTTS) are not counted. */
static int bench_ping(const struct bench_transport *t, struct bench_link *out,
		      struct bench_link *in, void *buf, int64_t budget_ns, int64_t warm_ns,
		      struct bench_sample *rep)
{
	struct bench_header h = {.seq = 0};
	int64_t start = bench_now_ns(), deadline = start + budget_ns;
	size_t cap = 4096, n = 0;
	uint32_t *samples = malloc(cap * sizeof *samples);

	if (!samples)
		return -1;
	for (;; h.seq++) {
		int64_t t0 = bench_now_ns();
		if ((t0 >= deadline && n >= BENCH_MIN_SAMPLES) || n == BENCH_MAX_SAMPLES)
			break;
		memcpy(buf, &h, sizeof h);
		if (t->send(out, buf) != 0 || t->recv(in, buf) != 0) {
			free(samples);
			return -1;
		}
		int64_t rtt = bench_now_ns() - t0;
		if (h.seq < BENCH_WARMUP_RTTS || (t0 < start + warm_ns && h.seq < 4 * BENCH_MIN_SAMPLES))
			continue;
		if (n == cap) {
			uint32_t *grown = realloc(samples, cap * 2 * sizeof *samples);
			if (!grown)
				break;
			samples = grown;
			cap *= 2;
		}
		samples[n++] = rtt > UINT32_MAX ? UINT32_MAX : (uint32_t)rtt;
	}
	h.seq = BENCH_END_SEQ;
	memcpy(buf, &h, sizeof h);
	int rc = t->send(out, buf);
	qsort(samples, n, sizeof *samples, bench_cmp_u32);
	rep->count = (long)n;
	rep->p50_us = bench_quantile_us(samples, n, 0.50);
	rep->p99_us = bench_quantile_us(samples, n, 0.99);
	free(samples);
	return rc;
}

enum bench_part { BENCH_PRODUCER, BENCH_CONSUMER, BENCH_PINGER, BENCH_PONGER };

/* What a measurement's children are told. */
struct bench_job_args {
	const struct bench_transport *t;
	struct bench_link *links;
	int report_fd;
	int64_t budget_ns, warm_ns;
};

/* The body of a child: its part of one measurement, then _exit. Only the
 * consumer and the pinger report, on `report_fd`. */
static _Noreturn void bench_child(enum bench_part part, const struct bench_job_args *a)
{
	static const char *const comm[] = {"ipcviz-bench-p", "ipcviz-bench-c", "ipcviz-bench-p",
					   "ipcviz-bench-c"};
	const struct bench_transport *t = a->t;
	struct bench_link *links = a->links;
	struct bench_sample rep = {0};
	bool reports = part == BENCH_CONSUMER || part == BENCH_PINGER;
	void *buf = calloc(1, links[0].size);
	int rc = -1;

	prctl(PR_SET_NAME, comm[part]);
	if (!reports)
		close(a->report_fd);
	switch (part) {
	case BENCH_PRODUCER:
		t->attach(&links[0], true);
		rc = buf ? bench_produce(t, &links[0], buf, a->budget_ns) : -1;
		break;
	case BENCH_CONSUMER:
		t->attach(&links[0], false);
		rc = buf ? bench_consume(t, &links[0], buf, a->warm_ns, &rep) : -1;
		break;
	case BENCH_PINGER:
		t->attach(&links[0], true);
		t->attach(&links[1], false);
		rc = buf ? bench_ping(t, &links[0], &links[1], buf, a->budget_ns, a->warm_ns, &rep)
			 : -1;
		break;
	case BENCH_PONGER:
		t->attach(&links[0], false);
		t->attach(&links[1], true);
		rc = buf ? bench_pong(t, &links[0], &links[1], buf) : -1;
		break;
	}
	if (rc != 0)
		rep.err = errno ? errno : ENOMEM;
	if (reports)
		while (write(a->report_fd, &rep, sizeof rep) < 0 && errno == EINTR)
			;
	_exit(rc == 0 ? 0 : 1);
}

/* ---- the parent ---------------------------------------------------------------------- */

/* Forks one child for `part`, pinned to `cpu`, with the quit signals blocked
 * across the fork and put back to their defaults in the child. 0, or -1 with
 * errno set. */
static int bench_spawn(pid_t *pid, enum bench_part part, int cpu, const struct bench_job_args *a)
{
	static const int quit_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	sigset_t all, old;
	pid_t parent = getpid();

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	*pid = fork();
	if (*pid == 0) {
		cpu_set_t one;
		bench_ahead(); /* its own session: ^C goes to ipcviz, which cleans up */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		for (size_t i = 0; i < sizeof quit_signals / sizeof quit_signals[0]; i++)
			signal(quit_signals[i], SIG_DFL);
		signal(SIGPIPE, SIG_IGN); /* a reader that left is EPIPE, reported */
		sigprocmask(SIG_SETMASK, &old, NULL);
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		sched_setaffinity(0, sizeof one, &one); /* else where the kernel puts it */
		bench_realtime(); /* no other process may take its CPU while it runs */
		bench_child(part, a);
	}
	int fork_errno = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = fork_errno;
	return *pid < 0 ? -1 : 0;
}

static void bench_kill_reap(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++) {
		if (pids[i] <= 0)
			continue;
		kill(pids[i], SIGKILL);
		while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR)
			;
		pids[i] = 0;
	}
}

/* Waits for the report on fd, watching *stop; 0, or -1 with a message. */
static int bench_await(int fd, int64_t deadline_ns, const volatile sig_atomic_t *stop,
		       struct bench_sample *rep, char *err, size_t errlen)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	size_t have = 0;

	while (have < sizeof *rep) {
		if (stop && *stop) {
			snprintf(err, errlen, "%s", _("interrupted: every child was stopped and reaped"));
			return -1;
		}
		if (bench_now_ns() > deadline_ns) {
			snprintf(err, errlen, "%s", _("a benchmark process stopped answering"));
			return -1;
		}
		/* a signal ends the poll at once (no SA_RESTART) */
		if (poll(&p, 1, 200) <= 0)
			continue;
		ssize_t n = read(fd, (char *)rep + have, sizeof *rep - have);
		if (n == 0) {
			snprintf(err, errlen, "%s", _("a benchmark process died"));
			return -1;
		}
		if (n > 0)
			have += (size_t)n;
	}
	if (rep->err) {
		snprintf(err, errlen, _("a benchmark process failed: %s"), strerror(rep->err));
		return -1;
	}
	return 0;
}

/* One measurement: one link (one way) or two (round trip), two children pinned
 * to cpu[0] and cpu[1], the report of the consumer or the pinger. 0, or -1
 * with a message. */
static int bench_measure(const struct bench_transport *t, size_t size, bool round_trip,
			 const int cpu[2], int64_t budget_ns, const volatile sig_atomic_t *stop,
			 struct bench_sample *rep, char *err, size_t errlen)
{
	struct bench_link links[2];
	int nlinks = round_trip ? 2 : 1, opened = 0, report[2] = {-1, -1}, rc = -1;
	pid_t pids[2] = {0, 0};
	enum bench_part parts[2] = {BENCH_PRODUCER, BENCH_CONSUMER};
	struct bench_job_args a = {.t = t, .links = links, .budget_ns = budget_ns,
				   .warm_ns = budget_ns / BENCH_WARMUP_SHARE};

	if (round_trip) {
		parts[0] = BENCH_PINGER;
		parts[1] = BENCH_PONGER;
	}
	for (; opened < nlinks; opened++)
		if (bench_link_open(t, &links[opened], size, err, errlen) != 0)
			goto out;
	if (pipe2(report, O_CLOEXEC) != 0) {
		snprintf(err, errlen, _("cannot create a pipe: %s"), strerror(errno));
		goto out;
	}
	a.report_fd = report[1];
	for (int i = 0; i < 2; i++) {
		if (bench_spawn(&pids[i], parts[i], cpu[i], &a) != 0) {
			snprintf(err, errlen, _("cannot start a benchmark process: %s"),
				 strerror(errno));
			goto out;
		}
	}
	/* The parent holds nothing: a child that dies is EOF or EPIPE for the other. */
	for (int i = 0; i < opened; i++)
		t->close(&links[i]);
	close(report[1]);
	report[1] = -1;
	if (bench_await(report[0], bench_now_ns() + budget_ns + BENCH_GRACE_MS * 1000000LL,
			stop, rep, err, errlen) != 0)
		goto out;
	for (int i = 0; i < 2; i++) {
		int status = 0;
		while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
			;
		pids[i] = 0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			snprintf(err, errlen, "%s", _("a benchmark process failed"));
			goto out;
		}
	}
	rc = 0;
out:
	bench_kill_reap(pids, 2);
	for (int i = 0; i < opened; i++)
		t->close(&links[i]);
	for (int i = 0; i < 2; i++)
		if (report[i] >= 0)
			close(report[i]);
	return rc;
}

/* ---- the rounds ---------------------------------------------------------------------- */

/* A Python tool of the tutorial, and the ipcviz case it stands beside. */
struct bench_py_tool {
	const char *tool;  /* the name bench_python.c knows it by */
	size_t size;
	const char *versus;
	size_t versus_size;
	bool rtt;
};

static const struct bench_py_tool bench_py_tools[] = {
	{"Pipe", 64, "pipe", 64, true},
	{"Pipe", 4096, "pipe", 4096, true},
	{"Queue", 64, "queue", 64, true},
	{"Queue", 4096, "queue", 4096, true},
	{"Value", 4, "shm", 64, false},
	{"Value(lock=False)", 4, "shm", 64, false},
	{"Value+Semaphore", 4, "shm", 64, true},
};
#define BENCH_NPY (sizeof bench_py_tools / sizeof bench_py_tools[0])

/* One measurement of a round. */
struct bench_job {
	bool python;
	int index;         /* a case, or a Python tool */
	enum bench_placement placement;
	bool round_trip;
};

/* A case: a transport at a size. */
struct bench_case {
	const struct bench_transport *t;
	size_t size;
};

/* Every figure of every round, before the medians. */
struct bench_samples {
	double msgs[BENCH_MAX_CASES][BENCH_PLACEMENTS][BENCH_MAX_ROUNDS];
	double p50[BENCH_MAX_CASES][BENCH_PLACEMENTS][BENCH_MAX_ROUNDS];
	double p99[BENCH_MAX_CASES][BENCH_PLACEMENTS][BENCH_MAX_ROUNDS];
	double py_msgs[BENCH_MAX_PY][BENCH_PLACEMENTS][BENCH_MAX_ROUNDS];
	double py_p50[BENCH_MAX_PY][BENCH_PLACEMENTS][BENCH_MAX_ROUNDS];
};

const char *bench_placement_name(enum bench_placement p)
{
	return p == BENCH_SAME_CPU ? "same-cpu" : "two-cpus";
}

/* The 1-minute load average now, -1 if unknown. */
static double bench_load(void)
{
	double v = -1;
	FILE *f = fopen("/proc/loadavg", "r");

	if (f) {
		if (fscanf(f, "%lf", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* The first two CPUs this process may run on; how many there are (1 or 2). */
static int bench_cpus(int cpus[2])
{
	cpu_set_t set;
	int n = 0;

	cpus[0] = cpus[1] = 0;
	if (sched_getaffinity(0, sizeof set, &set) != 0)
		return 1;
	for (int c = 0; c < CPU_SETSIZE && n < 2; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	if (n == 1)
		cpus[1] = cpus[0];
	return n ? n : 1;
}

static int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median, lowest and highest of v[0..n-1] (n >= 1; v is sorted in place). */
static struct bench_figure bench_figure_of(double *v, int n, double scale)
{
	struct bench_figure f;

	qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
	f.median = (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) * scale;
	f.min = v[0] * scale;
	f.max = v[n - 1] * scale;
	return f;
}

/* Runs job j of round `round`; its figures go into s. */
static int bench_do_job(const struct bench_job *j, const struct bench_case *cases, int round,
			const int cpus[2], int64_t budget_ns, struct bench_py *py,
			const volatile sig_atomic_t *stop, struct bench_samples *s, char *err,
			size_t errlen)
{
	/* the CPUs swap every round: the one process on one CPU, the pair in turn */
	int cpu[2] = {cpus[round % 2], cpus[(round + 1) % 2]};
	char why[512];

	if (j->placement == BENCH_SAME_CPU)
		cpu[1] = cpu[0];
	if (j->python) {
		const struct bench_py_tool *pt = &bench_py_tools[j->index];
		double value = 0, p50 = 0;
		if (bench_py_measure(py, pt->tool, pt->size, j->round_trip, cpu, budget_ns,
				     budget_ns / BENCH_WARMUP_SHARE, stop, &value, &p50, why,
				     sizeof why) != 0) {
			snprintf(err, errlen, _("Python's %s: %s"), pt->tool, why);
			return -1;
		}
		if (j->round_trip)
			s->py_p50[j->index][j->placement][round] = p50;
		else
			s->py_msgs[j->index][j->placement][round] = value;
		return 0;
	}
	const struct bench_case *c = &cases[j->index];
	struct bench_sample got = {0};
	if (bench_measure(c->t, c->size, j->round_trip, cpu, budget_ns, stop, &got, why,
			  sizeof why) != 0) {
		snprintf(err, errlen, _("bench %s, %zu-byte messages: %s"), c->t->name, c->size, why);
		return -1;
	}
	if (j->round_trip) {
		s->p50[j->index][j->placement][round] = got.p50_us;
		s->p99[j->index][j->placement][round] = got.p99_us;
	} else {
		double secs = (double)(got.end_ns - got.start_ns) / 1e9;
		s->msgs[j->index][j->placement][round] = secs > 0 ? (double)got.count / secs : 0;
	}
	return 0;
}

/* The medians and spreads of every case and tool into out. */
static void bench_sum_up(const struct bench_case *cases, int ncases, int nplace,
			 struct bench_samples *s, int rounds, struct bench_report *out)
{
	out->n = 0;
	for (int i = 0; i < ncases; i++)
		for (int p = 0; p < nplace; p++) {
			struct bench_result *r = &out->r[out->n++];
			const struct channel_desc *d = channel_desc_by_word(cases[i].t->desc);
			r->channel = cases[i].t->name;
			r->label = d ? d->name : cases[i].t->name;
			r->size = cases[i].size;
			r->placement = (enum bench_placement)p;
			r->rounds = rounds;
			r->msgs_per_s = bench_figure_of(s->msgs[i][p], rounds, 1);
			r->mb_per_s = bench_figure_of(s->msgs[i][p], rounds, (double)cases[i].size / 1e6);
			r->rtt_us_p50 = bench_figure_of(s->p50[i][p], rounds, 1);
			r->rtt_us_p99 = bench_figure_of(s->p99[i][p], rounds, 1);
		}
	out->npy = 0;
	if (!out->python_found)
		return;
	for (size_t i = 0; i < BENCH_NPY; i++)
		for (int p = 0; p < nplace; p++) {
			const struct bench_py_tool *pt = &bench_py_tools[i];
			struct bench_py_result *y = &out->py[out->npy++];
			y->tool = pt->tool;
			y->size = pt->size;
			y->placement = (enum bench_placement)p;
			y->has_rtt = pt->rtt;
			y->versus = NULL;
			for (int k = 0; k < out->n; k++)
				if (strcmp(out->r[k].channel, pt->versus) == 0 &&
				    out->r[k].size == pt->versus_size && (int)out->r[k].placement == p)
					y->versus = &out->r[k];
			y->msgs_per_s = bench_figure_of(s->py_msgs[i][p], rounds, 1);
			y->rtt_us_p50 = pt->rtt ? bench_figure_of(s->py_p50[i][p], rounds, 1)
						: (struct bench_figure){0};
		}
}

int bench_run(const struct bench_options *o, const volatile sig_atomic_t *stop,
	      struct bench_report *out, char *err, size_t errlen)
{
	struct bench_case cases[BENCH_MAX_CASES];
	struct bench_job jobs[2 * BENCH_PLACEMENTS * (BENCH_MAX_CASES + BENCH_MAX_PY)];
	struct bench_py py;
	int ncases = 0, njobs = 0, nc_jobs, rc = -1;
	struct bench_samples *s = calloc(1, sizeof *s);

	if (!s) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	memset(out, 0, sizeof *out);
	out->rounds = o->rounds;
	out->ncpus = bench_cpus(out->cpus);
	out->mq_msgsize_max = bench_queue_max();
	out->load[0] = bench_load();
	out->ahead = bench_ahead_allowed();
	out->realtime = bench_realtime_allowed();
	int nplace = out->ncpus >= 2 ? BENCH_PLACEMENTS : 1;
	for (size_t t = 0; t < BENCH_NTRANSPORTS; t++)
		for (size_t i = 0; i < sizeof bench_sizes / sizeof bench_sizes[0]; i++)
			if (bench_sizes[i] <= bench_transports[t].max_size() && ncases < BENCH_MAX_CASES)
				cases[ncases++] = (struct bench_case){&bench_transports[t], bench_sizes[i]};
	for (int i = 0; i < ncases; i++)
		for (int p = 0; p < nplace; p++)
			for (int k = 0; k < 2; k++)
				jobs[njobs++] = (struct bench_job){false, i, (enum bench_placement)p, k};
	nc_jobs = njobs;
	if (bench_limits_check(out->cpus, stop, &out->limits, err, errlen) != 0)
		goto done;
	out->python_asked = o->python;
	if (o->python) {
		int started = bench_py_start(&py, stop, out->python_note, sizeof out->python_note);
		if (started < 0) {
			snprintf(err, errlen, "%s", out->python_note);
			goto done;
		}
		out->python_found = started > 0;
	}
	if (out->python_found)
		for (size_t i = 0; i < BENCH_NPY; i++)
			for (int p = 0; p < nplace; p++)
				for (int k = 0; k < 1 + bench_py_tools[i].rtt; k++)
					jobs[njobs++] = (struct bench_job){true, (int)i,
									   (enum bench_placement)p, k};
	/* Each C measurement gets an equal share of the time; a Python one as much. */
	int64_t budget_ns = (int64_t)(o->seconds * 1e9 / nc_jobs / o->rounds);
	for (int r = 0; r < o->rounds; r++)
		for (int k = 0; k < njobs; k++) {
			const struct bench_job *j = &jobs[r % 2 ? njobs - 1 - k : k];
			if (bench_do_job(j, cases, r, out->cpus, budget_ns, &py, stop, s, err,
					 errlen) != 0)
				goto done;
		}
	bench_sum_up(cases, ncases, nplace, s, o->rounds, out);
	out->load[1] = bench_load();
	rc = 0;
done:
	if (out->python_found)
		bench_py_stop(&py, rc != 0);
	free(s);
	return rc;
}
