/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "ax-fixture.h"

AX_FIXTURE_DEFINE

START_TEST (test_login_and_audit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AxActor) a = ax_auth_login (f.store, " Billing ", "demo", &error);

  ck_assert_msg (a != NULL, "%s", error ? error->message : "");
  ck_assert_int_eq (ax_actor_get_role (a), AX_ROLE_BILLING);
  ck_assert_str_eq (ax_actor_get_user_id (a), ax_actor_get_user_id (f.actors[BILLING]));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'login'"), 1);
  ck_assert (ax_auth_logout (f.store, a, &error));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'logout'"), 1);
}
END_TEST

START_TEST (test_wrong_password_then_lockout)
{
  g_autoptr (GError) error = NULL;

  for (int i = 1; i < AX_AUTH_MAX_FAILURES; i++)
    {
      g_autofree char *left = g_strdup_printf ("%d attempt", AX_AUTH_MAX_FAILURES - i);

      ck_assert_ptr_null (ax_auth_login (f.store, "frontdesk", "wrong", &error));
      ck_assert (g_error_matches (error, AX_AUTH_ERROR, AX_AUTH_ERROR_WRONG_PASSWORD));
      ck_assert_msg (strstr (error->message, "Wrong password for frontdesk user") != NULL, "%s", error->message);
      ck_assert_msg (strstr (error->message, left) != NULL, "%s", error->message);
      g_clear_error (&error);
    }
  ck_assert_ptr_null (ax_auth_login (f.store, "frontdesk", "wrong", &error));
  ck_assert (g_error_matches (error, AX_AUTH_ERROR, AX_AUTH_ERROR_LOCKED));
  ck_assert_int_eq (ax_auth_locked_seconds (f.store, "frontdesk"), 60);
  g_clear_error (&error);

  /* Locked: even the right password is refused, and nobody else is affected. */
  ck_assert_ptr_null (ax_auth_login (f.store, "FrontDesk", "demo", &error));
  ck_assert (g_error_matches (error, AX_AUTH_ERROR, AX_AUTH_ERROR_LOCKED));
  ck_assert (strstr (error->message, "Try again in") != NULL);
  g_clear_error (&error);
  {
    g_autoptr (AxActor) other = ax_auth_login (f.store, "billing", "demo", &error);
    ck_assert_ptr_nonnull (other);
  }

  /* 45 s later the countdown shows 15 s; after the minute the right password works. */
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + 45000);
  ck_assert_int_eq (ax_auth_locked_seconds (f.store, "frontdesk"), 15);
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + 61000);
  ck_assert_int_eq (ax_auth_locked_seconds (f.store, "frontdesk"), 0);
  {
    g_autoptr (AxActor) back = ax_auth_login (f.store, "frontdesk", "demo", &error);
    ck_assert_msg (back != NULL, "%s", error ? error->message : "");
  }
  /* A success clears the count. */
  ck_assert_ptr_null (ax_auth_login (f.store, "frontdesk", "wrong", &error));
  ck_assert (strstr (error->message, "4 attempts left") != NULL);
  /* Failed attempts leave no audit entry and no outbox entry. */
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM outbox WHERE name = 'session.login'"), 2);
}
END_TEST

START_TEST (test_unknown_and_disabled)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *off = g_strdup_printf ("{\"id\": \"%s\", \"set\": {\"active\": false}}",
                                          ax_actor_get_user_id (f.actors[READ_ONLY]));
  g_autoptr (JsonNode) r = NULL;

  ck_assert_ptr_null (ax_auth_login (f.store, "ghost", "demo", &error));
  ck_assert (g_error_matches (error, AX_AUTH_ERROR, AX_AUTH_ERROR_UNKNOWN_USER));
  ck_assert (strstr (error->message, "no user called “ghost”") != NULL);
  g_clear_error (&error);
  ck_assert_ptr_null (ax_auth_login (f.store, "", "demo", &error));
  ck_assert (g_error_matches (error, AX_AUTH_ERROR, AX_AUTH_ERROR_UNKNOWN_USER));
  g_clear_error (&error);

  r = ax_fixture_mutate (&f, OWNER, "user.update", off);
  ck_assert_ptr_null (ax_auth_login (f.store, "readonly", "demo", &error));
  ck_assert (g_error_matches (error, AX_AUTH_ERROR, AX_AUTH_ERROR_DISABLED));
}
END_TEST

START_TEST (test_list_users)
{
  g_autoptr (GPtrArray) users = ax_auth_list_users (f.store, NULL);

  ck_assert_uint_eq (users->len, AX_N_ROLES);
  for (guint i = 0; i < users->len; i++)
    {
      AxUserInfo *u = users->pdata[i];
      ck_assert_int_ne (u->role, AX_ROLE_INVALID);
      ck_assert (u->id != NULL && u->username != NULL && u->display_name != NULL);
    }
}
END_TEST

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AxActor **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = ax_auth_login_finish (AX_STORE (source), result, &error);
  if (*out == NULL)
    *out = (AxActor *) GINT_TO_POINTER (error->code + 1);
}

static gpointer
login_async (const char *user,
             const char *password)
{
  AxActor *out = NULL;

  ax_auth_login_async (f.store, user, password, NULL, login_done_cb, &out);
  while (out == NULL)
    g_main_context_iteration (NULL, TRUE);
  return out;
}

START_TEST (test_login_async)
{
  AxActor *ok = login_async ("director", "demo");
  gpointer bad = login_async ("director", "nope");

  ck_assert_int_eq (ax_actor_get_role (ok), AX_ROLE_MEDICAL_DIRECTOR);
  ax_actor_unref (ok);
  ck_assert_int_eq (GPOINTER_TO_INT (bad), AX_AUTH_ERROR_WRONG_PASSWORD + 1);
}
END_TEST

AX_TEST_MAIN_FIXTURE ("auth", setup, teardown, test_login_and_audit, test_wrong_password_then_lockout,
                      test_unknown_and_disabled, test_list_users, test_login_async)
