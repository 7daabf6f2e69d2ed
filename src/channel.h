/* channel.h - one kernel IPC channel behind one interface.
 *
 * Each mechanism (pipe, POSIX queue, shared value) is a file that fills in a
 * `const struct channel_ops`. The order of calls is fixed:
 *
 *   parent:  open()                      creates the kernel object, before any fork
 *   child:   attach(role)                keeps what this role needs, opens its own
 *                                        descriptors; then try_put/put/try_get/get
 *   parent:  release()                   once every child is forked: the parent drops
 *                                        what it must not hold (pipe ends). Named
 *                                        objects are unlinked in open() already: the
 *                                        children inherit them through fork
 *   parent:  kernel_fill()               any time after release(), may be NULL
 *   parent:  close()                     at the end of the run; idempotent
 *
 * Ownership: the struct channel belongs to the caller; fds[] and priv belong to the
 * mechanism. After fork a child owns copies of everything; attach() closes what the
 * role must not keep (a pipe consumer closes the write end, so that EOF and EPIPE
 * mean what they say).
 *
 * Every item is one int32 value. The channel helpers return CH_OK, CH_AGAIN (would
 * block; only from the try_ calls), CH_EOF (no writer left; get only) or CH_ERROR
 * (errno set). They never exit and never print: the caller reports.
 */
#ifndef IPCVIZ_CHANNEL_H
#define IPCVIZ_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum channel_kind {
	CHANNEL_PIPE, CHANNEL_QUEUE, CHANNEL_SHM, CHANNEL_RING, CHANNEL_SOCKETPAIR,
	CHANNEL_FIFO, CHANNEL_RACE, CHANNEL_RACE_LOCKED, CHANNEL_KIND_COUNT
};
enum role { ROLE_PRODUCER, ROLE_CONSUMER };
enum ch_result { CH_OK = 0, CH_AGAIN = 1, CH_EOF = 2, CH_ERROR = -1 };

/* One item read from a shared value carries what the memory said about it. */
struct ch_item {
	int32_t value;
	uint32_t seq;       /* shm: which write this value came from (1, 2, …) */
	bool lost;          /* shm put: the value replaced was never read */
	int32_t lost_value; /* shm put: that value */
	bool again;         /* shm get: this write was already read by this reader */
	int32_t from;       /* fifo get: the producer's actor index, -1 from outside;
	                       pipe get of big messages: whose message the first bytes
	                       came from */
	bool part;          /* pipe get: only part of a message so far (bytes says how
	                       much of it this read brought) */
	int32_t bytes;
	bool mixed;         /* pipe get: the message holds bytes of another one */
	int32_t mixed_from, mixed_value; /* …namely of this actor's value */
};

struct channel {
	const struct channel_ops *ops;
	enum channel_kind kind;
	int capacity;            /* items asked for */
	int kernel_capacity;     /* items the kernel really gave (pipe rounds up) */
	long kernel_bytes;       /* bytes the kernel gave, where that means something */
	char kernel_name[64];    /* "/ipcviz-4242-1", "pipe:[81234]" */
	int fds[2];              /* mechanism-specific; -1 when closed */
	int kfd[2];              /* the descriptor numbers children block on (they
	                            stay known after the parent closes its copies) */
	int try_fd;              /* in a child: its own non-blocking descriptor */
	int parent_fd;           /* queue: the parent's own descriptor for mq_getattr */
	void *map;               /* shm: the mapping */
	uint32_t seen_seq;       /* shm, in a consumer: the latest write it read */
	bool released;           /* release() done: names unlinked */
	enum role role;          /* in a child after attach() */
	char self[32];           /* in a child: its actor's name (set before attach) */
	int self_index;          /* …and index */
	int item_size;           /* pipe: bytes per item (4096 unless a scenario says) */
	unsigned char *partial;  /* pipe consumer of big items: the message so far */
	int have;                /* …and how many bytes of it */
	int32_t loaded;          /* race: the value this child loaded */
	uint32_t loaded_seq;     /* race: the write it loaded it from */
	char path[128];          /* fifo: where it is in the file system */
	char dir[96];            /* fifo: the private directory around it */
	char token[12];          /* fifo: "#" and 8 random hex digits that mark a
	                            producer's line, unknown outside this run */
};

struct channel_ops {
	const char *name;        /* "pipe", "queue", "shm": trace and scenario word */
	bool blocks;             /* false for shm: nothing ever waits */
	bool cell;               /* one shared value: `write` and `read` events */
	bool counter;            /* race: each increment is a load step, then a store
	                            step (a get, then a put); ends with a result */
	bool duplex;             /* socketpair: a consumer answers each item (a put
	                            back), which its producer then gets */
	bool named;              /* fifo: has a path others can open */
	int max_capacity;        /* largest capacity accepted */
	/* Creates the kernel object. -1 with a message in err (translated) on failure. */
	int (*open)(struct channel *ch, int capacity, char *err, size_t errlen);
	/* In a child: keep only what `role` needs. -1 on failure (errno set). */
	int (*attach)(struct channel *ch, enum role role);
	/* In the parent after every fork: drop pipe ends, unlink names. */
	void (*release)(struct channel *ch);
	/* Non-blocking attempt; CH_AGAIN when it would block. */
	enum ch_result (*try_put)(struct channel *ch, struct ch_item *item);
	enum ch_result (*try_get)(struct channel *ch, struct ch_item *item);
	/* The same, blocking in the kernel until it can proceed. */
	enum ch_result (*put)(struct channel *ch, struct ch_item *item);
	enum ch_result (*get)(struct channel *ch, struct ch_item *item);
	/* What the kernel itself says is in the channel, in its own unit (pipe:
	 * FIONREAD bytes, in a child on its own end; queue: mq_curmsgs messages, in
	 * the parent on its own descriptor), or -1 if it does not say. */
	int (*kernel_fill)(const struct channel *ch);
	/* Is a process whose /proc/PID/syscall shows `nr` with first argument `arg0`
	 * asleep in this channel's own operation? (The settle rule, DESIGN 8.) */
	bool (*sleeps_in)(const struct channel *ch, enum role role, long nr, long arg0);
	/* The syscall a blocked `role` sleeps in, for words on screen ("write"). */
	const char *(*blocking_call)(enum role role);
	void (*close)(struct channel *ch);
	/* race: the counter as the memory holds it now (in the parent). */
	int64_t (*counter_value)(const struct channel *ch);
	const char *kfill_unit;  /* "bytes", "msgs", or NULL */
	bool kfill_from_child;   /* kernel_fill is asked in the children (pipe) */
};

extern const struct channel_ops channel_pipe_ops;
extern const struct channel_ops channel_queue_ops;
extern const struct channel_ops channel_shm_ops;
extern const struct channel_ops channel_ring_ops;
extern const struct channel_ops channel_socketpair_ops;
extern const struct channel_ops channel_fifo_ops;
extern const struct channel_ops channel_race_ops;
extern const struct channel_ops channel_race_locked_ops;

/* The ops of a kind, or of a name ("pipe"); NULL for an unknown name. */
const struct channel_ops *channel_ops_of(enum channel_kind kind);
const struct channel_ops *channel_ops_by_name(const char *name, enum channel_kind *kind);

/* Sets up ch for `kind` and opens it; item_size is the bytes of one pipe item
 * (0: the default, one page). -1 with a message in err. */
int channel_open(struct channel *ch, enum channel_kind kind, int capacity, int item_size,
		 char *err, size_t errlen);

#endif
