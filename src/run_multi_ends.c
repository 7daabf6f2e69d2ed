/* run_multi_ends.c - who holds each end of a run's channels, read from /proc, and
 * the cycle of a deadlock that follows from it (run_multi_ends.h).
 *
 * The program says which ends a process should keep; the kernel says which it
 * has. A reader that never sees end of file, or a deadlock's "only child-1
 * reads it", is explained by the second: /proc/PID/fd links each descriptor
 * to its open file (pipe:[inode], a FIFO's path, socket:[inode]), whose inode
 * stat(2) gives, and /proc/PID/fdinfo says its access mode.
 */
#include "run_multi_ends.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Which of e's channels the inode (dev, ino) is an end of: its channel, with
 * *end 0 (its read end), 1 (its write end) or -1 (both have this inode: the
 * access mode says); or -1 (a control pipe, anything else). */
static int run_multi_ends_channel(const struct run_multi_ends *e, unsigned long dev,
				  unsigned long ino, int *end)
{
	for (int c = 0; c < e->nchannels; c++)
		if (e->ino[c][0] != 0 && e->dev[c] == dev &&
		    (e->ino[c][0] == ino || e->ino[c][1] == ino)) {
			*end = e->ino[c][0] == e->ino[c][1] ? -1 : e->ino[c][1] == ino;
			return c;
		}
	return -1;
}

/* Is descriptor `name` of pid open for writing only, by its fdinfo flags?
 * -1 when fdinfo cannot be read (the descriptor closed meanwhile). */
static int run_multi_ends_writes(pid_t pid, const char *name)
{
	char path[384], info[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof path, "/proc/%d/fdinfo/%s", (int)pid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, info, sizeof info - 1);
	close(fd);
	if (n <= 0)
		return -1;
	info[n] = '\0';
	const char *flags = strstr(info, "flags:");
	unsigned long fl = flags ? strtoul(flags + 6, NULL, 8) : 0;
	return (fl & O_ACCMODE) == O_WRONLY;
}

/* Contract in run_multi_ends.h. One pass over pid's descriptors for every
 * channel. */
void run_multi_ends_scan(const struct run_multi_ends *e, pid_t pid, uint32_t *reads,
			 uint32_t *writes)
{
	char dir[64], path[384];
	struct dirent *d;
	DIR *fdd;

	*reads = *writes = 0;
	snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
	fdd = opendir(dir);
	if (!fdd)
		return;
	while ((d = readdir(fdd))) {
		struct stat st;
		int c, wr;

		if (d->d_name[0] == '.')
			continue;
		/* stat follows the link to the open file itself: a pipe's, a
		 * FIFO's (whose link is its path, perhaps deleted), a socket's */
		snprintf(path, sizeof path, "%s/%s", dir, d->d_name);
		if (stat(path, &st) != 0 ||
		    (c = run_multi_ends_channel(e, (unsigned long)st.st_dev,
						(unsigned long)st.st_ino, &wr)) < 0)
			continue;
		if (wr < 0)
			wr = run_multi_ends_writes(pid, d->d_name);
		if (wr >= 0)
			*(wr ? writes : reads) |= 1u << c;
	}
	closedir(fdd);
}

/* Could actor b wake actor a, asleep? It holds the other end of a's pipe, or
 * a's lock, or its program uses a's ring the other way. */
static bool run_multi_ends_could_wake(const struct run_multi_ends *e, int a, int b)
{
	const struct run_multi_ends_actor *sa = &e->a[a];
	uint32_t reads, writes;

	if (e->a[b].gone)
		return false;
	if (sa->wait == RUN_MULTI_ENDS_LOCK)
		return e->holder[sa->ch] == b;
	if (e->ring[sa->ch])
		return ((sa->wait == RUN_MULTI_ENDS_READ ? e->a[b].ring_writes : e->a[b].ring_reads) >>
			sa->ch) & 1u;
	run_multi_ends_scan(e, e->a[b].pid, &reads, &writes);
	return ((sa->wait == RUN_MULTI_ENDS_READ ? writes : reads) >> sa->ch) & 1u;
}

/* The chain from sleeper cur, each to a sleeper that could wake it, into
 * *cycle: its cycle if it comes back to one (true), else the whole chain to
 * the sleeper no process could wake (false). */
static bool run_multi_ends_chain(const struct run_multi_ends *e, int cur,
				 struct event_actors *cycle)
{
	int path[SCENARIO_MAX_ACTORS], n = 0;

	cycle->n = 0;
	while (cur >= 0 && n < SCENARIO_MAX_ACTORS) {
		int next = -1;

		for (int i = 0; i < n; i++)
			if (path[i] == cur) {
				for (int k = i; k < n; k++)
					cycle->actor[cycle->n++] = (signed char)path[k];
				return true;
			}
		path[n++] = cur;
		for (int b = 0; b < e->n && next < 0; b++)
			if (e->a[b].asleep && run_multi_ends_could_wake(e, cur, b))
				next = b;
		cur = next;
	}
	for (int i = 0; i < n; i++) /* no way back: the chain to who waits for nobody */
		cycle->actor[cycle->n++] = (signed char)path[i];
	return false;
}

/* The sleepers of e not in list into *others. */
static void run_multi_ends_others(const struct run_multi_ends *e, const struct event_actors *list,
				  struct event_actors *others)
{
	others->n = 0;
	for (int a = 0; a < e->n && others->n < EVENT_ACTORS_MAX; a++) {
		bool in = false;

		for (int i = 0; i < list->n; i++)
			in |= list->actor[i] == a;
		if (e->a[a].asleep && !e->a[a].gone && !in)
			others->actor[others->n++] = (signed char)a;
	}
}

/* Contract in run_multi_ends.h. A cycle is the lesson, so it is looked for
 * from every sleeper in turn; with none, the chain from the first. */
bool run_multi_ends_cycle(const struct run_multi_ends *e, struct event_actors *cycle,
			  struct event_actors *others)
{
	bool closed = false;
	int first = -1;

	for (int a = 0; a < e->n && !closed; a++)
		if (e->a[a].asleep && !e->a[a].gone) {
			first = first < 0 ? a : first;
			closed = run_multi_ends_chain(e, a, cycle);
		}
	if (!closed)
		run_multi_ends_chain(e, first, cycle);
	run_multi_ends_others(e, cycle, others);
	return closed;
}
