/* event.c - the event record and the JSON-lines trace (DESIGN section 5).
 *
 * The writer prints exactly the fields the contract names, in a fixed order, so
 * traces of the same run are byte-identical. The reader treats its input as
 * hostile: bounded lines, bounded counts, every field checked before use.
 * Which fields, in which order, for which types, come from the one table in
 * event_fields.h; here are only the codecs, one writer and one reader for each
 * kind of value (trace_put_X, trace_get_X), and the line around them.
 */
#include "event.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "channel.h"
#include "i18n.h"
#include "scenario.h"

#define TRACE_VERSION 1
#define TRACE_LINE_MAX 65536
#define TRACE_EVENTS_MAX 1000000 /* about 380 MB of events in memory at most */
#define TRACE_ACTORS_MAX 32
#define TRACE_SCRIPT_MAX 256 /* do lines of a header's "script" */
#define TRACE_IPCVIZ_ACTOR "ipcviz"
#define TRACE_OUTSIDE_ACTOR "outside"

static const char *const event_names[EV_TYPE_COUNT] = {
#define EVENT_TYPE_WORD(name, word) [EV_##name] = word,
	EVENT_TYPES(EVENT_TYPE_WORD)
#undef EVENT_TYPE_WORD
};

/* Every row's member must have the C type its codec handles (a codec reads
 * and writes through a pointer to it). */
#define EVENT_CHECK_TYPE(member, ctype, dims, codec, ...) \
	_Static_assert(_Generic(&((struct event *)0)->member, \
				event_ctype_##codec(dims): 1, default: 0), \
		       #member " does not have the C type of codec " #codec);
#define event_ctype_I32(dims) int32_t *
#define event_ctype_INT(dims) int *
#define event_ctype_COUNT(dims) int *
#define event_ctype_OPT(dims) int *
#define event_ctype_SIGNAL(dims) int *
#define event_ctype_I64(dims) int64_t *
#define event_ctype_BOOL(dims) bool *
#define event_ctype_CHAR(dims) char *
#define event_ctype_OP(dims) enum event_op *
#define event_ctype_ERRNO(dims) int *
#define event_ctype_ACTOR(dims) int *
#define event_ctype_ACTORS(dims) struct event_actors *
#define event_ctype_F64(dims) double *
#define event_ctype_STR(dims) char (*)dims
EVENT_FIELDS(EVENT_CHECK_TYPE, EVENT_FIELDS_SKIP, EVENT_CHECK_TYPE)
#undef EVENT_CHECK_TYPE

_Static_assert(EV_TYPE_COUNT <= 32, "a row's types are bits of an unsigned int");

/* The trace word of a type; "?" for a value outside the enum. */
const char *event_type_name(enum event_type type)
{
	if ((int)type < 0 || type >= EV_TYPE_COUNT)
		return "?";
	return event_names[type];
}

/* The type named by a trace word, or -1: unknown words are how newer traces
 * add events, so the caller skips them rather than failing. */
int event_type_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < EV_TYPE_COUNT; i++)
		if (strcmp(event_names[i], name) == 0)
			return i;
	return -1;
}

/* What "not set" is for each codec, where it is not zero. */
#define event_unset_OPT(p) (*(p) = -1)
#define event_unset_ACTOR(p) (*(p) = -1)
#define event_unset_I32(p) (void)(p)
#define event_unset_INT(p) (void)(p)
#define event_unset_COUNT(p) (void)(p)
#define event_unset_SIGNAL(p) (void)(p)
#define event_unset_I64(p) (void)(p)
#define event_unset_BOOL(p) (void)(p)
#define event_unset_CHAR(p) (void)(p)
#define event_unset_STR(p) (void)(p)
#define event_unset_OP(p) (void)(p)   /* OP_NONE is 0 */
#define event_unset_ERRNO(p) (void)(p)
#define event_unset_ACTORS(p) (void)(p)
#define event_unset_F64(p) (void)(p)

/* A zeroed event with every "not set" marker in place. Zeroing the whole struct
 * first keeps padding and unused string bytes deterministic. */
struct event event_make(enum event_type type, int actor, int64_t t_ms)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.t_ms = t_ms;
	ev.actor = actor;
	ev.type = type;
#define EVENT_UNSET(member, ctype, dims, codec, ...) event_unset_##codec(&ev.member);
	EVENT_FIELDS(EVENT_UNSET, EVENT_FIELDS_SKIP, EVENT_UNSET)
#undef EVENT_UNSET
	return ev;
}

/* ---- writing ---------------------------------------------------------- */

/* Drops trailing zeros of a decimal but keeps one digit after the point, so
 * 2000 ms prints "2.0" and 1250 ms "1.25": short, and still visibly a number of
 * seconds rather than an integer count. */
static void trim_decimal(char *s)
{
	char *dot = strchr(s, '.');
	char *end;

	if (!dot)
		return;
	end = s + strlen(s) - 1;
	while (end > dot + 1 && *end == '0')
		*end-- = '\0';
}

/* A count of 10^-digits seconds as a decimal, in integer arithmetic: exact, and
 * deaf to LC_NUMERIC (printf's %f would write "0,131" under a German locale,
 * which is not JSON). */
static void format_fixed(char *buf, size_t len, int64_t units, int digits)
{
	uint64_t mag = units < 0 ? (uint64_t)0 - (uint64_t)units : (uint64_t)units;
	uint64_t scale = 1;

	for (int i = 0; i < digits; i++)
		scale *= 10;
	if (snprintf(buf, len, "%s%" PRIu64 ".%0*" PRIu64, units < 0 ? "-" : "",
		     mag / scale, digits, mag % scale) >= (int)len)
		snprintf(buf, len, "0.0");  /* cannot happen with 40 bytes; never cut a number */
	trim_decimal(buf);
}

/* Wall seconds to the microsecond; a value no run can have (NaN, or beyond
 * a hundred thousand years) prints as 0.0 rather than as garbage. */
static void format_wall(char *buf, size_t len, double wall)
{
	double us = wall * 1e6;

	if (!isfinite(us) || us > 9e18 || us < -9e18)
		us = 0.0;
	format_fixed(buf, len, (int64_t)(us < 0 ? us - 0.5 : us + 0.5), 6);
}

static const char *role_word(enum role role)
{
	return role == ROLE_CONSUMER ? "consumer" : "producer";
}

