/* test_program.c - every scenario as a program of its own (src/program.c,
 * src/program_multi.c, ipcviz --print-code): each built-in's C builds with the
 * contract's flags (-Werror too), each Python compiles, and the twins of every
 * built-in that ends by itself run at a high speed factor and print what
 * ipcviz's own headless run of the same scenario did, within what real timing
 * may change (docs/code.md): one producer's values in order, every item got
 * once, a shared value's reads only values that were written, a race's counter
 * at most its increments without the lock and exactly them with it. A twin of
 * several channels prints, process by process, the very puts, gets and locks of
 * ipcviz's run, and where that run deadlocked it says deadlock, naming the
 * cycle's processes, and ends. And nothing is left in /dev/shm, /dev/mqueue or
 * /tmp, also after Ctrl-C.
 *
 * The built-ins come from scenario_builtins(), so a new one is covered with no
 * change here; beside them the scenario files of tests/ in extra_files (a
 * script that stops a process and continues it, which no built-in has). The
 * twins run all at once, each under a deadline. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "event.h"
#include "program.h"
#include "scenario.h"
#include "scenario_multi.h"
#include "support.h"

#define SPEED_C "40"
#define SPEED_PY "20"
/* Several channels run slower: lock-order deadlocks only if each process takes
 * its first lock within the other's pause (1 s of the scenario), which at 40
 * times is 25 ms, less than a loaded machine may take to start the second. */
#define SPEED_MULTI "4"
#define MAX_LINES 512
#define PYTHON "/usr/bin/python3"

/* One line a twin printed for an operation: `name verb value`. */
struct op_line {
	char name[32];
	char verb[12]; /* put, got, wrote, read; locked, unlocked */
	int value;
	char word[24]; /* the value as printed (a lock's name) */
};

struct twin {
	struct scenario sc;
	char arg[256];  /* what ipcviz is given: a built-in's name or a file's path */
	char stem[64];  /* the name its program and trace files take */
	bool ends;
	char src[256], bin[256];
	pid_t pid;
	int fd;
	char *out;
	size_t len;
	int status;
	struct op_line ops[MAX_LINES];
	int nops;
	long counter, expected; /* from "counter C of E", -1 if none */
	char *text;             /* its whole output, for the messages */
};

static char dir[64];

