/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The mutators of a patient record's parts: allergy.add, allergy.remove,
 * medical_note.add, tag.set, vitals.record (ax-patient-record.h; the rules
 * and permissions are in docs/patients.md). */

#include <inttypes.h>
#include "ax-patient-record.h"
#include "ax-model-private.h"
#include "ax-model-error.h"
#include "ax-db-search.h"
#include "ax-uuid.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#define MAX_TAGS 20
#define MAX_TAG_CHARS 40
/* A reading may be stamped a little ahead of this desk's clock (another
 * device's time), never more. */
#define FUTURE_SLACK_MS (5 * 60 * G_GINT64_CONSTANT (1000))

static const char *const severities[] = { "mild", "moderate", "severe", NULL };

static char *
trimmed_member (JsonObject *args,
                const char *name)
{
  const char *text = json_object_has_member (args, name) && !json_object_get_null_member (args, name)
                       ? json_object_get_string_member (args, name) : NULL;

  return text ? g_strstrip (g_strdup (text)) : NULL;
}

/* allergy.add */

static const AxArgSpec allergy_add_args[] = {
  { "id", AX_ARG_UUID },
  { "patient_id", AX_ARG_UUID, TRUE },
  { "substance", AX_ARG_STRING, TRUE, 0, 100 },
  { "reaction", AX_ARG_STRING, FALSE, 0, 200 },
  { "severity", AX_ARG_ENUM, TRUE, 0, 0, severities },
  { NULL }
};

static gboolean
allergy_add_run (AxMutation *m,
                 JsonObject *args,
                 GError    **error)
{
  const char *patient_id = json_object_get_string_member (args, "patient_id");
  g_autofree char *substance = trimmed_member (args, "substance");
  g_autofree char *folded = ax_search_fold (substance);
  sqlite3_stmt *stmt;
  gboolean duplicate = FALSE;

  if (!ax_mutation_require_row (m, "patients", patient_id, _("patient"), error))
    return FALSE;

  /* The same substance twice would only hide which entry is right. */
  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "SELECT substance FROM allergies WHERE patient_id = ? AND deleted_at IS NULL",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  while (!duplicate && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *other = ax_search_fold ((const char *) sqlite3_column_text (stmt, 0));
      duplicate = g_str_equal (other, folded);
    }
  sqlite3_reset (stmt);
  if (duplicate)
    return ax_model_refuse (error, AX_MODEL_ERROR_DUPLICATE,
                            _("allergy.add: “substance”: %s is already on file for this patient"),
                            substance);

  return ax_mutation_insert_record (m, ax_mutators_lookup ("allergy.add"), args, error);
}

/* allergy.remove */

static const AxArgSpec id_only_args[] = {
  { "id", AX_ARG_UUID, TRUE },
  { NULL }
};

static gboolean
allergy_remove_run (AxMutation *m,
                    JsonObject *args,
                    GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");

  if (!ax_mutation_require_row (m, "allergies", id, _("allergy"), error))
    return FALSE;
  if (!ax_mutation_soft_delete (m, "allergies", id, error))
    return FALSE;
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

/* medical_note.add */

static const char *const note_kinds[] = { "note", "condition", "medication", "history", NULL };

static const AxArgSpec note_args[] = {
  { "id", AX_ARG_UUID },
  { "patient_id", AX_ARG_UUID, TRUE },
  { "kind", AX_ARG_ENUM, TRUE, 0, 0, note_kinds },
  { "body", AX_ARG_TEXT, TRUE, 0, 20000 },
  { "addendum_of", AX_ARG_UUID },
  { NULL }
};

static gboolean
note_add_run (AxMutation *m,
              JsonObject *args,
              GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *patient_id = json_object_get_string_member (args, "patient_id");
  g_autofree char *body = trimmed_member (args, "body");
  g_autofree char *addendum_of = trimmed_member (args, "addendum_of");
  sqlite3_stmt *stmt;

  if (!ax_mutation_require_row (m, "patients", patient_id, _("patient"), error))
    return FALSE;
  if (*body == '\0')
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("medical_note.add: “body”: write the note"));
  /* A note is a clinical record and is never edited; a correction or a
   * later finding is an addendum, a note of the same patient that names it. */
  if (addendum_of != NULL)
    {
      gboolean same_patient = FALSE;

      stmt = ax_db_prepare (ax_mutation_get_db (m),
                            "SELECT patient_id = ? FROM medical_notes "
                            " WHERE id = ? AND clinic_id = ? AND deleted_at IS NULL", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, addendum_of, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          return ax_model_refuse (error, AX_MODEL_ERROR_NOT_FOUND,
                                  _("medical_note.add: “addendum_of”: there is no note %s to add to"),
                                  addendum_of);
        }
      same_patient = sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);
      if (!same_patient)
        return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                _("medical_note.add: “addendum_of”: that note is another patient’s"));
    }
  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "INSERT INTO medical_notes (id, clinic_id, created_at, updated_at, "
                        "  patient_id, kind, body, author_id, addendum_of) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, json_object_get_string_member (args, "kind"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, body, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, addendum_of, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (ax_mutation_get_db (m), "medical_note.add", error);
    }
  sqlite3_reset (stmt);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

