/* svg.h - the swim lanes of a whole run as an SVG picture for slides (--svg).
 *
 * Fed the run's events in order, as the screen's view is (svg_apply applies
 * each to a model of its own, then asks swim.c which lanes it marks), it keeps
 * every put, got, lost value and fault with its time and value, each
 * actor's blocked and stopped spans and the locks it held; svg_write draws
 * them on a 16:9 page (viewBox 1600x900): a lane per process, a time axis in
 * seconds, a legend. Each drawn thing has its class (DESIGN section 15:
 * blocked, put, got, lost, fault; also eof, deadlock, close, lock, unlock,
 * held, stopped), every word is real <text> in the user's language. A live
 * run and the replay of its trace give the same picture: it holds nothing but
 * what the events say (no pid, no wall time). No curses.
 */
#ifndef IPCVIZ_SVG_H
#define IPCVIZ_SVG_H

#include <stdio.h>

#include "event.h"
#include "scenario.h"

struct svg;

/* A picture of a run of sc's actors and channel, capacity as the run has it
 * (a run of several channels takes theirs from sc->multi; sc must outlive
 * it). NULL when out of memory. */
struct svg *svg_create(const struct scenario *sc, int capacity);
void svg_free(struct svg *s);

/* Adds the next event of the run. 0, or -1 when out of memory (the picture
 * then cannot be written: svg_write fails). */
int svg_apply(struct svg *s, const struct event *ev);

/* Writes the picture, a whole SVG document, to f. 0, or -1 (errno set) when
 * writing failed or an svg_apply had run out of memory. */
int svg_write(const struct svg *s, FILE *f);

#endif
