/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

#include <inttypes.h>
#include "ax-mutator.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-uuid.h"
#include "ax-hlc.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

struct _AxMutation
{
  AxStore            *store;
  AxDb               *db;
  AxActor            *actor;
  const AxMutatorDef *def;
  char                hlc[AX_HLC_STRLEN];
  gint64              now_ms;
  JsonObject         *result;
  gboolean            noop;
  gboolean            replay;   /* a desk's rebase re-runs it: audited once already */
  gboolean            replayed; /* pushed to the server, or re-run by a rebase */
};

/* The registry: name → definition. Filled once, at class init of AxStore,
 * then only read (from any thread). */
static GHashTable *registry;
static GMutex registry_lock;

void
ax_mutators_register (const AxMutatorDef *defs,
                      gsize               n_defs)
{
  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_hash_table_new (g_str_hash, g_str_equal);
  for (gsize i = 0; i < n_defs; i++)
    {
      g_assert (!g_hash_table_contains (registry, defs[i].name));
      g_hash_table_insert (registry, (gpointer) defs[i].name, (gpointer) &defs[i]);
    }
  g_mutex_unlock (&registry_lock);
}

const AxMutatorDef *
ax_mutators_lookup (const char *name)
{
  const AxMutatorDef *def;

  g_mutex_lock (&registry_lock);
  def = registry && name ? g_hash_table_lookup (registry, name) : NULL;
  g_mutex_unlock (&registry_lock);
  return def;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
ax_mutators_list (void)
{
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_mutex_lock (&registry_lock);
  if (registry != NULL)
    {
      g_hash_table_iter_init (&iter, registry);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_ptr_array_add (names, key);
    }
  g_mutex_unlock (&registry_lock);
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* Argument validation */

static gboolean
invalid (GError    **error,
         const char *mutator,
         const char *fmt,
         ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError    **error,
         const char *mutator,
         const char *fmt,
         ...)
{
  g_autofree char *msg = NULL;
  va_list ap;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS, "%s: %s", mutator, msg);
  return FALSE;
}

static gboolean
is_date (const char *s)
{
  g_autoptr (GDateTime) dt = NULL;
  int y, m, d;

  if (strlen (s) != 10 || sscanf (s, "%4d-%2d-%2d", &y, &m, &d) != 3 || s[4] != '-' || s[7] != '-')
    return FALSE;
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  return dt != NULL && y >= 1900 && y <= 2200;
}

static gboolean
is_email (const char *s)
{
  const char *at = strchr (s, '@');

  return at != NULL && at != s && strchr (at + 1, '.') != NULL && strchr (s, ' ') == NULL
         && strchr (at + 1, '@') == NULL && at[1] != '.';
}

static gboolean
is_phone (const char *s)
{
  int digits = 0;

  for (const char *p = s; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (!strchr ("+-() .", *p))
        return FALSE;
    }
  return digits >= 6 && digits <= 15;
}

static gboolean
validate_value (const char      *mutator,
                const AxArgSpec *spec,
                JsonNode        *node,
                GError         **error)
{
  const char *name = spec->name;
  GType vt;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (spec->required)
        return invalid (error, mutator, _("“%s” is required"), name);
      return TRUE;
    }

  vt = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  switch (spec->type)
    {
    case AX_ARG_STRING:
    case AX_ARG_TEXT:
    case AX_ARG_UUID:
    case AX_ARG_DATE:
    case AX_ARG_ENUM:
    case AX_ARG_EMAIL:
    case AX_ARG_PHONE:
      {
        const char *s;
        g_autofree char *trimmed = NULL;

        if (vt != G_TYPE_STRING)
          return invalid (error, mutator, _("“%s” must be text"), name);
        s = json_node_get_string (node);
        if (!g_utf8_validate (s, -1, NULL))
          return invalid (error, mutator, _("“%s” is not valid UTF-8 text"), name);
        trimmed = g_strstrip (g_strdup (s));
        if (spec->required && *trimmed == '\0')
          return invalid (error, mutator, _("“%s” must not be empty"), name);
        if (*trimmed == '\0')
          return TRUE; /* an optional field cleared */
        if (spec->type == AX_ARG_STRING && strchr (s, '\n') != NULL)
          return invalid (error, mutator, _("“%s” must be a single line"), name);
        if (spec->max > 0 && g_utf8_strlen (s, -1) > spec->max)
          return invalid (error, mutator, _("“%s” is longer than %" PRId64 " characters"),
                          name, spec->max);
        if (spec->type == AX_ARG_UUID && !ax_uuid_is_valid (s))
          return invalid (error, mutator, _("“%s” must be a record id (a UUID), not “%s”"), name, s);
        if (spec->type == AX_ARG_DATE && !is_date (s))
          return invalid (error, mutator, _("“%s” must be a date like 1990-04-25, not “%s”"), name, s);
        if (spec->type == AX_ARG_EMAIL && !is_email (trimmed))
          return invalid (error, mutator, _("“%s” must be an e-mail address like name@example.com"),
                          name);
        if (spec->type == AX_ARG_PHONE && !is_phone (trimmed))
          return invalid (error, mutator,
                          _("“%s” must be a phone number of 6 to 15 digits, not “%s”"), name, s);
        if (spec->type == AX_ARG_ENUM && !g_strv_contains (spec->choices, s))
          {
            g_autofree char *list = g_strjoinv (", ", (char **) spec->choices);
            return invalid (error, mutator, _("“%s” must be one of %s, not “%s”"), name, list, s);
          }
        return TRUE;
      }

    case AX_ARG_INT:
    case AX_ARG_MONEY:
    case AX_ARG_INSTANT:
      {
        gint64 v;

        if (vt != G_TYPE_INT64)
          return invalid (error, mutator, spec->type == AX_ARG_MONEY
                          ? _("“%s” must be a whole number of minor units (satang, cents)")
                          : _("“%s” must be a whole number"), name);
        v = json_node_get_int (node);
        if (spec->type == AX_ARG_MONEY && v < 0)
          return invalid (error, mutator, _("“%s” must not be negative"), name);
        if ((spec->min != 0 || spec->max != 0) && (v < spec->min || v > spec->max))
          return invalid (error, mutator,
                          _("“%s” must be between %" PRId64 " and %" PRId64),
                          name, spec->min, spec->max);
        return TRUE;
      }

    case AX_ARG_BOOL:
      if (vt != G_TYPE_BOOLEAN)
        return invalid (error, mutator, _("“%s” must be true or false"), name);
      return TRUE;

    case AX_ARG_ARRAY:
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid (error, mutator, _("“%s” must be a list"), name);
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        {
          JsonNode *el = json_array_get_element (json_node_get_array (node), i);
          if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING)
            return invalid (error, mutator, _("“%s” must be a list of text"), name);
        }
      return TRUE;

    case AX_ARG_OBJECT:
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, mutator, _("“%s” must be an object"), name);
      return TRUE;

    case AX_ARG_OBJECTS:
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return invalid (error, mutator, _("“%s” must be a list"), name);
      for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
        if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (node), i)))
          return invalid (error, mutator, _("“%s” must be a list of objects"), name);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static const AxArgSpec *
