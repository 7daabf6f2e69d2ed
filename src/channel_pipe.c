/* channel_pipe.c - an anonymous pipe(2), sized so that `capacity` items fill it.
 *
 * One item is 4096 bytes (= PIPE_BUF and one page), so each write is atomic and
 * takes exactly one of the pipe's page slots, and each read frees one: the count
 * of items is the kernel's own accounting, not ours (DESIGN 8).
 *
 * A scenario may ask for bigger items (`size`, the pipe-atomic lesson). Then a
 * write(2) of one item is no longer atomic: the kernel takes what fits and the
 * writer sleeps for the rest, and another writer can get in between. Each item
 * is filled with (writer, value) words, and a consumer reads with one read(2)
 * per step and puts the item together over several steps, so it can tell whose
 * bytes it got: each read is reported as a part, and a whole item that holds
 * bytes of two writes is reported as mixed. Every child
 * reopens its end through /proc/self/fd to get a file description of its own for
 * non-blocking tries: O_NONBLOCK on the shared, inherited description would also
 * change a sibling that is asleep in write(2) on it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channel.h"
#include "channel_util.h"
#include "i18n.h"

#define PIPE_ITEM 4096

/* One word of a big item: who wrote it, and which of their values. */
struct pipe_word {
	int32_t writer;
	int32_t value;
};