/* tag.set */

static const AxArgSpec tag_set_args[] = {
  { "patient_id", AX_ARG_UUID, TRUE },
  { "tags", AX_ARG_ARRAY, TRUE },
  { NULL }
};

/* The tags asked for: trimmed, inner spaces collapsed, the first spelling
 * of names that fold alike kept. */
static GPtrArray *
wanted_tags (JsonArray  *tags,
             GError    **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (tags); i++)
    {
      g_auto (GStrv) words = g_strsplit_set (json_array_get_string_element (tags, i), " \t", -1);
      g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
      g_auto (GStrv) parts = NULL;
      g_autofree char *name = NULL;

      for (guint w = 0; words[w] != NULL; w++)
        if (*words[w] != '\0')
          g_strv_builder_add (kept, words[w]);
      parts = g_strv_builder_end (kept);
      name = g_strjoinv (" ", parts);
      if (*name == '\0')
        continue;
      if (strchr (name, '\n') != NULL || strchr (name, ',') != NULL)
        return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                _("tag.set: “tags”: “%s” must be one line without commas"), name), NULL;
      if (g_utf8_strlen (name, -1) > MAX_TAG_CHARS)
        return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                                _("tag.set: “tags”: “%s” is longer than %d characters"), name,
                                MAX_TAG_CHARS), NULL;
      if (g_hash_table_add (seen, ax_search_fold (name)))
        g_ptr_array_add (names, g_steal_pointer (&name));
    }
  if (names->len > MAX_TAGS)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("tag.set: “tags”: a patient can have at most %d tags"), MAX_TAGS), NULL;
  return g_steal_pointer (&names);
}

/* The id of the live tag named name (ignoring case and accents), made when
 * there is none. A new tag's id is named by the clinic and the folded name,
 * so two desks that make "VIP" offline make the same tag. */
