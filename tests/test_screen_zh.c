/* test_screen_zh.c - the screen in Chinese, and in English beside it: the real
 * program in a pseudo-terminal, read back cell by cell through libvterm. A
 * Chinese character takes two cells (libvterm gives the first a width of 2 and
 * marks the second as its continuation), so these tests look at columns, not
 * bytes: every box must close in the same column on each of its rows.
 *
 * The pty harness is term.c, with the language as a parameter. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vterm.h>

#include "scenario.h"
#include "scheduler.h"
#include "support.h"
#include "term.h"

#define TEST_DEADLINE_S 10.0
#define ZH "zh_CN.UTF-8"
#define EN "C.UTF-8"

/* After every test: the program gone, nothing of it left behind. */
static void test_fini(void)
{
	term_fini(true);
}

TestSuite(screen_zh, .init = term_init, .fini = test_fini, .timeout = 40);

#define expect_all(t, ...)                                                               \
	do {                                                                              \
		const char *needles_[] = {__VA_ARGS__, NULL};                             \
		cr_assert(term_wait_all((t), needles_, TEST_DEADLINE_S),                  \
			  "not all of it on the screen:\n%s", (t)->text);                \
	} while (0)

/* Presses q: the program must quit with status 0; frees the terminal. */
static void quit_and_close(struct term *t)
{
	cr_assert_eq(term_quit(t), 0, "ipcviz did not quit with status 0");
	term_close(t);
}

/* ---- reading cells ------------------------------------------------------------ */

/* Checks the box whose top-left corner is at (row, col): its left border runs
 * down to a bottom-left corner; its top-right corner (the first after it on the
 * top row, past the title) has a bottom-right corner below it, and the right
 * border (or a junction) in that column on every row between. Text that took
 * the wrong number of cells anywhere would push the border out of its column. */
static void check_box(struct term *t, int row, int col)
{
	int bottom = row + 1, right = col + 1;

	while (bottom < t->rows && (term_char(t, bottom, col) == L'│' ||
				    term_char(t, bottom, col) == L'├'))
		bottom++;
	cr_assert(term_char(t, bottom, col) == L'└', "box at %d,%d: no bottom-left corner:\n%s",
		  row, col, term_text(t));
	while (right < t->cols && term_char(t, row, right) != L'┐')
		right++;
	cr_assert(right < t->cols, "box at %d,%d: no top-right corner:\n%s", row, col,
		  term_text(t));
	cr_assert(term_char(t, bottom, right) == L'┘',
		  "box at %d,%d: the bottom-right corner is not in column %d:\n%s", row, col, right,
		  term_text(t));
	for (int r = row + 1; r < bottom; r++) {
		long c = term_char(t, r, right);
		cr_assert(c == L'│' || c == L'┤', "box at %d,%d: row %d has no border in column %d:\n%s",
			  row, col, r, right, term_text(t));
	}
}

/* Checks every box on the screen whose top-left corner is not covered; returns
 * how many there were. Also no wide character may be cut: each first half is
 * followed by its second. */
static int check_boxes(struct term *t)
{
	int boxes = 0;

	for (int r = 0; r < t->rows; r++)
		for (int c = 0; c < t->cols; c++) {
			VTermScreenCell cell;
			vterm_screen_get_cell(t->screen, (VTermPos){.row = r, .col = c}, &cell);
			if (cell.width == 2)
				cr_assert(term_char(t, r, c + 1) == -1, "half a character at %d,%d", r, c);
			if (term_char(t, r, c) == L'┌') {
				check_box(t, r, c);
				boxes++;
			}
		}
	return boxes;
}

/* The column (in cells) where `needle` starts on the screen, and its row; -1
 * if it is not there. */
static int find_cell(struct term *t, const char *needle, int *row)
{
	char line[2048];

	for (int r = 0; r < t->rows; r++) {
		VTermRect rect = {.start_row = r, .end_row = r + 1, .start_col = 0, .end_col = t->cols};
		size_t n = vterm_screen_get_text(t->screen, line, sizeof line - 1, rect);
		line[n] = '\0';
		char *at = strstr(line, needle);
		if (!at)
			continue;
		/* count the cells of the characters before it */
		int col = 0, chars = 0;
		for (const char *p = line; p < at; p++)
			chars += ((unsigned char)*p & 0xc0) != 0x80;
		for (int c = 0; c < t->cols && chars > 0; c++)
			if (term_char(t, r, c) != -1) {
				chars--;
				col = c + 1;
			}
		while (col < t->cols && term_char(t, r, col) == -1)
			col++;
		*row = r;
		return col;
	}
	return -1;
}

