/* export.c - one web page from an asciicast v2 recording: the reader that
 * checks the cast and gathers its markers, and the writer of the page.
 *
 * The page is written in one pass, the player's script and style inlined as
 * they are (export_player_load refuses a script that could close its own
 * <script> element), every word of ours and of the cast HTML-escaped, and
 * the cast itself as a JSON string inside a <script type="application/json">
 * with <, > and & written as \u003c, \u003e and \u0026: a recording that
 * printed "</script>" stays data. The player is started by a few lines of
 * script at the end; without script the page still shows the introduction,
 * the chapters and the licence.
 */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "i18n.h"

/* Fonts for the terminal: monospaced ones whose CJK characters are exactly
 * two Latin cells wide come first, so that a Chinese recording lines up; the
 * player's own list follows. */
#define EXPORT_TERM_FONTS                                                                  \
	"\"Noto Sans Mono CJK SC\", \"Sarasa Mono SC\", \"Source Han Mono SC\", "          \
	"\"WenQuanYi Zen Hei Mono\", \"Cascadia Code\", \"Source Code Pro\", Menlo, "      \
	"Consolas, \"DejaVu Sans Mono\", monospace"

/* Reads a whole regular file, at most `max` bytes, NUL-terminated. NULL with
 * errno set (EFBIG past max, EINVAL for what is not a regular file). */
