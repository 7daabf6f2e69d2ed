/* main.c - the program's entry: options, the choice of mode, and exit codes.
 * Only this file decides how ipcviz exits (0 done, 1 runtime failure, 2 usage or
 * scenario error); everything else returns errors as messages. It parses and
 * dispatches only: the modes (headless.c, screen.c) and the helpers they share
 * (output.c, signals.c) are below it, and none of them calls back up. */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench.h"
#include "explore_cli.h"
#include "export_cli.h"
#include "i18n.h"
#include "program.h"
#include "replay.h"
#include "scenario.h"
#include "signals.h"
#include "ui.h"

static void usage(FILE *f)
{
	fputs(_("Usage: ipcviz [OPTIONS] [SCENARIO]\n"
		"Watch real processes talk through a pipe, a POSIX message queue, a shared\n"
		"value, a ring buffer, a socket pair or a FIFO, or race on a shared counter,\n"
		"with the kernel's own evidence on screen.\n"
		"SCENARIO is a built-in name (see --list) or a scenario file; default: queue.\n"
		"\n"
		"  -l, --list          list the built-in scenarios\n"
		"      --print NAME    print a built-in scenario as a file, to copy and edit\n"
		"      --headless      no screen: print the timeline as text on stdout\n"
		"      --trace FILE    also write every event as JSON lines to FILE\n"
		"      --speed X       scenario seconds per real second (default 1); max = no waiting\n"
		"      --paused        start paused (then n steps)\n"
		"      --keys KEYS     play these keys as if typed, e.g. --keys 'nnnn q'\n"
		"      --record FILE   write an asciicast v2 recording of the screen\n"
		"      --replay FILE   animate a trace file instead of running processes\n"
		"      --ascii         ASCII drawing only\n"
		"      --no-color      no colours (also when NO_COLOR is set)\n"
		"  -f, --force         overwrite an existing --trace, --record or --svg file\n"),
	      f);
	fputs(_("      --print-code c|python SCENARIO   the scenario as a standalone C or Python\n"
		"                      program (a speed factor its one argument)\n"), f);
	fputs(_("      --choose        start in choosing mode: you are the scheduler (key s;\n"
		"                      Tab selects a process, n or Enter grants its next step)\n"
		"      --schedule TRACE  take again, on live processes, the steps a trace\n"
		"                      recorded (its choices too); SCENARIO: the trace's own\n"), f);
	fputs(_("      --predict       ask what happens before each step, then show what the\n"
		"                      kernel did (key p; digits answer; with --replay too)\n"), f);
	fputs(_("      --svg FILE      with --headless: also draw the run's swim lanes as an\n"
		"                      SVG picture for slides (with --replay too)\n"), f);
	fputs(_("  -h, --help          show this help\n"
		"  -V, --version       show the version\n"
		"\n"
		"Keys: space pause, n step, + - speed, 1 2 3 pipe/queue/shared value,\n"
		"r restart, k kill a consumer, e explain, ? help, q quit.\n"
		"Exit status: 0 done, 1 runtime failure, 2 usage or scenario error.\n"),
	      f);
	fputs(_("More keys: b (or the left arrow) one step back in time, t the timeline.\n"), f);
	/* a string of its own: the lines above keep their translations */
	fputs(_("4 5 6: the same timing on a ring buffer / a socket pair / a FIFO (not for\n"
		"a race, which has only its counter).\n"), f);
	fputs(_("Also: ipcviz bench [--json] [--seconds N] [--rounds N] [--python]  each\n"
		"mechanism's throughput and round-trip time between real processes, with no\n"
		"scheduler, on one CPU and on two.\n"),
	      f);
	fputs(_("Also: ipcviz explore [--json] [--limit N] SCENARIO  every order of the\n"
		"processes' steps, each on new processes, and how many end in which outcome.\n"),
	      f);
	fputs(_("Also: ipcviz export CAST -o FILE.html [--force]  a recording as one web page\n"
		"that plays offline, its markers as chapters, pausing at each.\n"),
	      f);
}

/* One line on stderr for a usage error; returns the usage exit status. */
__attribute__((format(printf, 1, 2))) static int fail_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("ipcviz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(_(" (see ipcviz --help)\n"), stderr);
	return 2;
}

