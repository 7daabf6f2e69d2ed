/* history.c - a run's events in chunks with model snapshots, bounded in memory.
 *
 * An event record is a few hundred bytes, mostly empty strings; stored as is,
 * 100,000 of them would take 40 MB. Here each event is packed: its time, type
 * and actor, a bit mask of the fields that differ from event_make()'s defaults,
 * then only those fields (integers as LEB128 varints, zigzag for signed ones).
 * A typical event takes about ten bytes, so the snapshot at the head of each
 * chunk (one struct model) costs more than its events, and
 * HISTORY_CHUNK_EVENTS balances the two against the cost of a rebuild (at most
 * a chunk's worth of model_apply calls).
 *
 * Memory is counted as allocated (struct sizes and buffer capacities), and the
 * oldest chunk is dropped whenever the count or the events kept pass the
 * bounds. The newest chunk is never dropped.
 */
#include "history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* The fields an event may carry beyond time, type and actor: one bit each. */
enum {
	HF_VALUE = 1u << 0, HF_FILL = 1u << 1, HF_OP = 1u << 2, HF_PID = 1u << 3,
	HF_STATUS = 1u << 4, HF_SIGNAL = 1u << 5, HF_ERR = 1u << 6, HF_BY = 1u << 7,
	HF_STATE = 1u << 8, HF_WCHAN = 1u << 9, HF_SYSCALL = 1u << 10, HF_KFILL = 1u << 11,
	HF_COUNTER = 1u << 12, HF_EXPECTED = 1u << 13, HF_ACTION = 1u << 14,
	HF_TARGET = 1u << 15, HF_TEXT = 1u << 16, HF_WALL = 1u << 17
};

/* The most bytes one packed event can take: the fixed part, every number as a
 * ten-byte varint, every string whole with its length. */
#define HISTORY_EVENT_MAX \
	(10 * 16 + 8 + sizeof(((struct event *)0)->wchan) + \
	 sizeof(((struct event *)0)->syscall) + sizeof(((struct event *)0)->action) + \
	 sizeof(((struct event *)0)->text) + 4 * 10)

struct history_chunk {
	struct history_chunk *next;
	uint64_t first_event;      /* absolute index of its first event */
	size_t nevents;
	struct model snap;         /* the state before its first event */
	unsigned char *buf;        /* packed events */
	size_t used, cap;
	long first_step;           /* the number of the first step that ends here */
	uint64_t *step_end;        /* one past each such step's last event */
	int64_t *step_t;           /* the time of that event */
	size_t nsteps, capsteps;
};

struct history {
	struct history_chunk *head, *tail;
	size_t nchunks;
	struct model cur;          /* after every event pushed */
	uint64_t total;            /* events pushed */
	uint64_t step_start;       /* the first event of the step being pushed */
	long steps;                /* steps ended */
	size_t kept;
	size_t bytes;
	size_t max_events, max_bytes;
};

/* ---- packing --------------------------------------------------------------- */

static size_t history_put_varint(unsigned char *p, uint64_t v)
{
	size_t n = 0;

	do {
		unsigned char b = v & 0x7f;
		v >>= 7;
		p[n++] = b | (v ? 0x80 : 0);
	} while (v);
	return n;
}

