/* channel_util.c - names for kernel objects that nobody can guess in advance, so
 * that nobody can plant one first (they are created O_EXCL as well). */
#include "channel_util.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "channel.h"
#include "i18n.h"

#include <stdint.h>
#include <stdio.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

void channel_unique_name(char *buf, size_t len)
{
	uint32_t r;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		r = (uint32_t)(ts.tv_nsec ^ ts.tv_sec);
	}
	snprintf(buf, len, "/ipcviz-%d-%08x", (int)getpid(), r);
}

int channel_map_shared(struct channel *ch, size_t size, char *err, size_t errlen)
{
	int fd, rc;

	channel_unique_name(ch->kernel_name, sizeof ch->kernel_name);
	fd = shm_open(ch->kernel_name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, _("cannot create shared memory %s: %s"), ch->kernel_name,
			 strerror(errno));
		return -1;
	}
	rc = posix_fallocate(fd, 0, (off_t)size);
	if (rc == 0) {
		ch->map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		rc = ch->map == MAP_FAILED ? errno : 0;
	}
	close(fd);
	shm_unlink(ch->kernel_name);
	ch->released = true;
	if (rc != 0) {
		ch->map = NULL;
		snprintf(err, errlen, _("cannot set up shared memory %s: %s"), ch->kernel_name,
			 strerror(rc));
		return -1;
	}
	ch->kernel_bytes = (long)size;
	return 0;
}

/* A copy in this process of descriptor `fd` of process `pid` (pidfd_getfd;
 * failing that, an open of /proc/PID/fd/FD), or -1. */
static int channel_copy_of(pid_t pid, int fd)
{
	int pidfd, copy = -1;
	char path[64];

	if (pid <= 0 || fd < 0)
		return -1;
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd >= 0) {
		copy = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
		close(pidfd);
	}
	if (copy < 0) {
		snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
		copy = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	}
	return copy;
}

int channel_count_through(pid_t pid, int fd)
{
	int copy = channel_copy_of(pid, fd), bytes = -1;

	if (copy < 0)
		return -1;
	if (ioctl(copy, FIONREAD, &bytes) != 0)
		bytes = -1;
	close(copy);
	return bytes;
}

int channel_queue_count_through(pid_t pid, int fd)
{
	int copy = channel_copy_of(pid, fd), count = -1;
	struct mq_attr attr;

	if (copy < 0)
		return -1;
	if (mq_getattr((mqd_t)copy, &attr) == 0)
		count = (int)attr.mq_curmsgs;
	close(copy);
	return count;
}

void channel_close_fds(struct channel *ch)
{
	for (int i = 0; i < 2; i++) {
		if (ch->fds[i] >= 0)
			close(ch->fds[i]);
		ch->fds[i] = -1;
	}
	ch->released = true;
}

bool channel_pipe_sleeps_in(const struct channel *ch, enum role role, long nr, long arg0)
{
	if (role == ROLE_PRODUCER)
		return nr == SYS_write && arg0 == ch->kfd[1];
	return nr == SYS_read && arg0 == ch->kfd[0];
}

const char *channel_pipe_blocking_call(enum role role)
{
	return role == ROLE_PRODUCER ? "write" : "read";
}

bool channel_sleeps_on(const void *object, size_t size, long nr, long arg0)
{
	uintptr_t at = (uintptr_t)arg0, base = (uintptr_t)object;

	return nr == SYS_futex && at >= base && at < base + size;
}

int channel_wrote_item(ssize_t n, size_t size)
{
	if (n == (ssize_t)size)
		return CH_OK;
	if (n < 0 && errno == EINTR)
		return CH_RETRY;
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return CH_AGAIN;
	if (n >= 0)
		errno = EIO;
	return CH_ERROR;
}

int channel_read_item(ssize_t n, const char *buf, struct ch_item *item)
{
	if (n > 0) {
		memset(item, 0, sizeof *item);
		if (n >= (ssize_t)sizeof item->value)
			memcpy(&item->value, buf, sizeof item->value);
		return CH_OK;
	}
	if (n == 0)
		return CH_EOF;
	if (errno == EINTR)
		return CH_RETRY;
	return errno == EAGAIN || errno == EWOULDBLOCK ? CH_AGAIN : CH_ERROR;
}

void channel_cell_capacity_error(char *buf, size_t len, const char *word)
{
	snprintf(buf, len, _("a shared value holds one value; capacity is not for %s"), word);
}

void channel_bytes_fill_words(char *buf, size_t len, int count, int free, bool brief)
{
	(void)free;
	snprintf(buf, len, brief ? ngettext("kernel: %d byte", "kernel: %d bytes", (unsigned long)count)
				 : ngettext("kernel: %d byte (FIONREAD)", "kernel: %d bytes (FIONREAD)",
					    (unsigned long)count),
		 count);
}
