/* describe_words.c - the words every description shares: a string's width
 * in cells, a channel's noun, an actor's name, the operation an actor answers
 * with, a signal's and an error's name and reason. describe.c (events),
 * explain.c (the explain panel), summary.c and describe_multi.c (several
 * channels) all take them from here, so none of them calls back up for them.
 */
#include "describe.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"

/* Width in cells of a UTF-8 string; its length in bytes where the locale
 * cannot decode it or a character is not printable (as wcswidth would fail). */
int describe_width(const char *s)
{
	mbstate_t st;
	const char *p = s;
	size_t left = strlen(s);
	int cells = 0;

	memset(&st, 0, sizeof st);
	while (left > 0) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, p, left, &st);
		int w;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			return (int)strlen(s);
		w = wcwidth(wc);
		if (w < 0)
			return (int)strlen(s);
		cells += w;
		p += n;
		left -= n;
	}
	return cells;
}

const struct channel_desc *describe_desc(const struct model *m)
{
	static const struct channel_desc none = {.word = "?"};
	const struct channel_desc *d = channel_desc_of(m->channel);

	return d ? d : &none;
}

const char *describe_noun(const struct model *m)
{
	const struct channel_desc *d = describe_desc(m);

	return d->noun ? _(d->noun) : _("the channel");
}


bool describe_answers(const struct model *m, int a, enum event_op op)
{
	return describe_desc(m)->duplex && a >= 0 && a < m->nactors &&
	       (m->actors[a].role == ROLE_CONSUMER) == (op == OP_PUT);
}

const char *describe_actor_name(const struct model *m, int a)
{
	if (a == EVENT_ACTOR_IPCVIZ)
		return "ipcviz";
	if (a == EVENT_ACTOR_OUTSIDE)
		return "outside";
	if (a < 0 || a >= m->nactors)
		return "?";
	return m->actors[a].name;
}

enum event_op describe_op(const struct model *m, int a, enum event_op op)
{
	if (op != OP_NONE)
		return op;
	if (a >= 0 && a < m->nactors && m->actors[a].role == ROLE_CONSUMER)
		return OP_GET;
	return OP_PUT;
}

const char *describe_signal(int sig, char *buf, size_t len)
{
	const char *abbrev = sigabbrev_np(sig);

	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else
		snprintf(buf, len, _("signal %d"), sig);
	return buf;
}

const char *describe_errno(int err, char *buf, size_t len)
{
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(buf, len, _("errno %d"), err);
	return buf;
}

const char *describe_errno_reason(int err)
{
	switch (err) {
	case EPIPE: return _("no reader is left");
	case EAGAIN: return _("the channel would have made it wait");
	case EBADF: return _("the descriptor is not open for this");
	default: return strerror(err);
	}
}
