/* channel.h - one kernel IPC channel behind one interface.
 *
 * Each mechanism (pipe, POSIX queue, shared value, …) is a file that fills in
 * its operations (a `struct channel_ops`, private to the file) and its
 * descriptor (a `struct channel_desc`, below: what it is, what it can do, its
 * words), and has one row in CHANNEL_TABLE. The order of calls is fixed:
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

#include <semaphore.h>
#include <stdbool.h>
#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>

/* The table of channels: one row each, its kind and its descriptor (defined in
 * its own file). The kinds, the descriptors' declarations and channel.c's table
 * are all made from these rows, so a new channel is one file and one row here
 * (see docs/design.md, "How to add a channel"). The order is the kinds' order. */
#define CHANNEL_TABLE(ROW)                           \
	ROW(CHANNEL_PIPE, channel_pipe_desc)               \
	ROW(CHANNEL_QUEUE, channel_queue_desc)             \
	ROW(CHANNEL_SHM, channel_shm_desc)                 \
	ROW(CHANNEL_RING, channel_ring_desc)               \
	ROW(CHANNEL_SOCKETPAIR, channel_socketpair_desc)   \
	ROW(CHANNEL_FIFO, channel_fifo_desc)               \
	ROW(CHANNEL_RACE, channel_race_desc)               \
	ROW(CHANNEL_RACE_LOCKED, channel_race_locked_desc)

#define CHANNEL_KIND_ROW(KIND, DESC) KIND,
enum channel_kind { CHANNEL_TABLE(CHANNEL_KIND_ROW) CHANNEL_KIND_COUNT };
#undef CHANNEL_KIND_ROW
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
	const struct channel_desc *desc;
	enum channel_kind kind;
	int capacity;            /* items asked for */
	int kernel_capacity;     /* items the kernel really gave (pipe rounds up) */
	long kernel_bytes;       /* bytes the kernel gave, where that means something */
	char kernel_name[64];    /* "/ipcviz-4242-1", "pipe:[81234]" */
	int fds[2];              /* mechanism-specific; -1 when closed */
	int kfd[2];              /* the descriptor numbers children block on (they
	                            stay known after the parent closes its copies) */
	int try_fd;              /* in a child: its own non-blocking descriptor */
	pid_t holder[2];         /* in the parent: a live producer's and consumer's
	                            pid ([role]), set by the scheduler; kernel_fill
	                            asks the kernel through a descriptor of theirs */
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

/* What a channel does; what it is (its word, what it can do, its words) is in
 * its descriptor, below. */
struct channel_ops {
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
	/* What the kernel itself says is in the channel now, in its own unit
	 * (pipe: FIONREAD bytes; queue: mq_curmsgs messages), asked in the parent,
	 * through a child's descriptor where the parent holds none (a pipe: it must
	 * hold no end, or a dead reader would give no EPIPE); -1 if it does not say.
	 * Ask it only while the run has settled. */
	int (*kernel_fill)(const struct channel *ch);
	/* Is a process whose /proc/PID/syscall shows `nr` with first argument `arg0`
	 * asleep in this channel's own operation? (The settle rule, DESIGN 8.) */
	bool (*sleeps_in)(const struct channel *ch, enum role role, long nr, long arg0);
	/* The syscall a blocked `role` sleeps in, for words on screen ("write"). */
	const char *(*blocking_call)(enum role role);
	void (*close)(struct channel *ch);
	/* race: the counter as the memory holds it now (in the parent). */
	int64_t (*counter_value)(const struct channel *ch);
};

/* ---- the descriptor: all that is particular to one channel ------------------
 *
 * Everything outside src/channel*.c asks a channel's descriptor, never its kind:
 * a switch over the kinds elsewhere would be one more place to change for each
 * new channel. Words are N_() strings, translated where they are used (_());
 * the functions write translated words themselves. */

/* One operation (put or get) as the kernel and the code see it. */
struct channel_call {
	const char *sleeps;  /* the syscall /proc shows a process asleep in it
				("write", "mq_timedsend", "futex"); NULL where
				nothing ever sleeps (a shared value, a bare counter) */
	const char *ref;     /* the call with its manual section, for the explain
				panel ("write(2)"); never NULL */
	const char *code;    /* what the child runs, as C ("write(fd, &item, 4096)");
				several lines are separated by '\n' */
};

