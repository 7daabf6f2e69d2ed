/* scenario.c - scenario text: INI becomes a struct scenario, checked so that
 * every mistake comes back as one line, WHERE:LINE: what is wrong (and what is
 * allowed). Where the text comes from (a built-in, a file) and what is done with
 * a finished scenario (copy it, move it to another channel) is scenario_load.c's.
 *
 * inih splits lines into sections and key = value pairs, but Debian builds it
 * without INI_HANDLER_LINENO and it never tells us about a section that has no
 * keys (an empty [consumer] is legal: all defaults). So inih reads through our
 * own reader, which hands it one line at a time: the reader knows the line number
 * while the handler runs, sees every section header itself, and stops the parse
 * at the first error by returning NULL. Checks that need the whole file (is
 * there a channel? does any producer put the stop value? who is `consumer-1`?)
 * run once inih is done, and still name the line they are about.
 */
#include "scenario.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "i18n.h"
#include "scenario_int.h"
#include "scenario_multi.h"

#define SCENARIO_MAX_ACTIONS 1000
#define SCENARIO_MAX_ITEMS INT32_MAX
#define SCENARIO_DEFAULT_INTERVAL_MS 1000

static const char *const scenario_keys[SKEY_NKEYS] = {"title", "channel", "capacity", "size"};
static const char *const scenario_group_keys[GKEY_NKEYS] = {
	"count", "values", "interval", "start", "stop", "items", "increments"};

#define SCENARIO_SIZE_MAX (256 * 1024)
#define SCENARIO_GOAL_WITHIN_MAX 100000

static const char *const scenario_goal_keys[GOALKEY_NKEYS] = {"reach", "within", "text"};

/* The words a scenario may give as its channel: "pipe, queue, … or race-locked". */
static const char *scenario_channels(void)
{
	static char words[256];

	if (!words[0])
		channel_words(words, sizeof words);
	return words;
}

/* The descriptor of the scenario's channel (never NULL once a parse set it). */
static const struct channel_desc *scenario_desc(const struct scenario *s)
{
	return channel_desc_of(s->channel);
}

/* A counter (race): its producers increment, and it has no consumers. */
static bool scenario_is_race(const struct scenario *s)
{
	const struct channel_desc *d = scenario_desc(s);

	return d && d->counter;
}

static const struct {
	const char *word;
	enum scenario_action_kind kind;
} scenario_action_words[] = {
	{"kill", ACTION_KILL},
	{"stop", ACTION_STOP},
	{"cont", ACTION_CONT},
	{"note", ACTION_NOTE},
};

/* Contract in scenario.h. */
const char *scenario_action_word(enum scenario_action_kind kind)
{
	for (size_t i = 0; i < sizeof scenario_action_words / sizeof scenario_action_words[0]; i++)
		if (scenario_action_words[i].kind == kind)
			return scenario_action_words[i].word;
	return "?";
}

/* The name a section is shown with in messages: "scenario", "producer.fast". */
static const char *scenario_group_section(const struct scenario_group *g, char *buf,
					  size_t size)
{
	const char *role = g->role == ROLE_PRODUCER ? "producer" : "consumer";

	if (g->name[0])
		snprintf(buf, size, "%s.%s", role, g->name);
	else
		snprintf(buf, size, "%s", role);
	return buf;
}

/* Opens [producer], [producer.NAME], [consumer] or [consumer.NAME]. */
static int scenario_open_group(struct scenario_parser *p, enum role role, const char *name,
			       const char *section)
{
	struct scenario *s = p->s;
	struct scenario_group *g;

	if (name && !scenario_name_ok(name))
		return scenario_fail(p, p->line,
				     _("[%s]: a group name is 1..20 of a-z, 0-9 and _"), section);
	if (p->first_multi_line)
		return scenario_fail(p, p->line,
				     _("[%s] cannot go with the [channel.NAME] and [process.NAME] sections of line %d: a file has either one channel (channel = in [scenario]) or those sections"),
				     section, p->first_multi_line);
	if (!p->first_group_line)
		p->first_group_line = p->line;
	for (int i = 0; i < s->ngroups; i++)
		if (s->groups[i].role == role && strcmp(s->groups[i].name, name ? name : "") == 0)
			return scenario_fail(p, p->line,
					     _("section [%s] given twice (first on line %d)"),
					     section, s->groups[i].line);
	if (s->ngroups == SCENARIO_MAX_GROUPS)
		return scenario_fail(p, p->line, _("too many groups (at most %d)"),
				     SCENARIO_MAX_GROUPS);
	g = &s->groups[s->ngroups];
	memset(g, 0, sizeof *g);
	snprintf(g->name, sizeof g->name, "%s", name ? name : "");
	g->role = role;
	g->count = 1;
	g->interval_ms = SCENARIO_DEFAULT_INTERVAL_MS;
	g->line = p->line;
	memset(p->group_key_line[s->ngroups], 0, sizeof p->group_key_line[s->ngroups]);
	p->section = SECTION_GROUP;
	p->group = s->ngroups++;
	return 0;
}

