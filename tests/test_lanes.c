/* test_lanes.c - the swim lanes' data (ui/lanes.c) from synthetic events
 * through the model: a column per slice of time holding each actor's strongest
 * state and the marks of what it did, states carried on through quiet columns,
 * the channel's fill, the ring that keeps the latest columns, and the column
 * width a scenario or a trace gets. */
#include <criterion/criterion.h>

#include <string.h>

#include "event.h"
#include "lanes.h"
#include "model.h"
#include "scenario.h"

enum { P, C };

static struct model M;
static struct lanes L;

/* A queue of 4 with a producer and a consumer, lanes of 100 ms a column. */
static void start(void)
{
	static const char names[][SCENARIO_NAME_MAX] = {"producer", "consumer"};
	static const enum role roles[] = {ROLE_PRODUCER, ROLE_CONSUMER};

	model_init(&M, CHANNEL_QUEUE, 4, 2, names, roles);
	lanes_reset(&L, 100, &M);
}

static void apply(struct event e)
{
	model_apply(&M, &e);
	lanes_apply(&L, &M, &e);
}

static struct event ev(enum event_type type, int actor, int64_t t_ms)
{
	struct event e = event_make(type, actor, t_ms);

	if (type == EV_PUT || type == EV_GOT) {
		e.has_value = true;
		e.value = 1;
	}
	return e;
}

Test(lanes, empty_lanes_know_nothing_yet)
{
	start();
	cr_expect_eq(L.col_ms, 100);
	cr_expect_eq(L.last_col, -1);
	cr_expect_eq(lanes_cell(&L, P, 0), LANES_NONE);
	cr_expect_eq(lanes_fill(&L, 0), 0); /* a channel of items starts empty */
	cr_expect_eq(lanes_cell(&L, 7, 0), LANES_NONE); /* no such actor */
	cr_expect_eq(lanes_cell(&L, P, -1), LANES_NONE);
}

Test(lanes, a_put_marks_its_column_and_the_state_carries_on)
{
	start();
	apply(ev(EV_SPAWN, P, 0));
	apply(ev(EV_SPAWN, C, 0));
	apply(ev(EV_PUT, P, 250));
	cr_expect_eq(L.last_col, 2);
	cr_expect_eq(lanes_cell(&L, P, 0) & LANES_STATE_MASK, LANES_WAITING);
	cr_expect_eq(lanes_cell(&L, P, 1), LANES_WAITING); /* a quiet column: as it was left */
	cr_expect(lanes_cell(&L, P, 2) & LANES_PUT);
	cr_expect_not(lanes_cell(&L, C, 2) & LANES_PUT);
	cr_expect_eq(lanes_cell(&L, P, 9), LANES_WAITING); /* past the newest: no marks */
	cr_expect_eq(lanes_fill(&L, 2), 1);
	cr_expect_eq(lanes_fill(&L, 1), 0);
	cr_expect_eq(lanes_fill(&L, 9), 1);
}

Test(lanes, a_column_shows_the_strongest_state_it_had)
{
	start();
	apply(ev(EV_SPAWN, C, 0));
	struct event b = ev(EV_BLOCKED, C, 120);
	b.op = OP_GET;
	apply(b);
	struct event u = ev(EV_UNBLOCKED, C, 150);
	u.op = OP_GET;
	apply(u);
	cr_expect_eq(lanes_cell(&L, C, 1) & LANES_STATE_MASK, LANES_BLOCKED);
	cr_expect_eq(lanes_cell(&L, C, 2), LANES_WAITING);
}

