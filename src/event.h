/* event.h - the event record every part of ipcviz speaks, and the JSON-lines trace.
 *
 * Events are produced by the scheduler (from the children's reports and /proc),
 * stamped with `fill` by the model, then written to the trace, the headless
 * timeline and the screen. The trace format is a contract (DESIGN section 5):
 * field names and event words here never change meaning.
 */
#ifndef IPCVIZ_EVENT_H
#define IPCVIZ_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "channel.h"

enum event_type {
	EV_SPAWN, EV_EXIT, EV_PUT, EV_GOT, EV_WRITE, EV_READ, EV_BLOCKED, EV_UNBLOCKED,
	EV_KERNEL, EV_OVERWRITTEN, EV_STALE, EV_EOF, EV_ERROR, EV_FAULT, EV_NOTE,
	EV_RESULT, EV_PART, EV_TYPE_COUNT
};

enum event_op { OP_NONE, OP_PUT, OP_GET };

#define EVENT_ACTOR_IPCVIZ (-1)
#define EVENT_ACTOR_OUTSIDE (-2) /* fifo: a process ipcviz did not start ("outside") */
#define EVENT_TEXT_MAX 200

struct event {
	int64_t t_ms;          /* scenario (virtual) time in milliseconds */
	double wall;           /* seconds since the run started, real */
	int actor;             /* index into the actor table, or EVENT_ACTOR_IPCVIZ */
	enum event_type type;
	bool has_value;
	int32_t value;
	int fill;              /* items in the channel after the event (model), -1 if none */
	enum event_op op;      /* blocked / unblocked / error */
	int pid;               /* spawn */
	int status;            /* exit: status, or -1 when killed by a signal */
	int signal;            /* exit: the signal, 0 if none */
	int err;               /* error: errno value */
	int by;                /* overwritten: the actor whose write replaced it;
	                          part: whose item the bytes are of; got of a mixed
	                          item: whose bytes are mixed in */
	int bytes;             /* part: bytes this read brought */
	bool mixed;            /* got: the item holds bytes of another write */
	int32_t mixed_value;   /* …of that writer's value */
	char state;            /* kernel: /proc state letter */
	char wchan[40];        /* kernel: wait channel */
	char syscall[24];      /* kernel: syscall name ("write", "mq_timedsend") */
	int kfill;             /* kernel: the kernel's own count, -1 if not known */
	int64_t counter, expected; /* result */
	char action[16];       /* fault: "kill", "stop", "cont" */
	int target;            /* fault: actor index */
	char text[EVENT_TEXT_MAX]; /* note */
};

/* One line of the trace header's "actors". */
struct trace_actor {
	char name[32];
	enum role role;
	int pid;
};

struct trace_header {
	char scenario[64];
	char channel[16];
	int capacity;
	char kernel_name[64];
	char path[256];            /* a named FIFO's path, "" if none */
	int item_bytes;            /* a pipe's item size if not one page, else 0 */
	int nactors;
	struct trace_actor *actors; /* owned by whoever filled it */
};

/* The trace word of a type ("put"), and the type of a word; -1 if unknown. */
const char *event_type_name(enum event_type type);
int event_type_from_name(const char *name);

/* A fresh event of `type` for `actor` with every optional field unset. */
struct event event_make(enum event_type type, int actor, int64_t t_ms);

/* Writes the header line / one event line to f. 0, or -1 with errno. */
int trace_write_header(FILE *f, const struct trace_header *h);
int trace_write_event(FILE *f, const struct trace_header *h, const struct event *ev);

/* Reads a trace. On success fills *h (actors malloc'd) and *events (malloc'd,
 * *count of them) and returns 0; on failure returns -1 with a message
 * "FILE:LINE: what" in err. Unknown fields and events are skipped. */
int trace_read(FILE *f, const char *filename, struct trace_header *h,
	       struct event **events, size_t *count, char *err, size_t errlen);
void trace_header_free(struct trace_header *h);

#endif
