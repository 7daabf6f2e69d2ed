/* run_multi.c - a run of several channels (DESIGN 14): the parent's side.
 *
 * The same deterministic scheduler as a run of one channel (DESIGN 1, 8), for
 * programs: each process's program stays in the parent, which hands it one
 * operation at a time (a permit: put this value on that pipe, take an item,
 * take a lock, close, quit) and waits until the system has settled before the
 * next: every process is waiting for its permit, or reported that it blocked
 * and is seen by /proc asleep in that very call (state S, the syscall's number
 * and its first argument: write or read on the pipe's descriptor, futex on the
 * lock's word), checked again after every report. What one step causes (a
 * reader woken, a writer's EPIPE, a reader's end of file when the last write
 * end closed) is collected and given in a fixed order: the granted process's
 * events first, then the others' in file order.
 *
 * Channels are real: a pipe(2) sized to its capacity in pages (an item is one
 * page, as in a run of one channel), a FIFO made by mkfifo(3) and then used as
 * a pipe (run_multi_open.c says how it is opened without a hang, and why its
 * name goes at once), a socket pair used one way, a POSIX queue opened twice
 * (for its readers and its writers) and unlinked at once, a ring of
 * semaphores and a lock (a robust process-shared pthread mutex) in shared
 * anonymous mappings (nothing in /dev/shm to leave behind; a waiter sleeps in
 * futex(2)). Each child keeps only the ends its
 * program uses, and those `holds` names, and closes the rest right after fork;
 * the parent keeps none once all are forked, so that end of file and EPIPE mean
 * what they say. A program's end is the process's exit: the kernel closes its
 * ends.
 *
 * Deadlock: when no process can be granted a step (each is asleep in a
 * channel's call or done), no script action is pending, and some are asleep,
 * nothing can ever wake them: the run says which processes wait for which
 * (who holds the other end of each pipe is read from /proc/PID/fd and fdinfo,
 * the kernel's own account: run_multi_ends.c) in a `deadlock` event, and ends. A process stopped
 * from outside is not part of a deadlock: the run waits for it instead.
 */
#include "run_multi.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "channel_util.h"
#include "describe.h"
#include "goal_met.h"
#include "i18n.h"
#include "model.h"
#include "multi_pos.h"
#include "procinfo.h"
#include "run_multi_ends.h"
#include "run_multi_open.h"

#define MULTI_ANSWER_MS 10000 /* a child that says nothing for this long is broken */
#define MULTI_BUCKET_MAX 64   /* events one process can give in one step */

enum multi_state {
	MA_IDLE,       /* waiting for its permit */
	MA_BUSY,       /* holds a permit */
	MA_BLOCKED,    /* reported that it blocked: asleep in the kernel, or about to be */
	MA_QUITTING,   /* told to quit or killed: not reaped yet */
	MA_GONE
};


struct multi_actor {
	pid_t pid;
	int ctl_fd, ev_fd;
	struct procfiles pf;
	enum multi_state st;
	const struct scenario_process *pr;
	struct multi_pos pos;     /* the op it is at, and when it is due */
	int blocked_ch, blocked_op;
	bool kernel_shown;        /* the kernel event of this sleep is given */
	bool stopped;             /* seen stopped from outside, and said so */
	bool killed;              /* ipcviz sent it SIGKILL: no stop to wait for */
	bool held_by_script;      /* the script stopped it (SIGSTOP) and has not
				     continued it: as good as asleep, not granted */
	struct event bucket[MULTI_BUCKET_MAX];
	int nbucket;
	size_t have;              /* bytes of a report read so far */
	struct multi_report partial;
};

struct run_multi {
	struct run base;          /* first: a struct run * is a struct run_multi * */
	struct scenario sc;
	const struct scenario_multi *m;
	struct model model;
	struct trace_header header;
	struct trace_actor tactors[SCENARIO_MAX_ACTORS];
	struct multi_channels chans; /* the channels, made before any fork */
	struct multi_actor a[SCENARIO_MAX_ACTORS];
	int n;
	int64_t now;
	size_t next_action;
	struct event *evs;        /* the latest step's events */
	size_t nevs, evcap;
	bool finished;
	bool held;                /* the run waits for a process stopped from outside */
	bool stepping;            /* held in the middle of a step: it settles later */
	int granted;              /* the held step's process (its events first), or -1 */
	long goal_steps;          /* steps granted so far, for the [goal] */
	bool goal_done;           /* its goal event is given */
	int timer_fd;             /* ticks while the run waits for a stopped child */
	char end[1024];           /* why it ended, in words */
	struct timespec t0;
};

static struct run_multi *multi_of(const struct run *r)
{
	return (struct run_multi *)r;
}

static double multi_wall(const struct run_multi *r)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - r->t0.tv_sec) + (t.tv_nsec - r->t0.tv_nsec) / 1e9;
}

/* An event of actor a (or EVENT_ACTOR_IPCVIZ) at the current time, with its
 * channel's name. */
static struct event multi_event(const struct run_multi *r, enum event_type type, int a, int ch)
{
	struct event ev = event_make(type, a, r->now);

	ev.wall = multi_wall(r);
	if (ch >= 0)
		snprintf(ev.ch, sizeof ev.ch, "%s", r->m->channels[ch].name);
	return ev;
}

/* Into actor a's bucket, given out when the step has settled. */
static void multi_bucket(struct run_multi *r, int a, const struct event *ev)
{
	struct multi_actor *ma = &r->a[a];

	if (ma->nbucket < MULTI_BUCKET_MAX)
		ma->bucket[ma->nbucket++] = *ev;
}

/* Appends to the step's events, through the model (which stamps fill). */
static int multi_emit(struct run_multi *r, struct event *ev)
{
	if (r->nevs == r->evcap) {
		size_t cap = r->evcap ? r->evcap * 2 : 32;
		struct event *grown = realloc(r->evs, cap * sizeof *grown);

		if (!grown)
			return -1;
		r->evs = grown;
		r->evcap = cap;
	}
	model_apply(&r->model, ev);
	r->evs[r->nevs++] = *ev;
	return 0;
}

/* The op actor a is at, or NULL at the end of its program. */
static const struct scenario_op *multi_op(const struct multi_actor *ma)
{
	return multi_pos_op(&ma->pos, ma->pr);
}

/* The permit of actor a's next step. */
static struct multi_permit multi_permit_of(const struct multi_actor *ma)
{
	const struct scenario_op *op = multi_op(ma);
	struct multi_permit p = {.op = MP_QUIT};

