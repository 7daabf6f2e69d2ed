/* scenario_parse.c - the pieces every section of a scenario file is read
 * with: the one-line error with its place, names, numbers, times, value lists,
 * text a person reads, a key given once, the words of a goal. scenario.c (the one-channel sections
 * and the file as a whole) and scenario_multi.c (the sections of several
 * channels) both read with these, so neither calls the other for them.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "scenario_int.h"

/* The words of a goal's reach, a kind each. */
static const char *const scenario_goal_words[] = {
	[GOAL_LOST_UPDATE] = "lost-update", [GOAL_OVERWRITTEN] = "overwritten",
	[GOAL_STALE] = "stale",             [GOAL_BLOCKED_PUT] = "blocked-put",
	[GOAL_BLOCKED_GET] = "blocked-get", [GOAL_EPIPE] = "epipe",
	[GOAL_EOF] = "eof",                 [GOAL_DEADLOCK] = "deadlock",
};
#define SCENARIO_NGOALS (sizeof scenario_goal_words / sizeof scenario_goal_words[0])

/* Contract in scenario.h. */
const char *scenario_goal_word(enum scenario_goal_kind k)
{
	return k > GOAL_NONE && (size_t)k < SCENARIO_NGOALS ? scenario_goal_words[k] : "";
}

/* Contract in scenario.h. */
enum scenario_goal_kind scenario_goal_by_word(const char *word)
{
	for (size_t k = 1; k < SCENARIO_NGOALS; k++)
		if (strcmp(word, scenario_goal_words[k]) == 0)
			return (enum scenario_goal_kind)k;
	return GOAL_NONE;
}

