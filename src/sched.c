/* sched.c - the deterministic scheduler: real children do the IPC, the parent
 * decides when each may take its next step, and waits after each step until the
 * system has settled before it moves the virtual clock on.
 *
 * Settling is the heart of determinism (DESIGN 8, measured): a step is over only
 * when no granted child is still busy, and every child that reported `blocked` is
 * seen by /proc, on this very pass, asleep (state S) in the channel's own syscall
 * on the channel's own descriptor. Anything weaker lets a woken child race the
 * parent and the run differs from one time to the next. Reports of one step are
 * then emitted in a fixed order: the granted actor's first, then the others in
 * scenario order, each child's own reports in the order it wrote them.
 */
#include "scheduler.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "actor.h"
#include "i18n.h"

#define SCHED_ANSWER_MS 10000 /* a child that says nothing for this long is broken */

enum sched_actor_state {
	SA_IDLE,     /* waiting for a permit */
	SA_BUSY,     /* holds a permit and has not reported DONE */
	SA_BLOCKED,  /* reported BLOCKED; should be asleep in the channel */
	SA_QUITTING, /* told to quit, or killed: waiting for it to exit */
	SA_GONE      /* reaped */
};

struct sched_actor {
	pid_t pid;
	int ctl_fd, ev_fd;
	int ctl_child_fd;     /* the number of its control pipe's read end, in the child */
	struct procfiles pf;
	enum sched_actor_state st;
	bool stopped;         /* SIGSTOP by ipcviz: no permits until SIGCONT */
	bool stopped_outside; /* seen stopped (state T) with a permit it never took */
	bool finished;        /* wants no more steps */
	bool kernel_shown;    /* a kernel event was emitted for this blocked episode */
	int64_t next_due;
	size_t next_value;    /* producer: index into its group's values */
	long items;           /* consumer: items received */
	bool step_done;       /* this step's DONE came, */
	bool step_moved;      /* it put or got, */
	bool step_bad;        /* and it slept, failed or read a part (a chain ends) */
	bool items_done;      /* socketpair consumer: the last item came; answer, then stop */
	bool second;          /* the second half of a two-step turn is next: a race
	                         store after its load; a socketpair producer's wait
	                         for the answer, a consumer's answer */
	int32_t answer;       /* socketpair consumer: the value to answer with */
	unsigned char buf[64 * sizeof(struct report)];
	size_t buffered;      /* bytes of an incomplete report at the start of buf */
	struct event *bucket; /* this step's events of this actor, in report order */
	size_t nbucket, capbucket;
};

struct sched {
	struct scenario sc;
	struct channel ch;
	bool ch_open;
	struct model model;
	struct trace_header hdr;
	struct trace_actor hdr_actors[SCENARIO_MAX_ACTORS];
	struct sched_actor actors[SCENARIO_MAX_ACTORS];
	int n;
	int64_t now;
	size_t next_action;
	int granted;                  /* actor granted in this step, or -1 */
	struct event *out;            /* the latest call's events */
	size_t nout, capout;
	struct event *own;            /* this step's events of ipcviz itself */
	size_t nown, capown;
	struct timespec start;
	cpu_set_t saved_cpus;         /* the parent's CPUs before the run pinned it */
	bool pinned;
	bool run_ahead;               /* chains allowed (sched_run_ahead) */
	int chain_left;               /* steps of the chain handed out, not yet taken */
	struct permit_link chain[PERMIT_CHAIN_MAX + 1]; /* those steps, in order */
	int chain_at;                 /* the next of them */
	bool chain_wait;              /* a chain is out: wait for its end first */
	int chain_end[2];             /* the step that ends a chain writes a byte here */
	uint32_t *epoch;              /* shared with the children: chain_abort() moves it */
	int ctl_rd[SCENARIO_MAX_ACTORS]; /* control pipes' read ends until each fork */
	int last_kfill;               /* the latest kernel count a child reported */
	bool result_shown;            /* race: the result event was emitted */
	bool finished;
	char end_reason[512];
};

static double sched_wall(const struct sched *s)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)(ts.tv_sec - s->start.tv_sec) + (ts.tv_nsec - s->start.tv_nsec) / 1e9;
}

static void push_event(struct event **list, size_t *n, size_t *cap, const struct event *ev)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct event *grown = realloc(*list, ncap * sizeof **list);
		if (!grown)
			abort(); /* a few hundred bytes: nothing sensible to do without them */
		*list = grown;
		*cap = ncap;
	}
	(*list)[(*n)++] = *ev;
}

static void actor_event(struct sched *s, int a, const struct event *ev)
{
	struct sched_actor *sa = &s->actors[a];
	push_event(&sa->bucket, &sa->nbucket, &sa->capbucket, ev);
}

static void own_event(struct sched *s, const struct event *ev)
{
	push_event(&s->own, &s->nown, &s->capown, ev);
}

/* Applies ev to the model (which stamps fill) and appends it to the output. */
static void emit(struct sched *s, struct event *ev)
{
	ev->wall = sched_wall(s);
	model_apply(&s->model, ev);
	push_event(&s->out, &s->nout, &s->capout, ev);
}

static const struct scenario_group *group_of(const struct sched *s, int a)
{
	return &s->sc.groups[s->sc.actors[a].group];
}

static bool is_cell(const struct sched *s)
{
	return s->ch.ops->cell;
}

static void send_permit(struct sched *s, int a, uint8_t op, int32_t value)
{
	struct permit p;
	struct sched_actor *sa = &s->actors[a];

	memset(&p, 0, sizeof p); /* no uninitialised padding goes down the pipe */
	p.op = op;
	p.value = value;

	if (sa->ctl_fd < 0)
		return;
	while (write(sa->ctl_fd, &p, sizeof p) < 0 && errno == EINTR)
		;
}

