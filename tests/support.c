/* support.c - leftovers checks and running the program under a deadline. */
#include "support.h"

#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scenario.h"

pid_t support_last_pid;

void support_adopt_orphans(void)
{
	prctl(PR_SET_CHILD_SUBREAPER, 1);
}

int support_children(pid_t parent, struct support_child *out, int max)
{
	int n = 0;
	DIR *d = opendir("/proc");
	struct dirent *de;
	char path[300], buf[512];

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		size_t len = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[len] = '\0';
		/* "PID (COMM) STATE PPID …": the name may hold spaces and ')' */
		char *open = strchr(buf, '('), *close = strrchr(buf, ')');
		int ppid = 0;
		char st;
		if (!open || !close || sscanf(close + 1, " %c %d", &st, &ppid) != 2 || ppid != parent)
			continue;
		if (n < max) {
			int clen = (int)(close - open - 1);
			out[n].pid = (pid_t)atoi(de->d_name);
			snprintf(out[n].comm, sizeof out[n].comm, "%.*s", clen, open + 1);
		}
		n++;
	}
	closedir(d);
	return n;
}

int support_children_left(void)
{
	return support_children(getpid(), NULL, 0);
}

static int count_prefix(const char *dir, const char *prefix)
{
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

int support_ipc_left(pid_t creator)
{
	char prefix[64];
	struct stat st;

	if (stat("/dev/mqueue", &st) != 0)
		mkdir("/dev/mqueue", 01777);
	if (count_prefix("/dev/mqueue", "") == 0)
		mount("mqueue", "/dev/mqueue", "mqueue", 0, NULL); /* EBUSY if mounted */
	snprintf(prefix, sizeof prefix, "ipcviz-%d-", (int)creator);
	/* and a FIFO's private directory (channel_fifo.c, run_multi.c) */
	return count_prefix("/dev/shm", prefix) + count_prefix("/dev/mqueue", prefix) +
	       count_prefix("/tmp", prefix);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The room a buffer of len bytes (and its NUL) has: a power of two, so that a
 * long output (megabytes of timeline) costs few reallocs, not one per chunk. */
static size_t room_for(size_t len)
{
	size_t room = 4096;

	while (room < len + 1)
		room *= 2;
	return room;
}

static void append(char **buf, size_t *len, const char *data, size_t n)
{
	if (!*buf || room_for(*len + n) != room_for(*len))
		*buf = realloc(*buf, room_for(*len + n));
	memcpy(*buf + *len, data, n);
	*len += n;
	(*buf)[*len] = '\0';
}

int support_run(char *const argv[], double deadline_s, char **out, char **errout,
		int *status)
{
	int po[2], pe[2];
	size_t lo = 0, le = 0;
	char chunk[4096];
	double end = now_s() + deadline_s;
	pid_t pid;

	*out = *errout = NULL;
	append(out, &lo, "", 0); /* every buffer comes from append(): room_for() */
	append(errout, &le, "", 0);
	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);
		dup2(po[1], 1);
		dup2(pe[1], 2);
		execv(argv[0], argv);
		_exit(127);
	}
	support_last_pid = pid;
	close(po[1]);
	close(pe[1]);
	struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
	int open_fds = 2, timed_out = 0;
	while (open_fds > 0) {
		int ms = (int)((end - now_s()) * 1000);
		if (ms <= 0) {
			timed_out = 1;
			kill(pid, SIGKILL);
			break;
		}
		if (poll(fds, 2, ms) < 0 && errno != EINTR)
			break;
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			} else if (i == 0) {
				append(out, &lo, chunk, (size_t)n);
			} else {
				append(errout, &le, chunk, (size_t)n);
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);
	waitpid(pid, status, 0);
	return timed_out ? -1 : 0;
}

char *support_read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL, chunk[4096];
	size_t len = 0, n;

	if (!f)
		return NULL;
	append(&buf, &len, "", 0);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		append(&buf, &len, chunk, n);
	fclose(f);
	return buf;
}

pid_t support_spawn(char *const argv[], int *out_fd, void (*setup)(void))
{
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);
		dup2(p[1], 1);
		dup2(p[1], 2);
		if (setup)
			setup();
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	*out_fd = p[0];
	support_last_pid = pid;
	return pid;
}

/* Reads what is there now; returns 0 at EOF, 1 otherwise. */
static int read_some(int fd, char **buf, size_t *len)
{
	char chunk[4096];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof chunk)) > 0)
		append(buf, len, chunk, (size_t)n);
	if (!*buf)
		append(buf, len, "", 0);
	return n == 0 ? 0 : 1;
}

