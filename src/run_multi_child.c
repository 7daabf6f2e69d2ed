/* run_multi_child.c - what a process of a run of several channels does: wait
 * for a permit, do that one operation with the real call, report.
 *
 * As in a run of one channel (actor.c), it first finds out whether the call
 * would block: poll(2) with no timeout says whether a pipe has a free page for
 * a write (each item is one page, PIPE_BUF, so "not full" is "a write goes
 * through") or an item or its end of file for a read, a send with
 * MSG_DONTWAIT whether a socket pair takes an item, mq_timedsend and
 * mq_timedreceive with a deadline already past whether a queue does (its
 * descriptors' O_NONBLOCK would be shared by every child), sem_trywait
 * whether a ring has a place (an item), and pthread_mutex_trylock whether a
 * lock is free. Nothing else can change the answer in between: every
 * other process is settled (asleep in the kernel or waiting for its permit)
 * while this one takes its step. If it would block, the child says so, then
 * makes the blocking call and really sleeps in the kernel, where the parent
 * sees it in /proc.
 */
#include "run_multi.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "channel.h"

/* Sends one report; if the parent is gone there is nobody to tell. */
static void child_report(const struct multi_child *c, int kind, int ch, int op, int32_t value,
			 int err)
{
	struct multi_report r = {.kind = (uint8_t)kind, .ch = (uint8_t)ch, .op = (uint8_t)op,
				 .value = value, .err = err};

	while (write(c->ev_fd, &r, sizeof r) < 0 && errno == EINTR)
		;
}

/* Would a call on fd block now? (events: POLLOUT for a write, POLLIN for a
 * read). A write end whose pipe has no reader (POLLERR) or a read end with no
 * writer left (POLLHUP) does not block: the call fails or reads end of file. */
static bool child_would_block(int fd, short events)
{
	struct pollfd p = {.fd = fd, .events = events};

	if (poll(&p, 1, 0) < 0)
		return false; /* let the call itself say what is wrong */
	return (p.revents & (events | POLLERR | POLLHUP)) == 0;
}

/* A put on (`put`) or a get from a queue or a ring, whose calls try first
 * without waiting (a queue: a deadline already past; a ring: sem_trywait)
 * and then wait: in mq_timedsend or mq_timedreceive, or in futex(2) on the
 * ring's semaphore. Neither has an end of file or EPIPE. */
static void child_box(const struct multi_child *c, int ch, bool put, int32_t value)
{
	char msg[MULTI_QUEUE_MSG_BYTES];
	int op = put ? MP_PUT : MP_GET;
	bool queue = c->kind[ch] == CHANNEL_QUEUE;
	int fd = put ? c->wfd[ch] : c->rfd[ch];

	memcpy(msg, &value, sizeof msg);
	enum ch_result rc = queue ? channel_queue_move(fd, msg, sizeof msg, put, true)
				  : channel_ring_move(c->ring[ch], &value, put, true);
	if (rc == CH_AGAIN) {
		child_report(c, MR_BLOCKED, ch, op, value, 0);
		rc = queue ? channel_queue_move(fd, msg, sizeof msg, put, false)
			   : channel_ring_move(c->ring[ch], &value, put, false);
		child_report(c, MR_UNBLOCKED, ch, op, value, 0);
	}
	if (rc != CH_OK) {
		child_report(c, MR_ERROR, ch, op, value, errno);
		return;
	}
	if (queue && !put)
		memcpy(&value, msg, sizeof value);
	child_report(c, put ? MR_PUT : MR_GOT, ch, op, value, 0);
}

static void child_put(const struct multi_child *c, int ch, int32_t value)
{
	unsigned char item[MULTI_ITEM_BYTES] = {0};
	int fd = c->wfd[ch];
	ssize_t n = -1;

	if (c->kind[ch] == CHANNEL_QUEUE || c->kind[ch] == CHANNEL_RING) {
		child_box(c, ch, true, value);
		return;
	}
	memcpy(item, &value, sizeof value);
	bool sock = c->kind[ch] == CHANNEL_SOCKETPAIR;
	bool blocked;
	if (sock) {
		/* A socket says POLLOUT only while three quarters of its buffer are
		 * free, not whenever an item still goes in: so the try is the send
		 * itself, without waiting. An item is one buffer of the kernel's,
		 * sent whole or not at all (channel_socketpair_one_way). */
		while ((n = send(fd, item, sizeof item, MSG_DONTWAIT)) < 0 && errno == EINTR)
			;
		blocked = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
	} else {
		blocked = child_would_block(fd, POLLOUT);
	}
	if (blocked)
		child_report(c, MR_BLOCKED, ch, MP_PUT, value, 0);
	if (blocked || !sock) /* a socket's send that went through is the put */
		while ((n = write(fd, item, sizeof item)) < 0 && errno == EINTR)
			;
	if (blocked)
		child_report(c, MR_UNBLOCKED, ch, MP_PUT, value, 0);
	if (n == (ssize_t)sizeof item)
		child_report(c, MR_PUT, ch, MP_PUT, value, 0);
	else
		child_report(c, MR_ERROR, ch, MP_PUT, value, n < 0 ? errno : EIO);
}