static void test_setup(void)
{
	setlocale(LC_ALL, "C");
	support_adopt_orphans();
	snprintf(dir, sizeof dir, "/tmp/ipcviz-test-code-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void test_teardown(void)
{
	char cmd[128];

	support_reap_orphans(5);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

TestSuite(program, .init = test_setup, .fini = test_teardown, .timeout = 120);

/* Writes scenario `s`'s program in `lang` to `path`. */
static void write_program(const struct scenario *s, enum program_lang lang, const char *path)
{
	struct program p;
	char err[256];
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	cr_assert_eq(program_build(&p, s, lang, err, sizeof err), 0, "%s: %s", s->name, err);
	cr_assert_eq(program_write(f, &p), 0);
	program_free(&p);
	fclose(f);
}

/* Scenario files of tests/ whose twins are checked too, by their stem. */
static const char *const extra_files[] = {"pipeline-stop",	 "fifo-pipeline",
					  "fifo-deadlock",	 "socketpair-pipeline",
					  "socketpair-deadlock", "queue-pipeline",
					  "queue-deadlock", "ring-pipeline",
					  "ring-deadlock"};
#define NEXTRA (sizeof extra_files / sizeof extra_files[0])

/* Every built-in and every extra file, loaded; *n of them. */
static struct twin *load_all(size_t *n)
{
	size_t nb;
	const struct scenario_builtin *b = scenario_builtins(&nb);
	struct twin *t = calloc(nb + NEXTRA, sizeof *t);
	char err[256];

	size_t m = 0;

	cr_assert_not_null(t);
	for (size_t i = 0; i < nb + NEXTRA; i++) {
		if (i < nb) {
			snprintf(t[m].arg, sizeof t[m].arg, "%s", b[i].name);
			snprintf(t[m].stem, sizeof t[m].stem, "%s", b[i].name);
		} else {
			snprintf(t[m].arg, sizeof t[m].arg, "%s/tests/%s.ini", IPCVIZ_SOURCE_DIR,
				 extra_files[i - nb]);
			snprintf(t[m].stem, sizeof t[m].stem, "%s", extra_files[i - nb]);
		}
		cr_assert_eq(scenario_load(t[m].arg, &t[m].sc, err, sizeof err), 0, "%s", err);
		t[m].ends = program_ends(&t[m].sc);
		t[m].fd = -1;
		t[m].counter = t[m].expected = -1;
		m++;
	}
	*n = m;
	return t;
}

static void free_all(struct twin *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		scenario_free(&t[i].sc);
		free(t[i].out);
		free(t[i].text);
	}
	free(t);
}

/* Runs argv to its end under a deadline and asserts that it ended with 0. */
static void run_ok(char *const argv[], const char *what, double deadline)
{
	char *out = NULL, *err = NULL;
	int status = -1;

	cr_assert_eq(support_run(argv, deadline, &out, &err, &status), 0, "%s timed out", what);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s failed:\n%s%s", what,
		  out ? out : "", err ? err : "");
	free(out);
	free(err);
}

/* The lines a twin printed, into t->ops, t->counter. */
static void parse_twin(struct twin *t)
{
	char *save = NULL;

	t->text = strdup(t->out ? t->out : "");
	for (char *l = strtok_r(t->out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		struct op_line o;
		long c, e;
		if (sscanf(l, "counter %ld of %ld", &c, &e) == 2) {
			t->counter = c;
			t->expected = e;
			continue;
		}
		/* the line from its actor's name on: another process's output
		 * with no newline yet (a warning on stderr) may come before it */
		const char *from = NULL;
		for (int a = 0; a < t->sc.nactors; a++) {
			const char *at = strstr(l, t->sc.actors[a].name);
			if (at && (!from || at > from))
				from = at;
		}
		if (from && sscanf(from, "%31s %11s %23s", o.name, o.verb, o.word) == 3 &&
		    t->nops < MAX_LINES) {
			char *end;
			o.value = (int)strtol(o.word, &end, 10);
			if (*end == '\0' || strncmp(o.verb, "locked", 6) == 0 ||
			    strcmp(o.verb, "unlocked") == 0)
				t->ops[t->nops++] = o;
		}
	}
}

/* ipcviz's own run of the scenario, headless at --speed max, from its trace. */
struct truth {
	struct trace_header h;
	struct event *ev;
	size_t n;
};

static void ipcviz_truth(const struct twin *t, struct truth *tr)
{
	char path[256], err[256];
	snprintf(path, sizeof path, "%s/%s.jsonl", dir, t->stem);
	char *argv[] = {IPCVIZ_BIN, "--headless", "--speed", "max", "--trace", path,
			(char *)t->arg, NULL};

	run_ok(argv, t->arg, 60);
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f);
	cr_assert_eq(trace_read(f, path, &tr->h, &tr->ev, &tr->n, err, sizeof err), 0, "%s", err);
	fclose(f);
}

/* The values `actor` had in events of `type` in ipcviz's run, in order. */
static int truth_values(const struct truth *tr, const char *actor, enum event_type type,
			int *out, int max)
{
	int n = 0;

	for (size_t i = 0; i < tr->n && n < max; i++) {
		const struct event *e = &tr->ev[i];
		if (e->type == type && e->actor >= 0 && e->actor < tr->h.nactors &&
		    strcmp(tr->h.actors[e->actor].name, actor) == 0)
			out[n++] = e->value;
	}
	return n;
}

/* The values `actor` printed with `verb`, in order. */
static int twin_values(const struct twin *t, const char *actor, const char *verb, int *out,
		       int max)
{
	int n = 0;

	for (int i = 0; i < t->nops && n < max; i++)
		if (strcmp(t->ops[i].name, actor) == 0 && strcmp(t->ops[i].verb, verb) == 0)
			out[n++] = t->ops[i].value;
	return n;
}

static int int_cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* A twin of several channels against ipcviz's run: each process's puts, gets,
 * locks and unlocks, in order, are those of ipcviz's run (each channel of the
 * built-ins has one writer and one reader, so real timing cannot reorder
 * them); a run that deadlocked is a twin that says so, naming its cycle. */
