/* sched_int.h - what the scheduler's own files share, and nobody else: the
 * state of a run and of each child in it (struct sched, struct sched_actor),
 * and the few calls one of its files makes into another.
 *
 * sched.c steps a run and settles it; sched_chain.c hands out several steps at
 * once where the model foresees them (run-ahead); sched_spawn.c forks the
 * children and pins a run to one CPU. Callers outside use scheduler.h only.
 */
#ifndef IPCVIZ_SCHED_INT_H
#define IPCVIZ_SCHED_INT_H

#include <sched.h>
#include <time.h>

#include "actor.h"
#include "scheduler.h"

#define SCHED_ANSWER_MS 10000 /* a child that says nothing for this long is broken */

enum sched_actor_state {
	SA_IDLE,     /* waiting for a permit */
	SA_BUSY,     /* holds a permit and has not reported DONE */
	SA_BLOCKED,  /* reported BLOCKED; should be asleep in the channel */
	SA_QUITTING, /* told to quit, or killed: waiting for it to exit */
	SA_GONE      /* reaped */
};

struct sched_actor {
	pid_t pid;
	int ctl_fd, ev_fd;
	int ctl_child_fd;     /* the number of its control pipe's read end, in the child */
	struct procfiles pf;
	enum sched_actor_state st;
	bool stopped;         /* SIGSTOP by ipcviz: no permits until SIGCONT */
	bool stopped_outside; /* seen stopped (state T) by someone else while the step
	                         needed it: the step waits until it is continued */
	bool finished;        /* wants no more steps */
	bool kernel_shown;    /* a kernel event was emitted for this blocked episode */
	int64_t next_due;
	size_t next_value;    /* producer: index into its group's values */
	long items;           /* consumer: items received */
	bool step_done;       /* this step's DONE came, */
	bool step_moved;      /* it put or got, */
	bool step_bad;        /* and it slept, failed or read a part (a chain ends) */
	bool items_done;      /* socketpair consumer: the last item came; answer, then stop */
	bool second;          /* the second half of a two-step turn is next: a race
	                         store after its load; a socketpair producer's wait
	                         for the answer, a consumer's answer */
	int32_t answer;       /* socketpair consumer: the value to answer with */
	unsigned char buf[64 * sizeof(struct report)];
	size_t buffered;      /* bytes of an incomplete report at the start of buf */
	struct event *bucket; /* this step's events of this actor, in report order */
	size_t nbucket, capbucket;
};

struct sched {
	struct scenario sc;
	struct channel ch;
	bool ch_open;
	struct model model;
	struct trace_header hdr;
	struct trace_actor hdr_actors[SCENARIO_MAX_ACTORS];
	struct sched_actor actors[SCENARIO_MAX_ACTORS];
	int n;
	int64_t now;
	size_t next_action;
	int granted;                  /* actor granted in this step, or -1 */
	struct event *out;            /* the latest call's events */
	size_t nout, capout;
	struct event *own;            /* this step's events of ipcviz itself */
	size_t nown, capown;
	struct timespec start;
	cpu_set_t saved_cpus;         /* the parent's CPUs before the run pinned it */
	bool pinned;
	bool run_ahead;               /* chains allowed (sched_run_ahead) */
	int chain_left;               /* steps of the chain handed out, not yet taken */
	struct permit_link chain[PERMIT_CHAIN_MAX + 1]; /* those steps, in order */
	int chain_at;                 /* the next of them */
	bool chain_wait;              /* a chain is out: wait for its end first */
	int chain_end[2];             /* the step that ends a chain writes a byte here */
	uint32_t *epoch;              /* shared with the children: chain_abort() moves it */
	int ctl_rd[SCENARIO_MAX_ACTORS]; /* control pipes' read ends until each fork */
	bool result_shown;            /* race: the result event was emitted */
	bool held;                    /* the step under way waits for a child stopped
	                                 from outside (sched_step and sched_service) */
	bool chain_step;              /* the step under way is one of a chain's */
	int wake_fd;                  /* a timerfd, ticking while held: a continued
	                                 child that was asleep says nothing */
	bool finished;
	char end_reason[512];
	long goal_steps;              /* steps granted so far, for the [goal] */
	bool goal_done;               /* its goal event was emitted */
};

/* The group actor a belongs to. */
static inline const struct scenario_group *sched_group_of(const struct sched *s, int a)
{
	return &s->sc.groups[s->sc.actors[a].group];
}

/* Is st (/proc/PID/stat's state) a stopped process's? */
static inline bool sched_stopped_state(char st)
{
	return st == 'T' || st == 't';
}

/* sched.c */
/* Milliseconds of CLOCK_MONOTONIC since t0. */
int64_t sched_ms_since(const struct timespec *t0);

/* sched_chain.c */
/* Plans the steps after first's and hands them out as a chain; false if none. */
bool sched_chain_start(struct sched *s, int first);
/* Sleeps (at most 50 ms) until the chain handed out has ended. */
void sched_chain_await(struct sched *s);
/* Calls off the chain out: the children hand nothing more on. */
void sched_chain_abort(struct sched *s);
/* Hands a stalled chain on in the place of a child stopped or killed; true if it did. */
bool sched_chain_takeover(struct sched *s);

/* sched_spawn.c */
/* Forks actor a (its control pipe made already); 0, or -1 with a message. */
int sched_spawn_actor(struct sched *s, int a, char *err, size_t errlen);
/* Waits for every child's READY; 0, or -1 with a message. */
int sched_spawn_await(struct sched *s, char *err, size_t errlen);
/* Pins the parent (and so the children to come) to its CPU, if sched_pin_runs. */
void sched_spawn_pin(struct sched *s);

#endif
