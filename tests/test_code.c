/* test_code.c - the code pane's choices (ui/code.c) over the real run of every
 * built-in: each process waiting or asleep has a line in its own group's
 * function, and a process asleep in the kernel is marked on the line that
 * makes the syscall the kernel shows for it (or, where a library call wraps
 * it, futex(2) under sem_wait, mq_timedsend under mq_send, on the
 * descriptor's own call). In C
 * and in Python, in English and in Chinese. */
#include <criterion/criterion.h>

#include <locale.h>
#include <string.h>

#include "channel.h"
#include "code.h"
#include "program.h"
#include "run.h"
#include "run_live.h"
#include "scenario.h"
#include "support.h"
#include "ui_support.h"

#define STEPS_MAX 400

static struct view V;

/* The first call's name in a descriptor's code ("sem_wait" of "sem_wait(…)"). */
static void first_call(const char *code, char *buf, size_t len)
{
	size_t n = strcspn(code, "(");

	snprintf(buf, len, "%.*s", (int)n, code);
}

/* Checks actor a's mark at this moment; true if it was asleep in the kernel
 * with the syscall known (a check of the syscall's line was made). */
static bool check_actor(const char *name, const struct program *p, int a)
{
	const struct model_actor *ma = &V.shown.actors[a];
	int line = code_line_of(p, &V, a);

	if (ma->state == ACTOR_WAITING || ma->state == ACTOR_BLOCKED) {
		if (line < 0)
			for (size_t i = 0; i < p->nlines; i++)
				cr_log_info("%d %d %d %s", p->lines[i].group, p->lines[i].tag,
					    p->lines[i].blocks, p->lines[i].text);
		cr_assert_geq(line, 0, "%s: %s (%d, op %d, group %d) has no line", name, ma->name,
			      ma->state, ma->blocked_op, V.group[a]);
		cr_assert_eq(p->lines[line].group, V.group[a], "%s: %s marked in another function",
			     name, ma->name);
	} else if (ma->state != ACTOR_STOPPED) {
		cr_assert_eq(line, -1, "%s: %s is at a line when it is not running", name, ma->name);
	}
	if (ma->state != ACTOR_BLOCKED || !ma->has_kernel || !ma->syscall[0])
		return false;
	if (p->lang == PROGRAM_PYTHON) {
		enum program_tag t = p->lines[line].tag;
		cr_assert(t == PROGRAM_PUT || t == PROGRAM_GET || t == PROGRAM_LOAD ||
			  t == PROGRAM_STORE, "%s: %s asleep on a line of no operation: %s",
			  name, ma->name, p->lines[line].text);
		return true;
	}
	const struct channel_desc *d = channel_desc_of(V.shown.channel);
	const struct channel_call *c = ma->blocked_op == OP_PUT ? &d->put : &d->get;
	char want[64], call[40];
	snprintf(want, sizeof want, "%s(", ma->syscall);
	bool anywhere = false;
	for (size_t i = 0; i < p->nlines; i++)
		anywhere = anywhere || (p->lines[i].group == V.group[a] &&
					p->lines[i].tag != PROGRAM_COMMENT &&
					strstr(p->lines[i].text, want));
	if (!anywhere) { /* a library call around it: sem_wait sleeps in futex,
			  mq_send is mq_timedsend */
		first_call(c->code, call, sizeof call);
		snprintf(want, sizeof want, "%s(", call);
	}
	cr_assert_not_null(strstr(p->lines[line].text, want),
			   "%s: %s asleep in %s but marked on: %s", name, ma->name, ma->syscall,
			   p->lines[line].text);
	return true;
}

/* Runs built-in `name` live and checks every actor's mark after every step,
 * in both languages. Returns how many marks of a process asleep in a known
 * syscall were checked. */
static long check_builtin(const char *name, const char *lang)
{
	struct scenario sc;
	struct program c = {0}, py = {0};
	char err[512];
	long checked = 0;
	size_t n;

	ui_support_start(&V, name); /* in the C locale */
	cr_assert_not_null(setlocale(LC_ALL, lang));
	cr_assert_eq(scenario_load(name, &sc, err, sizeof err), 0, "%s", err);
	cr_assert_eq(program_build(&c, &sc, PROGRAM_C, err, sizeof err), 0, "%s", err);
	cr_assert_eq(program_build(&py, &sc, PROGRAM_PYTHON, err, sizeof err), 0, "%s", err);
	struct run_live_options o = {0};
	struct run *r = run_live_create(&sc, &o, err, sizeof err);
	cr_assert_not_null(r, "%s: %s", name, err);
	for (int step = 0; step < STEPS_MAX; step++) {
		const struct event *evs = run_events(r, &n);
		for (size_t i = 0; i < n; i++)
			view_apply(&V, &evs[i], false);
		for (int a = 0; a < V.shown.nactors; a++) {
			checked += check_actor(name, &c, a);
			check_actor(name, &py, a);
		}
		if (run_finished(r))
			break;
		cr_assert_eq(run_step(r, RUN_ANY, err, sizeof err), 0, "%s: %s", name, err);
	}
	run_destroy(r);
	program_free(&c);
	program_free(&py);
	scenario_free(&sc);
	return checked;
}

static void check_every_builtin(const char *lang)
{
	size_t n;
	const struct scenario_builtin *b = scenario_builtins(&n);
	long blocked = 0;

	cr_assert_not_null(setlocale(LC_ALL, lang), "no %s locale (scripts/setup makes it)", lang);
	for (size_t i = 0; i < n; i++) {
		if (support_builtin_multi(b[i].name))
			continue; /* several channels: test_code_multi.c */
		long k = check_builtin(b[i].name, lang);
		if (strstr(b[i].name, "-full") || strstr(b[i].name, "-empty"))
			cr_assert_gt(k, 0, "%s: no process was seen asleep in the kernel", b[i].name);
		blocked += k;
	}
	cr_assert_gt(blocked, 0);
	setlocale(LC_ALL, "C");
}

Test(code, every_mark_is_in_its_function_and_a_sleeper_on_its_syscall)
{
	check_every_builtin("C.UTF-8");
}

Test(code, the_same_in_chinese)
{
	check_every_builtin("zh_CN.UTF-8");
}

Test(code, shown_lines_are_each_groups_function_once)
{
	struct scenario sc;
	struct program p = {0};
	char err[512];
	size_t shown[512], n;

	cr_assert_eq(scenario_load("queue-many", &sc, err, sizeof err), 0, "%s", err);
	cr_assert_eq(program_build(&p, &sc, PROGRAM_C, err, sizeof err), 0, "%s", err);
	n = code_shown_lines(&p, shown, 512);
	cr_assert_gt(n, 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_geq(p.lines[shown[i]].group, 0);
	for (size_t i = 0; i < p.nlines; i++)
		cr_assert_eq(strstr(p.lines[i].text, "int main(") != NULL && p.lines[i].group >= 0,
			     false, "main is no group's function");
	program_free(&p);
	scenario_free(&sc);
}