static const char *op_word(enum event_op op)
{
	switch (op) {
	case OP_PUT: return "put";
	case OP_GET: return "get";
	case OP_LOCK: return "lock";
	case OP_CLOSE: return "close";
	case OP_UNLOCK: return "unlock";
	default: return NULL;
	}
}

/* The header's name of actor index a, "ipcviz" for the parent, NULL if out of
 * range (then the field is left out rather than invented). */
static const char *header_actor_name(const struct trace_header *h, int a)
{
	if (a == EVENT_ACTOR_IPCVIZ)
		return TRACE_IPCVIZ_ACTOR;
	if (a == EVENT_ACTOR_OUTSIDE)
		return TRACE_OUTSIDE_ACTOR;
	if (a < 0 || a >= h->nactors || !h->actors)
		return NULL;
	return h->actors[a].name;
}

/* What a kernel event's kfill counts, in the channel's own unit (its
 * descriptor's kfill_unit: a byte stream's FIONREAD is bytes, a queue's
 * mq_curmsgs is messages); NULL where the kernel keeps no count. */
static const char *kernel_unit(const char *channel)
{
	const struct channel_desc *d = channel_desc_by_word(channel);

	return d ? d->kfill_unit : NULL;
}

/* Prints obj as one line. 0, or -1 with errno. Takes ownership of obj. */
static int write_json_line(FILE *f, cJSON *obj)
{
	char *text;
	int rc = 0;

	if (!obj) {
		errno = ENOMEM;
		return -1;
	}
	text = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	if (fputs(text, f) == EOF || putc('\n', f) == EOF)
		rc = -1;
	cJSON_free(text);
	return rc;
}

/* The header's "channels" and "processes" of a run of several channels
 * (DESIGN 14): each channel's name, type and capacity, each [process.NAME]
 * with its count, start, holds and program as do lines, so that a replay
 * shows the run as it was (docs/trace.md). False when out of memory. */
static bool trace_put_multi(cJSON *obj, const struct scenario_multi *m)
{
	cJSON *chans = cJSON_AddArrayToObject(obj, "channels");
	cJSON *procs = chans ? cJSON_AddArrayToObject(obj, "processes") : NULL;
	bool ok = procs != NULL;
	char line[1024];

	for (int c = 0; ok && c < m->nchannels; c++) {
		const struct scenario_channel *ch = &m->channels[c];
		const struct channel_desc *d = ch->lock ? NULL : channel_desc_of(ch->kind);
		cJSON *o = cJSON_CreateObject();

		ok = o && cJSON_AddItemToArray(chans, o) &&
		     cJSON_AddStringToObject(o, "name", ch->name) &&
		     cJSON_AddStringToObject(o, "type", d ? d->word : "lock") &&
		     /* a capacity the file may not give (a FIFO's) is not written */
		     (!d || channel_capacity_max(d) == 0 ||
		      cJSON_AddNumberToObject(o, "capacity", ch->capacity));
	}
	for (int p = 0; ok && p < m->nprocs; p++) {
		const struct scenario_process *pr = &m->procs[p];
		cJSON *o = cJSON_CreateObject(), *list;

		ok = o && cJSON_AddItemToArray(procs, o) &&
		     cJSON_AddStringToObject(o, "name", pr->name) &&
		     cJSON_AddNumberToObject(o, "count", pr->count);
		if (ok && pr->start_ms > 0)
			ok = cJSON_AddNumberToObject(o, "start", (double)pr->start_ms / 1000.0) != NULL;
		if (ok && pr->holds) {
			ok = (list = cJSON_AddArrayToObject(o, "holds")) != NULL;
			for (int c = 0; ok && c < m->nchannels; c++)
				if (pr->holds & (1u << c))
					ok = cJSON_AddItemToArray(list, cJSON_CreateString(
								      m->channels[c].name));
		}
		ok = ok && (list = cJSON_AddArrayToObject(o, "do")) != NULL;
		for (size_t i = 0; ok && i < pr->nops; i++)
			ok = cJSON_AddItemToArray(list, cJSON_CreateString(scenario_multi_op_text(
							      m, &pr->ops[i], line, sizeof line)));
	}
	return ok;
}

/* The header's "script" of a run of several channels: its [script]'s do
 * lines as the file writes them ("1500ms stop filter-1", "2000ms note …"),
 * so that a replay's code pane shows what main does and when. Absent when
 * there is none. False when out of memory. */
static bool trace_put_script(cJSON *obj, const struct trace_header *h)
{
	cJSON *list;
	char line[EVENT_TEXT_MAX + 64];

	if (!h->nscript)
		return true;
	if (!(list = cJSON_AddArrayToObject(obj, "script")))
		return false;
	for (size_t i = 0; i < h->nscript; i++) {
		const struct scenario_action *a = &h->script[i];
		const char *what = a->kind == ACTION_NOTE ? a->text : header_actor_name(h, a->target);

		snprintf(line, sizeof line, "%lldms %s %s", (long long)a->at_ms,
			 scenario_action_word(a->kind), what ? what : "");
		if (!cJSON_AddItemToArray(list, cJSON_CreateString(line)))
			return false;
	}
	return true;
}

/* The [process.NAME] actor a of a run of several channels was made from
 * (NAME-1 … NAME-N in order), or NULL. */
static const char *trace_actor_process(const struct scenario_multi *m, int a)
{
	for (int p = 0; m && p < m->nprocs; p++) {
		if (a < m->procs[p].count)
			return m->procs[p].name;
		a -= m->procs[p].count;
	}
	return NULL;
}

/* Writes the header line: fixed key order, optional keys only when set.
 * 0, or -1 with errno. */
