/* fuzz_trace.c - a libFuzzer target for the trace reader (--replay reads files
 * nobody vouches for): any bytes must give either events or one error line
 * naming the file, never a crash, a leak or undefined behaviour. A header of
 * several channels is also made into the scenario a replay shows
 * (replay_multi.c), with the same promise. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "replay_multi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads the input as a trace; on success writes every event back out, which
 * walks everything the reader built. Returns 0 as libFuzzer wants. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "r");
	struct trace_header h;
	struct event *evs = NULL;
	size_t n = 0;
	char err[256];

	if (!f)
		return 0;
	if (trace_read(f, "fuzz.jsonl", &h, &evs, &n, err, sizeof err) == 0) {
		FILE *out = fopen("/dev/null", "w");
		struct scenario sc;

		if (h.multi_text) {
			if (replay_multi_scenario(&h, "fuzz.jsonl", &sc, err, sizeof err) == 0) {
				h.multi = sc.multi; /* written back as a live run writes it */
				if (out)
					trace_write_header(out, &h);
				h.multi = NULL;
				scenario_free(&sc);
			} else if (strncmp(err, "fuzz.jsonl:1: ", 14) != 0 || strchr(err, '\n')) {
				abort();
			}
		}
		if (out) {
			trace_write_header(out, &h);
			for (size_t i = 0; i < n; i++)
				trace_write_event(out, &h, &evs[i]);
			fclose(out);
		}
		free(evs);
		trace_header_free(&h);
	} else if (strncmp(err, "fuzz.jsonl:", 11) != 0 || strchr(err, '\n')) {
		abort();
	}
	fclose(f);
	return 0;
}