/* ---- runs ----------------------------------------------------------------------- */

static const char *step_keys(int n, const char *more)
{
	static char keys[600];

	cr_assert(n + strlen(more) < sizeof keys);
	memset(keys, 'n', (size_t)n);
	snprintf(keys + n, sizeof keys - (size_t)n, "%s", more);
	return keys;
}

/* The first screen of the queue in `lang` at rows x cols: the words of that
 * language and every box closed in its own column. */
static void first_screen(const char *lang, int rows, int cols)
{
	struct term t;
	const char *args[] = {"--paused", NULL};
	bool zh = strcmp(lang, ZH) == 0;

	term_start(&t, rows, cols, NULL, lang, 0, args);
	if (zh)
		expect_all(&t, "消息队列：生产者每 1 秒一次", "POSIX 消息队列", "容量 10 条消息",
			   "消息队列：10 个槽位", "等待轮到自己", "事件", "已暂停", "退出");
	else
		expect_all(&t, "Queue: producer every 1 s", "POSIX message queue", "capacity 10",
			   "message queue: 10 slots", "waiting its turn", "Events", "PAUSED", "quit");
	term_settle(&t, 150);
	cr_assert_geq(check_boxes(&t), 3, "expected two actors' boxes and the log:\n%s", t.text);
	quit_and_close(&t);
}

Test(screen_zh, first_screen_in_chinese_80x24)
{
	first_screen(ZH, 24, 80);
}

Test(screen_zh, first_screen_in_chinese_100x30)
{
	first_screen(ZH, 30, 100);
}

Test(screen_zh, first_screen_in_english_80x24)
{
	first_screen(EN, 24, 80);
}

Test(screen_zh, first_screen_in_english_100x30)
{
	first_screen(EN, 30, 100);
}

/* pipe-full stepped until the producer sleeps on the full pipe: 阻塞 in its box,
 * the explanation in Chinese, at both sizes. */
static void blocked_screen(int rows, int cols)
{
	struct term t;
	int n = term_steps_until("pipe-full", term_producer_blocked);
	const char *args[] = {"--paused", "--keys", step_keys(n, ""), "pipe-full", NULL};

	term_start(&t, rows, cols, NULL, ZH, 0, args);
	expect_all(&t, "管道已满：生产者阻塞", "阻塞", "在 write 中：满", "待放入", "4/4", "已满",
		   "已暂停", "阻塞于 write：管道已满（4/4）");
	term_settle(&t, 150);
	cr_assert_geq(check_boxes(&t), 3, "%s", t.text);
	term_keys(&t, "e");
	expect_all(&t, "解释：producer-1", "正在内核中睡眠", "write(2)");
	term_settle(&t, 150);
	cr_assert_geq(check_boxes(&t), 3, "%s", t.text);
	quit_and_close(&t);
}

Test(screen_zh, pipe_full_stepped_to_blocked_80x24)
{
	blocked_screen(24, 80);
}

Test(screen_zh, pipe_full_stepped_to_blocked_100x30)
{
	blocked_screen(30, 100);
}

/* The help overlay in Chinese: its own box closed in one column, on top of the
 * others; then closed again. */
static void help_screen(int rows, int cols)
{
	struct term t;
	const char *args[] = {"--paused", "pipe-full", NULL};
	int row, col;

	term_start(&t, rows, cols, NULL, ZH, 0, args);
	expect_all(&t, "事件");
	term_keys(&t, "?");
	expect_all(&t, "帮助：按键", "暂停 / 继续", "杀死第一个还活着的消费者", "按 ? 或 Esc 关闭",
		   "阻塞", "等待通道");
	term_settle(&t, 150);
	col = find_cell(&t, "帮助：按键", &row);
	cr_assert(col > 2, "no help title:\n%s", t.text);
	cr_assert_eq(term_char(&t, row, col - 2), L'┌', "help title not on its box:\n%s", t.text);
	check_box(&t, row, col - 2);
	term_keys(&t, "?");
	double end = term_now() + TEST_DEADLINE_S;
	while (strstr(term_text(&t), "帮助：按键") && term_now() < end)
		term_pump(&t, 50);
	cr_assert(!strstr(t.text, "帮助：按键"), "help still open:\n%s", t.text);
	term_settle(&t, 150);
	cr_assert_geq(check_boxes(&t), 3, "%s", t.text);
	quit_and_close(&t);
}

