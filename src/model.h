/* model.h - what the run looks like, derived from the event stream alone.
 *
 * model_apply() is the only way state changes, so the same events give the same
 * model whether they come from live processes, a trace file or a rewind. It also
 * stamps each event's `fill` (items in the channel after it), which is why fill in
 * a trace is deterministic. No curses, no I/O.
 */
#ifndef IPCVIZ_MODEL_H
#define IPCVIZ_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "multi_pos.h"
#include "scenario.h"

#define MODEL_MAX_SLOTS 64   /* the largest channel: a pipe of 64 pages */
#define MODEL_LOST_KEEP 32   /* the latest overwritten values kept for display */
#define MODEL_MAX_CHANNELS 8 /* a run of several channels (DESIGN 14) */

enum actor_state {
	ACTOR_NEW,       /* not spawned yet */
	ACTOR_WAITING,   /* waiting for its turn (its permit) */
	ACTOR_BLOCKED,   /* asleep in the kernel on the channel */
	ACTOR_FINISHED,  /* exited by itself */
	ACTOR_KILLED,    /* died from a signal */
	ACTOR_STOPPED    /* SIGSTOP */
};

struct model_actor {
	char name[SCENARIO_NAME_MAX];
	enum role role;
	enum actor_state state;
	enum actor_state stopped_from; /* while ACTOR_STOPPED: the state SIGCONT restores */
	int pid;
	enum event_op blocked_op;   /* while ACTOR_BLOCKED */
	bool has_pending;           /* blocked producer: the value it is trying to put */
	int32_t pending;
	bool has_last;              /* the last value it put or got */
	int32_t last;
	long done;                  /* values put / got / written / read */
	long blocked_count;         /* blocked events: how often it had to wait */
	int exit_status, exit_signal;
	bool has_kernel;            /* the latest kernel evidence while blocked */
	char kstate;
	char wchan[40];
	char syscall[24];
	bool has_error;
	int err;                    /* the latest error (EPIPE) */
	bool eof;
	int blocked_chan;           /* several channels: the one it sleeps on, -1 */
	int proc;                   /* several channels: its [process.NAME] (an index
				       into the programs' procs), -1 none */
	struct multi_pos pos;       /* …and where it is in that program */
};

/* One channel of a run of several (DESIGN 14), counted from its events. */
struct model_channel {
	char name[24];
	enum channel_kind kind;     /* not a lock: pipe, fifo, socketpair… */
	int capacity;
	bool lock;
	int fill;                   /* items in it (a pipe) */
	int holder;                 /* a lock's holder, -1 if free */
	long puts, gets;            /* items put and taken; a lock: times taken */
};

struct model {
	enum channel_kind channel;
	int capacity;
	int nactors;
	struct model_actor actors[SCENARIO_MAX_ACTORS];
	int64_t t_ms;               /* time of the latest event */
	long nevents;
	/* pipe / queue: the items in the channel, oldest first */
	int fill;
	int32_t slots[MODEL_MAX_SLOTS];
	int kfill;                  /* the kernel's latest own count, -1 unknown */
	/* socketpair: the answers on their way back, oldest first */
	int back_fill;
	int32_t back[MODEL_MAX_SLOTS];
	long outside;               /* fifo: items written by processes outside ipcviz */
	int item_bytes;             /* pipe: bytes in one item, 0 = one page. Above a
	                               page (PIPE_BUF) writes are split and items are
	                               not counted: fill is -1, the kernel's bytes tell */
	long mixed;                 /* got events of items mixed of two writes */
	/* shm: the one cell */
	bool cell_written;
	int32_t cell;
	bool cell_read;             /* read at least once since written */
	long overwritten;           /* how many values were lost */
	int32_t lost[MODEL_LOST_KEEP]; /* the latest lost values, oldest first */
	int nlost;
	long stale;                 /* reads of a value already read */
	/* predict mode (DESIGN 13): predict events, and how many were right */
	int predicted, predicted_right;
	/* the whole run */
	long puts, gets;
	bool has_result;
	int64_t counter, expected;
	char note[EVENT_TEXT_MAX];  /* the latest note */
	struct event last;          /* the latest event applied */
	/* several channels (DESIGN 14): events with a `ch` count here, not above */
	int nchannels;
	struct model_channel chans[MODEL_MAX_CHANNELS];
	const struct scenario_multi *programs; /* each actor's program (not owned), or NULL */
};

/* An empty model for a channel and the actors of a run. */
void model_init(struct model *m, enum channel_kind channel, int capacity, int nactors,
		const char (*names)[SCENARIO_NAME_MAX], const enum role *roles);
/* A run of several channels: mu's channels (their names, kinds, capacities
 * and which are locks; at most MODEL_MAX_CHANNELS), after model_init. */
void model_init_multi(struct model *m, const struct scenario_multi *mu);
/* A run of several channels: the processes' programs (which must outlive m
 * and its copies) and each actor's [process.NAME] in it, so that the model
 * follows where each actor is in its program (model_actor.pos) from its
 * events, after model_init. */
void model_init_programs(struct model *m, const struct scenario_multi *programs,
			 const int *proc);
/* The index of a channel of a run of several by name, or -1. */
int model_channel_index(const struct model *m, const char *name);
/* Does the model count whole items (not for one shared value, nor for pipe
 * items above PIPE_BUF, which the kernel splits)? */
bool model_counts_items(const struct model *m);
/* socketpair: is this put or got an answer on its way back (a consumer's put,
 * a producer's got)? */
bool model_backward(const struct model *m, const struct event *ev);
/* A pipe's item size, when a scenario set one (model.item_bytes). */
void model_set_item_bytes(struct model *m, int bytes);
/* Applies one event and sets ev->fill to the items in the channel after it
 * (-1 for a shared value). Unknown actors are ignored. */
void model_apply(struct model *m, struct event *ev);

#endif
