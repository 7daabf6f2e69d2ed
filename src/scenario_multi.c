/* scenario_multi.c - the sections of a scenario of several channels (DESIGN 14):
 * [channel.NAME] (type, capacity) and [process.NAME] (count, start, holds, and
 * do = lines, its program, run in order). scenario.c's reader calls in here for
 * these sections and, once the file is read, for the checks that need all of
 * it: a do line may name a channel declared further down, so names are kept as
 * written and resolved at the end, each mistake still naming its own line.
 *
 * What is checked is what would make the program meaningless or a run that
 * teaches nothing by accident: an operation on a channel that does not exist or
 * is of the wrong sort, a lock given back that was never taken, a read from a
 * channel nobody writes (or a write nobody reads), an end of file asked of a
 * channel that has none. A deadlock is not a mistake: it is what such a file is
 * for.
 */
#include "scenario_multi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "i18n.h"
#include "scenario_int.h"

static const char *const scenario_multi_channel_keys[CKEY_NKEYS] = {"type", "capacity"};
static const char *const scenario_multi_process_keys[PKEY_NKEYS] = {"count", "start",
								    "holds", "do"};

/* The grammar of each operation, as the file writes it (not translated: these
 * are the words of the format). */
static const struct {
	const char *word;
	enum scenario_op_kind kind;
	const char *form;       /* for messages */
	const char *example;
} scenario_multi_ops[] = {
	{"put", SOP_PUT, "put CH VALUES [every T]", "put data 0..4 every 1s"},
	{"get", SOP_GET, "get CH N|all|until V [every T]", "get data all"},
	{"echo", SOP_ECHO, "echo FROM TO N|all [every T]", "echo to_child from_child all"},
	{"sleep", SOP_SLEEP, "sleep T", "sleep 2s"},
	{"close", SOP_CLOSE, "close CH", "close data"},
	{"lock", SOP_LOCK, "lock L", "lock a"},
	{"unlock", SOP_UNLOCK, "unlock L", "unlock a"},
};
#define SCENARIO_MULTI_NOPS (sizeof scenario_multi_ops / sizeof scenario_multi_ops[0])

#define SCENARIO_MULTI_TOKENS 16

/* The word of an operation ("put"). */
static const char *scenario_multi_op_word(enum scenario_op_kind kind)
{
	for (size_t i = 0; i < SCENARIO_MULTI_NOPS; i++)
		if (scenario_multi_ops[i].kind == kind)
			return scenario_multi_ops[i].word;
	return "?";
}

/* A kind that may be a channel here: one that carries items (not a shared
 * value, not a counter). */
static bool scenario_multi_kind_ok(const struct channel_desc *d)
{
	return d && !d->cell && !d->counter;
}

/* The words a channel's type may be: "pipe, queue, ring, socketpair, fifo or lock". */
static const char *scenario_multi_types(void)
{
	static char words[160];
	size_t used = 0;

	if (words[0])
		return words;
	for (int k = 0; k < CHANNEL_KIND_COUNT; k++) {
		const struct channel_desc *d = channel_desc_of((enum channel_kind)k);
		int n;

		if (!scenario_multi_kind_ok(d))
			continue;
		n = snprintf(words + used, sizeof words - used, "%s, ", d->word);
		if (n < 0 || (size_t)n >= sizeof words - used)
			break;
		used += (size_t)n;
	}
	if (used >= 2)
		words[used - 2] = '\0';
	/* The words of the format, untranslated, as channel_words() gives them. */
	snprintf(words + strlen(words), sizeof words - strlen(words), " or lock");
	return words;
}

/* The channels' names for a message: "to_child, from_child". */
static const char *scenario_multi_names(const struct scenario_multi *m, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < m->nchannels; i++) {
		int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
				 m->channels[i].name);

		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
	return buf;
}

/* Contract in scenario_int.h. A [channel.NAME] or [process.NAME] may not share a
 * file with [producer] or [consumer]: that file would have two meanings. */