Test(screen_zh, help_overlay_in_chinese_80x24)
{
	help_screen(24, 80);
}

Test(screen_zh, help_overlay_in_chinese_100x30)
{
	help_screen(30, 100);
}

/* Items travel across the stage over Chinese text; drawing one over half of a
 * character once shifted the rest of that row on the terminal (the kernel's
 * count read "内 ：34 条消息"). After the steps, the row must read right. */
Test(screen_zh, an_item_passing_over_chinese_text_leaves_it_whole)
{
	struct term t;
	const char *args[] = {"--paused", "--keys", "nnnnnnnnnnnn", "queue-many", NULL};

	term_start(&t, 24, 80, NULL, ZH, 0, args);
	expect_all(&t, "内核：4 条消息（mq_curmsgs）", "4/4  已满");
	term_settle(&t, 300);
	expect_all(&t, "内核：4 条消息（mq_curmsgs）");
	check_boxes(&t);
	quit_and_close(&t);
}

/* The end of a run in Chinese: the summary wrapped inside the log's box. */
Test(screen_zh, the_end_in_chinese)
{
	struct term t;
	const char *args[] = {"--speed", "max", "shm-overwrite", NULL};

	term_start(&t, 24, 80, NULL, ZH, 0, args);
	expect_all(&t, "已结束", "结束", "1、2、3、5、6、7", "共享变量：一个内存单元", "按 r 重新运行");
	term_settle(&t, 150);
	cr_assert_eq(check_boxes(&t), 4, "two boxes, the shared value's cell and the log:\n%s",
		     t.text);
	quit_and_close(&t);
}

/* A scenario written in Chinese (title, note, comments) shows as written, in
 * either language; its boxes still close. */
Test(screen_zh, a_scenario_written_in_chinese)
{
	char path[64];
	static const char ini[] =
		"; 中文注释：一个很慢的消费者\n"
		"[scenario]\n"
		"title    = 管道实验：慢消费者 ; 行尾注释\n"
		"channel  = pipe\n"
		"capacity = 4\n"
		"[producer]\n"
		"values   = 0..5\n"
		"interval = 0.5s\n"
		"[consumer]\n"
		"interval = 2s\n"
		"stop     = 5\n"
		"[script]\n"
		"do = 0s note 注意看：生产者很快就会阻塞。\n";
	const char *langs[] = {ZH, EN};

	support_temp_scenario(ini, path, sizeof path);
	for (int i = 0; i < 2; i++) {
		struct term t;
		const char *args[] = {"--paused", "--keys", "n", path, NULL};
		term_start(&t, 24, 80, NULL, langs[i], 0, args);
		expect_all(&t, "管道实验：慢消费者", "注意看：生产者很快就会阻塞。");
		cr_assert(!strstr(t.text, "行尾注释"), "a comment shown:\n%s", t.text);
		term_settle(&t, 150);
		cr_assert_geq(check_boxes(&t), 3, "%s", t.text);
		quit_and_close(&t);
	}
	unlink(path);
}

/* The code pane in Chinese at 80x24: the comments translated, the blocked
 * producer's write marked with 阻塞 after its name, the boxes whole. */
Test(screen_zh, code_pane_at_80x24)
{
	struct term t;
	int n = term_steps_until("pipe-full", term_producer_blocked);
	const char *args[] = {"--paused", "--keys", step_keys(n, "c"), "pipe-full", NULL};

	term_start(&t, 24, 80, NULL, ZH, 0, args);
	expect_all(&t, "代码：C", "write(fd, &item, 4096)", "producer-1 阻塞");
	term_settle(&t, 150);
	cr_assert_geq(check_boxes(&t), 3, "%s", t.text);
	quit_and_close(&t);
}
