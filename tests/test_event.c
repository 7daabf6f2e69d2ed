/* test_event.c - the trace format byte for byte (DESIGN section 5), the round
 * trip writer -> reader (and, for every field of the table, the history), and
 * the reader's answer to broken or hostile input. */
#include <criterion/criterion.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "history.h"
#include "model.h"
#include "support.h"

static struct trace_actor two_actors[] = {
	{ "producer-1", ROLE_PRODUCER, 4243 },
	{ "consumer-1", ROLE_CONSUMER, 4244 },
};

static struct trace_header queue_header(void)
{
	struct trace_header h;

	memset(&h, 0, sizeof h);
	strcpy(h.scenario, "queue");
	strcpy(h.channel, "queue");
	h.capacity = 10;
	h.nactors = 2;
	h.actors = two_actors;
	return h;
}

/* What trace_write_event prints for ev, without the newline. */
static char *event_line(const struct trace_header *h, const struct event *ev)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(trace_write_event(f, h, ev), 0);
	fclose(f);
	cr_assert(len > 0 && buf[len - 1] == '\n', "one line ending in a newline");
	cr_assert_null(memchr(buf, '\n', len - 1), "exactly one line");
	buf[len - 1] = '\0';
	return buf;
}

static void expect_line(const struct trace_header *h, const struct event *ev,
			const char *want)
{
	char *got = event_line(h, ev);
	cr_expect_str_eq(got, want);
	free(got);
}

/* Reads a trace held in a string. */
static int read_text(const char *text, size_t len, struct trace_header *h,
		     struct event **evs, size_t *n, char *err, size_t errlen)
{
	FILE *f = fmemopen((void *)text, len, "r");
	int rc;

	cr_assert_not_null(f);
	rc = trace_read(f, "x.trace", h, evs, n, err, errlen);
	fclose(f);
	return rc;
}

static const char *header_line =
	"{\"ipcviz\":1,\"scenario\":\"queue\",\"channel\":\"queue\",\"capacity\":10,"
	"\"actors\":[{\"name\":\"producer-1\",\"role\":\"producer\",\"pid\":4243},"
	"{\"name\":\"consumer-1\",\"role\":\"consumer\",\"pid\":4244}]}\n";

/* Expects trace_read of header_line + body to fail with exactly `want`. */
static void expect_read_error(const char *body, const char *want)
{
	size_t hl = strlen(header_line), bl = strlen(body);
	char *text = malloc(hl + bl + 1);
	struct trace_header h;
	struct event *evs;
	size_t n;
	char err[256];

	memcpy(text, header_line, hl);
	memcpy(text + hl, body, bl + 1);
	cr_expect_eq(read_text(text, hl + bl, &h, &evs, &n, err, sizeof err), -1);
	cr_expect_str_eq(err, want);
	cr_expect_null(evs);
	cr_expect_eq(n, 0);
	cr_expect_null(h.actors);
	free(text);
}

Test(event, type_names_round_trip)
{
	for (int i = 0; i < EV_TYPE_COUNT; i++)
		cr_expect_eq(event_type_from_name(event_type_name((enum event_type)i)), i);
	cr_expect_str_eq(event_type_name(EV_OVERWRITTEN), "overwritten");
	cr_expect_str_eq(event_type_name(EV_UNBLOCKED), "unblocked");
	cr_expect_eq(event_type_from_name("teleport"), -1);
	cr_expect_eq(event_type_from_name("PUT"), -1);
	cr_expect_eq(event_type_from_name(NULL), -1);
}

Test(event, make_leaves_every_optional_field_unset)
{
	struct event ev = event_make(EV_PUT, 1, 2500);

	cr_expect_eq(ev.type, EV_PUT);
	cr_expect_eq(ev.actor, 1);
	cr_expect_eq(ev.t_ms, 2500);
	cr_expect_not(ev.has_value);
	cr_expect_eq(ev.fill, -1);
	cr_expect_eq(ev.kfill, -1);
	cr_expect_eq(ev.op, OP_NONE);
	cr_expect_eq(ev.by, -1);
	cr_expect_eq(ev.target, -1);
	cr_expect_eq(ev.err, 0);
	cr_expect_eq(ev.state, '\0');
	cr_expect_str_empty(ev.wchan);
	cr_expect_str_empty(ev.syscall);
	cr_expect_str_empty(ev.action);
	cr_expect_str_empty(ev.text);
}

Test(event, header_line_is_exact)
{
	struct trace_header h = queue_header();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_eq(trace_write_header(f, &h), 0);
	fclose(f);
	cr_expect_str_eq(buf, header_line);
	free(buf);
}

Test(event, header_carries_kernel_name_and_path_after_capacity)
{
	struct trace_header h = queue_header();
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	strcpy(h.channel, "pipe");
	strcpy(h.kernel_name, "pipe:[81234]");
	strcpy(h.path, "/tmp/a \"fifo\"");
	h.nactors = 1;
	cr_assert_eq(trace_write_header(f, &h), 0);
	fclose(f);
	cr_expect_str_eq(buf,
		"{\"ipcviz\":1,\"scenario\":\"queue\",\"channel\":\"pipe\",\"capacity\":10,"
		"\"kernel\":\"pipe:[81234]\",\"path\":\"/tmp/a \\\"fifo\\\"\","
		"\"actors\":[{\"name\":\"producer-1\",\"role\":\"producer\",\"pid\":4243}]}\n");
	free(buf);
}