	if (!op)
		return p;
	p.ch = (uint8_t)op->ch;
	switch (op->kind) {
	case SOP_PUT:
		p.op = MP_PUT;
		p.value = op->values[ma->pos.item];
		break;
	case SOP_GET:
		p.op = MP_GET;
		break;
	case SOP_ECHO:
		p.op = ma->pos.echo_put ? MP_PUT : MP_GET;
		p.ch = (uint8_t)(ma->pos.echo_put ? op->to : op->ch);
		p.value = ma->pos.carry;
		break;
	case SOP_CLOSE:
		p.op = MP_CLOSE;
		break;
	case SOP_LOCK:
		p.op = MP_LOCK;
		break;
	default:
		p.op = MP_UNLOCK;
		break;
	}
	return p;
}

/* One report of actor a, read whole: events into its bucket, its state. */
static void multi_on_report(struct run_multi *r, int a, const struct multi_report *rep)
{
	struct multi_actor *ma = &r->a[a];
	struct event ev;

	switch (rep->kind) {
	case MR_BLOCKED:
		ma->st = MA_BLOCKED;
		ma->blocked_ch = rep->ch;
		ma->blocked_op = rep->op;
		ma->kernel_shown = false;
		ev = multi_event(r, EV_BLOCKED, a, rep->ch);
		ev.op = rep->op == MP_PUT ? OP_PUT : rep->op == MP_LOCK ? OP_LOCK : OP_GET;
		ev.has_value = rep->op == MP_PUT;
		ev.value = rep->value;
		multi_bucket(r, a, &ev);
		return;
	case MR_UNBLOCKED:
		ma->st = MA_BUSY;
		ev = multi_event(r, EV_UNBLOCKED, a, rep->ch);
		ev.op = rep->op == MP_PUT ? OP_PUT : rep->op == MP_LOCK ? OP_LOCK : OP_GET;
		multi_bucket(r, a, &ev);
		return;
	case MR_PUT:
	case MR_GOT:
		ev = multi_event(r, rep->kind == MR_PUT ? EV_PUT : EV_GOT, a, rep->ch);
		ev.has_value = true;
		ev.value = rep->value;
		break;
	case MR_EOF:
		ev = multi_event(r, EV_EOF, a, rep->ch);
		break;
	case MR_ERROR:
		ev = multi_event(r, EV_ERROR, a, rep->ch);
		ev.op = rep->op == MP_PUT ? OP_PUT : OP_GET;
		ev.err = rep->err;
		break;
	case MR_CLOSED:
		ev = multi_event(r, EV_CLOSE, a, rep->ch);
		break;
	case MR_LOCKED:
		r->chans.ch[rep->ch].holder = a;
		ev = multi_event(r, EV_LOCK, a, rep->ch);
		break;
	case MR_UNLOCKED:
		r->chans.ch[rep->ch].holder = -1;
		ev = multi_event(r, EV_UNLOCK, a, rep->ch);
		break;
	case MR_DONE:
		ma->st = MA_IDLE;
		if (!multi_op(ma)) {
			struct multi_permit quit = {.op = MP_QUIT};

			/* The end of its program: it exits, the kernel closes its ends. */
			if (write(ma->ctl_fd, &quit, sizeof quit) != (ssize_t)sizeof quit)
				kill(ma->pid, SIGKILL);
			ma->st = MA_QUITTING;
		}
		return;
	default:
		return;
	}
	multi_bucket(r, a, &ev);
	multi_pos_after(&ma->pos, ma->pr, ev.type, rep->value, r->now);
}

/* Releases what the parent has of a gone child. */
static void multi_forget(struct multi_actor *ma)
{
	if (ma->ctl_fd >= 0)
		close(ma->ctl_fd);
	if (ma->ev_fd >= 0)
		close(ma->ev_fd);
	ma->ctl_fd = ma->ev_fd = -1;
	procinfo_close(&ma->pf);
	ma->st = MA_GONE;
}

/* Reads what actor a said; with wait_ms > 0 waits that long for a word.
 * How many reports came; on its end of file the child is reaped. */
