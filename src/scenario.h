/* scenario.h - what a run is: a channel, groups of producers and consumers with
 * their pace, and a script of faults and notes. Filled from an INI file or from
 * one of the built-in scenarios (the files under scenarios/, compiled in).
 */
#ifndef IPCVIZ_SCENARIO_H
#define IPCVIZ_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "channel.h"

#define SCENARIO_MAX_GROUPS 16
#define SCENARIO_MAX_PER_GROUP 8
#define SCENARIO_MAX_ACTORS 32
#define SCENARIO_MAX_VALUES 1000000
#define SCENARIO_NAME_MAX 32

struct scenario_group {
	char name[SCENARIO_NAME_MAX]; /* "" for a plain [producer] / [consumer] */
	enum role role;
	int count;
	int64_t interval_ms;
	int64_t start_ms;
	int32_t *values;        /* producer: the values to put, in order (owned) */
	size_t nvalues;
	bool has_stop;          /* consumer: stop after receiving stop_value */
	int32_t stop_value;
	long items;             /* consumer: stop after this many items; 0 = no limit */
	int line;
};

/* One process of the run; groups expanded in file order, producers first. */
struct scenario_actor {
	char name[SCENARIO_NAME_MAX]; /* "producer-1", "fast-2" */
	char comm[16];                /* "ipcviz-p1", "ipcviz-c2" */
	enum role role;
	int group;
};

enum scenario_action_kind { ACTION_KILL, ACTION_STOP, ACTION_CONT, ACTION_NOTE };

struct scenario_action {
	int64_t at_ms;
	enum scenario_action_kind kind;
	int target;             /* actor index; -1 for a note */
	char *text;             /* note text (owned) */
	int line;
};

/* The [script]'s word of an action: "kill", "stop", "cont", "note". */
const char *scenario_action_word(enum scenario_action_kind kind);

/* What a [goal] asks the student to make happen (DESIGN 12). */
enum scenario_goal_kind {
	GOAL_NONE = 0,
	GOAL_LOST_UPDATE,       /* a race: a store over another's (an overwritten event) */
	GOAL_OVERWRITTEN,       /* a shared value replaced unread */
	GOAL_STALE,             /* a shared value read again */
	GOAL_BLOCKED_PUT,       /* a producer asleep on a full channel */
	GOAL_BLOCKED_GET,       /* a consumer asleep on an empty channel */
	GOAL_EPIPE,             /* a write with no reader left */
	GOAL_EOF,               /* a read with no writer left */
	GOAL_DEADLOCK           /* several channels (DESIGN 14) */
};

struct scenario_goal {
	enum scenario_goal_kind reach;
	int within;             /* steps; 0 = no limit */
	char *text;             /* the task in words, or NULL (owned) */
	int line;               /* of [goal] */
};

/* The word of a goal in a scenario file and a trace ("lost-update"), and the
 * goal of a word (GOAL_NONE if it is none). */
const char *scenario_goal_word(enum scenario_goal_kind k);
enum scenario_goal_kind scenario_goal_by_word(const char *word);

struct scenario_multi;

struct scenario {
	char name[64];          /* built-in name or file name */
	char *title;            /* owned */
	char *comments;         /* the comment lines the file begins with, without their
				 * ';', a paragraph break as an empty line; NULL
				 * without any (owned) */
	enum channel_kind channel;
	int capacity;
	int item_size;          /* pipe: bytes in one item; 0 = one page (4096) */
	struct scenario_group groups[SCENARIO_MAX_GROUPS];
	int ngroups;
	struct scenario_actor actors[SCENARIO_MAX_ACTORS];
	int nactors;
	struct scenario_action *actions; /* sorted by time, then file order (owned) */
	size_t nactions;
	struct scenario_goal goal;       /* [goal]; reach GOAL_NONE without one */
	struct scenario_multi *multi;    /* [channel.NAME] and [process.NAME]
					    (DESIGN 14, scenario_multi.h); NULL
					    for a file of one channel (owned) */
};

struct scenario_builtin {
	const char *name;
	const char *text;       /* the INI text */
};

/* The built-in scenarios, in --list order; *count set. */
const struct scenario_builtin *scenario_builtins(size_t *count);
const struct scenario_builtin *scenario_builtin_find(const char *name);

/* Parses INI text. `where` names it in messages ("demo.ini", or the built-in's
 * name). 0 on success; -1 with "WHERE:LINE: what is wrong" in err. On failure
 * *s holds nothing that needs freeing. */
int scenario_parse(const char *text, const char *where, struct scenario *s, char *err,
		   size_t errlen);
/* Loads a built-in by name or, failing that, a file. -1 with a message. */
int scenario_load(const char *name_or_path, struct scenario *s, char *err, size_t errlen);
/* The same scenario on another channel (a channel's key on the screen); the
 * capacity fitted to what that channel accepts. Nothing changes for a kind
 * with no channel. */
void scenario_set_channel(struct scenario *s, enum channel_kind kind);
/* What a scenario is wanted for (scenario_runnable). */
enum scenario_use {
	SCENARIO_SCREEN,        /* a run on the screen */
	SCENARIO_PREDICT,       /* a run on the screen with --predict */
	SCENARIO_HEADLESS,      /* a run without one */
	SCENARIO_SCHEDULE,      /* --schedule --headless: a trace's choices taken again */
	SCENARIO_CHOOSE,        /* choosing on the screen: s, --choose, --schedule */
	SCENARIO_CODE,          /* --print-code */
	SCENARIO_EXPLORE        /* ipcviz explore */
};
/* Can this version do that with it? `where` names it as the user did (NULL:
 * its name). 0, or -1 with the one line that says why not: a file of several
 * channels (DESIGN 14) runs headless, on the screen, chosen and predicted
 * there, with --schedule and explored, and has a program of its own
 * (--print-code), on pipes and locks, with no goal but deadlock, eof and
 * epipe (and for --print-code no stop never continued in its script), so
 * far ("demo.ini:3: a queue among several channels is not run yet …"). */
int scenario_runnable(const struct scenario *s, const char *where, enum scenario_use use,
		      char *err, size_t errlen);
/* Deep copy; 0 or -1 (ENOMEM). */
int scenario_copy(struct scenario *dst, const struct scenario *src);
void scenario_free(struct scenario *s);
/* Actor index of a name, or -1. */
int scenario_actor_index(const struct scenario *s, const char *name);

#endif
