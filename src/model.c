/* model.c - the state of a run as a pure function of its events.
 *
 * Nothing here asks the kernel or the clock: an event says what happened and the
 * model believes it. That is what makes replay, stepping back and tests exact.
 */
#include "model.h"

#include <stdio.h>
#include <string.h>

#include "scenario_multi.h"

/* An empty model: every actor not yet spawned, the channel empty, the kernel's
 * count unknown. Names and roles are copied; nactors is clamped to the table. */
void model_init(struct model *m, enum channel_kind channel, int capacity, int nactors,
		const char (*names)[SCENARIO_NAME_MAX], const enum role *roles)
{
	memset(m, 0, sizeof *m);
	m->channel = channel;
	m->capacity = capacity;
	if (nactors < 0)
		nactors = 0;
	if (nactors > SCENARIO_MAX_ACTORS)
		nactors = SCENARIO_MAX_ACTORS;
	m->nactors = nactors;
	for (int i = 0; i < nactors; i++) {
		struct model_actor *a = &m->actors[i];

		if (names) {
			strncpy(a->name, names[i], sizeof a->name - 1);
			a->name[sizeof a->name - 1] = '\0';
		}
		a->role = roles ? roles[i] : ROLE_PRODUCER;
		a->state = ACTOR_NEW;
		a->stopped_from = ACTOR_NEW;
		a->blocked_op = OP_NONE;
		a->blocked_chan = -1;
		a->proc = -1;
	}
	m->kfill = -1;
	m->last = event_make(EV_NOTE, EVENT_ACTOR_IPCVIZ, 0);
}

/* Contract in model.h. */
void model_init_multi(struct model *m, const struct scenario_multi *mu)
{
	m->nchannels = mu->nchannels > MODEL_MAX_CHANNELS ? MODEL_MAX_CHANNELS : mu->nchannels;
	for (int i = 0; i < m->nchannels; i++) {
		struct model_channel *c = &m->chans[i];

		memset(c, 0, sizeof *c);
		snprintf(c->name, sizeof c->name, "%s", mu->channels[i].name);
		c->kind = mu->channels[i].kind;
		c->capacity = mu->channels[i].capacity;
		c->lock = mu->channels[i].lock;
		c->holder = -1;
	}
}

/* Contract in model.h. */
void model_init_programs(struct model *m, const struct scenario_multi *programs,
			 const int *proc)
{
	m->programs = programs;
	for (int i = 0; i < m->nactors; i++) {
		struct model_actor *a = &m->actors[i];

		a->proc = programs && proc[i] >= 0 && proc[i] < programs->nprocs ? proc[i] : -1;
		if (a->proc >= 0)
			multi_pos_start(&a->pos, &programs->procs[a->proc]);
	}
}

/* Contract in model.h. */
int model_channel_index(const struct model *m, const char *name)
{
	for (int i = 0; i < m->nchannels; i++)
		if (strcmp(m->chans[i].name, name) == 0)
			return i;
	return -1;
}

/* Moves an actor to a new state. A stopped process cannot act, yet reports it
 * sent before SIGSTOP may still arrive: those change the state SIGCONT will
 * restore, not the fact that it is stopped. Only death ends a stop. */
static void model_set_state(struct model_actor *a, enum actor_state st)
{
	if (a->state == ACTOR_STOPPED && st != ACTOR_FINISHED && st != ACTOR_KILLED)
		a->stopped_from = st;
	else
		a->state = st;
}

/* How many slot values are known: the newest min(fill, MODEL_MAX_SLOTS) items. */
static int model_stored(const struct model *m)
{
	return m->fill < MODEL_MAX_SLOTS ? m->fill : MODEL_MAX_SLOTS;
}

/* Appends a value. Past MODEL_MAX_SLOTS the count goes on but the oldest known
 * value is forgotten, so slots[] always holds the newest items in order and the
 * items ahead of them are counted without values. */
static void model_push(struct model *m, int32_t value)
{
	int stored = model_stored(m);

	if (stored == MODEL_MAX_SLOTS) {
		memmove(m->slots, m->slots + 1, (MODEL_MAX_SLOTS - 1) * sizeof m->slots[0]);
		stored--;
	}
	m->slots[stored] = value;
	if (m->fill < INT32_MAX)
		m->fill++;
}

/* Takes one item out. The event is the truth (the kernel delivered that value),
 * so if it is not at the head, the first item with that value is removed
 * instead; if the value is nowhere, the head goes. When the head's value was
 * forgotten (more than MODEL_MAX_SLOTS items), only the count changes. */
