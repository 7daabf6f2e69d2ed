/* program_text.c - the lines of a program of ipcviz --print-code, in either
 * language: adding a line or a wrapped comment, the printed words and their
 * templates, a pause, and the start every C program shares. program.c (one
 * channel) and program_multi.c (several) both write their programs with these,
 * so neither calls the other for them.
 */
#include "program_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* A template's words: "context|words" where a context tells the translator
 * which one is meant; untranslated, the context goes. */
const char *program_words(const char *msgid)
{
	const char *t = gettext(msgid);
	const char *bar = strchr(t, '|');

	return t == msgid && bar ? bar + 1 : t;
}

/* Contract in program_int.h. */
const char *program_signal(enum scenario_action_kind k)
{
	return k == ACTION_KILL ? "SIGKILL" : k == ACTION_STOP ? "SIGSTOP" : "SIGCONT";
}

/* ---- lines ---------------------------------------------------------------- */

static struct program_line *program_push(struct program *p, const char *text, size_t len)
{
	if (p->nlines == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 128;
		struct program_line *l = realloc(p->lines, cap * sizeof *l);
		if (!l) {
			p->failed = true;
			return NULL;
		}
		p->lines = l;
		p->cap = cap;
	}
	int ind = len ? p->indent : 0;
	size_t w = p->lang == PROGRAM_C ? 1 : 4;
	char *s = malloc((size_t)ind * w + len + 1);
	if (!s) {
		p->failed = true;
		return NULL;
	}
	memset(s, p->lang == PROGRAM_C ? '\t' : ' ', (size_t)ind * w);
	memcpy(s + (size_t)ind * w, text, len);
	s[(size_t)ind * w + len] = '\0';
	struct program_line *line = &p->lines[p->nlines++];
	*line = (struct program_line){.text = s, .tag = PROGRAM_OTHER, .group = p->group, .op = -1};
	return line;
}

/* Contract in program_int.h. */
struct program_line *program_text(struct program *p, enum program_tag tag, const char *text)
{
	/* an index, not a pointer: a later line of the text may move the lines */
	size_t first = SIZE_MAX;

	for (const char *s = text;;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		struct program_line *l = program_push(p, s, len);
		if (l) {
			l->tag = tag;
			if (first == SIZE_MAX)
				first = p->nlines - 1;
		}
		if (!nl)
			break;
		s = nl + 1;
	}
	return first == SIZE_MAX ? NULL : &p->lines[first];
}

struct program_line *program_add(struct program *p, enum program_tag tag, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return program_text(p, tag, buf);
}

/* Display columns of a UTF-8 run, near enough for wrapping a comment: a
 * three-byte character (CJK) is two. */
static int program_cols(const char *s, size_t len)
{
	int cols = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80)
			cols += (c & 0xF0) == 0xE0 ? 2 : 1;
	}
	return cols;
}

/* Contract in program_int.h. */
void program_comment(struct program *p, const char *text)
{
	bool c = p->lang == PROGRAM_C;
	int room = 76 - p->indent * (c ? 8 : 4);
	const char *s = text;
	bool first = true;

	if (room < 30)
		room = 30;
	while (*s || first) {
		size_t take = 0, cut = 0;
		while (s[take] && program_cols(s, take) < room) {
			unsigned char ch = (unsigned char)s[take];
			take++;
			while ((s[take] & 0xC0) == 0x80)
				take++;
			if (ch == ' ' || ch >= 0xE0)
				cut = ch == ' ' ? take - 1 : take;
		}
		if (!s[take] || cut == 0)
			cut = take;
		const char *lead = c ? (first ? "/* " : " * ") : "# ";
		bool last = !s[cut] || !s[cut + (s[cut] == ' ')];
		if (c && first && last)
			program_add(p, PROGRAM_COMMENT, "/* %.*s */", (int)cut, s);
		else
			program_add(p, PROGRAM_COMMENT, "%s%.*s%s", lead, (int)cut, s,
				    c && last ? " */" : "");
		s += cut;
		while (*s == ' ')
			s++;
		first = false;
	}
}

/* Contract in program_int.h. */
const char *program_plain_template(enum program_say say)
{
	/* TRANSLATORS: a line a process prints in a program of ipcviz
	   --print-code; {name} is its name (producer-1), {value} the value. Keep
	   the braces and the words' order free. */
	static const char *const plain[] = {N_("{name} put {value}"), N_("{name} got {value}"),
					    N_("{name} wrote {value}"), N_("{name} read {value}")};

	return program_words(plain[say]);
}

