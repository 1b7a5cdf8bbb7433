/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Randomized convergence (issue 6 item 8, docs/sync-protocol.md "Tests"):
 * five desks of one clinic — owner, provider, front desk, billing, medical
 * director — do seeded random work from every module (patients created and
 * edited, the same patient on two desks; bookings that overlap on purpose,
 * moves, status changes; charts written, submitted and signed; sales of
 * products, courses and memberships, paid with courses and wallets; course
 * redemptions; stock received and adjusted; conflicts resolved and breaches
 * acknowledged; consent templates revised, consents made (some for an
 * appointment), signed on a pad — sometimes the same consent on two desks
 * cut off from each other — and withdrawn) while random desks are cut off (their engine pointed at a
 * dead port) and the others sync in random order. Then every desk syncs
 * until nothing waits, twice, and:
 *
 *   - every desk's canonical dump of every synced table equals the server's;
 *   - every write the server acknowledged (applied or merged) has its effect
 *     on the server;
 *   - overlapping live bookings of a provider or a room are all flagged
 *     needs_rebooking (or an explicit overbook) but one;
 *   - ledger sums equal the balances (courses, wallets, stock per lot), and
 *     every negative one has its flagged entry and its breach;
 *   - every signed chart's hash, recomputed from its rows, is the signed one;
 *   - every signed consent's hash, recomputed from its rows, is the one its
 *     desk computed when the patient signed, on every desk and the server;
 *     a consent has at most one signature, and a second signature from a
 *     desk that could not know is rejected by the server with the reason;
 *   - write-once: a consent made again under a signed one's id, and signed
 *     again, on a desk that had not seen it, is rejected by the server and
 *     changes nothing on any desk.
 *
 * The seed is printed; AX_CONVERGENCE_SEED=N reruns one, and
 * AX_CONVERGENCE_ROUNDS=N (default 8) makes a longer run. */

#include <stdlib.h>

#include "ax-sync-fixture.h"
#include "ax-charts.h"
#include "ax-consents.h"
#include "ax-credits.h"
#include "ax-model-error.h"

enum { OWNER_DESK, PROVIDER_DESK, FRONT_DESK_DESK, BILLING_DESK, DIRECTOR_DESK, N_DESKS };

static const struct
{
  const char *username;
  const char *role_arg;
  AxRole      role;
} people[N_DESKS] = {
  { "owner", "owner", AX_ROLE_OWNER },
  { "provider", "provider", AX_ROLE_PROVIDER },
  { "frontdesk", "front_desk", AX_ROLE_FRONT_DESK },
  { "billing", "billing", AX_ROLE_BILLING },
  { "director", "medical_director", AX_ROLE_MEDICAL_DIRECTOR },
};

#define SERUM "019c0000-0000-7000-8000-0000000c0a01"
#define COURSE "019c0000-0000-7000-8000-0000000c0a02"
#define PLAN "019c0000-0000-7000-8000-0000000c0a03"
#define CONSENT_PLAIN "019c0000-0000-7000-8000-0000000c0a04"
#define CONSENT_VISIT "019c0000-0000-7000-8000-0000000c0a05"
#define DEAD_URL "http://127.0.0.1:1"
#define MINUTE_MS G_GINT64_CONSTANT (60000)

/* A write a desk made: its outbox entry and how to see its effect. */
typedef struct
{
  int     desk;
  gint64  mut_id;
  char   *name;
  char   *sql;      /* counts the effect on the server: > 0 */
  char   *arg;
  char   *hash;     /* consent.sign: the hash the desk computed */
} Written;

static void
written_free (Written *w)
{
  g_free (w->name);
  g_free (w->sql);
  g_free (w->arg);
  g_free (w->hash);
  g_free (w);
}

typedef struct
{
  GRand     *rand;
  char      *clinic;
  Desk       desks[N_DESKS];
  char      *providers[2];   /* the first is the provider user's */
  char      *room;
  char      *service;
  GPtrArray *written;
  guint      n_refused;      /* refused on the desk (never written) */
} World;

static World w;
static guint64 seeds[3];
static guint n_seeds;

/* Store helpers */

static sqlite3 *
handle_of (Desk *desk)
{
  return ax_db_get_handle (ax_store_get_db (desk->store));
}

static void
exec_on (sqlite3    *db,
         const char *sql)
{
  char *msg = NULL;

  sqlite3_busy_timeout (db, 10000);
  ck_assert_msg (sqlite3_exec (db, sql, NULL, NULL, &msg) == SQLITE_OK, "%s: %s", sql, msg);
}

/* The ids a query on the desk's store gives (one column); a random one. */
static char *
pick (Desk       *desk,
      const char *sql)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  ck_assert_msg (sqlite3_prepare_v2 (handle_of (desk), sql, -1, &stmt, NULL) == SQLITE_OK, "%s: %s",
                 sql, sqlite3_errmsg (handle_of (desk)));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (ids->len == 0)
    return NULL;
  return g_strdup (ids->pdata[g_rand_int_range (w.rand, 0, (gint32) ids->len)]);
}

static char *
text_on (Desk       *desk,
         const char *sql,
         const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  ck_assert (sqlite3_prepare_v2 (handle_of (desk), sql, -1, &stmt, NULL) == SQLITE_OK);
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Runs a mutator on the desk and, written, remembers how to check it
 * (NULL when refused on the desk). */
static Written *
attempt_written (int         d,
                 const char *name,
                 const char *args,
                 const char *check_sql,
                 const char *check_arg)
{
  Desk *desk = &w.desks[d];
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) result = ax_store_mutate_json (desk->store, desk->actor, name, args, &error);
  Written *wr;

  if (result == NULL)
    {
      /* A refusal a person would see (no stock left here, a clash here, …). */
      ck_assert_msg (error->domain == AX_MODEL_ERROR && error->code != AX_MODEL_ERROR_FORBIDDEN,
                     "%s on desk %s: %s", name, people[d].username, error->message);
      if (g_getenv ("AX_CONVERGENCE_VERBOSE"))
        g_printerr ("  refused %s on %s: %s\n", name, people[d].username, error->message);
      w.n_refused++;
      return NULL;
    }
  wr = g_new0 (Written, 1);
  wr->desk = d;
  wr->mut_id = json_object_get_int_member (json_node_get_object (result), "mut_id");
  wr->name = g_strdup (name);
  wr->sql = g_strdup (check_sql);
  wr->arg = g_strdup (check_arg);
  ck_assert_int_gt (wr->mut_id, 0);
  if (json_object_has_member (json_node_get_object (result), "content_sha256"))
    wr->hash = g_strdup (json_object_get_string_member (json_node_get_object (result), "content_sha256"));
  g_ptr_array_add (w.written, wr);
  return wr;
}

static gboolean
attempt (int         d,
         const char *name,
         const char *args,
         const char *check_sql,
         const char *check_arg)
{
  return attempt_written (d, name, args, check_sql, check_arg) != NULL;
}

static gboolean
chance (double p)
{
  return g_rand_double (w.rand) < p;
}

static gint64
slot (void)
{
  /* Monday 09:00–12:30, half-hour slots: few enough to overlap often. */
  return monday_at (9, 0) + g_rand_int_range (w.rand, 0, 8) * 30 * MINUTE_MS;
}

/* Operations, each as one desk's user; a desk tries what its role allows. */

typedef void (*Op) (int d);