/* A section header, as inih will see it: `[` … up to the first `]` that is not
 * in an inline comment. Lines that are not a well-formed header are left to inih,
 * which reports them as syntax errors. */
static int scenario_see_section(struct scenario_parser *p, char *line)
{
	char name[256], rest[256];
	const char *end, *dot;
	bool was_space = false;

	if (line[0] != '[')
		return 0;
	for (end = line + 1; *end && *end != ']'; end++) {
		if (was_space && *end == ';')
			return 0;
		was_space = scenario_is_space(*end);
	}
	if (*end != ']')
		return 0;
	scenario_trim_copy(name, sizeof name, line + 1, (size_t)(end - line - 1));
	scenario_trim_copy(rest, sizeof rest, end + 1, strlen(end + 1));
	if (rest[0] && rest[0] != ';')
		return scenario_fail(p, p->line,
				     _("`%s` after the section header [%s] (only a ; comment may follow)"),
				     rest, name);

	if (strcmp(name, "scenario") == 0) {
		if (p->scenario_line)
			return scenario_fail(p, p->line,
					     _("section [%s] given twice (first on line %d)"), name,
					     p->scenario_line);
		p->scenario_line = p->line;
		p->section = SECTION_SCENARIO;
		return 0;
	}
	if (strcmp(name, "script") == 0) {
		if (p->script_line)
			return scenario_fail(p, p->line,
					     _("section [%s] given twice (first on line %d)"), name,
					     p->script_line);
		p->script_line = p->line;
		p->section = SECTION_SCRIPT;
		return 0;
	}
	if (strcmp(name, "goal") == 0) {
		if (p->goal_line)
			return scenario_fail(p, p->line,
					     _("section [%s] given twice (first on line %d)"), name,
					     p->goal_line);
		p->goal_line = p->line;
		p->s->goal.line = p->line;
		p->section = SECTION_GOAL;
		return 0;
	}
	if (strcmp(name, "producer") == 0)
		return scenario_open_group(p, ROLE_PRODUCER, NULL, name);
	if (strcmp(name, "consumer") == 0)
		return scenario_open_group(p, ROLE_CONSUMER, NULL, name);
	dot = strchr(name, '.');
	if (dot && (size_t)(dot - name) == strlen("producer") && strncmp(name, "producer", 8) == 0)
		return scenario_open_group(p, ROLE_PRODUCER, dot + 1, name);
	if (dot && (size_t)(dot - name) == strlen("consumer") && strncmp(name, "consumer", 8) == 0)
		return scenario_open_group(p, ROLE_CONSUMER, dot + 1, name);
	if (strcmp(name, "channel") == 0 || strcmp(name, "process") == 0)
		return scenario_multi_open(p, name[0] == 'p', NULL, name);
	if (dot && (size_t)(dot - name) == strlen("channel") && strncmp(name, "channel", 7) == 0)
		return scenario_multi_open(p, false, dot + 1, name);
	if (dot && (size_t)(dot - name) == strlen("process") && strncmp(name, "process", 7) == 0)
		return scenario_multi_open(p, true, dot + 1, name);
	return scenario_fail(p, p->line,
			     _("unknown section [%s] (use [scenario], [producer], [producer.NAME], [consumer], [consumer.NAME], [channel.NAME], [process.NAME], [script] or [goal])"),
			     name);
}

/* inih's reader: one line per call, so that p->line is the line inih works on
 * while it calls the handler. Returns NULL at the end or once there is an error,
 * which ends the parse there. */
static char *scenario_read_line(char *buf, int size, void *stream)
{
	struct scenario_parser *p = stream;
	const char *start = p->next, *nl;
	size_t len;

	if (p->err_line || !*start)
		return NULL;
	nl = strchr(start, '\n');
	len = nl ? (size_t)(nl - start) : strlen(start);
	p->next = start + len + (nl ? 1 : 0);
	p->line++;
	if (len && start[len - 1] == '\r')
		len--;
	if (p->line == 1 && len >= 3 && memcmp(start, "\xef\xbb\xbf", 3) == 0) {
		start += 3; /* a UTF-8 byte order mark, as some editors write */
		len -= 3;
	}
	if (size < 2 || len > (size_t)size - 1) {
		scenario_fail(p, p->line, _("line too long (at most %d characters)"), size - 1);
		return NULL;
	}
	/* Without leading blanks, so that inih never takes an indented line for the
	 * continuation of the value above it (its multi-line values). */
	while (len && scenario_is_space(*start)) {
		start++;
		len--;
	}
	memcpy(buf, start, len);
	buf[len] = '\0';
	if (scenario_see_section(p, buf) < 0)
		return NULL;
	return buf;
}

