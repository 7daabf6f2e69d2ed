/* replay.c - a trace file read, checked and cut into the scheduler's steps,
 * and played behind the run interface (run.h) for the screen and the headless
 * timeline. The rules that find the steps are in replay.h. */
#include "replay.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "describe.h"
#include "i18n.h"
#include "model.h"
#include "replay_multi.h"

/* What kind of step is being gathered. */
enum replay_group { GROUP_EMPTY, GROUP_SPAWN, GROUP_OWN, GROUP_STEP, GROUP_CHOSEN };

static bool replay_is_operation(enum event_type type)
{
	switch (type) {
	case EV_PUT: case EV_GOT: case EV_WRITE: case EV_READ: case EV_BLOCKED: case EV_ERROR:
	case EV_EOF: case EV_PART: /* a read of part of a big pipe item is a step too */
	case EV_CLOSE: case EV_LOCK: case EV_UNLOCK: /* several channels' (DESIGN 14) */
		return true;
	default:
		return false;
	}
}

/* Contract in replay.h. */
int replay_cut(const struct event *evs, size_t n, size_t **ends_out, size_t *nsteps_out)
{
	enum replay_group kind = GROUP_EMPTY;
	uint64_t woken = 0;
	int64_t t = 0;
	size_t *ends = malloc((n ? n : 1) * sizeof *ends), nsteps = 0;

	*ends_out = NULL;
	*nsteps_out = 0;
	if (!ends)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct event *ev = &evs[i];
		bool op = replay_is_operation(ev->type);
		bool own = ev->type == EV_FAULT || ev->type == EV_NOTE;
		bool woke = ev->actor >= 0 && ev->actor < 64 && (woken >> ev->actor & 1);
		bool cut = false;

		if (ev->type == EV_CHOOSE) {
			cut = kind != GROUP_EMPTY; /* a choice opens its step, always */
		} else if (kind == GROUP_CHOSEN) {
			/* what the choice caused: the script's actions it reached, then the
			 * chosen one's operation (sched_step_actor) */
		} else if (kind != GROUP_EMPTY) {
			if (ev->t_ms != t)
				cut = true;
			else if (op) /* the woken finish their call in the step that woke them,
				      * a script's cont too (multi_script_signal, settle) */
				cut = (kind != GROUP_STEP && kind != GROUP_OWN) || !woke;
			else if (own)
				cut = kind != GROUP_OWN;
			else if (ev->type == EV_SPAWN)
				cut = kind != GROUP_SPAWN;
		}
		if (cut) {
			ends[nsteps++] = i;
			kind = GROUP_EMPTY;
			woken = 0;
		}
		if (ev->type == EV_CHOOSE)
			kind = GROUP_CHOSEN;
		else if (kind == GROUP_EMPTY || op) /* an exit or a kernel event alone is a step too */
			kind = op ? GROUP_STEP : own ? GROUP_OWN : ev->type == EV_SPAWN ? GROUP_SPAWN
									 : GROUP_STEP;
		if (ev->type == EV_UNBLOCKED && ev->actor >= 0 && ev->actor < 64)
			woken |= 1ull << ev->actor;
		else if (op && woke && !cut && ev->ch[0])
			/* among several channels a woken process finishes the one
			 * call it slept in; its next operation is a grant of its own */
			woken &= ~(1ull << ev->actor);
		t = ev->t_ms;
	}
	if (kind != GROUP_EMPTY)
		ends[nsteps++] = n;
	*ends_out = ends;
	*nsteps_out = nsteps;
	return 0;
}

