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
	_Static_assert(sizeof(struct report) == 8 + 8 * sizeof(int32_t), "report padding");
	while (write(ev_fd, r, n * sizeof *r) < 0 && errno == EINTR)
		;
}

static void actor_report(int ev_fd, const struct report *r)
{
	actor_write(ev_fd, r, 1);
}

/* The kernel's own count, where a child is the one to ask (a pipe: FIONREAD on
 * its own end); the parent asks a queue itself. */
static int32_t actor_kfill(struct channel *ch)
{
	return ch->ops->kfill_from_child ? ch->ops->kernel_fill(ch) : -1;
}

/* One operation, reported as: [BLOCKED, UNBLOCKED,] PUT|GOT|EOF|ERROR, DONE.
 * BLOCKED is written alone before the blocking call, so the parent knows to
 * look for the child asleep in the kernel; everything after it goes in one
 * write, which saves the parent a wake-up per step. */
static void actor_do(struct channel *ch, const struct permit *p, int ev_fd)
{
	bool put = p->op == PERMIT_PUT;
	struct ch_item item = {.value = p->value};
	struct report out[3];
	size_t n = 0;
	struct report r = {.op = p->op, .value = p->value, .kfill = -1, .from = -1};
	enum ch_result res;

	res = put ? ch->ops->try_put(ch, &item) : ch->ops->try_get(ch, &item);
	if (res == CH_AGAIN) {
		r.kind = REPORT_BLOCKED;
		r.kfill = actor_kfill(ch);
		actor_report(ev_fd, &r);
		item.value = p->value;
		res = put ? ch->ops->put(ch, &item) : ch->ops->get(ch, &item);
		r.kind = REPORT_UNBLOCKED;
		out[n++] = r;
	}
	r.kfill = actor_kfill(ch);
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
	out[n++] = r;
	out[n++] = (struct report){.kind = REPORT_DONE, .kfill = -1};
	actor_write(ev_fd, out, n);
}

_Noreturn void actor_main(struct channel *ch, enum role role, int ctl_fd, int ev_fd)
{
	struct report r = {.kind = REPORT_READY, .kfill = -1};
	struct permit p;

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
		actor_do(ch, &p, ev_fd);
	}
	_exit(0);
}
