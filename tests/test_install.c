/* test_install.c - what a packager and a user of the installed program meet
 * first, checked on the built program: a FIFO, a device or a directory given as
 * the scenario file is refused at once with one line and status 2 (it never
 * waits for a writer); `--version` names the version and the licence LICENSE
 * holds, in English and in Chinese; the man pages man/ipcviz.1 and its Chinese
 * man/zh_CN/ipcviz.1 document exactly the options `--help` prints, and the
 * built-ins `--list` lists; and the bash completion (completion/ipcviz) offers
 * the same options and built-in names.
 * tests/package checks the package made of all this. */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

#define TEST_DEADLINE_S 20.0
#define TEST_MAX_WORDS 128

static void test_init(void)
{
	support_adopt_orphans();
	support_english();
}

TestSuite(install, .init = test_init, .timeout = 60);

/* A set of words (options, scenario names), kept sorted and without repeats. */
struct test_words {
	char *word[TEST_MAX_WORDS];
	int n;
};

static int compare_words(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void words_add(struct test_words *w, const char *s, size_t len)
{
	char *copy = strndup(s, len);

	for (int i = 0; i < w->n; i++)
		if (strcmp(w->word[i], copy) == 0) {
			free(copy);
			return;
		}
	cr_assert_lt(w->n, TEST_MAX_WORDS);
	w->word[w->n++] = copy;
	qsort(w->word, (size_t)w->n, sizeof w->word[0], compare_words);
}

static void words_free(struct test_words *w)
{
	for (int i = 0; i < w->n; i++)
		free(w->word[i]);
	w->n = 0;
}

/* The words in a but not in b, space-separated, into out. */
static const char *words_missing(const struct test_words *a, const struct test_words *b,
				 char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < a->n; i++) {
		bool found = false;
		for (int j = 0; j < b->n && !found; j++)
			found = strcmp(a->word[i], b->word[j]) == 0;
		if (!found && used + strlen(a->word[i]) + 2 < len)
			used += (size_t)snprintf(out + used, len - used, " %s", a->word[i]);
	}
	return out;
}

/* Fails the test, naming what each side lacks, unless a and b hold the same words. */
static void words_assert_equal(const struct test_words *a, const char *a_name,
			       const struct test_words *b, const char *b_name)
{
	char only_a[2048], only_b[2048];

	words_missing(a, b, only_a, sizeof only_a);
	words_missing(b, a, only_b, sizeof only_b);
	cr_assert(!only_a[0] && !only_b[0],
		  "only in %s:%s; only in %s:%s (a new option or built-in goes into --help, "
		  "man/ipcviz.1, man/zh_CN/ipcviz.1 and completion/ipcviz alike)",
		  a_name, only_a[0] ? only_a : " (none)", b_name, only_b[0] ? only_b : " (none)");
}

/* Every option in text: "-x" or "--name", at the start, after a space or one of
 * ( [ ' , and ended by anything but a letter, a digit or '-' ("round-trip" and
 * "+ - speed" are no options). */
static void options_of(const char *text, struct test_words *w)
{
	for (const char *p = text; *p; p++) {
		if (*p != '-' || (p > text && !strchr(" \t\n([',", p[-1])))
			continue;
		const char *q = p + 1;
		if (*q == '-')
			q++;
		size_t len = strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");
		if (len == 0 || (q == p + 1 && len != 1))
			continue;
		words_add(w, p, (size_t)(q - p) + len);
		p = q + len - 1;
	}
}

/* Runs ipcviz with args (NULL-terminated); its stdout, which the caller frees. */
static char *run_ipcviz(const char *const *args, int expect_status, char **errout)
{
	char *argv[16] = {IPCVIZ_BIN}, *out, *err;
	int n = 1, status;

	for (; *args && n < 15; args++)
		argv[n++] = (char *)*args;
	argv[n] = NULL;
	cr_assert_eq(support_run(argv, TEST_DEADLINE_S, &out, &err, &status), 0,
		     "ipcviz %s did not end within %.0f s", argv[1], TEST_DEADLINE_S);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == expect_status,
		  "ipcviz %s: status %d, not %d; stderr: %s", argv[1],
		  WIFEXITED(status) ? WEXITSTATUS(status) : -1, expect_status, err);
	if (errout)
		*errout = err;
	else
		free(err);
	return out;
}