static char *export_slurp(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int saved;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	for (;;) {
		ssize_t got;
		if (cap - n < 65536) {
			char *grown;
			cap = cap ? cap * 2 : 262144;
			grown = realloc(buf, cap + 1);
			if (!grown)
				goto fail;
			buf = grown;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			goto fail;
		if (got == 0)
			break;
		n += (size_t)got;
		if (n > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	if (!buf && !(buf = malloc(1)))
		goto fail;
	buf[n] = '\0';
	close(fd);
	*len = n;
	return buf;
fail:
	saved = errno;
	close(fd);
	free(buf);
	errno = saved;
	return NULL;
}

/* A copy of a JSON string member of obj, or NULL (also when it is no string). */
static char *export_json_strdup(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) && v->valuestring ? strdup(v->valuestring) : NULL;
}

/* Checks the header line. EXPORT_OK, or the status with err said. */
static enum export_status export_header(struct export_cast *c, const char *line, size_t len,
					const char *path, char *err, size_t errlen)
{
	cJSON *h = cJSON_ParseWithLength(line, len);
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(h, "version");
	const cJSON *w = cJSON_GetObjectItemCaseSensitive(h, "width");
	const cJSON *ht = cJSON_GetObjectItemCaseSensitive(h, "height");
	const cJSON *ours = cJSON_GetObjectItemCaseSensitive(h, "ipcviz");
	enum export_status rc = EXPORT_BAD_INPUT;

	if (!cJSON_IsObject(h) || !cJSON_IsNumber(version)) {
		snprintf(err, errlen, _("%s:1: not an asciicast recording: its first line is not "
					"an asciicast header"), path);
		goto out;
	}
	if (version->valuedouble == 3) {
		snprintf(err, errlen, _("%s: an asciicast v3 recording; ipcviz export reads v2, "
					"the format ipcviz --record writes"), path);
		goto out;
	}
	if (version->valuedouble != 2) {
		snprintf(err, errlen, _("%s:1: not an asciicast v2 recording (version %g)"), path,
			 version->valuedouble);
		goto out;
	}
	if (!cJSON_IsNumber(w) || !cJSON_IsNumber(ht) || w->valuedouble < 1 ||
	    w->valuedouble > 10000 || ht->valuedouble < 1 || ht->valuedouble > 10000 ||
	    w->valuedouble != floor(w->valuedouble) || ht->valuedouble != floor(ht->valuedouble)) {
		snprintf(err, errlen, _("%s:1: the header's width and height must be whole numbers "
					"of cells"), path);
		goto out;
	}
	c->width = (int)w->valuedouble;
	c->height = (int)ht->valuedouble;
	errno = 0;
	c->title = export_json_strdup(h, "title");
	if (cJSON_IsObject(ours)) {
		c->scenario = export_json_strdup(ours, "scenario");
		c->comments = export_json_strdup(ours, "comments");
	}
	rc = errno == ENOMEM ? EXPORT_FAILED : EXPORT_OK;
	if (rc != EXPORT_OK)
		snprintf(err, errlen, "%s", strerror(ENOMEM));
out:
	cJSON_Delete(h);
	return rc;
}

/* Adds a marker. 0, or -1 when memory ran out. */
static int export_add_marker(struct export_cast *c, double time, const char *label)
{
	struct export_marker *grown;

	if ((c->nmarkers & (c->nmarkers - 1)) == 0) { /* 0, 1, 2, 4, …: grow to twice */
		grown = realloc(c->markers, (c->nmarkers ? c->nmarkers * 2 : 16) * sizeof *grown);
		if (!grown)
			return -1;
		c->markers = grown;
	}
	c->markers[c->nmarkers].time = time;
	if (!(c->markers[c->nmarkers].label = strdup(label)))
		return -1;
	c->nmarkers++;
	return 0;
}

/* The time of an event as the player counts it (export.h): *raw is the
 * cast's time of the event before, *shown the player's. */
static double export_player_time(double t, double *raw, double *shown)
{
	double gap = t - *raw;

	if (gap < 0)
		gap = 0;
	if (gap > EXPORT_IDLE_LIMIT)
		gap = EXPORT_IDLE_LIMIT;
	if (t > *raw)
		*raw = t;
	*shown += gap;
	return *shown;
}

/* Checks one event line; gathers a marker. EXPORT_OK, or the status with err
 * said. raw and shown: export_player_time's. */
static enum export_status export_event(struct export_cast *c, const char *line, size_t len,
				       const char *path, long lineno, char *err, size_t errlen,
				       double *raw, double *shown)
{
	double at;
	cJSON *e = cJSON_ParseWithLength(line, len);
	const cJSON *t = cJSON_GetArrayItem(e, 0), *code = cJSON_GetArrayItem(e, 1),
		    *data = cJSON_GetArrayItem(e, 2);
	enum export_status rc = EXPORT_BAD_INPUT;

	if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 3 || !cJSON_IsNumber(t) ||
	    !isfinite(t->valuedouble) || t->valuedouble < 0 || !cJSON_IsString(code)) {
		snprintf(err, errlen, _("%s:%ld: not an asciicast v2 event ([time, code, data])"),
			 path, lineno);
		goto out;
	}
	if (strcmp(code->valuestring, "o") == 0 || strcmp(code->valuestring, "m") == 0 ||
	    strcmp(code->valuestring, "i") == 0 || strcmp(code->valuestring, "r") == 0) {
		if (!cJSON_IsString(data)) {
			snprintf(err, errlen, _("%s:%ld: the data of a \"%s\" event must be a string"),
				 path, lineno, code->valuestring);
			goto out;
		}
	}
	rc = EXPORT_OK;
	at = export_player_time(t->valuedouble, raw, shown);
	if (strcmp(code->valuestring, "o") == 0 && c->first_output < 0)
		c->first_output = at;
	c->last_time = at;
	if (strcmp(code->valuestring, "m") == 0 &&
	    export_add_marker(c, at, data->valuestring) != 0) {
		snprintf(err, errlen, "%s", strerror(ENOMEM));
		rc = EXPORT_FAILED;
	}
out:
	cJSON_Delete(e);
	return rc;
}

/* Contract in export.h. */
enum export_status export_cast_read(struct export_cast *c, const char *path, char *err,
				    size_t errlen)
{
	enum export_status rc = EXPORT_OK;
	const char *at, *end;
	long lineno = 0;
	double raw = 0, shown = 0;

	memset(c, 0, sizeof *c);
	c->first_output = -1;
	c->text = export_slurp(path, EXPORT_CAST_MAX, &c->len);
	if (!c->text) {
		if (errno == EFBIG)
			snprintf(err, errlen, _("%s: cannot read: larger than 256 MiB, not a lesson"),
				 path);
		else if (errno == EINVAL)
			snprintf(err, errlen, _("%s: cannot read: not a regular file"), path);
		else
			snprintf(err, errlen, _("%s: cannot read: %s"), path, strerror(errno));
		return errno == ENOMEM ? EXPORT_FAILED : EXPORT_BAD_INPUT;
	}
	if (memchr(c->text, '\0', c->len)) {
		snprintf(err, errlen, _("%s: not an asciicast recording: it has a NUL byte"), path);
		rc = EXPORT_BAD_INPUT;
		goto fail;
	}
	for (at = c->text; rc == EXPORT_OK && at < c->text + c->len; at = end + 1) {
		size_t len;
		end = strchr(at, '\n');
		if (!end)
			end = c->text + c->len;
		len = (size_t)(end - at);
		lineno++;
		if (len > 0 && at[len - 1] == '\r')
			len--;
		if (lineno == 1)
			rc = export_header(c, at, len, path, err, errlen);
		else if (len > 0)
			rc = export_event(c, at, len, path, lineno, err, errlen, &raw, &shown);
	}
	if (rc == EXPORT_OK && lineno == 0) {
		snprintf(err, errlen, _("%s: not an asciicast recording: the file is empty"), path);
		rc = EXPORT_BAD_INPUT;
	}
	if (rc == EXPORT_OK)
		return EXPORT_OK;
fail:
	export_cast_free(c);
	return rc;
}

/* Contract in export.h. */
void export_cast_free(struct export_cast *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nmarkers; i++)
		free(c->markers[i].label);
	free(c->markers);
	free(c->text);
	free(c->title);
	free(c->scenario);
	free(c->comments);
	memset(c, 0, sizeof *c);
	c->first_output = -1;
}