/* The actor wants no more steps: let it exit. */
static void actor_finish(struct sched *s, int a)
{
	struct sched_actor *sa = &s->actors[a];

	sa->finished = true;
	if (sa->st == SA_IDLE) {
		send_permit(s, a, PERMIT_QUIT, 0);
		sa->st = SA_QUITTING;
	}
}

/* The child closed its event pipe: it is exiting. Reap it and say how it ended. */
static void actor_reap(struct sched *s, int a)
{
	struct sched_actor *sa = &s->actors[a];
	int status = 0;
	struct event ev = event_make(EV_EXIT, a, s->now);

	while (waitpid(sa->pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status)) {
		ev.signal = WTERMSIG(status);
		ev.status = -1;
	} else {
		ev.status = WEXITSTATUS(status);
	}
	actor_event(s, a, &ev);
	close(sa->ev_fd);
	if (sa->ctl_fd >= 0)
		close(sa->ctl_fd);
	sa->ev_fd = sa->ctl_fd = -1;
	procinfo_close(&sa->pf);
	sa->st = SA_GONE;
	sa->finished = true;
	sa->stopped = sa->stopped_outside = false;
}

/* Turns one report of actor a into events and state. */
static void actor_handle(struct sched *s, int a, const struct report *r)
{
	struct sched_actor *sa = &s->actors[a];
	const struct scenario_group *g = group_of(s, a);
	enum event_op op = r->op == PERMIT_PUT ? OP_PUT : OP_GET;
	struct event ev;

	if (r->kfill >= 0)
		s->last_kfill = r->kfill;
	switch (r->kind) {
	case REPORT_BLOCKED:
		sa->step_bad = true;
		ev = event_make(EV_BLOCKED, a, s->now);
		ev.op = op;
		if (op == OP_PUT) {
			ev.has_value = true;
			ev.value = r->value;
		}
		actor_event(s, a, &ev);
		sa->st = SA_BLOCKED;
		sa->kernel_shown = false;
		break;
	case REPORT_UNBLOCKED:
		ev = event_make(EV_UNBLOCKED, a, s->now);
		ev.op = op;
		actor_event(s, a, &ev);
		sa->st = SA_BUSY;
		break;
	case REPORT_PUT:
		sa->step_moved = true;
		ev = event_make(is_cell(s) ? EV_WRITE : EV_PUT, a, s->now);
		ev.has_value = true;
		ev.value = r->value;
		actor_event(s, a, &ev);
		if (r->lost) {
			ev = event_make(EV_OVERWRITTEN, a, s->now);
			ev.has_value = true;
			ev.value = r->lost_value;
			ev.by = a;
			actor_event(s, a, &ev);
		}
		if (s->sc.actors[a].role == ROLE_CONSUMER) {
			sa->second = false; /* socketpair: answered */
			if (sa->items_done)
				sa->finished = true;
			break;
		}
		sa->next_value++;
		sa->second = s->ch.ops->duplex; /* now wait for the answer */
		if (sa->next_value >= g->nvalues && !sa->second)
			sa->finished = true;
		break;
	case REPORT_PART:
		sa->step_bad = true;
		ev = event_make(EV_PART, a, s->now);
		ev.has_value = true;
		ev.value = r->value;
		ev.by = r->from;
		ev.bytes = r->bytes;
		actor_event(s, a, &ev);
		break;
	case REPORT_GOT:
		sa->step_moved = true;
		if (s->ch.ops->named && r->from < 0) {
			/* A line no producer wrote: someone outside ipcviz wrote it,
			 * before the reader woke for it. */
			ev = event_make(EV_PUT, EVENT_ACTOR_OUTSIDE, s->now);
			ev.has_value = true;
			ev.value = r->value;
			actor_event(s, a, &ev);
			size_t n = sa->nbucket;
			if (n >= 2 && sa->bucket[n - 2].type == EV_UNBLOCKED) {
				struct event woke = sa->bucket[n - 2];
				sa->bucket[n - 2] = sa->bucket[n - 1];
				sa->bucket[n - 1] = woke;
			}
		}
		ev = event_make(is_cell(s) ? EV_READ : EV_GOT, a, s->now);
		ev.has_value = true;
		ev.value = r->value;
		if (r->mixed && s->sc.item_size != 0) {
			ev.mixed = true;
			ev.by = r->mixed_from;
			ev.mixed_value = r->mixed_value;
		}
		actor_event(s, a, &ev);
		if (r->again) {
			ev = event_make(EV_STALE, a, s->now);
			ev.has_value = true;
			ev.value = r->value;
			actor_event(s, a, &ev);
		}
		if (s->sc.actors[a].role == ROLE_PRODUCER) {
			/* race: the load is done, the store is next; socketpair: the
			 * answer came, the next item is next */
			sa->second = s->ch.ops->counter;
			if (!sa->second && sa->next_value >= g->nvalues)
				sa->finished = true;
			break;
		}
		sa->items++;
		bool last = (g->has_stop && r->value == g->stop_value) ||
			    (g->items > 0 && sa->items >= g->items);
		if (s->ch.ops->duplex) {
			sa->second = true; /* answer it first */
			sa->answer = r->value;
			sa->items_done = last;
		} else if (last) {
			sa->finished = true;
		}
		break;
	case REPORT_EOF:
		sa->step_bad = true;
		ev = event_make(EV_EOF, a, s->now);
		actor_event(s, a, &ev);
		sa->finished = true;
		break;
	case REPORT_ERROR:
		sa->step_bad = true;
		ev = event_make(EV_ERROR, a, s->now);
		ev.op = op;
		ev.err = r->err;
		actor_event(s, a, &ev);
		sa->finished = true;
		break;
	case REPORT_DONE:
		sa->step_done = true;
		sa->st = SA_IDLE;
		/* A socketpair turn's second half follows at once; a race store
		 * comes an interval after its load, like any step. */
		sa->next_due = s->now + (sa->second && s->ch.ops->duplex ? 0 : g->interval_ms);
		if (sa->finished)
			actor_finish(s, a);
		break;
	default:
		break;
	}
}

