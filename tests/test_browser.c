/* test_browser.c - the page of `ipcviz export` in a real browser: a lesson
 * recorded by the real program in a pseudo-terminal, exported, and loaded from
 * file:// by headless Chromium (Debian's chromium, /usr/bin/chromium; the
 * scripts install it, and without it the test fails and says so).
 *
 * What the browser drew is read back from the DOM it dumps (--dump-dom): a
 * probe is added to a copy of the page, a script in its <head> that gathers
 * every Content-Security-Policy violation, and one at its end that, once the
 * player has drawn, writes into a <pre> as JSON the terminal's text (the
 * poster: the first screen), the chapters, the page's own list of resources
 * it fetched (performance.getEntriesByType("resource"): the page's requests,
 * not the browser's own background traffic), the violations, then presses
 * the player's play button and tells where the player stopped (the switch
 * "Pause at every marker" is on: at the first marker). For a Chinese lesson
 * it also measures every wide character: it must start at its cell and fit in
 * its two cells. A --svg picture is loaded the same way, its probe a script
 * inside it. */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "support.h"
#include "term.h"

#define TEST_CHROMIUM "/usr/bin/chromium"
#define TEST_DEADLINE_S 25.0

static char test_dir[64];

static void test_init(void)
{
	term_init();
	support_temp_dir("browser", test_dir, sizeof test_dir);
}

static void test_fini(void)
{
	term_fini(false);
	support_remove_dir(test_dir);
}

TestSuite(browser, .init = test_init, .fini = test_fini, .timeout = 90);

/* Gathers what the page's policy refused, from the very start. */
static const char test_probe_head[] =
	"<script>\n"
	"window.ipcvizProbe = {violations: []};\n"
	"document.addEventListener(\"securitypolicyviolation\", function (e) {\n"
	"  window.ipcvizProbe.violations.push(e.violatedDirective + \" \" + e.blockedURI);\n"
	"});\n"
	"</script>\n";

/* Reads the screen, plays, reads again, reports. The terminal shown is the
 * <pre> with the most text (the player may keep another, empty, beside it). */
static const char test_probe_tail[] =
	"<script>\n"
	"(function () {\n"
	"  var out = {};\n"
	"  function term() {\n"
	"    var best = null, most = -1;\n"
	"    document.querySelectorAll(\"pre.ap-term-text\").forEach(function (t) {\n"
	"      var n = t.textContent.replace(/\\s/g, \"\").length;\n"
	"      if (n > most) { most = n; best = t; }\n"
	"    });\n"
	"    return best;\n"
	"  }\n"
	"  function text(t) {\n"
	"    return t ? Array.prototype.map.call(t.querySelectorAll(\".ap-line\"),\n"
	"      function (l) { return l.textContent; }).join(\"\\n\") : \"\";\n"
	"  }\n"
	"  function wide(t) {\n"
	"    var r = {wide: 0, off: 0};\n"
	"    if (!t) return r;\n"
	"    t.querySelectorAll(\".ap-line span\").forEach(function (s) {\n"
	"      if (!/[\\u2e80-\\ua4cf\\uac00-\\ud7a3\\uf900-\\ufaff\\uff01-\\uff60]/.test(s.textContent))\n"
	"        return;\n"
	"      var box = s.parentElement.getBoundingClientRect(), cell = box.width / COLS;\n"
	"      var b = s.getBoundingClientRect(), col = +s.style.getPropertyValue(\"--offset\");\n"
	"      var cells = Array.from(s.textContent).length * 2;\n"
	"      r.wide++;\n"
	"      if (Math.abs(b.left - box.left - col * cell) > 1 || b.width > cells * cell + 1)\n"
	"        r.off++;\n"
	"    });\n"
	"    return r;\n"
	"  }\n"
	"  function until(ok, then, left) {\n"
	"    if (ok() || left <= 0) then(); else setTimeout(function () { until(ok, then, left - 1); }, 10);\n"
	"  }\n"
	"  function drawn() { return /\\S/.test(text(term())); }\n"
	"  function stopped() {\n"
	"    return document.querySelector(\"#chapters li.now\") !== null &&\n"
	"      text(term()).indexOf(\"1/4\") >= 0;\n"
	"  }\n"
	"  until(drawn, function () {\n"
	"    out.first = text(term());\n"
	"    out.cjk = wide(term());\n"
	"    out.chapters = document.querySelectorAll(\"#chapters li\").length;\n"
	"    out.pause = document.getElementById(\"ipcviz-pause\").checked;\n"
	"    var play = document.querySelector(\".ap-playback-button\");\n"
	"    out.play = !!play;\n"
	"    if (play) play.click();\n"
	"    until(stopped, function () { setTimeout(function () {\n"
	"      out.now = Array.prototype.map.call(document.querySelectorAll(\"#chapters li\"),\n"
	"        function (li) { return li.className; }).indexOf(\"now\");\n"
	"      out.after = text(term());\n"
	"      out.resources = performance.getEntriesByType(\"resource\").map(function (e) {\n"
	"        return e.name; });\n"
	"      out.violations = window.ipcvizProbe.violations;\n"
	"      var p = document.createElement(\"pre\");\n"
	"      p.id = \"ipcviz-probe\";\n"
	"      p.textContent = JSON.stringify(out);\n"
	"      document.body.appendChild(p);\n"
	"    }, 500); }, 20000);\n"
	"  }, 20000);\n"
	"})();\n"
	"</script>\n";