find_spec (const AxMutatorDef *def,
           const char         *name)
{
  for (const AxArgSpec *s = def->args; s && s->name; s++)
    if (strcmp (s->name, name) == 0)
      return s;
  return NULL;
}

static gboolean
validate_fields (const AxMutatorDef *def,
                 JsonObject         *obj,
                 gboolean            check_required,
                 GError            **error)
{
  g_autoptr (GList) members = json_object_get_members (obj);

  for (GList *l = members; l; l = l->next)
    {
      const AxArgSpec *spec = find_spec (def, l->data);

      if (spec == NULL)
        return invalid (error, def->name, _("there is no field “%s”"), (char *) l->data);
      if (!validate_value (def->name, spec, json_object_get_member (obj, l->data), error))
        return FALSE;
    }
  if (check_required)
    for (const AxArgSpec *s = def->args; s && s->name; s++)
      if (s->required && !json_object_has_member (obj, s->name))
        return invalid (error, def->name, _("“%s” is required"), s->name);
  return TRUE;
}

static gboolean
validate_args (const AxMutatorDef *def,
               JsonObject         *args,
               GError            **error)
{
  JsonNode *id, *set, *from;
  g_autoptr (GList) from_members = NULL;

  if (!def->is_update)
    return validate_fields (def, args, TRUE, error);

  /* {id, set:{…}, from:{…}} */
  id = json_object_get_member (args, "id");
  set = json_object_get_member (args, "set");
  from = json_object_get_member (args, "from");
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING
      || !ax_uuid_is_valid (json_node_get_string (id)))
    return invalid (error, def->name, _("“id” must be the id of the record to change"));
  if (set == NULL || !JSON_NODE_HOLDS_OBJECT (set) || json_object_get_size (json_node_get_object (set)) == 0)
    return invalid (error, def->name, _("“set” must be an object with the fields to change"));
  if (from != NULL && !JSON_NODE_HOLDS_OBJECT (from))
    return invalid (error, def->name, _("“from” must be an object with the values seen before"));
  for (GList *l = json_object_get_members (args), *all = l; l || (g_list_free (all), FALSE); l = l->next)
    if (!g_strv_contains ((const char *const[]) { "id", "set", "from", NULL }, l->data))
      {
        invalid (error, def->name, _("there is no field “%s”"), (char *) l->data);
        g_list_free (all);
        return FALSE;
      }
  if (!validate_fields (def, json_node_get_object (set), FALSE, error))
    return FALSE;
  if (from != NULL)
    {
      from_members = json_object_get_members (json_node_get_object (from));
      for (GList *l = from_members; l; l = l->next)
        if (!json_object_has_member (json_node_get_object (set), l->data))
          return invalid (error, def->name, _("“from” names “%s”, which “set” does not change"),
                          (char *) l->data);
    }
  return TRUE;
}

/* The mutation context */

AxStore *
ax_mutation_get_store (AxMutation *m)
{
  return m->store;
}

AxDb *
ax_mutation_get_db (AxMutation *m)
{
  return m->db;
}

AxActor *
ax_mutation_get_actor (AxMutation *m)
{
  return m->actor;
}

const char *
ax_mutation_get_clinic_id (AxMutation *m)
{
  return ax_store_get_clinic_id (m->store);
}

