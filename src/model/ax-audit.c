/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include <inttypes.h>
#include "ax-audit.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-hash-chain.h"
#include "ax-uuid.h"

#include <glib/gi18n-lib.h>

/* The canonical text an entry's hash covers: fixed field order, the
 * detail kept as the exact JSON text stored. */
static char *
canonical_payload (const char *id,
                   gint64      seq,
                   gint64      at,
                   const char *user_id,
                   const char *action,
                   const char *subject_type,
                   const char *subject_id,
                   const char *detail_json)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, seq);
  json_builder_set_member_name (b, "at");
  json_builder_add_int_value (b, at);
  json_builder_set_member_name (b, "user_id");
  json_builder_add_string_value (b, user_id);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, action);
  json_builder_set_member_name (b, "subject_type");
  json_builder_add_string_value (b, subject_type);
  json_builder_set_member_name (b, "subject_id");
  json_builder_add_string_value (b, subject_id);
  json_builder_set_member_name (b, "detail");
  json_builder_add_string_value (b, detail_json);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

gboolean
ax_audit_append (AxDb       *db,
                 const char *clinic_id,
                 gint64      at_ms,
                 AxActor    *actor,
                 const char *action,
                 const char *subject_type,
                 const char *subject_id,
                 JsonObject *detail,
                 GError    **error)
{
  g_autofree char *prev = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *detail_json = NULL;
  const char *user_id = actor ? ax_actor_get_user_id (actor) : NULL;
  char id[AX_UUID_STRLEN];
  sqlite3_stmt *stmt;
  gint64 seq = 1;

  if (detail != NULL)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), detail);
      detail_json = json_to_string (node, FALSE);
    }
  else
    detail_json = g_strdup ("{}");

  stmt = ax_db_prepare (db, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      seq = sqlite3_column_int64 (stmt, 0) + 1;
      prev = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);

  ax_uuid_v7 (id);
  payload = canonical_payload (id, seq, at_ms, user_id, action, subject_type, subject_id,
                               detail_json);
  hash = ax_hash_chain_link (prev, payload);

  stmt = ax_db_prepare (db,
                        "INSERT INTO audit_log (id, clinic_id, seq, at, user_id, user_name, action, "
                        "  subject_type, subject_id, detail_json, prev_hash, hash) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clinic_id ? clinic_id : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, seq);
  sqlite3_bind_int64 (stmt, 4, at_ms);
  sqlite3_bind_text (stmt, 5, user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, actor ? ax_actor_get_display_name (actor) : NULL, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, subject_type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, subject_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, detail_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, prev ? prev : AX_HASH_CHAIN_GENESIS, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 12, hash, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (db, _("Writing the audit log failed"), error);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
ax_audit_verify (AxDb    *db,
                 gint64  *first_bad_seq,
                 gint64  *n_checked,
                 GError **error)
{
  const char *expected_prev = AX_HASH_CHAIN_GENESIS;
  g_autofree char *prev_hash = NULL;
  sqlite3_stmt *stmt;
  gint64 n = 0;
  int rc;

  stmt = ax_db_prepare (db,
                        "SELECT id, seq, at, user_id, action, subject_type, subject_id, detail_json, "
                        "       prev_hash, hash FROM audit_log ORDER BY seq", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 1);
      const char *stored_prev = (const char *) sqlite3_column_text (stmt, 8);
      const char *stored_hash = (const char *) sqlite3_column_text (stmt, 9);
      g_autofree char *payload =
        canonical_payload ((const char *) sqlite3_column_text (stmt, 0), seq,
                           sqlite3_column_int64 (stmt, 2),
                           (const char *) sqlite3_column_text (stmt, 3),
                           (const char *) sqlite3_column_text (stmt, 4),
                           (const char *) sqlite3_column_text (stmt, 5),
                           (const char *) sqlite3_column_text (stmt, 6),
                           (const char *) sqlite3_column_text (stmt, 7));
      g_autofree char *hash = ax_hash_chain_link (stored_prev, payload);

      n++;
      if (g_strcmp0 (stored_prev, expected_prev) != 0 || g_strcmp0 (hash, stored_hash) != 0)
        {
          if (first_bad_seq)
            *first_bad_seq = seq;
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT,
                       g_strcmp0 (stored_prev, expected_prev) != 0
                       ? _("Audit entry %" PRId64 " does not follow the entry before it "
                           "(an entry was removed or reordered)")
                       : _("Audit entry %" PRId64 " was altered after it was written"),
                       seq);
          sqlite3_reset (stmt);
          return FALSE;
        }
      g_free (prev_hash);
      prev_hash = g_strdup (stored_hash);
      expected_prev = prev_hash;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Reading the audit log failed"), error);
  if (n_checked)
    *n_checked = n;
  return TRUE;
}
