/* view.c - turns events into what the screen shows: the shown model (the same
 * model_apply the scheduler uses, so it can only agree), the log in plain words,
 * the table of writes into a shared value with the lost ones marked, and what
 * the model does not keep: the parts of a big pipe item a consumer has read so
 * far, whether its latest item was mixed, the value a FIFO's outside writer
 * wrote. An event of the outside writer (EVENT_ACTOR_OUTSIDE) is never used
 * as an index. */
#include "view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "describe.h"
#include "i18n.h"
#include "scenario_multi.h"

#define VIEW_FLASH_FRAMES 24  /* ~0.8 s at 30 frames a second */
#define VIEW_PULSE_FRAMES 12
#define VIEW_PIPE_BUF 4096    /* bytes a pipe writes atomically (PIPE_BUF on Linux) */

/* Cells of the widest value the scenario's producers put, so slots can be sized
 * once for the whole run and never jump. */
static int view_value_cols(const struct scenario *sc)
{
	int cols = 1;

	for (int g = 0; g < sc->ngroups; g++)
		for (size_t i = 0; i < sc->groups[g].nvalues; i++) {
			char num[16];
			int n = snprintf(num, sizeof num, "%d", (int)sc->groups[g].values[i]);
			if (n > cols)
				cols = n;
		}
	if (sc->multi)
		for (int p = 0; p < sc->multi->nprocs; p++)
			for (size_t o = 0; o < sc->multi->procs[p].nops; o++) {
				const struct scenario_op *op = &sc->multi->procs[p].ops[o];
				for (size_t i = 0; i < op->nvalues; i++) {
					char num[16];
					int n = snprintf(num, sizeof num, "%d", (int)op->values[i]);
					if (n > cols)
						cols = n;
				}
			}
	return cols;
}

/* A run of several channels: the shown model counts each channel as the run's
 * does (run_multi.c), and who uses which by its program. */
static void view_start_multi(struct view *v, const struct scenario *sc)
{
	const struct scenario_multi *m = sc->multi;

	memset(v->chan_puts, 0, sizeof v->chan_puts);
	memset(v->chan_gets, 0, sizeof v->chan_gets);
	model_init_multi(&v->shown, m);
	int proc[SCENARIO_MAX_ACTORS];
	for (int a = 0; a < sc->nactors; a++)
		proc[a] = sc->actors[a].group;
	model_init_programs(&v->shown, m, proc);
	for (int a = 0; a < sc->nactors; a++) { /* 32 bits: SCENARIO_MAX_ACTORS */
		const struct scenario_process *pr = &m->procs[sc->actors[a].group];
		for (int c = 0; c < v->shown.nchannels; c++) {
			bool reads, writes;
			scenario_multi_uses(pr, c, &reads, &writes);
			for (size_t o = 0; o < pr->nops; o++)
				writes |= pr->ops[o].kind == SOP_LOCK && pr->ops[o].ch == c;
			v->chan_puts[c] |= (uint32_t)writes << a;
			v->chan_gets[c] |= (uint32_t)reads << a;
		}
	}
}

/* Forgets what the events said beyond the model: parts, mixed items, the
 * outside writer's value. */
static void view_reset_extras(struct view *v)
{
	memset(v->extra, 0, sizeof v->extra);
	for (int a = 0; a < SCENARIO_MAX_ACTORS; a++)
		v->extra[a].mixed_by = -1;
	v->has_outside = false;
	v->outside_value = 0;
}

