/* code.c - the code pane's choices (code.h): the lines it shows and the line
 * each process is at. The line is chosen from the model the screen shows, so
 * the marks follow the past in a replay and after stepping back: for one
 * channel by counting the operations done, for several by the place in its
 * program the model keeps for each process (multi_pos.h), matched to the
 * program's lines by their do line (program_line.op) and tag. */
#include "code.h"

#include <string.h>

#include "channel.h"

/* Contract in code.h. */
size_t code_shown_lines(const struct program *p, size_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nlines && n < max; i++)
		if (p->lines[i].group >= 0 && p->lines[i].text[0])
			out[n++] = i;
	return n;
}

static bool code_is_op(enum program_tag t)
{
	return t == PROGRAM_PUT || t == PROGRAM_GET || t == PROGRAM_WRITE || t == PROGRAM_READ ||
	       t == PROGRAM_LOAD || t == PROGRAM_STORE;
}

static bool code_is_put(enum program_tag t)
{
	return t == PROGRAM_PUT || t == PROGRAM_WRITE || t == PROGRAM_STORE;
}

/* Does line text call `call` ("write(" and not "fwrite(")? */
static bool code_calls(const char *text, const char *call)
{
	size_t n = strlen(call);

	for (const char *s = strstr(text, call); s; s = strstr(s + 1, call)) {
		bool start = s == text || !(s[-1] == '_' || (s[-1] >= 'a' && s[-1] <= 'z'));
		if (start && s[n] == '(')
			return true;
	}
	return false;
}

/* The line a blocked process of group g sleeps in for operation op. In C the
 * first line of its function that calls the syscall the kernel shows (as the
 * shown moment's kernel event recorded it, else the channel's); else
 * (Python, or a library call around the syscall: sem_wait sleeps in futex)
 * its first operation of that kind, a blocking one first, else its first
 * operation. */
static int code_blocked_line(const struct program *p, const struct view *v, int a)
{
	const struct model_actor *ma = &v->shown.actors[a];
	enum event_op op = ma->blocked_op;
	int g = v->group[a];
	/* the kernel's word where the events recorded it (a socket pair's
	   producer sleeps in read, for the answer, inside its put) */
	const char *call = ma->has_kernel && ma->syscall[0] ? ma->syscall
			   : op == OP_PUT ? v->call_put : v->call_get;
	int kind_blocks = -1, kind = -1, any = -1;

	for (size_t i = 0; i < p->nlines && p->lang == PROGRAM_C && call; i++)
		if (p->lines[i].group == g && p->lines[i].tag != PROGRAM_COMMENT &&
		    code_calls(p->lines[i].text, call))
			return (int)i;
	for (size_t i = 0; i < p->nlines; i++) {
		const struct program_line *l = &p->lines[i];
		if (l->group != g || !code_is_op(l->tag))
			continue;
		bool same = code_is_put(l->tag) == (op == OP_PUT);
		if (same && l->blocks && kind_blocks < 0)
			kind_blocks = (int)i;
		if (same && kind < 0)
			kind = (int)i;
		if (any < 0)
			any = (int)i;
	}
	return kind_blocks >= 0 ? kind_blocks : kind >= 0 ? kind : any;
}

/* The n-th line (from 0) of group g with a tag that `want` accepts; -1 if
 * there is none. */
static int code_nth(const struct program *p, int g, bool (*want)(enum program_tag), int n)
{
	for (size_t i = 0; i < p->nlines; i++)
		if (p->lines[i].group == g && want(p->lines[i].tag) && n-- == 0)
			return (int)i;
	return -1;
}

static bool code_is_sleep(enum program_tag t)
{
	return t == PROGRAM_SLEEP;
}

/* Several channels: the line of do line k of group g tagged `tag` (the call
 * a process sleeps in first), else the do line's first (its comment, as for
 * a close of no ends left); -1 if there is none. k is -1 for the start delay,
 * whose only line is its pause. */
static int code_op_line(const struct program *p, int g, int k, enum program_tag tag)
{
	int first = -1, tagged = -1;

	for (size_t i = 0; i < p->nlines; i++) {
		const struct program_line *l = &p->lines[i];
		if (l->group != g || l->op != k)
			continue;
		if (first < 0 && k >= 0)
			first = (int)i;
		if (l->tag == tag && l->blocks)
			return (int)i;
		if (l->tag == tag && tagged < 0)
			tagged = (int)i;
	}
	return tagged >= 0 ? tagged : first;
}