Test(lanes, lost_mixed_faults_and_kills_are_marked)
{
	start();
	apply(ev(EV_SPAWN, P, 0));
	apply(ev(EV_SPAWN, C, 0));
	struct event g = ev(EV_GOT, C, 100);
	g.mixed = true;
	apply(g);
	/* a got, and a lost value: the lane draws the lost mark over the got */
	cr_expect(lanes_cell(&L, C, 1) & LANES_LOST);
	cr_expect(lanes_cell(&L, C, 1) & LANES_GOT);
	struct event f = ev(EV_FAULT, EVENT_ACTOR_IPCVIZ, 200);
	snprintf(f.action, sizeof f.action, "kill");
	f.target = P;
	apply(f);
	cr_expect(lanes_cell(&L, P, 2) & LANES_FAULT);
	struct event x = ev(EV_EXIT, C, 300);
	x.signal = 9;
	x.status = -1;
	apply(x);
	cr_expect(lanes_cell(&L, C, 3) & LANES_FAULT);
	cr_expect_eq(lanes_cell(&L, C, 4), LANES_KILLED);
}

Test(lanes, a_late_event_joins_the_newest_column)
{
	start();
	apply(ev(EV_SPAWN, P, 0));
	apply(ev(EV_PUT, P, 500));
	apply(ev(EV_PUT, P, 100)); /* never back in time */
	cr_expect_eq(L.last_col, 5);
	cr_expect_not(lanes_cell(&L, P, 1) & LANES_PUT);
	cr_expect_eq(lanes_fill(&L, 5), 2);
}

Test(lanes, the_ring_keeps_the_latest_columns)
{
	start();
	apply(ev(EV_SPAWN, P, 0));
	apply(ev(EV_PUT, P, 100));
	int64_t far = (int64_t)(LANES_COLS + 10) * 100;
	apply(ev(EV_PUT, P, far));
	cr_expect_eq(lanes_cell(&L, P, 1), LANES_NONE); /* fell out of the ring */
	cr_expect_eq(lanes_fill(&L, 1), -1);
	cr_expect(lanes_cell(&L, P, LANES_COLS + 10) & LANES_PUT);
	cr_expect_eq(lanes_cell(&L, P, LANES_COLS + 9), LANES_WAITING);
	cr_expect_eq(lanes_fill(&L, LANES_COLS + 9), 1);
}

Test(lanes, a_shared_value_has_no_fill)
{
	static const char names[][SCENARIO_NAME_MAX] = {"writer", "reader"};
	static const enum role roles[] = {ROLE_PRODUCER, ROLE_CONSUMER};

	model_init(&M, CHANNEL_SHM, 0, 2, names, roles);
	lanes_reset(&L, 100, &M);
	cr_expect_eq(lanes_fill(&L, 0), -1);
	struct event w = event_make(EV_WRITE, 0, 100);
	w.has_value = true;
	w.value = 3;
	apply(w);
	cr_expect(lanes_cell(&L, 0, 1) & LANES_PUT);
	cr_expect_eq(lanes_fill(&L, 1), -1);
}

Test(lanes, a_column_fits_every_time_of_the_scenario)
{
	struct scenario sc;
	char err[512];

	memset(&sc, 0, sizeof sc);
	sc.ngroups = 2;
	sc.groups[0].interval_ms = 300;
	sc.groups[1].interval_ms = 450;
	sc.groups[1].start_ms = 150;
	cr_expect_eq(lanes_col_ms_of(&sc), 150);
	sc.groups[0].interval_ms = 3;
	sc.groups[1].interval_ms = 0;
	sc.groups[1].start_ms = 0;
	cr_expect_eq(lanes_col_ms_of(&sc), 10); /* never under 10 ms */
	memset(&sc, 0, sizeof sc);
	cr_expect_eq(lanes_col_ms_of(&sc), 1000); /* no times at all */
	cr_assert_eq(scenario_load("queue", &sc, err, sizeof err), 0, "%s", err);
	cr_expect_gt(lanes_col_ms_of(&sc), 0);
	scenario_free(&sc);

	struct event evs[3] = {event_make(EV_PUT, 0, 0), event_make(EV_PUT, 0, 400),
			       event_make(EV_GOT, 1, 600)};
	cr_expect_eq(lanes_col_ms_of_events(evs, 3), 200);
	cr_expect_eq(lanes_col_ms_of_events(evs, 1), 1000);
}