/* Records pipe-full at cols x rows in `lang` (NULL: C.UTF-8), six steps then
 * q, into path. */
static void test_record(const char *path, const char *lang, int rows, int cols)
{
	const char *args[] = {"--paused", "--keys", "nnnnnn q", "--record", path, "pipe-full",
			      NULL};
	struct term t;

	term_start(&t, rows, cols, NULL, lang, 0, args);
	cr_assert_eq(term_wait_exit(&t, TERM_DEADLINE_S), 0, "the recording did not end with 0");
	term_close(&t);
}

/* The number of markers in a cast: its "m" events. */
static int test_markers(const char *path)
{
	char *text = support_read_file(path), *save = NULL;
	int n = 0;

	cr_assert(text, "no cast at %s", path);
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		cJSON *e = cJSON_Parse(line);
		const cJSON *code = cJSON_GetArrayItem(e, 1);
		n += cJSON_IsArray(e) && cJSON_IsString(code) && strcmp(code->valuestring, "m") == 0;
		cJSON_Delete(e);
	}
	free(text);
	return n;
}

/* Runs ipcviz export in `lang`; asserts it made the page. */
static void test_export(const char *cast, const char *html, const char *lang)
{
	char *argv[] = {(char *)IPCVIZ_BIN, (char *)"export", (char *)cast, (char *)"-o",
			(char *)html, NULL};
	char *out, *err;
	int status;

	cr_assert_eq(support_run_in(lang, argv, 20.0, &out, &err, &status), 0);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "ipcviz export: %s", err);
	free(out);
	free(err);
}

/* A copy of the page at `html` with the probe in it, at `probed`. */
static void test_add_probe(const char *html, const char *probed, int cols)
{
	char *page = support_read_file(html), *head, *body, cols_js[32];
	FILE *f = fopen(probed, "w");
	const char *cols_at;

	cr_assert(page && f);
	head = strstr(page, "<head>\n");
	body = strstr(page, "</body>");
	cr_assert(head && body, "the page has no <head> or no </body>");
	head += strlen("<head>\n");
	snprintf(cols_js, sizeof cols_js, "%d", cols);
	fwrite(page, 1, (size_t)(head - page), f);
	fputs(test_probe_head, f);
	fwrite(head, 1, (size_t)(body - head), f);
	for (const char *p = test_probe_tail; *p; p++) { /* COLS is the terminal's width */
		if ((cols_at = strstr(p, "COLS")) == p) {
			fputs(cols_js, f);
			p += 3;
		} else {
			fputc(*p, f);
		}
	}
	fputs(body, f);
	cr_assert_eq(fclose(f), 0);
	free(page);
}