static int scenario_on_scenario_key(struct scenario_parser *p, const char *key,
				    const char *value)
{
	struct scenario *s = p->s;
	int k = scenario_key_index(scenario_keys, SKEY_NKEYS, key);
	const struct channel_desc *d;

	if (k < 0)
		return scenario_fail(p, p->line,
				     _("unknown key `%s` in [scenario] (it has title, channel, capacity, size)"),
				     key);
	if (scenario_once(p, &p->scenario_key_line[k], key) < 0)
		return -1;
	if (!value[0])
		return scenario_fail(p, p->line, _("%s: no value after ="), key);
	switch (k) {
	case SKEY_TITLE:
		if (!scenario_text_ok(value))
			return scenario_fail(p, p->line,
					     _("title: not valid UTF-8, or it has a control character"));
		s->title = strdup(value);
		if (!s->title)
			return scenario_fail(p, p->line, _("out of memory"));
		return 0;
	case SKEY_CHANNEL:
		if ((d = channel_desc_by_word(value)) != NULL) {
			s->channel = d->kind;
			return 0;
		}
		return scenario_fail(p, p->line, _("channel: `%s` is not a channel (use %s)"),
				     value, scenario_channels());
	case SKEY_SIZE:
		if (scenario_parse_int(value, &p->size) < 0)
			return scenario_fail(p, p->line, _("size: `%s` is not a whole number"),
					     value);
		return 0;
	default:
		if (scenario_parse_int(value, &p->capacity) < 0)
			return scenario_fail(p, p->line, _("capacity: `%s` is not a whole number"),
					     value);
		return 0;
	}
}

static int scenario_on_group_key(struct scenario_parser *p, const char *key, const char *value)
{
	struct scenario_group *g = &p->s->groups[p->group];
	char section[64];
	int k = scenario_key_index(scenario_group_keys, GKEY_NKEYS, key);
	int64_t v;
	int rc;

	scenario_group_section(g, section, sizeof section);
	if (k < 0 && g->role == ROLE_PRODUCER)
		return scenario_fail(p, p->line,
				     _("unknown key `%s` in [%s] (a producer has count, values, increments, interval, start)"),
				     key, section);
	if (k < 0)
		return scenario_fail(p, p->line,
				     _("unknown key `%s` in [%s] (a consumer has count, interval, start, stop, items)"),
				     key, section);
	if (k == GKEY_VALUES && g->role == ROLE_CONSUMER)
		return scenario_fail(p, p->line,
				     _("values is for producers; a consumer takes what comes (end it with stop = VALUE or items = N)"));
	if (k == GKEY_INCREMENTS && g->role == ROLE_CONSUMER)
		return scenario_fail(p, p->line,
				     _("increments is for the producers of a race: each one adds 1 that many times"));
	if ((k == GKEY_STOP || k == GKEY_ITEMS) && g->role == ROLE_PRODUCER)
		return scenario_fail(p, p->line,
				     _("%s is for consumers; a producer stops after its last value"),
				     key);
	if (scenario_once(p, &p->group_key_line[p->group][k], key) < 0)
		return -1;
	if (!value[0])
		return scenario_fail(p, p->line, _("%s: no value after ="), key);

	switch (k) {
	case GKEY_COUNT:
		return scenario_count_value(p, value, &g->count);
	case GKEY_VALUES:
		if (g->values)
			return scenario_fail(p, p->line,
					     _("give values or increments, not both"));
		return scenario_parse_values(p, value, &g->values, &g->nvalues);
	case GKEY_INTERVAL:
		return scenario_time_value(p, key, value, &g->interval_ms);
	case GKEY_START:
		return scenario_time_value(p, key, value, &g->start_ms);
	case GKEY_STOP:
		if (scenario_int32_value(p, key, value, &g->stop_value) < 0)
			return -1;
		g->has_stop = true;
		return 0;
	case GKEY_INCREMENTS:
		rc = scenario_parse_int(value, &v);
		if (rc == -1)
			return scenario_fail(p, p->line, _("increments: `%s` is not a whole number"),
					     value);
		if (rc < 0 || v < 1 || v > SCENARIO_MAX_VALUES)
			return scenario_fail(p, p->line, _("increments must be 1..%d"),
					     SCENARIO_MAX_VALUES);
		if (g->values)
			return scenario_fail(p, p->line,
					     _("give values or increments, not both"));
		g->values = malloc((size_t)v * sizeof *g->values);
		if (!g->values)
			return scenario_fail(p, p->line, _("out of memory"));
		for (int64_t i = 0; i < v; i++)
			g->values[i] = (int32_t)(i + 1);
		g->nvalues = (size_t)v;
		return 0;
	default:
		rc = scenario_parse_int(value, &v);
		if (rc == -1)
			return scenario_fail(p, p->line, _("items: `%s` is not a whole number"),
					     value);
		if (rc < 0 || v < 1 || v > SCENARIO_MAX_ITEMS)
			return scenario_fail(p, p->line, _("items must be 1..%d (items to take)"),
					     SCENARIO_MAX_ITEMS);
		g->items = (long)v;
		return 0;
	}
}

