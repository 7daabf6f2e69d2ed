/* bench.c - each mechanism's real cost, measured free-running with two forked
 * processes and no scheduler, the way ipc-bench measures.
 *
 * One way: the producer sends messages as fast as it can until its share of the
 * time is up, then an end marker; the consumer reads them all. Every message
 * starts with a small header (sequence number, the producer's start time), so
 * the consumer measures from the producer's first send to its own last receive,
 * on CLOCK_MONOTONIC, which both processes share: msgs/s = messages / that time.
 * Round trip: a pinger sends one message, a ponger sends it back, and the pinger
 * times each round trip; p50 and p99 of those (after a short warm-up).
 *
 * A transport is the mechanism with messages of any size: a pipe (read and write
 * loops, as a byte stream is), a POSIX queue (one mq_send per message), and for
 * shm a ring of slots in POSIX shared memory with two process-shared counting
 * semaphores (free slots, used slots) — ipcviz's own shared value never waits,
 * so it has no throughput of its own to measure. Each holds max(64 KiB, 8
 * messages), like ipc-bench's pipes; a queue holds what fs.mqueue.msg_max allows.
 *
 * Nothing is left behind: kernel objects with names are unlinked the moment they
 * exist (the open descriptors and mappings keep them alive), every child dies
 * with the parent (PR_SET_PDEATHSIG), and the parent kills and reaps them on any
 * way out, a signal included.
 */
#include "bench.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
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
#include <wchar.h>

#include "channel_util.h"
#include "i18n.h"

#define BENCH_END_SEQ UINT64_MAX    /* the header's seq of the end marker */
#define BENCH_CLOCK_EVERY 256       /* messages between looks at the clock */
#define BENCH_WARMUP_RTTS 16        /* round trips not counted (first touches) */
#define BENCH_MAX_SAMPLES (1 << 20) /* round trips kept at most (4 MiB) */
#define BENCH_MIN_SAMPLES 200       /* round trips timed at least, however slow */
#define BENCH_MIN_MSGS 1024         /* messages sent at least, however slow */
#define BENCH_HOLD_BYTES 65536      /* a channel holds max(this, 8 messages) */
#define BENCH_GRACE_MS 10000        /* beyond its time, a child is broken */

static const size_t bench_sizes[] = {64, 4096, 65536};

/* What starts every message. */
struct bench_header {
	uint64_t seq;
	int64_t start_ns; /* the producer's first send */
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
	const char *name;       /* the scenario word: "pipe", "queue", "shm" */
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
struct bench_report {
	int err;                /* errno of a failure, 0 if none */
	long count;             /* messages or round trips */
	int64_t start_ns, end_ns;
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

static long bench_read_proc_long(const char *path, long fallback)
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
	return (size_t)bench_read_proc_long("/proc/sys/fs/mqueue/msgsize_max", 8192);
}

static int bench_queue_open(struct bench_link *l, size_t size, char *err, size_t errlen)
{
	long most = bench_read_proc_long("/proc/sys/fs/mqueue/msg_max", 10);
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
		.max_size = bench_pipe_max,
		.open = bench_pipe_open,
		.attach = bench_pipe_attach,
		.send = bench_pipe_send,
		.recv = bench_pipe_recv,
		.close = bench_pipe_close,
	},
	{
		.name = "queue",
		.max_size = bench_queue_max,
		.open = bench_queue_open,
		.attach = bench_queue_attach,
		.send = bench_queue_send,
		.recv = bench_queue_recv,
		.close = bench_queue_close,
	},
	{
		.name = "shm",
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
	struct bench_header h = {.seq = 0, .start_ns = bench_now_ns()};
	int64_t deadline = h.start_ns + budget_ns;

	for (;; h.seq++) {
		if (h.seq % BENCH_CLOCK_EVERY == 0 && h.seq >= BENCH_MIN_MSGS &&
		    bench_now_ns() >= deadline)
			break;
		memcpy(buf, &h, sizeof h);
		if (t->send(l, buf) != 0)
			return -1;
	}
	h.seq = BENCH_END_SEQ;
	memcpy(buf, &h, sizeof h);
	return t->send(l, buf);
}

/* Receives up to the end marker; the time runs from the producer's first send. */
static int bench_consume(const struct bench_transport *t, struct bench_link *l, void *buf,
			 struct bench_report *rep)
{
	struct bench_header h;

	for (;;) {
		if (t->recv(l, buf) != 0)
			return -1;
		memcpy(&h, buf, sizeof h);
		if (h.seq == BENCH_END_SEQ)
			break;
		rep->count++;
	}
	rep->end_ns = bench_now_ns();
	rep->start_ns = h.start_ns;
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

/* Times round trips until `budget_ns` is spent, then sends the end marker. */
static int bench_ping(const struct bench_transport *t, struct bench_link *out,
		      struct bench_link *in, void *buf, int64_t budget_ns,
		      struct bench_report *rep)
{
	struct bench_header h = {.seq = 0, .start_ns = bench_now_ns()};
	int64_t deadline = h.start_ns + budget_ns;
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
		if (h.seq < BENCH_WARMUP_RTTS)
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

/* The body of a child: its part of one measurement, then _exit. Only the
 * consumer and the pinger report, on `report_fd`. */
static _Noreturn void bench_child(enum bench_part part, const struct bench_transport *t,
				  struct bench_link *links, int report_fd, int64_t budget_ns)
{
	static const char *const comm[] = {"ipcviz-bench-p", "ipcviz-bench-c", "ipcviz-bench-p",
					   "ipcviz-bench-c"};
	struct bench_report rep = {0};
	bool reports = part == BENCH_CONSUMER || part == BENCH_PINGER;
	void *buf = calloc(1, links[0].size);
	int rc = -1;