const char *
ax_mutation_get_hlc (AxMutation *m)
{
  return m->hlc;
}

gint64
ax_mutation_get_now_ms (AxMutation *m)
{
  return m->now_ms;
}

JsonObject *
ax_mutation_get_result (AxMutation *m)
{
  return m->result;
}

void
ax_mutation_set_noop (AxMutation *m)
{
  m->noop = TRUE;
}

gboolean
ax_mutation_is_replayed (AxMutation *m)
{
  return m->replayed;
}

gboolean
ax_mutation_open_conflict (AxMutation *m,
                           const char *kind,
                           const char *table,
                           const char *row_id,
                           const char *field,
                           JsonNode   *base,
                           JsonNode   *mine,
                           JsonNode   *theirs,
                           GError    **error)
{
  g_autofree char *base_json = base ? json_to_string (base, FALSE) : NULL;
  g_autofree char *mine_json = mine ? json_to_string (mine, FALSE) : NULL;
  g_autofree char *theirs_json = theirs ? json_to_string (theirs, FALSE) : NULL;
  char id[AX_UUID_STRLEN];
  sqlite3_stmt *stmt;
  int rc;

  stmt = ax_db_prepare (m->db,
                        "INSERT INTO conflicts (id, clinic_id, created_at, updated_at, kind, table_name, "
                        "  row_id, field, base_json, mine_json, theirs_json) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  ax_uuid_v7 (id);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, m->now_ms);
  sqlite3_bind_text (stmt, 4, m->hlc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, row_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, field, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, base_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, mine_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, theirs_json, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (m->db, _("Recording a conflict failed"), error);
  json_object_set_boolean_member (m->result, "merged", TRUE);
  return TRUE;
}

gboolean
ax_mutation_audit (AxMutation *m,
                   const char *action,
                   const char *subject_type,
                   const char *subject_id,
                   JsonObject *detail,
                   GError    **error)
{
  /* The rebase re-runs a waiting mutation (docs/sync-protocol.md): its
   * audit entry was written when it first ran. */
  if (m->replay)
    return TRUE;
  return ax_audit_append (m->db, ax_mutation_get_clinic_id (m), m->now_ms, m->actor,
                          action, subject_type, subject_id, detail, error);
}

/* Running a mutation */

static gboolean
write_outbox (AxMutation *m,
              JsonObject *args,
              GBytes     *changeset,
              gint64     *mut_id_out,
              GError    **error)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), args);
  g_autofree char *args_json = json_to_string (node, FALSE);
  char id[AX_UUID_STRLEN];
  sqlite3_stmt *stmt;
  gint64 mut_id;

  ax_uuid_v7 (id);
  stmt = ax_db_prepare (m->db,
                        "INSERT INTO outbox (id, name, args_json, hlc, user_id, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, m->def->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, args_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, m->hlc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, ax_actor_get_user_id (m->actor), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, m->now_ms);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return ax_db_fail (m->db, _("Queueing the change failed"), error);
  mut_id = sqlite3_last_insert_rowid (ax_db_get_handle (m->db));

  stmt = ax_db_prepare (m->db, "INSERT INTO outbox_effect (mut_id, changeset) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mut_id);
  /* A mutation that only audits has an empty changeset: still a blob. */
  sqlite3_bind_blob (stmt, 2, g_bytes_get_size (changeset) ? g_bytes_get_data (changeset, NULL) : "",
                     (int) g_bytes_get_size (changeset), SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return ax_db_fail (m->db, _("Queueing the change failed"), error);

  *mut_id_out = mut_id;
  return TRUE;
}

/* json_node_copy() shares nested objects and arrays; prepare() must never
 * reach the caller's arguments, so copy all the way down. */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *src = json_node_get_object (node);
      JsonObject *dst = json_object_new ();
      g_autoptr (GList) members = json_object_get_members (src);

      for (GList *l = members; l; l = l->next)
        json_object_set_member (dst, l->data, deep_copy (json_object_get_member (src, l->data)));
      copy = json_node_init_object (json_node_alloc (), dst);
      json_object_unref (dst);
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *src = json_node_get_array (node);
      JsonArray *dst = json_array_sized_new (json_array_get_length (src));

      for (guint i = 0; i < json_array_get_length (src); i++)
        json_array_add_element (dst, deep_copy (json_array_get_element (src, i)));
      copy = json_node_init_array (json_node_alloc (), dst);
      json_array_unref (dst);
      return copy;
    }
  return json_node_copy (node);
}

/* Mutators that may run before a clinic exists (setting one up). */
static gboolean
needs_clinic (const AxMutatorDef *def)
{
  return strcmp (def->name, "clinic.create") != 0;
}

/* How a mutation meets its transaction. The desk's (and the server's own)
 * mutations run in a transaction of their own, with their changeset captured.
 * The clinic server applies a pushed batch in one transaction it holds, with
 * one capture for the whole batch: each mutation runs bare, or in a
 * savepoint when the batch must survive a mutation that fails half-way. */
typedef enum
{
  MODE_OWN,
  MODE_BATCH,
  MODE_SAVEPOINT,
  MODE_REPLAY,   /* in a savepoint of the caller's transaction, captured, no outbox */
} MutateMode;

