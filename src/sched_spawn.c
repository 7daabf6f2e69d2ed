/* sched_spawn.c - the children of a run: forked, set up, ready.
 *
 * Each actor is a process of its own: forked with every signal blocked across
 * the fork, then in the child given default signal handling, its own process
 * group (a ^C goes to ipcviz, which cleans up), death with the parent, a name
 * for ps, and only its own descriptors (its control pipe, its event socket,
 * the channel, and its peers' control pipes for a chain). The parent waits for
 * each one's READY before the first step. A run at --speed max can be pinned
 * to one CPU, which the children inherit.
 */
#include "sched_int.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "i18n.h"

static int child_fd_cmp(const void *a, const void *b)
{
	return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

/* Closes every descriptor from 3 up but the n in keep (-1s and repeats
 * allowed): one close_range(2) per gap, where a loop over the whole table was
 * a thousand close(2)s per child, most of what a fresh run cost `ipcviz
 * explore` (bench/README.md). Falls back to that loop where the kernel has no
 * close_range. */
static void child_close_others(int *keep, int n)
{
	unsigned int from = 3;

	qsort(keep, (size_t)n, sizeof *keep, child_fd_cmp);
	for (int i = 0; i <= n; i++) {
		if (i < n && (keep[i] < 0 || (unsigned int)keep[i] < from))
			continue; /* unused, below 3, or a repeat */
		unsigned int to = i < n ? (unsigned int)keep[i] - 1 : ~0U;
		if (to >= from && close_range(from, to, 0) != 0) {
			for (unsigned int fd = from; fd <= to && fd < 1024; fd++)
				close((int)fd);
		}
		if (i < n)
			from = (unsigned int)keep[i] + 1;
	}
}

/* In the child, before actor_main: a process of its own, named, dying with the
 * parent, with default signal handling, holding only its own descriptors. */
static void child_setup(struct sched *s, int a, pid_t parent, int ctl_fd, int ev_fd,
			int *peers)
{
	int keep[6 + SCENARIO_MAX_ACTORS] = {ctl_fd, ev_fd, s->ch.fds[0], s->ch.fds[1],
					      s->ch.parent_fd, s->chain_end[1]};
	sigset_t none;

	for (int b = 0; b < s->sc.nactors; b++) {
		peers[b] = b == a ? -1 : s->actors[b].ctl_fd; /* a chain's next steps */
		keep[6 + b] = peers[b];
	}

	setpgid(0, 0); /* terminal signals (^C) go to ipcviz, which cleans up */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	prctl(PR_SET_NAME, s->sc.actors[a].comm);
	snprintf(s->ch.self, sizeof s->ch.self, "%s", s->sc.actors[a].name);
	s->ch.self_index = a;
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	signal(SIGPIPE, SIG_IGN); /* a write with no reader returns EPIPE, shown */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	child_close_others(keep, 6 + s->sc.nactors);
}

int sched_spawn_actor(struct sched *s, int a, char *err, size_t errlen)
{
	struct sched_actor *sa = &s->actors[a];
	int ctl[2] = {s->ctl_rd[a], sa->ctl_fd}, ev[2];
	int peers[SCENARIO_MAX_ACTORS];
	sigset_t all, old;
	pid_t parent = getpid();

	/* A socket, not a pipe: the parent can sleep in a read that gives up after
	 * 50 ms (SO_RCVTIMEO), and read without sleeping (MSG_DONTWAIT). */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ev) != 0)
		goto fail;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	sa->pid = fork();
	if (sa->pid == 0) {
		child_setup(s, a, parent, ctl[0], ev[1], peers);
		actor_main(&s->ch, s->sc.actors[a].role, ctl[0], ev[1], peers, s->chain_end[1],
			   s->epoch);
	}
	int fork_errno = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	sa->ctl_child_fd = ctl[0];
	close(ctl[0]);
	s->ctl_rd[a] = -1;
	close(ev[1]);
	if (sa->pid < 0) {
		close(ev[0]);
		errno = fork_errno;
		goto fail;
	}
	sa->ev_fd = ev[0];
	struct timeval wait = {.tv_sec = 0, .tv_usec = 50000};
	setsockopt(sa->ev_fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
	procinfo_open(&sa->pf, sa->pid);
	sa->st = SA_QUITTING; /* until READY */
	return 0;
fail:
	snprintf(err, errlen, _("cannot start %s: %s"), s->sc.actors[a].name, strerror(errno));
	return -1;
}

/* Waits for every child's READY (or FATAL) report. */
int sched_spawn_await(struct sched *s, char *err, size_t errlen)
{
	for (int a = 0; a < s->n; a++) {
		struct sched_actor *sa = &s->actors[a];
		struct pollfd p = {.fd = sa->ev_fd, .events = POLLIN};
		struct report r;
		size_t have = 0;
		while (have < sizeof r) {
			if (poll(&p, 1, SCHED_ANSWER_MS) <= 0) {
				snprintf(err, errlen, _("%s did not start"), s->sc.actors[a].name);
				return -1;
			}
			ssize_t n = read(sa->ev_fd, (char *)&r + have, sizeof r - have);
			if (n == 0)
				break;
			if (n > 0)
				have += (size_t)n;
		}
		if (have < sizeof r || r.kind != REPORT_READY) {
			snprintf(err, errlen, _("%s could not open the %s: %s"),
				 s->sc.actors[a].name, s->ch.desc->word,
				 have == sizeof r ? strerror(r.err) : _("it exited"));
			return -1;
		}
		sa->st = SA_IDLE;
	}
	return 0;
}

static bool sched_pin_wanted; /* sched_pin_runs() */

void sched_pin_runs(bool on)
{
	sched_pin_wanted = on;
}

/* One CPU for the parent and, inherited across fork, every child of this run.
 * A step is a strict relay (parent, child, parent): nothing runs in parallel
 * that a second CPU could take, and waking a process on the CPU already running
 * costs a fraction of waking an idle one (DESIGN 8; measured here 25.7k ->
 * 36.8k steps/s). Settling does not depend on placement: the run is the same
 * wherever the processes are. Only where speed is the point (sched_pin_runs):
 * two pinned runs that started on one CPU would share it while another idles.
 * The parent gets its CPUs back in sched_destroy. */
void sched_spawn_pin(struct sched *s)
{
	if (!sched_pin_wanted)
		return;
	cpu_set_t one;
	int cpu = sched_getcpu();

	if (cpu < 0 || sched_getaffinity(0, sizeof s->saved_cpus, &s->saved_cpus) != 0)
		return;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	s->pinned = sched_setaffinity(0, sizeof one, &one) == 0;
}
