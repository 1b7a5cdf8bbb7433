/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The demo clinic's people and catalogue: providers, rooms and working
 * hours, one user per role, service categories, services, suppliers,
 * products, packages and membership plans. */

#include "ax-demo-private.h"

#include <string.h>

/* Providers beyond the eight of the demo table, for very large demos. */
static void
extra_provider (guint  i,
                char  *name,
                gsize  size,
                int   *role)
{
  static const char *const titles[] = { "Dr", "Nurse", "Therapist", "Therapist" };
  guint k = i % 4;

  *role = k == 0 ? DEMO_DOCTOR : k == 1 ? DEMO_NURSE : DEMO_THERAPIST;
  g_snprintf (name, size, "%s %s %s", titles[k],
              demo_extra_given[i % demo_extra_given_len],
              demo_thai_surnames[(i * 7 + 3) % demo_thai_surnames_len].roman);
}

void
demo_staff_up (DemoSeeder *s)
{
  guint extra = 0, extra_rooms;

  /* Eight providers hold ~35 appointments a day; a demo of hundreds of
   * thousands of appointments gets more hands so its history stays within
   * decades rather than centuries (at most 20 providers, the week view's
   * budget in DESIGN.md §10). */
  if (s->n_appointments > 300000)
    extra = MIN (12, (s->n_appointments - 300000) / 140000 + 1);
  extra_rooms = (extra * 2 + 2) / 3;

  for (guint i = 0; i < demo_providers_len + extra; i++)
    {
      DemoProviderRow p = { { 0 } };

      if (i < demo_providers_len)
        {
          p.role = demo_providers[i].role;
          p.day_off = demo_providers[i].day_off;
        }
      else
        {
          char name[80];
          extra_provider (i - demo_providers_len, name, sizeof name, &p.role);
          p.day_off = (i % 2) ? (int) (i % 6) + 1 : 0;
        }
      g_array_append_val (s->providers, p);
    }
  for (guint i = 0; i < demo_rooms_len + extra_rooms; i++)
    {
      DemoRoomRow r = { { 0 }, i < demo_rooms_len ? demo_rooms[i].room : DEMO_ROOM_TREATMENT };
      g_array_append_val (s->rooms, r);
    }
}