/* Adds an action; kill/stop/cont keep the actor's name in text until the whole
 * file is read (a script may name a group defined below it). */
static int scenario_add_action(struct scenario_parser *p, int64_t at_ms,
			       enum scenario_action_kind kind, const char *text)
{
	struct scenario *s = p->s;
	struct scenario_action *a;

	if (s->nactions == SCENARIO_MAX_ACTIONS)
		return scenario_fail(p, p->line, _("too many do lines (at most %d)"),
				     SCENARIO_MAX_ACTIONS);
	if (s->nactions == p->actions_cap) {
		size_t cap = p->actions_cap ? p->actions_cap * 2 : 8;
		struct scenario_action *grown = realloc(s->actions, cap * sizeof *grown);

		if (!grown)
			return scenario_fail(p, p->line, _("out of memory"));
		s->actions = grown;
		p->actions_cap = cap;
	}
	a = &s->actions[s->nactions];
	memset(a, 0, sizeof *a);
	a->text = strdup(text);
	if (!a->text)
		return scenario_fail(p, p->line, _("out of memory"));
	a->at_ms = at_ms;
	a->kind = kind;
	a->target = -1;
	a->line = p->line;
	s->nactions++;
	return 0;
}

/* do = TIME ACTION: kill|stop|cont ACTOR, or note TEXT. */
static int scenario_on_do(struct scenario_parser *p, const char *value)
{
	char buf[256], *verb, *arg;
	int64_t at_ms;

	snprintf(buf, sizeof buf, "%s", value);
	verb = buf + strcspn(buf, " \t");
	if (!*verb)
		return scenario_fail(p, p->line,
				     _("do: `%s` is not TIME ACTION (e.g. do = 3s kill consumer-1)"),
				     value);
	*verb++ = '\0';
	while (scenario_is_space(*verb))
		verb++;
	if (scenario_time_value(p, "do", buf, &at_ms) < 0)
		return -1;
	arg = verb + strcspn(verb, " \t");
	if (*arg) {
		*arg++ = '\0';
		while (scenario_is_space(*arg))
			arg++;
	}
	for (size_t i = 0; i < sizeof scenario_action_words / sizeof scenario_action_words[0];
	     i++) {
		enum scenario_action_kind kind = scenario_action_words[i].kind;

		if (strcmp(verb, scenario_action_words[i].word) != 0)
			continue;
		if (kind == ACTION_NOTE && !*arg)
			return scenario_fail(p, p->line,
					     _("do: note needs a text (e.g. do = 3s note The queue is full.)"));
		if (kind == ACTION_NOTE && !scenario_text_ok(arg))
			return scenario_fail(p, p->line,
					     _("do: the note is not valid UTF-8, or it has a control character"));
		if (kind != ACTION_NOTE && !*arg)
			return scenario_fail(p, p->line,
					     _("do: %s needs a process name (e.g. do = 3s %s consumer-1)"),
					     verb, verb);
		if (kind != ACTION_NOTE && arg[strcspn(arg, " \t")])
			return scenario_fail(p, p->line,
					     _("do: `%s` is not one process name (e.g. consumer-1)"),
					     arg);
		return scenario_add_action(p, at_ms, kind, arg);
	}
	return scenario_fail(p, p->line,
			     _("do: unknown action `%s` (use kill, stop, cont or note)"), verb);
}

/* reach = …, within = N, text = … in [goal]. */
static int scenario_on_goal_key(struct scenario_parser *p, const char *key, const char *value)
{
	struct scenario_goal *g = &p->s->goal;
	int k = scenario_key_index(scenario_goal_keys, GOALKEY_NKEYS, key);
	int64_t v;
	int rc;

	if (k < 0)
		return scenario_fail(p, p->line,
				     _("unknown key `%s` in [goal] (it has reach, within, text)"), key);
	if (scenario_once(p, &p->goal_key_line[k], key) < 0)
		return -1;
	if (!value[0])
		return scenario_fail(p, p->line, _("%s: no value after ="), key);
	switch (k) {
	case GOALKEY_REACH:
		g->reach = scenario_goal_by_word(value);
		if (g->reach == GOAL_NONE)
			return scenario_fail(p, p->line,
					     _("reach: `%s` is not a goal (use lost-update, overwritten, stale, blocked-put, blocked-get, epipe, eof or deadlock)"),
					     value);
		return 0;
	case GOALKEY_WITHIN:
		rc = scenario_parse_int(value, &v);
		if (rc == -1)
			return scenario_fail(p, p->line, _("within: `%s` is not a whole number"),
					     value);
		if (rc < 0 || v < 1 || v > SCENARIO_GOAL_WITHIN_MAX)
			return scenario_fail(p, p->line, _("within must be 1..%d (steps)"),
					     SCENARIO_GOAL_WITHIN_MAX);
		g->within = (int)v;
		return 0;
	default:
		if (!scenario_text_ok(value))
			return scenario_fail(p, p->line,
					     _("text: not valid UTF-8, or it has a control character"));
		g->text = strdup(value);
		if (!g->text)
			return scenario_fail(p, p->line, _("out of memory"));
		return 0;
	}
}