/* The tag of the line that does do line `op` next: an echo's get or put by
 * the half that comes next. */
static enum program_tag code_op_tag(const struct scenario_op *op, bool echo_put)
{
	switch (op->kind) {
	case SOP_PUT:
		return PROGRAM_PUT;
	case SOP_GET:
		return PROGRAM_GET;
	case SOP_ECHO:
		return echo_put ? PROGRAM_PUT : PROGRAM_GET;
	case SOP_SLEEP:
		return PROGRAM_SLEEP;
	case SOP_CLOSE:
		return PROGRAM_SETUP;
	default:
		return PROGRAM_LOCK;
	}
}

/* Several channels: where the shown model's actor is in its program
 * (model_actor.pos, from the events). Asleep in the kernel: the call of its
 * current do line it sleeps in (write, read, pthread_mutex_lock); between
 * steps: the line of the operation it does next, or the sleep it waits
 * through at the shown moment, or its start delay; ended: none. */
static int code_multi_line(const struct program *p, const struct view *v, int a,
			   enum actor_state st)
{
	const struct model_actor *ma = &v->shown.actors[a];
	const struct scenario_process *pr;
	const struct scenario_op *op;
	int k;

	if (ma->proc < 0 || !v->shown.programs || (st != ACTOR_BLOCKED && st != ACTOR_WAITING))
		return -1;
	pr = &v->shown.programs->procs[ma->proc];
	op = multi_pos_op(&ma->pos, pr);
	if (st == ACTOR_BLOCKED)
		return op ? code_op_line(p, ma->proc, ma->pos.pc,
					 ma->blocked_op == OP_PUT   ? PROGRAM_PUT
					 : ma->blocked_op == OP_LOCK ? PROGRAM_LOCK
								     : PROGRAM_GET)
			  : -1;
	k = multi_pos_line_op(&ma->pos, pr, v->shown.t_ms);
	if (k < 0)
		return code_op_line(p, ma->proc, -1, PROGRAM_SLEEP);
	if ((size_t)k >= pr->nops)
		return -1;
	return code_op_line(p, ma->proc, k, code_op_tag(&pr->ops[k], ma->pos.echo_put));
}

/* Contract in code.h. */
int code_line_of(const struct program *p, const struct view *v, int a)
{
	if (!p || a < 0 || a >= v->shown.nactors)
		return -1;

	const struct model_actor *ma = &v->shown.actors[a];
	enum actor_state st = ma->state == ACTOR_STOPPED ? ma->stopped_from : ma->state;
	int g = v->group[a], sleeps, line;

	if (view_multi(v))
		return code_multi_line(p, v, a, st);
	if (st == ACTOR_BLOCKED)
		return code_blocked_line(p, v, a);
	if (st != ACTOR_WAITING)
		return -1;
	/* a start delay is the group's first pause: count it in */
	sleeps = 0;
	for (size_t i = 0; i < p->nlines; i++)
		if (p->lines[i].group == g && p->lines[i].tag == PROGRAM_SLEEP) {
			bool before_op = code_nth(p, g, code_is_op, 0) > (int)i;
			sleeps += before_op;
		}
	if (ma->done == 0 && sleeps == 0)
		return code_nth(p, g, code_is_op, 0);
	if (ma->done == 0)
		return code_nth(p, g, code_is_sleep, 0);
	/* a race alternates load and store, each followed by its pause */
	int pauses = 0;
	for (size_t i = 0; i < p->nlines; i++)
		pauses += p->lines[i].group == g && p->lines[i].tag == PROGRAM_SLEEP;
	int in_loop = pauses - sleeps;
	line = code_nth(p, g, code_is_sleep, sleeps + (in_loop > 1 ? (int)((ma->done - 1) % in_loop) : 0));
	return line >= 0 ? line : code_nth(p, g, code_is_op, 0);
}

/* Contract in code.h. */
int code_focus(const struct view *v)
{
	if (v->choosing && v->selected >= 0 && v->selected < v->shown.nactors)
		return v->selected;
	return view_explain_actor(v);
}
