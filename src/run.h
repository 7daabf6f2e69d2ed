/* run.h - one interface to a run, whatever makes its events.
 *
 * Two things make the events the screen, the headless timeline and the
 * recorder show: the live scheduler over real processes (run_live.c, around
 * scheduler.h) and a trace file played back (replay.c). Both are a `struct run`
 * with a table of operations, so that the code that paces and shows a run is
 * written once and has no branch on where the events come from:
 *
 *     while (!run_finished(r)) {
 *             wait until run_next_due(r) in wall time, as --speed says,
 *             watching run_fds(r) and calling run_service(r) when one speaks;
 *             run_step(r, RUN_ANY, …);
 *             for each of run_events(r): show, trace, history …
 *     }
 *     run_destroy(r);
 *
 * A step is the unit of the whole program: what one grant, one fault or the
 * start produced (the granted actor's event and what it caused). The history
 * keeps the same steps, so a step forward and a step back move by the same
 * thing, live or replayed.
 *
 * Room is left for what comes next: run_step takes the actor to grant (RUN_ANY
 * for the scheduler's own choice: choosing mode and --schedule pass one),
 * run_peek says which actor moves next and with what operation, before it
 * does (predictions), and run_can_step says who can take a step now and why
 * the others cannot (choosing mode). An implementation that cannot answer one
 * of these leaves the operation NULL; the wrapper then says "not known".
 */
#ifndef IPCVIZ_RUN_H
#define IPCVIZ_RUN_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "model.h"
#include "procinfo.h"
#include "scenario.h"

#define RUN_ANY (-1) /* run_step: the scheduler's own choice of actor */

struct run;

/* What a run shows about its channel and itself, fixed for the whole run. */
struct run_info {
	bool live;                /* real processes are behind it: /proc, faults,
				     another channel; false for a trace */
	const char *kernel_name;  /* "/ipcviz-4242-1", "pipe:[81234]" */
	const char *path;         /* a named FIFO's path, "" if none */
	int capacity;             /* as the scenario (or trace) gives it */
	int kernel_capacity;      /* items the kernel gave */
	long kernel_bytes;        /* bytes the kernel gave (a pipe), else 0 */
	const char *call_put;     /* the syscall a producer / consumer sleeps in, */
	const char *call_get;     /* or NULL */
	/* Every event of the run, when known before it plays (a trace), else
	 * NULL and 0: the screen sizes its lanes and values from them. */
	const struct event *all;
	size_t nall;
	int value_cols;           /* cells of the widest value, 0: from the scenario */
	/* several channels (DESIGN 14): each pipe's inode, as pipe:[ino] in
	 * /proc/PID/fd names it; 0 for a lock or where not known (a trace) */
	unsigned long chan_ino[MODEL_MAX_CHANNELS];
};

/* Why the kernel's count is what it is, or is not there. */
enum run_kfill {
	RUN_KFILL_READ = 0,       /* read now, while every process is settled */
	RUN_KFILL_HELD,           /* not read: a step waits for a stopped child,
				     which may have done more than it said */
	RUN_KFILL_NO_HOLDER,      /* not read: no live process holds an end to ask
				     through */
	RUN_KFILL_NONE            /* the channel has no count of its own */
};

/* The kernel's evidence about every actor now, read live. */
struct run_evidence {
	bool valid[SCENARIO_MAX_ACTORS]; /* false: the actor is gone */
	struct procinfo proc[SCENARIO_MAX_ACTORS];
	int kfill;                /* the kernel's count of items, -1 if unknown */
	enum run_kfill kfill_why;
	int model_kfill;          /* the same count as the model's items make it,
				     -1 where they do not say (big pipe items) */
	/* A run of several channels (DESIGN 14): each channel's count and who
	 * holds its ends, by /proc/PID/fd; nchannels 0 for a run of one. */
	int nchannels;
	int chan_kfill[MODEL_MAX_CHANNELS];        /* items by the kernel's count, -1
						      unknown (a lock; no holder left) */
	uint32_t chan_readers[MODEL_MAX_CHANNELS]; /* bit a: actor a holds its read end */
	uint32_t chan_writers[MODEL_MAX_CHANNELS]; /* …its write end */
};

/* The next operation, before it is done (run_peek). */
struct run_next {
	int actor;                /* who moves */
	enum event_type op;       /* with what: EV_PUT, EV_GOT, EV_WRITE, … */
	int64_t t_ms;             /* when */
	int ch;                   /* several channels: on which (an index of the
				     model's chans), else -1 */
};

/* Why an actor can or cannot take a step now (run_can_step). */
enum run_can {
	RUN_CAN = 0,              /* it can */
	RUN_CANNOT_ASLEEP,        /* asleep in the kernel: another must move first */
	RUN_CANNOT_FINISHED,      /* done, or gone */
	RUN_CANNOT_RECORDED       /* a trace: only its own order can be played */
};

