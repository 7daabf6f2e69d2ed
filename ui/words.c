/* words.c - the words the screen shows, built from the view alone and without
 * curses, so that they can be tested without a terminal: draw*.c only places
 * them and turns their styles into attributes.
 *
 * Everything particular to a channel comes from its descriptor (view_desc):
 * its name, its capacity and slots' title are its own functions; whether it is
 * one cell, a counter, a duplex pair or a named FIFO chooses among the words
 * here ("writes" for a cell, "stores" for a counter, "puts" otherwise), and
 * the unit of its kernel count chooses the count's words. An actor's words
 * follow its state in the shown model: starting, waiting its turn (or running,
 * with its item on the way), BLOCKED in which call for what, finished, killed
 * or stopped, with the value it moved last and, for a consumer of big pipe
 * items, the parts it has read so far or that its item came out mixed.
 */
#include "words.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "procinfo.h"

#define WORDS_PIPE_BUF 4096 /* a pipe's atomic write, PIPE_BUF on Linux */

/* The flash of a value lost or mixed: on for half of every six frames. */
static enum style words_flash(const struct view *v)
{
	return v->flash > 0 && v->flash % 6 >= 3 ? STYLE_FLASH : STYLE_LOST;
}

/* ---- an actor ------------------------------------------------------------------ */

/* The value an actor moved last, in the words of its channel. */
static void words_last_value(const struct view *v, const struct model_actor *ma, char *buf,
			    size_t len)
{
	const struct channel_desc *ch = view_desc(v);

	buf[0] = '\0';
	if (!ma->has_last)
		return;
	if (ch->counter)
		snprintf(buf, len, _("last stored: %d"), (int)ma->last);
	else if (ma->role == ROLE_PRODUCER)
		snprintf(buf, len, ch->cell ? _("last written: %d") : _("last put: %d"), (int)ma->last);
	else
		snprintf(buf, len, ch->cell ? _("last read: %d") : _("last got: %d"), (int)ma->last);
}

/* An item on its way, in the words of its channel and direction. */
static void words_travel(const struct view *v, char *buf, size_t len)
{
	const struct channel_desc *ch = view_desc(v);
	const struct view_travel *t = &v->travel;
	bool in = t->kind == VIEW_TRAVEL_IN;
	int value = (int)t->value;

	if (ch->counter)
		snprintf(buf, len, in ? _("stores %d") : _("loads %d"), value);
	else if (ch->cell)
		snprintf(buf, len, in ? _("writes %d") : _("reads %d"), value);
	else if (t->back)
		snprintf(buf, len, in ? _("answers %d") : _("gets answer %d"), value);
	else if (t->part)
		snprintf(buf, len, _("reads a part of %d"), value);
	else
		snprintf(buf, len, in ? _("puts %d") : _("gets %d"), value);
}

/* Asleep in the kernel: in which call, for what. */
static void words_blocked(const struct view *v, const struct model_actor *ma,
			       struct words_actor *w)
{
	const struct channel_desc *ch = view_desc(v);
	const char *get = v->call_get ? v->call_get : "read";
	const char *put = v->call_put ? v->call_put : "write";

	if (ch->counter) {
		snprintf(w->detail, sizeof w->detail, _("in %s: the lock"), get);
		snprintf(w->extra, sizeof w->extra, "%s", _("waits for the lock"));
	} else if (ma->role == ROLE_PRODUCER && ma->blocked_op == OP_GET) {
		/* a socket pair's producer waits for the answer to its item */
		snprintf(w->detail, sizeof w->detail, _("in %s: no answer yet"), get);
		snprintf(w->extra, sizeof w->extra, "%s", _("waits for its answer"));
	} else if (ma->blocked_op == OP_GET || (ma->role == ROLE_CONSUMER && ma->blocked_op != OP_PUT)) {
		snprintf(w->detail, sizeof w->detail, _("in %s: empty"), get);
		snprintf(w->extra, sizeof w->extra, "%s", _("waits for an item"));
	} else {
		snprintf(w->detail, sizeof w->detail, _("in %s: full"), put);
		if (ma->has_pending)
			snprintf(w->extra, sizeof w->extra,
				 ma->role == ROLE_CONSUMER ? _("trying to answer %d") : _("trying to put %d"),
				 (int)ma->pending);
	}
}

/* A consumer of big pipe items: the parts so far, or how the latest item came
 * out (mixed with another writer's bytes). Nothing to say: false. */
