/* test_svg.c - `--svg FILE` (DESIGN 15): the swim lanes of a headless run as
 * an SVG for slides, on the real program. Each picture is read back by an XML
 * parser (python3's xml.etree, which refuses what is not well-formed), which
 * reports as JSON what it found: the page's box, the lanes' names, how many
 * elements of each class, every text. The classes are counted against the
 * trace of the same run: as many put boxes as put events, as many blocked
 * spans as blocked events, and so on. The same picture comes from the replay
 * of that trace, Chinese under zh_CN; every refusal is one line and status 2,
 * and no file is left, whole or in part, when the run fails. The picture in a
 * real browser is test_browser.c. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "support.h"

#define TEST_DEADLINE_S 30.0
#define TEST_PYTHON "/usr/bin/python3"

static char test_dir[64];

static void test_init(void)
{
	support_adopt_orphans();
	support_english();
	support_temp_dir("svg", test_dir, sizeof test_dir);
}

static void test_fini(void)
{
	support_remove_dir(test_dir);
}

TestSuite(svg, .init = test_init, .fini = test_fini, .timeout = 120);

/* A path in the test's directory. */
static const char *test_path(const char *name)
{
	return support_path(test_dir, name);
}

/* Runs ipcviz with args (NULL-ended, at most 12) in `lang`; its status,
 * stdout and stderr (the caller frees them). */
static int test_ipcviz(const char *lang, char **out, char **err, const char *const *args)
{
	char *argv[16] = {(char *)IPCVIZ_BIN};
	int n = 1, status;

	for (; args[n - 1]; n++)
		argv[n] = (char *)args[n - 1];
	argv[n] = NULL;
	cr_assert_eq(support_run_in(lang, argv, TEST_DEADLINE_S, out, err, &status), 0,
		     "ipcviz did not end within %.0f s", TEST_DEADLINE_S);
	cr_assert(WIFEXITED(status), "ipcviz died (status %d)", status);
	return WEXITSTATUS(status);
}

/* Runs a built-in headless at full speed with --svg svg (and --trace trace
 * unless NULL); asserts it ended with 0. */
static void test_draw(const char *name, const char *svg, const char *trace, const char *lang)
{
	const char *args[] = {"--headless", "--speed", "max", "--svg", svg, name, NULL, NULL,
			      NULL};
	char *out, *err;

	if (trace) {
		args[5] = "--trace";
		args[6] = trace;
		args[7] = name;
	}
	cr_assert_eq(test_ipcviz(lang, &out, &err, args), 0, "ipcviz %s failed: %s", name, err);
	free(out);
	free(err);
}

/* The parser's report of the picture at path: {"root", "viewBox", "names",
 * "classes": {class: count}, "texts", "title"}. Fails the test where the
 * picture is not well-formed XML. */
static const char test_reader[] =
	"import json, sys, xml.etree.ElementTree as ET\n"
	"NS = '{http://www.w3.org/2000/svg}'\n"
	"root = ET.parse(sys.argv[1]).getroot()\n"
	"r = {'root': root.tag, 'viewBox': root.get('viewBox'), 'names': [], 'classes': {},\n"
	"     'texts': [], 'title': ''}\n"
	"for e in root.iter():\n"
	"    c = e.get('class')\n"
	"    if c:\n"
	"        r['classes'][c] = r['classes'].get(c, 0) + 1\n"
	"    if e.tag == NS + 'text':\n"
	"        r['texts'].append(''.join(e.itertext()))\n"
	"        if c == 'name':\n"
	"            r['names'].append(e.text)\n"
	"        if c == 'title':\n"
	"            r['title'] = e.text\n"
	"print(json.dumps(r))\n";

static cJSON *test_read_svg(const char *path)
{
	char *argv[] = {(char *)TEST_PYTHON, (char *)"-c", (char *)test_reader, (char *)path,
			NULL};
	char *out, *err;
	struct stat st;
	int status;
	cJSON *r;

	cr_assert(stat(TEST_PYTHON, &st) == 0, "no " TEST_PYTHON " (scripts/setup installs it)");
	cr_assert_eq(support_run(argv, TEST_DEADLINE_S, &out, &err, &status), 0);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "%s is not well-formed XML: %s", path, err);
	r = cJSON_Parse(out);
	cr_assert(cJSON_IsObject(r), "the reader said: %s", out);
	free(out);
	free(err);
	return r;
}

