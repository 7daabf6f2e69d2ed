/* program.c - a scenario as a standalone program, in C or in Python.
 *
 * One skeleton for every channel: helpers, one function per group of
 * processes (the processes of a group share their settings, so they share a
 * program), and a main that makes the channel, forks or starts each process
 * with its ipcviz name, plays the script's kills and stops with kill(2), and
 * waits. Around it, what is particular to a channel comes from its descriptor:
 * the operations' C is put.code and get.code, exactly what the code pane shows
 * beside a running child, and the frame (making the object, holding the right
 * end, the item's type, the Python) is its struct channel_program. So nothing
 * here names a channel.
 *
 * The output words are the user's, taken from the locale when the program is
 * made (not when it runs): `NAME put V` in English, and for the tutorial's own
 * three scenarios in Chinese its own `生产数据: 0`. They are templates with
 * {name} {value} … (no printf directives, so a translation may drop the name),
 * which become a printf format or a Python f-string here.
 */
#include "program_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "i18n.h"

int program_lang_by_name(const char *name)
{
	if (strcmp(name, "c") == 0 || strcmp(name, "C") == 0)
		return PROGRAM_C;
	if (strcmp(name, "python") == 0 || strcmp(name, "py") == 0)
		return PROGRAM_PYTHON;
	return -1;
}

void program_free(struct program *p)
{
	for (size_t i = 0; i < p->nlines; i++)
		free(p->lines[i].text);
	free(p->lines);
	memset(p, 0, sizeof *p);
}

int program_write(FILE *f, const struct program *p)
{
	for (size_t i = 0; i < p->nlines; i++)
		if (fprintf(f, "%s\n", p->lines[i].text) < 0)
			return -1;
	return fflush(f) == 0 ? 0 : -1;
}

/* ---- the scenario's numbers in the channel's texts -------------------------- */

struct program_ctx {
	const struct scenario *s;
	const struct channel_desc *d;
	const struct channel_program *cp;
	const struct channel_program_python *py;
	bool tutorial;
	int size;        /* bytes in one item */
	double interval; /* the group's pause, in seconds, for @INTERVAL@ */
};

/* `text` with @CAP@, @SIZE@ and @INTERVAL@ replaced, malloc'd (NULL: none). */
static char *program_fill(const struct program_ctx *x, const char *text)
{
	char num[3][32];
	const char *keys[3] = {"@CAP@", "@SIZE@", "@INTERVAL@"};
	size_t len = strlen(text), n = 0;
	char *out;

	snprintf(num[0], sizeof num[0], "%d", x->s->capacity);
	snprintf(num[1], sizeof num[1], "%d", x->size);
	snprintf(num[2], sizeof num[2], "%g", x->interval);
	out = malloc(len * 4 + 64);
	if (!out)
		return NULL;
	for (const char *t = text; *t;) {
		int k;
		for (k = 0; k < 3; k++)
			if (strncmp(t, keys[k], strlen(keys[k])) == 0)
				break;
		if (k < 3) {
			n += (size_t)sprintf(out + n, "%s", num[k]);
			t += strlen(keys[k]);
		} else {
			out[n++] = *t++;
		}
	}
	out[n] = '\0';
	return out;
}

static void program_filled(struct program *p, const struct program_ctx *x,
			   enum program_tag tag, const char *text)
{
	char *t;

	if (!text)
		return;
	t = program_fill(x, text);
	if (!t) {
		p->failed = true;
		return;
	}
	program_text(p, tag, t);
	free(t);
}

static void program_note(struct program *p, const struct program_ctx *x, const char *msgid)
{
	char *t;

	if (!msgid)
		return;
	t = program_fill(x, _(msgid));
	if (!t) {
		p->failed = true;
		return;
	}
	program_comment(p, t);
	free(t);
}

/* The tutorial's own three: the built-in queue, pipe and shm, unchanged. */
static bool program_is_tutorial(const struct scenario *s)
{
	const struct channel_desc *d = channel_desc_of(s->channel);
	static const char *const three[] = {"queue", "pipe", "shm"};

	for (size_t i = 0; i < 3; i++)
		if (strcmp(s->name, three[i]) == 0 && strcmp(d->word, three[i]) == 0)
			return true;
	return false;
}

