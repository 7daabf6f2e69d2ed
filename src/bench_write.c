/* bench_write.c - what `ipcviz bench` found, for a person (tables) and for a
 * program (JSON).
 *
 * A figure is never shown alone: beside its median stands its spread, the
 * lowest and the highest of the rounds, and every row says its placement, so a
 * reader sees at once how far one run of the figure can be trusted and why two
 * rows of the same mechanism differ. The words go through _(); the JSON keeps
 * English keys and values.
 */
#include "bench.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"

enum { BENCH_MAX_COLS = 10, BENCH_CELL = 64 };

/* The cells of one table: a header row, then rows, each BENCH_MAX_COLS wide. */
struct bench_table {
	int ncols, nrows, left;  /* the first `left` columns are aligned left */
	const char *head[BENCH_MAX_COLS];
	char (*cells)[BENCH_MAX_COLS][BENCH_CELL];
};

/* Display width of a UTF-8 string (its bytes if it is not valid here). */
static int bench_width(const char *s)
{
	wchar_t w[128];
	size_t n = mbstowcs(w, s, sizeof w / sizeof w[0] - 1);

	if (n == (size_t)-1)
		return (int)strlen(s);
	w[n] = L'\0';
	int width = wcswidth(w, n);
	return width < 0 ? (int)n : width;
}

/* Cell c of a row: a gap before it, then s in a column `width` wide, left or
 * right aligned (a last column aligned left gets no trailing blanks). */
static void bench_cell(FILE *f, const struct bench_table *t, int c, const char *s, int width)
{
	int pad = width - bench_width(s);

	if (c > 0)
		fputs("  ", f);
	if (c >= t->left)
		fprintf(f, "%*s%s", pad > 0 ? pad : 0, "", s);
	else
		fprintf(f, "%s%*s", s, pad > 0 && c < t->ncols - 1 ? pad : 0, "");
}

static void bench_print_table(FILE *f, const struct bench_table *t)
{
	int width[BENCH_MAX_COLS];

	for (int c = 0; c < t->ncols; c++) {
		width[c] = bench_width(t->head[c]);
		for (int i = 0; i < t->nrows; i++)
			if (bench_width(t->cells[i][c]) > width[c])
				width[c] = bench_width(t->cells[i][c]);
	}
	for (int c = 0; c < t->ncols; c++)
		bench_cell(f, t, c, t->head[c], width[c]);
	fputc('\n', f);
	for (int i = 0; i < t->nrows; i++) {
		for (int c = 0; c < t->ncols; c++)
			bench_cell(f, t, c, t->cells[i][c], width[c]);
		fputc('\n', f);
	}
}

static const char *bench_placement_words(enum bench_placement p)
{
	return p == BENCH_SAME_CPU ? _("same CPU") : _("two CPUs");
}

static void bench_size_words(char *cell, size_t size)
{
	if (size % 1024 == 0)
		snprintf(cell, BENCH_CELL, _("%zu KiB"), size / 1024);
	else
		snprintf(cell, BENCH_CELL, _("%zu B"), size);
}

/* Thousands of messages a second: whole above 100, one decimal below. */
static void bench_kilo(char *cell, size_t len, double per_s)
{
	snprintf(cell, len, per_s >= 100e3 ? "%.0f" : "%.1f", per_s / 1e3);
}

static void bench_kilo_spread(char *cell, const struct bench_figure *f)
{
	char lo[BENCH_CELL / 2 - 2], hi[BENCH_CELL / 2 - 2];

	bench_kilo(lo, sizeof lo, f->min);
	bench_kilo(hi, sizeof hi, f->max);
	snprintf(cell, BENCH_CELL, "%s–%s", lo, hi);
}

static void bench_us_spread(char *cell, const struct bench_figure *f)
{
	snprintf(cell, BENCH_CELL, "%.1f–%.1f", f->min, f->max);
}

