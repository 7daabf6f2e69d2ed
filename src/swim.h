/* swim.h - what an event means for a swim lane: whose lane it marks and with
 * what (a put, a got, a lost value, a fault, an end of file, a deadlock,
 * a close, a lock taken or given back).
 *
 * One table (swim.c) answers for both drawings of the lanes: the screen's
 * (ui/lanes.c, key t) and the slide's (svg.c, --svg). Each takes the marks
 * from here and draws them its own way, so what one shows as a lost value the
 * other cannot show as a got. No curses, no I/O.
 */
#ifndef IPCVIZ_SWIM_H
#define IPCVIZ_SWIM_H

#include "event.h"

/* What an actor did: bits, several of which one event can give (a got of an
 * item mixed of two writes is a got and a lost value). */
enum swim_mark {
	SWIM_PUT = 1u << 3,       /* put or wrote a value */
	SWIM_GOT = 1u << 4,       /* got or read a value, or part of an item */
	SWIM_LOST = 1u << 5,      /* a value was lost: overwritten unread, or mixed */
	SWIM_FAULT = 1u << 6,     /* an error, a fault done to it, killed */
	SWIM_EOF = 1u << 7,       /* it read end of file */
	SWIM_DEADLOCK = 1u << 8,  /* it is in a deadlock's cycle */
	SWIM_CLOSE = 1u << 9,     /* it closed its ends of a channel */
	SWIM_LOCK = 1u << 10,     /* it took a lock */
	SWIM_UNLOCK = 1u << 11    /* it gave a lock back */
};

#define SWIM_HITS_MAX EVENT_ACTORS_MAX

/* One lane an event marks. */
struct swim_hit {
	int actor;                /* index into the actor table */
	unsigned marks;           /* enum swim_mark bits */
};

/* The lanes ev marks and with what, at most max of them written to hits (a
 * deadlock marks each process of its cycle; most events mark one lane, many
 * none). Returns how many were written. Actors outside [0, nactors) are left
 * out. */
int swim_hits(const struct event *ev, int nactors, struct swim_hit *hits, int max);

#endif