/* The line a process prints for its operation: a template of the words. */
static const char *program_template(const struct program_ctx *x, enum program_say say)
{
	/* TRANSLATORS: the line a producer prints in the program of ipcviz
	   --print-code for the tutorial's own scenarios (queue, pipe, shm);
	   {value} is the value. Keep the braces. The tutorial says 生产数据: {value} */
	static const char *const tutorial[] = {N_("tutorial|{name} put {value}"),
					       /* TRANSLATORS: the tutorial's consumer */
					       N_("tutorial|{name} got {value}"),
					       N_("tutorial|{name} wrote {value}"),
					       N_("tutorial|{name} read {value}")};
	return x->tutorial ? program_words(tutorial[say]) : program_plain_template(say);
}

static void program_say_value(struct program *p, const struct program_ctx *x,
			      enum program_say say, const char *c_value, const char *py_value)
{
	struct program_arg args[] = {
		{"{name}", "%s", "name", "multiprocessing.current_process().name"},
		{"{value}", "%d", c_value, py_value},
	};

	program_say(p, program_template(x, say), args, 2);
}

#define PICK(p, c, py) ((p)->lang == PROGRAM_C ? (c) : (py))

/* What real timing decides in a race, at the moment it does. */
static void program_race_note(struct program *p, const struct program_ctx *x)
{
	program_note(p, x, x->d->blocks
		? N_("The lock is held from the load to the store: whoever wants to load "
		     "meanwhile sleeps in futex(2) in sem_wait until it is given back.")
		: N_("Here real timing decides: another process may store between this "
		     "load and the store below, and then one increment is lost."));
}

/* Every increment of a race: the counter it should end with. */
static size_t program_increments(const struct scenario *s)
{
	size_t total = 0;

	for (int a = 0; a < s->nactors; a++)
		total += s->groups[s->actors[a].group].nvalues;
	return total;
}

/* A consumer's first lines, up to the inside of its loop: the end it keeps,
 * its counts (`count`: of items), its start. */
static void program_consumer_head(struct program *p, const struct program_ctx *x,
				  const struct scenario_group *g, bool count)
{
	program_filled(p, x, PROGRAM_SETUP,
		       PICK(p, x->cp->c_attach[ROLE_CONSUMER], x->py->attach[ROLE_CONSUMER]));
	if (count)
		program_add(p, PROGRAM_OTHER, "%s", PICK(p, "long got = 0;", "got = 0"));
	if (x->cp->counts_mixed)
		program_add(p, PROGRAM_OTHER, "%s",
			    PICK(p, "int mixed = 0; /* items holding bytes of two writes */",
				 "mixed = 0"));
	if (g->start_ms > 0)
		program_pause(p, g->start_ms);
	program_add(p, PROGRAM_OTHER, "%s", PICK(p, "for (;;) {", "while True:"));
	p->indent++;
}

/* ---- the C ---------------------------------------------------------------- */

/* The name of a call at the start of a line ("write" of "write(fd, …)"), or
 * 0 if the line is not a call. */
static size_t program_call(const char *line)
{
	size_t n = 0;

	while ((line[n] >= 'a' && line[n] <= 'z') || line[n] == '_')
		n++;
	return n > 0 && line[n] == '(' ? n : 0;
}

/* The descriptor's call with an item's real size: its "4096" (a page, what
 * one item is unless a scenario says) becomes the scenario's size. */
static void program_sized(const struct program_ctx *x, const char *code, char *buf, size_t len)
{
	const char *four = strstr(code, "4096");

	if (four && x->size != 4096)
		snprintf(buf, len, "%.*s%d%s", (int)(four - code), code, x->size, four + 4);
	else
		snprintf(buf, len, "%s", code);
}

/* The operation's own lines (the descriptor's C), each call checked: -1 fails.
 * Its first call is where a process sleeps when the channel makes it wait. */
static void program_c_op(struct program *p, const struct program_ctx *x, enum program_tag tag,
			 const char *text)
{
	bool marked = false;
	char code[512];

	program_sized(x, text, code, sizeof code);

	for (const char *s = code; *s;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char line[256];
		snprintf(line, sizeof line, "%.*s", (int)len, s);
		size_t call = program_call(line);
		if (call) {
			/* mark it before the next line is added: that may move the lines */
			struct program_line *l = program_add(p, tag, "if (%s == -1)", line);
			if (l && !marked && x->d->blocks && strncmp(line, "sem_post", 8) != 0)
				l->blocks = marked = true;
			p->indent++;
			program_add(p, PROGRAM_OTHER, "fail(name, \"%.*s\");", (int)call, line);
			p->indent--;
		} else {
			program_add(p, tag, "%s;", line);
		}
		s = nl ? nl + 1 : s + len;
	}
}