int trace_write_header(FILE *f, const struct trace_header *h)
{
	cJSON *obj = cJSON_CreateObject();
	cJSON *actors;
	bool ok;

	if (!obj)
		return write_json_line(f, NULL);
	ok = cJSON_AddNumberToObject(obj, "ipcviz", TRACE_VERSION) &&
	     cJSON_AddStringToObject(obj, "scenario", h->scenario) &&
	     cJSON_AddStringToObject(obj, "channel", h->channel) &&
	     cJSON_AddNumberToObject(obj, "capacity", h->capacity);
	if (ok && h->kernel_name[0])
		ok = cJSON_AddStringToObject(obj, "kernel", h->kernel_name) != NULL;
	if (ok && h->path[0])
		ok = cJSON_AddStringToObject(obj, "path", h->path) != NULL;
	if (ok && h->item_bytes > 0)
		ok = cJSON_AddNumberToObject(obj, "size", h->item_bytes) != NULL;
	if (ok && h->title[0])
		ok = cJSON_AddStringToObject(obj, "title", h->title) != NULL;
	if (ok && h->multi)
		ok = trace_put_multi(obj, h->multi) && trace_put_script(obj, h);
	actors = ok ? cJSON_AddArrayToObject(obj, "actors") : NULL;
	ok = actors != NULL;
	for (int i = 0; ok && i < h->nactors; i++) {
		cJSON *a = cJSON_CreateObject();
		const char *process = trace_actor_process(h->multi, i);
		ok = a && cJSON_AddItemToArray(actors, a) &&
		     cJSON_AddStringToObject(a, "name", h->actors[i].name) &&
		     cJSON_AddStringToObject(a, "role", role_word(h->actors[i].role)) &&
		     cJSON_AddNumberToObject(a, "pid", h->actors[i].pid) &&
		     (!process || cJSON_AddStringToObject(a, "process", process));
	}
	if (!ok) {
		cJSON_Delete(obj);
		obj = NULL;
	}
	return write_json_line(f, obj);
}

/* The writers of the codecs (event_fields.h): each adds `key` for the value
 * at p, or nothing where the value has no word. False when out of memory. */
static bool trace_put_number(cJSON *o, const char *key, double v)
{
	return cJSON_AddNumberToObject(o, key, v) != NULL;
}

#define trace_put_I32(o, h, key, p) trace_put_number(o, key, *(p))
#define trace_put_INT(o, h, key, p) trace_put_number(o, key, *(p))
#define trace_put_COUNT(o, h, key, p) trace_put_number(o, key, *(p))
#define trace_put_OPT(o, h, key, p) trace_put_number(o, key, *(p))
#define trace_put_SIGNAL(o, h, key, p) trace_put_number(o, key, *(p))
#define trace_put_STR(o, h, key, p) (cJSON_AddStringToObject(o, key, *(p)) != NULL)
#define trace_put_BOOL(o, h, key, p) (cJSON_AddBoolToObject(o, key, *(p)) != NULL)

/* Raw, so a 64-bit count is printed exactly and never as 1e+19. */
static bool trace_put_I64(cJSON *o, const struct trace_header *h, const char *key,
			  const int64_t *p)
{
	char num[32];

	snprintf(num, sizeof num, "%" PRId64, *p);
	return cJSON_AddRawToObject(o, key, num) != NULL;
}

static bool trace_put_CHAR(cJSON *o, const struct trace_header *h, const char *key,
			   const char *p)
{
	char letter[2] = { *p, '\0' };

	return cJSON_AddStringToObject(o, key, letter) != NULL;
}

static bool trace_put_OP(cJSON *o, const struct trace_header *h, const char *key,
			 const enum event_op *p)
{
	const char *s = op_word(*p);

	return !s || cJSON_AddStringToObject(o, key, s);
}

/* A name is the contract; a number only for an errno glibc cannot name. */
static bool trace_put_ERRNO(cJSON *o, const struct trace_header *h, const char *key,
			    const int *p)
{
	const char *s = strerrorname_np(*p);

	if (s)
		return cJSON_AddStringToObject(o, key, s) != NULL;
	return trace_put_number(o, key, *p);
}

static bool trace_put_ACTOR(cJSON *o, const struct trace_header *h, const char *key,
			    const int *p)
{
	const char *s = header_actor_name(h, *p);

	return !s || cJSON_AddStringToObject(o, key, s);
}

/* A list of names; an index the header does not have is left out. */
static bool trace_put_ACTORS(cJSON *o, const struct trace_header *h, const char *key,
			     const struct event_actors *p)
{
	cJSON *list = cJSON_AddArrayToObject(o, key);
	int n = p->n < EVENT_ACTORS_MAX ? p->n : EVENT_ACTORS_MAX;

	for (int i = 0; list && i < n; i++) {
		const char *s = header_actor_name(h, p->actor[i]);
		cJSON *name = s ? cJSON_CreateString(s) : NULL;

		if (s && !(name && cJSON_AddItemToArray(list, name))) {
			cJSON_Delete(name);
			return false;
		}
	}
	return list != NULL;
}

static bool trace_put_KUNIT(cJSON *o, const struct trace_header *h, const char *key,
			    const int *p)
{
	const char *s = kernel_unit(h->channel);

	return !s || cJSON_AddStringToObject(o, key, s);
}

/* Adds the fields of one event type, in the contract's order: the keys of
 * EVENT_FIELDS whose types include ev's and whose condition holds. False when
 * out of memory. */
static bool add_event_fields(cJSON *o, const struct trace_header *h, const struct event *ev)
{
	const unsigned bit = 1u << ev->type;
	bool ok = true;

#define EVENT_PUT(key, member, codec, types, when) \
	if (ok && ((types) & bit) && (when)) \
		ok = trace_put_##codec(o, h, key, &ev->member);
#define EVENT_PUT_FIELD(member, ctype, dims, codec, key, types, when, ...) \
	EVENT_PUT(key, member, codec, types, when)
#define EVENT_PUT_ALSO(key, member, codec, types, when, ...) \
	EVENT_PUT(key, member, codec, types, when)
	EVENT_FIELDS(EVENT_PUT_FIELD, EVENT_PUT_ALSO, EVENT_FIELDS_SKIP)
#undef EVENT_PUT_ALSO
#undef EVENT_PUT_FIELD
#undef EVENT_PUT
	return ok;
}

/* Writes one event line: t, wall, actor, ev, then the type's fields.
 * 0, or -1 with errno (EINVAL for an actor the header does not have). */
int trace_write_event(FILE *f, const struct trace_header *h, const struct event *ev)
{
	char t[40], wall[40];
	const char *actor = header_actor_name(h, ev->actor);
	cJSON *obj;

	if (!actor || (int)ev->type < 0 || ev->type >= EV_TYPE_COUNT) {
		errno = EINVAL;
		return -1;
	}
	format_fixed(t, sizeof t, ev->t_ms, 3);
	format_wall(wall, sizeof wall, ev->wall);
	obj = cJSON_CreateObject();
	if (obj && !(cJSON_AddRawToObject(obj, "t", t) &&
		     cJSON_AddRawToObject(obj, "wall", wall) &&
		     cJSON_AddStringToObject(obj, "actor", actor) &&
		     cJSON_AddStringToObject(obj, "ev", event_names[ev->type]) &&
		     add_event_fields(obj, h, ev))) {
		cJSON_Delete(obj);
		obj = NULL;
	}
	return write_json_line(f, obj);
}