static int list_builtins(void)
{
	size_t n;
	const struct scenario_builtin *b = scenario_builtins(&n);
	char err[512];
	int width = 0;

	for (size_t i = 0; i < n; i++) /* names are ASCII: bytes are cells */
		if ((int)strlen(b[i].name) > width)
			width = (int)strlen(b[i].name);
	for (size_t i = 0; i < n; i++) {
		struct scenario sc;
		if (scenario_parse(b[i].text, b[i].name, &sc, err, sizeof err) != 0) {
			fprintf(stderr, "ipcviz: %s\n", err);
			return 1;
		}
		printf("%-*s  %s\n", width, b[i].name, sc.title ? _(sc.title) : "");
		scenario_free(&sc);
	}
	return 0;
}

static int print_builtin(const char *name)
{
	const struct scenario_builtin *b = scenario_builtin_find(name);

	if (!b)
		return fail_usage(_("--print: no built-in scenario named '%s'"), name);
	fputs(b->text, stdout);
	return 0;
}

/* --print-code LANG SCENARIO: the scenario as a program of its own (§11). */
static int print_code(const char *lang, const char *name)
{
	struct scenario sc;
	struct program prog;
	char err[1024];
	int l = program_lang_by_name(lang), rc = 0;

	if (l < 0)
		return fail_usage(_("--print-code: '%s' is not a language: c or python"), lang);
	if (scenario_load(name, &sc, err, sizeof err) != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		return 2;
	}
	if (scenario_runnable(&sc, name, SCENARIO_CODE, err, sizeof err) != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		scenario_free(&sc);
		return 2;
	}
	if (program_build(&prog, &sc, (enum program_lang)l, err, sizeof err) != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		rc = 1;
	} else if (program_write(stdout, &prog) != 0) {
		fprintf(stderr, _("ipcviz: cannot write the program: %s\n"), strerror(errno));
		rc = 1;
	}
	program_free(&prog);
	scenario_free(&sc);
	return rc;
}

static int parse_speed(const char *arg, double *speed)
{
	char *end;

	if (strcmp(arg, "max") == 0) {
		*speed = 0;
		return 0;
	}
	errno = 0;
	*speed = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(*speed) || *speed < 0.01 || *speed > 10000)
		return -1;
	return 0;
}

/* Whether the program runs from its build tree (where it works without being
 * installed) rather than from where it was installed. The directory of the
 * running program decides, found through /proc/self/exe and compared by
 * inode, so symlinks and relative paths agree. */
static bool main_in_build_tree(void)
{
#if defined(IPCVIZ_PROGRAM_DIR)
	char exe[4096];
	struct stat here, built;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		slash[slash == exe] = '\0'; /* "/ipcviz" lives in "/" */
	return stat(exe, &here) == 0 && stat(IPCVIZ_PROGRAM_DIR, &built) == 0 &&
	       here.st_dev == built.st_dev && here.st_ino == built.st_ino;
#else
	return true;
#endif
}

/* Where the translations are: the build tree's locale/, or the installed ones. */
static const char *main_localedir(void)
{
#if defined(IPCVIZ_INSTALL_LOCALEDIR)
	return main_in_build_tree() ? IPCVIZ_LOCALEDIR : IPCVIZ_INSTALL_LOCALEDIR;
#else
	return IPCVIZ_LOCALEDIR;
#endif
}

/* Where the web player of `ipcviz export` is (cmake/player.cmake): the build
 * tree's player/, or the installed one under the prefix. */
static const char *main_playerdir(void)
{
#if defined(IPCVIZ_BUILD_PLAYERDIR) && defined(IPCVIZ_INSTALL_PLAYERDIR)
	return main_in_build_tree() ? IPCVIZ_BUILD_PLAYERDIR : IPCVIZ_INSTALL_PLAYERDIR;
#else
	return "player";
#endif
}

/* ipcviz bench [--json] [--seconds N] [--rounds N] [--python]: each mechanism's
 * own cost, free-running, in both placements (src/bench.h). Usage errors are
 * one line and status 2; a signal ends it with every child reaped and status
 * 128 + N; --python without python3 says so in one line on stderr, status 0. */
