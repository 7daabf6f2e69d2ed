/* replay_multi.c - the scenario of a trace of several channels (DESIGN 14),
 * made again from its header: the "channels" and "processes" the trace
 * reader turned into the sections of a scenario file (event.h) are read by
 * the scenario's own grammar, so that a replay shows every channel and
 * program exactly as the live run did, and a header that is not such a
 * scenario is refused with the grammar's own words. */
#include "replay_multi.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

/* err's text after the parser's "header:LINE: ", which names no place of
 * the trace. */
static const char *replay_multi_what(const char *err)
{
	const char *p = err;

	if (strncmp(p, "header:", 7) != 0)
		return err;
	p += 7;
	p += strspn(p, "0123456789");
	return strncmp(p, ": ", 2) == 0 ? p + 2 : err;
}

/* Contract in replay_multi.h. */
int replay_multi_scenario(const struct trace_header *h, const char *path, struct scenario *sc,
			  char *err, size_t errlen)
{
	char why[1024];

	memset(sc, 0, sizeof *sc);
	if (!h->multi_text) {
		snprintf(err, errlen,
			 _("%s:1: a trace of several channels needs the header's \"channels\" and \"processes\" (an older ipcviz wrote this one: make it again)"),
			 path);
		return -1;
	}
	if (scenario_parse(h->multi_text, "header", sc, why, sizeof why) != 0) {
		snprintf(err, errlen, _("%s:1: the header's channels and processes: %s"), path,
			 replay_multi_what(why));
		return -1;
	}
	bool same = sc->multi && sc->nactors == h->nactors;
	for (int a = 0; same && a < sc->nactors; a++)
		same = strcmp(sc->actors[a].name, h->actors[a].name) == 0;
	if (!same) {
		snprintf(err, errlen,
			 _("%s:1: the header's \"actors\" are not the processes its \"processes\" make"),
			 path);
		scenario_free(sc);
		return -1;
	}
	return 0;
}
