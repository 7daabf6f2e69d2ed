/* term.c - the pty harness of the screen tests (test_screen, test_screen_zh,
 * test_cast, test_replay): ipcviz in a pseudo-terminal, its screen through
 * libvterm. See term.h for the contract of each function. */
#include "term.h"

#include <criterion/criterion.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scheduler.h"
#include "support.h"

/* The program of the test running now, killed by term_fini if a test failed
 * before it quit; and the latest one started, whose IPC names term_fini checks. */
static pid_t term_child = -1;
static pid_t term_last = -1;

double term_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void term_init(void)
{
	support_adopt_orphans();
	signal(SIGPIPE, SIG_IGN);
}

void term_fini(bool check_ipc)
{
	double end = term_now() + 2;

	if (term_child > 0) {
		kill(term_child, SIGKILL);
		waitpid(term_child, NULL, 0);
		term_child = -1;
	}
	/* actors orphaned by a kill die with their parent: reap them as they come */
	while (support_children_left() > 0 && term_now() < end)
		if (waitpid(-1, NULL, WNOHANG) <= 0)
			usleep(10000);
	cr_expect_eq(support_children_left(), 0, "ipcviz left a process behind");
	support_remove_temps();
	if (check_ipc && term_last > 0)
		cr_expect_eq(support_ipc_left(term_last), 0, "ipcviz left an IPC object behind");
}

void term_start(struct term *t, int rows, int cols, const char *termname, const char *lang,
		unsigned flags, const char *const *args)
{
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};
	const char *argv[32] = {IPCVIZ_BIN};
	int n = 1;

	memset(t, 0, sizeof *t);
	for (; args && *args && n < 31; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	t->rows = rows;
	t->cols = cols;
	t->pid = forkpty(&t->master, NULL, NULL, &ws);
	cr_assert(t->pid >= 0, "forkpty: %s", strerror(errno));
	if (t->pid == 0) {
		setenv("TERM", termname ? termname : "xterm-256color", 1);
		setenv("LANG", lang ? lang : "C.UTF-8", 1);
		setenv("SHELL", "/bin/sh", 1);
		unsetenv("LC_ALL");
		unsetenv("LC_CTYPE");
		unsetenv("LC_MESSAGES");
		unsetenv("LANGUAGE");
		unsetenv("NO_COLOR");
		unsetenv("LINES");
		unsetenv("COLUMNS");
		execv(IPCVIZ_BIN, (char *const *)argv);
		_exit(127);
	}
	term_child = term_last = t->pid;
	fcntl(t->master, F_SETFL, fcntl(t->master, F_GETFL) | O_NONBLOCK);
	t->vt = vterm_new(rows, cols);
	vterm_set_utf8(t->vt, 1);
	t->screen = vterm_obtain_screen(t->vt);
	vterm_screen_enable_altscreen(t->screen, !(flags & TERM_MAIN_SCREEN));
	vterm_screen_reset(t->screen, 1);
}

void term_pump(struct term *t, int ms)
{
	char buf[8192];
	struct pollfd p = {.fd = t->master, .events = POLLIN};

	if (poll(&p, 1, ms) <= 0)
		return;
	for (;;) {
		ssize_t n = read(t->master, buf, sizeof buf);
		if (n <= 0)
			break;
		vterm_input_write(t->vt, buf, (size_t)n);
	}
	size_t out = vterm_output_read(t->vt, buf, sizeof buf);
	if (out > 0 && !t->exited)
		(void)!write(t->master, buf, out);
}

void term_settle(struct term *t, int ms)
{
	double end = term_now() + TERM_DEADLINE_S;

	while (term_now() < end) {
		struct pollfd p = {.fd = t->master, .events = POLLIN};
		if (poll(&p, 1, ms) <= 0)
			break; /* quiet for ms */
		term_pump(t, 0);
		if (p.revents & (POLLHUP | POLLERR))
			break; /* the program is gone */
	}
	term_text(t);
}

void term_row(struct term *t, int row, char *buf, size_t len)
{
	VTermRect r = {.start_row = row, .end_row = row + 1, .start_col = 0, .end_col = t->cols};
	size_t n = vterm_screen_get_text(t->screen, buf, len - 1, r);

	buf[n < len ? n : len - 1] = '\0';
}

const char *term_text(struct term *t)
{
	size_t at = 0;

	t->text[0] = '\0';
	for (int r = 0; r < t->rows && at + 2 < sizeof t->text; r++) {
		term_row(t, r, t->text + at, sizeof t->text - at - 1);
		at += strlen(t->text + at);
		t->text[at++] = '\n';
		t->text[at] = '\0';
	}
	return t->text;
}

long term_char(struct term *t, int row, int col)
{
	VTermScreenCell cell;

	if (row < 0 || row >= t->rows || col < 0 || col >= t->cols)
		return 0;
	vterm_screen_get_cell(t->screen, (VTermPos){.row = row, .col = col}, &cell);
	return cell.chars[0] == (uint32_t)-1 ? -1 : (long)cell.chars[0];
}