static void child_get(const struct multi_child *c, int ch)
{
	unsigned char item[MULTI_ITEM_BYTES];
	size_t have = 0;
	int32_t value;

	if (c->kind[ch] == CHANNEL_QUEUE || c->kind[ch] == CHANNEL_RING) {
		child_box(c, ch, false, 0);
		return;
	}
	bool blocked = child_would_block(c->rfd[ch], POLLIN);
	if (blocked)
		child_report(c, MR_BLOCKED, ch, MP_GET, 0, 0);
	/* One item is one write of PIPE_BUF bytes: one read brings it whole. The
	 * loop is only for a signal. */
	while (have < sizeof item) {
		ssize_t n = read(c->rfd[ch], item + have, sizeof item - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (blocked)
				child_report(c, MR_UNBLOCKED, ch, MP_GET, 0, 0);
			if (n == 0 && have == 0)
				child_report(c, MR_EOF, ch, MP_GET, 0, 0);
			else
				child_report(c, MR_ERROR, ch, MP_GET, 0, n < 0 ? errno : EIO);
			return;
		}
		have += (size_t)n;
	}
	if (blocked)
		child_report(c, MR_UNBLOCKED, ch, MP_GET, 0, 0);
	memcpy(&value, item, sizeof value);
	child_report(c, MR_GOT, ch, MP_GET, value, 0);
}

static void child_lock(const struct multi_child *c, int ch)
{
	int rc = pthread_mutex_trylock(c->lock[ch]);
	bool blocked = rc == EBUSY;

	if (blocked) {
		child_report(c, MR_BLOCKED, ch, MP_LOCK, 0, 0);
		rc = pthread_mutex_lock(c->lock[ch]); /* a futex(2) wait */
		child_report(c, MR_UNBLOCKED, ch, MP_LOCK, 0, 0);
	}
	if (rc == EOWNERDEAD) {
		/* Its holder died holding it (a robust mutex): it is ours now. */
		pthread_mutex_consistent(c->lock[ch]);
		child_report(c, MR_LOCKED, ch, MP_LOCK, 1, 0);
	} else if (rc == 0) {
		child_report(c, MR_LOCKED, ch, MP_LOCK, 0, 0);
	} else {
		child_report(c, MR_ERROR, ch, MP_LOCK, 0, rc);
	}
}

/* A queue's descriptors close the same way: mq_close(3) is close(2) here. */
static void child_close(const struct multi_child *c, int ch, int *rfd, int *wfd)
{
	if (rfd[ch] >= 0)
		close(rfd[ch]);
	if (wfd[ch] >= 0)
		close(wfd[ch]);
	rfd[ch] = wfd[ch] = -1;
	child_report(c, MR_CLOSED, ch, MP_CLOSE, 0, 0);
}

/* Contract in run_multi.h. Its program lives in the parent: each permit says
 * what to do, so the parent always knows what comes next. */
_Noreturn void run_multi_child_main(const struct multi_child *c)
{
	struct multi_child me = *c;

	child_report(&me, MR_READY, 0, 0, 0, 0);
	for (;;) {
		struct multi_permit p;
		ssize_t n = read(me.ctl_fd, &p, sizeof p);

		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof p || p.op == MP_QUIT || p.ch >= me.nchannels)
			_exit(0); /* the end of its program: the kernel closes its ends */
		switch (p.op) {
		case MP_PUT:
			child_put(&me, p.ch, p.value);
			break;
		case MP_GET:
			child_get(&me, p.ch);
			break;
		case MP_CLOSE:
			child_close(&me, p.ch, me.rfd, me.wfd);
			break;
		case MP_LOCK:
			child_lock(&me, p.ch);
			break;
		case MP_UNLOCK:
			pthread_mutex_unlock(me.lock[p.ch]);
			child_report(&me, MR_UNLOCKED, p.ch, MP_UNLOCK, 0, 0);
			break;
		default:
			_exit(1);
		}
		child_report(&me, MR_DONE, p.ch, p.op, 0, 0);
	}
}
