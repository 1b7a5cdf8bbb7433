/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* The demo clinic's days: appointments and sales, one day at a time from
 * the oldest to three weeks ahead, so memory stays bounded whatever the
 * size (only one day's appointments and sales are held).
 *
 * The plan: today is a busy day (about three quarters of every working
 * provider's time booked), the next three weeks fill less the further out
 * they are, and the rest of the appointments go back in time at a steady
 * ~60 % until they are all placed. Sales cover the same past (at least four
 * months), most paying for one of that day's completed appointments
 * (ax-demo-sales.c).
 *
 * A day is laid out provider by provider, always placing the earliest
 * proposed start next, so rooms are handed out in time order and neither a
 * provider nor a room is ever double-booked. */

#include <inttypes.h>
#include "ax-demo-private.h"
#include "ax-model-error.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#define CAP_PER_PROVIDER  7      /* appointments a provider can hold in a day */
#define FUTURE_DAYS       21
#define MIN_HISTORY_DAYS  120    /* sales reach back at least four months */
#define TODAY_FILL        0.78
#define PAST_FILL         0.62
#define FUTURE_SHARE      0.3    /* at most this much of the rest lies ahead */
#define AVG_DURATION_MIN  45
#define MAX_PER_PROVIDER  10

typedef struct
{
  guint   today_quota;
  guint   future_quota[FUTURE_DAYS + 1];
  guint   future_total;
  guint   past_total;
  double  past_weight;
  guint32 first_appt_day;
  guint32 first_sale_day;
  guint   today_sales;
  guint   past_sales;
  double  sale_weight;
} Plan;

/* A provider's lane through the day. */
typedef struct
{
  gboolean working;
  gboolean done;
  int      cursor;
  int      target;
  int      placed;
  int      start;
  int      duration;
  int      n_services;
  int      services[2];
} Lane;

typedef struct
{
  DemoSeeder   *s;
  Plan          plan;
  GArray       *appts;        /* DemoAppt of the current day */
  DemoSales    *sales;
  Lane         *lanes;
  int          *room_busy;    /* minute each room is free again */
  int           role_total[DEMO_N_ROLES];
  int           consult;
  int           consult_online;
  int           injectables;   /* category */
  int           led;
  guint         avail;        /* patients registered by the end of the day */

  sqlite3_stmt *appointment;
  sqlite3_stmt *appointment_service;
  sqlite3_stmt *movement;
} Days;

/* Which days are worked */

static gboolean
is_open (DemoSeeder *s,
         guint32     day)
{
  /* Sunday is closed, but the demo's today (and the same day a week
   * before, for the dashboard's comparison) is always a working day. */
  return demo_weekday (day) != G_DATE_SUNDAY || day == s->today || day + 7 == s->today;
}

static gboolean
works (DemoSeeder *s,
       guint       provider,
       guint32     day)
{
  int wd = demo_weekday (day);

  if (!is_open (s, day))
    return FALSE;
  return wd == G_DATE_SUNDAY
         || g_array_index (s->providers, DemoProviderRow, provider).day_off != wd;
}

static int
working_count (DemoSeeder *s,
               guint32     day)
{
  int n = 0;

  for (guint p = 0; p < s->providers->len; p++)
    n += works (s, p, day);
  return n;
}

static double
appointment_weight (DemoSeeder *s,
                    guint32     day)
{
  int wd = demo_weekday (day);
  double f = wd == G_DATE_SATURDAY ? 1.1 : wd == G_DATE_MONDAY ? 0.9 : 1.0;

  return working_count (s, day) * CAP_PER_PROVIDER * f;
}

static double
sale_weight (DemoSeeder *s,
             guint32     day)
{
  int wd = demo_weekday (day);

  if (!is_open (s, day))
    return 0;
  return wd == G_DATE_SATURDAY ? 1.3 : wd == G_DATE_MONDAY ? 0.85 : 1.0;
}

static void
make_plan (DemoSeeder *s,
           Plan       *p)
{
  guint n = s->n_appointments, rest;
  double raw[FUTURE_DAYS + 1] = { 0 }, raw_total = 0, scale, acc = 0, frac, base;
  gint64 prev = 0;
  guint32 day;

  memset (p, 0, sizeof *p);
  p->today_quota = MIN (n, (guint) lround (working_count (s, s->today) * CAP_PER_PROVIDER
                                           * TODAY_FILL));
  rest = n - p->today_quota;

  for (int i = 1; i <= FUTURE_DAYS; i++)
    {
      raw[i] = working_count (s, s->today + i) * CAP_PER_PROVIDER * (0.72 - 0.03 * i);
      raw_total += raw[i];
    }
  scale = raw_total > rest * FUTURE_SHARE ? rest * FUTURE_SHARE / raw_total : 1.0;
  for (int i = 1; i <= FUTURE_DAYS; i++)
    {
      gint64 cur;

      acc += raw[i] * scale;
      cur = llround (acc);
      p->future_quota[i] = (guint) (cur - prev);
      prev = cur;
    }
  p->future_total = (guint) prev;
  p->past_total = rest - p->future_total;

  /* Back from yesterday at a steady fill until every appointment has a day. */
  day = s->today;
  acc = 0;
  while (p->past_total > 0 && acc * PAST_FILL < p->past_total && day > 2)
    {
      day--;
      acc += appointment_weight (s, day);
    }
  p->first_appt_day = day;
  p->past_weight = acc;

  /* Sales: at least four months back, or as far as the appointments go. */
  p->first_sale_day = s->today - MAX (MIN_HISTORY_DAYS, s->today - p->first_appt_day);
  for (day = p->first_sale_day; day < s->today; day++)
    p->sale_weight += sale_weight (s, day);
  base = s->n_sales / (p->sale_weight + 1);
  frac = ((double) (s->now_ms - s->today_start_ms) / DEMO_MINUTE_MS - DEMO_OPEN_MIN)
         / (DEMO_CLOSE_MIN - DEMO_OPEN_MIN);
  frac = CLAMP (frac, 0.1, 1.0);
  p->today_sales = MIN (s->n_sales, MAX (2, (guint) lround (base * frac)));
  p->past_sales = s->n_sales - p->today_sales;
}

guint32
demo_plan_first_day (DemoSeeder *s)
{
  Plan p;

  make_plan (s, &p);
  return MIN (p.first_appt_day, p.first_sale_day);
}

/* Choosing */

static int
pick_service (Days *d,
              int   role)
{
  int r = demo_rand (d->s, 0, d->role_total[role]);

  for (guint i = 0; i < demo_services_len; i++)
    {
      r -= demo_services[i].weight[role];
      if (r < 0)
        return (int) i;
    }
  g_assert_not_reached ();
}

static guint
pick_patient (Days *d)
{
  return (guint) demo_rand (d->s, 0, (int) d->avail);
}
/* Laying out a day */

static int
minutes_left (int cursor)
{
  if (cursor < DEMO_BREAK_MIN)
    return (DEMO_BREAK_MIN - cursor) + (DEMO_CLOSE_MIN - DEMO_RESUME_MIN);
  return MAX (0, DEMO_CLOSE_MIN - MAX (cursor, DEMO_RESUME_MIN));
}

/* Moves a start out of the lunch break; FALSE when it no longer fits the day. */
static gboolean
fit (int *start,
     int  duration)
{
  if (*start < DEMO_BREAK_MIN && *start + duration > DEMO_BREAK_MIN)
    *start = DEMO_RESUME_MIN;
  else if (*start >= DEMO_BREAK_MIN && *start < DEMO_RESUME_MIN)
    *start = DEMO_RESUME_MIN;
  return *start + duration <= DEMO_CLOSE_MIN;
}

static int
round_up_slot (int minute)
{
  return (minute + DEMO_SLOT_MIN - 1) / DEMO_SLOT_MIN * DEMO_SLOT_MIN;
}

static void
propose (Days *d,
         Lane *lane,
         int   role)
{
  DemoSeeder *s = d->s;
  int remaining = lane->target - lane->placed, mean_gap, gap;

  if (remaining <= 0)
    {
      lane->done = TRUE;
      return;
    }
  lane->services[0] = pick_service (d, role);
  lane->n_services = 1;
  lane->duration = demo_services[lane->services[0]].duration_min;
  if (demo_chance (s, 180) && lane->services[0] != d->consult_online)
    {
      int second = pick_service (d, role);

      /* Two areas of toxin, a consultation before a treatment, a facial
       * after a laser, LED light after anything: never the online
       * consultation, nor two lasers, two peels or two facials. */
      const DemoService *a = &demo_services[lane->services[0]], *b = &demo_services[second];

      if (second != lane->services[0] && second != d->consult_online
          && (a->category != b->category || a->category == d->injectables || second == d->led))
        {
          lane->services[1] = second;
          if (second == d->consult)
            {
              lane->services[1] = lane->services[0];
              lane->services[0] = second;
            }
          lane->n_services = 2;
          lane->duration += demo_services[second].duration_min;
        }
    }

  mean_gap = MAX (0, (minutes_left (lane->cursor) - remaining * AVG_DURATION_MIN) / (remaining + 1));
  gap = demo_rand (s, 0, 2 * mean_gap + 1) / DEMO_SLOT_MIN * DEMO_SLOT_MIN;
  lane->start = lane->cursor + gap;
  if (!fit (&lane->start, lane->duration) && lane->n_services == 2)
    {
      lane->n_services = 1;
      lane->duration = demo_services[lane->services[0]].duration_min;
      lane->start = lane->cursor + gap;
    }
  if (!fit (&lane->start, lane->duration))
    {
      /* Try once more without the gap before giving up on the day. */
      lane->start = lane->cursor;
      if (!fit (&lane->start, lane->duration))
        lane->done = TRUE;
    }
}

static DemoRoomKind
room_kind_of (const Lane *lane)
{
  DemoRoomKind kind = DEMO_ROOM_NONE;

  for (int i = 0; i < lane->n_services; i++)
    if (demo_services[lane->services[i]].room != DEMO_ROOM_NONE && kind == DEMO_ROOM_NONE)
      kind = demo_services[lane->services[i]].room;
  return kind;
}

/* A free room for a start, preferring the kind the service needs and
 * falling back to a treatment room (or, for treatments, the facial room).
 * -1 with *retry set to when one frees up. */
static int
pick_room (Days         *d,
           DemoRoomKind  kind,
           int           start,
           int          *retry)
{
  DemoSeeder *s = d->s;
  DemoRoomKind fallback = kind == DEMO_ROOM_TREATMENT ? DEMO_ROOM_FACIAL : DEMO_ROOM_TREATMENT;
  int free_rooms[64], n = 0;

  *retry = G_MAXINT;
  for (int tier = 0; tier < 2 && n == 0; tier++)
    for (guint r = 0; r < s->rooms->len && n < (int) G_N_ELEMENTS (free_rooms); r++)
      {
        DemoRoomKind rk = g_array_index (s->rooms, DemoRoomRow, r).kind;

        if (rk != (tier == 0 ? kind : fallback))
          continue;
        if (d->room_busy[r] <= start)
          free_rooms[n++] = (int) r;
        else
          *retry = MIN (*retry, d->room_busy[r]);
      }
  return n > 0 ? free_rooms[demo_rand (s, 0, n)] : -1;
}

static const char *
status_for (Days    *d,
            guint32  day,
            gint64   start_ms,
            gint64   end_ms)
{
  DemoSeeder *s = d->s;
  int r = demo_rand (s, 0, 1000);

  if (end_ms <= s->now_ms)
    return r < 35 ? "no_show" : r < 90 ? "cancelled" : "completed";
  if (start_ms <= s->now_ms)
    return r < 700 ? "in_progress" : "checked_in";
  if (day == s->today)
    {
      if (start_ms - s->now_ms <= 20 * DEMO_MINUTE_MS && r < 500)
        return "checked_in";
      return r < 20 ? "cancelled" : r < 650 ? "confirmed" : "booked";
    }
  return r < 40 ? "cancelled" : r < 500 ? "confirmed" : "booked";
}

static gint64
booked_at (Days   *d,
           gint64  start_ms)
{
  DemoSeeder *s = d->s;
  int r = demo_rand (s, 0, 1000);
  gint64 at;

  if (start_ms > s->now_ms + DEMO_DAY_MS)
    at = s->now_ms - demo_rand (s, 1, 20 * 24) * DEMO_HOUR_MS;
  else if (r < 100)   /* the same day */
    at = start_ms - demo_rand (s, 15, 180) * DEMO_MINUTE_MS;
  else
    {
      int days = r < 500 ? demo_rand (s, 1, 4) : r < 850 ? demo_rand (s, 4, 15) : demo_rand (s, 15, 46);
      at = start_ms - days * DEMO_DAY_MS - demo_rand (s, 0, 8 * 60) * DEMO_MINUTE_MS;
    }
  if (at > s->now_ms)
    at = s->now_ms - demo_rand (s, 1, 120) * DEMO_MINUTE_MS;
  return MAX (at, s->clinic_created_ms + DEMO_DAY_MS);
}

static gboolean
write_treatment_stock (Days      *d,
                       DemoAppt  *a,
                       GError   **error)
{
  DemoSeeder *s = d->s;

  for (int i = 0; i < a->n_services; i++)
    {
      const DemoService *svc = &demo_services[a->services[i]];
      char id[AX_UUID_STRLEN];
      DemoLot *lot;

      if (svc->product < 0)
        continue;
      lot = demo_stock_take (s, svc->product, a->end_ms, svc->product_qty);
      demo_new_id (s->sale_ids, a->end_ms, id);
      demo_bind_base (s, d->movement, id, a->end_ms);
      demo_bind_text (d->movement, 5, s->stock[svc->product].id);
      demo_bind_text (d->movement, 6, lot->id);
      demo_bind_int (d->movement, 7, -svc->product_qty);
      demo_bind_text (d->movement, 8, "treatment");
      demo_bind_text (d->movement, 9, "Used in treatment");
      demo_bind_text (d->movement, 10, NULL);
      demo_bind_int (d->movement, 11, a->end_ms);
      demo_bind_text (d->movement, 12, NULL);
      if (!demo_step (s, d->movement, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_appointment (Days        *d,
                   guint32      day,
                   gint64       day_start,
                   int          provider,
                   int          room,
                   int          start,
                   int          duration,
                   const int   *services,
                   int          n_services,
                   const char  *forced_status,
                   GError     **error)
{
  DemoSeeder *s = d->s;
  DemoAppt a = { { 0 } };
  gint64 created;
  gboolean portal, outside;
  sqlite3_stmt *st = d->appointment;

  a.patient = pick_patient (d);
  a.provider = provider;
  a.room = room;
  a.start_ms = day_start + start * DEMO_MINUTE_MS;
  a.end_ms = a.start_ms + duration * DEMO_MINUTE_MS;
  a.n_services = n_services;
  memcpy (a.services, services, n_services * sizeof (int));
  a.status = forced_status ? forced_status : status_for (d, day, a.start_ms, a.end_ms);
  created = booked_at (d, a.start_ms);
  portal = demo_chance (s, 80);
  outside = demo_weekday (day) == G_DATE_SUNDAY || start < DEMO_OPEN_MIN
            || start + duration > DEMO_CLOSE_MIN;

  demo_new_id (s->appointment_ids, created, a.id);
  demo_bind_base (s, st, a.id, created);
  demo_bind_text (st, 5, s->patient_id[a.patient]);
  demo_bind_text (st, 6, g_array_index (s->providers, DemoProviderRow, provider).id);
  demo_bind_text (st, 7, room >= 0 ? g_array_index (s->rooms, DemoRoomRow, room).id : NULL);
  demo_bind_int (st, 8, a.start_ms);
  demo_bind_int (st, 9, a.end_ms);
  demo_bind_text (st, 10, a.status);
  demo_bind_text (st, 11, demo_chance (s, 100)
                          ? demo_appointment_notes[demo_rand (s, 0, (int) demo_appointment_notes_len)]
                          : NULL);
  demo_bind_int (st, 12, outside);
  demo_bind_text (st, 13, strcmp (a.status, "cancelled") == 0
                          ? demo_cancel_reasons[demo_rand (s, 0, (int) demo_cancel_reasons_len)]
                          : NULL);
  demo_bind_text (st, 14, portal ? NULL : s->frontdesk_id);
  demo_bind_text (st, 15, portal ? "portal" : "desk");
  if (!demo_step (s, st, error))
    return FALSE;

  for (int i = 0; i < n_services; i++)
    {
      const DemoService *svc = &demo_services[services[i]];
      char id[AX_UUID_STRLEN];

      demo_new_id (s->appointment_ids, created, id);
      demo_bind_base (s, d->appointment_service, id, created);
      demo_bind_text (d->appointment_service, 5, a.id);
      demo_bind_text (d->appointment_service, 6, s->service_ids[services[i]]);
      demo_bind_int (d->appointment_service, 7, svc->duration_min);
      demo_bind_int (d->appointment_service, 8, svc->price);
      demo_bind_int (d->appointment_service, 9, i);
      if (!demo_step (s, d->appointment_service, error))
        return FALSE;
    }

  if (strcmp (a.status, "completed") == 0 && !write_treatment_stock (d, &a, error))
    return FALSE;
  g_array_append_val (d->appts, a);
  return TRUE;
}

/* Places up to quota appointments on day; returns how many, or -1 on error. */
static int
place_day (Days     *d,
           guint32   day,
           gint64    day_start,
           int       quota,
           GError  **error)
{
  DemoSeeder *s = d->s;
  guint n_prov = s->providers->len;
  double weights[64], total = 0, acc = 0;
  gint64 prev = 0;
  int placed = 0;

  for (guint r = 0; r < s->rooms->len; r++)
    d->room_busy[r] = 0;

  /* Share the quota among the providers at work, unevenly. */
  for (guint p = 0; p < n_prov; p++)
    {
      Lane *lane = &d->lanes[p];

      memset (lane, 0, sizeof *lane);
      lane->working = works (s, p, day);
      lane->done = !lane->working;
      lane->cursor = DEMO_OPEN_MIN;
      weights[p] = lane->working ? 70 + demo_rand (s, 0, 60) : 0;
      total += weights[p];
    }
  if (total == 0)
    return 0;
  for (guint p = 0; p < n_prov; p++)
    {
      gint64 cur;

      acc += weights[p];
      cur = llround (quota * acc / total);
      d->lanes[p].target = MIN (MAX_PER_PROVIDER, (int) (cur - prev));
      prev = cur;
      if (d->lanes[p].working)
        propose (d, &d->lanes[p], g_array_index (s->providers, DemoProviderRow, p).role);
    }

  for (;;)
    {
      Lane *lane = NULL;
      int best = -1, room = -1;
      DemoRoomKind kind;

      for (guint p = 0; p < n_prov; p++)
        if (!d->lanes[p].done && (lane == NULL || d->lanes[p].start < lane->start))
          lane = &d->lanes[p], best = (int) p;
      if (lane == NULL)
        break;

      kind = room_kind_of (lane);
      if (kind != DEMO_ROOM_NONE)
        {
          int retry;

          room = pick_room (d, kind, lane->start, &retry);
          if (room < 0)
            {
              /* Wait for a room; the provider's gap grows. */
              lane->start = round_up_slot (retry);
              if (!fit (&lane->start, lane->duration))
                lane->done = TRUE;
              continue;
            }
          d->room_busy[room] = lane->start + lane->duration;
        }
      if (!write_appointment (d, day, day_start, best, room, lane->start, lane->duration,
                              lane->services, lane->n_services, NULL, error))
        return -1;
      placed++;
      lane->placed++;
      lane->cursor = lane->start + lane->duration;
      propose (d, lane, g_array_index (s->providers, DemoProviderRow, best).role);
    }
  return placed;
}

/* Today must show a next appointment, even late in the evening. Returns
 * how many appointments it added (0 or 1), or -1 on error. */
static int
ensure_next_today (Days    *d,
                   GError **error)
{
  DemoSeeder *s = d->s;
  int now_min = (int) ((s->now_ms - s->today_start_ms) / DEMO_MINUTE_MS);
  int start = round_up_slot (now_min + 15), services[1] = { d->consult };
  int cursor = 0;

  for (guint i = 0; i < d->appts->len; i++)
    {
      DemoAppt *a = &g_array_index (d->appts, DemoAppt, i);

      if (a->start_ms >= s->now_ms
          && (!strcmp (a->status, "booked") || !strcmp (a->status, "confirmed")
              || !strcmp (a->status, "checked_in")))
        return 0;
      if (a->provider == 0)
        cursor = MAX (cursor, (int) ((a->end_ms - s->today_start_ms) / DEMO_MINUTE_MS));
    }
  start = MAX (start, round_up_slot (cursor));
  if (start + 30 > 24 * 60)
    return 0;
  /* An evening consultation with the first doctor: no room needed. */
  if (!write_appointment (d, s->today, s->today_start_ms, 0, -1, start, 30, services, 1,
                          "confirmed", error))
    return -1;
  return 1;
}

/* The run */

static gboolean
prepare_statements (Days    *d,
                    GError **error)
{
  AxDb *db = d->s->db;

#define PREP(field, sql)                          \
  if ((d->field = ax_db_prepare (db, sql, error)) == NULL) \
    return FALSE;

  PREP (appointment,
        "INSERT INTO appointments (id, clinic_id, created_at, updated_at, patient_id, provider_id, "
        "  room_id, start_at, end_at, status, notes, outside_hours, cancel_reason, booked_by, "
        "  source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
  PREP (appointment_service,
        "INSERT INTO appointment_services (id, clinic_id, created_at, updated_at, appointment_id, "
        "  service_id, duration_min, price, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
  PREP (movement,
        "INSERT INTO stock_movements (id, clinic_id, created_at, updated_at, product_id, lot_id, "
        "  qty, kind, reason, sale_line_id, at, user_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
#undef PREP
  return TRUE;
}

static void
days_clear (Days *d)
{
  sqlite3_stmt *stmts[] = { d->appointment, d->appointment_service, d->movement };

  /* Bound texts point into buffers of this run: unbind them. */
  for (guint i = 0; i < G_N_ELEMENTS (stmts); i++)
    if (stmts[i] != NULL)
      sqlite3_clear_bindings (stmts[i]);
  g_clear_pointer (&d->appts, g_array_unref);
  g_clear_pointer (&d->sales, demo_sales_free);
  g_clear_pointer (&d->lanes, g_free);
  g_clear_pointer (&d->room_busy, g_free);
}

static gboolean
run_days (Days    *d,
          GError **error)
{
  DemoSeeder *s = d->s;
  Plan *plan = &d->plan;
  guint32 last = s->today + FUTURE_DAYS;
  gint64 carry = 0, appt_prev = 0, sale_prev = 0;
  double appt_acc = 0, sale_acc = 0;
  guint cursor = 0;

  for (guint32 day = s->first_day; day <= last || carry > 0; day++)
    {
      gint64 day_start = demo_day_start_ms (s, day);
      gint64 day_end = demo_day_start_ms (s, day + 1);
      gint64 quota = 0, sales_quota = 0;
      int placed = 0;

      if (day > last + 3650)
        {
          g_set_error (error, AX_MODEL_ERROR, AX_MODEL_ERROR_RULE,
                       _("The demo calendar is full: %" PRId64 " appointments did not "
                         "fit; ask for fewer"), carry);
          return FALSE;
        }
      while (cursor < s->n_patients && s->patient_created[cursor] < MIN (day_end, s->now_ms + 1))
        cursor++;
      d->avail = MAX (1, cursor);
      if (day >= s->today)
        d->avail = s->n_patients;
      g_array_set_size (d->appts, 0);

      /* How many appointments this day holds. */
      if (day >= plan->first_appt_day && day < s->today)
        {
          gint64 cur;

          appt_acc += appointment_weight (s, day);
          cur = plan->past_weight > 0 ? llround (plan->past_total * appt_acc / plan->past_weight) : 0;
          quota = cur - appt_prev;
          appt_prev = cur;
        }
      else if (day == s->today)
        quota = plan->today_quota;
      else if (day > s->today && day <= last)
        quota = plan->future_quota[day - s->today];

      if (day > last)
        {
          quota = MIN (carry, working_count (s, day) * CAP_PER_PROVIDER / 2);
          carry -= quota;
        }
      else
        {
          quota += carry;
          carry = 0;
          if (quota < 0)
            {
              carry = quota;
              quota = 0;
            }
        }
      if (quota > 0 && is_open (s, day))
        {
          placed = place_day (d, day, day_start, (int) quota, error);
          if (placed < 0)
            return FALSE;
        }
      carry += quota - placed;
      /* The evening consultation counts against the days ahead: only when
       * they have an appointment to give up. */
      if (day == s->today && carry + plan->future_total > 0)
        {
          int added = ensure_next_today (d, error);

          if (added < 0)
            return FALSE;
          carry -= added;
        }

      /* And how many sales. */
      if (day >= plan->first_sale_day && day < s->today)
        {
          gint64 cur;

          sale_acc += sale_weight (s, day);
          cur = plan->sale_weight > 0 ? llround (plan->past_sales * sale_acc / plan->sale_weight) : 0;
          sales_quota = cur - sale_prev;
          sale_prev = cur;
          /* The dashboard compares today with the same day last week. */
          if (day + 7 == s->today && sales_quota == 0 && plan->past_sales > 0)
            sales_quota = 1;
        }
      else if (day == s->today)
        sales_quota = (gint64) s->n_sales - (gint64) demo_sales_written (d->sales);
      if (sales_quota > 0
          && !demo_sales_write_day (d->sales, d->appts, d->avail, day, day_start, (int) sales_quota,
                                    error))
        return FALSE;
    }
  return TRUE;
}

gboolean
demo_seed_days (DemoSeeder  *s,
                GError     **error)
{
  Days d = { 0 };
  gboolean ok;

  d.s = s;
  make_plan (s, &d.plan);
  d.appts = g_array_new (FALSE, TRUE, sizeof (DemoAppt));
  d.lanes = g_new0 (Lane, s->providers->len);
  d.room_busy = g_new0 (int, s->rooms->len);
  for (guint i = 0; i < demo_services_len; i++)
    for (int r = 0; r < DEMO_N_ROLES; r++)
      d.role_total[r] += demo_services[i].weight[r];
  d.consult = demo_service_index ("CONS");
  d.consult_online = demo_service_index ("CONS-OS");
  d.injectables = demo_category_index ("Injectables");
  d.led = demo_service_index ("FAC-LED");

  d.sales = demo_sales_new (s, error);
  ok = d.sales != NULL && prepare_statements (&d, error) && run_days (&d, error);
  days_clear (&d);
  return ok;
}