/* The operation inside its channel's block (@OP@ the descriptor's call, whose
 * "4096" is the item's real size), or checked line by line without one. */
static void program_c_block(struct program *p, const struct program_ctx *x,
			    enum program_tag tag, const char *block, const char *code,
			    void (*say)(struct program *, const struct program_ctx *), bool *said)
{
	if (!block) {
		program_c_op(p, x, tag, code);
		return;
	}
	char *b = program_fill(x, block);
	if (!b) {
		p->failed = true;
		return;
	}
	for (char *s = b; *s;) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		char *at = strstr(s, "@OP@");
		if (strncmp(s, "@CALL@", 6) == 0) {
			struct program_line *l = program_text(p, tag, s + 6);
			if (l)
				l->blocks = x->d->blocks;
		} else if (strcmp(s, "@PRINT@") == 0) {
			say(p, x);
			*said = true;
		} else if (at) {
			char op[256], line[512];
			program_sized(x, code, op, sizeof op);
			snprintf(line, sizeof line, "%.*s%s%s", (int)(at - s), s, op, at + 4);
			struct program_line *l = program_text(p, tag, line);
			if (l)
				l->blocks = x->d->blocks;
		} else {
			program_text(p, PROGRAM_OTHER, s);
		}
		s = nl ? nl + 1 : s + strlen(s);
	}
	free(b);
}

static enum program_tag program_put_tag(const struct channel_desc *d)
{
	return d->counter ? PROGRAM_STORE : d->cell ? PROGRAM_WRITE : PROGRAM_PUT;
}

static enum program_tag program_get_tag(const struct channel_desc *d)
{
	return d->counter ? PROGRAM_LOAD : d->cell ? PROGRAM_READ : PROGRAM_GET;
}

static void program_c_say_put(struct program *p, const struct program_ctx *x)
{
	program_say_value(p, x, x->d->cell ? SAY_WROTE : SAY_PUT, "(int)v", "i");
}

static void program_c_say_got(struct program *p, const struct program_ctx *x)
{
	char value[64];

	/* the item itself: a channel may print before v is taken from it */
	snprintf(value, sizeof value, "(int)%s", x->cp->c_value ? x->cp->c_value : "v");
	program_say_value(p, x, x->d->cell ? SAY_READ : SAY_GOT, value, "data");
}

/* A function name for group g: "producer", "consumer_fast". */
static void program_fn(const struct scenario *s, int g, char *buf, size_t len)
{
	const struct scenario_group *gr = &s->groups[g];
	size_t n = (size_t)snprintf(buf, len, "%s",
				    gr->role == ROLE_PRODUCER ? "producer" : "consumer");

	if (gr->name[0] && n + 1 < len) {
		buf[n++] = '_';
		for (const char *c = gr->name; *c && n + 1 < len; c++)
			buf[n++] = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
					   (*c >= '0' && *c <= '9') ? *c : '_';
		buf[n] = '\0';
	}
}

/* The names of the processes of group g, "producer-1, producer-2". */
static void program_who(const struct scenario *s, int g, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int a = 0; a < s->nactors; a++)
		if (s->actors[a].group == g && n + 1 < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
					      s->actors[a].name);
}

/* "What producer-1 does.", or "What each of fast-1, fast-2 does." */
static void program_what(const struct scenario *s, int g, const char *who, char *buf,
			 size_t len)
{
	snprintf(buf, len, s->groups[g].count > 1 ? _("What each of %s does.") : _("What %s does."),
		 who);
}

/* Are a group's values a..b counting up by one? */
static bool program_is_range(const struct scenario_group *g)
{
	for (size_t i = 1; i < g->nvalues; i++)
		if (g->values[i] != g->values[i - 1] + 1)
			return false;
	return g->nvalues > 1;
}