static int multi_drain_actor(struct run_multi *r, int a)
{
	struct multi_actor *ma = &r->a[a];
	int got = 0;

	while (ma->ev_fd >= 0) {
		ssize_t n = recv(ma->ev_fd, (char *)&ma->partial + ma->have,
				 sizeof ma->partial - ma->have, MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (n == 0) {
			/* Gone: every report is read. Reap it (it exited, or was killed). */
			int status = 0;
			struct event ev = multi_event(r, EV_EXIT, a, -1);

			if (waitpid(ma->pid, &status, 0) == ma->pid) {
				if (WIFSIGNALED(status))
					ev.signal = WTERMSIG(status);
				else
					ev.status = WEXITSTATUS(status);
			}
			if (ev.signal)
				ev.status = -1;
			multi_bucket(r, a, &ev);
			for (int c = 0; c < r->m->nchannels; c++)
				if (r->chans.ch[c].holder == a)
					r->chans.ch[c].holder = -1; /* a robust lock: the next gets it */
			multi_forget(ma);
			got++;
			break;
		}
		ma->have += (size_t)n;
		if (ma->have == sizeof ma->partial) {
			ma->have = 0;
			multi_on_report(r, a, &ma->partial);
			got++;
		}
	}
	return got;
}

/* Every actor's word so far; waits up to timeout_ms for one if none came. */
static int multi_drain(struct run_multi *r, int timeout_ms)
{
	struct pollfd fds[SCENARIO_MAX_ACTORS];
	int who[SCENARIO_MAX_ACTORS], nfds = 0, got = 0;

	for (int a = 0; a < r->n; a++)
		got += multi_drain_actor(r, a);
	if (got || timeout_ms <= 0)
		return got;
	for (int a = 0; a < r->n; a++)
		if (r->a[a].ev_fd >= 0) {
			fds[nfds] = (struct pollfd){.fd = r->a[a].ev_fd, .events = POLLIN};
			who[nfds++] = a;
		}
	if (nfds == 0 || poll(fds, (nfds_t)nfds, timeout_ms) <= 0)
		return 0;
	for (int i = 0; i < nfds; i++)
		if (fds[i].revents)
			got += multi_drain_actor(r, who[i]);
	return got;
}

/* Is actor a, which reported BLOCKED, asleep in that very call now? */
static bool multi_asleep(const struct run_multi *r, int a)
{
	const struct multi_actor *ma = &r->a[a];
	const struct multi_channel *c = &r->chans.ch[ma->blocked_ch];
	struct procinfo pi;

	if (procinfo_read(&ma->pf, &pi, false) != 0)
		return true; /* gone: its end of file comes through the drain */
	if (pi.state != 'S' || !pi.in_syscall)
		return false;
	if (ma->blocked_op == MP_LOCK)
		return pi.nr == SYS_futex && pi.arg0 == (long)(uintptr_t)c->lock;
	if (c->ring) /* in futex(2) on the word of the semaphore it waits for */
		return channel_ring_sleeps_on(c->ring, ma->blocked_op == MP_PUT, pi.nr, pi.arg0);
	/* the call its channel's descriptor names (write, mq_timedsend…), on the
	 * very descriptor of that end */
	const struct channel_desc *d = channel_desc_of(r->m->channels[ma->blocked_ch].kind);
	bool put = ma->blocked_op == MP_PUT;
	char name[32];
	return strcmp(procinfo_syscall_name(pi.nr, name, sizeof name),
		      put ? d->put.sleeps : d->get.sleeps) == 0 &&
	       pi.arg0 == c->kfd[put ? 1 : 0];
}

static bool multi_stopped(char st)
{
	return st == 'T' || st == 't';
}

/* The line that says so when a process was stopped or continued by someone
 * else (kill -STOP from another terminal): a fault from "outside", as in a
 * run of one channel, so that the timeline and the trace say who the run
 * waits for and how to go on. Emitted at once: ipcviz's own word comes before
 * the step's events. */
static int multi_outside(struct run_multi *r, int a, bool stopped)
{
	struct event ev = multi_event(r, EV_FAULT, EVENT_ACTOR_OUTSIDE, -1);

	r->a[a].stopped = stopped;
	snprintf(ev.action, sizeof ev.action, "%s", stopped ? "stop" : "cont");
	ev.target = a;
	return multi_emit(r, &ev);
}

/* Is actor a stopped from outside now? Says so the first time it is seen. */
static bool multi_look_stopped(struct run_multi *r, int a)
{
	struct multi_actor *ma = &r->a[a];

	if (ma->st == MA_GONE || ma->killed || ma->held_by_script ||
	    !multi_stopped(procinfo_state(&ma->pf)))
		return false;
	if (!ma->stopped)
		multi_outside(r, a, true);
	return true;
}

/* Those said to be stopped that run again: said so too. */
static void multi_look_continued(struct run_multi *r)
{
	for (int a = 0; a < r->n; a++) {
		struct multi_actor *ma = &r->a[a];

		if (!ma->stopped)
			continue;
		if (ma->st == MA_GONE || ma->killed)
			ma->stopped = false; /* its exit says the rest */
		else if (!multi_stopped(procinfo_state(&ma->pf)))
			multi_outside(r, a, false);
	}
}

#define MULTI_SETTLE_HELD 1 /* multi_settle: a process stopped from outside holds the step */

/* Waits until the system has settled (the top of this file). A process the
 * step needs (it holds a permit, or reported that it blocked) that is stopped
 * from outside may have done its operation and not said so yet: the step is
 * not over until it is continued and speaks. Then MULTI_SETTLE_HELD, at once:
 * multi_service settles again when it speaks or the timer ticks. 0 when
 * settled, or -1 with a message when a child stopped answering. */
static int multi_settle(struct run_multi *r, char *err, size_t errlen)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		bool busy = false, unconfirmed = false, asleep = false, held = false;
		int late = -1;

		multi_look_continued(r);
		for (int a = 0; a < r->n; a++) {
			const struct multi_actor *ma = &r->a[a];

			if ((ma->st == MA_BUSY || ma->st == MA_QUITTING || ma->st == MA_BLOCKED) &&
			    multi_look_stopped(r, a)) {
				held = true;
			} else if (ma->st == MA_BUSY || ma->st == MA_QUITTING) {
				busy = true;
				late = a;
			} else if (ma->st == MA_BLOCKED && !ma->held_by_script) {
				asleep = true;
				if (!multi_asleep(r, a)) {
					unconfirmed = true;
					late = a;
				}
			}
		}
		if (held) {
			multi_drain(r, 0); /* the others' words wait in their buckets */
			return MULTI_SETTLE_HELD;
		}
		if (!busy && !unconfirmed) {
			/* One last look for a word that came in meanwhile. */
			if (asleep && multi_drain(r, 0) > 0)
				continue;
			return 0;
		}
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 >
		    MULTI_ANSWER_MS) {
			snprintf(err, errlen, _("%s did not answer within %d s"),
				 r->sc.actors[late].name, MULTI_ANSWER_MS / 1000);
			return -1;
		}
		if (multi_drain(r, unconfirmed ? 0 : 50) > 0)
			continue;
		if (unconfirmed)
			sched_yield(); /* reported blocked, not asleep yet: look again */
	}
}

/* After a settled step: the buckets in order (the granted actor's first, then
 * the others in file order), and the kernel's word on each new sleeper. */
static int multi_give_out(struct run_multi *r, int first)
{
	for (int k = -1; k < r->n; k++) {
		int a = k < 0 ? first : k;

		if (a < 0 || (k >= 0 && a == first))
			continue;
		for (int i = 0; i < r->a[a].nbucket; i++)
			if (multi_emit(r, &r->a[a].bucket[i]) != 0)
				return -1;
		r->a[a].nbucket = 0;
	}
	for (int a = 0; a < r->n; a++) {
		struct multi_actor *ma = &r->a[a];
		struct procinfo pi;
		char nbuf[32];

		if (ma->st != MA_BLOCKED || ma->kernel_shown || procinfo_read(&ma->pf, &pi, true) != 0)
			continue;
		struct event ev = multi_event(r, EV_KERNEL, a, ma->blocked_ch);
		ev.state = pi.state;
		snprintf(ev.wchan, sizeof ev.wchan, "%s", pi.wchan);
		snprintf(ev.syscall, sizeof ev.syscall, "%s",
			 pi.in_syscall ? procinfo_syscall_name(pi.nr, nbuf, sizeof nbuf) : "");
		ma->kernel_shown = true;
		if (multi_emit(r, &ev) != 0)
			return -1;
	}
	return 0;
}