/* ---- reading ---------------------------------------------------------- */

struct trace_reader {
	FILE *f;
	const char *file;
	char *line;            /* TRACE_LINE_MAX + 1 bytes */
	size_t len;
	bool newline;          /* the line ended with '\n' (else: the file's end) */
	long lineno;
	char *err;
	size_t errlen;
};

/* Sets the message "FILE:LINE: what". The place is not part of the translated
 * text: only the words are. */
static void reader_fail(struct trace_reader *r, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void reader_fail(struct trace_reader *r, long line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (r->errlen == 0)
		return;
	n = snprintf(r->err, r->errlen, "%s:%ld: ", r->file, line);
	if (n < 0 || (size_t)n >= r->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Reads one line into r->line without its '\n'. 1 a line, 0 end of file, -1 an
 * error (message set). Not getline: getline would first allocate the whole of
 * an enormous line, and only then could the limit reject it. */
static int reader_next_line(struct trace_reader *r)
{
	int c;

	r->len = 0;
	r->newline = false;
	r->lineno++;
	while ((c = getc_unlocked(r->f)) != EOF) {
		if (c == '\n') {
			r->newline = true;
			break;
		}
		if (r->len == TRACE_LINE_MAX) {
			reader_fail(r, r->lineno, _("line longer than %d bytes"), TRACE_LINE_MAX);
			return -1;
		}
		r->line[r->len++] = (char)c;
	}
	r->line[r->len] = '\0';
	if (ferror(r->f)) {
		reader_fail(r, r->lineno, _("cannot read: %s"), strerror(errno));
		return -1;
	}
	return r->newline || r->len > 0;
}

/* Parses the current line as one JSON object, NULL if it is anything else.
 * A NUL byte inside a line would hide what follows it from cJSON, so such a
 * line is not JSON either. */
static cJSON *reader_parse(const struct trace_reader *r)
{
	const char *end = NULL;
	cJSON *obj;

	if (memchr(r->line, '\0', r->len))
		return NULL;
	obj = cJSON_ParseWithLengthOpts(r->line, r->len, &end, false);
	if (!obj)
		return NULL;
	while (end && end < r->line + r->len && strchr(" \t\r", *end))
		end++;
	if (!cJSON_IsObject(obj) || end != r->line + r->len) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

static bool reader_line_is_blank(const struct trace_reader *r)
{
	for (size_t i = 0; i < r->len; i++)
		if (!strchr(" \t\r", r->line[i]))
			return false;
	return true;
}

/* Copies untrusted text into dst (size n), cutting at a character boundary and
 * replacing control characters and broken UTF-8 with '?': a trace's words end up
 * on a terminal, where an escape sequence would be obeyed, not shown. */
static void copy_clean(char *dst, size_t n, const char *src)
{
	size_t o = 0;
	const unsigned char *s = (const unsigned char *)src;

	while (*s && o + 1 < n) {
		unsigned c = *s;
		size_t k = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
			 : (c & 0xf8) == 0xf0 ? 4 : 0;
		uint32_t cp = k == 2 ? c & 0x1f : k == 3 ? c & 0x0f : c & 0x07;
		bool good = k > 0;

		for (size_t i = 1; good && i < k; i++) {
			if ((s[i] & 0xc0) != 0x80)
				good = false;
			else
				cp = cp << 6 | (s[i] & 0x3f);
		}
		if (!good) {            /* broken: one '?' a byte, then resynchronise */
			dst[o++] = '?';
			s++;
			continue;
		}
		if (k == 1)
			good = c >= 0x20 && c != 0x7f;
		else
			good = !(k == 2 && cp < 0x80) && !(k == 3 && cp < 0x800) &&
			       !(k == 4 && (cp < 0x10000 || cp > 0x10ffff)) &&
			       !(cp >= 0xd800 && cp <= 0xdfff) && !(cp >= 0x80 && cp <= 0x9f);
		if (!good) {            /* a whole character not to show: one '?' */
			dst[o++] = '?';
			s += k;
			continue;
		}
		if (o + k >= n)
			break;
		memcpy(dst + o, s, k);
		o += k;
		s += k;
	}
	dst[o] = '\0';
}

/* An integer field within [lo, hi]. 1 read, 0 absent, -1 present but wrong
 * (message set). */
static int reader_int(struct trace_reader *r, const cJSON *obj, const char *key, double lo,
		      double hi, int64_t *out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	double d;

	if (!it)
		return 0;
	d = it->valuedouble;
	/* Range first: converting an out-of-range double to an integer is undefined. */
	if (!cJSON_IsNumber(it) || !isfinite(d) || d < lo || d > hi ||
	    d != (double)(int64_t)d) {
		reader_fail(r, r->lineno, _("\"%s\" must be a whole number in range"), key);
		return -1;
	}
	*out = (int64_t)d;
	return 1;
}

/* A string field; NULL if absent. Present but not a string: NULL, *bad set
 * and the message too. */
static const char *reader_string(struct trace_reader *r, const cJSON *obj, const char *key,
				 bool *bad)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!it || *bad)
		return NULL;
	if (!cJSON_IsString(it) || !it->valuestring) {
		reader_fail(r, r->lineno, _("\"%s\" must be a string"), key);
		*bad = true;
		return NULL;
	}
	return it->valuestring;
}

/* The actor index of a name in an event: a header name, or the parent. -1 with
 * a message when the header has no such actor. */
static int reader_actor(struct trace_reader *r, const struct trace_header *h,
			const char *name, int *out)
{
	char clean[sizeof h->actors[0].name];
	char shown[48];

	copy_clean(clean, sizeof clean, name);
	if (strlen(name) < sizeof clean) {
		for (int i = 0; i < h->nactors; i++) {
			if (strcmp(h->actors[i].name, clean) == 0) {
				*out = i;
				return 0;
			}
		}
		if (strcmp(name, TRACE_IPCVIZ_ACTOR) == 0) {
			*out = EVENT_ACTOR_IPCVIZ;
			return 0;
		}
		if (strcmp(name, TRACE_OUTSIDE_ACTOR) == 0) {
			*out = EVENT_ACTOR_OUTSIDE;
			return 0;
		}
	}
	copy_clean(shown, sizeof shown, name);
	reader_fail(r, r->lineno, _("unknown actor \"%s\" (not in the header)"), shown);
	return -1;
}

/* errno names back to numbers: every name glibc knows, so any errno written by
 * trace_write_event comes back as itself; 0 for a name it does not know. */
static int errno_from_name(const char *name)
{
	for (int e = 1; e < 256; e++) {  /* Linux errnos end near 135 */
		const char *s = strerrorname_np(e);
		if (s && strcmp(s, name) == 0)
			return e;
	}
	return 0;
}

static enum event_op op_from_word(const char *s)
{
	if (strcmp(s, "put") == 0)
		return OP_PUT;
	if (strcmp(s, "get") == 0)
		return OP_GET;
	if (strcmp(s, "lock") == 0)
		return OP_LOCK;
	if (strcmp(s, "close") == 0)
		return OP_CLOSE;
	if (strcmp(s, "unlock") == 0)
		return OP_UNLOCK;
	return OP_NONE;
}

/* The readers of the codecs (event_fields.h): each reads `key` of obj into
 * *p. 1 read, 0 absent, -1 present but wrong (message set). */
/* The integer codecs: a whole number within [lo, hi], stored as `set`. */
#define TRACE_GET_INT(codec, type, lo, hi, set) \
	static int trace_get_##codec(struct trace_reader *r, const struct trace_header *h, \
				     const cJSON *obj, const char *key, type *p) \
	{ \
		int64_t n; \
		int rc = reader_int(r, obj, key, lo, hi, &n); \
		if (rc > 0) \
			*p = (type)(set); \
		return rc; \
	}
TRACE_GET_INT(I32, int32_t, INT32_MIN, INT32_MAX, n)
TRACE_GET_INT(INT, int, INT32_MIN, INT32_MAX, n)
TRACE_GET_INT(COUNT, int, 0, INT32_MAX, n)
/* Any negative count means "not known", and the one marker of that is -1. */
TRACE_GET_INT(OPT, int, INT32_MIN, INT32_MAX, n < 0 ? -1 : n)
TRACE_GET_INT(SIGNAL, int, 0, 1024, n)
TRACE_GET_INT(I64, int64_t, -9.2e18, 9.2e18, n)
#undef TRACE_GET_INT

static int trace_get_BOOL(struct trace_reader *r, const struct trace_header *h,
			  const cJSON *obj, const char *key, bool *p)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!it)
		return 0;
	if (!cJSON_IsBool(it)) {
		reader_fail(r, r->lineno, _("\"%s\" must be true or false"), key);
		return -1;
	}
	*p = cJSON_IsTrue(it);
	return 1;
}

