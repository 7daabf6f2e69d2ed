/* view.h - what the screen shows, shared by screen.c (which fills it), anim.c
 * (which moves events into it at the pace of the animation), words.c and the
 * draw*.c files (which only read it). The shown model lags the scheduler's by the animations still
 * queued; the kernel's live evidence (/proc, the channel's own count) is read
 * from the running processes directly. */
#ifndef IPCVIZ_UI_VIEW_H
#define IPCVIZ_UI_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "lanes.h"
#include "model.h"
#include "predict.h"
#include "run.h"
#include "scenario.h"

#define VIEW_LOG_MAX 200      /* log lines kept; the screen shows the latest */
#define VIEW_LOG_TEXT 320
#define VIEW_WRAP_CELLS 46      /* a log line's text at 80 columns, indented */
#define VIEW_WRITES_MAX 64    /* shared value: the latest writes kept for the table */
#define VIEW_MESSAGE_MAX 256
#define VIEW_MARKS_MAX 32     /* moments worth a marker in a recording, between frames */
#define VIEW_MARK_TEXT (SCENARIO_NAME_MAX + VIEW_LOG_TEXT + 8)
#define VIEW_PARTS_MAX 8      /* parts of one big pipe item kept for its consumer's box */
#define VIEW_PATH_MAX 256

/* What must be drawn again: one bit per panel. */
enum view_dirty {
	VIEW_DIRTY_HEADER = 1u << 0,
	VIEW_DIRTY_STAGE = 1u << 1,
	VIEW_DIRTY_LOG = 1u << 2,
	VIEW_DIRTY_KEYS = 1u << 3,
	VIEW_DIRTY_HELP = 1u << 4,
	VIEW_DIRTY_LAYOUT = 1u << 5, /* size or actors changed: new windows, all drawn */
	VIEW_DIRTY_ALL = 0x3fu
};

struct view_log_line {
	char time[24];             /* "3.500" scenario seconds */
	char who[SCENARIO_NAME_MAX]; /* the actor, or "ipcviz" */
	char text[VIEW_LOG_TEXT];  /* the event in words */
	int fill;                  /* items in the channel after it, -1 if not shown */
	bool message;              /* ipcviz talking (a key's answer), not an event */
	bool mixed;                /* a got of an item holding another writer's bytes */
	enum event_type type;
	enum event_op op;
	int signal;
};

enum view_write_mark { VIEW_WRITE_UNREAD, VIEW_WRITE_READ, VIEW_WRITE_LOST };

/* One write into a shared value and what became of it. */
struct view_write {
	int32_t value;
	enum view_write_mark mark;
	int reads;                 /* how often it was read (2 and more: stale reads) */
};

/* The kernel's view of one actor, from /proc, as last read; or, for the past
 * and a replay, as a trace's kernel event recorded it (then `syscall` names the
 * call and there is no descriptor to show). */
struct view_proc {
	bool valid;
	char state;
	bool in_syscall;
	long nr, arg0;
	char wchan[40];
	char syscall[24];          /* recorded: the call's name; "" when read live */
};

/* The kernel's view of every actor and of the channel at one moment. */
struct view_kernel {
	struct view_proc proc[SCENARIO_MAX_ACTORS];
	int kfill;                 /* the channel's own count, -1 unknown */
	enum run_kfill kfill_why;  /* why it is what it is, or not there */
	int model_kfill;           /* the model's items in the same unit, -1 unknown */
	bool recorded;             /* from the events (past, replay), not read live */
	/* several channels (DESIGN 14), read live: each one's count in items (-1
	 * unknown) and the actors holding its ends (bit a), by /proc/PID/fd */
	int nchannels;
	int chan_kfill[MODEL_MAX_CHANNELS];
	uint32_t chan_readers[MODEL_MAX_CHANNELS], chan_writers[MODEL_MAX_CHANNELS];
};

/* The travel being drawn: an item on its way into or out of the channel. */
enum view_travel_kind { VIEW_TRAVEL_NONE, VIEW_TRAVEL_IN, VIEW_TRAVEL_OUT };

struct program;

