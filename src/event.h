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
#include "scenario_multi.h"

#include "event_fields.h"

/* EV_SPAWN, EV_EXIT, EV_PUT ...: one per row of EVENT_TYPES (event_fields.h). */
enum event_type {
#define EVENT_TYPE_ENUM(name, word) EV_##name,
	EVENT_TYPES(EVENT_TYPE_ENUM)
#undef EVENT_TYPE_ENUM
	EV_TYPE_COUNT
};

/* The operation of a blocked, unblocked or error event; of a predict event in
 * a run of several channels, the one asked about (close and unlock only
 * there). */
enum event_op {
	OP_NONE, OP_PUT, OP_GET,
	OP_LOCK,   /* several channels: a lock */
	OP_CLOSE,  /* several channels' predict: a close, */
	OP_UNLOCK  /* an unlock */
};

#define EVENT_ACTOR_IPCVIZ (-1)
#define EVENT_ACTOR_OUTSIDE (-2) /* fifo: a process ipcviz did not start ("outside") */
#define EVENT_TEXT_MAX 200
#define EVENT_ACTORS_MAX 32      /* as many as a scenario or a trace header can have */

/* A list of actors in an event (a deadlock's cycle). */
struct event_actors {
	int n;
	signed char actor[EVENT_ACTORS_MAX]; /* indices into the actor table */
};

/* The envelope every event has, then one member per FIELD and HIDDEN row of
 * EVENT_FIELDS (event_fields.h), where each is described. */
struct event {
	int64_t t_ms;          /* scenario (virtual) time in milliseconds */
	int actor;             /* index into the actor table, or EVENT_ACTOR_IPCVIZ */
	enum event_type type;
#define EVENT_MEMBER(member, ctype, dims, ...) ctype member dims;
	EVENT_FIELDS(EVENT_MEMBER, EVENT_FIELDS_SKIP, EVENT_MEMBER)
#undef EVENT_MEMBER
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
	char title[256];           /* the scenario's title, kept by a run of several
				      channels (its file's, which a replay cannot
				      look up as a built-in's); "" if none */
	int nactors;
	struct trace_actor *actors; /* owned by whoever filled it */
	/* A run of several channels (DESIGN 14, "channel":"several"). Written:
	 * multi gives the header's "channels" and "processes" (NULL: none).
	 * Read: those lists as the [channel.NAME] and [process.NAME] sections of
	 * a scenario file would say them (malloc'd; NULL when the header has
	 * none, as in a trace of an older ipcviz), and the channels' names, which
	 * every event's "ch" is checked to be among. */
	const struct scenario_multi *multi;
	const struct scenario_action *script; /* written: its [script] ("script") */
	size_t nscript;
	char *multi_text;
	int nchannels;
	char channel_names[SCENARIO_MULTI_MAX_CHANNELS][SCENARIO_MULTI_NAME_MAX];
};

/* The trace word of a type ("put"), and the type of a word; -1 if unknown. */
const char *event_type_name(enum event_type type);
int event_type_from_name(const char *name);

/* A fresh event of `type` for `actor` with every optional field unset: all
 * zero, except the codecs whose "unset" is -1 (OPT, ACTOR). */
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
