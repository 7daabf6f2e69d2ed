/* channel_fifo.c - a named pipe (mkfifo(3)) at a path anyone may see: the
 * same kernel pipe as `pipe`, but found through the file system, so a process
 * that ipcviz did not start can write into it:
 *
 *     echo 42 > /tmp/ipcviz-4242-Ab12Cd/fifo
 *
 * Items are text lines. A producer writes "VALUE from NAME #TOKEN", padded
 * with spaces to 63 bytes, and a newline: 64 bytes in one write(2), which is
 * atomic (far below PIPE_BUF), so the FIFO's one page holds exactly 64 of them
 * and a producer finds it full after 64. TOKEN is random for each run: a line
 * without it came from outside. The FIFO lives in a private directory (mode 0700) and ipcviz holds a
 * write end open for as long as it runs, so a consumer does not see end of file
 * when the producers are done: it waits for more, from anyone. close() removes
 * the FIFO and its directory. A kill -9 of ipcviz cannot; then the next FIFO
 * run removes what a dead ipcviz left (fifo_sweep).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channel.h"
#include "channel_util.h"
#include "i18n.h"

#define FIFO_LINE 64 /* a producer's line, newline included */

static void fifo_remove(struct channel *ch)
{
	if (ch->path[0])
		unlink(ch->path);
	if (ch->dir[0])
		rmdir(ch->dir);
	ch->path[0] = ch->dir[0] = '\0';
}

/* Removes what an ipcviz killed with -9 left in tmp: our own directories
 * "ipcviz-PID-XXXXXX" whose PID is gone, with the FIFO inside. */
static void fifo_sweep(const char *tmp)
{
	DIR *d = opendir(tmp);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		int pid, end = 0;
		char dir[320], fifo[336];
		struct stat st;
		if (sscanf(e->d_name, "ipcviz-%d-%*6[A-Za-z0-9]%n", &pid, &end) != 1 ||
		    end == 0 || e->d_name[end] != '\0' || pid <= 0)
			continue;
		if (kill(pid, 0) == 0 || errno != ESRCH)
			continue; /* its ipcviz still runs (or is not ours to ask) */
		snprintf(dir, sizeof dir, "%s/%s", tmp, e->d_name);
		if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
			continue;
		snprintf(fifo, sizeof fifo, "%s/fifo", dir);
		if (lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode))
			unlink(fifo);
		rmdir(dir);
	}
	closedir(d);
}

