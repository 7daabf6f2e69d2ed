/* test_cast.c - asciicast v2 recordings: the writer on its own (escaping,
 * UTF-8 cut across writes, monotonic times), and --record on the real program
 * in a pseudo-terminal, whose cast played into libvterm must end on the screen
 * the program left. Waits are for what is drawn, with deadlines. */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vterm.h>

#include <cjson/cJSON.h>

#include "cast.h"
#include "scenario.h"
#include "scheduler.h"
#include "support.h"
#include "term.h"

#define TEST_DEADLINE_S 10.0
#define TEST_ROWS 24
#define TEST_COLS 80

static void test_fini(void)
{
	term_fini(false);
}

TestSuite(cast, .init = term_init, .fini = test_fini, .timeout = 60);

/* ---- the cast file, read back ------------------------------------------------------ */

struct cast_file {
	cJSON *header;
	cJSON **events;
	int n;
};

/* Parses every line of a cast file with cJSON; asserts each is JSON. */
static void cast_read(const char *path, struct cast_file *c)
{
	char *text = support_read_file(path), *line, *save = NULL;
	int cap = 0;

	cr_assert(text, "no cast file at %s", path);
	memset(c, 0, sizeof *c);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		cJSON *j = cJSON_Parse(line);
		cr_assert(j, "not JSON: %s", line);
		if (!c->header) {
			c->header = j;
			continue;
		}
		if (c->n == cap) {
			cap = cap ? cap * 2 : 256;
			c->events = realloc(c->events, (size_t)cap * sizeof *c->events);
			cr_assert(c->events);
		}
		c->events[c->n++] = j;
	}
	free(text);
	cr_assert(c->header, "an empty cast");
}

static void cast_free_file(struct cast_file *c)
{
	cJSON_Delete(c->header);
	for (int i = 0; i < c->n; i++)
		cJSON_Delete(c->events[i]);
	free(c->events);
}

/* Every event is [time, code, string] with times that never go backwards. */
static void cast_check_events(const struct cast_file *c)
{
	double last = 0;

	for (int i = 0; i < c->n; i++) {
		const cJSON *e = c->events[i];
		cr_assert(cJSON_IsArray(e) && cJSON_GetArraySize(e) == 3, "event %d is not a triple", i);
		const cJSON *t = cJSON_GetArrayItem(e, 0), *code = cJSON_GetArrayItem(e, 1),
			    *data = cJSON_GetArrayItem(e, 2);
		cr_assert(cJSON_IsNumber(t) && cJSON_IsString(code) && cJSON_IsString(data));
		cr_assert_geq(t->valuedouble, last, "time goes back at event %d", i);
		cr_assert(strchr("orm", code->valuestring[0]) && !code->valuestring[1],
			  "unknown code %s", code->valuestring);
		last = t->valuedouble;
	}
}

static const char *cast_code(const struct cast_file *c, int i)
{
	return cJSON_GetArrayItem(c->events[i], 1)->valuestring;
}

static const char *cast_data(const struct cast_file *c, int i)
{
	return cJSON_GetArrayItem(c->events[i], 2)->valuestring;
}

static const char *test_cast_path(const char *name)
{
	static char path[256];

	snprintf(path, sizeof path, "/tmp/ipcviz-test-%d-%s.cast", (int)getpid(), name);
	unlink(path);
	return path;
}

/* ---- the writer -------------------------------------------------------------------- */

Test(cast, header_events_and_escaping)
{
	const char *path = test_cast_path("unit");
	FILE *f = fopen(path, "w");
	char err[256];
	struct cast_file c;

	cr_assert(f);
	setenv("TERM", "xterm-256color", 1);
	setenv("SHELL", "/bin/sh", 1);
	struct cast *k = cast_create(f, 100, 30, "A \"title\"", NULL, err, sizeof err);
	cr_assert(k, "%s", err);
	cr_assert_eq(cast_output(k, "\x1b[1;31mred\x1b[0m\r\n\t\"q\" \\", 22), 0);
	cr_assert_eq(cast_resize(k, 120, 40), 0);
	cr_assert_eq(cast_marker(k, "producer-1 BLOCKED in write: the pipe is full"), 0);
	cr_assert_eq(cast_events(k), 3);
	cr_assert_eq(cast_close(k, err, sizeof err), 0, "%s", err);

	cast_read(path, &c);
	cr_assert_eq(cJSON_GetObjectItem(c.header, "version")->valueint, 2);
	cr_assert_eq(cJSON_GetObjectItem(c.header, "width")->valueint, 100);
	cr_assert_eq(cJSON_GetObjectItem(c.header, "height")->valueint, 30);
	cr_assert_gt(cJSON_GetObjectItem(c.header, "timestamp")->valuedouble, 1.6e9);
	cr_assert_str_eq(cJSON_GetObjectItem(c.header, "title")->valuestring, "A \"title\"");
	cJSON *env = cJSON_GetObjectItem(c.header, "env");
	cr_assert_str_eq(cJSON_GetObjectItem(env, "TERM")->valuestring, "xterm-256color");
	cr_assert_str_eq(cJSON_GetObjectItem(env, "SHELL")->valuestring, "/bin/sh");
	cast_check_events(&c);
	cr_assert_eq(c.n, 3);
	cr_assert_str_eq(cast_code(&c, 0), "o");
	cr_assert_str_eq(cast_data(&c, 0), "\x1b[1;31mred\x1b[0m\r\n\t\"q\" \\");
	cr_assert_str_eq(cast_code(&c, 1), "r");
	cr_assert_str_eq(cast_data(&c, 1), "120x40");
	cr_assert_str_eq(cast_code(&c, 2), "m");
	cr_assert_str_eq(cast_data(&c, 2), "producer-1 BLOCKED in write: the pipe is full");
	cast_free_file(&c);
	unlink(path);
}

