/* test_i18n.c - ipcviz in Chinese and in English: the real program run with
 * LANG=zh_CN.UTF-8 (LANGUAGE and LC_* unset) and LANG=C.UTF-8, its words checked,
 * and the headless timeline's columns measured in terminal cells (wcswidth), not
 * bytes. Also: every built-in title and note is translated, and a scenario
 * written in Chinese is shown as written. */
#include <criterion/criterion.h>

#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include "scenario.h"
#include "support.h"

#define TEST_DEADLINE_S 30.0
#define ZH "zh_CN.UTF-8"
#define EN "C.UTF-8"
/* describe.c's columns: the time in 8 cells, 2 spaces, the actor in 12 (or the
 * widest name), 2 spaces, then the sentence; the fill 2 cells after a sentence
 * padded to 41. */
#define TEST_SENTENCE_COLS 41

static void test_init(void)
{
	support_adopt_orphans();
	cr_assert_not_null(setlocale(LC_ALL, EN), "no C.UTF-8 locale");
}

TestSuite(i18n, .init = test_init, .timeout = 60);

/* Runs ipcviz with args in the locale `lang`; its stdout, stderr and exit code. */
static int run_in(const char *lang, const char *language, char *const *args, char **out,
		  char **err)
{
	char *argv[16] = {IPCVIZ_BIN};
	int n = 1, status;

	for (; *args && n < 15; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	setenv("LANG", lang, 1);
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LC_CTYPE");
	if (language)
		setenv("LANGUAGE", language, 1);
	else
		unsetenv("LANGUAGE");
	cr_assert(support_run(argv, TEST_DEADLINE_S, out, err, &status) == 0, "ipcviz timed out");
	cr_assert(WIFEXITED(status), "ipcviz died: status %d", status);
	return WEXITSTATUS(status);
}

/* Display width of the first `bytes` bytes of s, in the test's C.UTF-8. */
static int cells_of(const char *s, size_t bytes)
{
	wchar_t w[1024];
	char part[4096];

	cr_assert(bytes < sizeof part);
	memcpy(part, s, bytes);
	part[bytes] = '\0';
	size_t n = mbstowcs(w, part, sizeof w / sizeof w[0]);
	cr_assert(n != (size_t)-1, "not UTF-8: %s", part);
	int width = wcswidth(w, n);
	cr_assert(width >= 0, "unprintable: %s", part);
	return width;
}

/* Checks the columns of every timeline line of a headless run: the sentence of
 * each line starts in the same cell, and where the fill [n/m] ends a line it
 * stands 2 cells after the sentence padded to 41 cells. Returns the lines seen. */
static int check_timeline(const char *out)
{
	int lines = 0, sentence_col = -1;
	char *copy = strdup(out), *save = NULL;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		double t;
		int at = 0;
		char actor[64];
		/* "   2.000  actor…": the time right-aligned in 8 cells with 3 decimals */
		if (strlen(line) < 12 || line[4] != '.' || strncmp(line + 8, "  ", 2) != 0)
			continue; /* the title, the summary */
		if (sscanf(line, " %lf %63s %n", &t, actor, &at) != 2 || at == 0)
			continue;
		lines++;
		int col = cells_of(line, (size_t)at);
		if (sentence_col < 0)
			sentence_col = col;
		cr_assert_eq(col, sentence_col, "the sentence starts in cell %d, not %d:\n%s", col,
			     sentence_col, line);
		char *fill = strrchr(line, '[');
		int a, b;
		if (!fill || sscanf(fill, "[%d/%d]", &a, &b) != 2 || fill - line <= at)
			continue;
		size_t end = (size_t)(fill - line);
		while (end > (size_t)at && line[end - 1] == ' ')
			end--;
		int sentence = cells_of(line, end) - col;
		int want = col + (sentence > TEST_SENTENCE_COLS ? sentence : TEST_SENTENCE_COLS) + 2;
		cr_assert_eq(cells_of(line, (size_t)(fill - line)), want,
			     "the fill is not in cell %d:\n%s", want, line);
	}
	free(copy);
	return lines;
}