/* Can the goal happen on this scenario's channel at all? A lost update needs a
 * race, an overwrite or a stale read a shared value, the rest a channel that
 * carries items. */
static int scenario_check_goal(struct scenario_parser *p)
{
	const struct scenario *s = p->s;
	const struct channel_desc *d = scenario_desc(s);
	int line = p->goal_key_line[GOALKEY_REACH];
	const char *word = scenario_goal_word(s->goal.reach);

	if (!p->goal_line)
		return 0;
	if (!line)
		return scenario_fail(p, p->goal_line,
				     _("[goal] has no reach (e.g. reach = lost-update)"));
	if (s->multi)
		return scenario_multi_check_goal(p, line);
	switch (s->goal.reach) {
	case GOAL_LOST_UPDATE:
		if (!d->counter)
			return scenario_fail(p, line, _("reach = %s needs a race (channel = race)"),
					     word);
		return 0;
	case GOAL_OVERWRITTEN:
	case GOAL_STALE:
		if (!d->cell || d->counter)
			return scenario_fail(p, line,
					     _("reach = %s needs a shared value (channel = shm)"), word);
		return 0;
	case GOAL_DEADLOCK:
		return scenario_fail(p, line,
				     _("reach = deadlock needs two channels or more, which a scenario of one channel cannot have"));
	default:
		if (d->cell)
			return scenario_fail(p, line,
					     _("reach = %s needs a channel that carries items, not a %s"),
					     word, d->word);
		return 0;
	}
}

/* inih's handler: one key = value of the current line. Nonzero to go on. */
static int scenario_on_key(void *user, const char *section, const char *key, const char *value)
{
	struct scenario_parser *p = user;
	int rc = -1;

	(void)section; /* the reader tracks sections itself, empty ones too */
	if (p->err_line)
		return 0;
	if (!key[0]) {
		scenario_fail(p, p->line, _("a key is missing before the ="));
		return 0;
	}
	switch (p->section) {
	case SECTION_NONE:
		rc = scenario_fail(p, p->line,
				   _("`%s` is outside any section (start the file with [scenario])"),
				   key);
		break;
	case SECTION_SCENARIO:
		rc = scenario_on_scenario_key(p, key, value);
		break;
	case SECTION_GROUP:
		rc = scenario_on_group_key(p, key, value);
		break;
	case SECTION_SCRIPT:
		if (strcmp(key, "do") != 0)
			rc = scenario_fail(p, p->line,
					   _("unknown key `%s` in [script] (it has only do = TIME ACTION)"),
					   key);
		else if (!value[0])
			rc = scenario_fail(p, p->line, _("%s: no value after ="), key);
		else
			rc = scenario_on_do(p, value);
		break;
	case SECTION_GOAL:
		rc = scenario_on_goal_key(p, key, value);
		break;
	case SECTION_CHANNEL:
	case SECTION_PROCESS:
		rc = scenario_multi_on_key(p, key, value);
		break;
	}
	return rc == 0;
}

/* The channel's capacity, now that the channel is known: the channel's own
 * rule (its range, its default, its words for a capacity it does not take). */
static int scenario_check_capacity(struct scenario_parser *p)
{
	struct scenario *s = p->s;
	int line = p->scenario_key_line[SKEY_CAPACITY];
	char why[256];

	if (channel_capacity_check(scenario_desc(s), line != 0, p->capacity, &s->capacity, why,
				   sizeof why) != 0)
		return scenario_fail(p, line, "%s", why);
	return 0;
}

/* A socket pair joins one producer and one consumer (as Python's Pipe() joins
 * two ends), and a FIFO here has one consumer: several readers of one socket
 * or one FIFO all wake when data comes and race for it, which no schedule can
 * order, and a FIFO's reader reads a line a byte at a time. (Someone outside
 * may still read the FIFO: that is theirs to try.) */