/* Contract in export.h. */
enum export_status export_player_load(struct export_player *p, const char *dir, char *err,
				      size_t errlen)
{
	static const char *const names[] = {"asciinema-player.min.js", "asciinema-player.css",
					    "LICENSE", "VERSION"};
	char *text[4] = {NULL, NULL, NULL, NULL};
	char path[4096];
	size_t len;

	memset(p, 0, sizeof *p);
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		text[i] = export_slurp(path, 64L * 1024 * 1024, &len);
		if (!text[i]) {
			bool oom = errno == ENOMEM;
			snprintf(err, errlen,
				 oom ? "%s" : _("the web player asciinema-player is missing: no %s "
						"(it is built and installed with ipcviz; "
						"IPCVIZ_PLAYER_DIR says where else to look)"),
				 oom ? strerror(ENOMEM) : path);
			for (int j = 0; j < i; j++)
				free(text[j]);
			return oom ? EXPORT_FAILED : EXPORT_BAD_INPUT;
		}
	}
	/* Inlined as it is, the script must not end its own element early. */
	if (strcasestr(text[0], "</script") || strcasestr(text[1], "</style")) {
		snprintf(err, errlen, _("%s: the web player cannot be put inside a page as it is"),
			 dir);
		for (int j = 0; j < 4; j++)
			free(text[j]);
		return EXPORT_BAD_INPUT;
	}
	p->js = text[0];
	p->css = text[1];
	p->license = text[2];
	snprintf(p->version, sizeof p->version, "%.*s", (int)strcspn(text[3], "\r\n"), text[3]);
	free(text[3]);
	return EXPORT_OK;
}

/* Contract in export.h. */
void export_player_free(struct export_player *p)
{
	if (!p)
		return;
	free(p->js);
	free(p->css);
	free(p->license);
	memset(p, 0, sizeof *p);
}

/* Contract in export.h. */
double export_poster_time(const struct export_cast *c)
{
	double t;

	if (c->first_output < 0)
		return 0;
	t = c->first_output + 0.1;
	if (c->nmarkers > 0 && c->markers[0].time < t)
		t = c->markers[0].time > c->first_output ? c->markers[0].time : c->first_output;
	return t;
}