static bool words_parts(const struct view *v, int a, struct words_actor *w)
{
	const struct view_actor_extra *x = &v->extra[a];
	char *p = w->extra;
	size_t left = sizeof w->extra;

	if (x->nparts > 0) {
		if (v->item_size > 0)
			snprintf(w->detail, sizeof w->detail, _("%ld/%d bytes"), x->part_bytes,
				 v->item_size);
		else
			snprintf(w->detail, sizeof w->detail, _("%ld bytes so far"), x->part_bytes);
		int n = snprintf(p, left, "%s", _("parts of:"));
		for (int i = 0; i < x->nparts && i < VIEW_PARTS_MAX && n > 0 && (size_t)n < left; i++) {
			p += n;
			left -= (size_t)n;
			n = snprintf(p, left, " %d", (int)x->part_value[i]);
		}
		w->extra_style = STYLE_NOTE;
		return true;
	}
	if (x->mixed && v->shown.actors[a].has_last) {
		/* on the detail line if it is free: every size of box shows it */
		bool free_line = !w->detail[0];
		snprintf(free_line ? w->detail : w->extra, sizeof w->extra, _("MIXED: %d with %d"),
			 (int)v->shown.actors[a].last, (int)x->mixed_value);
		*(free_line ? &w->detail_style : &w->extra_style) = words_flash(v);
		return true;
	}
	return false;
}

/* Contract in words.h. */
void words_actor(const struct view *v, int a, struct words_actor *w)
{
	const struct model_actor *ma = &v->shown.actors[a];
	const char *sig;

	memset(w, 0, sizeof *w);
	w->style = STYLE_NORMAL;
	w->detail_style = STYLE_NORMAL;
	w->extra_style = STYLE_NORMAL;
	words_last_value(v, ma, w->extra, sizeof w->extra);
	switch (ma->state) {
	case ACTOR_NEW:
		snprintf(w->state, sizeof w->state, "%s", _("starting"));
		break;
	case ACTOR_WAITING:
		if (view_traveling(v, a)) {
			snprintf(w->state, sizeof w->state, "%s", _("running"));
			w->style = STYLE_RUNNING;
			words_travel(v, w->detail, sizeof w->detail);
		} else {
			snprintf(w->state, sizeof w->state, "%s", _("waiting its turn"));
		}
		if (view_loaded_actor(v, a) == a) { /* a race: its load is done, its store next */
			snprintf(w->detail, sizeof w->detail, _("loaded %d, stores %d next"),
				 (int)ma->last, (int)ma->last + 1);
			snprintf(w->extra, sizeof w->extra, "%s", _("between load and store"));
			w->extra_style = STYLE_NOTE;
		} else if (ma->role == ROLE_CONSUMER && !view_traveling(v, a)) {
			words_parts(v, a, w);
		}
		break;
	case ACTOR_BLOCKED:
		snprintf(w->state, sizeof w->state, "%s", _("BLOCKED"));
		w->style = STYLE_BLOCKED;
		w->detail_style = STYLE_BLOCKED_TEXT;
		words_blocked(v, ma, w);
		if (ma->role == ROLE_CONSUMER && v->extra[a].nparts > 0)
			words_parts(v, a, w);
		break;
	case ACTOR_FINISHED:
		snprintf(w->state, sizeof w->state, "%s", _("finished"));
		w->style = STYLE_DONE;
		snprintf(w->detail, sizeof w->detail, _("exit status %d"), ma->exit_status);
		if (ma->has_error)
			snprintf(w->extra, sizeof w->extra, _("error %s"),
				 strerrorname_np(ma->err) ? strerrorname_np(ma->err) : "?");
		else if (ma->eof)
			snprintf(w->extra, sizeof w->extra, "%s", _("read end of file"));
		else if (ma->role == ROLE_CONSUMER)
			words_parts(v, a, w);
		break;
	case ACTOR_KILLED:
		snprintf(w->state, sizeof w->state, "%s", _("killed"));
		w->style = STYLE_KILLED;
		sig = sigabbrev_np(ma->exit_signal);
		snprintf(w->detail, sizeof w->detail, _("by SIG%s"), sig ? sig : "?");
		break;
	case ACTOR_STOPPED:
		snprintf(w->state, sizeof w->state, "%s", _("stopped"));
		w->style = STYLE_KILLED;
		snprintf(w->detail, sizeof w->detail, "%s", _("by SIGSTOP"));
		break;
	}
}

/* Contract in words.h. */
const char *words_choose_why(const struct view *v, int a)
{
	if (!v->choosing || v->past || v->finished)
		return NULL;
	return v->can[a] == RUN_CANNOT_ASLEEP     ? _("asleep")
	       : v->can[a] == RUN_CANNOT_FINISHED ? _("finished")
						  : NULL;
}

