/* record.c - the screen's output through a pipe, copied to the terminal and
 * to an asciicast file. See record.h for why a pipe and not a cookie FILE.
 *
 * The pipe is made as large as the kernel allows (1 MiB by default): ncurses
 * blocks in write(2) if it fills, and only this process empties it, after each
 * frame. A frame of a full redraw of a large terminal is some tens of KiB. */
#include "record.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <curses.h>

#include "cast.h"
#include "i18n.h"
#include "output.h"

#define RECORD_PIPE_BYTES (1 << 20)

struct record {
	struct cast *cast;
	const char *path;
	int rfd, wfd;              /* the pipe: ncurses writes wfd, we read rfd */
	FILE *out;                 /* wfd as a FILE, for newterm */
	int rows, cols;            /* the size the cast and ncurses know */
	struct termios saved_in, saved_out;
	bool modes_set;
	struct sigaction old_winch;
	bool winch_set;
	char *old_lines, *old_columns; /* the environment's, while ncurses starts */
	bool env_set;
};

static void record_on_winch(int sig)
{
	(void)sig; /* only to end the loop's wait: the size is read each pass */
}

/* The real terminal's size; false if it cannot say. */
static bool record_size(int *rows, int *cols)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0)
		return false;
	*rows = ws.ws_row;
	*cols = ws.ws_col;
	return true;
}

/* Contract in record.h. */
struct record *record_open(const char *path, bool force, const char *title,
			   const struct cast_lesson *lesson, char *err, size_t errlen)
{
	struct record *r = calloc(1, sizeof *r);
	int fds[2], fd;
	FILE *f;
	char why[512];

	if (!r) {
		snprintf(err, errlen, "%s: %s", path, strerror(ENOMEM));
		return NULL;
	}
	r->path = path;
	r->rfd = r->wfd = -1;
	if (!record_size(&r->rows, &r->cols)) {
		r->rows = 24;
		r->cols = 80;
	}
	fd = ui_open_output(path, force, err, errlen);
	if (fd < 0)
		goto fail;
	if (!(f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		goto fail;
	}
	r->cast = cast_create(f, r->cols, r->rows, title, lesson, why, sizeof why);
	if (!r->cast) {
		snprintf(err, errlen, "%s: %s", path, why);
		goto fail;
	}
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	r->rfd = fds[0];
	r->wfd = fds[1];
	(void)fcntl(r->wfd, F_SETPIPE_SZ, RECORD_PIPE_BYTES); /* smaller still works */
	fcntl(r->rfd, F_SETFL, fcntl(r->rfd, F_GETFL) | O_NONBLOCK);
	r->out = fdopen(r->wfd, "w");
	if (!r->out) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	/* A handler of our own keeps ncurses from installing its SIGWINCH handler,
	 * which would ask the pipe for the size and fall back to 80x24. */
	struct sigaction sa = {.sa_handler = record_on_winch};
	sigemptyset(&sa.sa_mask);
	r->winch_set = sigaction(SIGWINCH, &sa, &r->old_winch) == 0;
	return r;
fail:
	record_close(r, why, sizeof why);
	return NULL;
}

/* Sets or unsets an environment variable to a saved value (NULL: unset). */
static void record_setenv(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

/* Contract in record.h. ncurses asks the size of its output first, which a pipe
 * cannot answer, then LINES and COLUMNS: set to the terminal's until
 * record_started(), so that what newterm() prepares (the scrolling region) is
 * for the real size. */
FILE *record_output(struct record *r)
{
	char num[16];

	if (!r->env_set) {
		r->old_lines = getenv("LINES") ? strdup(getenv("LINES")) : NULL;
		r->old_columns = getenv("COLUMNS") ? strdup(getenv("COLUMNS")) : NULL;
		snprintf(num, sizeof num, "%d", r->rows);
		setenv("LINES", num, 1);
		snprintf(num, sizeof num, "%d", r->cols);
		setenv("COLUMNS", num, 1);
		r->env_set = true;
	}
	return r->out;
}

/* Puts LINES and COLUMNS back as they were. */
static void record_restore_env(struct record *r)
{
	if (!r->env_set)
		return;
	record_setenv("LINES", r->old_lines);
	record_setenv("COLUMNS", r->old_columns);
	free(r->old_lines);
	free(r->old_columns);
	r->old_lines = r->old_columns = NULL;
	r->env_set = false;
}

/* Contract in record.h. */
void record_started(struct record *r)
{
	struct termios t;

	record_restore_env(r);
	resizeterm(r->rows, r->cols);
	if (tcgetattr(STDIN_FILENO, &r->saved_in) != 0 ||
	    tcgetattr(STDOUT_FILENO, &r->saved_out) != 0)
		return;
	r->modes_set = true;
	t = r->saved_in; /* what cbreak(), noecho() and nonl() would have done */
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL);
	t.c_lflag |= ISIG;
	t.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSADRAIN, &t);
	tcgetattr(STDOUT_FILENO, &t);
	t.c_oflag &= ~(tcflag_t)OPOST; /* the terminal gets the recorded bytes, unchanged */
	tcsetattr(STDOUT_FILENO, TCSADRAIN, &t);
}