static gboolean
mutation_begin (AxDb       *db,
                MutateMode  mode,
                GError    **error)
{
  switch (mode)
    {
    case MODE_OWN:
      return ax_db_begin (db, error);
    case MODE_SAVEPOINT:
    case MODE_REPLAY:
      return ax_db_exec (db, "SAVEPOINT ax_mutation", error);
    case MODE_BATCH:
    default:
      return TRUE;
    }
}

static gboolean
mutation_commit (AxDb       *db,
                 MutateMode  mode,
                 GError    **error)
{
  switch (mode)
    {
    case MODE_OWN:
      return ax_db_commit (db, error);
    case MODE_SAVEPOINT:
    case MODE_REPLAY:
      return ax_db_exec (db, "RELEASE ax_mutation", error);
    case MODE_BATCH:
    default:
      return TRUE;
    }
}

static void
mutation_rollback (AxDb       *db,
                   MutateMode  mode)
{
  if (mode == MODE_OWN)
    ax_db_rollback (db);
  else if (mode == MODE_SAVEPOINT || mode == MODE_REPLAY)
    sqlite3_exec (ax_db_get_handle (db), "ROLLBACK TO ax_mutation; RELEASE ax_mutation",
                  NULL, NULL, NULL);
}

static JsonNode *
mutate (AxStore    *self,
        AxActor    *actor,
        const char *name,
        JsonNode   *args_node,
        const char *stamp,
        MutateMode  mode,
        gint64      replay_now_ms,
        GBytes    **replay_changeset,
        GError    **error)
{
  const AxMutatorDef *def = ax_mutators_lookup (name);
  g_autoptr (JsonNode) args_copy = NULL;
  g_autoptr (JsonObject) result = NULL;
  g_autoptr (AxDbCapture) capture = NULL;
  g_autoptr (GBytes) changeset = NULL;
  JsonObject *args;
  AxMutation m = { 0 };
  gint64 mut_id = 0;
  AxStoreEffectFunc effect_func = ax_store_get_effect_func (self, NULL);

  g_return_val_if_fail (AX_IS_STORE (self), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if (def == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_UNKNOWN,
                   _("There is no action called “%s”"), name ? name : "");
      return NULL;
    }
  if (args_node == NULL || !JSON_NODE_HOLDS_OBJECT (args_node))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("%s: the arguments must be a JSON object"), name);
      return NULL;
    }
  if (!ax_actor_can (actor, def->permission))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN,
                   _("%s (%s) is not allowed to %s"),
                   ax_actor_get_display_name (actor),
                   ax_role_display_name (ax_actor_get_role (actor)),
                   ax_permission_display_name (def->permission));
      return NULL;
    }
  if (needs_clinic (def) && ax_store_get_clinic_id (self) == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NO_CLINIC,
                   _("The store has no clinic yet; create one first"));
      return NULL;
    }

  /* The caller's arguments are never changed: prepare() works on a copy. */
  args_copy = deep_copy (args_node);
  args = json_node_get_object (args_copy);
  if (!validate_args (def, args, error))
    return NULL;

  result = json_object_new ();
  m.store = self;
  m.db = ax_store_get_db (self);
  m.actor = actor;
  m.def = def;
  m.result = result;

  if (!mutation_begin (m.db, mode, error))
    return NULL;
  if (mode == MODE_OWN || mode == MODE_REPLAY)
    {
      capture = ax_db_capture_begin (m.db, error);
      if (capture == NULL)
        goto fail;
    }

  m.replay = mode == MODE_REPLAY;
  m.replayed = mode != MODE_OWN;
  m.now_ms = m.replay ? replay_now_ms : ax_store_now_ms (self);
  if (stamp != NULL)
    g_strlcpy (m.hlc, stamp, sizeof m.hlc);
  else
    {
      ax_store_tick_hlc (self, m.hlc);
      if (!ax_db_set_state (m.db, "hlc", m.hlc, error))
        goto fail;
    }

  if (def->prepare != NULL && !def->prepare (&m, args, error))
    goto fail;
  if (!def->run (&m, args, error))
    goto fail;
  if (m.noop)
    {
      /* Nothing to do (an idempotent retry): nothing written, not even the
       * clock's tick; the result still goes back. */
      g_clear_pointer (&capture, ax_db_capture_free);
      /* Its own transaction or savepoint only: never a batch it is part of. */
      mutation_rollback (m.db, mode);
      if (replay_changeset != NULL)
        *replay_changeset = g_bytes_new (NULL, 0);
      return json_node_init_object (json_node_alloc (), result);
    }

  if (mode == MODE_OWN)
    {
      changeset = ax_db_capture_end (capture, error);
      if (changeset == NULL)
        goto fail;
      g_clear_pointer (&capture, ax_db_capture_free);

      /* The clinic server keeps no outbox: it versions the changed rows. */
      if (effect_func != NULL)
        {
          if (!effect_func (self, name, changeset, ax_store_get_effect_data (self), error))
            goto fail;
        }
      else if (!write_outbox (&m, args, changeset, &mut_id, error))
        goto fail;
    }
  else if (mode == MODE_REPLAY)
    {
      changeset = ax_db_capture_end (capture, error);
      if (changeset == NULL)
        goto fail;
      g_clear_pointer (&capture, ax_db_capture_free);
    }
  if (!mutation_commit (m.db, mode, error))
    goto fail;
  if (replay_changeset != NULL)
    *replay_changeset = g_steal_pointer (&changeset);

  json_object_set_int_member (result, "mut_id", mut_id);
  if (strcmp (name, "clinic.create") == 0 || strcmp (name, "clinic.update") == 0)
    ax_store_reload_clinic (self);
  /* A batch is not committed yet; its owner (the server) has no listeners. */
  if (mode == MODE_OWN)
    ax_store_emit_changed (self, name);
  return json_node_init_object (json_node_alloc (), result);