Test(event, seconds_keep_one_decimal_and_no_trailing_zeros)
{
	struct trace_header h = queue_header();
	struct { int64_t ms; double wall; const char *want; } cases[] = {
		{ 2000, 0.131, "{\"t\":2.0,\"wall\":0.131," },
		{ 500, 0.5, "{\"t\":0.5,\"wall\":0.5," },
		{ 1250, 1.0, "{\"t\":1.25,\"wall\":1.0," },
		{ 3, 0.0, "{\"t\":0.003,\"wall\":0.0," },
		{ 0, 0.1234567, "{\"t\":0.0,\"wall\":0.123457," },
		{ 123456789, 12.000001, "{\"t\":123456.789,\"wall\":12.000001," },
		{ 10, 3.25, "{\"t\":0.01,\"wall\":3.25," },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct event ev = event_make(EV_EOF, 1, cases[i].ms);
		char *line;

		ev.wall = cases[i].wall;
		line = event_line(&h, &ev);
		cr_expect_eq(strncmp(line, cases[i].want, strlen(cases[i].want)), 0,
			     "%s does not start with %s", line, cases[i].want);
		free(line);
	}
}

Test(event, channel_event_lines_are_exact)
{
	struct trace_header h = queue_header();
	struct event ev;

	ev = event_make(EV_GOT, 1, 2000);
	ev.wall = 0.131;
	ev.has_value = true;
	ev.value = 0;
	ev.fill = 1;
	expect_line(&h, &ev,
		"{\"t\":2.0,\"wall\":0.131,\"actor\":\"consumer-1\",\"ev\":\"got\",\"value\":0,\"fill\":1}");

	ev = event_make(EV_PUT, 0, 1000);
	ev.has_value = true;
	ev.value = -7;
	ev.fill = 3;
	expect_line(&h, &ev,
		"{\"t\":1.0,\"wall\":0.0,\"actor\":\"producer-1\",\"ev\":\"put\",\"value\":-7,\"fill\":3}");

	ev = event_make(EV_WRITE, 0, 1000);
	ev.has_value = true;
	ev.value = 4;
	ev.fill = -1;
	expect_line(&h, &ev,
		"{\"t\":1.0,\"wall\":0.0,\"actor\":\"producer-1\",\"ev\":\"write\",\"value\":4}");

	ev = event_make(EV_READ, 1, 1000);
	ev.has_value = true;
	ev.value = 4;
	expect_line(&h, &ev,
		"{\"t\":1.0,\"wall\":0.0,\"actor\":\"consumer-1\",\"ev\":\"read\",\"value\":4}");

	ev = event_make(EV_BLOCKED, 0, 4500);
	ev.op = OP_PUT;
	ev.has_value = true;
	ev.value = 9;
	ev.fill = 10;
	expect_line(&h, &ev,
		"{\"t\":4.5,\"wall\":0.0,\"actor\":\"producer-1\",\"ev\":\"blocked\",\"op\":\"put\","
		"\"value\":9,\"fill\":10}");

	ev = event_make(EV_BLOCKED, 1, 0);
	ev.op = OP_GET;
	ev.fill = 0;
	expect_line(&h, &ev,
		"{\"t\":0.0,\"wall\":0.0,\"actor\":\"consumer-1\",\"ev\":\"blocked\",\"op\":\"get\","
		"\"fill\":0}");

	ev = event_make(EV_UNBLOCKED, 1, 1000);
	ev.op = OP_GET;
	ev.fill = 1;
	expect_line(&h, &ev,
		"{\"t\":1.0,\"wall\":0.0,\"actor\":\"consumer-1\",\"ev\":\"unblocked\",\"op\":\"get\"}");

	ev = event_make(EV_EOF, 1, 1000);
	expect_line(&h, &ev, "{\"t\":1.0,\"wall\":0.0,\"actor\":\"consumer-1\",\"ev\":\"eof\"}");
}

Test(event, process_event_lines_are_exact)
{
	struct trace_header h = queue_header();
	struct event ev;

	ev = event_make(EV_SPAWN, 0, 0);
	ev.pid = 4243;
	expect_line(&h, &ev,
		"{\"t\":0.0,\"wall\":0.0,\"actor\":\"producer-1\",\"ev\":\"spawn\",\"pid\":4243}");

	ev = event_make(EV_EXIT, 0, 5000);
	ev.status = 0;
	expect_line(&h, &ev,
		"{\"t\":5.0,\"wall\":0.0,\"actor\":\"producer-1\",\"ev\":\"exit\",\"status\":0}");

	ev = event_make(EV_EXIT, 1, 3000);
	ev.status = -1;
	ev.signal = SIGKILL;
	expect_line(&h, &ev,
		"{\"t\":3.0,\"wall\":0.0,\"actor\":\"consumer-1\",\"ev\":\"exit\",\"signal\":9}");

	ev = event_make(EV_ERROR, 0, 4000);
	ev.op = OP_PUT;
	ev.err = EPIPE;
	expect_line(&h, &ev,
		"{\"t\":4.0,\"wall\":0.0,\"actor\":\"producer-1\",\"ev\":\"error\",\"op\":\"put\","
		"\"errno\":\"EPIPE\"}");

	ev = event_make(EV_FAULT, EVENT_ACTOR_IPCVIZ, 3000);
	strcpy(ev.action, "kill");
	ev.target = 1;
	expect_line(&h, &ev,
		"{\"t\":3.0,\"wall\":0.0,\"actor\":\"ipcviz\",\"ev\":\"fault\",\"action\":\"kill\","
		"\"target\":\"consumer-1\"}");

	ev = event_make(EV_NOTE, EVENT_ACTOR_IPCVIZ, 3000);
	strcpy(ev.text, "no reader: \"EPIPE\"\n");
	expect_line(&h, &ev,
		"{\"t\":3.0,\"wall\":0.0,\"actor\":\"ipcviz\",\"ev\":\"note\","
		"\"text\":\"no reader: \\\"EPIPE\\\"\\n\"}");

	ev = event_make(EV_RESULT, EVENT_ACTOR_IPCVIZ, 9000);
	ev.counter = 13;
	ev.expected = 20000000000LL;
	expect_line(&h, &ev,
		"{\"t\":9.0,\"wall\":0.0,\"actor\":\"ipcviz\",\"ev\":\"result\",\"counter\":13,"
		"\"expected\":20000000000}");
}