int scenario_multi_open(struct scenario_parser *p, bool is_process, const char *name,
			const char *section)
{
	struct scenario *s = p->s;
	struct scenario_multi *m;

	if (!name)
		return scenario_fail(p, p->line,
				     _("[%s] needs a name: [%s.NAME], NAME 1..20 of a-z, 0-9 and _"),
				     section, section);
	if (!scenario_name_ok(name))
		return scenario_fail(p, p->line, _("[%s]: a name is 1..20 of a-z, 0-9 and _"),
				     section);
	if (p->first_group_line)
		return scenario_fail(p, p->line,
				     _("[%s] cannot go with the producers and consumers of line %d: a file has either one channel (channel = in [scenario]) or [channel.NAME] and [process.NAME] sections"),
				     section, p->first_group_line);
	if (!s->multi && !(s->multi = calloc(1, sizeof *s->multi)))
		return scenario_fail(p, p->line, _("out of memory"));
	m = s->multi;
	if (!p->first_multi_line)
		p->first_multi_line = p->line;
	if (!is_process) {
		struct scenario_channel *c;

		for (int i = 0; i < m->nchannels; i++)
			if (strcmp(m->channels[i].name, name) == 0)
				return scenario_fail(p, p->line,
						     _("section [%s] given twice (first on line %d)"),
						     section, m->channels[i].line);
		if (m->nchannels == SCENARIO_MULTI_MAX_CHANNELS)
			return scenario_fail(p, p->line, _("too many channels (at most %d)"),
					     SCENARIO_MULTI_MAX_CHANNELS);
		c = &m->channels[m->nchannels];
		snprintf(c->name, sizeof c->name, "%s", name);
		c->line = p->line;
		p->section = SECTION_CHANNEL;
		p->group = m->nchannels++;
		return 0;
	}
	for (int i = 0; i < m->nprocs; i++)
		if (strcmp(m->procs[i].name, name) == 0)
			return scenario_fail(p, p->line,
					     _("section [%s] given twice (first on line %d)"), section,
					     m->procs[i].line);
	if (m->nprocs == SCENARIO_MULTI_MAX_PROCS)
		return scenario_fail(p, p->line, _("too many [process.NAME] sections (at most %d)"),
				     SCENARIO_MULTI_MAX_PROCS);
	struct scenario_process *pr = &m->procs[m->nprocs];
	snprintf(pr->name, sizeof pr->name, "%s", name);
	pr->count = 1;
	pr->line = p->line;
	p->section = SECTION_PROCESS;
	p->group = m->nprocs++;
	return 0;
}

/* type = …, capacity = … in [channel.NAME]. */
static int scenario_multi_channel_key(struct scenario_parser *p, const char *key,
				      const char *value)
{
	struct scenario_channel *c = &p->s->multi->channels[p->group];
	int k = scenario_key_index(scenario_multi_channel_keys, CKEY_NKEYS, key);
	const struct channel_desc *d;

	if (k < 0)
		return scenario_fail(p, p->line,
				     _("unknown key `%s` in [channel.%s] (a channel has type, capacity)"),
				     key, c->name);
	if (scenario_once(p, &p->channel_key_line[p->group][k], key) < 0)
		return -1;
	if (!value[0])
		return scenario_fail(p, p->line, _("%s: no value after ="), key);
	if (k == CKEY_CAPACITY) {
		if (scenario_parse_int(value, &p->channel_capacity[p->group]) < 0)
			return scenario_fail(p, p->line, _("capacity: `%s` is not a whole number"),
					     value);
		return 0;
	}
	if (strcmp(value, "lock") == 0) {
		c->lock = true;
		return 0;
	}
	d = channel_desc_by_word(value);
	if (!scenario_multi_kind_ok(d))
		return scenario_fail(p, p->line, _("type: `%s` is not a channel here (use %s)"),
				     value, scenario_multi_types());
	c->kind = d->kind;
	return 0;
}

/* Splits text into at most SCENARIO_MULTI_TOKENS words (in buf, size > 0); the
 * count, or -1 when there are more. */
static int scenario_multi_split(char *buf, size_t size, const char *text, char **words)
{
	int n = 0;
	char *save = NULL;

	snprintf(buf, size, "%s", text);
	for (char *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (n == SCENARIO_MULTI_TOKENS)
			return -1;
		words[n++] = w;
	}
	return n;
}

/* The ending `every T` of a put, get or echo, taken off the words; 0 or -1. */
static int scenario_multi_every(struct scenario_parser *p, char **words, int *n,
				struct scenario_op *op)
{
	if (*n >= 2 && strcmp(words[*n - 2], "every") == 0) {
		if (scenario_time_value(p, "every", words[*n - 1], &op->every_ms) < 0)
			return -1;
		*n -= 2;
	}
	return 0;
}

/* N, all or until V (until only for a get), the words from `at` to n. */
static int scenario_multi_how_many(struct scenario_parser *p, char **words, int n, int at,
				   struct scenario_op *op)
{
	int64_t v;
	int rc;