/* Contract in words.h. */
const char *words_state_meaning(char c)
{
	switch (c) {
	case 'R': return _("running");
	case 'S': return _("asleep");
	case 'D': return _("asleep, uninterruptible");
	case 'T':
	case 't': return _("stopped");
	case 'Z': return _("zombie");
	default: return "?";
	}
}


/* Contract in words.h. */
void words_kernel(const struct view *v, int a, struct words_kernel *k)
{
	const struct view_proc *p = &v->kernel.proc[a];
	char nbuf[32];

	memset(k, 0, sizeof *k);
	if (!p->valid)
		return;
	k->known = true;
	/* TRANSLATORS: a /proc state letter and its meaning, e.g. "S (asleep)" */
	snprintf(k->state, sizeof k->state, _("%c (%s)"), p->state, words_state_meaning(p->state));
	snprintf(k->wchan, sizeof k->wchan, "%s", p->wchan[0] ? p->wchan : "-");
	if (p->syscall[0]) /* recorded in a trace: the call's name, no descriptor */
		snprintf(k->syscall, sizeof k->syscall, "%s", p->syscall);
	else if (p->in_syscall)
		snprintf(k->syscall, sizeof k->syscall, "%s(%ld)",
			 procinfo_syscall_name(p->nr, nbuf, sizeof nbuf), p->arg0);
	else
		snprintf(k->syscall, sizeof k->syscall, "%s", _("none (user space)"));
}

/* Contract in words.h. */
const char *words_no_kernel(const struct view *v, int a)
{
	enum actor_state st = v->shown.actors[a].state;

	if (v->kernel.recorded && st != ACTOR_FINISHED && st != ACTOR_KILLED)
		return _("kernel: not recorded");
	return _("kernel: gone");
}

/* ---- the channel ------------------------------------------------------------------ */

/* Contract in words.h. */
const char *words_channel_name(const struct view *v)
{
	return _(view_desc(v)->name);
}

/* Contract in words.h. */
void words_capacity(const struct view *v, char *buf, size_t len)
{
	const struct channel_desc *ch = view_desc(v);

	if (ch->capacity_words)
		ch->capacity_words(buf, len, v->kernel_capacity, v->kernel_bytes, v->kernel_name);
	else
		snprintf(buf, len, "%d", v->kernel_capacity);
}

/* Contract in words.h. */
void words_slots_title(const struct view *v, bool brief, char *buf, size_t len)
{
	const struct channel_desc *ch = view_desc(v);

	if (ch->slots_title)
		ch->slots_title(buf, len, v->shown.capacity, brief);
	else
		snprintf(buf, len, "%s", _(ch->name));
}

/* The first actor the kernel shows stopped (state T), or -1. */
static int words_stopped_actor(const struct view *v)
{
	for (int a = 0; a < v->shown.nactors; a++)
		if (v->kernel.proc[a].valid && v->kernel.proc[a].state == 'T')
			return a;
	return -1;
}

/* Why there is no count to show. */
static void words_no_kernel_fill(const struct view *v, bool brief, char *buf, size_t len)
{
	int a = words_stopped_actor(v);

	if (v->kernel.recorded)
		snprintf(buf, len, "%s", _("kernel: not recorded at this moment"));
	else if (v->kernel.kfill_why == RUN_KFILL_HELD && a >= 0)
		snprintf(buf, len, brief ? _("kernel: waits for %s") : _("kernel: not read, %s is stopped"),
			 v->shown.actors[a].name);
	else if (v->kernel.kfill_why == RUN_KFILL_HELD)
		snprintf(buf, len, "%s", _("kernel: not read, a step is held"));
	else if (v->kernel.kfill_why == RUN_KFILL_NO_HOLDER)
		snprintf(buf, len, "%s", brief ? _("kernel: no end to ask")
					       : _("kernel: no process holds an end to ask"));
	else
		snprintf(buf, len, "%s", _("kernel: not known yet"));
}

/* Contract in words.h. The words of the count are the channel's own; where
 * the kernel counts more than ipcviz's items make, the difference is named. */
void words_kernel_fill(const struct view *v, bool brief, char *buf, size_t len)
{
	const struct channel_desc *ch = view_desc(v);
	int k = v->kernel.kfill, free_places = v->kernel_capacity - k;
	int mk = v->kernel.model_kfill;

	if (k < 0 || !ch->kfill_unit || !ch->kfill_words) {
		words_no_kernel_fill(v, brief, buf, len);
		return;
	}
	ch->kfill_words(buf, len, k, free_places < 0 ? 0 : free_places, brief);
	if (mk < 0 || mk == k || v->kernel.recorded)
		return;
	size_t used = strlen(buf);
	if (ch->named && k > mk) /* written through the path by a process ipcviz did not start */
		snprintf(buf + used, len - used, brief ? _(", %d outside") : _(", %d from outside"),
			 k - mk);
	else /* not seen yet: the model's count is the one the trace gives */
		snprintf(buf + used, len - used, brief ? _(", ipcviz %d") : _(", ipcviz counts %d"), mk);
}