static void program_c_values(struct program *p, const struct scenario_group *g)
{
	char buf[1024];
	size_t n = 0;

	n += (size_t)snprintf(buf, sizeof buf, "static const int32_t values[] = {");
	for (size_t i = 0; i < g->nvalues; i++) {
		if (n + 40 > sizeof buf) {
			program_text(p, PROGRAM_OTHER, buf);
			n = (size_t)snprintf(buf, sizeof buf, "\t");
		}
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%d", i ? ", " : "", g->values[i]);
	}
	snprintf(buf + n, sizeof buf - n, "};");
	program_text(p, PROGRAM_OTHER, buf);
}

static void program_c_item(struct program *p, const struct program_ctx *x)
{
	if (x->cp->c_item) {
		char *t = program_fill(x, x->cp->c_item);
		if (t)
			program_add(p, PROGRAM_OTHER, "%s = {0};", t);
		free(t);
	}
}

static void program_c_producer(struct program *p, const struct program_ctx *x,
			       const struct scenario_group *g)
{
	const struct channel_desc *d = x->d;
	bool said = false;

	program_filled(p, x, PROGRAM_SETUP, x->cp->c_attach[ROLE_PRODUCER]);
	if (g->start_ms > 0)
		program_pause(p, g->start_ms);
	if (d->counter) {
		program_add(p, PROGRAM_OTHER, "for (int32_t n = 0; n < %zu; n++) {", g->nvalues);
		p->indent++;
		program_add(p, PROGRAM_OTHER, "int32_t v;");
		program_c_op(p, x, PROGRAM_LOAD, d->get.code);
		program_say_value(p, x, SAY_READ, "(int)v", "data");
		program_race_note(p, x);
		program_pause(p, g->interval_ms);
		program_c_op(p, x, PROGRAM_STORE, d->put.code);
		program_say_value(p, x, SAY_WROTE, "(int)(v + 1)", "data + 1");
		program_pause(p, g->interval_ms);
		p->indent--;
		program_add(p, PROGRAM_OTHER, "}");
		return;
	}
	if (program_is_range(g)) {
		program_add(p, PROGRAM_OTHER, "for (int32_t v = %d; v <= %d; v++) {", g->values[0],
			    g->values[g->nvalues - 1]);
		p->indent++;
	} else {
		program_c_values(p, g);
		program_add(p, PROGRAM_OTHER,
			    "for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {");
		p->indent++;
		program_add(p, PROGRAM_OTHER, "int32_t v = values[k];");
	}
	program_c_item(p, x);
	program_filled(p, x, PROGRAM_OTHER, x->cp->c_set);
	program_c_block(p, x, program_put_tag(d), x->cp->c_put_block, d->put.code,
			program_c_say_put, &said);
	if (!said)
		program_c_say_put(p, x);
	program_pause(p, g->interval_ms);
	p->indent--;
	program_add(p, PROGRAM_OTHER, "}");
}

static void program_c_consumer(struct program *p, const struct program_ctx *x,
			       const struct scenario_group *g)
{
	const struct channel_desc *d = x->d;
	bool said = false, count = g->items > 0 || x->cp->counts_mixed;
	size_t before = p->nlines;

	program_consumer_head(p, x, g, count);
	/* the value is the item's (c_value), or the get sets v itself */
	const char *value = x->cp->c_value ? x->cp->c_value : "v";
	if (!x->cp->c_value)
		program_add(p, PROGRAM_OTHER, "int32_t v;");
	else
		program_c_item(p, x);
	program_c_block(p, x, program_get_tag(d), x->cp->c_get_block, d->get.code,
			program_c_say_got, &said);
	if (!said)
		program_c_say_got(p, x);
	if (count)
		program_add(p, PROGRAM_OTHER, "got++;");
	if (g->has_stop) {
		program_add(p, PROGRAM_OTHER, "if (%s == %d)", value, g->stop_value);
		program_add(p, PROGRAM_OTHER, "\tbreak;");
	}
	if (g->items > 0) {
		program_add(p, PROGRAM_OTHER, "if (got == %ld)", g->items);
		program_add(p, PROGRAM_OTHER, "\tbreak;");
	}
	program_pause(p, g->interval_ms);
	p->indent--;
	program_add(p, PROGRAM_OTHER, "}");
	bool jumps = false;
	for (size_t i = before; i < p->nlines; i++)
		jumps = jumps || strstr(p->lines[i].text, "goto done");
	if (jumps) {
		int keep = p->indent;
		p->indent = 0;
		program_add(p, PROGRAM_OTHER, "done:");
		p->indent = keep;
	}
	if (x->cp->counts_mixed) {
		struct program_arg args[] = {{"{name}", "%s", "name", ""},
					     {"{mixed}", "%d", "mixed", ""},
					     {"{items}", "%ld", "got", ""}};
		/* TRANSLATORS: the last line a consumer prints in the program of
		   ipcviz --print-code pipe-atomic. Keep the braces. */
		program_say(p, program_words(N_("{name}: {mixed} of {items} items held bytes of "
						"two writes")), args, 3);
	} else if (jumps) {
		program_add(p, PROGRAM_OTHER, "fflush(stdout);");
	}
}

