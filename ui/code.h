/* code.h - what the code pane shows, worked out without curses so that tests
 * can ask it: which lines of the program are shown (each group's function
 * once) and the line each process is at, from the shown model (the moment on
 * screen: the present, a step of the past, a replay), never from live state.
 */
#ifndef IPCVIZ_UI_CODE_H
#define IPCVIZ_UI_CODE_H

#include <stddef.h>

#include "program.h"
#include "view.h"

/* The pane's lines: the indexes into p->lines of the lines inside a group's
 * function (group >= 0) but the empty ones, in program order, at most max of
 * them. Returns how many. */
size_t code_shown_lines(const struct program *p, size_t *out, size_t max);

/* The line (an index into p->lines) actor a of the view is at, or -1 when it
 * is at none (not spawned yet, ended). Asleep in the kernel: the call it
 * sleeps in (in C the line with the syscall the kernel shows, v->call_put or
 * v->call_get); waiting for its turn before its first step: its first
 * operation; between steps: its pause (a race between its load and its
 * store: the pause before the store). Several channels: the line of the
 * operation of its current do line (model_actor.pos) that it does next (a
 * put's write, an echo's read or write by the half that comes next, a close,
 * a lock, an unlock), or of the sleep it waits through, or its start delay;
 * asleep in the kernel, the call of that do line it sleeps in (write, read,
 * pthread_mutex_lock: futex). */
int code_line_of(const struct program *p, const struct view *v, int a);

/* The process the pane keeps in sight first: the selected one when there is
 * a choosing mode, else a blocked one, else the one that acted last, else the
 * first. -1 if there are no actors. */
int code_focus(const struct view *v);

#endif