/* The run as run_multi_ends.c sees it: the pipes' inodes, the locks'
 * holders, who sleeps on what. Made anew for each question, as cheap as the
 * scan it goes with. */
static void multi_ends_view(const struct run_multi *r, struct run_multi_ends *e)
{
	e->nchannels = r->m->nchannels;
	for (int c = 0; c < r->m->nchannels; c++) {
		e->dev[c] = r->chans.ch[c].dev;
		for (int k = 0; k < 2; k++)
			e->ino[c][k] = r->m->channels[c].lock ? 0 : r->chans.ch[c].ino_end[k];
		e->holder[c] = r->chans.ch[c].holder;
		e->ring[c] = r->chans.ch[c].ring != NULL;
	}
	e->n = r->n;
	for (int a = 0; a < r->n; a++) {
		const struct multi_actor *ma = &r->a[a];

		e->a[a] = (struct run_multi_ends_actor){
			.pid = ma->pid,
			.gone = ma->st == MA_GONE,
			.asleep = ma->st == MA_BLOCKED,
			.ch = ma->blocked_ch,
			.wait = ma->blocked_op == MP_LOCK  ? RUN_MULTI_ENDS_LOCK
				: ma->blocked_op == MP_GET ? RUN_MULTI_ENDS_READ
							   : RUN_MULTI_ENDS_WRITE,
		};
		for (int c = 0; c < r->m->nchannels; c++) {
			bool reads, writes;

			if (!r->chans.ch[c].ring)
				continue;
			/* from the op it is at: what it did before wakes nobody now */
			scenario_multi_uses_from(ma->pr, (size_t)ma->pos.pc, c, &reads, &writes);
			e->a[a].ring_reads |= (uint32_t)reads << c;
			e->a[a].ring_writes |= (uint32_t)writes << c;
		}
	}
}

/* The step that can be taken next: an idle process with ops left, the
 * earliest due (file order at a tie); -1 if none. */
static int multi_next_actor(const struct run_multi *r)
{
	int best = -1;

	for (int a = 0; a < r->n; a++) {
		const struct multi_actor *ma = &r->a[a];

		if (ma->st == MA_IDLE && multi_op(ma) && !ma->held_by_script &&
		    (best < 0 || ma->pos.due < r->a[best].pos.due))
			best = a;
	}
	return best;
}

/* Why nothing can move when the script stopped a process and did not
 * continue it: in the words of a run of one channel. */
static void multi_end_words(struct run_multi *r)
{
	char list[sizeof r->end] = "";
	size_t len = 0;

	for (int a = 0; a < r->n; a++) {
		const struct multi_actor *ma = &r->a[a];
		const char *what;
		char one[160];

		if (ma->st == MA_GONE)
			continue;
		if (ma->held_by_script)
			what = _("is stopped (SIGSTOP)");
		else if (ma->st == MA_BLOCKED)
			what = _("is asleep in the kernel and nothing is left that could wake it");
		else
			continue;
		/* TRANSLATORS: between two actors in "No process can proceed any more: …" */
		snprintf(one, sizeof one, "%s%s %s", len ? _("; ") : "", r->sc.actors[a].name, what);
		if (len + strlen(one) + 1 < sizeof list) {
			memcpy(list + len, one, strlen(one) + 1);
			len += strlen(one);
		}
	}
	snprintf(r->end, sizeof r->end, _("No process can proceed any more: %s."), list);
}

/* After a step: is the run over, and how? All done; or deadlocked; or waiting
 * for a process stopped from outside, which is no deadlock (the run is held
 * until it is continued, and says who it waits for). */
static int multi_check_end(struct run_multi *r)
{
	bool asleep = false, stopped = false, alive = false, scripted = false;

	multi_look_continued(r);
	r->held = false;
	if (multi_next_actor(r) >= 0 || r->next_action < r->sc.nactions)
		return 0;
	for (int a = 0; a < r->n; a++) {
		const struct multi_actor *ma = &r->a[a];

		if (ma->st == MA_GONE)
			continue;
		alive = true;
		asleep |= ma->st == MA_BLOCKED;
		stopped |= multi_look_stopped(r, a);
		scripted |= ma->held_by_script;
	}
	r->held = stopped;
	if (stopped)
		return 0;
	if (!alive) {
		r->finished = true;
		return 0;
	}
	if (scripted) {
		/* Stopped by the script, never continued: nothing can move, but
		 * this is no deadlock (a SIGCONT would go on). */
		multi_end_words(r);
		r->finished = true;
		return 0;
	}
	if (!asleep)
		return 0;
	struct event ev = multi_event(r, EV_DEADLOCK, EVENT_ACTOR_IPCVIZ, -1);
	struct run_multi_ends ends;
	multi_ends_view(r, &ends);
	ev.open = !run_multi_ends_cycle(&ends, &ev.cycle, &ev.others);
	if (multi_emit(r, &ev) != 0)
		return -1;
	describe_multi_deadlock(&r->model, &ev, r->end, sizeof r->end);
	r->finished = true;
	return 0;
}

/* After a step's events: the goal event, once a run, as a run of one channel
 * gives it: reached in so many steps, or not within them, or the run ended
 * without it. 0, or -1 when memory runs out. */
static int multi_goal_check(struct run_multi *r)
{
	const struct scenario_goal *g = &r->sc.goal;
	struct event ev;
	bool met = false;

	if (g->reach == GOAL_NONE || r->goal_done)
		return 0;
	for (size_t i = 0; i < r->nevs && !met; i++)
		met = goal_met(&r->sc, &r->evs[i]);
	ev = multi_event(r, EV_GOAL, EVENT_ACTOR_IPCVIZ, -1);
	ev.reached = met;
	ev.steps = (int)r->goal_steps;
	if (!met && g->within > 0 && r->goal_steps >= g->within)
		ev.steps = g->within;
	else if (!met && !r->finished)
		return 0;
	r->goal_done = true;
	return multi_emit(r, &ev);
}

/* The end of a step whose permit (or kill) is out: settled, its events given
 * out (first's first), and the end and the goal looked for; or held while a
 * process stopped from outside has it, to go on in multi_service. 0, or -1. */
static int multi_end_step(struct run_multi *r, int first, char *err, size_t errlen)
{
	int rc = multi_settle(r, err, errlen);

	if (rc < 0)
		return -1;
	r->granted = first;
	r->stepping = r->held = rc == MULTI_SETTLE_HELD;
	if (r->held)
		return 0;
	if (multi_give_out(r, first) != 0 || multi_check_end(r) != 0 || multi_goal_check(r) != 0) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	return 0;
}