	if (n - at == 1 && strcmp(words[at], "all") == 0) {
		op->until_kind = SOP_ALL;
		return 0;
	}
	if (n - at == 2 && op->kind == SOP_GET && strcmp(words[at], "until") == 0) {
		op->until_kind = SOP_VALUE;
		return scenario_int32_value(p, "until", words[at + 1], &op->until);
	}
	if (n - at != 1)
		return 1; /* not the operation's form: the caller says so */
	rc = scenario_parse_int(words[at], &v);
	if (rc == -1)
		return 1;
	if (rc < 0 || v < 1 || v > INT32_MAX)
		return scenario_fail(p, p->line,
				     _("do: %s takes 1..2147483647 items, not %s"),
				     scenario_multi_op_word(op->kind), words[at]);
	op->until_kind = SOP_COUNT;
	op->n = (long)v;
	return 0;
}

/* A channel's name in a do line, kept until the whole file is read. */
static int scenario_multi_name(struct scenario_parser *p, const char *word, char *out)
{
	if (!scenario_name_ok(word))
		return scenario_fail(p, p->line,
				     _("do: `%s` is not a channel's name (1..20 of a-z, 0-9 and _)"),
				     word);
	snprintf(out, SCENARIO_MULTI_NAME_MAX, "%s", word);
	return 0;
}

/* The words of one do line after its verb, into op; 0, -1 with a message,
 * or 1 when they are not the operation's form at all. */
static int scenario_multi_op_args(struct scenario_parser *p, char **w, int n,
				  struct scenario_op *op)
{
	char values[256] = "";
	size_t used = 0;

	switch (op->kind) {
	case SOP_PUT:
		if (scenario_multi_every(p, w, &n, op) < 0)
			return -1;
		if (n < 3)
			return 1;
		if (scenario_multi_name(p, w[1], op->ch_name) < 0)
			return -1;
		/* "3, 1, 4" is three words; the values parser takes them joined. */
		for (int i = 2; i < n; i++) {
			int k = snprintf(values + used, sizeof values - used, "%s%s",
					 i > 2 ? " " : "", w[i]);
			if (k < 0 || (size_t)k >= sizeof values - used)
				break;
			used += (size_t)k;
		}
		return scenario_parse_values(p, values, &op->values, &op->nvalues);
	case SOP_GET:
	case SOP_ECHO:
		if (scenario_multi_every(p, w, &n, op) < 0)
			return -1;
		if (n < (op->kind == SOP_ECHO ? 4 : 3))
			return 1;
		if (scenario_multi_name(p, w[1], op->ch_name) < 0)
			return -1;
		if (op->kind == SOP_ECHO && scenario_multi_name(p, w[2], op->to_name) < 0)
			return -1;
		return scenario_multi_how_many(p, w, n, op->kind == SOP_ECHO ? 3 : 2, op);
	case SOP_SLEEP:
		if (n != 2)
			return 1;
		return scenario_time_value(p, "sleep", w[1], &op->every_ms);
	default:
		if (n != 2)
			return 1;
		return scenario_multi_name(p, w[1], op->ch_name);
	}
}

/* do = OPERATION …: one more step of the process's program. */
static int scenario_multi_do(struct scenario_parser *p, struct scenario_process *pr,
			     const char *value)
{
	char buf[1024], *w[SCENARIO_MULTI_TOKENS];
	int n = scenario_multi_split(buf, sizeof buf, value, w);
	struct scenario_op op = {.ch = -1, .to = -1, .line = p->line};
	size_t i;
	int rc;

	if (n < 0)
		return scenario_fail(p, p->line, _("do: `%s` has too many words"), value);
	for (i = 0; i < SCENARIO_MULTI_NOPS; i++)
		if (strcmp(w[0], scenario_multi_ops[i].word) == 0)
			break;
	if (i == SCENARIO_MULTI_NOPS)
		return scenario_fail(p, p->line,
				     _("do: unknown operation `%s` (use put, get, echo, sleep, close, lock or unlock)"),
				     w[0]);
	op.kind = scenario_multi_ops[i].kind;
	rc = scenario_multi_op_args(p, w, n, &op);
	if (rc > 0)
		scenario_fail(p, p->line, _("do: `%s` is not %s (e.g. do = %s)"), value,
			      scenario_multi_ops[i].form, scenario_multi_ops[i].example);
	if (rc != 0) {
		free(op.values);
		return -1;
	}
	if (pr->nops == SCENARIO_MULTI_MAX_OPS) {
		free(op.values);
		return scenario_fail(p, p->line, _("too many do lines in [process.%s] (at most %d)"),
				     pr->name, SCENARIO_MULTI_MAX_OPS);
	}
	if (!pr->ops && !(pr->ops = calloc(SCENARIO_MULTI_MAX_OPS, sizeof *pr->ops))) {
		free(op.values);
		return scenario_fail(p, p->line, _("out of memory"));
	}
	pr->ops[pr->nops++] = op;
	return 0;
}

