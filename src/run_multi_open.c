/* run_multi_open.c - the channels of a run of several channels (DESIGN 14),
 * made by the parent before any fork (run_multi_open.h): each a real kernel
 * object, its ends as descriptors every child inherits, or its place in a
 * shared anonymous mapping (rings, locks).
 */
#include "run_multi_open.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channel_util.h"
#include "i18n.h"
#include "run_multi.h"

/* A FIFO named `name`: made with mkfifo(3) in a private directory of its own
 * (mode 0700, in $TMPDIR or /tmp), its two ends opened by the parent, and its
 * name removed at once. Into fds; 0, or -1 with a message and nothing left.
 *
 * Why so: opening a FIFO is a rendezvous. A blocking open for reading waits
 * until someone opens it for writing, and the other way round, so children
 * that each opened their own ends by the path would meet in open(2) before a
 * single item moved (two FIFOs opened in opposite orders never meet at all):
 * a lesson of its own, and a hang that no permit could explain. So the parent
 * opens the read end with O_NONBLOCK, which does not wait; then the write end,
 * which finds that reader and does not wait either; then makes the read end
 * blocking again. The children inherit both ends and close those their
 * program does not use, as with a pipe. Once open, the name is no longer
 * needed: a FIFO lives while an end is open, as an unlinked file does, so the
 * directory goes now and nothing is left in the file system, whatever ends
 * ipcviz, kill -9 included. /proc/PID/fd still names it by its path (with
 * " (deleted)"), and its inode is the same for both ends. */
