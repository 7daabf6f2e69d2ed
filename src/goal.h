/* goal.h - the fewest steps that reach a scenario's [goal] (DESIGN 12), found
 * by trying every order of choices of that length and no longer, shortest
 * first, each on fresh real processes through the scheduler (run_live.h), as
 * a student in choosing mode would take them. No curses. */
#ifndef IPCVIZ_GOAL_H
#define IPCVIZ_GOAL_H

#include <stddef.h>

#include "scenario.h"

#define GOAL_FEWEST_MAX_RUNS 4000 /* runs tried before giving up: about 2 s */
#define GOAL_FEWEST_MAX_STEPS 12  /* no longer orders are tried */

/* The fewest steps (choices) after which sc's goal is reached: 1 and up; 0
 * when no order of at most max_steps (GOAL_FEWEST_MAX_STEPS if 0 or more than
 * it, and at most the goal's `within`) reaches it; -2 when the search gave up
 * after GOAL_FEWEST_MAX_RUNS runs; -1 with a message on a runtime failure (or
 * a scenario without a goal). Nothing is left behind. */
int goal_fewest(const struct scenario *sc, int max_steps, char *err, size_t errlen);


/* The fewest steps in words, for the end of a run: "The fewest steps that
 * reach the goal: 4 (…)", or why it is not known. Into buf; returns buf. */
const char *goal_fewest_words(const struct scenario *sc, char *buf, size_t len);

#endif
