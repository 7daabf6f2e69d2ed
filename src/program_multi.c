/* program_multi.c - a scenario of several channels (DESIGN 14) as a program of
 * its own, in C or in Python: the twin of what run_multi.c runs.
 *
 * It is made from the same program the engine runs: each [process.NAME]
 * becomes one function that does its do lines in order, each with the real
 * call (a pipe's is the pipe descriptor's put.code and get.code, as in a
 * program of one channel; a lock's is pthread_mutex_lock on a robust
 * process-shared mutex in a shared anonymous mapping, as run_multi_child.c
 * takes it). main makes every channel, forks each process, which first closes
 * the ends its program does not use (nor `holds`), as a careful program does,
 * plays the script (SIGKILL, SIGSTOP, SIGCONT at their times), and waits.
 *
 * A real program cannot see a deadlock as ipcviz does (every process asleep in
 * a channel's call, confirmed by /proc); left alone, a deadlocked twin would
 * hang for ever. So main gives its processes a deadline: the scenario's own
 * time, all of its pauses one after the other (more than any run can take),
 * and a margin; whoever still waits then is named in one `deadlock` line and
 * killed. Each child dies with main too (PR_SET_PDEATHSIG), and nothing is
 * left anywhere: pipes and the mapping go with the processes.
 */
#include "program_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "i18n.h"
#include "scenario_multi.h"

/* Real seconds the deadline adds to the scenario's time: room for a loaded
 * machine and Python's start, so that a twin that ends is never called
 * deadlocked. */
#define PROGRAM_MULTI_MARGIN 5

#define PICK(p, c, py) ((p)->lang == PROGRAM_C ? (c) : (py))

/* The scenario's time in seconds if every pause of every process came one
 * after the other: no run of it can take longer. A get or echo of `all`
 * takes at most every value put anywhere. */
static double program_multi_seconds(const struct scenario_multi *m)
{
	long values = 0;
	int64_t ms = 0;

	for (int i = 0; i < m->nprocs; i++)
		for (size_t k = 0; k < m->procs[i].nops; k++)
			if (m->procs[i].ops[k].kind == SOP_PUT)
				values += (long)m->procs[i].ops[k].nvalues * m->procs[i].count;
	for (int i = 0; i < m->nprocs; i++) {
		const struct scenario_process *pr = &m->procs[i];
		int64_t own = pr->start_ms;

		for (size_t k = 0; k < pr->nops; k++) {
			const struct scenario_op *op = &pr->ops[k];
			long items = op->kind == SOP_PUT ? (long)op->nvalues
				     : op->until_kind == SOP_COUNT ? op->n : values;

			own += op->kind == SOP_SLEEP ? op->every_ms
			       : op->kind == SOP_PUT || op->kind == SOP_GET || op->kind == SOP_ECHO
					 ? op->every_ms * (items < values ? items : values) : 0;
		}
		ms += own * pr->count;
	}
	return (double)ms / 1000.0;
}

/* Does the C pause anywhere (a sleep, an every, a start, the script's time)? */
static bool program_multi_pauses(const struct scenario *s)
{
	const struct scenario_multi *m = s->multi;

	for (size_t i = 0; i < s->nactions; i++)
		if (s->actions[i].at_ms > 0)
			return true;
	for (int i = 0; i < m->nprocs; i++) {
		if (m->procs[i].start_ms > 0)
			return true;
		for (size_t k = 0; k < m->procs[i].nops; k++)
			if (m->procs[i].ops[k].every_ms > 0 || m->procs[i].ops[k].kind == SOP_SLEEP)
				return true;
	}
	return false;
}

/* Does process pr keep the read end (e 0) or the write end (e 1) of pipe ch? */
static bool program_multi_keeps(const struct scenario_process *pr, int ch, int e)
{
	bool reads, writes;

	scenario_multi_uses(pr, ch, &reads, &writes);
	return (pr->holds & (1u << ch)) || (e == 0 ? reads : writes);
}

/* A channel's variable: pipe_NAME or fifo_NAME (its two ends), or lock_NAME.
 * A prefix, so that no name of the file (`read`, `int`, `1st`) can clash with
 * the language. */
static void program_multi_var(const struct scenario_channel *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s_%s",
		 c->lock                            ? "lock"
		 : c->kind == CHANNEL_FIFO          ? "fifo"
		 : c->kind == CHANNEL_SOCKETPAIR    ? "sock"
		 : c->kind == CHANNEL_QUEUE         ? "queue"
		 : c->kind == CHANNEL_RING          ? "ring"
						    : "pipe",
		 c->name);
}

/* Closes end e of channel c, whose variable is var: close(2), or mq_close(3)
 * for a queue's descriptor in C (in Python both are os.close: a queue
 * descriptor is a file descriptor on Linux). */
static void program_multi_close_end(struct program *p, const struct scenario_channel *c,
				    const char *var, int e)
{
	if (p->lang == PROGRAM_PYTHON)
		program_add(p, PROGRAM_SETUP, "os.close(%s[%d])", var, e);
	else
		program_add(p, PROGRAM_SETUP, "%s(%s[%d]);",
			    c->kind == CHANNEL_QUEUE ? "mq_close" : "close", var, e);
}

/* Has channel c ends (descriptors) to close? A lock and a ring are shared
 * memory: they have none. */
static bool program_multi_has_ends(const struct scenario_channel *c)
{
	return !c->lock && c->kind != CHANNEL_RING;
}

/* Has the scenario a FIFO (whose opening the program needs a function for)? */
static bool program_multi_has(const struct scenario_multi *m, enum channel_kind kind)
{
	for (int ch = 0; ch < m->nchannels; ch++)
		if (!m->channels[ch].lock && m->channels[ch].kind == kind)
			return true;
	return false;
}

/* Is c a character of an identifier, or a quote (so that a word inside a
 * string's edge is left alone)? */
