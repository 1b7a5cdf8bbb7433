/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include "ax-conflicts.h"
#include "ax-mutator.h"
#include "ax-model-private.h"
#include "ax-model-error.h"

#include <string.h>
#include <glib/gi18n-lib.h>

static const char *const keeps[] = { "mine", "theirs", "edit", NULL };

/* value and from go with keep "edit" only. The fields a person decides
 * (a patient's names and date of birth) are text; the record's own update
 * mutator checks the rest (a real date, not empty, its length). */
static const AxArgSpec resolve_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { "keep", AX_ARG_ENUM, TRUE, 0, 0, keeps },
  { "value", AX_ARG_TEXT },
  { "from", AX_ARG_TEXT },
  { NULL }
};

/* The update mutator of each record whose fields may conflict. */
static const char *
update_mutator_of (const char *table)
{
  static const struct { const char *table; const char *mutator; } updates[] = {
    { "patients", "patient.update" },
    { "appointments", "appointment.update" },
    { "providers", "provider.update" },
    { "rooms", "room.update" },
    { "service_categories", "service_category.update" },
    { "services", "service.update" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (updates); i++)
    if (g_strcmp0 (table, updates[i].table) == 0)
      return updates[i].mutator;
  return NULL;
}

/* Columns a field conflict may name: the record's own data, never its keys
 * or sync bookkeeping (a conflict row comes from the server). */
static gboolean
is_data_column (AxDb       *db,
                const char *table,
                const char *column)
{
  static const char *const tables[] = {
    "patients", "appointments", "providers", "rooms", "service_categories", "services", "products", NULL,
  };
  static const char *const reserved[] = {
    "id", "clinic_id", "created_at", "updated_at", "version", "deleted_at", NULL,
  };
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (!g_strv_contains (tables, table) || column == NULL || g_strv_contains (reserved, column))
    return FALSE;
  stmt = ax_db_prepare (db, "SELECT 1 FROM pragma_table_info (?) WHERE name = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, column, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

static gboolean
bind_json (sqlite3_stmt *stmt,
           int           idx,
           const char   *json)
{
  g_autoptr (JsonNode) node = json ? json_from_string (json, NULL) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    sqlite3_bind_null (stmt, idx);
  else if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, idx, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    sqlite3_bind_int (stmt, idx, json_node_get_boolean (node));
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    sqlite3_bind_text (stmt, idx, json_node_get_string (node), -1, SQLITE_TRANSIENT);
  else
    return FALSE;
  return TRUE;
}

static gboolean
step (AxMutation   *m,
      sqlite3_stmt *stmt,
      GError      **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (ax_mutation_get_db (m), "conflict.resolve", error);
  return TRUE;
}

static gboolean
keep_field (AxMutation *m,
            const char *table,
            const char *row_id,
            const char *field,
            const char *value_json,
            GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (!is_data_column (db, table, field))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
                   _("This conflict cannot be resolved here (“%s” of %s)"), field ? field : "", table);
      return FALSE;
    }
  if (!ax_mutation_require_row (m, table, row_id, _("record"), error))
    return FALSE;
  sql = g_strdup_printf ("UPDATE \"%s\" SET \"%s\" = ?, updated_at = ? WHERE id = ? AND clinic_id = ?",
                         table, field);
  stmt = ax_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (!bind_json (stmt, 1, value_json))
    {
      sqlite3_reset (stmt);
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT, _("The conflict’s value cannot be read"));
      return FALSE;
    }
  sqlite3_bind_text (stmt, 2, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, row_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  return step (m, stmt, error);
}

/* keep "edit": a third value, written as the record's update mutator
 * writes it — validated as that field is, with its permission, and refused
 * as stale when the stored value is no longer the one the person saw. */
static gboolean
edit_field (AxMutation *m,
            const char *table,
            const char *row_id,
            const char *field,
            JsonObject *args,
            GError    **error)
{
  const char *mutator = update_mutator_of (table);
  g_autoptr (JsonObject) update = json_object_new ();
  JsonObject *set = json_object_new ();
  JsonObject *from = json_object_new ();

  if (mutator == NULL || !is_data_column (ax_mutation_get_db (m), table, field))
    {
      json_object_unref (set);
      json_object_unref (from);
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
                   _("This conflict cannot be resolved here (“%s” of %s)"), field ? field : "", table);
      return FALSE;
    }
  json_object_set_member (set, field, json_node_copy (json_object_get_member (args, "value")));
  json_object_set_member (from, field, json_node_copy (json_object_get_member (args, "from")));
  json_object_set_string_member (update, "id", row_id);
  json_object_set_object_member (update, "set", set);
  json_object_set_object_member (update, "from", from);
  return ax_mutation_run_nested (m, mutator, update, error);
}

