/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The demo clinic's consent templates, and consents signed by the patients
 * of the latest completed appointments (docs/demo.md, docs/consents.md).
 * The rows are the ones consent_template.add, consent.create and
 * consent.sign would write, hash included. */

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ax-demo-private.h"
#include "ax-consents.h"
#include "ax-canonical-json.h"

#include <glib/gi18n-lib.h>

#define PAD_W 600
#define PAD_H 200
#define N_SIGNED 6

typedef struct
{
  const char *name;
  const char *purpose;
  const char *body;
} DemoTemplate;

static const DemoTemplate templates[] = {
  { "Botulinum toxin treatment consent", "treatment",
    "I, {{patient.name}} (patient number {{patient.number}}, born {{patient.birth_date}}), "
    "agree to be treated with botulinum toxin type A ({{service.name}}) by {{provider.name}} "
    "at {{clinic.name}} on {{appointment.date}}.\n\n"
    "It has been explained to me that botulinum toxin relaxes the treated muscles for three to "
    "six months, that the result is not permanent, and that more than one session may be "
    "needed. I understand that the common side effects are redness, swelling, tenderness or a "
    "small bruise where the needle went in, and a mild headache; that less often an eyelid or "
    "eyebrow may droop or the smile may look uneven for some weeks; and that allergic reactions "
    "and spread of the toxin beyond the treated area are rare.\n\n"
    "I have told the clinic about my medical history, medicines, allergies, any neuromuscular "
    "disease, and whether I am pregnant or breastfeeding. I will not lie down, massage the "
    "treated area or exercise hard for four hours after the treatment, and I will call the "
    "clinic if I have trouble swallowing, speaking or breathing.\n\n"
    "I have been able to ask questions and they have been answered to my satisfaction. I know I "
    "can refuse or stop the treatment at any time.\n\n"
    "Signed on {{date}}." },
  { "Dermal filler consent", "treatment",
    "I, {{patient.name}} (patient number {{patient.number}}), agree to a hyaluronic acid dermal "
    "filler treatment ({{service.name}}) by {{provider.name}} at {{clinic.name}} on "
    "{{appointment.date}} at {{appointment.time}}.\n\n"
    "The filler adds volume under the skin and lasts six to eighteen months depending on the "
    "product and the area. I understand that swelling, bruising, tenderness and small lumps are "
    "common in the first two weeks; that infection, a delayed inflammatory reaction or an "
    "asymmetry needing a touch-up may happen; and that, rarely, filler can block a blood vessel "
    "and harm the skin or, very rarely, the eyesight. The clinic keeps hyaluronidase to dissolve "
    "the filler in an emergency, and I agree to its use if my provider judges it necessary.\n\n"
    "I confirm that I have told the clinic about previous fillers or implants, cold sores, "
    "blood-thinning medicines and allergies (including to lidocaine), and that I am not "
    "pregnant or breastfeeding. I will avoid make-up for twelve hours, and saunas, alcohol and "
    "strenuous exercise for a day, and I will contact the clinic at once about any unusual pain, "
    "whitening or darkening of the skin.\n\n"
    "Signed on {{date}}." },
  { "Use of photos for marketing", "photo_marketing",
    "I, {{patient.name}} (patient number {{patient.number}}), allow {{clinic.name}} to use "
    "before-and-after photographs of my treatment in its marketing: on its website, its social "
    "media pages, in printed brochures and in presentations to other professionals.\n\n"
    "The clinic will not publish my name, my contact details or anything else that identifies "
    "me beyond the photos themselves, and will crop out tattoos, jewellery and other distinctive "
    "marks where it can. Photos used this way are chosen by the clinic; I may ask to see them "
    "first.\n\n"
    "This consent is voluntary and does not affect my treatment in any way. I may withdraw it at "
    "any time by telling the front desk; the clinic will then stop using my photos in new "
    "material and remove them from its own website and pages within thirty days, but cannot "
    "recall printed material already handed out.\n\n"
    "Signed on {{date}}." },
};

static double
tenth (double v)
{
  return round (v * 10) / 10;
}

/* A handwritten-looking signature: a looping name, a capital and a
 * flourish underneath, different for every patient. */