static bool program_multi_wordchar(char c)
{
	return c == '_' || c == '"' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* `code` with every identifier `from` replaced by `to`, into buf. */
static void program_multi_subst(const char *code, const char *from, const char *to, char *buf,
				size_t len)
{
	size_t n = 0, fl = strlen(from);

	for (const char *s = code; *s && n + 1 < len;) {
		/* strncmp first: only a match of fl characters makes s[fl] readable */
		if ((s == code || !program_multi_wordchar(s[-1])) && strncmp(s, from, fl) == 0 &&
		    !program_multi_wordchar(s[fl])) {
			n += (size_t)snprintf(buf + n, len - n, "%s", to);
			s += fl;
		} else {
			buf[n++] = *s++;
		}
	}
	buf[n < len ? n : len - 1] = '\0';
}

/* Which of the program's lines an op is (struct program_line's op), set on
 * every line added since `from`. */
static void program_multi_mark(struct program *p, size_t from, int op)
{
	for (size_t i = from; i < p->nlines; i++)
		p->lines[i].op = op;
}

/* The comment over the ring's code, in the C and in the Python. */
#define PROGRAM_MULTI_RING_NOTE                                                               \
	N_("A ring: the bounded buffer of every course, its places in shared memory and "     \
	   "three process-shared semaphores. A writer sleeps in sem_wait(slots), in "          \
	   "futex(2), while it is full; a reader in sem_wait(items) while it is empty. The "   \
	   "mapping is anonymous: the children inherit it and nothing is left in /dev/shm. A " \
	   "semaphore counts no writers, so a ring has no end of file.")

/* The comment over a queue's opening, in the C and in the Python. */
#define PROGRAM_MULTI_QUEUE_NOTE                                                              \
	N_("A POSIX queue: mq_open(3) makes it and opens it twice, for reading and for "     \
	   "writing, so that /proc/PID/fdinfo tells its readers from its writers; its name " \
	   "goes at once (mq_unlink), the children inherit the descriptors, and the queue "  \
	   "lives while one is open: nothing is left in /dev/mqueue. It has no end of file " \
	   "and no EPIPE: it counts no readers and no writers.")

/* ---- the operations ---- */

struct program_multi_ctx {
	const struct scenario *s;
	const struct scenario_multi *m;
	const struct channel_desc *pipe; /* the pipe's descriptor: its calls */
};

/* The C declaration of one item: a page where a channel carries pages (a
 * pipe, a FIFO, a socket pair: one write of PIPE_BUF is atomic), else the
 * value alone (a queue's message, a ring's place). */
static const char *program_multi_item(const struct program_multi_ctx *x)
{
	for (int ch = 0; ch < x->m->nchannels; ch++) {
		const struct scenario_channel *c = &x->m->channels[ch];

		if (program_multi_has_ends(c) && c->kind != CHANNEL_QUEUE)
			return x->pipe->program->c_item;
	}
	return "struct { int32_t value; } item";
}

/* The pipe's call for a put (write) or a get (read) on channel ch, in C or
 * Python, from the pipe descriptor's own code. */
static void program_multi_call(struct program *p, const struct program_multi_ctx *x, int ch,
			       bool put, char *buf, size_t len)
{
	const struct channel_program *cp = x->pipe->program;
	char var[64], end[80];

	program_multi_var(&x->m->channels[ch], var, sizeof var);
	snprintf(end, sizeof end, "%s[%d]", var, put ? 1 : 0);
	if (p->lang == PROGRAM_C)
		program_multi_subst(put ? x->pipe->put.code : x->pipe->get.code, "fd", end, buf, len);
	else
		program_multi_subst(put ? cp->py.put : cp->py.get, put ? "w" : "r", end, buf, len);
}

/* The line a process prints after a put (a get) of `value`, an expression of
 * the program's language ("(int)v" in C, "i" in Python). */
static void program_multi_say_item(struct program *p, bool put, const char *value)
{
	const char *tmpl = program_plain_template(put ? SAY_PUT : SAY_GOT);

	if (p->lang == PROGRAM_C)
		program_say(p, tmpl,
			    (struct program_arg[]){{"{name}", "%s", "name", NULL},
						   {"{value}", "%d", value, NULL}},
			    2);
	else
		program_say(p, tmpl,
			    (struct program_arg[]){{"{name}", "", NULL,
						    "multiprocessing.current_process().name"},
						   {"{value}", "", NULL, value}},
			    2);
}

/* A put on (`put`) queue or ring ch of v (C) or i (Python), or of the item
 * just got (!set); or a get from it into item (C) or data (Python). The call
 * that blocks is marked: mq_send or mq_receive, ring_put or ring_get. Neither
 * has an end of file or EPIPE, so a queue's failure is a failure. */
static void program_multi_box_move(struct program *p, const struct program_multi_ctx *x,
				   int ch, bool put, bool set)
{
	const struct channel_program *cp = x->pipe->program;
	enum program_tag tag = put ? PROGRAM_PUT : PROGRAM_GET;
	bool c = p->lang == PROGRAM_C, queue = x->m->channels[ch].kind == CHANNEL_QUEUE;
	const char *value = c ? "(int)item.value" : put && set ? "i" : "data";
	struct program_line *l;
	char var[64];

	program_multi_var(&x->m->channels[ch], var, sizeof var);
	if (c && (set || !put)) {
		program_add(p, PROGRAM_OTHER, "%s = {0};", program_multi_item(x));
		if (set)
			program_text(p, PROGRAM_OTHER, cp->c_set);
	}
	if (c && queue && put)
		l = program_add(p, tag, "if (mq_send(%s[1], (const char *)&item.value, "
				"sizeof item.value, 0) == -1)", var);
	else if (c && queue)
		l = program_add(p, tag, "if (mq_receive(%s[0], (char *)&item.value, "
				"sizeof item.value, NULL) == -1)", var);
	else if (c)
		l = put ? program_add(p, tag, "ring_put(%s, item.value);", var)
			: program_add(p, tag, "item.value = ring_get(%s);", var);
	else if (queue)
		l = put ? program_add(p, tag, "queue_send(%s[1], %s)", var, value)
			: program_add(p, tag, "data = queue_receive(%s[0])", var);
	else
		l = put ? program_add(p, tag, "%s.put(%s)", var, value)
			: program_add(p, tag, "data = %s.get()", var);
	if (l)
		l->blocks = true;
	if (c && queue)
		program_add(p, PROGRAM_OTHER, "\tfail(name, \"%s\");", put ? "mq_send" : "mq_receive");
	program_multi_say_item(p, put, value);
}

/* A put of the value in v (C) or i (Python) on ch, the blocking call marked;
 * a write with no reader left (EPIPE) ends the operation, as in ipcviz. */
static void program_multi_put_item(struct program *p, const struct program_multi_ctx *x, int ch,
				   bool set)
{
	const struct channel_program *cp = x->pipe->program;
	char call[512];
	struct program_line *l;

	if (x->m->channels[ch].kind == CHANNEL_QUEUE || x->m->channels[ch].kind == CHANNEL_RING) {
		program_multi_box_move(p, x, ch, true, set);
		return;
	}
	program_multi_call(p, x, ch, true, call, sizeof call);
	if (p->lang == PROGRAM_PYTHON && !set) {
		/* an echo puts on the value it got */
		char on[512];
		program_multi_subst(call, "i", "data", on, sizeof on);
		snprintf(call, sizeof call, "%s", on);
	}
	if (p->lang == PROGRAM_C) {
		if (set) {
			program_add(p, PROGRAM_OTHER, "%s = {0};", program_multi_item(x));
			program_text(p, PROGRAM_OTHER, cp->c_set);
		}
		l = program_add(p, PROGRAM_PUT, "if (%s == -1) {", call);
		if (l)
			l->blocks = true;
		p->indent++;
		program_add(p, PROGRAM_OTHER, "if (errno != EPIPE)\n\tfail(name, \"write\");");
		program_comment(p, _("No reader is left (EPIPE): this put is over, the program "
				     "goes on."));
		program_add(p, PROGRAM_OTHER,
			    "fprintf(stderr, \"%%s: write: %%s\\n\", name, strerror(errno));");
		program_add(p, PROGRAM_OTHER, "break;");
		p->indent--;
		program_add(p, PROGRAM_OTHER, "}");
		program_multi_say_item(p, true, set ? "(int)v" : "(int)item.value");
		return;
	}
	program_add(p, PROGRAM_OTHER, "try:");
	p->indent++;
	l = program_text(p, PROGRAM_PUT, call);
	if (l)
		l->blocks = true;
	p->indent--;
	program_add(p, PROGRAM_OTHER, "except BrokenPipeError as e:");
	p->indent++;
	program_comment(p, _("No reader is left (EPIPE): this put is over, the program "
			     "goes on."));
	program_add(p, PROGRAM_OTHER,
		    "print(f\"{multiprocessing.current_process().name}: write: {e.strerror}\", "
		    "file=sys.stderr)\nbreak");
	p->indent--;
	program_multi_say_item(p, true, set ? "i" : "data");
}

/* A get from ch into item (C) or data (Python); end of file ends the loop. */
static void program_multi_get_item(struct program *p, const struct program_multi_ctx *x, int ch)
{
	char call[512];
	struct program_line *l;

	if (x->m->channels[ch].kind == CHANNEL_QUEUE || x->m->channels[ch].kind == CHANNEL_RING) {
		program_multi_box_move(p, x, ch, false, false);
		return;
	}
	program_multi_call(p, x, ch, false, call, sizeof call);
	if (p->lang == PROGRAM_C) {
		program_add(p, PROGRAM_OTHER, "%s = {0};", program_multi_item(x));
		l = program_add(p, PROGRAM_GET, "ssize_t n = %s;", call);
		if (l)
			l->blocks = true;
		program_add(p, PROGRAM_OTHER, "if (n == 0)");
		program_add(p, PROGRAM_OTHER, "\tbreak; /* %s */",
			    _("end of file: no process holds its write end any more"));
		program_add(p, PROGRAM_OTHER, "if (n < 0)\n\tfail(name, \"read\");");
		program_multi_say_item(p, false, "(int)item.value");
		return;
	}
	/* the descriptor's read, whose end of file returns, here ends the loop */
	char loop[512];
	program_multi_subst(call, "return", "break", loop, sizeof loop);
	l = program_text(p, PROGRAM_GET, loop);
	if (l)
		l->blocks = true;
	program_multi_say_item(p, false, "data");
}

/* The loop around a get or an echo: N times, or until end of file. */
static void program_multi_loop(struct program *p, const struct scenario_op *op)
{
	if (op->until_kind == SOP_COUNT && p->lang == PROGRAM_C)
		program_add(p, PROGRAM_OTHER, "for (long k = 0; k < %ld; k++) {", op->n);
	else if (op->until_kind == SOP_COUNT)
		program_add(p, PROGRAM_OTHER, "for _ in range(%ld):", op->n);
	else
		program_add(p, PROGRAM_OTHER, "%s", PICK(p, "for (;;) {", "while True:"));
	p->indent++;
}

static void program_multi_end_loop(struct program *p)
{
	p->indent--;
	if (p->lang == PROGRAM_C)
		program_add(p, PROGRAM_OTHER, "}");
}

static void program_multi_put(struct program *p, const struct program_multi_ctx *x,
			      const struct scenario_op *op, int k)
{
	bool range = op->nvalues > 1;

	for (size_t i = 1; i < op->nvalues; i++)
		range = range && op->values[i] == op->values[i - 1] + 1;
	if (range && p->lang == PROGRAM_C) {
		program_add(p, PROGRAM_OTHER, "for (int32_t v = %d; v <= %d; v++) {", op->values[0],
			    op->values[op->nvalues - 1]);
	} else if (range) {
		program_add(p, PROGRAM_OTHER, "for i in range(%d, %d):", op->values[0],
			    op->values[op->nvalues - 1] + 1);
	} else {
		char buf[1024];
		size_t n = (size_t)snprintf(buf, sizeof buf, "%s",
					    PICK(p, "static const int32_t values", "for i in ["));
		if (p->lang == PROGRAM_C)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%d[] = {", k);
		for (size_t i = 0; i < op->nvalues && n + 16 < sizeof buf; i++)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%d", i ? ", " : "",
					      op->values[i]);
		snprintf(buf + n, sizeof buf - n, "%s", PICK(p, "};", "]:"));
		program_text(p, PROGRAM_OTHER, buf);
		if (p->lang == PROGRAM_C)
			program_add(p, PROGRAM_OTHER,
				    "for (size_t i = 0; i < sizeof values%d / sizeof values%d[0]; "
				    "i++) {\n\tint32_t v = values%d[i];",
				    k, k, k);
	}
	p->indent++;
	program_multi_put_item(p, x, op->ch, true);
	if (op->every_ms > 0)
		program_pause(p, op->every_ms);
	program_multi_end_loop(p);
}

static void program_multi_get(struct program *p, const struct program_multi_ctx *x,
			      const struct scenario_op *op, bool echo)
{
	program_multi_loop(p, op);
	program_multi_get_item(p, x, op->ch);
	if (echo)
		program_multi_put_item(p, x, op->to, false);
	if (op->every_ms > 0)
		program_pause(p, op->every_ms);
	if (op->until_kind == SOP_VALUE)
		program_add(p, PROGRAM_OTHER, PICK(p, "if (item.value == %d)\n\tbreak;",
						   "if data == %d:\n    break"),
			    op->until);
	program_multi_end_loop(p);
}

/* lock L and unlock L: the robust mutex (C) or multiprocessing's lock. */
static void program_multi_lock(struct program *p, const struct scenario_channel *c, bool take)
{
	char var[64];
	struct program_line *l;

	program_multi_var(c, var, sizeof var);
	if (p->lang == PROGRAM_C && take) {
		l = program_add(p, PROGRAM_LOCK, "errno = pthread_mutex_lock(%s);", var);
		if (l)
			l->blocks = true;
		program_add(p, PROGRAM_OTHER, "if (errno == EOWNERDEAD)");
		program_add(p, PROGRAM_OTHER, "\tpthread_mutex_consistent(%s); /* %s */", var,
			    _("its holder died holding it: it is ours now"));
		program_add(p, PROGRAM_OTHER, "else if (errno != 0)\n\tfail(name, \"pthread_mutex_lock\");");
	} else if (p->lang == PROGRAM_C) {
		program_add(p, PROGRAM_LOCK, "errno = pthread_mutex_unlock(%s);", var);
		program_add(p, PROGRAM_OTHER, "if (errno != 0)\n\tfail(name, \"pthread_mutex_unlock\");");
	} else {
		l = program_add(p, PROGRAM_LOCK, "%s.%s()", var, take ? "acquire" : "release");
		if (l)
			l->blocks = take;
	}
	/* TRANSLATORS: the line a process prints in the program of ipcviz
	   --print-code when it has taken a lock ({lock} its name); keep the braces */
	const char *tmpl = take ? program_words(N_("{name} locked {lock}"))
				/* TRANSLATORS: …when it has given the lock back */
				: program_words(N_("{name} unlocked {lock}"));
	program_say(p, tmpl,
		    (struct program_arg[]){{"{name}", "%s", "name", "multiprocessing.current_process().name"},
					   {"{lock}", c->name, NULL, NULL}},
		    2);
}

/* close CH: the ends this process still holds. */
static void program_multi_close(struct program *p, const struct program_multi_ctx *x,
				const struct scenario_process *pr, int ch)
{
	char var[64];

	program_multi_var(&x->m->channels[ch], var, sizeof var);
	for (int e = 0; e < 2; e++)
		if (program_multi_keeps(pr, ch, e))
			program_multi_close_end(p, &x->m->channels[ch], var, e);
}

/* One do line, as the file writes it in a comment, then its code. */
static void program_multi_op(struct program *p, const struct program_multi_ctx *x,
			     const struct scenario_process *pr, const struct scenario_op *op, int k)
{
	size_t from = p->nlines;
	char line[1024];

	scenario_multi_op_text(x->m, op, line, sizeof line);
	program_add(p, PROGRAM_COMMENT, PICK(p, "/* do = %s */", "# do = %s"), line);

	switch (op->kind) {
	case SOP_PUT:
		program_multi_put(p, x, op, k);
		break;
	case SOP_GET:
		program_multi_get(p, x, op, false);
		break;
	case SOP_ECHO:
		program_multi_get(p, x, op, true);
		break;
	case SOP_SLEEP:
		program_pause(p, op->every_ms);
		break;
	case SOP_CLOSE:
		program_multi_close(p, x, pr, op->ch);
		break;
	case SOP_LOCK:
	case SOP_UNLOCK:
		program_multi_lock(p, &x->m->channels[op->ch], op->kind == SOP_LOCK);
		break;
	}
	program_multi_mark(p, from, k);
}

/* ---- the processes ---- */

/* The function of process pr: run_NAME. */
static void program_multi_fn(const struct scenario_process *pr, char *buf, size_t len)
{
	snprintf(buf, len, "run_%s", pr->name);
}

/* "What parent-1 does." or "What each of worker-1, worker-2 does." */
static void program_multi_what(const struct scenario *s, int g, char *buf, size_t len)
{
	char who[512];
	size_t n = 0;

	who[0] = '\0';
	for (int a = 0; a < s->nactors; a++)
		if (s->actors[a].group == g && n + 1 < sizeof who)
			n += (size_t)snprintf(who + n, sizeof who - n, "%s%s", n ? ", " : "",
					      s->actors[a].name);
	snprintf(buf, len, s->multi->procs[g].count > 1 ? _("What each of %s does.")
							: _("What %s does."),
		 who);
}

static void program_multi_function(struct program *p, const struct program_multi_ctx *x, int g)
{
	const struct scenario_process *pr = &x->m->procs[g];
	bool c = p->lang == PROGRAM_C;
	char fn[64], what[640];

	program_multi_fn(pr, fn, sizeof fn);
	program_multi_what(x->s, g, what, sizeof what);
	p->group = g;
	if (c) {
		program_comment(p, what);
		program_add(p, PROGRAM_OTHER, "static void %s(const char *name)\n{", fn);
	} else {
		program_add(p, PROGRAM_OTHER, "def %s():", fn);
	}
	p->indent++;
	if (!c)
		program_comment(p, what);
	bool first = true;
	for (int ch = 0; ch < x->m->nchannels; ch++) {
		char var[64];

		if (!program_multi_has_ends(&x->m->channels[ch]))
			continue;
		program_multi_var(&x->m->channels[ch], var, sizeof var);
		for (int e = 0; e < 2; e++) {
			if (program_multi_keeps(pr, ch, e))
				continue;
			if (first)
				program_comment(p, _("Right after fork: the ends this process does "
						     "not use are closed, as a careful program "
						     "does, so that end of file and EPIPE mean "
						     "what they say."));
			first = false;
			program_multi_close_end(p, &x->m->channels[ch], var, e);
		}
	}
	if (pr->start_ms > 0)
		program_pause(p, pr->start_ms);
	for (size_t k = 0; k < pr->nops; k++)
		program_multi_op(p, x, pr, &pr->ops[k], (int)k);
	if (!c && pr->nops == 0)
		program_add(p, PROGRAM_OTHER, "pass");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "%s", c ? "}\n" : "\n");
	p->group = -1;
}