/* The text of an element as the DOM dump writes it, its entities undone. */
static char *test_unescape(const char *s, size_t len)
{
	static const struct { const char *entity; char c; } entities[] = {
		{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''},
	};
	char *out = malloc(len + 1), *w = out;

	cr_assert(out);
	for (size_t i = 0; i < len;) {
		size_t k = 0;
		for (; k < sizeof entities / sizeof entities[0]; k++)
			if (strncmp(s + i, entities[k].entity, strlen(entities[k].entity)) == 0)
				break;
		if (k < sizeof entities / sizeof entities[0]) {
			*w++ = entities[k].c;
			i += strlen(entities[k].entity);
		} else if (strncmp(s + i, "&nbsp;", 6) == 0) {
			*w++ = ' ';
			i += 6;
		} else {
			*w++ = s[i++];
		}
	}
	*w = '\0';
	return out;
}

/* Loads `probed` in headless Chromium, its window `window` ("W,H") and
 * `budget` ms of virtual time for the probe to report, and returns the
 * report: the JSON in the element that starts with `open` and ends with
 * `close`. `silent` says why, should the probe never report. */
static cJSON *test_chromium(const char *probed, const char *window, const char *budget,
			    const char *open, const char *close, const char *silent)
{
	char url[512], profile[128], size[64], budget_arg[64], *out, *err, *at, *end, *json;
	struct stat st;
	int status;
	cJSON *report;

	cr_assert(stat(TEST_CHROMIUM, &st) == 0,
		  "no " TEST_CHROMIUM ": the browser test needs Debian's chromium "
		  "(scripts/setup installs it: apt-get install chromium)");
	snprintf(url, sizeof url, "file://%s", probed);
	snprintf(profile, sizeof profile, "--user-data-dir=%s/profile", test_dir);
	snprintf(size, sizeof size, "--window-size=%s", window);
	snprintf(budget_arg, sizeof budget_arg, "--virtual-time-budget=%s", budget);
	char *argv[] = {(char *)TEST_CHROMIUM, (char *)"--headless", (char *)"--no-sandbox",
			(char *)"--disable-gpu", (char *)"--no-first-run",
			(char *)"--no-default-browser-check", (char *)"--disable-extensions",
			(char *)"--disable-background-networking", (char *)"--disable-sync",
			(char *)"--disable-component-update", (char *)"--disable-crash-reporter",
			(char *)"--disable-breakpad", profile, size, budget_arg, (char *)"--dump-dom",
			url, NULL};
	cr_assert_eq(support_run(argv, TEST_DEADLINE_S, &out, &err, &status), 0,
		     "chromium did not end within %.0f s", TEST_DEADLINE_S);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "chromium failed: %s", err);
	at = strstr(out, open);
	cr_assert(at, "%s:\n%.2000s\n%.2000s", silent, err, out);
	at += strlen(open);
	end = strstr(at, close);
	cr_assert(end);
	json = test_unescape(at, (size_t)(end - at));
	report = cJSON_Parse(json);
	cr_assert(cJSON_IsObject(report), "not JSON: %.500s", json);
	free(json);
	free(out);
	free(err);
	cr_assert_eq(support_reap_orphans(5.0), 0, "chromium left processes behind");
	return report;
}

/* The page's probe's report (test_probe_tail), the page at `probed`. */
static cJSON *test_browse(const char *probed)
{
	return test_chromium(probed, "1024,900", "600000", "<pre id=\"ipcviz-probe\">", "</pre>",
			     "the page's probe never reported (the player did not start?)");
}

static const char *test_str(const cJSON *report, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(report, key);

	cr_assert(cJSON_IsString(v), "the probe has no %s", key);
	return v->valuestring;
}

static int test_int(const cJSON *report, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(report, key);

	cr_assert(cJSON_IsNumber(v), "the probe has no %s", key);
	return v->valueint;
}

