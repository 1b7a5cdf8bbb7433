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

/* Reading the log */

static void
entry_free (AxAuditEntry *e)
{
  g_free (e->id);
  g_free (e->user_id);
  g_free (e->user_name);
  g_free (e->action);
  g_free (e->subject_type);
  g_free (e->subject_id);
  g_free (e->detail_json);
  g_free (e);
}

static void
user_free (AxAuditUser *u)
{
  g_free (u->user_id);
  g_free (u->user_name);
  g_free (u);
}

static void
page_clear (gpointer data)
{
  AxAuditLogPage *page = data;

  g_clear_pointer (&page->entries, g_ptr_array_unref);
  g_clear_pointer (&page->actions, g_strfreev);
  g_clear_pointer (&page->users, g_ptr_array_unref);
}

AxAuditLogPage *
ax_audit_log_page_ref (AxAuditLogPage *page)
{
  return g_atomic_rc_box_acquire (page);
}

void
ax_audit_log_page_unref (AxAuditLogPage *page)
{
  g_atomic_rc_box_release_full (page, page_clear);
}

static gboolean
read_facets (AxDb        *db,
             AxAuditLogPage *page,
             GError     **error)
{
  g_autoptr (GStrvBuilder) actions = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = ax_db_prepare (db, "SELECT DISTINCT action FROM audit_log ORDER BY action", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (actions, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Reading the audit log failed"), error);
  page->actions = g_strv_builder_end (actions);

  /* Each user once, under the newest name they were logged with. */
  stmt = ax_db_prepare (db,
    "SELECT user_id, (SELECT l.user_name FROM audit_log l WHERE l.user_id = a.user_id "
    "                  ORDER BY l.seq DESC LIMIT 1) AS name "
    "  FROM (SELECT DISTINCT user_id FROM audit_log WHERE user_id IS NOT NULL) a "
    " ORDER BY name COLLATE NOCASE, user_id", error);
  if (stmt == NULL)
    return FALSE;
  page->users = g_ptr_array_new_with_free_func ((GDestroyNotify) user_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxAuditUser *u = g_new0 (AxAuditUser, 1);

      u->user_id = ax_db_column_dup (stmt, 0);
      u->user_name = sqlite3_column_text (stmt, 1) ? ax_db_column_dup (stmt, 1)
                                                   : g_strdup (u->user_id);
      g_ptr_array_add (page->users, u);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, _("Reading the audit log failed"), error);
  return TRUE;
}

static const char *
nonempty (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

AxAuditLogPage *
ax_audit_query (AxDb                *db,
                const AxAuditFilter *filter,
                gint64               before_seq,
                guint                limit,
                GError             **error)
{
  static const AxAuditFilter none = { NULL, NULL, NULL };
  gboolean began;
  g_autofree char *pattern = NULL;
  AxAuditLogPage *page;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (limit > 0, NULL);
  if (filter == NULL)
    filter = &none;

  page = g_atomic_rc_box_new0 (AxAuditLogPage);
  page->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  if (!ax_db_begin_read (db, &began, error))
    return (ax_audit_log_page_unref (page), NULL);

  if (before_seq == 0 && !read_facets (db, page, error))
    goto fail;

  stmt = ax_db_prepare (db, "SELECT COUNT (*) FROM audit_log", error);
  if (stmt == NULL)
    goto fail;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    page->total = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  /* Newest first on the seq index; the filters narrow the walk. */
  stmt = ax_db_prepare (db,
    "SELECT seq, id, at, user_id, user_name, action, subject_type, subject_id, detail_json "
    "  FROM audit_log "
    " WHERE (?1 = 0 OR seq < ?1) AND (?2 IS NULL OR action = ?2) "
    "   AND (?3 IS NULL OR user_id = ?3) "
    "   AND (?4 IS NULL OR action LIKE ?4 ESCAPE '\\' OR user_name LIKE ?4 ESCAPE '\\' "
    "        OR subject_type LIKE ?4 ESCAPE '\\' OR subject_id LIKE ?4 ESCAPE '\\' "
    "        OR detail_json LIKE ?4 ESCAPE '\\') "
    " ORDER BY seq DESC LIMIT ?5", error);
  if (stmt == NULL)
    goto fail;
  if (nonempty (filter->search) != NULL)
    {
      GString *p = g_string_new ("%");

      for (const char *c = filter->search; *c != '\0'; c++)
        {
          if (*c == '%' || *c == '_' || *c == '\\')
            g_string_append_c (p, '\\');
          g_string_append_c (p, *c);
        }
      g_string_append_c (p, '%');
      pattern = g_string_free (p, FALSE);
    }
  sqlite3_bind_int64 (stmt, 1, before_seq);
  sqlite3_bind_text (stmt, 2, nonempty (filter->action), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, nonempty (filter->user_id), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, (gint64) limit + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxAuditEntry *e;

      if (page->entries->len == limit)
        {
          page->has_more = TRUE;
          continue;
        }
      e = g_new0 (AxAuditEntry, 1);
      e->seq = sqlite3_column_int64 (stmt, 0);
      e->id = ax_db_column_dup (stmt, 1);
      e->at_ms = sqlite3_column_int64 (stmt, 2);
      e->user_id = ax_db_column_dup (stmt, 3);
      e->user_name = ax_db_column_dup (stmt, 4);
      e->action = ax_db_column_dup (stmt, 5);
      e->subject_type = ax_db_column_dup (stmt, 6);
      e->subject_id = ax_db_column_dup (stmt, 7);
      e->detail_json = ax_db_column_dup (stmt, 8);
      g_ptr_array_add (page->entries, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ax_db_fail (db, _("Reading the audit log failed"), error);
      goto fail;
    }
  ax_db_end_read (db, began);
  return page;

fail:
  ax_db_end_read (db, began);
  ax_audit_log_page_unref (page);
  return NULL;
}

typedef struct
{
  char   *action;
  char   *user_id;
  char   *search;
  gint64  before_seq;
  guint   limit;
} QueryJob;

static void
query_job_free (QueryJob *job)
{
  g_free (job->action);
  g_free (job->user_id);
  g_free (job->search);
  g_free (job);
}

static gpointer
query_read (AxDb     *db,
            gpointer  data,
            GError  **error)
{
  QueryJob *job = data;
  AxAuditFilter filter = { job->action, job->user_id, job->search };

  return ax_audit_query (db, &filter, job->before_seq, job->limit, error);
}

void
ax_audit_query_async (AxStore             *store,
                      const AxAuditFilter *filter,
                      gint64               before_seq,
                      guint                limit,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  QueryJob *job = g_new0 (QueryJob, 1);

  if (filter != NULL)
    {
      job->action = g_strdup (filter->action);
      job->user_id = g_strdup (filter->user_id);
      job->search = g_strdup (filter->search);
    }
  job->before_seq = before_seq;
  job->limit = limit;
  ax_store_read_async (store, query_read, job, (GDestroyNotify) query_job_free,
                       (GDestroyNotify) ax_audit_log_page_unref, ax_audit_query_async, cancellable,
                       callback, user_data);
}

AxAuditLogPage *
ax_audit_query_finish (AxStore      *store,
                       GAsyncResult *result,
                       GError      **error)
{
  return ax_store_read_finish (store, result, ax_audit_query_async, error);
}

/* Verifying off the main thread */

void
ax_audit_verdict_free (AxAuditVerdict *verdict)
{
  if (verdict == NULL)
    return;
  g_free (verdict->message);
  g_free (verdict);
}

static gpointer
verify_read (AxDb     *db,
             gpointer  data,
             GError  **error)
{
  AxAuditVerdict *v = g_new0 (AxAuditVerdict, 1);
  g_autoptr (GError) broken = NULL;

  v->intact = ax_audit_verify (db, &v->first_bad_seq, &v->n_checked, &broken);
  if (!v->intact)
    {
      if (!g_error_matches (broken, AX_MODEL_ERROR, AX_MODEL_ERROR_CORRUPT))
        {
          g_propagate_error (error, g_steal_pointer (&broken));
          ax_audit_verdict_free (v);
          return NULL;
        }
      v->message = g_strdup (broken->message);
    }
  else
    v->first_bad_seq = 0;
  return v;
}

void
ax_audit_verify_async (AxStore             *store,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  ax_store_read_async (store, verify_read, NULL, NULL, (GDestroyNotify) ax_audit_verdict_free,
                       ax_audit_verify_async, cancellable, callback, user_data);
}

AxAuditVerdict *
ax_audit_verify_finish (AxStore      *store,
                        GAsyncResult *result,
                        GError      **error)
{
  return ax_store_read_finish (store, result, ax_audit_verify_async, error);
}