static uint64_t history_get_varint(const unsigned char *p, size_t *off)
{
	uint64_t v = 0;
	int shift = 0;
	unsigned char b;

	do {
		b = p[(*off)++];
		if (shift < 64)
			v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	return v;
}

static uint64_t history_zigzag(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t history_unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

static size_t history_put_string(unsigned char *p, const char *s, size_t max)
{
	size_t len = strnlen(s, max - 1), n = history_put_varint(p, len);

	memcpy(p + n, s, len);
	return n + len;
}

static void history_get_string(const unsigned char *p, size_t *off, char *dst, size_t max)
{
	size_t len = (size_t)history_get_varint(p, off);

	memcpy(dst, p + *off, len < max ? len : max - 1);
	dst[len < max ? len : max - 1] = '\0';
	*off += len;
}

/* Which fields of ev differ from event_make()'s defaults. */
static uint32_t history_mask(const struct event *ev)
{
	uint32_t m = 0;

	m |= ev->has_value ? HF_VALUE : 0;
	m |= ev->fill != -1 ? HF_FILL : 0;
	m |= ev->op != OP_NONE ? HF_OP : 0;
	m |= ev->pid ? HF_PID : 0;
	m |= ev->status ? HF_STATUS : 0;
	m |= ev->signal ? HF_SIGNAL : 0;
	m |= ev->err ? HF_ERR : 0;
	m |= ev->by != -1 ? HF_BY : 0;
	m |= ev->state ? HF_STATE : 0;
	m |= ev->wchan[0] ? HF_WCHAN : 0;
	m |= ev->syscall[0] ? HF_SYSCALL : 0;
	m |= ev->kfill != -1 ? HF_KFILL : 0;
	m |= ev->counter ? HF_COUNTER : 0;
	m |= ev->expected ? HF_EXPECTED : 0;
	m |= ev->action[0] ? HF_ACTION : 0;
	m |= ev->target != -1 ? HF_TARGET : 0;
	m |= ev->text[0] ? HF_TEXT : 0;
	m |= ev->wall != 0 ? HF_WALL : 0;
	return m;
}

/* Packs ev into p (at least HISTORY_EVENT_MAX bytes); returns the bytes used. */
static size_t history_pack(unsigned char *p, const struct event *ev)
{
	uint32_t m = history_mask(ev);
	size_t n = 0;

	n += history_put_varint(p + n, history_zigzag(ev->t_ms));
	n += history_put_varint(p + n, (uint64_t)ev->type);
	n += history_put_varint(p + n, history_zigzag(ev->actor));
	n += history_put_varint(p + n, m);
	if (m & HF_VALUE)
		n += history_put_varint(p + n, history_zigzag(ev->value));
	if (m & HF_FILL)
		n += history_put_varint(p + n, history_zigzag(ev->fill));
	if (m & HF_OP)
		n += history_put_varint(p + n, (uint64_t)ev->op);
	if (m & HF_PID)
		n += history_put_varint(p + n, history_zigzag(ev->pid));
	if (m & HF_STATUS)
		n += history_put_varint(p + n, history_zigzag(ev->status));
	if (m & HF_SIGNAL)
		n += history_put_varint(p + n, history_zigzag(ev->signal));
	if (m & HF_ERR)
		n += history_put_varint(p + n, history_zigzag(ev->err));
	if (m & HF_BY)
		n += history_put_varint(p + n, history_zigzag(ev->by));
	if (m & HF_STATE)
		p[n++] = (unsigned char)ev->state;
	if (m & HF_WCHAN)
		n += history_put_string(p + n, ev->wchan, sizeof ev->wchan);
	if (m & HF_SYSCALL)
		n += history_put_string(p + n, ev->syscall, sizeof ev->syscall);
	if (m & HF_KFILL)
		n += history_put_varint(p + n, history_zigzag(ev->kfill));
	if (m & HF_COUNTER)
		n += history_put_varint(p + n, history_zigzag(ev->counter));
	if (m & HF_EXPECTED)
		n += history_put_varint(p + n, history_zigzag(ev->expected));
	if (m & HF_ACTION)
		n += history_put_string(p + n, ev->action, sizeof ev->action);
	if (m & HF_TARGET)
		n += history_put_varint(p + n, history_zigzag(ev->target));
	if (m & HF_TEXT)
		n += history_put_string(p + n, ev->text, sizeof ev->text);
	if (m & HF_WALL) {
		memcpy(p + n, &ev->wall, sizeof ev->wall);
		n += sizeof ev->wall;
	}
	return n;
}

/* Unpacks the event at p + *off into *ev and moves *off past it. */
static void history_unpack(const unsigned char *p, size_t *off, struct event *ev)
{
	int64_t t = history_unzigzag(history_get_varint(p, off));
	enum event_type type = (enum event_type)history_get_varint(p, off);
	int actor = (int)history_unzigzag(history_get_varint(p, off));
	uint32_t m = (uint32_t)history_get_varint(p, off);

	*ev = event_make(type, actor, t);
	if (m & HF_VALUE) {
		ev->has_value = true;
		ev->value = (int32_t)history_unzigzag(history_get_varint(p, off));
	}
	if (m & HF_FILL)
		ev->fill = (int)history_unzigzag(history_get_varint(p, off));
	if (m & HF_OP)
		ev->op = (enum event_op)history_get_varint(p, off);
	if (m & HF_PID)
		ev->pid = (int)history_unzigzag(history_get_varint(p, off));
	if (m & HF_STATUS)
		ev->status = (int)history_unzigzag(history_get_varint(p, off));
	if (m & HF_SIGNAL)
		ev->signal = (int)history_unzigzag(history_get_varint(p, off));
	if (m & HF_ERR)
		ev->err = (int)history_unzigzag(history_get_varint(p, off));
	if (m & HF_BY)
		ev->by = (int)history_unzigzag(history_get_varint(p, off));
	if (m & HF_STATE)
		ev->state = (char)p[(*off)++];
	if (m & HF_WCHAN)
		history_get_string(p, off, ev->wchan, sizeof ev->wchan);
	if (m & HF_SYSCALL)
		history_get_string(p, off, ev->syscall, sizeof ev->syscall);
	if (m & HF_KFILL)
		ev->kfill = (int)history_unzigzag(history_get_varint(p, off));
	if (m & HF_COUNTER)
		ev->counter = history_unzigzag(history_get_varint(p, off));
	if (m & HF_EXPECTED)
		ev->expected = history_unzigzag(history_get_varint(p, off));
	if (m & HF_ACTION)
		history_get_string(p, off, ev->action, sizeof ev->action);
	if (m & HF_TARGET)
		ev->target = (int)history_unzigzag(history_get_varint(p, off));
	if (m & HF_TEXT)
		history_get_string(p, off, ev->text, sizeof ev->text);
	if (m & HF_WALL) {
		memcpy(&ev->wall, p + *off, sizeof ev->wall);
		*off += sizeof ev->wall;
	}
}

/* ---- chunks ---------------------------------------------------------------- */

static size_t history_chunk_bytes(const struct history_chunk *c)
{
	return sizeof *c + c->cap + c->capsteps * (sizeof *c->step_end + sizeof *c->step_t);
}

/* The most one chunk can hold: its events' buffer grown by doubling from empty
 * to the worst case, and a step per event. */
static size_t history_chunk_bytes_max(void)
{
	return sizeof(struct history_chunk) + 2 * HISTORY_CHUNK_EVENTS * HISTORY_EVENT_MAX +
	       2 * HISTORY_CHUNK_EVENTS * (sizeof(uint64_t) + sizeof(int64_t));
}

static void history_chunk_free(struct history_chunk *c)
{
	free(c->buf);
	free(c->step_end);
	free(c->step_t);
	free(c);
}

/* Drops the oldest chunk while the bounds are passed; the newest stays. */
static void history_trim(struct history *h)
{
	while (h->head != h->tail && (h->kept > h->max_events || h->bytes > h->max_bytes)) {
		struct history_chunk *c = h->head;
		h->head = c->next;
		h->kept -= c->nevents;
		h->bytes -= history_chunk_bytes(c);
		h->nchunks--;
		history_chunk_free(c);
	}
}

/* A new chunk at the tail, its snapshot the state now. -1 when out of memory. */
static int history_new_chunk(struct history *h)
{
	struct history_chunk *c = calloc(1, sizeof *c);

	if (!c)
		return -1;
	c->first_event = h->total;
	c->snap = h->cur;
	c->first_step = h->steps;
	if (h->tail)
		h->tail->next = c;
	else
		h->head = c;
	h->tail = c;
	h->nchunks++;
	h->bytes += history_chunk_bytes(c);
	return 0;
}

/* Makes room for `need` more bytes in the tail chunk's buffer. 0 or -1. */
static int history_reserve(struct history *h, size_t need)
{
	struct history_chunk *c = h->tail;
	size_t ncap = c->cap ? c->cap : 4096;
	unsigned char *grown;

	if (c->used + need <= c->cap)
		return 0;
	while (ncap < c->used + need)
		ncap *= 2;
	grown = realloc(c->buf, ncap);
	if (!grown)
		return -1;
	h->bytes += ncap - c->cap;
	c->buf = grown;
	c->cap = ncap;
	return 0;
}

/* ---- the interface ------------------------------------------------------------ */

/* Contract in history.h. */
struct history *history_create(const struct model *start, size_t max_events,
			       size_t max_bytes, char *err, size_t errlen)
{
	struct history *h = calloc(1, sizeof *h);

	if (!h) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		return NULL;
	}
	h->cur = *start;
	h->max_events = max_events ? max_events : HISTORY_DEFAULT_EVENTS;
	h->max_bytes = max_bytes ? max_bytes : HISTORY_DEFAULT_BYTES;
	if (h->max_bytes < 4 * history_chunk_bytes_max())
		h->max_bytes = 4 * history_chunk_bytes_max();
	h->bytes = sizeof *h;
	return h;
}

/* Contract in history.h. */
void history_free(struct history *h)
{
	if (!h)
		return;
	while (h->head) {
		struct history_chunk *c = h->head;
		h->head = c->next;
		history_chunk_free(c);
	}
	free(h);
}

/* Contract in history.h. */
int history_push(struct history *h, const struct event *ev)
{
	unsigned char packed[HISTORY_EVENT_MAX];
	struct event copy = *ev;
	size_t n;

	if ((!h->tail || h->tail->nevents == HISTORY_CHUNK_EVENTS) && history_new_chunk(h) != 0)
		return -1;
	n = history_pack(packed, ev);
	if (history_reserve(h, n) != 0)
		return -1;
	memcpy(h->tail->buf + h->tail->used, packed, n);
	h->tail->used += n;
	h->tail->nevents++;
	h->total++;
	h->kept++;
	model_apply(&h->cur, &copy);
	history_trim(h);
	return 0;
}

/* Contract in history.h. */
void history_end_step(struct history *h)
{
	struct history_chunk *c = h->tail;

	if (!c || h->total == h->step_start)
		return;
	if (c->nsteps == c->capsteps) {
		size_t ncap = c->capsteps ? c->capsteps * 2 : 64;
		uint64_t *ends = realloc(c->step_end, ncap * sizeof *ends);
		if (ends)
			c->step_end = ends;
		int64_t *ts = ends ? realloc(c->step_t, ncap * sizeof *ts) : NULL;
		if (ts)
			c->step_t = ts;
		if (!ends || !ts)
			return; /* out of memory: this step merges into the next one */
		h->bytes += (ncap - c->capsteps) * (sizeof *ends + sizeof *ts);
		c->capsteps = ncap;
	}
	c->step_end[c->nsteps] = h->total;
	c->step_t[c->nsteps] = h->cur.t_ms;
	c->nsteps++;
	h->steps++;
	h->step_start = h->total;
	history_trim(h);
}

/* Contract in history.h. */
long history_steps(const struct history *h)
{
	return h->steps;
}

/* Contract in history.h. */
long history_first_step(const struct history *h)
{
	return h->head ? h->head->first_step : h->steps;
}

/* The chunk where step `step` ends and its place there; NULL if not kept. */
static const struct history_chunk *history_find_step(const struct history *h, long step,
						     size_t *at)
{
	for (const struct history_chunk *c = h->head; c; c = c->next)
		if (step >= c->first_step && step < c->first_step + (long)c->nsteps) {
			*at = (size_t)(step - c->first_step);
			return c;
		}
	return NULL;
}

/* Contract in history.h. */
int64_t history_step_time(const struct history *h, long step)
{
	size_t at;
	const struct history_chunk *c = history_find_step(h, step, &at);

	return c ? c->step_t[at] : -1;
}

/* Contract in history.h. */
size_t history_step_events(const struct history *h, long step)
{
	size_t at, prev_at;
	const struct history_chunk *c = history_find_step(h, step, &at), *p;
	uint64_t start;

	if (!c)
		return 0;
	if (at > 0)
		start = c->step_end[at - 1];
	else if ((p = history_find_step(h, step - 1, &prev_at)))
		start = p->step_end[prev_at];
	else
		start = h->head->first_event; /* the first kept: only its kept part */
	return (size_t)(c->step_end[at] - start);
}

/* Contract in history.h. */
int history_seek(const struct history *h, long step, size_t lead, struct model *m,
		 struct history_iter *it)
{
	size_t at;
	const struct history_chunk *c = history_find_step(h, step, &at), *from = h->head;
	uint64_t end, want;

	if (!c)
		return -1;
	end = c->step_end[at];
	want = end > lead ? end - lead : 0;
	for (const struct history_chunk *k = h->head; k && k->first_event <= want; k = k->next)
		from = k;
	*m = from->snap;
	*it = (struct history_iter){.h = h, .chunk = from, .off = 0, .index = from->first_event,
				    .end = end};
	return 0;
}

/* Contract in history.h. */
int history_next(struct history_iter *it, struct event *ev)
{
	const struct history_chunk *c = it->chunk;

	if (it->index >= it->end || !c)
		return 0;
	while (it->index >= c->first_event + c->nevents) {
		c = c->next;
		if (!c)
			return 0;
		it->chunk = c;
		it->off = 0;
	}
	history_unpack(c->buf, &it->off, ev);
	it->index++;
	return 1;
}

/* Contract in history.h. */
int history_state(const struct history *h, long step, struct model *m)
{
	struct history_iter it;
	struct event ev;

	if (history_seek(h, step, 0, m, &it) != 0)
		return -1;
	while (history_next(&it, &ev))
		model_apply(m, &ev);
	return 0;
}

/* Contract in history.h. */
const struct model *history_model(const struct history *h)
{
	return &h->cur;
}

/* Contract in history.h. */
uint64_t history_total_events(const struct history *h)
{
	return h->total;
}

/* Contract in history.h. */
size_t history_kept_events(const struct history *h)
{
	return h->kept;
}

/* Contract in history.h. */
size_t history_bytes(const struct history *h)
{
	return h->bytes;
}

/* Contract in history.h. */
size_t history_bytes_max(const struct history *h)
{
	return h->max_bytes;
}
