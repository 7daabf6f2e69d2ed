/* describe.h - events and states in plain words, for the headless timeline, the
 * screen's log (describe.c), the end-of-run summary (summary.c) and the explain
 * panel (explain.c). Everything here is translated; the trace (event.c) is not. */
#ifndef IPCVIZ_DESCRIBE_H
#define IPCVIZ_DESCRIBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "channel.h"
#include "event.h"
#include "model.h"

/* One event as a sentence ("put 3 into the queue", "BLOCKED in write: the pipe is
 * full"), without time or actor. Returns buf. */
const char *describe_event(const struct model *m, const struct event *ev, char *buf,
			   size_t len);
/* The headless timeline line of an event: time, actor, what happened, fill. */
const char *describe_timeline_line(const struct model *m, const struct event *ev,
				   char *buf, size_t len);
/* Where the step before and this one were due at once (DESIGN 12): what
 * describe_tie needs from the step before. Start with describe_tie_init. */
struct describe_tie {
	int actor;                /* who the step before granted, -1 none */
	int64_t t_ms;
};
void describe_tie_init(struct describe_tie *tie);
/* A step's events evs[0..n) after the step recorded in tie: if it began at the
 * same time with another process's operation, not woken by that step and not
 * chosen by the user, both were due at once — where real programs race and
 * ipcviz took the order of the file. Then the timeline line that says so
 * (into buf), else NULL. Records this step in tie either way. */
const char *describe_tie_line(const struct model *m, struct describe_tie *tie,
			      const struct event *evs, size_t n, char *buf, size_t len);
/* The same as a sentence alone, without the time and actor columns (the
 * explain panel). */
const char *describe_tie_sentence(const struct model *m, struct describe_tie *tie,
				  const struct event *evs, size_t n, char *buf, size_t len);
/* A run of several channels (describe_multi.c): an event on one of its
 * channels as a sentence into t (false if it is not one); a deadlock's cycle
 * in words ("DEADLOCK: parent-1 sleeps in write(2) on to_child, full; …"); the
 * channels' counts at the end. */
struct text;
bool describe_multi_event(const struct model *m, const struct event *ev, struct text *t);
const char *describe_multi_deadlock(const struct model *m, const struct event *ev, char *buf,
				    size_t len);
const char *describe_multi_summary(const struct model *m, char *buf, size_t len);
/* The explain panel of a run of several channels: why actor a is in its state
 * (asleep: in which call on which channel, and what would wake it), then, when
 * `holders` is true, who holds each end of each pipe as /proc/PID/fd showed
 * it (readers[c], writers[c]: bit a for actor a), the kernel's own evidence
 * of why a reader still waits; false: that it was not read for this moment.
 * In describe_multi.c. */
const char *describe_multi_explain(const struct model *m, int a, bool holders,
				   const uint32_t *readers, const uint32_t *writers, char *buf,
				   size_t len);
/* Where actor a of a run of several channels sleeps, in one line ("parent-1
 * now sleeps in write(2) on to_child: it is full."), "" unless it is asleep:
 * what a predict answer adds on a screen whose log has few lines (the stage
 * shows the rest, the e panel all of it). In describe_multi.c. */
const char *describe_multi_asleep_short(const struct model *m, int a, char *buf, size_t len);
/* What a /proc state letter means, in words ("sleeping, can be woken"). */
const char *describe_state_letter(char c);
/* What the run showed, a few lines at the end of a headless run (values or
 * updates lost and why, who blocked how often and for what, items from outside
 * ipcviz). Writes at most len bytes. In summary.c. */
const char *describe_summary(const struct model *m, char *buf, size_t len);
/* Why actor `a` is in its state and what will wake it, with the syscall: the
 * explain panel. In explain.c. */
const char *describe_explain(const struct model *m, int a, char *buf, size_t len);
/* Width in terminal cells of a UTF-8 string (wcswidth); bytes if undecodable. */
int describe_width(const char *s);

/* ---- words the timeline, the summary and the explain panel share ---------- */

/* The descriptor of the model's channel; for an unknown kind, one with every
 * flag off and no words, so callers need not test for NULL. */
const struct channel_desc *describe_desc(const struct model *m);
/* The channel in a sentence, translated ("the pipe"; "the channel" if unknown). */
const char *describe_noun(const struct model *m);
/* socketpair: is actor a's `op` about an answer? A consumer puts answers back
 * and a producer gets them, as model.c counts them. */
bool describe_answers(const struct model *m, int a, enum event_op op);
/* An actor's name; "ipcviz" and "outside" are the trace's names for who is not
 * an actor (a FIFO's writer that ipcviz did not start), "?" for none. */
const char *describe_actor_name(const struct model *m, int a);
/* The operation an event is about: its own op, or else what its actor's role
 * does (a producer puts, a consumer gets). */
enum event_op describe_op(const struct model *m, int a, enum event_op op);
/* "SIGKILL" for 9; "signal 99" (in buf) for what glibc cannot name. */
const char *describe_signal(int sig, char *buf, size_t len);
/* "EPIPE" for EPIPE; "errno 999" (in buf) for what glibc cannot name. */
const char *describe_errno(int err, char *buf, size_t len);
/* Why an error happened, in the lesson's words where ipcviz knows them. */
const char *describe_errno_reason(int err);

#endif