/* A kill of actor a, from the script or the k key: the fault event, SIGKILL,
 * and what it causes (its end of file, a reader's EOF, a writer's EPIPE, a
 * lock's next holder), settled. */
static int multi_kill(struct run_multi *r, int a, char *err, size_t errlen)
{
	struct event ev = multi_event(r, EV_FAULT, EVENT_ACTOR_IPCVIZ, -1);

	snprintf(ev.action, sizeof ev.action, "kill");
	ev.target = a;
	if (multi_emit(r, &ev) != 0)
		return -1;
	if (r->a[a].st != MA_GONE) {
		kill(r->a[a].pid, SIGKILL);
		r->a[a].st = MA_QUITTING;
		r->a[a].killed = true;
	}
	return multi_end_step(r, a, err, errlen);
}

/* The script's stop or cont of actor a: the fault event, the signal, and
 * /proc seen to agree before the run goes on. A process the script stopped is
 * as good as asleep (it was settled when it stopped) and is not granted; when
 * continued, what it was woken for meanwhile comes in this step. */
static int multi_script_signal(struct run_multi *r, int a, bool stop, char *err, size_t errlen)
{
	struct multi_actor *ma = &r->a[a];
	struct event ev = multi_event(r, EV_FAULT, EVENT_ACTOR_IPCVIZ, -1);
	struct timespec t0, t;

	snprintf(ev.action, sizeof ev.action, "%s", stop ? "stop" : "cont");
	ev.target = a;
	if (multi_emit(r, &ev) != 0)
		return -1;
	if (ma->st == MA_GONE || ma->killed || ma->held_by_script == stop)
		return multi_end_step(r, a, err, errlen);
	if (stop)
		ma->stopped = false; /* ipcviz's own stop from now on, not one from outside */
	ma->held_by_script = stop;
	kill(ma->pid, stop ? SIGSTOP : SIGCONT);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (multi_stopped(procinfo_state(&ma->pf)) != stop && ma->st != MA_GONE) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000 >
		    MULTI_ANSWER_MS) {
			if (stop)
				snprintf(err, errlen, _("%s did not stop"), r->sc.actors[a].name);
			else
				snprintf(err, errlen, _("%s did not answer within %d s"),
					 r->sc.actors[a].name, MULTI_ANSWER_MS / 1000);
			return -1;
		}
		if (procinfo_state(&ma->pf) == '?' || procinfo_state(&ma->pf) == 'Z')
			break; /* died meanwhile: its end of file says so */
		sched_yield();
	}
	return multi_end_step(r, a, err, errlen);
}

/* One script action due now: a kill (whose effects settle) or a note. */
static int multi_action(struct run_multi *r, char *err, size_t errlen)
{
	const struct scenario_action *act = &r->sc.actions[r->next_action++];
	struct event ev;

	if (act->at_ms > r->now)
		r->now = act->at_ms;
	if (act->kind == ACTION_NOTE) {
		ev = multi_event(r, EV_NOTE, EVENT_ACTOR_IPCVIZ, -1);
		snprintf(ev.text, sizeof ev.text, "%s", act->text);
		if (multi_emit(r, &ev) != 0) {
			snprintf(err, errlen, "%s", strerror(ENOMEM));
			return -1;
		}
		/* a step like any other: the last action gone, nothing may be left
		 * to wake a sleeper (a deadlock), or no process left at all */
		return multi_end_step(r, -1, err, errlen);
	}
	if (act->kind == ACTION_KILL)
		return multi_kill(r, act->target, err, errlen);
	return multi_script_signal(r, act->target, act->kind == ACTION_STOP, err, errlen);
}

/* Who can take a step now (run.h): a process waiting for its permit with
 * operations left, while no step is held. */
static enum run_can multi_can_step(const struct run *base, int a)
{
	const struct run_multi *r = multi_of(base);
	const struct multi_actor *ma;

	if (a < 0 || a >= r->n)
		return RUN_CANNOT_FINISHED;
	ma = &r->a[a];
	if (ma->st == MA_GONE || ma->st == MA_QUITTING || ma->killed || !multi_op(ma) ||
	    r->finished)
		return RUN_CANNOT_FINISHED;
	if (r->held || ma->st != MA_IDLE || ma->stopped || ma->held_by_script)
		return RUN_CANNOT_ASLEEP; /* asleep in a channel's call, stopped, or held */
	return RUN_CAN;
}

/* Hands actor a (which can step) its next operation, and ends the step. */
static int multi_grant(struct run_multi *r, int a, char *err, size_t errlen)
{
	struct multi_actor *ma = &r->a[a];
	struct multi_permit p = multi_permit_of(ma);

	if (ma->pos.due > r->now)
		r->now = ma->pos.due;
	ma->st = MA_BUSY;
	r->goal_steps++;
	if (write(ma->ctl_fd, &p, sizeof p) != (ssize_t)sizeof p) {
		snprintf(err, errlen, _("cannot give %s its step: %s"), r->sc.actors[a].name,
			 strerror(errno));
		return -1;
	}
	return multi_end_step(r, a, err, errlen);
}

/* Choosing mode and --schedule (DESIGN 12): actor a, chosen, takes its next
 * step. The choice is a `choose` event before what it causes; the clock goes
 * to a's own time, and script actions due by then go first (and settle), as
 * in a run of one channel, so that the grant meets what they did. */
static int multi_step_chosen(struct run_multi *r, int a, char *err, size_t errlen)
{
	struct event ev;

	switch (multi_can_step(&r->base, a)) {
	case RUN_CAN:
		break;
	case RUN_CANNOT_ASLEEP:
		snprintf(err, errlen, _("%s cannot take a step now: it is asleep in the kernel"),
			 r->sc.actors[a].name);
		return -1;
	default:
		if (a < 0 || a >= r->n)
			snprintf(err, errlen, "%s", _("no such actor"));
		else
			snprintf(err, errlen, _("%s cannot take a step: it has finished"),
				 r->sc.actors[a].name);
		return -1;
	}
	if (r->a[a].pos.due > r->now)
		r->now = r->a[a].pos.due;
	ev = multi_event(r, EV_CHOOSE, a, -1);
	if (multi_emit(r, &ev) != 0) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	while (r->next_action < r->sc.nactions && r->sc.actions[r->next_action].at_ms <= r->now &&
	       !r->finished && !r->held)
		if (multi_action(r, err, errlen) != 0)
			return -1;
	if (multi_can_step(&r->base, a) != RUN_CAN)
		return 0; /* the script's kill took it, or a stopped process holds the run */
	return multi_grant(r, a, err, errlen);
}

