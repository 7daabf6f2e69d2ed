/* lanes.c - the swim lanes follow the events: a column per slice of scenario
 * time, in a ring, each actor's cell holding its strongest state in that slice
 * and the marks of what it did. Columns with no event inherit the state the
 * actor was left in, so a long wait reads as one line. */
#include "lanes.h"

#include <stdbool.h>
#include <string.h>

#define LANES_MIN_COL_MS 10
#define LANES_DEFAULT_COL_MS 1000

/* The lane state of a model actor. */
static unsigned char lanes_state_of(const struct model_actor *a)
{
	switch (a->state) {
	case ACTOR_WAITING: return LANES_WAITING;
	case ACTOR_BLOCKED: return LANES_BLOCKED;
	case ACTOR_STOPPED: return LANES_STOPPED;
	case ACTOR_KILLED: return LANES_KILLED;
	case ACTOR_FINISHED: return LANES_DONE;
	default: return LANES_NONE;
	}
}

/* Contract in lanes.h. */
void lanes_reset(struct lanes *l, int64_t col_ms, const struct model *m)
{
	memset(l, 0, sizeof *l);
	l->col_ms = col_ms > 0 ? col_ms : LANES_DEFAULT_COL_MS;
	l->last_col = -1;
	l->nactors = m->nactors;
	for (int a = 0; a < m->nactors; a++)
		l->now[a] = lanes_state_of(&m->actors[a]);
	l->fill_now = model_counts_items(m) ? m->fill : -1;
	memset(l->fill, -1, sizeof l->fill);
}

static int lanes_slot(int64_t col)
{
	return (int)(col % LANES_COLS);
}

/* Opens the columns after the newest up to col, each actor in the state it was
 * left in. A jump longer than the ring only needs the ring's worth. */
static void lanes_advance(struct lanes *l, int64_t col)
{
	int64_t from = l->last_col + 1;

	if (col - from >= LANES_COLS)
		from = col - LANES_COLS + 1;
	for (int64_t c = from; c <= col; c++) {
		for (int a = 0; a < l->nactors; a++)
			l->cell[a][lanes_slot(c)] = l->now[a];
		l->fill[lanes_slot(c)] = (signed char)(l->fill_now > 127 ? 127 : l->fill_now);
	}
	l->last_col = col;
}

/* The stronger of two states: what a column shows when an actor had both. */
static unsigned char lanes_stronger(unsigned char cell, unsigned char st)
{
	unsigned char old = cell & LANES_STATE_MASK;

	return (unsigned char)((cell & ~LANES_STATE_MASK) | (st > old ? st : old));
}

static void lanes_mark(struct lanes *l, int a, unsigned mark)
{
	if (a >= 0 && a < l->nactors)
		l->cell[a][lanes_slot(l->last_col)] |= (unsigned char)mark;
}

/* Contract in lanes.h. */
void lanes_apply(struct lanes *l, const struct model *m, const struct event *ev)
{
	int64_t col = ev->t_ms / l->col_ms;

	if (ev->t_ms < 0)
		return;
	if (col > l->last_col)
		lanes_advance(l, col);
	else
		col = l->last_col; /* never back in time: a late event joins the newest column */
	for (int a = 0; a < l->nactors && a < m->nactors; a++) {
		l->now[a] = lanes_state_of(&m->actors[a]);
		l->cell[a][lanes_slot(col)] = lanes_stronger(l->cell[a][lanes_slot(col)], l->now[a]);
	}
	struct swim_hit hits[SWIM_HITS_MAX];
	int n = swim_hits(ev, l->nactors, hits, SWIM_HITS_MAX);
	for (int i = 0; i < n; i++)
		lanes_mark(l, hits[i].actor, hits[i].marks & LANES_MARKS);
	if (model_counts_items(m)) {
		l->fill_now = m->fill;
		l->fill[lanes_slot(col)] = (signed char)(m->fill > 127 ? 127 : m->fill);
	}
}

/* Contract in lanes.h. */
unsigned char lanes_cell(const struct lanes *l, int a, int64_t col)
{
	if (a < 0 || a >= l->nactors || col < 0)
		return LANES_NONE;
	if (col > l->last_col)
		return l->now[a];
	if (col <= l->last_col - LANES_COLS)
		return LANES_NONE;
	return l->cell[a][lanes_slot(col)];
}

/* Contract in lanes.h. */
int lanes_fill(const struct lanes *l, int64_t col)
{
	if (col < 0 || col <= l->last_col - LANES_COLS)
		return -1;
	if (col > l->last_col)
		return l->fill_now;
	return l->fill[lanes_slot(col)];
}

static int64_t lanes_gcd(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

static int64_t lanes_clamp(int64_t g)
{
	if (g <= 0)
		return LANES_DEFAULT_COL_MS;
	return g < LANES_MIN_COL_MS ? LANES_MIN_COL_MS : g;
}

/* Contract in lanes.h. */
int64_t lanes_col_ms_of(const struct scenario *sc)
{
	int64_t g = 0;

	for (int i = 0; i < sc->ngroups; i++) {
		g = lanes_gcd(g, sc->groups[i].interval_ms);
		g = lanes_gcd(g, sc->groups[i].start_ms);
	}
	for (size_t i = 0; i < sc->nactions; i++)
		g = lanes_gcd(g, sc->actions[i].at_ms);
	return lanes_clamp(g);
}

/* Contract in lanes.h. */
int64_t lanes_col_ms_of_events(const struct event *evs, size_t n)
{
	int64_t g = 0;

	for (size_t i = 0; i < n; i++)
		if (evs[i].t_ms > 0)
			g = lanes_gcd(g, evs[i].t_ms);
	return lanes_clamp(g);
}