fail:
  g_clear_pointer (&capture, ax_db_capture_free);
  mutation_rollback (m.db, mode);
  return NULL;
}

JsonNode *
ax_store_mutate (AxStore    *self,
                 AxActor    *actor,
                 const char *name,
                 JsonNode   *args_node,
                 GError    **error)
{
  return mutate (self, actor, name, args_node, NULL, MODE_OWN, 0, NULL, error);
}

JsonNode *
ax_store_mutate_in_batch (AxStore    *self,
                          AxActor    *actor,
                          const char *name,
                          JsonNode   *args,
                          const char *hlc,
                          gboolean    savepoint,
                          gboolean   *wrote,
                          GError    **error)
{
  sqlite3 *handle = ax_db_get_handle (ax_store_get_db (self));
  sqlite3_int64 before = sqlite3_total_changes64 (handle);
  JsonNode *result;
  AxHlc parsed;

  g_return_val_if_fail (hlc != NULL, NULL);
  g_return_val_if_fail (ax_db_in_transaction (ax_store_get_db (self)), NULL);
  if (wrote != NULL)
    *wrote = FALSE;
  if (!ax_hlc_parse (hlc, &parsed, error))
    return NULL;
  result = mutate (self, actor, name, args, hlc, savepoint ? MODE_SAVEPOINT : MODE_BATCH, 0, NULL, error);
  if (result == NULL && !savepoint && wrote != NULL)
    *wrote = sqlite3_total_changes64 (handle) != before;
  return result;
}

JsonNode *
ax_store_mutate_replay (AxStore    *self,
                        AxActor    *actor,
                        const char *name,
                        JsonNode   *args,
                        const char *hlc,
                        gint64      now_ms,
                        GBytes    **changeset,
                        GError    **error)
{
  g_return_val_if_fail (hlc != NULL, NULL);
  g_return_val_if_fail (changeset != NULL, NULL);
  g_return_val_if_fail (ax_db_in_transaction (ax_store_get_db (self)), NULL);
  *changeset = NULL;
  return mutate (self, actor, name, args, hlc, MODE_REPLAY, now_ms, changeset, error);
}

JsonNode *
ax_store_mutate_json (AxStore    *self,
                      AxActor    *actor,
                      const char *name,
                      const char *args_json,
                      GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) local = NULL;

  if (!json_parser_load_from_data (parser, args_json ? args_json : "", -1, &local))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_INVALID_ARGS,
                   _("%s: the arguments are not valid JSON (%s)"), name, local->message);
      return NULL;
    }
  return ax_store_mutate (self, actor, name, json_parser_get_root (parser), error);
}

gint64
ax_store_last_pending (AxStore *self)
{
  sqlite3_stmt *stmt = ax_db_prepare (ax_store_get_db (self),
                                      "SELECT MAX (mut_id) FROM outbox WHERE state = 'pending'",
                                      NULL);
  gint64 id = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return id;
}

