/* replay.c - a trace file cut into the scheduler's steps, for the screen and
 * the headless timeline. The rules that find the steps are in replay.h. */
#include "replay.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "describe.h"
#include "i18n.h"
#include "model.h"

/* What kind of step is being gathered. */
enum replay_group { GROUP_EMPTY, GROUP_SPAWN, GROUP_OWN, GROUP_STEP };

static bool replay_is_operation(enum event_type type)
{
	switch (type) {
	case EV_PUT: case EV_GOT: case EV_WRITE: case EV_READ: case EV_BLOCKED: case EV_ERROR:
	case EV_EOF:
		return true;
	default:
		return false;
	}
}

/* Cuts the events into steps (replay.h). -1 when out of memory. */
static int replay_cut(struct replay *r)
{
	enum replay_group kind = GROUP_EMPTY;
	uint64_t woken = 0;
	int64_t t = 0;

	r->ends = malloc((r->n ? r->n : 1) * sizeof *r->ends);
	if (!r->ends)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct event *ev = &r->evs[i];
		bool op = replay_is_operation(ev->type);
		bool own = ev->type == EV_FAULT || ev->type == EV_NOTE;
		bool woke = ev->actor >= 0 && ev->actor < 64 && (woken >> ev->actor & 1);
		bool cut = false;

		if (kind != GROUP_EMPTY) {
			if (ev->t_ms != t)
				cut = true;
			else if (op)
				cut = kind != GROUP_STEP || !woke;
			else if (own)
				cut = kind != GROUP_OWN;
			else if (ev->type == EV_SPAWN)
				cut = kind != GROUP_SPAWN;
		}
		if (cut) {
			r->ends[r->nsteps++] = i;
			kind = GROUP_EMPTY;
			woken = 0;
		}
		if (kind == GROUP_EMPTY || op) /* an exit or a kernel event alone is a step too */
			kind = op ? GROUP_STEP : own ? GROUP_OWN : ev->type == EV_SPAWN ? GROUP_SPAWN
									 : GROUP_STEP;
		if (ev->type == EV_UNBLOCKED && ev->actor >= 0 && ev->actor < 64)
			woken |= 1ull << ev->actor;
		t = ev->t_ms;
	}
	if (kind != GROUP_EMPTY)
		r->ends[r->nsteps++] = r->n;
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
	const struct channel_ops *ops;
	enum channel_kind kind;

	memset(sc, 0, sizeof *sc);
	ops = channel_ops_by_name(r->h.channel, &kind);
	if (!ops) {
		replay_header_fail(r, err, errlen,
				   _("unknown channel \"%s\" (pipe, queue, shm, ring, socketpair, "
				     "fifo, race or race-locked)"),
				   r->h.channel);
		return -1;
	}
	if (!ops->cell && (r->h.capacity < 1 || r->h.capacity > MODEL_MAX_SLOTS)) {
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
	sc->channel = kind;
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
	if (replay_scenario(r, err, errlen) != 0 || replay_cut(r) != 0) {
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

/* Contract in replay.h. */
void replay_rewind(struct replay *r)
{
	r->next = 0;
}

/* Contract in replay.h. */
bool replay_step(struct replay *r)
{
	if (r->next >= r->nsteps)
		return false;
	r->next++;
	return true;
}

/* Contract in replay.h. */
const struct event *replay_events(const struct replay *r, size_t *count)
{
	size_t from;

	if (r->next == 0) {
		*count = 0;
		return r->evs;
	}
	from = r->next >= 2 ? r->ends[r->next - 2] : 0;
	*count = r->ends[r->next - 1] - from;
	return r->evs + from;
}

/* Contract in replay.h. */
bool replay_finished(const struct replay *r)
{
	return r->next >= r->nsteps;
}

/* Contract in replay.h. */
int64_t replay_next_due(const struct replay *r)
{
	size_t from;

	if (r->next >= r->nsteps)
		return INT64_MAX;
	from = r->next >= 1 ? r->ends[r->next - 1] : 0;
	return r->evs[from].t_ms;
}

/* Contract in replay.h. */
int64_t replay_now(const struct replay *r)
{
	return r->next == 0 ? 0 : r->evs[r->ends[r->next - 1] - 1].t_ms;
}

/* Contract in replay.h. */
int replay_headless_run(const struct options *o)
{
	struct replay r;
	struct model m;
	char err[1024], line[1024], summary[4096];
	char names[SCENARIO_MAX_ACTORS][SCENARIO_NAME_MAX];
	enum role roles[SCENARIO_MAX_ACTORS];
	int64_t last_t = 0;

	if (replay_load(&r, o->replay_path, err, sizeof err) != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		return 2;
	}
	for (int a = 0; a < r.sc.nactors; a++) {
		snprintf(names[a], sizeof names[a], "%s", r.sc.actors[a].name);
		roles[a] = r.sc.actors[a].role;
	}
	model_init(&m, r.sc.channel, r.sc.capacity, r.sc.nactors,
		   (const char (*)[SCENARIO_NAME_MAX])names, roles);
	model_set_item_bytes(&m, r.sc.item_size); /* as the live run's model */
	printf("%s\n", r.sc.title ? _(r.sc.title) : r.sc.name);
	for (size_t i = 0; i < r.n && !ui_quit_signal; i++) {
		struct event ev = r.evs[i];
		if (o->speed > 0 && ev.t_ms > last_t) {
			fflush(stdout);
			ui_sleep_ms((double)(ev.t_ms - last_t) / o->speed);
		}
		if (ev.t_ms > last_t)
			last_t = ev.t_ms;
		model_apply(&m, &ev);
		puts(describe_timeline_line(&m, &ev, line, sizeof line));
	}
	if (ui_quit_signal) {
		replay_free(&r);
		return 128 + ui_quit_signal;
	}
	fputs(describe_summary(&m, summary, sizeof summary), stdout);
	replay_free(&r);
	return fflush(stdout) == 0 ? 0 : 1;
}
