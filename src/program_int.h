/* program_int.h - what src/program.c lends src/program_multi.c: the lines of a
 * program as they are built (indent, tags, comments wrapped to 80 columns), a
 * line of output from its template, the pause, and the C's first lines. Only
 * those two files use it.
 */
#ifndef IPCVIZ_PROGRAM_INT_H
#define IPCVIZ_PROGRAM_INT_H

#include <stdint.h>

#include "program.h"

/* The line a process prints for its operation. */
enum program_say { SAY_PUT, SAY_GOT, SAY_WROTE, SAY_READ };

/* One placeholder of a template ({name}): its printf directive and C
 * argument, and its Python expression (NULL: the directive). Without either
 * argument the directive is text known now, written in as it is. */
struct program_arg {
	const char *key, *directive, *c, *py;
};

/* Adds `text` (lines split at '\n') at the current indent, each tagged `tag`,
 * in the current group. Returns the first line added, or NULL. */
struct program_line *program_text(struct program *p, enum program_tag tag, const char *text);
/* The same, formatted. */
__attribute__((format(printf, 3, 4))) struct program_line *
program_add(struct program *p, enum program_tag tag, const char *fmt, ...);
/* A comment in the program's own syntax, wrapped to fit 80 columns. */
void program_comment(struct program *p, const char *text);
/* A template's words, translated: "context|words" loses its context. */
const char *program_words(const char *msgid);
/* A template (words with {keys}) as a printf (C) or print (Python) call. */
void program_say(struct program *p, const char *tmpl, const struct program_arg *args,
		 size_t nargs);
/* The template of a plain scenario's line `say` ("{name} put {value}"). */
const char *program_plain_template(enum program_say say);
/* The signal a script's kill, stop or cont sends, by its name in C and in
 * Python's module signal: "SIGKILL", "SIGSTOP", "SIGCONT". */
const char *program_signal(enum scenario_action_kind k);
/* A pause of `ms` scenario milliseconds. */
void program_pause(struct program *p, int64_t ms);
/* The C's first lines: what it is, how to build it, #define _GNU_SOURCE, the
 * includes every program has and `more` (sorted, NULL-terminated, or NULL),
 * the speed factor, pause_for() if it `pauses` (an unused static function
 * would fail -Werror), and fail(). */
void program_c_start(struct program *p, const struct scenario *s, const char *const *more,
		     bool pauses);

/* Contract in program.h (program_build): a scenario of several channels. */
int program_multi_build(struct program *p, const struct scenario *s);
/* Contract in program.h (program_ends): the same question for one of them. */
bool program_multi_ends(const struct scenario *s);

#endif