/* A character cut between two writes is held back and written whole; bytes
 * that are no UTF-8 at all become U+FFFD; the file stays valid UTF-8. */
Test(cast, utf8_cut_across_writes_stays_whole)
{
	const char *path = test_cast_path("utf8");
	char err[256];
	struct cast_file c;
	struct cast *k = cast_create(fopen(path, "w"), 80, 24, NULL, NULL, err, sizeof err);

	cr_assert(k, "%s", err);
	cr_assert_eq(cast_output(k, "ab\xe2\x94", 4), 0);     /* "─" cut after 2 of 3 bytes */
	cr_assert_eq(cast_output(k, "\x80" "cd\xe4", 4), 0);  /* its end; "中" begins */
	cr_assert_eq(cast_output(k, "\xb8", 1), 0);           /* still not whole: nothing */
	cr_assert_eq(cast_output(k, "\xad", 1), 0);           /* "中" */
	cr_assert_eq(cast_output(k, "x\xffy\xc0\xafz", 6), 0); /* invalid, overlong */
	cr_assert_eq(cast_output(k, "end\xf0\x9f", 5), 0);     /* cut, never finished */
	cr_assert_eq(cast_close(k, err, sizeof err), 0);

	cast_read(path, &c);
	cast_check_events(&c);
	cr_assert_eq(c.n, 6, "%d events", c.n);
	cr_assert_str_eq(cast_data(&c, 0), "ab");
	cr_assert_str_eq(cast_data(&c, 1), "─cd");
	cr_assert_str_eq(cast_data(&c, 2), "中");
	cr_assert_str_eq(cast_data(&c, 3), "x\xef\xbf\xbdy\xef\xbf\xbd\xef\xbf\xbdz");
	cr_assert_str_eq(cast_data(&c, 4), "end");
	cr_assert_str_eq(cast_data(&c, 5), "\xef\xbf\xbd"); /* the cut one, at the close */
	cast_free_file(&c);
	unlink(path);
}

/* ---- the program in a pseudo-terminal --------------------------------------------------- */


/* A terminal emulator without the alternate screen: the program's last frame
 * stays on it after the program ends, and can be compared. */
static void vt_open(VTerm **vt, VTermScreen **screen)
{
	*vt = vterm_new(TEST_ROWS, TEST_COLS);
	vterm_set_utf8(*vt, 1);
	*screen = vterm_obtain_screen(*vt);
	vterm_screen_enable_altscreen(*screen, 0);
	vterm_screen_reset(*screen, 1);
}

static const char *vt_text(VTermScreen *screen, char *buf, size_t len)
{
	size_t at = 0;

	for (int r = 0; r < TEST_ROWS && at + TEST_COLS * 4 + 2 < len; r++) {
		VTermRect rect = {.start_row = r, .end_row = r + 1, .start_col = 0, .end_col = TEST_COLS};
		at += vterm_screen_get_text(screen, buf + at, len - at - 2, rect);
		buf[at++] = '\n';
	}
	buf[at] = '\0';
	return buf;
}

