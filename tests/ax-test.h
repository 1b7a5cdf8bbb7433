/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <check.h>
#include <glib.h>
#include <glib/gstdio.h>

/* Removes a test's temporary directory and everything in it (a store's
 * blob folders too). */
static inline void
ax_test_remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        ax_test_remove_dir (path);
      else
        g_remove (path);
    }
  g_rmdir (dir);
}

/* One Check runner for every test program: AX_TEST_MAIN ("suite", t1, t2, …)
 * runs the listed START_TEST cases in one TCase and exits non-zero on failure. */
static inline int
ax_test_run (const char     *name,
             SFun            setup,
             SFun            teardown,
             const TTest   **tests,
             gsize           n_tests)
{
  Suite *s = suite_create (name);
  TCase *tc = tcase_create (name);
  SRunner *sr;
  int failed;

  tcase_set_timeout (tc, 120);
  if (setup != NULL || teardown != NULL)
    tcase_add_checked_fixture (tc, setup, teardown);
  for (gsize i = 0; i < n_tests; i++)
    tcase_add_test (tc, tests[i]);
  suite_add_tcase (s, tc);
  sr = srunner_create (s);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed ? 1 : 0;
}

#define AX_TEST_MAIN(name, ...)                                              \
  int main (void)                                                            \
  {                                                                          \
    const TTest *tests[] = { __VA_ARGS__ };                                  \
    return ax_test_run (name, NULL, NULL, tests, G_N_ELEMENTS (tests));      \
  }

/* The same with a setup and teardown run around every test. */
#define AX_TEST_MAIN_FIXTURE(name, setup, teardown, ...)                     \
  int main (void)                                                            \
  {                                                                          \
    const TTest *tests[] = { __VA_ARGS__ };                                  \
    return ax_test_run (name, setup, teardown, tests, G_N_ELEMENTS (tests)); \
  }
