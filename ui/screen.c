/* screen.c - the curses screen (issue 3, being built). */
#include <stdio.h>

#include "i18n.h"
#include "ui.h"

int screen_run(const struct options *o, const struct scenario *sc, struct trace_sink *ts)
{
	fputs(_("ipcviz: the screen is not built yet: use --headless\n"), stderr);
	return 2;
}