/* A message about the header: "FILE:1: what"; only the words are translated. */
static void replay_header_fail(const struct replay *r, char *err, size_t errlen,
			       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void replay_header_fail(const struct replay *r, char *err, size_t errlen,
			       const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, errlen, "%s:1: ", r->path);

	if (n < 0 || (size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

/* The title of a built-in scenario of that name, or NULL. */
static char *replay_builtin_title(const char *name)
{
	const struct scenario_builtin *b = scenario_builtin_find(name);
	struct scenario sc;
	char err[256], *title = NULL;

	if (!b || scenario_parse(b->text, b->name, &sc, err, sizeof err) != 0)
		return NULL;
	if (sc.title)
		title = strdup(sc.title);
	scenario_free(&sc);
	return title;
}

/* What the screen needs from a scenario, made from the trace's header. -1 with
 * a message when the header cannot be shown. */
static int replay_scenario(struct replay *r, char *err, size_t errlen)
{
	struct scenario *sc = &r->sc;
	const struct channel_desc *d = channel_desc_by_word(r->h.channel);

	memset(sc, 0, sizeof *sc);
	if (strcmp(r->h.channel, "several") == 0) { /* DESIGN 14: programs, not one channel */
		if (replay_multi_scenario(&r->h, r->path, sc, err, errlen) != 0)
			return -1;
		snprintf(sc->name, sizeof sc->name, "%s",
			 r->h.scenario[0] ? r->h.scenario : "trace");
		free(sc->title); /* the grammar's, named after the text it read */
		sc->title = r->h.title[0] ? strdup(r->h.title) : replay_builtin_title(sc->name);
		return 0;
	}
	if (!d) {
		char words[256];
		replay_header_fail(r, err, errlen, _("unknown channel \"%s\" (%s)"), r->h.channel,
				   channel_words(words, sizeof words));
		return -1;
	}
	if (!d->cell && (r->h.capacity < 1 || r->h.capacity > MODEL_MAX_SLOTS)) {
		replay_header_fail(r, err, errlen, _("capacity must be 1..%d"), MODEL_MAX_SLOTS);
		return -1;
	}
	if (r->h.nactors < 1 || r->h.nactors > SCENARIO_MAX_ACTORS) {
		replay_header_fail(r, err, errlen, _("the header must name 1 to %d actors"),
				   SCENARIO_MAX_ACTORS);
		return -1;
	}
	snprintf(sc->name, sizeof sc->name, "%s", r->h.scenario[0] ? r->h.scenario : "trace");
	sc->title = replay_builtin_title(sc->name);
	sc->channel = d->kind;
	sc->capacity = r->h.capacity;
	sc->item_size = r->h.item_bytes;
	sc->nactors = r->h.nactors;
	for (int a = 0; a < sc->nactors; a++) {
		snprintf(sc->actors[a].name, sizeof sc->actors[a].name, "%s", r->h.actors[a].name);
		sc->actors[a].role = r->h.actors[a].role;
	}
	return 0;
}

/* Contract in replay.h. */
int replay_load(struct replay *r, const char *path, char *err, size_t errlen)
{
	FILE *f;

	memset(r, 0, sizeof *r);
	r->path = path;
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (trace_read(f, path, &r->h, &r->evs, &r->n, err, errlen) != 0) {
		fclose(f);
		return -1;
	}
	fclose(f);
	if (replay_scenario(r, err, errlen) != 0 ||
	    replay_cut(r->evs, r->n, &r->ends, &r->nsteps) != 0) {
		if (!err[0])
			snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
		replay_free(r);
		return -1;
	}
	r->value_cols = 1;
	for (size_t i = 0; i < r->n; i++)
		if (r->evs[i].has_value) {
			char num[16];
			int w = snprintf(num, sizeof num, "%d", (int)r->evs[i].value);
			if (w > r->value_cols)
				r->value_cols = w;
		}
	return 0;
}

/* Contract in replay.h. */
void replay_free(struct replay *r)
{
	trace_header_free(&r->h);
	free(r->evs);
	free(r->ends);
	scenario_free(&r->sc);
	memset(r, 0, sizeof *r);
}


/* ---- a trace played behind the run interface ------------------------------------------ */

struct replay_run {
	struct run base;          /* first: a struct run * is a struct replay_run * */
	const struct replay *rp;
	size_t next;              /* the next step to play */
	struct model m;           /* after the steps played */
	struct event *step;       /* the latest step's events, applied to m (fill set) */
	size_t nstep;
	char end[1024];           /* a deadlock's words, when the latest step had one */
};

static const struct replay_run *replay_of(const struct run *r)
{
	return (const struct replay_run *)r;
}

/* The first event of step k. */
static size_t replay_step_from(const struct replay *rp, size_t k)
{
	return k == 0 ? 0 : rp->ends[k - 1];
}

static void replay_run_destroy(struct run *r)
{
	free(((struct replay_run *)r)->step);
	free(r);
}

static bool replay_run_finished(const struct run *r)
{
	return replay_of(r)->next >= replay_of(r)->rp->nsteps;
}

static const char *replay_run_end_reason(const struct run *r)
{
	/* a trace does not say why its run ended, but a deadlock says it in
	 * its event, in the words the live run ended with */
	return replay_run_finished(r) ? replay_of(r)->end : "";
}

static int64_t replay_run_next_due(const struct run *r)
{
	const struct replay_run *p = replay_of(r);

	if (p->next >= p->rp->nsteps)
		return INT64_MAX;
	return p->rp->evs[replay_step_from(p->rp, p->next)].t_ms;
}

static int64_t replay_run_now(const struct run *r)
{
	const struct replay_run *p = replay_of(r);

	return p->next == 0 ? 0 : p->rp->evs[p->rp->ends[p->next - 1] - 1].t_ms;
}

/* The operation a recorded outcome answers, as the live scheduler's peek says
 * it before the step (a put that blocked or failed was a put; end of file or
 * part of an item answered a get; a race's load can wait for its lock): a
 * peek must not tell what is about to happen (predictions, DESIGN 13). */
static enum event_type replay_asked(const struct replay *rp, const struct event *e)
{
	const struct channel_desc *d = rp->sc.multi ? NULL : channel_desc_of(rp->sc.channel);
	bool counter = d && d->counter;

	switch (e->type) {
	case EV_BLOCKED: case EV_ERROR:
		if (e->op == OP_LOCK)
			return EV_LOCK;
		if (e->op == OP_PUT)
			return counter ? EV_WRITE : EV_PUT;
		return counter ? EV_READ : EV_GOT;
	case EV_EOF: case EV_PART:
		return EV_GOT;
	default:
		return e->type;
	}
}

/* The actor whose operation opens step k (the granted one), or -1; with
 * next, that operation as a peek says it (its channel by the model m's index). */
static int replay_step_actor(const struct replay *rp, size_t k, const struct model *m,
			     struct run_next *next)
{
	enum event_type first = rp->evs[replay_step_from(rp, k)].type;

	if (first == EV_FAULT || first == EV_NOTE)
		return -1; /* the script's step: what a cont let finish was granted before */
	for (size_t i = replay_step_from(rp, k); i < rp->ends[k]; i++)
		if (replay_is_operation(rp->evs[i].type)) {
			if (next) {
				next->actor = rp->evs[i].actor;
				next->op = replay_asked(rp, &rp->evs[i]);
				next->t_ms = rp->evs[i].t_ms;
				next->ch = rp->evs[i].ch[0] ? model_channel_index(m, rp->evs[i].ch)
							   : -1;
			}
			return rp->evs[i].actor;
		}
	return -1;
}

static int replay_run_step(struct run *r, int actor, char *err, size_t errlen)
{
	struct replay_run *p = (struct replay_run *)r;
	const struct replay *rp = p->rp;

	if (p->next >= rp->nsteps)
		return 0; /* nothing more: no events */
	if (actor != RUN_ANY && actor != replay_step_actor(rp, p->next, NULL, NULL)) {
		snprintf(err, errlen, "%s", _("A replay plays the order its trace recorded."));
		return -1;
	}
	p->nstep = 0;
	p->end[0] = '\0';
	for (size_t i = replay_step_from(rp, p->next); i < rp->ends[p->next]; i++) {
		p->step[p->nstep] = rp->evs[i]; /* the trace's own stays as it was read */
		model_apply(&p->m, &p->step[p->nstep++]);
		if (rp->evs[i].type == EV_DEADLOCK)
			describe_multi_deadlock(&p->m, &rp->evs[i], p->end, sizeof p->end);
	}
	p->next++;
	return 0;
}

static const struct event *replay_run_events(const struct run *r, size_t *count)
{
	const struct replay_run *p = replay_of(r);

	*count = p->nstep;
	return p->step;
}

static const struct model *replay_run_model(const struct run *r)
{
	return &replay_of(r)->m;
}

static const struct scenario *replay_run_scenario(const struct run *r)
{
	return &replay_of(r)->rp->sc;
}

static const struct trace_header *replay_run_header(const struct run *r)
{
	return &replay_of(r)->rp->h;
}

static void replay_run_info(const struct run *r, struct run_info *info)
{
	const struct replay *rp = replay_of(r)->rp;
	const struct channel_desc *d = rp->sc.multi ? NULL : channel_desc_of(rp->sc.channel);
	const struct channel_ops *ops = d ? d->ops : NULL;
	int kcap = rp->sc.capacity;
	long bytes = 0;

	if (d && d->kernel_size) /* no kernel object: what it would have given */
		d->kernel_size(rp->sc.capacity, &kcap, &bytes);
	memset(info, 0, sizeof *info);
	info->kernel_name = rp->h.kernel_name;
	info->path = rp->h.path;
	info->capacity = rp->sc.multi ? 0 : rp->sc.capacity; /* each channel has its own */
	info->kernel_capacity = rp->sc.multi ? 0 : kcap;
	info->kernel_bytes = bytes;
	if (ops && ops->blocking_call) {
		info->call_put = ops->blocking_call(ROLE_PRODUCER);
		info->call_get = ops->blocking_call(ROLE_CONSUMER);
	}
	info->all = rp->evs;
	info->nall = rp->n;
	info->value_cols = rp->value_cols;
}

static int replay_run_peek(const struct run *r, struct run_next *next)
{
	const struct replay_run *p = replay_of(r);

	if (p->next >= p->rp->nsteps)
		return -1;
	return replay_step_actor(p->rp, p->next, &p->m, next) >= 0 ? 0 : -1;
}

static enum run_can replay_run_can_step(const struct run *r, int actor)
{
	const struct replay_run *p = replay_of(r);

	if (p->next >= p->rp->nsteps)
		return RUN_CANNOT_FINISHED;
	return actor == replay_step_actor(p->rp, p->next, NULL, NULL) ? RUN_CAN : RUN_CANNOT_RECORDED;
}

static const struct run_ops replay_run_ops = {
	.destroy = replay_run_destroy,
	.finished = replay_run_finished,
	.end_reason = replay_run_end_reason,
	.next_due = replay_run_next_due,
	.now = replay_run_now,
	.step = replay_run_step,
	.events = replay_run_events,
	.model = replay_run_model,
	.scenario = replay_run_scenario,
	.header = replay_run_header,
	.info = replay_run_info,
	.peek = replay_run_peek,
	.can_step = replay_run_can_step,
};

/* Contract in replay.h. */
void replay_start_model(const struct replay *rp, struct model *m)
{
	char names[SCENARIO_MAX_ACTORS][SCENARIO_NAME_MAX];
	enum role roles[SCENARIO_MAX_ACTORS];

	for (int a = 0; a < rp->sc.nactors; a++) {
		snprintf(names[a], sizeof names[a], "%s", rp->sc.actors[a].name);
		roles[a] = rp->sc.actors[a].role;
	}
	if (rp->sc.multi) { /* as run_multi.c's model: no actor has a role, each channel its fill */
		for (int a = 0; a < rp->sc.nactors; a++)
			roles[a] = ROLE_PRODUCER;
		model_init(m, CHANNEL_PIPE, 0, rp->sc.nactors,
			   (const char (*)[SCENARIO_NAME_MAX])names, roles);
		model_init_multi(m, rp->sc.multi);
		int proc[SCENARIO_MAX_ACTORS];
		for (int a = 0; a < rp->sc.nactors; a++)
			proc[a] = rp->sc.actors[a].group;
		model_init_programs(m, rp->sc.multi, proc);
		return;
	}
	model_init(m, rp->sc.channel, rp->sc.capacity, rp->sc.nactors,
		   (const char (*)[SCENARIO_NAME_MAX])names, roles);
	model_set_item_bytes(m, rp->sc.item_size); /* as the live run's model */
}

/* Contract in replay.h. */
struct run *replay_run_create(const struct replay *rp, char *err, size_t errlen)
{
	struct replay_run *p = calloc(1, sizeof *p);
	size_t longest = 1;

	for (size_t k = 0; k < rp->nsteps; k++)
		if (rp->ends[k] - replay_step_from(rp, k) > longest)
			longest = rp->ends[k] - replay_step_from(rp, k);
	if (p)
		p->step = malloc(longest * sizeof *p->step);
	if (!p || !p->step) {
		free(p);
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	replay_start_model(rp, &p->m);
	p->rp = rp;
	p->base.ops = &replay_run_ops;
	replay_run_step(&p->base, RUN_ANY, err, errlen); /* the start: its spawns */
	return &p->base;
}