static JsonNode *
signature_strokes (DemoSeeder *s)
{
  g_autoptr (JsonObject) pad = json_object_new ();
  g_autoptr (JsonArray) strokes = json_array_new ();
  int loops = demo_rand (s, 5, 9);
  double x0 = demo_rand (s, 70, 120);
  double len = demo_rand (s, 260, 360);
  double amp = demo_rand (s, 22, 36);
  double slant = demo_rand (s, 6, 16);
  g_autoptr (JsonArray) capital = json_array_new ();
  g_autoptr (JsonArray) name = json_array_new ();
  g_autoptr (JsonArray) flourish = json_array_new ();
  int t = 0;

  for (int i = 0; i <= 24; i++, t += 9)
    {
      double u = i / 24.0;
      JsonArray *p = json_array_new ();

      json_array_add_double_element (p, tenth (x0 - 30 + 18 * sin (u * G_PI) + slant * (1 - u)));
      json_array_add_double_element (p, tenth (140 - 95 * u + 10 * sin (u * 3 * G_PI)));
      json_array_add_int_element (p, t);
      json_array_add_array_element (capital, p);
    }
  t = 0;
  for (int i = 0; i <= 160; i++, t += 8)
    {
      double u = i / 160.0;
      double env = 0.55 + 0.45 * sin (u * G_PI);
      double phase = 2 * G_PI * loops * u;
      JsonArray *p = json_array_new ();

      json_array_add_double_element (p, tenth (x0 + len * u - 14 * cos (phase) + slant * 0.5));
      json_array_add_double_element (p, tenth (118 - amp * env * sin (phase) - 8 * u));
      json_array_add_int_element (p, t);
      json_array_add_array_element (name, p);
    }
  t = 0;
  for (int i = 0; i <= 40; i++, t += 7)
    {
      double u = i / 40.0;
      JsonArray *p = json_array_new ();

      json_array_add_double_element (p, tenth (x0 - 20 + (len + 70) * u));
      json_array_add_double_element (p, tenth (165 - 12 * sin (u * G_PI) + 6 * u));
      json_array_add_int_element (p, t);
      json_array_add_array_element (flourish, p);
    }
  json_array_add_array_element (strokes, g_steal_pointer (&capital));
  json_array_add_array_element (strokes, g_steal_pointer (&name));
  json_array_add_array_element (strokes, g_steal_pointer (&flourish));
  json_object_set_int_member (pad, "width", PAD_W);
  json_object_set_int_member (pad, "height", PAD_H);
  json_object_set_array_member (pad, "strokes", g_steal_pointer (&strokes));
  return json_node_init_object (json_node_alloc (), pad);
}

static char *
local_format (DemoSeeder *s,
              gint64      ms,
              const char *format)
{
  g_autoptr (GDateTime) t = demo_local_time (s, ms);

  return g_date_time_format (t, format);
}

typedef struct
{
  char   patient_id[AX_UUID_STRLEN];
  char   appointment_id[AX_UUID_STRLEN];
  char  *first;
  char  *last;
  char  *number;
  char  *birth;
  char  *provider;
  char  *service;
  gint64 start_ms;
  int    kind;      /* the template: 0 toxin, 1 filler */
} Visit;

static void
visit_clear (Visit *v)
{
  g_free (v->first);
  g_free (v->last);
  g_free (v->number);
  g_free (v->birth);
  g_free (v->provider);
  g_free (v->service);
}

static GHashTable *
visit_values (DemoSeeder *s,
              Visit      *v,
              gint64      signed_ms)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const AxClinicInfo *clinic = ax_store_get_clinic (s->store);

  g_hash_table_insert (values, "patient.name", g_strstrip (g_strdup_printf ("%s %s", v->first, v->last)));
  g_hash_table_insert (values, "patient.first_name", g_strdup (v->first));
  g_hash_table_insert (values, "patient.last_name", g_strdup (v->last));
  g_hash_table_insert (values, "patient.number", g_strdup (v->number));
  if (v->birth != NULL && strlen (v->birth) == 10)
    {
      g_autoptr (GDateTime) d = g_date_time_new_utc (atoi (v->birth), atoi (v->birth + 5),
                                                     atoi (v->birth + 8), 0, 0, 0);
      g_hash_table_insert (values, "patient.birth_date", g_date_time_format (d, "%-d %B %Y"));
    }
  else
    g_hash_table_insert (values, "patient.birth_date", g_strdup (_("not recorded")));
  g_hash_table_insert (values, "clinic.name", g_strdup (clinic ? clinic->name : "Lotus Aesthetic Clinic"));
  g_hash_table_insert (values, "clinic.address", g_strdup (clinic && clinic->address ? clinic->address : ""));
  g_hash_table_insert (values, "date", local_format (s, signed_ms, "%-d %B %Y"));
  g_hash_table_insert (values, "provider.name", g_strdup (v->provider ? v->provider : ""));
  g_hash_table_insert (values, "service.name", g_strdup (v->service ? v->service : ""));
  g_hash_table_insert (values, "appointment.date", local_format (s, v->start_ms, "%-d %B %Y"));
  g_hash_table_insert (values, "appointment.time", local_format (s, v->start_ms, "%H:%M"));
  return values;
}