/* A child stopped or continued by someone else (kill -STOP from another
 * terminal) is shown as a fault, so the screen and the trace tell the truth. */
static void outside_stop(struct sched *s, int a, bool stopped)
{
	struct event ev = event_make(EV_FAULT, EVENT_ACTOR_IPCVIZ, s->now);

	s->actors[a].stopped_outside = stopped;
	snprintf(ev.action, sizeof ev.action, "%s", stopped ? "stop" : "cont");
	ev.target = a;
	own_event(s, &ev);
}

/* Handles the whole reports at the start of a's buffer; during a chain only up
 * to the end of one step (DONE): later steps' reports wait for their turn. */
static int take_buffered(struct sched *s, int a, bool *step_done)
{
	struct sched_actor *sa = &s->actors[a];
	size_t used = 0;
	int got = 0;

	*step_done = false;
	while (sa->buffered - used >= sizeof(struct report)) {
		struct report r;
		memcpy(&r, sa->buf + used, sizeof r);
		used += sizeof r;
		actor_handle(s, a, &r);
		got++;
		if (r.kind == REPORT_DONE && s->chain_left > 0) {
			*step_done = true;
			break;
		}
	}
	memmove(sa->buf, sa->buf + used, sa->buffered - used);
	sa->buffered -= used;
	return got;
}

/* Reads what actor a has sent: whole reports are handled in order, a partial
 * one waits in its buffer. With `wait` the first read sleeps until the child
 * writes (at most 50 ms, SO_RCVTIMEO): one syscall where poll and read were two.
 * Returns how many reports (or an exit) it handled. */
static int drain_actor(struct sched *s, int a, bool wait)
{
	struct sched_actor *sa = &s->actors[a];
	bool step_done;
	int got = take_buffered(s, a, &step_done);

	if (step_done)
		return got;
	while (sa->ev_fd >= 0) {
		size_t space = sizeof sa->buf - sa->buffered;
		if (space == 0)
			break; /* cannot happen: a step is a few reports; never read 0 */
		ssize_t n = recv(sa->ev_fd, sa->buf + sa->buffered, space, wait ? 0 : MSG_DONTWAIT);
		wait = false;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break; /* EAGAIN: nothing more now */
		if (n == 0) {
			/* It is gone: whatever it said before is all it will say. (A
			 * chain it was in goes on if it did its step; see sched_step.) */
			int left = s->chain_left;
			s->chain_left = 0;
			got += take_buffered(s, a, &step_done);
			s->chain_left = left;
			actor_reap(s, a);
			return got + 1;
		}
		if (sa->stopped_outside)
			outside_stop(s, a, false);
		sa->buffered += (size_t)n;
		got += take_buffered(s, a, &step_done);
		if (step_done || (size_t)n < space)
			break; /* a step's end, or a short read: nothing more for now */
	}
	return got;
}

/* Waits up to timeout_ms for reports from any child and handles every one that
 * is there. Returns how many. */
static int drain(struct sched *s, int timeout_ms)
{
	struct pollfd fds[SCENARIO_MAX_ACTORS];
	int who[SCENARIO_MAX_ACTORS], nfds = 0, got = 0;

	for (int a = 0; a < s->n; a++) {
		if (s->actors[a].ev_fd < 0)
			continue;
		who[nfds] = a;
		fds[nfds++] = (struct pollfd){.fd = s->actors[a].ev_fd, .events = POLLIN};
	}
	if (nfds == 0 || poll(fds, (nfds_t)nfds, timeout_ms) <= 0)
		return 0;
	for (int i = 0; i < nfds; i++)
		if (fds[i].revents)
			got += drain_actor(s, who[i], false);
	return got;
}

static bool is_stopped_state(char st)
{
	return st == 'T' || st == 't';
}

/* Is a child that reported BLOCKED asleep in the channel's call right now? */
static bool blocked_confirmed(const struct sched *s, int a)
{
	const struct sched_actor *sa = &s->actors[a];
	struct procinfo pi;

	if (procinfo_read(&sa->pf, &pi, false) != 0)
		return true; /* gone: its EOF will come through drain() */
	if (is_stopped_state(pi.state))
		return true;
	return pi.state == 'S' && pi.in_syscall &&
	       s->ch.ops->sleeps_in(&s->ch, s->sc.actors[a].role, pi.nr, pi.arg0);
}