Test(i18n, help_in_chinese)
{
	char *out, *err;
	char *args[] = {"--help", NULL};

	cr_assert_eq(run_in(ZH, NULL, args, &out, &err), 0);
	cr_assert(strstr(out, "用法：ipcviz [选项] [场景]"), "%s", out);
	cr_assert(strstr(out, "--headless      不用界面"), "options keep their column:\n%s", out);
	cr_assert(strstr(out, "q 退出"), "%s", out);
	free(out);
	free(err);
	cr_assert_eq(run_in(EN, NULL, args, &out, &err), 0);
	cr_assert(strstr(out, "Usage: ipcviz [OPTIONS] [SCENARIO]"), "%s", out);
	free(out);
	free(err);
}

Test(i18n, a_usage_error_in_chinese)
{
	char *out, *err;
	char *args[] = {"--bogus", NULL};

	cr_assert_eq(run_in(ZH, NULL, args, &out, &err), 2);
	cr_assert(strstr(err, "ipcviz: 未知选项 '--bogus'（参见 ipcviz --help）"), "%s", err);
	cr_assert_eq(strchr(err, '\n'), err + strlen(err) - 1, "not one line: %s", err);
	free(out);
	free(err);
	char *speed[] = {"--speed", "fast", NULL};
	cr_assert_eq(run_in(ZH, NULL, speed, &out, &err), 2);
	cr_assert(strstr(err, "--speed：'fast' 既不是"), "%s", err);
	free(out);
	free(err);
}

Test(i18n, language_overrides_lang)
{
	char *out, *err;
	char *args[] = {"--help", NULL};

	/* LANGUAGE picks the messages' language; English has no catalogue: msgids */
	cr_assert_eq(run_in(ZH, "en", args, &out, &err), 0);
	cr_assert(strstr(out, "Usage: ipcviz"), "%s", out);
	free(out);
	free(err);
}

Test(i18n, headless_pipe_full_in_chinese_lines_up)
{
	char *out, *err;
	char *args[] = {"--headless", "--speed", "max", "pipe-full", NULL};

	cr_assert_eq(run_in(ZH, NULL, args, &out, &err), 0, "%s", err);
	cr_assert(!strncmp(out, "管道已满：生产者阻塞\n", strlen("管道已满：生产者阻塞\n")), "%s", out);
	cr_assert(strstr(out, "producer-1    把 0 放入管道"), "%s", out);
	cr_assert(strstr(out, "阻塞于 write：管道已满（4/4），待放入 6"), "%s", out);
	cr_assert(strstr(out, "内核：状态 S，等待于 anon_pipe_write，系统调用 write，管道中有 16384 字节"),
		  "%s", out);
	cr_assert(strstr(out, "共有 12 个数据项经过管道（放入 12 个，取出 12 个）"), "%s", out);
	cr_assert(strstr(out, "producer-1 阻塞了 6 次：管道已满。"), "%s", out);
	cr_assert_gt(check_timeline(out), 40, "%s", out);
	free(out);
	free(err);
}

Test(i18n, headless_pipe_full_in_english_lines_up_the_same)
{
	char *out, *err;
	char *args[] = {"--headless", "--speed", "max", "pipe-full", NULL};

	cr_assert_eq(run_in(EN, NULL, args, &out, &err), 0, "%s", err);
	cr_assert(strstr(out, "BLOCKED in write: the pipe is full (4/4)"), "%s", out);
	cr_assert_gt(check_timeline(out), 40, "%s", out);
	free(out);
	free(err);
}