static gboolean
settle_booking (AxMutation *m,
                const char *appointment_id,
                gboolean    keep,
                GError    **error)
{
  sqlite3_stmt *stmt;

  if (!ax_actor_can (ax_mutation_get_actor (m), AX_PERM_CALENDAR_BOOK))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN,
                   _("%s may not change bookings"), ax_actor_get_display_name (ax_mutation_get_actor (m)));
      return FALSE;
    }
  if (!ax_mutation_require_row (m, "appointments", appointment_id, _("appointment"), error))
    return FALSE;
  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        keep ? "UPDATE appointments SET needs_rebooking = 0, "
                               "  overbook_reason = coalesce (overbook_reason, ?1), updated_at = ?2 "
                               " WHERE id = ?3 AND clinic_id = ?4"
                             : "UPDATE appointments SET needs_rebooking = 0, status = 'cancelled', "
                               "  updated_at = ?2 WHERE id = ?3 AND clinic_id = ?4", error);
  if (stmt == NULL)
    return FALSE;
  if (keep)
    sqlite3_bind_text (stmt, 1, _("Kept after a clash found by sync"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, appointment_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  return step (m, stmt, error);
}

static gboolean
resolve_run (AxMutation *m,
             JsonObject *args,
             GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  const char *id = json_object_get_string_member (args, "id");
  const char *keep = json_object_get_string_member (args, "keep");
  gboolean mine = strcmp (keep, "mine") == 0;
  gboolean edit = strcmp (keep, "edit") == 0;
  g_autofree char *kind = NULL, *table = NULL, *row_id = NULL, *field = NULL, *mine_json = NULL;
  g_autofree char *status = NULL;
  g_autoptr (JsonObject) detail = json_object_new ();
  sqlite3_stmt *stmt;

  if (edit && !(json_object_has_member (args, "value") && json_object_has_member (args, "from")))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("conflict.resolve: keep “edit” needs the new “value” and the stored value "
                     "seen (“from”)"));
      return FALSE;
    }
  if (!edit && (json_object_has_member (args, "value") || json_object_has_member (args, "from")))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("conflict.resolve: “value” and “from” go with keep “edit” only"));
      return FALSE;
    }

  stmt = ax_db_prepare (db, "SELECT kind, table_name, row_id, field, mine_json, status FROM conflicts "
                        " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      table = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      field = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      mine_json = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      status = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
    }
  sqlite3_reset (stmt);
  if (kind == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND, _("There is no conflict %s"), id);
      return FALSE;
    }
  if (g_strcmp0 (status, "open") != 0)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_STALE,
                   _("This conflict has already been resolved (perhaps on another desk)"));
      return FALSE;
    }

  if (strcmp (kind, "field") == 0)
    {
      if (mine && !keep_field (m, table, row_id, field, mine_json, error))
        return FALSE;
      if (edit && !edit_field (m, table, row_id, field, args, error))
        return FALSE;
    }
  else if (edit)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
                   strcmp (kind, "booking") == 0
                   ? _("A clashing booking is changed by moving it to another time (Rebook), not here")
                   : _("Only a field changed on two desks can be given another value here"));
      return FALSE;
    }
  else if (strcmp (kind, "booking") == 0)
    {
      if (!settle_booking (m, row_id, mine, error))
        return FALSE;
    }
  else if (mine)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
                   _("A %s conflict is settled by a correcting entry, not here; choose Keep theirs "
                     "to close it"), kind);
      return FALSE;
    }

  stmt = ax_db_prepare (db, "UPDATE conflicts SET status = 'resolved', resolution = ?, resolved_by = ?, "
                        "  resolved_at = ?, updated_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, keep, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, id, -1, SQLITE_STATIC);
  if (!step (m, stmt, error))
    return FALSE;

  json_object_set_string_member (detail, "kind", kind);
  json_object_set_string_member (detail, "keep", keep);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return ax_mutation_audit (m, "conflict.resolve", table, row_id, detail, error);
}

