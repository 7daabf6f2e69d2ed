/* procinfo.c - a child's state, wait channel and current syscall from /proc.
 * These are the kernel's own words; ipcviz shows them as they are. */
#include "procinfo.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int open_proc(pid_t pid, const char *what)
{
	char path[64];

	snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, what);
	return open(path, O_RDONLY | O_CLOEXEC);
}

int procinfo_open(struct procfiles *pf, pid_t pid)
{
	pf->stat_fd = open_proc(pid, "stat");
	pf->syscall_fd = open_proc(pid, "syscall");
	pf->wchan_fd = open_proc(pid, "wchan");
	return pf->stat_fd < 0 && pf->syscall_fd < 0 ? -1 : 0;
}

void procinfo_close(struct procfiles *pf)
{
	int *fds[] = {&pf->stat_fd, &pf->syscall_fd, &pf->wchan_fd};

	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

static ssize_t read_at0(int fd, char *buf, size_t len)
{
	if (fd < 0)
		return -1;
	ssize_t n = pread(fd, buf, len - 1, 0);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

char procinfo_state(const struct procfiles *pf)
{
	char buf[512];
	char *p;

	/* The command name may hold spaces and parentheses: the state follows the
	 * last ')'. */
	if (read_at0(pf->stat_fd, buf, sizeof buf) <= 0 || !(p = strrchr(buf, ')')))
		return '?';
	return p[1] == ' ' && p[2] ? p[2] : '?';
}

int procinfo_read(const struct procfiles *pf, struct procinfo *pi, bool want_wchan)
{
	char buf[256];

	memset(pi, 0, sizeof *pi);
	pi->nr = -1;
	pi->state = procinfo_state(pf);
	if (pi->state == '?')
		return -1;
	/* "running" while in user space, "-1 …" outside a syscall, else "NR ARG0 …" */
	if (read_at0(pf->syscall_fd, buf, sizeof buf) > 0 && buf[0] >= '0' && buf[0] <= '9') {
		char *end;
		pi->nr = strtol(buf, &end, 10);
		pi->arg0 = strtol(end, NULL, 16);
		pi->in_syscall = true;
	}
	if (want_wchan && read_at0(pf->wchan_fd, pi->wchan, sizeof pi->wchan) > 0 &&
	    strcmp(pi->wchan, "0") == 0)
		pi->wchan[0] = '\0';
	return 0;
}

struct syscall_word {
	long nr;
	const char *name;
};

static const struct syscall_word syscall_words[] = {
	{SYS_read, "read"},
	{SYS_write, "write"},
	{SYS_mq_timedsend, "mq_timedsend"},
	{SYS_mq_timedreceive, "mq_timedreceive"},
	{SYS_futex, "futex"},
	{SYS_clock_nanosleep, "clock_nanosleep"},
	{SYS_ppoll, "ppoll"},
#ifdef SYS_poll
	{SYS_poll, "poll"},
#endif
#ifdef SYS_nanosleep
	{SYS_nanosleep, "nanosleep"},
#endif
	{SYS_wait4, "wait4"},
	{SYS_openat, "openat"},
};

const char *procinfo_syscall_name(long nr, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof syscall_words / sizeof syscall_words[0]; i++)
		if (syscall_words[i].nr == nr)
			return syscall_words[i].name;
	snprintf(buf, len, "syscall %ld", nr);
	return buf;
}
