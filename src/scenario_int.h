/* scenario_int.h - what the parts of the scenario parser share: scenario.c (the
 * reader, [scenario], the one-channel groups, [script], [goal]) and
 * scenario_multi.c ([channel.NAME] and [process.NAME], DESIGN 14). Not for use
 * outside src/scenario*.c.
 */
#ifndef IPCVIZ_SCENARIO_INT_H
#define IPCVIZ_SCENARIO_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "scenario_multi.h"

#define SCENARIO_GROUP_NAME_MAX 20
#define SCENARIO_MAX_TIME_MS (86400LL * 1000)

enum scenario_section {
	SECTION_NONE, SECTION_SCENARIO, SECTION_GROUP, SECTION_SCRIPT, SECTION_GOAL,
	SECTION_CHANNEL, SECTION_PROCESS
};

enum scenario_key { SKEY_TITLE, SKEY_CHANNEL, SKEY_CAPACITY, SKEY_SIZE, SKEY_NKEYS };

enum scenario_group_key {
	GKEY_COUNT, GKEY_VALUES, GKEY_INTERVAL, GKEY_START, GKEY_STOP, GKEY_ITEMS,
	GKEY_INCREMENTS, GKEY_NKEYS
};

enum scenario_goal_key { GOALKEY_REACH, GOALKEY_WITHIN, GOALKEY_TEXT, GOALKEY_NKEYS };

/* The keys of [channel.NAME] and [process.NAME] (do may come many times). */
enum scenario_channel_key { CKEY_TYPE, CKEY_CAPACITY, CKEY_NKEYS };
enum scenario_process_key { PKEY_COUNT, PKEY_START, PKEY_HOLDS, PKEY_DO, PKEY_NKEYS };
#define SCENARIO_HOLDS_MAX 256

/* Everything one parse needs besides the scenario being filled. */
struct scenario_parser {
	struct scenario *s;
	const char *where;
	char *err;
	size_t errlen;
	int err_line;                /* line of the first error; 0 while there is none */

	const char *next;            /* reader: the text not yet handed to inih */
	int line;                    /* the line inih is working on */

	enum scenario_section section;
	int group;                   /* SECTION_GROUP: index into s->groups;
					SECTION_CHANNEL, SECTION_PROCESS: into
					s->multi's channels or processes */
	int scenario_line;           /* line of [scenario], 0 if not seen yet */
	int script_line;
	int goal_line;
	int goal_key_line[GOALKEY_NKEYS];
	int scenario_key_line[SKEY_NKEYS];
	int group_key_line[SCENARIO_MAX_GROUPS][GKEY_NKEYS];
	int first_group_line;        /* of the first [producer…] or [consumer…] */
	int first_multi_line;        /* of the first [channel.…] or [process.…] */
	int channel_key_line[SCENARIO_MULTI_MAX_CHANNELS][CKEY_NKEYS];
	int64_t channel_capacity[SCENARIO_MULTI_MAX_CHANNELS]; /* as written */
	int process_key_line[SCENARIO_MULTI_MAX_PROCS][PKEY_NKEYS];
	char process_holds[SCENARIO_MULTI_MAX_PROCS][SCENARIO_HOLDS_MAX]; /* as written */
	int64_t capacity;            /* as written; checked once the channel is known */
	int64_t size;
	size_t actions_cap;
};

/* Text a person will read on screen (titles, notes): valid UTF-8 with no control
 * characters, so that it can neither break the terminal nor wcwidth(). */
bool scenario_text_ok(const char *text);
/* Records the first error as "WHERE:LINE: message"; later ones are dropped, since
 * the parse stops at the first. Always returns -1, for `return scenario_fail(…)`. */
int scenario_fail(struct scenario_parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

bool scenario_is_space(char c);
/* Copies text into buf (size > 0) without the white space around it. */
void scenario_trim_copy(char *buf, size_t size, const char *text, size_t len);
/* A whole number, optionally negative, nothing else around it.
 * 0; -1 if it is not one; -2 if it does not fit in 64 bits. */
int scenario_parse_int(const char *text, int64_t *out);
/* A time for `key` (`2`, `1.5s`, `500ms`) into *ms; -1 with the message of
 * what is wrong with it. */
int scenario_time_value(struct scenario_parser *p, const char *key, const char *text,
			int64_t *ms);
/* A group's or a process's `count` (1..SCENARIO_MAX_PER_GROUP); -1 with the
 * message. */
int scenario_count_value(struct scenario_parser *p, const char *text, int *out);
/* An int32 for `key`; -1 with the message. */
int scenario_int32_value(struct scenario_parser *p, const char *key, const char *text,
			 int32_t *out);
/* `0..4` (either way round, inclusive) or `3,1,4` into a new array (*out,
 * owned by the caller) of *count values; -1 with the message. */
int scenario_parse_values(struct scenario_parser *p, const char *text, int32_t **out,
			  size_t *count);
/* A name of a group, a channel or a process: 1..20 of a-z, 0-9 and _. */
bool scenario_name_ok(const char *name);
/* A key may be given once: remembers its line in *seen, or says where it was
 * first (-1). */
int scenario_once(struct scenario_parser *p, int *seen, const char *key);
/* The index of key in keys[n], or -1. */
int scenario_key_index(const char *const *keys, int n, const char *key);

/* scenario_multi.c: [channel.NAME] or [process.NAME] (`is_process`) opens with
 * its name (NULL for a bare [channel] or [process]); `section` as written. */
int scenario_multi_open(struct scenario_parser *p, bool is_process, const char *name,
			const char *section);
/* A key = value in SECTION_CHANNEL or SECTION_PROCESS. */
int scenario_multi_on_key(struct scenario_parser *p, const char *key, const char *value);
/* The checks of a file with such sections that need the whole file; fills
 * s->actors. Then scenario.c resolves the script and checks the goal (with
 * scenario_multi_check_goal). */
int scenario_multi_finish(struct scenario_parser *p);
/* Can the [goal] happen with these channels? `line` is reach's. */
int scenario_multi_check_goal(struct scenario_parser *p, int line);

#endif