/* count, start, holds, do in [process.NAME]. */
static int scenario_multi_process_key(struct scenario_parser *p, const char *key,
				      const char *value)
{
	struct scenario_process *pr = &p->s->multi->procs[p->group];
	int k = scenario_key_index(scenario_multi_process_keys, PKEY_NKEYS, key);

	if (k < 0)
		return scenario_fail(p, p->line,
				     _("unknown key `%s` in [process.%s] (a process has count, start, holds, do)"),
				     key, pr->name);
	if (k != PKEY_DO && scenario_once(p, &p->process_key_line[p->group][k], key) < 0)
		return -1;
	if (!value[0])
		return scenario_fail(p, p->line, _("%s: no value after ="), key);
	switch (k) {
	case PKEY_COUNT:
		return scenario_count_value(p, value, &pr->count);
	case PKEY_START:
		return scenario_time_value(p, key, value, &pr->start_ms);
	case PKEY_HOLDS:
		snprintf(p->process_holds[p->group], SCENARIO_HOLDS_MAX, "%s", value);
		return 0;
	default:
		return scenario_multi_do(p, pr, value);
	}
}

/* Contract in scenario_int.h. */
int scenario_multi_on_key(struct scenario_parser *p, const char *key, const char *value)
{
	if (p->section == SECTION_CHANNEL)
		return scenario_multi_channel_key(p, key, value);
	return scenario_multi_process_key(p, key, value);
}

/* Contract in scenario_multi.h. */
void scenario_multi_uses(const struct scenario_process *pr, int ch, bool *reads, bool *writes)
{
	scenario_multi_uses_from(pr, 0, ch, reads, writes);
}

/* Contract in scenario_multi.h. */
void scenario_multi_uses_from(const struct scenario_process *pr, size_t from, int ch, bool *reads,
			      bool *writes)
{
	*reads = *writes = false;
	for (size_t i = from; i < pr->nops; i++) {
		const struct scenario_op *op = &pr->ops[i];

		if ((op->kind == SOP_GET || op->kind == SOP_ECHO) && op->ch == ch)
			*reads = true;
		if ((op->kind == SOP_PUT && op->ch == ch) || (op->kind == SOP_ECHO && op->to == ch))
			*writes = true;
	}
}

/* The index of a channel by name, or -1. */
static int scenario_multi_channel_index(const struct scenario_multi *m, const char *name)
{
	for (int i = 0; i < m->nchannels; i++)
		if (strcmp(m->channels[i].name, name) == 0)
			return i;
	return -1;
}

/* Each channel's type and capacity, by its own rule. */
static int scenario_multi_check_channels(struct scenario_parser *p)
{
	struct scenario_multi *m = p->s->multi;
	char why[256];

	for (int i = 0; i < m->nchannels; i++) {
		struct scenario_channel *c = &m->channels[i];
		int cap_line = p->channel_key_line[i][CKEY_CAPACITY];

		if (!p->channel_key_line[i][CKEY_TYPE])
			return scenario_fail(p, c->line, _("[channel.%s] has no type (use type = %s)"),
					     c->name, scenario_multi_types());
		if (c->lock && cap_line)
			return scenario_fail(p, cap_line,
					     _("capacity: a lock has none (it is free or held)"));
		if (c->lock)
			continue;
		if (c->kind == CHANNEL_FIFO) {
			/* A FIFO among several channels is a pipe found by a name: items
			 * of one page, as in a pipe, and the size mkfifo gives, 64 KiB. */
			if (cap_line)
				return scenario_fail(p, cap_line, "%s",
						     _("capacity: a FIFO among several channels has the kernel's own size, 16 items of one page (64 KiB); capacity is not for fifo"));
			c->capacity = SCENARIO_MULTI_FIFO_ITEMS;
			continue;
		}
		if (channel_capacity_check(channel_desc_of(c->kind), cap_line != 0,
					   p->channel_capacity[i], &c->capacity, why,
					   sizeof why) != 0)
			return scenario_fail(p, cap_line, "%s", why);
		if (c->kind == CHANNEL_SOCKETPAIR) {
			/* The kernel says how many items of one page its buffer takes. */
			c->capacity = channel_socketpair_items(SCENARIO_MULTI_ITEM_BYTES);
			if (c->capacity < 1 || c->capacity > 64)
				return scenario_fail(p, c->line,
						     _("a socket pair here holds %d items; ipcviz draws 1 to %d"),
						     c->capacity, 64);
		}
	}
	return 0;
}

