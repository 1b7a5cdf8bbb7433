/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-test.h"
#include "ax-hash-chain.h"

#include <string.h>

#define N 5

typedef struct
{
  char *payload[N];
  char *prev[N];
  char *hash[N];
  AxHashChainEntry e[N];
} Chain;

static void
build (Chain *c)
{
  const char *prev = NULL;

  for (int i = 0; i < N; i++)
    {
      c->payload[i] = g_strdup_printf ("{\"seq\":%d,\"action\":\"login\"}", i);
      c->prev[i] = g_strdup (prev ? prev : AX_HASH_CHAIN_GENESIS);
      c->hash[i] = ax_hash_chain_link (prev, c->payload[i]);
      prev = c->hash[i];
      c->e[i] = (AxHashChainEntry) { c->prev[i], c->payload[i], c->hash[i] };
    }
}

static void
clear (Chain *c)
{
  for (int i = 0; i < N; i++)
    {
      g_free (c->payload[i]);
      g_free (c->prev[i]);
      g_free (c->hash[i]);
    }
}

START_TEST (test_known_vector)
{
  g_autofree char *h = ax_sha256_hex ("abc", 3);
  g_autofree char *link = ax_hash_chain_link (NULL, "abc");
  g_autofree char *same = ax_sha256_hex (AX_HASH_CHAIN_GENESIS "\nabc", 68);

  ck_assert_str_eq (h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  ck_assert_str_eq (link, same);
}
END_TEST

START_TEST (test_valid_chain)
{
  Chain c;

  build (&c);
  ck_assert (ax_hash_chain_verify (c.e, N, NULL, NULL));
  clear (&c);
}
END_TEST

START_TEST (test_altered_entry)
{
  Chain c;
  gsize bad = 99;
  g_autoptr (GError) error = NULL;

  build (&c);
  c.e[2].payload = "{\"seq\":2,\"action\":\"logout\"}";
  ck_assert (!ax_hash_chain_verify (c.e, N, &bad, &error));
  ck_assert_uint_eq (bad, 2);
  ck_assert (strstr (error->message, "3") != NULL); /* named for people: entry 3 */
  clear (&c);
}
END_TEST

START_TEST (test_removed_entry)
{
  Chain c;
  gsize bad = 99;
  AxHashChainEntry gap[N - 1];

  build (&c);
  gap[0] = c.e[0];
  gap[1] = c.e[1];
  gap[2] = c.e[3];
  gap[3] = c.e[4];
  ck_assert (!ax_hash_chain_verify (gap, N - 1, &bad, NULL));
  ck_assert_uint_eq (bad, 2);
  clear (&c);
}
END_TEST

AX_TEST_MAIN ("hash-chain", test_known_vector, test_valid_chain, test_altered_entry,
              test_removed_entry)
