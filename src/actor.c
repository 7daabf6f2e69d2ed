/* actor.c - a producer or consumer child: wait for a permit, try the operation
 * without blocking, and only if the kernel says it would block, report that and
 * make the blocking call, so that the child really sleeps in the kernel where
 * /proc can see it. Every outcome is reported; the child decides nothing. */
#include "actor.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static void actor_write(int ev_fd, const struct report *r, size_t n)
{
	/* struct report has no padding (four bytes, then int32s): nothing
	 * uninitialised goes down the pipe. A few reports are far below PIPE_BUF,
	 * so one write is atomic and the parent reads them whole. */
	_Static_assert(sizeof(struct report) == 8 + 7 * sizeof(int32_t), "report padding");
	while (write(ev_fd, r, n * sizeof *r) < 0 && errno == EINTR)
		;
}

static void actor_report(int ev_fd, const struct report *r)
{
	actor_write(ev_fd, r, 1);
}

/* Hands the rest of a chain to the actor of its next step; if that is this
 * child itself (peer_ctl -1), leaves it in *mine and returns true. */
static bool actor_pass(const struct permit *p, const int *peer_ctl, struct permit *mine)
{
	struct permit q;

	memset(&q, 0, sizeof q);
	q.op = p->next[0].op;
	q.value = p->next[0].value;
	q.nnext = (uint8_t)(p->nnext - 1);
	q.chained = 1;
	q.epoch = p->epoch;
	memcpy(q.next, p->next + 1, q.nnext * sizeof q.next[0]);
	if (peer_ctl[p->next[0].actor] < 0) {
		*mine = q;
		return true;
	}
	while (write(peer_ctl[p->next[0].actor], &q, sizeof q) < 0 && errno == EINTR)
		;
	return false;
}

static int actor_chain_end_fd = -1;
static const uint32_t *actor_epoch; /* shared with the parent, who moves it on to
				       call off the chains out (sched_chain.c) */

/* The chain ends with this step (its last, or one that slept or failed): the
 * parent, asleep until then, may take all its reports. */
static void actor_chain_end(void)
{
	char one = 1;

	while (write(actor_chain_end_fd, &one, 1) < 0 && errno == EINTR)
		;
}

/* One operation, reported as: [BLOCKED, UNBLOCKED,] PUT|GOT|EOF|ERROR, DONE.
 * BLOCKED is written alone before the blocking call, so the parent knows to
 * look for the child asleep in the kernel; everything after it goes in one
 * write, which saves the parent a wake-up per step. In a chain, a step that
 * neither slept nor failed first hands the rest on (actor_pass); returns true
 * if the next step is this child's own, left in *mine. */
static bool actor_do(struct channel *ch, const struct permit *p, int ev_fd,
		     const int *peer_ctl, struct permit *mine)
{
	bool again = false, passed = false;
	bool put = p->op == PERMIT_PUT;
	struct ch_item item = {.value = p->value};
	struct report out[3];
	size_t n = 0;
	struct report r = {.op = p->op, .value = p->value, .from = -1};
	enum ch_result res;

	res = put ? ch->ops->try_put(ch, &item) : ch->ops->try_get(ch, &item);
	if (res == CH_AGAIN) {
		r.kind = REPORT_BLOCKED;
		actor_report(ev_fd, &r);
		if (p->chained)
			actor_chain_end();
		item.value = p->value;
		res = put ? ch->ops->put(ch, &item) : ch->ops->get(ch, &item);
		r.kind = REPORT_UNBLOCKED;
		out[n++] = r;
	}
	switch (res) {
	case CH_OK:
		r.kind = put ? REPORT_PUT : item.part ? REPORT_PART : REPORT_GOT;
		r.value = item.value;
		r.lost = item.lost;
		r.lost_value = item.lost_value;
		r.again = item.again;
		if (!put) {
			r.from = item.from;
			r.bytes = item.bytes;
			r.mixed = item.mixed;
			r.mixed_from = item.mixed_from;
			r.mixed_value = item.mixed_value;
		}
		break;
	case CH_EOF:
		r.kind = REPORT_EOF;
		break;
	default:
		r.kind = REPORT_ERROR;
		r.err = errno;
		break;
	}
	bool slept = n > 0;
	out[n++] = r;
	out[n++] = (struct report){.kind = REPORT_DONE};
	actor_write(ev_fd, out, n);
	/* The reports first, then the rest of the chain: so a step the parent has
	 * no DONE of has handed nothing on, and the parent may call the chain off
	 * (a child stopped or killed from outside) without a step done twice. */
	if (p->nnext > 0 && !slept && res == CH_OK && r.kind != REPORT_PART &&
	    __atomic_load_n(actor_epoch, __ATOMIC_ACQUIRE) == p->epoch) {
		again = actor_pass(p, peer_ctl, mine);
		passed = true;
	}
	if (p->chained && !passed && !slept)
		actor_chain_end();
	return again;
}

_Noreturn void actor_main(struct channel *ch, enum role role, int ctl_fd, int ev_fd,
			  const int *peer_ctl, int chain_end_fd, const uint32_t *epoch)
{
	struct report r = {.kind = REPORT_READY};
	struct permit p, next;

	actor_chain_end_fd = chain_end_fd;
	actor_epoch = epoch;
	if (ch->ops->attach(ch, role) != 0) {
		r.kind = REPORT_FATAL;
		r.err = errno;
		actor_report(ev_fd, &r);
		_exit(1);
	}
	actor_report(ev_fd, &r);
	for (;;) {
		ssize_t n = read(ctl_fd, &p, sizeof p);
		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof p || p.op == PERMIT_QUIT)
			break;
		if (p.chained && p.epoch != __atomic_load_n(actor_epoch, __ATOMIC_ACQUIRE))
			continue; /* handed on from a chain the parent has called off since */
		while (actor_do(ch, &p, ev_fd, peer_ctl, &next))
			p = next; /* the chain's next step is this child's own */
	}
	_exit(0);
}