/* Contract in scenario_int.h. */
int scenario_fail(struct scenario_parser *p, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (p->err_line)
		return -1;
	p->err_line = line > 0 ? line : 1;
	if (!p->err || !p->errlen)
		return -1;
	n = snprintf(p->err, p->errlen, "%s:%d: ", p->where, p->err_line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

bool scenario_is_space(char c)
{
	return isspace((unsigned char)c) != 0;
}

/* Copies text into buf (size > 0) without the white space around it. */
void scenario_trim_copy(char *buf, size_t size, const char *text, size_t len)
{
	while (len && scenario_is_space(*text)) {
		text++;
		len--;
	}
	while (len && scenario_is_space(text[len - 1]))
		len--;
	if (len >= size)
		len = size - 1;
	memcpy(buf, text, len);
	buf[len] = '\0';
}

/* Contract in scenario_int.h. */
bool scenario_text_ok(const char *text)
{
	const unsigned char *u = (const unsigned char *)text;

	while (*u) {
		uint32_t c;
		int more;

		if (*u < 0x80) {
			if (*u < 0x20 || *u == 0x7f)
				return false;
			u++;
			continue;
		}
		if ((*u & 0xe0) == 0xc0) {
			c = *u & 0x1f;
			more = 1;
		} else if ((*u & 0xf0) == 0xe0) {
			c = *u & 0x0f;
			more = 2;
		} else if ((*u & 0xf8) == 0xf0) {
			c = *u & 0x07;
			more = 3;
		} else {
			return false;
		}
		for (int i = 1; i <= more; i++) {
			if ((u[i] & 0xc0) != 0x80) /* also stops at the terminating NUL */
				return false;
			c = (c << 6) | (u[i] & 0x3f);
		}
		if ((more == 1 && c < 0x80) || (more == 2 && c < 0x800) ||
		    (more == 3 && c < 0x10000) || c > 0x10ffff ||
		    (c >= 0xd800 && c <= 0xdfff) || c <= 0x9f)
			return false;
		u += more + 1;
	}
	return true;
}

/* A whole number, optionally negative, nothing else around it.
 * 0; -1 if it is not one; -2 if it does not fit in 64 bits. */
int scenario_parse_int(const char *text, int64_t *out)
{
	const char *digits = text[0] == '-' ? text + 1 : text;
	char *end;
	long long v;

	if (!isdigit((unsigned char)digits[0]))
		return -1;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (*end)
		return -1;
	if (errno == ERANGE)
		return -2;
	*out = v;
	return 0;
}

/* A time: `2` or `1.5s` (seconds) or `500ms`. Decimal arithmetic, no floating
 * point, so `0.1s` is exactly 100 ms. 0; -1 not a time; -2 negative; -3 more than
 * a day; -4 finer than a millisecond. */
static int scenario_parse_time(const char *text, int64_t *ms)
{
	const char *c = text;
	int64_t whole = 0, frac_ms = 0;
	bool finer = false, huge = false;
	int frac_digits = 0;

	if (c[0] == '-' && isdigit((unsigned char)c[1]))
		return scenario_parse_time(c + 1, ms) == -1 ? -1 : -2;
	if (!isdigit((unsigned char)*c))
		return -1;
	for (; isdigit((unsigned char)*c); c++) {
		if (whole > SCENARIO_MAX_TIME_MS)
			huge = true;   /* keep scanning, but stop counting */
		else
			whole = whole * 10 + (*c - '0');
	}
	if (*c == '.') {
		c++;
		if (!isdigit((unsigned char)*c))
			return -1;
		for (; isdigit((unsigned char)*c); c++, frac_digits++) {
			if (frac_digits < 3)
				frac_ms = frac_ms * 10 + (*c - '0');
			else if (*c != '0')
				finer = true;
		}
		for (int i = frac_digits; i < 3; i++)
			frac_ms *= 10;
	}
	if (strcmp(c, "ms") == 0) {
		if (frac_ms || finer)
			return -4;
		*ms = whole;
	} else if (strcmp(c, "s") == 0 || *c == '\0') {
		if (finer)
			return -4;
		*ms = whole > SCENARIO_MAX_TIME_MS ? SCENARIO_MAX_TIME_MS + 1 : whole * 1000 + frac_ms;
	} else {
		return -1;
	}
	if (huge || *ms > SCENARIO_MAX_TIME_MS)
		return -3;
	return 0;
}

/* Parses a time for `key`, reporting what is wrong with it. */
int scenario_time_value(struct scenario_parser *p, const char *key, const char *text,
			       int64_t *ms)
{
	switch (scenario_parse_time(text, ms)) {
	case 0:
		return 0;
	case -2:
		return scenario_fail(p, p->line, _("%s: `%s` is negative (a time is 0s or more)"),
				     key, text);
	case -3:
		return scenario_fail(p, p->line, _("%s: `%s` is too long (at most 86400s, one day)"),
				     key, text);
	case -4:
		return scenario_fail(p, p->line, _("%s: `%s` is finer than a millisecond"), key,
				     text);
	default:
		return scenario_fail(p, p->line, _("%s: `%s` is not a time (use e.g. 1s, 500ms)"),
				     key, text);
	}
}

/* Contract in scenario_int.h. */
int scenario_count_value(struct scenario_parser *p, const char *text, int *out)
{
	int64_t v;
	int rc = scenario_parse_int(text, &v);

	if (rc == -1)
		return scenario_fail(p, p->line, _("count: `%s` is not a whole number"), text);
	if (rc < 0 || v < 1 || v > SCENARIO_MAX_PER_GROUP)
		return scenario_fail(p, p->line,
				     _("count must be 1..%d (processes with these settings)"),
				     SCENARIO_MAX_PER_GROUP);
	*out = (int)v;
	return 0;
}

/* An int32 for `key` (stop, a value). */
int scenario_int32_value(struct scenario_parser *p, const char *key, const char *text,
				int32_t *out)
{
	int64_t v;
	int rc = scenario_parse_int(text, &v);

	if (rc == -1)
		return scenario_fail(p, p->line, _("%s: `%s` is not a whole number"), key, text);
	if (rc == -2 || v < INT32_MIN || v > INT32_MAX)
		return scenario_fail(p, p->line,
				     _("%s: `%s` is out of range (-2147483648..2147483647)"), key,
				     text);
	*out = (int32_t)v;
	return 0;
}

/* One number of a values list or range; `text` is the whole value, for the
 * message when the item is no number at all. */
static int scenario_value_item(struct scenario_parser *p, const char *text, const char *item,
			       int32_t *out)
{
	int64_t v;
	int rc = scenario_parse_int(item, &v);

	if (rc == -1)
		return scenario_fail(p, p->line,
				     _("values: `%s` is not a range or a list of whole numbers (use e.g. 0..4 or 3,1,4)"),
				     text);
	if (rc == -2 || v < INT32_MIN || v > INT32_MAX)
		return scenario_fail(p, p->line,
				     _("values: `%s` is out of range (-2147483648..2147483647)"),
				     item);
	*out = (int32_t)v;
	return 0;
}

/* Contract in scenario_int.h. */
int scenario_parse_values(struct scenario_parser *p, const char *text, int32_t **out,
			  size_t *count)
{
	char item[256];
	const char *dots = strstr(text, "..");
	int32_t *values;
	int64_t n;

	if (dots) {
		int32_t from, to;

		scenario_trim_copy(item, sizeof item, text, (size_t)(dots - text));
		if (scenario_value_item(p, text, item, &from) < 0)
			return -1;
		scenario_trim_copy(item, sizeof item, dots + 2, strlen(dots + 2));
		if (scenario_value_item(p, text, item, &to) < 0)
			return -1;
		n = (from <= to ? (int64_t)to - from : (int64_t)from - to) + 1;
		if (n > SCENARIO_MAX_VALUES)
			return scenario_fail(p, p->line,
					     _("values: `%s` gives %lld values (at most %d)"), text,
					     (long long)n, SCENARIO_MAX_VALUES);
		values = malloc((size_t)n * sizeof *values);
		if (!values)
			return scenario_fail(p, p->line, _("out of memory"));
		for (int64_t i = 0; i < n; i++)
			values[i] = (int32_t)(from <= to ? from + i : from - i);
	} else {
		const char *c = text;

		n = 1;
		for (const char *comma = text; (comma = strchr(comma, ',')); comma++)
			n++;
		values = malloc((size_t)n * sizeof *values);
		if (!values)
			return scenario_fail(p, p->line, _("out of memory"));
		for (int64_t i = 0; i < n; i++) {
			size_t len = strcspn(c, ",");

			scenario_trim_copy(item, sizeof item, c, len);
			if (scenario_value_item(p, text, item, &values[i]) < 0) {
				free(values);
				return -1;
			}
			c += len + 1;
		}
	}
	*out = values;
	*count = (size_t)n;
	return 0;
}


/* Contract in scenario_int.h. */
bool scenario_name_ok(const char *name)
{
	size_t len = strlen(name);

	if (len < 1 || len > SCENARIO_GROUP_NAME_MAX)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return false;
	return true;
}


/* A key may be given once: remembers its line, or says where it was first. */
int scenario_once(struct scenario_parser *p, int *seen, const char *key)
{
	if (*seen)
		return scenario_fail(p, p->line, _("%s given twice (first on line %d)"), key, *seen);
	*seen = p->line;
	return 0;
}

int scenario_key_index(const char *const *keys, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (strcmp(keys[i], key) == 0)
			return i;
	return -1;
}