bool term_wait_all(struct term *t, const char *const *needles, double deadline_s)
{
	double end = term_now() + deadline_s;

	for (;;) {
		const char *text = term_text(t);
		bool all = true;
		for (const char *const *n = needles; *n; n++)
			all = all && strstr(text, *n);
		if (all)
			return true;
		if (term_now() > end)
			return false;
		term_pump(t, 50);
	}
}

bool term_wait_for(struct term *t, const char *needle)
{
	const char *needles[] = {needle, NULL};

	return term_wait_all(t, needles, TERM_DEADLINE_S);
}

void term_keys(struct term *t, const char *keys)
{
	size_t len = strlen(keys), done = 0;

	while (done < len) {
		ssize_t n = write(t->master, keys + done, len - done);
		if (n > 0)
			done += (size_t)n;
		else
			term_pump(t, 10); /* the program reads; let its output drain */
	}
}

/* Bytes pid has read so far (rchar of /proc/PID/io), -1 if it is gone. */
static long term_rchar(pid_t pid)
{
	char path[64], line[128];
	long n = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/io", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "rchar: %ld", &n) == 1)
			break;
	fclose(f);
	return n;
}

/* Is pid asleep in poll(2) or ppoll(2) with no timeout, /proc/PID/syscall
 * says: waiting for input and nothing else? */
static bool term_waits_for_input(pid_t pid)
{
	char path[64], buf[256];
	long nr;
	unsigned long a0, a1, a2;
	FILE *f;
	bool waits = false;

	snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fgets(buf, sizeof buf, f) && sscanf(buf, "%ld %lx %lx %lx", &nr, &a0, &a1, &a2) == 4)
		waits = (nr == SYS_ppoll && a2 == 0) || (nr == SYS_poll && (long)a2 < 0);
	fclose(f);
	return waits;
}

bool term_press(struct term *t, const char *keys, double deadline_s)
{
	double end = term_now() + deadline_s;
	long before = term_rchar(t->pid);
	size_t len = keys ? strlen(keys) : 0;
	int idle = 0;

	if (keys)
		term_keys(t, keys);
	while (idle < 2) {
		struct pollfd p = {.fd = t->master, .events = POLLIN};

		if (term_now() > end) {
			term_text(t);
			return false;
		}
		term_pump(t, 10);
		/* the order matters: asleep first, then nothing unread, so that
		 * whatever it wrote before it slept has been fed */
		if (term_rchar(t->pid) - before >= (long)len && term_waits_for_input(t->pid) &&
		    poll(&p, 1, 0) == 0)
			idle++;
		else
			idle = 0;
	}
	term_text(t);
	return true;
}

void term_resize(struct term *t, int rows, int cols)
{
	struct winsize ws = {.ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols};

	t->rows = rows;
	t->cols = cols;
	vterm_set_size(t->vt, rows, cols);
	cr_assert(ioctl(t->master, TIOCSWINSZ, &ws) == 0);
}

int term_wait_exit(struct term *t, double deadline_s)
{
	double end = term_now() + deadline_s;

	while (!t->exited && term_now() < end) {
		term_pump(t, 20);
		if (waitpid(t->pid, &t->status, WNOHANG) == t->pid) {
			t->exited = true;
			term_child = -1;
		}
	}
	/* what it wrote last: its last frame, leaving the alternate screen */
	term_pump(t, 50);
	term_pump(t, 0);
	if (!t->exited)
		return -1;
	return WIFEXITED(t->status) ? WEXITSTATUS(t->status) : 128 + WTERMSIG(t->status);
}

int term_quit(struct term *t)
{
	term_keys(t, "q");
	return term_wait_exit(t, TERM_DEADLINE_S);
}

void term_close(struct term *t)
{
	if (!t->exited) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, NULL, 0);
		term_child = -1;
	}
	close(t->master);
	vterm_free(t->vt);
}

int term_actors(pid_t pid, pid_t *out, int max)
{
	struct support_child kids[64];
	int total = support_children(pid, kids, 64), n = 0;

	cr_assert_geq(total, 0, "cannot read /proc");
	for (int i = 0; i < total && i < 64 && n < max; i++)
		if (strncmp(kids[i].comm, "ipcviz-", 7) == 0)
			out[n++] = kids[i].pid;
	return n;
}

int term_steps_until(const char *name, bool (*done)(const struct model *))
{
	struct scenario sc;
	struct sched *s;
	char err[512];
	int n = 0;

	cr_assert(scenario_load(name, &sc, err, sizeof err) == 0, "%s", err);
	s = sched_create(&sc, err, sizeof err);
	cr_assert(s, "%s", err);
	while (!done(sched_model(s)) && !sched_finished(s) && n < 500) {
		cr_assert(sched_step(s, err, sizeof err) == 0, "%s", err);
		n++;
	}
	bool reached = done(sched_model(s));
	sched_destroy(s);
	scenario_free(&sc);
	cr_assert(reached, "%s never got there", name);
	return n;
}

bool term_producer_blocked(const struct model *m)
{
	return m->actors[0].state == ACTOR_BLOCKED && m->fill == m->capacity;
}