static gboolean
tag_id_for (AxMutation *m,
            const char *name,
            char        out[AX_UUID_STRLEN],
            GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  g_autofree char *folded = ax_search_fold (name);
  g_autofree char *parent = NULL;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  stmt = ax_db_prepare (db, "SELECT id, name FROM tags WHERE clinic_id = ? AND deleted_at IS NULL "
                            " ORDER BY created_at, id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  while (!found && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *other = ax_search_fold ((const char *) sqlite3_column_text (stmt, 1));

      if (g_str_equal (other, folded))
        {
          g_strlcpy (out, (const char *) sqlite3_column_text (stmt, 0), AX_UUID_STRLEN);
          found = TRUE;
        }
    }
  sqlite3_reset (stmt);
  if (found)
    return TRUE;

  parent = g_strdup_printf ("tag/%s/%s", ax_mutation_get_clinic_id (m), folded);
  ax_uuid_derive (parent, 0, out);
  stmt = ax_db_prepare (db,
                        "INSERT INTO tags (id, clinic_id, created_at, updated_at, name) "
                        "VALUES (?1, ?2, ?3, ?4, ?5) "
                        "ON CONFLICT (id) DO UPDATE SET deleted_at = NULL, name = excluded.name, "
                        "  updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, out, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (db, "tag.set", error);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
link_tag (AxMutation *m,
          const char *patient_id,
          const char *tag_id,
          GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  g_autofree char *parent = g_strdup_printf ("%s/tag/%s", patient_id, tag_id);
  char id[AX_UUID_STRLEN];
  sqlite3_stmt *stmt;

  /* Named by patient and tag: a link removed and set again is the same row. */
  ax_uuid_derive (parent, 0, id);
  stmt = ax_db_prepare (db,
                        "INSERT INTO patient_tags (id, clinic_id, created_at, updated_at, "
                        "  patient_id, tag_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                        "ON CONFLICT (id) DO UPDATE SET deleted_at = NULL, "
                        "  updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, tag_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (db, "tag.set", error);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
tag_set_run (AxMutation *m,
             JsonObject *args,
             GError    **error)
{
  AxDb *db = ax_mutation_get_db (m);
  const char *patient_id = json_object_get_string_member (args, "patient_id");
  g_autoptr (GPtrArray) names = NULL;
  g_autoptr (GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) linked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (JsonArray) result_tags = json_array_new ();
  GHashTableIter iter;
  gpointer tag_id, link_id;
  sqlite3_stmt *stmt;

  names = wanted_tags (json_object_get_array_member (args, "tags"), error);
  if (names == NULL)
    return FALSE;
  if (!ax_mutation_require_row (m, "patients", patient_id, _("patient"), error))
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      char id[AX_UUID_STRLEN];

      if (!tag_id_for (m, names->pdata[i], id, error))
        return FALSE;
      g_hash_table_add (wanted, g_strdup (id));
      json_array_add_string_element (result_tags, names->pdata[i]);
    }

  /* The patient's links now: tag → link. */
  stmt = ax_db_prepare (db, "SELECT tag_id, id FROM patient_tags WHERE patient_id = ? "
                            "   AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (linked, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                         g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_reset (stmt);

  /* Links no longer wanted are soft-deleted, never removed. */
  g_hash_table_iter_init (&iter, linked);
  while (g_hash_table_iter_next (&iter, &tag_id, &link_id))
    if (!g_hash_table_contains (wanted, tag_id) && !ax_mutation_soft_delete (m, "patient_tags", link_id, error))
      return FALSE;
  g_hash_table_iter_init (&iter, wanted);
  while (g_hash_table_iter_next (&iter, &tag_id, NULL))
    if (!g_hash_table_contains (linked, tag_id) && !link_tag (m, patient_id, tag_id, error))
      return FALSE;

  json_object_set_string_member (ax_mutation_get_result (m), "id", patient_id);
  json_object_set_array_member (ax_mutation_get_result (m), "tags",
                                json_array_ref (result_tags));
  return TRUE;
}

/* vitals.record */

static const AxArgSpec vitals_args[] = {
  { "id", AX_ARG_UUID },
  { "patient_id", AX_ARG_UUID, TRUE },
  { "recorded_at", AX_ARG_INSTANT },
  { "pulse_bpm", AX_ARG_INT },
  { "bp_systolic", AX_ARG_INT },
  { "bp_diastolic", AX_ARG_INT },
  { "temp_dc", AX_ARG_INT },
  { "weight_g", AX_ARG_INT },
  { "height_mm", AX_ARG_INT },
  { NULL }
};

static const char *const measurements[] = {
  "pulse_bpm", "bp_systolic", "bp_diastolic", "temp_dc", "weight_g", "height_mm",
};

static gboolean
get_measurement (JsonObject *args,
                 const char *name,
                 gint64     *value)
{
  if (!json_object_has_member (args, name) || json_object_get_null_member (args, name))
    return FALSE;
  *value = json_object_get_int_member (args, name);
  return TRUE;
}

static gboolean
vitals_prepare (AxMutation *m,
                JsonObject *args,
                GError    **error)
{
  /* The time is fixed here, so that a replay records the same reading. */
  if (!json_object_has_member (args, "recorded_at") || json_object_get_null_member (args, "recorded_at"))
    json_object_set_int_member (args, "recorded_at", ax_mutation_get_now_ms (m));
  return ax_mutation_prepare_id (m, args, error);
}

/* Plausible ranges: a typo (a pulse of 720, 3.7 °C) is refused with what
 * was typed and what is expected. */
static gboolean
check_vitals (JsonObject *args,
              gint64      now_ms,
              GError    **error)
{
  gint64 pulse, sys, dia, temp, weight, height, at;
  gboolean has_sys, has_dia, any = FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (measurements); i++)
    {
      gint64 v;
      any = any || get_measurement (args, measurements[i], &v);
    }
  if (!any)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("vitals.record: record at least one measurement: pulse, blood pressure, "
                              "temperature, weight or height"));

  if (get_measurement (args, "pulse_bpm", &pulse) && (pulse < 20 || pulse > 250))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("vitals.record: “pulse_bpm”: a pulse of %" PRId64 " a minute is not "
                              "plausible; it must be between 20 and 250"), pulse);

  has_sys = get_measurement (args, "bp_systolic", &sys);
  has_dia = get_measurement (args, "bp_diastolic", &dia);
  if (has_sys != has_dia)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("vitals.record: “%s”: a blood pressure needs both the systolic and the "
                              "diastolic value"), has_sys ? "bp_diastolic" : "bp_systolic");
  if (has_sys && (sys < 50 || sys > 260))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("vitals.record: “bp_systolic”: a systolic pressure of %" PRId64
                              " mmHg is not plausible; it must be between 50 and 260"), sys);
  if (has_dia && (dia < 30 || dia > 160))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("vitals.record: “bp_diastolic”: a diastolic pressure of %" PRId64
                              " mmHg is not plausible; it must be between 30 and 160"), dia);
  if (has_sys && dia >= sys)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("vitals.record: “bp_diastolic”: the diastolic pressure (%" PRId64
                              ") must be lower than the systolic (%" PRId64 ")"), dia, sys);

  if (get_measurement (args, "temp_dc", &temp) && (temp < 300 || temp > 450))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("vitals.record: “temp_dc”: a temperature of %.1f °C is not plausible; it "
                              "must be between 30.0 and 45.0 °C"), temp / 10.0);
  if (get_measurement (args, "weight_g", &weight) && (weight < 500 || weight > 400000))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("vitals.record: “weight_g”: a weight of %.1f kg is not plausible; it must "
                              "be between 0.5 and 400 kg"), weight / 1000.0);
  if (get_measurement (args, "height_mm", &height) && (height < 200 || height > 2600))
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("vitals.record: “height_mm”: a height of %.1f cm is not plausible; it must "
                              "be between 20 and 260 cm"), height / 10.0);

  at = json_object_get_int_member (args, "recorded_at");
  if (at > now_ms + FUTURE_SLACK_MS)
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("vitals.record: “recorded_at”: a reading cannot be taken in the future"));
  if (at < G_GINT64_CONSTANT (-2208988800000)) /* 1900-01-01 */
    return ax_model_refuse (error, AX_MODEL_ERROR_INVALID_ARGS,
                            _("vitals.record: “recorded_at” is not a plausible time"));
  return TRUE;
}