static int scenario_one_to_one(struct scenario_parser *p)
{
	const struct scenario *s = p->s;
	const struct channel_desc *d = scenario_desc(s);
	const char *why[2] = {d->one_producer, d->one_consumer};
	int procs[2] = {0, 0};

	for (int gi = 0; gi < s->ngroups; gi++) {
		const struct scenario_group *g = &s->groups[gi];
		int line = p->group_key_line[gi][GKEY_COUNT] ? p->group_key_line[gi][GKEY_COUNT]
							       : g->line;
		procs[g->role] += g->count;
		if (why[g->role] && procs[g->role] > 1)
			return scenario_fail(p, line, "%s", _(why[g->role]));
	}
	return 0;
}

/* Bytes per item: a pipe's own, one page unless asked (pipe-atomic). */
static int scenario_check_size(struct scenario_parser *p)
{
	struct scenario *s = p->s;
	int line = p->scenario_key_line[SKEY_SIZE];
	int64_t v = p->size;

	s->item_size = 0;
	if (!line)
		return 0;
	if (!scenario_desc(s)->sized_items)
		return scenario_fail(p, line, _("size is for a pipe only (bytes in one item)"));
	/* Whole pages, so that a capacity in pages is a capacity in items. */
	if (v < 4096 || v > SCENARIO_SIZE_MAX || v % 4096 != 0)
		return scenario_fail(p, line,
				     _("size must be a multiple of 4096 from 4096 to %d (bytes in one item)"),
				     SCENARIO_SIZE_MAX);
	s->item_size = (int)v;
	return 0;
}

/* Producers first, each role in file order: the order actors run in at a tie. */
static void scenario_order_groups(struct scenario_parser *p)
{
	struct scenario *s = p->s;
	struct scenario_group groups[SCENARIO_MAX_GROUPS];
	int lines[SCENARIO_MAX_GROUPS][GKEY_NKEYS];
	int n = 0;

	for (int role = ROLE_PRODUCER; role <= ROLE_CONSUMER; role++)
		for (int i = 0; i < s->ngroups; i++)
			if ((int)s->groups[i].role == role) {
				groups[n] = s->groups[i];
				memcpy(lines[n], p->group_key_line[i], sizeof lines[n]);
				n++;
			}
	memcpy(s->groups, groups, (size_t)n * sizeof groups[0]);
	memcpy(p->group_key_line, lines, (size_t)n * sizeof lines[0]);
}

/* Expands the groups into actors: producer-1, fast-2; comm ipcviz-p1, ipcviz-c1. */
static int scenario_make_actors(struct scenario_parser *p)
{
	struct scenario *s = p->s;
	int numbered[2] = {0, 0};

	s->nactors = 0;
	for (int gi = 0; gi < s->ngroups; gi++) {
		const struct scenario_group *g = &s->groups[gi];
		const char *base = g->name[0] ? g->name
				   : g->role == ROLE_PRODUCER ? "producer" : "consumer";

		if (s->nactors + g->count > SCENARIO_MAX_ACTORS) {
			int line = p->group_key_line[gi][GKEY_COUNT];

			return scenario_fail(p, line ? line : g->line,
					     _("more than %d processes in all (with this group there are %d)"),
					     SCENARIO_MAX_ACTORS, s->nactors + g->count);
		}
		for (int i = 1; i <= g->count; i++) {
			struct scenario_actor *a = &s->actors[s->nactors++];

			memset(a, 0, sizeof *a);
			/* Both fit: a group name has at most 20 characters, count is at
			 * most 8 and there are at most 32 actors. */
			if (snprintf(a->name, sizeof a->name, "%.20s-%d", base, i) < 0 ||
			    snprintf(a->comm, sizeof a->comm, "ipcviz-%c%d",
				     g->role == ROLE_PRODUCER ? 'p' : 'c', ++numbered[g->role]) < 0)
				return scenario_fail(p, g->line, _("out of memory"));
			a->role = g->role;
			a->group = gi;
		}
	}
	return 0;
}

/* Two groups that give the same process name ([producer.x] and [consumer.x]):
 * the one further down the file is the mistake. */
static int scenario_check_names(struct scenario_parser *p)
{
	const struct scenario *s = p->s;
	int bad_line = 0, first_line = 0;
	const char *bad_name = NULL;

	for (int i = 0; i < s->nactors; i++)
		for (int j = i + 1; j < s->nactors; j++) {
			int li = s->groups[s->actors[i].group].line;
			int lj = s->groups[s->actors[j].group].line;
			int later = li > lj ? li : lj;

			if (strcmp(s->actors[i].name, s->actors[j].name) != 0)
				continue;
			if (!bad_line || later < bad_line) {
				bad_line = later;
				first_line = li < lj ? li : lj;
				bad_name = s->actors[i].name;
			}
		}
	if (!bad_line)
		return 0;
	return scenario_fail(p, bad_line,
			     _("two processes are named %s (the other comes from line %d); rename a group"),
			     bad_name, first_line);
}