/* The names in a do line become channels of the right sort. */
static int scenario_multi_resolve_op(struct scenario_parser *p, struct scenario_op *op)
{
	const struct scenario_multi *m = p->s->multi;
	const char *verb = scenario_multi_op_word(op->kind);
	char names[200];

	if (op->kind == SOP_SLEEP)
		return 0;
	op->ch = scenario_multi_channel_index(m, op->ch_name);
	if (op->ch < 0)
		return scenario_fail(p, op->line, _("do: no channel named `%s` (there are: %s)"),
				     op->ch_name, scenario_multi_names(m, names, sizeof names));
	if (op->kind == SOP_ECHO) {
		op->to = scenario_multi_channel_index(m, op->to_name);
		if (op->to < 0)
			return scenario_fail(p, op->line,
					     _("do: no channel named `%s` (there are: %s)"),
					     op->to_name, scenario_multi_names(m, names, sizeof names));
		if (op->to == op->ch)
			return scenario_fail(p, op->line,
					     _("do: echo takes from one channel and puts on another, not on %s itself"),
					     op->ch_name);
		if (m->channels[op->to].lock)
			return scenario_fail(p, op->line,
					     _("do: %s on `%s`, a lock: a lock is taken with lock %s and given back with unlock %s"),
					     verb, op->to_name, op->to_name, op->to_name);
	}
	bool lock_op = op->kind == SOP_LOCK || op->kind == SOP_UNLOCK;
	const struct scenario_channel *c = &m->channels[op->ch];
	if (c->lock && !lock_op)
		return scenario_fail(p, op->line,
				     _("do: %s on `%s`, a lock: a lock is taken with lock %s and given back with unlock %s"),
				     verb, c->name, c->name, c->name);
	if (!c->lock && lock_op)
		return scenario_fail(p, op->line,
				     _("do: %s `%s`: it is a %s, not a lock (a lock has type = lock)"),
				     verb, c->name, channel_desc_of(c->kind)->word);
	if ((op->kind == SOP_GET || op->kind == SOP_ECHO) && op->until_kind == SOP_ALL &&
	    !channel_desc_of(c->kind)->eof)
		return scenario_fail(p, op->line,
				     _("do: %s %s all: a %s has no end of file (it counts no writers); take N items or until VALUE"),
				     verb, c->name, channel_desc_of(c->kind)->word);
	return 0;
}

/* holds = CH …: the ends a process keeps though its program does not use them. */
static int scenario_multi_resolve_holds(struct scenario_parser *p, int pi)
{
	struct scenario_multi *m = p->s->multi;
	struct scenario_process *pr = &m->procs[pi];
	int line = p->process_key_line[pi][PKEY_HOLDS];
	char buf[SCENARIO_HOLDS_MAX], *w[SCENARIO_MULTI_TOKENS], names[200];
	int n;

	if (!line)
		return 0;
	n = scenario_multi_split(buf, sizeof buf, p->process_holds[pi], w);
	if (n < 0)
		return scenario_fail(p, line, _("holds: more than %d names"),
				     SCENARIO_MULTI_TOKENS);
	for (int i = 0; i < n; i++) {
		int ch = scenario_multi_channel_index(m, w[i]);

		if (ch < 0)
			return scenario_fail(p, line, _("holds: no channel named `%s` (there are: %s)"),
					     w[i], scenario_multi_names(m, names, sizeof names));
		if (m->channels[ch].lock)
			return scenario_fail(p, line,
					     _("holds: `%s` is a lock; only a channel has ends to hold"),
					     w[i]);
		if (m->channels[ch].kind == CHANNEL_RING)
			return scenario_fail(p, line,
					     _("holds: `%s` is a ring, in shared memory: it has no ends to hold"),
					     w[i]);
		if (pr->holds & (1u << ch))
			return scenario_fail(p, line, _("holds: `%s` given twice"), w[i]);
		pr->holds |= 1u << ch;
	}
	return 0;
}

/* The program in order: a lock given back only when held and never taken twice
 * (it is not recursive: the process would wait for itself), no use of a
 * channel after its close, a close only of ends the process has. */