static int64_t ms_since(const struct timespec *t0)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec - t0->tv_sec) * 1000 + (ts.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Is actor a waiting for a permit (asleep reading its control pipe, which
 * holds nothing)? Then nothing was handed to it that it has not done. */
static bool waits_for_permit(const struct sched *s, int a)
{
	const struct sched_actor *sa = &s->actors[a];
	struct procinfo pi;
	int queued = -1;

	return sa->ctl_fd >= 0 && ioctl(sa->ctl_fd, FIONREAD, &queued) == 0 && queued == 0 &&
	       procinfo_read(&sa->pf, &pi, false) == 0 && pi.state == 'S' && pi.in_syscall &&
	       pi.nr == SYS_read && pi.arg0 == sa->ctl_child_fd;
}

/* A chain step whose child never got it: the child before it did its step and
 * reported, then was killed or stopped from outside before it handed the rest
 * on (a few instructions). The parent hands the rest on itself, under a new
 * epoch, so that the one before, if it is continued, hands on nothing, and a
 * late hand-on from it is dropped by its receiver. True if it did. */
static bool chain_takeover(struct sched *s)
{
	int a = s->granted;

	if (s->chain_left <= 0 || s->chain_at < 2 || a < 0)
		return false;
	int prev = s->chain[s->chain_at - 2].actor;
	char st = procinfo_state(&s->actors[prev].pf);
	bool gone = s->actors[prev].st == SA_GONE || st == 'Z' || st == 'X' || st == '?';
	if (prev == a || !(gone || is_stopped_state(st)) || !waits_for_permit(s, a))
		return false;
	struct permit p;
	memset(&p, 0, sizeof p);
	p.op = s->chain[s->chain_at - 1].op;
	p.value = s->chain[s->chain_at - 1].value;
	p.nnext = (uint8_t)(s->chain_left - 1);
	p.chained = 1;
	memcpy(p.next, s->chain + s->chain_at, p.nnext * sizeof p.next[0]);
	p.epoch = __atomic_add_fetch(s->epoch, 1, __ATOMIC_ACQ_REL);
	while (write(s->actors[a].ctl_fd, &p, sizeof p) < 0 && errno == EINTR)
		;
	return true;
}

/* Waits until the system has settled (see the top of this file): no child
 * holding a permit is still at work, and every child that reported BLOCKED is
 * seen asleep in the channel's call, checked again after every report. */
static int settle(struct sched *s, char *err, size_t errlen)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		bool waiting = false, unconfirmed = false, asleep = false;
		int late = -1, nwaiting = 0;
		for (int a = 0; a < s->n; a++) {
			struct sched_actor *sa = &s->actors[a];
			if ((sa->st == SA_BUSY || sa->st == SA_QUITTING) && !sa->stopped_outside &&
			    !sa->stopped) {
				waiting = true;
				late = a;
				nwaiting++;
			} else if (sa->st == SA_BLOCKED) {
				asleep = true;
				if (!blocked_confirmed(s, a)) {
					unconfirmed = true;
					late = a;
				}
			}
		}
		if (!waiting && !unconfirmed) {
			/* Everyone asleep was confirmed on this pass; one last look for a
			 * report that came in meanwhile. With nobody asleep, nobody could
			 * have been woken: no look needed. */
			if (asleep && drain(s, 0) > 0)
				continue;
			return 0;
		}
		if (ms_since(&t0) > SCHED_ANSWER_MS) {
			snprintf(err, errlen, _("%s did not answer within %d s"),
				 s->sc.actors[late].name, SCHED_ANSWER_MS / 1000);
			return -1;
		}
		/* Only the granted child can speak (nobody asleep in the channel to be
		 * woken, nobody else holding a permit): wait in the read itself. */
		if (!asleep && nwaiting == 1 && s->actors[late].ev_fd >= 0) {
			if (drain_actor(s, late, true) > 0)
				continue;
		} else if (drain(s, unconfirmed ? 0 : 50) > 0) {
			continue;
		}
		if (unconfirmed) {
			sched_yield(); /* reported blocked, not asleep yet: look again */
			continue;
		}
		if (chain_takeover(s))
			continue;
		/* No word for a while: a child holding a permit may have been stopped
		 * from outside. */
		for (int a = 0; a < s->n; a++) {
			struct sched_actor *sa = &s->actors[a];
			if ((sa->st == SA_BUSY || sa->st == SA_QUITTING) && !sa->stopped_outside &&
			    is_stopped_state(procinfo_state(&sa->pf)))
				outside_stop(s, a, true);
		}
	}
}

/* Kernel evidence for each actor newly asleep in the channel, after its reports. */
static void kernel_evidence(struct sched *s, int a)
{
	struct sched_actor *sa = &s->actors[a];
	struct procinfo pi;
	char nbuf[32];

	if (sa->st != SA_BLOCKED || sa->kernel_shown || procinfo_read(&sa->pf, &pi, true) != 0)
		return;
	struct event ev = event_make(EV_KERNEL, a, s->now);
	ev.state = pi.state;
	snprintf(ev.wchan, sizeof ev.wchan, "%s", pi.wchan);
	snprintf(ev.syscall, sizeof ev.syscall, "%s",
		 pi.in_syscall ? procinfo_syscall_name(pi.nr, nbuf, sizeof nbuf) : "");
	ev.kfill = sched_kernel_fill(s);
	actor_event(s, a, &ev);
	sa->kernel_shown = true;
}

/* race: once every incrementer is done, what the memory holds against what it
 * would hold had no update been lost (the stores made). */
static void race_result(struct sched *s)
{
	long stores = 0;

	if (!s->ch.ops->counter || s->result_shown)
		return;
	for (int a = 0; a < s->n; a++) {
		if (!s->actors[a].finished)
			return;
		stores += (long)s->actors[a].next_value;
	}
	struct event ev = event_make(EV_RESULT, EVENT_ACTOR_IPCVIZ, s->now);
	ev.counter = s->ch.ops->counter_value(&s->ch);
	ev.expected = stores;
	emit(s, &ev);
	s->result_shown = true;
}

/* Emits this step's events in the fixed order and clears the buckets. */
static void flush_step(struct sched *s)
{
	s->nout = 0;
	for (size_t i = 0; i < s->nown; i++)
		emit(s, &s->own[i]);
	s->nown = 0;
	for (int k = -1; k < s->n; k++) {
		int a = k < 0 ? s->granted : k;
		if (a < 0 || (k >= 0 && a == s->granted))
			continue;
		kernel_evidence(s, a);
		struct sched_actor *sa = &s->actors[a];
		for (size_t i = 0; i < sa->nbucket; i++)
			emit(s, &sa->bucket[i]);
		sa->nbucket = 0;
	}
	race_result(s);
}

