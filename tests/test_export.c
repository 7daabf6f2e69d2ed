/* test_export.c - `ipcviz export`: the page made of a cast (its parts, the
 * escaping that keeps a recording's text as data, one chapter a marker, the
 * poster's moment) on the engine's functions, and the command on the real
 * program: every refusal one line and its status, and never a file left
 * behind, whole or in part, when it fails. The page in a real browser is
 * test_browser.c. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "export.h"
#include "support.h"

#define TEST_DEADLINE_S 20.0

static char test_dir[64];

static void test_init(void)
{
	support_adopt_orphans();
	support_english();
	unsetenv("IPCVIZ_PLAYER_DIR");
	support_temp_dir("export", test_dir, sizeof test_dir);
}

static void test_fini(void)
{
	support_remove_dir(test_dir);
}

TestSuite(export, .init = test_init, .fini = test_fini, .timeout = 60);

/* A file in the test's directory, written with `text` (unless NULL). */
static const char *test_file(const char *name, const char *text)
{
	const char *path = support_path(test_dir, name);
	FILE *f;

	if (text) {
		f = fopen(path, "w");
		cr_assert(f, "%s: %s", path, strerror(errno));
		cr_assert_geq(fputs(text, f), 0);
		cr_assert_eq(fclose(f), 0);
	}
	return path;
}

/* How many entries the test's directory holds (a temporary file left counts). */
static int test_dir_entries(void)
{
	return support_dir_entries(test_dir, "");
}

/* How often `needle` occurs in `s`. */
static int test_count(const char *s, const char *needle)
{
	int n = 0;

	for (const char *at = s; (at = strstr(at, needle)); at += strlen(needle))
		n++;
	return n;
}

/* A lesson with three markers; its screen and one label print "</script>". */
static const char test_cast_text[] =
	"{\"version\":2,\"width\":40,\"height\":5,\"title\":\"Full <pipe> & co\","
	"\"ipcviz\":{\"version\":\"0.1.0\",\"scenario\":\"pipe-full\","
	"\"comments\":\"pipe-full - a writer fills a pipe.\\n\\nWhat to watch: it blocks.\"}}\n"
	"[0.5, \"o\", \"\\u001b[H\\u001b[2Jhello </script><script>alert(1)</script>\"]\n"
	"[0.9, \"o\", \"second\"]\n"
	"[1.0, \"m\", \"producer-1 put 0 into the pipe\"]\n"
	"[2.0, \"m\", \"a </script> label & more\"]\n"
	"[2.5, \"r\", \"50x6\"]\n"
	"[3.0, \"m\", \"生产者 阻塞\"]\n"
	"[3.5, \"o\", \"bye\"]\n";

/* A stand-in for the player: what the page does with its files can be seen. */
static void test_fake_player(struct export_player *p)
{
	memset(p, 0, sizeof *p);
	p->js = strdup("window.AsciinemaPlayer = {create: function () {}};");
	p->css = strdup(".ap-player { color: red }");
	p->license = strdup("Apache License\nVersion 2.0, January 2004\n<Copyright>\n");
	snprintf(p->version, sizeof p->version, "9.9.9");
	cr_assert(p->js && p->css && p->license);
}

/* The page of test_cast_text with the fake player (malloc'd). */
static char *test_page(struct export_cast *c)
{
	static char *page; /* open_memstream keeps their addresses until fclose */
	static size_t len;
	struct export_player p;
	char err[512];
	FILE *f = open_memstream(&page, &len);

	cr_assert_eq(export_cast_read(c, test_file("lesson.cast", test_cast_text), err, sizeof err),
		     EXPORT_OK, "%s", err);
	test_fake_player(&p);
	cr_assert(f);
	cr_assert_eq(export_page_write(f, c, &p), 0);
	cr_assert_eq(fclose(f), 0);
	export_player_free(&p);
	return page;
}

/* The text of the element that starts with `open` (up to its </script>). */
static char *test_element(const char *page, const char *open)
{
	const char *at = strstr(page, open), *end;

	cr_assert(at, "no %s in the page", open);
	at += strlen(open);
	end = strstr(at, "</script>");
	cr_assert(end);
	return strndup(at, (size_t)(end - at));
}

