/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-uuid.h"

#include <string.h>

struct _AxUuidGen
{
  GRand  *rand;
  gint64  last_ms;
  guint   counter; /* 12 bits */
};

AxUuidGen *
ax_uuid_gen_new (void)
{
  AxUuidGen *gen = g_new0 (AxUuidGen, 1);

  gen->rand = g_rand_new (); /* seeded from /dev/urandom */
  gen->last_ms = -1;
  return gen;
}

void
ax_uuid_gen_free (AxUuidGen *gen)
{
  if (gen == NULL)
    return;
  g_rand_free (gen->rand);
  g_free (gen);
}

void
ax_uuid_gen_next (AxUuidGen *gen,
                  gint64     now_ms,
                  char       out[AX_UUID_STRLEN])
{
  guint8 b[16];
  guint32 r;
  gint64 ms;

  if (now_ms > gen->last_ms)
    {
      gen->last_ms = now_ms;
      /* Leave headroom above the seed so a burst within one millisecond
       * rarely has to borrow the next one. */
      gen->counter = g_rand_int_range (gen->rand, 0, 0x800);
    }
  else if (++gen->counter > 0xFFF)
    {
      /* Counter exhausted (or the clock went back and we keep counting):
       * move to the next millisecond rather than lose the ordering. */
      gen->last_ms++;
      gen->counter = 0;
    }

  ms = gen->last_ms;
  b[0] = (ms >> 40) & 0xFF;
  b[1] = (ms >> 32) & 0xFF;
  b[2] = (ms >> 24) & 0xFF;
  b[3] = (ms >> 16) & 0xFF;
  b[4] = (ms >> 8) & 0xFF;
  b[5] = ms & 0xFF;
  b[6] = 0x70 | ((gen->counter >> 8) & 0x0F);
  b[7] = gen->counter & 0xFF;
  for (int i = 8; i < 16; i += 4)
    {
      r = g_rand_int (gen->rand);
      memcpy (b + i, &r, 4);
    }
  b[8] = 0x80 | (b[8] & 0x3F);

  g_snprintf (out, AX_UUID_STRLEN,
              "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
              b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
              b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

static GMutex global_lock;
static AxUuidGen *global_gen;

void
ax_uuid_v7 (char out[AX_UUID_STRLEN])
{
  g_mutex_lock (&global_lock);
  if (global_gen == NULL)
    global_gen = ax_uuid_gen_new ();
  ax_uuid_gen_next (global_gen, g_get_real_time () / 1000, out);
  g_mutex_unlock (&global_lock);
}

char *
ax_uuid_v7_new (void)
{
  char buf[AX_UUID_STRLEN];

  ax_uuid_v7 (buf);
  return g_strdup (buf);
}

void
ax_uuid_derive (const char *parent,
                guint       n,
                char        out[AX_UUID_STRLEN])
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *name = g_strdup_printf ("%s/%u", parent, n);
  guint8 b[32];
  gsize len = sizeof b;

  g_checksum_update (sum, (const guchar *) name, -1);
  g_checksum_get_digest (sum, b, &len);
  b[6] = 0x80 | (b[6] & 0x0F);
  b[8] = 0x80 | (b[8] & 0x3F);
  g_snprintf (out, AX_UUID_STRLEN,
              "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
              b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
              b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

gboolean
ax_uuid_is_valid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text);
}

gint64
ax_uuid_v7_timestamp_ms (const char *text)
{
  char hex[13];
  int j = 0;

  if (!ax_uuid_is_valid (text) || text[14] != '7')
    return -1;
  for (int i = 0; i < 13 && j < 12; i++)
    if (text[i] != '-')
      hex[j++] = text[i];
  hex[12] = '\0';
  return (gint64) g_ascii_strtoll (hex, NULL, 16);
}
