/* channel_pipe.c - an anonymous pipe(2), sized so that `capacity` items fill it.
 *
 * One item is 4096 bytes (= PIPE_BUF and one page), so each write is atomic and
 * takes exactly one of the pipe's page slots, and each read frees one: the count
 * of items is the kernel's own accounting, not ours (DESIGN 8). Every child
 * reopens its end through /proc/self/fd to get a file description of its own for
 * non-blocking tries: O_NONBLOCK on the shared, inherited description would also
 * change a sibling that is asleep in write(2) on it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "channel.h"
#include "i18n.h"

#define PIPE_ITEM 4096

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
	return ch->try_fd < 0 ? -1 : 0;
}

static void pipe_release(struct channel *ch)
{
	for (int i = 0; i < 2; i++) {
		if (ch->fds[i] >= 0)
			close(ch->fds[i]);
		ch->fds[i] = -1;
	}
	ch->released = true;
}

static enum ch_result pipe_write_item(int fd, struct ch_item *item)
{
	char buf[PIPE_ITEM] = {0};

	memcpy(buf, &item->value, sizeof item->value);
	for (;;) {
		ssize_t n = write(fd, buf, sizeof buf);
		if (n == (ssize_t)sizeof buf)
			return CH_OK;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return CH_AGAIN;
		if (n >= 0)
			errno = EIO; /* cannot happen: PIPE_BUF writes are whole */
		return CH_ERROR;
	}
}

static enum ch_result pipe_read_item(int fd, struct ch_item *item)
{
	char buf[PIPE_ITEM];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n > 0) {
			memset(item, 0, sizeof *item);
			if (n >= (ssize_t)sizeof item->value)
				memcpy(&item->value, buf, sizeof item->value);
			return CH_OK;
		}
		if (n == 0)
			return CH_EOF;
		if (errno == EINTR)
			continue;
		return errno == EAGAIN ? CH_AGAIN : CH_ERROR;
	}
}

static enum ch_result pipe_try_put(struct channel *ch, struct ch_item *item)
{
	return pipe_write_item(ch->try_fd, item);
}

static enum ch_result pipe_put(struct channel *ch, struct ch_item *item)
{
	return pipe_write_item(ch->fds[1], item);
}

static enum ch_result pipe_try_get(struct channel *ch, struct ch_item *item)
{
	return pipe_read_item(ch->try_fd, item);
}

static enum ch_result pipe_get(struct channel *ch, struct ch_item *item)
{
	return pipe_read_item(ch->fds[0], item);
}

static int pipe_kernel_fill(const struct channel *ch)
{
	int bytes = -1;
	int fd = ch->try_fd >= 0 ? ch->try_fd : ch->fds[0];

	/* FIONREAD counts the bytes in the pipe from either end. */
	if (fd < 0 || ioctl(fd, FIONREAD, &bytes) != 0)
		return -1;
	return bytes;
}

static bool pipe_sleeps_in(const struct channel *ch, enum role role, long nr, long arg0)
{
	if (role == ROLE_PRODUCER)
		return nr == SYS_write && arg0 == ch->kfd[1];
	return nr == SYS_read && arg0 == ch->kfd[0];
}

static const char *pipe_blocking_call(enum role role)
{
	return role == ROLE_PRODUCER ? "write" : "read";
}

static void pipe_close(struct channel *ch)
{
	pipe_release(ch);
	if (ch->try_fd >= 0)
		close(ch->try_fd);
	ch->try_fd = -1;
}

const struct channel_ops channel_pipe_ops = {
	.name = "pipe",
	.blocks = true,
	.max_capacity = 64,
	.open = pipe_open,
	.attach = pipe_attach,
	.release = pipe_release,
	.try_put = pipe_try_put,
	.try_get = pipe_try_get,
	.put = pipe_put,
	.get = pipe_get,
	.kernel_fill = pipe_kernel_fill,
	.sleeps_in = pipe_sleeps_in,
	.blocking_call = pipe_blocking_call,
	.close = pipe_close,
	.kfill_unit = "bytes",
	.kfill_from_child = true,
};