Test(export, the_cast_is_read_with_its_markers_and_lesson)
{
	struct export_cast c;
	char err[512];

	cr_assert_eq(export_cast_read(&c, test_file("lesson.cast", test_cast_text), err, sizeof err),
		     EXPORT_OK, "%s", err);
	cr_assert_eq(c.width, 40);
	cr_assert_eq(c.height, 5);
	cr_assert_str_eq(c.title, "Full <pipe> & co");
	cr_assert_str_eq(c.scenario, "pipe-full");
	cr_assert(strstr(c.comments, "What to watch"));
	cr_assert_eq(c.nmarkers, 3);
	cr_assert_str_eq(c.markers[1].label, "a </script> label & more");
	cr_assert_float_eq(c.markers[2].time, 3.0, 1e-9);
	cr_assert_float_eq(c.first_output, 0.5, 1e-9);
	cr_assert_float_eq(c.last_time, 3.5, 1e-9);
	/* the first screen: the first output and what follows within 0.1 s */
	cr_assert_float_eq(export_poster_time(&c), 0.6, 1e-9);
	c.markers[0].time = 0.55; /* never past the first marker */
	cr_assert_float_eq(export_poster_time(&c), 0.55, 1e-9);
	export_cast_free(&c);
}

Test(export, times_are_the_players_with_long_pauses_cut)
{
	struct export_cast c;
	char err[512];
	const char *path = test_file("slow.cast", "{\"version\":2,\"width\":80,\"height\":24}\n"
						 "[1.0, \"o\", \"x\"]\n[10.0, \"m\", \"after a talk\"]\n"
						 "[11.5, \"m\", \"soon after\"]\n[60, \"o\", \"y\"]\n");

	cr_assert_eq(export_cast_read(&c, path, err, sizeof err), EXPORT_OK, "%s", err);
	cr_assert_eq(c.nmarkers, 2);
	cr_assert_float_eq(c.markers[0].time, 1.0 + EXPORT_IDLE_LIMIT, 1e-9);
	cr_assert_float_eq(c.markers[1].time, 2.5 + EXPORT_IDLE_LIMIT, 1e-9);
	cr_assert_float_eq(c.last_time, 2.5 + 2 * EXPORT_IDLE_LIMIT, 1e-9);
	export_cast_free(&c);
}

