/* program.h - a scenario as a program of its own, in C or in Python: the
 * program `ipcviz --print-code` prints and the code pane shows. Each line is
 * tagged with what it is (an operation, a pause, setup) and with the group of
 * processes whose program it belongs to (several channels: the [process.NAME]
 * and the do line), so that a pane can mark the line a
 * process is at, and its line asleep in the kernel.
 */
#ifndef IPCVIZ_PROGRAM_H
#define IPCVIZ_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "scenario.h"

enum program_lang { PROGRAM_C, PROGRAM_PYTHON };

enum program_tag {
	PROGRAM_OTHER,   /* plain code: a loop, a check */
	PROGRAM_COMMENT, /* a comment, in the user's language */
	PROGRAM_SETUP,   /* making, holding or dropping the channel */
	PROGRAM_SLEEP,   /* the pause between steps */
	PROGRAM_PUT,     /* a producer's operation on a channel of items */
	PROGRAM_GET,     /* a consumer's */
	PROGRAM_WRITE,   /* a write of a shared value */
	PROGRAM_READ,    /* a read of it */
	PROGRAM_LOAD,    /* a race's load (a get in ipcviz's events) */
	PROGRAM_STORE,   /* a race's store (a put) */
	PROGRAM_PRINT,   /* the line of output an operation prints */
	PROGRAM_LOCK,    /* a lock taken or given back (several channels) */
};

struct program_line {
	char *text;             /* without its newline (owned) */
	enum program_tag tag;
	int group;              /* the scenario group whose function it is in, -1
				   for lines every process shares (main, helpers) */
	bool blocks;            /* the call a process sleeps in when it blocks */
	int op;                 /* several channels: the index of the do line it
				   is part of in its process's program, else -1 */
};

struct program {
	enum program_lang lang;
	struct program_line *lines;
	size_t nlines, cap;
	int indent;             /* while building */
	int group;
	bool failed;            /* out of memory while building */
};

/* The language named `name` ("c", "python"); -1 for none. */
int program_lang_by_name(const char *name);

/* Builds the program of scenario `s` in `lang` into *p (which the caller frees
 * with program_free, also on failure). Comments and output words are in the
 * language of the current locale (LC_MESSAGES), taken now. 0, or -1 with a
 * message in err. */
int program_build(struct program *p, const struct scenario *s, enum program_lang lang,
		  char *err, size_t errlen);
void program_free(struct program *p);

/* Writes every line to f. 0, or -1 with errno. */
int program_write(FILE *f, const struct program *p);

/* Does the program end by itself? Not if a consumer waits for a value that
 * only someone outside can write (a FIFO), nor if a kill or stop of the script
 * leaves another process waiting for ever (every channel but the ones that
 * tell: a pipe's end of file and EPIPE, a socket pair's). */
bool program_ends(const struct scenario *s);

#endif
