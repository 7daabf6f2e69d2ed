/* signals.c - the quit signals: a handler that only notes the signal, so that
 * whatever loop is running leaves by its own way out (children reaped, the
 * terminal restored), and a sleep that a quit signal cuts short. */
#include "signals.h"

#include <errno.h>
#include <time.h>

volatile sig_atomic_t ui_quit_signal;

static void ui_on_quit_signal(int sig)
{
	ui_quit_signal = sig;
}

/* Contract in signals.h. */
void ui_install_signals(void)
{
	struct sigaction sa = {.sa_handler = ui_on_quit_signal};
	int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
}

/* Contract in signals.h. */
void ui_sleep_ms(double ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)((ms - ts.tv_sec * 1000.0) * 1e6);
	while (!ui_quit_signal && nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}