/* What capacity a scenario may ask for, and what it gets when it asks none.
 * channel_capacity_check() and channel_capacity_fit() apply it. */
struct channel_capacity {
	int min;             /* the smallest a scenario may ask */
	int max;             /* the largest; 0: a scenario gives none (the kernel
				sizes it, or it holds one value) and the capacity is 0 */
	int (*max_now)(void); /* the largest as this kernel allows it now (a queue:
				fs.mqueue.msg_max), overriding max; or NULL */
	int fallback;        /* given when a scenario says none (at most the largest) */
	bool power_of_two;   /* only powers of two (a pipe's pages) */
	/* The error for a capacity not allowed (translated), `max` the largest. */
	void (*error)(char *buf, size_t len, int max);
};

/* A process asleep in a channel's operation, for the sentences that say why. */
struct channel_wait {
	bool put;            /* in a put (else a get) */
	const char *call;    /* the call it sleeps in, as the sentence names it */
	const char *actor;   /* its name */
	int fill, capacity;  /* the items in the channel, of how many */
	bool has_pending;    /* a put: the value it is trying to put */
	int32_t pending;
};

/* The channel in a program of its own (ipcviz --print-code, the code pane):
 * what a standalone program needs around the operations, whose C is put.code
 * and get.code. Texts are lines separated by '\n', indented with tabs (C) or
 * four spaces (Python); src/program.c replaces @CAP@ with the capacity, @SIZE@
 * with an item's bytes, @INTERVAL@ with a consumer's pause in seconds, and in a
 * block @OP@ with the operation's own lines and @PRINT@ with its line of output
 * (else it follows the block); a block line that starts with @CALL@ is the
 * operation in the frame's own words (a big item's read by parts). Comments (N_) are translated where printed. */
struct channel_program_python {
	const char *imports;     /* "import os", one a line, beyond multiprocessing,
				    sys and time */
	const char *open;        /* in the main block: make it ("queue = …") */
	const char *params;      /* a process function's parameters ("queue") */
	const char *args[2];     /* what a [role]'s Process gets ("queue") */
	const char *attach[2];   /* a [role]'s first lines */
	const char *parent;      /* in main once all started: what it must not hold */
	const char *put;         /* the put, with the value in `i` */
	const char *get;         /* the get, leaving the value in `data`; may return */
	const char *end;         /* in main at the end */
	const char *counter;     /* a race: the counter's value ("counter.value") */
	const char *note;        /* N_: what this object is in the kernel, or NULL */
};

struct channel_program {
	const char *c_helpers;   /* functions it needs, at file scope */
	const char *c_globals;   /* the object, at file scope */
	const char *c_open;      /* in main before forking: make it, unlink at birth */
	const char *open_note;   /* N_: a comment over c_open, or NULL */
	const char *c_attach[2]; /* a [role]'s first lines in its child */
	const char *c_parent;    /* in main once all are forked: what it must not hold */
	const char *c_end;       /* in main at the end */
	const char *c_item;      /* one item's declaration ("int32_t item"), or NULL */
	const char *c_set;       /* puts v into it ("item = v"), or NULL */
	const char *c_value;     /* the value in it after a get, or NULL: the get
				    sets v itself */
	const char *c_put_block; /* the put with its checks around @OP@; NULL: each
				    call's -1 fails */
	const char *c_get_block; /* the same for the get */
	const char *c_counter;   /* a race: the counter's value ("*counter") */
	bool counts_mixed;       /* a consumer counts items mixed of two writes */
	struct channel_program_python py, py_tutorial; /* py_tutorial: for the
				    tutorial's own scenario, if it differs */
	const struct channel_program *big; /* for items above PIPE_BUF, or NULL */
};

struct channel_desc {
	enum channel_kind kind;
	const char *word;    /* the scenario's and the trace's word: "pipe" */
	const struct channel_ops *ops;
	char key;            /* its key on the screen ('1'…'9'), 0 for none */

