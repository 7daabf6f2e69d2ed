/* cast.c - the asciicast v2 writer: a header line, then [time, code, data] lines.
 *
 * cJSON does the escaping of every string, so control bytes of the terminal's
 * escape sequences come out as \u001b and the file stays one event a line. What
 * cJSON cannot know is whether a string is whole UTF-8: a write to the terminal
 * may end in the middle of a character, so cast_output keeps such a tail (at most
 * three bytes) for the next call, and replaces bytes that can never be UTF-8.
 */
#include "cast.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "i18n.h"

#define CAST_REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

struct cast {
	FILE *f;
	struct timespec start;
	double last;          /* the latest time stamped: times never go backwards */
	unsigned char pend[4]; /* an incomplete UTF-8 character held back */
	size_t npend;
	bool failed;
	int failed_errno;
	long events;
};

static double cast_now(const struct cast *c)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)(ts.tv_sec - c->start.tv_sec) + (ts.tv_nsec - c->start.tv_nsec) / 1e9;
}

/* The time for the next event: now, but never before the previous one. */
static double cast_stamp(struct cast *c)
{
	double t = cast_now(c);

	if (t < c->last)
		t = c->last;
	c->last = t;
	return t;
}

/* Contract in cast.h. */
double cast_time(const struct cast *c)
{
	double t = cast_now(c);

	return t < c->last ? c->last : t;
}

/* Contract in cast.h. */
long cast_events(const struct cast *c)
{
	return c->events;
}

static void cast_fail(struct cast *c)
{
	if (!c->failed)
		c->failed_errno = errno ? errno : EIO;
	c->failed = true;
}

/* Writes one event line with `data` JSON-escaped by cJSON. 0 or -1. */
static int cast_event(struct cast *c, const char *code, const char *data)
{
	cJSON *s;
	char *json;
	int rc = 0;

	if (c->failed)
		return -1;
	s = cJSON_CreateString(data);
	json = s ? cJSON_PrintUnformatted(s) : NULL;
	cJSON_Delete(s);
	if (!json) {
		errno = ENOMEM;
		cast_fail(c);
		return -1;
	}
	if (fprintf(c->f, "[%.6f, \"%s\", %s]\n", cast_stamp(c), code, json) < 0) {
		cast_fail(c);
		rc = -1;
	}
	cJSON_free(json);
	c->events++;
	return rc;
}

/* The length of the UTF-8 character starting at s (n bytes available):
 * 1..4 when whole and valid, 0 when valid so far but cut short by the end of
 * the buffer, -1 when s[0] cannot start a valid character here. */
static int cast_utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	int len;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return -1;
	}
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return 0;
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[i] & 0x3f);
		/* overlong forms, surrogates and code points past U+10FFFF are refused
		 * as soon as the second byte shows them */
		if (i == 1 && ((len == 3 && cp < 0x20) || (len == 3 && cp >= 0x360 && cp < 0x380) ||
			       (len == 4 && (cp < 0x10 || cp >= 0x110))))
			return -1;
	}
	return len;
}

/* Contract in cast.h. */
int cast_output(struct cast *c, const char *data, size_t len)
{
	size_t total = c->npend + len, at = 0, o = 0;
	unsigned char *in, *out;
	int rc = 0;

	if (c->failed)
		return -1;
	if (total == 0)
		return 0;
	in = malloc(total);
	out = malloc(total * 3 + 1); /* every byte could become U+FFFD */
	if (!in || !out) {
		free(in);
		free(out);
		errno = ENOMEM;
		cast_fail(c);
		return -1;
	}
	memcpy(in, c->pend, c->npend);
	memcpy(in + c->npend, data, len);
	c->npend = 0;
	while (at < total) {
		int n = cast_utf8_len(in + at, total - at);
		if (n == 0) { /* the rest of this character comes with the next write */
			c->npend = total - at;
			memcpy(c->pend, in + at, c->npend);
			break;
		}
		if (n < 0) {
			memcpy(out + o, CAST_REPLACEMENT, 3);
			o += 3;
			at++;
			continue;
		}
		if (in[at] != '\0') {
			memcpy(out + o, in + at, (size_t)n);
			o += (size_t)n;
		}
		at += (size_t)n;
	}
	out[o] = '\0';
	if (o > 0)
		rc = cast_event(c, "o", (const char *)out);
	free(in);
	free(out);
	return rc;
}

/* Contract in cast.h. */
int cast_resize(struct cast *c, int width, int height)
{
	char size[32];

	snprintf(size, sizeof size, "%dx%d", width, height);
	return cast_event(c, "r", size);
}

/* Contract in cast.h. */
int cast_marker(struct cast *c, const char *label)
{
	return cast_event(c, "m", label ? label : "");
}

/* The header line. 0 or -1 (errno set). */
static int cast_header(struct cast *c, int width, int height, const char *title,
		       const struct cast_lesson *lesson)
{
	cJSON *h = cJSON_CreateObject(), *env, *ours;
	const char *term = getenv("TERM"), *shell = getenv("SHELL");
	char *json;
	int rc = -1;

	if (!h)
		return -1;
	cJSON_AddNumberToObject(h, "version", 2);
	cJSON_AddNumberToObject(h, "width", width);
	cJSON_AddNumberToObject(h, "height", height);
	cJSON_AddNumberToObject(h, "timestamp", (double)time(NULL));
	if (title)
		cJSON_AddStringToObject(h, "title", title);
	env = cJSON_AddObjectToObject(h, "env");
	if (env) {
		cJSON_AddStringToObject(env, "TERM", term ? term : "");
		cJSON_AddStringToObject(env, "SHELL", shell ? shell : "");
	}
	ours = lesson ? cJSON_AddObjectToObject(h, "ipcviz") : NULL;
	if (ours) {
		cJSON_AddStringToObject(ours, "version", IPCVIZ_VERSION);
		if (lesson->scenario)
			cJSON_AddStringToObject(ours, "scenario", lesson->scenario);
		if (lesson->comments)
			cJSON_AddStringToObject(ours, "comments", lesson->comments);
	}
	json = cJSON_PrintUnformatted(h);
	if (json && fprintf(c->f, "%s\n", json) >= 0)
		rc = 0;
	cJSON_free(json);
	cJSON_Delete(h);
	return rc;
}

/* Contract in cast.h. */
struct cast *cast_create(FILE *f, int width, int height, const char *title,
			 const struct cast_lesson *lesson, char *err, size_t errlen)
{
	struct cast *c = calloc(1, sizeof *c);

	if (!c) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		fclose(f);
		return NULL;
	}
	c->f = f;
	clock_gettime(CLOCK_MONOTONIC, &c->start);
	if (cast_header(c, width, height, title, lesson) != 0) {
		snprintf(err, errlen, _("cannot write the recording: %s"), strerror(errno));
		fclose(f);
		free(c);
		return NULL;
	}
	return c;
}

/* Contract in cast.h. */
int cast_close(struct cast *c, char *err, size_t errlen)
{
	int rc = 0;

	if (!c)
		return 0;
	if (c->npend > 0 && !c->failed) { /* a character that never got its end */
		c->npend = 0;
		cast_event(c, "o", CAST_REPLACEMENT);
	}
	if (fclose(c->f) != 0)
		cast_fail(c);
	if (c->failed) {
		snprintf(err, errlen, _("cannot write the recording: %s"), strerror(c->failed_errno));
		rc = -1;
	}
	free(c);
	return rc;
}
