/* scheduler.h - the deterministic scheduler over real processes (DESIGN section 1).
 *
 * A run is created with sched_create(), which makes the channel and forks one
 * child per actor. The caller then loops:
 *
 *     while (!sched_finished(s)) {
 *             wait until sched_next_due(s) in wall time, as --speed says;
 *             sched_step(s, …);            grant one step, let it settle
 *             for each of sched_events(s): show, trace, …
 *     }
 *     sched_destroy(s);                    kill and reap, remove IPC objects
 *
 * Each step's events come in a fixed order (the granted actor's first, then the
 * others in scenario order), already applied to the model, so a run is a function
 * of the scenario alone. The caller owns pacing; the scheduler never sleeps in
 * wall time except to let the kernel settle.
 *
 * A child stopped by someone else (kill -STOP from another terminal) while a
 * step needs it holds that step: sched_step() returns with only the event that
 * says who the run waits for, sched_next_due() is INT64_MAX meanwhile and the
 * run is not finished; the caller polls sched_fds() and calls sched_service(),
 * which ends the step once the child is continued (kill -CONT).
 */
#ifndef IPCVIZ_SCHEDULER_H
#define IPCVIZ_SCHEDULER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <poll.h>

#include "channel.h"
#include "event.h"
#include "model.h"
#include "procinfo.h"
#include "scenario.h"

struct sched;

/* Creates the channel and forks every actor (emitting their spawn events).
 * NULL with a message on failure, with nothing left behind. The scenario is
 * copied. Sets SIGPIPE to ignored in the calling process: a write to a child
 * that died must fail with EPIPE rather than kill the program. */
struct sched *sched_create(const struct scenario *sc, char *err, size_t errlen);
/* Kills and reaps every child, closes and removes the channel. NULL is fine. */
void sched_destroy(struct sched *s);

/* True once every actor is done, or none can ever proceed again (a child
 * stopped from outside can: the run waits for it). */
bool sched_finished(const struct sched *s);
/* Why the run ended, in words ("" while running or when all finished normally). */
const char *sched_end_reason(const struct sched *s);
/* Virtual time (ms) of the next step or script action; INT64_MAX if none, or
 * while a step is held by a child stopped from outside. */
int64_t sched_next_due(const struct sched *s);
/* Virtual time now (ms). */
int64_t sched_now(const struct sched *s);

/* Runs every script action due now, grants the next step and waits until the
 * system settles. 0, or -1 with a message on a runtime failure (a child that
 * stopped answering). */
int sched_step(struct sched *s, char *err, size_t errlen);
/* Choosing mode (DESIGN 12): grants actor a its next step now, whatever its
 * interval says, and waits until the system settles. The step's first event
 * is a `choose` event {actor: a}; the virtual clock moves to a's own next-due
 * time if that is later (it never goes back). Script actions whose time that
 * passes run in the same step, after the choice and before the grant, and
 * settle first (a kill at 3 s happens when a chosen process's time reaches
 * 3 s); if one of them took a's step away (killed or stopped it), a is not
 * granted. -1 with a message if a cannot step now (sched_can_step), a step is
 * held, or run-ahead has handed out steps already (choosing needs it off). */
int sched_step_actor(struct sched *s, int a, char *err, size_t errlen);

/* Why an actor can or cannot take a step now. */
enum sched_can {
	SCHED_CAN = 0,
	SCHED_CANNOT_ASLEEP,   /* asleep in the kernel, stopped, or a step is held */
	SCHED_CANNOT_FINISHED  /* wants no more steps, or gone */
};
/* Can actor a be granted a step now (sched_step_actor)? No side effects. */
enum sched_can sched_can_step(const struct sched *s, int a);

/* The next step before it is taken, without side effects. With a < 0: the one
 * sched_step() takes next, which may be a script action (actor
 * EVENT_ACTOR_IPCVIZ, op EV_FAULT or EV_NOTE); else actor a's next step as
 * sched_step_actor() would take it. *op is the event the operation makes when
 * it goes through (EV_PUT, EV_GOT, EV_WRITE, EV_READ; a race's load is a read,
 * its store a write); the step may instead block, fail or meet end of file.
 * *t_ms is when it happens. 0, or -1 when nothing can be taken. */
int sched_peek(const struct sched *s, int a, int *actor, enum event_type *op, int64_t *t_ms);

/* Fault injection from outside the script (the k key): "kill", "stop", "cont"
 * on actor a, at the current virtual time; its effects settle before it returns.
 * 0, or -1 with a message. */
int sched_fault(struct sched *s, const char *action, int a, char *err, size_t errlen);
/* The children's event descriptors, for a caller's poll() between steps: when
 * one is readable, something happened outside the schedule (a child killed or
 * stopped from another terminal). While a step is held, a timer's too, which
 * ticks until the child is continued. Returns how many were written (<= max). */
int sched_fds(const struct sched *s, struct pollfd *fds, int max);
/* Collects what happened outside the schedule and lets it settle, and ends a
 * held step whose child was continued; the events (an exit, a fault, a woken
 * writer's EPIPE, the held step's) come from sched_events(). 0 or -1. */
int sched_service(struct sched *s, char *err, size_t errlen);
/* The first consumer still alive, or -1 (the k key's target). */
int sched_first_live_consumer(const struct sched *s);

/* Runs created from now on put the parent and its children on one CPU (the
 * one it is on): faster at --speed max, where nobody waits between steps; not
 * for a screen, which waits anyway. Off by default. */
void sched_pin_runs(bool on);

/* Lets the scheduler run ahead (for --speed max without a screen): where the
 * model foresees several steps for sure, the children hand them on among
 * themselves and the parent takes their reports afterwards, step by step, in the
 * same order and with the same events as without. Off by default. */
void sched_run_ahead(struct sched *s, bool on);

/* The events produced by the latest create/step/fault, in order, with fill set.
 * Valid until the next call that changes the run. */
const struct event *sched_events(const struct sched *s, size_t *count);

const struct model *sched_model(const struct sched *s);
const struct scenario *sched_scenario(const struct sched *s);
const struct channel *sched_channel(const struct sched *s);
/* The trace header of this run (actors with their pids). */
const struct trace_header *sched_trace_header(const struct sched *s);
/* Live /proc view of actor a; -1 if it is gone. */
int sched_procinfo(const struct sched *s, int a, struct procinfo *pi);
/* The kernel's own count of what is in the channel now, in its unit (queue:
 * mq_curmsgs; pipe: FIONREAD bytes, asked by the parent through a child's end,
 * never holding one), taken by the parent now; call it between steps, while the
 * run has settled. -1 if unknown, or while a step is held (unsettled). */
int sched_kernel_fill(const struct sched *s);
/* The same count as the model's items make it (a pipe: their bytes), to set
 * against sched_kernel_fill(); -1 where the model cannot say (items split in
 * parts, a channel the kernel does not count). */
int sched_model_kfill(const struct sched *s);
/* True while the step under way waits for a child stopped from outside: the
 * kernel's count is not read then (the child may have done more than it said). */
bool sched_held(const struct sched *s);

#endif
