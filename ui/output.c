/* output.c - opening the files ipcviz writes: a trace or a recording may be
 * asked for in a shared directory, so a file is never written through a
 * symbolic link, and never over one that exists unless --force says so. */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
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