Test(event, shm_and_kernel_event_lines_are_exact)
{
	struct trace_header h = queue_header();
	struct event ev;

	ev = event_make(EV_OVERWRITTEN, 0, 2000);
	ev.has_value = true;
	ev.value = 1;
	ev.by = 0;
	expect_line(&h, &ev,
		"{\"t\":2.0,\"wall\":0.0,\"actor\":\"producer-1\",\"ev\":\"overwritten\",\"value\":1,"
		"\"by\":\"producer-1\"}");

	ev = event_make(EV_STALE, 1, 2500);
	ev.has_value = true;
	ev.value = 2;
	expect_line(&h, &ev,
		"{\"t\":2.5,\"wall\":0.0,\"actor\":\"consumer-1\",\"ev\":\"stale\",\"value\":2}");

	ev = event_make(EV_KERNEL, 0, 4500);
	ev.state = 'S';
	strcpy(ev.wchan, "wq_sleep");
	strcpy(ev.syscall, "mq_timedsend");
	ev.kfill = 10;
	expect_line(&h, &ev,
		"{\"t\":4.5,\"wall\":0.0,\"actor\":\"producer-1\",\"ev\":\"kernel\",\"state\":\"S\","
		"\"wchan\":\"wq_sleep\",\"syscall\":\"mq_timedsend\",\"kfill\":10,\"kunit\":\"msgs\"}");

	strcpy(h.channel, "pipe");
	strcpy(ev.wchan, "anon_pipe_write");
	strcpy(ev.syscall, "write");
	ev.kfill = 16384;
	expect_line(&h, &ev,
		"{\"t\":4.5,\"wall\":0.0,\"actor\":\"producer-1\",\"ev\":\"kernel\",\"state\":\"S\","
		"\"wchan\":\"anon_pipe_write\",\"syscall\":\"write\",\"kfill\":16384,"
		"\"kunit\":\"bytes\"}");

	ev.kfill = -1;
	expect_line(&h, &ev,
		"{\"t\":4.5,\"wall\":0.0,\"actor\":\"producer-1\",\"ev\":\"kernel\",\"state\":\"S\","
		"\"wchan\":\"anon_pipe_write\",\"syscall\":\"write\"}");
}

/* The trace's kunit for each channel is that channel's own kfill_unit, as its
 * descriptor says. */
Test(event, kernel_unit_of_every_channel_is_its_own)
{
	struct trace_actor actors[] = {{"producer-1", ROLE_PRODUCER, 1}};
	struct trace_header h = {.nactors = 1, .actors = actors};
	struct event ev = event_make(EV_KERNEL, 0, 0);

	ev.state = 'S';
	ev.kfill = 3;
	for (int k = 0; k < CHANNEL_KIND_COUNT; k++) {
		const struct channel_desc *d = channel_desc_of((enum channel_kind)k);
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		snprintf(h.channel, sizeof h.channel, "%s", d->word);
		cr_assert_eq(trace_write_event(f, &h, &ev), 0);
		fclose(f);
		const char *unit = strstr(buf, "\"kunit\":\"");
		if (d->kfill_unit) {
			cr_assert_not_null(unit, "%s: %s", d->word, buf);
			cr_expect_eq(strncmp(unit + 9, d->kfill_unit, strlen(d->kfill_unit)), 0,
				     "%s: %s", d->word, buf);
		} else {
			cr_expect_null(unit, "%s has no unit: %s", d->word, buf);
		}
		free(buf);
	}
}

Test(event, writing_an_actor_the_header_lacks_fails)
{
	struct trace_header h = queue_header();
	struct event ev = event_make(EV_EOF, 7, 0);
	FILE *f = fopen("/dev/null", "w");

	cr_expect_eq(trace_write_event(f, &h, &ev), -1);
	cr_expect_eq(errno, EINVAL);
	fclose(f);
}