/* Contract in program_int.h. */
void program_say(struct program *p, const char *tmpl, const struct program_arg *args,
			size_t nargs)
{
	char fmt[512], list[512] = "";
	size_t n = 0, l = 0;
	bool c = p->lang == PROGRAM_C;

	for (const char *t = tmpl; *t && n + 64 < sizeof fmt;) {
		size_t k = nargs;
		if (*t == '{')
			for (k = 0; k < nargs; k++)
				if (strncmp(t, args[k].key, strlen(args[k].key)) == 0)
					break;
		if (k < nargs) {
			if (c) {
				n += (size_t)snprintf(fmt + n, sizeof fmt - n, "%s", args[k].directive);
				if (args[k].c)
					l += (size_t)snprintf(list + l, sizeof list - l, ", %s",
							      args[k].c);
			} else if (!args[k].py && !args[k].c) {
				/* known now (a lock's name): written into the text */
				n += (size_t)snprintf(fmt + n, sizeof fmt - n, "%s",
						      args[k].directive);
			} else {
				n += (size_t)snprintf(fmt + n, sizeof fmt - n, "{%s}",
						      args[k].py ? args[k].py : args[k].directive);
			}
			t += strlen(args[k].key);
			continue;
		}
		if (*t == '"' || *t == '\\')
			fmt[n++] = '\\';
		else if (c && *t == '%')
			fmt[n++] = '%';
		else if (!c && (*t == '{' || *t == '}'))
			fmt[n++] = *t;
		fmt[n++] = *t++;
	}
	fmt[n] = '\0';
	if (c)
		program_add(p, PROGRAM_PRINT, "printf(\"%s\\n\"%s);", fmt, list);
	else
		program_add(p, PROGRAM_PRINT, "print(f\"%s\")", fmt);
}

/* Contract in program_int.h. */
void program_pause(struct program *p, int64_t ms)
{
	if (p->lang == PROGRAM_C)
		program_add(p, PROGRAM_SLEEP, "pause_for(%g);", (double)ms / 1000.0);
	else
		program_add(p, PROGRAM_SLEEP, "time.sleep(%g / SPEED)", (double)ms / 1000.0);
}

/* Contract in program_int.h. */
void program_c_start(struct program *p, const struct scenario *s, const char *const *more,
		     bool pauses)
{
	static const char *const includes[] = {
		"errno.h", "fcntl.h", "mqueue.h", "semaphore.h", "signal.h", "stdint.h",
		"stdio.h", "stdlib.h", "string.h", "sys/mman.h", "sys/socket.h", "sys/stat.h",
		"sys/wait.h", "time.h", "unistd.h"};
	size_t ni = sizeof includes / sizeof includes[0], k = 0;
	char buf[512];

	snprintf(buf, sizeof buf, _("%s: %s. The scenario as a program of its own, made by "
				    "ipcviz --print-code c %s."),
		 s->name, s->title ? _(s->title) : "", s->name);
	program_comment(p, buf);
	program_add(p, PROGRAM_COMMENT, "/*");
	program_add(p, PROGRAM_COMMENT, " *   cc -std=c11 -Wall -Wextra -Werror -O2 prog.c -lrt -pthread");
	program_add(p, PROGRAM_COMMENT, " *   ./a.out [SPEED]");
	program_add(p, PROGRAM_COMMENT, " */");
	program_add(p, PROGRAM_OTHER, "#define _GNU_SOURCE");
	/* both lists in order, merged: the includes stay sorted */
	for (size_t i = 0; i < ni || (more && more[k]);) {
		bool mine = i < ni && (!more || !more[k] || strcmp(includes[i], more[k]) < 0);
		program_add(p, PROGRAM_OTHER, "#include <%s>", mine ? includes[i++] : more[k++]);
	}
	program_add(p, PROGRAM_OTHER, "%s", "");
	program_comment(p, _("The speed factor: 10 runs the scenario ten times faster."));
	program_add(p, PROGRAM_OTHER, "static double speed = 1;");
	program_add(p, PROGRAM_OTHER, "%s", "");
	if (pauses) {
		program_comment(p, _("Sleeps `seconds` of the scenario's time: seconds / speed of "
				     "real time. This is the pause between two steps."));
		program_text(p, PROGRAM_OTHER,
			     "static void pause_for(double seconds)\n{\n"
			     "\tdouble s = seconds / speed;\n"
			     "\tstruct timespec t = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};\n\n"
			     "\twhile (nanosleep(&t, &t) != 0 && errno == EINTR)\n\t\t;\n}\n");
	}
	program_comment(p, _("A call failed: say which, and stop this process."));
	program_text(p, PROGRAM_OTHER,
		     "static void fail(const char *name, const char *what)\n{\n"
		     "\tfprintf(stderr, \"%s: %s: %s\\n\", name, what, strerror(errno));\n"
		     "\texit(1);\n}\n");
}