gboolean
demo_write_providers_and_rooms (DemoSeeder  *s,
                                GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 at = s->clinic_created_ms + DEMO_HOUR_MS;

  stmt = ax_db_prepare (s->db,
    "INSERT INTO providers (id, clinic_id, created_at, updated_at, name, title, specialty, color, "
    "                       license_no, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < s->providers->len; i++)
    {
      DemoProviderRow *p = &g_array_index (s->providers, DemoProviderRow, i);
      static const char *const titles[] = { "Dr", "Nurse", "Therapist" };
      static const char *const specialties[] = {
        "Aesthetic physician", "Nurse injector", "Skin therapist",
      };
      char name[80];
      int role;

      demo_new_id (s->meta_ids, at, p->id);
      demo_bind_base (s, stmt, p->id, at);
      if (i < demo_providers_len)
        {
          const DemoProvider *d = &demo_providers[i];
          demo_bind_text (stmt, 5, d->name);
          demo_bind_text (stmt, 6, d->title);
          demo_bind_text (stmt, 7, d->specialty);
          demo_bind_text (stmt, 8, d->color);
          demo_bind_text (stmt, 9, d->license);
        }
      else
        {
          extra_provider (i - demo_providers_len, name, sizeof name, &role);
          sqlite3_bind_text (stmt, 5, name, -1, SQLITE_TRANSIENT);
          demo_bind_text (stmt, 6, titles[role]);
          demo_bind_text (stmt, 7, specialties[role]);
          demo_bind_text (stmt, 8, demo_extra_colors[(i - demo_providers_len) % demo_extra_colors_len]);
          demo_bind_text (stmt, 9, NULL);
        }
      demo_bind_int (stmt, 10, i);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  stmt = ax_db_prepare (s->db,
    "INSERT INTO rooms (id, clinic_id, created_at, updated_at, name, kind, sort_order) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < s->rooms->len; i++)
    {
      DemoRoomRow *r = &g_array_index (s->rooms, DemoRoomRow, i);
      char name[40];

      demo_new_id (s->meta_ids, at, r->id);
      demo_bind_base (s, stmt, r->id, at);
      if (i < demo_rooms_len)
        {
          demo_bind_text (stmt, 5, demo_rooms[i].name);
          demo_bind_text (stmt, 6, demo_rooms[i].kind);
        }
      else
        {
          g_snprintf (name, sizeof name, "Treatment %u", i - demo_rooms_len + 5);
          sqlite3_bind_text (stmt, 5, name, -1, SQLITE_TRANSIENT);
          demo_bind_text (stmt, 6, "treatment");
        }
      demo_bind_int (stmt, 7, i);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  /* Mon–Sat 09:00–18:00 with a lunch break, but for each provider's day off;
   * Sunday closed. */
  stmt = ax_db_prepare (s->db,
    "INSERT INTO working_hours (id, clinic_id, created_at, updated_at, provider_id, weekday, "
    "                           start_min, end_min, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < s->providers->len; i++)
    {
      DemoProviderRow *p = &g_array_index (s->providers, DemoProviderRow, i);

      for (int wd = 1; wd <= 6; wd++)
        {
          static const struct { int from, to; const char *kind; } spans[] = {
            { DEMO_OPEN_MIN, DEMO_CLOSE_MIN, "work" },
            { DEMO_BREAK_MIN, DEMO_RESUME_MIN, "break" },
          };

          if (wd == p->day_off)
            continue;
          for (guint k = 0; k < G_N_ELEMENTS (spans); k++)
            {
              char id[AX_UUID_STRLEN];

              demo_new_id (s->meta_ids, at, id);
              demo_bind_base (s, stmt, id, at);
              demo_bind_text (stmt, 5, p->id);
              demo_bind_int (stmt, 6, wd);
              demo_bind_int (stmt, 7, spans[k].from);
              demo_bind_int (stmt, 8, spans[k].to);
              demo_bind_text (stmt, 9, spans[k].kind);
              if (!demo_step (s, stmt, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

typedef struct
{
  const char *username;
  const char *display_name;
  const char *role;
  const char *email;
  int         provider;   /* index, or -1 */
  char       *id_out;
} DemoUser;

gboolean
demo_write_users (DemoSeeder  *s,
                  char       **hashes,
                  GError     **error)
{
  char provider_user[AX_UUID_STRLEN], director_user[AX_UUID_STRLEN], readonly_user[AX_UUID_STRLEN];
  const DemoUser users[] = {
    { "owner", "Ploy Chaiyaporn", "owner", "ploy@lotusclinic.example", -1, s->owner_id },
    { "provider", "Dr Somchai Lee", "provider", "somchai@lotusclinic.example", 0, provider_user },
    { "frontdesk", "Mali Wongsa", "front_desk", "frontdesk@lotusclinic.example", -1, s->frontdesk_id },
    { "billing", "Beatriz Souza", "billing", "billing@lotusclinic.example", -1, s->billing_id },
    { "director", "Dr Helen Carter", "medical_director", "helen@lotusclinic.example", 1,
      director_user },
    { "readonly", "Read-only Auditor", "read_only", NULL, -1, readonly_user },
  };
  gint64 at = s->clinic_created_ms + 2 * DEMO_HOUR_MS;
  sqlite3_stmt *stmt, *link;

  stmt = ax_db_prepare (s->db,
    "INSERT INTO users (id, clinic_id, created_at, updated_at, username, display_name, role, "
    "                   password_hash, provider_id, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);
  if (stmt == NULL)
    return FALSE;
  link = ax_db_prepare (s->db, "UPDATE providers SET user_id = ?1 WHERE id = ?2", error);
  if (link == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      const char *provider_id = users[i].provider >= 0
        ? g_array_index (s->providers, DemoProviderRow, users[i].provider).id : NULL;

      demo_new_id (s->meta_ids, at, users[i].id_out);
      demo_bind_base (s, stmt, users[i].id_out, at);
      demo_bind_text (stmt, 5, users[i].username);
      demo_bind_text (stmt, 6, users[i].display_name);
      demo_bind_text (stmt, 7, users[i].role);
      demo_bind_text (stmt, 8, hashes[i]);
      demo_bind_text (stmt, 9, provider_id);
      demo_bind_text (stmt, 10, users[i].email);
      if (!demo_step (s, stmt, error))
        return FALSE;
      if (provider_id != NULL)
        {
          /* Not a new row: the provider now points back at its user. */
          demo_bind_text (link, 1, users[i].id_out);
          demo_bind_text (link, 2, provider_id);
          if (!demo_step (s, link, error))
            return FALSE;
          s->rows--;
        }
    }
  return TRUE;
}

/* Chart templates: the areas a treatment usually covers, with default
 * units; the service they belong to points back at them. */

typedef struct
{
  const char *name;
  const char *service_code;
  const char *areas_json;
} DemoChartTemplate;

static const DemoChartTemplate demo_chart_templates[] = {
  { "Botulinum toxin — upper face", "BTX-FH",
    "[{\"area\":\"Forehead\",\"default_units\":10,\"unit\":\"U\"},"
    "{\"area\":\"Glabella\",\"default_units\":20,\"unit\":\"U\"},"
    "{\"area\":\"Crow's feet, left\",\"default_units\":12,\"unit\":\"U\"},"
    "{\"area\":\"Crow's feet, right\",\"default_units\":12,\"unit\":\"U\"}]" },
  { "Dermal filler — lips", "FIL-LP",
    "[{\"area\":\"Upper lip\",\"default_units\":0.5,\"unit\":\"ml\"},"
    "{\"area\":\"Lower lip\",\"default_units\":0.5,\"unit\":\"ml\"}]" },
  { "Chemical peel", "PEEL-GLY",
    "[{\"area\":\"Full face\",\"default_units\":null,\"unit\":null}]" },
};

static gboolean
demo_write_chart_templates (DemoSeeder  *s,
                            gint64       at,
                            GError     **error)
{
  sqlite3_stmt *stmt, *link;

  stmt = ax_db_prepare (s->db,
    "INSERT INTO chart_templates (id, clinic_id, created_at, updated_at, name, service_id, "
    "                             areas_json) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  link = ax_db_prepare (s->db, "UPDATE services SET chart_template_id = ? WHERE id = ?", error);
  if (link == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (demo_chart_templates); i++)
    {
      const DemoChartTemplate *d = &demo_chart_templates[i];
      const char *service_id = s->service_ids[demo_service_index (d->service_code)];
      char id[AX_UUID_STRLEN];

      demo_new_id (s->meta_ids, at, id);
      demo_bind_base (s, stmt, id, at);
      demo_bind_text (stmt, 5, d->name);
      demo_bind_text (stmt, 6, service_id);
      demo_bind_text (stmt, 7, d->areas_json);
      if (!demo_step (s, stmt, error))
        return FALSE;
      demo_bind_text (link, 1, id);
      demo_bind_text (link, 2, service_id);
      /* An update, not a new row: not counted in s->rows. */
      if (sqlite3_step (link) != SQLITE_DONE)
        {
          sqlite3_reset (link);
          return ax_db_fail (s->db, "chart templates", error);
        }
      sqlite3_reset (link);
    }
  return TRUE;
}

/* The catalogue: categories, services, suppliers, products, packages, plans */

gboolean
demo_write_catalogue (DemoSeeder  *s,
                      GError     **error)
{
  gint64 at = s->clinic_created_ms + 3 * DEMO_HOUR_MS;
  char supplier_ids[8][AX_UUID_STRLEN];
  sqlite3_stmt *stmt;

  g_assert (demo_suppliers_len <= G_N_ELEMENTS (supplier_ids));

  stmt = ax_db_prepare (s->db,
    "INSERT INTO service_categories (id, clinic_id, created_at, updated_at, name, kind, color, "
    "                                sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_categories_len; i++)
    {
      demo_new_id (s->meta_ids, at, s->category_ids[i]);
      demo_bind_base (s, stmt, s->category_ids[i], at);
      demo_bind_text (stmt, 5, demo_categories[i].name);
      demo_bind_text (stmt, 6, demo_categories[i].kind);
      demo_bind_text (stmt, 7, demo_categories[i].color);
      demo_bind_int (stmt, 8, i);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  stmt = ax_db_prepare (s->db,
    "INSERT INTO services (id, clinic_id, created_at, updated_at, category_id, code, name, "
    "                      description, duration_min, price, tax_class, needs_room) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_services_len; i++)
    {
      const DemoService *d = &demo_services[i];

      demo_new_id (s->meta_ids, at, s->service_ids[i]);
      demo_bind_base (s, stmt, s->service_ids[i], at);
      demo_bind_text (stmt, 5, s->category_ids[d->category]);
      demo_bind_text (stmt, 6, d->code);
      demo_bind_text (stmt, 7, d->name);
      demo_bind_text (stmt, 8, d->description);
      demo_bind_int (stmt, 9, d->duration_min);
      demo_bind_int (stmt, 10, d->price);
      demo_bind_text (stmt, 11, d->tax_class);
      demo_bind_int (stmt, 12, d->room != DEMO_ROOM_NONE);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  stmt = ax_db_prepare (s->db,
    "INSERT INTO suppliers (id, clinic_id, created_at, updated_at, name, contact, phone, email, "
    "                       tax_id, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_suppliers_len; i++)
    {
      const DemoSupplier *d = &demo_suppliers[i];

      demo_new_id (s->meta_ids, at, supplier_ids[i]);
      demo_bind_base (s, stmt, supplier_ids[i], at);
      demo_bind_text (stmt, 5, d->name);
      demo_bind_text (stmt, 6, d->contact);
      demo_bind_text (stmt, 7, d->phone);
      demo_bind_text (stmt, 8, d->email);
      demo_bind_text (stmt, 9, d->tax_id);
      demo_bind_text (stmt, 10, d->address);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  stmt = ax_db_prepare (s->db,
    "INSERT INTO products (id, clinic_id, created_at, updated_at, category_id, code, barcode, name, "
    "                      kind, unit, price, tax_class, low_stock_threshold, near_expiry_days) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'standard', ?, 60)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_products_len; i++)
    {
      const DemoProduct *d = &demo_products[i];

      demo_new_id (s->meta_ids, at, s->stock[i].id);
      demo_bind_base (s, stmt, s->stock[i].id, at);
      demo_bind_text (stmt, 5, s->category_ids[d->category]);
      demo_bind_text (stmt, 6, d->code);
      demo_bind_text (stmt, 7, d->barcode);
      demo_bind_text (stmt, 8, d->name);
      demo_bind_text (stmt, 9, d->kind);
      demo_bind_text (stmt, 10, d->unit);
      demo_bind_int (stmt, 11, d->price);
      demo_bind_int (stmt, 12, d->threshold);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }
  /* Lots keep their supplier's id: remember it in the stock plan. */
  for (guint i = 0; i < demo_products_len; i++)
    memcpy (s->stock[i].supplier_id, supplier_ids[demo_products[i].supplier], AX_UUID_STRLEN);

  stmt = ax_db_prepare (s->db,
    "INSERT INTO packages (id, clinic_id, created_at, updated_at, code, name, service_id, "
    "                      sessions, price, validity_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_packages_len; i++)
    {
      const DemoPackage *d = &demo_packages[i];

      demo_new_id (s->meta_ids, at, s->package_ids[i]);
      demo_bind_base (s, stmt, s->package_ids[i], at);
      demo_bind_text (stmt, 5, d->code);
      demo_bind_text (stmt, 6, d->name);
      demo_bind_text (stmt, 7, s->service_ids[d->service]);
      demo_bind_int (stmt, 8, d->sessions);
      demo_bind_int (stmt, 9, d->price);
      demo_bind_int (stmt, 10, d->validity_days);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }

  stmt = ax_db_prepare (s->db,
    "INSERT INTO membership_plans (id, clinic_id, created_at, updated_at, name, price, "
    "                              period_months, wallet_amount, credits_json) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < demo_plans_len; i++)
    {
      const DemoPlan *d = &demo_plans[i];
      g_autofree char *credits = g_strdup_printf ("[{\"service_id\":\"%s\",\"sessions\":%d}]",
                                                  s->service_ids[d->service], d->sessions);

      demo_new_id (s->meta_ids, at, s->plan_ids[i]);
      demo_bind_base (s, stmt, s->plan_ids[i], at);
      demo_bind_text (stmt, 5, d->name);
      demo_bind_int (stmt, 6, d->price);
      demo_bind_int (stmt, 7, d->period_months);
      demo_bind_int (stmt, 8, d->wallet);
      demo_bind_text (stmt, 9, credits);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }
  return demo_write_chart_templates (s, at, error);
}


/* Commission rules (docs/commissions.md): 5 % clinic-wide, 7 % above
 * ฿150,000 a month and 10 % above ฿300,000; retail pays 3 % whoever sells
 * it; the senior nurse injector earns 8 % on injectables, 12 % above
 * ฿100,000. The log is left to the app, which computes it after login. */
gboolean
demo_write_commission_rules (DemoSeeder  *s,
                             GError     **error)
{
  static const struct
  {
    int         provider;   /* index in demo_providers, or -1: every provider */
    const char *category;   /* or NULL: every category */
    int         base_rate_bp;
    const char *tiers_json;
  } rules[] = {
    { -1, NULL, 500,
      "[{\"above\":15000000,\"rate_bp\":700},{\"above\":30000000,\"rate_bp\":1000}]" },
    { -1, "Retail", 300, "[]" },
    { 3, "Injectables", 800, "[{\"above\":10000000,\"rate_bp\":1200}]" },
  };
  gint64 at = s->clinic_created_ms + 4 * DEMO_HOUR_MS;
  sqlite3_stmt *stmt = ax_db_prepare (s->db,
    "INSERT INTO commission_rules (id, clinic_id, created_at, updated_at, provider_id, "
    "                              category_id, base_rate_bp, tiers_json) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      char id[AX_UUID_STRLEN];
      int category = rules[i].category ? demo_category_index (rules[i].category) : -1;
      gboolean named = rules[i].provider >= 0 && (guint) rules[i].provider < s->providers->len;

      demo_new_id (s->meta_ids, at, id);
      demo_bind_base (s, stmt, id, at);
      demo_bind_text (stmt, 5, named ? g_array_index (s->providers, DemoProviderRow,
                                                      rules[i].provider).id : NULL);
      demo_bind_text (stmt, 6, category >= 0 ? s->category_ids[category] : NULL);
      demo_bind_int (stmt, 7, rules[i].base_rate_bp);
      demo_bind_text (stmt, 8, rules[i].tiers_json);
      if (!demo_step (s, stmt, error))
        return FALSE;
    }
  return TRUE;
}