static void model_pop(struct model *m, bool has_value, int32_t value)
{
	int stored = model_stored(m);
	int at = 0;

	if (m->fill <= 0) {
		m->fill = 0;
		return;
	}
	if (m->fill > stored) {
		m->fill--;
		return;
	}
	if (has_value)
		for (int i = 0; i < stored; i++)
			if (m->slots[i] == value) {
				at = i;
				break;
			}
	memmove(m->slots + at, m->slots + at + 1, (size_t)(stored - at - 1) * sizeof m->slots[0]);
	m->fill--;
}

/* Remembers a lost value, keeping the latest MODEL_LOST_KEEP, oldest first; the
 * count goes on past what is kept. */
static void model_lose(struct model *m, int32_t value)
{
	if (m->nlost == MODEL_LOST_KEEP) {
		memmove(m->lost, m->lost + 1, (MODEL_LOST_KEEP - 1) * sizeof m->lost[0]);
		m->nlost--;
	}
	m->lost[m->nlost++] = value;
	m->overwritten++;
}

/* An actor that moved a value is past any wait: it is back to waiting for its
 * turn, with nothing pending. */
static void model_took_value(struct model_actor *a, const struct event *ev)
{
	model_set_state(a, ACTOR_WAITING);
	a->has_pending = false;
	if (ev->has_value) {
		a->has_last = true;
		a->last = ev->value;
	}
	a->done++;
}

static void model_fault(struct model *m, const struct event *ev)
{
	struct model_actor *t;

	if (ev->target < 0 || ev->target >= m->nactors)
		return;
	t = &m->actors[ev->target];
	if (strcmp(ev->action, "stop") == 0 && t->state != ACTOR_STOPPED &&
	    t->state != ACTOR_FINISHED && t->state != ACTOR_KILLED) {
		t->stopped_from = t->state;
		t->state = ACTOR_STOPPED;
	} else if (strcmp(ev->action, "cont") == 0 && t->state == ACTOR_STOPPED) {
		t->state = t->stopped_from;
	}
	/* "kill" changes nothing yet: the exit event that follows says how it died. */
}

/* The parts of an event that belong to one actor. */
static void model_apply_actor(struct model *m, struct model_actor *a, const struct event *ev)
{
	switch (ev->type) {
	case EV_SPAWN:
		a->pid = ev->pid;
		model_set_state(a, ACTOR_WAITING);
		break;
	case EV_EXIT:
		a->exit_status = ev->status;
		a->exit_signal = ev->signal;
		a->state = ev->signal ? ACTOR_KILLED : ACTOR_FINISHED;
		a->blocked_op = OP_NONE;
		a->has_pending = false;
		a->has_kernel = false;
		break;
	case EV_PUT:
	case EV_WRITE:
		model_took_value(a, ev);
		m->puts++;
		break;
	case EV_GOT:
	case EV_READ:
		model_took_value(a, ev);
		m->gets++;
		break;
	case EV_BLOCKED:
		model_set_state(a, ACTOR_BLOCKED);
		a->blocked_op = ev->op;
		a->has_pending = ev->has_value;
		a->pending = ev->has_value ? ev->value : 0;
		a->has_kernel = false;
		a->blocked_count++;
		break;
	case EV_UNBLOCKED:
		model_set_state(a, ACTOR_WAITING);
		a->has_pending = false;
		a->has_kernel = false;
		break;
	case EV_KERNEL:
		a->has_kernel = true;
		a->kstate = ev->state;
		memcpy(a->wchan, ev->wchan, sizeof a->wchan);
		a->wchan[sizeof a->wchan - 1] = '\0';
		memcpy(a->syscall, ev->syscall, sizeof a->syscall);
		a->syscall[sizeof a->syscall - 1] = '\0';
		break;
	case EV_EOF:
		a->eof = true;
		break;
	case EV_ERROR:
		a->has_error = true;
		a->err = ev->err;
		break;
	default:
		break;
	}
}

/* socketpair: a consumer's put and a producer's get are answers going back. */
bool model_backward(const struct model *m, const struct event *ev)
{
	const struct channel_desc *d = channel_desc_of(m->channel);

	return d && d->duplex && ev->actor >= 0 && ev->actor < m->nactors &&
	       (m->actors[ev->actor].role == ROLE_CONSUMER) == (ev->type == EV_PUT);
}

static void model_back_push(struct model *m, int32_t value)
{
	if (m->back_fill == MODEL_MAX_SLOTS) {
		memmove(m->back, m->back + 1, (MODEL_MAX_SLOTS - 1) * sizeof m->back[0]);
		m->back_fill--;
	}
	m->back[m->back_fill++] = value;
}

static void model_back_pop(struct model *m)
{
	if (m->back_fill <= 0)
		return;
	memmove(m->back, m->back + 1, (size_t)(m->back_fill - 1) * sizeof m->back[0]);
	m->back_fill--;
}

