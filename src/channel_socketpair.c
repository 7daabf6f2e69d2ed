/* channel_socketpair.c - a connected pair of Unix stream sockets, which is what
 * Python's multiprocessing.Pipe() is by default: one channel, both directions.
 *
 * Producers hold end 0 and consumers end 1. A producer sends each item and then
 * reads the consumer's answer on the same socket; a consumer reads an item and
 * sends it back as an acknowledgement. So items flow one way and answers the
 * other, and either side can sleep in the kernel: in read(2) when nothing came
 * its way, in write(2) when the other side's buffer is full.
 *
 * The kernel counts a socket's buffer in bytes of its own bookkeeping, not in
 * items, so the capacity is not asked for: open() measures how many items the
 * smallest send buffer really takes and reports that. Tries pass MSG_DONTWAIT
 * to one call instead of setting O_NONBLOCK on a description the children share.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "channel.h"
#include "channel_util.h"
#include "i18n.h"

#define SP_ITEM 64

static int sp_measure(int from, int to)
{
	char buf[SP_ITEM] = {0};
	int n = 0;

	while (n < 1000 && send(from, buf, sizeof buf, MSG_DONTWAIT) == (ssize_t)sizeof buf)
		n++;
	while (recv(to, buf, sizeof buf, MSG_DONTWAIT) > 0)
		;
	return n;
}

static int sp_open(struct channel *ch, int capacity, char *err, size_t errlen)
{
	int sv[2], small = 1;

	(void)capacity;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		snprintf(err, errlen, _("cannot create a socket pair: %s"), strerror(errno));
		return -1;
	}
	/* The smallest buffers the kernel allows (it rounds 1 up), so that a
	 * side that is not answered fills up within a few items. */
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	ch->fds[0] = ch->kfd[0] = sv[0];
	ch->fds[1] = ch->kfd[1] = sv[1];
	ch->kernel_capacity = sp_measure(sv[0], sv[1]);
	if (ch->kernel_capacity < 1 || ch->kernel_capacity > 64) {
		snprintf(err, errlen, _("a socket pair here holds %d items; ipcviz draws 1 to %d"),
			 ch->kernel_capacity, 64);
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	int bytes = 0;
	socklen_t len = sizeof bytes;
	getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &bytes, &len);
	ch->kernel_bytes = bytes;
	struct stat st;
	if (fstat(sv[0], &st) == 0)
		snprintf(ch->kernel_name, sizeof ch->kernel_name, "socket:[%lu]",
			 (unsigned long)st.st_ino);
	return 0;
}

/* Contract in channel.h. */
int channel_socketpair_one_way(int sv[2])
{
	int bytes = CHANNEL_SOCKETPAIR_SNDBUF;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return -1;
	if (setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes) != 0) {
		int saved = errno;
		close(sv[0]);
		close(sv[1]);
		errno = saved;
		return -1;
	}
	return 0;
}

/* Contract in channel.h. Once a process: the same kernel gives the same. */
int channel_socketpair_items(int item_bytes)
{
	static int items = -1, for_bytes = -1;
	char buf[4096] = {0};
	int sv[2], n = 0;

	if (for_bytes == item_bytes)
		return items;
	if (item_bytes <= 0 || item_bytes > (int)sizeof buf || channel_socketpair_one_way(sv) != 0)
		return -1;
	while (n < 1000 && send(sv[1], buf, (size_t)item_bytes, MSG_DONTWAIT) == item_bytes)
		n++;
	close(sv[0]);
	close(sv[1]);
	for_bytes = item_bytes;
	items = n;
	return n;
}

/* A producer keeps end 0, a consumer end 1. */
static int sp_attach(struct channel *ch, enum role role)
{
	int keep = role == ROLE_PRODUCER ? 0 : 1;

	ch->role = role;
	close(ch->fds[1 - keep]);
	ch->fds[1 - keep] = -1;
	return 0;
}

static void sp_release(struct channel *ch)
{
	channel_close_fds(ch);
}

static int sp_fd(const struct channel *ch)
{
	return ch->fds[ch->role == ROLE_PRODUCER ? 0 : 1];
}

static enum ch_result sp_send(struct channel *ch, struct ch_item *item, bool try)
{
	char buf[SP_ITEM] = {0};

	memcpy(buf, &item->value, sizeof item->value);
	for (;;) { /* one small item goes whole or not at all */
		ssize_t n = try ? send(sp_fd(ch), buf, sizeof buf, MSG_DONTWAIT)
				: write(sp_fd(ch), buf, sizeof buf);
		int rc = channel_wrote_item(n, sizeof buf);
		if (rc != CH_RETRY)
			return (enum ch_result)rc;
	}
}

