/* fuzz_scenario.c - a libFuzzer target for the scenario parser: any bytes, as a
 * NUL-terminated text, must give either a scenario or one error line, never a
 * crash, a leak or undefined behaviour. Built with -DIPCVIZ_FUZZ=ON (scripts/fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "scenario_multi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A file of several channels: every operation names channels that exist, and
 * the copy is the same program. Aborts where it is not. */
static void fuzz_check_multi(const struct scenario_multi *m, const struct scenario_multi *c)
{
	if (!m)
		return;
	if (!c || c->nchannels != m->nchannels || c->nprocs != m->nprocs)
		abort();
	for (int pi = 0; pi < m->nprocs; pi++) {
		const struct scenario_process *pr = &m->procs[pi];

		if (pr->nops < 1 || c->procs[pi].nops != pr->nops)
			abort();
		for (size_t i = 0; i < pr->nops; i++) {
			const struct scenario_op *op = &pr->ops[i], *cop = &c->procs[pi].ops[i];

			if (op->kind != SOP_SLEEP && (op->ch < 0 || op->ch >= m->nchannels))
				abort();
			if (op->nvalues != cop->nvalues ||
			    (op->nvalues && memcmp(op->values, cop->values,
						   op->nvalues * sizeof *op->values) != 0))
				abort();
		}
		for (int ch = 0; ch < m->nchannels; ch++) {
			bool reads, writes;

			scenario_multi_uses(pr, ch, &reads, &writes);
			if ((reads || writes) && m->channels[ch].lock)
				abort();
		}
	}
}

/* Parses the input; on success also copies it and switches its channel, the
 * other calls that walk everything the parser built. Returns 0 as libFuzzer
 * wants. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	char err[256];
	struct scenario s, copy;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (scenario_parse(text, "fuzz.ini", &s, err, sizeof err) == 0) {
		if (scenario_copy(&copy, &s) == 0) {
			fuzz_check_multi(s.multi, copy.multi);
			for (int k = 0; k < CHANNEL_KIND_COUNT; k++)
				scenario_set_channel(&copy, (enum channel_kind)k);
			for (int a = 0; a < copy.nactors; a++)
				if (scenario_actor_index(&copy, copy.actors[a].name) != a)
					abort();
			scenario_free(&copy);
		}
		scenario_free(&s);
	} else {
		/* One line, naming the input: "fuzz.ini:LINE: …". */
		if (strncmp(err, "fuzz.ini:", 9) != 0 || strchr(err, '\n'))
			abort();
		scenario_free(&s);
	}
	free(text);
	return 0;
}
