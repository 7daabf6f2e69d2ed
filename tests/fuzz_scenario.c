/* fuzz_scenario.c - a libFuzzer target for the scenario parser: any bytes, as a
 * NUL-terminated text, must give either a scenario or one error line, never a
 * crash, a leak or undefined behaviour. A scenario of several channels that
 * --print-code takes is also made into both its programs (src/program_multi.c),
 * whose lines must each belong to a process and do line that exist. Built with
 * -DIPCVIZ_FUZZ=ON (scripts/fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"
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

/* The programs of a scenario of several channels: built in both languages,
 * every line of a process's function in a process and a do line it has, and
 * each process's function there. Aborts where not. */
static void fuzz_check_programs(const struct scenario *s)
{
	char err[256];

	if (!s->multi || scenario_runnable(s, NULL, SCENARIO_CODE, err, sizeof err) != 0)
		return;
	for (int lang = PROGRAM_C; lang <= PROGRAM_PYTHON; lang++) {
		struct program p;
		bool fn[SCENARIO_MULTI_MAX_PROCS] = {false};

		if (program_build(&p, s, (enum program_lang)lang, err, sizeof err) != 0) {
			program_free(&p);
			abort();
		}
		for (size_t i = 0; i < p.nlines; i++) {
			const struct program_line *l = &p.lines[i];

			if (l->group < -1 || l->group >= s->multi->nprocs || !l->text)
				abort();
			if (l->group >= 0 && (l->op < -1 || (l->op >= 0 &&
			    (size_t)l->op >= s->multi->procs[l->group].nops)))
				abort();
			if (l->group >= 0)
				fn[l->group] = true;
		}
		for (int g = 0; g < s->multi->nprocs; g++)
			if (!fn[g])
				abort();
		program_free(&p);
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
			fuzz_check_programs(&s);
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
