/* tty.c - the terminfo question curses itself would answer by exiting: can
 * this terminal be drawn on? Asked first, so ipcviz can say what to do instead. */
#include "tty.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

/* Contract in tty.h. */
bool tty_can_draw(void)
{
	const char *term = getenv("TERM");
	int err = 0;
	bool ok;

	if (!term || !*term || strcmp(term, "dumb") == 0)
		return false;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return false;
	char *cup = tigetstr("cup");
	ok = cup && cup != (char *)-1 && tigetflag("hc") <= 0 && tigetflag("gn") <= 0;
	del_curterm(cur_term);
	return ok;
}