static int test_class(const cJSON *r, const char *cls)
{
	const cJSON *n = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "classes"), cls);

	return cJSON_IsNumber(n) ? n->valueint : 0;
}

/* How many events of type ev the trace at path has; with a key, only those
 * that have it (a deadlock: the processes of its cycle are counted). */
static int test_trace_count_with(const char *path, const char *ev, const char *key)
{
	char *text = support_read_file(path), *save = NULL;
	int n = 0;

	cr_assert(text, "no trace at %s", path);
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		cJSON *e = cJSON_Parse(line);
		const cJSON *type = cJSON_GetObjectItem(e, "ev");
		if (cJSON_IsString(type) && strcmp(type->valuestring, ev) == 0 &&
		    (!key || cJSON_GetObjectItem(e, key))) {
			const cJSON *cycle = cJSON_GetObjectItem(e, "cycle");
			n += cJSON_IsArray(cycle) ? cJSON_GetArraySize(cycle) : 1;
		}
		cJSON_Delete(e);
	}
	free(text);
	return n;
}

static int test_trace_count(const char *path, const char *ev)
{
	return test_trace_count_with(path, ev, NULL);
}

/* The lanes name the processes of the trace's header, in its order. */
static void test_names_are_the_trace_s(const cJSON *r, const char *trace)
{
	char *text = support_read_file(trace), *nl = text ? strchr(text, '\n') : NULL;
	const cJSON *names = cJSON_GetObjectItem(r, "names"), *actors;
	cJSON *head;

	cr_assert(nl);
	*nl = '\0';
	head = cJSON_Parse(text);
	actors = cJSON_GetObjectItem(head, "actors");
	cr_assert(cJSON_IsArray(actors) && cJSON_GetArraySize(actors) > 0);
	cr_assert_eq(cJSON_GetArraySize(names), cJSON_GetArraySize(actors),
		     "%d lanes for %d processes", cJSON_GetArraySize(names),
		     cJSON_GetArraySize(actors));
	for (int i = 0; i < cJSON_GetArraySize(actors); i++) {
		const char *want = cJSON_GetObjectItem(cJSON_GetArrayItem(actors, i), "name")->valuestring;
		const cJSON *got = cJSON_GetArrayItem(names, i);
		cr_assert(cJSON_IsString(got) && strcmp(got->valuestring, want) == 0,
			  "lane %d is not named %s", i, want);
	}
	cJSON_Delete(head);
	free(text);
}

/* Draws scenario (a built-in or a file) with its trace, reads both: the
 * page is 16:9, a lane a process, and each class of mark as often as the
 * trace has its events. The files are named after name. */
static cJSON *test_scenario_drawn_as_traced(const char *name, const char *scenario)
{
	char svg[64], trace[64];
	cJSON *r;

	snprintf(svg, sizeof svg, "%s.svg", name);
	snprintf(trace, sizeof trace, "%s.trace", name);
	snprintf(svg, sizeof svg, "%s", test_path(svg));
	snprintf(trace, sizeof trace, "%s", test_path(trace));
	test_draw(scenario, svg, trace, NULL);
	r = test_read_svg(svg);
	cr_assert_str_eq(cJSON_GetObjectItem(r, "root")->valuestring,
			 "{http://www.w3.org/2000/svg}svg");
	cr_assert_str_eq(cJSON_GetObjectItem(r, "viewBox")->valuestring, "0 0 1600 900",
			 "not a 16:9 page");
	test_names_are_the_trace_s(r, trace);
	cr_assert_eq(test_class(r, "put"),
		     test_trace_count(trace, "put") + test_trace_count(trace, "write"),
		     "%s: the put boxes are not the puts", name);
	cr_assert_eq(test_class(r, "got"),
		     test_trace_count(trace, "got") + test_trace_count(trace, "read") +
			     test_trace_count(trace, "part"),
		     "%s: the got boxes are not the gots", name);
	cr_assert_eq(test_class(r, "blocked"), test_trace_count(trace, "blocked"),
		     "%s: a blocked span is not a blocked event", name);
	cr_assert_eq(test_class(r, "eof"), test_trace_count(trace, "eof"), "%s: eof", name);
	cr_assert_eq(test_class(r, "deadlock"), test_trace_count(trace, "deadlock"),
		     "%s: a deadlock's mark is not on each process of its cycle", name);
	cr_assert_eq(test_class(r, "lost"), test_trace_count(trace, "overwritten") +
						    test_trace_count_with(trace, "got", "mixed_value"),
		     "%s: a lost mark is not a value overwritten or mixed", name);
	cr_assert_eq(test_class(r, "fault"), test_trace_count(trace, "fault") +
						     test_trace_count(trace, "error") +
						     test_trace_count_with(trace, "exit", "signal"),
		     "%s: a fault mark is not a fault, an error or a death by a signal", name);
	cr_assert_eq(test_class(r, "lock"), test_trace_count(trace, "lock"), "%s: lock", name);
	cr_assert_eq(test_class(r, "held"), test_trace_count(trace, "lock"),
		     "%s: a band a lock held", name);
	cr_assert_eq(test_class(r, "unlock"), test_trace_count(trace, "unlock"), "%s: unlock",
		     name);
	cr_assert_eq(test_class(r, "close"), test_trace_count(trace, "close"), "%s: close", name);
	return r;
}