/* Contract in words.h. */
void words_fill(const struct view *v, struct words_fill *f)
{
	const struct model *m = &v->shown;
	int cap = m->capacity, pages = view_pages_used(v);
	bool split = view_split_items(v);
	bool empty = split ? pages == 0 : m->fill == 0;

	f->full = split ? pages >= cap : m->fill >= cap;
	f->word = f->full ? _("FULL") : empty ? _("empty") : "";
	if (split && pages < 0)
		snprintf(f->num, sizeof f->num, "%s", _("pages: ?"));
	else if (split)
		snprintf(f->num, sizeof f->num, ngettext("%d/%d page", "%d/%d pages", (unsigned long)cap),
			 pages, cap);
	else if (view_desc(v)->named)
		snprintf(f->num, sizeof f->num, ngettext("%d/%d line", "%d/%d lines", (unsigned long)cap),
			 m->fill, cap);
	else
		snprintf(f->num, sizeof f->num, "%d/%d", m->fill, cap);
	f->back[0] = '\0';
	if (view_desc(v)->duplex)
		snprintf(f->back, sizeof f->back, ngettext("%d answer back", "%d answers back",
							   (unsigned long)m->back_fill), m->back_fill);
}

/* Contract in words.h. Bigger than PIPE_BUF, items are written in parts that
 * may interleave; the items that did are counted. */
enum style words_size_line(const struct view *v, char *buf, size_t len)
{
	if (v->item_size > WORDS_PIPE_BUF || (v->item_size <= 0 && v->big_items)) {
		if (v->shown.mixed > 0) {
			snprintf(buf, len, ngettext("over PIPE_BUF: %ld item MIXED",
						    "over PIPE_BUF: %ld items MIXED",
						    (unsigned long)v->shown.mixed), v->shown.mixed);
			return words_flash(v);
		}
		if (v->item_size > 0)
			snprintf(buf, len, _("items of %d bytes: not atomic"), v->item_size);
		else
			snprintf(buf, len, "%s", _("items over PIPE_BUF: not atomic"));
		return STYLE_NOTE;
	}
	snprintf(buf, len, _("items of %d bytes: atomic"), v->item_size);
	return STYLE_NORMAL;
}

/* ---- a shared cell ------------------------------------------------------------------ */

/* Contract in words.h. */
const char *words_cell_title(const struct view *v, bool brief)
{
	bool counter = view_desc(v)->counter;

	if (brief)
		return counter ? _("shared counter") : _("shared value");
	return counter ? _("counter += 1: a load, then a store") : _("shared value: one memory cell");
}

/* Contract in words.h. */
const char *words_cell_state(const struct view *v)
{
	const struct model *m = &v->shown;

	if (!m->cell_written || view_desc(v)->counter)
		return NULL;
	return m->cell_read ? _("read") : _("not read yet");
}

/* Contract in words.h. */
void words_cell_labels(const struct view *v, const char *labels[3])
{
	bool counter = view_desc(v)->counter;

	labels[0] = counter ? _("stored") : _("written");
	labels[1] = counter ? _("loaded") : _("read");
	labels[2] = _("lost");
}

/* Contract in words.h. */
enum style words_lost_line(const struct view *v, char *buf, size_t len)
{
	const struct model *m = &v->shown;

	if (view_desc(v)->counter)
		snprintf(buf, len, ngettext("%ld update lost", "%ld updates lost",
					    (unsigned long)m->overwritten), m->overwritten);
	else
		snprintf(buf, len, _("lost: %ld   stale reads: %ld"), m->overwritten, m->stale);
	return m->overwritten > 0 ? STYLE_LOST : STYLE_NORMAL;
}

/* Contract in words.h. A counter with a lock is one whose operations wait;
 * the race without a lock never does. */
enum style words_lock_line(const struct view *v, char *buf, size_t len)
{
	const struct model *m = &v->shown;
	bool locked = view_desc(v)->blocks;
	int a = view_loaded_actor(v, 0);