Test(export, the_page_holds_player_cast_chapters_and_lesson)
{
	struct export_cast c;
	char *page = test_page(&c), *chapters, *cast_json, *opts_json;
	size_t ol, end;
	cJSON *cast, *opts;

	/* a page of its own: one document, the player and its style inside it */
	cr_assert(strncmp(page, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0, "%.60s", page);
	cr_assert(strstr(page, "</html>\n"));
	cr_assert(strstr(page, "window.AsciinemaPlayer = {create: function () {}};"));
	cr_assert(strstr(page, ".ap-player { color: red }"));
	cr_assert_eq(test_count(page, " src="), 0, "the page loads something");
	cr_assert_eq(test_count(page, "<link"), 0, "the page loads something");
	/* nothing leaves it, and a phone shows it at its width */
	cr_assert(strstr(page, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
			       "'none';"));
	cr_assert(strstr(page, "connect-src 'none'"));
	cr_assert(strstr(page, "<meta name=\"viewport\" content=\"width=device-width"));
	cr_assert(strstr(page, "@media (max-width:"));
	/* the chapters: one <li> a marker, in order, labels escaped */
	cr_assert(strstr(page, "<ol id=\"chapters\">"), "no chapter list");
	ol = (size_t)(strstr(page, "<ol id=\"chapters\">") - page);
	cr_assert(strstr(page + ol, "</ol>"));
	end = (size_t)(strstr(page + ol, "</ol>") - page);
	chapters = strndup(page + ol, end - ol);
	cr_assert_eq(test_count(chapters, "<li>"), 3, "%s", chapters);
	cr_assert_eq(test_count(page, "id=\"chapters\""), 1);
	cr_assert(strstr(chapters, "data-marker=\"0\""));
	cr_assert(strstr(chapters, "producer-1 put 0 into the pipe</button></li>"));
	cr_assert(strstr(chapters, "a &lt;/script&gt; label &amp; more"), "%s", chapters);
	cr_assert(strstr(chapters, "生产者 阻塞"));
	cr_assert(strstr(chapters, "producer-1") < strstr(chapters, "label") &&
		  strstr(chapters, "label") < strstr(chapters, "阻塞"), "out of order");
	free(chapters);
	/* the introduction: title and comments, escaped */
	cr_assert(strstr(page, "<title>Full &lt;pipe&gt; &amp; co</title>"));
	cr_assert(strstr(page, "<h1>Full &lt;pipe&gt; &amp; co</h1>"));
	cr_assert(strstr(page, "<p class=\"comments\">pipe-full - a writer fills a pipe.</p>"));
	cr_assert(strstr(page, "<p class=\"comments\">What to watch: it blocks.</p>"));
	cr_assert(strstr(page, "<code>pipe-full</code>"));
	/* the switch, checked, and the keys said */
	cr_assert(strstr(page, "<input type=\"checkbox\" id=\"ipcviz-pause\" checked>"));
	cr_assert(strstr(page, "Pause at every marker"));
	cr_assert(strstr(page, "<kbd>[</kbd> <kbd>]</kbd>"));
	/* the player's licence, and its version */
	cr_assert(strstr(page, "asciinema-player 9.9.9"));
	cr_assert(strstr(page, "Apache License 2.0"));
	cr_assert(strstr(page, "Version 2.0, January 2004\n&lt;Copyright&gt;"));
	/* a "</script>" the recording printed stays inside the data: the page has
	 * exactly the script elements it opened (cast, options, player, start) */
	cr_assert_eq(test_count(page, "<script"), 4, "a recording's text became markup");
	cr_assert_eq(test_count(page, "</script>"), 4, "a recording's text became markup");
	cast_json = test_element(page, "<script type=\"application/json\" id=\"ipcviz-cast\">");
	cr_assert_null(strchr(cast_json, '<'));
	cr_assert(strstr(cast_json, "\\u003c/script\\u003e"));
	cast = cJSON_Parse(cast_json);
	cr_assert(cJSON_IsString(cast), "the cast is not a JSON string");
	cr_assert_str_eq(cast->valuestring, c.text, "the cast inlined is not the cast read");
	/* the player's options: the poster on the first screen, the size, the fonts */
	opts_json = test_element(page, "<script type=\"application/json\" id=\"ipcviz-options\">");
	opts = cJSON_Parse(opts_json);
	cr_assert(cJSON_IsObject(opts), "%s", opts_json);
	cr_assert_str_eq(cJSON_GetObjectItem(opts, "poster")->valuestring, "npt:0.600");
	cr_assert_eq(cJSON_GetObjectItem(opts, "cols")->valueint, 40);
	cr_assert_eq(cJSON_GetObjectItem(opts, "rows")->valueint, 5);
	cr_assert(strstr(cJSON_GetObjectItem(opts, "terminalFontFamily")->valuestring, "CJK"));
	cr_assert_float_eq(cJSON_GetObjectItem(opts, "idleTimeLimit")->valuedouble, EXPORT_IDLE_LIMIT,
			   1e-9);
	cr_assert(strstr(page, "pauseOnMarkers: box.checked"));
	cJSON_Delete(cast);
	cJSON_Delete(opts);
	free(cast_json);
	free(opts_json);
	free(page);
	export_cast_free(&c);
}

Test(export, what_is_not_a_v2_cast_is_refused_with_its_place)
{
	static const struct {
		const char *name, *text, *says;
		enum export_status rc;
	} cases[] = {
		{"text.cast", "hello\n", "text.cast:1: not an asciicast recording", EXPORT_BAD_INPUT},
		{"empty.cast", "", "empty.cast: not an asciicast recording: the file is empty",
		 EXPORT_BAD_INPUT},
		{"v3.cast", "{\"version\":3,\"term\":{\"cols\":80,\"rows\":24}}\n[0.1, \"o\", \"x\"]\n",
		 "v3.cast: an asciicast v3 recording; ipcviz export reads v2", EXPORT_BAD_INPUT},
		{"v1.cast", "{\"version\":1,\"width\":80,\"height\":24}\n",
		 "v1.cast:1: not an asciicast v2 recording (version 1)", EXPORT_BAD_INPUT},
		{"size.cast", "{\"version\":2,\"width\":0,\"height\":24}\n",
		 "size.cast:1: the header's width and height", EXPORT_BAD_INPUT},
		{"event.cast", "{\"version\":2,\"width\":80,\"height\":24}\n[0.1, \"o\", \"x\"]\n\n"
			       "[0.2, \"o\"]\n",
		 "event.cast:4: not an asciicast v2 event", EXPORT_BAD_INPUT},
		{"data.cast", "{\"version\":2,\"width\":80,\"height\":24}\n[0.1, \"m\", 7]\n",
		 "data.cast:2: the data of a \"m\" event must be a string", EXPORT_BAD_INPUT},
	};
	struct export_cast c;
	char err[512];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *path = test_file(cases[i].name, cases[i].text);
		err[0] = '\0';
		cr_assert_eq(export_cast_read(&c, path, err, sizeof err), cases[i].rc, "%s",
			     cases[i].name);
		cr_assert(strstr(err, cases[i].says), "%s: %s", cases[i].name, err);
		cr_assert_null(strchr(err, '\n'), "not one line: %s", err);
		cr_assert_null(c.text);
		cr_assert_eq(c.nmarkers, 0);
	}
	cr_assert_eq(export_cast_read(&c, test_dir, err, sizeof err), EXPORT_BAD_INPUT);
	cr_assert(strstr(err, "Is a directory"), "%s", err);
	cr_assert_eq(export_cast_read(&c, "/nonexistent/lesson.cast", err, sizeof err),
		     EXPORT_BAD_INPUT);
	cr_assert(strstr(err, "/nonexistent/lesson.cast: cannot read: No such file"), "%s", err);
}

