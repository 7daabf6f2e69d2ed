/* explore_write.c - what `ipcviz explore` found, for a person (a table of the
 * outcomes with their share of the orders, and a sentence on the lesson) and
 * for a program (JSON, DESIGN section 12). The words go through _(); the JSON
 * keeps English keys.
 */
#include "explore.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "text.h"

enum { EXPLORE_COLS = 11, EXPLORE_CELL_BYTES = 200 };

/* Display width of a UTF-8 string (its bytes if it is not valid here). */
static int explore_width(const char *s)
{
	wchar_t w[EXPLORE_CELL_BYTES];
	size_t n = mbstowcs(w, s, sizeof w / sizeof w[0] - 1);

	if (n == (size_t)-1)
		return (int)strlen(s);
	int width = wcswidth(w, n);
	return width < 0 ? (int)n : width;
}

/* The names of the processes in mask, or "-" for none. */
static void explore_names(char *buf, size_t len, const struct explore_report *rep, uint32_t mask)
{
	struct text t;

	text_init(&t, buf, len);
	for (int a = 0; a < rep->nactors && a < 32; a++)
		if (mask & (1u << a))
			text_printf(&t, "%s%s", t.used ? " " : "", rep->names[a]);
	if (!t.used)
		text_puts(&t, "-");
}

/* Who slept how often: "producer-1 2, consumer-1 1", or "-". */
static void explore_blocked(char *buf, size_t len, const struct explore_report *rep,
			    const struct explore_outcome *o)
{
	struct text t;

	text_init(&t, buf, len);
	for (int a = 0; a < rep->nactors; a++)
		if (o->blocked[a])
			text_printf(&t, "%s%s %ld", t.used ? ", " : "", rep->names[a], o->blocked[a]);
	if (!t.used)
		text_puts(&t, "-");
}

static bool explore_any_errors(const struct explore_report *rep)
{
	for (size_t i = 0; i < rep->noutcomes; i++)
		if (rep->outcomes[i].errors)
			return true;
	return false;
}

/* The headers of the table's columns; returns how many. Numbers are aligned
 * right; a flow's last two columns (names) left. */
static int explore_heads(const struct explore_report *rep, const char **head)
{
	int n = 0;

	head[n++] = _("orders");
	head[n++] = _("share");
	head[n++] = _("fewest steps");
	switch (rep->kind) {
	case EXPLORE_RACE:
		head[n++] = _("counter");
		head[n++] = _("expected");
		head[n++] = _("updates lost");
		break;
	case EXPLORE_CELL:
		head[n++] = _("values lost");
		head[n++] = _("stale reads");
		break;
	case EXPLORE_FLOW:
		head[n++] = _("items through");
		head[n++] = _("EPIPE");
		if (rep->mixing)
			head[n++] = _("mixed");
		if (explore_any_errors(rep))
			head[n++] = _("errors");
		if (rep->multi) {
			/* TRANSLATORS: explore's column: did the order end in a deadlock */
			head[n++] = _("deadlock");
			/* TRANSLATORS: explore's column: reads that found end of file */
			head[n++] = _("end of file");
		}
		head[n++] = _("left asleep");
		head[n++] = _("slept (times)");
		break;
	}
	return n;
}

/* Row i's cells, in the order of explore_heads. */
static void explore_row(const struct explore_report *rep, size_t i, char cells[][EXPLORE_CELL_BYTES])
{
	const struct explore_outcome *o = &rep->outcomes[i];
	double share = rep->schedules ? 100.0 * (double)o->count / (double)rep->schedules : 0;
	int n = 0;

	snprintf(cells[n++], EXPLORE_CELL_BYTES, "%ld", o->count);
	snprintf(cells[n++], EXPLORE_CELL_BYTES, "%.1f%%", share);
	snprintf(cells[n++], EXPLORE_CELL_BYTES, "%ld", o->fewest);
	switch (rep->kind) {
	case EXPLORE_RACE:
		snprintf(cells[n++], EXPLORE_CELL_BYTES, "%lld", (long long)o->counter);
		snprintf(cells[n++], EXPLORE_CELL_BYTES, "%lld", (long long)o->expected);
		snprintf(cells[n++], EXPLORE_CELL_BYTES, "%lld", (long long)(o->expected - o->counter));
		break;
	case EXPLORE_CELL:
		snprintf(cells[n++], EXPLORE_CELL_BYTES, "%ld", o->lost);
		snprintf(cells[n++], EXPLORE_CELL_BYTES, "%ld", o->stale);
		break;
	case EXPLORE_FLOW:
		snprintf(cells[n++], EXPLORE_CELL_BYTES, "%ld", o->items);
		snprintf(cells[n++], EXPLORE_CELL_BYTES, "%ld", o->epipe);
		if (rep->mixing)
			snprintf(cells[n++], EXPLORE_CELL_BYTES, "%ld", o->mixed);
		if (explore_any_errors(rep))
			snprintf(cells[n++], EXPLORE_CELL_BYTES, "%ld", o->errors);
		if (rep->multi) {
			snprintf(cells[n++], EXPLORE_CELL_BYTES, "%s", o->deadlock ? _("yes") : _("no"));
			snprintf(cells[n++], EXPLORE_CELL_BYTES, "%ld", o->eof);
		}
		explore_names(cells[n++], EXPLORE_CELL_BYTES, rep, o->asleep);
		explore_blocked(cells[n++], EXPLORE_CELL_BYTES, rep, o);
		break;
	}
}

