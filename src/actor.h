/* actor.h - what a child does, and the two small records it speaks with the
 * scheduler: a permit (parent -> child, on its control pipe) and a report (child
 * -> parent, on its event pipe). Both are far below PIPE_BUF, so each write is
 * atomic and a read never sees half a record.
 */
#ifndef IPCVIZ_ACTOR_H
#define IPCVIZ_ACTOR_H

#include <stdint.h>

#include "channel.h"

enum permit_op { PERMIT_PUT = 1, PERMIT_GET, PERMIT_QUIT };

#define PERMIT_CHAIN_MAX 15

/* A step that follows in a chain: actor `actor` does op (value). */
struct permit_link {
	uint8_t actor;
	uint8_t op;
	uint8_t pad[2];   /* zero */
	int32_t value;
};

/* One step, and in a chain (run ahead, see sched_chain.c) the steps that follow. */
struct permit {
	uint8_t op;
	uint8_t nnext;    /* chain: steps that follow, each by the actor it names */
	uint8_t chained;  /* part of a chain: its end is told on chain_end_fd */
	uint8_t pad;      /* zero */
	int32_t value;    /* PERMIT_PUT: the value to put */
	uint32_t epoch;   /* chain: handed on only while the run's epoch is this one */
	/* After its own step, if it neither slept nor failed, the child hands the
	 * rest of the chain to next[0].actor itself (on its control pipe), before
	 * it reports: the parent is out of the relay. A step that slept or failed
	 * ends the chain there, and the parent goes on from it. */
	struct permit_link next[PERMIT_CHAIN_MAX];
};

enum report_kind {
	REPORT_READY = 1, /* attached to the channel, waiting for permits */
	REPORT_BLOCKED,   /* the try would block; now entering the blocking call */
	REPORT_UNBLOCKED, /* the blocking call returned */
	REPORT_PUT,       /* value is in the channel (shm: written) */
	REPORT_GOT,       /* value taken from the channel (shm: read) */
	REPORT_EOF,       /* the channel has no writer left */
	REPORT_ERROR,     /* err: errno of the failed operation */
	REPORT_DONE,      /* the step is over; waiting for the next permit */
	REPORT_PART,      /* part of a big item read: bytes, from, value */
	REPORT_FATAL      /* could not attach: err; the child exits */
};

struct report {
	uint8_t kind;
	uint8_t op;        /* PERMIT_PUT or PERMIT_GET */
	uint8_t lost;      /* shm put: the value replaced had not been read */
	uint8_t again;     /* shm get: this write had been read by us before */
	int32_t value;
	int32_t lost_value;
	int32_t err;
	int32_t from;      /* get: who wrote it (ch_item.from) */
	int32_t bytes;     /* REPORT_PART: bytes this read brought */
	uint8_t mixed;     /* get: a big item holding bytes of two writes; fifo: not a number */
	uint8_t pad[3];    /* zero: no uninitialised bytes go down the pipe */
	int32_t mixed_from, mixed_value;
};

/* The body of a forked child: attaches to the channel as `role`, reports READY,
 * then serves permits until PERMIT_QUIT or the control pipe closes. peer_ctl[b]
 * is actor b's control pipe (-1 for itself), where it hands on a chain;
 * chain_end_fd is where the step that ends a chain says so. Never returns;
 * exits with _exit (0, or 1 if the channel could not be attached). */
_Noreturn void actor_main(struct channel *ch, enum role role, int ctl_fd, int ev_fd,
			  const int *peer_ctl, int chain_end_fd, const uint32_t *epoch);

#endif
