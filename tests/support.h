/* support.h - what every test file needs: checks that nothing was left behind,
 * and running the ipcviz binary with a deadline. */
#ifndef IPCVIZ_TEST_SUPPORT_H
#define IPCVIZ_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Number of children of this process still alive or unreaped (0 is the goal). */
int support_children_left(void);
/* The children of `parent` now, from /proc: the first `max` into out (pid and
 * command name, e.g. "ipcviz-c1"); returns how many there are, -1 if /proc
 * cannot be read. */
struct support_child {
	pid_t pid;
	char comm[16];
};
int support_children(pid_t parent, struct support_child *out, int max);
/* Names in /dev/shm, the mqueue file system and /tmp that this process created
 * ("ipcviz-PID-…"); 0 is the goal. The mqueue fs is mounted at /dev/mqueue if
 * it is not yet. */
int support_ipc_left(pid_t creator);
/* Runs argv (argv[0] a path) with stdin from /dev/null, collecting stdout and
 * stderr (malloc'd, NUL-terminated) and the wait status; kills it after
 * deadline_s seconds. Returns 0, or -1 if it could not run or timed out. */
int support_run(char *const argv[], double deadline_s, char **out, char **errout,
		int *status);
/* The pid of the latest program support_run started. */
extern pid_t support_last_pid;
/* Makes this process the reaper of its orphaned descendants, so that children a
 * program left behind become ours and support_children_left() counts them. */
void support_adopt_orphans(void);
/* Starts argv (argv[0] a path) with stdin from /dev/null and stdout+stderr into
 * a pipe whose read end is *out_fd (non-blocking). setup, if not NULL, runs in
 * the child before exec (e.g. to unshare or drop privileges). Returns the pid. */
pid_t support_spawn(char *const argv[], int *out_fd, void (*setup)(void));
/* Reads from fd into *buf (malloc'd, grown, NUL-terminated) until it contains
 * `text` or deadline_s passes. True if found. */
bool support_wait_for(int fd, char **buf, size_t *len, const char *text, double deadline_s);
/* Waits for pid with a deadline, reading the rest of its output from fd into
 * *buf; kills it at the deadline. Returns 0 and the status, or -1 on timeout. */
int support_wait_exit(pid_t pid, int fd, char **buf, size_t *len, double deadline_s,
		      int *status);
/* Reaps orphans adopted with support_adopt_orphans until none is left or the
 * deadline passes; returns how many were still alive then, and kills and
 * reaps those, so that a failed test leaves no process behind. */
int support_reap_orphans(double deadline_s);
/* Writes text to a new file "/tmp/ipcviz-test-PID-XXXXXX.ini" (mode 0600), its
 * path into path (at least 40 bytes); fails the test if it cannot. The caller
 * unlinks it. */
void support_temp_scenario(const char *text, char *path, size_t len);
/* Is built-in `name` a scenario of several channels (DESIGN 14)? Those run
 * headless only so far: tests of the screen, the code, choosing and the
 * scheduler of one channel pass over them. */
bool support_builtin_multi(const char *name);
/* Reads a whole file (malloc'd, NUL-terminated), NULL on failure. */
char *support_read_file(const char *path);

/* A suite's .init for tests that read ipcviz's words: LANG=C.UTF-8 and no
 * LC_ALL, LC_MESSAGES or LANGUAGE to override it, so that a child run in
 * another language (support_run_in) has only LANG to change. */
void support_english(void);
/* Like support_run, in the locale lang (NULL: C.UTF-8): LANG is set for the
 * run and C.UTF-8 again after it. */
int support_run_in(const char *lang, char *const argv[], double deadline_s, char **out,
		   char **errout, int *status);
/* Makes a new directory "/tmp/ipcviz-test-WHAT-XXXXXX" (mode 0700), its path
 * into dir (at least 64 bytes); fails the test if it cannot. */
void support_temp_dir(const char *what, char *dir, size_t len);
/* Removes dir and all in it (a suite's .fini); says so on stderr if it cannot. */
void support_remove_dir(const char *dir);
/* dir/name, in one of 8 buffers used in turn: valid until 8 more calls. */
const char *support_path(const char *dir, const char *name);
/* How many entries of dir (not . and ..) have a name that starts with prefix
 * ("" for all: a temporary file left counts too). */
int support_dir_entries(const char *dir, const char *prefix);
/* Removes the files this test process named "/tmp/ipcviz-test-PID-…" or
 * "/tmp/ipcviz-test-stepback-PID-…" (a suite's .fini): a test that fails
 * before its own unlink leaves nothing in /tmp either. */
void support_remove_temps(void);

#endif