gboolean
ax_conflicts_settle_moved (AxMutation *m,
                           const char *appointment_id,
                           GError    **error)
{
  sqlite3_stmt *stmt;

  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "UPDATE conflicts SET status = 'resolved', resolution = 'moved', resolved_by = ?, "
                        "  resolved_at = ?, updated_at = ? "
                        " WHERE clinic_id = ? AND kind = 'booking' AND table_name = 'appointments' "
                        "   AND row_id = ? AND status = 'open' AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 3, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, appointment_id, -1, SQLITE_STATIC);
  return step (m, stmt, error);
}

static const AxMutatorDef conflict_mutators[] = {
  { "conflict.resolve", AX_PERM_PATIENT_EDIT, resolve_args, FALSE, NULL, resolve_run, "conflicts" },
};

void
ax_conflicts_register_mutators (void)
{
  ax_mutators_register (conflict_mutators, G_N_ELEMENTS (conflict_mutators));
}

/* Reads */

void
ax_conflict_free (AxConflict *c)
{
  if (c == NULL)
    return;
  g_free (c->id);
  g_free (c->kind);
  g_free (c->table_name);
  g_free (c->row_id);
  g_free (c->field);
  g_free (c->base_json);
  g_free (c->mine_json);
  g_free (c->theirs_json);
  g_free (c->subject);
  g_free (c);
}

GPtrArray *
ax_conflicts_list_open (AxDb    *db,
                        GError **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ax_conflict_free);
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT c.id, c.kind, c.table_name, c.row_id, c.field, c.base_json, c.mine_json, c.theirs_json, "
    "       c.created_at, "
    "       trim (coalesce (p.first_name, ap.first_name, '') || ' ' "
    "             || coalesce (p.last_name, ap.last_name, '')), "
    "       coalesce (a.start_at, 0), "
    "       c.kind = 'booking' AND EXISTS (SELECT 1 FROM outbox o WHERE o.name = 'appointment.book' "
    "                                        AND json_extract (o.args_json, '$.id') = c.row_id) "
    "  FROM conflicts c "
    "  LEFT JOIN patients p ON c.table_name = 'patients' AND p.id = c.row_id "
    "  LEFT JOIN appointments a ON c.table_name = 'appointments' AND a.id = c.row_id "
    "  LEFT JOIN patients ap ON ap.id = a.patient_id "
    " WHERE c.status = 'open' AND c.deleted_at IS NULL "
    " ORDER BY c.created_at, c.id", error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      AxConflict *c = g_new0 (AxConflict, 1);

      c->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      c->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      c->table_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      c->row_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      c->field = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      c->base_json = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      c->mine_json = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      c->theirs_json = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      c->created_at = sqlite3_column_int64 (stmt, 8);
      c->subject = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      c->start_at = sqlite3_column_int64 (stmt, 10);
      c->booked_here = sqlite3_column_int (stmt, 11) != 0;
      g_ptr_array_add (list, c);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&list);
}

static gpointer
list_read (AxDb     *db,
           gpointer  data,
           GError  **error)
{
  return ax_conflicts_list_open (db, error);
}

void
ax_conflicts_list_open_async (AxStore             *store,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ax_store_read_async (store, list_read, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
                       ax_conflicts_list_open_async, cancellable, callback, user_data);
}

GPtrArray *
ax_conflicts_list_open_finish (AxStore      *store,
                               GAsyncResult *result,
                               GError      **error)
{
  return ax_store_read_finish (store, result, ax_conflicts_list_open_async, error);
}