static gboolean
vitals_run (AxMutation *m,
            JsonObject *args,
            GError    **error)
{
  const char *id = json_object_get_string_member (args, "id");
  const char *patient_id = json_object_get_string_member (args, "patient_id");
  sqlite3_stmt *stmt;

  if (!check_vitals (args, ax_mutation_get_now_ms (m), error))
    return FALSE;
  if (!ax_mutation_require_row (m, "patients", patient_id, _("patient"), error))
    return FALSE;

  stmt = ax_db_prepare (ax_mutation_get_db (m),
                        "INSERT INTO vitals (id, clinic_id, created_at, updated_at, patient_id, "
                        "  recorded_at, recorded_by, pulse_bpm, bp_systolic, bp_diastolic, "
                        "  temp_dc, weight_g, height_mm) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ax_mutation_get_clinic_id (m), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ax_mutation_get_now_ms (m));
  sqlite3_bind_text (stmt, 4, ax_mutation_get_hlc (m), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, json_object_get_int_member (args, "recorded_at"));
  sqlite3_bind_text (stmt, 7, ax_actor_get_user_id (ax_mutation_get_actor (m)), -1,
                     SQLITE_STATIC);
  for (gsize i = 0; i < G_N_ELEMENTS (measurements); i++)
    {
      gint64 v;

      if (get_measurement (args, measurements[i], &v))
        sqlite3_bind_int64 (stmt, 8 + (int) i, v);
      else
        sqlite3_bind_null (stmt, 8 + (int) i);
    }
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return ax_db_fail (ax_mutation_get_db (m), "vitals.record", error);
    }
  sqlite3_reset (stmt);
  json_object_set_string_member (ax_mutation_get_result (m), "id", id);
  return TRUE;
}

static const AxMutatorDef defs[] = {
  { "allergy.add", AX_PERM_PATIENT_EDIT, allergy_add_args, FALSE, ax_mutation_prepare_id,
    allergy_add_run, "allergies" },
  { "allergy.remove", AX_PERM_PATIENT_EDIT, id_only_args, FALSE, NULL, allergy_remove_run, NULL },
  { "medical_note.add", AX_PERM_CLINICAL_EDIT, note_args, FALSE, ax_mutation_prepare_id,
    note_add_run, NULL },
  { "tag.set", AX_PERM_PATIENT_EDIT, tag_set_args, FALSE, NULL, tag_set_run, NULL },
  { "vitals.record", AX_PERM_PATIENT_EDIT, vitals_args, FALSE, vitals_prepare, vitals_run, NULL },
};

void
ax_patient_record_register_mutators (void)
{
  ax_mutators_register (defs, G_N_ELEMENTS (defs));
}