static void
op_patient_create (int d)
{
  static const char *const names[] = { "Anong", "Boonmee", "Chai", "Dao", "Ekkachai", "Fah" };
  char id[AX_UUID_STRLEN];
  g_autofree char *args = NULL;

  ax_uuid_v7 (id);
  args = g_strdup_printf ("{\"id\":\"%s\",\"first_name\":\"%s\",\"last_name\":\"S\",\"phone\":\"08%08d\"}",
                          id, names[g_rand_int_range (w.rand, 0, G_N_ELEMENTS (names))],
                          g_rand_int_range (w.rand, 0, 99999999));
  attempt (d, "patient.create", args, "SELECT COUNT (*) FROM patients WHERE id = ?", id);
}

static char *
some_patient (int d)
{
  /* Half the time one of the first three: the same patient on two desks. */
  return pick (&w.desks[d], chance (0.5)
                              ? "SELECT id FROM (SELECT id FROM patients WHERE deleted_at IS NULL "
                                "  ORDER BY created_at, id LIMIT 3)"
                              : "SELECT id FROM patients WHERE deleted_at IS NULL");
}

static void
op_patient_edit (int d)
{
  g_autofree char *p = some_patient (d);
  g_autofree char *name = NULL, *phone = NULL, *args = NULL;
  g_autofree char *new_phone = NULL;

  if (p == NULL)
    return;
  name = text_on (&w.desks[d], "SELECT first_name FROM patients WHERE id = ?", p);
  phone = text_on (&w.desks[d], "SELECT phone FROM patients WHERE id = ?", p);
  new_phone = g_strdup_printf ("09%08d", g_rand_int_range (w.rand, 0, 99999999));
  if (chance (0.5))
    args = g_strdup_printf ("{\"id\":\"%s\",\"set\":{\"phone\":\"%s\"},\"from\":{\"phone\":%s%s%s}}", p,
                            new_phone, phone ? "\"" : "", phone ? phone : "null", phone ? "\"" : "");
  else
    args = g_strdup_printf ("{\"id\":\"%s\",\"set\":{\"first_name\":\"%s%c\",\"phone\":\"%s\"},"
                            "\"from\":{\"first_name\":\"%s\",\"phone\":%s%s%s}}", p, name,
                            'a' + g_rand_int_range (w.rand, 0, 26), new_phone, name,
                            phone ? "\"" : "", phone ? phone : "null", phone ? "\"" : "");
  attempt (d, "patient.update", args, "SELECT COUNT (*) FROM patients WHERE id = ?", p);
}

static void
op_book (int d)
{
  g_autofree char *p = some_patient (d);
  g_autofree char *args = NULL;
  char id[AX_UUID_STRLEN];
  gint64 start = slot ();
  gint64 minutes = chance (0.7) ? 30 : 60;
  g_autofree char *room = NULL;

  if (p == NULL)
    return;
  ax_uuid_v7 (id);
  if (chance (0.3))
    room = g_strdup_printf (",\"room_id\":\"%s\"", w.room);
  args = g_strdup_printf ("{\"id\":\"%s\",\"patient_id\":\"%s\",\"provider_id\":\"%s\",\"start_at\":%"
                          G_GINT64_FORMAT ",\"end_at\":%" G_GINT64_FORMAT ",\"services\":[\"%s\"],"
                          "\"book_anyway\":true%s}",
                          id, p, w.providers[chance (0.75) ? 0 : 1], start, start + minutes * MINUTE_MS,
                          w.service, room ? room : "");
  attempt (d, "appointment.book", args, "SELECT COUNT (*) FROM appointments WHERE id = ?", id);
}

static void
op_move (int d)
{
  g_autofree char *a = pick (&w.desks[d], "SELECT id FROM appointments WHERE status IN ('booked', "
                                          "'confirmed') AND deleted_at IS NULL");
  g_autofree char *args = NULL;
  gint64 start = slot ();

  if (a == NULL)
    return;
  args = g_strdup_printf ("{\"id\":\"%s\",\"start_at\":%" G_GINT64_FORMAT ",\"end_at\":%" G_GINT64_FORMAT
                          ",\"book_anyway\":true}", a, start, start + 30 * MINUTE_MS);
  attempt (d, "appointment.move", args, "SELECT COUNT (*) FROM appointments WHERE id = ?", a);
}

static void
op_status (int d)
{
  g_autofree char *a = pick (&w.desks[d], "SELECT id FROM appointments WHERE status IN ('booked', "
                                          "'confirmed', 'checked_in', 'in_progress') AND deleted_at IS NULL");
  g_autofree char *status = NULL, *args = NULL;
  const char *to;

  if (a == NULL)
    return;
  status = text_on (&w.desks[d], "SELECT status FROM appointments WHERE id = ?", a);
  if (g_str_equal (status, "in_progress"))
    to = "completed";
  else if (chance (0.2))
    to = "cancelled";
  else if (g_str_equal (status, "checked_in"))
    to = "in_progress";
  else
    to = "checked_in";
  args = g_strdup_printf ("{\"id\":\"%s\",\"status\":\"%s\",\"reason\":\"Changed plans\"}", a, to);
  attempt (d, "appointment.set_status", args, "SELECT COUNT (*) FROM appointments WHERE id = ?", a);
}

static void
op_resolve (int d)
{
  g_autofree char *c = pick (&w.desks[d], "SELECT id FROM conflicts WHERE status = 'open' "
                                          "AND kind IN ('field', 'booking')");
  g_autofree char *args = NULL;

  if (c == NULL)
    return;
  args = g_strdup_printf ("{\"id\":\"%s\",\"keep\":\"%s\"}", c, chance (0.5) ? "mine" : "theirs");
  attempt (d, "conflict.resolve", args,
           "SELECT COUNT (*) FROM conflicts WHERE id = ? AND status = 'resolved'", c);
}

static void
add_chart_entry (int         d,
                 const char *chart)
{
  char id[AX_UUID_STRLEN];
  g_autofree char *args = NULL;

  ax_uuid_v7 (id);
  args = g_strdup_printf ("{\"id\":\"%s\",\"chart_id\":\"%s\",\"area\":\"Glabella\","
                          "\"technique\":\"%d points\"}", id, chart, g_rand_int_range (w.rand, 1, 9));
  attempt (d, "chart_entry.add", args, "SELECT COUNT (*) FROM chart_entries WHERE id = ?", id);
}

static void
op_chart (int d)
{
  g_autofree char *p = some_patient (d);
  g_autofree char *args = NULL;
  char id[AX_UUID_STRLEN];

  if (p == NULL)
    return;
  ax_uuid_v7 (id);
  args = g_strdup_printf ("{\"id\":\"%s\",\"patient_id\":\"%s\",\"provider_id\":\"%s\"}", id, p,
                          w.providers[0]);
  if (attempt (d, "chart.create", args, "SELECT COUNT (*) FROM charts WHERE id = ?", id))
    add_chart_entry (d, id);
}

static void
op_chart_entry (int d)
{
  g_autofree char *c = pick (&w.desks[d], "SELECT id FROM charts WHERE status = 'draft'");

  if (c != NULL)
    add_chart_entry (d, c);
}

static void
op_chart_submit (int d)
{
  g_autofree char *c = pick (&w.desks[d], "SELECT id FROM charts c WHERE status = 'draft' AND EXISTS "
                                          "(SELECT 1 FROM chart_entries e WHERE e.chart_id = c.id "
                                          "  AND e.deleted_at IS NULL)");
  g_autofree char *args = NULL;

  if (c == NULL)
    return;
  args = g_strdup_printf ("{\"id\":\"%s\"}", c);
  attempt (d, "chart.submit", args, "SELECT COUNT (*) FROM charts WHERE id = ?", c);
}