/* s HTML-escaped: & < > " and ' as entities, the rest as it is. */
static void export_html(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: fputc(*s, f);
		}
	}
}

/* s as a JSON string that is safe anywhere in HTML: cJSON's escaping, with
 * < > & and the line separators U+2028 and U+2029 as \u escapes too. -1 when
 * memory ran out. */
static int export_json_string(FILE *f, const char *s)
{
	cJSON *str = cJSON_CreateString(s ? s : "");
	char *json = str ? cJSON_PrintUnformatted(str) : NULL;

	cJSON_Delete(str);
	if (!json) {
		errno = ENOMEM;
		return -1;
	}
	for (const char *q = json; *q; q++) {
		if (*q == '<')
			fputs("\\u003c", f);
		else if (*q == '>')
			fputs("\\u003e", f);
		else if (*q == '&')
			fputs("\\u0026", f);
		else if ((unsigned char)q[0] == 0xe2 && (unsigned char)q[1] == 0x80 &&
			 ((unsigned char)q[2] == 0xa8 || (unsigned char)q[2] == 0xa9)) {
			fputs((unsigned char)q[2] == 0xa8 ? "\\u2028" : "\\u2029", f);
			q += 2;
		} else
			fputc(*q, f);
	}
	cJSON_free(json);
	return 0;
}

/* "1:05.2": a marker's time, for the chapter list. */
static void export_clock(char *buf, size_t len, double t)
{
	int minutes = (int)(t / 60);

	snprintf(buf, len, "%d:%04.1f", minutes, t - minutes * 60.0);
}

/* The introduction: the title, then the scenario's comments, a paragraph for
 * each run of lines between empty ones. */
static void export_intro(FILE *f, const struct export_cast *c)
{
	const char *title = c->title && *c->title ? c->title : c->scenario;
	const char *s = c->comments;

	fputs("<header>\n<h1>", f);
	export_html(f, title ? title : _("An ipcviz lesson"));
	fputs("</h1>\n", f);
	if (c->scenario) {
		/* TRANSLATORS: under the page's title; %s is the scenario's name */
		const char *line = _("Recorded with ipcviz, scenario %s."), *at = strstr(line, "%s");
		char *before = strndup(line, at ? (size_t)(at - line) : strlen(line));
		fputs("<p class=\"scenario\">", f);
		export_html(f, before ? before : "");
		fputs("<code>", f);
		export_html(f, c->scenario);
		fputs("</code>", f);
		export_html(f, at ? at + 2 : "");
		fputs("</p>\n", f);
		free(before);
	}
	while (s && *s) {
		const char *end = strstr(s, "\n\n");
		size_t n = end ? (size_t)(end - s) : strlen(s);
		char *para = strndup(s, n);
		if (para && *para) {
			fputs("<p class=\"comments\">", f);
			export_html(f, para);
			fputs("</p>\n", f);
		}
		free(para);
		s += n;
		while (*s == '\n')
			s++;
	}
	fputs("</header>\n", f);
}

/* The chapter list: a button a marker, its time and its label. */
static void export_chapters(FILE *f, const struct export_cast *c)
{
	char clock[32];

	fputs("<nav aria-labelledby=\"chapters-title\">\n<h2 id=\"chapters-title\">", f);
	export_html(f, _("Chapters"));
	fputs("</h2>\n", f);
	if (c->nmarkers == 0) {
		fputs("<p>", f);
		export_html(f, _("This recording has no markers."));
		fputs("</p>\n", f);
	}
	fputs("<ol id=\"chapters\">\n", f);
	for (size_t i = 0; i < c->nmarkers; i++) {
		export_clock(clock, sizeof clock, c->markers[i].time);
		fprintf(f, "<li><button type=\"button\" data-marker=\"%zu\" data-time=\"%.6f\">"
			   "<span class=\"at\">%s</span> ",
			i, c->markers[i].time, clock);
		export_html(f, c->markers[i].label);
		fputs("</button></li>\n", f);
	}
	fputs("</ol>\n</nav>\n", f);
}