static void bench_write_main(FILE *f, const struct bench_report *rep)
{
	char cells[BENCH_MAX_RESULTS][BENCH_MAX_COLS][BENCH_CELL];
	struct bench_table t = {
		.ncols = 10, .nrows = rep->n, .left = 3, .cells = cells,
		.head = {_("channel"), _("message"), _("placement"), _("k msgs/s"), _("spread"),
			 _("MB/s"), _("RTT p50 µs"), _("spread"), _("RTT p99 µs"), _("spread")}};

	for (int i = 0; i < rep->n; i++) {
		const struct bench_result *r = &rep->r[i];
		snprintf(cells[i][0], BENCH_CELL, "%s", _(r->label));
		bench_size_words(cells[i][1], r->size);
		snprintf(cells[i][2], BENCH_CELL, "%s", bench_placement_words(r->placement));
		bench_kilo(cells[i][3], BENCH_CELL, r->msgs_per_s.median);
		bench_kilo_spread(cells[i][4], &r->msgs_per_s);
		snprintf(cells[i][5], BENCH_CELL, "%.1f", r->mb_per_s.median);
		snprintf(cells[i][6], BENCH_CELL, "%.1f", r->rtt_us_p50.median);
		bench_us_spread(cells[i][7], &r->rtt_us_p50);
		snprintf(cells[i][8], BENCH_CELL, "%.1f", r->rtt_us_p99.median);
		bench_us_spread(cells[i][9], &r->rtt_us_p99);
	}
	bench_print_table(f, &t);
	fprintf(f, _("Medians of %d rounds; spread: the lowest and the highest round.\n"),
		rep->rounds);
	if (rep->load[0] >= 0 && rep->load[1] >= 0)
		fprintf(f, _("Load average %.2f before, %.2f after (other work shares these CPUs).\n"),
			rep->load[0], rep->load[1]);
	if (rep->realtime)
		fputs(_("The measuring processes ran SCHED_FIFO (Python's at nice -20): no other\n"
			"work on the machine took their CPUs while they ran.\n"),
		      f);
	else
		fputs(rep->ahead ? _("The measuring processes ran at nice -20, each in a scheduling group\n"
				     "of its own: ahead of other work on the machine.\n")
				 : _("The measuring processes ran at normal priority (no right to raise\n"
				     "it): other work on the machine takes its share of their CPUs.\n"),
		      f);
	if (rep->ncpus >= 2)
		fprintf(f,
			_("Each process pinned: same CPU, both on CPU %d or CPU %d (in turns);\n"
			  "two CPUs, one on each (swapped every round).\n"),
			rep->cpus[0], rep->cpus[1]);
	else
		fprintf(f, _("Only CPU %d may be used here: no two-CPU figures.\n"), rep->cpus[0]);
	fputs(_("One way: a producer process sends for its share of the time, a consumer\n"
		"process reads and counts after a warm-up; RTT: one message there and back\n"
		"between two processes. Ring buffer (\"shm\" in --json): slots in POSIX shared\n"
		"memory with two process-shared semaphores, as in the ring lesson (ipcviz's\n"
		"shared value never waits, so it has no throughput of its own).\n"),
	      f);
	if (rep->mq_msgsize_max < 65536)
		fprintf(f, _("POSIX queue: no 64 KiB case, fs.mqueue.msgsize_max is %zu here.\n"),
			rep->mq_msgsize_max);
}

/* The size limits as checked on this kernel. */
static void bench_write_limits(FILE *f, const struct bench_limits *l)
{
	fputc('\n', f);
	fprintf(f, _("Limits, checked here: PIPE_BUF is %ld. Two writers, one pipe:\n"), l->pipe_buf);
	fprintf(f, _("  writes of %zu bytes: %ld of %ld pieces read had bytes of both (%s)\n"),
		l->at_pipe_buf.size, l->at_pipe_buf.mixed, l->at_pipe_buf.pieces,
		l->at_pipe_buf.mixed ? _("mixed: not atomic") : _("none mixed"));
	fprintf(f, _("  writes of %zu bytes: %ld of %ld pieces read had bytes of both (%s)\n"),
		l->above.size, l->above.mixed, l->above.pieces,
		l->above.mixed ? _("mixed: not atomic") : _("none mixed"));
	if (l->mq_over_errno)
		fprintf(f,
			_("POSIX queue: msg_max %ld, msgsize_max %ld; a queue for %ld-byte "
			  "messages: %s.\n"),
			l->mq_msg_max, l->mq_msgsize_max, l->mq_msgsize_max + 1,
			strerror(l->mq_over_errno));
	else
		fprintf(f,
			_("POSIX queue: msg_max %ld, msgsize_max %ld; a queue for %ld-byte "
			  "messages was allowed (this process may go beyond the limit).\n"),
			l->mq_msg_max, l->mq_msgsize_max, l->mq_msgsize_max + 1);
}

/* Value's writes with its lock and without, in placement p: how many times
 * fewer the lock lets through; 0 if either is missing. */
static double bench_lock_cost(const struct bench_report *rep, enum bench_placement p)
{
	double with = 0, without = 0;

	for (int i = 0; i < rep->npy; i++) {
		if (rep->py[i].placement != p)
			continue;
		if (strcmp(rep->py[i].tool, "Value") == 0)
			with = rep->py[i].msgs_per_s.median;
		if (strcmp(rep->py[i].tool, "Value(lock=False)") == 0)
			without = rep->py[i].msgs_per_s.median;
	}
	return with > 0 && without > 0 ? without / with : 0;
}