gboolean
ax_store_undo (AxStore *self,
               AxActor *actor,
               gint64   mut_id,
               GError **error)
{
  AxDb *db = ax_store_get_db (self);
  g_autoptr (GBytes) changeset = NULL;
  g_autofree char *name = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *state = NULL;
  g_autoptr (JsonObject) detail = json_object_new ();
  sqlite3_stmt *stmt;
  char hlc[AX_HLC_STRLEN];

  if (!ax_db_begin (db, error))
    return FALSE;

  stmt = ax_db_prepare (db,
                        "SELECT o.name, o.user_id, o.state, e.changeset FROM outbox o "
                        "  JOIN outbox_effect e USING (mut_id) WHERE o.mut_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, mut_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      state = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      changeset = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
    }
  sqlite3_reset (stmt);

  if (name == NULL)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_UNDOABLE,
                   _("There is no change number %" PRId64 " to undo"), mut_id);
      goto fail;
    }
  if (g_strcmp0 (state, "pending") != 0)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_UNDOABLE,
                   _("This change has already been sent to the clinic server and can no longer "
                     "be undone; make a new change instead"));
      goto fail;
    }
  if (g_strcmp0 (user_id, ax_actor_get_user_id (actor)) != 0
      && ax_actor_get_role (actor) != AX_ROLE_OWNER)
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN,
                   _("Only the person who made a change (or the owner) can undo it"));
      goto fail;
    }

  if (!ax_db_apply_inverse (db, changeset, error))
    {
      if (g_error_matches (*error, AX_DB_ERROR, AX_DB_ERROR_CONFLICT))
        (*error)->domain = AX_MODEL_ERROR, (*error)->code = AX_MODEL_ERROR_NOT_UNDOABLE;
      goto fail;
    }

  stmt = ax_db_prepare (db, "DELETE FROM outbox_effect WHERE mut_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, mut_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto sql_fail;
  stmt = ax_db_prepare (db, "DELETE FROM outbox WHERE mut_id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, mut_id);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    goto sql_fail;

  ax_store_tick_hlc (self, hlc);
  json_object_set_string_member (detail, "mutation", name);
  if (!ax_db_set_state (db, "hlc", hlc, error)
      || !ax_audit_append (db, ax_store_get_clinic_id (self), ax_store_now_ms (self), actor,
                           "mutation.undo", "outbox", NULL, detail, error))
    goto fail;

  if (!ax_db_commit (db, error))
    goto fail;
  ax_store_reload_clinic (self);
  ax_store_emit_changed (self, name);
  return TRUE;

sql_fail:
  ax_db_fail (db, _("Undo failed"), error);
fail:
  ax_db_rollback (db);
  return FALSE;
}

/* Generic record helpers */

static const char *
column_of (const AxArgSpec *spec)
{
  return spec->column ? spec->column : spec->name;
}

static void
bind_value (sqlite3_stmt    *stmt,
            int              idx,
            const AxArgSpec *spec,
            JsonNode        *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, idx);
      return;
    }
  switch (spec->type)
    {
    case AX_ARG_INT:
    case AX_ARG_MONEY:
    case AX_ARG_INSTANT:
      sqlite3_bind_int64 (stmt, idx, json_node_get_int (node));
      break;
    case AX_ARG_BOOL:
      sqlite3_bind_int (stmt, idx, json_node_get_boolean (node) ? 1 : 0);
      break;
    case AX_ARG_ARRAY:
    case AX_ARG_OBJECT:
    case AX_ARG_OBJECTS:
      {
        char *json = json_to_string (node, FALSE);
        sqlite3_bind_text (stmt, idx, json, -1, g_free);
        break;
      }
    default:
      {
        /* Text is stored trimmed; an emptied optional field is NULL. */
        char *s = g_strstrip (g_strdup (json_node_get_string (node)));
        if (*s == '\0')
          {
            g_free (s);
            sqlite3_bind_null (stmt, idx);
          }
        else
          sqlite3_bind_text (stmt, idx, s, -1, g_free);
        break;
      }
    }
}

gboolean
ax_mutation_prepare_id (AxMutation *m,
                        JsonObject *args,
                        GError    **error)
{
  if (!json_object_has_member (args, "id") || json_object_get_null_member (args, "id"))
    {
      char id[AX_UUID_STRLEN];

      ax_uuid_v7 (id);
      json_object_set_string_member (args, "id", id);
    }
  return TRUE;
}

gboolean
ax_mutation_insert_record (AxMutation         *m,
                           const AxMutatorDef *def,
                           JsonObject         *args,
                           GError            **error)
{
  g_autoptr (GString) cols = g_string_new ("id, clinic_id, created_at, updated_at");
  g_autoptr (GString) vals = g_string_new ("?, ?, ?, ?");
  g_autofree char *sql = NULL;
  g_autoptr (GPtrArray) bound = g_ptr_array_new ();
  const char *id = json_object_get_string_member_with_default (args, "id", NULL);
  sqlite3_stmt *stmt;
  int idx = 5;

  g_return_val_if_fail (id != NULL, FALSE);
  for (const AxArgSpec *s = def->args; s->name; s++)
    {
      if (strcmp (s->name, "id") == 0 || g_strcmp0 (s->column, "-") == 0
          || !json_object_has_member (args, s->name))
        continue;
      g_string_append_printf (cols, ", %s", column_of (s));
      g_string_append (vals, ", ?");
      g_ptr_array_add (bound, (gpointer) s);
    }
  sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", def->table, cols->str, vals->str);
  stmt = ax_db_prepare (m->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, m->now_ms);
  sqlite3_bind_text (stmt, 4, m->hlc, -1, SQLITE_STATIC);
  for (guint i = 0; i < bound->len; i++)
    {
      const AxArgSpec *s = bound->pdata[i];
      bind_value (stmt, idx++, s, json_object_get_member (args, s->name));
    }
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      int rc = sqlite3_extended_errcode (ax_db_get_handle (m->db));

      if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
        {
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_DUPLICATE,
                       _("%s: a record with the same id or key already exists"), def->name);
          sqlite3_reset (stmt);
          return FALSE;
        }
      ax_db_fail (m->db, def->name, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  json_object_set_string_member (m->result, "id", id);
  return TRUE;
}