/* ---- the C ---- */

/* The ring of the C program: its places and semaphores, made in a shared
 * anonymous mapping, and its put and get. */
static void program_multi_c_ring(struct program *p)
{
	program_comment(p, _(PROGRAM_MULTI_RING_NOTE));
	program_text(p, PROGRAM_SETUP,
		     "struct ring {\n"
		     "\tsem_t slots, items, mutex; /* free places, filled places, the lock */\n"
		     "\tuint32_t head, tail, size;\n"
		     "\tint32_t buf[];\n"
		     "};\n"
		     "\n"
		     "static struct ring *open_ring(uint32_t size)\n"
		     "{\n"
		     "\tstruct ring *r = mmap(NULL, sizeof *r + size * sizeof r->buf[0],\n"
		     "\t\t\t       PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);\n"
		     "\n"
		     "\tif (r == MAP_FAILED)\n"
		     "\t\tfail(\"main\", \"mmap\");\n"
		     "\tr->size = size;\n"
		     "\tif (sem_init(&r->slots, 1, size) != 0 || sem_init(&r->items, 1, 0) != 0 ||\n"
		     "\t    sem_init(&r->mutex, 1, 1) != 0)\n"
		     "\t\tfail(\"main\", \"sem_init\");\n"
		     "\treturn r;\n"
		     "}\n"
		     "\n"
		     "static void ring_put(struct ring *r, int32_t value)\n"
		     "{\n"
		     "\tif (sem_wait(&r->slots) != 0) /* asleep in futex(2) while it is full */\n"
		     "\t\tfail(\"ring_put\", \"sem_wait\");\n"
		     "\tif (sem_wait(&r->mutex) != 0)\n"
		     "\t\tfail(\"ring_put\", \"sem_wait\");\n"
		     "\tr->buf[r->head] = value;\n"
		     "\tr->head = (r->head + 1) % r->size;\n"
		     "\tsem_post(&r->mutex);\n"
		     "\tsem_post(&r->items);\n"
		     "}\n"
		     "\n"
		     "static int32_t ring_get(struct ring *r)\n"
		     "{\n"
		     "\tint32_t value;\n"
		     "\n"
		     "\tif (sem_wait(&r->items) != 0) /* asleep in futex(2) while it is empty */\n"
		     "\t\tfail(\"ring_get\", \"sem_wait\");\n"
		     "\tif (sem_wait(&r->mutex) != 0)\n"
		     "\t\tfail(\"ring_get\", \"sem_wait\");\n"
		     "\tvalue = r->buf[r->tail];\n"
		     "\tr->tail = (r->tail + 1) % r->size;\n"
		     "\tsem_post(&r->mutex);\n"
		     "\tsem_post(&r->slots);\n"
		     "\treturn value;\n"
		     "}\n");
}

