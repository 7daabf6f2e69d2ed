/* explain.c - the explain panel: why one process is in its state and what
 * will change it, as one paragraph of plain words with the kernel's evidence.
 *
 * A process asleep in the kernel is the heart of the lesson, so its paragraph
 * names the system call it sleeps in (with its manual section), what the
 * channel is waiting for (room, an item, an answer, the lock) and what will
 * wake it, then what /proc shows of it: its state letter in words, its wait
 * channel, its syscall. A process waiting for its turn is told apart from one
 * blocked on the channel; a killed one says what the others will see; a
 * counter's process between its load and its store says what its store will
 * do. What a channel says in its own words (a ring's semaphores, a FIFO's
 * outside writers, the effect of a kill) comes from its descriptor.
 */
#include "describe.h"

#include <inttypes.h>
#include <stdio.h>

#include "i18n.h"
#include "text.h"

/* What a /proc state letter means, for people who have not met them. */
static const char *explain_state_letter(char c)
{
	switch (c) {
	case 'R': return _("running");
	case 'S': return _("sleeping, can be woken");
	case 'D': return _("sleeping, cannot be interrupted");
	case 'T': return _("stopped");
	case 't': return _("stopped by a debugger");
	case 'Z': return _("a zombie: dead, not yet reaped");
	default: return _("unknown");
	}
}

/* race-locked: a load asleep on the lock (a process-shared semaphore). */
static void explain_lock(struct text *t, const struct model_actor *a)
{
	text_printf(t, _("%s is asleep in the kernel inside futex(2), in sem_wait on the lock: "
			 "another process holds the lock, between its load and its store. The "
			 "kernel will wake it when that process stores and gives the lock back "
			 "(sem_post); then it loads."), a->name);
}

/* socketpair: a producer reads its answer, a consumer its items; either
 * writes into a buffer of the kernel that can be full. */
static void explain_socket(struct text *t, const struct model_actor *a,
				    enum event_op op)
{
	bool consumer = a->role == ROLE_CONSUMER;

	if (op == OP_GET && !consumer)
		text_printf(t, _("%s is asleep in the kernel inside read(2) on its socket: it sent "
				 "an item and waits for the answer. The kernel will wake it when a "
				 "consumer writes the answer into the other end."), a->name);
	else if (op == OP_GET)
		text_printf(t, _("%s is asleep in the kernel inside read(2) on its socket: no item "
				 "has come. The kernel will wake it when a producer sends one."),
			    a->name);
	else if (!consumer)
		text_printf(t, _("%s is asleep in the kernel inside write(2) on its socket: the "
				 "kernel's buffer toward the consumers is full. The kernel will "
				 "wake it when a consumer reads an item."), a->name);
	else
		text_printf(t, _("%s is asleep in the kernel inside write(2) on its socket: the "
				 "kernel's buffer back to the producers is full. The kernel will "
				 "wake it when a producer reads its answer."), a->name);
}

/* A pipe, queue or FIFO with no room. A pipe can be full of bytes while it
 * holds fewer whole items: one above PIPE_BUF goes in by parts. */
static void explain_full(struct text *t, const struct model *m,
				  const struct model_actor *a, const char *call)
{
	const char *noun = describe_noun(m);
	bool parts = describe_desc(m)->sized_items && !model_counts_items(m);

	if (parts)
		text_printf(t, _("%s is asleep in the kernel inside %s on the pipe: it is full of "
				 "bytes, yet holds only %d whole items of %d. An item above "
				 "PIPE_BUF (4096 bytes) goes in by parts: the kernel writes what "
				 "fits and puts the writer to sleep for the rest, so another "
				 "writer's bytes can come in between."),
			    a->name, call, m->fill, m->capacity);
	else
		text_printf(t, _("%s is asleep in the kernel inside %s on %s: all %d slots are "
				 "full."), a->name, call, noun, m->capacity);
	if (a->has_pending)
		text_printf(t, _(" It is trying to put %" PRId32 "."), a->pending);
	if (parts)
		text_puts(t, _(" The kernel will wake it when a consumer reads and frees room."));
	else
		text_puts(t, _(" The kernel will wake it when a consumer reads an item and frees "
			       "a slot."));
}