static bool scenario_some_producer_puts(const struct scenario *s, int32_t value)
{
	for (int gi = 0; gi < s->ngroups; gi++) {
		const struct scenario_group *g = &s->groups[gi];

		if (g->role != ROLE_PRODUCER)
			continue;
		for (size_t i = 0; i < g->nvalues; i++)
			if (g->values[i] == value)
				return true;
	}
	return false;
}

static int scenario_compare_actions(const void *a, const void *b)
{
	const struct scenario_action *x = a, *y = b;

	if (x->at_ms != y->at_ms)
		return x->at_ms < y->at_ms ? -1 : 1;
	return (x->line > y->line) - (x->line < y->line); /* file order at a tie */
}

/* Resolves the actors the script names, then sorts it by time. */
static int scenario_resolve_script(struct scenario_parser *p)
{
	struct scenario *s = p->s;

	for (size_t i = 0; i < s->nactions; i++) {
		struct scenario_action *a = &s->actions[i];
		char names[160] = "";
		size_t used = 0;

		if (a->kind == ACTION_NOTE)
			continue;
		a->target = scenario_actor_index(s, a->text);
		if (a->target >= 0) {
			free(a->text);
			a->text = NULL;
			continue;
		}
		for (int k = 0; k < s->nactors && used < sizeof names; k++) {
			int n = snprintf(names + used, sizeof names - used, "%s%s", k ? ", " : "",
					 s->actors[k].name);
			if (n < 0 || used + (size_t)n >= sizeof names) {
				snprintf(names + used, sizeof names - used, ", …");
				break;
			}
			used += (size_t)n;
		}
		return scenario_fail(p, a->line, _("do: no process named `%s` (there are: %s)"),
				     a->text, names);
	}
	if (s->nactions > 1)
		qsort(s->actions, s->nactions, sizeof *s->actions, scenario_compare_actions);
	return 0;
}

/* scenario_finish() of a file of several channels: their own checks, then the
 * script and the goal as in a file of one. [scenario] may be left out: it only
 * gives a title. */
static int scenario_finish_multi(struct scenario_parser *p)
{
	struct scenario *s = p->s;

	if (scenario_multi_finish(p) < 0 || scenario_resolve_script(p) < 0 ||
	    scenario_check_goal(p) < 0)
		return -1;
	if (!s->title && !(s->title = strdup(s->name)))
		return scenario_fail(p, p->scenario_line, _("out of memory"));
	return 0;
}

/* The checks that need the whole file. Errors about the file as a whole point at
 * its [scenario] header (line 1 when it has none). */
static int scenario_finish(struct scenario_parser *p)
{
	struct scenario *s = p->s;
	int whole = p->scenario_line;
	int producers = 0, consumers = 0;

	if (s->multi)
		return scenario_finish_multi(p);
	if (!p->scenario_line)
		return scenario_fail(p, 1, _("no [scenario] section (it gives the channel: %s)"),
				     scenario_channels());
	if (!p->scenario_key_line[SKEY_CHANNEL])
		return scenario_fail(p, whole, _("[scenario] has no channel (use channel = %s)"),
				     scenario_channels());
	if (scenario_check_capacity(p) < 0 || scenario_check_size(p) < 0)
		return -1;
	for (int gi = 0; gi < s->ngroups; gi++) {
		const struct scenario_group *g = &s->groups[gi];
		char section[64];

		bool incr = p->group_key_line[gi][GKEY_INCREMENTS] != 0;
		if (g->role == ROLE_PRODUCER && scenario_is_race(s) && !incr)
			return scenario_fail(p, g->line,
					     _("[%s] has no increments (in a race, e.g. increments = 5)"),
					     scenario_group_section(g, section, sizeof section));
		if (g->role == ROLE_PRODUCER && !scenario_is_race(s) && incr)
			return scenario_fail(p, p->group_key_line[gi][GKEY_INCREMENTS],
					     _("increments is for a race; a producer of a %s has values"),
					     scenario_desc(s)->word);
		if (g->role == ROLE_CONSUMER && scenario_is_race(s))
			return scenario_fail(p, g->line,
					     _("a race has no consumers: every process increments the counter"));
		if (g->role == ROLE_PRODUCER && !g->values)
			return scenario_fail(p, g->line, _("[%s] has no values (e.g. values = 0..4)"),
					     scenario_group_section(g, section, sizeof section));
		if (g->role == ROLE_PRODUCER)
			producers++;
		else
			consumers++;
	}
	if (!producers)
		return scenario_fail(p, whole,
				     _("no producer (add a [producer] section with values = …)"));
	if (!consumers && !scenario_is_race(s))
		return scenario_fail(p, whole, _("no consumer (add a [consumer] section)"));
	if (scenario_one_to_one(p) < 0)
		return -1;
	for (int gi = 0; gi < s->ngroups; gi++) {
		const struct scenario_group *g = &s->groups[gi];

		/* A FIFO's value may come from outside ipcviz (echo 42 > PATH). */
		if (g->has_stop && !scenario_desc(s)->named &&
		    !scenario_some_producer_puts(s, g->stop_value))
			return scenario_fail(p, p->group_key_line[gi][GKEY_STOP],
					     _("stop = %d, but no producer puts %d"),
					     (int)g->stop_value, (int)g->stop_value);
	}
	scenario_order_groups(p);
	if (scenario_make_actors(p) < 0 || scenario_check_names(p) < 0 ||
	    scenario_resolve_script(p) < 0 || scenario_check_goal(p) < 0)
		return -1;
	if (!s->title) {
		s->title = strdup(s->name);
		if (!s->title)
			return scenario_fail(p, whole, _("out of memory"));
	}
	return 0;
}