/* The first line: what was explored, and whether that is all of it. */
static void explore_write_head(FILE *f, const struct explore_report *rep)
{
	if (rep->interrupted)
		fprintf(f, _("%s: interrupted after %ld orders: the exploration is partial.\n"),
			rep->scenario, rep->schedules);
	else if (!rep->complete)
		fprintf(f, _("%s: the first %ld orders only (--limit): the exploration is "
			     "partial.\n"),
			rep->scenario, rep->schedules);
	else
		fprintf(f, _("%s: all %ld orders of the steps, each on new processes, in %.1f s.\n"),
			rep->scenario, rep->schedules, rep->seconds);
}

/* The last line: the lesson in the counts. */
static void explore_write_lesson(FILE *f, const struct explore_report *rep)
{
	long bad = 0, deadlocked = 0;

	if (rep->schedules == 0)
		return; /* interrupted before the first order ended: no lesson */
	for (size_t i = 0; i < rep->noutcomes; i++) {
		const struct explore_outcome *o = &rep->outcomes[i];
		if ((rep->kind == EXPLORE_RACE && o->counter != o->expected) ||
		    (rep->kind == EXPLORE_CELL && o->lost > 0) ||
		    (rep->kind == EXPLORE_FLOW && o->asleep))
			bad += o->count;
		deadlocked += o->deadlock ? o->count : 0;
	}
	if (rep->goal && rep->goal_orders)
		fprintf(f, _("Goal %s: %ld of these %ld orders reach it; the fewest steps: %ld.\n"),
			rep->goal, rep->goal_orders, rep->schedules, rep->goal_fewest);
	else if (rep->goal)
		fprintf(f, _("Goal %s: none of these %ld orders reaches it.\n"), rep->goal,
			rep->schedules);
	switch (rep->kind) {
	case EXPLORE_RACE:
		if (bad)
			fprintf(f, _("%ld of these %ld orders lose at least one update.\n"), bad,
				rep->schedules);
		else
			fprintf(f, _("None of these %ld orders loses an update.\n"), rep->schedules);
		break;
	case EXPLORE_CELL:
		if (bad)
			fprintf(f, _("%ld of these %ld orders lose at least one value.\n"), bad,
				rep->schedules);
		else
			fprintf(f, _("None of these %ld orders loses a value.\n"), rep->schedules);
		break;
	case EXPLORE_FLOW:
		if (bad)
			fprintf(f, _("%ld of these %ld orders end with a process asleep for ever.\n"),
				bad, rep->schedules);
		else
			fprintf(f, _("Every one of these %ld orders ends with no process asleep.\n"),
				rep->schedules);
		if (rep->multi && deadlocked)
			fprintf(f, _("%ld of these %ld orders end in a deadlock.\n"), deadlocked,
				rep->schedules);
		else if (rep->multi)
			fprintf(f, _("None of these %ld orders ends in a deadlock.\n"), rep->schedules);
		break;
	}
}