static void compare_multi(struct twin *t, const char *lang, const struct truth *tr)
{
	const struct scenario *s = &t->sc;
	const struct event *dead = NULL;

	for (size_t i = 0; i < tr->n; i++)
		if (tr->ev[i].type == EV_DEADLOCK)
			dead = &tr->ev[i];
	for (int a = 0; a < s->nactors; a++) {
		const char *name = s->actors[a].name;
		char want[MAX_LINES][48], got[MAX_LINES][48];
		int nw = 0, ng = 0;

		for (size_t i = 0; i < tr->n && nw < MAX_LINES; i++) {
			const struct event *e = &tr->ev[i];
			if (e->actor < 0 || e->actor >= tr->h.nactors ||
			    strcmp(tr->h.actors[e->actor].name, name) != 0)
				continue;
			if (e->type == EV_PUT || e->type == EV_GOT)
				snprintf(want[nw++], sizeof want[0], "%s %d",
					 e->type == EV_PUT ? "put" : "got", e->value);
			else if (e->type == EV_LOCK || e->type == EV_UNLOCK)
				snprintf(want[nw++], sizeof want[0], "%s %s",
					 e->type == EV_LOCK ? "locked" : "unlocked", e->ch);
		}
		for (int i = 0; i < t->nops && ng < MAX_LINES; i++)
			if (strcmp(t->ops[i].name, name) == 0)
				snprintf(got[ng++], sizeof got[0], "%s %s", t->ops[i].verb,
					 t->ops[i].word);
		cr_expect_eq(ng, nw, "%s %s: %s did %d operations, in ipcviz %d:\n%s", lang,
			     s->name, name, ng, nw, t->text);
		for (int i = 0; i < ng && i < nw; i++)
			cr_expect_str_eq(got[i], want[i], "%s %s: %s's operation #%d", lang, s->name,
					 name, i);
	}
	const char *line = strstr(t->text, "deadlock: ");
	cr_expect_eq(line != NULL, dead != NULL, "%s %s: ipcviz %s, the twin %s:\n%s", lang,
		     s->name, dead ? "deadlocked" : "did not deadlock",
		     line ? "said deadlock" : "did not", t->text);
	for (int k = 0; dead && line && k < dead->cycle.n; k++) {
		const char *who = tr->h.actors[dead->cycle.actor[k]].name;
		cr_expect(strstr(line, who) && strstr(line, who) < strchr(line, '\n'),
			  "%s %s: the deadlock line does not name %s:\n%s", lang, s->name, who,
			  t->text);
	}
}

