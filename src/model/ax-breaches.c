/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* Ledger breaches (DESIGN.md §6, docs/sync-protocol.md "Conflict
 * policies"): a course, a wallet or a lot taken below zero by a replayed
 * mutation — two desks each used the last session offline — is accepted
 * (it happened) and flagged for review: the entry that overdrew gets
 * flagged = 1 and a `conflicts` row of kind "ledger" opens, with an id
 * derived from the entry's, so the server and every desk's rebase write
 * the very same row. breach.acknowledge closes it. */

#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-uuid.h"

#include <string.h>
#include <glib/gi18n-lib.h>

/* The conflict of an entry: derived from the entry's id, past every
 * number the mutators derive from their own ids. */
#define BREACH_DERIVE 0x7b4eac

static gboolean
step (AxMutation   *m,
      sqlite3_stmt *stmt,
      const char   *what,
      GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), what, error);
  return TRUE;
}

gboolean
ax_ledger_flag_breach (AxMutation *m,
                       const char *ledger_table,
                       const char *entry_id,
                       const char *subject_table,
                       const char *subject_id,
                       const char *unit,
                       const char *name,
                       const char *patient_id,
                       gint64      taken,
                       gint64      balance,
                       GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  g_autofree char *sql = NULL;
  g_autoptr (JsonBuilder) mine = json_builder_new ();
  g_autoptr (JsonBuilder) theirs = json_builder_new ();
  g_autoptr (JsonNode) mine_node = NULL, theirs_node = NULL;
  g_autofree char *mine_json = NULL, *theirs_json = NULL;
  char id[AX_UUID_STRLEN];
  sqlite3_stmt *stmt;

  g_return_val_if_fail (g_str_equal (ledger_table, "credit_ledger")
                        || g_str_equal (ledger_table, "stock_movements"), FALSE);

  sql = g_strdup_printf ("UPDATE %s SET flagged = 1 WHERE id = ? AND clinic_id = ?", ledger_table);
  stmt = ax_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entry_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (!step (m, stmt, _("Flagging the ledger entry failed"), error))
    return FALSE;

  /* mine: what this desk took; theirs: the balance it left. */
  json_builder_begin_object (mine);
  json_builder_set_member_name (mine, "entry_id");
  json_builder_add_string_value (mine, entry_id);
  json_builder_set_member_name (mine, "ledger");
  json_builder_add_string_value (mine, ledger_table);
  json_builder_set_member_name (mine, "name");
  json_builder_add_string_value (mine, name ? name : "");
  if (patient_id != NULL)
    {
      json_builder_set_member_name (mine, "patient_id");
      json_builder_add_string_value (mine, patient_id);
    }
  json_builder_set_member_name (mine, "taken");
  json_builder_add_int_value (mine, taken);
  json_builder_end_object (mine);
  json_builder_begin_object (theirs);
  json_builder_set_member_name (theirs, "balance");
  json_builder_add_int_value (theirs, balance);
  json_builder_end_object (theirs);
  mine_node = json_builder_get_root (mine);
  theirs_node = json_builder_get_root (theirs);
  mine_json = json_to_string (mine_node, FALSE);
  theirs_json = json_to_string (theirs_node, FALSE);

  ax_uuid_derive (entry_id, BREACH_DERIVE, id);
  stmt = ax_db_prepare (db,
    "INSERT INTO conflicts (id, clinic_id, created_at, updated_at, kind, table_name, row_id, "
    "  field, mine_json, theirs_json) VALUES (?1, ?2, ?3, ?4, 'ledger', ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (id) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, subject_table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, subject_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, unit, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, mine_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, theirs_json, -1, SQLITE_STATIC);
  if (!step (m, stmt, _("Recording a conflict failed"), error))
    return FALSE;
  json_object_set_boolean_member (ax_mutation_get_result (m), "merged", TRUE);
  json_object_set_boolean_member (ax_mutation_get_result (m), "breach", TRUE);
  return TRUE;
}

/* breach.acknowledge {id}: a person has looked at the breach. */

static const AxArgSpec acknowledge_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { NULL }
};

static gboolean
acknowledge_run (AxMutation *m,
                 JsonObject *args,
                 GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  const char *id = json_object_get_string_member (args, "id");
  g_autofree char *kind = NULL, *table = NULL, *row_id = NULL, *status = NULL;
  g_autoptr (JsonObject) detail = json_object_new ();
  sqlite3_stmt *stmt;

  stmt = ax_db_prepare (db, "SELECT kind, table_name, row_id, status FROM conflicts "
                            " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      kind = ax_db_column_dup (stmt, 0);
      table = ax_db_column_dup (stmt, 1);
      row_id = ax_db_column_dup (stmt, 2);
      status = ax_db_column_dup (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (kind == NULL || !g_str_equal (kind, "ledger"))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("breach.acknowledge: there is no ledger breach %s"), id);
      return FALSE;
    }
  if (g_strcmp0 (table, "lots") == 0
      && !ax_actor_can (ax_mutation_get_actor (m), AX_PERM_INVENTORY_EDIT))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN,
                   _("%s may not change stock, so can’t acknowledge a stock breach"),
                   ax_actor_get_display_name (ax_mutation_get_actor (m)));
      return FALSE;
    }
  if (g_strcmp0 (status, "open") != 0)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_STALE,
                   _("This breach has already been acknowledged (perhaps on another desk)"));
      return FALSE;
    }
  stmt = ax_db_prepare (db, "UPDATE conflicts SET status = 'resolved', resolution = 'acknowledged', "
                            "  resolved_by = ?, resolved_at = ?, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 3, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_STATIC);
  if (!step (m, stmt, "breach.acknowledge", error))
    return FALSE;
  json_object_set_string_member (detail, "conflict_id", id);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return ax_mutation_audit (m, "breach.acknowledge", table, row_id, detail, error);
}

static const AxMutatorDef breach_mutators[] = {
  { "breach.acknowledge", AX_PERM_POS_SELL, acknowledge_args, FALSE, NULL, acknowledge_run, NULL },
};

void
ax_breaches_register_mutators (void)
{
  ax_mutators_register (breach_mutators, G_N_ELEMENTS (breach_mutators));
}