/* No request left the page, and its policy refused none it tried. */
static void test_no_request(const cJSON *report)
{
	const cJSON *res = cJSON_GetObjectItem(report, "resources");
	const cJSON *vio = cJSON_GetObjectItem(report, "violations");
	char *r = cJSON_PrintUnformatted(res), *v = cJSON_PrintUnformatted(vio);

	cr_assert(cJSON_IsArray(res) && cJSON_GetArraySize(res) == 0, "the page fetched: %s", r);
	cr_assert(cJSON_IsArray(vio) && cJSON_GetArraySize(vio) == 0,
		  "the page tried what its policy refuses: %s", v);
	free(r);
	free(v);
}

Test(browser, the_page_shows_the_first_screen_and_steps_marker_by_marker)
{
	char cast[128], html[128], probed[128];
	cJSON *report;
	int markers;

	snprintf(cast, sizeof cast, "%s/lesson.cast", test_dir);
	snprintf(html, sizeof html, "%s/lesson.html", test_dir);
	snprintf(probed, sizeof probed, "%s/probed.html", test_dir);
	test_record(cast, NULL, 24, 80);
	markers = test_markers(cast);
	cr_assert_gt(markers, 2, "the recording has %d markers", markers);
	test_export(cast, html, NULL);
	test_add_probe(html, probed, 80);
	report = test_browse(probed);

	/* the poster: the first screen, before anyone pressed play */
	const char *first = test_str(report, "first");
	cr_assert(strstr(first, "ipcviz · Full pipe: the producer blocks"),
		  "the first screen is not drawn:\n%s", first);
	cr_assert(strstr(first, "PAUSED") && strstr(first, "producer-1") &&
		  strstr(first, "consumer-1"), "the first screen is not whole:\n%s", first);
	/* a chapter a marker, and the switch on */
	cr_assert_eq(test_int(report, "chapters"), markers);
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(report, "pause")), "the switch is off");
	/* played: the player stops at the first marker, its chapter marked */
	cr_assert(cJSON_IsTrue(cJSON_GetObjectItem(report, "play")), "no play button");
	cr_assert_eq(test_int(report, "now"), 0, "the player did not stop at the first marker");
	cr_assert(strstr(test_str(report, "after"), "1/4"),
		  "the screen at the first marker is not the put's:\n%s", test_str(report, "after"));
	test_no_request(report);
	cJSON_Delete(report);
}

Test(browser, a_chinese_lesson_lines_up)
{
	char cast[128], html[128], probed[128];
	const cJSON *cjk;
	cJSON *report;

	snprintf(cast, sizeof cast, "%s/zh.cast", test_dir);
	snprintf(html, sizeof html, "%s/zh.html", test_dir);
	snprintf(probed, sizeof probed, "%s/zh-probed.html", test_dir);
	test_record(cast, "zh_CN.UTF-8", 24, 80);
	test_export(cast, html, "zh_CN.UTF-8");
	test_add_probe(html, probed, 80);
	report = test_browse(probed);

	const char *first = test_str(report, "first");
	cr_assert(strstr(first, "管道已满"), "the Chinese title is not drawn:\n%s", first);
	cr_assert_eq(test_int(report, "chapters"), test_markers(cast));
	cjk = cJSON_GetObjectItem(report, "cjk");
	cr_assert_gt(test_int(cjk, "wide"), 20, "too few wide characters measured");
	cr_assert_eq(test_int(cjk, "off"), 0,
		     "%d of %d wide characters are not in their two cells", test_int(cjk, "off"),
		     test_int(cjk, "wide"));
	test_no_request(report);
	cJSON_Delete(report);
}

/* The probe of a --svg picture, put just before its </svg>: once loaded, it
 * writes into a <text id="ipcviz-probe"> as JSON the lanes' names and how
 * many of its texts the browser laid out, and how many of those it drew
 * (partly) off the page. It runs only if the browser parsed the picture as
 * XML: a document that is not well-formed stops at its error. */