Test(export, a_player_that_is_missing_or_unsafe_is_refused)
{
	struct export_player p;
	char err[512];

	cr_assert_eq(export_player_load(&p, test_dir, err, sizeof err), EXPORT_BAD_INPUT);
	cr_assert(strstr(err, "asciinema-player is missing"), "%s", err);
	cr_assert(strstr(err, test_dir), "%s", err);
	cr_assert_null(p.js);
	test_file("asciinema-player.min.js", "var s = '</script>';");
	test_file("asciinema-player.css", "");
	test_file("LICENSE", "Apache");
	test_file("VERSION", "3.0.0\n");
	cr_assert_eq(export_player_load(&p, test_dir, err, sizeof err), EXPORT_BAD_INPUT);
	cr_assert(strstr(err, "cannot be put inside a page"), "%s", err);
	test_file("asciinema-player.min.js", "var s = 1;");
	cr_assert_eq(export_player_load(&p, test_dir, err, sizeof err), EXPORT_OK, "%s", err);
	cr_assert_str_eq(p.version, "3.0.0");
	export_player_free(&p);
	/* the player the build got is whole and can be inlined */
	cr_assert_eq(export_player_load(&p, IPCVIZ_PLAYER_BUILT, err, sizeof err), EXPORT_OK, "%s",
		     err);
	cr_assert(strstr(p.js, "AsciinemaPlayer"));
	cr_assert(strstr(p.license, "Apache License"));
	cr_assert_str_eq(p.version, IPCVIZ_PLAYER_VERSION);
	export_player_free(&p);
}

/* ---- the command -------------------------------------------------------------------- */

/* Runs ipcviz export with args (NULL-terminated, after "export"); returns the
 * exit status, stdout and stderr into *out and *err (malloc'd). */
static int test_export_run(char **out, char **err, const char *const *args)
{
	char *argv[16] = {(char *)IPCVIZ_BIN, (char *)"export"};
	int n = 2, status;

	for (; *args && n < 15; args++)
		argv[n++] = (char *)*args;
	argv[n] = NULL;
	cr_assert_eq(support_run(argv, TEST_DEADLINE_S, out, err, &status), 0, "did not run");
	cr_assert(WIFEXITED(status), "ended by a signal");
	return WEXITSTATUS(status);
}

/* The command fails with `status`, one line "ipcviz: …" on stderr holding
 * `says`, nothing on stdout, and leaves the directory with `entries` in it. */