/* A string field into *s: 1, 0 absent, -1 not a string (message set). */
static int trace_get_text(struct trace_reader *r, const cJSON *obj, const char *key,
			  const char **s)
{
	bool bad = false;

	*s = reader_string(r, obj, key, &bad);
	return bad ? -1 : *s != NULL;
}

/* The caller's array, whole: p points to char[n]. */
#define trace_get_STR(r, h, obj, key, p) trace_get_string(r, obj, key, *(p), sizeof *(p))

static int trace_get_string(struct trace_reader *r, const cJSON *obj, const char *key,
			    char *dst, size_t size)
{
	const char *s;
	int rc = trace_get_text(r, obj, key, &s);

	if (rc > 0)
		copy_clean(dst, size, s);
	return rc;
}

static int trace_get_CHAR(struct trace_reader *r, const struct trace_header *h,
			  const cJSON *obj, const char *key, char *p)
{
	const char *s;
	int rc = trace_get_text(r, obj, key, &s);

	if (rc > 0)
		*p = s[0] == '\0' ? '\0' :
		     (unsigned char)s[0] >= 0x20 && (unsigned char)s[0] < 0x7f ? s[0] : '?';
	return rc;
}

static int trace_get_OP(struct trace_reader *r, const struct trace_header *h,
			const cJSON *obj, const char *key, enum event_op *p)
{
	const char *s;
	int rc = trace_get_text(r, obj, key, &s);

	if (rc > 0)
		*p = op_from_word(s);
	return rc;
}

/* A name (any glibc knows; 0 for one it does not), or a number. */
static int trace_get_ERRNO(struct trace_reader *r, const struct trace_header *h,
			   const cJSON *obj, const char *key, int *p)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	int64_t n;
	int rc;

	if (cJSON_IsString(it) && it->valuestring) {
		*p = errno_from_name(it->valuestring);
		return 1;
	}
	if ((rc = reader_int(r, obj, key, 0, 4095, &n)) > 0)
		*p = (int)n;
	return rc;
}

static int trace_get_ACTOR(struct trace_reader *r, const struct trace_header *h,
			   const cJSON *obj, const char *key, int *p)
{
	const char *s;
	int rc = trace_get_text(r, obj, key, &s);

	if (rc > 0 && reader_actor(r, h, s, p) < 0)
		return -1;
	return rc;
}

static int trace_get_ACTORS(struct trace_reader *r, const struct trace_header *h,
			    const cJSON *obj, const char *key, struct event_actors *p)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, key), *it;
	struct event_actors got = { 0 };

	if (!list)
		return 0;
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > EVENT_ACTORS_MAX) {
		reader_fail(r, r->lineno, _("\"%s\" must be a list of at most %d actor names"),
			    key, EVENT_ACTORS_MAX);
		return -1;
	}
	cJSON_ArrayForEach(it, list) {
		int a;

		if (!cJSON_IsString(it) || !it->valuestring) {
			reader_fail(r, r->lineno,
				    _("\"%s\" must be a list of at most %d actor names"), key,
				    EVENT_ACTORS_MAX);
			return -1;
		}
		if (reader_actor(r, h, it->valuestring, &a) < 0)
			return -1;
		got.actor[got.n++] = (signed char)a;
	}
	*p = got;
	return 1;
}

/* The writer derives it from the header; there is nothing to read back. */
static int trace_get_KUNIT(struct trace_reader *r, const struct trace_header *h,
			   const cJSON *obj, const char *key, int *p)
{
	return 0;
}

/* Every key of EVENT_FIELDS, whatever the event's type (writers put each only
 * where it belongs). 0, or -1 with a message. */
