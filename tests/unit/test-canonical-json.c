/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The canonical JSON text a signature's hash covers. */
#include "ax-test.h"
#include "ax-canonical-json.h"

static char *
canonical_of (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  ck_assert_msg (json_parser_load_from_data (parser, json, -1, &error), "%s", json);
  return ax_canonical_json (json_parser_get_root (parser));
}

START_TEST (test_sorted_and_compact)
{
  g_autofree char *a = canonical_of ("{ \"b\": [1, 2, {\"z\": true, \"a\": null}],\n \"a\": \"x\" }");
  g_autofree char *b = canonical_of ("{\"a\":\"x\",\"b\":[1,2,{\"a\":null,\"z\":true}]}");

  ck_assert_str_eq (a, "{\"a\":\"x\",\"b\":[1,2,{\"a\":null,\"z\":true}]}");
  ck_assert_str_eq (a, b);
}
END_TEST

START_TEST (test_strings_and_numbers)
{
  g_autofree char *s = canonical_of ("{\"t\": \"line\\none \\\"q\\\" \\\\ \\u0001 ไทย é\", "
                                     "\"n\": -42, \"d\": 0.1, \"e\": 1.5e3}");

  ck_assert_str_eq (s, "{\"d\":0.1,\"e\":1500,\"n\":-42,"
                       "\"t\":\"line\\none \\\"q\\\" \\\\ \\u0001 ไทย é\"}");
}
END_TEST

START_TEST (test_hash)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *hash = NULL;

  ck_assert (json_parser_load_from_data (parser, "{\"b\":1,\"a\":2}", -1, NULL));
  hash = ax_canonical_json_sha256 (json_parser_get_root (parser));
  /* printf '{"a":2,"b":1}' | sha256sum */
  ck_assert_str_eq (hash, "d3626ac30a87e6f7a6428233b3c68299976865fa5508e4267c5415c76af7a772");
}
END_TEST

AX_TEST_MAIN ("canonical-json", test_sorted_and_compact, test_strings_and_numbers, test_hash)
