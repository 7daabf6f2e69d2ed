/* ui_support.c - views for the tests of ui/, made the way the screen makes
 * them (view_start_run, then the events), from built-in scenarios. */
#include "ui_support.h"

#include <criterion/criterion.h>

#include <locale.h>
#include <string.h>

#include "scenario.h"

/* The scenario of the latest view started: a view's model keeps a run of
 * several channels' programs, so the scenario lives until the next start. */
static struct scenario ui_support_sc;
static bool ui_support_loaded;

void ui_support_start(struct view *v, const char *name)
{
	struct scenario sc;
	char err[512];
	const struct channel_desc *d;
	int kcap;
	long kbytes = 0;

	setlocale(LC_ALL, "C");
	cr_assert_eq(scenario_load(name, &sc, err, sizeof err), 0, "%s", err);
	d = channel_desc_of(sc.channel);
	cr_assert_not_null(d);
	kcap = sc.capacity;
	if (d->kernel_size)
		d->kernel_size(sc.capacity, &kcap, &kbytes);
	memset(v, 0, sizeof *v);
	view_start_run(v, &sc, sc.capacity, "/ipcviz-1-1", NULL, kcap, kbytes, d->put.sleeps,
		       d->get.sleeps);
	for (int a = 0; a < sc.nactors; a++) {
		struct event e = event_make(EV_SPAWN, a, 0);
		e.pid = 100 + a;
		view_apply(v, &e, false);
	}
	if (ui_support_loaded)
		scenario_free(&ui_support_sc);
	ui_support_sc = sc;
	ui_support_loaded = true;
}

int ui_support_first(const struct view *v, enum role role)
{
	for (int a = 0; a < v->shown.nactors; a++)
		if (v->shown.actors[a].role == role)
			return a;
	cr_assert_fail("no actor of role %d", role);
	return -1;
}

void ui_support_apply(struct view *v, enum event_type type, int actor, int64_t t_ms,
		      bool has_value, int32_t value, enum event_op op)
{
	struct event e = event_make(type, actor, t_ms);

	e.has_value = has_value;
	e.value = value;
	e.op = op;
	view_apply(v, &e, false);
}
