/* channel_mqueue.c - a POSIX message queue of `capacity` messages.
 *
 * The descriptor's O_NONBLOCK flag would be shared by every child (one open file
 * description after fork), so a try is mq_timedsend/mq_timedreceive with an
 * absolute timeout already past: ETIMEDOUT means it would have blocked. glibc's
 * mq_send and mq_receive are those same syscalls with no timeout, which is what
 * /proc/PID/syscall shows for a blocked child.
 */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "channel.h"
#include "channel_util.h"
#include "i18n.h"

#define MQ_ITEM 8

#define MQ_DEFAULT 10 /* the kernel's default fs.mqueue.msg_max */

/* The most messages this kernel lets a queue hold (fs.mqueue.msg_max), read
 * once; the default where /proc does not say. */
static int queue_msg_max(void)
{
	static int msg_max;
	FILE *f;
	long v = 0;

	if (msg_max)
		return msg_max;
	f = fopen("/proc/sys/fs/mqueue/msg_max", "r");
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = 0;
		fclose(f);
	}
	msg_max = v >= 1 && v <= 65536 ? (int)v : MQ_DEFAULT;
	return msg_max;
}

static int queue_open(struct channel *ch, int capacity, char *err, size_t errlen)
{
	struct mq_attr attr = {.mq_maxmsg = capacity, .mq_msgsize = MQ_ITEM};
	mqd_t q;

	channel_unique_name(ch->kernel_name, sizeof ch->kernel_name);
	q = mq_open(ch->kernel_name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	if (q == (mqd_t)-1) {
		int e = errno;
		if (e == EINVAL && capacity > queue_msg_max())
			snprintf(err, errlen,
				 _("capacity %d is too large for a POSIX queue (fs.mqueue.msg_max is %d)"),
				 capacity, queue_msg_max());
		else if (e == ENOSYS || e == ENOENT)
			snprintf(err, errlen,
				 _("this kernel offers no POSIX message queues: %s"), strerror(e));
		else
			snprintf(err, errlen, _("cannot create a POSIX queue: %s"), strerror(e));
		return -1;
	}
	/* Unlink at birth: the children inherit this descriptor through fork, so the
	 * name is not needed again, and even a kill -9 of ipcviz leaves nothing in
	 * the mqueue file system. The queue lives while a descriptor is open. */
	mq_unlink(ch->kernel_name);
	ch->released = true;
	ch->parent_fd = ch->fds[0] = ch->kfd[0] = ch->kfd[1] = (int)q;
	ch->kernel_capacity = capacity;
	ch->kernel_bytes = (long)capacity * MQ_ITEM;
	return 0;
}

static int queue_attach(struct channel *ch, enum role role)
{
	ch->role = role;
	ch->parent_fd = -1; /* the child uses the inherited descriptor as its own */
	return 0;
}

static void queue_release(struct channel *ch)
{
	if (!ch->released)
		mq_unlink(ch->kernel_name);
	ch->released = true;
}

/* Contract in channel.h. */
enum ch_result channel_queue_move(int q, char *msg, size_t size, bool put, bool try)
{
	static const struct timespec already_past = {0, 0};
	ssize_t n;

	/* mq_send and mq_receive are the timed calls with no deadline (glibc
	 * declares the deadline of mq_timedsend never null) */
	do
		if (put)
			n = try ? mq_timedsend((mqd_t)q, msg, size, 0, &already_past)
				: mq_send((mqd_t)q, msg, size, 0);
		else
			n = try ? mq_timedreceive((mqd_t)q, msg, size, NULL, &already_past)
				: mq_receive((mqd_t)q, msg, size, NULL);
	while (n < 0 && errno == EINTR);
	if (n >= 0 && (put || (size_t)n >= size))
		return CH_OK;
	if (n >= 0)
		errno = EIO; /* a message shorter than an item */
	else if (errno == ETIMEDOUT || errno == EAGAIN)
		return CH_AGAIN;
	return CH_ERROR;
}

static enum ch_result queue_send(struct channel *ch, struct ch_item *item, bool wait)
{
	char buf[MQ_ITEM] = {0};

	memcpy(buf, &item->value, sizeof item->value);
	return channel_queue_move(ch->fds[0], buf, sizeof buf, true, !wait);
}

static enum ch_result queue_receive(struct channel *ch, struct ch_item *item, bool wait)
{
	char buf[MQ_ITEM];
	enum ch_result rc = channel_queue_move(ch->fds[0], buf, sizeof buf, false, !wait);

	if (rc != CH_OK)
		return rc;
	memset(item, 0, sizeof *item);
	memcpy(&item->value, buf, sizeof item->value);
	return CH_OK;
}

static enum ch_result queue_try_put(struct channel *ch, struct ch_item *item)
{
	return queue_send(ch, item, false);
}

static enum ch_result queue_put(struct channel *ch, struct ch_item *item)
{
	return queue_send(ch, item, true);
}

static enum ch_result queue_try_get(struct channel *ch, struct ch_item *item)
{
	return queue_receive(ch, item, false);
}

static enum ch_result queue_get(struct channel *ch, struct ch_item *item)
{
	return queue_receive(ch, item, true);
}

static int queue_kernel_fill(const struct channel *ch)
{
	struct mq_attr attr;
	int fd = ch->parent_fd >= 0 ? ch->parent_fd : ch->fds[0];

	if (fd < 0 || mq_getattr((mqd_t)fd, &attr) != 0)
		return -1;
	return (int)attr.mq_curmsgs;
}

static bool queue_sleeps_in(const struct channel *ch, enum role role, long nr, long arg0)
{
	long want = role == ROLE_PRODUCER ? SYS_mq_timedsend : SYS_mq_timedreceive;
	return nr == want && arg0 == ch->kfd[0];
}

static const char *queue_blocking_call(enum role role)
{
	return role == ROLE_PRODUCER ? "mq_timedsend" : "mq_timedreceive";
}

static void queue_close(struct channel *ch)
{
	queue_release(ch);
	if (ch->fds[0] >= 0)
		mq_close((mqd_t)ch->fds[0]);
	ch->fds[0] = ch->parent_fd = -1;
}

static const struct channel_ops channel_queue_ops = {
	.open = queue_open,
	.attach = queue_attach,
	.release = queue_release,
	.try_put = queue_try_put,
	.try_get = queue_try_get,
	.put = queue_put,
	.get = queue_get,
	.kernel_fill = queue_kernel_fill,
	.sleeps_in = queue_sleeps_in,
	.blocking_call = queue_blocking_call,
	.close = queue_close,
};

static void queue_capacity_error(char *buf, size_t len, int max)
{
	snprintf(buf, len, _("capacity must be 1..%d for a POSIX queue (fs.mqueue.msg_max is %d)"),
		 max, max);
}

static void queue_capacity_words(char *buf, size_t len, int kernel_capacity, long kernel_bytes,
				 const char *kernel_name)
{
	(void)kernel_bytes;
	(void)kernel_name;
	snprintf(buf, len, _("capacity %d messages"), kernel_capacity);
}

static void queue_fill_words(char *buf, size_t len, int count, int free, bool brief)
{
	(void)free;
	snprintf(buf, len, brief ? ngettext("kernel: %d message", "kernel: %d messages",
					    (unsigned long)count)
				 : ngettext("kernel: %d message (mq_curmsgs)",
					    "kernel: %d messages (mq_curmsgs)", (unsigned long)count),
		 count);
}

static void queue_slots_title(char *buf, size_t len, int capacity, bool brief)
{
	(void)brief;
	snprintf(buf, len, _("message queue: %d slots"), capacity);
}

const struct channel_desc channel_queue_desc = {
	.kind = CHANNEL_QUEUE,
	.word = "queue",
	.ops = &channel_queue_ops,
	.key = '2',
	.blocks = true,
	.boxes = true,
	/* a queue descriptor's link in /proc/PID/fd is its name, unlinked at
	 * once ("/ipcviz-… (deleted)"): "mqueue", its file system, stands for it */
	.inode_word = "mqueue",
	.kfill_unit = "msgs",
	.kfill_words = queue_fill_words,
	/* glibc's mq_send and mq_receive are the timed syscalls with no timeout:
	 * /proc shows those */
	.put = {"mq_timedsend", "mq_timedsend(3)", "mq_send(q, (const char *)&item, 8, 0)"},
	.get = {"mq_timedreceive", "mq_timedreceive(3)", "mq_receive(q, (char *)&item, 8, NULL)"},
	.capacity = {.min = 1, .max = MQ_DEFAULT, .max_now = queue_msg_max, .fallback = MQ_DEFAULT,
		     .error = queue_capacity_error},
	.name = N_("POSIX message queue"),
	.noun = N_("the queue"),
	.now_on = N_("now on a queue"),
	.capacity_words = queue_capacity_words,
	.slots_title = queue_slots_title,
	.killed_effect = {
		N_(" A queue has no end of file: a consumer waiting on an empty queue waits for "
		   "ever."),
		N_(" A queue does not notice that its readers are gone: producers put until it is "
		   "full, then block with no one to wake them."),
	},
	.program = &channel_queue_program,
};