static void program_multi_c_globals(struct program *p, const struct program_multi_ctx *x)
{
	if (program_multi_has(x->m, CHANNEL_RING))
		program_multi_c_ring(p);
	for (int ch = 0; ch < x->m->nchannels; ch++) {
		const struct scenario_channel *c = &x->m->channels[ch];
		char var[64];

		program_multi_var(c, var, sizeof var);
		if (c->lock)
			program_add(p, PROGRAM_SETUP, "static pthread_mutex_t *%s; /* %s */", var,
				    _("a lock: a robust process-shared mutex in shared memory"));
		else if (c->kind == CHANNEL_FIFO)
			program_add(p, PROGRAM_SETUP, "static int %s[2]; /* %s */", var,
				    _("a FIFO: [0] its read end, [1] its write end"));
		else if (c->kind == CHANNEL_SOCKETPAIR)
			program_add(p, PROGRAM_SETUP, "static int %s[2]; /* %s */", var,
				    _("a socket pair used one way: [0] the reader's end, [1] the writer's"));
		else if (c->kind == CHANNEL_RING)
			program_add(p, PROGRAM_SETUP, "static struct ring *%s; /* %s */", var,
				    _("a ring in shared memory"));
		else if (c->kind == CHANNEL_QUEUE)
			program_add(p, PROGRAM_SETUP, "static mqd_t %s[2]; /* %s */", var,
				    _("a POSIX queue opened twice: [0] for its readers, [1] for its writers"));
		else
			program_add(p, PROGRAM_SETUP, "static int %s[2]; /* %s */", var,
				    _("a pipe: [0] its read end, [1] its write end"));
	}
	if (program_multi_has(x->m, CHANNEL_FIFO)) {
		program_add(p, PROGRAM_OTHER, "%s", "");
		program_comment(p, _("A FIFO: made by mkfifo(3) in a private directory, both its "
				     "ends opened here, its name removed at once. Opening is a "
				     "rendezvous (a blocking open for reading waits for a writer), "
				     "so the read end is opened with O_NONBLOCK, which does not "
				     "wait, and the write end then finds that reader; the children "
				     "inherit the ends, as a pipe's. Once open, a FIFO is a pipe "
				     "and lives while an end is open: nothing is left behind."));
		program_text(p, PROGRAM_SETUP,
			     "static void open_fifo(int fd[2], const char *name)\n"
			     "{\n"
			     "\tchar dir[] = \"/tmp/fifo-XXXXXX\", path[64];\n"
			     "\n"
			     "\tif (!mkdtemp(dir))\n"
			     "\t\tfail(\"main\", \"mkdtemp\");\n"
			     "\tsnprintf(path, sizeof path, \"%s/%s\", dir, name);\n"
			     "\tif (mkfifo(path, 0600) != 0)\n"
			     "\t\tfail(\"main\", \"mkfifo\");\n"
			     "\tfd[0] = open(path, O_RDONLY | O_NONBLOCK);\n"
			     "\tfd[1] = fd[0] < 0 ? -1 : open(path, O_WRONLY);\n"
			     "\tunlink(path);\n"
			     "\trmdir(dir);\n"
			     "\tif (fd[1] < 0 || fcntl(fd[0], F_SETFL, 0) != 0)\n"
			     "\t\tfail(\"main\", \"open\");\n"
			     "}\n");
	}
	if (program_multi_has(x->m, CHANNEL_QUEUE)) {
		program_add(p, PROGRAM_OTHER, "%s", "");
		program_comment(p, _(PROGRAM_MULTI_QUEUE_NOTE));
		program_text(p, PROGRAM_SETUP,
			     "static void open_queue(mqd_t q[2], const char *name, long capacity)\n"
			     "{\n"
			     "\tstruct mq_attr attr = {.mq_maxmsg = capacity, .mq_msgsize = sizeof(int32_t)};\n"
			     "\tchar path[64];\n"
			     "\n"
			     "\tsnprintf(path, sizeof path, \"/prog-%d-%s\", (int)getpid(), name);\n"
			     "\tq[0] = mq_open(path, O_RDONLY | O_CREAT | O_EXCL, 0600, &attr);\n"
			     "\tif (q[0] == (mqd_t)-1)\n"
			     "\t\tfail(\"main\", \"mq_open\");\n"
			     "\tq[1] = mq_open(path, O_WRONLY);\n"
			     "\tmq_unlink(path);\n"
			     "\tif (q[1] == (mqd_t)-1)\n"
			     "\t\tfail(\"main\", \"mq_open\");\n"
			     "}\n");
	}
	program_add(p, PROGRAM_OTHER, "%s", "");
	program_comment(p, _("Waits for the n children until `seconds` of real time have "
			     "passed; how many still run. SIGCHLD is blocked, so sigtimedwait "
			     "sleeps until one of them ends or the time is up."));
	program_text(p, PROGRAM_OTHER,
		     "static int wait_all(const pid_t *pid, bool *ended, int n, double seconds)\n"
		     "{\n"
		     "\tstruct timespec now, end;\n"
		     "\tsigset_t chld;\n"
		     "\tint left = n;\n"
		     "\n"
		     "\tsigemptyset(&chld);\n"
		     "\tsigaddset(&chld, SIGCHLD);\n"
		     "\tclock_gettime(CLOCK_MONOTONIC, &end);\n"
		     "\tdouble at = (double)end.tv_sec + end.tv_nsec / 1e9 + seconds;\n"
		     "\tfor (;;) {\n"
		     "\t\tleft = 0;\n"
		     "\t\tfor (int k = 0; k < n; k++) {\n"
		     "\t\t\tif (!ended[k] && waitpid(pid[k], NULL, WNOHANG) == pid[k])\n"
		     "\t\t\t\tended[k] = true;\n"
		     "\t\t\tleft += !ended[k];\n"
		     "\t\t}\n"
		     "\t\tclock_gettime(CLOCK_MONOTONIC, &now);\n"
		     "\t\tdouble rest = at - ((double)now.tv_sec + now.tv_nsec / 1e9);\n"
		     "\t\tif (left == 0 || rest <= 0)\n"
		     "\t\t\treturn left;\n"
		     "\t\tstruct timespec t = {(time_t)rest, (long)((rest - (double)(time_t)rest) * 1e9)};\n"
		     "\t\tsigtimedwait(&chld, NULL, &t);\n"
		     "\t}\n"
		     "}\n");
}