static int reader_event_fields(struct trace_reader *r, const struct trace_header *h,
			       const cJSON *obj, struct event *ev)
{
	int rc;

#define EVENT_GET(key, member, codec, then) \
	if ((rc = trace_get_##codec(r, h, obj, key, &ev->member)) < 0) \
		return -1; \
	if (rc > 0) { \
		then; \
	}
#define EVENT_GET_FIELD(member, ctype, dims, codec, key, types, when, then) \
	EVENT_GET(key, member, codec, then)
#define EVENT_GET_ALSO(key, member, codec, types, when, then) \
	EVENT_GET(key, member, codec, then)
	EVENT_FIELDS(EVENT_GET_FIELD, EVENT_GET_ALSO, EVENT_FIELDS_SKIP)
#undef EVENT_GET_ALSO
#undef EVENT_GET_FIELD
#undef EVENT_GET
	return 0;
}

/* An event's "ch" is one of the header's "channels", where it has them.
 * 0, or -1 with a message. */
static int reader_event_channel(struct trace_reader *r, const struct trace_header *h,
				const struct event *ev)
{
	char shown[48];

	if (h->nchannels == 0 || !ev->ch[0])
		return 0;
	for (int c = 0; c < h->nchannels; c++)
		if (strcmp(h->channel_names[c], ev->ch) == 0)
			return 0;
	copy_clean(shown, sizeof shown, ev->ch);
	reader_fail(r, r->lineno, _("unknown channel \"%s\" (not in the header's \"channels\")"), shown);
	return -1;
}

/* One event line. 1 an event in *ev, 0 a line to skip (an unknown event), -1
 * an error (message set). */
static int reader_event(struct trace_reader *r, const struct trace_header *h,
			struct event *ev)
{
	cJSON *obj = reader_parse(r);
	const cJSON *t, *wall, *actor, *type;
	int kind, rc = -1;
	double ms;

	if (!obj) {
		if (!r->newline)
			reader_fail(r, r->lineno,
				    _("the trace ends in the middle of this line (truncated?)"));
		else
			reader_fail(r, r->lineno, _("not a JSON object"));
		return -1;
	}
	t = cJSON_GetObjectItemCaseSensitive(obj, "t");
	actor = cJSON_GetObjectItemCaseSensitive(obj, "actor");
	type = cJSON_GetObjectItemCaseSensitive(obj, "ev");
	if (!cJSON_IsNumber(t)) {
		reader_fail(r, r->lineno, _("the event has no \"%s\" number"), "t");
		goto out;
	}
	if (!cJSON_IsString(actor) || !actor->valuestring) {
		reader_fail(r, r->lineno, _("the event has no \"%s\" string"), "actor");
		goto out;
	}
	if (!cJSON_IsString(type) || !type->valuestring) {
		reader_fail(r, r->lineno, _("the event has no \"%s\" string"), "ev");
		goto out;
	}
	kind = event_type_from_name(type->valuestring);
	if (kind < 0) {
		rc = 0;  /* DESIGN 5: readers ignore events they do not know */
		goto out;
	}
	ms = t->valuedouble * 1000.0;
	if (!isfinite(ms) || ms < 0 || ms > 9e15) {
		reader_fail(r, r->lineno, _("\"%s\" must be a number of seconds in range"), "t");
		goto out;
	}
	/* t >= 0 here, so adding a half rounds to the nearest millisecond. */
	*ev = event_make((enum event_type)kind, 0, (int64_t)(ms + 0.5));
	if (reader_actor(r, h, actor->valuestring, &ev->actor) < 0)
		goto out;
	wall = cJSON_GetObjectItemCaseSensitive(obj, "wall");
	if (cJSON_IsNumber(wall) && isfinite(wall->valuedouble))
		ev->wall = wall->valuedouble;
	if (reader_event_fields(r, h, obj, ev) < 0 || reader_event_channel(r, h, ev) < 0)
		goto out;
	rc = 1;
out:
	cJSON_Delete(obj);
	return rc;
}

/* Actor `index` of the header's list into h->actors[index]. 0, or -1. */
static int reader_header_actor(struct trace_reader *r, const cJSON *item,
			       struct trace_header *h, int index)
{
	struct trace_actor *a = &h->actors[index];
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
	const cJSON *role = cJSON_GetObjectItemCaseSensitive(item, "role");
	int64_t pid = 0;

	if (!cJSON_IsObject(item) || !cJSON_IsString(name) || !name->valuestring ||
	    !name->valuestring[0] || strlen(name->valuestring) >= sizeof a->name) {
		reader_fail(r, 1, _("actor %d of the header needs a \"name\" of 1 to %zu bytes"),
			    index + 1, sizeof a->name - 1);
		return -1;
	}
	copy_clean(a->name, sizeof a->name, name->valuestring);
	for (int i = 0; i < index; i++) {
		if (strcmp(h->actors[i].name, a->name) == 0) {
			reader_fail(r, 1, _("actor \"%s\" is named twice"), a->name);
			return -1;
		}
	}
	if (!cJSON_IsString(role) || !role->valuestring ||
	    (strcmp(role->valuestring, "producer") && strcmp(role->valuestring, "consumer"))) {
		reader_fail(r, 1, _("actor \"%s\" needs a \"role\": producer or consumer"),
			    a->name);
		return -1;
	}
	a->role = strcmp(role->valuestring, "consumer") == 0 ? ROLE_CONSUMER : ROLE_PRODUCER;
	if (reader_int(r, item, "pid", 0, INT32_MAX, &pid) < 0)
		return -1;
	a->pid = (int)pid;
	return 0;
}

/* Is s a name of DESIGN 14 (1..20 of a-z, 0-9 and _)? */
static bool reader_multi_name_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n < SCENARIO_MULTI_NAME_MAX && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* One of the header's "channels" into the text (a [channel.NAME] section)
 * and h->channel_names. 0, or -1 with a message. */
static int reader_multi_channel(struct trace_reader *r, const cJSON *item, struct trace_header *h,
				FILE *text)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(item, "type");
	int64_t cap = 0;
	int c = h->nchannels, rc;

	if (c == SCENARIO_MULTI_MAX_CHANNELS) {
		reader_fail(r, 1, _("more than %d channels"), SCENARIO_MULTI_MAX_CHANNELS);
		return -1;
	}
	if (!cJSON_IsObject(item) || !cJSON_IsString(name) || !name->valuestring ||
	    !reader_multi_name_ok(name->valuestring)) {
		reader_fail(r, 1, _("channel %d of the header needs a \"name\" of 1 to 20 of a-z, 0-9 and _"),
			    c + 1);
		return -1;
	}
	for (int i = 0; i < c; i++)
		if (strcmp(h->channel_names[i], name->valuestring) == 0) {
			reader_fail(r, 1, _("channel \"%s\" is named twice"), name->valuestring);
			return -1;
		}
	snprintf(h->channel_names[c], sizeof h->channel_names[c], "%s", name->valuestring);
	if (!cJSON_IsString(type) || !type->valuestring ||
	    (strcmp(type->valuestring, "lock") != 0 && !channel_desc_by_word(type->valuestring))) {
		reader_fail(r, 1, _("channel \"%s\" of the header needs a \"type\": a channel's word or lock"),
			    name->valuestring);
		return -1;
	}
	rc = reader_int(r, item, "capacity", 1, INT32_MAX, &cap);
	if (rc < 0)
		return -1;
	fprintf(text, "[channel.%s]\ntype = %s\n", name->valuestring, type->valuestring);
	if (rc > 0)
		fprintf(text, "capacity = %lld\n", (long long)cap);
	h->nchannels++;
	return 0;
}

/* A list of words of a process in the header ("holds", "do"): each one only
 * of the grammar's characters, so that it cannot say more than one do line
 * or holds name does. 0 (absent too), or -1 with a message. */
static int reader_multi_words(struct trace_reader *r, const cJSON *item, const char *pname,
			      const char *key, const char *prefix, const char *sep, FILE *text)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(item, key), *w;
	static const char allowed[] = "abcdefghijklmnopqrstuvwxyz0123456789_ .,-";
	int n = 0;

	if (!list)
		return 0;
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > SCENARIO_MULTI_MAX_OPS) {
		reader_fail(r, 1, _("process \"%s\": \"%s\" must be a list of at most %d strings"),
			    pname, key, SCENARIO_MULTI_MAX_OPS);
		return -1;
	}
	cJSON_ArrayForEach(w, list) {
		if (!cJSON_IsString(w) || !w->valuestring || !w->valuestring[0] ||
		    strlen(w->valuestring) > 255 ||
		    strspn(w->valuestring, allowed) != strlen(w->valuestring)) {
			reader_fail(r, 1, _("process \"%s\": each of \"%s\" must be words of a-z, 0-9, _, . , and -"),
				    pname, key);
			return -1;
		}
		fprintf(text, "%s%s", n++ == 0 || !sep ? prefix : sep, w->valuestring);
		if (!sep)
			fputc('\n', text);
	}
	if (sep && n > 0)
		fputc('\n', text);
	return 0;
}