static enum ch_result sp_recv(struct channel *ch, struct ch_item *item, bool try)
{
	char buf[SP_ITEM];

	for (;;) {
		ssize_t n = try ? recv(sp_fd(ch), buf, sizeof buf, MSG_DONTWAIT | MSG_WAITALL)
				: read(sp_fd(ch), buf, sizeof buf);
		int rc = channel_read_item(n, buf, item);
		if (rc != CH_RETRY)
			return (enum ch_result)rc;
	}
}

static enum ch_result sp_try_put(struct channel *ch, struct ch_item *item)
{
	return sp_send(ch, item, true);
}

static enum ch_result sp_put(struct channel *ch, struct ch_item *item)
{
	return sp_send(ch, item, false);
}

static enum ch_result sp_try_get(struct channel *ch, struct ch_item *item)
{
	return sp_recv(ch, item, true);
}

static enum ch_result sp_get(struct channel *ch, struct ch_item *item)
{
	return sp_recv(ch, item, false);
}

/* Bytes of items waiting for the consumer (SIOCINQ on its end: the parent's
 * own before it releases it, then the consumer's, through the child); a
 * producer's end holds answers, not items, so it does not say. */
static int sp_kernel_fill(const struct channel *ch)
{
	int bytes = -1;

	if (ch->fds[1] >= 0)
		return ioctl(ch->fds[1], FIONREAD, &bytes) == 0 ? bytes : -1;
	return channel_count_through(ch->holder[ROLE_CONSUMER], ch->kfd[1]);
}

static int sp_kfill_per_item(const struct channel *ch)
{
	(void)ch;
	return SP_ITEM;
}

static bool sp_sleeps_in(const struct channel *ch, enum role role, long nr, long arg0)
{
	int fd = ch->kfd[role == ROLE_PRODUCER ? 0 : 1];

	return (nr == SYS_read || nr == SYS_write) && arg0 == fd;
}

static const struct channel_ops channel_socketpair_ops = {
	.open = sp_open,
	.attach = sp_attach,
	.release = sp_release,
	.try_put = sp_try_put,
	.try_get = sp_try_get,
	.put = sp_put,
	.get = sp_get,
	.kernel_fill = sp_kernel_fill,
	.sleeps_in = sp_sleeps_in,
	.blocking_call = channel_pipe_blocking_call,
	.close = sp_release,
};

static void sp_capacity_error(char *buf, size_t len, int max)
{
	(void)max;
	snprintf(buf, len, "%s",
		 _("the kernel sizes a socket pair's buffer itself; capacity is not for socketpair"));
}

static void sp_capacity_words(char *buf, size_t len, int kernel_capacity, long kernel_bytes,
			      const char *kernel_name)
{
	(void)kernel_bytes;
	(void)kernel_name;
	snprintf(buf, len, _("capacity %d items each way (measured)"), kernel_capacity);
}

static void sp_slots_title(char *buf, size_t len, int capacity, bool brief)
{
	(void)capacity;
	snprintf(buf, len, "%s", brief ? _("socket pair: both ways")
				       : _("socket pair: items go, answers come back"));
}

const struct channel_desc channel_socketpair_desc = {
	.kind = CHANNEL_SOCKETPAIR,
	.word = "socketpair",
	.ops = &channel_socketpair_ops,
	.key = '5',
	.blocks = true,
	.eof = true,
	.inode_word = "socket",
	.duplex = true,
	.one_producer = N_("a socket pair joins one producer and one consumer"),
	.one_consumer = N_("a socket pair joins one producer and one consumer"),
	.kfill_unit = "bytes",
	.kfill_per_item = sp_kfill_per_item,
	.kfill_words = channel_bytes_fill_words,
	/* by the operation, not the role: a producer also reads (its answer) */
	.put = {"write", "write(2)", "write(sock, &item, 64)"},
	.get = {"read", "read(2)", "read(sock, &item, 64)"},
	.capacity = {.error = sp_capacity_error},
	.name = N_("socket pair"),
	.short_name = N_("socket pair"),
	.noun = N_("the socket pair"),
	.now_on = N_("now on a socket pair"),
	.capacity_words = sp_capacity_words,
	.slots_title = sp_slots_title,
	.killed_effect = {
		N_(" Its socket closed with it: once no producer holds one, a consumer's read "
		   "gets end of file."),
		N_(" Its socket closed with it: a producer waiting for an answer reads end of "
		   "file, and a write fails with EPIPE."),
	},
	.program = &channel_socketpair_program,
};
