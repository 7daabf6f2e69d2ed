/* i18n.h - the one place that decides how words a person reads are translated.
 * Every user-visible string goes through _() (or N_() where it must be a constant
 * and is translated later); trace and JSON output stay English and never do. */
#ifndef IPCVIZ_I18N_H
#define IPCVIZ_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