/* One of the header's "processes" into the text (a [process.NAME] section).
 * 0, or -1 with a message. */
static int reader_multi_process(struct trace_reader *r, const cJSON *item, int index,
				FILE *text)
{
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
	const cJSON *start = cJSON_GetObjectItemCaseSensitive(item, "start");
	int64_t count = 1;

	if (!cJSON_IsObject(item) || !cJSON_IsString(name) || !name->valuestring ||
	    !reader_multi_name_ok(name->valuestring)) {
		reader_fail(r, 1, _("process %d of the header needs a \"name\" of 1 to 20 of a-z, 0-9 and _"),
			    index + 1);
		return -1;
	}
	if (reader_int(r, item, "count", 1, TRACE_ACTORS_MAX, &count) < 0)
		return -1;
	fprintf(text, "[process.%s]\ncount = %lld\n", name->valuestring, (long long)count);
	if (start) {
		double ms = cJSON_IsNumber(start) ? start->valuedouble * 1000.0 : -1;
		if (!isfinite(ms) || ms < 0 || ms > 86400e3) {
			reader_fail(r, 1, _("\"%s\" must be a number of seconds in range"), "start");
			return -1;
		}
		fprintf(text, "start = %lldms\n", (long long)(ms + 0.5));
	}
	if (reader_multi_words(r, item, name->valuestring, "holds", "holds = ", " ", text) < 0 ||
	    reader_multi_words(r, item, name->valuestring, "do", "do = ", NULL, text) < 0)
		return -1;
	return 0;
}

/* The header's "script" into the text, as a [script] section: each a do line
 * of one line, no control character in it (the scenario's grammar checks the
 * rest, a note's text included). Absent: nothing. 0, or -1 with a message. */
static int reader_multi_script(struct trace_reader *r, const cJSON *obj, FILE *text)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, "script"), *w;

	if (!list)
		return 0;
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > TRACE_SCRIPT_MAX) {
		reader_fail(r, 1, _("\"%s\" must be a list of at most %d strings"), "script",
			    TRACE_SCRIPT_MAX);
		return -1;
	}
	fputs("[script]\n", text);
	cJSON_ArrayForEach(w, list) {
		const unsigned char *c = cJSON_IsString(w) && w->valuestring
						 ? (const unsigned char *)w->valuestring
						 : NULL;

		for (; c && *c && *c >= 0x20 && *c != 0x7f; c++)
			;
		if (!c || *c || strlen(w->valuestring) > EVENT_TEXT_MAX + 64) {
			reader_fail(r, 1, _("each of \"script\" must be one do line of the scenario's [script]"));
			return -1;
		}
		fprintf(text, "do = %s\n", w->valuestring);
	}
	return 0;
}

/* The header's "channels" and "processes" (a run of several channels) into
 * h->multi_text and h->channel_names. Absent: nothing. 0, or -1. */
static int reader_header_multi(struct trace_reader *r, const cJSON *obj, struct trace_header *h)
{
	const cJSON *chans = cJSON_GetObjectItemCaseSensitive(obj, "channels");
	const cJSON *procs = cJSON_GetObjectItemCaseSensitive(obj, "processes"), *item;
	char *buf = NULL;
	size_t len = 0;
	FILE *text;
	int rc = -1, i = 0;

	if (!chans && !procs)
		return 0;
	if (!cJSON_IsArray(chans) || !cJSON_IsArray(procs)) {
		reader_fail(r, 1, _("the header needs both a \"channels\" and a \"processes\" list, or neither"));
		return -1;
	}
	if (cJSON_GetArraySize(procs) > SCENARIO_MULTI_MAX_PROCS) {
		reader_fail(r, 1, _("more than %d processes"), SCENARIO_MULTI_MAX_PROCS);
		return -1;
	}
	text = open_memstream(&buf, &len);
	if (!text) {
		reader_fail(r, 1, _("out of memory"));
		return -1;
	}
	cJSON_ArrayForEach(item, chans)
		if (reader_multi_channel(r, item, h, text) < 0)
			goto out;
	cJSON_ArrayForEach(item, procs)
		if (reader_multi_process(r, item, i++, text) < 0)
			goto out;
	if (reader_multi_script(r, obj, text) < 0)
		goto out;
	rc = 0;
out:
	if (fclose(text) != 0 && rc == 0) {
		reader_fail(r, 1, _("out of memory"));
		rc = -1;
	}
	if (rc == 0)
		h->multi_text = buf;
	else
		free(buf);
	return rc;
}