struct view_travel {
	enum view_travel_kind kind;
	int actor;                 /* or EVENT_ACTOR_OUTSIDE: a writer ipcviz did not start */
	int32_t value;
	double progress;           /* 0 at the start, 1 at the end */
	bool back;                 /* socketpair: an answer, on the lane going back */
	bool part;                 /* a part of a big pipe item, not a whole one */
	bool mixed;                /* a whole item holding another writer's bytes */
	int ch;                    /* several channels: the one it goes into or out of, -1 */
};

/* What the events said about one actor that the model does not keep: the
 * parts of a big pipe item read so far, and whether its latest item was mixed. */
struct view_actor_extra {
	int nparts;                /* parts since its latest whole item */
	long part_bytes;
	int32_t part_value[VIEW_PARTS_MAX]; /* whose item each part was of: its value */
	bool mixed;                /* its latest item held bytes of another write */
	int32_t mixed_value;       /* …of that write's value */
	int mixed_by;              /* …by that actor, -1 unknown */
};

struct view {
	/* the run, as far as the animation has got */
	struct model shown;
	char title[256];
	char kernel_name[64];
	int kernel_capacity;       /* items the kernel gave */
	long kernel_bytes;         /* pipe: bytes the kernel gave */
	const char *call_put;      /* the call a blocked producer sleeps in ("write") */
	const char *call_get;
	int value_cols;            /* cells of the widest value this run can carry */
	int item_size;             /* pipe: bytes in one item, 0 = one page */
	bool big_items;            /* pipe items larger than PIPE_BUF: read in parts (a
	                              replay knows it from its part events) */
	char path[VIEW_PATH_MAX];  /* a named FIFO's path, "" if none */
	struct view_actor_extra extra[SCENARIO_MAX_ACTORS];
	bool has_outside;          /* fifo: a writer outside ipcviz wrote… */
	int32_t outside_value;     /* …this, latest */
	int last_actor;            /* the actor of the latest event shown, -1 none */
	struct view_write writes[VIEW_WRITES_MAX];
	int nwrites;
	/* from the kernel, read right after the step the screen is showing */
	struct view_kernel kernel;
	/* the log */
	struct view_log_line log[VIEW_LOG_MAX];
	int log_head, log_count;   /* a ring: the oldest at log_head */
	/* animation */
	struct view_travel travel;
	int flash;                 /* frames left of the lost value's flash */
	int box_pulse[SCENARIO_MAX_ACTORS]; /* frames left of a box's "just blocked" pulse */
	/* the run's controls */
	bool paused;
	bool finished;             /* the run is over and the animation has caught up */
	double speed;              /* 0 = max */
	double vclock_ms;          /* the virtual time shown */
	char end_reason[512];
	/* what the end panel says besides the end itself, which the log (hidden
	 * under it) also has: the goal reached, the quiz's score; "" none */
	char end_goal[VIEW_LOG_TEXT], end_score[VIEW_LOG_TEXT];
	bool show_help, show_explain, show_lanes;
	/* the code pane (the c key): -1 off, else an enum program_lang; its
	   program is the screen's (not owned), built for the run's scenario */
	int code;
	const struct program *program;
	int group[SCENARIO_MAX_ACTORS]; /* each actor's scenario group */
	/* the swim lanes: each actor over virtual time (the t key) */
	struct lanes lanes;
	/* where the shown moment is: the run's present, or a step of its history */
	bool past;                 /* showing history: the live run is further on */
	long step, steps;          /* the step shown (from 0) and the steps so far */
	bool replay;               /* the events come from a trace, not processes */
	/* choosing mode (the s key, --choose, DESIGN 12): the user is the scheduler */
	bool choosing;
	bool predicting;           /* predict mode (key p, --predict, DESIGN 13) */
	/* the open question, also shown under the code pane (which hides the log) */
	char question[1 + PREDICT_OUTCOMES_MAX][VIEW_LOG_TEXT];
	int nquestion;
	int question_actor;         /* whom it asks about: the code pane shows its line */
	int selected;              /* the process n or Enter grants, -1 none */
	enum run_can can[SCENARIO_MAX_ACTORS]; /* who can take a step now (screen.c) */
	long choices;              /* choose events shown in this run: the step number */
	/* the latest tie (two processes due at once: DESIGN 12), for the explain
	 * panel while its moment is shown; "" none */
	char tie[VIEW_LOG_TEXT];
	int64_t tie_t_ms;
	/* moments worth a marker, applied since the last frame (recording) */
	char marks[VIEW_MARKS_MAX][VIEW_MARK_TEXT];
	int nmarks;
	bool quiet;                /* rebuilding the past: no marks, no effects */
	/* several channels (DESIGN 14): who uses each by its program (bit a: actor
	 * a puts on it, or takes the lock; gets from it), and while the run is
	 * deadlocked the cycle in words ("" otherwise) */
	uint32_t chan_puts[MODEL_MAX_CHANNELS], chan_gets[MODEL_MAX_CHANNELS];
	unsigned long chan_ino[MODEL_MAX_CHANNELS]; /* each pipe's inode, 0 unknown */
	char deadlock[1024];
	/* how to draw */
	bool ascii, color;
	unsigned dirty;            /* enum view_dirty bits */
};