/* What main does once the processes run, in C or in Python: it closes its own
 * ends of every pipe, takes the script's actions at their times, and says why
 * it then waits only until the deadline. */
static void program_multi_script(struct program *p, const struct program_multi_ctx *x,
				 bool python)
{
	const struct scenario *s = x->s;
	const struct scenario_multi *m = x->m;
	int64_t now = 0;
	char buf[1024];

	program_comment(p, _("main holds no end of any pipe: only the processes do."));
	for (int ch = 0; ch < m->nchannels; ch++) {
		char var[64];

		if (!program_multi_has_ends(&m->channels[ch]))
			continue;
		program_multi_var(&m->channels[ch], var, sizeof var);
		for (int e = 0; e < 2; e++)
			program_multi_close_end(p, &m->channels[ch], var, e);
	}
	for (size_t i = 0; i < s->nactions; i++) {
		const struct scenario_action *a = &s->actions[i];
		if (a->at_ms > now) {
			program_pause(p, a->at_ms - now);
			now = a->at_ms;
		}
		if (a->kind == ACTION_NOTE)
			program_comment(p, _(a->text));
		else if (a->kind == ACTION_KILL && python)
			program_add(p, PROGRAM_OTHER, "procs[%d].kill()  # %s", a->target,
				    s->actors[a->target].name);
		else if (python) /* one that ended and was reaped has no pid to signal */
			program_add(p, PROGRAM_OTHER,
				    "if procs[%d].exitcode is None:\n"
				    "    os.kill(procs[%d].pid, signal.%s)  # %s",
				    a->target, a->target, program_signal(a->kind),
				    s->actors[a->target].name);
		else
			program_add(p, PROGRAM_OTHER, "kill(pid[%d], %s); /* %s */", a->target,
				    program_signal(a->kind), s->actors[a->target].name);
	}
	snprintf(buf, sizeof buf,
		 _("The deadline: %g s of the scenario, every pause one after the other (no run "
		   "takes longer), and %d s more. Whoever still waits then waits for another "
		   "that waits too, for ever: a deadlock, which ipcviz --headless shows with "
		   "its cycle."),
		 program_multi_seconds(m), PROGRAM_MULTI_MARGIN);
	program_comment(p, buf);
}

/* The line a program prints when its processes did not end by its deadline.
 * Over pipes and locks each waits for another; a queue or a ring has no end
 * of file or EPIPE, so one may also wait for a process that is gone. */
static const char *program_multi_deadlock_words(const struct program_multi_ctx *x)
{
	if (program_multi_has(x->m, CHANNEL_QUEUE) || program_multi_has(x->m, CHANNEL_RING))
		/* TRANSLATORS: the deadline's line (see the next message) when the
		   program has a queue or a ring. Keep the braces. */
		return program_words(N_("deadlock: {names} still wait after {seconds} s, for "
					"one another or for a process that will never come; "
					"ending them"));
	/* TRANSLATORS: the line the program of ipcviz --print-code prints when its
	   processes did not end by its deadline; {names} are theirs, {seconds}
	   the deadline in real seconds. Keep the braces. */
	return program_words(N_("deadlock: {names} still wait after {seconds} s, each for "
				"another; ending them"));
}