static void program_c_head(struct program *p, const struct program_ctx *x)
{
	program_c_start(p, x->s, NULL, true);
	if (x->cp->c_helpers)
		program_filled(p, x, PROGRAM_OTHER, x->cp->c_helpers);
	program_filled(p, x, PROGRAM_SETUP, x->cp->c_globals);
	program_add(p, PROGRAM_OTHER, "%s", "");
}

static void program_c_main(struct program *p, const struct program_ctx *x)
{
	const struct scenario *s = x->s;
	char buf[1024];
	size_t n = 0;
	int64_t now = 0;

	program_add(p, PROGRAM_OTHER, "int main(int argc, char **argv)\n{");
	p->indent++;
	n = (size_t)snprintf(buf, sizeof buf, "static const char *const names[%d] = {", s->nactors);
	for (int a = 0; a < s->nactors; a++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\"%s\"", a ? ", " : "",
				      s->actors[a].name);
	snprintf(buf + n, sizeof buf - n, "};");
	program_text(p, PROGRAM_OTHER, buf);
	n = (size_t)snprintf(buf, sizeof buf, "static const int group_of[%d] = {", s->nactors);
	for (int a = 0; a < s->nactors; a++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%d", a ? ", " : "",
				      s->actors[a].group);
	snprintf(buf + n, sizeof buf - n, "};");
	program_text(p, PROGRAM_OTHER, buf);
	program_add(p, PROGRAM_OTHER, "pid_t pid[%d];\n", s->nactors);
	program_text(p, PROGRAM_OTHER,
		     "if (argc > 1)\n\tspeed = strtod(argv[1], NULL);\n"
		     "if (argc > 2 || !(speed > 0)) {\n"
		     "\tfprintf(stderr, \"usage: %s [SPEED]\\n\", argv[0]);\n\treturn 2;\n}");
	program_comment(p, _("One line at a time, even into a pipe; and a write with no reader "
			     "left fails with EPIPE instead of killing the writer."));
	program_text(p, PROGRAM_OTHER, "setvbuf(stdout, NULL, _IOLBF, 0);\nsignal(SIGPIPE, SIG_IGN);");
	program_note(p, x, x->cp->open_note);
	program_filled(p, x, PROGRAM_SETUP, x->cp->c_open);
	program_add(p, PROGRAM_OTHER, "for (int k = 0; k < %d; k++) {", s->nactors);
	p->indent++;
	program_text(p, PROGRAM_OTHER,
		     "pid[k] = fork();\nif (pid[k] < 0)\n\tfail(\"main\", \"fork\");\n"
		     "if (pid[k] == 0) {\n\tswitch (group_of[k]) {");
	p->indent++;
	for (int g = 0; g < s->ngroups; g++) {
		char fn[64];
		program_fn(s, g, fn, sizeof fn);
		program_add(p, PROGRAM_OTHER, "case %d:\n\t%s(names[k]);\n\tbreak;", g, fn);
	}
	program_add(p, PROGRAM_OTHER, "}\nexit(0);");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "}");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "}");
	program_filled(p, x, PROGRAM_SETUP, x->cp->c_parent);
	for (size_t i = 0; i < s->nactions; i++) {
		const struct scenario_action *a = &s->actions[i];
		if (a->at_ms > now) {
			program_pause(p, a->at_ms - now);
			now = a->at_ms;
		}
		if (a->kind == ACTION_NOTE) {
			program_comment(p, _(a->text));
			continue;
		}
		program_add(p, PROGRAM_OTHER, "kill(pid[%d], %s); /* %s */", a->target,
			    program_signal(a->kind), s->actors[a->target].name);
	}
	program_add(p, PROGRAM_OTHER, "for (int k = 0; k < %d; k++)\n\twaitpid(pid[k], NULL, 0);",
		    s->nactors);
	program_filled(p, x, PROGRAM_SETUP, x->cp->c_end);
	if (x->cp->c_counter) {
		char expected[32];
		snprintf(expected, sizeof expected, "%zu", program_increments(s));
		char cnt[64];
		snprintf(cnt, sizeof cnt, "(int)%s", x->cp->c_counter);
		/* {expected} is known now: written into the format as it is */
		struct program_arg args[] = {{"{counter}", "%d", cnt, NULL},
					     {"{expected}", expected, NULL, NULL}};
		program_say(p, program_words(N_("counter {counter} of {expected}")), args, 2);
	}
	program_add(p, PROGRAM_OTHER, "return 0;");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "}");
}

