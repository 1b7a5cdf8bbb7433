/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-test.h"
#include "ax-ics.h"

#include <string.h>

static gint64
utc_ms (int y, int mo, int d, int h, int mi)
{
  g_autoptr (GDateTime) dt = g_date_time_new_utc (y, mo, d, h, mi, 0);

  return g_date_time_to_unix (dt) * 1000;
}

static gint64
local_ms (GTimeZone *tz, int y, int mo, int d, int h, int mi)
{
  g_autoptr (GDateTime) dt = g_date_time_new (tz, y, mo, d, h, mi, 0);

  return g_date_time_to_unix (dt) * 1000;
}

static void
assert_escape (const char *in, const char *want)
{
  g_autofree char *got = ax_ics_escape_text (in);

  ck_assert_msg (g_strcmp0 (got, want) == 0, "escape “%s” → “%s”, want “%s”", in, got, want);
}

/* Each physical line of text (CRLF-terminated): at most 75 octets, valid
 * UTF-8 on its own, and only continuations start with a space. */
static guint
assert_lines_ok (const char *text)
{
  const char *p = text;
  guint n = 0;

  ck_assert_msg (g_str_has_suffix (text, "\r\n"), "the text does not end in CRLF");
  while (*p)
    {
      const char *end = strstr (p, "\r\n");

      ck_assert_msg (end != NULL, "a line without CRLF: “%s”", p);
      ck_assert_msg (memchr (p, '\n', end - p) == NULL && memchr (p, '\r', end - p) == NULL,
                     "a bare CR or LF in “%.*s”", (int) (end - p), p);
      ck_assert_msg (end - p <= 75, "a line of %d octets: “%.*s”", (int) (end - p),
                     (int) (end - p), p);
      ck_assert_msg (g_utf8_validate (p, end - p, NULL), "a line splits a character: “%.*s”",
                     (int) (end - p), p);
      p = end + 2;
      n++;
    }
  return n;
}

START_TEST (test_escape)
{
  assert_escape ("plain text", "plain text");
  assert_escape ("a\\b;c,d", "a\\\\b\\;c\\,d");
  assert_escape ("line 1\nline 2", "line 1\\nline 2");
  assert_escape ("line 1\r\nline 2\rline 3", "line 1\\nline 2\\nline 3");
  assert_escape ("Botox: 20 U, \"forehead\"", "Botox: 20 U\\, \"forehead\"");
  assert_escape ("tab\there, bell\a gone", "tab\there\\, bell gone");
  assert_escape ("อนงค์ ศรีสุข; Lábios", "อนงค์ ศรีสุข\\; Lábios");
  assert_escape ("", "");
  assert_escape (NULL, "");
}
END_TEST

START_TEST (test_fold_ascii)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *line = NULL;
  g_autofree char *unfolded = NULL;
  g_autofree char *a75 = g_strnfill (75, 'a');
  g_autofree char *a76 = g_strnfill (76, 'a');
  g_auto (GStrv) lines = NULL;

  /* Exactly 75 octets stays on one line; 76 does not. */
  ax_ics_append_line (out, a75);
  ck_assert_uint_eq (assert_lines_ok (out->str), 1);
  g_string_truncate (out, 0);
  ax_ics_append_line (out, a76);
  ck_assert_uint_eq (assert_lines_ok (out->str), 2);
  ck_assert_str_eq (out->str + 75, "\r\n a\r\n");

  g_string_truncate (out, 0);
  line = g_strconcat ("DESCRIPTION:", a76, a76, a76, NULL);
  ax_ics_append_line (out, line);
  lines = g_strsplit (out->str, "\r\n", -1);
  ck_assert_uint_eq (assert_lines_ok (out->str), 4);
  ck_assert_uint_eq (strlen (lines[0]), 75);
  ck_assert_uint_eq (strlen (lines[1]), 75);
  ck_assert (lines[1][0] == ' ');
  unfolded = ax_ics_unfold (out->str);
  ck_assert (g_str_has_suffix (unfolded, "\r\n"));
  unfolded[strlen (unfolded) - 2] = '\0';
  ck_assert_str_eq (unfolded, line);
}
END_TEST