static int multi_step(struct run *base, int actor, char *err, size_t errlen)
{
	struct run_multi *r = multi_of(base);
	int a = actor == RUN_ANY ? multi_next_actor(r) : actor;

	r->nevs = 0;
	if (r->finished || r->held) {
		snprintf(err, errlen, "%s", _("no process can take a step now"));
		return -1;
	}
	if (actor != RUN_ANY)
		return multi_step_chosen(r, actor, err, errlen);
	if (r->next_action < r->sc.nactions &&
	    (a < 0 || r->sc.actions[r->next_action].at_ms <= r->a[a].pos.due))
		return multi_action(r, err, errlen);
	if (a < 0) {
		snprintf(err, errlen, "%s", _("no process can take a step now"));
		return -1;
	}
	return multi_grant(r, a, err, errlen);
}

/* The event actor a's next operation makes when it goes through. */
static enum event_type multi_next_event(const struct multi_actor *ma)
{
	switch (multi_permit_of(ma).op) {
	case MP_PUT:
		return EV_PUT;
	case MP_GET:
		return EV_GOT;
	case MP_CLOSE:
		return EV_CLOSE;
	case MP_LOCK:
		return EV_LOCK;
	case MP_UNLOCK:
		return EV_UNLOCK;
	default:
		return EV_EXIT;
	}
}

/* Actor a's next operation, as a chosen step would take it (run.h). */
static int multi_peek_actor(const struct run *base, int a, struct run_next *next)
{
	const struct run_multi *r = multi_of(base);

	if (multi_can_step(base, a) != RUN_CAN)
		return -1;
	next->actor = a;
	next->op = multi_next_event(&r->a[a]);
	next->t_ms = r->a[a].pos.due > r->now ? r->a[a].pos.due : r->now;
	next->ch = multi_permit_of(&r->a[a]).ch; /* the model's channels are the scenario's */
	return 0;
}

/* What the scheduler's own next step is (run.h): the script's action when it
 * comes first, as multi_step takes it, else the due process's operation. */
static int multi_peek(const struct run *base, struct run_next *next)
{
	const struct run_multi *r = multi_of(base);
	int a = multi_next_actor(r);

	if (r->finished || r->held)
		return -1;
	if (r->next_action < r->sc.nactions &&
	    (a < 0 || r->sc.actions[r->next_action].at_ms <= r->a[a].pos.due)) {
		const struct scenario_action *act = &r->sc.actions[r->next_action];

		next->actor = EVENT_ACTOR_IPCVIZ;
		next->op = act->kind == ACTION_NOTE ? EV_NOTE : EV_FAULT;
		next->ch = -1;
		next->t_ms = act->at_ms > r->now ? act->at_ms : r->now;
		return 0;
	}
	if (a < 0)
		return -1;
	return multi_peek_actor(base, a, next);
}

/* ---- start and end ---- */

/* Closes every descriptor from 3 up but those in keep (sorted, -1s allowed). */
static void multi_close_others(const int *keep, int n)
{
	int from = 3;

	for (int i = 0; i <= n; i++) {
		int to = i < n ? keep[i] - 1 : -1;

		if (i < n && keep[i] < from)
			continue;
		if (i == n || to >= from)
			close_range((unsigned)from, i == n ? ~0U : (unsigned)to, 0);
		if (i < n)
			from = keep[i] + 1;
	}
}

static int multi_int_cmp(const void *x, const void *y)
{
	return (*(const int *)x > *(const int *)y) - (*(const int *)x < *(const int *)y);
}

/* In the child: its own process group, dying with the parent, named, default
 * signals (SIGPIPE ignored: EPIPE is shown), only its own descriptors: those
 * its program uses and those it `holds`. Then its life. */
_Noreturn static void multi_child(struct run_multi *r, int a, pid_t parent, int ctl, int ev)
{
	const struct scenario_process *pr = r->a[a].pr;
	struct multi_child c = {.ctl_fd = ctl, .ev_fd = ev, .nchannels = r->m->nchannels};
	int keep[2 + 2 * SCENARIO_MULTI_MAX_CHANNELS], nkeep = 0;
	sigset_t none;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	prctl(PR_SET_NAME, r->sc.actors[a].comm);
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	keep[nkeep++] = ctl;
	keep[nkeep++] = ev;
	for (int ch = 0; ch < r->m->nchannels; ch++) {
		bool reads, writes, held = pr->holds & (1u << ch);

		c.rfd[ch] = c.wfd[ch] = -1;
		c.lock[ch] = r->chans.ch[ch].lock;
		c.kind[ch] = r->m->channels[ch].kind;
		c.ring[ch] = r->chans.ch[ch].ring;
		if (r->m->channels[ch].lock || c.ring[ch])
			continue;
		scenario_multi_uses(pr, ch, &reads, &writes);
		if (reads || held)
			keep[nkeep++] = c.rfd[ch] = r->chans.ch[ch].kfd[0];
		if (writes || held)
			keep[nkeep++] = c.wfd[ch] = r->chans.ch[ch].kfd[1];
	}
	qsort(keep, (size_t)nkeep, sizeof keep[0], multi_int_cmp);
	multi_close_others(keep, nkeep);
	run_multi_child_main(&c);
}

static int multi_spawn(struct run_multi *r, int a, char *err, size_t errlen)
{
	struct multi_actor *ma = &r->a[a];
	int ctl[2], ev[2];
	sigset_t all, old;
	pid_t parent = getpid();

	if (pipe2(ctl, O_CLOEXEC) != 0)
		goto fail;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ev) != 0) {
		close(ctl[0]);
		close(ctl[1]);
		goto fail;
	}
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	ma->pid = fork();
	if (ma->pid == 0)
		multi_child(r, a, parent, ctl[0], ev[1]);
	int fork_errno = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(ctl[0]);
	close(ev[1]);
	if (ma->pid < 0) {
		close(ctl[1]);
		close(ev[0]);
		errno = fork_errno;
		goto fail;
	}
	ma->ctl_fd = ctl[1];
	ma->ev_fd = ev[0];
	r->tactors[a].pid = ma->pid;
	procinfo_open(&ma->pf, ma->pid);
	ma->st = MA_BUSY; /* until READY */
	struct event sp = multi_event(r, EV_SPAWN, a, -1);
	sp.pid = ma->pid;
	multi_bucket(r, a, &sp);
	return 0;