bool support_wait_for(int fd, char **buf, size_t *len, const char *text, double deadline_s)
{
	double end = now_s() + deadline_s;

	for (;;) {
		int open_still = read_some(fd, buf, len);
		if (strstr(*buf, text))
			return true;
		double left = end - now_s();
		if (left <= 0 || !open_still)
			return false;
		struct pollfd p = {fd, POLLIN, 0};
		poll(&p, 1, (int)(left * 1000) + 1);
	}
}

int support_wait_exit(pid_t pid, int fd, char **buf, size_t *len, double deadline_s,
		      int *status)
{
	double end = now_s() + deadline_s;

	for (;;) {
		read_some(fd, buf, len);
		pid_t r = waitpid(pid, status, WNOHANG);
		if (r == pid) {
			read_some(fd, buf, len);
			return 0;
		}
		if (now_s() > end) {
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			return -1;
		}
		struct pollfd p = {fd, POLLIN, 0};
		poll(&p, 1, 20);
	}
}

static void support_kill_left(void);

int support_reap_orphans(double deadline_s)
{
	double end = now_s() + deadline_s;
	int left;

	while ((left = support_children_left()) > 0 && now_s() < end) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		usleep(5000);
	}
	if (left > 0)
		support_kill_left();
	return left;
}

/* Kills and reaps every process still under this one (a failed test's
 * ipcviz, and the children that then die with it), so that a failure is
 * reported without leaving anything on the machine. */
static void support_kill_left(void)
{
	struct support_child kids[64];

	for (int round = 0; round < 50; round++) {
		int n = support_children(getpid(), kids, 64);

		if (n <= 0)
			return;
		for (int i = 0; i < n && i < 64; i++)
			kill(kids[i].pid, SIGKILL);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		usleep(10000);
	}
}

/* Contract in support.h. */
void support_english(void)
{
	setenv("LANG", "C.UTF-8", 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANGUAGE");
}

/* Contract in support.h. */
int support_run_in(const char *lang, char *const argv[], double deadline_s, char **out,
		   char **errout, int *status)
{
	int rc;

	setenv("LANG", lang ? lang : "C.UTF-8", 1);
	rc = support_run(argv, deadline_s, out, errout, status);
	setenv("LANG", "C.UTF-8", 1);
	return rc;
}

/* Contract in support.h. */
void support_temp_dir(const char *what, char *dir, size_t len)
{
	snprintf(dir, len, "/tmp/ipcviz-test-%s-XXXXXX", what);
	cr_assert(mkdtemp(dir), "mkdtemp %s: %s", dir, strerror(errno));
}

/* Contract in support.h. */
void support_remove_temps(void)
{
	char mine[2][64];
	DIR *d = opendir("/tmp");
	struct dirent *e;

	if (!d)
		return;
	snprintf(mine[0], sizeof mine[0], "ipcviz-test-%d-", (int)getpid());
	snprintf(mine[1], sizeof mine[1], "ipcviz-test-stepback-%d-", (int)getpid());
	while ((e = readdir(d)))
		for (int i = 0; i < 2; i++)
			if (strncmp(e->d_name, mine[i], strlen(mine[i])) == 0)
				unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

/* Contract in support.h. */
void support_remove_dir(const char *dir)
{
	char cmd[320];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/* Contract in support.h. */
const char *support_path(const char *dir, const char *name)
{
	static char paths[8][256];
	static int next;
	char *path = paths[next++ % 8];

	snprintf(path, sizeof paths[0], "%s/%s", dir, name);
	return path;
}

/* Contract in support.h. */
int support_dir_entries(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	cr_assert(d, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		     strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

void support_temp_scenario(const char *text, char *path, size_t len)
{
	size_t n = strlen(text);
	int fd;

	/* with this process's pid, so that support_remove_temps finds it when
	 * a failed test did not unlink it */
	snprintf(path, len, "/tmp/ipcviz-test-%d-XXXXXX.ini", (int)getpid());
	fd = mkstemps(path, 4);
	cr_assert_geq(fd, 0, "%s: %s", path, strerror(errno));
	cr_assert_eq(write(fd, text, n), (ssize_t)n);
	close(fd);
}

/* Contract in support.h. */
bool support_builtin_multi(const char *name)
{
	struct scenario sc;
	char err[256];
	bool multi;

	if (scenario_load(name, &sc, err, sizeof err) != 0)
		return false;
	multi = sc.multi != NULL;
	scenario_free(&sc);
	return multi;
}