START_TEST (test_fold_multibyte)
{
  /* Thai (3 octets a character, with vowel and tone marks), Portuguese
   * accents (2) and an emoji (4): every offset of a cut is tried by
   * prefixing 0–7 ASCII characters. */
  static const char *const texts[] = {
    "นัดหมายฉีดโบท็อกซ์หน้าผากและร่องแก้มกับคุณหมอสมศักดิ์ ห้องสอง ผู้ป่วยแพ้ยาชาลิโดเคน "
    "กรุณาตรวจสอบประวัติก่อนทำหัตถการทุกครั้ง",
    "Preenchimento labial com ácido hialurônico; paciente prefere horário após às "
    "dezoito horas, não usar anestésico com adrenalina — observação da recepção",
    "🙂🙂🙂 ผิวหน้า 💉 glabela, testa e pés de galinha 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂",
  };

  for (gsize t = 0; t < G_N_ELEMENTS (texts); t++)
    for (int shift = 0; shift < 8; shift++)
      {
        g_autoptr (GString) out = g_string_new (NULL);
        g_autofree char *pad = g_strnfill (shift, 'x');
        g_autofree char *escaped = ax_ics_escape_text (texts[t]);
        g_autofree char *line = g_strconcat ("SUMMARY:", pad, escaped, NULL);
        g_autofree char *unfolded = NULL;
        guint n;

        ax_ics_append_line (out, line);
        n = assert_lines_ok (out->str);
        ck_assert_uint_ge (n, 2);
        unfolded = ax_ics_unfold (out->str);
        unfolded[strlen (unfolded) - 2] = '\0';
        ck_assert_str_eq (unfolded, line);

        /* No continuation starts with a Thai mark, detached from its letter. */
        for (const char *p = strstr (out->str, "\r\n "); p; p = strstr (p + 1, "\r\n "))
          ck_assert_msg (!g_unichar_ismark (g_utf8_get_char (p + 3)),
                         "a line starts with a mark: “%s”", p + 3);
      }
}
END_TEST

START_TEST (test_unfold)
{
  g_autofree char *a = ax_ics_unfold ("DESCRIPTION:ab\r\n cd\r\n\tef\r\nX:1\r\n");
  g_autofree char *b = ax_ics_unfold ("A:1\r\nB:2\r\n");

  ck_assert_str_eq (a, "DESCRIPTION:abcdef\r\nX:1\r\n");
  ck_assert_str_eq (b, "A:1\r\nB:2\r\n");
}
END_TEST

START_TEST (test_status)
{
  ck_assert_str_eq (ax_ics_status_for (AX_APPT_BOOKED), "TENTATIVE");
  ck_assert_str_eq (ax_ics_status_for (AX_APPT_CONFIRMED), "CONFIRMED");
  ck_assert_str_eq (ax_ics_status_for (AX_APPT_CHECKED_IN), "CONFIRMED");
  ck_assert_str_eq (ax_ics_status_for (AX_APPT_IN_PROGRESS), "CONFIRMED");
  ck_assert_str_eq (ax_ics_status_for (AX_APPT_COMPLETED), "CONFIRMED");
  ck_assert_str_eq (ax_ics_status_for (AX_APPT_NO_SHOW), "CANCELLED");
  ck_assert_str_eq (ax_ics_status_for (AX_APPT_CANCELLED), "CANCELLED");
}
END_TEST

