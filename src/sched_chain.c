/* sched_chain.c - run-ahead: several steps handed out at once.
 *
 * At --speed max the parent's round trip per step (permit down, report up,
 * settle) is most of the cost. Where the model foresees the outcome of the
 * next steps for sure (a put into a channel with room, a get from one with
 * items, nobody asleep, no script action between), the parent plans them and
 * sends the first child its permit with the rest attached; each child does its
 * step, reports, and hands the rest on to the next child's control pipe. The
 * parent then takes the reports step by step, as if it had granted each one,
 * so the events are the same as without. A shared epoch lets the parent call
 * a chain off (a child killed or stopped from outside in the middle of it):
 * a hand-on under an old epoch is dropped, and the parent grants anew.
 */
#include "sched_int.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

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
bool sched_chain_takeover(struct sched *s)
{
	int a = s->granted;

	if (s->chain_left <= 0 || s->chain_at < 2 || a < 0)
		return false;
	int prev = s->chain[s->chain_at - 2].actor;
	char st = procinfo_state(&s->actors[prev].pf);
	bool gone = s->actors[prev].st == SA_GONE || st == 'Z' || st == 'X' || st == '?';
	if (prev == a || !(gone || sched_stopped_state(st)) || !waits_for_permit(s, a))
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

/* Calls off the chain out: the children hand nothing more on (actor.c checks
 * the epoch before it does), and the parent grants the next steps itself. */
void sched_chain_abort(struct sched *s)
{
	s->chain_left = 0;
	__atomic_add_fetch(s->epoch, 1, __ATOMIC_RELEASE);
}

/* Sleeps until the chain handed out has ended (its last step, or one that
 * slept or failed, says so): the children relay among themselves meanwhile, and
 * their reports wake nobody. If a chain stalls (a child killed or stopped from
 * outside in the middle of it), settle() takes over after 50 ms: it sees to
 * each step in turn as usual, and the steps never handed on are granted anew. */
void sched_chain_await(struct sched *s)
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
	const struct channel_desc *d = s->ch.desc;

	if (!s->run_ahead || d->cell || d->duplex || d->named || d->counter ||
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
bool sched_chain_start(struct sched *s, int first)
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
		const struct scenario_group *g = sched_group_of(s, a);
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
