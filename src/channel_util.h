/* channel_util.h - small helpers the mechanisms share (not part of the interface). */
#ifndef IPCVIZ_CHANNEL_UTIL_H
#define IPCVIZ_CHANNEL_UTIL_H

#include <stddef.h>

/* Writes "/ipcviz-PID-XXXXXXXX" (random hex, from getrandom) into buf. */
void channel_unique_name(char *buf, size_t len);

#endif
