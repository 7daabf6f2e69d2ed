/* support.h - what every test file needs: checks that nothing was left behind,
 * and running the ipcviz binary with a deadline. */
#ifndef IPCVIZ_TEST_SUPPORT_H
#define IPCVIZ_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Number of children of this process still alive or unreaped (0 is the goal). */
int support_children_left(void);
/* Names in /dev/shm and the mqueue file system that this process created
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
/* Reads a whole file (malloc'd, NUL-terminated), NULL on failure. */
char *support_read_file(const char *path);

#endif
