/* ui_support.h - what the tests of ui/ share: a view at the start of a
 * built-in scenario, as the screen makes one, without processes or curses. */
#ifndef IPCVIZ_TEST_UI_SUPPORT_H
#define IPCVIZ_TEST_UI_SUPPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "view.h"

/* Empties *v for a run of built-in `name` in the C locale: its kernel sized as
 * the channel's descriptor says, the calls its processes sleep in from the
 * descriptor, every actor spawned (pid 100 + its index). Fails the test if
 * the scenario does not load. The scenario is kept until the next call (the
 * view's model of several channels reads its programs). */
void ui_support_start(struct view *v, const char *name);
/* The first actor of `role` in v; fails the test if there is none. */
int ui_support_first(const struct view *v, enum role role);
/* Applies an event of `type` by `actor` at t_ms to v, with a value if
 * has_value, and the operation `op` (blocked, unblocked). */
void ui_support_apply(struct view *v, enum event_type type, int actor, int64_t t_ms,
		      bool has_value, int32_t value, enum event_op op);

#endif