/* The latest completed toxin and filler visits, one a patient. */
static GArray *
recent_visits (DemoSeeder  *s,
               GError     **error)
{
  g_autoptr (GArray) visits = g_array_new (FALSE, TRUE, sizeof (Visit));
  guint per_kind[2] = { 0, 0 };
  sqlite3_stmt *stmt = ax_db_prepare (s->db,
    "SELECT a.patient_id, a.id, p.first_name, p.last_name, p.patient_number, p.birth_date, "
    "       pr.name, (SELECT group_concat (name, ', ') FROM (SELECT sv.name "
    "          FROM appointment_services x JOIN services sv ON sv.id = x.service_id "
    "         WHERE x.appointment_id = a.id ORDER BY x.sort_order)), a.start_at "
    "  FROM appointments a JOIN patients p ON p.id = a.patient_id "
    "  JOIN providers pr ON pr.id = a.provider_id "
    " WHERE a.status = 'completed' AND a.start_at <= ?1 "
    "   AND EXISTS (SELECT 1 FROM appointment_services x JOIN services sv ON sv.id = x.service_id "
    "                WHERE x.appointment_id = a.id AND (sv.name LIKE 'Botulinum toxin%' "
    "                                                   OR sv.name LIKE 'Dermal filler%')) "
    " ORDER BY a.start_at DESC LIMIT 200", error);

  g_array_set_clear_func (visits, (GDestroyNotify) visit_clear);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, s->now_ms);
  while (visits->len < N_SIGNED && sqlite3_step (stmt) == SQLITE_ROW)
    {
      Visit v = { 0 };
      gboolean seen = FALSE;

      g_strlcpy (v.patient_id, (const char *) sqlite3_column_text (stmt, 0), AX_UUID_STRLEN);
      for (guint i = 0; i < visits->len; i++)
        seen = seen || g_str_equal (g_array_index (visits, Visit, i).patient_id, v.patient_id);
      if (seen)
        continue;
      g_strlcpy (v.appointment_id, (const char *) sqlite3_column_text (stmt, 1), AX_UUID_STRLEN);
      v.first = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      v.last = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      v.number = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      v.birth = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      v.provider = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      v.service = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      v.start_ms = sqlite3_column_int64 (stmt, 8);
      v.kind = v.service != NULL && strstr (v.service, "Dermal filler") != NULL
               && strstr (v.service, "Botulinum toxin") == NULL ? 1 : 0;
      /* As many fillers as toxins. */
      if (per_kind[v.kind] >= N_SIGNED / 2)
        {
          visit_clear (&v);
          continue;
        }
      per_kind[v.kind]++;
      g_array_append_val (visits, v);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&visits);
}