static void
op_chart_sign (int d)
{
  g_autofree char *c = pick (&w.desks[d], "SELECT id FROM charts WHERE status = 'needs_signoff'");
  g_autoptr (AxChart) chart = NULL;
  g_autofree char *args = NULL;
  char sig[AX_UUID_STRLEN];

  if (c == NULL)
    return;
  chart = ax_chart_query (ax_store_get_db (w.desks[d].store), c, NULL);
  ck_assert_ptr_nonnull (chart);
  ax_uuid_v7 (sig);
  args = g_strdup_printf ("{\"id\":\"%s\",\"content_sha256\":\"%s\",\"signature_id\":\"%s\"}", c,
                          chart->current_sha256, sig);
  attempt (d, "chart.sign", args, "SELECT COUNT (*) FROM signatures WHERE id = ?", sig);
}

static void
checkout (int         d,
          const char *patient,
          const char *lines,
          const char *tenders)
{
  char id[AX_UUID_STRLEN];
  g_autofree char *args = NULL;
  g_autofree char *who = patient ? g_strdup_printf ("\"patient_id\":\"%s\",", patient) : g_strdup ("");

  ax_uuid_v7 (id);
  args = g_strdup_printf ("{\"id\":\"%s\",%s\"lines\":%s,\"tenders\":%s}", id, who, lines, tenders);
  attempt (d, "sale.checkout", args, "SELECT COUNT (*) FROM sales WHERE id = ?", id);
}

static void
op_sell_product (int d)
{
  int qty = g_rand_int_range (w.rand, 1, 3);
  g_autofree char *lines = g_strdup_printf ("[{\"kind\":\"product\",\"item_id\":\"" SERUM "\","
                                            "\"quantity\":%d}]", qty);
  g_autofree char *tenders = g_strdup_printf ("[{\"kind\":\"card\",\"amount\":%d,\"reference\":\"x\"}]",
                                              59000 * qty);
  g_autofree char *p = chance (0.5) ? some_patient (d) : NULL;

  checkout (d, p, lines, tenders);
}

static void
op_sell_course (int d)
{
  g_autofree char *p = some_patient (d);

  if (p != NULL)
    checkout (d, p, "[{\"kind\":\"package\",\"item_id\":\"" COURSE "\"}]",
              "[{\"kind\":\"card\",\"amount\":200000,\"reference\":\"x\"}]");
}

static void
op_sell_membership (int d)
{
  g_autofree char *p = some_patient (d);

  if (p != NULL)
    checkout (d, p, "[{\"kind\":\"membership\",\"item_id\":\"" PLAN "\"}]",
              "[{\"kind\":\"card\",\"amount\":299000,\"reference\":\"x\"}]");
}

static void
op_pay_with_course (int d)
{
  g_autofree char *course = pick (&w.desks[d], "SELECT id FROM patient_packages WHERE status = 'active'");
  g_autofree char *p = NULL, *lines = NULL, *tenders = NULL;

  if (course == NULL)
    return;
  p = text_on (&w.desks[d], "SELECT patient_id FROM patient_packages WHERE id = ?", course);
  lines = g_strdup_printf ("[{\"kind\":\"service\",\"item_id\":\"%s\"}]", w.service);
  tenders = g_strdup_printf ("[{\"kind\":\"package_credit\",\"amount\":150000,"
                             "\"patient_package_id\":\"%s\"}]", course);
  checkout (d, p, lines, tenders);
}

static void
op_pay_with_wallet (int d)
{
  g_autofree char *ms = pick (&w.desks[d], "SELECT id FROM memberships WHERE status = 'active'");
  g_autofree char *p = NULL, *lines = NULL, *tenders = NULL;

  if (ms == NULL)
    return;
  p = text_on (&w.desks[d], "SELECT patient_id FROM memberships WHERE id = ?", ms);
  lines = g_strdup_printf ("[{\"kind\":\"service\",\"item_id\":\"%s\"}]", w.service);
  tenders = g_strdup_printf ("[{\"kind\":\"membership_wallet\",\"amount\":150000,"
                             "\"membership_id\":\"%s\"}]", ms);
  checkout (d, p, lines, tenders);
}

static void
op_redeem (int d)
{
  g_autofree char *course = pick (&w.desks[d], "SELECT id FROM patient_packages WHERE status = 'active'");
  g_autofree char *args = NULL;
  char id[AX_UUID_STRLEN];

  if (course == NULL)
    return;
  ax_uuid_v7 (id);
  args = g_strdup_printf ("{\"id\":\"%s\",\"patient_package_id\":\"%s\"}", id, course);
  attempt (d, "package.redeem", args, "SELECT COUNT (*) FROM credit_ledger WHERE id = ?", id);
}

static void
op_receive (int d)
{
  int n = g_rand_int_range (w.rand, 1, 4);
  char id[AX_UUID_STRLEN], mv[AX_UUID_STRLEN];
  g_autofree char *args = NULL;

  ax_uuid_v7 (id);
  ax_uuid_v7 (mv);
  args = g_strdup_printf ("{\"id\":\"%s\",\"movement_id\":\"%s\",\"product_id\":\"" SERUM "\","
                          "\"lot_number\":\"L%d\",\"expiry_date\":\"2030-0%d-01\",\"quantity\":%d}",
                          id, mv, n, n, g_rand_int_range (w.rand, 1, 4));
  attempt (d, "stock.receive", args, "SELECT COUNT (*) FROM stock_movements WHERE id = ?", mv);
}

static void
op_adjust (int d)
{
  g_autofree char *lot = pick (&w.desks[d], "SELECT id FROM lots");
  g_autofree char *args = NULL;
  char id[AX_UUID_STRLEN];

  if (lot == NULL)
    return;
  ax_uuid_v7 (id);
  args = g_strdup_printf ("{\"id\":\"%s\",\"lot_id\":\"%s\",\"quantity\":%d,\"reason\":\"Count\"}", id,
                          lot, chance (0.7) ? -1 : 2);
  attempt (d, "stock.adjust", args, "SELECT COUNT (*) FROM stock_movements WHERE id = ?", id);
}

static void
op_acknowledge (int d)
{
  g_autofree char *c = pick (&w.desks[d], "SELECT id FROM conflicts WHERE status = 'open' AND kind = 'ledger'");
  g_autofree char *args = NULL;

  if (c == NULL)
    return;
  args = g_strdup_printf ("{\"id\":\"%s\"}", c);
  attempt (d, "breach.acknowledge", args,
           "SELECT COUNT (*) FROM conflicts WHERE id = ? AND status = 'resolved'", c);
}


/* Consents (docs/consents.md): the Owner revises the templates; the
 * Owner, the provider and the front desk make, sign and withdraw. */

