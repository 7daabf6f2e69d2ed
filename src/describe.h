/* describe.h - events and states in plain words, for the headless timeline, the
 * screen's log and the explain panel. Everything here is translated; the trace
 * (event.c) is not. */
#ifndef IPCVIZ_DESCRIBE_H
#define IPCVIZ_DESCRIBE_H

#include <stddef.h>

#include "event.h"
#include "model.h"

/* One event as a sentence ("put 3 into the queue", "BLOCKED in write: the pipe is
 * full"), without time or actor. Returns buf. */
const char *describe_event(const struct model *m, const struct event *ev, char *buf,
			   size_t len);
/* The headless timeline line of an event: time, actor, what happened, fill. */
const char *describe_timeline_line(const struct model *m, const struct event *ev,
				   char *buf, size_t len);
/* What the run showed, a few lines at the end of a headless run (values or
 * updates lost and why, who blocked how often and for what, items from outside
 * ipcviz). Writes at most len bytes. */
const char *describe_summary(const struct model *m, char *buf, size_t len);
/* Why actor `a` is in its state and what will wake it, with the syscall: the
 * explain panel. */
const char *describe_explain(const struct model *m, int a, char *buf, size_t len);
/* Width in terminal cells of a UTF-8 string (wcswidth); bytes if undecodable. */
int describe_width(const char *s);

#endif
