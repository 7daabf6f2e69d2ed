/* multi_pos.h - where a process of several channels (DESIGN 14) is in its
 * program: the do line it is at, the item in it, an echo's half, and when it
 * is due again, moved on by what each of its operations did as its events say
 * it (put, got, eof, error, close, lock, unlock). One state machine for two
 * users: the run (run_multi.c) steps it from its children's reports, to know
 * the next permit; the model (model.c) from the events alone, so that the code
 * pane knows each process's line in a replay and after a step back as in the
 * live run. Plain data, no pointers: a model holding one can be copied and
 * compared byte for byte.
 */
#ifndef IPCVIZ_MULTI_POS_H
#define IPCVIZ_MULTI_POS_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "scenario_multi.h"

struct multi_pos {
	int pc;                /* the do line it is at (an index into ops), never
				  a sleep; nops when its program is over */
	long item;             /* put: the value's index; get, echo: items taken */
	bool echo_put;         /* echo: the put of `carry` comes next */
	int32_t carry;
	bool begun;            /* an operation of its is done (past its start delay) */
	int64_t due;           /* virtual ms of its next step */
	int sleep_op;          /* the first of the sleeps it waits through before
				  pc (skipped: the clock is virtual), -1 none */
	int64_t sleep_from;    /* when the first of them begins */
};

/* The start of process pr's program: before its first operation that is no
 * sleep, due after its start delay and its leading sleeps. */
void multi_pos_start(struct multi_pos *p, const struct scenario_process *pr);

/* The do line p is at, or NULL at the end of the program. */
const struct scenario_op *multi_pos_op(const struct multi_pos *p,
				       const struct scenario_process *pr);

/* What an event of the process at virtual time t_ms does to its place: a put,
 * got (value: what it got), eof, error (EPIPE), close, lock or unlock of its
 * current operation moves to its next item or do line, and sets when it is
 * due; other types change nothing. */
void multi_pos_after(struct multi_pos *p, const struct scenario_process *pr, enum event_type type,
		     int32_t value, int64_t t_ms);

/* The do line the process is busy with at virtual time t_ms, as a reader of
 * its program sees it: a sleep it waits through (t_ms before the sleep's end),
 * else pc (nops at the end); -1 while it is in its start delay. */
int multi_pos_line_op(const struct multi_pos *p, const struct scenario_process *pr, int64_t t_ms);

#endif