static cJSON *test_drawn_as_traced(const char *name)
{
	return test_scenario_drawn_as_traced(name, name);
}

Test(svg, a_full_pipe_has_its_blocked_spans_and_no_lost_value)
{
	cJSON *r = test_drawn_as_traced("pipe-full");

	cr_assert_gt(test_class(r, "blocked"), 0);
	cr_assert_gt(test_class(r, "put"), 0);
	cr_assert_gt(test_class(r, "got"), 0);
	cr_assert_eq(test_class(r, "lost"), 0);
	cr_assert_eq(test_class(r, "fault"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(r, "title")->valuestring,
			 "Full pipe: the producer blocks");
	cJSON_Delete(r);
}

Test(svg, an_overwritten_value_and_a_mixed_item_are_lost)
{
	cJSON *r = test_drawn_as_traced("shm-overwrite");

	cr_assert_gt(test_class(r, "lost"), 0);
	cr_assert_eq(test_class(r, "blocked"), 0, "nothing blocks on a shared value");
	cJSON_Delete(r);
	/* an item read mixed of two writes: what was got is not what was put */
	r = test_drawn_as_traced("pipe-atomic");
	cr_assert_gt(test_class(r, "lost"), 0);
	cJSON_Delete(r);
}

Test(svg, a_killed_consumer_is_a_fault)
{
	cJSON *r = test_drawn_as_traced("pipe-kill");

	/* the kill done to it, its death by the signal, the producer's EPIPE */
	cr_assert_geq(test_class(r, "fault"), 3);
	cJSON_Delete(r);
}

Test(svg, several_channels_end_of_file_and_deadlock)
{
	cJSON *r = test_drawn_as_traced("pipeline");

	cr_assert_gt(test_class(r, "eof"), 0);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(r, "names")), 3);
	cJSON_Delete(r);
	r = test_drawn_as_traced("pipe-deadlock");
	cr_assert_eq(test_class(r, "deadlock"), 2, "the cycle's two processes are marked");
	cr_assert_gt(test_class(r, "blocked"), 0);
	cJSON_Delete(r);
}

Test(svg, locks_taken_given_back_and_a_close)
{
	char ini[64];
	cJSON *r;

	/* a takes L and gives it back, then b; b closes the pipe a reads to its end */
	support_temp_scenario("[scenario]\ntitle = Locks\n[channel.l]\ntype = lock\n"
			      "[channel.p]\ntype = pipe\ncapacity = 2\n"
			      "[process.a]\ndo = lock l\ndo = sleep 1s\ndo = unlock l\n"
			      "do = get p all\n"
			      "[process.b]\ndo = put p 1..2\ndo = close p\ndo = lock l\n"
			      "do = unlock l\ndo = sleep 1s\n",
			      ini, sizeof ini);
	r = test_scenario_drawn_as_traced("locks", ini);
	unlink(ini);
	cr_assert_eq(test_class(r, "lock"), 2);
	cr_assert_eq(test_class(r, "unlock"), 2);
	cr_assert_eq(test_class(r, "held"), 2);
	cr_assert_eq(test_class(r, "close"), 1);
	cr_assert_eq(test_class(r, "eof"), 1);
	cJSON_Delete(r);
}

