/* run_multi.h - a run of several channels (DESIGN 14) behind the run interface
 * (run.h): named pipes and locks, and processes that each run a program of
 * operations on them, one step at a time, settled by /proc before the next.
 *
 * The records parent and child speak, and the child's side, are here too
 * (run_multi_child.c); only run_multi.c and it use them.
 */
#ifndef IPCVIZ_RUN_MULTI_H
#define IPCVIZ_RUN_MULTI_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run.h"
#include "scenario.h"
#include "scenario_multi.h"

/* Starts a run of sc (sc->multi set; scenario_runnable said yes): makes every
 * channel, forks every process and waits until each is ready; the spawn events
 * come from run_events. NULL with a message on failure, with nothing left
 * behind. The scenario is copied. */
struct run *run_multi_create(const struct scenario *sc, char *err, size_t errlen);

/* ---- between the parent and a child (run_multi.c, run_multi_child.c) ---- */

enum multi_permit_op { MP_PUT = 1, MP_GET, MP_CLOSE, MP_LOCK, MP_UNLOCK, MP_QUIT };

/* One step, parent -> child, on its control pipe. */
struct multi_permit {
	uint8_t op;
	uint8_t ch;
	uint8_t pad[2];
	int32_t value;     /* MP_PUT: the value */
};

enum multi_report_kind {
	MR_READY = 1,      /* set up, waiting for permits */
	MR_BLOCKED,        /* the operation would block: entering the blocking call */
	MR_UNBLOCKED,      /* the blocking call returned */
	MR_PUT,            /* value is in the pipe */
	MR_GOT,            /* value taken */
	MR_EOF,            /* a read found no writer left */
	MR_ERROR,          /* err: errno of the failed operation (EPIPE) */
	MR_CLOSED,         /* its ends of ch are closed */
	MR_LOCKED,         /* it holds the lock; value 1 if its holder had died */
	MR_UNLOCKED,       /* it gave the lock back */
	MR_DONE,           /* the step is over: waiting for the next permit */
	MR_FATAL           /* could not set up: err; the child exits */
};

/* One report, child -> parent, on its event socket. */
struct multi_report {
	uint8_t kind;
	uint8_t ch;
	uint8_t op;        /* MR_BLOCKED, MR_UNBLOCKED: the permit's op */
	uint8_t pad;
	int32_t value;
	int32_t err;
};

/* What a child needs: its descriptors and the channels' ends it keeps. */
struct multi_child {
	int ctl_fd, ev_fd;
	int nchannels;
	int rfd[SCENARIO_MULTI_MAX_CHANNELS];  /* a pipe's read end, -1 if not kept
						  (a queue's O_RDONLY descriptor) */
	int wfd[SCENARIO_MULTI_MAX_CHANNELS];  /* its write end (O_WRONLY) */
	enum channel_kind kind[SCENARIO_MULTI_MAX_CHANNELS]; /* not a lock: whose
								calls it takes */
	pthread_mutex_t *lock[SCENARIO_MULTI_MAX_CHANNELS]; /* a lock's mutex */
	struct channel_ring *ring[SCENARIO_MULTI_MAX_CHANNELS]; /* a ring (channel.h), in the
								   run's shared mapping */
};

/* The bytes of one item in a pipe: one page, so that one item is one of the
 * pipe's slots and each write (PIPE_BUF) is atomic, as in a run of one channel. */
#define MULTI_ITEM_BYTES SCENARIO_MULTI_ITEM_BYTES
/* A queue's message: the value alone. Its slots are the kernel's own, counted
 * in messages (mq_curmsgs), so no page is needed to make an item one slot. */
#define MULTI_QUEUE_MSG_BYTES 4

/* A child's life: takes permits until MP_QUIT or until the parent is gone,
 * does each with the real call, reports. Never returns. */
_Noreturn void run_multi_child_main(const struct multi_child *c);

#endif