Test(cast, a_recorded_lesson_plays_back_to_the_same_screen)
{
	const char *path = test_cast_path("lesson");
	char keys[128], played[16384];
	int n = term_steps_until("pipe-full", term_producer_blocked);
	struct term t;
	struct cast_file c;
	VTerm *vt;
	VTermScreen *screen;
	bool blocked_mark = false, put_mark = false;

	memset(keys, 'n', (size_t)n);
	keys[n] = '\0';
	const char *args[] = {"--paused", "--keys", keys, "--record", path, "pipe-full", NULL};
	term_start(&t, TEST_ROWS, TEST_COLS, NULL, NULL, TERM_MAIN_SCREEN, args);
	cr_assert(term_wait_for(&t, "BLOCKED"), "never BLOCKED:\n%s", t.text);
	cr_assert(term_wait_for(&t, "4/4  FULL"), "not full:\n%s", t.text);
	cr_assert_eq(write(t.master, "q", 1), 1);
	cr_assert_eq(term_wait_exit(&t, TEST_DEADLINE_S), 0, "ipcviz did not quit with status 0");
	term_text(&t);

	cast_read(path, &c);
	cr_assert_eq(cJSON_GetObjectItem(c.header, "version")->valueint, 2);
	cr_assert_eq(cJSON_GetObjectItem(c.header, "width")->valueint, TEST_COLS);
	cr_assert_eq(cJSON_GetObjectItem(c.header, "height")->valueint, TEST_ROWS);
	cr_assert(cJSON_IsNumber(cJSON_GetObjectItem(c.header, "timestamp")));
	cr_assert_str_eq(cJSON_GetObjectItem(c.header, "title")->valuestring,
			 "Full pipe: the producer blocks");
	cr_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(c.header, "env"), "TERM")->valuestring,
			 "xterm-256color");
	/* the lesson for the page ipcviz export makes: the scenario and its comments */
	const cJSON *ours = cJSON_GetObjectItem(c.header, "ipcviz");
	cr_assert(cJSON_IsObject(ours), "no \"ipcviz\" object in the header");
	cr_assert_str_eq(cJSON_GetObjectItem(ours, "version")->valuestring, IPCVIZ_VERSION);
	cr_assert_str_eq(cJSON_GetObjectItem(ours, "scenario")->valuestring, "pipe-full");
	const char *comments = cJSON_GetObjectItem(ours, "comments")->valuestring;
	cr_assert(strncmp(comments, "pipe-full - a fast writer fills a small pipe", 44) == 0,
		  "%s", comments);
	cr_assert(strstr(comments, "\n\nWhat to watch: once 4 values are in the pipe"), "%s",
		  comments);
	cr_assert(comments[0] != ';' && !strstr(comments, "\n;"), "a comment's ';' was kept: %s",
		  comments);
	cast_check_events(&c);
	vt_open(&vt, &screen);
	for (int i = 0; i < c.n; i++) {
		const char *data = cast_data(&c, i);
		if (strcmp(cast_code(&c, i), "o") == 0)
			vterm_input_write(vt, data, strlen(data));
		else if (strcmp(cast_code(&c, i), "m") == 0) {
			blocked_mark |= strstr(data, "producer-1 BLOCKED in write") != NULL;
			put_mark |= strstr(data, "producer-1 put 0 into the pipe") != NULL;
		}
	}
	cr_assert(blocked_mark, "no marker says the producer blocked");
	cr_assert(put_mark, "no marker for the first put");
	vt_text(screen, played, sizeof played);
	cr_assert(strstr(played, "BLOCKED"), "the cast does not show the blocked producer:\n%s",
		  played);
	cr_assert_str_eq(played, t.text, "the cast ends on another screen than the program's");
	vterm_free(vt);
	cast_free_file(&c);
	term_close(&t);
	unlink(path);
}

/* A cast is never written through a symlink, nor over a file without --force:
 * one line says why, status 2, and no process was started. */
Test(cast, record_refuses_a_symlink_and_an_existing_file)
{
	const char *path = test_cast_path("link");
	const char *args[] = {"--record", path, "queue", NULL};
	struct term t;

	cr_assert_eq(symlink("/tmp/ipcviz-test-target", path), 0);
	term_start(&t, TEST_ROWS, TEST_COLS, NULL, NULL, TERM_MAIN_SCREEN, args);
	cr_assert_eq(term_wait_exit(&t, TEST_DEADLINE_S), 2);
	term_text(&t); /* without --force a link is "exists" */
	cr_assert(strstr(t.text, "symbolic link") || strstr(t.text, "exists"), "%s", t.text);
	term_close(&t);
	cr_assert(access("/tmp/ipcviz-test-target", F_OK) != 0, "wrote through the symlink");
	unlink(path);

	cr_assert_eq(close(open(path, O_WRONLY | O_CREAT, 0644)), 0);
	term_start(&t, TEST_ROWS, TEST_COLS, NULL, NULL, TERM_MAIN_SCREEN, args);
	cr_assert_eq(term_wait_exit(&t, TEST_DEADLINE_S), 2);
	cr_assert(strstr(term_text(&t), "--force"), "%s", t.text);
	term_close(&t);
	cr_assert_eq(support_children_left(), 0);
	unlink(path);
}