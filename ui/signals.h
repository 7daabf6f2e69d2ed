/* signals.h - the quit signals, seen by every loop of the program: the flag
 * their handlers set, installing the handlers, and a sleep that they end. */
#ifndef IPCVIZ_UI_SIGNALS_H
#define IPCVIZ_UI_SIGNALS_H

#include <signal.h>

/* Set by the handlers ui_install_signals installs (SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT): the signal number. Every loop checks it and leaves cleanly. */
extern volatile sig_atomic_t ui_quit_signal;

/* Installs the handlers that set ui_quit_signal. */
void ui_install_signals(void);

/* Sleeps `ms` of wall time unless a quit signal comes. */
void ui_sleep_ms(double ms);

#endif