fail:
	snprintf(err, errlen, _("cannot start %s: %s"), r->sc.actors[a].name, strerror(errno));
	return -1;
}

static void multi_destroy(struct run *base)
{
	struct run_multi *r = multi_of(base);

	for (int a = 0; a < r->n; a++)
		if (r->a[a].st != MA_GONE && r->a[a].pid > 0)
			kill(r->a[a].pid, SIGKILL);
	for (int a = 0; a < r->n; a++)
		if (r->a[a].st != MA_GONE) {
			if (r->a[a].pid > 0)
				waitpid(r->a[a].pid, NULL, 0);
			multi_forget(&r->a[a]);
		}
	multi_channels_free(&r->chans, r->m->nchannels);
	if (r->timer_fd >= 0)
		close(r->timer_fd);
	free(r->evs);
	scenario_free(&r->sc);
	free(r);
}

/* ---- the rest of the run interface ---- */

static bool multi_finished(const struct run *base)
{
	return multi_of(base)->finished;
}

static const char *multi_end_reason(const struct run *base)
{
	return multi_of(base)->end;
}

static int64_t multi_next_due(const struct run *base)
{
	const struct run_multi *r = multi_of(base);
	int a = multi_next_actor(r);
	int64_t due = a >= 0 ? r->a[a].pos.due : INT64_MAX;

	if (r->finished || r->held)
		return INT64_MAX;
	if (r->next_action < r->sc.nactions && r->sc.actions[r->next_action].at_ms < due)
		due = r->sc.actions[r->next_action].at_ms;
	return due < r->now ? r->now : due;
}

static int64_t multi_now(const struct run *base)
{
	return multi_of(base)->now;
}

static const struct event *multi_events(const struct run *base, size_t *count)
{
	*count = multi_of(base)->nevs;
	return multi_of(base)->evs;
}

static const struct model *multi_model(const struct run *base)
{
	return &multi_of(base)->model;
}

static const struct scenario *multi_scenario(const struct run *base)
{
	return &multi_of(base)->sc;
}

static const struct trace_header *multi_header(const struct run *base)
{
	return &multi_of(base)->header;
}

static void multi_info(const struct run *base, struct run_info *info)
{
	const struct run_multi *r = multi_of(base);

	memset(info, 0, sizeof *info);
	info->live = true;
	info->kernel_name = "";
	info->path = "";
	for (int c = 0; c < r->m->nchannels && c < MODEL_MAX_CHANNELS; c++)
		info->chan_ino[c] = r->chans.ch[c].ino;
}

/* While the run waits for a stopped process: a timer, so that the caller's
 * poll wakes and multi_service looks again. */
static int multi_fds(const struct run *base, struct pollfd *fds, int max)
{
	const struct run_multi *r = multi_of(base);
	int n = 0;

	for (int a = 0; a < r->n && n < max; a++)
		if (r->a[a].ev_fd >= 0)
			fds[n++] = (struct pollfd){.fd = r->a[a].ev_fd, .events = POLLIN};
	if (r->held && r->timer_fd >= 0 && n < max)
		fds[n++] = (struct pollfd){.fd = r->timer_fd, .events = POLLIN};
	return n;
}

/* What happened outside the schedule (a kill -9 from another terminal), and
 * a stopped process continued: a held step settles now, or the run looks
 * again whether it is over. */
static int multi_service(struct run *base, char *err, size_t errlen)
{
	struct run_multi *r = multi_of(base);
	uint64_t ticks;
	int got;

	r->nevs = 0;
	if (r->timer_fd >= 0)
		while (read(r->timer_fd, &ticks, sizeof ticks) > 0)
			;
	got = multi_drain(r, 0);
	if (r->finished)
		return multi_give_out(r, -1);
	if (r->stepping || got > 0)
		return multi_end_step(r, r->stepping ? r->granted : -1, err, errlen);
	if (multi_give_out(r, -1) != 0 || multi_check_end(r) != 0 || multi_goal_check(r) != 0)
		return -1;
	return 0;
}

static int multi_target(const struct run *base)
{
	const struct run_multi *r = multi_of(base);

	for (int a = 0; a < r->n; a++)
		if (r->a[a].st != MA_GONE)
			return a;
	return -1;
}

/* The k key: a kill as the script's. It breaks a deadlock as in a real
 * system (the run ended with it goes on: the killed process's ends close,
 * its peers wake with end of file or EPIPE). stop and cont are not run yet. */
static int multi_fault(struct run *base, const char *action, int a, char *err, size_t errlen)
{
	struct run_multi *r = multi_of(base);

	r->nevs = 0;
	if (strcmp(action, "kill") != 0) {
		snprintf(err, errlen, "%s",
			 _("Only kill is run among several channels yet: stop and cont are not."));
		return -1;
	}
	if (a < 0 || a >= r->n || r->a[a].st == MA_GONE) {
		snprintf(err, errlen, "%s", _("no process can take a step now"));
		return -1;
	}
	if (r->finished) { /* a deadlock: what the kill wakes goes on */
		r->finished = false;
		r->end[0] = '\0';
	}
	return multi_kill(r, a, err, errlen);
}

/* The items in channel c, asked through the read end (`rd`) or the write end
 * that process pid holds: a queue's messages (mq_curmsgs), the others' bytes
 * in pages (FIONREAD); -1 if the kernel cannot be asked. */
static int multi_count_through(const struct run_multi *r, int c, pid_t pid, bool rd)
{
	int fd = r->chans.ch[c].kfd[rd ? 0 : 1];

	if (r->m->channels[c].kind == CHANNEL_QUEUE)
		return channel_queue_count_through(pid, fd);
	int bytes = channel_count_through(pid, fd);
	return bytes < 0 ? -1 : bytes / MULTI_ITEM_BYTES;
}

/* The kernel's evidence now: /proc of each live process, and for each channel
 * with ends who holds them (run_multi_ends_scan) and its count, asked through
 * a holder's descriptor (the parent keeps none); a ring's count from its
 * semaphore. */