static int scenario_multi_check_order(struct scenario_parser *p, const struct scenario_process *pr)
{
	const struct scenario_multi *m = p->s->multi;
	int held_line[SCENARIO_MULTI_MAX_CHANNELS] = {0};
	int closed_line[SCENARIO_MULTI_MAX_CHANNELS] = {0};

	for (size_t i = 0; i < pr->nops; i++) {
		const struct scenario_op *op = &pr->ops[i];
		const char *name = op->ch >= 0 ? m->channels[op->ch].name : "";
		bool reads, writes;

		if (op->kind == SOP_SLEEP)
			continue;
		if (op->kind == SOP_LOCK && held_line[op->ch])
			return scenario_fail(p, op->line,
					     _("do: lock %s again while holding it (line %d): a lock is not recursive, the process would wait for itself forever"),
					     name, held_line[op->ch]);
		if (op->kind == SOP_UNLOCK && !held_line[op->ch])
			return scenario_fail(p, op->line,
					     _("do: unlock %s, but this process does not hold %s here (no lock %s before it)"),
					     name, name, name);
		if (op->kind == SOP_LOCK || op->kind == SOP_UNLOCK) {
			held_line[op->ch] = op->kind == SOP_LOCK ? op->line : 0;
			continue;
		}
		for (int k = 0; k < 2; k++) {
			int ch = k ? op->to : op->ch;

			if (ch >= 0 && closed_line[ch])
				return scenario_fail(p, op->line,
						     _("do: %s after close %s (line %d): this process holds no end of %s any more"),
						     scenario_multi_op_word(op->kind),
						     m->channels[ch].name, closed_line[ch],
						     m->channels[ch].name);
		}
		if (op->kind != SOP_CLOSE)
			continue;
		if (m->channels[op->ch].kind == CHANNEL_RING)
			return scenario_fail(p, op->line,
					     _("do: close %s: a ring is shared memory, with no ends to close"),
					     name);
		scenario_multi_uses(pr, op->ch, &reads, &writes);
		if (!reads && !writes && !(pr->holds & (1u << op->ch)))
			return scenario_fail(p, op->line,
					     _("do: close %s: this process holds no end of %s (it uses none, so it closed them right after fork)"),
					     name, name);
		closed_line[op->ch] = op->line;
	}
	return 0;
}

/* Does any process put `value` (an echo passes on what was put)? */
static bool scenario_multi_someone_puts(const struct scenario_multi *m, int32_t value)
{
	for (int pi = 0; pi < m->nprocs; pi++)
		for (size_t i = 0; i < m->procs[pi].nops; i++) {
			const struct scenario_op *op = &m->procs[pi].ops[i];

			for (size_t v = 0; op->kind == SOP_PUT && v < op->nvalues; v++)
				if (op->values[v] == value)
					return true;
		}
	return false;
}

/* Every channel read is written by some process and every channel written is
 * read (else the run shows a mistake in the file, not a lesson); a channel that
 * joins one writer or one reader only (a socket pair, a FIFO) gets no more. */
static int scenario_multi_check_ends(struct scenario_parser *p)
{
	const struct scenario_multi *m = p->s->multi;

	for (int ch = 0; ch < m->nchannels; ch++) {
		const struct scenario_channel *c = &m->channels[ch];
		const struct channel_desc *d = c->lock ? NULL : channel_desc_of(c->kind);
		int readers = 0, writers = 0, first_read = 0, first_write = 0, used = 0;
		int many_read = 0, many_write = 0;

		for (int pi = 0; pi < m->nprocs; pi++) {
			const struct scenario_process *pr = &m->procs[pi];
			bool reads, writes;

			scenario_multi_uses(pr, ch, &reads, &writes);
			for (size_t i = 0; i < pr->nops; i++) {
				const struct scenario_op *op = &pr->ops[i];

				if (op->ch == ch || op->to == ch)
					used = used ? used : op->line;
				if (reads && !first_read && (op->kind == SOP_GET || op->kind == SOP_ECHO) &&
				    op->ch == ch)
					first_read = op->line;
				if (writes && !first_write &&
				    ((op->kind == SOP_PUT && op->ch == ch) ||
				     (op->kind == SOP_ECHO && op->to == ch)))
					first_write = op->line;
			}
			if (pr->holds & (1u << ch))
				used = used ? used : pr->line;
			readers += reads ? pr->count : 0;
			writers += writes ? pr->count : 0;
			if (reads && readers > 1 && !many_read)
				many_read = pr->line;
			if (writes && writers > 1 && !many_write)
				many_write = pr->line;
		}
		if (!used)
			return scenario_fail(p, c->line,
					     _("[channel.%s] is used by no process (no do line names it)"),
					     c->name);
		if (c->lock)
			continue;
		if (first_read && !writers)
			return scenario_fail(p, first_read,
					     _("do: %s is read here, but no process writes it (none puts on it or echoes to it)"),
					     c->name);
		if (first_write && !readers)
			return scenario_fail(p, first_write,
					     _("do: %s is written here, but no process reads it (none gets from it or echoes from it)"),
					     c->name);
		if (d->one_producer && many_write)
			return scenario_fail(p, many_write, _("channel %s: %s"), c->name,
					     _(d->one_producer));
		if (d->one_consumer && many_read)
			return scenario_fail(p, many_read, _("channel %s: %s"), c->name,
					     _(d->one_consumer));
	}
	return 0;
}

