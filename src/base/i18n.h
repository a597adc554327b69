/* i18n.h — translated messages (docs/i18n.md): _() looks a message up in
 * the "budgetpdf" catalogue (gettext) for the locale's LC_MESSAGES, and
 * returns it unchanged when there is no translation (the C and English
 * locales). The library never sets the locale nor binds the catalogue (no
 * process-wide state): the program does (cli/main.c). N_() marks a string
 * translated later, where it is used. */
#ifndef BP_I18N_H
#define BP_I18N_H

#include <libintl.h>

#define BP_TEXTDOMAIN "budgetpdf"
#define _(s) dgettext(BP_TEXTDOMAIN, s)
#define N_(s) (s)

#endif