START_TEST (test_formats)
{
  g_autoptr (GTimeZone) bkk = g_time_zone_new_identifier ("Asia/Bangkok");
  g_autoptr (GTimeZone) lon = g_time_zone_new_identifier ("Europe/London");
  g_autofree char *utc = ax_ics_format_utc (utc_ms (2026, 3, 10, 3, 30) + 999);
  g_autofree char *local = ax_ics_format_local (bkk, utc_ms (2026, 3, 10, 3, 30));
  g_autofree char *winter = ax_ics_format_local (lon, utc_ms (2026, 3, 28, 9, 0));
  g_autofree char *summer = ax_ics_format_local (lon, utc_ms (2026, 3, 30, 9, 0));

  ck_assert_ptr_nonnull (bkk);
  ck_assert_ptr_nonnull (lon);
  ck_assert_str_eq (utc, "20260310T033000Z");
  ck_assert_str_eq (local, "20260310T103000");
  ck_assert_str_eq (winter, "20260328T090000");
  ck_assert_str_eq (summer, "20260330T100000");
}
END_TEST

START_TEST (test_vtimezone_bangkok)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  g_autofree char *got = ax_ics_vtimezone (tz, "Asia/Bangkok", utc_ms (2026, 3, 8, 17, 0),
                                           utc_ms (2026, 3, 15, 17, 0));
  /* The abbreviation comes from the system's tzdata ("+07" since 2017). */
  const char *abbrev = g_time_zone_get_abbreviation (
    tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, 1773100000));
  g_autofree char *want = g_strdup_printf ("BEGIN:VTIMEZONE\r\n"
                                           "TZID:Asia/Bangkok\r\n"
                                           "BEGIN:STANDARD\r\n"
                                           "DTSTART:19700101T000000\r\n"
                                           "TZOFFSETFROM:+0700\r\n"
                                           "TZOFFSETTO:+0700\r\n"
                                           "TZNAME:%s\r\n"
                                           "END:STANDARD\r\n"
                                           "END:VTIMEZONE\r\n",
                                           abbrev);

  ck_assert_str_eq (got, want);
  assert_lines_ok (got);
}
END_TEST

START_TEST (test_vtimezone_london)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Europe/London");
  /* Across the change to summer time on 29 March 2026 (01:00 UTC). */
  g_autofree char *spring = ax_ics_vtimezone (tz, "Europe/London", utc_ms (2026, 3, 23, 0, 0),
                                              utc_ms (2026, 4, 6, 0, 0));
  /* Inside summer time: the standard time before it is given too. */
  g_autofree char *summer = ax_ics_vtimezone (tz, "Europe/London", utc_ms (2026, 7, 6, 0, 0),
                                              utc_ms (2026, 7, 13, 0, 0));
  /* Across the change back on 25 October 2026 (01:00 UTC). */
  g_autofree char *autumn = ax_ics_vtimezone (tz, "Europe/London", utc_ms (2026, 10, 19, 0, 0),
                                              utc_ms (2026, 11, 2, 0, 0));
#define GMT_2025 "BEGIN:STANDARD\r\nDTSTART:20251026T020000\r\nTZOFFSETFROM:+0100\r\n" \
                 "TZOFFSETTO:+0000\r\nTZNAME:GMT\r\nEND:STANDARD\r\n"
#define BST_2026 "BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZOFFSETFROM:+0000\r\n" \
                 "TZOFFSETTO:+0100\r\nTZNAME:BST\r\nEND:DAYLIGHT\r\n"
#define GMT_2026 "BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nTZOFFSETFROM:+0100\r\n" \
                 "TZOFFSETTO:+0000\r\nTZNAME:GMT\r\nEND:STANDARD\r\n"

  ck_assert_str_eq (spring, "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n" GMT_2025 BST_2026
                            "END:VTIMEZONE\r\n");
  ck_assert_str_eq (summer, "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n" GMT_2025 BST_2026
                            "END:VTIMEZONE\r\n");
  ck_assert_str_eq (autumn, "BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n" GMT_2025 BST_2026
                            GMT_2026 "END:VTIMEZONE\r\n");
#undef GMT_2025
#undef BST_2026
#undef GMT_2026
}
END_TEST