/* A pipe, queue or FIFO with nothing in it, and what will wake the reader in
 * the channel's words (end of file for a pipe; nothing ends a FIFO: ipcviz
 * holds a write end for outside writers). */
static void explain_empty(struct text *t, const struct model *m,
				   const struct model_actor *a, const char *call)
{
	text_printf(t, _("%s is asleep in the kernel inside %s on %s: it is empty."), a->name,
		    call, describe_noun(m));
	if (describe_desc(m)->empty_wakes) /* in the channel's own words */
		text_puts(t, _(describe_desc(m)->empty_wakes));
	else
		text_puts(t, _(" The kernel will wake it when a producer puts an item."));
}

static void explain_blocked(struct text *t, const struct model *m,
				     const struct model_actor *a, int idx)
{
	const struct channel_desc *d = describe_desc(m);
	enum event_op op = describe_op(m, idx, a->blocked_op);
	const char *ref = op == OP_PUT ? d->put.ref : d->get.ref;
	const char *call = ref ? ref : op == OP_PUT ? "write" : "read";
	struct channel_wait w = {.put = op == OP_PUT, .call = call, .actor = a->name,
				 .fill = m->fill, .capacity = m->capacity,
				 .has_pending = a->has_pending, .pending = a->pending};
	char own[1024];

	if (d->counter)
		explain_lock(t, a);
	else if (d->duplex)
		explain_socket(t, a, op);
	else if (d->asleep && d->asleep(own, sizeof own, &w))
		text_puts(t, own); /* in the channel's own words */
	else if (op == OP_PUT)
		explain_full(t, m, a, call);
	else
		explain_empty(t, m, a, call);
	if (a->has_kernel)
		text_printf(t, _(" The kernel shows it: state %c (%s), wait channel %s, system "
				 "call %s."), a->kstate ? a->kstate : '?',
			    explain_state_letter(a->kstate), a->wchan[0] ? a->wchan : "-",
			    a->syscall[0] ? a->syscall : "-");
}

/* race: between a load and its store, an incrementer has made an odd number
 * of moves (each increment is one of each). */
static bool explain_between_load_and_store(const struct model *m, const struct model_actor *a)
{
	return describe_desc(m)->counter && a->done % 2 == 1 && a->has_last;
}

/* What the others see of a killed actor, in its channel's words. */
static const char *explain_killed_effect(const struct model *m, const struct model_actor *a)
{
	const struct channel_desc *d = describe_desc(m);
	const char *effect = d->killed_effect[a->role == ROLE_CONSUMER ? 1 : 0];

	if (d->killed_holding && explain_between_load_and_store(m, a))
		effect = d->killed_holding;
	return effect ? _(effect) : "";
}

static void explain_killed(struct text *t, const struct model *m,
				    const struct model_actor *a)
{
	char sig[32];

	text_printf(t, _("%s was killed by %s."), a->name,
		    describe_signal(a->exit_signal, sig, sizeof sig));
	text_puts(t, explain_killed_effect(m, a));
}

static void explain_waiting(struct text *t, const struct model *m,
				     const struct model_actor *a)
{
	text_printf(t, _("%s is waiting for its turn: the scheduler holds it until its next "
			 "step. It sleeps in read(2) on its own control pipe, not on %s, so it "
			 "is not blocked."), a->name, describe_noun(m));
	if (!explain_between_load_and_store(m, a))
		return;
	if (describe_desc(m)->blocks)
		text_printf(t, _(" It loaded %" PRId32 " and holds the lock: its next step stores "
				 "%" PRId32 " and gives the lock back."), a->last, a->last + 1);
	else
		text_printf(t, _(" It loaded %" PRId32 ": its next step stores %" PRId32 ". "
				 "Nothing stops another process from storing in between, and then "
				 "this store wipes out that increment."), a->last, a->last + 1);
}