static void
op_consent_template_edit (int d)
{
  const char *t = chance (0.5) ? CONSENT_PLAIN : CONSENT_VISIT;
  g_autofree char *body = text_on (&w.desks[d], "SELECT body FROM consent_templates WHERE id = ?", t);
  g_autofree char *rev = text_on (&w.desks[d], "SELECT revision FROM consent_templates WHERE id = ?", t);
  g_autoptr (JsonObject) o = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *args = NULL;
  g_autofree char *revised = NULL;

  /* The body is kept short: each revision replaces the last line. */
  revised = g_strdup_printf ("%.*s\nRevision note %d.", (int) strcspn (body, "\n"), body,
                             g_rand_int_range (w.rand, 0, 1000));
  json_object_set_string_member (o, "id", t);
  json_object_set_int_member (o, "revision", g_ascii_strtoll (rev, NULL, 10));
  json_object_set_string_member (o, "name", g_str_equal (t, CONSENT_PLAIN) ? "Treatment consent" : "Visit consent");
  json_object_set_string_member (o, "purpose", "treatment");
  json_object_set_string_member (o, "body", revised);
  node = json_node_init_object (json_node_alloc (), o);
  args = json_to_string (node, FALSE);
  attempt (d, "consent_template.update", args,
           "SELECT COUNT (*) FROM consent_templates WHERE id = ? AND revision > 1", t);
}

static void
op_consent_create (int d)
{
  g_autofree char *p = some_patient (d);
  g_autofree char *appointment = NULL;
  g_autofree char *args = NULL;
  g_autofree char *sql = NULL;
  char id[AX_UUID_STRLEN];

  if (p == NULL)
    return;
  if (chance (0.5))
    {
      sql = g_strdup_printf ("SELECT id FROM appointments WHERE patient_id = '%s' AND deleted_at IS NULL", p);
      appointment = pick (&w.desks[d], sql);
    }
  ax_uuid_v7 (id);
  if (appointment != NULL)
    args = g_strdup_printf ("{\"id\":\"%s\",\"patient_id\":\"%s\",\"template_id\":\"" CONSENT_VISIT "\","
                            "\"appointment_id\":\"%s\"}", id, p, appointment);
  else
    args = g_strdup_printf ("{\"id\":\"%s\",\"patient_id\":\"%s\",\"template_id\":\"" CONSENT_PLAIN "\"}",
                            id, p);
  attempt (d, "consent.create", args, "SELECT COUNT (*) FROM consents WHERE id = ?", id);
}

/* A few strokes on a 600 × 200 pad, different each time. */
static char *
signature_strokes (void)
{
  int x = g_rand_int_range (w.rand, 10, 200), y = g_rand_int_range (w.rand, 20, 180);

  return g_strdup_printf ("{\"width\":600,\"height\":200,\"strokes\":[[[%d,%d,0],[%d.%d,%d,16],"
                          "[%d,%d,33]],[[%d,150],[%d,90]]]}", x, y, x + 40, g_rand_int_range (w.rand, 0, 10),
                          MAX (y - 30, 0), x + 90, y, x + 120, x + 160);
}

static void
sign_consent (int         d,
              const char *consent)
{
  g_autofree char *strokes = signature_strokes ();
  g_autofree char *args = NULL;
  char sig[AX_UUID_STRLEN];

  ax_uuid_v7 (sig);
  args = g_strdup_printf ("{\"id\":\"%s\",\"signature_id\":\"%s\",\"strokes\":%s}", consent, sig,
                          strokes);
  attempt (d, "consent.sign", args, "SELECT COUNT (*) FROM signatures WHERE id = ?", sig);
}

static void
op_consent_sign (int d)
{
  g_autofree char *c = pick (&w.desks[d], "SELECT id FROM consents WHERE status = 'pending'");

  if (c != NULL)
    sign_consent (d, c);
}

static void
op_consent_withdraw (int d)
{
  g_autofree char *c = pick (&w.desks[d], "SELECT id FROM consents WHERE status = 'signed'");
  g_autofree char *args = NULL;

  if (c == NULL)
    return;
  args = g_strdup_printf ("{\"id\":\"%s\",\"reason\":\"Changed her mind\"}", c);
  attempt (d, "consent.withdraw", args,
           "SELECT COUNT (*) FROM consents WHERE id = ? AND status = 'withdrawn'", c);
}

/* Signing a consent again that this desk knows is signed: refused here,
 * nothing written. */
static void
op_consent_sign_again (int d)
{
  g_autofree char *c = pick (&w.desks[d], "SELECT id FROM consents WHERE status <> 'pending'");
  g_autofree char *strokes = NULL, *args = NULL, *before = NULL, *after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) result = NULL;
  const char *count = "SELECT (SELECT COUNT (*) FROM signatures) || '/' || (SELECT COUNT (*) FROM outbox) "
                      "|| '/' || (SELECT group_concat (status || signature_id) FROM consents WHERE id = ?)";

  if (c == NULL)
    return;
  strokes = signature_strokes ();
  args = g_strdup_printf ("{\"id\":\"%s\",\"strokes\":%s}", c, strokes);
  before = text_on (&w.desks[d], count, c);
  result = ax_store_mutate_json (w.desks[d].store, w.desks[d].actor, "consent.sign", args, &error);
  ck_assert_msg (result == NULL, "consent %s was signed twice on desk %s", c, people[d].username);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE)
                 && strstr (error->message, "cannot be signed again") != NULL, "%s", error->message);
  after = text_on (&w.desks[d], count, c);
  ck_assert_str_eq (before, after);
  w.n_refused++;
}

static const Op owner_ops[] = {
  op_patient_create, op_patient_edit, op_book, op_move, op_status, op_resolve, op_sell_product,
  op_sell_course, op_pay_with_course, op_redeem, op_receive, op_adjust, op_acknowledge,
  op_consent_template_edit, op_consent_create, op_consent_sign, op_consent_withdraw, NULL,
};
static const Op provider_ops[] = {
  op_patient_edit, op_book, op_chart, op_chart, op_chart_entry, op_chart_submit, op_chart_submit,
  op_consent_create, op_consent_sign, op_consent_sign, op_consent_sign_again, NULL,
};
static const Op front_desk_ops[] = {
  op_patient_create, op_patient_create, op_patient_edit, op_book, op_book, op_book, op_move, op_status,
  op_status, op_resolve, op_consent_create, op_consent_create, op_consent_sign, op_consent_sign,
  op_consent_withdraw, op_consent_sign_again, NULL,
};
static const Op billing_ops[] = {
  op_sell_product, op_sell_product, op_sell_course, op_sell_membership, op_pay_with_course,
  op_pay_with_course, op_pay_with_wallet, op_pay_with_wallet, op_redeem, op_redeem, op_receive,
  op_adjust, op_acknowledge, NULL,
};
static const Op director_ops[] = { op_chart_sign, NULL };
static const Op *const ops_of[N_DESKS] = {
  owner_ops, provider_ops, front_desk_ops, billing_ops, director_ops,
};

static void
random_op (int d)
{
  const Op *ops = ops_of[d];
  int n = 0;

  while (ops[n] != NULL)
    n++;
  ops[g_rand_int_range (w.rand, 0, n)] (d);
}

/* Setup of one clinic */

static char *
make_user_id (const char *clinic,
              const char *username,
              const char *role)
{
  const char *args[] = { "create-user", "--clinic", clinic, "--username", username, "--role", role, NULL };
  g_autoptr (JsonObject) made = ax_test_server_command (data_dir, "demo\n", args);

  return g_strdup (json_object_get_string_member (made, "user_id"));
}

/* Products, courses and plans have no mutators yet (the demo seeds them):
 * the same rows go into every store, the server's included, and never
 * change. */
