/* history.c - a run's events in chunks with model snapshots, bounded in memory.
 *
 * An event record is a few hundred bytes, mostly empty strings; stored as is,
 * 100,000 of them would take 40 MB. Here each event is packed: its time, type
 * and actor, a bit mask of the fields that differ from event_make()'s defaults,
 * then only those fields (integers as LEB128 varints, zigzag for signed ones).
 * The fields and how each is packed come from the one table, EVENT_FIELDS
 * (event_fields.h): a member added there is kept here too.
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

/* The members an event may carry beyond time, type and actor: one bit each,
 * in the order of EVENT_FIELDS. */
enum {
#define HISTORY_BIT(member, ...) HF_BIT_##member,
	EVENT_FIELDS(HISTORY_BIT, EVENT_FIELDS_SKIP, HISTORY_BIT)
#undef HISTORY_BIT
	HF_COUNT
};
_Static_assert(HF_COUNT <= 64, "the mask of an event's members is 64 bits");

/* The most bytes one member takes packed, by codec: a number as a ten-byte
 * varint, a string whole with its length, a bool nothing (its bit says it). */
#define HISTORY_MAX_I32(size) 10
#define HISTORY_MAX_INT(size) 10
#define HISTORY_MAX_COUNT(size) 10
#define HISTORY_MAX_OPT(size) 10
#define HISTORY_MAX_SIGNAL(size) 10
#define HISTORY_MAX_I64(size) 10
#define HISTORY_MAX_ERRNO(size) 10
#define HISTORY_MAX_ACTOR(size) 10
#define HISTORY_MAX_OP(size) 10
#define HISTORY_MAX_BOOL(size) 0
#define HISTORY_MAX_CHAR(size) 1
#define HISTORY_MAX_F64(size) 8
#define HISTORY_MAX_STR(size) (10 + (size))
#define HISTORY_MAX_ACTORS(size) (10 + EVENT_ACTORS_MAX * 10)

/* The most bytes one packed event can take: the head (time, type, actor, the
 * mask) and every member at its longest. */
#define HISTORY_MEMBER_MAX(member, ctype, dims, codec, ...) \
	+HISTORY_MAX_##codec(sizeof(((struct event *)0)->member))
#define HISTORY_EVENT_MAX \
	(4 * 10 EVENT_FIELDS(HISTORY_MEMBER_MAX, EVENT_FIELDS_SKIP, HISTORY_MEMBER_MAX))

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

/* The packers of the codecs (event_fields.h): history_put_X writes the member
 * at p and returns the bytes used; history_get_X reads it back and moves *off. */
#define HISTORY_INT_CODEC(codec, type) \
	static size_t history_put_##codec(unsigned char *p, const type *v) \
	{ \
		return history_put_varint(p, history_zigzag(*v)); \
	} \
	static void history_get_##codec(const unsigned char *p, size_t *off, type *v) \
	{ \
		*v = (type)history_unzigzag(history_get_varint(p, off)); \
	}
HISTORY_INT_CODEC(I32, int32_t)
HISTORY_INT_CODEC(INT, int)
HISTORY_INT_CODEC(I64, int64_t)
HISTORY_INT_CODEC(OP, enum event_op)
#undef HISTORY_INT_CODEC
#define history_put_COUNT history_put_INT
#define history_get_COUNT history_get_INT
#define history_put_OPT history_put_INT
#define history_get_OPT history_get_INT
#define history_put_SIGNAL history_put_INT
#define history_get_SIGNAL history_get_INT
#define history_put_ERRNO history_put_INT
#define history_get_ERRNO history_get_INT
#define history_put_ACTOR history_put_INT
#define history_get_ACTOR history_get_INT

/* A bool is set only when true, and then its bit is all there is to say. */
#define history_put_BOOL(p, v) ((void)(v), (size_t)0)
#define history_get_BOOL(p, off, v) (*(v) = true)

static size_t history_put_CHAR(unsigned char *p, const char *v)
{
	p[0] = (unsigned char)*v;
	return 1;
}

static void history_get_CHAR(const unsigned char *p, size_t *off, char *v)
{
	*v = (char)p[(*off)++];
}

static size_t history_put_F64(unsigned char *p, const double *v)
{
	memcpy(p, v, sizeof *v);
	return sizeof *v;
}

static void history_get_F64(const unsigned char *p, size_t *off, double *v)
{
	memcpy(v, p + *off, sizeof *v);
	*off += sizeof *v;
}

/* v points to the whole char[n]. */
#define history_put_STR(p, v) history_put_string(p, *(v), sizeof *(v))
#define history_get_STR(p, off, v) history_get_string(p, off, *(v), sizeof *(v))

static size_t history_put_ACTORS(unsigned char *p, const struct event_actors *v)
{
	int n = v->n < 0 ? 0 : v->n > EVENT_ACTORS_MAX ? EVENT_ACTORS_MAX : v->n;
	size_t used = history_put_varint(p, (uint64_t)n);

	for (int i = 0; i < n; i++)
		used += history_put_varint(p + used, history_zigzag(v->actor[i]));
	return used;
}

static void history_get_ACTORS(const unsigned char *p, size_t *off, struct event_actors *v)
{
	v->n = (int)history_get_varint(p, off);
	for (int i = 0; i < v->n; i++)
		v->actor[i] = (signed char)history_unzigzag(history_get_varint(p, off));
}

/* Which members of ev differ from event_make()'s defaults (byte for byte, so
 * that what comes back is exactly what went in). */
static uint64_t history_mask(const struct event *ev)
{
	const struct event dflt = event_make(EV_SPAWN, 0, 0);
	uint64_t m = 0;

#define HISTORY_MASK(member, ...) \
	if (memcmp(&ev->member, &dflt.member, sizeof ev->member) != 0) \
		m |= UINT64_C(1) << HF_BIT_##member;
	EVENT_FIELDS(HISTORY_MASK, EVENT_FIELDS_SKIP, HISTORY_MASK)
#undef HISTORY_MASK
	return m;
}

/* Packs ev into p (at least HISTORY_EVENT_MAX bytes); returns the bytes used. */
static size_t history_pack(unsigned char *p, const struct event *ev)
{
	uint64_t m = history_mask(ev);
	size_t n = 0;

	n += history_put_varint(p + n, history_zigzag(ev->t_ms));
	n += history_put_varint(p + n, (uint64_t)ev->type);
	n += history_put_varint(p + n, history_zigzag(ev->actor));
	n += history_put_varint(p + n, m);
#define HISTORY_PACK(member, ctype, dims, codec, ...) \
	if (m & UINT64_C(1) << HF_BIT_##member) \
		n += history_put_##codec(p + n, &ev->member);
	EVENT_FIELDS(HISTORY_PACK, EVENT_FIELDS_SKIP, HISTORY_PACK)
#undef HISTORY_PACK
	return n;
}

/* Unpacks the event at p + *off into *ev and moves *off past it. */
static void history_unpack(const unsigned char *p, size_t *off, struct event *ev)
{
	int64_t t = history_unzigzag(history_get_varint(p, off));
	enum event_type type = (enum event_type)history_get_varint(p, off);
	int actor = (int)history_unzigzag(history_get_varint(p, off));
	uint64_t m = history_get_varint(p, off);

	*ev = event_make(type, actor, t);
#define HISTORY_UNPACK(member, ctype, dims, codec, ...) \
	if (m & UINT64_C(1) << HF_BIT_##member) \
		history_get_##codec(p, off, &ev->member);
	EVENT_FIELDS(HISTORY_UNPACK, EVENT_FIELDS_SKIP, HISTORY_UNPACK)
#undef HISTORY_UNPACK
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
