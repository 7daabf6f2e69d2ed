/* anim.h - the short queue of animations that follows the scheduler's events.
 *
 * Events go in as the scheduler emits them and reach the view (view_apply) in
 * the same order, when their animation says so: an item put into the channel
 * arrives at the end of its travel, an item taken out leaves at its start,
 * anything else at once. The run never waits for the animation: the queue is
 * short, travels get shorter as it fills, and at --speed max there is none. */
#ifndef IPCVIZ_UI_ANIM_H
#define IPCVIZ_UI_ANIM_H

#include <stdbool.h>

#include "event.h"
#include "view.h"

#define ANIM_QUEUE_MAX 128   /* events waiting for their animation */
#define ANIM_TRAVELS_MAX 6   /* travels waiting; past this the oldest play at once */
#define ANIM_TRAVEL_FRAMES 9 /* frames of one travel at --speed 1 (0.3 s at 30 fps) */

/* ANIM_KERNEL carries what /proc showed after a step, so the boxes show the
 * kernel's evidence of the moment the screen has got to, not of a later one. */
enum anim_kind { ANIM_INSTANT, ANIM_IN, ANIM_OUT, ANIM_KERNEL };

struct anim_item {
	struct event ev;
	struct view_kernel kernel; /* ANIM_KERNEL */
	enum anim_kind kind;
	int frames, frame;   /* a travel's length and how far it got */
	bool started;
};

struct anim {
	struct anim_item items[ANIM_QUEUE_MAX]; /* a ring from head */
	int head, count;
	int travels;         /* travels in the queue */
};

/* An empty queue (also when a run restarts: what was queued is dropped). */
void anim_reset(struct anim *a);
/* Queues one event of the run; plays it at once at --speed max (v->speed 0). */
void anim_push(struct anim *a, struct view *v, const struct event *ev);
/* Moves every animation one frame on. */
void anim_frame(struct anim *a, struct view *v);
/* Queues the kernel's evidence read after the events pushed so far; shown at
 * once if nothing is waiting. */
void anim_push_kernel(struct anim *a, struct view *v, const struct view_kernel *k);
/* Plays everything queued at once (a restart, a quit, --speed max). */
void anim_flush(struct anim *a, struct view *v);
/* Is there anything left to animate (a travel, a flash, a pulse)? */
bool anim_busy(const struct anim *a, const struct view *v);

#endif