/* The twin's lines against ipcviz's run, as docs/code.md says they may differ. */
static void compare(struct twin *t, const char *lang)
{
	const struct scenario *s = &t->sc;
	const struct channel_desc *d = channel_desc_of(s->channel);
	struct truth tr;
	int want[MAX_LINES], got[MAX_LINES];
	bool script = s->nactions > 0;

	ipcviz_truth(t, &tr);
	if (s->multi) {
		compare_multi(t, lang, &tr);
		goto done;
	}
	if (d->counter) {
		for (size_t i = 0; i < tr.n; i++)
			if (tr.ev[i].type == EV_RESULT)
				cr_expect_eq(t->expected, (long)tr.ev[i].expected,
					     "%s %s: %ld increments, ipcviz made %ld", lang, s->name,
					     t->expected, (long)tr.ev[i].expected);
		if (d->blocks)
			cr_expect_eq(t->counter, t->expected, "%s %s: the lock lost an update: %ld of %ld",
				     lang, s->name, t->counter, t->expected);
		else
			cr_expect(t->counter >= 1 && t->counter <= t->expected,
				  "%s %s: counter %ld of %ld", lang, s->name, t->counter, t->expected);
		goto done;
	}
	for (int a = 0; a < s->nactors; a++) {
		const char *name = s->actors[a].name;
		bool prod = s->actors[a].role == ROLE_PRODUCER;
		enum event_type type = prod ? (d->cell ? EV_WRITE : EV_PUT)
					    : (d->cell ? EV_READ : EV_GOT);
		const char *verb = prod ? (d->cell ? "wrote" : "put") : (d->cell ? "read" : "got");
		int nw = truth_values(&tr, name, type, want, MAX_LINES);
		int ng = twin_values(t, name, verb, got, MAX_LINES);
		if (prod && !script) {
			cr_expect_eq(ng, nw, "%s %s: %s %s %d times, in ipcviz %d:\n%s", lang,
				     s->name, name, verb, ng, nw, t->text);
			for (int i = 0; i < ng && i < nw; i++)
				cr_expect_eq(got[i], want[i], "%s %s: %s's %s #%d is %d, in ipcviz %d",
					     lang, s->name, name, verb, i, got[i], want[i]);
		} else if (prod) { /* a kill: a prefix of its values, in order */
			const struct scenario_group *g = &s->groups[s->actors[a].group];
			for (int i = 0; i < ng; i++)
				cr_expect(i < (int)g->nvalues && got[i] == g->values[i],
					  "%s %s: %s put %d out of order", lang, s->name, name, got[i]);
		}
	}
	if (d->cell) { /* only values that were written (or the cell's first 0) */
		for (int i = 0; i < t->nops; i++) {
			if (strcmp(t->ops[i].verb, "read") != 0)
				continue;
			bool written = t->ops[i].value == 0;
			for (int k = 0; k < t->nops && !written; k++)
				written = strcmp(t->ops[k].verb, "wrote") == 0 &&
					  t->ops[k].value == t->ops[i].value;
			cr_expect(written, "%s %s: %s read %d, which nobody wrote", lang, s->name,
				  t->ops[i].name, t->ops[i].value);
		}
		goto done;
	}
	/* items: every consumer's gets, all together, against ipcviz's */
	int nw = 0, ng = 0;
	for (int a = 0; a < s->nactors; a++) {
		if (s->actors[a].role != ROLE_CONSUMER)
			continue;
		int w = truth_values(&tr, s->actors[a].name, EV_GOT, want + nw, MAX_LINES - nw);
		int g = twin_values(t, s->actors[a].name, "got", got + ng, MAX_LINES - ng);
		if (s->nactors == 2 && !script && s->item_size <= 4096) /* one to one: in order */
			for (int i = 0; i < g && i < w; i++)
				cr_expect_eq(got[ng + i], want[nw + i], "%s %s: got #%d is %d, in ipcviz %d",
					     lang, s->name, i, got[ng + i], want[nw + i]);
		nw += w;
		ng += g;
	}
	if (script) { /* a kill: what was got is what was put first, in order */
		int put[MAX_LINES];
		int np = twin_values(t, s->actors[0].name, "put", put, MAX_LINES);
		cr_expect(ng <= np, "%s %s: got %d of %d put", lang, s->name, ng, np);
		for (int i = 0; i < ng && i < np; i++)
			cr_expect_eq(got[i], put[i], "%s %s: got #%d", lang, s->name, i);
		goto done;
	}
	cr_expect_eq(ng, nw, "%s %s: %d items got, in ipcviz %d:\n%s", lang, s->name, ng, nw,
		     t->text);
	if (s->item_size > 4096) { /* mixed items: whose first bytes varies */
		for (int i = 0; i < ng; i++) {
			bool put = false;
			for (int k = 0; k < t->nops && !put; k++)
				put = strcmp(t->ops[k].verb, "put") == 0 && t->ops[k].value == got[i];
			cr_expect(put, "%s %s: got %d, which nobody put", lang, s->name, got[i]);
		}
	} else if (ng == nw) { /* each item once, whoever took it */
		qsort(got, (size_t)ng, sizeof got[0], int_cmp);
		qsort(want, (size_t)nw, sizeof want[0], int_cmp);
		cr_expect_arr_eq(got, want, (size_t)ng * sizeof got[0], "%s %s: other items",
				 lang, s->name);
	}
done:
	trace_header_free(&tr.h);
	free(tr.ev);
}

