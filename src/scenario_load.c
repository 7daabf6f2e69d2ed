/* scenario_load.c - getting a scenario to run: a built-in by its name (the files
 * under scenarios/, compiled in) or a file by its path, read whole and handed to
 * scenario_parse(); and a finished scenario copied, or moved to another channel.
 *
 * A file is read with care before the parser sees it: only a regular file, at
 * most 1 MiB, no NUL byte, so that `ipcviz /dev/zero` or a FIFO with no writer
 * comes back at once with one line saying why.
 */
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channel.h"
#include "i18n.h"
#include "scenario_multi.h"

/* Generated from scenarios/ORDER and the .ini files there by cmake/embed.cmake. */
extern const struct scenario_builtin scenario_builtin_table[];
extern const size_t scenario_builtin_count;

#define SCENARIO_FILE_MAX (1024 * 1024)

/* Contract in scenario.h: the compiled-in table, in scenarios/ORDER's order. */
const struct scenario_builtin *scenario_builtins(size_t *count)
{
	if (count)
		*count = scenario_builtin_count;
	return scenario_builtin_table;
}

/* Contract in scenario.h: NULL for an unknown name (or NULL). */
const struct scenario_builtin *scenario_builtin_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < scenario_builtin_count; i++)
		if (strcmp(scenario_builtin_table[i].name, name) == 0)
			return &scenario_builtin_table[i];
	return NULL;
}

/* Reads a whole file into a NUL-terminated buffer; -1 with "PATH: cannot read: …".
 * Only a regular file: a FIFO, a terminal or a device is refused at once (a
 * directory with the system's EISDIR, as read(2) would give it). It is
 * opened without blocking (a FIFO with no writer would wait for one forever)
 * and looked at before a byte is read. */
static char *scenario_read_file(const char *path, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	const char *why = NULL;
	struct stat st;

	if (fd < 0 || fstat(fd, &st) != 0)
		goto fail_errno;
	if (S_ISDIR(st.st_mode)) { /* read(2) would say so: the system's own words */
		errno = EISDIR;
		goto fail_errno;
	}
	if (!S_ISREG(st.st_mode)) {
		why = _("not a regular file (a FIFO, a device or a socket is not a scenario)");
		goto fail;
	}
	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			char *grown;

			cap = cap ? cap * 2 : 8192;
			grown = realloc(buf, cap + 1);
			if (!grown)
				goto fail_errno;
			buf = grown;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail_errno;
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > SCENARIO_FILE_MAX) {
			why = _("larger than 1 MiB, not a scenario");
			goto fail;
		}
	}
	close(fd);
	fd = -1;
	if (!buf) {
		buf = malloc(1);
		if (!buf)
			goto fail_errno;
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len)) {
		why = _("it has a NUL byte, not a text file");
		goto fail;
	}
	return buf;

fail_errno:
	why = strerror(errno);
fail:
	if (err && errlen)
		snprintf(err, errlen, _("%s: cannot read: %s"), path, why);
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

/* Contract in scenario.h. A built-in name wins over a file of the same name, so
 * `ipcviz queue` means the same everywhere. */
int scenario_load(const char *name_or_path, struct scenario *s, char *err, size_t errlen)
{
	const struct scenario_builtin *b = scenario_builtin_find(name_or_path);
	char *text;
	int rc;

	if (b)
		return scenario_parse(b->text, b->name, s, err, errlen);
	memset(s, 0, sizeof *s);
	if (!name_or_path) {
		if (err && errlen)
			snprintf(err, errlen, "%s", _("no scenario given"));
		return -1;
	}
	text = scenario_read_file(name_or_path, err, errlen);
	if (!text)
		return -1;
	rc = scenario_parse(text, name_or_path, s, err, errlen);
	free(text);
	return rc;
}

/* Contract in scenario.h. The new channel's rule fits the capacity
 * (channel_capacity_fit): a pipe takes the smallest power of two that holds it,
 * a queue at most fs.mqueue.msg_max; a channel that takes no capacity keeps the
 * number untouched, so that switching back gives the same capacity again, and
 * a capacity of 0 (a shm scenario's own) becomes the new channel's default.
 * Only a channel with sized items keeps the item size. */
void scenario_set_channel(struct scenario *s, enum channel_kind kind)
{
	const struct channel_desc *d = channel_desc_of(kind);

	if (!d || s->multi)
		return; /* several channels: each keeps its own kind */
	if (!d->sized_items)
		s->item_size = 0;
	s->channel = kind;
	s->capacity = channel_capacity_fit(d, s->capacity);
}