static int multi_open_fifo(const char *name, int fds[2], char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char dir[96], path[128];
	int saved;

	if (!tmp || tmp[0] != '/' || strlen(tmp) > 48)
		tmp = "/tmp";
	snprintf(dir, sizeof dir, "%s/ipcviz-%d-XXXXXX", tmp, (int)getpid());
	if (!mkdtemp(dir)) {
		snprintf(err, errlen, _("cannot make a directory for the FIFO in %s: %s"), tmp,
			 strerror(errno));
		return -1;
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	fds[0] = fds[1] = -1;
	if (mkfifo(path, 0600) == 0) {
		fds[0] = open(path, O_RDONLY | O_NONBLOCK);
		if (fds[0] >= 0)
			fds[1] = open(path, O_WRONLY);
	}
	saved = errno;
	unlink(path);
	rmdir(dir);
	if (fds[1] < 0 || fcntl(fds[0], F_SETFL, 0) != 0) {
		snprintf(err, errlen, _("cannot make the FIFO %s: %s"), path, strerror(saved));
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		fds[0] = fds[1] = -1;
		return -1;
	}
	return 0;
}

/* A socket pair used one way (channel_socketpair_one_way): [0] the reader's
 * end, [1] the writer's, each a socket of its own inode. Its capacity is what
 * the kernel took when the file was read (channel_socketpair_items); a pair
 * that takes another number now is said so, not drawn wrong. 0, or -1. */
static int multi_open_socketpair(const struct scenario_channel *sc, struct multi_channel *ch,
				 char *err, size_t errlen)
{
	struct stat st[2];
	int items = channel_socketpair_items(MULTI_ITEM_BYTES);

	if (channel_socketpair_one_way(ch->fds) != 0) {
		ch->fds[0] = ch->fds[1] = -1;
		snprintf(err, errlen, _("cannot create a socket pair: %s"), strerror(errno));
		return -1;
	}
	if (items != sc->capacity || fstat(ch->fds[0], &st[0]) != 0 ||
	    fstat(ch->fds[1], &st[1]) != 0) {
		snprintf(err, errlen, _("a socket pair here holds %d items; ipcviz draws 1 to %d"),
			 items, 64);
		return -1;
	}
	ch->kfd[0] = ch->fds[0];
	ch->kfd[1] = ch->fds[1];
	ch->ino = ch->ino_end[0] = (unsigned long)st[0].st_ino;
	ch->ino_end[1] = (unsigned long)st[1].st_ino;
	ch->dev = (unsigned long)st[0].st_dev;
	return 0;
}

/* A pipe, or a FIFO used as one, sized to sc->capacity items of a page: [0]
 * its read end, [1] its write end, one inode. 0, or -1. */
static int multi_open_pipe(const struct scenario_channel *sc, struct multi_channel *ch,
			   char *err, size_t errlen)
{
	struct stat st;

	if (sc->kind == CHANNEL_FIFO ? multi_open_fifo(sc->name, ch->fds, err, errlen) != 0
				     : pipe(ch->fds) != 0) {
		if (sc->kind != CHANNEL_FIFO)
			snprintf(err, errlen, _("cannot make the pipe %s: %s"), sc->name,
				 strerror(errno));
		return -1;
	}
	if (fcntl(ch->fds[1], F_SETPIPE_SZ, sc->capacity * MULTI_ITEM_BYTES) < 0 ||
	    fstat(ch->fds[0], &st) != 0) {
		snprintf(err, errlen, _("cannot size the %s %s: %s"),
			 channel_desc_of(sc->kind)->word, sc->name, strerror(errno));
		return -1;
	}
	ch->kfd[0] = ch->fds[0];
	ch->kfd[1] = ch->fds[1];
	ch->ino = (unsigned long)st.st_ino;
	ch->ino_end[0] = ch->ino_end[1] = ch->ino;
	ch->dev = (unsigned long)st.st_dev;
	return 0;
}

/* A POSIX queue of sc->capacity messages, opened twice: [0] O_RDONLY for its
 * readers, [1] O_WRONLY for its writers, so that /proc/PID/fdinfo tells who
 * holds which (one inode, as a FIFO's two ends). Its name goes at once: the
 * children inherit the descriptors, and even a kill -9 of ipcviz leaves
 * nothing in the mqueue file system. 0, or -1. */
static int multi_open_queue(const struct scenario_channel *sc, struct multi_channel *ch,
			    char *err, size_t errlen)
{
	struct mq_attr attr = {.mq_maxmsg = sc->capacity, .mq_msgsize = MULTI_QUEUE_MSG_BYTES};
	char name[64];
	struct stat st;

	channel_unique_name(name, sizeof name);
	ch->fds[0] = (int)mq_open(name, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600, &attr);
	if (ch->fds[0] < 0) {
		ch->fds[0] = -1;
		snprintf(err, errlen, _("cannot create the queue %s: %s"), sc->name,
			 strerror(errno));
		return -1;
	}
	ch->fds[1] = (int)mq_open(name, O_WRONLY | O_CLOEXEC);
	int saved = errno;
	mq_unlink(name);
	if (ch->fds[1] < 0 || fstat(ch->fds[0], &st) != 0) {
		snprintf(err, errlen, _("cannot create the queue %s: %s"), sc->name,
			 strerror(ch->fds[1] < 0 ? saved : errno));
		return -1;
	}
	ch->kfd[0] = ch->fds[0];
	ch->kfd[1] = ch->fds[1];
	ch->ino = ch->ino_end[0] = ch->ino_end[1] = (unsigned long)st.st_ino;
	ch->dev = (unsigned long)st.st_dev;
	return 0;
}

/* The rings, nrings of them, in one shared anonymous mapping: every child
 * inherits it, and it goes with the last process, so nothing is left in
 * /dev/shm. Each ring's semaphores are process-shared. 0, or -1. */
static int multi_open_rings(struct multi_channels *r, const struct scenario_multi *m, int nrings,
			    char *err, size_t errlen)
{
	struct channel_ring *next;

	r->rings_len = (size_t)nrings * sizeof *r->rings;
	r->rings = mmap(NULL, r->rings_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			-1, 0);
	if (r->rings == MAP_FAILED) {
		r->rings = NULL;
		snprintf(err, errlen, _("cannot map the rings: %s"), strerror(errno));
		return -1;
	}
	next = r->rings;
	for (int c = 0; c < m->nchannels; c++) {
		const struct scenario_channel *sc = &m->channels[c];

		if (sc->lock || sc->kind != CHANNEL_RING)
			continue;
		r->ch[c].ring = next++;
		if (channel_ring_init(r->ch[c].ring, sc->capacity) != 0) {
			snprintf(err, errlen, _("cannot set up the semaphores: %s"), strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* The channels, before any fork: pipes and FIFOs sized to their capacity, the
 * locks in one shared mapping. */
/* Contract in run_multi_open.h. */
int multi_channels_open(struct multi_channels *r, const struct scenario_multi *m, char *err,
			size_t errlen)
{
	int nlocks = 0, nrings = 0;

	for (int c = 0; c < m->nchannels; c++) {
		r->ch[c].fds[0] = r->ch[c].fds[1] = -1;
		r->ch[c].holder = -1;
		nlocks += m->channels[c].lock;
		nrings += !m->channels[c].lock && m->channels[c].kind == CHANNEL_RING;
	}
	if (nrings && multi_open_rings(r, m, nrings, err, errlen) != 0)
		return -1;
	if (nlocks) {
		r->locks_len = (size_t)nlocks * sizeof(pthread_mutex_t);
		r->locks = mmap(NULL, r->locks_len, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (r->locks == MAP_FAILED) {
			r->locks = NULL;
			snprintf(err, errlen, _("cannot map the locks: %s"), strerror(errno));
			return -1;
		}
	}
	pthread_mutex_t *next = r->locks;
	for (int c = 0; c < m->nchannels; c++) {
		const struct scenario_channel *sc = &m->channels[c];
		struct multi_channel *ch = &r->ch[c];

		if (sc->lock) {
			pthread_mutexattr_t at;

			ch->lock = next++;
			pthread_mutexattr_init(&at);
			pthread_mutexattr_setpshared(&at, PTHREAD_PROCESS_SHARED);
			pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST);
			pthread_mutex_init(ch->lock, &at);
			pthread_mutexattr_destroy(&at);
			continue;
		}
		int rc = 0;
		switch (sc->kind) {
		case CHANNEL_RING: /* in the rings' mapping, made above */
			break;
		case CHANNEL_QUEUE:
			rc = multi_open_queue(sc, ch, err, errlen);
			break;
		case CHANNEL_SOCKETPAIR:
			rc = multi_open_socketpair(sc, ch, err, errlen);
			break;
		default:
			rc = multi_open_pipe(sc, ch, err, errlen);
			break;
		}
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Contract in run_multi_open.h. */
void multi_channels_release(struct multi_channels *r, int nchannels)
{
	for (int c = 0; c < nchannels; c++)
		for (int e = 0; e < 2; e++)
			if (r->ch[c].fds[e] >= 0) {
				close(r->ch[c].fds[e]);
				r->ch[c].fds[e] = -1;
			}
}

/* Contract in run_multi_open.h. */
void multi_channels_free(struct multi_channels *r, int nchannels)
{
	multi_channels_release(r, nchannels);
	if (r->locks)
		munmap(r->locks, r->locks_len);
	if (r->rings)
		munmap(r->rings, r->rings_len);
	r->locks = NULL;
	r->rings = NULL;
}