static void bench_write_python(FILE *f, const struct bench_report *rep)
{
	char cells[BENCH_MAX_PY][BENCH_MAX_COLS][BENCH_CELL];
	struct bench_table t = {
		.ncols = 10, .nrows = rep->npy, .left = 4, .cells = cells,
		.head = {_("Python"), _("message"), _("beside"), _("placement"),
			 _("Python k msgs/s"), _("ipcviz"), _("ipcviz faster"),
			 _("Python RTT p50 µs"), _("ipcviz"), _("ipcviz faster")}};

	for (int i = 0; i < rep->npy; i++) {
		const struct bench_py_result *y = &rep->py[i];
		const struct bench_result *v = y->versus;
		snprintf(cells[i][0], BENCH_CELL, "%s", y->tool);
		if (strncmp(y->tool, "Value", 5) == 0)
			snprintf(cells[i][1], BENCH_CELL, "%s", _("an int"));
		else
			bench_size_words(cells[i][1], y->size);
		snprintf(cells[i][2], BENCH_CELL, "%s", v ? _(v->label) : "–");
		snprintf(cells[i][3], BENCH_CELL, "%s", bench_placement_words(y->placement));
		bench_kilo(cells[i][4], BENCH_CELL, y->msgs_per_s.median);
		if (v) {
			bench_kilo(cells[i][5], BENCH_CELL, v->msgs_per_s.median);
			double x = v->msgs_per_s.median / y->msgs_per_s.median;
			snprintf(cells[i][6], BENCH_CELL, x < 1 ? "%.2f×" : "%.1f×", x);
		} else {
			snprintf(cells[i][5], BENCH_CELL, "–");
			snprintf(cells[i][6], BENCH_CELL, "–");
		}
		if (y->has_rtt && v && v->rtt_us_p50.median > 0) {
			snprintf(cells[i][7], BENCH_CELL, "%.1f", y->rtt_us_p50.median);
			snprintf(cells[i][8], BENCH_CELL, "%.1f", v->rtt_us_p50.median);
			snprintf(cells[i][9], BENCH_CELL, "%.1f×",
				 y->rtt_us_p50.median / v->rtt_us_p50.median);
		} else {
			for (int c = 7; c < 10; c++)
				snprintf(cells[i][c], BENCH_CELL, "–");
		}
	}
	fputc('\n', f);
	bench_print_table(f, &t);
	fputs(_("Python: the tutorial's multiprocessing tools, measured the same way in the\n"
		"same rounds. Value: writes a second while another process reads, under\n"
		"the Value's lock (it loses values, as the tutorial shows);\n"
		"Value+Semaphore: one slot and two semaphores, which loses nothing.\n"),
	      f);
	for (int p = 0; p < BENCH_PLACEMENTS; p++) {
		double cost = bench_lock_cost(rep, (enum bench_placement)p);
		if (cost > 0)
			fprintf(f, _("The lock of a Value (%s): %.1f× fewer writes than without it.\n"),
				bench_placement_words((enum bench_placement)p), cost);
	}
}

void bench_write_table(FILE *f, const struct bench_report *rep)
{
	bench_write_main(f, rep);
	bench_write_limits(f, &rep->limits);
	if (rep->python_found && rep->npy > 0)
		bench_write_python(f, rep);
}

/* v rounded to 1/per: a division, so that 192.77 prints as 192.77 (no libm). */
static double bench_round(double v, double per)
{
	return (double)(long long)(v * per + 0.5) / per;
}

/* {"median":…,"spread":[min,max]} under `name`; false if out of memory. */
static bool bench_json_figure(cJSON *o, const char *name, const struct bench_figure *fig,
			      double per)
{
	cJSON *f = cJSON_AddObjectToObject(o, name), *spread;

	return f && cJSON_AddNumberToObject(f, "median", bench_round(fig->median, per)) &&
	       (spread = cJSON_AddArrayToObject(f, "spread")) != NULL &&
	       cJSON_AddItemToArray(spread, cJSON_CreateNumber(bench_round(fig->min, per))) &&
	       cJSON_AddItemToArray(spread, cJSON_CreateNumber(bench_round(fig->max, per)));
}

static bool bench_json_mix(cJSON *o, const char *name, const struct bench_mix *m)
{
	cJSON *x = cJSON_AddObjectToObject(o, name);

	return x && cJSON_AddNumberToObject(x, "size", (double)m->size) &&
	       cJSON_AddNumberToObject(x, "pieces", (double)m->pieces) &&
	       cJSON_AddNumberToObject(x, "mixed", (double)m->mixed);
}