	/* what it can do */
	bool blocks;         /* false: nothing ever waits (shm, a bare counter) */
	bool cell;           /* one shared value: `write` and `read` events */
	bool counter;        /* race: each increment is a load step, then a store
				step (a get, then a put); ends with a result; it has
				producers only */
	bool duplex;         /* a consumer answers each item (a put back), which
				its producer then gets (socketpair) */
	bool named;          /* has a path others can open, and values may come
				from outside ipcviz (fifo) */
	bool sized_items;    /* items may have a size of their own (`size`, a
				pipe): above PIPE_BUF they go in by parts */
	bool boxes;          /* items are whole messages in boxes (a queue, a
				ring), not bytes in a tube */
	bool eof;            /* a reader sees end of file once every write end
				is closed (a pipe, a socket pair, a FIFO); a
				queue or a ring counts no writers and has none */
	const char *inode_word; /* the kernel's name of its object before :[inode]
				   ("pipe", "socket"; a FIFO's is its path, and
				   "fifo" stands for it, a queue's its name, and
				   "mqueue"), or NULL */
	const char *one_producer; /* N_: why it joins one producer only, or NULL */
	const char *one_consumer; /* N_: why it has one consumer only, or NULL */

	/* what the kernel counts */
	const char *kfill_unit;  /* kernel_fill's unit: "bytes", "msgs", "items";
				    NULL where the kernel keeps no count */
	/* The kernel's count for one whole item in the channel (a pipe: its
	 * bytes), so that a model's count of items can be set against it; -1
	 * where items are not whole in it (split in parts). NULL: 1 an item. */
	int (*kfill_per_item)(const struct channel *ch);
	/* What the kernel gives for `capacity` when no object exists (a replay):
	 * *kcap items, *bytes bytes (0 where bytes mean nothing). NULL: capacity
	 * items, no bytes. */
	void (*kernel_size)(int capacity, int *kcap, long *bytes);
	/* The kernel's count `count` in words for the screen, naming where it
	 * comes from unless `brief` ("kernel: 3 bytes (FIONREAD)"); `free` is
	 * what the count leaves of the capacity (a ring's `slots`). Translated;
	 * NULL where the kernel keeps no count. */
	void (*kfill_words)(char *buf, size_t len, int count, int free, bool brief);

	struct channel_call put, get;
	struct channel_capacity capacity;

	/* words for the screen */
	const char *name;    /* N_: in the header ("POSIX message queue") */
	const char *noun;    /* N_: in sentences ("the queue") */
	const char *short_name; /* N_: in a list of channels ("pipe", "FIFO"), or
				   NULL: its word */
	const char *now_on;  /* N_: after a title when its key moved a scenario
				onto it ("now on a queue"); NULL without a key */
	/* The capacity as the kernel made it, for the header (translated). */
	void (*capacity_words)(char *buf, size_t len, int kernel_capacity, long kernel_bytes,
			       const char *kernel_name);
	/* The title over its slots, shorter if `brief` (translated); NULL for a
	 * cell (it has no slots). */
	void (*slots_title)(char *buf, size_t len, int capacity, bool brief);

	/* words for the summary and the explain panel (N_, NULL: the general ones) */
	const char *why;         /* why processes waited, in the summary */
	const char *why_after;   /* and what that kept from happening, if it put */
	const char *empty_wakes; /* what wakes a reader asleep on it empty */
	const char *killed_effect[2]; /* what the others see when a producer,
					 a consumer ([role]) is killed */
	const char *killed_holding;   /* …when it was killed between its load and
					 its store (a counter with a lock) */
	/* A wait in the channel's own words, translated, into buf: the BLOCKED
	 * sentence of the timeline (`blocked`) and the explain panel's paragraph
	 * (`asleep`). Return false (or are NULL) to leave it to the general
	 * words ("BLOCKED in write: the pipe is full (4/4)"). */
	bool (*blocked)(char *buf, size_t len, const struct channel_wait *w);
	bool (*asleep)(char *buf, size_t len, const struct channel_wait *w);

	/* the channel in a program of its own (src/channel_program.c) */
	const struct channel_program *program;
};

extern const struct channel_program channel_pipe_program, channel_queue_program,
	channel_shm_program, channel_ring_program, channel_socketpair_program,
	channel_fifo_program, channel_race_program, channel_race_locked_program;

#define CHANNEL_DESC_DECLARE(KIND, DESC) extern const struct channel_desc DESC;
CHANNEL_TABLE(CHANNEL_DESC_DECLARE)
#undef CHANNEL_DESC_DECLARE

/* The descriptor of a kind; NULL for none. */
const struct channel_desc *channel_desc_of(enum channel_kind kind);
/* The descriptor whose word is `word` ("pipe"); NULL for none. */
const struct channel_desc *channel_desc_by_word(const char *word);
/* The descriptor whose key is `key` ('1'); NULL for none. */
const struct channel_desc *channel_desc_by_key(int key);
/* The words of every channel as a scenario names them, "pipe, queue, … or
 * race-locked", into buf. Returns buf. */