static int pipe_open(struct channel *ch, int capacity, char *err, size_t errlen)
{
	int fds[2];
	struct stat st;

	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(err, errlen, _("cannot create a pipe: %s"), strerror(errno));
		return -1;
	}
	int size = fcntl(fds[1], F_SETPIPE_SZ, capacity * PIPE_ITEM);
	if (size < 0) {
		snprintf(err, errlen, _("cannot make a pipe of %d bytes: %s"),
			 capacity * PIPE_ITEM, strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	ch->fds[0] = ch->kfd[0] = fds[0];
	ch->fds[1] = ch->kfd[1] = fds[1];
	ch->kernel_bytes = size;
	ch->kernel_capacity = size / PIPE_ITEM;
	if (fstat(fds[0], &st) == 0)
		snprintf(ch->kernel_name, sizeof ch->kernel_name, "pipe:[%lu]",
			 (unsigned long)st.st_ino);
	return 0;
}

static int pipe_attach(struct channel *ch, enum role role)
{
	int keep = role == ROLE_PRODUCER ? 1 : 0;
	char path[64];

	ch->role = role;
	close(ch->fds[1 - keep]);
	ch->fds[1 - keep] = -1;
	snprintf(path, sizeof path, "/proc/self/fd/%d", ch->fds[keep]);
	ch->try_fd = open(path, (keep ? O_WRONLY : O_RDONLY) | O_NONBLOCK | O_CLOEXEC);
	if (ch->try_fd < 0)
		return -1;
	ch->have = 0;
	if (ch->item_size != PIPE_ITEM) {
		ch->partial = calloc(1, (size_t)ch->item_size);
		if (!ch->partial)
			return -1;
	}
	return 0;
}

static void pipe_release(struct channel *ch)
{
	channel_close_fds(ch);
}

static enum ch_result pipe_write_item(int fd, struct ch_item *item)
{
	char buf[PIPE_ITEM] = {0};

	memcpy(buf, &item->value, sizeof item->value);
	for (;;) { /* a write of PIPE_BUF bytes is whole or not at all */
		int rc = channel_wrote_item(write(fd, buf, sizeof buf), sizeof buf);
		if (rc != CH_RETRY)
			return (enum ch_result)rc;
	}
}

static enum ch_result pipe_read_item(int fd, struct ch_item *item)
{
	char buf[PIPE_ITEM];

	for (;;) {
		int rc = channel_read_item(read(fd, buf, sizeof buf), buf, item);
		if (rc != CH_RETRY)
			return (enum ch_result)rc;
	}
}

/* A big item: the rest of it from byte ch->have on, in one write(2) call (which
 * the kernel may split). A try that got only part in says CH_AGAIN and leaves
 * ch->have where it stopped, for the blocking call to go on from. */
static enum ch_result pipe_write_big(struct channel *ch, int fd, struct ch_item *item)
{
	size_t size = (size_t)ch->item_size;
	struct pipe_word *w = (struct pipe_word *)ch->partial;

	if (ch->have == 0)
		for (size_t i = 0; i < size / sizeof *w; i++)
			w[i] = (struct pipe_word){ch->self_index, item->value};
	for (;;) {
		ssize_t n = write(fd, ch->partial + ch->have, size - (size_t)ch->have);
		if (n > 0)
			ch->have += (int)n;
		if (ch->have == (int)size) {
			ch->have = 0;
			return CH_OK;
		}
		if (fd == ch->try_fd && (n > 0 || errno == EAGAIN))
			return CH_AGAIN; /* the rest goes in the blocking call */
		if (n > 0 || errno == EINTR)
			continue;
		return CH_ERROR;
	}
}

/* Whose word is at byte `at` of the item being put together. */
static struct pipe_word pipe_word_at(const struct channel *ch, int at)
{
	struct pipe_word w;

	memcpy(&w, ch->partial + (at / (int)sizeof w) * (int)sizeof w, sizeof w);
	return w;
}

/* A big item: one read(2) of what is missing. A read that leaves it unfinished
 * is a part; the last one gives the whole item, mixed if its words are not all
 * of one write. */
static enum ch_result pipe_read_big(struct channel *ch, int fd, struct ch_item *item)
{
	int at = ch->have;
	ssize_t n;

	while ((n = read(fd, ch->partial + at, (size_t)(ch->item_size - at))) < 0 && errno == EINTR)
		;
	if (n == 0)
		return CH_EOF;
	if (n < 0)
		return errno == EAGAIN ? CH_AGAIN : CH_ERROR;
	ch->have += (int)n;
	memset(item, 0, sizeof *item);
	struct pipe_word w = pipe_word_at(ch, at);
	item->bytes = (int32_t)n;
	item->from = w.writer;
	item->value = w.value;
	if (ch->have < ch->item_size) {
		item->part = true;
		return CH_OK;
	}
	w = pipe_word_at(ch, 0);
	item->from = w.writer;
	item->value = w.value;
	for (int i = 0; i < ch->item_size; i += (int)sizeof w) {
		struct pipe_word o = pipe_word_at(ch, i);
		if (o.writer != w.writer || o.value != w.value) {
			item->mixed = true;
			item->mixed_from = o.writer;
			item->mixed_value = o.value;
			break;
		}
	}
	ch->have = 0;
	return CH_OK;
}

static enum ch_result pipe_try_put(struct channel *ch, struct ch_item *item)
{
	if (ch->partial)
		return pipe_write_big(ch, ch->try_fd, item);
	return pipe_write_item(ch->try_fd, item);
}

static enum ch_result pipe_put(struct channel *ch, struct ch_item *item)
{
	if (ch->partial)
		return pipe_write_big(ch, ch->fds[1], item);
	return pipe_write_item(ch->fds[1], item);
}

static enum ch_result pipe_try_get(struct channel *ch, struct ch_item *item)
{
	if (ch->partial)
		return pipe_read_big(ch, ch->try_fd, item);
	return pipe_read_item(ch->try_fd, item);
}

static enum ch_result pipe_get(struct channel *ch, struct ch_item *item)
{
	if (ch->partial)
		return pipe_read_big(ch, ch->fds[0], item);
	return pipe_read_item(ch->fds[0], item);
}

/* FIONREAD counts the bytes in the pipe from either end: the parent's own
 * before it releases them, then a consumer's read end or a producer's write
 * end, through the child. */
static int pipe_kernel_fill(const struct channel *ch)
{
	int bytes = -1;
	int fd = ch->try_fd >= 0 ? ch->try_fd : ch->fds[0];

	if (fd >= 0)
		return ioctl(fd, FIONREAD, &bytes) == 0 ? bytes : -1;
	if (ch->holder[ROLE_CONSUMER] > 0)
		return channel_count_through(ch->holder[ROLE_CONSUMER], ch->kfd[0]);
	return channel_count_through(ch->holder[ROLE_PRODUCER], ch->kfd[1]);
}

/* An item of PIPE_BUF bytes or less is that many bytes in the pipe, whole. */
static int pipe_kfill_per_item(const struct channel *ch)
{
	return ch->item_size <= PIPE_ITEM ? ch->item_size : -1;
}

static void pipe_close(struct channel *ch)
{
	pipe_release(ch);
	if (ch->try_fd >= 0)
		close(ch->try_fd);
	ch->try_fd = -1;
	free(ch->partial);
	ch->partial = NULL;
}

static const struct channel_ops channel_pipe_ops = {
	.open = pipe_open,
	.attach = pipe_attach,
	.release = pipe_release,
	.try_put = pipe_try_put,
	.try_get = pipe_try_get,
	.put = pipe_put,
	.get = pipe_get,
	.kernel_fill = pipe_kernel_fill,
	.sleeps_in = channel_pipe_sleeps_in,
	.blocking_call = channel_pipe_blocking_call,
	.close = pipe_close,
};

static void pipe_capacity_error(char *buf, size_t len, int max)
{
	snprintf(buf, len,
		 _("capacity must be a power of two 1..%d for a pipe (one item is one 4096-byte page)"),
		 max);
}

/* The kernel rounds a pipe up to a power of two pages. */
static void pipe_kernel_size(int capacity, int *kcap, long *bytes)
{
	int k = 1;

	while (k < capacity)
		k *= 2;
	*kcap = k;
	*bytes = (long)k * 4096;
}

static void pipe_capacity_words(char *buf, size_t len, int kernel_capacity, long kernel_bytes,
				const char *kernel_name)
{
	(void)kernel_name;
	snprintf(buf, len, ngettext("capacity %d item = %ld bytes", "capacity %d items = %ld bytes",
				    (unsigned long)kernel_capacity),
		 kernel_capacity, kernel_bytes);
}

static void pipe_slots_title(char *buf, size_t len, int capacity, bool brief)
{
	(void)brief;
	snprintf(buf, len, ngettext("pipe: %d slot of 4096 bytes", "pipe: %d slots of 4096 bytes",
				    (unsigned long)capacity), capacity);
}

const struct channel_desc channel_pipe_desc = {
	.kind = CHANNEL_PIPE,
	.word = "pipe",
	.ops = &channel_pipe_ops,
	.key = '1',
	.blocks = true,
	.eof = true,
	.inode_word = "pipe",
	.sized_items = true,
	.kfill_unit = "bytes",
	.kfill_per_item = pipe_kfill_per_item,
	.kfill_words = channel_bytes_fill_words,
	.kernel_size = pipe_kernel_size,
	.put = {"write", "write(2)", "write(fd, &item, 4096)"},
	.get = {"read", "read(2)", "read(fd, &item, 4096)"},
	.capacity = {.min = 1, .max = 64, .fallback = 16, /* the kernel's default: 64 KiB */
		     .power_of_two = true, .error = pipe_capacity_error},
	.name = N_("pipe"),
	.short_name = N_("pipe"),
	.noun = N_("the pipe"),
	.now_on = N_("now on a pipe"),
	.capacity_words = pipe_capacity_words,
	.slots_title = pipe_slots_title,
	.empty_wakes = N_(" The kernel will wake it when a producer writes an item, or with "
			  "end of file once no writer is left."),
	.killed_effect = {
		N_(" Once no writer is left, a consumer reads what remains, then gets end of file."),
		N_(" With no reader left, a producer's next write(2) on the pipe fails with EPIPE."),
	},
	.program = &channel_pipe_program,
};