/* The header's version, checked: a trace from another version may mean other
 * things by the same words, so it is refused rather than half understood. */
static int reader_version(struct trace_reader *r, const cJSON *version)
{
	char shown[32];
	char *text;

	if (cJSON_IsNumber(version) && version->valuedouble == TRACE_VERSION)
		return 0;
	text = cJSON_PrintUnformatted(version);
	copy_clean(shown, sizeof shown, text ? text : "?");
	cJSON_free(text);
	reader_fail(r, 1, _("trace version %s is not supported (this ipcviz reads version %d)"),
		    shown, TRACE_VERSION);
	return -1;
}

/* The first line. 0, or -1 with a message. */
static int reader_header(struct trace_reader *r, struct trace_header *h)
{
	cJSON *obj;
	const cJSON *actors, *item;
	const char *s;
	bool bad = false;
	int64_t cap = 0;
	int rc = -1, n;

	if (reader_next_line(r) < 0)
		return -1;
	obj = reader_parse(r);
	if (!obj || !cJSON_GetObjectItemCaseSensitive(obj, "ipcviz")) {
		reader_fail(r, 1, _("not an ipcviz trace (the first line must be its header)"));
		goto out;
	}
	if (reader_version(r, cJSON_GetObjectItemCaseSensitive(obj, "ipcviz")) < 0)
		goto out;
	if ((s = reader_string(r, obj, "scenario", &bad)))
		copy_clean(h->scenario, sizeof h->scenario, s);
	s = reader_string(r, obj, "channel", &bad);
	if (!bad && (!s || !s[0]))
		reader_fail(r, 1, _("the header has no \"channel\""));
	if (bad || !s || !s[0])
		goto out;
	copy_clean(h->channel, sizeof h->channel, s);
	if ((s = reader_string(r, obj, "kernel", &bad)))
		copy_clean(h->kernel_name, sizeof h->kernel_name, s);
	if ((s = reader_string(r, obj, "path", &bad)))
		copy_clean(h->path, sizeof h->path, s);
	if ((s = reader_string(r, obj, "title", &bad)))
		copy_clean(h->title, sizeof h->title, s);
	if (bad || reader_int(r, obj, "capacity", 0, INT32_MAX, &cap) < 0)
		goto out;
	h->capacity = (int)cap;
	int64_t size = 0;
	if (reader_int(r, obj, "size", 0, INT32_MAX, &size) < 0)
		goto out;
	h->item_bytes = (int)size;
	actors = cJSON_GetObjectItemCaseSensitive(obj, "actors");
	if (!cJSON_IsArray(actors)) {
		reader_fail(r, 1, _("the header has no \"actors\" list"));
		goto out;
	}
	n = cJSON_GetArraySize(actors);
	if (n > TRACE_ACTORS_MAX) {
		reader_fail(r, 1, _("more than %d actors"), TRACE_ACTORS_MAX);
		goto out;
	}
	h->actors = calloc(n > 0 ? (size_t)n : 1, sizeof *h->actors);
	if (!h->actors) {
		reader_fail(r, 1, _("out of memory"));
		goto out;
	}
	cJSON_ArrayForEach(item, actors) {
		if (reader_header_actor(r, item, h, h->nactors) < 0)
			goto out;
		h->nactors++;
	}
	if (reader_header_multi(r, obj, h) < 0)
		goto out;
	rc = 0;
out:
	cJSON_Delete(obj);
	return rc;
}

/* Appends ev to the growing list. 0, or -1 with a message at the limits. */
static int reader_append(struct trace_reader *r, struct event **list, size_t *n,
			 size_t *cap, const struct event *ev)
{
	if (*n == TRACE_EVENTS_MAX) {
		reader_fail(r, r->lineno, _("more than %d events"), TRACE_EVENTS_MAX);
		return -1;
	}
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		struct event *grown;

		if (ncap > TRACE_EVENTS_MAX)
			ncap = TRACE_EVENTS_MAX;
		grown = realloc(*list, ncap * sizeof **list);
		if (!grown) {
			reader_fail(r, r->lineno, _("out of memory"));
			return -1;
		}
		*list = grown;
		*cap = ncap;
	}
	(*list)[(*n)++] = *ev;
	return 0;
}

/* Reads a whole trace: the header, then every event it knows. Blank lines are
 * skipped. On failure nothing is left allocated and err says "FILE:LINE: what". */
int trace_read(FILE *f, const char *filename, struct trace_header *h,
	       struct event **events, size_t *count, char *err, size_t errlen)
{
	struct trace_reader r = {
		.f = f, .file = filename ? filename : "trace", .err = err, .errlen = errlen,
	};
	struct event *list = NULL;
	size_t n = 0, cap = 0;
	int rc;

	memset(h, 0, sizeof *h);
	*events = NULL;
	*count = 0;
	if (errlen > 0)
		err[0] = '\0';
	r.line = malloc(TRACE_LINE_MAX + 1);
	if (!r.line) {
		reader_fail(&r, 0, _("out of memory"));
		return -1;
	}
	if (reader_header(&r, h) < 0)
		goto fail;
	while ((rc = reader_next_line(&r)) > 0) {
		struct event ev;

		if (reader_line_is_blank(&r))
			continue;
		rc = reader_event(&r, h, &ev);
		if (rc < 0 || (rc > 0 && reader_append(&r, &list, &n, &cap, &ev) < 0))
			goto fail;
	}
	if (rc < 0)
		goto fail;
	free(r.line);
	*events = list;
	*count = n;
	return 0;
fail:
	free(r.line);
	free(list);
	trace_header_free(h);
	return -1;
}

/* Frees the actor table a trace_read filled; the header can be reused. */
void trace_header_free(struct trace_header *h)
{
	if (!h)
		return;
	free(h->actors);
	h->actors = NULL;
	h->nactors = 0;
	free(h->multi_text);
	h->multi_text = NULL;
	h->nchannels = 0;
}