	prctl(PR_SET_NAME, comm[part]);
	if (!reports)
		close(report_fd);
	switch (part) {
	case BENCH_PRODUCER:
		t->attach(&links[0], true);
		rc = buf ? bench_produce(t, &links[0], buf, budget_ns) : -1;
		break;
	case BENCH_CONSUMER:
		t->attach(&links[0], false);
		rc = buf ? bench_consume(t, &links[0], buf, &rep) : -1;
		break;
	case BENCH_PINGER:
		t->attach(&links[0], true);
		t->attach(&links[1], false);
		rc = buf ? bench_ping(t, &links[0], &links[1], buf, budget_ns, &rep) : -1;
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
		while (write(report_fd, &rep, sizeof rep) < 0 && errno == EINTR)
			;
	_exit(rc == 0 ? 0 : 1);
}

/* ---- the parent ---------------------------------------------------------------------- */

/* Forks one child for `part`, with the quit signals blocked across the fork
 * and put back to their defaults in the child. 0, or -1 with errno set. */
static int bench_spawn(pid_t *pid, enum bench_part part, const struct bench_transport *t,
		       struct bench_link *links, int report_fd, int64_t budget_ns)
{
	static const int quit_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	sigset_t all, old;
	pid_t parent = getpid();

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	*pid = fork();
	if (*pid == 0) {
		setpgid(0, 0); /* ^C goes to ipcviz, which cleans up */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		for (size_t i = 0; i < sizeof quit_signals / sizeof quit_signals[0]; i++)
			signal(quit_signals[i], SIG_DFL);
		signal(SIGPIPE, SIG_IGN); /* a reader that left is EPIPE, reported */
		sigprocmask(SIG_SETMASK, &old, NULL);
		bench_child(part, t, links, report_fd, budget_ns);
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
		       struct bench_report *rep, char *err, size_t errlen)
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
		if (poll(&p, 1, 50) <= 0)
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

/* One measurement: one link (one way) or two (round trip), two children, the
 * report of the consumer or the pinger. 0, or -1 with a message. */
static int bench_measure(const struct bench_transport *t, size_t size, bool round_trip,
			 int64_t budget_ns, const volatile sig_atomic_t *stop,
			 struct bench_report *rep, char *err, size_t errlen)
{
	struct bench_link links[2];
	int nlinks = round_trip ? 2 : 1, opened = 0, report[2] = {-1, -1}, rc = -1;
	pid_t pids[2] = {0, 0};
	enum bench_part parts[2] = {BENCH_PRODUCER, BENCH_CONSUMER};

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
	for (int i = 0; i < 2; i++) {
		if (bench_spawn(&pids[i], parts[i], t, links, report[1], budget_ns) != 0) {
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

int bench_run(double seconds, const volatile sig_atomic_t *stop, struct bench_result *out,
	      char *err, size_t errlen)
{
	int ncases = 0, n = 0;

	for (size_t t = 0; t < BENCH_NTRANSPORTS; t++)
		for (size_t i = 0; i < sizeof bench_sizes / sizeof bench_sizes[0]; i++)
			ncases += bench_sizes[i] <= bench_transports[t].max_size();
	int64_t half_ns = (int64_t)(seconds * 1e9 / ncases / 2);

	for (size_t t = 0; t < BENCH_NTRANSPORTS; t++) {
		const struct bench_transport *tr = &bench_transports[t];
		size_t most = tr->max_size();
		for (size_t i = 0; i < sizeof bench_sizes / sizeof bench_sizes[0]; i++) {
			size_t size = bench_sizes[i];
			struct bench_report one = {0}, two = {0};
			char why[512];
			if (size > most || n == BENCH_MAX_RESULTS)
				continue;
			if (bench_measure(tr, size, false, half_ns, stop, &one, why, sizeof why) != 0 ||
			    bench_measure(tr, size, true, half_ns, stop, &two, why, sizeof why) != 0) {
				snprintf(err, errlen, _("bench %s, %zu-byte messages: %s"), tr->name,
					 size, why);
				return -1;
			}
			double secs = (double)(one.end_ns - one.start_ns) / 1e9;
			struct bench_result *r = &out[n++];
			r->channel = tr->name;
			r->size = size;
			r->msgs = one.count;
			r->msgs_per_s = secs > 0 ? (double)one.count / secs : 0;
			r->mb_per_s = r->msgs_per_s * (double)size / 1e6;
			r->rtts = two.count;
			r->rtt_us_p50 = two.p50_us;
			r->rtt_us_p99 = two.p99_us;
		}
	}
	return n;
}

/* ---- output ----------------------------------------------------------------------------- */

enum { BENCH_COLS = 6, BENCH_CELL = 64 };

/* Display width of a UTF-8 string (its bytes if it is not valid here). */
static int bench_width(const char *s)
{
	wchar_t w[128];
	size_t n = mbstowcs(w, s, sizeof w / sizeof w[0] - 1);

	if (n == (size_t)-1)
		return (int)strlen(s);
	w[n] = L'\0';
	int width = wcswidth(w, n);
	return width < 0 ? (int)n : width;
}

/* Cell c of a row: a gap before it, then s in a column `width` wide, left or
 * right aligned (a last column aligned left gets no trailing blanks). */
static void bench_cell(FILE *f, int c, const char *s, int width, bool right)
{
	int pad = width - bench_width(s);

	if (c > 0)
		fputs("  ", f);
	if (right)
		fprintf(f, "%*s%s", pad > 0 ? pad : 0, "", s);
	else
		fprintf(f, "%s%*s", s, pad > 0 && c < BENCH_COLS - 1 ? pad : 0, "");
}

static const char *bench_channel_words(const char *name)
{
	if (strcmp(name, "pipe") == 0)
		return _("pipe");
	if (strcmp(name, "queue") == 0)
		return _("POSIX queue");
	return _("shm ring");
}

void bench_write_table(FILE *f, const struct bench_result *r, int n)
{
	const char *head[BENCH_COLS] = {_("channel"), _("message"), _("msgs/s"), _("MB/s"),
					_("RTT p50 µs"), _("RTT p99 µs")};
	char cells[BENCH_MAX_RESULTS][BENCH_COLS][BENCH_CELL];
	int width[BENCH_COLS];

	for (int c = 0; c < BENCH_COLS; c++)
		width[c] = bench_width(head[c]);
	for (int i = 0; i < n && i < BENCH_MAX_RESULTS; i++) {
		snprintf(cells[i][0], BENCH_CELL, "%s", bench_channel_words(r[i].channel));
		if (r[i].size % 1024 == 0)
			snprintf(cells[i][1], BENCH_CELL, _("%zu KiB"), r[i].size / 1024);
		else
			snprintf(cells[i][1], BENCH_CELL, _("%zu B"), r[i].size);
		snprintf(cells[i][2], BENCH_CELL, "%.0f", r[i].msgs_per_s);
		snprintf(cells[i][3], BENCH_CELL, "%.1f", r[i].mb_per_s);
		snprintf(cells[i][4], BENCH_CELL, "%.1f", r[i].rtt_us_p50);
		snprintf(cells[i][5], BENCH_CELL, "%.1f", r[i].rtt_us_p99);
		for (int c = 0; c < BENCH_COLS; c++)
			if (bench_width(cells[i][c]) > width[c])
				width[c] = bench_width(cells[i][c]);
	}
	for (int c = 0; c < BENCH_COLS; c++)
		bench_cell(f, c, head[c], width[c], c >= 2);
	fputc('\n', f);
	for (int i = 0; i < n && i < BENCH_MAX_RESULTS; i++) {
		for (int c = 0; c < BENCH_COLS; c++)
			bench_cell(f, c, cells[i][c], width[c], c >= 2);
		fputc('\n', f);
	}
	fputs(_("One way: a producer process sends for its share of the time, a consumer\n"
		"process reads; RTT: one message there and back between two processes.\n"
		"shm ring: slots in POSIX shared memory with two process-shared semaphores\n"
		"(ipcviz's shared value never waits, so it has no throughput of its own).\n"),
	      f);
}

/* v rounded to 1/per: a division, so that 192.77 prints as 192.77 (no libm). */
static double bench_round(double v, double per)
{
	return (double)(long long)(v * per + 0.5) / per;
}

int bench_write_json(FILE *f, const struct bench_result *r, int n)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *list = doc ? cJSON_AddArrayToObject(doc, "results") : NULL;
	char *text = NULL;
	int rc = -1;

	if (!list)
		goto out;
	for (int i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(list, o))
			goto out;
		if (!cJSON_AddStringToObject(o, "channel", r[i].channel) ||
		    !cJSON_AddNumberToObject(o, "size", (double)r[i].size) ||
		    !cJSON_AddNumberToObject(o, "msgs_per_s", bench_round(r[i].msgs_per_s, 1)) ||
		    !cJSON_AddNumberToObject(o, "mb_per_s", bench_round(r[i].mb_per_s, 100)) ||
		    !cJSON_AddNumberToObject(o, "rtt_us_p50", bench_round(r[i].rtt_us_p50, 100)) ||
		    !cJSON_AddNumberToObject(o, "rtt_us_p99", bench_round(r[i].rtt_us_p99, 100)))
			goto out;
	}
	text = cJSON_PrintUnformatted(doc);
	if (text && fprintf(f, "%s\n", text) > 0)
		rc = 0;
out:
	free(text);
	cJSON_Delete(doc);
	return rc;
}
