/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The catalogue at the till (ax-till.h). */

#include "ax-till.h"

#include <sqlite3.h>
#include <string.h>

static void
item_free (AxTillItem *item)
{
  g_free (item->id);
  g_free (item->code);
  g_free (item->barcode);
  g_free (item->name);
  g_free (item->category);
  g_free (item);
}

static void
provider_free (AxTillProvider *provider)
{
  g_free (provider->id);
  g_free (provider->name);
  g_free (provider->user_id);
  g_free (provider);
}

void
ax_till_catalogue_free (AxTillCatalogue *catalogue)
{
  if (catalogue == NULL)
    return;
  g_clear_pointer (&catalogue->items, g_ptr_array_unref);
  g_clear_pointer (&catalogue->providers, g_ptr_array_unref);
  g_free (catalogue);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

/* One statement for every kind: the tab is worked out in SQL from the
 * service's category kind or the product's kind. */
static const char items_sql[] =
  "SELECT 'service', CASE c.kind WHEN 'medication' THEN 1 WHEN 'retail' THEN 2 ELSE 0 END, "
  "       s.id, s.code, NULL, s.name, c.name, s.tax_class, s.price, -1 "
  "  FROM services s LEFT JOIN service_categories c ON c.id = s.category_id "
  " WHERE s.clinic_id = ?1 AND s.deleted_at IS NULL AND s.active = 1 "
  "UNION ALL "
  "SELECT 'product', CASE p.kind WHEN 'medication' THEN 1 ELSE 2 END, "
  "       p.id, p.code, p.barcode, p.name, c.name, p.tax_class, p.price, "
  "       (SELECT coalesce (sum (b.on_hand), 0) FROM lot_balance b WHERE b.product_id = p.id) "
  "  FROM products p LEFT JOIN service_categories c ON c.id = p.category_id "
  " WHERE p.clinic_id = ?1 AND p.deleted_at IS NULL AND p.active = 1 "
  "   AND p.kind IN ('medication', 'retail') "
  "UNION ALL "
  "SELECT 'package', 3, k.id, k.code, NULL, k.name, NULL, k.tax_class, k.price, -1 "
  "  FROM packages k WHERE k.clinic_id = ?1 AND k.deleted_at IS NULL AND k.active = 1 "
  "UNION ALL "
  "SELECT 'membership', 3, m.id, NULL, NULL, m.name, NULL, m.tax_class, m.price, -1 "
  "  FROM membership_plans m WHERE m.clinic_id = ?1 AND m.deleted_at IS NULL AND m.active = 1 "
  " ORDER BY 2, 6 COLLATE NOCASE, 3";

static gboolean
read_items (AxDb             *db,
            const char       *clinic_id,
            AxTillCatalogue  *catalogue,
            GError          **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db, items_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxTillItem *item = g_new0 (AxTillItem, 1);

      item->kind = ax_cart_item_kind_from_string ((const char *) sqlite3_column_text (stmt, 0));
      item->tab = (AxTillTab) sqlite3_column_int (stmt, 1);
      item->id = column_text (stmt, 2);
      item->code = column_text (stmt, 3);
      item->barcode = column_text (stmt, 4);
      item->name = column_text (stmt, 5);
      item->category = column_text (stmt, 6);
      item->tax_class = ax_tax_class_from_string ((const char *) sqlite3_column_text (stmt, 7));
      item->price = sqlite3_column_int64 (stmt, 8);
      item->on_hand = sqlite3_column_int64 (stmt, 9);
      if (item->name == NULL)
        item->name = g_strdup ("");
      g_ptr_array_add (catalogue->items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, "reading the catalogue", error);
  return TRUE;
}

static gboolean
read_providers (AxDb             *db,
                const char       *clinic_id,
                AxTillCatalogue  *catalogue,
                GError          **error)
{
  sqlite3_stmt *stmt = ax_db_prepare (db,
    "SELECT id, name, user_id FROM providers "
    " WHERE clinic_id = ?1 AND deleted_at IS NULL AND active = 1 "
    " ORDER BY sort_order, name COLLATE NOCASE, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxTillProvider *provider = g_new0 (AxTillProvider, 1);

      provider->id = column_text (stmt, 0);
      provider->name = column_text (stmt, 1);
      provider->user_id = column_text (stmt, 2);
      g_ptr_array_add (catalogue->providers, provider);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ax_db_fail (db, "reading the providers", error);

  stmt = ax_db_prepare (db, "SELECT discount_approval_bp FROM clinics WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, clinic_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  catalogue->approval_bp = rc == SQLITE_ROW ? (guint) sqlite3_column_int (stmt, 0) : 2000;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ax_db_fail (db, "reading the clinic", error);
  return TRUE;
}

AxTillCatalogue *
ax_till_catalogue_query (AxDb        *db,
                         const char  *clinic_id,
                         GError     **error)
{
  g_autoptr (AxTillCatalogue) catalogue = g_new0 (AxTillCatalogue, 1);

  g_return_val_if_fail (clinic_id != NULL, NULL);

  catalogue->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  catalogue->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) provider_free);
  if (!read_items (db, clinic_id, catalogue, error)
      || !read_providers (db, clinic_id, catalogue, error))
    return NULL;
  return g_steal_pointer (&catalogue);
}

static gpointer
catalogue_read (AxDb     *db,
                gpointer  data,
                GError  **error)
{
  return ax_till_catalogue_query (db, data, error);
}

void
ax_till_catalogue_query_async (AxStore             *store,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  const AxClinicInfo *clinic = ax_store_get_clinic (store);

  ax_store_read_async (store, catalogue_read, g_strdup (clinic != NULL ? clinic->id : ""), g_free,
                       (GDestroyNotify) ax_till_catalogue_free, ax_till_catalogue_query_async,
                       cancellable, callback, user_data);
}

AxTillCatalogue *
ax_till_catalogue_query_finish (AxStore       *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  return ax_store_read_finish (store, result, ax_till_catalogue_query_async, error);
}

/* Searching */

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

gboolean
ax_till_item_matches (const AxTillItem *item,
                      const char       *query)
{
  g_autofree char *folded = NULL;
  g_auto (GStrv) words = NULL;

  g_return_val_if_fail (item != NULL, FALSE);

  if (query == NULL)
    return TRUE;
  folded = g_utf8_casefold (query, -1);
  words = g_strsplit_set (folded, " \t", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0'
        && !contains_folded (item->name, words[i]) && !contains_folded (item->code, words[i])
        && !contains_folded (item->barcode, words[i]) && !contains_folded (item->category, words[i]))
      return FALSE;
  return TRUE;
}

static gboolean
same_code (const char *code,
           const char *text)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (code == NULL)
    return FALSE;
  a = g_utf8_casefold (code, -1);
  b = g_utf8_casefold (text, -1);
  return g_str_equal (a, b);
}