/* The page's own style: one column, readable on a phone, wide on a projector. */
static const char export_style[] =
	"body{margin:0 auto;max-width:72rem;padding:0.75rem;font:1rem/1.5 system-ui,sans-serif;"
	"color:#1b1b1b;background:#fafafa}\n"
	"h1{font-size:1.5rem;margin:0.5rem 0}h2{font-size:1.15rem;margin:1rem 0 0.25rem}\n"
	"p.comments{max-width:46rem}\n"
	"#ipcviz-player{width:100%;margin:0.75rem 0}\n"
	".controls{display:flex;flex-wrap:wrap;gap:0.5rem 1.5rem;align-items:center}\n"
	".controls label{font-weight:600}.keys{color:#444;font-size:0.9rem}\n"
	"kbd{border:1px solid #999;border-radius:3px;padding:0 0.3em;font-size:0.85em}\n"
	"#chapters{padding-left:2.5rem}#chapters li{margin:0.15rem 0}\n"
	"#chapters button{all:unset;cursor:pointer;display:block;padding:0.2rem 0.3rem;"
	"border-radius:4px}\n"
	"#chapters button:hover,#chapters button:focus{background:#e3ecf7;outline:1px solid #7aa}\n"
	"#chapters li.now button{background:#d6e6fa;font-weight:600}\n"
	"#chapters .at{font-variant-numeric:tabular-nums;color:#666;margin-right:0.4rem}\n"
	"footer{margin-top:2rem;font-size:0.85rem;color:#555}footer pre{white-space:pre-wrap;"
	"font-size:0.75rem}\n"
	"@media (max-width:40rem){body{padding:0.4rem}h1{font-size:1.25rem}"
	"#chapters{padding-left:1.8rem}}\n"
	"@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#161616}"
	".keys,footer,#chapters .at{color:#aaa}#chapters li.now button{background:#24405f}"
	"#chapters button:hover,#chapters button:focus{background:#2a3442}}\n";

/* The script that starts the player, reads the switch and follows the
 * chapters. pauseOnMarkers is an option of the player's creation: turning the
 * switch makes the player anew at the moment it had reached. */
static const char export_script[] =
	"(function () {\n"
	"  \"use strict\";\n"
	"  var cast = JSON.parse(document.getElementById(\"ipcviz-cast\").textContent);\n"
	"  var opts = JSON.parse(document.getElementById(\"ipcviz-options\").textContent);\n"
	"  var box = document.getElementById(\"ipcviz-pause\");\n"
	"  var el = document.getElementById(\"ipcviz-player\");\n"
	"  var items = document.querySelectorAll(\"#chapters li\");\n"
	"  var player = null, playing = false;\n"
	"  function mark(i) {\n"
	"    for (var j = 0; j < items.length; j++)\n"
	"      items[j].className = j === i ? \"now\" : \"\";\n"
	"  }\n"
	"  function make(at, play) {\n"
	"    var o = Object.assign({}, opts, {pauseOnMarkers: box.checked, autoPlay: play});\n"
	"    if (at > 0) { o.startAt = at; delete o.poster; }\n"
	"    if (player) player.dispose();\n"
	"    el.textContent = \"\";\n"
	"    playing = play;\n"
	"    player = AsciinemaPlayer.create({data: cast}, el, o);\n"
	"    player.addEventListener(\"play\", function () { playing = true; });\n"
	"    player.addEventListener(\"playing\", function () { playing = true; });\n"
	"    player.addEventListener(\"pause\", function () { playing = false; });\n"
	"    player.addEventListener(\"ended\", function () { playing = false; });\n"
	"    player.addEventListener(\"marker\", function (m) { mark(m.index); });\n"
	"  }\n"
	"  box.addEventListener(\"change\", function () {\n"
	"    make(player.getCurrentTime(), playing);\n"
	"  });\n"
	"  Array.prototype.forEach.call(items, function (li, i) {\n"
	"    li.firstElementChild.addEventListener(\"click\", function () {\n"
	"      player.seek({marker: i}).then(function () { mark(i); });\n"
	"    });\n"
	"  });\n"
	"  make(0, false);\n"
	"})();\n";