	if (locked && a >= 0) {
		snprintf(buf, len, _("lock: held by %s"), m->actors[a].name);
		return STYLE_NOTE;
	}
	if (locked)
		snprintf(buf, len, "%s", _("lock: free"));
	else if (a < 0)
		snprintf(buf, len, "%s", _("no lock: nobody between load and store"));
	else {
		snprintf(buf, len, "%s", _("no lock; loaded:"));
		for (; a >= 0; a = view_loaded_actor(v, a + 1)) {
			size_t at = strlen(buf);
			/* TRANSLATORS: after "loaded:", an actor and the value it loaded */
			snprintf(buf + at, len - at, _(" %s %d"), m->actors[a].name,
				 (int)m->actors[a].last);
		}
	}
	return STYLE_PROC;
}

/* Contract in words.h. */
enum style words_result(const struct model *m, char *buf, size_t len)
{
	long long lost = (long long)(m->expected - m->counter);

	if (lost > 0) {
		snprintf(buf, len, ngettext("RESULT: counter %lld, expected %lld: %lld update lost",
					    "RESULT: counter %lld, expected %lld: %lld updates lost",
					    (unsigned long)lost),
			 (long long)m->counter, (long long)m->expected, lost);
		return STYLE_BLOCKED;
	}
	snprintf(buf, len, _("RESULT: counter %lld, expected %lld: nothing lost"),
		 (long long)m->counter, (long long)m->expected);
	return STYLE_GOOD;
}

/* ---- a FIFO's writer from outside ---------------------------------------------------- */

/* Contract in words.h. */
enum style words_outside(const struct view *v, char *buf, size_t len)
{
	const struct model *m = &v->shown;

	if (v->has_outside)
		snprintf(buf, len, _("outside wrote %d"), (int)v->outside_value);
	else if (m->outside > 0)
		snprintf(buf, len, ngettext("outside wrote %ld line", "outside wrote %ld lines",
					    (unsigned long)m->outside), m->outside);
	else
		snprintf(buf, len, "%s", _("outside: nobody yet"));
	return m->outside > 0 ? STYLE_NOTE : STYLE_DONE;
}

/* Contract in words.h. */
void words_outside_command(const struct view *v, char *label, size_t llen, char *cmd,
			   size_t clen)
{
	if (v->replay || v->finished) { /* gone, or nobody reads it: only where it is */
		snprintf(label, llen, "%s", _("its path: "));
		snprintf(cmd, clen, "%s", v->path);
	} else {
		/* TRANSLATORS: followed by the command to type, "echo 42 > /tmp/…/fifo" */
		snprintf(label, llen, "%s", _("another terminal: "));
		snprintf(cmd, clen, "echo 42 > %s", v->path);
	}
}

/* Contract in words.h. */
void words_channel_keys(char *buf, size_t len)
{
	char first = 0, last = 0;

	for (int k = 0; k < CHANNEL_KIND_COUNT; k++) {
		const struct channel_desc *ch = channel_desc_of((enum channel_kind)k);
		if (!ch || !ch->key)
			continue;
		if (!first || ch->key < first)
			first = ch->key;
		if (ch->key > last)
			last = ch->key;
	}
	if (first && first != last)
		snprintf(buf, len, "%c-%c", first, last);
	else if (first)
		snprintf(buf, len, "%c", first);
	else
		snprintf(buf, len, "%s", "");
}

/* Contract in words.h. */
void words_channel_key_list(char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int key = '1'; key <= '9' && used < len; key++) {
		const struct channel_desc *ch = channel_desc_by_key(key);
		if (!ch)
			continue;
		int n = snprintf(buf + used, len - used, "%s%c %s",
				 /* TRANSLATORS: between two entries of the help's list of
				    channel keys, "1 pipe, 2 POSIX message queue, …" */
				 used ? _(", ") : "", key, _(ch->name));
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* ---- the log ------------------------------------------------------------------------ */

/* Contract in words.h. */
enum style words_log_style(const struct view_log_line *l)
{
	if (l->message)
		return STYLE_BOLD;
	if (l->mixed)
		return STYLE_LOST;
	switch (l->type) {
	case EV_PART: return STYLE_NOTE;
	case EV_RESULT: return STYLE_BOLD;
	case EV_BLOCKED: return STYLE_BLOCKED_TEXT;
	case EV_OVERWRITTEN: return STYLE_LOST;
	case EV_STALE:
	case EV_NOTE: return STYLE_NOTE;
	case EV_KERNEL: return STYLE_PROC;
	case EV_ERROR:
	case EV_FAULT: return STYLE_KILLED;
	case EV_EXIT: return l->signal ? STYLE_KILLED : STYLE_DONE;
	case EV_UNBLOCKED: return STYLE_RUNNING;
	default: return STYLE_NORMAL;
	}
}
