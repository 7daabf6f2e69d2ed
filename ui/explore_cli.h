/* explore_cli.h - the `ipcviz explore` subcommand (src/explore.h does the work). */
#ifndef IPCVIZ_UI_EXPLORE_CLI_H
#define IPCVIZ_UI_EXPLORE_CLI_H

/* ipcviz explore [--json] [--limit N] SCENARIO, argv[0] being "explore".
 * Returns the exit status: 0 done (also when --limit made it partial); 1 a
 * runtime failure; 2 a usage or scenario error, or a scenario that cannot be
 * explored (one line on stderr); 128 + N when signal N ended it early (after
 * printing what was explored, marked partial). */
int explore_command(int argc, char **argv);

#endif