static bool actor_can_step(const struct sched_actor *sa)
{
	return sa->st == SA_IDLE && !sa->finished && !sa->stopped;
}

/* The actor due next (ties in scenario order), or -1. */
static int next_actor(const struct sched *s)
{
	int best = -1;

	for (int a = 0; a < s->n; a++)
		if (actor_can_step(&s->actors[a]) &&
		    (best < 0 || s->actors[a].next_due < s->actors[best].next_due))
			best = a;
	return best;
}

int64_t sched_next_due(const struct sched *s)
{
	int64_t due = INT64_MAX;
	int a = next_actor(s);

	if (a >= 0)
		due = s->actors[a].next_due;
	if (s->next_action < s->sc.nactions && s->sc.actions[s->next_action].at_ms < due)
		due = s->sc.actions[s->next_action].at_ms;
	if (due != INT64_MAX && due < s->now)
		due = s->now;
	return due;
}

int64_t sched_now(const struct sched *s)
{
	return s->now;
}

/* Words for why nothing can move, or "" when everyone finished. */
static void describe_end(struct sched *s)
{
	size_t len = 0;
	char *buf = s->end_reason;
	size_t cap = sizeof s->end_reason;

	buf[0] = '\0';
	for (int a = 0; a < s->n; a++) {
		const struct sched_actor *sa = &s->actors[a];
		const char *what = NULL;
		char one[160];
		if (sa->st == SA_GONE)
			continue;
		if (sa->stopped || sa->stopped_outside)
			what = _("is stopped (SIGSTOP)");
		else if (sa->st == SA_BLOCKED)
			what = _("is asleep in the kernel and nothing is left that could wake it");
		else
			continue;
		/* TRANSLATORS: between two actors in "No process can proceed any more: …" */
		snprintf(one, sizeof one, "%s%s %s", len ? _("; ") : "", s->sc.actors[a].name, what);
		if (len + strlen(one) + 1 < cap) {
			memcpy(buf + len, one, strlen(one) + 1);
			len += strlen(one);
		}
	}
	if (len) {
		char tmp[sizeof s->end_reason];
		snprintf(tmp, sizeof tmp, _("No process can proceed any more: %s."), buf);
		memcpy(buf, tmp, sizeof tmp);
	}
}

/* fifo: a consumer asleep in read can still be woken from outside ipcviz. */
static bool outside_can_wake(const struct sched *s)
{
	if (!s->ch.ops->named)
		return false;
	for (int a = 0; a < s->n; a++)
		if (s->sc.actors[a].role == ROLE_CONSUMER && s->actors[a].st == SA_BLOCKED &&
		    !s->actors[a].stopped && !s->actors[a].stopped_outside)
			return true;
	return false;
}

static void check_finished(struct sched *s)
{
	if (sched_next_due(s) != INT64_MAX || outside_can_wake(s))
		return;
	s->finished = true;
	describe_end(s);
}

bool sched_finished(const struct sched *s)
{
	return s->finished;
}

const char *sched_end_reason(const struct sched *s)
{
	return s->end_reason;
}

/* Does actor a's control pipe still hold a permit it has not read? */
static bool chain_permit_unread(const struct sched *s, int a)
{
	int queued = 0;

	return s->actors[a].ctl_fd >= 0 && ioctl(s->actors[a].ctl_fd, FIONREAD, &queued) == 0 &&
	       queued > 0;
}

/* Calls off the chain out: the children hand nothing more on (actor.c checks
 * the epoch before it does), and the parent grants the next steps itself. */
static void chain_abort(struct sched *s)
{
	s->chain_left = 0;
	__atomic_add_fetch(s->epoch, 1, __ATOMIC_RELEASE);
}

/* Sleeps until the chain handed out has ended (its last step, or one that
 * slept or failed, says so): the children relay among themselves meanwhile, and
 * their reports wake nobody. If a chain stalls (a child killed or stopped from
 * outside in the middle of it), settle() takes over after 50 ms: it sees to
 * each step in turn as usual, and the steps never handed on are granted anew. */
static void chain_await(struct sched *s)
{
	struct pollfd p = {.fd = s->chain_end[0], .events = POLLIN};
	char one;

	s->chain_wait = false;
	if (poll(&p, 1, 50) > 0 && (p.revents & POLLIN))
		while (read(s->chain_end[0], &one, 1) < 0 && errno == EINTR)
			;
}

/* Empties the chain-end pipe (non-blocking) of bytes from chains that ended
 * late or were called off, so that the next chain_await really waits. */
static void chain_end_drain(struct sched *s)
{
	char buf[64];

	while (read(s->chain_end[0], buf, sizeof buf) > 0)
		;
}

void sched_run_ahead(struct sched *s, bool on)
{
	s->run_ahead = on;
}

/* Chains are for channels whose every step the model can foresee: items of one
 * page in a pipe, a queue, a ring. Not a shared value (nothing is foreseen),
 * not two-step turns, not a FIFO (someone outside may write), not big items. */
static bool chain_possible(const struct sched *s, int first)
{
	const struct channel_ops *ops = s->ch.ops;

	if (!s->run_ahead || ops->cell || ops->duplex || ops->named || ops->counter ||
	    s->sc.item_size != 0 || s->model.fill > MODEL_MAX_SLOTS)
		return false;
	for (int a = 0; a < s->n; a++) {
		const struct sched_actor *sa = &s->actors[a];
		if ((sa->st != SA_IDLE && sa->st != SA_GONE && a != first) || sa->stopped ||
		    sa->stopped_outside)
			return false; /* someone asleep, busy, or on the way out */
	}
	return true;
}

