/* words_multi.c - the screen's words for a run of several channels (DESIGN
 * 14), built from the view alone like words.c: the channels for the header,
 * what each process is doing (asleep in which call on which channel), who
 * writes and reads each channel by its program, a channel's fill against the
 * kernel's own count, a lock's holder and waiters. No curses.
 */
#include "words.h"

#include <stdio.h>
#include <string.h>

#include "channel.h"
#include "i18n.h"

/* Appends s to buf (of len bytes, holding *used), with sep before it unless
 * it is the first. */
static void words_multi_append(char *buf, size_t len, size_t *used, const char *sep,
			       const char *s)
{
	int n;

	if (*used >= len)
		return;
	n = snprintf(buf + *used, len - *used, "%s%s", *used ? sep : "", s);
	if (n > 0)
		*used = *used + (size_t)n < len ? *used + (size_t)n : len - 1;
}

/* Contract in words.h. */
void words_multi_header(const struct view *v, char *buf, size_t len)
{
	const struct model *m = &v->shown;
	size_t used = 0;
	char one[96];

	buf[0] = '\0';
	for (int c = 0; c < m->nchannels; c++) {
		if (m->chans[c].lock)
			/* TRANSLATORS: the header's list of channels: a lock's name */
			snprintf(one, sizeof one, _("%s (lock)"), m->chans[c].name);
		else {
			const struct channel_desc *d = channel_desc_of(m->chans[c].kind);

			/* TRANSLATORS: the header's list of channels: a channel's name,
			 * its kind (pipe, FIFO) and capacity */
			snprintf(one, sizeof one, _("%s (%s, %d)"), m->chans[c].name,
				 d->short_name ? _(d->short_name) : d->word, m->chans[c].capacity);
		}
		words_multi_append(buf, len, &used, _(", "), one);
	}
}

/* Contract in words.h. */
void words_multi_actor(const struct view *v, int a, struct words_actor *w)
{
	const struct model_actor *ma = &v->shown.actors[a];
	const struct model_channel *c = ma->blocked_chan >= 0 &&
						ma->blocked_chan < v->shown.nchannels
					? &v->shown.chans[ma->blocked_chan]
					: NULL;
	const char *ch = c ? c->name : "?";
	const struct channel_desc *d = channel_desc_of(c ? c->kind : CHANNEL_PIPE);

	words_actor(v, a, w);
	/* "last put" or "last got" says a role; here a process may do both */
	if (ma->state == ACTOR_WAITING ||
	    (ma->state == ACTOR_FINISHED && !ma->has_error && !ma->eof))
		w->extra[0] = '\0';
	if (ma->state == ACTOR_WAITING && !view_traveling(v, a) && ma->has_last)
		snprintf(w->detail, sizeof w->detail, _("moved %d last"), (int)ma->last);
	if (ma->state != ACTOR_BLOCKED)
		return;
	w->extra[0] = '\0';
	if (ma->blocked_op == OP_PUT)
		/* TRANSLATORS: after BLOCKED on a process's line: its call
		 * ("write(2)") and channel */
		snprintf(w->detail, sizeof w->detail, _("in %s on %s"), d->put.ref, ch);
	else if (ma->blocked_op == OP_LOCK)
		snprintf(w->detail, sizeof w->detail, _("in futex(2) on the lock %s"), ch);
	else
		snprintf(w->detail, sizeof w->detail, _("in %s on %s"), d->get.ref, ch);
	if (ma->blocked_op == OP_PUT && ma->has_pending)
		snprintf(w->extra, sizeof w->extra, _("trying to put %d"), (int)ma->pending);
}

/* Contract in words.h. */
void words_multi_names(const struct view *v, uint32_t mask, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int a = 0; a < v->shown.nactors && a < 32; a++)
		if ((mask >> a) & 1u)
			words_multi_append(buf, len, &used, _(", "), v->shown.actors[a].name);
	if (!used)
		/* TRANSLATORS: no process writes, reads or holds this channel */
		snprintf(buf, len, "%s", _("nobody"));
}

/* Contract in words.h. */
enum style words_multi_fill(const struct view *v, int c, char *buf, size_t len)
{
	const struct model_channel *ch = &v->shown.chans[c];

	if (ch->fill >= ch->capacity) {
		snprintf(buf, len, _("%d/%d FULL"), ch->fill, ch->capacity);
		return STYLE_BLOCKED_TEXT;
	}
	if (ch->fill == 0)
		snprintf(buf, len, _("%d/%d empty"), ch->fill, ch->capacity);
	else
		snprintf(buf, len, "%d/%d", ch->fill, ch->capacity);
	return STYLE_NORMAL;
}

/* Contract in words.h. */
void words_multi_kernel_fill(const struct view *v, int c, char *buf, size_t len)
{
	const struct view_kernel *k = &v->kernel;

	if (k->recorded || c >= k->nchannels)
		snprintf(buf, len, "%s", _("kernel: not recorded at this moment"));
	else if (k->chan_kfill[c] < 0)
		snprintf(buf, len, "%s", _("kernel: no process holds an end to ask"));
	else if (v->shown.chans[c].kind == CHANNEL_RING) /* its semaphores' own counts */
		channel_desc_of(CHANNEL_RING)->kfill_words(buf, len, k->chan_kfill[c],
							   v->shown.chans[c].capacity -
								   k->chan_kfill[c],
							   true);
	else if (v->shown.chans[c].kind == CHANNEL_QUEUE)
		snprintf(buf, len,
			 ngettext("kernel: %d message (mq_curmsgs)",
				  "kernel: %d messages (mq_curmsgs)", (unsigned long)k->chan_kfill[c]),
			 k->chan_kfill[c]);
	else
		snprintf(buf, len,
			 ngettext("kernel: %d item (FIONREAD)", "kernel: %d items (FIONREAD)",
				  (unsigned long)k->chan_kfill[c]),
			 k->chan_kfill[c]);
}

/* Contract in words.h. */
void words_multi_lock(const struct view *v, int c, char *held, size_t hlen, char *waiting,
		      size_t wlen)
{
	const struct model *m = &v->shown;
	uint32_t waiters = 0;
	char names[256];

	if (m->chans[c].holder >= 0 && m->chans[c].holder < m->nactors)
		snprintf(held, hlen, _("held by %s"), m->actors[m->chans[c].holder].name);
	else
		snprintf(held, hlen, "%s", _("free"));
	for (int a = 0; a < m->nactors && a < 32; a++)
		if (m->actors[a].state == ACTOR_BLOCKED && m->actors[a].blocked_op == OP_LOCK &&
		    m->actors[a].blocked_chan == c)
			waiters |= 1u << a;
	if (!waiters) {
		snprintf(waiting, wlen, "%s", _("nobody waits for it"));
		return;
	}
	words_multi_names(v, waiters, names, sizeof names);
	snprintf(waiting, wlen, _("waiting in futex(2): %s"), names);
}