/* Contract in explore.h. */
void explore_write_table(FILE *f, const struct explore_report *rep)
{
	const char *head[EXPLORE_COLS];
	int ncols = explore_heads(rep, head), width[EXPLORE_COLS];
	char (*cells)[EXPLORE_COLS][EXPLORE_CELL_BYTES] =
		calloc(rep->noutcomes ? rep->noutcomes : 1, sizeof *cells);

	explore_write_head(f, rep);
	if (!cells)
		return;
	for (int c = 0; c < ncols; c++)
		width[c] = explore_width(head[c]);
	for (size_t i = 0; i < rep->noutcomes; i++) {
		explore_row(rep, i, cells[i]);
		for (int c = 0; c < ncols; c++)
			if (explore_width(cells[i][c]) > width[c])
				width[c] = explore_width(cells[i][c]);
	}
	for (size_t i = 0; i <= rep->noutcomes; i++) {
		for (int c = 0; c < ncols; c++) {
			const char *s = i == 0 ? head[c] : cells[i - 1][c];
			int pad = width[c] - explore_width(s);
			bool words = rep->kind == EXPLORE_FLOW && c >= ncols - 2;
			if (c > 0)
				fputs("  ", f);
			if (!words)
				fprintf(f, "%*s%s", pad > 0 ? pad : 0, "", s);
			else
				fprintf(f, "%s%*s", s, pad > 0 && c < ncols - 1 ? pad : 0, "");
		}
		fputc('\n', f);
	}
	free(cells);
	explore_write_lesson(f, rep);
}

/* One outcome's "result" object. NULL when memory runs out. */
static cJSON *explore_json_result(const struct explore_report *rep, const struct explore_outcome *o)
{
	cJSON *r = cJSON_CreateObject(), *blocked, *asleep;
	bool ok = r != NULL;

	switch (rep->kind) {
	case EXPLORE_RACE:
		ok = ok && cJSON_AddNumberToObject(r, "counter", (double)o->counter) &&
		     cJSON_AddNumberToObject(r, "expected", (double)o->expected);
		break;
	case EXPLORE_CELL:
		ok = ok && cJSON_AddNumberToObject(r, "lost", (double)o->lost) &&
		     cJSON_AddNumberToObject(r, "stale", (double)o->stale);
		break;
	case EXPLORE_FLOW:
		ok = ok && cJSON_AddNumberToObject(r, "items", (double)o->items) &&
		     (blocked = cJSON_AddObjectToObject(r, "blocked")) != NULL;
		for (int a = 0; ok && a < rep->nactors; a++)
			ok = cJSON_AddNumberToObject(blocked, rep->names[a], (double)o->blocked[a]);
		ok = ok && cJSON_AddNumberToObject(r, "epipe", (double)o->epipe);
		if (ok && rep->mixing)
			ok = cJSON_AddNumberToObject(r, "mixed", (double)o->mixed);
		if (ok && o->errors)
			ok = cJSON_AddNumberToObject(r, "errors", (double)o->errors);
		if (ok && rep->multi)
			ok = cJSON_AddBoolToObject(r, "deadlock", o->deadlock != 0) &&
			     cJSON_AddNumberToObject(r, "eof", (double)o->eof);
		ok = ok && (asleep = cJSON_AddArrayToObject(r, "asleep")) != NULL;
		for (int a = 0; ok && a < rep->nactors && a < 32; a++)
			if (o->asleep & (1u << a)) {
				cJSON *name = cJSON_CreateString(rep->names[a]);
				ok = name && cJSON_AddItemToArray(asleep, name);
			}
		break;
	}
	if (!ok) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

/* Contract in explore.h. */
int explore_write_json(FILE *f, const struct explore_report *rep)
{
	cJSON *root = cJSON_CreateObject(), *list;
	bool ok = root && cJSON_AddStringToObject(root, "scenario", rep->scenario) &&
		  cJSON_AddNumberToObject(root, "schedules", (double)rep->schedules) &&
		  cJSON_AddBoolToObject(root, "complete", rep->complete) &&
		  (list = cJSON_AddArrayToObject(root, "outcomes")) != NULL;
	char *text;
	int rc;

	for (size_t i = 0; ok && i < rep->noutcomes; i++) {
		cJSON *one = cJSON_CreateObject(), *result = explore_json_result(rep, &rep->outcomes[i]);
		if (!one || !result || !cJSON_AddItemToObject(one, "result", result)) {
			cJSON_Delete(one);
			cJSON_Delete(result);
			ok = false;
		} else if (!cJSON_AddNumberToObject(one, "count", (double)rep->outcomes[i].count) ||
			   !cJSON_AddItemToArray(list, one)) {
			cJSON_Delete(one);
			ok = false;
		}
	}
	text = ok ? cJSON_PrintUnformatted(root) : NULL;
	cJSON_Delete(root);
	if (!text)
		return -1;
	rc = fprintf(f, "%s\n", text) < 0 ? -1 : 0;
	free(text);
	return rc;
}