/* Works out the steps after actor first's, from what the model says is in the
 * channel, for as long as the outcome is sure: no put into a full channel, no
 * get from an empty one, no script action in between, nobody asleep or busy,
 * nobody finishing. If there are any, sends first's permit with them as a
 * chain and returns true. The plan follows next_actor()'s rules exactly. */
static bool chain_start(struct sched *s, int first)
{
	int64_t due[SCENARIO_MAX_ACTORS], now = s->now;
	size_t next_value[SCENARIO_MAX_ACTORS];
	long items[SCENARIO_MAX_ACTORS];
	bool done[SCENARIO_MAX_ACTORS];
	int32_t slots[MODEL_MAX_SLOTS];
	int fill = s->model.fill, head = 0, n = 0, cap = s->hdr.capacity;
	int64_t action = s->next_action < s->sc.nactions ? s->sc.actions[s->next_action].at_ms
							  : INT64_MAX;
	struct permit p;

	if (!chain_possible(s, first))
		return false;
	for (int a = 0; a < s->n; a++) {
		const struct sched_actor *sa = &s->actors[a];
		due[a] = sa->next_due;
		next_value[a] = sa->next_value;
		items[a] = sa->items;
		done[a] = sa->finished || sa->st == SA_GONE;
	}
	memcpy(slots, s->model.slots, (size_t)fill * sizeof slots[0]);
	for (int a = first; n < PERMIT_CHAIN_MAX + 1;) {
		const struct scenario_group *g = group_of(s, a);
		struct permit_link *l = &s->chain[n];
		memset(l, 0, sizeof *l);
		l->actor = (uint8_t)a;
		if (s->sc.actors[a].role == ROLE_PRODUCER) {
			if (fill >= cap)
				break; /* it would sleep: the parent must see to that */
			l->op = PERMIT_PUT;
			l->value = g->values[next_value[a]++];
			slots[(head + fill++) % MODEL_MAX_SLOTS] = l->value;
			done[a] = next_value[a] >= g->nvalues;
		} else {
			if (fill == 0)
				break;
			l->op = PERMIT_GET;
			int32_t v = slots[head];
			head = (head + 1) % MODEL_MAX_SLOTS;
			fill--;
			items[a]++;
			done[a] = (g->has_stop && v == g->stop_value) ||
				  (g->items > 0 && items[a] >= g->items);
		}
		due[a] = now + g->interval_ms;
		n++;
		if (done[a])
			break; /* then it quits: the parent's part */
		int best = -1;
		for (int b = 0; b < s->n; b++)
			if (!done[b] && (best < 0 || due[b] < due[best]))
				best = b;
		if (best < 0 || action <= (due[best] > now ? due[best] : now))
			break;
		now = due[best] > now ? due[best] : now;
		a = best;
	}
	if (n < 2)
		return false;
	chain_end_drain(s);
	memset(&p, 0, sizeof p);
	p.op = s->chain[0].op;
	p.value = s->chain[0].value;
	p.epoch = __atomic_load_n(s->epoch, __ATOMIC_ACQUIRE);
	p.nnext = (uint8_t)(n - 1);
	p.chained = 1;
	memcpy(p.next, s->chain + 1, (size_t)(n - 1) * sizeof p.next[0]);
	s->chain_wait = true;
	s->chain_at = 1;
	s->chain_left = n;
	while (write(s->actors[first].ctl_fd, &p, sizeof p) < 0 && errno == EINTR)
		;
	return true;
}

/* Sends a signal for a script action or the k key, and waits for it to show. */
static int apply_fault(struct sched *s, const char *action, int a, char *err, size_t errlen)
{
	struct sched_actor *sa = &s->actors[a];
	struct event ev = event_make(EV_FAULT, EVENT_ACTOR_IPCVIZ, s->now);
	int sig;

	snprintf(ev.action, sizeof ev.action, "%s", action);
	ev.target = a;
	own_event(s, &ev);
	if (sa->st == SA_GONE)
		return 0;
	if (strcmp(action, "kill") == 0)
		sig = SIGKILL;
	else if (strcmp(action, "stop") == 0)
		sig = SIGSTOP;
	else
		sig = SIGCONT;
	kill(sa->pid, sig);
	if (sig == SIGKILL) {
		sa->st = SA_QUITTING; /* settle() waits for its exit */
		sa->finished = true;
		sa->stopped = false;  /* SIGKILL ends a stopped process too */
	} else if (sig == SIGSTOP) {
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		while (!is_stopped_state(procinfo_state(&sa->pf))) {
			if (ms_since(&t0) > SCHED_ANSWER_MS) {
				snprintf(err, errlen, _("%s did not stop"), s->sc.actors[a].name);
				return -1;
			}
			sched_yield();
		}
		sa->stopped = true;
	} else {
		sa->stopped = false;
	}
	return 0;
}

/* The next operation of actor a: a producer puts its next value and a
 * consumer gets, except in the two-step turns (see struct sched_actor). */
static void grant(struct sched *s, int a, const struct scenario_group *g)
{
	struct sched_actor *sa = &s->actors[a];
	bool producer = s->sc.actors[a].role == ROLE_PRODUCER;

	if (s->ch.ops->counter)
		send_permit(s, a, sa->second ? PERMIT_PUT : PERMIT_GET, 0); /* store : load */
	else if (producer)
		send_permit(s, a, sa->second ? PERMIT_GET : PERMIT_PUT,
			    sa->second ? 0 : g->values[sa->next_value]);
	else
		send_permit(s, a, sa->second ? PERMIT_PUT : PERMIT_GET, sa->second ? sa->answer : 0);
}