/* Starts every twin that ends by itself, waits for all, checks each. */
static void run_twins(struct twin *t, size_t n, bool python)
{
	const char *lang = python ? "python" : "c";

	for (size_t i = 0; i < n; i++) {
		if (!t[i].ends)
			continue;
		char *argv_c[] = {t[i].bin, t[i].sc.multi ? SPEED_MULTI : SPEED_C, NULL};
		char *argv_py[] = {PYTHON, t[i].src, t[i].sc.multi ? SPEED_MULTI : SPEED_PY, NULL};
		t[i].pid = support_spawn(python ? argv_py : argv_c, &t[i].fd, NULL);
		cr_assert(t[i].pid > 0);
	}
	for (size_t i = 0; i < n; i++) {
		if (!t[i].ends)
			continue;
		cr_assert_eq(support_wait_exit(t[i].pid, t[i].fd, &t[i].out, &t[i].len, 30,
					       &t[i].status), 0, "%s %s: still running after 30 s",
			     lang, t[i].sc.name);
		close(t[i].fd);
		cr_expect(WIFEXITED(t[i].status) && WEXITSTATUS(t[i].status) == 0,
			  "%s %s failed (status %d):\n%s", lang, t[i].sc.name, t[i].status,
			  t[i].out ? t[i].out : "");
		cr_expect_eq(support_ipc_left(t[i].pid), 0, "%s %s left a queue or shared memory",
			     lang, t[i].sc.name);
		/* a producer told the consumer is gone (pipe-kill) ends with one
		   line, as the C does, not with Python's traceback */
		cr_expect_null(t[i].out ? strstr(t[i].out, "Traceback") : NULL,
			       "%s %s printed a traceback:\n%s", lang, t[i].sc.name, t[i].out);
	}
	for (size_t i = 0; i < n; i++) {
		if (!t[i].ends || !t[i].out)
			continue;
		parse_twin(&t[i]);
		compare(&t[i], lang);
	}
}

Test(program, c_twins_build_with_werror_and_agree_with_ipcviz)
{
	size_t n;
	struct twin *t = load_all(&n);
	pid_t cc[64];
	int fds[64];

	cr_assert(n <= 64);
	for (size_t i = 0; i < n; i++) {
		snprintf(t[i].src, sizeof t[i].src, "%s/%s.c", dir, t[i].stem);
		snprintf(t[i].bin, sizeof t[i].bin, "%s/%s", dir, t[i].stem);
		write_program(&t[i].sc, PROGRAM_C, t[i].src);
		char *argv[] = {"/usr/bin/cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-O2",
				t[i].src, "-lrt", "-pthread", "-o", t[i].bin, NULL};
		cc[i] = support_spawn(argv, &fds[i], NULL);
		cr_assert(cc[i] > 0);
	}
	for (size_t i = 0; i < n; i++) {
		char *out = NULL;
		size_t len = 0;
		int status = -1;
		cr_assert_eq(support_wait_exit(cc[i], fds[i], &out, &len, 90, &status), 0,
			     "cc %s: still running after 90 s", t[i].sc.name);
		close(fds[i]);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "cc %s:\n%s", t[i].src,
			  out ? out : "");
		free(out);
	}
	run_twins(t, n, false);
	free_all(t, n);
}

Test(program, python_twins_compile_and_agree_with_ipcviz)
{
	size_t n;
	struct twin *t;

	if (access(PYTHON, X_OK) != 0)
		cr_skip_test("no %s here: the Python twins are not run (scripts/setup installs "
			     "python3)", PYTHON);
	t = load_all(&n);
	for (size_t i = 0; i < n; i++) {
		/* not queue.py: a script's own directory comes first in sys.path,
		 * and multiprocessing imports the module queue */
		snprintf(t[i].src, sizeof t[i].src, "%s/twin_%s.py", dir, t[i].stem);
		write_program(&t[i].sc, PROGRAM_PYTHON, t[i].src);
		char *argv[] = {PYTHON, "-m", "py_compile", t[i].src, NULL};
		run_ok(argv, t[i].src, 60);
	}
	run_twins(t, n, true);
	free_all(t, n);
}

/* In every program, each group's function has its operation, its pause and
 * its print; the operation's first line in the C is the descriptor's call, and
 * where the channel makes processes wait, one line of each operation is the
 * one to mark BLOCKED. */
