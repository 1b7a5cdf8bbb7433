/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-test.h"
#include "ax-mask.h"

static void
assert_mask (char *(*fn) (const char *), const char *in, const char *want)
{
  g_autofree char *got = fn (in);

  ck_assert_msg (g_strcmp0 (got, want) == 0, "%s → %s, want %s", in, got, want);
}

START_TEST (test_phone)
{
  assert_mask (ax_mask_phone, "0810000101", "081-XXX-0101");
  assert_mask (ax_mask_phone, "081-000-0101", "081-XXX-0101");
  assert_mask (ax_mask_phone, "+55 11 98765-4321", "+551-XXXXXX-4321");
  assert_mask (ax_mask_phone, "+1 (415) 555-0199", "+141-XXXX-0199");
  assert_mask (ax_mask_phone, "12345", "XXX45");
  assert_mask (ax_mask_phone, "", "");
  ck_assert_ptr_null (ax_mask_phone (NULL));
}
END_TEST

START_TEST (test_national_id)
{
  assert_mask (ax_mask_national_id, "1-1037-02071-81-1", "1-XXXX-XXXXX-81-1");
  assert_mask (ax_mask_national_id, "1103702071811", "1XXXXXXXXX811");
  assert_mask (ax_mask_national_id, "123.456.789-09", "1XX.XXX.XX9-09");
  assert_mask (ax_mask_national_id, "1234", "XXX4");
}
END_TEST

AX_TEST_MAIN ("mask", test_phone, test_national_id)