static void
seed_catalogue (sqlite3 *db)
{
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO products (id, clinic_id, created_at, updated_at, name, code, unit, price, tax_class) "
    "VALUES ('" SERUM "', '%1$s', 0, '0', 'Serum', 'SER', 'pcs', 59000, 'standard');"
    "INSERT INTO packages (id, clinic_id, created_at, updated_at, name, service_id, sessions, price, "
    "                      validity_days) "
    "VALUES ('" COURSE "', '%1$s', 0, '0', 'Facial x2', '%2$s', 2, 200000, 365);"
    "INSERT INTO membership_plans (id, clinic_id, created_at, updated_at, name, price, wallet_amount, "
    "                              credits_json) "
    "VALUES ('" PLAN "', '%1$s', 0, '0', 'Glow Club', 299000, 300000, '[]');",
    w.clinic, w.service);

  exec_on (db, sql);
}

static void
open_world (guint64 seed)
{
  g_autofree char *name = g_strdup_printf ("Clinic %" G_GUINT64_FORMAT, seed);
  g_autofree char *provider_user = NULL;
  g_autofree char *server_db = NULL;
  g_autoptr (JsonObject) r = NULL;
  g_autofree char *args = NULL;
  const char *cmd[] = { "create-clinic", "--name", name, "--currency", "THB", "--timezone",
                        "Asia/Bangkok", NULL };
  g_autoptr (JsonObject) made = ax_test_server_command (data_dir, NULL, cmd);
  sqlite3 *db = NULL;

  w.rand = g_rand_new_with_seed ((guint32) seed);
  w.written = g_ptr_array_new_with_free_func ((GDestroyNotify) written_free);
  w.clinic = g_strdup (json_object_get_string_member (made, "clinic_id"));
  for (int d = 0; d < N_DESKS; d++)
    {
      g_autofree char *id = make_user_id (w.clinic, people[d].username, people[d].role_arg);
      if (d == PROVIDER_DESK)
        provider_user = g_steal_pointer (&id);
    }

  /* The owner sets the clinic up. */
  desk_open (&w.desks[OWNER_DESK], w.clinic, people[OWNER_DESK].username, people[OWNER_DESK].role);
  args = g_strdup_printf ("{\"name\":\"Dr Lee\",\"user_id\":\"%s\"}", provider_user);
  r = mutate (&w.desks[OWNER_DESK], "provider.create", args);
  w.providers[0] = g_strdup (json_object_get_string_member (r, "id"));
  g_clear_pointer (&r, json_object_unref);
  r = mutate (&w.desks[OWNER_DESK], "provider.create", "{\"name\":\"Dr Mai\"}");
  w.providers[1] = g_strdup (json_object_get_string_member (r, "id"));
  g_clear_pointer (&r, json_object_unref);
  r = mutate (&w.desks[OWNER_DESK], "room.create", "{\"name\":\"Room 1\"}");
  w.room = g_strdup (json_object_get_string_member (r, "id"));
  g_clear_pointer (&r, json_object_unref);
  r = mutate (&w.desks[OWNER_DESK], "service.create", "{\"name\":\"Facial\",\"price\":150000,\"duration_min\":30}");
  w.service = g_strdup (json_object_get_string_member (r, "id"));
  g_clear_pointer (&r, json_object_unref);
  r = mutate (&w.desks[OWNER_DESK], "consent_template.add", "{\"id\":\"" CONSENT_PLAIN "\","
              "\"name\":\"Treatment consent\",\"purpose\":\"treatment\",\"body\":\"I, {{patient.name}} "
              "({{patient.number}}), agree to treatment at {{clinic.name}} on {{date}}.\"}");
  g_clear_pointer (&r, json_object_unref);
  r = mutate (&w.desks[OWNER_DESK], "consent_template.add", "{\"id\":\"" CONSENT_VISIT "\","
              "\"name\":\"Visit consent\",\"purpose\":\"treatment\",\"body\":\"{{patient.name}} agrees "
              "to {{service.name}} with {{provider.name}} on {{appointment.date}} at {{appointment.time}}.\"}");
  sync_ok (&w.desks[OWNER_DESK]);

  for (int d = 1; d < N_DESKS; d++)
    desk_open (&w.desks[d], w.clinic, people[d].username, people[d].role);
  for (int d = 0; d < N_DESKS; d++)
    {
      /* Every desk keeps its verdicts (device-local, not synced). */
      exec_on (handle_of (&w.desks[d]),
               "CREATE TEMP TABLE verdicts (mut_id INTEGER PRIMARY KEY, state TEXT, error TEXT);"
               "CREATE TEMP TRIGGER verdict AFTER UPDATE OF state ON main.outbox "
               "  WHEN new.state IN ('applied', 'merged', 'rejected') "
               "BEGIN INSERT OR REPLACE INTO verdicts VALUES (new.mut_id, new.state, new.last_error); END;");
      seed_catalogue (handle_of (&w.desks[d]));
    }
  server_db = server_path (w.clinic);
  ck_assert_int_eq (sqlite3_open (server_db, &db), SQLITE_OK);
  seed_catalogue (db);
  sqlite3_close (db);

  /* Three patients and a small lot on the shelf. */
  for (int i = 0; i < 3; i++)
    op_patient_create (FRONT_DESK_DESK);
  g_clear_pointer (&r, json_object_unref);
  r = mutate (&w.desks[BILLING_DESK], "stock.receive", "{\"product_id\":\"" SERUM "\",\"lot_number\":\"L1\","
              "\"expiry_date\":\"2030-01-01\",\"quantity\":3}");
  sync_ok (&w.desks[BILLING_DESK]);
  sync_ok (&w.desks[FRONT_DESK_DESK]);
  for (int d = 0; d < N_DESKS; d++)
    sync_ok (&w.desks[d]);
}

static void
close_world (void)
{
  for (int d = 0; d < N_DESKS; d++)
    desk_close (&w.desks[d]);
  g_clear_pointer (&w.rand, g_rand_free);
  g_clear_pointer (&w.written, g_ptr_array_unref);
  g_clear_pointer (&w.clinic, g_free);
  g_clear_pointer (&w.providers[0], g_free);
  g_clear_pointer (&w.providers[1], g_free);
  g_clear_pointer (&w.room, g_free);
  g_clear_pointer (&w.service, g_free);
  w.n_refused = 0;
}

/* Checks */

