/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A SHA-256 hash chain: each link's hash covers the previous hash and the
 * link's own canonical payload, so altering, removing or reordering any
 * entry breaks every hash after it. */

#define AX_HASH_CHAIN_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* The hash of a link: hex SHA-256 of prev_hash "\n" payload. A NULL
 * prev_hash means the first link (the genesis hash). */
char     *ax_hash_chain_link   (const char *prev_hash,
                                const char *payload);

typedef struct
{
  const char *prev_hash; /* as stored with the entry */
  const char *payload;
  const char *hash;      /* as stored with the entry */
} AxHashChainEntry;

/* Checks every link in order. On a break returns FALSE, sets *first_bad
 * to its index and error to a message naming what does not match. */
gboolean  ax_hash_chain_verify (const AxHashChainEntry *entries,
                                gsize                   n_entries,
                                gsize                  *first_bad,
                                GError                **error);

/* Lowercase hex SHA-256 of a string or a byte buffer. */
char     *ax_sha256_hex        (const void *data,
                                gsize       len);

G_END_DECLS
