/* explore_cli.c - `ipcviz explore [--json] [--limit N] SCENARIO`: its options,
 * the progress line on a terminal, and the exit status. The exploration itself
 * is src/explore.c. */
#include "explore_cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "explore.h"
#include "i18n.h"
#include "signals.h"

/* One line on stderr for a usage error; returns the usage exit status. */
__attribute__((format(printf, 1, 2))) static int explore_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("ipcviz: explore: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(_(" (see ipcviz explore --help)\n"), stderr);
	return 2;
}

static void explore_help(void)
{
	printf(_("Usage: ipcviz explore [--json] [--limit N] SCENARIO\n"
		 "Runs every order of the scenario's steps, each order once and each on new\n"
		 "real processes, and counts how the orders end. At each point any process\n"
		 "that can take a step may go next; one asleep in the kernel cannot.\n"
		 "  --json      the counts as JSON\n"
		 "  --limit N   at most N orders (default %ld); past it, the result says it is\n"
		 "              partial\n"),
	       EXPLORE_DEFAULT_LIMIT);
}

/* The progress line: redrawn at most ten times a second, on a terminal only. */
struct explore_progress {
	struct timespec last;
	int width;               /* cells of the line drawn, to blank it */
};

static void explore_on_progress(void *ctx, const struct explore_report *so_far)
{
	struct explore_progress *p = ctx;
	struct timespec now;
	char line[160];

	clock_gettime(CLOCK_MONOTONIC, &now);
	if ((now.tv_sec - p->last.tv_sec) * 1000 + (now.tv_nsec - p->last.tv_nsec) / 1000000 < 100)
		return;
	p->last = now;
	snprintf(line, sizeof line, _("exploring %s: %ld orders, %zu outcomes so far"),
		 so_far->scenario, so_far->schedules, so_far->noutcomes);
	fprintf(stderr, "\r%s", line);
	wchar_t wide[sizeof line];
	size_t n = mbstowcs(wide, line, sizeof line - 1);
	int cells = n == (size_t)-1 ? -1 : wcswidth(wide, n);
	p->width = cells < 0 ? (int)strlen(line) : cells;
}

static void explore_progress_clear(struct explore_progress *p)
{
	if (p->width > 0)
		fprintf(stderr, "\r%*s\r", p->width, "");
	p->width = 0;
}

/* Contract in explore_cli.h. */
int explore_command(int argc, char **argv)
{
	struct explore_options o = {.limit = EXPLORE_DEFAULT_LIMIT, .quit = &ui_quit_signal};
	struct explore_progress prog = {{0, 0}, 0};
	struct explore_report rep;
	struct scenario sc;
	const char *name = NULL;
	bool json = false;
	char err[1024];
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		if (strcmp(arg, "--json") == 0) {
			json = true;
			continue;
		}
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			explore_help();
			return 0;
		}
		if (strncmp(arg, "--limit=", 8) == 0)
			value = arg + 8;
		else if (strcmp(arg, "--limit") == 0 && i + 1 < argc)
			value = argv[++i];
		else if (strcmp(arg, "--limit") == 0)
			return explore_usage_error(_("%s needs a value"), arg);
		else if (arg[0] == '-' && arg[1])
			return explore_usage_error(_("unknown option '%s'"), arg);
		else if (name)
			return explore_usage_error(_("one scenario at a time: '%s' is one too many"),
						   arg);
		else
			name = arg;
		if (value) {
			char *end;
			errno = 0;
			long long n = strtoll(value, &end, 10);
			if (errno || end == value || *end || n < 1 || n > EXPLORE_MAX_LIMIT)
				return explore_usage_error(
					_("--limit: '%s' is not a whole number from 1 to 100000000"),
					value);
			o.limit = (long)n;
		}
	}
	if (!name)
		return explore_usage_error("%s", _("which scenario? e.g. ipcviz explore race"));
	if (scenario_load(name, &sc, err, sizeof err) != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		return 2;
	}
	if (scenario_runnable(&sc, name, SCENARIO_EXPLORE, err, sizeof err) != 0 ||
	    explore_check(&sc, err, sizeof err) != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		scenario_free(&sc);
		return 2;
	}
	if (isatty(STDERR_FILENO)) {
		o.progress = explore_on_progress;
		o.ctx = &prog;
	}
	ui_install_signals();
	rc = explore_run(&sc, &o, &rep, err, sizeof err);
	explore_progress_clear(&prog);
	scenario_free(&sc);
	if (rc != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		return ui_quit_signal ? 128 + ui_quit_signal : 1;
	}
	if (json)
		rc = explore_write_json(stdout, &rep);
	else
		explore_write_table(stdout, &rep);
	explore_report_free(&rep);
	if (fflush(stdout) != 0 || rc != 0)
		return 1;
	return rep.interrupted ? 128 + rep.interrupted : 0;
}