/* The scenario file is refused with exactly one line that names it and says why. */
static void assert_refused(const char *path, const char *why)
{
	char *err;
	char expect[512];

	free(run_ipcviz((const char *[]){"--headless", path, NULL}, 2, &err));
	snprintf(expect, sizeof expect, "ipcviz: %s: cannot read: %s", path, why);
	cr_assert(strncmp(err, expect, strlen(expect)) == 0, "stderr: %s\nnot: %s", err, expect);
	cr_assert(strchr(err, '\n') == err + strlen(err) - 1, "not one line: %s", err);
	free(err);
}

/* The FIFO test's directory and FIFO, removed by its .fini even when it fails. */
static char test_fifo_dir[] = "/tmp/ipcviz-test-XXXXXX", test_fifo[64];

static void remove_fifo(void)
{
	unlink(test_fifo);
	rmdir(test_fifo_dir);
}

Test(install, fifo_device_or_directory_is_refused_at_once, .fini = remove_fifo)
{
	char *dir = test_fifo_dir, *fifo = test_fifo;
	const char *not_regular = "not a regular file";

	cr_assert_not_null(mkdtemp(dir));
	snprintf(fifo, sizeof test_fifo, "%s/lesson.ini", dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0, "mkfifo: %s", strerror(errno));
	/* Nobody ever opens the FIFO for writing: a blocking open would wait for ever
	 * (run_ipcviz's deadline would end it and fail the test). */
	assert_refused(fifo, not_regular);
	assert_refused("/dev/null", not_regular);
	assert_refused(dir, strerror(EISDIR));
	cr_assert_eq(support_children_left(), 0);
}

/* The licence's name as the first line of LICENSE gives it ("MIT License"). */
static char *licence_name(void)
{
	char *text = support_read_file(IPCVIZ_SOURCE_DIR "/LICENSE");
	char *end;

	cr_assert_not_null(text, "no LICENSE in the source");
	end = strstr(text, " License\n");
	cr_assert(end && !memchr(text, '\n', (size_t)(end - text)),
		  "LICENSE does not begin with 'NAME License'");
	*end = '\0';
	return text;
}

Test(install, version_names_the_licence_in_english_and_chinese)
{
	char *name = licence_name(), first[64], licence[128];
	char *out = run_ipcviz((const char *[]){"--version", NULL}, 0, NULL);

	snprintf(first, sizeof first, "ipcviz %s\n", IPCVIZ_VERSION);
	snprintf(licence, sizeof licence, "Licence: %s ", name);
	cr_assert(strncmp(out, first, strlen(first)) == 0, "--version: %s", out);
	cr_assert_not_null(strstr(out, licence), "--version does not say '%s': %s", licence, out);
	cr_assert_not_null(strstr(out, "no warranty"), "%s", out);
	free(out);

	setenv("LANG", "zh_CN.UTF-8", 1);
	out = run_ipcviz((const char *[]){"--version", NULL}, 0, NULL);
	snprintf(licence, sizeof licence, "许可证：%s", name);
	cr_assert(strncmp(out, first, strlen(first)) == 0, "--version: %s", out);
	cr_assert_not_null(strstr(out, licence), "--version in Chinese lacks '%s': %s", licence,
			   out);
	free(out);
	free(name);
}

/* A man page, and the titles of its sections that the tests read: English and
 * Chinese say the same. */
struct test_man_page {
	const char *path; /* under the source */
	const char *options, *bench, *explore, *export, *builtins, *user_commands;
};

static const struct test_man_page test_man_pages[] = {
	{"man/ipcviz.1", "OPTIONS", "BENCH", "EXPLORE", "EXPORT", "BUILT-IN SCENARIOS",
	 "User Commands"},
	{"man/zh_CN/ipcviz.1", "选项", "基准测试", "探索", "导出", "内置场景", "用户命令"},
};