static void program_py_producer(struct program *p, const struct program_ctx *x,
				const struct scenario_group *g);
static void program_py_consumer(struct program *p, const struct program_ctx *x,
				const struct scenario_group *g);

/* One function for each group: the program its processes share. */
static void program_functions(struct program *p, struct program_ctx *x)
{
	const struct scenario *s = x->s;

	for (int g = 0; g < s->ngroups; g++) {
		const struct scenario_group *gr = &s->groups[g];
		bool c = p->lang == PROGRAM_C;
		char fn[64], who[512], what[640];
		program_fn(s, g, fn, sizeof fn);
		program_who(s, g, who, sizeof who);
		program_what(s, g, who, what, sizeof what);
		p->group = g;
		x->interval = (double)gr->interval_ms / 1000.0;
		if (c)
			program_comment(p, what);
		if (c)
			program_add(p, PROGRAM_OTHER, "static void %s(const char *name)\n{", fn);
		else
			program_add(p, PROGRAM_OTHER, "def %s(%s):", fn, x->py->params);
		p->indent++;
		if (!c)
			program_comment(p, what);
		if (gr->role == ROLE_PRODUCER)
			(c ? program_c_producer : program_py_producer)(p, x, gr);
		else
			(c ? program_c_consumer : program_py_consumer)(p, x, gr);
		p->indent--;
		program_add(p, PROGRAM_OTHER, "%s", c ? "}\n" : "\n");
		p->group = -1;
	}
}

static void program_c(struct program *p, struct program_ctx *x)
{
	program_c_head(p, x);
	program_functions(p, x);
	program_c_main(p, x);
}

/* ---- the Python ----------------------------------------------------------- */

/* Does the script kill a consumer on a channel that tells its producer (a
 * pipe's EPIPE, a socket pair's end of file)? Then Python raises in the
 * producer, and its program catches it to end with one line. */
static bool program_py_told(const struct scenario *s)
{
	const struct channel_desc *d = channel_desc_of(s->channel);

	for (size_t i = 0; i < s->nactions; i++)
		if (s->actions[i].kind == ACTION_KILL && (d->sized_items || d->duplex))
			return true;
	return false;
}