const AxTillItem *
ax_till_catalogue_lookup_code (const AxTillCatalogue *catalogue,
                               const char            *text)
{
  g_autofree char *stripped = NULL;
  const AxTillItem *found = NULL;

  g_return_val_if_fail (catalogue != NULL, NULL);

  if (text == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return NULL;
  for (guint i = 0; i < catalogue->items->len; i++)
    {
      const AxTillItem *item = g_ptr_array_index (catalogue->items, i);

      if (same_code (item->code, stripped) || same_code (item->barcode, stripped))
        {
          if (found != NULL && found != item)
            return NULL;
          found = item;
        }
    }
  return found;
}

/* What a patient can pay with */

static void
course_free (AxTillCourse *course)
{
  g_free (course->id);
  g_free (course->name);
  g_free (course->service_id);
  g_free (course);
}

static void
wallet_free (AxTillWallet *wallet)
{
  g_free (wallet->id);
  g_free (wallet->name);
  g_free (wallet);
}

void
ax_till_credits_free (AxTillCredits *credits)
{
  if (credits == NULL)
    return;
  g_clear_pointer (&credits->courses, g_ptr_array_unref);
  g_clear_pointer (&credits->wallets, g_ptr_array_unref);
  g_free (credits);
}

static const char courses_sql[] =
  "SELECT pp.id, k.name, pp.service_id, pp.expires_at, "
  "       (SELECT coalesce (sum (l.sessions), 0) FROM credit_ledger l "
  "         WHERE l.patient_package_id = pp.id AND l.deleted_at IS NULL) AS left "
  "  FROM patient_packages pp JOIN packages k ON k.id = pp.package_id "
  " WHERE pp.patient_id = ?1 AND pp.deleted_at IS NULL AND pp.status = 'active' "
  "   AND pp.expires_at > ?2 AND left > 0 "
  " ORDER BY pp.expires_at, pp.id";

static const char wallets_sql[] =
  "SELECT m.id, p.name, "
  "       (SELECT coalesce (sum (l.amount), 0) FROM credit_ledger l "
  "         WHERE l.membership_id = m.id AND l.deleted_at IS NULL) AS left "
  "  FROM memberships m JOIN membership_plans p ON p.id = m.plan_id "
  " WHERE m.patient_id = ?1 AND m.deleted_at IS NULL AND m.status = 'active' AND left > 0 "
  " ORDER BY p.name COLLATE NOCASE, m.id";

AxTillCredits *
ax_till_credits_query (AxDb        *db,
                       const char  *patient_id,
                       gint64       now_ms,
                       GError     **error)
{
  g_autoptr (AxTillCredits) credits = g_new0 (AxTillCredits, 1);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (patient_id != NULL, NULL);

  credits->courses = g_ptr_array_new_with_free_func ((GDestroyNotify) course_free);
  credits->wallets = g_ptr_array_new_with_free_func ((GDestroyNotify) wallet_free);

  if ((stmt = ax_db_prepare (db, courses_sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, now_ms);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxTillCourse *course = g_new0 (AxTillCourse, 1);

      course->id = column_text (stmt, 0);
      course->name = column_text (stmt, 1);
      course->service_id = column_text (stmt, 2);
      course->expires_ms = sqlite3_column_int64 (stmt, 3);
      course->sessions_left = sqlite3_column_int (stmt, 4);
      g_ptr_array_add (credits->courses, course);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ax_db_fail (db, "reading the patient's courses", error);
      return NULL;
    }

  if ((stmt = ax_db_prepare (db, wallets_sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, patient_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      AxTillWallet *wallet = g_new0 (AxTillWallet, 1);

      wallet->id = column_text (stmt, 0);
      wallet->name = column_text (stmt, 1);
      wallet->wallet = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (credits->wallets, wallet);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ax_db_fail (db, "reading the patient's memberships", error);
      return NULL;
    }
  return g_steal_pointer (&credits);
}

typedef struct
{
  char   *patient_id;
  gint64  now_ms;
} CreditsData;

static void
credits_data_free (CreditsData *d)
{
  g_free (d->patient_id);
  g_free (d);
}

static gpointer
credits_read (AxDb     *db,
              gpointer  data,
              GError  **error)
{
  CreditsData *d = data;

  return ax_till_credits_query (db, d->patient_id, d->now_ms, error);
}

void
ax_till_credits_query_async (AxStore             *store,
                             const char          *patient_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  CreditsData *d = g_new0 (CreditsData, 1);

  d->patient_id = g_strdup (patient_id);
  d->now_ms = ax_store_now_ms (store);
  ax_store_read_async (store, credits_read, d, (GDestroyNotify) credits_data_free,
                       (GDestroyNotify) ax_till_credits_free, ax_till_credits_query_async,
                       cancellable, callback, user_data);
}

AxTillCredits *
ax_till_credits_query_finish (AxStore       *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  return ax_store_read_finish (store, result, ax_till_credits_query_async, error);
}