const char *channel_words(char *buf, size_t len);

/* A socket pair among several channels (run_multi.c, the twins): carries
 * items of one page one way, sv[0] the reader's end and sv[1] the writer's,
 * whose send buffer is asked for CHANNEL_SOCKETPAIR_SNDBUF bytes, which the
 * kernel rounds up to its least (4608 here): each item is one buffer of its
 * own, sent whole or not at all, and one fills it. Why so small: a writer
 * asleep on a Unix stream socket is woken only once three quarters of its
 * buffer are free (unix_writable), so with room for four it would sleep on
 * with three in it until the reader took all; then who is asleep at the end
 * would hang on the real timing, and a twin could not agree with the run.
 * With room for one, the reader's take is the writer's wake-up, as in a pipe.
 * 0, or -1 with errno. */
#define CHANNEL_SOCKETPAIR_SNDBUF 1
int channel_socketpair_one_way(int sv[2]);
/* How many items of `item_bytes` such a pair takes before a writer would
 * block, measured once on a pair of its own (the kernel counts its own
 * bookkeeping, so only it can say): the capacity a file cannot give; -1 if
 * no pair could be made. */
int channel_socketpair_items(int item_bytes);

/* A ring: the bounded buffer of every course, `size` places and three
 * process-shared semaphores in memory the processes share (channel_ring.c, a
 * ring among several channels). A writer sleeps in futex(2) in
 * sem_wait(slots) while it is full, a reader in sem_wait(items) while it is
 * empty. */
#define CHANNEL_RING_MAX 64
struct channel_ring {
	sem_t slots;  /* free places */
	sem_t items;  /* filled places */
	sem_t mutex;  /* 1 when nobody is moving head or tail */
	uint32_t head, tail, size;
	int32_t buf[CHANNEL_RING_MAX];
};
/* An empty ring of `capacity` places. 0, or -1 with errno. */
int channel_ring_init(struct channel_ring *r, int capacity);
/* Puts *value (`put`) or takes one into *value: wait(slots) wait(mutex) the
 * place post(mutex) post(items), or the other way round. `try`: CH_AGAIN and
 * nothing done when it would wait (sem_trywait). CH_OK, or CH_ERROR. */
enum ch_result channel_ring_move(struct channel_ring *r, int32_t *value, bool put, bool try);
/* The items in it: its `items` semaphore (sem_getvalue); -1 if unreadable. */
int channel_ring_count(struct channel_ring *r);
/* Is a process whose syscall is nr (first argument arg0) asleep in futex(2)
 * on the semaphore a put (`put`) or a get waits for? */
bool channel_ring_sleeps_on(const struct channel_ring *r, bool put, long nr, long arg0);

/* One message of `size` bytes through POSIX queue descriptor q: sent from
 * msg (`put`) or received into it (at least the queue's message size).
 * `try`: with a deadline already past, CH_AGAIN when it would wait (the
 * descriptor's O_NONBLOCK would be shared by every child); else mq_send or
 * mq_receive, which sleep in the mq_timedsend or mq_timedreceive syscall.
 * Again after a signal. CH_OK (a received message of at least `size`
 * bytes), or CH_ERROR with errno. */
enum ch_result channel_queue_move(int q, char *msg, size_t size, bool put, bool try);

/* A scenario's capacity: `given` says whether it asked one, `asked` what.
 * 0 with *capacity set, or -1 with the channel's message in err. */
int channel_capacity_check(const struct channel_desc *d, bool given, long long asked,
			   int *capacity, char *err, size_t errlen);
/* A capacity moved onto this channel from another: 0 or less becomes its
 * default, a larger one its largest (a pipe: the smallest power of two that
 * holds it); one that takes no capacity keeps the number untouched. */
int channel_capacity_fit(const struct channel_desc *d, int capacity);
/* The largest capacity the channel takes now, 0 for none. */
int channel_capacity_max(const struct channel_desc *d);


/* Sets up ch for `kind` and opens it; item_size is the bytes of one pipe item
 * (0: the default, one page). -1 with a message in err. */
int channel_open(struct channel *ch, enum channel_kind kind, int capacity, int item_size,
		 char *err, size_t errlen);

#endif
