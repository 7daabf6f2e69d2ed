/* procinfo.h - the kernel's own view of a child, read from /proc.
 *
 * The files stay open for the child's life and are read with pread (a few µs
 * each), because the scheduler reads them on every settle pass (DESIGN 8).
 */
#ifndef IPCVIZ_PROCINFO_H
#define IPCVIZ_PROCINFO_H

#include <stdbool.h>
#include <sys/types.h>

struct procfiles {
	int stat_fd, syscall_fd, wchan_fd;
};

struct procinfo {
	char state;        /* R, S, D, T, t, Z, X; '?' when unreadable */
	bool in_syscall;   /* false while running in user space ("running") */
	long nr;           /* syscall number, when in_syscall */
	long arg0;         /* its first argument (the fd) */
	char wchan[40];    /* "anon_pipe_write"; "" when running or unknown */
};

/* Opens the /proc files of pid; missing ones stay -1. 0, or -1 if none opened. */
int procinfo_open(struct procfiles *pf, pid_t pid);
void procinfo_close(struct procfiles *pf);
/* Reads the state only (one pread). */
char procinfo_state(const struct procfiles *pf);
/* Reads state, syscall and, if want_wchan, the wait channel. 0, or -1. */
int procinfo_read(const struct procfiles *pf, struct procinfo *pi, bool want_wchan);
/* "write", "mq_timedsend", … for a syscall number; "syscall 999" otherwise.
 * buf is used for the latter. */
const char *procinfo_syscall_name(long nr, char *buf, size_t len);

#endif