/* The options the player is made with, as JSON. */
static int export_options(FILE *f, const struct export_cast *c)
{
	cJSON *o = cJSON_CreateObject();
	char poster[64], *json;

	if (!o)
		goto oom;
	snprintf(poster, sizeof poster, "npt:%.3f", export_poster_time(c));
	cJSON_AddNumberToObject(o, "cols", c->width);
	cJSON_AddNumberToObject(o, "rows", c->height);
	cJSON_AddStringToObject(o, "poster", poster);
	cJSON_AddBoolToObject(o, "preload", 1);
	cJSON_AddStringToObject(o, "fit", "width");
	cJSON_AddNumberToObject(o, "idleTimeLimit", EXPORT_IDLE_LIMIT);
	cJSON_AddStringToObject(o, "terminalFontFamily", EXPORT_TERM_FONTS);
	cJSON_AddNumberToObject(o, "terminalLineHeight", 1.2);
	json = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!json)
		goto oom;
	fputs(json, f); /* numbers and our own ASCII strings: nothing to escape */
	cJSON_free(json);
	return 0;
oom:
	errno = ENOMEM;
	return -1;
}

/* Contract in export.h. */
int export_page_write(FILE *f, const struct export_cast *c, const struct export_player *p)
{
	const char *title = c->title && *c->title ? c->title : c->scenario;

	/* TRANSLATORS: the language tag of the exported web page (BCP 47), e.g. zh-CN */
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
		_("en"));
	fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", f);
	/* Nothing to load and nowhere to connect: the player's WebAssembly is
	 * inlined in its script, so the page needs only its own inline code. */
	fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "script-src 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'unsafe-inline'; "
	      "img-src data:; font-src data:; connect-src 'none'; media-src 'none'; "
	      "worker-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; "
	      "form-action 'none'\">\n",
	      f);
	fputs("<meta name=\"generator\" content=\"ipcviz " IPCVIZ_VERSION "\">\n<title>", f);
	export_html(f, title ? title : _("An ipcviz lesson"));
	fputs("</title>\n<style>\n", f);
	fputs(p->css, f);
	fprintf(f, "\n</style>\n<style>\n%s</style>\n</head>\n<body>\n", export_style);

	export_intro(f, c);
	fputs("<main>\n<div id=\"ipcviz-player\"></div>\n<div class=\"controls\">\n"
	      "<label><input type=\"checkbox\" id=\"ipcviz-pause\" checked> ",
	      f);
	export_html(f, _("Pause at every marker"));
	fputs("</label>\n<span class=\"keys\">", f);
	/* TRANSLATORS: the player's keys, under it; the <kbd> marks stay */
	fputs(_("<kbd>space</kbd> play or pause, <kbd>[</kbd> <kbd>]</kbd> the previous or "
		"next marker, <kbd>,</kbd> <kbd>.</kbd> a frame back or on, <kbd>f</kbd> full "
		"screen"),
	      f);
	fputs("</span>\n</div>\n", f);
	export_chapters(f, c);
	fputs("</main>\n<footer>\n<p>", f);
	fprintf(f, _("Played by asciinema-player %s, included in this page under the Apache "
		     "License 2.0:"),
		p->version);
	fputs("</p>\n<details><summary>", f);
	export_html(f, _("Its licence"));
	fputs("</summary>\n<pre>", f);
	export_html(f, p->license);
	fputs("</pre></details>\n</footer>\n", f);

	fputs("<script type=\"application/json\" id=\"ipcviz-cast\">", f);
	if (export_json_string(f, c->text) != 0)
		return -1;
	fputs("</script>\n<script type=\"application/json\" id=\"ipcviz-options\">", f);
	if (export_options(f, c) != 0)
		return -1;
	fputs("</script>\n<script>\n", f);
	fputs(p->js, f);
	fprintf(f, "\n</script>\n<script>\n%s</script>\n</body>\n</html>\n", export_script);
	if (ferror(f)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}
