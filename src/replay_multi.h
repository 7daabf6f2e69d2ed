/* replay_multi.h - the scenario of a trace of several channels, from its
 * header (replay_multi.c). No curses. */
#ifndef IPCVIZ_REPLAY_MULTI_H
#define IPCVIZ_REPLAY_MULTI_H

#include <stddef.h>

#include "event.h"
#include "scenario.h"

/* The scenario of several channels (sc->multi set: its channels, programs
 * and actors) that the header h of the trace at path describes, its actors
 * the header's in order. 0, or -1 with "PATH:1: what" in err and nothing in
 * *sc to free. */
int replay_multi_scenario(const struct trace_header *h, const char *path, struct scenario *sc,
			  char *err, size_t errlen);

#endif