static void test_refused(int status, const char *says, int entries, const char *const *args)
{
	char *out, *err;
	int rc = test_export_run(&out, &err, args);

	cr_assert_eq(rc, status, "status %d, not %d: %s", rc, status, err);
	cr_assert(strncmp(err, "ipcviz: ", 8) == 0, "%s", err);
	cr_assert(strstr(err, says), "%s", err);
	cr_assert_eq(test_count(err, "\n"), 1, "not one line: %s", err);
	cr_assert_str_eq(out, "");
	cr_assert_eq(test_dir_entries(), entries, "a file was left in %s", test_dir);
	free(out);
	free(err);
}

Test(export, the_command_writes_the_page_whole)
{
	const char *cast = test_file("lesson.cast", test_cast_text);
	const char *html = test_file("lesson.html", NULL);
	const char *args[] = {cast, "-o", html, NULL};
	char *out, *err, *page;
	struct stat st;

	cr_assert_eq(test_export_run(&out, &err, args), 0, "%s", err);
	cr_assert_str_eq(err, "");
	cr_assert(strstr(out, "lesson.html: the lesson as a web page with 3 chapters"), "%s", out);
	cr_assert_eq(test_dir_entries(), 2, "a temporary file was left");
	page = support_read_file(html);
	cr_assert(page);
	cr_assert(strstr(page, "AsciinemaPlayer.create"), "the player is not in the page");
	cr_assert(strstr(page, "Licensed under the Apache License, Version 2.0"),
		  "the player's notice is not in the page");
	cr_assert_eq(stat(html, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0644 & ~0022 & 0777, "mode %o", st.st_mode & 0777);
	free(page);
	free(out);
	free(err);

	/* again: the file exists, and stays as it was; --force replaces it */
	test_file("lesson.html", "mine");
	test_refused(2, "lesson.html: the file exists (use --force to overwrite it)", 2, args);
	page = support_read_file(html);
	cr_assert_str_eq(page, "mine");
	free(page);
	const char *forced[] = {cast, "--force", "--output", html, NULL};
	cr_assert_eq(test_export_run(&out, &err, forced), 0, "%s", err);
	page = support_read_file(html);
	cr_assert(strncmp(page, "<!DOCTYPE html>", 15) == 0);
	cr_assert_eq(test_dir_entries(), 2);
	free(page);
	free(out);
	free(err);
	/* a symbolic link is replaced, never written through */
	const char *target = test_file("target", "keep");
	cr_assert_eq(unlink(html), 0);
	cr_assert_eq(symlink(target, html), 0);
	test_refused(2, "the file exists", 3, args);
	cr_assert_eq(test_export_run(&out, &err, forced), 0, "%s", err);
	page = support_read_file(target);
	cr_assert_str_eq(page, "keep", "written through a symbolic link");
	free(page);
	cr_assert_eq(lstat(html, &st), 0);
	cr_assert(S_ISREG(st.st_mode));
	free(out);
	free(err);
}

Test(export, every_refusal_is_one_line_status_2_and_leaves_nothing)
{
	const char *cast = test_file("lesson.cast", test_cast_text);
	const char *text = test_file("notes.txt", "not a cast\n");
	const char *v3 = test_file("v3.cast", "{\"version\":3,\"term\":{\"cols\":80,\"rows\":24}}\n");
	const char *html = test_file("out.html", NULL);
	char empty[300], unwritable[300], fifo[300];

	{ const char *a[] = {text, "-o", html, NULL};
	  test_refused(2, "notes.txt:1: not an asciicast recording", 3, a); }
	{ const char *a[] = {v3, "-o", html, NULL};
	  test_refused(2, "an asciicast v3 recording", 3, a); }
	{ const char *a[] = {"/nonexistent.cast", "-o", html, NULL};
	  test_refused(2, "/nonexistent.cast: cannot read: No such file or directory", 3, a); }
	{ const char *a[] = {test_dir, "-o", html, NULL};
	  test_refused(2, "cannot read: Is a directory", 3, a); }
	{ const char *a[] = {cast, "-o", "/nonexistent/out.html", NULL};
	  test_refused(2, "/nonexistent/out.html: cannot write: No such file or directory", 3, a); }
	snprintf(unwritable, sizeof unwritable, "%s/sub", test_dir);
	cr_assert_eq(mkdir(unwritable, 0500), 0);
	strcat(unwritable, "/out.html");
	if (geteuid() != 0) { /* root writes anywhere */
		const char *a[] = {cast, "-o", unwritable, NULL};
		test_refused(2, "out.html: cannot write: Permission denied", 4, a);
	}
	{ const char *a[] = {cast, "-o", test_dir, "--force", NULL};
	  test_refused(2, "cannot write: Is a directory", 4, a); }
	/* a rename would put the page in place of the FIFO (as root, of a device) */
	snprintf(fifo, sizeof fifo, "%s/pipe.html", test_dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	{ const char *a[] = {cast, "-o", fifo, "--force", NULL};
	  test_refused(2, "pipe.html: not a regular file: ipcviz replaces only files", 5, a); }
	struct stat st;
	cr_assert(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode), "the FIFO was replaced");
	cr_assert_eq(unlink(fifo), 0);
	{ const char *a[] = {cast, NULL};
	  test_refused(2, "export: where to? -o FILE.html (see ipcviz export --help)", 4, a); }
	{ const char *a[] = {"-o", html, NULL};
	  test_refused(2, "export: which recording?", 4, a); }
	{ const char *a[] = {cast, "-o", NULL};
	  test_refused(2, "export: -o needs a value", 4, a); }
	{ const char *a[] = {cast, cast, "-o", html, NULL};
	  test_refused(2, "one recording at a time", 4, a); }
	{ const char *a[] = {cast, "--svg", "-o", html, NULL};
	  test_refused(2, "export: unknown option '--svg'", 4, a); }
	/* the player missing */
	snprintf(empty, sizeof empty, "%s/no-player", test_dir);
	cr_assert_eq(mkdir(empty, 0700), 0);
	setenv("IPCVIZ_PLAYER_DIR", empty, 1);
	{ const char *a[] = {cast, "-o", html, NULL};
	  test_refused(2, "the web player asciinema-player is missing: no ", 5, a); }
	unsetenv("IPCVIZ_PLAYER_DIR");
}

/* In the child: files may grow to 64 KiB only, and a write past that fails
 * (EFBIG) instead of killing the program. */
static void test_small_files(void)
{
	struct rlimit rl = {64 * 1024, 64 * 1024};

	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &rl);
}