/* One event of every type, with the fields the model and the scheduler set. */
static size_t every_type(struct event *evs)
{
	size_t n = 0;
	struct event ev;

	/* fill only where the trace carries it: put, got, blocked (a replay's model
	 * stamps the rest again). */
	ev = event_make(EV_SPAWN, 0, 0);
	ev.pid = 4243;
	evs[n++] = ev;
	ev = event_make(EV_PUT, 0, 1000);
	ev.wall = 0.015;
	ev.has_value = true;
	ev.value = 2147483647;
	ev.fill = 1;
	evs[n++] = ev;
	ev = event_make(EV_GOT, 1, 2000);
	ev.wall = 0.131;
	ev.has_value = true;
	ev.value = -2147483647 - 1;
	ev.fill = 0;
	evs[n++] = ev;
	ev = event_make(EV_WRITE, 0, 2500);
	ev.has_value = true;
	ev.value = 5;
	evs[n++] = ev;
	ev = event_make(EV_READ, 1, 2750);
	ev.has_value = true;
	ev.value = 5;
	evs[n++] = ev;
	ev = event_make(EV_BLOCKED, 0, 3000);
	ev.op = OP_PUT;
	ev.has_value = true;
	ev.value = 8;
	ev.fill = 10;
	evs[n++] = ev;
	ev = event_make(EV_KERNEL, 0, 3000);
	ev.state = 'S';
	strcpy(ev.wchan, "wq_sleep");
	strcpy(ev.syscall, "mq_timedsend");
	ev.kfill = 10;
	evs[n++] = ev;
	ev = event_make(EV_UNBLOCKED, 0, 3500);
	ev.op = OP_PUT;
	evs[n++] = ev;
	ev = event_make(EV_OVERWRITTEN, 0, 4000);
	ev.has_value = true;
	ev.value = 6;
	ev.by = 0;
	evs[n++] = ev;
	ev = event_make(EV_STALE, 1, 4001);
	ev.has_value = true;
	ev.value = 6;
	evs[n++] = ev;
	ev = event_make(EV_EOF, 1, 4002);
	evs[n++] = ev;
	ev = event_make(EV_ERROR, 0, 4003);
	ev.op = OP_PUT;
	ev.err = EPIPE;
	evs[n++] = ev;
	ev = event_make(EV_ERROR, 1, 4004);
	ev.op = OP_GET;
	ev.err = ETIMEDOUT;
	evs[n++] = ev;
	ev = event_make(EV_FAULT, EVENT_ACTOR_IPCVIZ, 5000);
	strcpy(ev.action, "stop");
	ev.target = 1;
	evs[n++] = ev;
	ev = event_make(EV_NOTE, EVENT_ACTOR_IPCVIZ, 5000);
	strcpy(ev.text, "Kein Leser – \"EPIPE\" 无读者");
	evs[n++] = ev;
	ev = event_make(EV_RESULT, EVENT_ACTOR_IPCVIZ, 6000);
	ev.counter = 13;
	ev.expected = 20;
	evs[n++] = ev;
	ev = event_make(EV_EXIT, 1, 7000);
	ev.status = -1;
	ev.signal = SIGKILL;
	evs[n++] = ev;
	ev = event_make(EV_EXIT, 0, 7000);
	ev.status = 3;
	evs[n++] = ev;
	return n;
}

static void expect_same_event(const struct event *a, const struct event *b, size_t i)
{
	cr_expect_eq(a->t_ms, b->t_ms, "event %zu: t_ms", i);
	cr_expect_eq(a->wall, b->wall, "event %zu: wall", i);
	cr_expect_eq(a->actor, b->actor, "event %zu: actor", i);
	cr_expect_eq(a->type, b->type, "event %zu: type", i);
	cr_expect_eq(a->has_value, b->has_value, "event %zu: has_value", i);
	cr_expect_eq(a->value, b->value, "event %zu: value", i);
	cr_expect_eq(a->fill, b->fill, "event %zu: fill", i);
	cr_expect_eq(a->op, b->op, "event %zu: op", i);
	cr_expect_eq(a->pid, b->pid, "event %zu: pid", i);
	cr_expect_eq(a->status, b->status, "event %zu: status", i);
	cr_expect_eq(a->signal, b->signal, "event %zu: signal", i);
	cr_expect_eq(a->err, b->err, "event %zu: err", i);
	cr_expect_eq(a->by, b->by, "event %zu: by", i);
	cr_expect_eq(a->state, b->state, "event %zu: state", i);
	cr_expect_str_eq(a->wchan, b->wchan, "event %zu: wchan", i);
	cr_expect_str_eq(a->syscall, b->syscall, "event %zu: syscall", i);
	cr_expect_eq(a->kfill, b->kfill, "event %zu: kfill", i);
	cr_expect_eq(a->counter, b->counter, "event %zu: counter", i);
	cr_expect_eq(a->expected, b->expected, "event %zu: expected", i);
	cr_expect_str_eq(a->action, b->action, "event %zu: action", i);
	cr_expect_eq(a->target, b->target, "event %zu: target", i);
	cr_expect_str_eq(a->text, b->text, "event %zu: text", i);
}

