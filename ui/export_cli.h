/* export_cli.h - the `ipcviz export` subcommand (src/export.h makes the page). */
#ifndef IPCVIZ_UI_EXPORT_CLI_H
#define IPCVIZ_UI_EXPORT_CLI_H

/* ipcviz export CAST -o FILE.html [--force], argv[0] being "export"; the web
 * player is read from player_dir (main.c says where it is; $IPCVIZ_PLAYER_DIR
 * wins). The page is written to a temporary file beside FILE and renamed to
 * FILE once whole, so FILE is either the whole page or untouched. Returns the
 * exit status: 0 done; 2 a usage error, a cast that cannot be read or is not
 * asciicast v2, an output that cannot be written or exists without --force,
 * the player missing (one line on stderr each); 1 a runtime failure (a write
 * that failed half way, out of memory); 128 + N when signal N came first. */
int export_command(int argc, char **argv, const char *player_dir);

#endif