static void program_py_producer(struct program *p, const struct program_ctx *x,
				const struct scenario_group *g)
{
	const struct channel_desc *d = x->d;

	program_filled(p, x, PROGRAM_SETUP, x->py->attach[ROLE_PRODUCER]);
	if (g->start_ms > 0)
		program_pause(p, g->start_ms);
	if (d->counter) {
		program_add(p, PROGRAM_OTHER, "for _ in range(%zu):", g->nvalues);
		p->indent++;
		program_filled(p, x, PROGRAM_LOAD, x->py->get);
		program_say_value(p, x, SAY_READ, "", "data");
		program_race_note(p, x);
		program_pause(p, g->interval_ms);
		program_filled(p, x, PROGRAM_STORE, x->py->put);
		program_say_value(p, x, SAY_WROTE, "", "data + 1");
		program_pause(p, g->interval_ms);
		p->indent--;
		return;
	}
	bool told = program_py_told(x->s);
	if (told) {
		program_add(p, PROGRAM_OTHER, "try:");
		p->indent++;
	}
	if (program_is_range(g) && g->values[0] == 0)
		program_add(p, PROGRAM_OTHER, "for i in range(%d):", g->values[g->nvalues - 1] + 1);
	else if (program_is_range(g))
		program_add(p, PROGRAM_OTHER, "for i in range(%d, %d):", g->values[0],
			    g->values[g->nvalues - 1] + 1);
	else {
		char buf[1024];
		size_t n = (size_t)snprintf(buf, sizeof buf, "for i in [");
		for (size_t i = 0; i < g->nvalues && n + 16 < sizeof buf; i++)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%d", i ? ", " : "",
					      g->values[i]);
		snprintf(buf + n, sizeof buf - n, "]:");
		program_text(p, PROGRAM_OTHER, buf);
	}
	p->indent++;
	program_filled(p, x, program_put_tag(d), x->py->put);
	program_say_value(p, x, d->cell ? SAY_WROTE : SAY_PUT, "", "i");
	program_pause(p, g->interval_ms);
	p->indent--;
	if (told) {
		p->indent--;
		program_add(p, PROGRAM_OTHER,
			    "except (BrokenPipeError, ConnectionResetError, EOFError) as e:");
		p->indent++;
		/* TRANSLATORS: a comment in the Python of ipcviz --print-code pipe-kill */
		program_comment(p, program_words(N_("The consumer is gone and the kernel says so "
						    "(EPIPE, or end of file): one line, as the C "
						    "says it, instead of a traceback.")));
		program_add(p, PROGRAM_OTHER, "why = getattr(e, \"strerror\", None) or \"end of file\"");
		program_add(p, PROGRAM_OTHER,
			    "sys.exit(f\"{multiprocessing.current_process().name}: {why}\")");
		p->indent--;
	}
}

static void program_py_consumer(struct program *p, const struct program_ctx *x,
				const struct scenario_group *g)
{
	const struct channel_desc *d = x->d;
	bool count = g->items > 0 || x->cp->counts_mixed;

	program_consumer_head(p, x, g, count);
	program_filled(p, x, program_get_tag(d), x->py->get);
	program_say_value(p, x, d->cell ? SAY_READ : SAY_GOT, "", "data");
	if (count)
		program_add(p, PROGRAM_OTHER, "got += 1");
	if (g->has_stop)
		program_add(p, PROGRAM_OTHER, "if data == %d:\n    break", g->stop_value);
	if (g->items > 0)
		program_add(p, PROGRAM_OTHER, "if got == %ld:\n    break", g->items);
	program_pause(p, g->interval_ms);
	p->indent--;
	if (x->cp->counts_mixed) {
		struct program_arg args[] = {
			{"{name}", "", NULL, "multiprocessing.current_process().name"},
			{"{mixed}", "", NULL, "mixed"},
			{"{items}", "", NULL, "got"}};
		program_say(p, program_words(N_("{name}: {mixed} of {items} items held bytes of "
						"two writes")), args, 3);
	}
}

static void program_py_main(struct program *p, const struct program_ctx *x)
{
	const struct scenario *s = x->s;
	int64_t now = 0;

	program_add(p, PROGRAM_OTHER, "if __name__ == \"__main__\":");
	p->indent++;
	program_comment(p, _("Each line a process prints goes out at once, even into a pipe."));
	program_add(p, PROGRAM_OTHER, "sys.stdout.reconfigure(line_buffering=True, write_through=False)");
	program_note(p, x, x->py->note);
	program_filled(p, x, PROGRAM_SETUP, x->py->open);
	for (int a = 0; a < s->nactors; a++) {
		char fn[64];
		const char *args = x->py->args[s->actors[a].role];
		program_fn(s, s->actors[a].group, fn, sizeof fn);
		program_add(p, PROGRAM_OTHER,
			    "p%d = multiprocessing.Process(target=%s, args=(%s%s), name=\"%s\")",
			    a + 1, fn, args, strchr(args, ',') ? "" : ",", s->actors[a].name);
	}
	for (int a = 0; a < s->nactors; a++)
		program_add(p, PROGRAM_OTHER, "p%d.start()", a + 1);
	program_filled(p, x, PROGRAM_SETUP, x->py->parent);
	for (size_t i = 0; i < s->nactions; i++) {
		const struct scenario_action *a = &s->actions[i];
		if (a->at_ms > now) {
			program_pause(p, a->at_ms - now);
			now = a->at_ms;
		}
		if (a->kind == ACTION_NOTE)
			program_comment(p, _(a->text));
		else
			program_add(p, PROGRAM_OTHER, "os.kill(p%d.pid, signal.%s)  # %s",
				    a->target + 1, program_signal(a->kind),
				    s->actors[a->target].name);
	}
	for (int a = 0; a < s->nactors; a++)
		program_add(p, PROGRAM_OTHER, "p%d.join()", a + 1);
	program_filled(p, x, PROGRAM_SETUP, x->py->end);
	if (x->py->counter) {
		char expected[32];
		snprintf(expected, sizeof expected, "%zu", program_increments(s));
		struct program_arg args[] = {{"{counter}", "", NULL, x->py->counter},
					     {"{expected}", "", NULL, expected}};
		program_say(p, program_words(N_("counter {counter} of {expected}")), args, 2);
	}
	p->indent--;
}

