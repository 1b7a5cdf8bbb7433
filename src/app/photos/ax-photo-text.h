/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ax-photos.h"

G_BEGIN_DECLS

/* What the Photos tab, the viewer and the comparison say about a photo, as
 * pure functions (tests check the words without a display). */

/* "Front", "Left", "Right", "Left 45°", "Right 45°", "Other"; "Not tagged"
 * for NULL. */
const char *ax_photo_text_view_tag   (const char    *view_tag);
/* The position of view_tag in ax_photo_view_tags, or the count of them
 * (the "Not tagged" entry that follows them) for NULL. */
guint       ax_photo_text_view_index (const char    *view_tag);
/* "10 Mar 2026" in tz, from when it was taken (or added). */
char       *ax_photo_text_date       (const AxPhoto *photo,
                                      GTimeZone     *tz);
/* The accessible name of a thumbnail: "Photo, Front, 10 Mar 2026, may be
 * used in marketing". */
char       *ax_photo_text_name       (const AxPhoto *photo,
                                      GTimeZone     *tz);

G_END_DECLS