Test(program, lines_are_tagged_for_the_code_pane)
{
	size_t n;
	struct twin *t = load_all(&n);

	for (size_t i = 0; i < n; i++) {
		const struct scenario *s = &t[i].sc;
		const struct channel_desc *d = channel_desc_of(s->channel);
		for (int lang = PROGRAM_C; lang <= PROGRAM_PYTHON; lang++) {
			struct program p;
			char err[256];
			cr_assert_eq(program_build(&p, s, (enum program_lang)lang, err, sizeof err), 0);
			for (int g = 0; g < s->ngroups; g++) {
				bool prod = s->groups[g].role == ROLE_PRODUCER;
				int ops = 0, sleeps = 0, prints = 0, blocks = 0;
				bool call = false;
				for (size_t l = 0; l < p.nlines; l++) {
					const struct program_line *line = &p.lines[l];
					if (line->group != g)
						continue;
					bool op = line->tag >= PROGRAM_PUT && line->tag <= PROGRAM_STORE;
					ops += op;
					sleeps += line->tag == PROGRAM_SLEEP;
					prints += line->tag == PROGRAM_PRINT;
					blocks += line->blocks;
					const struct channel_call *c = prod && !d->counter ? &d->put : &d->get;
					char first[64];
					snprintf(first, sizeof first, "%.*s", (int)strcspn(c->code, "(\n"),
						 c->code);
					if (op && strstr(line->text, first))
						call = true;
				}
				cr_expect(ops > 0 && sleeps > 0 && prints > 0,
					  "%s %d group %d: %d operation lines, %d pauses, %d prints",
					  s->name, lang, g, ops, sleeps, prints);
				if (lang == PROGRAM_C)
					cr_expect(call, "%s group %d: the descriptor's call is not on "
						  "an operation line", s->name, g);
				if (lang == PROGRAM_C && d->blocks && !d->counter)
					cr_expect_eq(blocks, 1, "%s group %d: %d lines to mark BLOCKED",
						     s->name, g, blocks);
			}
			program_free(&p);
		}
	}
	free_all(t, n);
}

/* Several channels: each do line of each process has its lines in that
 * process's function (op: its index), and an operation that can make it wait
 * has one line marked as the call it sleeps in (an echo two: its read and its
 * write), the real call on that channel's own variable. */
Test(program, multi_lines_are_tagged_by_do_line)
{
	size_t n;
	struct twin *t = load_all(&n);
	int seen = 0;

	for (size_t i = 0; i < n; i++) {
		const struct scenario *s = &t[i].sc;
		const struct scenario_multi *m = s->multi;
		if (!m)
			continue;
		seen++;
		for (int lang = PROGRAM_C; lang <= PROGRAM_PYTHON; lang++) {
			struct program p;
			char err[256];
			cr_assert_eq(program_build(&p, s, (enum program_lang)lang, err, sizeof err), 0,
				     "%s: %s", s->name, err);
			for (int g = 0; g < m->nprocs; g++)
				for (size_t k = 0; k < m->procs[g].nops; k++) {
					const struct scenario_op *op = &m->procs[g].ops[k];
					const struct scenario_channel *c =
						op->ch >= 0 ? &m->channels[op->ch] : NULL;
					int lines = 0, blocks = 0, want_blocks;
					bool call = false;
					char want[64] = "";
					if (!c)
						; /* a sleep: no channel */
					else if (c->lock || c->kind == CHANNEL_RING)
						snprintf(want, sizeof want, "%s_%s",
							 c->lock ? "lock" : "ring", c->name);
					else
						snprintf(want, sizeof want, "%s_%s[%d]",
							 c->kind == CHANNEL_FIFO	     ? "fifo"
							 : c->kind == CHANNEL_SOCKETPAIR ? "sock"
							 : c->kind == CHANNEL_QUEUE	     ? "queue"
											 : "pipe",
							 c->name, op->kind == SOP_PUT);
					want_blocks = op->kind == SOP_ECHO ? 2
						      : op->kind == SOP_PUT || op->kind == SOP_GET ||
								op->kind == SOP_LOCK ? 1 : 0;
					for (size_t l = 0; l < p.nlines; l++) {
						const struct program_line *line = &p.lines[l];
						if (line->group != g || line->op != (int)k)
							continue;
						lines++;
						blocks += line->blocks;
						call = call || (line->blocks && strstr(line->text, want));
					}
					cr_expect(lines > 0, "%s %d: %s's do line %zu has no line",
						  s->name, lang, m->procs[g].name, k);
					cr_expect_eq(blocks, want_blocks, "%s %d: %s's do line %zu: %d "
						     "lines to mark BLOCKED", s->name, lang,
						     m->procs[g].name, k, blocks);
					cr_expect(!want_blocks || call, "%s %d: %s's do line %zu: "
						  "no marked call on %s", s->name, lang,
						  m->procs[g].name, k, want);
				}
			program_free(&p);
		}
	}
	cr_expect_geq(seen, 5, "only %d built-ins of several channels", seen);
	free_all(t, n);
}