Test(export, a_write_that_fails_half_way_is_status_1_and_leaves_nothing)
{
	const char *cast = test_file("lesson.cast", test_cast_text);
	const char *html = test_file("out.html", NULL);
	char *argv[] = {(char *)IPCVIZ_BIN, (char *)"export", (char *)cast, (char *)"-o",
			(char *)html, NULL};
	char *buf = NULL;
	size_t len = 0;
	int fd, status;
	pid_t pid = support_spawn(argv, &fd, test_small_files);

	cr_assert_eq(support_wait_exit(pid, fd, &buf, &len, TEST_DEADLINE_S, &status), 0);
	close(fd);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 1, "status %d: %s", status, buf);
	cr_assert(strstr(buf, "ipcviz: "), "%s", buf);
	cr_assert(strstr(buf, "out.html: cannot write: File too large"), "%s", buf);
	cr_assert_eq(test_count(buf, "\n"), 1, "not one line: %s", buf);
	cr_assert_eq(test_dir_entries(), 1, "a half-written page was left");
	free(buf);
}

Test(export, help_and_the_chinese_words)
{
	const char *cast = test_file("lesson.cast", test_cast_text);
	const char *html = test_file("zh.html", NULL);
	const char *help[] = {"--help", NULL}, *args[] = {cast, "-o", html, NULL};
	char *out, *err, *page;

	cr_assert_eq(test_export_run(&out, &err, help), 0);
	cr_assert(strstr(out, "Usage: ipcviz export CAST -o FILE.html [--force]"), "%s", out);
	free(out);
	free(err);
	setenv("LANG", "zh_CN.UTF-8", 1);
	cr_assert_eq(test_export_run(&out, &err, args), 0, "%s", err);
	page = support_read_file(html);
	cr_assert(strstr(page, "<html lang=\"zh-CN\">"), "the page is not in Chinese");
	cr_assert_null(strstr(page, "Pause at every marker"), "an English word in a Chinese page");
	cr_assert_null(strstr(page, ">Chapters<"), "an English word in a Chinese page");
	free(page);
	free(out);
	free(err);
	setenv("LANG", "C.UTF-8", 1);
}