static int fifo_open(struct channel *ch, int capacity, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	int rd, wr;

	if (!tmp || tmp[0] != '/' || strlen(tmp) > 48)
		tmp = "/tmp";
	fifo_sweep(tmp);
	snprintf(ch->dir, sizeof ch->dir, "%s/ipcviz-%d-XXXXXX", tmp, (int)getpid());
	if (!mkdtemp(ch->dir)) {
		snprintf(err, errlen, _("cannot make a directory for the FIFO in %s: %s"), tmp,
			 strerror(errno));
		ch->dir[0] = '\0';
		return -1;
	}
	snprintf(ch->path, sizeof ch->path, "%s/fifo", ch->dir);
	uint32_t r = 0;
	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
		r = (uint32_t)getpid() * 2654435761u ^ (uint32_t)(uintptr_t)ch;
	snprintf(ch->token, sizeof ch->token, "#%08x", r);
	if (mkfifo(ch->path, 0600) != 0) {
		snprintf(err, errlen, _("cannot make the FIFO %s: %s"), ch->path, strerror(errno));
		ch->path[0] = '\0';
		fifo_remove(ch);
		return -1;
	}
	/* A read end first (non-blocking, so it does not wait for a writer), then
	 * the write end, which then does not wait for a reader either. */
	rd = open(ch->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	wr = rd < 0 ? -1 : open(ch->path, O_WRONLY | O_CLOEXEC);
	(void)capacity;
	if (wr < 0 || fcntl(rd, F_SETFL, 0) != 0 || fcntl(wr, F_SETPIPE_SZ, 4096) < 0) {
		snprintf(err, errlen, _("cannot open the FIFO %s: %s"), ch->path, strerror(errno));
		if (rd >= 0)
			close(rd);
		if (wr >= 0)
			close(wr);
		fifo_remove(ch);
		return -1;
	}
	ch->fds[0] = ch->kfd[0] = rd;
	ch->fds[1] = ch->kfd[1] = ch->parent_fd = wr;
	ch->kernel_bytes = fcntl(wr, F_GETPIPE_SZ);
	ch->kernel_capacity = (int)(ch->kernel_bytes / FIFO_LINE);
	struct stat st;
	if (fstat(wr, &st) == 0)
		snprintf(ch->kernel_name, sizeof ch->kernel_name, "fifo:[%lu]",
			 (unsigned long)st.st_ino);
	return 0;
}

/* A producer keeps the write end, a consumer the read end; each opens the path
 * once more for a non-blocking description of its own to try with. */
static int fifo_attach(struct channel *ch, enum role role)
{
	int keep = role == ROLE_PRODUCER ? 1 : 0;

	ch->role = role;
	ch->parent_fd = -1;
	close(ch->fds[1 - keep]);
	ch->fds[1 - keep] = -1;
	ch->try_fd = open(ch->path, (keep ? O_WRONLY : O_RDONLY) | O_NONBLOCK | O_CLOEXEC);
	return ch->try_fd < 0 ? -1 : 0;
}

/* The parent drops its read end (so that a consumer's death means EPIPE for a
 * producer) and keeps its write end open for outside writers. */
static void fifo_release(struct channel *ch)
{
	if (ch->fds[0] >= 0)
		close(ch->fds[0]);
	ch->fds[0] = -1;
	ch->released = true;
}

static enum ch_result fifo_write_line(struct channel *ch, int fd, struct ch_item *item)
{
	char line[FIFO_LINE + 1];
	int len = snprintf(line, sizeof line, "%d from %s %s", (int)item->value, ch->self,
			   ch->token);

	if (len < 0 || len > FIFO_LINE - 1)
		len = FIFO_LINE - 1;
	memset(line + len, ' ', (size_t)(FIFO_LINE - 1 - len));
	line[FIFO_LINE - 1] = '\n';
	len = FIFO_LINE;
	for (;;) { /* a line far below PIPE_BUF is written whole */
		int rc = channel_wrote_item(write(fd, line, (size_t)len), (size_t)len);
		if (rc != CH_RETRY)
			return (enum ch_result)rc;
	}
}

static enum ch_result fifo_try_put(struct channel *ch, struct ch_item *item)
{
	return fifo_write_line(ch, ch->try_fd, item);
}

static enum ch_result fifo_put(struct channel *ch, struct ch_item *item)
{
	return fifo_write_line(ch, ch->fds[1], item);
}

/* One byte; 1, 0 at end of file, or -1 with errno. */
static int fifo_byte(int fd, char *c)
{
	ssize_t n;

	while ((n = read(fd, c, 1)) < 0 && errno == EINTR)
		;
	return (int)n;
}

/* One line: the first byte from `fd` (the try descriptor or the blocking one),
 * the rest without waiting, since a writer writes a line in one go (a line
 * that ends without a newline ends where the data does). */
static enum ch_result fifo_read_line(struct channel *ch, int fd, struct ch_item *item)
{
	char line[FIFO_LINE + 1];
	size_t len = 0;
	int n = fifo_byte(fd, &line[0]);
	char *end;

	if (n == 0)
		return CH_EOF;
	if (n < 0)
		return errno == EAGAIN ? CH_AGAIN : CH_ERROR;
	len = 1;
	while (line[len - 1] != '\n' && len < FIFO_LINE &&
	       fifo_byte(ch->try_fd, &line[len]) == 1)
		len++;
	line[len] = '\0';
	memset(item, 0, sizeof *item);
	errno = 0;
	long v = strtol(line, &end, 10);
	item->value = (int32_t)(v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v);
	item->mixed = end == line; /* not a number: shown as such */
	item->from = strstr(line, ch->token) ? 0 : -1;
	return CH_OK;
}

static enum ch_result fifo_try_get(struct channel *ch, struct ch_item *item)
{
	return fifo_read_line(ch, ch->try_fd, item);
}

static enum ch_result fifo_get(struct channel *ch, struct ch_item *item)
{
	return fifo_read_line(ch, ch->fds[0], item);
}

/* FIONREAD on the parent's own write end: bytes waiting in the FIFO. */
static int fifo_kernel_fill(const struct channel *ch)
{
	int bytes = -1;

	if (ch->parent_fd < 0 || ioctl(ch->parent_fd, FIONREAD, &bytes) != 0)
		return -1;
	return bytes;
}

/* Every line a producer writes is FIFO_LINE bytes long. */
static int fifo_kfill_per_item(const struct channel *ch)
{
	(void)ch;
	return FIFO_LINE;
}

static void fifo_close(struct channel *ch)
{
	channel_close_fds(ch);
	if (ch->try_fd >= 0)
		close(ch->try_fd);
	ch->try_fd = ch->parent_fd = -1;
	fifo_remove(ch);
}

static const struct channel_ops channel_fifo_ops = {
	.open = fifo_open,
	.attach = fifo_attach,
	.release = fifo_release,
	.try_put = fifo_try_put,
	.try_get = fifo_try_get,
	.put = fifo_put,
	.get = fifo_get,
	.kernel_fill = fifo_kernel_fill,
	.sleeps_in = channel_pipe_sleeps_in, /* a FIFO is a pipe */
	.blocking_call = channel_pipe_blocking_call,
	.close = fifo_close,
};

static void fifo_capacity_error(char *buf, size_t len, int max)
{
	(void)max;
	snprintf(buf, len, "%s",
		 _("a FIFO here is one page: 64 lines of 64 bytes; capacity is not for fifo"));
}

/* One page of the kernel's pipe. */
static void fifo_kernel_size(int capacity, int *kcap, long *bytes)
{
	*kcap = capacity;
	*bytes = 4096;
}

static void fifo_capacity_words(char *buf, size_t len, int kernel_capacity, long kernel_bytes,
				const char *kernel_name)
{
	(void)kernel_capacity;
	snprintf(buf, len, _("%s, %ld bytes"), kernel_name, kernel_bytes);
}

static void fifo_slots_title(char *buf, size_t len, int capacity, bool brief)
{
	(void)capacity;
	snprintf(buf, len, "%s", brief ? _("FIFO: a pipe with a path")
				       : _("FIFO: a pipe with a path, one line an item"));
}

const struct channel_desc channel_fifo_desc = {
	.kind = CHANNEL_FIFO,
	.word = "fifo",
	.ops = &channel_fifo_ops,
	.key = '6',
	.blocks = true,
	.eof = true,
	.inode_word = "fifo",
	.named = true,
	.one_consumer = N_("a FIFO here has one consumer (several would race for each line)"),
	.kfill_unit = "bytes",
	.kfill_per_item = fifo_kfill_per_item,
	.kfill_words = channel_bytes_fill_words,
	.kernel_size = fifo_kernel_size,
	.put = {"write", "write(2)", "write(fd, line, 64)"},
	.get = {"read", "read(2)", "read(fd, &c, 1)"},
	.capacity = {.error = fifo_capacity_error},
	.name = N_("named pipe (FIFO)"),
	.short_name = N_("FIFO"),
	.noun = N_("the FIFO"),
	.now_on = N_("now on a named pipe"),
	.capacity_words = fifo_capacity_words,
	.slots_title = fifo_slots_title,
	.empty_wakes = N_(" The kernel will wake it when a producer writes an item, or any other "
			  "process that opens the FIFO's path and writes to it (echo 42 > PATH). "
			  "ipcviz keeps a write end open, so it gets no end of file."),
	.killed_effect = {
		N_(" ipcviz keeps a write end of the FIFO open, so a consumer gets no end of file: "
		   "it waits for another writer, such as echo 42 > PATH."),
		N_(" With no reader left, a producer's next write(2) on the FIFO fails with EPIPE."),
	},
	.program = &channel_fifo_program,
};
