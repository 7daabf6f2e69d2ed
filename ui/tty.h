/* tty.h - can this terminal show the screen? Asked of terminfo before curses
 * starts, in a file of its own because term.h defines every terminfo capability
 * name (lines, hangup, pulse, …) as a macro. */
#ifndef IPCVIZ_UI_TTY_H
#define IPCVIZ_UI_TTY_H

#include <stdbool.h>

/* True if TERM names a terminal terminfo knows that can address the cursor
 * (not dumb, not hard-copy, not generic). Leaves no terminfo state behind. */
bool tty_can_draw(void);

#endif