/* Contract in view.h. */
void view_start_run(struct view *v, const struct scenario *sc, int capacity,
		    const char *kernel_name, const char *path, int kernel_capacity,
		    long kernel_bytes, const char *call_put, const char *call_get)
{
	char names[SCENARIO_MAX_ACTORS][SCENARIO_NAME_MAX];
	enum role roles[SCENARIO_MAX_ACTORS];

	for (int a = 0; a < sc->nactors; a++) {
		snprintf(names[a], sizeof names[a], "%s", sc->actors[a].name);
		roles[a] = sc->actors[a].role;
		v->group[a] = sc->actors[a].group;
	}
	for (int a = 0; sc->multi && a < sc->nactors; a++)
		roles[a] = ROLE_PRODUCER; /* as run_multi.c's model: none is one */
	model_init(&v->shown, sc->channel, capacity, sc->nactors,
		   (const char (*)[SCENARIO_NAME_MAX])names, roles);
	v->deadlock[0] = '\0';
	if (sc->multi)
		view_start_multi(v, sc);
	model_set_item_bytes(&v->shown, sc->item_size); /* as the scheduler's model */
	v->choices = 0;
	v->selected = -1;
	v->tie[0] = '\0';
	snprintf(v->title, sizeof v->title, "%s", sc->title ? _(sc->title) : sc->name);
	snprintf(v->kernel_name, sizeof v->kernel_name, "%s", kernel_name);
	v->kernel_capacity = kernel_capacity;
	v->kernel_bytes = kernel_bytes;
	v->call_put = call_put;
	v->call_get = call_get;
	v->value_cols = view_value_cols(sc);
	v->item_size = sc->item_size;
	v->big_items = sc->item_size > VIEW_PIPE_BUF;
	snprintf(v->path, sizeof v->path, "%s", path ? path : "");
	view_reset_extras(v);
	v->last_actor = -1;
	v->nwrites = 0;
	memset(&v->kernel, 0, sizeof v->kernel);
	v->kernel.kfill = -1;
	v->kernel.model_kfill = -1;
	v->log_head = v->log_count = 0;
	v->travel.kind = VIEW_TRAVEL_NONE;
	v->flash = 0;
	memset(v->box_pulse, 0, sizeof v->box_pulse);
	v->finished = false;
	v->vclock_ms = 0;
	v->end_reason[0] = '\0';
	v->end_goal[0] = v->end_score[0] = '\0';
	lanes_reset(&v->lanes, lanes_col_ms_of(sc), &v->shown);
	v->past = false;
	v->step = v->steps = 0;
	v->nmarks = 0;
	v->quiet = false;
	v->dirty |= VIEW_DIRTY_ALL;
}

/* Contract in view.h. */
void view_begin_at(struct view *v, const struct model *m)
{
	v->shown = *m;
	v->deadlock[0] = '\0'; /* the events that follow say it again */
	v->last_actor = m->last.actor >= 0 && m->last.actor < m->nactors ? m->last.actor : -1;
	v->nwrites = 0;
	view_reset_extras(v);
	v->log_head = v->log_count = 0;
	v->travel.kind = VIEW_TRAVEL_NONE;
	v->flash = 0;
	memset(v->box_pulse, 0, sizeof v->box_pulse);
	lanes_reset(&v->lanes, v->lanes.col_ms, m);
	v->dirty |= VIEW_DIRTY_ALL & ~VIEW_DIRTY_LAYOUT;
}

/* A recording's marker for a moment worth stopping at: a value moved, a process
 * blocked or woke, a value was lost, a fault, an error, a note. */
static bool view_worth_a_mark(const struct event *ev)
{
	switch (ev->type) {
	case EV_PUT: case EV_GOT: case EV_WRITE: case EV_READ: case EV_BLOCKED:
	case EV_UNBLOCKED: case EV_OVERWRITTEN: case EV_STALE: case EV_FAULT: case EV_ERROR:
	case EV_EOF: case EV_NOTE: case EV_RESULT: case EV_PART: case EV_CHOOSE: case EV_GOAL:
	case EV_PREDICT:
		return true;
	case EV_EXIT:
		return ev->signal != 0;
	default:
		return false;
	}
}

/* Queues a marker labelled "who what"; past VIEW_MARKS_MAX between two frames
 * the oldest go (at --speed max many events share a frame anyway). */
static void view_mark(struct view *v, const struct view_log_line *line)
{
	if (v->nmarks == VIEW_MARKS_MAX) {
		memmove(v->marks[0], v->marks[1], (VIEW_MARKS_MAX - 1) * sizeof v->marks[0]);
		v->nmarks--;
	}
	snprintf(v->marks[v->nmarks++], sizeof v->marks[0], _("%s %s"), line->who, line->text);
}

static struct view_log_line *view_log_push(struct view *v)
{
	struct view_log_line *line;