/* Each process: its holds, its program's channels, its order. */
static int scenario_multi_check_procs(struct scenario_parser *p)
{
	struct scenario_multi *m = p->s->multi;

	for (int pi = 0; pi < m->nprocs; pi++) {
		struct scenario_process *pr = &m->procs[pi];

		if (!pr->nops)
			return scenario_fail(p, pr->line,
					     _("[process.%s] has no do = lines: a process needs a program (e.g. do = get data all)"),
					     pr->name);
		if (scenario_multi_resolve_holds(p, pi) < 0)
			return -1;
		for (size_t i = 0; i < pr->nops; i++)
			if (scenario_multi_resolve_op(p, &pr->ops[i]) < 0)
				return -1;
		if (scenario_multi_check_order(p, pr) < 0)
			return -1;
		for (size_t i = 0; i < pr->nops; i++) {
			const struct scenario_op *op = &pr->ops[i];

			if (op->kind == SOP_GET && op->until_kind == SOP_VALUE &&
			    !scenario_multi_someone_puts(m, op->until))
				return scenario_fail(p, op->line,
						     _("do: get %s until %d, but no process puts %d"),
						     m->channels[op->ch].name, (int)op->until,
						     (int)op->until);
		}
	}
	return 0;
}

/* The processes expanded into actors, in file order: parent-1, child-1, child-2. */
static int scenario_multi_make_actors(struct scenario_parser *p)
{
	struct scenario *s = p->s;
	const struct scenario_multi *m = s->multi;

	s->nactors = 0;
	for (int pi = 0; pi < m->nprocs; pi++) {
		const struct scenario_process *pr = &m->procs[pi];

		if (s->nactors + pr->count > SCENARIO_MAX_ACTORS) {
			int line = p->process_key_line[pi][PKEY_COUNT];

			return scenario_fail(p, line ? line : pr->line,
					     _("more than %d processes in all (with this group there are %d)"),
					     SCENARIO_MAX_ACTORS, s->nactors + pr->count);
		}
		for (int i = 1; i <= pr->count; i++) {
			struct scenario_actor *a = &s->actors[s->nactors];

			memset(a, 0, sizeof *a);
			snprintf(a->name, sizeof a->name, "%.20s-%d", pr->name, i);
			/* Both fit: a name has at most 20 characters, count is at
			 * most 8 and there are at most 32 actors. */
			snprintf(a->comm, sizeof a->comm, "ipcviz-x%d", (s->nactors + 1) % 100);
			a->role = ROLE_PRODUCER;
			a->group = pi;
			s->nactors++;
		}
	}
	return 0;
}

/* Contract in scenario_int.h. */
int scenario_multi_finish(struct scenario_parser *p)
{
	static const char *const one_channel_keys[] = {"channel", "capacity", "size"};
	const struct scenario_multi *m = p->s->multi;

	for (int k = SKEY_CHANNEL; k <= SKEY_SIZE; k++)
		if (p->scenario_key_line[k])
			return scenario_fail(p, p->scenario_key_line[k],
					     _("%s = is for a file of one channel; with [channel.NAME] sections (line %d) each channel has its own type and capacity"),
					     one_channel_keys[k - SKEY_CHANNEL], p->first_multi_line);
	if (!m->nchannels)
		return scenario_fail(p, m->procs[0].line,
				     _("no [channel.NAME] section: a process's program needs a channel (e.g. [channel.data] with type = pipe)"));
	if (!m->nprocs)
		return scenario_fail(p, m->channels[0].line,
				     _("no [process.NAME] section: a channel needs processes that use it"));
	if (scenario_multi_check_channels(p) < 0 || scenario_multi_check_procs(p) < 0 ||
	    scenario_multi_check_ends(p) < 0)
		return -1;
	return scenario_multi_make_actors(p);
}

/* Contract in scenario_int.h. */
int scenario_multi_check_goal(struct scenario_parser *p, int line)
{
	const struct scenario_multi *m = p->s->multi;
	enum scenario_goal_kind reach = p->s->goal.reach;
	bool eof = false;

	switch (reach) {
	case GOAL_LOST_UPDATE:
	case GOAL_OVERWRITTEN:
	case GOAL_STALE:
		return scenario_fail(p, line,
				     _("reach = %s needs a shared value or a race, which a file of [channel.NAME] sections has not"),
				     scenario_goal_word(reach));
	case GOAL_EOF:
		for (int i = 0; i < m->nchannels; i++)
			eof |= !m->channels[i].lock && channel_desc_of(m->channels[i].kind)->eof;
		if (!eof)
			return scenario_fail(p, line,
					     _("reach = eof needs a channel with an end of file (a pipe, a socket pair or a FIFO)"));
		return 0;
	default:
		return 0;
	}
}

