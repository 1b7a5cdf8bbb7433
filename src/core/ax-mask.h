/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "0810000101" → "081-XXX-0101"; "+55 11 98765-4321" → "+551-XXXXXX-4321".
 * Keeps the first three and the last four digits; fewer than eight digits
 * are masked whole but for the last two. */
char *ax_mask_phone       (const char *phone);
/* "1-1037-02071-81-1" → "1-XXXX-XXXXX-81-1": every digit but the first and
 * the last three becomes X; separators stay where they are. */
char *ax_mask_national_id (const char *id);

G_END_DECLS