/* The parts of an event that change the channel or the run as a whole. */
static void model_apply_run(struct model *m, const struct event *ev)
{
	switch (ev->type) {
	case EV_PUT:
		if (ev->actor == EVENT_ACTOR_OUTSIDE)
			m->outside++;
		if (model_backward(m, ev))
			model_back_push(m, ev->value);
		else
			model_push(m, ev->value);
		break;
	case EV_GOT:
		if (ev->mixed)
			m->mixed++;
		if (model_backward(m, ev))
			model_back_pop(m);
		else
			model_pop(m, ev->has_value, ev->value);
		break;
	case EV_WRITE:
		m->cell = ev->value;
		m->cell_written = true;
		m->cell_read = false;
		break;
	case EV_READ:
		/* The memory is the truth: a read shows what the cell holds. */
		if (ev->has_value) {
			m->cell = ev->value;
			m->cell_written = true;
		}
		m->cell_read = true;
		break;
	case EV_OVERWRITTEN:
		if (ev->has_value)
			model_lose(m, ev->value);
		else
			m->overwritten++;
		break;
	case EV_STALE:
		m->stale++;
		break;
	case EV_KERNEL:
		if (ev->kfill >= 0)
			m->kfill = ev->kfill;
		break;
	case EV_FAULT:
		model_fault(m, ev);
		break;
	case EV_NOTE:
		memcpy(m->note, ev->text, sizeof m->note);
		m->note[sizeof m->note - 1] = '\0';
		break;
	case EV_RESULT:
		m->has_result = true;
		m->counter = ev->counter;
		m->expected = ev->expected;
		break;
	default:
		break;
	}
}

void model_set_item_bytes(struct model *m, int bytes)
{
	m->item_bytes = bytes > 0 ? bytes : 0;
}

/* Items are counted unless they are one shared value, or pipe items bigger
 * than PIPE_BUF, which the kernel splits: then no count of whole items is true. */
bool model_counts_items(const struct model *m)
{
	const struct channel_desc *d = channel_desc_of(m->channel);

	return d && !d->cell && m->item_bytes <= 4096;
}

/* The parts of an event on one channel of several (ev->ch names it). */
static void model_apply_channel(struct model *m, struct model_channel *c, int ci,
				const struct event *ev)
{
	switch (ev->type) {
	case EV_PUT:
		c->fill++;
		c->puts++;
		break;
	case EV_GOT:
		c->fill -= c->fill > 0;
		c->gets++;
		break;
	case EV_BLOCKED:
		if (ev->actor >= 0)
			m->actors[ev->actor].blocked_chan = ci;
		break;
	case EV_LOCK:
		c->holder = ev->actor;
		c->puts++;
		break;
	case EV_UNLOCK:
		c->holder = -1;
		break;
	default:
		break;
	}
}

/* Applies one event and stamps ev->fill. An event of an actor the model does
 * not have is not applied (a trace from elsewhere must not write out of
 * bounds), but its fill is still stamped so every event carries one. */
void model_apply(struct model *m, struct event *ev)
{
	bool known = ev->actor == EVENT_ACTOR_IPCVIZ || ev->actor == EVENT_ACTOR_OUTSIDE ||
		     (ev->actor >= 0 && ev->actor < m->nactors);
	int ci = ev->ch[0] ? model_channel_index(m, ev->ch) : -1;

	if (known) {
		if (ev->actor >= 0)
			model_apply_actor(m, &m->actors[ev->actor], ev);
		if (ev->actor >= 0 && ci >= 0 && m->programs && m->actors[ev->actor].proc >= 0)
			multi_pos_after(&m->actors[ev->actor].pos,
					&m->programs->procs[m->actors[ev->actor].proc], ev->type,
					ev->value, ev->t_ms);
		if (ev->type == EV_EXIT && ev->actor >= 0)
			for (int i = 0; i < m->nchannels; i++)
				if (m->chans[i].holder == ev->actor)
					m->chans[i].holder = -1; /* a robust lock frees */
		if (ci >= 0)
			model_apply_channel(m, &m->chans[ci], ci, ev);
		else
			model_apply_run(m, ev);
		m->t_ms = ev->t_ms;
		m->nevents++;
	}
	if (ci >= 0)
		ev->fill = m->chans[ci].lock ? -1 : m->chans[ci].fill;
	else
		ev->fill = model_counts_items(m) ? m->fill : -1;
	if (known && ev->type == EV_PREDICT) {
		/* a guess, not something a process did: the last operation stays */
		m->predicted++;
		m->predicted_right += ev->right;
		return;
	}
	if (known)
		m->last = *ev;
}