static void program_multi_c_main(struct program *p, const struct program_multi_ctx *x)
{
	const struct scenario *s = x->s;
	const struct scenario_multi *m = x->m;
	char buf[1024];
	size_t n;
	int nlocks = 0;

	program_add(p, PROGRAM_OTHER, "int main(int argc, char **argv)\n{");
	p->indent++;
	n = (size_t)snprintf(buf, sizeof buf, "static const char *const names[%d] = {", s->nactors);
	for (int a = 0; a < s->nactors && n + 40 < sizeof buf; a++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s\"%s\"", a ? ", " : "",
				      s->actors[a].name);
	snprintf(buf + n, sizeof buf - n, "};");
	program_text(p, PROGRAM_OTHER, buf);
	n = (size_t)snprintf(buf, sizeof buf, "static const int process_of[%d] = {", s->nactors);
	for (int a = 0; a < s->nactors; a++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%d", a ? ", " : "",
				      s->actors[a].group);
	snprintf(buf + n, sizeof buf - n, "};");
	program_text(p, PROGRAM_OTHER, buf);
	program_add(p, PROGRAM_OTHER, "pid_t pid[%d];\nbool ended[%d] = {false};", s->nactors,
		    s->nactors);
	program_add(p, PROGRAM_OTHER, "sigset_t chld, old;\npid_t main_pid = getpid();\n");
	program_text(p, PROGRAM_OTHER,
		     "if (argc > 1)\n\tspeed = strtod(argv[1], NULL);\n"
		     "if (argc > 2 || !(speed > 0)) {\n"
		     "\tfprintf(stderr, \"usage: %s [SPEED]\\n\", argv[0]);\n\treturn 2;\n}");
	program_comment(p, _("One line at a time, even into a pipe; and a write with no reader "
			     "left fails with EPIPE instead of killing the writer."));
	program_text(p, PROGRAM_OTHER, "setvbuf(stdout, NULL, _IOLBF, 0);\nsignal(SIGPIPE, SIG_IGN);");
	for (int ch = 0; ch < m->nchannels; ch++)
		nlocks += m->channels[ch].lock;
	if (nlocks) {
		program_comment(p, _("The locks: robust process-shared mutexes in one shared "
				     "anonymous mapping, which every child inherits and which "
				     "goes with the last process; a waiter sleeps in futex(2)."));
		program_add(p, PROGRAM_SETUP,
			    "pthread_mutex_t *locks = mmap(NULL, %d * sizeof *locks, PROT_READ | "
			    "PROT_WRITE,\n\t\t\t\tMAP_SHARED | MAP_ANONYMOUS, -1, 0);",
			    nlocks);
		program_add(p, PROGRAM_SETUP, "if (locks == MAP_FAILED)\n\tfail(\"main\", \"mmap\");");
		program_add(p, PROGRAM_SETUP,
			    "pthread_mutexattr_t attr;\n"
			    "pthread_mutexattr_init(&attr);\n"
			    "pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);\n"
			    "pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);");
	}
	int lk = 0;
	for (int ch = 0; ch < m->nchannels; ch++) {
		const struct scenario_channel *c = &m->channels[ch];
		char var[64], note[512];

		program_multi_var(c, var, sizeof var);
		if (c->lock) {
			program_add(p, PROGRAM_SETUP, "%s = &locks[%d];\npthread_mutex_init(%s, &attr);",
				    var, lk++, var);
			continue;
		}
		if (c->kind == CHANNEL_RING) {
			program_add(p, PROGRAM_SETUP, "%s = open_ring(%d); /* %s */", var, c->capacity,
				    c->name);
			continue;
		}
		if (c->kind == CHANNEL_QUEUE) {
			snprintf(note, sizeof note,
				 _("The queue %s holds %d messages of one int32_t each (mq_maxmsg); "
				   "a writer sleeps in mq_send when it is full, a reader in "
				   "mq_receive when it is empty."),
				 c->name, c->capacity);
			program_comment(p, note);
			program_add(p, PROGRAM_SETUP, "open_queue(%s, \"%s\", %d);", var, c->name,
				    c->capacity);
			continue;
		}
		if (c->kind == CHANNEL_SOCKETPAIR)
			snprintf(note, sizeof note,
				 _("The socket pair %s carries items of one page one way. Its writer's "
				   "send buffer is asked for %d byte, which the kernel rounds up to its "
				   "least: %d item fills it (ipcviz measured), and the reader's take "
				   "wakes a writer asleep on it, as in a pipe."),
				 c->name, CHANNEL_SOCKETPAIR_SNDBUF, c->capacity);
		else if (c->kind == CHANNEL_FIFO)
			snprintf(note, sizeof note,
				 _("The FIFO %s holds %d pages of 4096 bytes, the kernel's size, and "
				   "one item is one page: a write of 4096 bytes (PIPE_BUF) is atomic."),
				 c->name, c->capacity);
		else
			snprintf(note, sizeof note,
				 _("The pipe %s holds %d pages of 4096 bytes, and one item is one page: "
				   "a write of 4096 bytes (PIPE_BUF) is atomic."),
				 c->name, c->capacity);
		program_comment(p, note);
		if (c->kind == CHANNEL_SOCKETPAIR) {
			program_add(p, PROGRAM_SETUP,
				    "if (socketpair(AF_UNIX, SOCK_STREAM, 0, %s) != 0)\n"
				    "\tfail(\"main\", \"socketpair\");\n"
				    "if (setsockopt(%s[1], SOL_SOCKET, SO_SNDBUF, &(int){%d}, sizeof(int)) != 0)\n"
				    "\tfail(\"main\", \"SO_SNDBUF\");",
				    var, var, CHANNEL_SOCKETPAIR_SNDBUF);
			continue;
		}
		if (c->kind == CHANNEL_FIFO)
			program_add(p, PROGRAM_SETUP, "open_fifo(%s, \"%s\");", var, c->name);
		else
			program_add(p, PROGRAM_SETUP, "if (pipe(%s) != 0)\n\tfail(\"main\", \"pipe\");",
				    var);
		program_add(p, PROGRAM_SETUP,
			    "if (fcntl(%s[1], F_SETPIPE_SZ, %d * 4096) < 0)\n"
			    "\tfail(\"main\", \"F_SETPIPE_SZ\");",
			    var, c->capacity);
	}
	program_comment(p, _("SIGCHLD waits blocked for wait_all; each child has it back."));
	program_text(p, PROGRAM_OTHER,
		     "sigemptyset(&chld);\nsigaddset(&chld, SIGCHLD);\n"
		     "sigprocmask(SIG_BLOCK, &chld, &old);");
	program_add(p, PROGRAM_OTHER, "for (int k = 0; k < %d; k++) {", s->nactors);
	p->indent++;
	program_text(p, PROGRAM_OTHER,
		     "pid[k] = fork();\nif (pid[k] < 0)\n\tfail(\"main\", \"fork\");\n"
		     "if (pid[k] == 0) {");
	p->indent++;
	program_comment(p, _("It dies with main, whatever ends main."));
	program_text(p, PROGRAM_OTHER,
		     "prctl(PR_SET_PDEATHSIG, SIGKILL);\n"
		     "if (getppid() != main_pid)\n\texit(1); /* main ended before prctl */\n"
		     "sigprocmask(SIG_SETMASK, &old, NULL);\n"
		     "switch (process_of[k]) {");
	for (int g = 0; g < m->nprocs; g++) {
		char fn[64];
		program_multi_fn(&m->procs[g], fn, sizeof fn);
		program_add(p, PROGRAM_OTHER, "case %d:\n\t%s(names[k]);\n\tbreak;", g, fn);
	}
	program_add(p, PROGRAM_OTHER, "}\nexit(0);");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "}");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "}");
	program_multi_script(p, x, false);
	program_add(p, PROGRAM_OTHER, "double limit = %g / speed + %d;", program_multi_seconds(m),
		    PROGRAM_MULTI_MARGIN);
	program_add(p, PROGRAM_OTHER, "if (wait_all(pid, ended, %d, limit) > 0) {", s->nactors);
	p->indent++;
	program_add(p, PROGRAM_OTHER, "char who[%d] = \"\";", 32 * s->nactors + 8);
	program_add(p, PROGRAM_OTHER,
		    "for (int k = 0; k < %d; k++)\n"
		    "\tif (!ended[k])\n"
		    "\t\tsnprintf(who + strlen(who), sizeof who - strlen(who), \"%%s%%s\",\n"
		    "\t\t\t *who ? \", \" : \"\", names[k]);",
		    s->nactors);
	program_say(p, program_multi_deadlock_words(x),
		    (struct program_arg[]){{"{names}", "%s", "who", "who"},
					   {"{seconds}", "%g", "limit", "limit:g"}},
		    2);
	program_comment(p, _("All stopped first, so that none runs on when another dies (a "
			     "robust lock passed on, a pipe's EPIPE); then killed and reaped."));
	program_add(p, PROGRAM_OTHER,
		    "for (int k = 0; k < %d; k++)\n"
		    "\tif (!ended[k])\n"
		    "\t\tkill(pid[k], SIGSTOP);\n"
		    "for (int k = 0; k < %d; k++)\n"
		    "\tif (!ended[k]) {\n"
		    "\t\tkill(pid[k], SIGKILL);\n"
		    "\t\twaitpid(pid[k], NULL, 0);\n"
		    "\t}",
		    s->nactors, s->nactors);
	p->indent--;
	program_add(p, PROGRAM_OTHER, "}");
	program_add(p, PROGRAM_OTHER, "return 0;");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "}");
}

