/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-app"

#include "ax-photo-text.h"

#include <glib/gi18n.h>

const char *
ax_photo_text_view_tag (const char *view_tag)
{
  if (view_tag == NULL)
    return _("Not tagged");
  if (g_str_equal (view_tag, "front"))
    return C_("photo view", "Front");
  if (g_str_equal (view_tag, "left"))
    return C_("photo view", "Left");
  if (g_str_equal (view_tag, "right"))
    return C_("photo view", "Right");
  if (g_str_equal (view_tag, "left45"))
    return C_("photo view", "Left 45°");
  if (g_str_equal (view_tag, "right45"))
    return C_("photo view", "Right 45°");
  return C_("photo view", "Other");
}

guint
ax_photo_text_view_index (const char *view_tag)
{
  guint i;

  for (i = 0; ax_photo_view_tags[i] != NULL; i++)
    if (g_strcmp0 (view_tag, ax_photo_view_tags[i]) == 0)
      return i;
  return i;
}

char *
ax_photo_text_date (const AxPhoto *photo,
                    GTimeZone     *tz)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (ax_photo_get_time_ms (photo) / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, tz);

  /* TRANSLATORS: a photo's date, strftime format */
  return g_date_time_format (local, _("%-d %b %Y"));
}

char *
ax_photo_text_name (const AxPhoto *photo,
                    GTimeZone     *tz)
{
  g_autofree char *date = ax_photo_text_date (photo, tz);

  if (photo->marketing_consent)
    /* TRANSLATORS: a thumbnail's name: view, date */
    return g_strdup_printf (_("Photo, %s, %s, may be used in marketing"),
                            ax_photo_text_view_tag (photo->view_tag), date);
  return g_strdup_printf (_("Photo, %s, %s"), ax_photo_text_view_tag (photo->view_tag), date);
}