	if (v->log_count < VIEW_LOG_MAX) {
		line = &v->log[(v->log_head + v->log_count) % VIEW_LOG_MAX];
		v->log_count++;
	} else {
		line = &v->log[v->log_head];
		v->log_head = (v->log_head + 1) % VIEW_LOG_MAX;
	}
	memset(line, 0, sizeof *line);
	v->dirty |= VIEW_DIRTY_LOG;
	return line;
}

/* Contract in view.h. */
const struct view_log_line *view_log_at(const struct view *v, int back)
{
	if (back < 0 || back >= v->log_count)
		return NULL;
	return &v->log[(v->log_head + v->log_count - 1 - back) % VIEW_LOG_MAX];
}

static void view_format_time(char *buf, size_t len, int64_t ms)
{
	snprintf(buf, len, "%s%lld.%03lld", ms < 0 ? "-" : "", (long long)(ms < 0 ? -ms : ms) / 1000,
		 (long long)(ms < 0 ? -ms : ms) % 1000);
}

/* Contract in view.h. */
void view_message(struct view *v, const char *fmt, ...)
{
	struct view_log_line *line = view_log_push(v);
	va_list ap;

	line->message = true;
	line->fill = -1;
	view_format_time(line->time, sizeof line->time, (int64_t)v->vclock_ms);
	snprintf(line->who, sizeof line->who, "ipcviz");
	va_start(ap, fmt);
	vsnprintf(line->text, sizeof line->text, fmt, ap);
	va_end(ap);
}

/* Contract in view.h. */
void view_mark_last(struct view *v)
{
	const struct view_log_line *l = view_log_at(v, 0);

	if (l && !v->quiet)
		view_mark(v, l);
}

static void view_write_push(struct view *v, int32_t value)
{
	if (v->nwrites == VIEW_WRITES_MAX) {
		memmove(v->writes, v->writes + 1, (VIEW_WRITES_MAX - 1) * sizeof v->writes[0]);
		v->nwrites--;
	}
	v->writes[v->nwrites++] = (struct view_write){.value = value};
}

/* The shared value's table: a read marks the latest write (what the cell
 * holds); an overwrite marks the unread write before the newest as lost. */
static void view_track_writes(struct view *v, const struct event *ev)
{
	switch (ev->type) {
	case EV_WRITE:
		view_write_push(v, ev->value);
		break;
	case EV_READ:
		if (v->nwrites > 0) {
			struct view_write *w = &v->writes[v->nwrites - 1];
			w->mark = VIEW_WRITE_READ;
			w->reads++;
		}
		break;
	case EV_OVERWRITTEN:
		for (int i = v->nwrites - 2; i >= 0; i--)
			if (v->writes[i].mark == VIEW_WRITE_UNREAD && v->writes[i].value == ev->value) {
				v->writes[i].mark = VIEW_WRITE_LOST;
				break;
			}
		break;
	default:
		break;
	}
}

/* Contract in view.h. */
bool view_backward(const struct view *v, const struct event *ev)
{
	return (ev->type == EV_PUT || ev->type == EV_GOT) && model_backward(&v->shown, ev);
}

/* The parts of a big pipe item as its consumer reads them, whether the item
 * it put together was mixed, and what a writer outside ipcviz wrote. */
static void view_track_extras(struct view *v, const struct event *ev, bool effects)
{
	struct view_actor_extra *x;

	if (ev->type == EV_PUT && ev->actor == EVENT_ACTOR_OUTSIDE) {
		v->has_outside = true;
		v->outside_value = ev->value;
		return;
	}
	if (ev->actor < 0 || ev->actor >= v->shown.nactors || ev->actor >= SCENARIO_MAX_ACTORS)
		return;
	x = &v->extra[ev->actor];
	if (ev->type == EV_PART) {
		if (x->nparts < VIEW_PARTS_MAX)
			x->part_value[x->nparts] = ev->value;
		x->nparts++;
		x->part_bytes += ev->bytes > 0 ? ev->bytes : 0;
		x->mixed = false;
	} else if (ev->type == EV_GOT && !view_backward(v, ev)) {
		x->nparts = 0;
		x->part_bytes = 0;
		x->mixed = ev->mixed;
		x->mixed_value = ev->mixed_value;
		x->mixed_by = ev->mixed ? ev->by : -1;
		if (ev->mixed && effects)
			v->flash = VIEW_FLASH_FRAMES;
	}
}