/* Empties the view for a new run of sc on a channel (kernel_name, a named
 * FIFO's path or "", capacity the kernel gave, bytes) with the given actors'
 * pids still to come from spawn events. Keeps the controls and drawing
 * settings. sc must outlive the run shown: the model of several channels
 * (and every copy of it, the history's too) reads the programs of sc->multi. */
void view_start_run(struct view *v, const struct scenario *sc, int capacity,
		    const char *kernel_name, const char *path, int kernel_capacity,
		    long kernel_bytes, const char *call_put, const char *call_get);

/* Applies one event to the shown model and logs it; marks what must be drawn.
 * `effects` false at --speed max: no flash or pulse. */
void view_apply(struct view *v, const struct event *ev, bool effects);

/* Shows what the kernel said (marks the stage dirty if it differs). */
void view_set_kernel(struct view *v, const struct view_kernel *k);
/* The kernel's evidence as the events recorded it in model m (its kernel
 * events) instead of live /proc: for the past and for a replay. */
void view_kernel_recorded(const struct model *m, struct view_kernel *k);
/* Shows view_kernel_recorded() of the shown model. */
void view_set_recorded_kernel(struct view *v);

/* Starts showing the moment of model m: the shown model becomes m, and the log,
 * the writes table and the lanes are emptied, to be filled again by view_apply
 * of the events that follow (with v->quiet set). Keeps the run's words, the
 * controls and the drawing settings. */
void view_begin_at(struct view *v, const struct model *m);

/* Adds a line of ipcviz's own to the log (an answer to a key). printf-like. */
void view_message(struct view *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* text as ipcviz's log lines, cut to fit an 80-column log (VIEW_WRAP_CELLS). */
void view_message_wrapped(struct view *v, const char *text);
/* A recording's marker at the newest log line (a predict question, the score). */
void view_mark_last(struct view *v);

/* The log line `back` lines before the newest (0 = newest), or NULL. */
const struct view_log_line *view_log_at(const struct view *v, int back);

/* Is ev an answer on a socket pair's lane going back (a consumer's put, its
 * producer's get)? */
bool view_backward(const struct view *v, const struct event *ev);

/* The actor the explain panel is about: a blocked one first, else the one that
 * acted last, else the first. -1 if there are no actors. */
int view_explain_actor(const struct view *v);

/* The descriptor of the channel shown: how it is drawn and named. The shared
 * value's when the shown model names no channel the table knows. */
const struct channel_desc *view_desc(const struct view *v);
/* Items of a channel of items bigger than PIPE_BUF: the kernel splits them, so
 * no count of whole items is true (their events carry no fill); the channel
 * is shown in pages as the kernel's byte count fills them. */
bool view_split_items(const struct view *v);
/* The pages that hold bytes by the kernel's count (of split items); -1 if it
 * has not said. */
int view_pages_used(const struct view *v);
/* Does a channel whose items have sizes of their own have a line about their
 * size against PIPE_BUF (a scenario gave one, or big items were seen)? */
bool view_has_size_line(const struct view *v);
/* The actor holding a counter's value between its load and its store, from
 * actor `from` on (every increment is a load, then a store, so one that has
 * done an odd number of steps holds a loaded value); -1 if none, or if the
 * channel is no counter. */
int view_loaded_actor(const struct view *v, int from);
/* Is the run shown one of several channels (DESIGN 14)? */
bool view_multi(const struct view *v);
/* Is actor a's item on its way into or out of the channel? */
bool view_traveling(const struct view *v, int a);

#endif