START_TEST (test_vtimezone_sao_paulo)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("America/Sao_Paulo");
  /* Summer time began at midnight on 4 November 2018 (03:00 UTC). */
  g_autofree char *y2018 = ax_ics_vtimezone (tz, "America/Sao_Paulo", utc_ms (2018, 10, 29, 3, 0),
                                             utc_ms (2018, 11, 12, 3, 0));
  /* Brazil has kept standard time since 2019. */
  g_autofree char *y2026 = ax_ics_vtimezone (tz, "America/Sao_Paulo", utc_ms (2026, 3, 9, 3, 0),
                                             utc_ms (2026, 3, 16, 3, 0));

  ck_assert_str_eq (y2018, "BEGIN:VTIMEZONE\r\nTZID:America/Sao_Paulo\r\n"
                           "BEGIN:STANDARD\r\nDTSTART:20180218T000000\r\nTZOFFSETFROM:-0200\r\n"
                           "TZOFFSETTO:-0300\r\nTZNAME:-03\r\nEND:STANDARD\r\n"
                           "BEGIN:DAYLIGHT\r\nDTSTART:20181104T000000\r\nTZOFFSETFROM:-0300\r\n"
                           "TZOFFSETTO:-0200\r\nTZNAME:-02\r\nEND:DAYLIGHT\r\n"
                           "END:VTIMEZONE\r\n");
  ck_assert_str_eq (y2026, "BEGIN:VTIMEZONE\r\nTZID:America/Sao_Paulo\r\n"
                           "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:-0300\r\n"
                           "TZOFFSETTO:-0300\r\nTZNAME:-03\r\nEND:STANDARD\r\n"
                           "END:VTIMEZONE\r\n");
}
END_TEST

static char *
event_block (const char *ics,
             const char *uid)
{
  g_autofree char *unfolded = ax_ics_unfold (ics);
  g_autofree char *needle = g_strdup_printf ("UID:%s\r\n", uid);
  const char *start = strstr (unfolded, needle);
  const char *end = start ? strstr (start, "END:VEVENT\r\n") : NULL;

  ck_assert_msg (end != NULL, "no event %s in %s", uid, ics);
  return g_strndup (start, end - start);
}

START_TEST (test_event_times_london)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (AxIcsCalendar) cal = ax_ics_calendar_new (tz, "Europe/London",
                                                       utc_ms (2026, 10, 19, 0, 0),
                                                       utc_ms (2026, 10, 26, 0, 0),
                                                       utc_ms (2026, 10, 1, 12, 0));
  AxIcsEvent before = { "a", local_ms (tz, 2026, 10, 23, 9, 0), local_ms (tz, 2026, 10, 23, 9, 30),
                        "Before", NULL, NULL, NULL, AX_APPT_BOOKED };
  /* 01:30 happens twice on 25 October: 00:30 UTC (BST), then 01:30 UTC (GMT). */
  AxIcsEvent first = { "b", utc_ms (2026, 10, 25, 0, 30), utc_ms (2026, 10, 25, 0, 45),
                       "First", NULL, NULL, NULL, AX_APPT_BOOKED };
  AxIcsEvent second = { "c", utc_ms (2026, 10, 25, 1, 30), utc_ms (2026, 10, 25, 2, 30),
                        "Second", NULL, NULL, NULL, AX_APPT_BOOKED };
  g_autofree char *ics = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  ax_ics_calendar_add_event (cal, &before);
  ax_ics_calendar_add_event (cal, &first);
  ax_ics_calendar_add_event (cal, &second);
  ck_assert_uint_eq (ax_ics_calendar_get_n_events (cal), 3);
  ics = ax_ics_calendar_to_string (cal);
  assert_lines_ok (ics);

  a = event_block (ics, "a@aesthetix");
  b = event_block (ics, "b@aesthetix");
  c = event_block (ics, "c@aesthetix");
  ck_assert_ptr_nonnull (strstr (a, "DTSTART;TZID=Europe/London:20261023T090000\r\n"));
  ck_assert_ptr_nonnull (strstr (a, "DTEND;TZID=Europe/London:20261023T093000\r\n"));
  ck_assert_ptr_nonnull (strstr (b, "DTSTART;TZID=Europe/London:20261025T013000\r\n"));
  ck_assert_ptr_nonnull (strstr (b, "DTEND;TZID=Europe/London:20261025T014500\r\n"));
  /* The second 01:30 cannot be written as a local time: it goes in UTC. */
  ck_assert_ptr_nonnull (strstr (c, "DTSTART:20261025T013000Z\r\n"));
  ck_assert_ptr_nonnull (strstr (c, "DTEND;TZID=Europe/London:20261025T023000\r\n"));
  ck_assert_ptr_nonnull (strstr (ics, "DTSTART:20261025T020000\r\nTZOFFSETFROM:+0100\r\n"
                                      "TZOFFSETTO:+0000\r\n"));
}
END_TEST