static int bench_command(int argc, char **argv)
{
	static struct bench_report rep;
	struct bench_options o = {.seconds = BENCH_DEFAULT_SECONDS, .rounds = BENCH_DEFAULT_ROUNDS};
	bool json = false;
	char err[1024], *end;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		bool rounds;
		if (strcmp(arg, "--json") == 0 || strcmp(arg, "--python") == 0) {
			*(arg[2] == 'j' ? &json : &o.python) = true;
			continue;
		}
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			printf(_("Usage: ipcviz bench [--json] [--seconds N] [--rounds N] [--python]\n"
				 "One-way throughput and round-trip time of each mechanism between two\n"
				 "real processes, free-running, each process pinned: both on one CPU and\n"
				 "one on each of two; N seconds in all (default %g), in N rounds (default\n"
				 "%d), medians with the lowest and highest round. --python: the\n"
				 "tutorial's Python tools too, in the same rounds (about as long again).\n"),
			       BENCH_DEFAULT_SECONDS, BENCH_DEFAULT_ROUNDS);
			return 0;
		}
		rounds = strncmp(arg, "--rounds", 8) == 0;
		if (strncmp(arg, "--seconds=", 10) == 0 || strncmp(arg, "--rounds=", 9) == 0)
			arg = strchr(arg, '=') + 1;
		else if ((strcmp(arg, "--seconds") == 0 || strcmp(arg, "--rounds") == 0) &&
			 i + 1 < argc)
			arg = argv[++i];
		else if (strcmp(arg, "--seconds") == 0 || strcmp(arg, "--rounds") == 0)
			return fail_usage(_("%s needs a value"), arg);
		else
			return fail_usage(_("bench: unknown option '%s'"), arg);
		errno = 0;
		double v = strtod(arg, &end);
		if (rounds) {
			if (errno || end == arg || *end || v != (double)(int)v || v < 1 ||
			    v > BENCH_MAX_ROUNDS)
				return fail_usage(_("--rounds: '%s' is not a whole number from 1 to %d"),
						  arg, BENCH_MAX_ROUNDS);
			o.rounds = (int)v;
			continue;
		}
		if (errno || end == arg || *end || !isfinite(v) || v < 0.1 || v > 3600)
			return fail_usage(_("--seconds: '%s' is not a number from 0.1 to 3600"), arg);
		o.seconds = v;
	}
	ui_install_signals();
	if (bench_run(&o, &ui_quit_signal, &rep, err, sizeof err) != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		return ui_quit_signal ? 128 + ui_quit_signal : 1;
	}
	if (o.python && !rep.python_found)
		fprintf(stderr, "ipcviz: %s\n", rep.python_note);
	if (json && bench_write_json(stdout, &rep) != 0)
		return 1;
	if (!json)
		bench_write_table(stdout, &rep);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* --replay FILE: a trace played instead of a scenario, on the screen or as
 * the headless timeline. A bad trace is one line "ipcviz: FILE:LINE: what" and
 * status 2 (replay.c and screen.c say it). */
static int replay_command(const struct options *o, bool scenario_given)
{
	struct trace_sink ts = {0};

	if (scenario_given)
		return fail_usage(_("--replay plays the scenario its trace recorded: '%s' is one "
				    "too many"), o->scenario);
	if (o->trace_path)
		return fail_usage("%s", _("--trace cannot go with --replay: the trace is already "
					  "written"));
	ui_install_signals();
	if (o->headless)
		return headless_replay(o);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		struct replay r; /* a bad trace is the first thing to say, as a bad scenario is */
		char err[1024];
		if (replay_load(&r, o->replay_path, err, sizeof err) != 0) {
			fprintf(stderr, "ipcviz: %s\n", err);
			return 2;
		}
		replay_free(&r);
		fputs(_("ipcviz: not a terminal: use --headless to print the timeline as text\n"),
		      stderr);
		return 2;
	}
	return screen_run(o, NULL, &ts);
}

/* --svg FILE: its temporary file made now, before the run, so that a
 * directory ipcviz cannot write in is said before anything runs. */