/* Compares a stored column value with what the client says it saw. */
static gboolean
stored_equals (sqlite3_stmt    *stmt,
               int              col,
               const AxArgSpec *spec,
               JsonNode        *seen)
{
  int type = sqlite3_column_type (stmt, col);

  if (seen == NULL || JSON_NODE_HOLDS_NULL (seen))
    return type == SQLITE_NULL;
  switch (spec->type)
    {
    case AX_ARG_INT:
    case AX_ARG_MONEY:
    case AX_ARG_INSTANT:
      return type == SQLITE_INTEGER && sqlite3_column_int64 (stmt, col) == json_node_get_int (seen);
    case AX_ARG_BOOL:
      return type == SQLITE_INTEGER && (sqlite3_column_int (stmt, col) != 0) == json_node_get_boolean (seen);
    case AX_ARG_ARRAY:
    case AX_ARG_OBJECT:
    case AX_ARG_OBJECTS:
      {
        g_autofree char *json = json_to_string (seen, FALSE);
        return g_strcmp0 ((const char *) sqlite3_column_text (stmt, col), json) == 0;
      }
    default:
      {
        g_autofree char *s = g_strstrip (g_strdup (json_node_get_string (seen)));
        if (*s == '\0')
          return type == SQLITE_NULL;
        return g_strcmp0 ((const char *) sqlite3_column_text (stmt, col), s) == 0;
      }
    }
}

/* Records whose concurrent edits merge per field (DESIGN.md §6). */
static gboolean
merges_per_field (const char *table)
{
  static const char *const tables[] = {
    "patients", "appointments", "providers", "rooms", "service_categories", "services", "products", NULL,
  };

  return table != NULL && g_strv_contains (tables, table);
}

/* Fields whose concurrent change a person must decide. */
static gboolean
is_safety_critical (const char *table,
                    const char *field)
{
  static const char *const patient_fields[] = { "first_name", "last_name", "birth_date", NULL };

  return g_strcmp0 (table, "patients") == 0 && g_strv_contains (patient_fields, field);
}

static JsonNode *
column_json (sqlite3_stmt *stmt,
             int           col)
{
  JsonNode *node = json_node_alloc ();

  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_NULL:
      return json_node_init_null (node);
    case SQLITE_INTEGER:
      return json_node_init_int (node, sqlite3_column_int64 (stmt, col));
    case SQLITE_FLOAT:
      return json_node_init_double (node, sqlite3_column_double (stmt, col));
    default:
      return json_node_init_string (node, (const char *) sqlite3_column_text (stmt, col));
    }
}

gboolean
ax_mutation_update_record (AxMutation         *m,
                           const AxMutatorDef *def,
                           JsonObject         *args,
                           GError            **error)
{
  const char *id = json_object_get_string_member (args, "id");
  JsonObject *set = json_object_get_object_member (args, "set");
  JsonObject *from = json_object_has_member (args, "from")
                     ? json_object_get_object_member (args, "from") : NULL;
  g_autoptr (GList) fields = json_object_get_members (set);
  g_autoptr (GString) select = g_string_new ("SELECT 1");
  g_autoptr (GString) update = g_string_new (NULL);
  g_autoptr (GPtrArray) conflicting = g_ptr_array_new ();
  g_autoptr (GPtrArray) theirs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr (GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *sql = NULL;
  g_autofree char *row_hlc = NULL;
  gboolean merging;
  sqlite3_stmt *stmt;
  int idx;

  /* Read the current values (and the row's clock) to check them against `from`. */
  for (GList *l = fields; l; l = l->next)
    g_string_append_printf (select, ", %s", column_of (find_spec (def, l->data)));
  g_string_append (select, ", updated_at");
  sql = g_strdup_printf ("%s FROM %s WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL",
                         select->str, def->table);
  stmt = ax_db_prepare (m->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                   _("%s: there is no record %s (it may have been deleted)"), def->name, id);
      return FALSE;
    }
  merging = m->replayed && merges_per_field (def->table);
  row_hlc = g_strdup ((const char *) sqlite3_column_text (stmt, (int) g_list_length (fields) + 1));
  idx = 1;
  for (GList *l = fields; l; l = l->next, idx++)
    {
      const AxArgSpec *spec = find_spec (def, l->data);

      if (from == NULL || !json_object_has_member (from, l->data))
        continue;
      if (stored_equals (stmt, idx, spec, json_object_get_member (from, l->data)))
        continue;
      if (!merging)
        {
          const char *now = (const char *) sqlite3_column_text (stmt, idx);
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_STALE,
                       _("“%s” was changed by someone else (it is now “%s”) since you opened "
                         "this record; reload it and make your change again"),
                       (char *) l->data, now ? now : "");
          sqlite3_reset (stmt);
          return FALSE;
        }
      /* Changed concurrently (DESIGN.md §6). */
      if (is_safety_critical (def->table, l->data))
        {
          g_ptr_array_add (conflicting, l->data);
          g_ptr_array_add (theirs, column_json (stmt, idx));
          g_hash_table_add (kept, l->data);
        }
      else if (row_hlc != NULL && strcmp (m->hlc, row_hlc) <= 0)
        g_hash_table_add (kept, l->data);   /* the later writer was theirs */
      if (g_hash_table_contains (kept, l->data))
        json_object_set_boolean_member (m->result, "merged", TRUE);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < conflicting->len; i++)
    {
      const char *field = conflicting->pdata[i];

      if (!ax_mutation_open_conflict (m, "field", def->table, id, field,
                                      json_object_get_member (from, field),
                                      json_object_get_member (set, field),
                                      theirs->pdata[i], error))
        return FALSE;
    }
  for (GList *l = fields; l;)
    {
      GList *next = l->next;

      if (g_hash_table_contains (kept, l->data))
        fields = g_list_delete_link (fields, l);
      l = next;
    }
  if (fields == NULL)
    {
      json_object_set_string_member (m->result, "id", id);
      return TRUE;
    }

  for (GList *l = fields; l; l = l->next)
    g_string_append_printf (update, "%s = ?, ", column_of (find_spec (def, l->data)));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("UPDATE %s SET %supdated_at = ? WHERE id = ? AND clinic_id = ?",
                         def->table, update->str);
  stmt = ax_db_prepare (m->db, sql, error);
  if (stmt == NULL)
    return FALSE;
  idx = 1;
  for (GList *l = fields; l; l = l->next)
    bind_value (stmt, idx++, find_spec (def, l->data), json_object_get_member (set, l->data));
  sqlite3_bind_text (stmt, idx++, m->hlc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, idx++, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, idx++, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      ax_db_fail (m->db, def->name, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  json_object_set_string_member (m->result, "id", id);
  return TRUE;
}

gboolean
ax_mutation_soft_delete (AxMutation *m,
                         const char *table,
                         const char *id,
                         GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted_at = ?, updated_at = ? "
                                          " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL",
                                          table);
  sqlite3_stmt *stmt = ax_db_prepare (m->db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, m->now_ms);
  sqlite3_bind_text (stmt, 2, m->hlc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (m->db, m->def->name, error);
  return TRUE;
}

gboolean
ax_mutation_run_nested (AxMutation *m,
                        const char *name,
                        JsonObject *args,
                        GError    **error)
{
  const AxMutatorDef *def = ax_mutators_lookup (name);
  const AxMutatorDef *outer = m->def;
  gboolean ok;

  g_return_val_if_fail (def != NULL && def->prepare == NULL, FALSE);

  if (!ax_actor_can (m->actor, def->permission))
    {
      g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_FORBIDDEN,
                   _("%s (%s) is not allowed to %s"),
                   ax_actor_get_display_name (m->actor),
                   ax_role_display_name (ax_actor_get_role (m->actor)),
                   ax_permission_display_name (def->permission));
      return FALSE;
    }
  if (!validate_args (def, args, error))
    return FALSE;
  m->def = def;
  ok = def->run (m, args, error);
  m->def = outer;
  return ok;
}

