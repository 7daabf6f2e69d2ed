/* export.h - a recording as one web page that plays it offline (`ipcviz
 * export`, DESIGN §15).
 *
 * The page holds everything it needs: asciinema-player's script and style
 * (read from the player's directory, cmake/player.cmake), the cast itself as
 * data, the chapter list made of the cast's markers (`<ol id="chapters">`, one
 * `<li>` a marker, in order), a switch that makes the player pause at every
 * marker, the lesson's title and the scenario's comments as its introduction
 * (from the cast's header: "title", and the "ipcviz" object --record writes),
 * and the player's licence. A Content-Security-Policy lets it load nothing
 * and connect nowhere, so it works from file:// and sends no request.
 *
 * Call order: export_cast_read() and export_player_load() (either first), then
 * export_page_write() any number of times, then export_cast_free() and
 * export_player_free(). No curses here, and no file is written but the FILE
 * the caller gives (ui/export_cli.c writes it to a temporary file and renames).
 */
#ifndef IPCVIZ_EXPORT_H
#define IPCVIZ_EXPORT_H

#include <stddef.h>
#include <stdio.h>

/* What went wrong, as the exit status it calls for (DESIGN §3). */
enum export_status {
	EXPORT_OK = 0,
	EXPORT_FAILED = 1,      /* a runtime failure: out of memory, a write that failed */
	EXPORT_BAD_INPUT = 2,   /* not a v2 cast, unreadable, the player missing */
};

/* The longest pause the page's player keeps (its idleTimeLimit, seconds): a
 * lesson recorded by hand waits while the teacher talks, the page does not. */
#define EXPORT_IDLE_LIMIT 3.0

/* The longest cast read (a lesson is a few MiB at most). */
#define EXPORT_CAST_MAX (256L * 1024 * 1024)

/* Times here are the player's: seconds from the start with every pause
 * between two events longer than EXPORT_IDLE_LIMIT cut to it, so that a
 * chapter's time and the poster's moment are those the player shows. */
struct export_marker {
	double time;            /* seconds from the start, as the player counts them */
	char *label;            /* UTF-8 (owned) */
};

struct export_cast {
	char *text;             /* the whole file, NUL-terminated (owned) */
	size_t len;
	int width, height;      /* of the terminal at the start */
	char *title;            /* the header's "title", or NULL (owned) */
	char *scenario;         /* "ipcviz": {"scenario"}, or NULL (owned) */
	char *comments;         /* "ipcviz": {"comments"}: the scenario's, or NULL (owned) */
	double first_output;    /* the time of the first "o" event; -1 without one */
	double last_time;       /* the time of the last event */
	struct export_marker *markers; /* in the cast's order (owned) */
	size_t nmarkers;
};

/* Reads and checks the asciicast v2 file at `path`. EXPORT_OK; else c holds
 * nothing to free and err says in one line what and where ("PATH:LINE: …"):
 * EXPORT_BAD_INPUT for a file that cannot be read or is not a v2 cast (a v3
 * cast is named as such), EXPORT_FAILED when memory ran out. */
enum export_status export_cast_read(struct export_cast *c, const char *path, char *err,
				    size_t errlen);
void export_cast_free(struct export_cast *c);

/* The web player, as cmake/player.cmake installs it. */
struct export_player {
	char *js, *css, *license; /* asciinema-player.min.js, .css, LICENSE (owned) */
	char version[32];         /* from VERSION */
};

/* Loads the player from `dir`. EXPORT_OK; else p holds nothing to free and err
 * says in one line that the player is missing and where it was looked for
 * (EXPORT_BAD_INPUT), or that memory ran out (EXPORT_FAILED). */
enum export_status export_player_load(struct export_player *p, const char *dir, char *err,
				      size_t errlen);
void export_player_free(struct export_player *p);

/* Writes the page of cast c with player p to f, its words in the language of
 * the messages (LC_MESSAGES). 0, or -1 with errno set when a write failed. */
int export_page_write(FILE *f, const struct export_cast *c, const struct export_player *p);

/* The time the page's poster shows: the first screen, drawn by the first
 * output and what follows it within a tenth of a second, but never past the
 * first marker. 0 for a cast with no output. */
double export_poster_time(const struct export_cast *c);

#endif