/* The program of scenario `name` (a built-in or a file) in `lang`, written to
 * dir/STEM.c or dir/STEM.py (its path into src, 256 bytes); the C is built
 * with the contract's flags into dir/STEM (its path into bin, 256 bytes). */
static void one_twin(const char *name, const char *stem, enum program_lang lang, char *src,
		     char *bin)
{
	struct scenario sc;
	char err[256], *out = NULL, *cerr = NULL;
	int status;

	cr_assert_eq(scenario_load(name, &sc, err, sizeof err), 0, "%s", err);
	snprintf(src, 256, "%s/%s.%s", dir, stem, lang == PROGRAM_C ? "c" : "py");
	snprintf(bin, 256, "%s/%s", dir, stem);
	write_program(&sc, lang, src);
	scenario_free(&sc);
	if (lang != PROGRAM_C)
		return;
	char *cc[] = {"/usr/bin/cc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", src,
		      "-lrt", "-pthread", "-o", bin, NULL};
	cr_assert_eq(support_run(cc, 90, &out, &cerr, &status), 0);
	cr_assert_eq(status, 0, "%s", cerr ? cerr : "");
	free(out);
	free(cerr);
}

/* Ctrl-C (SIGINT to the whole process group, as a terminal sends it) in the
 * middle of a run leaves nothing: the queue was unlinked at birth, and the
 * FIFO's program removes its path and directory on the signal. */
static void own_group(void)
{
	setpgid(0, 0);
}

static void stop_with_ctrl_c(const char *name, const char *wait_for)
{
	char stem[64], src[256], bin[256];
	char *buf = NULL;
	size_t len = 0;
	int fd, status;

	snprintf(stem, sizeof stem, "%s-int", name);
	one_twin(name, stem, PROGRAM_C, src, bin);
	char *argv[] = {bin, "1", NULL};
	pid_t pid = support_spawn(argv, &fd, own_group);
	cr_assert(pid > 0);
	bool seen = support_wait_for(fd, &buf, &len, wait_for, 20);
	char fifo_dir[64] = "";
	const char *at = strstr(buf ? buf : "", "/tmp/ipcviz-code-");
	if (at)
		snprintf(fifo_dir, sizeof fifo_dir, "%.*s", (int)strcspn(at + 17, "/") + 17, at);
	kill(-pid, SIGINT);
	kill(pid, SIGINT);
	cr_assert(seen, "%s: no '%s' within 20 s:\n%s", name, wait_for, buf ? buf : "");
	cr_assert_eq(support_wait_exit(pid, fd, &buf, &len, 20, &status), 0);
	close(fd);
	cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT, "%s: status %d", name,
		  status);
	cr_expect_eq(support_ipc_left(pid), 0, "%s left a queue or shared memory", name);
	if (fifo_dir[0])
		cr_expect_neq(access(fifo_dir, F_OK), 0, "%s left %s", name, fifo_dir);
	cr_expect_eq(support_reap_orphans(10), 0, "%s: a child outlived Ctrl-C", name);
	free(buf);
}

/* A twin in a deadlock whose main is killed with SIGKILL (no cleanup of its
 * own can run) leaves no process: each child dies with main. */