static int multi_evidence(const struct run *base, struct run_evidence *k)
{
	const struct run_multi *r = multi_of(base);
	uint32_t reads[SCENARIO_MAX_ACTORS], writes[SCENARIO_MAX_ACTORS];
	struct run_multi_ends ends;

	multi_ends_view(r, &ends);
	memset(k, 0, sizeof *k);
	k->kfill = k->model_kfill = -1;
	k->kfill_why = RUN_KFILL_NONE;
	k->nchannels = r->m->nchannels;
	for (int a = 0; a < r->n; a++) {
		const struct multi_actor *ma = &r->a[a];

		reads[a] = writes[a] = 0;
		if (ma->st == MA_GONE || procinfo_read(&ma->pf, &k->proc[a], true) != 0)
			continue;
		k->valid[a] = true;
		run_multi_ends_scan(&ends, ma->pid, &reads[a], &writes[a]);
	}
	for (int c = 0; c < r->m->nchannels; c++) {
		/* a socket pair's count is its reader's end's (FIONREAD): the
		 * writer's end holds what comes the other way */
		bool sock = !r->m->channels[c].lock &&
			    r->m->channels[c].kind == CHANNEL_SOCKETPAIR;

		if (r->chans.ch[c].ring) { /* no ends: its `items` semaphore, in the mapping */
			k->chan_kfill[c] = channel_ring_count(r->chans.ch[c].ring);
			continue;
		}
		k->chan_kfill[c] = -1;
		for (int a = 0; a < r->n; a++) {
			bool rd = (reads[a] >> c) & 1u, wr = (writes[a] >> c) & 1u;

			k->chan_readers[c] |= (uint32_t)rd << a;
			k->chan_writers[c] |= (uint32_t)wr << a;
			if (k->chan_kfill[c] < 0 && (rd || (wr && !sock)))
				k->chan_kfill[c] = multi_count_through(r, c, r->a[a].pid, rd);
		}
	}
	return 0;
}

static const struct run_ops run_multi_ops = {
	.destroy = multi_destroy,
	.finished = multi_finished,
	.end_reason = multi_end_reason,
	.next_due = multi_next_due,
	.now = multi_now,
	.step = multi_step,
	.events = multi_events,
	.model = multi_model,
	.scenario = multi_scenario,
	.header = multi_header,
	.info = multi_info,
	.evidence = multi_evidence,
	.fds = multi_fds,
	.fault = multi_fault,
	.service = multi_service,
	.target = multi_target,
	.peek = multi_peek,
	.can_step = multi_can_step,
	.peek_actor = multi_peek_actor,
};

/* The model and the trace header: the actors, and the channels by name. */
static void multi_describe_run(struct run_multi *r)
{
	char names[SCENARIO_MAX_ACTORS][SCENARIO_NAME_MAX];
	enum role roles[SCENARIO_MAX_ACTORS];

	for (int a = 0; a < r->n; a++) {
		memcpy(names[a], r->sc.actors[a].name, sizeof names[a]);
		roles[a] = ROLE_PRODUCER;
		snprintf(r->tactors[a].name, sizeof r->tactors[a].name, "%s", r->sc.actors[a].name);
		r->tactors[a].role = ROLE_PRODUCER;
	}
	model_init(&r->model, CHANNEL_PIPE, 0, r->n, names, roles);
	model_init_multi(&r->model, r->m);
	int proc[SCENARIO_MAX_ACTORS];
	for (int a = 0; a < r->n; a++)
		proc[a] = r->sc.actors[a].group;
	model_init_programs(&r->model, r->m, proc);
	snprintf(r->header.scenario, sizeof r->header.scenario, "%s", r->sc.name);
	snprintf(r->header.channel, sizeof r->header.channel, "several");
	/* a file's title, which its replay cannot find as a built-in's */
	snprintf(r->header.title, sizeof r->header.title, "%s", r->sc.title ? r->sc.title : "");
	r->header.multi = r->m; /* its channels and programs, for a replay */
	r->header.script = r->sc.actions; /* and its script's, for the code pane */
	r->header.nscript = r->sc.nactions;
	r->header.nactors = r->n;
	r->header.actors = r->tactors;
}

/* Contract in run_multi.h. */
struct run *run_multi_create(const struct scenario *sc, char *err, size_t errlen)
{
	struct run_multi *r = calloc(1, sizeof *r);

	if (!r || scenario_copy(&r->sc, sc) != 0 || !r->sc.multi) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		if (r)
			scenario_free(&r->sc);
		free(r);
		return NULL;
	}
	r->base.ops = &run_multi_ops;
	r->m = r->sc.multi;
	r->n = r->sc.nactors;
	r->timer_fd = -1;
	r->granted = -1;
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	for (int a = 0; a < r->n; a++) {
		struct multi_actor *ma = &r->a[a];

		ma->ctl_fd = ma->ev_fd = -1;
		ma->pf.stat_fd = ma->pf.syscall_fd = ma->pf.wchan_fd = -1;
		ma->st = MA_GONE;
		ma->pr = &r->m->procs[r->sc.actors[a].group];
		multi_pos_start(&ma->pos, ma->pr); /* at the first op that is not a sleep */
	}
	multi_describe_run(r);
	signal(SIGPIPE, SIG_IGN);
	if (multi_channels_open(&r->chans, r->m, err, errlen) != 0)
		goto fail;
	for (int a = 0; a < r->n; a++)
		if (multi_spawn(r, a, err, errlen) != 0)
			goto fail;
	multi_channels_release(&r->chans, r->m->nchannels);
	/* Every child's READY, then the spawn events in file order. */
	for (int a = 0; a < r->n; a++) {
		struct multi_actor *ma = &r->a[a];
		struct pollfd p = {.fd = ma->ev_fd, .events = POLLIN};
		struct multi_report rep;

		if (poll(&p, 1, MULTI_ANSWER_MS) <= 0 ||
		    recv(ma->ev_fd, &rep, sizeof rep, MSG_WAITALL) != (ssize_t)sizeof rep ||
		    rep.kind != MR_READY) {
			snprintf(err, errlen, _("%s did not start"), r->sc.actors[a].name);
			goto fail;
		}
		ma->st = MA_IDLE;
	}
	r->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (r->timer_fd >= 0) {
		struct itimerspec every = {.it_interval = {0, 100000000}, .it_value = {0, 100000000}};
		timerfd_settime(r->timer_fd, 0, &every, NULL);
	}
	if (multi_give_out(r, -1) != 0) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		goto fail;
	}
	return &r->base;
fail:
	multi_destroy(&r->base);
	return NULL;
}
