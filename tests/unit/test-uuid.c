/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-test.h"
#include <string.h>

#include "ax-uuid.h"

START_TEST (test_format)
{
  char id[AX_UUID_STRLEN];

  ax_uuid_v7 (id);
  ck_assert_uint_eq (strlen (id), 36);
  ck_assert (ax_uuid_is_valid (id));
  ck_assert_int_eq (id[8], '-');
  ck_assert_int_eq (id[14], '7');                      /* version 7 */
  ck_assert (strchr ("89ab", id[19]) != NULL);         /* variant 10xx */
  ck_assert (!ax_uuid_is_valid ("not-a-uuid"));
}
END_TEST

START_TEST (test_timestamp)
{
  g_autoptr (AxUuidGen) gen = ax_uuid_gen_new ();
  char id[AX_UUID_STRLEN];

  ax_uuid_gen_next (gen, 1700000000123, id);
  ck_assert_int_eq (ax_uuid_v7_timestamp_ms (id), 1700000000123);
  ck_assert (g_str_has_prefix (id, "018bcfe5-687b-7"));
  ck_assert_int_eq (ax_uuid_v7_timestamp_ms ("123e4567-e89b-12d3-a456-426614174000"), -1);
}
END_TEST

START_TEST (test_monotonic_same_ms)
{
  g_autoptr (AxUuidGen) gen = ax_uuid_gen_new ();
  char prev[AX_UUID_STRLEN], id[AX_UUID_STRLEN];

  ax_uuid_gen_next (gen, 1000, prev);
  /* 10 000 ids within one millisecond overflow the 12-bit counter several
   * times: the order must still hold. */
  for (int i = 0; i < 10000; i++)
    {
      ax_uuid_gen_next (gen, 1000, id);
      ck_assert_msg (strcmp (prev, id) < 0, "%s !< %s at %d", prev, id, i);
      strcpy (prev, id);
    }
}
END_TEST

START_TEST (test_monotonic_clock_back)
{
  g_autoptr (AxUuidGen) gen = ax_uuid_gen_new ();
  char a[AX_UUID_STRLEN], b[AX_UUID_STRLEN], c[AX_UUID_STRLEN];

  ax_uuid_gen_next (gen, 5000, a);
  ax_uuid_gen_next (gen, 4000, b); /* wall clock stepped back */
  ax_uuid_gen_next (gen, 6000, c);
  ck_assert (strcmp (a, b) < 0);
  ck_assert (strcmp (b, c) < 0);
  ck_assert_int_eq (ax_uuid_v7_timestamp_ms (c), 6000);
}
END_TEST

START_TEST (test_derived)
{
  char a[AX_UUID_STRLEN], b[AX_UUID_STRLEN], c[AX_UUID_STRLEN], d[AX_UUID_STRLEN];
  /* Two parents that share their first 24 characters. */
  const char *p1 = "018bcfe5-687b-7000-8000-000000000001";
  const char *p2 = "018bcfe5-687b-7000-8000-000000000002";

  ax_uuid_derive (p1, 1, a);
  ax_uuid_derive (p1, 1, b);
  ax_uuid_derive (p1, 2, c);
  ax_uuid_derive (p2, 1, d);
  ck_assert_str_eq (a, b);            /* the same name, the same id: replays agree */
  ck_assert_str_ne (a, c);
  ck_assert_str_ne (a, d);
  ck_assert (ax_uuid_is_valid (a));
  ck_assert_int_eq (a[14], '8');      /* version 8 */
  ck_assert (strchr ("89ab", a[19]) != NULL);
}
END_TEST

START_TEST (test_unique_across_generators)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int i = 0; i < 20000; i++)
    {
      char *id = ax_uuid_v7_new ();
      ck_assert (g_hash_table_add (seen, id));
    }
}
END_TEST

AX_TEST_MAIN ("uuid", test_format, test_timestamp, test_monotonic_same_ms,
              test_monotonic_clock_back, test_derived, test_unique_across_generators)
