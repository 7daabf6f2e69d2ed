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
 *
 * Run-ahead chains live in sched_chain.c, the forking of the children in
 * sched_spawn.c; the state they share is in sched_int.h.
 */
#include "sched_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "goal_met.h"
#include "i18n.h"

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

static bool is_cell(const struct sched *s)
{
	return s->ch.desc->cell;
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

/* Who kernel_fill asks through: a live child of each role, or -1. */
static void sched_holders(struct sched *s)
{
	s->ch.holder[ROLE_PRODUCER] = s->ch.holder[ROLE_CONSUMER] = -1;
	for (int a = s->n - 1; a >= 0; a--)
		if (s->actors[a].st != SA_GONE)
			s->ch.holder[s->sc.actors[a].role] = s->actors[a].pid;
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
	sched_holders(s);
	sa->finished = true;
	sa->stopped = sa->stopped_outside = false;
}

/* Turns one report of actor a into events and state. */
static void actor_handle(struct sched *s, int a, const struct report *r)
{
	struct sched_actor *sa = &s->actors[a];
	const struct scenario_group *g = sched_group_of(s, a);
	enum event_op op = r->op == PERMIT_PUT ? OP_PUT : OP_GET;
	struct event ev;

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
		sa->second = s->ch.desc->duplex; /* now wait for the answer */
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
		if (s->ch.desc->named && r->from < 0) {
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
			sa->second = s->ch.desc->counter;
			if (!sa->second && sa->next_value >= g->nvalues)
				sa->finished = true;
			break;
		}
		sa->items++;
		bool last = (g->has_stop && r->value == g->stop_value) ||
			    (g->items > 0 && sa->items >= g->items);
		if (s->ch.desc->duplex) {
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
		sa->next_due = s->now + (sa->second && s->ch.desc->duplex ? 0 : g->interval_ms);
		if (sa->finished)
			actor_finish(s, a);
		break;
	default:
		break;
	}
}

/* A child stopped or continued by someone else (kill -STOP from another
 * terminal) is shown as a fault from "outside", so the screen and the trace
 * tell the truth: who the run waits for, and how to go on. */
static void outside_stop(struct sched *s, int a, bool stopped)
{
	struct event ev = event_make(EV_FAULT, EVENT_ACTOR_OUTSIDE, s->now);

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

/* Is what actor a says now for the step under way? In a chain the others'
 * reports are of later steps, taken when their turn comes. */
static bool speaks_now(const struct sched *s, int a)
{
	return s->actors[a].ev_fd >= 0 && (s->chain_left == 0 || a == s->granted);
}

/* Waits up to timeout_ms for reports from any child and handles every one that
 * is there. Returns how many. */
static int drain(struct sched *s, int timeout_ms)
{
	struct pollfd fds[SCENARIO_MAX_ACTORS];
	int who[SCENARIO_MAX_ACTORS], nfds = 0, got = 0;

	for (int a = 0; a < s->n; a++) {
		if (!speaks_now(s, a))
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

enum blocked_look { BLOCKED_ASLEEP, BLOCKED_NOT_YET, BLOCKED_STOPPED };

/* Is a child that reported BLOCKED asleep in the channel's call right now? A
 * child ipcviz stopped is as good as asleep (ipcviz stopped it at a settled
 * moment); one stopped by someone else may have been woken and done its
 * operation before it stopped, without a word yet: BLOCKED_STOPPED. */
static enum blocked_look blocked_look(const struct sched *s, int a)
{
	const struct sched_actor *sa = &s->actors[a];
	struct procinfo pi;

	if (procinfo_read(&sa->pf, &pi, false) != 0)
		return BLOCKED_ASLEEP; /* gone: its EOF will come through drain() */
	if (sched_stopped_state(pi.state))
		return sa->stopped ? BLOCKED_ASLEEP : BLOCKED_STOPPED;
	return pi.state == 'S' && pi.in_syscall &&
			       s->ch.ops->sleeps_in(&s->ch, s->sc.actors[a].role, pi.nr, pi.arg0)
		       ? BLOCKED_ASLEEP
		       : BLOCKED_NOT_YET;
}

/* Actor a was seen stopped from outside: is it still? Says so when it was
 * continued. */
static bool still_stopped_outside(struct sched *s, int a)
{
	struct sched_actor *sa = &s->actors[a];

	if (sa->st != SA_GONE && sched_stopped_state(procinfo_state(&sa->pf)))
		return true;
	if (sa->stopped_outside)
		outside_stop(s, a, false);
	return false;
}

int64_t sched_ms_since(const struct timespec *t0)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec - t0->tv_sec) * 1000 + (ts.tv_nsec - t0->tv_nsec) / 1000000;
}

#define SETTLE_HELD 1 /* settle(): a child stopped from outside holds the step */

/* Waits until the system has settled (see the top of this file): no child
 * holding a permit is still at work, and every child that reported BLOCKED is
 * seen asleep in the channel's call, checked again after every report.
 *
 * A child stopped by someone else (state T) while the step needs it — granted
 * and silent, or reported BLOCKED — may have done its operation and not said
 * so yet: the step is not over until it is continued and speaks. settle()
 * does not sleep for that: it returns SETTLE_HELD, and sched_service() settles
 * again when the child speaks or the wake timer ticks. 0 when settled, -1 with
 * a message when a child stopped answering. */
static int settle(struct sched *s, char *err, size_t errlen)
{
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		bool waiting = false, unconfirmed = false, asleep = false, held = false;
		int late = -1, nwaiting = 0;
		for (int a = 0; a < s->n; a++) {
			struct sched_actor *sa = &s->actors[a];
			if (sa->stopped_outside && still_stopped_outside(s, a)) {
				held = true;
			} else if ((sa->st == SA_BUSY || sa->st == SA_QUITTING) && !sa->stopped) {
				waiting = true;
				late = a;
				nwaiting++;
			} else if (sa->st == SA_BLOCKED) {
				asleep = true;
				enum blocked_look look = blocked_look(s, a);
				if (look == BLOCKED_STOPPED) {
					outside_stop(s, a, true);
					held = true;
				} else if (look == BLOCKED_NOT_YET) {
					unconfirmed = true;
					late = a;
				}
			}
		}
		if (held) {
			drain(s, 0); /* what the others said meanwhile waits in their buckets */
			return SETTLE_HELD;
		}
		if (!waiting && !unconfirmed) {
			/* Everyone asleep was confirmed on this pass; one last look for a
			 * report that came in meanwhile. With nobody asleep, nobody could
			 * have been woken: no look needed. */
			if (asleep && drain(s, 0) > 0)
				continue;
			return 0;
		}
		if (sched_ms_since(&t0) > SCHED_ANSWER_MS) {
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
		if (sched_chain_takeover(s))
			continue;
		/* No word for a while: a child holding a permit may have been stopped
		 * from outside (the next pass then returns SETTLE_HELD). */
		for (int a = 0; a < s->n; a++) {
			struct sched_actor *sa = &s->actors[a];
			if ((sa->st == SA_BUSY || sa->st == SA_QUITTING) && !sa->stopped &&
			    !sa->stopped_outside && sched_stopped_state(procinfo_state(&sa->pf)))
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

	if (!s->ch.desc->counter || s->result_shown)
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

/* The goal event: reached in so many steps, or not within them. */
static void goal_emit(struct sched *s, bool reached, long steps)
{
	struct event ev = event_make(EV_GOAL, EVENT_ACTOR_IPCVIZ, s->now);

	ev.reached = reached;
	ev.steps = (int)steps;
	emit(s, &ev);
	s->goal_done = true;
}

/* After a step's events from out[from] on: was the goal reached, or did its
 * `within` run out, or the run end without it? Once a run. */
static void goal_check(struct sched *s, size_t from)
{
	const struct scenario_goal *g = &s->sc.goal;

	if (g->reach == GOAL_NONE || s->goal_done)
		return;
	for (size_t i = from; i < s->nout; i++)
		if (goal_met(&s->sc, &s->out[i])) {
			goal_emit(s, true, s->goal_steps);
			return;
		}
	if (g->within > 0 && s->goal_steps >= g->within)
		goal_emit(s, false, g->within);
	else if (s->finished)
		goal_emit(s, false, s->goal_steps);
}

/* Emits ipcviz's own events of this step (faults, notes) so far. */
static void flush_own(struct sched *s)
{
	for (size_t i = 0; i < s->nown; i++)
		emit(s, &s->own[i]);
	s->nown = 0;
}

/* Emits this step's events in the fixed order and clears the buckets; they
 * go after what the call emitted so far (each entry point empties the output
 * first). */
static void flush_step(struct sched *s)
{
	flush_own(s);
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

	if (s->held)
		return INT64_MAX; /* the step under way is not over */
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
	if (!s->ch.desc->named)
		return false;
	for (int a = 0; a < s->n; a++)
		if (s->sc.actors[a].role == ROLE_CONSUMER && s->actors[a].st == SA_BLOCKED &&
		    !s->actors[a].stopped && !s->actors[a].stopped_outside)
			return true;
	return false;
}

static void check_finished(struct sched *s)
{
	if (s->held || sched_next_due(s) != INT64_MAX || outside_can_wake(s))
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
		while (!sched_stopped_state(procinfo_state(&sa->pf))) {
			if (sched_ms_since(&t0) > SCHED_ANSWER_MS) {
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

	if (s->ch.desc->counter)
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

/* Starts or stops the wake timer: every 100 ms while a step is held. */
static void wake_arm(struct sched *s, bool on)
{
	struct itimerspec it = {{0, 0}, {0, 0}};

	if (on)
		it.it_interval.tv_nsec = it.it_value.tv_nsec = 100 * 1000000L;
	timerfd_settime(s->wake_fd, 0, &it, NULL);
}

/* After a sched_step's step: a chain step that slept or failed ended the
 * chain there; one that did not end (its child killed from outside before its
 * DONE) has handed nothing on: call the rest off. A child that died after its
 * DONE handed the rest on first. */
static void chain_step_end(struct sched *s)
{
	const struct sched_actor *sa = &s->actors[s->granted];

	s->chain_step = false;
	if (--s->chain_left > 0 && !(sa->step_done && sa->step_moved && !sa->step_bad))
		sched_chain_abort(s);
}

/* Settles the step under way and emits its events; while a child stopped from
 * outside holds it, only ipcviz's own (the line saying who it waits for): the
 * others' wait in their buckets, so that the order stays that of a calm run. */
static int step_end(struct sched *s, char *err, size_t errlen)
{
	int r = settle(s, err, errlen);

	if (r < 0)
		return -1;
	if (r == SETTLE_HELD) {
		if (!s->held)
			wake_arm(s, true);
		s->held = true;
		flush_own(s);
		return 0;
	}
	if (s->held)
		wake_arm(s, false);
	s->held = false;
	if (s->chain_step)
		chain_step_end(s);
	size_t from = s->nout;
	flush_step(s);
	check_finished(s);
	goal_check(s, from);
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
		const struct scenario_group *g = sched_group_of(s, a);
		s->granted = a;
		s->goal_steps++;
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
		} else if (!sched_chain_start(s, a)) {
			grant(s, a, g);
		}
	}
	s->chain_step = s->granted >= 0 && s->chain_left > 0;
	if (s->chain_wait)
		sched_chain_await(s);
	return step_end(s, err, errlen);
}

enum sched_can sched_can_step(const struct sched *s, int a)
{
	const struct sched_actor *sa;

	if (a < 0 || a >= s->n)
		return SCHED_CANNOT_FINISHED;
	sa = &s->actors[a];
	if (sa->finished || sa->st == SA_GONE || sa->st == SA_QUITTING)
		return SCHED_CANNOT_FINISHED;
	if (s->held || !actor_can_step(sa) || sa->stopped_outside)
		return SCHED_CANNOT_ASLEEP; /* blocked, stopped, or its step under way */
	return SCHED_CAN;
}

/* The event actor a's next operation makes when it goes through: what
 * grant() will ask of it. */
static enum event_type next_operation(const struct sched *s, int a)
{
	const struct sched_actor *sa = &s->actors[a];
	bool producer = s->sc.actors[a].role == ROLE_PRODUCER;

	if (s->ch.desc->counter)
		return sa->second ? EV_WRITE : EV_READ; /* store : load */
	if (producer)
		return sa->second ? EV_GOT : is_cell(s) ? EV_WRITE : EV_PUT;
	return sa->second ? EV_PUT : is_cell(s) ? EV_READ : EV_GOT;
}

int sched_peek(const struct sched *s, int a, int *actor, enum event_type *op, int64_t *t_ms)
{
	if (a >= 0) {
		if (sched_can_step(s, a) != SCHED_CAN)
			return -1;
		*actor = a;
		*op = next_operation(s, a);
		*t_ms = s->actors[a].next_due > s->now ? s->actors[a].next_due : s->now;
		return 0;
	}
	int64_t due = sched_next_due(s);
	if (due == INT64_MAX)
		return -1;
	*t_ms = due;
	if (s->next_action < s->sc.nactions && s->sc.actions[s->next_action].at_ms <= due) {
		*actor = EVENT_ACTOR_IPCVIZ; /* sched_step runs the script first */
		*op = s->sc.actions[s->next_action].kind == ACTION_NOTE ? EV_NOTE : EV_FAULT;
		return 0;
	}
	*actor = next_actor(s);
	*op = next_operation(s, *actor);
	return 0;
}

int sched_step_actor(struct sched *s, int a, char *err, size_t errlen)
{
	struct sched_actor *sa;
	struct event ev;

	s->nout = 0;
	if (a < 0 || a >= s->n) {
		snprintf(err, errlen, _("no such actor"));
		return -1;
	}
	sa = &s->actors[a];
	if (s->chain_left > 0) {
		/* cannot happen from the program: choosing runs without run-ahead */
		snprintf(err, errlen, "run-ahead is on: steps are handed out already");
		return -1;
	}
	switch (sched_can_step(s, a)) {
	case SCHED_CAN:
		break;
	case SCHED_CANNOT_ASLEEP:
		snprintf(err, errlen, _("%s cannot take a step now: it is asleep in the kernel"),
			 s->sc.actors[a].name);
		return -1;
	case SCHED_CANNOT_FINISHED:
		snprintf(err, errlen, _("%s cannot take a step: it has finished"),
			 s->sc.actors[a].name);
		return -1;
	}
	if (sa->next_due > s->now)
		s->now = sa->next_due;
	s->granted = -1;
	s->chain_step = false;
	ev = event_make(EV_CHOOSE, a, s->now);
	own_event(s, &ev);
	if (s->next_action < s->sc.nactions && s->sc.actions[s->next_action].at_ms <= s->now) {
		/* The script's moment came with this choice: it goes first, and
		 * settles, so that the grant meets what it did (a dead reader). */
		if (run_actions(s, err, errlen) != 0 || step_end(s, err, errlen) != 0)
			return -1;
		if (s->held || !actor_can_step(sa))
			return 0;
	}
	s->granted = a;
	s->goal_steps++;
	sa->st = SA_BUSY;
	sa->step_done = sa->step_moved = sa->step_bad = false;
	grant(s, a, sched_group_of(s, a));
	return step_end(s, err, errlen);
}

int sched_fault(struct sched *s, const char *action, int a, char *err, size_t errlen)
{
	if (a < 0 || a >= s->n) {
		snprintf(err, errlen, _("no such actor"));
		return -1;
	}
	if (!s->held)
		s->granted = -1, s->chain_step = false;
	s->nout = 0;
	if (apply_fault(s, action, a, err, errlen) != 0)
		return -1;
	s->finished = false;
	return step_end(s, err, errlen);
}

int sched_fds(const struct sched *s, struct pollfd *fds, int max)
{
	int n = 0;

	/* A child stopped from outside says nothing until continued, and then the
	 * timer ticks: its place is the timer's (a held step has one at least). */
	for (int a = 0; a < s->n && n < max; a++)
		if (s->actors[a].ev_fd >= 0 && !s->actors[a].stopped_outside &&
		    (!s->held || speaks_now(s, a)))
			fds[n++] = (struct pollfd){.fd = s->actors[a].ev_fd, .events = POLLIN};
	if (s->held && n < max)
		fds[n++] = (struct pollfd){.fd = s->wake_fd, .events = POLLIN};
	return n;
}

int sched_service(struct sched *s, char *err, size_t errlen)
{
	uint64_t ticks;

	if (!s->held)
		s->granted = -1, s->chain_step = false;
	s->nout = 0;
	while (read(s->wake_fd, &ticks, sizeof ticks) < 0 && errno == EINTR)
		;
	drain(s, 0); /* what woke the caller: nobody is busy, so settle() won't look */
	s->finished = false;
	return step_end(s, err, errlen);
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

	if (!ops->kernel_fill || s->held)
		return -1; /* unsettled: a stopped child may have done more than it said */
	return ops->kernel_fill(&s->ch);
}

bool sched_held(const struct sched *s)
{
	return s->held;
}

int sched_model_kfill(const struct sched *s)
{
	const struct channel_desc *d = s->ch.desc;
	int per = d && d->kfill_per_item ? d->kfill_per_item(&s->ch) : 1;

	if (!d || !d->kfill_unit || per < 0)
		return -1;
	return s->model.fill * per;
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
	s->chain_end[0] = s->chain_end[1] = -1;
	s->wake_fd = -1;
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
	sched_spawn_pin(s); /* before the forks: the children inherit it */
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
	s->wake_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (s->wake_fd < 0)
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
		if (sched_spawn_actor(s, a, err, errlen) != 0)
			goto fail;
		s->n = a + 1;
		s->actors[a].next_due = s->sc.groups[s->sc.actors[a].group].start_ms;
	}
	if (sched_spawn_await(s, err, errlen) != 0)
		goto fail;
	s->ch.ops->release(&s->ch); /* every child holds its end now: drop ours */
	sched_holders(s);

	for (int a = 0; a < s->n; a++) {
		snprintf(names[a], sizeof names[a], "%s", s->sc.actors[a].name);
		roles[a] = s->sc.actors[a].role;
		snprintf(s->hdr_actors[a].name, sizeof s->hdr_actors[a].name, "%s", names[a]);
		s->hdr_actors[a].role = roles[a];
		s->hdr_actors[a].pid = s->actors[a].pid;
	}
	snprintf(s->hdr.scenario, sizeof s->hdr.scenario, "%s", s->sc.name);
	snprintf(s->hdr.channel, sizeof s->hdr.channel, "%s", s->ch.desc->word);
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
	if (s->wake_fd >= 0)
		close(s->wake_fd);
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