Test(svg, the_replay_draws_the_live_run_s_picture)
{
	/* and three of several channels, whose trace header carries the
	 * channels and programs the picture draws, and a file's title */
	static const char *const names[] = {"pipe-full", "shm-overwrite", "pipe-kill",
					    "pipe-deadlock", "pipeline",
					    IPCVIZ_SOURCE_DIR "/tests/pipeline-stop.ini",
					    IPCVIZ_SOURCE_DIR "/tests/fifo-pipeline.ini",
					    IPCVIZ_SOURCE_DIR "/tests/socketpair-deadlock.ini",
					    IPCVIZ_SOURCE_DIR "/tests/queue-deadlock.ini",
					    IPCVIZ_SOURCE_DIR "/tests/ring-pipeline.ini"};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char live[256], again[256], trace[256], *a, *b, *out, *err;
		snprintf(live, sizeof live, "%s", test_path("live.svg"));
		snprintf(again, sizeof again, "%s", test_path("again.svg"));
		snprintf(trace, sizeof trace, "%s", test_path("run.trace"));
		unlink(live);
		unlink(again);
		unlink(trace);
		test_draw(names[i], live, trace, NULL);
		const char *args[] = {"--replay", trace, "--headless", "--speed", "max", "--svg",
				      again, NULL};
		cr_assert_eq(test_ipcviz(NULL, &out, &err, args), 0, "the replay failed: %s", err);
		free(out);
		free(err);
		a = support_read_file(live);
		b = support_read_file(again);
		cr_assert(a && b);
		cr_assert_str_eq(a, b, "%s: the replay's picture is not the live run's", names[i]);
		free(a);
		free(b);
	}
}

/* Does s hold a character of the CJK Unified Ideographs (U+4E00..U+9FFF)? */
static bool test_has_chinese(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p[0] && p[1] && p[2]; p++)
		if (p[0] >= 0xe4 && p[0] <= 0xe9 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80)
			return true;
	return false;
}

Test(svg, in_chinese_under_zh_CN)
{
	const char *svg = test_path("zh.svg");
	const cJSON *texts;
	int chinese = 0;
	cJSON *r;

	test_draw("pipe-full", svg, NULL, "zh_CN.UTF-8");
	r = test_read_svg(svg);
	cr_assert(strstr(cJSON_GetObjectItem(r, "title")->valuestring, "管道已满"),
		  "the title is not Chinese: %s", cJSON_GetObjectItem(r, "title")->valuestring);
	texts = cJSON_GetObjectItem(r, "texts");
	for (int i = 0; i < cJSON_GetArraySize(texts); i++)
		chinese += test_has_chinese(cJSON_GetArrayItem(texts, i)->valuestring);
	/* the title, the channel, the axis' word and ticks, the legend, BLOCKED */
	cr_assert_gt(chinese, 10, "only %d texts are Chinese", chinese);
	for (int i = 0; i < cJSON_GetArraySize(texts); i++) {
		const char *t = cJSON_GetArrayItem(texts, i)->valuestring;
		cr_assert(!strstr(t, "BLOCKED") && !strstr(t, "scenario time"),
			  "an English word in the Chinese picture: %s", t);
	}
	cJSON_Delete(r);
}

Test(svg, a_title_with_markup_is_text)
{
	char ini[64], *out, *err;
	const char *svg = test_path("markup.svg");
	cJSON *r;

	support_temp_scenario("[scenario]\ntitle = <b>Tom & \"Jerry\"</b> 'quoted' ]]>\n"
			      "channel = pipe\ncapacity = 2\n[producer]\nvalues = 1..3\n"
			      "interval = 0.1s\n[consumer]\ninterval = 0.1s\nstop = 3\n",
			      ini, sizeof ini);
	const char *args[] = {"--headless", "--speed", "max", "--svg", svg, ini, NULL};
	cr_assert_eq(test_ipcviz(NULL, &out, &err, args), 0, "%s", err);
	unlink(ini);
	r = test_read_svg(svg);
	cr_assert_str_eq(cJSON_GetObjectItem(r, "title")->valuestring,
			 "<b>Tom & \"Jerry\"</b> 'quoted' ]]>");
	cJSON_Delete(r);
	free(out);
	free(err);
}

