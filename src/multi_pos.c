/* multi_pos.c - where a process of several channels is in its program
 * (multi_pos.h). A sleep is no step: the clock is virtual, so passing a sleep
 * only makes the process due later. The sleeps passed are remembered, so that
 * a reader of the program can still be shown the sleep a process waits in. */
#include "multi_pos.h"

#include <stddef.h>

/* Moves to the next do line that is no sleep, adding the sleeps' time. */
static void multi_pos_next(struct multi_pos *p, const struct scenario_process *pr)
{
	const struct scenario_op *op;

	p->pc++;
	p->item = 0;
	p->echo_put = false;
	p->sleep_op = -1;
	p->sleep_from = p->due;
	while ((op = multi_pos_op(p, pr)) && op->kind == SOP_SLEEP) {
		if (p->sleep_op < 0)
			p->sleep_op = p->pc;
		p->due += op->every_ms;
		p->pc++;
	}
}

/* Contract in multi_pos.h. */
void multi_pos_start(struct multi_pos *p, const struct scenario_process *pr)
{
	*p = (struct multi_pos){.pc = -1, .due = pr->start_ms};
	multi_pos_next(p, pr);
}

/* Contract in multi_pos.h. */
const struct scenario_op *multi_pos_op(const struct multi_pos *p,
				       const struct scenario_process *pr)
{
	return p->pc >= 0 && (size_t)p->pc < pr->nops ? &pr->ops[p->pc] : NULL;
}

/* Is this an event that ends (a step of) an operation? */
static bool multi_pos_moves(enum event_type type)
{
	return type == EV_PUT || type == EV_GOT || type == EV_EOF || type == EV_ERROR ||
	       type == EV_CLOSE || type == EV_LOCK || type == EV_UNLOCK;
}

/* Contract in multi_pos.h. */
void multi_pos_after(struct multi_pos *p, const struct scenario_process *pr, enum event_type type,
		     int32_t value, int64_t t_ms)
{
	const struct scenario_op *op = multi_pos_op(p, pr);

	if (!op || !multi_pos_moves(type))
		return;
	p->begun = true;
	p->due = t_ms;
	switch (op->kind) {
	case SOP_PUT:
		p->due += op->every_ms;
		if (type != EV_PUT || (size_t)++p->item == op->nvalues)
			multi_pos_next(p, pr); /* the last value, or EPIPE: done with it */
		break;
	case SOP_GET:
		p->due += op->every_ms;
		if (type == EV_GOT)
			p->item++;
		if (type != EV_GOT || (op->until_kind == SOP_COUNT && p->item == op->n) ||
		    (op->until_kind == SOP_VALUE && value == op->until))
			multi_pos_next(p, pr);
		break;
	case SOP_ECHO:
		if (type == EV_GOT && !p->echo_put) {
			p->echo_put = true; /* and on at once */
			p->carry = value;
			break;
		}
		p->due += op->every_ms;
		p->echo_put = false;
		if (type == EV_PUT)
			p->item++;
		if (type != EV_PUT || (op->until_kind == SOP_COUNT && p->item == op->n))
			multi_pos_next(p, pr);
		break;
	default:
		multi_pos_next(p, pr);
		break;
	}
}

/* Contract in multi_pos.h. */
int multi_pos_line_op(const struct multi_pos *p, const struct scenario_process *pr, int64_t t_ms)
{
	int64_t end;

	if (!multi_pos_op(p, pr))
		return (int)pr->nops; /* a program that ends in sleeps ends at once */
	if (!p->begun && t_ms < pr->start_ms)
		return -1;
	if (p->sleep_op < 0 || t_ms >= p->due)
		return p->pc;
	end = p->sleep_from;
	for (int k = p->sleep_op; k < p->pc; k++) {
		end += pr->ops[k].every_ms;
		if (t_ms < end)
			return k;
	}
	return p->pc;
}
