/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The demo clinic's clinical side of the record: vitals taken at the desk,
 * medical notes (one with an addendum), treatment plans, memberships with
 * their credit ledger, and tags (VIP, Sensitive skin, …). Written last,
 * from a random stream of its own, so the rest of the demo is the same
 * with or without it; a few hundred rows. */

#include "ax-demo-private.h"
#include "ax-db-search.h"

#include <string.h>

#define CLINICAL_SEED 0x7a11e5u

static const char *const demo_tags[] = {
  "VIP", "Sensitive skin", "Prefers Thai", "Referral", "Bride 2026", "Needle-shy",
};

static const struct
{
  const char *kind;
  const char *body;
} demo_notes[] = {
  { "condition", "Mild rosacea on both cheeks; avoid strong peels." },
  { "medication", "Isotretinoin 20 mg daily since January." },
  { "history", "Hyaluronic filler to the nasolabial folds in 2024 at another clinic." },
  { "note", "Prefers numbing cream 30 minutes before injections." },
  { "condition", "History of cold sores; antiviral before lip treatments." },
  { "medication", "Low-dose aspirin; bruises easily." },
  { "history", "Keloid scar after ear piercing (left lobe)." },
};

/* The user who writes a provider's notes: the user linked to the provider,
 * else the owner. */
static void
provider_user (DemoSeeder *s,
               const char *provider_id,
               char        out[AX_UUID_STRLEN])
{
  sqlite3_stmt *stmt = ax_db_prepare (s->db, "SELECT id FROM users WHERE provider_id = ? "
                                             " ORDER BY id LIMIT 1", NULL);

  g_strlcpy (out, s->owner_id, AX_UUID_STRLEN);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, provider_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_strlcpy (out, (const char *) sqlite3_column_text (stmt, 0), AX_UUID_STRLEN);
  sqlite3_reset (stmt);
}