static void program_multi_c(struct program *p, const struct program_multi_ctx *x)
{
	static const char *const more[] = {"pthread.h", "stdbool.h", "sys/prctl.h", NULL};

	program_c_start(p, x->s, more, program_multi_pauses(x->s));
	program_multi_c_globals(p, x);
	for (int g = 0; g < x->m->nprocs; g++)
		program_multi_function(p, x, g);
	program_multi_c_main(p, x);
}

/* ---- the Python ---- */

static void program_multi_py_main(struct program *p, const struct program_multi_ctx *x)
{
	const struct scenario *s = x->s;
	const struct scenario_multi *m = x->m;
	bool locks = false;

	program_add(p, PROGRAM_OTHER, "if __name__ == \"__main__\":");
	p->indent++;
	program_comment(p, _("Each line a process prints goes out at once, even into a pipe."));
	program_add(p, PROGRAM_OTHER, "sys.stdout.reconfigure(line_buffering=True, write_through=False)");
	program_comment(p, _("fork, as in the C: each process is a copy of this one and has the "
			     "pipes' descriptors and the locks."));
	program_add(p, PROGRAM_OTHER, "multiprocessing.set_start_method(\"fork\")");
	for (int ch = 0; ch < m->nchannels; ch++) {
		const struct scenario_channel *c = &m->channels[ch];
		char var[64];

		program_multi_var(c, var, sizeof var);
		if (c->lock) {
			if (!locks)
				program_comment(p, _("multiprocessing.Lock() is a POSIX semaphore "
						     "(sem_open(3), its name unlinked at once), not "
						     "a pthread mutex: a waiter sleeps in futex(2) "
						     "as in the C, but it is not robust: a holder "
						     "that dies keeps it taken."));
			locks = true;
			program_add(p, PROGRAM_SETUP, "%s = multiprocessing.Lock()", var);
			continue;
		}
		if (c->kind == CHANNEL_RING)
			program_add(p, PROGRAM_SETUP, "%s = Ring(%d)  # %s", var, c->capacity, c->name);
		else if (c->kind == CHANNEL_QUEUE)
			program_add(p, PROGRAM_SETUP, "%s = open_queue(\"%s\", %d)  # %s", var,
				    c->name, c->capacity,
				    _("a POSIX queue, as in the C: (for reading, for writing)"));
		else if (c->kind == CHANNEL_SOCKETPAIR)
			program_add(p, PROGRAM_SETUP,
				    "reader, writer = socket.socketpair()  # %s\n"
				    "writer.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, %d)\n"
				    "%s = (reader.detach(), writer.detach())",
				    _("AF_UNIX, SOCK_STREAM, as in the C; used one way"),
				    CHANNEL_SOCKETPAIR_SNDBUF, var);
		else if (c->kind == CHANNEL_FIFO)
			program_add(p, PROGRAM_SETUP,
				    "%s = open_fifo(\"%s\")  # %s\nfcntl.fcntl(%s[1], fcntl.F_SETPIPE_SZ, %d * 4096)",
				    var, c->name, _("a FIFO, as in the C: (read end, write end)"), var,
				    c->capacity);
		else
			program_add(p, PROGRAM_SETUP,
				    "%s = os.pipe()  # %s\nfcntl.fcntl(%s[1], fcntl.F_SETPIPE_SZ, %d * 4096)",
				    var, _("the kernel's pipe, as in the C: (read end, write end)"), var,
				    c->capacity);
	}
	program_add(p, PROGRAM_OTHER, "procs = [");
	for (int a = 0; a < s->nactors; a++) {
		char fn[64];
		program_multi_fn(&m->procs[s->actors[a].group], fn, sizeof fn);
		program_add(p, PROGRAM_OTHER,
			    "    multiprocessing.Process(target=process, args=(%s,), name=\"%s\"),", fn,
			    s->actors[a].name);
	}
	program_add(p, PROGRAM_OTHER, "]");
	program_add(p, PROGRAM_OTHER, "for p in procs:\n    p.start()");
	program_multi_script(p, x, true);
	program_add(p, PROGRAM_OTHER, "limit = %g / SPEED + %d", program_multi_seconds(m),
		    PROGRAM_MULTI_MARGIN);
	program_add(p, PROGRAM_OTHER, "end = time.monotonic() + limit");
	program_add(p, PROGRAM_OTHER, "for p in procs:\n    p.join(max(0, end - time.monotonic()))");
	program_add(p, PROGRAM_OTHER, "left = [p for p in procs if p.is_alive()]");
	program_add(p, PROGRAM_OTHER, "if left:");
	p->indent++;
	program_add(p, PROGRAM_OTHER, "who = \", \".join(p.name for p in left)");
	program_say(p, program_multi_deadlock_words(x),
		    (struct program_arg[]){{"{names}", "", NULL, "who"},
					   {"{seconds}", "", NULL, "limit:g"}},
		    2);
	program_comment(p, _("All stopped first, so that none runs on when another dies (a "
			     "robust lock passed on, a pipe's EPIPE); then killed and reaped."));
	program_add(p, PROGRAM_OTHER, "for p in left:\n    os.kill(p.pid, signal.SIGSTOP)");
	program_add(p, PROGRAM_OTHER, "for p in left:\n    p.kill()\n    p.join()");
	p->indent--;
	p->indent--;
}

/* Python has no POSIX queue of its own (multiprocessing.Queue is a pipe with a
 * feeder thread), so the program calls the C library's, as the C does. */