/* The files of the test's directory whose name starts with prefix. */
static int test_files_like(const char *prefix)
{
	return support_dir_entries(test_dir, prefix);
}

/* ipcviz with args refuses with status 2 and one line "ipcviz: …" naming
 * `needle`, and prints nothing on stdout. */
static void test_refused(const char *const *args, const char *needle)
{
	char *out, *err;
	int status = test_ipcviz(NULL, &out, &err, args);

	cr_assert_eq(status, 2, "status %d: %s", status, err);
	cr_assert_eq(strncmp(err, "ipcviz: ", 8), 0, "not one ipcviz line: %s", err);
	cr_assert(strchr(err, '\n') == err + strlen(err) - 1, "more than one line: %s", err);
	cr_assert(strstr(err, needle), "the line does not say %s: %s", needle, err);
	cr_assert_str_eq(out, "", "it printed: %s", out);
	free(out);
	free(err);
}

Test(svg, refusals_are_one_line_and_leave_nothing)
{
	const char *svg = test_path("x.svg"), *nodir = test_path("no/such/dir/x.svg");
	char *text;
	FILE *f;

	const char *no_headless[] = {"--svg", svg, "pipe", NULL};
	test_refused(no_headless, "--headless");
	const char *unwritable[] = {"--headless", "--svg", nodir, "pipe", NULL};
	test_refused(unwritable, nodir);
	const char *a_dir[] = {"--headless", "--force", "--svg", test_dir, "pipe", NULL};
	test_refused(a_dir, test_dir);
	/* never in place of a device, even with --force */
	const char *a_device[] = {"--headless", "--force", "--svg", "/dev/null", "pipe", NULL};
	test_refused(a_device, "/dev/null");
	struct stat st;
	cr_assert(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode), "/dev/null was replaced");
	/* a file that is there stays as it was, without --force */
	f = fopen(svg, "w");
	cr_assert(f);
	fputs("mine\n", f);
	cr_assert_eq(fclose(f), 0);
	const char *exists[] = {"--headless", "--svg", svg, "pipe", NULL};
	test_refused(exists, "--force");
	text = support_read_file(svg);
	cr_assert_str_eq(text, "mine\n");
	free(text);
	unlink(svg);
	/* a replay of no trace: the run fails, and no picture, whole or in part */
	const char *bad_replay[] = {"--replay", test_path("none.trace"), "--headless", "--svg",
				    svg, NULL};
	test_refused(bad_replay, "none.trace");
	cr_assert_eq(access(svg, F_OK), -1, "a picture of a run that failed");
	cr_assert_eq(test_files_like(".x.svg"), 0, "a temporary file is left behind");
	cr_assert_eq(support_children_left(), 0);
}

Test(svg, an_interrupted_run_leaves_no_picture)
{
	const char *svg = test_path("stopped.svg");
	char *argv[] = {(char *)IPCVIZ_BIN, (char *)"--headless", (char *)"--svg", (char *)svg,
			(char *)"pipe-full", NULL};
	char *buf = NULL;
	size_t len = 0;
	int fd, status;
	pid_t pid = support_spawn(argv, &fd, NULL);

	/* at --speed 1 the run takes 22 s: it is surely on when the signal comes */
	cr_assert(support_wait_for(fd, &buf, &len, "put 1 into the pipe", 15.0),
		  "the run did not start: %s", buf ? buf : "");
	cr_assert(test_files_like(".stopped.svg.") == 1, "no temporary file while it runs");
	kill(pid, SIGINT);
	cr_assert_eq(support_wait_exit(pid, fd, &buf, &len, 15.0, &status), 0);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGINT, "status %d", status);
	cr_assert_eq(access(svg, F_OK), -1, "a picture of an interrupted run");
	cr_assert_eq(test_files_like(".stopped.svg"), 0, "a temporary file is left behind");
	close(fd);
	free(buf);
}

Test(svg, help_says_it)
{
	char *out, *err;
	const char *args[] = {"--help", NULL};

	cr_assert_eq(test_ipcviz(NULL, &out, &err, args), 0);
	cr_assert(strstr(out, "--svg FILE"), "--help does not name --svg");
	free(out);
	free(err);
}
