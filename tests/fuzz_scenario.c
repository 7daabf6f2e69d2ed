/* fuzz_scenario.c - a libFuzzer target for the scenario parser: any bytes, as a
 * NUL-terminated text, must give either a scenario or one error line, never a
 * crash, a leak or undefined behaviour. Built with -DIPCVIZ_FUZZ=ON (scripts/fuzz).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