static char *man_read(const char *path)
{
	char full[512];
	char *text;

	snprintf(full, sizeof full, "%s/%s", IPCVIZ_SOURCE_DIR, path);
	text = support_read_file(full);
	cr_assert_not_null(text, "no %s", path);
	return text;
}

/* The part of a man page from ".SH TITLE" to the next ".SH", roff's "\-"
 * unescaped to "-" (malloc'd). */
static char *man_section(const char *path, const char *title)
{
	char *man = man_read(path), *start, *end, *w;
	char heading[64];

	snprintf(heading, sizeof heading, "\n.SH %s\n", title);
	start = strstr(man, heading);
	cr_assert_not_null(start, "%s has no section %s", path, title);
	start += strlen(heading);
	end = strstr(start, "\n.SH ");
	if (end)
		end[1] = '\0';
	memmove(man, start, strlen(start) + 1);
	for (w = start = man; *start; start++) {
		if (start[0] == '\\' && start[1] == '-')
			start++;
		*w++ = *start;
	}
	*w = '\0';
	return man;
}

/* The options a man section documents: those on the tag line after each .TP. */
static void man_options(const char *path, const char *title, struct test_words *w)
{
	char *section = man_section(path, title);

	for (char *p = strstr(section, ".TP\n"); p; p = strstr(p, ".TP\n")) {
		p += 4;
		char *eol = strchr(p, '\n');
		if (eol)
			*eol = '\0';
		options_of(p, w);
		if (!eol)
			break;
		p = eol + 1;
	}
	free(section);
}

/* The options `ipcviz --help` names into help (with main_only, not those its
 * closing "Also: ipcviz bench …" lines name, which belong to the
 * subcommands), those of `ipcviz bench --help` into bench, those of `ipcviz
 * explore --help` into explore, those of `ipcviz export --help` into export. */
static void help_options(struct test_words *help, bool main_only, struct test_words *bench,
			 struct test_words *explore, struct test_words *export)
{
	char *out = run_ipcviz((const char *[]){"--help", NULL}, 0, NULL), *also;

	if (main_only && (also = strstr(out, "\nAlso: ")))
		also[1] = '\0';
	options_of(out, help);
	free(out);
	out = run_ipcviz((const char *[]){"export", "--help", NULL}, 0, NULL);
	options_of(out, export);
	free(out);
	out = run_ipcviz((const char *[]){"bench", "--help", NULL}, 0, NULL);
	options_of(out, bench);
	free(out);
	out = run_ipcviz((const char *[]){"explore", "--help", NULL}, 0, NULL);
	options_of(out, explore);
	free(out);
}

Test(install, man_pages_document_exactly_the_options_of_help)
{
	struct test_words help = {0}, man = {0};
	char where[128];

	help_options(&help, false, &help, &help, &help);
	cr_assert_gt(help.n, 10, "--help names only %d options", help.n);
	for (size_t i = 0; i < sizeof test_man_pages / sizeof test_man_pages[0]; i++) {
		const struct test_man_page *m = &test_man_pages[i];
		man_options(m->path, m->options, &man);
		man_options(m->path, m->bench, &man);
		man_options(m->path, m->explore, &man);
		man_options(m->path, m->export, &man);
		snprintf(where, sizeof where, "%s (%s, %s, %s, %s)", m->path, m->options, m->bench,
			 m->explore, m->export);
		words_assert_equal(&help, "--help", &man, where);
		words_free(&man);
	}
	words_free(&help);
}

/* The first word of each line of `ipcviz --list`. */
static void builtin_names(struct test_words *w)
{
	char *out = run_ipcviz((const char *[]){"--list", NULL}, 0, NULL);

	for (char *line = out; *line; line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != 0))
		words_add(w, line, strcspn(line, " \n"));
	free(out);
}

