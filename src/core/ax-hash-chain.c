/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-core"

#include "ax-hash-chain.h"
#include "ax-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

char *
ax_sha256_hex (const void *data,
               gsize       len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

char *
ax_hash_chain_link (const char *prev_hash,
                    const char *payload)
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *prev = prev_hash ? prev_hash : AX_HASH_CHAIN_GENESIS;

  g_checksum_update (sum, (const guchar *) prev, strlen (prev));
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) payload, strlen (payload));
  return g_strdup (g_checksum_get_string (sum));
}

gboolean
ax_hash_chain_verify (const AxHashChainEntry *entries,
                      gsize                   n_entries,
                      gsize                  *first_bad,
                      GError                **error)
{
  const char *expected_prev = AX_HASH_CHAIN_GENESIS;

  for (gsize i = 0; i < n_entries; i++)
    {
      const AxHashChainEntry *e = &entries[i];
      g_autofree char *hash = NULL;

      if (g_strcmp0 (e->prev_hash, expected_prev) != 0)
        {
          if (first_bad)
            *first_bad = i;
          g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_CHAIN,
                       _("Entry %zu does not follow the entry before it "
                         "(an entry was removed, inserted or reordered)"), i + 1);
          return FALSE;
        }
      hash = ax_hash_chain_link (e->prev_hash, e->payload);
      if (g_strcmp0 (hash, e->hash) != 0)
        {
          if (first_bad)
            *first_bad = i;
          g_set_error (error, AX_CORE_ERROR, AX_CORE_ERROR_CHAIN,
                       _("Entry %zu was altered after it was written "
                         "(its content does not match its hash)"), i + 1);
          return FALSE;
        }
      expected_prev = e->hash;
    }
  return TRUE;
}