/* A time as the grammar reads it back exactly: "2s", "0.5s", "1.025s". */
static void scenario_multi_time_text(char *buf, size_t size, int64_t ms)
{
	int n = snprintf(buf, size, "%lld.%03lld", (long long)(ms / 1000), (long long)(ms % 1000));

	while (n > 0 && (size_t)n < size && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && (size_t)n < size && buf[n - 1] == '.')
		buf[--n] = '\0';
	snprintf(buf + n, size - (size_t)n, "s");
}

/* Contract in scenario_multi.h. */
const char *scenario_multi_op_text(const struct scenario_multi *m, const struct scenario_op *op,
				   char *buf, size_t size)
{
	size_t n;
	char t[48];

#define SCENARIO_MULTI_ADD(...) \
	do { \
		int k_ = snprintf(buf + n, size - n, __VA_ARGS__); \
		n = k_ < 0 || (size_t)k_ >= size - n ? size - 1 : n + (size_t)k_; \
	} while (0)
	if (size == 0)
		return buf;
	buf[0] = '\0';
	n = 0;
	SCENARIO_MULTI_ADD("%s", scenario_multi_op_word(op->kind));
	if (op->kind == SOP_SLEEP) {
		scenario_multi_time_text(t, sizeof t, op->every_ms);
		SCENARIO_MULTI_ADD(" %s", t);
		return buf;
	}
	if (op->ch >= 0 && op->ch < m->nchannels)
		SCENARIO_MULTI_ADD(" %s", m->channels[op->ch].name);
	if (op->kind == SOP_ECHO && op->to >= 0 && op->to < m->nchannels)
		SCENARIO_MULTI_ADD(" %s", m->channels[op->to].name);
	if (op->kind == SOP_PUT) {
		/* a run of one up or one down is the range it was written as */
		bool up = op->nvalues > 1, down = op->nvalues > 1;

		for (size_t i = 1; i < op->nvalues; i++) {
			up = up && (int64_t)op->values[i] == (int64_t)op->values[i - 1] + 1;
			down = down && (int64_t)op->values[i] == (int64_t)op->values[i - 1] - 1;
		}
		if (up || down)
			SCENARIO_MULTI_ADD(" %d..%d", (int)op->values[0],
					   (int)op->values[op->nvalues - 1]);
		else
			for (size_t i = 0; i < op->nvalues; i++)
				SCENARIO_MULTI_ADD("%s%d", i ? "," : " ", (int)op->values[i]);
	} else if (op->kind == SOP_GET || op->kind == SOP_ECHO) {
		if (op->until_kind == SOP_ALL)
			SCENARIO_MULTI_ADD(" all");
		else if (op->until_kind == SOP_VALUE)
			SCENARIO_MULTI_ADD(" until %d", (int)op->until);
		else
			SCENARIO_MULTI_ADD(" %ld", op->n);
	}
	if ((op->kind == SOP_PUT || op->kind == SOP_GET || op->kind == SOP_ECHO) &&
	    op->every_ms > 0) {
		scenario_multi_time_text(t, sizeof t, op->every_ms);
		SCENARIO_MULTI_ADD(" every %s", t);
	}
#undef SCENARIO_MULTI_ADD
	return buf;
}

/* Contract in scenario_multi.h. */
int scenario_multi_copy(struct scenario_multi **dst, const struct scenario_multi *src)
{
	struct scenario_multi *m = malloc(sizeof *m);

	*dst = NULL;
	if (!m)
		return -1;
	*m = *src;
	for (int pi = 0; pi < m->nprocs; pi++)
		m->procs[pi].ops = NULL;
	for (int pi = 0; pi < src->nprocs; pi++) {
		const struct scenario_process *from = &src->procs[pi];
		struct scenario_process *to = &m->procs[pi];

		if (!from->ops)
			continue;
		to->ops = calloc(SCENARIO_MULTI_MAX_OPS, sizeof *to->ops);
		if (!to->ops)
			goto fail;
		for (size_t i = 0; i < from->nops; i++) {
			const struct scenario_op *op = &from->ops[i];

			to->ops[i] = *op;
			to->ops[i].values = NULL;
			if (op->values && !(to->ops[i].values = malloc(op->nvalues * sizeof *op->values)))
				goto fail;
			if (op->values)
				memcpy(to->ops[i].values, op->values, op->nvalues * sizeof *op->values);
		}
	}
	*dst = m;
	return 0;
fail:
	scenario_multi_free(m);
	errno = ENOMEM;
	return -1;
}

/* Contract in scenario_multi.h. */
void scenario_multi_free(struct scenario_multi *m)
{
	if (!m)
		return;
	for (int pi = 0; pi < m->nprocs; pi++) {
		struct scenario_process *pr = &m->procs[pi];

		for (size_t i = 0; pr->ops && i < pr->nops; i++)
			free(pr->ops[i].values);
		free(pr->ops);
	}
	free(m);
}
