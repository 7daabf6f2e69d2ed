/* export_cli.c - `ipcviz export CAST -o FILE.html [--force]`: its options, and
 * the page written whole or not at all. The page itself is src/export.c.
 *
 * The page is written as --svg's picture is (ui/output.c, ui_whole): to a
 * temporary file in FILE's own directory, which becomes FILE only once it is
 * complete; rename(2) replaces a file or a symbolic link itself, never writes
 * through one, and is refused over a device, a FIFO or a directory. Any
 * failure removes the temporary file.
 */
#include "export_cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "i18n.h"
#include "output.h"
#include "signals.h"

/* One line on stderr for a usage error; returns the usage exit status. */
__attribute__((format(printf, 1, 2))) static int export_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("ipcviz: export: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(_(" (see ipcviz export --help)\n"), stderr);
	return 2;
}

static void export_help(void)
{
	fputs(_("Usage: ipcviz export CAST -o FILE.html [--force]\n"
		"Makes one web page of an ipcviz recording (asciicast v2): it plays offline in\n"
		"any browser, from the file itself, and sends no request. It opens on the first\n"
		"screen, lists the recording's markers as chapters (a click goes there) and\n"
		"pauses at every marker while its switch is on.\n"
		"  -o, --output FILE  the page to write\n"
		"  -f, --force        replace FILE if it exists\n"),
	      stdout);
}

/* Writes the page whole or not at all as `out` (ui_whole: a temporary file
 * beside it, renamed into place once complete; never over a device, a FIFO or
 * a directory). The exit status; the one line said on stderr when it is not 0. */
static int export_write(const char *out, bool force, const struct export_cast *cast,
			const struct export_player *player)
{
	struct ui_whole w;

	if (ui_whole_open(&w, out, force) != 0)
		return 2;
	errno = 0;
	if (export_page_write(w.f, cast, player) != 0 || fflush(w.f) != 0 ||
	    fsync(fileno(w.f)) != 0) {
		fprintf(stderr, _("ipcviz: %s: cannot write: %s\n"), out, strerror(errno));
		ui_whole_discard(&w);
		return 1;
	}
	if (ui_quit_signal) { /* interrupted: nothing is put in place */
		ui_whole_discard(&w);
		return 128 + ui_quit_signal;
	}
	return ui_whole_commit(&w);
}

/* Contract in export_cli.h. */
int export_command(int argc, char **argv, const char *player_dir)
{
	const char *cast_path = NULL, *out = NULL, *env = getenv("IPCVIZ_PLAYER_DIR");
	struct export_cast cast;
	struct export_player player;
	struct stat st;
	bool force = false;
	char err[1024];
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			export_help();
			return 0;
		}
		if (strcmp(arg, "-f") == 0 || strcmp(arg, "--force") == 0) {
			force = true;
		} else if (strncmp(arg, "--output=", 9) == 0) {
			out = arg + 9;
		} else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) {
			if (i + 1 >= argc)
				return export_usage_error(_("%s needs a value"), arg);
			out = argv[++i];
		} else if (arg[0] == '-' && arg[1]) {
			return export_usage_error(_("unknown option '%s'"), arg);
		} else if (cast_path) {
			return export_usage_error(_("one recording at a time: '%s' is one too many"),
						  arg);
		} else {
			cast_path = arg;
		}
	}
	if (!cast_path)
		return export_usage_error("%s", _("which recording? e.g. ipcviz export lesson.cast "
						  "-o lesson.html"));
	if (!out || !*out)
		return export_usage_error("%s", _("where to? -o FILE.html"));
	if (!force && lstat(out, &st) == 0) {
		fprintf(stderr, _("ipcviz: %s: the file exists (use --force to overwrite it)\n"), out);
		return 2;
	}
	rc = (int)export_cast_read(&cast, cast_path, err, sizeof err);
	if (rc != EXPORT_OK) {
		fprintf(stderr, "ipcviz: %s\n", err);
		return rc;
	}
	rc = (int)export_player_load(&player, env && *env ? env : player_dir, err, sizeof err);
	if (rc != EXPORT_OK) {
		fprintf(stderr, "ipcviz: %s\n", err);
		export_cast_free(&cast);
		return rc;
	}
	ui_install_signals();
	rc = export_write(out, force, &cast, &player);
	if (rc == 0)
		printf(ngettext("%s: the lesson as a web page with %zu chapter; open it in a browser\n",
				"%s: the lesson as a web page with %zu chapters; open it in a browser\n",
				(unsigned long)cast.nmarkers),
		       out, cast.nmarkers);
	export_cast_free(&cast);
	export_player_free(&player);
	return rc;
}