/* "lessons/demo.ini" -> "demo"; a built-in's name stays as it is. */
static void scenario_set_name(struct scenario *s, const char *where)
{
	const char *base = strrchr(where, '/');
	size_t len;

	base = base ? base + 1 : where;
	len = strlen(base);
	if (len > 4 && strcmp(base + len - 4, ".ini") == 0)
		len -= 4;
	if (len >= sizeof s->name)
		len = sizeof s->name - 1;
	memcpy(s->name, base, len);
	s->name[len] = '\0';
}

/* The comment block a scenario file begins with (scenario.h, comments): its
 * lines, from the top down to the first line that is neither a comment nor
 * empty, each without its ';' or '#' and the space after it. NULL without
 * any, or when memory ran out (the comments are only words for a reader). */
static char *scenario_leading_comments(const char *text)
{
	size_t n = 0;
	char *out = malloc(strlen(text) + 2); /* each line loses its ';' and gains a '\n' */
	const char *line = text;

	if (!out)
		return NULL;
	while (*line) {
		const char *end = strchr(line, '\n'), *at = line;
		size_t len;
		if (!end)
			end = line + strlen(line);
		while (at < end && (*at == ' ' || *at == '\t'))
			at++;
		if (at < end && *at != ';' && *at != '#' && *at != '\r')
			break;
		if (at < end && (*at == ';' || *at == '#'))
			at += at + 1 < end && at[1] == ' ' ? 2 : 1;
		len = (size_t)(end - at);
		while (len > 0 && (at[len - 1] == ' ' || at[len - 1] == '\t' || at[len - 1] == '\r'))
			len--;
		/* an empty line breaks a paragraph: none first, never two in a row */
		if (len > 0 || (n > 0 && !(n >= 2 && out[n - 2] == '\n'))) {
			memcpy(out + n, at, len);
			n += len;
			out[n++] = '\n';
		}
		line = *end ? end + 1 : end;
	}
	while (n > 0 && out[n - 1] == '\n')
		n--;
	out[n] = '\0';
	if (n == 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Contract in scenario.h. The parse stops at the first error, so the message is
 * about the earliest line inih or we found wrong. */
int scenario_parse(const char *text, const char *where, struct scenario *s, char *err,
		   size_t errlen)
{
	struct scenario_parser parser = {
		.s = s,
		.where = where ? where : "scenario",
		.err = err,
		.errlen = errlen,
		.next = text ? text : "",
	};
	struct scenario_parser *p = &parser;
	int rc;

	memset(s, 0, sizeof *s);
	if (err && errlen)
		err[0] = '\0';
	scenario_set_name(s, p->where);

	rc = ini_parse_stream(scenario_read_line, p, scenario_on_key, p);
	if (rc > 0 && (!p->err_line || rc < p->err_line)) {
		/* inih found a line that is no INI at all, before any error of ours. */
		p->err_line = 0;
		scenario_fail(p, rc, _("not a section, key = value or comment"));
	} else if (rc < 0 && !p->err_line) {
		scenario_fail(p, p->line, _("out of memory"));
	}
	if (!p->err_line)
		scenario_finish(p);
	if (!p->err_line) {
		s->comments = scenario_leading_comments(text ? text : "");
		return 0;
	}
	scenario_free(s);
	return -1;
}

/* Contract in scenario.h: frees what s owns and zeroes it; safe on a zeroed
 * struct, twice, and after a failed parse. */
void scenario_free(struct scenario *s)
{
	if (!s)
		return;
	for (int i = 0; i < SCENARIO_MAX_GROUPS; i++)
		free(s->groups[i].values);
	for (size_t i = 0; i < s->nactions; i++)
		free(s->actions[i].text);
	free(s->actions);
	free(s->title);
	free(s->comments);
	free(s->goal.text);
	scenario_multi_free(s->multi);
	memset(s, 0, sizeof *s);
}

/* Contract in scenario.h. */
int scenario_actor_index(const struct scenario *s, const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < s->nactors; i++)
		if (strcmp(s->actors[i].name, name) == 0)
			return i;
	return -1;
}