Test(i18n, headless_summaries_in_chinese)
{
	char *out, *err;
	char *shm[] = {"--headless", "--speed", "max", "shm-overwrite", NULL};
	char *kill[] = {"--headless", "--speed", "max", "pipe-kill", NULL};

	cr_assert_eq(run_in(ZH, NULL, shm, &out, &err), 0, "%s", err);
	cr_assert(strstr(out, "有 6 个值还没被读取就被覆盖了：1、2、3、5、6、7。\n"), "%s", out);
	check_timeline(out);
	free(out);
	free(err);
	cr_assert_eq(run_in(ZH, NULL, kill, &out, &err), 0, "%s", err);
	cr_assert(strstr(out, "故障注入：杀死 consumer-1"), "%s", out);
	cr_assert(strstr(out, "说明：读者已经不在了。"), "the built-in note untranslated:\n%s", out);
	cr_assert(strstr(out, "错误：write 失败，返回 EPIPE"), "%s", out);
	check_timeline(out);
	free(out);
	free(err);
}

/* Every title and note of the built-in scenarios has a translation: what
 * po/update-pot took from the scenario files is what the parser reads. */
Test(i18n, every_builtin_title_and_note_is_translated)
{
	size_t n;
	const struct scenario_builtin *b = scenario_builtins(&n);
	char err[512];

	cr_assert_not_null(setlocale(LC_ALL, ZH), "no zh_CN.UTF-8 locale (scripts/setup makes it)");
	unsetenv("LANGUAGE");
	bindtextdomain("ipcviz", IPCVIZ_LOCALEDIR);
	bind_textdomain_codeset("ipcviz", "UTF-8");
	textdomain("ipcviz");
	for (size_t i = 0; i < n; i++) {
		struct scenario sc;
		cr_assert(scenario_parse(b[i].text, b[i].name, &sc, err, sizeof err) == 0, "%s", err);
		cr_assert(sc.title && strcmp(gettext(sc.title), sc.title) != 0,
			  "%s: the title \"%s\" has no translation", b[i].name, sc.title);
		for (size_t a = 0; a < sc.nactions; a++)
			if (sc.actions[a].kind == ACTION_NOTE)
				cr_assert(strcmp(gettext(sc.actions[a].text), sc.actions[a].text) != 0,
					  "%s: the note \"%s\" has no translation", b[i].name,
					  sc.actions[a].text);
		scenario_free(&sc);
	}
	setlocale(LC_ALL, EN);
}

/* A scenario file written in Chinese: title, note and comments come out as
 * written, in either language, and the timeline still lines up. */
Test(i18n, a_scenario_written_in_chinese)
{
	char path[64];
	static const char ini[] =
		"; 中文注释：生产者快，消费者慢\n"
		"[scenario]\n"
		"title    = 消息队列实验：慢消费者 ; 行尾注释\n"
		"channel  = queue\n"
		"capacity = 2            ; 两个槽位\n"
		"[producer]\n"
		"values   = 0..3\n"
		"interval = 0.5s\n"
		"[consumer]\n"
		"interval = 2s\n"
		"stop     = 3\n"
		"[script]\n"
		"do = 1s note 注意看：队列满了，生产者阻塞。\n";
	const char *langs[] = {ZH, EN};
	const char *notes[] = {"说明：注意看：队列满了，生产者阻塞。", "note: 注意看：队列满了，生产者阻塞。"};

	support_temp_scenario(ini, path, sizeof path);
	for (int i = 0; i < 2; i++) {
		char *out, *err;
		char *args[] = {"--headless", "--speed", "max", path, NULL};
		cr_assert_eq(run_in(langs[i], NULL, args, &out, &err), 0, "%s", err);
		cr_assert(!strncmp(out, "消息队列实验：慢消费者\n", strlen("消息队列实验：慢消费者\n")),
			  "%s", out);
		cr_assert(strstr(out, notes[i]), "%s", out);
		cr_assert(!strstr(out, "注释"), "a comment shown:\n%s", out);
		cr_assert_gt(check_timeline(out), 10, "%s", out);
		free(out);
		free(err);
	}
	unlink(path);
}