static void program_multi_py_queue(struct program *p)
{
	program_comment(p, _("Python has no POSIX queue of its own: multiprocessing.Queue is "
			     "a pipe with a feeder thread. So these call the C library's "
			     "mq_open(3), mq_send(3) and mq_receive(3) through ctypes, as the "
			     "C does."));
	program_text(p, PROGRAM_OTHER,
		     "libc = ctypes.CDLL(None, use_errno=True)\n"
		     "\n"
		     "\n"
		     "class MqAttr(ctypes.Structure):\n"
		     "    _fields_ = [(\"flags\", ctypes.c_long), (\"maxmsg\", ctypes.c_long),\n"
		     "                (\"msgsize\", ctypes.c_long), (\"curmsgs\", ctypes.c_long),\n"
		     "                (\"reserved\", ctypes.c_long * 4)]\n"
		     "\n");
	program_add(p, PROGRAM_OTHER, "%s", "");
	program_add(p, PROGRAM_OTHER, "def check(rc, call):");
	p->indent++;
	program_add(p, PROGRAM_OTHER,
		    "if rc == -1:\n"
		    "    e = ctypes.get_errno()\n"
		    "    raise OSError(e, f\"{call}: {os.strerror(e)}\")\n"
		    "return rc");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "\n");
	program_add(p, PROGRAM_OTHER, "def open_queue(name, capacity):");
	p->indent++;
	program_comment(p, _(PROGRAM_MULTI_QUEUE_NOTE));
	program_text(p, PROGRAM_SETUP,
		     "path = f\"/prog-{os.getpid()}-{name}\".encode()\n"
		     "attr = MqAttr(0, capacity, 4, 0)\n"
		     "r = check(libc.mq_open(path, os.O_RDONLY | os.O_CREAT | os.O_EXCL, 0o600,\n"
		     "                       ctypes.byref(attr)), \"mq_open\")\n"
		     "try:\n"
		     "    w = check(libc.mq_open(path, os.O_WRONLY), \"mq_open\")\n"
		     "finally:\n"
		     "    libc.mq_unlink(path)\n"
		     "return r, w");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "\n");
	program_add(p, PROGRAM_OTHER, "def queue_send(q, value):");
	p->indent++;
	program_add(p, PROGRAM_OTHER,
		    "check(libc.mq_send(q, value.to_bytes(4, \"little\", signed=True), 4, 0), "
		    "\"mq_send\")");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "\n");
	program_add(p, PROGRAM_OTHER, "def queue_receive(q):");
	p->indent++;
	program_add(p, PROGRAM_OTHER,
		    "buf = ctypes.create_string_buffer(4)\n"
		    "check(libc.mq_receive(q, buf, 4, None), \"mq_receive\")\n"
		    "return int.from_bytes(buf.raw, \"little\", signed=True)");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "\n");
}

/* The ring of the Python program: multiprocessing's shared Array and Values
 * for the places, and its Semaphores (POSIX semaphores in shared memory). */
static void program_multi_py_ring(struct program *p)
{
	program_add(p, PROGRAM_OTHER, "class Ring:");
	p->indent++;
	program_comment(p, _(PROGRAM_MULTI_RING_NOTE));
	program_comment(p, _("multiprocessing.Semaphore and Lock are POSIX semaphores in shared "
			     "memory, as in the C."));
	program_text(p, PROGRAM_SETUP,
		     "def __init__(self, size):\n"
		     "    self.buf = multiprocessing.Array(\"i\", size, lock=False)\n"
		     "    self.head = multiprocessing.Value(\"i\", 0, lock=False)\n"
		     "    self.tail = multiprocessing.Value(\"i\", 0, lock=False)\n"
		     "    self.size = size\n"
		     "    self.slots = multiprocessing.Semaphore(size)\n"
		     "    self.items = multiprocessing.Semaphore(0)\n"
		     "    self.mutex = multiprocessing.Lock()\n"
		     "\n"
		     "def put(self, value):\n"
		     "    self.slots.acquire()\n"
		     "    with self.mutex:\n"
		     "        self.buf[self.head.value] = value\n"
		     "        self.head.value = (self.head.value + 1) % self.size\n"
		     "    self.items.release()\n"
		     "\n"
		     "def get(self):\n"
		     "    self.items.acquire()\n"
		     "    with self.mutex:\n"
		     "        value = self.buf[self.tail.value]\n"
		     "        self.tail.value = (self.tail.value + 1) % self.size\n"
		     "    self.slots.release()\n"
		     "    return value");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "\n");
}

static void program_multi_python(struct program *p, const struct program_multi_ctx *x)
{
	const struct scenario *s = x->s;
	char buf[512];

	snprintf(buf, sizeof buf, _("%s: %s. The scenario as a program of its own, made by "
				    "ipcviz --print-code python %s."),
		 s->name, s->title ? _(s->title) : "", s->name);
	program_comment(p, buf);
	program_add(p, PROGRAM_COMMENT, "#   python3 prog.py [SPEED]");
	program_add(p, PROGRAM_OTHER, "import ctypes\nimport fcntl\nimport multiprocessing\nimport os\n"
		    "import signal\n%simport sys\n%simport time\n",
		    program_multi_has(x->m, CHANNEL_SOCKETPAIR) ? "import socket\n" : "",
		    program_multi_has(x->m, CHANNEL_FIFO) ? "import tempfile\n" : "");
	program_comment(p, _("The speed factor: 10 runs the scenario ten times faster."));
	program_add(p, PROGRAM_OTHER, "SPEED = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0\n\n");
	program_add(p, PROGRAM_OTHER, "def process(program):");
	p->indent++;
	program_comment(p, _("It dies with main, whatever ends main: prctl(PR_SET_PDEATHSIG), "
			     "as in the C."));
	program_add(p, PROGRAM_OTHER, "ctypes.CDLL(None).prctl(1, signal.SIGKILL)\nprogram()");
	p->indent--;
	program_add(p, PROGRAM_OTHER, "\n");
	if (program_multi_has(x->m, CHANNEL_FIFO)) {
		program_add(p, PROGRAM_OTHER, "def open_fifo(name):");
		p->indent++;
		program_comment(p, _("A FIFO: made by mkfifo(3) in a private directory, both its "
				     "ends opened here, its name removed at once. Opening is a "
				     "rendezvous (a blocking open for reading waits for a writer), "
				     "so the read end is opened with O_NONBLOCK, which does not "
				     "wait, and the write end then finds that reader; the children "
				     "inherit the ends, as a pipe's. Once open, a FIFO is a pipe "
				     "and lives while an end is open: nothing is left behind."));
		program_text(p, PROGRAM_SETUP,
			     "folder = tempfile.mkdtemp(prefix=\"fifo-\")\n"
			     "path = os.path.join(folder, name)\n"
			     "os.mkfifo(path, 0o600)\n"
			     "try:\n"
			     "    r = os.open(path, os.O_RDONLY | os.O_NONBLOCK)\n"
			     "    w = os.open(path, os.O_WRONLY)\n"
			     "finally:\n"
			     "    os.unlink(path)\n"
			     "    os.rmdir(folder)\n"
			     "os.set_blocking(r, True)\n"
			     "return r, w");
		p->indent--;
		program_add(p, PROGRAM_OTHER, "\n");
	}
	if (program_multi_has(x->m, CHANNEL_QUEUE))
		program_multi_py_queue(p);
	if (program_multi_has(x->m, CHANNEL_RING))
		program_multi_py_ring(p);
	for (int g = 0; g < x->m->nprocs; g++)
		program_multi_function(p, x, g);
	program_multi_py_main(p, x);
}

/* ---- the whole ---- */

/* Contract in program_int.h. */
int program_multi_build(struct program *p, const struct scenario *s)
{
	struct program_multi_ctx x = {.s = s, .m = s->multi,
				      .pipe = channel_desc_of(CHANNEL_PIPE)};

	if (p->lang == PROGRAM_C)
		program_multi_c(p, &x);
	else
		program_multi_python(p, &x);
	return 0;
}

/* Contract in program_int.h: every twin ends, by itself or by its deadline. */
bool program_multi_ends(const struct scenario *s)
{
	(void)s;
	return true;
}