static int run_actions(struct sched *s, char *err, size_t errlen)
{
	while (s->next_action < s->sc.nactions &&
	       s->sc.actions[s->next_action].at_ms <= s->now) {
		const struct scenario_action *act = &s->sc.actions[s->next_action++];
		static const char *const words[] = {
			[ACTION_KILL] = "kill", [ACTION_STOP] = "stop", [ACTION_CONT] = "cont"};
		if (act->kind == ACTION_NOTE) {
			struct event ev = event_make(EV_NOTE, EVENT_ACTOR_IPCVIZ, s->now);
			snprintf(ev.text, sizeof ev.text, "%s", act->text ? act->text : "");
			own_event(s, &ev);
		} else if (apply_fault(s, words[act->kind], act->target, err, errlen) != 0) {
			return -1;
		}
	}
	return 0;
}

int sched_step(struct sched *s, char *err, size_t errlen)
{
	int64_t due = sched_next_due(s);

	s->nout = 0;
	if (due == INT64_MAX) {
		check_finished(s);
		return 0;
	}
	s->now = due;
	s->granted = -1;
	if (s->next_action < s->sc.nactions && s->sc.actions[s->next_action].at_ms <= due) {
		if (run_actions(s, err, errlen) != 0)
			return -1;
	} else {
		int a = next_actor(s);
		struct sched_actor *sa = &s->actors[a];
		const struct scenario_group *g = group_of(s, a);
		s->granted = a;
		sa->st = SA_BUSY;
		sa->step_done = sa->step_moved = sa->step_bad = false;
		if (s->chain_left > 0) {
			/* The child has this step already, from the one before it. */
			if (s->chain[s->chain_at++].actor != a) {
				/* cannot happen: the plan follows next_actor()'s rules */
				snprintf(err, errlen, "run-ahead: planned %s, due %s",
					 s->sc.actors[s->chain[s->chain_at - 1].actor].name,
					 s->sc.actors[a].name);
				return -1;
			}
		} else if (!chain_start(s, a)) {
			grant(s, a, g);
		}
	}
	if (s->chain_wait)
		chain_await(s);
	if (settle(s, err, errlen) != 0)
		return -1;
	if (s->chain_left > 0) {
		struct sched_actor *sa = &s->actors[s->granted];
		/* A step that slept or failed ended the chain there; one that did not
		 * end (its child stopped or killed from outside before its DONE) has
		 * handed nothing on: call the rest off. A child that died after its
		 * DONE handed the rest on first. */
		if (--s->chain_left > 0 && !(sa->step_done && sa->step_moved && !sa->step_bad)) {
			chain_abort(s);
			/* Stopped from outside before it even read its step: it never
			 * will (the epoch moved on); the step is granted anew. */
			if (sa->st == SA_BUSY && sa->stopped_outside && !waits_for_permit(s, s->granted) &&
			    chain_permit_unread(s, s->granted))
				sa->st = SA_IDLE;
		}
	}
	flush_step(s);
	check_finished(s);
	return 0;
}

int sched_fault(struct sched *s, const char *action, int a, char *err, size_t errlen)
{
	if (a < 0 || a >= s->n) {
		snprintf(err, errlen, _("no such actor"));
		return -1;
	}
	s->granted = -1;
	if (apply_fault(s, action, a, err, errlen) != 0 || settle(s, err, errlen) != 0)
		return -1;
	flush_step(s);
	s->finished = false;
	check_finished(s);
	return 0;
}

int sched_fds(const struct sched *s, struct pollfd *fds, int max)
{
	int n = 0;

	for (int a = 0; a < s->n && n < max; a++)
		if (s->actors[a].ev_fd >= 0)
			fds[n++] = (struct pollfd){.fd = s->actors[a].ev_fd, .events = POLLIN};
	return n;
}

int sched_service(struct sched *s, char *err, size_t errlen)
{
	s->granted = -1;
	drain(s, 0); /* what woke the caller: nobody is busy, so settle() won't look */
	if (settle(s, err, errlen) != 0)
		return -1;
	flush_step(s);
	s->finished = false;
	check_finished(s);
	return 0;
}

int sched_first_live_consumer(const struct sched *s)
{
	for (int a = 0; a < s->n; a++)
		if (s->sc.actors[a].role == ROLE_CONSUMER && s->actors[a].st != SA_GONE &&
		    s->actors[a].st != SA_QUITTING)
			return a;
	return -1;
}

const struct event *sched_events(const struct sched *s, size_t *count)
{
	*count = s->nout;
	return s->out;
}

const struct model *sched_model(const struct sched *s)
{
	return &s->model;
}

const struct scenario *sched_scenario(const struct sched *s)
{
	return &s->sc;
}

const struct channel *sched_channel(const struct sched *s)
{
	return &s->ch;
}

const struct trace_header *sched_trace_header(const struct sched *s)
{
	return &s->hdr;
}

int sched_procinfo(const struct sched *s, int a, struct procinfo *pi)
{
	if (a < 0 || a >= s->n || s->actors[a].st == SA_GONE)
		return -1;
	return procinfo_read(&s->actors[a].pf, pi, true);
}

int sched_kernel_fill(const struct sched *s)
{
	const struct channel_ops *ops = s->ch.ops;

	if (!ops->kernel_fill)
		return -1;
	return ops->kfill_from_child ? s->last_kfill : ops->kernel_fill(&s->ch);
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
	for (int fd = 3; fd < 1024; fd++) {
		bool kept = false;
		for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
			kept |= keep[i] == fd;
		if (!kept)
			close(fd);
	}
}