static gboolean
write_tags (DemoSeeder *s,
            DemoId     *tag_ids,
            GError    **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (s->db,
    "INSERT INTO tags (id, clinic_id, created_at, updated_at, name) VALUES (?, ?, ?, ?, ?)",
    error);

  if (stmt == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (demo_tags); i++)
    {
      /* Named as tag.set names a new tag, so the app reuses it. */
      g_autofree char *folded = ax_search_fold (demo_tags[i]);
      g_autofree char *parent = g_strdup_printf ("tag/%s/%s", s->clinic_id, folded);

      ax_uuid_derive (parent, 0, tag_ids[i]);
      demo_bind_base (s, stmt, tag_ids[i], s->clinic_created_ms + DEMO_DAY_MS);
      demo_bind_text (stmt, 5, demo_tags[i]);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
demo_write_clinical (DemoSeeder  *s,
                     GError     **error)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (CLINICAL_SEED);
  GRand *saved = s->rand;
  DemoId tag_ids[G_N_ELEMENTS (demo_tags)];
  sqlite3_stmt *link, *vitals, *note, *plan, *membership, *ledger;
  gboolean ok = FALSE;

  /* Its own stream: what comes before stays as it was. */
  s->rand = rand;
  if (!write_tags (s, tag_ids, error))
    goto out;
  link = ax_db_prepare (s->db,
    "INSERT INTO patient_tags (id, clinic_id, created_at, updated_at, patient_id, tag_id) "
    "VALUES (?, ?, ?, ?, ?, ?)", error);
  vitals = link ? ax_db_prepare (s->db,
    "INSERT INTO vitals (id, clinic_id, created_at, updated_at, patient_id, recorded_at, "
    "  recorded_by, pulse_bpm, bp_systolic, bp_diastolic, temp_dc, weight_g, height_mm) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error) : NULL;
  note = vitals ? ax_db_prepare (s->db,
    "INSERT INTO medical_notes (id, clinic_id, created_at, updated_at, patient_id, kind, body, "
    "  author_id, addendum_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error) : NULL;
  plan = note ? ax_db_prepare (s->db,
    "INSERT INTO treatment_plans (id, clinic_id, created_at, updated_at, patient_id, service_id, "
    "  provider_id, interval_weeks, sessions, status, notes) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error) : NULL;
  membership = plan ? ax_db_prepare (s->db,
    "INSERT INTO memberships (id, clinic_id, created_at, updated_at, patient_id, plan_id, "
    "  status, started_at, renews_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)", error) : NULL;
  ledger = membership ? ax_db_prepare (s->db,
    "INSERT INTO credit_ledger (id, clinic_id, created_at, updated_at, patient_id, "
    "  membership_id, kind, service_id, sessions, amount, at, user_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error) : NULL;
  if (ledger == NULL)
    goto out;

  for (guint i = 0; i < s->n_patients; i++)
    {
      const char *patient = s->patient_id[i];
      gint64 since = s->patient_created[i];
      gint64 span = s->now_ms - since;
      const DemoProviderRow *pr = &g_array_index (s->providers, DemoProviderRow,
                                                  demo_rand (s, 0, (int) s->providers->len));
      char id[AX_UUID_STRLEN], author[AX_UUID_STRLEN];

      if (span < DEMO_DAY_MS)
        continue;

      /* Tags: one patient in eight has one or two. */
      if (demo_chance (s, 125))
        {
          int n = demo_chance (s, 300) ? 2 : 1;
          int first = demo_rand (s, 0, (int) G_N_ELEMENTS (demo_tags));

          for (int k = 0; k < n; k++)
            {
              const char *tag = tag_ids[(first + k) % G_N_ELEMENTS (demo_tags)];
              g_autofree char *parent = g_strdup_printf ("%s/tag/%s", patient, tag);

              ax_uuid_derive (parent, 0, id);
              demo_bind_base (s, link, id, since);
              demo_bind_text (link, 5, patient);
              demo_bind_text (link, 6, tag);
              if (!demo_step (s, link, error))
                goto out;
            }
        }

      /* Vitals: one in six, one to four readings since registration. */
      if (demo_chance (s, 170))
        {
          int n = demo_rand (s, 1, 5);
          int weight = demo_rand (s, 45000, 86000);
          int height = demo_rand (s, 1500, 1850);

          for (int k = 0; k < n; k++)
            {
              gint64 at = since + (span / (n + 1)) * (k + 1) + demo_rand (s, 0, 3600) * 1000;
              int sys = demo_rand (s, 104, 142);

              demo_new_id (s->meta_ids, at, id);
              demo_bind_base (s, vitals, id, at);
              demo_bind_text (vitals, 5, patient);
              demo_bind_int (vitals, 6, at);
              demo_bind_text (vitals, 7, s->frontdesk_id);
              demo_bind_int (vitals, 8, demo_rand (s, 60, 96));
              demo_bind_int (vitals, 9, sys);
              demo_bind_int (vitals, 10, sys - demo_rand (s, 35, 50));
              demo_bind_opt_int (vitals, 11, demo_chance (s, 500), demo_rand (s, 361, 374));
              demo_bind_int (vitals, 12, weight + demo_rand (s, -1500, 1500));
              demo_bind_opt_int (vitals, 13, k == 0, height);
              if (!demo_step (s, vitals, error))
                goto out;
            }
        }

      /* Medical notes: one in ten, by the provider; a few with an addendum. */
      if (demo_chance (s, 100))
        {
          int which = demo_rand (s, 0, (int) G_N_ELEMENTS (demo_notes));
          gint64 at = since + demo_rand (s, 0, 7 * 24) * DEMO_HOUR_MS;
          char first_note[AX_UUID_STRLEN];

          if (at > s->now_ms)
            at = since;
          provider_user (s, pr->id, author);
          demo_new_id (s->meta_ids, at, first_note);
          demo_bind_base (s, note, first_note, at);
          demo_bind_text (note, 5, patient);
          demo_bind_text (note, 6, demo_notes[which].kind);
          demo_bind_text (note, 7, demo_notes[which].body);
          demo_bind_text (note, 8, author);
          demo_bind_text (note, 9, NULL);
          if (!demo_step (s, note, error))
            goto out;
          if (g_str_equal (demo_notes[which].kind, "medication") && demo_chance (s, 500))
            {
              gint64 later = at + (s->now_ms - at) / 2;

              demo_new_id (s->meta_ids, later, id);
              demo_bind_base (s, note, id, later);
              demo_bind_text (note, 5, patient);
              demo_bind_text (note, 6, "medication");
              demo_bind_text (note, 7, "Stopped on her doctor's advice.");
              demo_bind_text (note, 8, author);
              demo_bind_text (note, 9, first_note);
              if (!demo_step (s, note, error))
                goto out;
            }
        }

      /* Treatment plans: one in fifteen; most are under way. */
      if (demo_chance (s, 66))
        {
          int service = demo_rand (s, 0, (int) demo_services_len);
          static const char *const plan_notes[] = {
            "Pigmentation on the cheeks", "Maintenance", "Before the wedding", NULL,
          };
          const char *plan_note = plan_notes[demo_rand (s, 0, G_N_ELEMENTS (plan_notes))];

          demo_new_id (s->meta_ids, since, id);
          demo_bind_base (s, plan, id, since);
          demo_bind_text (plan, 5, patient);
          demo_bind_text (plan, 6, s->service_ids[service]);
          demo_bind_text (plan, 7, pr->id);
          demo_bind_int (plan, 8, demo_rand (s, 2, 7));
          demo_bind_int (plan, 9, demo_rand (s, 3, 9));
          demo_bind_text (plan, 10, demo_chance (s, 800) ? "active" : "completed");
          demo_bind_text (plan, 11, plan_note);
          if (!demo_step (s, plan, error))
            goto out;
        }

      /* Memberships: one in forty, with what the plan grants and some of it used. */
      if (demo_chance (s, 25) && demo_plans_len > 0)
        {
          int p = demo_rand (s, 0, (int) demo_plans_len);
          const DemoPlan *dp = &demo_plans[p];
          gint64 started = MAX (since, s->now_ms - demo_rand (s, 5, 200) * DEMO_DAY_MS);
          gint64 renews = started + (gint64) dp->period_months * 30 * DEMO_DAY_MS;
          char mid[AX_UUID_STRLEN];
          int used = demo_rand (s, 0, dp->sessions + 1);
          gint64 spent = dp->wallet > 0 ? dp->wallet / 100 * demo_rand (s, 0, 70) : 0;

          while (renews < s->now_ms)
            renews += (gint64) dp->period_months * 30 * DEMO_DAY_MS;
          demo_new_id (s->meta_ids, started, mid);
          demo_bind_base (s, membership, mid, started);
          demo_bind_text (membership, 5, patient);
          demo_bind_text (membership, 6, s->plan_ids[p]);
          demo_bind_int (membership, 7, started);
          demo_bind_int (membership, 8, renews);
          if (!demo_step (s, membership, error))
            goto out;

          for (int k = 0; k < 2; k++)
            {
              gboolean grant = k == 0;
              gint64 at = grant ? started : started + (s->now_ms - started) / 2;

              if (!grant && used == 0 && spent == 0)
                break;
              demo_new_id (s->meta_ids, at, id);
              demo_bind_base (s, ledger, id, at);
              demo_bind_text (ledger, 5, patient);
              demo_bind_text (ledger, 6, mid);
              demo_bind_text (ledger, 7, grant ? "grant" : "redeem");
              demo_bind_text (ledger, 8, s->service_ids[dp->service]);
              demo_bind_int (ledger, 9, grant ? dp->sessions : -used);
              demo_bind_int (ledger, 10, grant ? dp->wallet : -spent);
              demo_bind_int (ledger, 11, at);
              demo_bind_text (ledger, 12, s->billing_id);
              if (!demo_step (s, ledger, error))
                goto out;
            }
        }
    }
  ok = TRUE;

out:
  s->rand = saved;
  return ok;
}