Test(event, write_then_read_gives_back_the_same_events)
{
	struct trace_header h = queue_header(), back;
	struct event evs[32], *got;
	size_t n = every_type(evs), count;
	char *buf = NULL, err[256];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	strcpy(h.kernel_name, "/ipcviz-4242-1");
	cr_assert_eq(trace_write_header(f, &h), 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(trace_write_event(f, &h, &evs[i]), 0, "event %zu", i);
	fclose(f);

	cr_assert_eq(read_text(buf, len, &back, &got, &count, err, sizeof err), 0, "%s", err);
	cr_expect_str_eq(back.scenario, "queue");
	cr_expect_str_eq(back.channel, "queue");
	cr_expect_eq(back.capacity, 10);
	cr_expect_str_eq(back.kernel_name, "/ipcviz-4242-1");
	cr_expect_str_empty(back.path);
	cr_assert_eq(back.nactors, 2);
	cr_expect_str_eq(back.actors[1].name, "consumer-1");
	cr_expect_eq(back.actors[1].role, ROLE_CONSUMER);
	cr_expect_eq(back.actors[1].pid, 4244);
	cr_assert_eq(count, n);
	for (size_t i = 0; i < n; i++)
		expect_same_event(&got[i], &evs[i], i);
	free(got);
	trace_header_free(&back);
	cr_expect_null(back.actors);
	free(buf);
}

/* ---- every field of the table (event_fields.h) ------------------------------------ */

/* A value event_make never gives, by codec; `salt` (the row's number) makes
 * the rows' values differ from each other. Actors are ones queue_header has. */
#define test_sample_I32(p, salt) (*(p) = -100000 - (salt))
#define test_sample_INT(p, salt) (*(p) = 4243 + (salt))
#define test_sample_COUNT(p, salt) (*(p) = 12288 + (salt))
#define test_sample_OPT(p, salt) (*(p) = 3 + (salt))
#define test_sample_KUNIT(p, salt) (*(p) = 5 + (salt))
#define test_sample_SIGNAL(p, salt) (*(p) = SIGKILL)
#define test_sample_I64(p, salt) (*(p) = -4000000000LL - (salt))
#define test_sample_BOOL(p, salt) (*(p) = true)
#define test_sample_CHAR(p, salt) (*(p) = 'R')
#define test_sample_STR(p, salt) snprintf(*(p), sizeof *(p), "s%d ü", (salt))
#define test_sample_OP(p, salt) (*(p) = OP_GET)
#define test_sample_ERRNO(p, salt) (*(p) = EPIPE)
#define test_sample_ACTOR(p, salt) (*(p) = 1)
#define test_sample_ACTORS(p, salt) \
	(*(p) = (struct event_actors){ .n = 2, .actor = { 1, 0 } })

#define TEST_ROW(...) +1
enum { TEST_ROWS = 0 EVENT_FIELDS(TEST_ROW, TEST_ROW, EVENT_FIELDS_SKIP) };
#undef TEST_ROW

/* Sets, for each row whose types include ev's, its member to the sample, and
 * then what reading its key implies (a value's has_value, a signal's status):
 * the event a run would have made. `only` >= 0: that row alone. Returns how
 * many rows it set. */
static int test_set_fields(struct event *ev, int only)
{
	const unsigned bit = 1u << ev->type;
	int row = 0, set = 0;

#define TEST_SET(member, codec, types, then) \
	if (((types) & bit) && (only < 0 || only == row)) { \
		test_sample_##codec(&ev->member, row); \
		then; \
		set++; \
	} \
	row++;
#define TEST_SET_FIELD(member, ctype, dims, codec, key, types, when, then) \
	TEST_SET(member, codec, types, then)
#define TEST_SET_ALSO(key, member, codec, types, when, then) TEST_SET(member, codec, types, then)
	EVENT_FIELDS(TEST_SET_FIELD, TEST_SET_ALSO, EVENT_FIELDS_SKIP)
#undef TEST_SET_ALSO
#undef TEST_SET_FIELD
#undef TEST_SET
	return set;
}

/* Every member of b as in a, byte for byte. */
static void test_expect_all_fields(const struct event *a, const struct event *b, size_t i,
				   const char *through)
{
	cr_expect_eq(a->t_ms, b->t_ms, "%s, event %zu: t_ms", through, i);
	cr_expect_eq(a->actor, b->actor, "%s, event %zu: actor", through, i);
	cr_expect_eq(a->type, b->type, "%s, event %zu: type", through, i);
#define TEST_SAME(member, ...) \
	cr_expect(memcmp(&a->member, &b->member, sizeof a->member) == 0, \
		  "%s, event %zu (%s): " #member " came back different", through, i, \
		  event_type_name(a->type));
	EVENT_FIELDS(TEST_SAME, EVENT_FIELDS_SKIP, TEST_SAME)
#undef TEST_SAME
}

/* For every type: one event with every row it carries set, and one event per
 * such row with that row alone (a signal hides the status it sets, and a
 * field alone shows that it needs nothing else). *n of them, malloc'd. */
static struct event *test_every_field(size_t *n)
{
	struct event *evs = malloc((size_t)EV_TYPE_COUNT * (TEST_ROWS + 1) * sizeof *evs);
	size_t k = 0;

	cr_assert_not_null(evs);
	for (int type = 0; type < EV_TYPE_COUNT; type++) {
		struct event ev = event_make((enum event_type)type, type % 2, 1000 + type);

		ev.wall = 0.125;
		test_set_fields(&ev, -1);
		evs[k++] = ev;
		for (int row = 0; row < TEST_ROWS; row++) {
			ev = event_make((enum event_type)type, 0, 2000 + row);
			if (test_set_fields(&ev, row) > 0)
				evs[k++] = ev;
		}
	}
	*n = k;
	return evs;
}

/* The test below sets what it thinks it sets: each member is off its default
 * in some event (a row no type carries would not be). */
static void test_expect_every_member_set(const struct event *evs, size_t n)
{
	const struct event unset = event_make(EV_SPAWN, 0, 0);

#define TEST_SOME(member, ...) \
	{ \
		size_t i = 0; \
		while (i < n && memcmp(&evs[i].member, &unset.member, sizeof unset.member) == 0) \
			i++; \
		cr_expect_lt(i, n, #member " is never set: which types carry it?"); \
	}
	EVENT_FIELDS(TEST_SOME, EVENT_FIELDS_SKIP, TEST_SOME)
#undef TEST_SOME
}

Test(event, every_field_of_every_type_survives_the_trace_and_the_history)
{
	struct trace_header h = queue_header(), back;
	size_t n, count;
	struct event *evs = test_every_field(&n), *got, ev;
	FILE *f = tmpfile();
	char err[256];

	test_expect_every_member_set(evs, n);
	cr_assert_not_null(f);
	cr_assert_eq(trace_write_header(f, &h), 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(trace_write_event(f, &h, &evs[i]), 0, "event %zu", i);
	rewind(f);
	cr_assert_eq(trace_read(f, "every.jsonl", &back, &got, &count, err, sizeof err), 0,
		     "%s", err);
	fclose(f);
	cr_assert_eq(count, n);
	for (size_t i = 0; i < n; i++)
		test_expect_all_fields(&evs[i], &got[i], i, "trace");
	free(got);
	trace_header_free(&back);

	/* The history keeps whatever it is given, trace or not. */
	const char names[2][SCENARIO_NAME_MAX] = {"producer-1", "consumer-1"};
	const enum role roles[2] = {ROLE_PRODUCER, ROLE_CONSUMER};
	struct model start, m;
	struct history_iter it;
	struct history *hist;

	model_init(&start, CHANNEL_QUEUE, 10, 2, names, roles);
	hist = history_create(&start, 0, 0, err, sizeof err);
	cr_assert(hist, "%s", err);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(history_push(hist, &evs[i]), 0);
		history_end_step(hist);
	}
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(history_seek(hist, (long)i, 0, &m, &it), 0, "step %zu", i);
		uint64_t at = it.index;
		while (history_next(&it, &ev))
			at++;
		cr_assert_eq(at, i + 1, "the walk to step %zu ends with its event", i);
		test_expect_all_fields(&evs[i], &ev, i, "history");
	}
	history_free(hist);
	free(evs);
}

Test(event, read_errors_name_file_and_line)
{
	expect_read_error("{\"t\":1.0,\"actor\":\"producer-1\",\"ev\":\"put\",\"value\":1}\n"
			  "{\"t\":1.0,\"actor\":\"producer-1\",\"ev\":\"put\",\"value\":2\n",
			  "x.trace:3: not a JSON object");
	expect_read_error("[1,2]\n", "x.trace:2: not a JSON object");
	expect_read_error("{\"t\":1.0,\"actor\":\"nobody\",\"ev\":\"put\"}\n",
			  "x.trace:2: unknown actor \"nobody\" (not in the header)");
	expect_read_error("{\"actor\":\"producer-1\",\"ev\":\"put\"}\n",
			  "x.trace:2: the event has no \"t\" number");
	expect_read_error("{\"t\":\"1.0\",\"actor\":\"producer-1\",\"ev\":\"put\"}\n",
			  "x.trace:2: the event has no \"t\" number");
	expect_read_error("{\"t\":1.0,\"ev\":\"put\"}\n",
			  "x.trace:2: the event has no \"actor\" string");
	expect_read_error("{\"t\":1.0,\"actor\":\"producer-1\"}\n",
			  "x.trace:2: the event has no \"ev\" string");
	expect_read_error("{\"t\":-1.0,\"actor\":\"producer-1\",\"ev\":\"eof\"}\n",
			  "x.trace:2: \"t\" must be a number of seconds in range");
	expect_read_error("{\"t\":1.0,\"actor\":\"producer-1\",\"ev\":\"put\",\"value\":1e300}\n",
			  "x.trace:2: \"value\" must be a whole number in range");
	expect_read_error("{\"t\":1.0,\"actor\":\"producer-1\",\"ev\":\"put\",\"value\":0.5}\n",
			  "x.trace:2: \"value\" must be a whole number in range");
	expect_read_error("{\"t\":1.0,\"actor\":\"producer-1\",\"ev\":\"note\",\"text\":3}\n",
			  "x.trace:2: \"text\" must be a string");
	expect_read_error("{\"t\":1.0,\"actor\":\"ipcviz\",\"ev\":\"fault\",\"action\":\"kill\","
			  "\"target\":\"consumer-9\"}\n",
			  "x.trace:2: unknown actor \"consumer-9\" (not in the header)");
	/* The name in the message is untrusted: its escape sequence is defused. */
	expect_read_error("{\"t\":1.0,\"actor\":\"\\u001b[2J\",\"ev\":\"eof\"}\n",
			  "x.trace:2: unknown actor \"?[2J\" (not in the header)");
	/* The kinds of value the second round's events bring: a bool and a list. */
	expect_read_error("{\"t\":1.0,\"actor\":\"ipcviz\",\"ev\":\"goal\",\"reached\":1}\n",
			  "x.trace:2: \"reached\" must be true or false");
	expect_read_error("{\"t\":1.0,\"actor\":\"ipcviz\",\"ev\":\"deadlock\","
			  "\"cycle\":\"producer-1\"}\n",
			  "x.trace:2: \"cycle\" must be a list of at most 32 actor names");
	expect_read_error("{\"t\":1.0,\"actor\":\"ipcviz\",\"ev\":\"deadlock\","
			  "\"cycle\":[\"producer-1\",2]}\n",
			  "x.trace:2: \"cycle\" must be a list of at most 32 actor names");
	expect_read_error("{\"t\":1.0,\"actor\":\"ipcviz\",\"ev\":\"deadlock\","
			  "\"cycle\":[\"producer-1\",\"consumer-9\"]}\n",
			  "x.trace:2: unknown actor \"consumer-9\" (not in the header)");
}

/* The second round's lines as DESIGN sections 5, 12 to 14 write them. */
Test(event, second_round_event_lines_are_exact)
{
	struct trace_header h = queue_header();
	struct event ev;

	ev = event_make(EV_CHOOSE, 1, 2000);
	expect_line(&h, &ev, "{\"t\":2.0,\"wall\":0.0,\"actor\":\"consumer-1\",\"ev\":\"choose\"}");
	ev = event_make(EV_GOAL, EVENT_ACTOR_IPCVIZ, 2000);
	ev.reached = true;
	ev.steps = 7;
	expect_line(&h, &ev, "{\"t\":2.0,\"wall\":0.0,\"actor\":\"ipcviz\",\"ev\":\"goal\","
		    "\"reached\":true,\"steps\":7}");
	ev = event_make(EV_PREDICT, 0, 2000);
	strcpy(ev.guess, "put");
	strcpy(ev.outcome, "blocked");
	expect_line(&h, &ev, "{\"t\":2.0,\"wall\":0.0,\"actor\":\"producer-1\",\"ev\":\"predict\","
		    "\"guess\":\"put\",\"outcome\":\"blocked\",\"right\":false}");
	ev = event_make(EV_DEADLOCK, EVENT_ACTOR_IPCVIZ, 2000);
	ev.cycle = (struct event_actors){ .n = 2, .actor = { 1, 0 } };
	expect_line(&h, &ev, "{\"t\":2.0,\"wall\":0.0,\"actor\":\"ipcviz\",\"ev\":\"deadlock\","
		    "\"cycle\":[\"consumer-1\",\"producer-1\"]}");
}

Test(event, a_cut_last_line_is_reported_as_truncated)
{
	expect_read_error("{\"t\":1.0,\"actor\":\"producer-1\",\"ev\":\"eof\"}\n"
			  "{\"t\":2.0,\"actor\":\"produc",
			  "x.trace:3: the trace ends in the middle of this line (truncated?)");
}

Test(event, a_complete_last_line_without_newline_is_fine)
{
	const char *body = "{\"t\":2.0,\"actor\":\"consumer-1\",\"ev\":\"eof\"}";
	char text[1024], err[256];
	struct trace_header h;
	struct event *evs;
	size_t n;

	snprintf(text, sizeof text, "%s%s", header_line, body);
	cr_assert_eq(read_text(text, strlen(text), &h, &evs, &n, err, sizeof err), 0, "%s", err);
	cr_expect_eq(n, 1);
	cr_expect_eq(evs[0].actor, 1);
	cr_expect_eq(evs[0].t_ms, 2000);
	free(evs);
	trace_header_free(&h);
}

Test(event, a_line_longer_than_the_limit_is_refused)
{
	static const char eof_event[] = "{\"t\":1.0,\"actor\":\"producer-1\",\"ev\":\"eof\"}";
	size_t pad = 65536;
	char *body = malloc(pad + 64);

	memset(body, ' ', pad);
	strcpy(body + pad, "{\"t\":1.0,\"actor\":\"producer-1\",\"ev\":\"eof\"}\n");
	expect_read_error(body, "x.trace:2: line longer than 65536 bytes");
	/* 65536 bytes exactly is still a line. */
	memset(body, ' ', pad);
	strcpy(body + pad - strlen(eof_event), eof_event);
	strcat(body, "\n");
	cr_assert_eq(strlen(body), pad + 1);
	{
		size_t hl = strlen(header_line);
		char *text = malloc(hl + pad + 2), err[256];
		struct trace_header h;
		struct event *evs;
		size_t n;

		memcpy(text, header_line, hl);
		memcpy(text + hl, body, pad + 2);
		cr_expect_eq(read_text(text, hl + pad + 1, &h, &evs, &n, err, sizeof err), 0,
			     "%s", err);
		cr_expect_eq(n, 1);
		free(evs);
		trace_header_free(&h);
		free(text);
	}
	free(body);
}

static void expect_header_error(const char *text, const char *want)
{
	struct trace_header h;
	struct event *evs;
	size_t n;
	char err[256];

	cr_expect_eq(read_text(text, strlen(text), &h, &evs, &n, err, sizeof err), -1);
	cr_expect_str_eq(err, want);
	cr_expect_null(h.actors);
}

Test(event, a_bad_header_is_refused)
{
	const char *not_trace =
		"x.trace:1: not an ipcviz trace (the first line must be its header)";

	expect_header_error("", not_trace);
	expect_header_error("hello\n", not_trace);
	expect_header_error("{\"t\":1.0,\"actor\":\"producer-1\",\"ev\":\"eof\"}\n", not_trace);
	expect_header_error("{\"ipcviz\":2,\"channel\":\"pipe\",\"actors\":[]}\n",
			    "x.trace:1: trace version 2 is not supported (this ipcviz reads "
			    "version 1)");
	expect_header_error("{\"ipcviz\":\"1\",\"channel\":\"pipe\",\"actors\":[]}\n",
			    "x.trace:1: trace version \"1\" is not supported (this ipcviz reads "
			    "version 1)");
	expect_header_error("{\"ipcviz\":1,\"actors\":[]}\n",
			    "x.trace:1: the header has no \"channel\"");
	expect_header_error("{\"ipcviz\":1,\"channel\":\"pipe\"}\n",
			    "x.trace:1: the header has no \"actors\" list");
	expect_header_error("{\"ipcviz\":1,\"channel\":\"pipe\",\"actors\":[{\"name\":\"a\","
			    "\"role\":\"boss\"}]}\n",
			    "x.trace:1: actor \"a\" needs a \"role\": producer or consumer");
	expect_header_error("{\"ipcviz\":1,\"channel\":\"pipe\",\"actors\":[{\"name\":\"a\","
			    "\"role\":\"producer\"},{\"name\":\"a\",\"role\":\"consumer\"}]}\n",
			    "x.trace:1: actor \"a\" is named twice");
}

Test(event, more_than_32_actors_is_refused)
{
	char text[8192];
	size_t used = 0;

	used += (size_t)snprintf(text + used, sizeof text - used,
				 "{\"ipcviz\":1,\"channel\":\"queue\",\"actors\":[");
	for (int i = 0; i < 33; i++)
		used += (size_t)snprintf(text + used, sizeof text - used,
					 "%s{\"name\":\"p-%d\",\"role\":\"producer\",\"pid\":1}",
					 i ? "," : "", i);
	snprintf(text + used, sizeof text - used, "]}\n");
	expect_header_error(text, "x.trace:1: more than 32 actors");
}

Test(event, unknown_fields_and_events_are_skipped)
{
	const char *body =
		"{\"t\":1.0,\"actor\":\"producer-1\",\"ev\":\"put\",\"value\":4,\"fill\":1,"
		"\"colour\":\"red\",\"extra\":{\"deep\":[1,2,3]}}\n"
		"\n"
		"{\"t\":1.5,\"actor\":\"somebody-new\",\"ev\":\"teleport\",\"to\":\"mars\"}\n"
		"   \r\n"
		"{\"t\":2.0,\"actor\":\"consumer-1\",\"ev\":\"got\",\"value\":4,\"fill\":0}\r\n";
	char text[2048], err[256];
	struct trace_header h;
	struct event *evs;
	size_t n;

	snprintf(text, sizeof text, "%s%s", header_line, body);
	cr_assert_eq(read_text(text, strlen(text), &h, &evs, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 2);
	cr_expect_eq(evs[0].type, EV_PUT);
	cr_expect_eq(evs[0].value, 4);
	cr_expect_eq(evs[1].type, EV_GOT);
	cr_expect_eq(evs[1].t_ms, 2000);
	cr_expect_eq(evs[1].wall, 0.0, "a missing wall is 0");
	free(evs);
	trace_header_free(&h);
}

Test(event, text_from_a_trace_cannot_carry_terminal_controls)
{
	const char *body =
		"{\"t\":1.0,\"actor\":\"ipcviz\",\"ev\":\"note\","
		"\"text\":\"\\u001b]0;owned\\u0007 ok \\u009b 中\"}\n";
	char text[1024], err[256];
	struct trace_header h;
	struct event *evs;
	size_t n;

	snprintf(text, sizeof text, "%s%s", header_line, body);
	cr_assert_eq(read_text(text, strlen(text), &h, &evs, &n, err, sizeof err), 0, "%s", err);
	cr_assert_eq(n, 1);
	cr_expect_str_eq(evs[0].text, "?]0;owned? ok ? 中");
	free(evs);
	trace_header_free(&h);
}

Test(event, errno_names_come_back_as_numbers)
{
	const char *names[] = { "EPIPE", "EAGAIN", "EINTR", "EBADF", "EINVAL", "ENOSPC",
				"EMFILE", "ENOMEM", "ETIMEDOUT" };
	const int nums[] = { EPIPE, EAGAIN, EINTR, EBADF, EINVAL, ENOSPC, EMFILE, ENOMEM,
			     ETIMEDOUT };

	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		char text[1024], err[256];
		struct trace_header h;
		struct event *evs;
		size_t n;

		snprintf(text, sizeof text,
			 "%s{\"t\":1.0,\"actor\":\"producer-1\",\"ev\":\"error\",\"op\":\"put\","
			 "\"errno\":\"%s\"}\n", header_line, names[i]);
		cr_assert_eq(read_text(text, strlen(text), &h, &evs, &n, err, sizeof err), 0);
		cr_expect_eq(evs[0].err, nums[i], "%s", names[i]);
		cr_expect_eq(evs[0].op, OP_PUT);
		free(evs);
		trace_header_free(&h);
	}
}