static int spawn_actor(struct sched *s, int a, char *err, size_t errlen)
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
static int await_ready(struct sched *s, char *err, size_t errlen)
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
				 s->sc.actors[a].name, s->ch.ops->name,
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
static void sched_pin(struct sched *s)
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

struct sched *sched_create(const struct scenario *sc, char *err, size_t errlen)
{
	struct sched *s = calloc(1, sizeof *s);
	char names[SCENARIO_MAX_ACTORS][SCENARIO_NAME_MAX];
	enum role roles[SCENARIO_MAX_ACTORS];

	if (!s) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	/* A child that died must show as EPIPE on its control pipe, not kill us. */
	signal(SIGPIPE, SIG_IGN);
	clock_gettime(CLOCK_MONOTONIC, &s->start);
	s->granted = -1;
	s->last_kfill = -1;
	s->chain_end[0] = s->chain_end[1] = -1;
	for (int a = 0; a < SCENARIO_MAX_ACTORS; a++) {
		s->ctl_rd[a] = -1;
		s->actors[a].ctl_fd = s->actors[a].ev_fd = -1;
		s->actors[a].pf = (struct procfiles){-1, -1, -1};
		s->actors[a].st = SA_GONE;
	}
	if (scenario_copy(&s->sc, sc) != 0) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		free(s);
		return NULL;
	}
	if (channel_open(&s->ch, s->sc.channel, s->sc.capacity, s->sc.item_size, err, errlen) != 0)
		goto fail;
	s->ch_open = true;
	sched_pin(s); /* before the forks: the children inherit it */
	/* Every control pipe before the first fork: each child holds the others'
	 * write ends, to hand a chain on (chain_start). */
	s->epoch = mmap(NULL, sizeof *s->epoch, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			-1, 0);
	if (s->epoch == MAP_FAILED) {
		s->epoch = NULL;
		goto fail_errno;
	}
	if (pipe2(s->chain_end, O_CLOEXEC) != 0)
		goto fail_errno;
	fcntl(s->chain_end[0], F_SETFL, O_NONBLOCK);
	for (int a = 0; a < s->sc.nactors; a++) {
		int ctl[2];
		if (pipe2(ctl, O_CLOEXEC) != 0)
			goto fail_errno;
		s->ctl_rd[a] = ctl[0];
		s->actors[a].ctl_fd = ctl[1];
	}
	for (int a = 0; a < s->sc.nactors; a++) {
		if (spawn_actor(s, a, err, errlen) != 0)
			goto fail;
		s->n = a + 1;
		s->actors[a].next_due = s->sc.groups[s->sc.actors[a].group].start_ms;
	}
	if (await_ready(s, err, errlen) != 0)
		goto fail;
	s->ch.ops->release(&s->ch); /* every child holds its end now: drop ours */

	for (int a = 0; a < s->n; a++) {
		snprintf(names[a], sizeof names[a], "%s", s->sc.actors[a].name);
		roles[a] = s->sc.actors[a].role;
		snprintf(s->hdr_actors[a].name, sizeof s->hdr_actors[a].name, "%s", names[a]);
		s->hdr_actors[a].role = roles[a];
		s->hdr_actors[a].pid = s->actors[a].pid;
	}
	snprintf(s->hdr.scenario, sizeof s->hdr.scenario, "%s", s->sc.name);
	snprintf(s->hdr.channel, sizeof s->hdr.channel, "%s", s->ch.ops->name);
	snprintf(s->hdr.kernel_name, sizeof s->hdr.kernel_name, "%s", s->ch.kernel_name);
	s->hdr.capacity = is_cell(s) ? 1 : s->ch.kernel_capacity;
	snprintf(s->hdr.path, sizeof s->hdr.path, "%s", s->ch.path);
	s->hdr.item_bytes = s->sc.item_size;
	s->hdr.nactors = s->n;
	s->hdr.actors = s->hdr_actors;
	model_init(&s->model, s->sc.channel, s->hdr.capacity, s->n,
		   (const char (*)[SCENARIO_NAME_MAX])names, roles);
	model_set_item_bytes(&s->model, s->sc.item_size);
	for (int a = 0; a < s->n; a++) {
		struct event ev = event_make(EV_SPAWN, a, 0);
		ev.pid = s->actors[a].pid;
		actor_event(s, a, &ev);
	}
	flush_step(s);
	return s;
fail_errno:
	snprintf(err, errlen, _("cannot start the processes: %s"), strerror(errno));
fail:
	sched_destroy(s);
	return NULL;
}

void sched_destroy(struct sched *s)
{
	if (!s)
		return;
	for (int a = 0; a < s->n; a++) {
		struct sched_actor *sa = &s->actors[a];
		if (sa->st != SA_GONE && sa->pid > 0) {
			kill(sa->pid, SIGKILL);
			while (waitpid(sa->pid, NULL, 0) < 0 && errno == EINTR)
				;
		}
		if (sa->ev_fd >= 0)
			close(sa->ev_fd);
		procinfo_close(&sa->pf);
		free(sa->bucket);
	}
	for (int a = 0; a < SCENARIO_MAX_ACTORS; a++) {
		if (s->actors[a].ctl_fd >= 0)
			close(s->actors[a].ctl_fd);
		if (s->ctl_rd[a] >= 0)
			close(s->ctl_rd[a]);
	}
	for (int i = 0; i < 2; i++)
		if (s->chain_end[i] >= 0)
			close(s->chain_end[i]);
	if (s->epoch)
		munmap(s->epoch, sizeof *s->epoch);
	if (s->ch_open)
		s->ch.ops->close(&s->ch);
	if (s->pinned)
		sched_setaffinity(0, sizeof s->saved_cpus, &s->saved_cpus);
	scenario_free(&s->sc);
	free(s->out);
	free(s->own);
	free(s);
}