Test(install, man_pages_name_every_builtin_and_the_version)
{
	struct test_words list = {0}, man = {0};
	char th[128], where[128];

	builtin_names(&list);
	for (size_t i = 0; i < sizeof test_man_pages / sizeof test_man_pages[0]; i++) {
		const struct test_man_page *m = &test_man_pages[i];
		char *section = man_section(m->path, m->builtins), *page = man_read(m->path);

		/* The names are the words of its .BR lines, between commas. */
		for (char *line = strtok(section, "\n"); line; line = strtok(NULL, "\n")) {
			if (strncmp(line, ".BR ", 4) != 0)
				continue;
			for (char *p = line + 4; *p;) {
				p += strspn(p, " \",.");
				size_t len = strcspn(p, " \",.");
				if (len)
					words_add(&man, p, len);
				p += len;
			}
		}
		snprintf(where, sizeof where, "%s (%s)", m->path, m->builtins);
		words_assert_equal(&list, "ipcviz --list", &man, where);
		snprintf(th, sizeof th, "\n.TH IPCVIZ 1 ");
		cr_assert_not_null(strstr(page, th), "%s has no .TH line", m->path);
		snprintf(th, sizeof th, " \"ipcviz %s\" \"%s\"\n", IPCVIZ_VERSION, m->user_commands);
		cr_assert_not_null(strstr(page, th), "the .TH line of %s does not name ipcviz %s",
				   m->path, IPCVIZ_VERSION);
		free(section);
		free(page);
		words_free(&man);
	}
	words_free(&list);
}

/* What completion/ipcviz offers for the words typed (the last one being
 * completed), run in bash in an empty directory (so no file names come in). */
static void completions(const char *typed, struct test_words *w)
{
	char dir[] = "/tmp/ipcviz-test-XXXXXX", script[2048], *out, *err;
	char *argv[] = {"/bin/bash", "--norc", "--noprofile", "-c", script, NULL};
	int status, rc;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(script, sizeof script,
		 "cd %s && source %s/completion/ipcviz && COMP_WORDS=(%s %s) && "
		 "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _ipcviz && printf '%%s\\n' \"${COMPREPLY[@]}\"",
		 dir, IPCVIZ_SOURCE_DIR, IPCVIZ_BIN, typed);
	rc = support_run(argv, TEST_DEADLINE_S, &out, &err, &status);
	rmdir(dir);
	cr_assert_eq(rc, 0, "bash did not end within %.0f s", TEST_DEADLINE_S);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "bash: %s", err);
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
		words_add(w, line, strlen(line));
	free(out);
	free(err);
}

Test(install, completion_offers_the_options_of_help_and_the_builtins)
{
	struct test_words help = {0}, bench = {0}, explore = {0}, export = {0}, got = {0},
			  list = {0};

	/* the options of bench, explore and export are offered only after their word */
	help_options(&help, true, &bench, &explore, &export);
	completions("-", &got);
	words_assert_equal(&help, "ipcviz --help", &got, "completion of ipcviz -");
	words_free(&got);

	words_add(&bench, "--help", 6);
	completions("bench --", &got);
	words_assert_equal(&bench, "ipcviz bench --help", &got, "completion of ipcviz bench --");
	words_free(&got);

	words_add(&explore, "--help", 6);
	completions("explore --", &got);
	words_assert_equal(&explore, "ipcviz explore --help", &got,
			   "completion of ipcviz explore --");
	words_free(&got);

	words_add(&export, "--help", 6);
	completions("export -", &got);
	words_assert_equal(&export, "ipcviz export --help", &got, "completion of ipcviz export -");
	words_free(&got);

	completions("explore race-l", &got);
	cr_assert(got.n == 1 && strcmp(got.word[0], "race-locked") == 0,
		  "explore race-l: %d words", got.n);
	words_free(&got);

	builtin_names(&list);
	words_add(&list, "bench", 5);
	words_add(&list, "explore", 7);
	words_add(&list, "export", 6);
	completions("''", &got);
	words_assert_equal(&list, "ipcviz --list, bench, explore and export", &got,
			   "completion of ipcviz ''");
	words_free(&got);

	completions("--print pipe-f", &got);
	cr_assert(got.n == 1 && strcmp(got.word[0], "pipe-full") == 0, "--print pipe-f: %d words",
		  got.n);
	words_free(&got);
	words_free(&help);
	words_free(&bench);
	words_free(&explore);
	words_free(&export);
	words_free(&list);
}