/* The name the log gives an event's actor. */
static const char *view_who(const struct view *v, int actor)
{
	if (actor >= 0 && actor < v->shown.nactors)
		return v->shown.actors[actor].name;
	/* TRANSLATORS: in the log, the actor of a write by a process ipcviz did not start */
	return actor == EVENT_ACTOR_OUTSIDE ? _("outside") : "ipcviz";
}

/* Log lines of text cut at VIEW_WRAP_CELLS, as ipcviz's messages, each
 * indented by two spaces; the first goes into `first` when given (the
 * event's own line). */
static void view_wrapped(struct view *v, struct view_log_line *first, const char *text)
{
	const char *s = text, *next;
	char copy[VIEW_LOG_TEXT];

	snprintf(copy, sizeof copy, "%s", text);
	s = copy;
	while (*s) {
		size_t n = cells_line(s, VIEW_WRAP_CELLS, &next);
		if (first) {
			snprintf(first->text, sizeof first->text, "%.*s", (int)n, s);
			first = NULL;
		} else {
			view_message(v, "  %.*s", (int)n, s);
		}
		if (next == s)
			break;
		s = next;
	}
}

/* Contract in view.h. */
void view_message_wrapped(struct view *v, const char *text)
{
	view_wrapped(v, NULL, text);
}

/* A predict answer: its line cut to fit, then the evidence: the e panel's
 * words on the actor (they hold its state, wait channel and syscall when it
 * sleeps). Several channels: only where it sleeps, in a line, so that the
 * answer stays in the few lines of that screen's log (its stage shows each
 * process's state, wait channel and syscall; e the whole panel). */
static void view_predict_lines(struct view *v, struct view_log_line *line, int actor)
{
	char buf[2048], *s, *e;

	view_wrapped(v, line, line->text);
	if (actor < 0 || actor >= v->shown.nactors)
		return;
	if (view_multi(v))
		describe_multi_asleep_short(&v->shown, actor, buf, sizeof buf);
	else
		describe_explain(&v->shown, actor, buf, sizeof buf);
	for (s = buf; *s; s = e) {
		e = strchr(s, '\n');
		if (e)
			*e++ = '\0';
		else
			e = s + strlen(s);
		if (*s)
			view_wrapped(v, NULL, s);
	}
}

/* Contract in view.h. */
void view_apply(struct view *v, const struct event *ev, bool effects)
{
	struct event copy = *ev;
	struct view_log_line *line;

	if (v->quiet)
		effects = false;
	model_apply(&v->shown, &copy);
	lanes_apply(&v->lanes, &v->shown, &copy);
	view_track_writes(v, &copy);
	view_track_extras(v, &copy, effects);
	if (copy.actor >= 0 && copy.actor < v->shown.nactors && copy.type != EV_KERNEL)
		v->last_actor = copy.actor;
	if (effects && copy.type == EV_OVERWRITTEN)
		v->flash = VIEW_FLASH_FRAMES;
	if (effects && copy.type == EV_BLOCKED && copy.actor >= 0 &&
	    copy.actor < SCENARIO_MAX_ACTORS)
		v->box_pulse[copy.actor] = VIEW_PULSE_FRAMES;
	if (copy.type == EV_CHOOSE)
		v->choices++;
	if (copy.type == EV_DEADLOCK)
		describe_multi_deadlock(&v->shown, &copy, v->deadlock, sizeof v->deadlock);
	else if (copy.type == EV_FAULT)
		v->deadlock[0] = '\0'; /* a kill breaks it */
	line = view_log_push(v);
	view_format_time(line->time, sizeof line->time, copy.t_ms);
	snprintf(line->who, sizeof line->who, "%s", view_who(v, copy.actor));
	describe_event(&v->shown, &copy, line->text, sizeof line->text);
	if (copy.type == EV_GOAL) /* for the end panel too: a goal often ends the run */
		snprintf(v->end_goal, sizeof v->end_goal, "%s", line->text);
	line->fill = copy.fill;
	line->mixed = copy.type == EV_GOT && copy.mixed;
	line->type = copy.type;
	line->op = copy.op;
	line->signal = copy.signal;
	if (!v->quiet && view_worth_a_mark(&copy))
		view_mark(v, line);
	if (copy.type == EV_PREDICT)
		view_predict_lines(v, line, copy.actor);
	v->dirty |= VIEW_DIRTY_STAGE | VIEW_DIRTY_LOG | VIEW_DIRTY_HEADER;
}

