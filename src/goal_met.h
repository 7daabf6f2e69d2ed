/* goal_met.h - whether an event is the one a scenario's [goal] waits for
 * (DESIGN 12, 14): one answer for the scheduler of one channel and the run of
 * several, so the two cannot disagree about a goal. No I/O. */
#ifndef IPCVIZ_GOAL_MET_H
#define IPCVIZ_GOAL_MET_H

#include <stdbool.h>

#include "event.h"
#include "scenario.h"

/* Does ev make s's goal happen? A blocked put or get counts only for an actor
 * of the role the goal names (a producer for blocked-put, a consumer for
 * blocked-get); false when s has no goal. */
bool goal_met(const struct scenario *s, const struct event *ev);

#endif