START_TEST (test_crlf_everywhere)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  g_autoptr (AxIcsCalendar) cal = ax_ics_calendar_new (tz, "Asia/Bangkok", 0, 86400000, 0);
  const char *const cats[] = { "Injectables", "Lasers, IPL", NULL };
  AxIcsEvent ev = { "x", 3600000, 7200000, "one\ntwo\r\nthree", "a\rb\nc", "Room\n2", cats,
                    AX_APPT_CONFIRMED };
  g_autofree char *ics = NULL;

  ax_ics_calendar_add_event (cal, &ev);
  ics = ax_ics_calendar_to_string (cal);
  assert_lines_ok (ics);
  ck_assert_ptr_nonnull (strstr (ics, "SUMMARY:one\\ntwo\\nthree\r\n"));
  ck_assert_ptr_nonnull (strstr (ics, "DESCRIPTION:a\\nb\\nc\r\n"));
  ck_assert_ptr_nonnull (strstr (ics, "LOCATION:Room\\n2\r\n"));
  ck_assert_ptr_nonnull (strstr (ics, "CATEGORIES:Injectables,Lasers\\, IPL\r\n"));
}
END_TEST

START_TEST (test_calendar_exact)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Bangkok");
  /* The week of Monday 9 March 2026 in Bangkok, exported at 10:30 on the 10th. */
  g_autoptr (AxIcsCalendar) cal = ax_ics_calendar_new (tz, "Asia/Bangkok",
                                                       local_ms (tz, 2026, 3, 9, 0, 0),
                                                       local_ms (tz, 2026, 3, 16, 0, 0),
                                                       utc_ms (2026, 3, 10, 3, 30));
  const char *const cats[] = { "Injectables", NULL };
  AxIcsEvent botox = {
    "019cd5a0-0000-7000-8000-000000000001",
    local_ms (tz, 2026, 3, 10, 10, 0), local_ms (tz, 2026, 3, 10, 10, 30),
    "Anong Srisuk — Botox forehead",
    "Services: Botox forehead\nProvider: Dr Lee\nNotes: allergic to lidocaine; mild, rash",
    "Room 2", cats, AX_APPT_CONFIRMED,
  };
  AxIcsEvent laser = {
    "019cd5a0-0000-7000-8000-000000000002",
    local_ms (tz, 2026, 3, 11, 14, 0), local_ms (tz, 2026, 3, 11, 15, 0),
    "สมชาย ใจดี — เลเซอร์กำจัดขน ใต้วงแขน และ โบท็อกซ์ริ้วรอยหางตา",
    NULL, NULL, NULL, AX_APPT_NO_SHOW,
  };
  AxIcsEvent peel = {
    "019cd5a0-0000-7000-8000-000000000003",
    local_ms (tz, 2026, 3, 12, 9, 15), local_ms (tz, 2026, 3, 12, 9, 45),
    "Maria Souza — Chemical peel", "Services: Chemical peel", "Room 1", NULL, AX_APPT_BOOKED,
  };
  const char *abbrev = g_time_zone_get_abbreviation (
    tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, 1773100000));
  g_autofree char *got = NULL;
  g_autofree char *want = NULL;

  ax_ics_calendar_set_name (cal, "Lotus Clinic, appointments");
  ax_ics_calendar_add_event (cal, &botox);
  ax_ics_calendar_add_event (cal, &laser);
  ax_ics_calendar_add_event (cal, &peel);
  got = ax_ics_calendar_to_string (cal);
  want = g_strdup_printf (
    "BEGIN:VCALENDAR\r\n"
    "PRODID:-//Aesthetix//Aesthetix 0.1//EN\r\n"
    "VERSION:2.0\r\n"
    "CALSCALE:GREGORIAN\r\n"
    "METHOD:PUBLISH\r\n"
    "X-WR-CALNAME:Lotus Clinic\\, appointments\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Asia/Bangkok\r\n"
    "BEGIN:STANDARD\r\n"
    "DTSTART:19700101T000000\r\n"
    "TZOFFSETFROM:+0700\r\n"
    "TZOFFSETTO:+0700\r\n"
    "TZNAME:%s\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:019cd5a0-0000-7000-8000-000000000001@aesthetix\r\n"
    "DTSTAMP:20260310T033000Z\r\n"
    "DTSTART;TZID=Asia/Bangkok:20260310T100000\r\n"
    "DTEND;TZID=Asia/Bangkok:20260310T103000\r\n"
    "SUMMARY:Anong Srisuk — Botox forehead\r\n"
    "DESCRIPTION:Services: Botox forehead\\nProvider: Dr Lee\\nNotes: allergic to \r\n"
    " lidocaine\\; mild\\, rash\r\n"
    "LOCATION:Room 2\r\n"
    "STATUS:CONFIRMED\r\n"
    "TRANSP:OPAQUE\r\n"
    "CATEGORIES:Injectables\r\n"
    "X-AESTHETIX-STATUS:confirmed\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:019cd5a0-0000-7000-8000-000000000002@aesthetix\r\n"
    "DTSTAMP:20260310T033000Z\r\n"
    "DTSTART;TZID=Asia/Bangkok:20260311T140000\r\n"
    "DTEND;TZID=Asia/Bangkok:20260311T150000\r\n"
    "SUMMARY:สมชาย ใจดี — เลเซอร์กำจั\r\n"
    " ดขน ใต้วงแขน และ โบท็อกซ์\r\n"
    " ริ้วรอยหางตา\r\n"
    "DESCRIPTION:No-show: the patient did not come.\r\n"
    "STATUS:CANCELLED\r\n"
    "TRANSP:TRANSPARENT\r\n"
    "X-AESTHETIX-STATUS:no_show\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:019cd5a0-0000-7000-8000-000000000003@aesthetix\r\n"
    "DTSTAMP:20260310T033000Z\r\n"
    "DTSTART;TZID=Asia/Bangkok:20260312T091500\r\n"
    "DTEND;TZID=Asia/Bangkok:20260312T094500\r\n"
    "SUMMARY:Maria Souza — Chemical peel\r\n"
    "DESCRIPTION:Services: Chemical peel\r\n"
    "LOCATION:Room 1\r\n"
    "STATUS:TENTATIVE\r\n"
    "TRANSP:OPAQUE\r\n"
    "X-AESTHETIX-STATUS:booked\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n",
    abbrev);

  ck_assert_str_eq (got, want);
  assert_lines_ok (got);
}
END_TEST

AX_TEST_MAIN ("ics", test_escape, test_fold_ascii, test_fold_multibyte, test_unfold, test_status,
              test_formats, test_vtimezone_bangkok, test_vtimezone_london,
              test_vtimezone_sao_paulo, test_event_times_london, test_crlf_everywhere,
              test_calendar_exact)