static bool bench_json_limits(cJSON *doc, const struct bench_limits *l)
{
	cJSON *o = cJSON_AddObjectToObject(doc, "limits");
	const char *errname = l->mq_over_errno == EINVAL ? "EINVAL"
			      : l->mq_over_errno == 0	 ? "allowed"
							 : "refused";

	return o && cJSON_AddNumberToObject(o, "pipe_buf", (double)l->pipe_buf) &&
	       bench_json_mix(o, "writes_at_pipe_buf", &l->at_pipe_buf) &&
	       bench_json_mix(o, "writes_above", &l->above) &&
	       cJSON_AddNumberToObject(o, "mq_msgsize_max", (double)l->mq_msgsize_max) &&
	       cJSON_AddNumberToObject(o, "mq_msg_max", (double)l->mq_msg_max) &&
	       cJSON_AddStringToObject(o, "mq_open_above_max", errname);
}

static bool bench_json_python(cJSON *doc, const struct bench_report *rep)
{
	if (!rep->python_asked)
		return true;
	if (!rep->python_found)
		return cJSON_AddNullToObject(doc, "python") != NULL;
	cJSON *list = cJSON_AddArrayToObject(doc, "python");
	if (!list)
		return false;
	for (int i = 0; i < rep->npy; i++) {
		const struct bench_py_result *y = &rep->py[i];
		cJSON *o = cJSON_CreateObject(), *faster;
		if (!o || !cJSON_AddItemToArray(list, o) ||
		    !cJSON_AddStringToObject(o, "tool", y->tool) ||
		    !cJSON_AddNumberToObject(o, "size", (double)y->size) ||
		    !cJSON_AddStringToObject(o, "placement", bench_placement_name(y->placement)) ||
		    !cJSON_AddStringToObject(o, "versus", y->versus ? y->versus->channel : "") ||
		    !bench_json_figure(o, "msgs_per_s", &y->msgs_per_s, 1) ||
		    (y->has_rtt && !bench_json_figure(o, "rtt_us_p50", &y->rtt_us_p50, 100)) ||
		    !(faster = cJSON_AddObjectToObject(o, "ipcviz_faster")))
			return false;
		if (!y->versus)
			continue;
		if (!cJSON_AddNumberToObject(
			    faster, "msgs_per_s",
			    bench_round(y->versus->msgs_per_s.median / y->msgs_per_s.median, 100)))
			return false;
		if (y->has_rtt && y->versus->rtt_us_p50.median > 0 &&
		    !cJSON_AddNumberToObject(
			    faster, "rtt_us_p50",
			    bench_round(y->rtt_us_p50.median / y->versus->rtt_us_p50.median, 100)))
			return false;
	}
	return true;
}

int bench_write_json(FILE *f, const struct bench_report *rep)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *cpus = doc ? cJSON_AddArrayToObject(doc, "cpus") : NULL;
	cJSON *list = NULL;
	char *text = NULL;
	int rc = -1;

	cJSON *load = cpus ? cJSON_AddArrayToObject(doc, "load") : NULL;
	if (!load || !cJSON_AddNumberToObject(doc, "rounds", rep->rounds) ||
	    !cJSON_AddStringToObject(doc, "priority",
				     rep->realtime ? "SCHED_FIFO" : rep->ahead ? "nice -20" : "normal") ||
	    !cJSON_AddItemToArray(load, cJSON_CreateNumber(bench_round(rep->load[0], 100))) ||
	    !cJSON_AddItemToArray(load, cJSON_CreateNumber(bench_round(rep->load[1], 100))))
		goto out;
	for (int i = 0; i < (rep->ncpus >= 2 ? 2 : 1); i++)
		if (!cJSON_AddItemToArray(cpus, cJSON_CreateNumber(rep->cpus[i])))
			goto out;
	if (!(list = cJSON_AddArrayToObject(doc, "results")))
		goto out;
	for (int i = 0; i < rep->n; i++) {
		const struct bench_result *r = &rep->r[i];
		cJSON *o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(list, o) ||
		    !cJSON_AddStringToObject(o, "channel", r->channel) ||
		    !cJSON_AddNumberToObject(o, "size", (double)r->size) ||
		    !cJSON_AddStringToObject(o, "placement", bench_placement_name(r->placement)) ||
		    !bench_json_figure(o, "msgs_per_s", &r->msgs_per_s, 1) ||
		    !bench_json_figure(o, "mb_per_s", &r->mb_per_s, 100) ||
		    !bench_json_figure(o, "rtt_us_p50", &r->rtt_us_p50, 100) ||
		    !bench_json_figure(o, "rtt_us_p99", &r->rtt_us_p99, 100))
			goto out;
	}
	if (!bench_json_limits(doc, &rep->limits) || !bench_json_python(doc, rep))
		goto out;
	text = cJSON_PrintUnformatted(doc);
	if (text && fprintf(f, "%s\n", text) > 0)
		rc = 0;
out:
	free(text);
	cJSON_Delete(doc);
	return rc;
}