/* What the latest event showed of actor idx that its state does not: part of a
 * big pipe item, an item of mixed bytes, a lost update. */
static void explain_last(struct text *t, const struct model *m, int idx)
{
	const struct event *ev = &m->last;

	if (ev->actor != idx)
		return;
	if (ev->type == EV_PART)
		text_printf(t, _(" Its last read(2) brought only part of an item (%d bytes of "
				 "%s's %" PRId32 "): an item above PIPE_BUF does not come in one "
				 "piece, so it reads again for the rest."), ev->bytes,
			    describe_actor_name(m, ev->by), ev->value);
	else if (ev->type == EV_GOT && ev->mixed)
		text_printf(t, _(" The item it just put together is mixed: it holds bytes of "
				 "%s's %" PRId32 ". A write above PIPE_BUF (4096 bytes) is not "
				 "atomic: the kernel may put another writer's bytes between its "
				 "parts."),
			    describe_actor_name(m, ev->by), ev->mixed_value);
	else if (ev->type == EV_OVERWRITTEN && describe_desc(m)->counter)
		text_printf(t, _(" Its last store was a lost update: it wrote over %" PRId32 ", "
				 "which another process had stored after its load."), ev->value);
}

/* Nothing ever waits on a shared value or an unlocked counter: the lesson of
 * both. Said of an actor still alive. */
static void explain_never_blocks(struct text *t, const struct model *m,
					  const struct model_actor *a)
{
	const struct channel_desc *d = describe_desc(m);

	if (a->state == ACTOR_FINISHED || a->state == ACTOR_KILLED)
		return;
	if (d->cell && !d->counter) {
		text_puts(t, _(" On a shared value it never blocks: nothing in a shared value "
			       "makes a writer wait, which is why values can be lost."));
		if (a->role == ROLE_CONSUMER)
			text_puts(t, _(" Nothing makes a reader wait for a new value either, which "
				       "is why it can read the same value twice."));
	} else if (d->counter && !d->blocks) {
		text_puts(t, _(" On a counter without a lock it never blocks: nothing makes a "
			       "process wait while another is between its load and its store, "
			       "which is why updates can be lost."));
	}
}

/* Contract in describe.h. */
const char *describe_state_letter(char c)
{
	return explain_state_letter(c);
}

/* Why actor `a` is in its state and what will wake it, as one paragraph. */
const char *describe_explain(const struct model *m, int a, char *buf, size_t len)
{
	const struct model_actor *ac;
	struct text t;
	char num[32];

	text_init(&t, buf, len);
	if (a < 0 || a >= m->nactors) {
		text_puts(&t, _("No such actor."));
		return buf;
	}
	ac = &m->actors[a];
	switch (ac->state) {
	case ACTOR_NEW:
		text_printf(&t, _("%s has not started yet."), ac->name);
		break;
	case ACTOR_WAITING:
		explain_waiting(&t, m, ac);
		break;
	case ACTOR_BLOCKED:
		explain_blocked(&t, m, ac, a);
		break;
	case ACTOR_FINISHED:
		text_printf(&t, _("%s has finished: it exited with status %d."), ac->name,
			    ac->exit_status);
		if (ac->eof)
			text_puts(&t, _(" It read end of file: no writer was left."));
		break;
	case ACTOR_KILLED:
		explain_killed(&t, m, ac);
		break;
	case ACTOR_STOPPED:
		text_printf(&t, _("%s is stopped (SIGSTOP): the kernel will not run it until it "
				  "gets SIGCONT."), ac->name);
		if (ac->stopped_from == ACTOR_BLOCKED)
			text_printf(&t, _(" It was asleep on %s when stopped and goes back to "
					  "waiting there after SIGCONT."),
				    describe_noun(m));
		break;
	}
	explain_last(&t, m, a);
	explain_never_blocks(&t, m, ac);
	if (ac->has_error)
		text_printf(&t, _(" Its last error: %s (%s)."),
			    describe_errno(ac->err, num, sizeof num),
			    describe_errno_reason(ac->err));
	return buf;
}