static gint64
count_on (sqlite3    *db,
          const char *sql,
          const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  ck_assert_msg (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg (db));
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Ledgers: balances are the sums, and every negative one is flagged. */
static void
check_ledgers (sqlite3    *db,
               const char *where)
{
  ck_assert_msg (count_on (db,
    "SELECT COUNT (*) FROM (SELECT lot_id, SUM (qty) AS s FROM stock_movements "
    "  WHERE lot_id IS NOT NULL AND deleted_at IS NULL GROUP BY lot_id) m "
    "  FULL JOIN lot_balance b ON b.lot_id = m.lot_id WHERE coalesce (m.s, 0) <> coalesce (b.on_hand, 0)",
    NULL) == 0, "%s: a lot's balance is not the sum of its movements", where);
  ck_assert_msg (count_on (db,
    "SELECT COUNT (*) FROM lot_balance b WHERE b.on_hand < 0 AND NOT (EXISTS (SELECT 1 FROM "
    "  stock_movements m WHERE m.lot_id = b.lot_id AND m.flagged = 1) AND EXISTS (SELECT 1 FROM "
    "  conflicts c WHERE c.kind = 'ledger' AND c.table_name = 'lots' AND c.row_id = b.lot_id))",
    NULL) == 0, "%s: a lot below zero is not flagged", where);
  ck_assert_msg (count_on (db,
    "SELECT COUNT (*) FROM (SELECT patient_package_id AS id, SUM (sessions) AS s FROM credit_ledger "
    "  WHERE patient_package_id IS NOT NULL AND deleted_at IS NULL GROUP BY 1) x WHERE x.s < 0 "
    "  AND NOT (EXISTS (SELECT 1 FROM credit_ledger c WHERE c.patient_package_id = x.id AND c.flagged = 1) "
    "  AND EXISTS (SELECT 1 FROM conflicts c WHERE c.kind = 'ledger' AND c.row_id = x.id))",
    NULL) == 0, "%s: a course below zero is not flagged", where);
  ck_assert_msg (count_on (db,
    "SELECT COUNT (*) FROM (SELECT membership_id AS id, SUM (amount) AS s FROM credit_ledger "
    "  WHERE membership_id IS NOT NULL AND deleted_at IS NULL GROUP BY 1) x WHERE x.s < 0 "
    "  AND NOT (EXISTS (SELECT 1 FROM credit_ledger c WHERE c.membership_id = x.id AND c.flagged = 1) "
    "  AND EXISTS (SELECT 1 FROM conflicts c WHERE c.kind = 'ledger' AND c.row_id = x.id))",
    NULL) == 0, "%s: a wallet below zero is not flagged", where);
}

/* What a person sees (a course's usage) ends at the ledger's sum. */
static void
check_usage (Desk *desk)
{
  sqlite3_stmt *stmt = NULL;
  AxDb *db = ax_store_get_db (desk->store);

  ck_assert (sqlite3_prepare_v2 (handle_of (desk), "SELECT patient_package_id, SUM (sessions) "
                                 "  FROM credit_ledger WHERE patient_package_id IS NOT NULL "
                                 "   AND deleted_at IS NULL GROUP BY 1", -1, &stmt, NULL) == SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr (GPtrArray) usage = ax_credit_usage (db, AX_CREDIT_COURSE,
                                                     (const char *) sqlite3_column_text (stmt, 0), NULL);
      const AxCreditEntry *last;

      ck_assert (usage != NULL && usage->len > 0);
      last = usage->pdata[usage->len - 1];
      ck_assert_int_eq (last->sessions_after, sqlite3_column_int64 (stmt, 1));
    }
  sqlite3_finalize (stmt);
}

static void
check_signed_charts (Desk *desk)
{
  sqlite3_stmt *stmt = NULL;

  ck_assert (sqlite3_prepare_v2 (handle_of (desk), "SELECT id FROM charts WHERE content_sha256 IS NOT NULL",
                                 -1, &stmt, NULL) == SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr (AxChart) chart = ax_chart_query (ax_store_get_db (desk->store),
                                                  (const char *) sqlite3_column_text (stmt, 0), NULL);

      ck_assert_ptr_nonnull (chart);
      ck_assert_msg (g_strcmp0 (chart->current_sha256, chart->content_sha256) == 0,
                     "chart %s: signed %s, now %s", chart->id, chart->content_sha256, chart->current_sha256);
    }
  sqlite3_finalize (stmt);
}


/* Every signed consent on this store: its hash recomputed from its rows
 * is the stored one, and it has exactly one signature. */
static void
check_signed_consents (sqlite3    *db,
                       AxDb       *axdb,
                       const char *where)
{
  sqlite3_stmt *stmt = NULL;

  ck_assert_msg (count_on (db, "SELECT COUNT (*) FROM (SELECT subject_id FROM signatures "
                               "  WHERE subject_type = 'consent' GROUP BY subject_id HAVING COUNT (*) > 1)",
                           NULL) == 0, "%s: a consent has two signatures", where);
  ck_assert_msg (count_on (db, "SELECT COUNT (*) FROM consents c WHERE (c.status = 'pending') <> "
                               "  (c.signature_id IS NULL) OR (c.signature_id IS NOT NULL AND NOT EXISTS "
                               "  (SELECT 1 FROM signatures s WHERE s.id = c.signature_id "
                               "     AND s.subject_type = 'consent' AND s.subject_id = c.id))", NULL) == 0,
                 "%s: a consent's status and signature disagree", where);
  if (axdb == NULL)
    return;
  ck_assert (sqlite3_prepare_v2 (db, "SELECT id FROM consents WHERE signature_id IS NOT NULL", -1, &stmt,
                                 NULL) == SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr (AxConsent) consent = ax_consent_query (axdb, (const char *) sqlite3_column_text (stmt, 0),
                                                        NULL);
      g_autofree char *now = NULL;

      ck_assert_ptr_nonnull (consent);
      now = ax_consent_content_sha256 (consent);
      ck_assert_msg (g_strcmp0 (now, consent->content_sha256) == 0, "%s: consent %s signed %s, now %s",
                     where, consent->id, consent->content_sha256, now);
    }
  sqlite3_finalize (stmt);
}

/* The hash each applied consent.sign computed on its desk is the one on
 * the server and on every desk. */
static void
check_consent_hashes (sqlite3 *server_db,
                      guint64  seed)
{
  for (guint i = 0; i < w.written->len; i++)
    {
      Written *wr = w.written->pdata[i];
      g_autofree char *state = NULL, *mut = NULL, *on_server = NULL;

      if (!g_str_equal (wr->name, "consent.sign"))
        continue;
      ck_assert_ptr_nonnull (wr->hash);
      mut = g_strdup_printf ("%" G_GINT64_FORMAT, wr->mut_id);
      state = text_on (&w.desks[wr->desk], "SELECT state FROM temp.verdicts WHERE mut_id = ?", mut);
      on_server = g_strdup_printf ("SELECT COUNT (*) FROM signatures WHERE id = ? AND content_sha256 = '%s'",
                                   wr->hash);
      ck_assert_msg (count_on (server_db, on_server, wr->arg) == (g_strcmp0 (state, "rejected") != 0),
                     "seed %" G_GUINT64_FORMAT ": consent.sign on desk %s was %s but its signature %s with "
                     "the desk's hash is %s on the server", seed, people[wr->desk].username, state, wr->arg,
                     g_strcmp0 (state, "rejected") != 0 ? "not" : "still");
      for (int d = -1; d < N_DESKS; d++)
        {
          sqlite3 *db = d < 0 ? server_db : handle_of (&w.desks[d]);
          g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM signatures WHERE id = ? "
                                                  "  AND content_sha256 = '%s'", wr->hash);
          gint64 n = count_on (db, sql, wr->arg);

          /* Applied: the same hash everywhere; rejected: nowhere. */
          ck_assert_msg (n == 0 || n == 1, "seed %" G_GUINT64_FORMAT, seed);
          ck_assert_msg (n == count_on (server_db, sql, wr->arg), "seed %" G_GUINT64_FORMAT ": the "
                         "signature %s of desk %s is not the same on desk %s", seed, wr->arg,
                         people[wr->desk].username, d < 0 ? "server" : people[d].username);
        }
    }
}