static gboolean
write_consent (DemoSeeder  *s,
               Visit       *v,
               const char  *template_id,
               int          t,
               gboolean     sign,
               gint64       withdrawn_ms,
               GError     **error)
{
  const DemoTemplate *tmpl = &templates[t];
  gint64 created_ms = v->start_ms - 20 * DEMO_MINUTE_MS;
  gint64 signed_ms = created_ms + demo_rand (s, 2, 8) * DEMO_MINUTE_MS;
  g_autoptr (GHashTable) values = visit_values (s, v, created_ms);
  g_autofree char *body = ax_consent_template_fill (tmpl->body, values, error);
  g_autoptr (JsonNode) strokes = NULL;
  g_autoptr (JsonNode) content = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *strokes_json = NULL;
  g_autofree char *signer = NULL;
  DemoId id, signature_id;
  sqlite3_stmt *stmt;

  if (body == NULL)
    return FALSE;
  demo_new_id (s->meta_ids, created_ms, id);
  if (sign)
    {
      demo_new_id (s->meta_ids, signed_ms, signature_id);
      strokes = signature_strokes (s);
      content = ax_consent_signed_content (body, tmpl->purpose, v->patient_id, 1, strokes);
      hash = ax_canonical_json_sha256 (content);
      strokes_json = ax_canonical_json (strokes);
      signer = g_strstrip (g_strdup_printf ("%s %s", v->first, v->last));
    }

  stmt = ax_db_prepare (s->db,
                        "INSERT INTO consents (id, clinic_id, created_at, updated_at, patient_id, "
                        "  template_id, appointment_id, purpose, body, template_revision, status, "
                        "  signed_at, signature_id, withdrawn_at, withdraw_reason) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  demo_bind_base (s, stmt, id, created_ms);
  demo_bind_text (stmt, 5, v->patient_id);
  demo_bind_text (stmt, 6, template_id);
  demo_bind_text (stmt, 7, v->appointment_id);
  demo_bind_text (stmt, 8, tmpl->purpose);
  demo_bind_text (stmt, 9, body);
  demo_bind_text (stmt, 10, !sign ? "pending" : withdrawn_ms ? "withdrawn" : "signed");
  demo_bind_opt_int (stmt, 11, sign, signed_ms);
  demo_bind_text (stmt, 12, sign ? signature_id : NULL);
  demo_bind_opt_int (stmt, 13, withdrawn_ms != 0, withdrawn_ms);
  demo_bind_text (stmt, 14, withdrawn_ms ? "Asked at the front desk not to appear in the "
                                           "clinic's social media" : NULL);
  if (!demo_step (s, stmt, error))
    return FALSE;
  if (!sign)
    return TRUE;

  stmt = ax_db_prepare (s->db,
                        "INSERT INTO signatures (id, clinic_id, created_at, updated_at, "
                        "  subject_type, subject_id, signer_user_id, signer_name, signed_at, "
                        "  meaning, content_sha256, strokes_json) "
                        "VALUES (?, ?, ?, ?, 'consent', ?, NULL, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  demo_bind_base (s, stmt, signature_id, signed_ms);
  demo_bind_text (stmt, 5, id);
  demo_bind_text (stmt, 6, signer);
  demo_bind_int (stmt, 7, signed_ms);
  demo_bind_text (stmt, 8, AX_CONSENT_MEANING);
  demo_bind_text (stmt, 9, hash);
  demo_bind_text (stmt, 10, strokes_json);
  return demo_step (s, stmt, error);
}

gboolean
demo_write_consents (DemoSeeder  *s,
                     GError     **error)
{
  DemoId template_ids[G_N_ELEMENTS (templates)];
  g_autoptr (GArray) visits = NULL;
  sqlite3_stmt *stmt;

  stmt = ax_db_prepare (s->db,
                        "INSERT INTO consent_templates (id, clinic_id, created_at, updated_at, "
                        "  name, purpose, body, revision, active) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1)",
                        error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      gint64 at = s->clinic_created_ms + (gint64) (i + 1) * DEMO_HOUR_MS;

      demo_new_id (s->meta_ids, at, template_ids[i]);
      demo_bind_base (s, stmt, template_ids[i], at);
      demo_bind_text (stmt, 5, templates[i].name);
      demo_bind_text (stmt, 6, templates[i].purpose);
      demo_bind_text (stmt, 7, templates[i].body);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  visits = recent_visits (s, error);
  if (visits == NULL)
    return FALSE;
  for (guint i = 0; i < visits->len; i++)
    {
      Visit *v = &g_array_index (visits, Visit, i);
      /* The newest visit's consent waits at the desk, the rest are signed;
       * every other patient also lets the clinic use the photos, and one of
       * them has since changed their mind. */
      gboolean sign = i > 0;

      if (!write_consent (s, v, template_ids[v->kind], v->kind, sign, 0, error))
        return FALSE;
      if (i % 2 == 1
          && !write_consent (s, v, template_ids[2], 2, TRUE,
                             i == 3 ? MIN (v->start_ms + DEMO_DAY_MS, s->now_ms) : 0, error))
        return FALSE;
    }
  return TRUE;
}
