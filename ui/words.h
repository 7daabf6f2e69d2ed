/* words.h - the words the screen shows, built from the view alone: what each
 * actor is doing and what the kernel says of it, the channel's name, capacity,
 * title, fill and counts, a race's lock and result, a FIFO's writer from
 * outside, and the style each is drawn in. No curses: draw*.c place these
 * strings, and tests check them without a terminal.
 *
 * Every function writes translated text (gettext) into the caller's buffer,
 * cut to its length; none keeps a pointer to the view. */
#ifndef IPCVIZ_UI_WORDS_H
#define IPCVIZ_UI_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "style.h"
#include "view.h"

/* What an actor is doing: the state word, a detail line and an extra line,
 * each with its style. */
struct words_actor {
	char state[64];
	enum style style;
	char detail[128];
	enum style detail_style;
	char extra[128];
	enum style extra_style;
};

/* The kernel's evidence for one actor: its /proc state with the letter's
 * meaning, wait channel and system call; known false when there is none. */
struct words_kernel {
	char state[64], wchan[64], syscall[64];
	bool known;
};

/* The fill under a channel's slots: "3/4" (or pages, or lines), FULL or empty
 * (word "" otherwise), a socket pair's answers on their way back ("" none). */
struct words_fill {
	char num[64];
	const char *word;
	bool full;
	char back[128];
};

/* What actor a of the shown model is doing, in the words of its channel. */
void words_actor(const struct view *v, int a, struct words_actor *w);
/* The kernel's evidence for actor a, as the view holds it. */
void words_kernel(const struct view *v, int a, struct words_kernel *k);
/* What a box says without evidence: the process is gone, or (the past, a
 * replay) the trace recorded none for this moment. */
const char *words_no_kernel(const struct view *v, int a);
/* The meaning of a /proc state letter ("asleep" for 'S'); "?" if unknown. */
const char *words_state_meaning(char c);
/* In choosing mode, why actor a cannot take a step, in a word ("asleep",
 * "finished"); NULL when it can or the mode is off. */
const char *words_choose_why(const struct view *v, int a);

/* The channel's name for the header ("POSIX message queue"). */
const char *words_channel_name(const struct view *v);
/* Its capacity as the kernel made it, for the header. */
void words_capacity(const struct view *v, char *buf, size_t len);
/* The title over its slots; shorter when `brief`. */
void words_slots_title(const struct view *v, bool brief, char *buf, size_t len);
/* The kernel's own count in its unit, naming its source unless `brief`; what
 * is missing when the kernel has not said. */
void words_kernel_fill(const struct view *v, bool brief, char *buf, size_t len);
/* The fill line under the slots. */
void words_fill(const struct view *v, struct words_fill *f);
/* A channel with item sizes: whether its items are atomic, or how many came
 * out mixed. Returns the line's style. */
enum style words_size_line(const struct view *v, char *buf, size_t len);

/* A cell's title: a shared value or a counter; shorter when `brief`. */
const char *words_cell_title(const struct view *v, bool brief);
/* Beside a shared value's cell: whether its value was read; NULL for none
 * (nothing written yet, or a counter). */
const char *words_cell_state(const struct view *v);
/* The labels of the rows of a cell's table: written (stored), read (loaded),
 * lost. */
void words_cell_labels(const struct view *v, const char *labels[3]);
/* The line under a cell's table: values lost and stale reads, or a counter's
 * updates lost. Returns its style. */
enum style words_lost_line(const struct view *v, char *buf, size_t len);
/* A counter's lock line: who holds the lock, or who is between a load and a
 * store with no lock. Returns its style. */
enum style words_lock_line(const struct view *v, char *buf, size_t len);
/* A race's result: the counter against the stores made. Returns its style
 * (lost updates are bad news). */
enum style words_result(const struct model *m, char *buf, size_t len);

/* A FIFO's writer from outside: what it wrote, or that nobody has. Returns the
 * style. */
enum style words_outside(const struct view *v, char *buf, size_t len);
/* How to be that writer: a label ("another terminal: ") and the command, or
 * only where the FIFO is once nobody reads it. */
void words_outside_command(const struct view *v, char *label, size_t llen, char *cmd,
			   size_t clen);

/* The keys that move a run onto another channel, as the key bar shows them:
 * the lowest and highest of the descriptors' keys ("1-6"). */
void words_channel_keys(char *buf, size_t len);
/* Every channel key with the channel it switches to, from the descriptors, in key
 * order: "1 pipe, 2 POSIX message queue, …" (translated). */
void words_channel_key_list(char *buf, size_t len);

/* ---- several channels (DESIGN 14), in words_multi.c ---------------------- */

/* The channels for the header: "to_child (pipe, 4), from_child (pipe, 4)". */
void words_multi_header(const struct view *v, char *buf, size_t len);
/* What actor a is doing: words_actor's, with the call and channel it sleeps
 * on ("in write(2) on to_child: full"). */
void words_multi_actor(const struct view *v, int a, struct words_actor *w);
/* The names of the actors of mask (bit a), ", " between them; "nobody". */
void words_multi_names(const struct view *v, uint32_t mask, char *buf, size_t len);
/* Channel c's fill in the shown model ("4/4 FULL"), and its style. */
enum style words_multi_fill(const struct view *v, int c, char *buf, size_t len);
/* Channel c's count as the kernel gave it now, or why there is none. */
void words_multi_kernel_fill(const struct view *v, int c, char *buf, size_t len);
/* Lock c: who holds it ("held by phil-1", "free"), and who waits for it. */
void words_multi_lock(const struct view *v, int c, char *held, size_t hlen, char *waiting,
		      size_t wlen);

/* The style of a log line. */
enum style words_log_style(const struct view_log_line *l);

#endif