static void
check_world (guint64 seed)
{
  g_autofree char *server_db = server_path (w.clinic);
  sqlite3 *db = NULL;
  guint applied = 0, merged = 0, rejected = 0;

  for (int d = 0; d < N_DESKS; d++)
    assert_same_as_server (&w.desks[d], w.clinic);

  ck_assert_int_eq (sqlite3_open_v2 (server_db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);

  /* Every acknowledged write is there. */
  for (guint i = 0; i < w.written->len; i++)
    {
      Written *wr = w.written->pdata[i];
      sqlite3_stmt *stmt = NULL;
      g_autofree char *state = NULL, *error = NULL;

      ck_assert (sqlite3_prepare_v2 (handle_of (&w.desks[wr->desk]),
                                     "SELECT state, error FROM temp.verdicts WHERE mut_id = ?", -1, &stmt,
                                     NULL) == SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, wr->mut_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          state = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          error = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      sqlite3_finalize (stmt);
      ck_assert_msg (state != NULL, "seed %" G_GUINT64_FORMAT ": %s (desk %s, #%" G_GINT64_FORMAT
                     ") was never acknowledged", seed, wr->name, people[wr->desk].username, wr->mut_id);
      if (g_str_equal (state, "rejected"))
        {
          /* Only what another desk can overtake: never a sale, a use of
           * a ledger, a booking, a patient or a chart. */
          static const char *const overtaken[] = {
            "appointment.move", "appointment.set_status", "conflict.resolve", "breach.acknowledge",
            "consent.sign", "consent.withdraw", NULL,
          };

          ck_assert_msg (g_strv_contains (overtaken, wr->name), "seed %" G_GUINT64_FORMAT ": %s (desk %s) "
                         "was rejected: %s", seed, wr->name, people[wr->desk].username, error);
          /* A consent is signed (or withdrawn) once: the second desk to
           * reach the server is told why. */
          if (g_str_equal (wr->name, "consent.sign"))
            ck_assert_msg (strstr (error, "cannot be signed again") != NULL, "seed %" G_GUINT64_FORMAT
                           ": consent.sign rejected: %s", seed, error);
          if (g_str_equal (wr->name, "consent.withdraw"))
            ck_assert_msg (strstr (error, "already withdrawn") != NULL
                           || strstr (error, "after the withdrawal") != NULL, "seed %" G_GUINT64_FORMAT
                           ": consent.withdraw rejected: %s", seed, error);
          rejected++;
          if (g_getenv ("AX_CONVERGENCE_VERBOSE"))
            g_printerr ("  rejected %s on %s: %s\n", wr->name, people[wr->desk].username, error);
          continue;
        }
      g_str_equal (state, "merged") ? merged++ : applied++;
      ck_assert_msg (count_on (db, wr->sql, wr->arg) > 0, "seed %" G_GUINT64_FORMAT ": %s (desk %s) was %s "
                     "but %s finds nothing for %s", seed, wr->name, people[wr->desk].username, state, wr->sql,
                     wr->arg);
    }

  /* Overlapping live bookings: all flagged (or overbooked on purpose) but one. */
  ck_assert_msg (count_on (db,
    "SELECT COUNT (*) FROM appointments a JOIN appointments b ON a.id < b.id "
    " WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL "
    "   AND a.status NOT IN ('cancelled', 'no_show') AND b.status NOT IN ('cancelled', 'no_show') "
    "   AND a.start_at < b.end_at AND b.start_at < a.end_at "
    "   AND (a.provider_id = b.provider_id OR a.room_id = b.room_id) "
    "   AND a.needs_rebooking = 0 AND b.needs_rebooking = 0 "
    "   AND a.overbook_reason IS NULL AND b.overbook_reason IS NULL", NULL) == 0,
    "seed %" G_GUINT64_FORMAT ": two live bookings overlap and neither is flagged", seed);
  ck_assert_msg (count_on (db,
    "SELECT COUNT (*) FROM appointments a WHERE a.needs_rebooking = 1 AND NOT EXISTS "
    "  (SELECT 1 FROM conflicts c WHERE c.kind = 'booking' AND c.row_id = a.id)", NULL) == 0,
    "seed %" G_GUINT64_FORMAT ": a booking needs rebooking without a conflict", seed);

  check_ledgers (db, "server");
  check_signed_consents (db, NULL, "server");
  check_consent_hashes (db, seed);
  for (int d = 0; d < N_DESKS; d++)
    {
      check_ledgers (handle_of (&w.desks[d]), people[d].username);
      check_usage (&w.desks[d]);
      check_signed_charts (&w.desks[d]);
      check_signed_consents (handle_of (&w.desks[d]), ax_store_get_db (w.desks[d].store),
                             people[d].username);
    }

  g_print ("seed %" G_GUINT64_FORMAT ": %u writes (%u applied, %u merged, %u rejected), %u refused on "
           "the desks; %" G_GINT64_FORMAT " breaches, %" G_GINT64_FORMAT " bookings to rebook, %"
           G_GINT64_FORMAT " signed charts, %" G_GINT64_FORMAT " signed consents (%" G_GINT64_FORMAT
           " withdrawn) of %" G_GINT64_FORMAT "\n", seed, w.written->len, applied, merged, rejected, w.n_refused,
           count_on (db, "SELECT COUNT (*) FROM conflicts WHERE kind = 'ledger'", NULL),
           count_on (db, "SELECT COUNT (*) FROM appointments WHERE needs_rebooking = 1", NULL),
           count_on (db, "SELECT COUNT (*) FROM charts WHERE content_sha256 IS NOT NULL", NULL),
           count_on (db, "SELECT COUNT (*) FROM consents WHERE signature_id IS NOT NULL", NULL),
           count_on (db, "SELECT COUNT (*) FROM consents WHERE status = 'withdrawn'", NULL),
           count_on (db, "SELECT COUNT (*) FROM consents", NULL));
  sqlite3_close (db);
}


/* The run */

static int
rounds (void)
{
  const char *env = g_getenv ("AX_CONVERGENCE_ROUNDS");

  return env ? MAX (atoi (env), 1) : 8;
}

static void
settle (guint64 seed)
{
  int quiet = 0;

  for (int pass = 0; pass < 12 && quiet < 2; pass++)
    {
      guint waiting = 0;

      for (int d = 0; d < N_DESKS; d++)
        {
          g_autoptr (GError) error = NULL;

          ck_assert_msg (sync_desk (&w.desks[d], &error), "seed %" G_GUINT64_FORMAT ": settling %s: %s",
                         seed, people[d].username, error ? error->message : "");
        }
      for (int d = 0; d < N_DESKS; d++)
        waiting += ax_store_sync_count_waiting (w.desks[d].store);
      quiet = waiting == 0 ? quiet + 1 : 0;
    }
  ck_assert_msg (quiet == 2, "seed %" G_GUINT64_FORMAT ": still waiting after 12 passes", seed);
}

/* Write-once, after settling: the front desk makes a consent and the
 * patient signs it; the provider's desk, which has not seen it, makes a
 * consent under the same id for another text and signs that. Its desk
 * takes both (it cannot know); the server rejects both, with the reason,
 * and every desk ends with the first text and the first signature. */
static void
check_write_once (guint64 seed)
{
  g_autofree char *server_db = server_path (w.clinic);
  g_autofree char *p = pick (&w.desks[FRONT_DESK_DESK], "SELECT id FROM patients WHERE deleted_at IS NULL");
  g_autofree char *args = NULL, *strokes = NULL, *hash = NULL, *body = NULL, *mut = NULL;
  g_autoptr (JsonObject) r = NULL;
  char id[AX_UUID_STRLEN], sig[AX_UUID_STRLEN], sig2[AX_UUID_STRLEN];
  Desk *front = &w.desks[FRONT_DESK_DESK], *provider = &w.desks[PROVIDER_DESK];
  gint64 first_mut;

  ck_assert_ptr_nonnull (p);
  ax_uuid_v7 (id);
  ax_uuid_v7 (sig);
  ax_uuid_v7 (sig2);
  args = g_strdup_printf ("{\"id\":\"%s\",\"patient_id\":\"%s\",\"template_id\":\"" CONSENT_PLAIN "\"}",
                          id, p);
  r = mutate (front, "consent.create", args);
  g_clear_pointer (&r, json_object_unref);
  g_free (args);
  strokes = signature_strokes ();
  args = g_strdup_printf ("{\"id\":\"%s\",\"signature_id\":\"%s\",\"strokes\":%s}", id, sig, strokes);
  r = mutate (front, "consent.sign", args);
  hash = g_strdup (json_object_get_string_member (r, "content_sha256"));
  g_clear_pointer (&r, json_object_unref);
  sync_ok (front);
  body = query_text (server_db, "SELECT body FROM consents WHERE id = ?", id);
  ck_assert_ptr_nonnull (body);

  /* The provider's desk has not pulled: the id is free there. */
  ck_assert_int_eq (count_on (handle_of (provider), "SELECT COUNT (*) FROM consents WHERE id = ?", id), 0);
  g_free (args);
  args = g_strdup_printf ("{\"id\":\"%s\",\"patient_id\":\"%s\",\"template_id\":\"" CONSENT_PLAIN "\","
                          "\"body\":\"Something else entirely.\",\"purpose\":\"other\",\"template_revision\":1}",
                          id, p);
  r = mutate (provider, "consent.create", args);
  first_mut = json_object_get_int_member (r, "mut_id");
  g_clear_pointer (&r, json_object_unref);
  g_free (args);
  g_free (strokes);
  strokes = signature_strokes ();
  args = g_strdup_printf ("{\"id\":\"%s\",\"signature_id\":\"%s\",\"strokes\":%s}", id, sig2, strokes);
  r = mutate (provider, "consent.sign", args);
  ck_assert_str_ne (json_object_get_string_member (r, "content_sha256"), hash);
  g_clear_pointer (&r, json_object_unref);
  sync_ok (provider);

  for (gint64 m = first_mut; m <= first_mut + 1; m++)
    {
      g_autofree char *state = NULL, *error = NULL;

      g_free (mut);
      mut = g_strdup_printf ("%" G_GINT64_FORMAT, m);
      state = text_on (provider, "SELECT state FROM temp.verdicts WHERE mut_id = ?", mut);
      error = text_on (provider, "SELECT error FROM temp.verdicts WHERE mut_id = ?", mut);
      ck_assert_msg (g_strcmp0 (state, "rejected") == 0, "seed %" G_GUINT64_FORMAT ": the second %s "
                     "was %s", seed, m == first_mut ? "consent.create" : "consent.sign", state);
      ck_assert_msg (error != NULL && strstr (error, m == first_mut ? "already exists" : "cannot be signed again"),
                     "seed %" G_GUINT64_FORMAT ": rejected with “%s”", seed, error);
    }
  settle (seed);
  for (int d = 0; d < N_DESKS; d++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT (*) FROM consents c JOIN signatures s "
                                              "  ON s.id = c.signature_id WHERE c.id = ? AND s.id = '%s' "
                                              "   AND s.content_sha256 = '%s'", sig, hash);
      assert_same_as_server (&w.desks[d], w.clinic);
      ck_assert_int_eq (count_on (handle_of (&w.desks[d]), sql, id), 1);
      g_autofree char *here = text_on (&w.desks[d], "SELECT body FROM consents WHERE id = ?", id);

      ck_assert_str_eq (here, body);
      ck_assert_int_eq (count_on (handle_of (&w.desks[d]), "SELECT COUNT (*) FROM signatures WHERE id = ?",
                                  sig2), 0);
    }
}

START_TEST (test_random_convergence)
{
  guint64 seed = seeds[_i];
  g_autofree char *url = NULL;

  g_print ("convergence: seed %" G_GUINT64_FORMAT " (AX_CONVERGENCE_SEED=%" G_GUINT64_FORMAT
           " reruns it)\n", seed, seed);
  open_world (seed);
  url = g_strdup (server.url);

  for (int round = 0; round < rounds (); round++)
    {
      gboolean cut[N_DESKS];
      int order[N_DESKS];

      /* Partitions: a desk cut off this round syncs into a dead port. */
      for (int d = 0; d < N_DESKS; d++)
        {
          cut[d] = chance (0.3);
          ax_sync_client_set_base_url (w.desks[d].client, cut[d] ? DEAD_URL : url);
          order[d] = d;
        }
      for (int d = 0; d < N_DESKS; d++)
        for (int n = g_rand_int_range (w.rand, 1, 5); n > 0; n--)
          random_op (d);
      /* Random sync order; some desks don't sync this round. */
      for (int d = N_DESKS - 1; d > 0; d--)
        {
          int j = g_rand_int_range (w.rand, 0, d + 1), t = order[d];

          order[d] = order[j];
          order[j] = t;
        }
      for (int i = 0; i < N_DESKS; i++)
        if (chance (0.6))
          {
            g_autoptr (GError) error = NULL;
            gboolean ok = sync_desk (&w.desks[order[i]], &error);

            ck_assert_msg (ok != cut[order[i]], "seed %" G_GUINT64_FORMAT ": desk %s: %s", seed,
                           people[order[i]].username, error ? error->message : "synced while cut off");
          }
    }

  for (int d = 0; d < N_DESKS; d++)
    ax_sync_client_set_base_url (w.desks[d].client, url);
  settle (seed);
  check_world (seed);
  check_write_once (seed);
  close_world ();
}
END_TEST

static void
global_setup (void)
{
  g_autoptr (GError) error = NULL;

  data_dir = g_dir_make_tmp ("ax-converge-XXXXXX", &error);
  g_assert_no_error (error);
  ax_test_server_start (&server, data_dir, NULL);
}

static void
global_teardown (void)
{
  g_autofree char *cmd = NULL;

  ax_test_server_stop (&server);
  cmd = g_strdup_printf ("rm -rf '%s'", data_dir);
  if (g_str_has_prefix (data_dir, g_get_tmp_dir ()) && g_getenv ("AX_KEEP") == NULL)
    (void) !system (cmd);
}

int
main (void)
{
  Suite *s = suite_create ("convergence");
  TCase *tc = tcase_create ("convergence");
  const char *env = g_getenv ("AX_CONVERGENCE_SEED");
  SRunner *sr;
  int failed;

  if (env != NULL)
    seeds[n_seeds++] = g_ascii_strtoull (env, NULL, 10);
  else
    for (n_seeds = 0; n_seeds < G_N_ELEMENTS (seeds); n_seeds++)
      seeds[n_seeds] = (guint32) g_random_int ();

  tcase_set_timeout (tc, 300);
  tcase_add_unchecked_fixture (tc, global_setup, global_teardown);
  tcase_add_loop_test (tc, test_random_convergence, 0, (int) n_seeds);
  suite_add_tcase (s, tc);
  sr = srunner_create (s);
  srunner_set_fork_status (sr, CK_NOFORK);
  srunner_run_all (sr, CK_NORMAL);
  failed = srunner_ntests_failed (sr);
  srunner_free (sr);
  return failed ? 1 : 0;
}