static void program_python(struct program *p, struct program_ctx *x)
{
	const struct scenario *s = x->s;
	char buf[512];
	bool script = false;

	for (size_t i = 0; i < s->nactions; i++)
		script = script || s->actions[i].kind != ACTION_NOTE;
	snprintf(buf, sizeof buf, _("%s: %s. The scenario as a program of its own, made by "
				    "ipcviz --print-code python %s."),
		 s->name, s->title ? _(s->title) : "", s->name);
	program_comment(p, buf);
	program_add(p, PROGRAM_COMMENT, "#   python3 prog.py [SPEED]");
	program_add(p, PROGRAM_OTHER, "import multiprocessing");
	if (script && !(x->py->imports && strstr(x->py->imports, "import os")))
		program_add(p, PROGRAM_OTHER, "import os");
	if (script)
		program_add(p, PROGRAM_OTHER, "import signal");
	program_add(p, PROGRAM_OTHER, "import sys\nimport time");
	if (x->py->imports)
		program_text(p, PROGRAM_OTHER, x->py->imports);
	program_add(p, PROGRAM_OTHER, "%s", "");
	program_comment(p, _("The speed factor: 10 runs the scenario ten times faster."));
	program_add(p, PROGRAM_OTHER, "SPEED = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0\n\n");
	program_functions(p, x);
	program_py_main(p, x);
}

/* ---- the whole ------------------------------------------------------------ */

int program_build(struct program *p, const struct scenario *s, enum program_lang lang,
		  char *err, size_t errlen)
{
	struct program_ctx x = {.s = s, .d = channel_desc_of(s->channel)};

	memset(p, 0, sizeof *p);
	p->lang = lang;
	p->group = -1;
	if (s->multi) {
		if (program_multi_build(p, s) != 0)
			snprintf(err, errlen, "%s", _("only pipes and locks among several channels "
						      "have a program of their own yet"));
		else if (!p->failed)
			return 0;
		else
			snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	if (!x.d || !x.d->program) {
		snprintf(err, errlen, "%s", _("this channel has no program of its own yet"));
		return -1;
	}
	x.size = s->item_size > 0 ? s->item_size : 4096;
	x.cp = x.d->program;
	if (x.size > 4096 && x.cp->big)
		x.cp = x.cp->big;
	x.tutorial = program_is_tutorial(s);
	x.py = x.tutorial && x.cp->py_tutorial.open ? &x.cp->py_tutorial : &x.cp->py;
	if (lang == PROGRAM_C)
		program_c(p, &x);
	else
		program_python(p, &x);
	if (p->failed) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return -1;
	}
	return 0;
}

bool program_ends(const struct scenario *s)
{
	const struct channel_desc *d = channel_desc_of(s->channel);

	if (s->multi)
		return program_multi_ends(s);
	if (d->named)
		return false; /* a consumer waits for more, from anyone */
	for (size_t i = 0; i < s->nactions; i++) {
		enum scenario_action_kind k = s->actions[i].kind;
		if (k == ACTION_STOP)
			return false;
		/* a pipe or socket pair tells the others (end of file, EPIPE) */
		if (k == ACTION_KILL && !(d->sized_items || d->duplex))
			return false;
	}
	return true;
}
