/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include "ax-db.h"

G_BEGIN_DECLS

/* The text form search compares: NFD, Latin combining accents removed
 * (Thai vowel and tone marks are letters of their own and stay), case
 * folded. "João" → "joao"; "ANONG" → "anong". */
char     *ax_search_fold           (const char *text);
/* Digits only: "081-234 5678" → "0812345678"; NULL when there are fewer than 3. */
char     *ax_search_digits         (const char *text);
/* Registers ax_search_fold(text) and ax_search_body(…) on a connection;
 * the patient search index (migration 4) is built with them. */
gboolean  ax_search_register_sql   (sqlite3    *handle,
                                    GError    **error);

G_END_DECLS
