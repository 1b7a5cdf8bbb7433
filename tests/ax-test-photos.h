/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

/* Photos made for tests: a tinted gradient with a few shapes (so that two
 * photos look different and their orientation can be seen), saved as JPEG
 * or PNG with GdkPixbuf, and a JPEG with an EXIF orientation tag. */

static inline GdkPixbuf *
ax_test_photo_pixbuf (int     width,
                      int     height,
                      guint32 tint)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int tr = (tint >> 16) & 0xff, tg = (tint >> 8) & 0xff, tb = tint & 0xff;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * 3;
        int shade = 80 + 150 * (x + y) / (width + height);
        double cx = x - width * 0.5, cy = y - height * 0.45;
        double r = MIN (width, height) * 0.28;
        gboolean in_face = (cx * cx) / (r * r * 0.7) + (cy * cy) / (r * r) < 1.0;
        /* A dark bar across the top marks which way is up. */
        gboolean top_bar = y < height / 12 && x < width / 2;

        if (top_bar)
          p[0] = p[1] = p[2] = 20;
        else if (in_face)
          {
            p[0] = MIN (255, 230 * tr / 255 + 25);
            p[1] = MIN (255, 190 * tg / 255 + 20);
            p[2] = MIN (255, 170 * tb / 255 + 20);
          }
        else
          {
            p[0] = shade * tr / 255;
            p[1] = shade * tg / 255;
            p[2] = shade * tb / 255;
          }
      }
  return pixbuf;
}

/* Saves a test photo at path as "jpeg" or "png". */
static inline gboolean
ax_test_photo_save (const char *path,
                    const char *type,
                    int         width,
                    int         height,
                    guint32     tint)
{
  GdkPixbuf *pixbuf = ax_test_photo_pixbuf (width, height, tint);
  gboolean ok = g_str_equal (type, "jpeg")
                  ? gdk_pixbuf_save (pixbuf, path, "jpeg", NULL, "quality", "90", NULL)
                  : gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL);

  g_object_unref (pixbuf);
  return ok;
}

/* Adds grain (±amount on every channel, from a fixed seed), so that a JPEG
 * of it is as large as a camera's. */
static inline void
ax_test_photo_add_grain (GdkPixbuf *pixbuf,
                         int        amount)
{
  GRand *rand = g_rand_new_with_seed (42);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    {
      guchar *p = pixels + (gsize) y * stride;

      for (int x = 0; x < gdk_pixbuf_get_width (pixbuf) * n; x++)
        p[x] = CLAMP (p[x] + g_rand_int_range (rand, -amount, amount + 1), 0, 255);
    }
  g_rand_free (rand);
}

/* A JPEG whose EXIF says orientation (1–8): GdkPixbuf writes no EXIF, so
 * an APP1 segment holding one IFD entry (0x0112) goes right after SOI.
 * grain > 0 adds grain (ax_test_photo_add_grain). */
static inline gboolean
ax_test_photo_save_oriented_grain (const char *path,
                                   int         width,
                                   int         height,
                                   guint32     tint,
                                   int         orientation,
                                   int         grain)
{
  static const guchar app1[] = {
    0xff, 0xe1, 0x00, 0x22,                         /* APP1, 34 bytes */
    'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00,   /* TIFF, little-endian, IFD0 at 8 */
    0x01, 0x00,                                     /* one entry */
    0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, /* Orientation, SHORT, 1 */
    0x00, 0x00, 0x00, 0x00,                         /* value (set below) */
    0x00, 0x00, 0x00, 0x00,                         /* no next IFD */
  };
  GdkPixbuf *pixbuf = ax_test_photo_pixbuf (width, height, tint);
  g_autofree char *jpeg = NULL;
  gsize size;
  GByteArray *out;
  gboolean ok;

  if (grain > 0)
    ax_test_photo_add_grain (pixbuf, grain);
  ok = gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &size, "jpeg", NULL, "quality", "90", NULL);
  g_object_unref (pixbuf);
  if (!ok || size < 2)
    return FALSE;
  out = g_byte_array_new ();
  g_byte_array_append (out, (guchar *) jpeg, 2);
  g_byte_array_append (out, app1, sizeof app1);
  out->data[2 + 28] = (guchar) orientation;
  g_byte_array_append (out, (guchar *) jpeg + 2, size - 2);
  ok = g_file_set_contents (path, (char *) out->data, out->len, NULL);
  g_byte_array_unref (out);
  return ok;
}

static inline gboolean
ax_test_photo_save_oriented (const char *path,
                             int         width,
                             int         height,
                             guint32     tint,
                             int         orientation)
{
  return ax_test_photo_save_oriented_grain (path, width, height, tint, orientation, 0);
}
