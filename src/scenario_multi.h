/* scenario_multi.h - a scenario of several channels (DESIGN 14): named channels,
 * and processes that each run a program of operations on them, in order. A
 * struct scenario holds one of these in `multi` when its file has [channel.NAME]
 * and [process.NAME] sections; the one-channel format of DESIGN 6 leaves it NULL.
 *
 * In such a scenario s->groups is empty and s->actors are the processes
 * expanded (NAME-1 … NAME-N), each actor's `group` an index into procs[] and its
 * `role` meaningless; s->channel and s->capacity mean nothing either.
 */
#ifndef IPCVIZ_SCENARIO_MULTI_H
#define IPCVIZ_SCENARIO_MULTI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "channel.h"

#define SCENARIO_MULTI_MAX_CHANNELS 8
#define SCENARIO_MULTI_MAX_PROCS 16
#define SCENARIO_MULTI_MAX_OPS 64
#define SCENARIO_MULTI_NAME_MAX 21 /* 20 characters and the NUL */

/* One channel: a kernel channel of DESIGN 6's kinds, or a lock. */
/* The items a FIFO among several channels holds: 64 KiB, the size mkfifo(3)
 * gives, in items of one page (run_multi.c sets it so, to be sure). */
#define SCENARIO_MULTI_FIFO_ITEMS 16
/* The bytes of one item among several channels: one page (run_multi.h). */
#define SCENARIO_MULTI_ITEM_BYTES 4096

struct scenario_channel {
	char name[SCENARIO_MULTI_NAME_MAX];
	bool lock;              /* a process-shared mutex in shared memory */
	enum channel_kind kind; /* when not a lock: pipe, queue, ring, socketpair, fifo */
	int capacity;           /* items, by the channel's own rule; 0 for a lock */
	int line;               /* of [channel.NAME] */
};

enum scenario_op_kind {
	SOP_PUT,    /* put CH VALUES [every T] */
	SOP_GET,    /* get CH N|all|until V [every T] */
	SOP_ECHO,   /* echo FROM TO N|all [every T]: take an item, put it on */
	SOP_SLEEP,  /* sleep T */
	SOP_CLOSE,  /* close CH: its ends in this process */
	SOP_LOCK,   /* lock L */
	SOP_UNLOCK  /* unlock L */
};

/* How many items a get or an echo takes. */
enum scenario_op_until {
	SOP_COUNT,  /* n items */
	SOP_ALL,    /* until end of file */
	SOP_VALUE   /* until the value `until` has come (a get only) */
};

/* One do line of a process's program. */
struct scenario_op {
	enum scenario_op_kind kind;
	int ch;                 /* the channel (echo: the one it takes from) */
	int to;                 /* echo: the channel it puts on; else -1 */
	int32_t *values;        /* put: the values, in order (owned) */
	size_t nvalues;
	enum scenario_op_until until_kind; /* get, echo */
	long n;                 /* SOP_COUNT: how many */
	int32_t until;          /* SOP_VALUE: the value that ends it */
	int64_t every_ms;       /* put, get, echo: the pause after each item;
				   sleep: how long */
	int line;
	char ch_name[SCENARIO_MULTI_NAME_MAX]; /* the names as written, until */
	char to_name[SCENARIO_MULTI_NAME_MAX]; /* the whole file is read */
};

/* One [process.NAME]: count processes running the same program. */
struct scenario_process {
	char name[SCENARIO_MULTI_NAME_MAX];
	int count;
	int64_t start_ms;
	uint32_t holds;         /* channels (bit i: channels[i]) whose ends it keeps
				   though its program does not use them */
	struct scenario_op *ops; /* the program (owned) */
	size_t nops;
	int line;               /* of [process.NAME] */
};

struct scenario_multi {
	struct scenario_channel channels[SCENARIO_MULTI_MAX_CHANNELS];
	int nchannels;
	struct scenario_process procs[SCENARIO_MULTI_MAX_PROCS];
	int nprocs;
};

/* Which ends of channel `ch` a program uses: *reads if it gets or echoes from
 * it, *writes if it puts or echoes to it. */
void scenario_multi_uses(const struct scenario_process *pr, int ch, bool *reads, bool *writes);
/* The same for its do lines from index `from` on: what it may still do. */
void scenario_multi_uses_from(const struct scenario_process *pr, size_t from, int ch, bool *reads,
			      bool *writes);
/* The do line of op (one of m's) as a file writes it, without "do = ":
 * "put to_child 0..19", "get data all every 0.5s", "sleep 2s"; read by the same
 * grammar it gives the same operation (a trace's header keeps programs so,
 * docs/trace.md). Into buf (truncated to size); returns buf. */
const char *scenario_multi_op_text(const struct scenario_multi *m, const struct scenario_op *op,
				   char *buf, size_t size);
/* Deep copy of src into a new struct (*dst); 0, or -1 (ENOMEM) with *dst NULL. */
int scenario_multi_copy(struct scenario_multi **dst, const struct scenario_multi *src);
/* Frees m and what it owns; NULL is fine. */
void scenario_multi_free(struct scenario_multi *m);

#endif