/* Contract in view.h. */
void view_set_kernel(struct view *v, const struct view_kernel *k)
{
	if (memcmp(&v->kernel, k, sizeof *k) == 0)
		return;
	v->kernel = *k;
	v->dirty |= VIEW_DIRTY_STAGE;
}

/* Contract in view.h. */
void view_kernel_recorded(const struct model *m, struct view_kernel *out)
{
	struct view_kernel k;

	memset(&k, 0, sizeof k);
	for (int a = 0; a < m->nactors; a++) {
		const struct model_actor *ma = &m->actors[a];
		struct view_proc *p = &k.proc[a];
		if (ma->state != ACTOR_BLOCKED || !ma->has_kernel)
			continue;
		p->valid = true;
		p->state = ma->kstate;
		p->in_syscall = ma->syscall[0] != '\0';
		snprintf(p->wchan, sizeof p->wchan, "%s", ma->wchan);
		snprintf(p->syscall, sizeof p->syscall, "%s", ma->syscall[0] ? ma->syscall : "-");
	}
	/* the kernel's count as recorded, only at the moment it was recorded */
	k.kfill = m->last.type == EV_KERNEL ? m->last.kfill : -1;
	k.model_kfill = -1; /* a recorded count is compared when it was taken */
	k.recorded = true;
	*out = k;
}

/* Contract in view.h. */
void view_set_recorded_kernel(struct view *v)
{
	struct view_kernel k;

	view_kernel_recorded(&v->shown, &k);
	view_set_kernel(v, &k);
}

/* Contract in view.h. */
int view_explain_actor(const struct view *v)
{
	const struct model *m = &v->shown;

	if (m->nactors <= 0)
		return -1;
	for (int a = 0; a < m->nactors; a++)
		if (m->actors[a].state == ACTOR_BLOCKED)
			return a;
	if (v->last_actor >= 0 && v->last_actor < m->nactors)
		return v->last_actor;
	return 0;
}

/* ---- what the channel shown is, for the screen ------------------------------- */

/* Contract in view.h. */
const struct channel_desc *view_desc(const struct view *v)
{
	const struct channel_desc *d = channel_desc_of(v->shown.channel);

	return d ? d : &channel_shm_desc;
}

/* Contract in view.h. */
bool view_split_items(const struct view *v)
{
	return v->big_items && !view_desc(v)->cell;
}

/* Contract in view.h. */
int view_pages_used(const struct view *v)
{
	int k = v->kernel.kfill;

	return k < 0 ? -1 : (k + VIEW_PIPE_BUF - 1) / VIEW_PIPE_BUF;
}

/* Contract in view.h. */
bool view_has_size_line(const struct view *v)
{
	return view_desc(v)->sized_items && (v->item_size > 0 || v->big_items);
}

/* Contract in view.h. */
int view_loaded_actor(const struct view *v, int from)
{
	const struct model *m = &v->shown;

	if (!view_desc(v)->counter)
		return -1;
	for (int a = from < 0 ? 0 : from; a < m->nactors; a++)
		if (m->actors[a].done % 2 == 1 && m->actors[a].has_last &&
		    m->actors[a].state != ACTOR_FINISHED && m->actors[a].state != ACTOR_KILLED)
			return a;
	return -1;
}

/* Contract in view.h. */
bool view_traveling(const struct view *v, int a)
{
	return v->travel.kind != VIEW_TRAVEL_NONE && v->travel.actor == a;
}

/* Contract in view.h. */
bool view_multi(const struct view *v)
{
	return v->shown.nchannels > 0;
}