/* Does a later action of the script (sorted by time) continue or kill the
 * process that action `i` stops? Without one, a real program would wait for it
 * for ever; ipcviz's run ends, saying that nothing can move. */
static bool scenario_continued(const struct scenario *s, size_t i)
{
	for (size_t k = i + 1; k < s->nactions; k++)
		if (s->actions[k].target == s->actions[i].target &&
		    (s->actions[k].kind == ACTION_CONT || s->actions[k].kind == ACTION_KILL))
			return true;
	return false;
}

/* What of a file of several channels a headless run cannot do yet: 0, or -1
 * with the message. */
static int scenario_multi_runnable(const struct scenario *s, const char *where, bool code,
				   char *err, size_t errlen)
{
	for (size_t i = 0; code && i < s->nactions; i++)
		if (s->actions[i].kind == ACTION_STOP && !scenario_continued(s, i)) {
			snprintf(err, errlen,
				 _("%s:%d: %s is stopped and never continued, so its program would wait for ever (--print-code): give it a later cont or kill"),
				 where, s->actions[i].line, s->actors[s->actions[i].target].name);
			return -1;
		}
	switch (s->goal.reach) {
	case GOAL_NONE:
	case GOAL_DEADLOCK:
	case GOAL_EOF:
	case GOAL_EPIPE:
		return 0;
	default:
		snprintf(err, errlen,
			 _("%s:%d: reach = %s with several channels is not run yet (deadlock, eof and epipe are)"),
			 where, s->goal.line, scenario_goal_word(s->goal.reach));
		return -1;
	}
}

/* Contract in scenario.h. */
int scenario_runnable(const struct scenario *s, const char *where, enum scenario_use use,
		      char *err, size_t errlen)
{
	char none[8];

	if (!s->multi)
		return 0;
	if (!err || !errlen) {
		err = none;
		errlen = sizeof none;
	}
	where = where ? where : s->name;
	switch (use) {
	case SCENARIO_HEADLESS:
	case SCENARIO_SCHEDULE:
	case SCENARIO_EXPLORE:
	case SCENARIO_SCREEN:
	case SCENARIO_CHOOSE:
	case SCENARIO_PREDICT:
		return scenario_multi_runnable(s, where, false, err, errlen);
	case SCENARIO_CODE:
		/* the program of its own is the twin of the headless run */
		return scenario_multi_runnable(s, where, true, err, errlen);
		break;
	}
	return -1;
}

/* Contract in scenario.h. On failure dst is left zeroed. */
int scenario_copy(struct scenario *dst, const struct scenario *src)
{
	*dst = *src;
	dst->title = NULL;
	dst->comments = NULL;
	dst->goal.text = NULL;
	dst->actions = NULL;
	dst->nactions = 0;
	dst->multi = NULL;
	for (int i = 0; i < SCENARIO_MAX_GROUPS; i++) {
		dst->groups[i].values = NULL;
		dst->groups[i].nvalues = 0;
	}
	if (src->title && !(dst->title = strdup(src->title)))
		goto fail;
	if (src->comments && !(dst->comments = strdup(src->comments)))
		goto fail;
	if (src->goal.text && !(dst->goal.text = strdup(src->goal.text)))
		goto fail;
	if (src->multi && scenario_multi_copy(&dst->multi, src->multi) != 0)
		goto fail;
	for (int i = 0; i < src->ngroups; i++) {
		const struct scenario_group *g = &src->groups[i];

		if (!g->values)
			continue;
		dst->groups[i].values = malloc(g->nvalues * sizeof *g->values);
		if (!dst->groups[i].values)
			goto fail;
		memcpy(dst->groups[i].values, g->values, g->nvalues * sizeof *g->values);
		dst->groups[i].nvalues = g->nvalues;
	}
	if (src->nactions) {
		dst->actions = calloc(src->nactions, sizeof *dst->actions);
		if (!dst->actions)
			goto fail;
		for (size_t i = 0; i < src->nactions; i++) {
			dst->actions[i] = src->actions[i];
			dst->actions[i].text = NULL;
			dst->nactions = i + 1;
			if (src->actions[i].text &&
			    !(dst->actions[i].text = strdup(src->actions[i].text)))
				goto fail;
		}
	}
	return 0;
fail:
	scenario_free(dst);
	errno = ENOMEM;
	return -1;
}