static int main_svg_open(struct options *o, struct ui_whole *w, const char *path)
{
	if (ui_whole_open(w, path, o->force) != 0)
		return -1;
	o->svg = w;
	return 0;
}

/* After the run: the picture put in place if the run ended well, else its
 * temporary file removed. The exit status (ui_whole_commit's, when it could
 * not be put in place). */
static int main_svg_done(const struct options *o, int status)
{
	if (!o->svg)
		return status;
	if (status != 0) {
		ui_whole_discard(o->svg);
		return status;
	}
	return ui_whole_commit(o->svg);
}

int main(int argc, char **argv)
{
	enum { OPT_PRINT = 256, OPT_HEADLESS, OPT_TRACE, OPT_SPEED, OPT_PAUSED, OPT_KEYS,
	       OPT_RECORD, OPT_REPLAY, OPT_ASCII, OPT_NO_COLOR, OPT_PRINT_CODE, OPT_CHOOSE,
	       OPT_SCHEDULE, OPT_PREDICT, OPT_SVG };
	static const struct option longopts[] = {
		{"list", no_argument, NULL, 'l'},
		{"print", required_argument, NULL, OPT_PRINT},
		{"print-code", required_argument, NULL, OPT_PRINT_CODE},
		{"headless", no_argument, NULL, OPT_HEADLESS},
		{"trace", required_argument, NULL, OPT_TRACE},
		{"speed", required_argument, NULL, OPT_SPEED},
		{"paused", no_argument, NULL, OPT_PAUSED},
		{"keys", required_argument, NULL, OPT_KEYS},
		{"record", required_argument, NULL, OPT_RECORD},
		{"replay", required_argument, NULL, OPT_REPLAY},
		{"ascii", no_argument, NULL, OPT_ASCII},
		{"no-color", no_argument, NULL, OPT_NO_COLOR},
		{"force", no_argument, NULL, 'f'},
		{"choose", no_argument, NULL, OPT_CHOOSE},
		{"predict", no_argument, NULL, OPT_PREDICT},
		{"schedule", required_argument, NULL, OPT_SCHEDULE},
		{"svg", required_argument, NULL, OPT_SVG},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	struct options o = {.scenario = "queue", .speed = 1, .color = true};
	struct trace_sink ts = {0};
	struct scenario sc;
	char err[1024];
	int c, status;
	const char *code_lang = NULL, *svg_path = NULL;
	static struct ui_whole svg_out; /* --svg: written whole, or not at all */

	setlocale(LC_ALL, "");
	bindtextdomain("ipcviz", main_localedir());
	bind_textdomain_codeset("ipcviz", "UTF-8"); /* ipcviz's own text is UTF-8 throughout */
	textdomain("ipcviz");
	if (argc > 1 && strcmp(argv[1], "bench") == 0)
		return bench_command(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "explore") == 0)
		return explore_command(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "export") == 0)
		return export_command(argc - 1, argv + 1, main_playerdir());
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		o.color = false;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":lfhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			return list_builtins();
		case OPT_PRINT:
			return print_builtin(optarg);
		case OPT_PRINT_CODE:
			code_lang = optarg;
			break;
		case OPT_HEADLESS:
			o.headless = true;
			break;
		case OPT_TRACE:
			o.trace_path = optarg;
			break;
		case OPT_SPEED:
			if (parse_speed(optarg, &o.speed) != 0)
				return fail_usage(
					_("--speed: '%s' is not a number from 0.01 to 10000, or max"),
					optarg);
			break;
		case OPT_PAUSED:
			o.paused = true;
			break;
		case OPT_KEYS:
			o.keys = optarg;
			break;
		case OPT_RECORD:
			o.record_path = optarg;
			break;
		case OPT_REPLAY:
			o.replay_path = optarg;
			break;
		case OPT_ASCII:
			o.ascii = true;
			break;
		case OPT_NO_COLOR:
			o.color = false;
			break;
		case 'f':
			o.force = true;
			break;
		case OPT_PREDICT:
			o.predict = true;
			break;
		case OPT_CHOOSE:
			o.choose = true;
			break;
		case OPT_SCHEDULE:
			o.schedule_path = optarg;
			break;
		case OPT_SVG:
			svg_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V': /* the licence's name comes from cmake/install.cmake, as the copyright file's */
			printf("ipcviz %s\n", IPCVIZ_VERSION);
			printf(_("Copyright 2026 the ipcviz authors. Licence: %s (free software:\n"
				 "use, copy, change and share it; there is no warranty).\n"),
			       IPCVIZ_LICENSE);
			return 0;
		case ':':
			return fail_usage(_("%s needs a value"), argv[optind - 1]);
		default:
			return fail_usage(_("unknown option '%s'"), argv[optind - 1]);
		}
	}
	bool scenario_given = optind < argc;
	if (optind < argc)
		o.scenario = argv[optind++];
	if (optind < argc)
		return fail_usage(_("one scenario at a time: '%s' is one too many"), argv[optind]);
	if (code_lang)
		return print_code(code_lang, o.scenario);
	if (o.record_path && o.headless)
		return fail_usage("%s", _("--record records the screen: it cannot go with --headless"));
	if (o.replay_path && (o.choose || o.schedule_path))
		return fail_usage("%s", _("--replay plays its trace's own order: --choose and "
					  "--schedule need live processes"));
	if (o.predict && o.headless)
		return fail_usage("%s", _("--predict asks on the screen: it cannot be used with "
					  "--headless"));
	if (svg_path && !o.headless)
		return fail_usage("%s", _("--svg draws a headless run: it needs --headless"));
	if (o.replay_path) {
		if (svg_path && main_svg_open(&o, &svg_out, svg_path) != 0)
			return 2;
		return main_svg_done(&o, replay_command(&o, scenario_given));
	}
	if (o.choose && o.headless && !o.schedule_path)
		return fail_usage("%s", _("--choose needs the screen to choose on: with --headless, "
					  "--schedule TRACE takes a trace's choices again"));

	static struct schedule sched; /* lives as long as the run */
	if (o.schedule_path) {
		if (schedule_load(&sched, o.schedule_path, err, sizeof err) != 0) {
			fprintf(stderr, "ipcviz: %s\n", err);
			return 2;
		}
		if (!scenario_given)
			o.scenario = sched.scenario;
		o.schedule = &sched;
	}
	if (scenario_load(o.scenario, &sc, err, sizeof err) != 0 ||
	    scenario_runnable(&sc, o.scenario,
			      o.schedule && o.headless ? SCENARIO_SCHEDULE
			      : o.schedule || o.choose ? SCENARIO_CHOOSE
			      : o.headless           ? SCENARIO_HEADLESS
			      : o.predict            ? SCENARIO_PREDICT
						     : SCENARIO_SCREEN,
			      err, sizeof err) != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		schedule_free(&sched);
		scenario_free(&sc);
		return 2;
	}
	if (o.schedule && schedule_check(&sched, o.schedule_path, &sc, err, sizeof err) != 0) {
		fprintf(stderr, "ipcviz: %s\n", err);
		schedule_free(&sched);
		scenario_free(&sc);
		return 2;
	}
	if (!o.headless && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fputs(_("ipcviz: not a terminal: use --headless to print the timeline as text\n"),
		      stderr);
		scenario_free(&sc);
		return 2;
	}
	if (o.trace_path && ui_open_trace(&ts, o.trace_path, o.force) != 0) {
		scenario_free(&sc);
		return 2;
	}
	if (svg_path && main_svg_open(&o, &svg_out, svg_path) != 0) {
		if (ts.f)
			fclose(ts.f);
		scenario_free(&sc);
		schedule_free(&sched);
		return 2;
	}
	ui_install_signals();
	status = o.headless ? headless_run(&o, &sc, &ts) : screen_run(&o, &sc, &ts);
	status = main_svg_done(&o, status);
	if (ts.f && fclose(ts.f) != 0 && status == 0) {
		fprintf(stderr, _("ipcviz: %s: cannot write the trace: %s\n"), ts.path,
			strerror(errno));
		status = 1;
	}
	scenario_free(&sc);
	schedule_free(&sched);
	return status;
}