static const char test_svg_probe[] =
	"<script><![CDATA[\n"
	"window.addEventListener(\"load\", function () {\n"
	"  var out = {names: [], texts: 0, outside: 0, errors: 0};\n"
	"  var vb = document.documentElement.viewBox.baseVal;\n"
	"  document.querySelectorAll(\"text\").forEach(function (t) {\n"
	"    var b = t.getBBox();\n"
	"    out.texts++;\n"
	"    if (b.x < vb.x || b.y < vb.y || b.x + b.width > vb.x + vb.width ||\n"
	"        b.y + b.height > vb.y + vb.height) out.outside++;\n"
	"  });\n"
	"  document.querySelectorAll(\"text.name\").forEach(function (t) {\n"
	"    out.names.push(t.textContent); });\n"
	"  out.errors = document.getElementsByTagName(\"parsererror\").length;\n"
	"  var p = document.createElementNS(\"http://www.w3.org/2000/svg\", \"text\");\n"
	"  p.setAttribute(\"id\", \"ipcviz-probe\");\n"
	"  p.textContent = JSON.stringify(out);\n"
	"  document.documentElement.appendChild(p);\n"
	"});\n"
	"]]></script>\n";

/* Draws built-in `name` headless with --svg in `lang` and writes a copy of
 * the picture with the probe in it at probed. */
static void test_draw_svg(const char *name, const char *lang, const char *probed)
{
	char svg[128], *out, *err, *text, *end;
	char *argv[] = {(char *)IPCVIZ_BIN, (char *)"--headless", (char *)"--speed", (char *)"max",
			(char *)"--svg", svg, (char *)name, NULL};
	int status;
	FILE *f;

	snprintf(svg, sizeof svg, "%s/%s.svg", test_dir, name);
	cr_assert_eq(support_run_in(lang, argv, 20.0, &out, &err, &status), 0);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "ipcviz --svg: %s", err);
	free(out);
	free(err);
	text = support_read_file(svg);
	cr_assert(text, "no picture at %s", svg);
	end = strstr(text, "</svg>");
	cr_assert(end, "the picture has no </svg>");
	f = fopen(probed, "w");
	cr_assert(f);
	fwrite(text, 1, (size_t)(end - text), f);
	fputs(test_svg_probe, f);
	fputs(end, f);
	cr_assert_eq(fclose(f), 0);
	free(text);
}

/* The picture's probe's report (test_svg_probe), the picture at `probed`. */
static cJSON *test_browse_svg(const char *probed)
{
	return test_chromium(probed, "1600,900", "10000", "<text id=\"ipcviz-probe\">", "</text>",
			     "the picture's probe never reported (not parsed?)");
}

/* The report names exactly these processes, in order, and no word is off the
 * page. */
static void test_svg_names(const cJSON *report, const char *const *want, int n)
{
	const cJSON *names = cJSON_GetObjectItem(report, "names");

	cr_assert_eq(test_int(report, "errors"), 0, "the browser found errors in the picture");
	cr_assert_eq(cJSON_GetArraySize(names), n, "%d lanes for %d processes",
		     cJSON_GetArraySize(names), n);
	for (int i = 0; i < n; i++)
		cr_assert_str_eq(cJSON_GetArrayItem(names, i)->valuestring, want[i]);
	cr_assert_gt(test_int(report, "texts"), 20, "too few texts laid out");
	cr_assert_eq(test_int(report, "outside"), 0, "%d of %d texts run off the page",
		     test_int(report, "outside"), test_int(report, "texts"));
}

Test(browser, an_svg_parses_and_names_every_process)
{
	static const char *const pipeline[] = {"source-1", "filter-1", "sink-1"};
	static const char *const full[] = {"producer-1", "consumer-1"};
	char probed[128];
	cJSON *report;

	snprintf(probed, sizeof probed, "%s/pipeline-probed.svg", test_dir);
	test_draw_svg("pipeline", NULL, probed);
	report = test_browse_svg(probed);
	test_svg_names(report, pipeline, 3);
	cJSON_Delete(report);
	/* in Chinese: the words are wider, and still on the page */
	snprintf(probed, sizeof probed, "%s/zh-probed.svg", test_dir);
	test_draw_svg("pipe-full", "zh_CN.UTF-8", probed);
	report = test_browse_svg(probed);
	test_svg_names(report, full, 2);
	cJSON_Delete(report);
}
