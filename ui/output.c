/* output.c - opening the files ipcviz writes: a trace or a recording may be
 * asked for in a shared directory, so a file is never written through a
 * symbolic link, and never over one that exists unless --force says so. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

/* Contract in output.h. */
int ui_open_output(const char *path, bool force, char *err, size_t errlen)
{
	int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (force ? O_TRUNC : O_EXCL);
	int fd = open(path, flags, 0644);

	if (fd < 0 && errno == EEXIST)
		snprintf(err, errlen, _("%s: the file exists (use --force to overwrite it)"), path);
	else if (fd < 0 && errno == ELOOP)
		snprintf(err, errlen, _("%s: is a symbolic link; ipcviz does not write through one"),
			 path);
	else if (fd < 0)
		snprintf(err, errlen, _("%s: cannot write: %s"), path, strerror(errno));
	return fd;
}

/* Contract in output.h. */
int ui_open_trace(struct trace_sink *ts, const char *path, bool force)
{
	char err[512];
	int fd = ui_open_output(path, force, err, sizeof err);

	if (fd < 0 || !(ts->f = fdopen(fd, "w"))) {
		if (fd >= 0) {
			snprintf(err, sizeof err, _("%s: cannot write: %s"), path, strerror(errno));
			close(fd);
		}
		fprintf(stderr, "ipcviz: %s\n", err);
		return -1;
	}
	ts->path = path;
	return 0;
}

/* The one line of a failure on stderr: "ipcviz: " and the words. */
__attribute__((format(printf, 1, 2))) static void ui_whole_say(const char *fmt, ...)
{
	va_list ap;

	fputs("ipcviz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Contract in output.h. */
int ui_whole_open(struct ui_whole *w, const char *path, bool force)
{
	const char *slash = strrchr(path, '/');
	int dirlen = slash ? (int)(slash - path + 1) : 0, fd;
	struct stat st;

	memset(w, 0, sizeof *w);
	w->path = path;
	w->force = force;
	if (lstat(path, &st) == 0 && !force) {
		ui_whole_say(_("%s: the file exists (use --force to overwrite it)"), path);
		return -1;
	}
	if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		ui_whole_say(_("%s: cannot write: %s"), path, strerror(EISDIR));
		return -1;
	}
	/* the rename would put the picture in place of a device or a FIFO */
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		ui_whole_say(_("%s: not a regular file: ipcviz replaces only files"), path);
		return -1;
	}
	/* hidden, beside the file: a rename within one directory is atomic */
	if (snprintf(w->tmp, sizeof w->tmp, "%.*s.%s.XXXXXX", dirlen, path,
		     slash ? slash + 1 : path) >= (int)sizeof w->tmp) {
		ui_whole_say(_("%s: cannot write: %s"), path, strerror(ENAMETOOLONG));
		w->tmp[0] = '\0';
		return -1;
	}
	fd = mkostemp(w->tmp, O_CLOEXEC);
	if (fd < 0 || fchmod(fd, 0644) != 0 || !(w->f = fdopen(fd, "w"))) {
		ui_whole_say(_("%s: cannot write: %s"), path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(w->tmp);
		}
		w->tmp[0] = '\0';
		return -1;
	}
	return 0;
}

/* Contract in output.h. */
int ui_whole_commit(struct ui_whole *w)
{
	int rc = fclose(w->f), status = 1; /* the last writes failed (a full disk) */

	w->f = NULL;
	if (rc == 0) {
		rc = renameat2(AT_FDCWD, w->tmp, AT_FDCWD, w->path, w->force ? 0 : RENAME_NOREPLACE);
		status = 2;
	}
	if (rc != 0) {
		if (errno == EEXIST)
			ui_whole_say(_("%s: the file exists (use --force to overwrite it)"),
				w->path);
		else
			ui_whole_say(_("%s: cannot write: %s"), w->path, strerror(errno));
		ui_whole_discard(w);
		return status;
	}
	w->tmp[0] = '\0';
	return 0;
}

/* Contract in output.h. */
void ui_whole_discard(struct ui_whole *w)
{
	if (w->f)
		fclose(w->f);
	w->f = NULL;
	if (w->tmp[0])
		unlink(w->tmp);
	w->tmp[0] = '\0';
}