struct run_ops {
	void (*destroy)(struct run *r);
	bool (*finished)(const struct run *r);
	const char *(*end_reason)(const struct run *r);
	int64_t (*next_due)(const struct run *r);
	int64_t (*now)(const struct run *r);
	int (*step)(struct run *r, int actor, char *err, size_t errlen);
	const struct event *(*events)(const struct run *r, size_t *count);
	const struct model *(*model)(const struct run *r);
	const struct scenario *(*scenario)(const struct run *r);
	const struct trace_header *(*header)(const struct run *r);
	void (*info)(const struct run *r, struct run_info *info);
	/* the rest may be NULL */
	int (*evidence)(const struct run *r, struct run_evidence *k);
	int (*fds)(const struct run *r, struct pollfd *fds, int max);
	int (*service)(struct run *r, char *err, size_t errlen);
	int (*fault)(struct run *r, const char *action, int a, char *err, size_t errlen);
	int (*target)(const struct run *r);
	int (*peek)(const struct run *r, struct run_next *next);
	enum run_can (*can_step)(const struct run *r, int actor);
	int (*peek_actor)(const struct run *r, int actor, struct run_next *next);
};

/* A run: its operations and the implementation's own state after it. */
struct run {
	const struct run_ops *ops;
};

/* Kills and reaps what is behind r, frees it. NULL is fine. */
static inline void run_destroy(struct run *r)
{
	if (r)
		r->ops->destroy(r);
}
/* True once nothing more will happen (every actor done, none can proceed, or
 * the trace played to its end). */
static inline bool run_finished(const struct run *r)
{
	return r->ops->finished(r);
}
/* Why the run ended, in words ("" while running or after a normal end). */
static inline const char *run_end_reason(const struct run *r)
{
	return r->ops->end_reason(r);
}
/* Virtual time (ms) of the next step; INT64_MAX if none is due. */
static inline int64_t run_next_due(const struct run *r)
{
	return r->ops->next_due(r);
}
/* Virtual time (ms) of the latest step. */
static inline int64_t run_now(const struct run *r)
{
	return r->ops->now(r);
}
/* Takes one step: actor's next one, or with RUN_ANY the one the scheduler (or
 * the trace) takes next; its events come from run_events. 0, or -1 with a
 * message (a runtime failure, or an actor that cannot step). */
static inline int run_step(struct run *r, int actor, char *err, size_t errlen)
{
	return r->ops->step(r, actor, err, errlen);
}
/* The events of the latest start, step, fault or service, in order, already
 * applied to run_model. Valid until the next call that changes the run. */
static inline const struct event *run_events(const struct run *r, size_t *count)
{
	return r->ops->events(r, count);
}
/* The model after the latest step. */
static inline const struct model *run_model(const struct run *r)
{
	return r->ops->model(r);
}
/* The scenario it runs (for a trace: what its header says). */
static inline const struct scenario *run_scenario(const struct run *r)
{
	return r->ops->scenario(r);
}
/* The trace header of this run. */
static inline const struct trace_header *run_header(const struct run *r)
{
	return r->ops->header(r);
}
/* What it shows about its channel (struct run_info). */
static inline void run_info(const struct run *r, struct run_info *info)
{
	r->ops->info(r, info);
}
/* Reads the kernel's evidence now. 0, or -1 when there is no process to ask
 * (a trace: its kernel events hold what was recorded). */
static inline int run_evidence(const struct run *r, struct run_evidence *k)
{
	return r->ops->evidence ? r->ops->evidence(r, k) : -1;
}
/* Descriptors to poll between steps: one readable means something happened
 * outside the schedule (run_service collects it). How many were written. */
static inline int run_fds(const struct run *r, struct pollfd *fds, int max)
{
	return r->ops->fds ? r->ops->fds(r, fds, max) : 0;
}
/* Collects what happened outside the schedule; its events from run_events.
 * 0, or -1 with a message. */
static inline int run_service(struct run *r, char *err, size_t errlen)
{
	return r->ops->service ? r->ops->service(r, err, errlen) : 0;
}
/* A fault from outside the script ("kill", "stop", "cont" on actor a), settled
 * before it returns; its events from run_events. 0, or -1 with a message. */
int run_fault(struct run *r, const char *action, int a, char *err, size_t errlen);
/* The actor the k key acts on (the first consumer alive), or -1. */
static inline int run_target(const struct run *r)
{
	return r->ops->target ? r->ops->target(r) : -1;
}
/* The next operation before it is done. 0, or -1 when it is not known. */
static inline int run_peek(const struct run *r, struct run_next *next)
{
	return r->ops->peek ? r->ops->peek(r, next) : -1;
}
/* Actor a's next operation, before it is done, as run_step(r, a, …) would take
 * it (choosing mode). 0, or -1 when a cannot step or it is not known. Where
 * the implementation does not say, what run_peek says if it is a's. */
int run_peek_actor(const struct run *r, int actor, struct run_next *next);
/* Whether actor a can take a step now, and if not why: from the model where
 * the implementation does not say more. */
enum run_can run_can_step(const struct run *r, int actor);

#endif