/* Writes all of buf to fd, through EINTR and short writes. */
static void record_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* Contract in record.h. */
void record_pump(struct record *r)
{
	char buf[16384];
	ssize_t n;

	if (!r || !r->out)
		return;
	fflush(r->out);
	while ((n = read(r->rfd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
		if (n <= 0)
			continue;
		record_write_all(STDOUT_FILENO, buf, (size_t)n);
		cast_output(r->cast, buf, (size_t)n);
	}
}

/* Contract in record.h. */
bool record_resized(struct record *r)
{
	int rows, cols;

	if (!r || !record_size(&rows, &cols) || (rows == r->rows && cols == r->cols))
		return false;
	r->rows = rows;
	r->cols = cols;
	resizeterm(rows, cols);
	record_pump(r); /* anything ncurses wrote for the old size comes first */
	cast_resize(r->cast, cols, rows);
	return true;
}

/* Contract in record.h. */
void record_mark(struct record *r, const char *label)
{
	if (r && r->cast)
		cast_marker(r->cast, label);
}

/* Contract in record.h. */
void record_stopped(struct record *r)
{
	if (!r)
		return;
	record_pump(r);
	if (r->modes_set) {
		tcsetattr(STDOUT_FILENO, TCSADRAIN, &r->saved_out);
		tcsetattr(STDIN_FILENO, TCSADRAIN, &r->saved_in);
		r->modes_set = false;
	}
}

/* Contract in record.h. */
int record_close(struct record *r, char *err, size_t errlen)
{
	char why[512];
	int rc = 0;

	if (!r)
		return 0;
	record_stopped(r);
	record_restore_env(r);
	if (r->winch_set)
		sigaction(SIGWINCH, &r->old_winch, NULL);
	if (r->out)
		fclose(r->out);
	else if (r->wfd >= 0)
		close(r->wfd);
	if (r->rfd >= 0)
		close(r->rfd);
	if (cast_close(r->cast, why, sizeof why) != 0) {
		snprintf(err, errlen, "%s: %s", r->path, why);
		rc = -1;
	}
	free(r);
	return rc;
}

/* Contract in record.h. */
void record_crash(struct record *r)
{
	char buf[4096];
	ssize_t n;

	if (!r || r->rfd < 0)
		return;
	while ((n = read(r->rfd, buf, sizeof buf)) > 0)
		record_write_all(STDOUT_FILENO, buf, (size_t)n);
	if (r->modes_set) {
		tcsetattr(STDOUT_FILENO, TCSANOW, &r->saved_out);
		tcsetattr(STDIN_FILENO, TCSANOW, &r->saved_in);
	}
}
