/* term.h - the real program seen from outside, for the screen tests: ipcviz runs
 * in a pseudo-terminal (forkpty), what it writes goes through libvterm, and the
 * screen is read back as text or cell by cell. Every wait is for something on
 * the screen (or for silence), with a deadline, never a bare sleep.
 *
 * One program at a time per test: term_start records it, so that the suite's
 * .fini (term_fini) can kill it if a test failed before it quit, and check that
 * nothing of it is left behind. Failures are Criterion assertions. */
#ifndef IPCVIZ_TEST_TERM_H
#define IPCVIZ_TEST_TERM_H

#include <stdbool.h>

#include "model.h"
#include <stddef.h>
#include <sys/types.h>
#include <vterm.h>

/* The default deadline of a wait, in seconds. */
#define TERM_DEADLINE_S 10.0
/* Room for the whole screen as UTF-8 text. */
#define TERM_TEXT_MAX 65536

/* term_start's flags. TERM_MAIN_SCREEN: libvterm without the alternate screen,
 * so the program's last frame stays on it after the program ends. */
#define TERM_MAIN_SCREEN 1u

/* A program running in a pseudo-terminal, and the screen libvterm makes of it.
 * text holds what term_text read last. */
struct term {
	pid_t pid;
	int master; /* the pty's master side, non-blocking */
	VTerm *vt;
	VTermScreen *screen;
	int rows, cols;
	bool exited; /* reaped; status is its wait status */
	int status;
	char text[TERM_TEXT_MAX];
};

/* CLOCK_MONOTONIC in seconds. */
double term_now(void);

/* A suite's .init: orphaned descendants become ours (support_adopt_orphans),
 * SIGPIPE is ignored. */
void term_init(void);
/* A suite's .fini: kills and reaps the program still running (a test failed
 * midway), reaps for up to 2 s the actors that die with it, then expects no
 * child left; with check_ipc, also no IPC object under the name of the latest
 * program started. */
void term_fini(bool check_ipc);

/* Starts ipcviz (IPCVIZ_BIN) with args (NULL-terminated, may be NULL) in a rows x
 * cols terminal of type termname (NULL: xterm-256color), in the locale lang
 * (NULL: C.UTF-8). The child's LANG alone decides: LC_ALL, LC_CTYPE,
 * LC_MESSAGES, LANGUAGE are unset, and so are NO_COLOR, LINES and COLUMNS;
 * SHELL is /bin/sh. flags: TERM_MAIN_SCREEN or 0. Asserts forkpty worked. */
void term_start(struct term *t, int rows, int cols, const char *termname, const char *lang,
		unsigned flags, const char *const *args);

/* Feeds what the program wrote within `ms` to libvterm; answers libvterm has for
 * the program (terminal queries) go back to it while it runs. */
void term_pump(struct term *t, int ms);
/* Lets the program draw until its output has been quiet for `ms` (at most
 * TERM_DEADLINE_S). A frame reaches the pty in many writes (ncurses flushes as
 * it goes), so a pump that left the text as it was says nothing: only silence
 * ends a frame, and an animation's frames come every few tens of ms until it is
 * idle. */
void term_settle(struct term *t, int ms);

/* One row of the screen as UTF-8 text, NUL-terminated in buf (len > 0). */
void term_row(struct term *t, int row, char *buf, size_t len);
/* The whole screen as UTF-8 text, a line a row (a wide character once), in
 * t->text. Nothing is pumped. */
const char *term_text(struct term *t);
/* The character in a cell: 0 for a blank or outside the screen, -1 for the
 * second half of a wide one. */
long term_char(struct term *t, int row, int col);

/* Waits until every one of the NULL-terminated needles is on the screen at the
 * same time; false after deadline_s. t->text holds the screen last seen. */
bool term_wait_all(struct term *t, const char *const *needles, double deadline_s);
/* term_wait_all of one needle, with TERM_DEADLINE_S. */
bool term_wait_for(struct term *t, const char *needle);

/* Writes keys to the program, pumping its output while the pty is full. */
void term_keys(struct term *t, const char *keys);
/* Writes keys (NULL: none) to the program and waits until it has read them
 * all, has drawn what they do and waits for the next key: asleep in poll(2)
 * with no timeout (nothing left to do, no animation, no timer), every byte
 * it wrote fed to libvterm, and so twice, a pump apart. The screen is then
 * whole, however slowly a loaded machine drew it; false after deadline_s.
 * t->text holds the screen last seen. */
bool term_press(struct term *t, const char *keys, double deadline_s);
/* The terminal changes size: the kernel sends SIGWINCH to the program. */
void term_resize(struct term *t, int rows, int cols);

/* Waits for the program to exit, then feeds what it wrote last (leaving the
 * alternate screen) to libvterm. Its exit status (128 + the signal if a signal
 * killed it), or -1 on timeout. */
int term_wait_exit(struct term *t, double deadline_s);
/* Presses q and term_wait_exit with TERM_DEADLINE_S. */
int term_quit(struct term *t);
/* Kills the program if it still runs, and frees the terminal. */
void term_close(struct term *t);

/* The children of pid named like ipcviz's actors (ipcviz-p1, ipcviz-c1, …), at
 * most max of them into out; how many. */
int term_actors(pid_t pid, pid_t *out, int max);

/* How many steps (n presses) scenario `name` takes from its start until `done`
 * holds, found by running it in the engine: a run is a function of the scenario
 * alone, so the screen is at the same point after as many steps. Asserts that
 * it gets there. */
int term_steps_until(const char *name, bool (*done)(const struct model *));
/* The first actor (a producer) asleep on a full channel. */
bool term_producer_blocked(const struct model *m);

#endif
