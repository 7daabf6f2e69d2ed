/* explore.h - every order of a scenario's steps, each on fresh real processes
 * (DESIGN section 12, `ipcviz explore`).
 *
 * At each point of a run the processes that can take a step now are the
 * choices (one asleep in the kernel or finished is none); an order is the
 * sequence of processes granted. The orders are enumerated depth first without
 * keeping the tree: each order is run from the start on processes forked anew,
 * through the same scheduler as a live run, following the previous order up to
 * its deepest choice with an untried alternative, then the first choice at
 * every later point. Memory is one choice per step of the longest order, plus
 * one record per distinct outcome. Each order's outcome comes from the events
 * of its run, and equal outcomes are counted together.
 *
 * Call order: explore_check (refuses what an exploration cannot do), then
 * explore_run, then explore_write_table or explore_write_json, then
 * explore_report_free.
 */
#ifndef IPCVIZ_EXPLORE_H
#define IPCVIZ_EXPLORE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "scenario.h"

#define EXPLORE_DEFAULT_LIMIT 10000L
#define EXPLORE_MAX_LIMIT 100000000L
#define EXPLORE_MAX_STEPS 100000  /* a longer order is a run that does not end */
#define EXPLORE_CELL_READS 2      /* reads of one value a reader may make in a row */

/* What a scenario's outcome is made of. */
enum explore_kind {
	EXPLORE_RACE,  /* a shared counter: what it holds against what it should */
	EXPLORE_CELL,  /* a shared value: values lost (overwritten unread), stale reads */
	EXPLORE_FLOW   /* a channel with items: how many went through, who slept */
};

/* How one order ended. Only the fields of the report's kind mean anything;
 * the others stay 0, so that two outcomes are equal when all fields are. */
struct explore_outcome {
	int64_t counter, expected;           /* race */
	long lost, stale;                    /* cell */
	long items;                          /* flow: items the consumers took */
	long blocked[SCENARIO_MAX_ACTORS];   /* flow: times each process slept */
	long epipe;                          /* flow: writes that failed with EPIPE */
	long errors;                         /* flow: other failed operations */
	long mixed;                          /* flow: items mixed of two writes */
	long deadlock;                       /* flow: 1 if the order ended in a deadlock */
	long eof;                            /* flow: reads that found end of file */
	uint32_t asleep;                     /* flow: bit a: a left asleep for ever
						(in the kernel, or stopped) */
	long count;                          /* orders that ended so */
	long fewest;                         /* steps of the shortest of them */
};

struct explore_report {
	char scenario[64];
	enum explore_kind kind;
	bool mixing;                  /* flow: items above PIPE_BUF can mix */
	bool multi;                   /* several channels (DESIGN 14): a deadlock and
				     end of file are part of each outcome */
	int nactors;
	char names[SCENARIO_MAX_ACTORS][SCENARIO_NAME_MAX];
	long schedules;               /* orders run */
	bool complete;                /* every order was run */
	int interrupted;              /* the quit signal that ended it early, or 0 */
	long deepest;                 /* steps of the longest order */
	const char *goal;             /* the [goal]'s reach ("lost-update"), or NULL
				     (none, or options.goal) */
	long goal_orders;             /* orders that reach the goal */
	long goal_fewest;             /* the fewest steps that reach it, -1 if none */
	double seconds;               /* wall time of the exploration */
	struct explore_outcome *outcomes; /* sorted by their fields (owned) */
	size_t noutcomes;
	size_t capoutcomes;
};

struct explore_options {
	long limit;                   /* at most this many orders */
	/* Called after each order with the report so far (outcomes unsorted);
	 * may be NULL. */
	void (*progress)(void *ctx, const struct explore_report *so_far);
	void *ctx;
	/* A goal, may be NULL: true for an event that reaches it (a lost update,
	 * a producer asleep on a full channel …). The report then says the fewest
	 * steps after which an order has reached it, and how many orders do.
	 * Without one, the scenario's own [goal] is the goal, as the scheduler's
	 * goal events say (within its `within`). */
	bool (*goal)(void *goal_ctx, const struct event *ev);
	void *goal_ctx;
	/* Set (by a signal handler) to end early: the run under way is killed
	 * and reaped, the report says what was explored. May be NULL. */
	volatile sig_atomic_t *quit;
};

/* Refuses a scenario whose runs cannot be explored: one that waits for a
 * process outside ipcviz (a FIFO), whose runs do not end by themselves. 0, or
 * -1 with "WHERE: what" in err. */
int explore_check(const struct scenario *sc, char *err, size_t errlen);

/* Runs every order of sc's steps, up to o->limit of them, and fills rep.
 * A script's actions happen as in choosing mode: when a chosen process's own
 * clock passes their time (scheduler.h, sched_step_actor), or, once no process
 * can move, next; they are not choices. A shared value's reader never waits, so it could read for ever: it may read
 * one value at most EXPLORE_CELL_READS times in a row, then waits for a write.
 * 0 (also when a quit signal ended it: rep->interrupted), or -1 with a message
 * on a runtime failure; nothing is left behind either way. */
int explore_run(const struct scenario *sc, const struct explore_options *o,
		struct explore_report *rep, char *err, size_t errlen);

/* The outcome's key fields compared (for sorting); count and fewest aside. */
int explore_outcome_cmp(const struct explore_outcome *a, const struct explore_outcome *b);

/* The report as a table, for a person (translated words). */
void explore_write_table(FILE *f, const struct explore_report *rep);
/* The report as JSON (DESIGN section 12): {"scenario", "schedules",
 * "complete", "outcomes": [{"result": {…}, "count": n}, …]}. 0, or -1. */
int explore_write_json(FILE *f, const struct explore_report *rep);

void explore_report_free(struct explore_report *rep);

#endif