gboolean
ax_mutation_require_row (AxMutation *m,
                         const char *table,
                         const char *id,
                         const char *what,
                         GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ? AND clinic_id = ? "
                                          "AND deleted_at IS NULL", table);
  sqlite3_stmt *stmt = ax_db_prepare (m->db, sql, error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_NOT_FOUND,
                 _("%s: there is no %s with id %s"), m->def->name, what, id);
  return found;
}

/* The gapless per-device series (DESIGN.md §4). */
char *
ax_series_next (AxMutation *m,
                const char *kind,
                const char *prefix,
                GError    **error)
{
  const char *device_id = ax_store_get_device_id (m->store);
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (m->now_ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (now, ax_store_get_timezone (m->store));
  int year = g_date_time_get_year (local);
  g_autofree char *code = NULL;
  sqlite3_stmt *stmt;
  gint64 seq = 0;
  char sid[AX_UUID_STRLEN];

  /* This device's short code, registering the device on first use: the
   * code the clinic server gave the desk at enrolment, else the next free
   * one here (a store never paired). */
  stmt = ax_db_prepare (m->db, "SELECT code FROM devices WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (code == NULL)
    {
      stmt = ax_db_prepare (m->db,
                            "INSERT INTO devices (id, clinic_id, created_at, updated_at, name, code, "
                            "                     enrolled_at) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, "
                            "        coalesce ((SELECT value FROM sync_state WHERE key = 'device.code'), "
                            "                  'D' || (1 + (SELECT COUNT (*) FROM devices WHERE clinic_id = ?2))), ?3) "
                            "RETURNING code", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, m->now_ms);
      sqlite3_bind_text (stmt, 4, m->hlc, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, g_get_host_name (), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (code == NULL)
        return ax_db_fail (m->db, _("Registering this workstation failed"), error), NULL;
    }

  ax_uuid_v7 (sid);
  stmt = ax_db_prepare (m->db,
                        "INSERT INTO number_series (id, clinic_id, created_at, updated_at, device_id, "
                        "                           kind, year, prefix, last_seq) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) "
                        "ON CONFLICT (device_id, kind, year) DO UPDATE "
                        "  SET last_seq = last_seq + 1, updated_at = excluded.updated_at "
                        "RETURNING last_seq", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sid, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, m->now_ms);
  sqlite3_bind_text (stmt, 4, m->hlc, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 7, year);
  sqlite3_bind_text (stmt, 8, prefix, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (seq == 0)
    return ax_db_fail (m->db, _("Taking the next number failed"), error), NULL;

  return g_strdup_printf ("%s-%s-%d-%06" G_GINT64_FORMAT, prefix, code, year, seq);
}

void
ax_mutation_local_date (AxMutation *m,
                        gint64      at_ms,
                        char        out[11])
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (at_ms / 1000);
  g_autoptr (GDateTime) local = g_date_time_to_timezone (utc, ax_store_get_timezone (m->store));

  g_snprintf (out, 11, "%04d-%02d-%02d", g_date_time_get_year (local),
              g_date_time_get_month (local), g_date_time_get_day_of_month (local));
}