static void kill_deadlocked_twin(const char *name, bool python)
{
	char stem[64], src[256], bin[256];
	char *buf = NULL;
	size_t len = 0;
	int fd, status;

	snprintf(stem, sizeof stem, "%s-kill", name);
	one_twin(name, stem, python ? PROGRAM_PYTHON : PROGRAM_C, src, bin);
	char *argv_c[] = {bin, SPEED_MULTI, NULL};
	char *argv_py[] = {PYTHON, src, SPEED_MULTI, NULL};
	pid_t pid = support_spawn(python ? argv_py : argv_c, &fd, NULL);
	cr_assert(pid > 0);
	/* both hold their first lock and wait for the other's */
	bool seen = support_wait_for(fd, &buf, &len, "to_alice-1 locked bob", 20) &&
		    support_wait_for(fd, &buf, &len, "to_bob-1 locked alice", 20);
	kill(pid, SIGKILL);
	cr_assert(seen, "%s: the locks were not taken within 20 s:\n%s", name, buf ? buf : "");
	cr_assert_eq(support_wait_exit(pid, fd, &buf, &len, 20, &status), 0);
	close(fd);
	cr_expect_eq(support_reap_orphans(10), 0, "%s %s: a child outlived its main", python ?
		     "python" : "c", name);
	cr_expect_null(strstr(buf ? buf : "", "deadlock: "), "%s: main said deadlock before it was killed", name);
	free(buf);
}

Test(program, a_deadlocked_twin_killed_leaves_no_process)
{
	kill_deadlocked_twin("lock-order", false);
	if (access(PYTHON, X_OK) == 0)
		kill_deadlocked_twin("lock-order", true);
}

Test(program, ctrl_c_leaves_nothing)
{
	stop_with_ctrl_c("queue", "consumer-1 got 0");
	stop_with_ctrl_c("fifo", "consumer-1 got 0");
	stop_with_ctrl_c("race-locked", " read 0");
}

/* The state letter of pid in /proc/PID/stat (R, S, T…), or 0 if it is gone. */
static char proc_state(pid_t pid)
{
	char path[64], buf[512];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *paren = strrchr(buf, ')'); /* the name may hold spaces */
	return paren && paren[1] == ' ' ? paren[2] : 0;
}

static int pid_cmp(const void *a, const void *b)
{
	return (int)(*(const pid_t *)a - *(const pid_t *)b);
}

/* The script's stop and cont are real in the twin: main stops its middle
 * stage (the second process it forks) and continues it, /proc sees it stopped
 * and then running again, and every item still reaches the sink. */
Test(program, a_twin_stops_and_continues_as_the_script_says)
{
	char path[256], src[256], bin[256];
	char *buf = NULL;
	size_t len = 0;
	int fd, status;
	pid_t kids[3] = {0}, filter = 0;
	bool stopped = false, continued = false;

	snprintf(path, sizeof path, "%s/tests/pipeline-stop.ini", IPCVIZ_SOURCE_DIR);
	one_twin(path, "stop", PROGRAM_C, src, bin);
	char *argv[] = {bin, SPEED_MULTI, NULL};
	pid_t pid = support_spawn(argv, &fd, NULL);
	cr_assert(pid > 0);
	/* stopped at 1 s of the scenario and continued at 4 s: at SPEED_MULTI a
	 * window of 750 ms, looked at every few milliseconds until it has passed,
	 * the twin has ended, or the deadline */
	for (int i = 0; i < 10000 && !continued; i++) {
		struct support_child c[8];
		int n = support_children(pid, c, 8);

		if (n < 0 || proc_state(pid) == 'Z' || proc_state(pid) == 0)
			break;
		if (!filter && n == 3) {
			for (int k = 0; k < 3; k++)
				kids[k] = c[k].pid;
			qsort(kids, 3, sizeof kids[0], pid_cmp);
			filter = kids[1]; /* forked second: source, filter, sink */
		}
		char st = filter ? proc_state(filter) : 0;
		if (st == 'T')
			stopped = true;
		else if (stopped && st != 0)
			continued = true;
		support_wait_for(fd, &buf, &len, "\n\n", 0.002); /* its output meanwhile */
	}
	cr_assert_eq(support_wait_exit(pid, fd, &buf, &len, 30, &status), 0);
	close(fd);
	cr_expect(filter && stopped, "the filter was never seen stopped:\n%s", buf ? buf : "");
	cr_expect(continued, "the filter was never seen running again:\n%s", buf ? buf : "");
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %d:\n%s", status,
		  buf ? buf : "");
	for (int v = 0; v < 8; v++) {
		char line[32];
		snprintf(line, sizeof line, "sink-1 got %d\n", v);
		cr_expect_not_null(strstr(buf ? buf : "", line), "no `%s`:\n%s", line, buf ? buf : "");
	}
	free(buf);
}
