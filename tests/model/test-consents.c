/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Consents: templates and their fields, revisions, filling a consent from
 * the patient and the appointment, signing (hash, immutability), withdrawal,
 * the export audit, permissions and bad input. */
#include <string.h>

#include "ax-fixture.h"
#include "ax-consents.h"
#include "ax-canonical-json.h"

AX_FIXTURE_DEFINE

#define ALL_ROWS                                                                         \
  "SELECT (SELECT COUNT (*) FROM consent_templates) + (SELECT COUNT (*) FROM consents) " \
  "     + (SELECT COUNT (*) FROM signatures) + (SELECT COUNT (*) FROM outbox) "          \
  "     + (SELECT COUNT (*) FROM audit_log)"

#define STROKES "{\"width\": 600, \"height\": 200, \"strokes\": " \
                "[[[10, 150, 0], [40.04, 120.26, 16], [80, 100, 33]], [[100, 150], [140, 90]]]}"

static char *
dump_all (void)
{
  static const char *const tables[] = { "consent_templates", "consents", "signatures" };
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *rows = ax_fixture_dump (&f, tables[i]);
      g_string_append_printf (out, "%s:\n%s", tables[i], rows);
    }
  return g_string_free (out, FALSE);
}

static void
assert_refused (AxRole      role,
                const char *name,
                const char *args,
                int         code,
                const char *message_part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) r = NULL;
  gint64 before = ax_fixture_count (&f, ALL_ROWS);
  g_autofree char *rows_before = dump_all ();
  g_autofree char *rows_after = NULL;

  r = ax_store_mutate_json (f.store, f.actors[role], name, args, &error);
  ck_assert_msg (r == NULL, "%s %s was not refused", name, args);
  ck_assert_msg (g_error_matches (error, AX_MODEL_ERROR, code), "%s %s: wrong error “%s” (%d)",
                 name, args, error->message, error->code);
  ck_assert_msg (strstr (error->message, message_part) != NULL,
                 "“%s” does not mention “%s”", error->message, message_part);
  ck_assert_int_eq (ax_fixture_count (&f, ALL_ROWS), before);
  rows_after = dump_all ();
  ck_assert_str_eq (rows_before, rows_after);
}

static char *
new_patient (void)
{
  return ax_fixture_mutate_id (&f, FRONT_DESK, "patient.create",
                               "{\"first_name\": \"Somchai\", \"last_name\": \"Jaidee\", "
                               "\"birth_date\": \"1988-04-25\"}");
}

static char *
new_template (const char *name,
              const char *body)
{
  g_autoptr (JsonObject) args = json_object_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_object_set_string_member (args, "name", name);
  json_object_set_string_member (args, "purpose", "treatment");
  json_object_set_string_member (args, "body", body);
  node = json_node_init_object (json_node_alloc (), args);
  text = json_to_string (node, FALSE);
  return ax_fixture_mutate_id (&f, OWNER, "consent_template.add", text);
}

static char *
new_consent (const char *patient_id,
             const char *template_id,
             const char *appointment_id)
{
  g_autofree char *args = NULL;

  if (appointment_id)
    args = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": \"%s\", "
                            "\"appointment_id\": \"%s\"}", patient_id, template_id, appointment_id);
  else
    args = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": \"%s\"}", patient_id,
                            template_id);
  return ax_fixture_mutate_id (&f, FRONT_DESK, "consent.create", args);
}

static AxConsent *
consent (const char *id)
{
  g_autoptr (GError) error = NULL;
  AxConsent *c = ax_consent_query (ax_store_get_db (f.store), id, &error);

  ck_assert_msg (c != NULL, "%s", error ? error->message : "");
  return c;
}

static void
sign (const char *id,
      const char *signer)
{
  g_autofree char *args = signer
    ? g_strdup_printf ("{\"id\": \"%s\", \"signer_name\": \"%s\", \"strokes\": " STROKES "}", id, signer)
    : g_strdup_printf ("{\"id\": \"%s\", \"strokes\": " STROKES "}", id);
  g_autoptr (JsonNode) r = ax_fixture_mutate (&f, FRONT_DESK, "consent.sign", args);
}

START_TEST (test_fields_filled)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ("Botox", "I, {{patient.name}} ({{ patient.number }}, born "
                                        "{{patient.birth_date}}), agree with {{clinic.name}} "
                                        "on {{date}}.");
  g_autofree char *id = new_consent (patient, tmpl, NULL);
  g_autoptr (AxConsent) c = consent (id);
  g_autofree char *expected = NULL;

  expected = g_strdup_printf ("I, Somchai Jaidee (%s, born 25 April 1988), agree with Lotus Test "
                              "Clinic on 10 March 2026.", c->patient_number);
  ck_assert_str_eq (c->body, expected);
  ck_assert_str_eq (c->purpose, "treatment");
  ck_assert_int_eq (c->template_revision, 1);
  ck_assert_int_eq (c->status, AX_CONSENT_PENDING);
  ck_assert_str_eq (c->template_name, "Botox");
  ck_assert_ptr_null (c->signature_id);
}
END_TEST

START_TEST (test_appointment_fields)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *other = new_patient ();
  g_autofree char *provider = ax_fixture_mutate_id (&f, OWNER, "provider.create",
                                                    "{\"name\": \"Dr Lee\"}");
  g_autofree char *service = ax_fixture_mutate_id (&f, OWNER, "service.create",
                                                   "{\"name\": \"Botox forehead\", "
                                                   "\"duration_min\": 30, \"needs_room\": false}");
  g_autofree char *appt_args = g_strdup_printf ("{\"patient_id\": \"%s\", \"provider_id\": \"%s\", "
                                                "\"start_at\": 1773198000000, "
                                                "\"services\": [\"%s\"], \"book_anyway\": true}",
                                                patient, provider, service);
  g_autofree char *appt = ax_fixture_mutate_id (&f, FRONT_DESK, "appointment.book", appt_args);
  g_autofree char *tmpl = new_template ("Filler", "{{provider.name}} will give {{service.name}} "
                                        "on {{appointment.date}} at {{appointment.time}}.");
  g_autofree char *no_appt = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": \"%s\"}",
                                              patient, tmpl);
  g_autofree char *wrong = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": \"%s\", "
                                            "\"appointment_id\": \"%s\"}", other, tmpl, appt);
  g_autofree char *id = NULL;
  g_autoptr (AxConsent) c = NULL;

  assert_refused (FRONT_DESK, "consent.create", no_appt, AX_MODEL_ERROR_INVALID_ARGS,
                  "choose the appointment");
  assert_refused (FRONT_DESK, "consent.create", wrong, AX_MODEL_ERROR_INVALID_ARGS,
                  "another patient");
  id = new_consent (patient, tmpl, appt);
  c = consent (id);
  /* 1773198000000 = 2026-03-11 03:00 UTC = 10:00 in Bangkok. */
  ck_assert_str_eq (c->body, "Dr Lee will give Botox forehead on 11 March 2026 at 10:00.");
  ck_assert_str_eq (c->appointment_id, appt);
}
END_TEST

START_TEST (test_unknown_field_refused)
{
  assert_refused (OWNER, "consent_template.add",
                  "{\"name\": \"X\", \"purpose\": \"treatment\", "
                  "\"body\": \"Size {{patient.shoe_size}}\"}",
                  AX_MODEL_ERROR_INVALID_ARGS, "Unknown field {{patient.shoe_size}}; known fields "
                  "are {{patient.name}}");
  assert_refused (OWNER, "consent_template.add",
                  "{\"name\": \"X\", \"purpose\": \"treatment\", \"body\": \"Hi {{patient.name\"}",
                  AX_MODEL_ERROR_INVALID_ARGS, "not closed");
}
END_TEST

START_TEST (test_template_revision)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ("Botox", "Old text for {{patient.first_name}}.");
  g_autofree char *id = new_consent (patient, tmpl, NULL);
  g_autofree char *update = g_strdup_printf ("{\"id\": \"%s\", \"revision\": 1, \"name\": "
                                             "\"Botox v2\", \"purpose\": \"treatment\", "
                                             "\"body\": \"New text for {{patient.first_name}}.\"}",
                                             tmpl);
  g_autoptr (JsonNode) r = NULL;
  g_autofree char *id2 = NULL;
  g_autoptr (AxConsent) c1 = NULL;
  g_autoptr (AxConsent) c2 = NULL;
  g_autoptr (GPtrArray) active = NULL;

  sign (id, NULL);
  r = ax_fixture_mutate (&f, OWNER, "consent_template.update", update);
  ck_assert_int_eq (json_object_get_int_member (json_node_get_object (r), "revision"), 2);
  /* Revision 1 seen, 2 stored: a stale edit. */
  assert_refused (OWNER, "consent_template.update", update, AX_MODEL_ERROR_STALE, "revision 2");

  id2 = new_consent (patient, tmpl, NULL);
  c1 = consent (id);
  c2 = consent (id2);
  ck_assert_str_eq (c1->body, "Old text for Somchai.");
  ck_assert_int_eq (c1->template_revision, 1);
  ck_assert_str_eq (c2->body, "New text for Somchai.");
  ck_assert_int_eq (c2->template_revision, 2);
  /* The signed one still verifies. */
  {
    g_autofree char *hash = ax_consent_content_sha256 (c1);
    ck_assert_str_eq (hash, c1->content_sha256);
  }

  {
    g_autofree char *retire = g_strdup_printf ("{\"id\": \"%s\"}", tmpl);
    g_autofree char *create = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": \"%s\"}",
                                               patient, tmpl);
    g_autoptr (JsonNode) rr = ax_fixture_mutate (&f, OWNER, "consent_template.retire", retire);

    assert_refused (OWNER, "consent_template.retire", retire, AX_MODEL_ERROR_RULE, "already retired");
    assert_refused (FRONT_DESK, "consent.create", create, AX_MODEL_ERROR_RULE, "retired");
  }
  active = ax_consent_templates_query (ax_store_get_db (f.store), TRUE, NULL);
  ck_assert_int_eq (active->len, 0);
  g_clear_pointer (&active, g_ptr_array_unref);
  active = ax_consent_templates_query (ax_store_get_db (f.store), FALSE, NULL);
  ck_assert_int_eq (active->len, 1);
  g_clear_pointer (&active, g_ptr_array_unref);

  /* Restored, it is offered again; never two in use of one name. */
  {
    g_autofree char *restore = g_strdup_printf ("{\"id\": \"%s\"}", tmpl);
    g_autofree char *twin = NULL;
    g_autofree char *twin_retire = NULL;
    g_autoptr (JsonNode) r1 = NULL;
    g_autoptr (JsonNode) r2 = NULL;

    assert_refused (FRONT_DESK, "consent_template.restore", restore, AX_MODEL_ERROR_FORBIDDEN,
                    "not allowed");
    assert_refused (OWNER, "consent_template.restore", "{\"id\": \"nope\"}",
                    AX_MODEL_ERROR_INVALID_ARGS, "“id”");
    assert_refused (OWNER, "consent_template.restore",
                    "{\"id\": \"019cd000-0000-7000-8000-00000000ffff\"}",
                    AX_MODEL_ERROR_NOT_FOUND, "no consent template");
    twin = new_template ("Botox v2", "Again, {{patient.name}}.");
    assert_refused (OWNER, "consent_template.restore", restore, AX_MODEL_ERROR_DUPLICATE,
                    "already a consent template in use called “Botox v2”");
    twin_retire = g_strdup_printf ("{\"id\": \"%s\"}", twin);
    r1 = ax_fixture_mutate (&f, OWNER, "consent_template.retire", twin_retire);
    r2 = ax_fixture_mutate (&f, OWNER, "consent_template.restore", restore);
    assert_refused (OWNER, "consent_template.restore", restore, AX_MODEL_ERROR_RULE,
                    "already in use");
    active = ax_consent_templates_query (ax_store_get_db (f.store), TRUE, NULL);
    ck_assert_int_eq (active->len, 1);
    ck_assert_str_eq (((AxConsentTemplate *) active->pdata[0])->id, tmpl);
    ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log "
                                            " WHERE action = 'consent_template.restore'"), 1);
  }
}
END_TEST

START_TEST (test_sign_and_hash)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ("Botox", "I agree, {{patient.name}}.");
  g_autofree char *id = new_consent (patient, tmpl, NULL);
  g_autoptr (AxConsent) c = NULL;
  g_autoptr (JsonNode) content = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *recomputed = NULL;
  g_autofree char *again = g_strdup_printf ("{\"id\": \"%s\", \"strokes\": " STROKES "}", id);

  sign (id, NULL);
  c = consent (id);
  ck_assert_int_eq (c->status, AX_CONSENT_SIGNED);
  ck_assert_int_eq (c->signed_ms, AX_FIXTURE_NOW_MS);
  ck_assert_str_eq (c->signer_name, "Somchai Jaidee");
  ck_assert_ptr_null (c->signer_user_id);
  ck_assert_str_eq (c->meaning, "Signed by the patient to give consent");
  ck_assert_ptr_nonnull (c->strokes);

  /* The hash is the SHA-256 of this exact text. */
  content = ax_consent_signed_content (c->body, c->purpose, c->patient_id, c->template_revision,
                                       c->strokes);
  canonical = ax_canonical_json (content);
  expected = g_strdup_printf ("{\"body\":\"I agree, Somchai Jaidee.\",\"patient_id\":\"%s\","
                              "\"purpose\":\"treatment\",\"strokes\":{\"height\":200,\"strokes\":"
                              "[[[10,150,0],[40,120.3,16],[80,100,33]],[[100,150],[140,90]]],"
                              "\"width\":600},\"template_revision\":1}", patient);
  ck_assert_str_eq (canonical, expected);
  recomputed = g_compute_checksum_for_string (G_CHECKSUM_SHA256, expected, -1);
  ck_assert_str_eq (recomputed, c->content_sha256);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = 'sign' "
                                          "AND subject_type = 'consent'"), 1);

  /* Immutable: signing again is refused, nothing changes. */
  assert_refused (FRONT_DESK, "consent.sign", again, AX_MODEL_ERROR_RULE,
                  "already signed by Somchai Jaidee");
}
END_TEST

/* A consent made again under a signed one's id (what the server sees from
 * a desk that had not seen the first): refused by name, nothing
 * overwritten. */
START_TEST (test_create_again_refused)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ("Botox", "I agree, {{patient.name}}.");
  g_autofree char *id = new_consent (patient, tmpl, NULL);
  g_autofree char *filled = NULL, *plain = NULL;

  sign (id, NULL);
  filled = g_strdup_printf ("{\"id\": \"%s\", \"patient_id\": \"%s\", \"template_id\": \"%s\", "
                            "\"body\": \"Something else.\", \"purpose\": \"other\", "
                            "\"template_revision\": 1}", id, patient, tmpl);
  plain = g_strdup_printf ("{\"id\": \"%s\", \"patient_id\": \"%s\", \"template_id\": \"%s\"}", id,
                           patient, tmpl);
  assert_refused (FRONT_DESK, "consent.create", filled, AX_MODEL_ERROR_DUPLICATE,
                  "already exists; a consent is never changed");
  assert_refused (PROVIDER, "consent.create", plain, AX_MODEL_ERROR_DUPLICATE, id);
}
END_TEST

START_TEST (test_signer_name)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ("Botox", "I agree.");
  g_autofree char *id = new_consent (patient, tmpl, NULL);
  g_autoptr (AxConsent) c = NULL;

  sign (id, "  Malee Jaidee (mother)  ");
  c = consent (id);
  ck_assert_str_eq (c->signer_name, "Malee Jaidee (mother)");
}
END_TEST

START_TEST (test_bad_strokes)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ("Botox", "I agree.");
  g_autofree char *id = new_consent (patient, tmpl, NULL);
  static const struct { const char *strokes; const char *message; } cases[] = {
    { "{\"width\": 600, \"height\": 200, \"strokes\": []}", "signature is empty" },
    { "{\"width\": 600, \"height\": 200, \"strokes\": [[[1, 2]], [[3, 4]]]}", "signature is empty" },
    { "{\"width\": 600, \"height\": 200, \"strokes\": [[]]}", "has no points" },
    { "{\"width\": 600, \"height\": 200, \"strokes\": [[[1, 2], [700, 4]]]}", "outside the 600" },
    { "{\"width\": 600, \"height\": 200, \"strokes\": [[[1, 2], [\"a\", 4]]]}", "numbers" },
    { "{\"width\": 600, \"height\": 200, \"strokes\": [[[1, 2], [3]]]}", "point 2 of stroke 1" },
    { "{\"width\": 600, \"height\": 200, \"strokes\": [[[1, 2], [3, 4, -5]]]}", "time of point 2" },
    { "{\"width\": 0, \"height\": 200, \"strokes\": [[[1, 2], [3, 4]]]}", "width and height" },
    { "{\"height\": 200, \"strokes\": [[[1, 2], [3, 4]]]}", "width and height" },
    { "{\"width\": 600, \"height\": 200, \"strokes\": \"x\"}", "must be a list of strokes" },
    { "{\"width\": 600, \"height\": 200, \"strokes\": [[[1, 2], [3, 4]]], \"ink\": 1}",
      "no field “ink”" },
    { "[[[1, 2], [3, 4]]]", "must be an object" },
  };
  g_autoptr (GString) many = g_string_new ("{\"width\": 600, \"height\": 200, \"strokes\": [[");

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"strokes\": %s}", id,
                                               cases[i].strokes);
      assert_refused (FRONT_DESK, "consent.sign", args, AX_MODEL_ERROR_INVALID_ARGS,
                      cases[i].message);
    }
  for (int i = 0; i < 4001; i++)
    g_string_append_printf (many, "%s[%d, 10]", i ? ", " : "", i % 600);
  g_string_append (many, "]]}");
  {
    g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"strokes\": %s}", id, many->str);
    assert_refused (FRONT_DESK, "consent.sign", args, AX_MODEL_ERROR_INVALID_ARGS,
                    "more than 4000 points");
  }
  {
    g_autofree char *args = g_strdup_printf ("{\"id\": \"019cd5a0-0001-7000-8000-0000000000ff\", "
                                             "\"strokes\": " STROKES "}");
    assert_refused (FRONT_DESK, "consent.sign", args, AX_MODEL_ERROR_NOT_FOUND, "no consent");
  }
}
END_TEST

START_TEST (test_withdraw)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ("Photos", "You may use my photos.");
  g_autofree char *id = new_consent (patient, tmpl, NULL);
  g_autofree char *args = g_strdup_printf ("{\"id\": \"%s\", \"reason\": \"Changed her mind\"}", id);
  g_autofree char *empty = g_strdup_printf ("{\"id\": \"%s\", \"reason\": \"  \"}", id);
  g_autoptr (JsonNode) r = NULL;
  g_autoptr (AxConsent) before = NULL;
  g_autoptr (AxConsent) c = NULL;
  g_autoptr (GPtrArray) list = NULL;
  AxConsentSummary *s;

  assert_refused (FRONT_DESK, "consent.withdraw", args, AX_MODEL_ERROR_RULE, "never signed");
  sign (id, NULL);
  before = consent (id);
  assert_refused (FRONT_DESK, "consent.withdraw", empty, AX_MODEL_ERROR_INVALID_ARGS, "reason");
  {
    /* A withdrawal recorded before the signing that stands (another
     * desk's, replayed on the server): refused, saying why. */
    g_autofree char *early = g_strdup_printf ("{\"id\": \"%s\", \"reason\": \"No\", \"withdrawn_at\": %"
                                              G_GINT64_FORMAT "}", id, (gint64) AX_FIXTURE_NOW_MS - 60000);
    assert_refused (FRONT_DESK, "consent.withdraw", early, AX_MODEL_ERROR_RULE,
                    "signed by Somchai Jaidee on 10 Mar 2026 10:30, after the withdrawal "
                    "(10 Mar 2026 10:29); it stays signed");
  }
  ax_store_set_now (f.store, AX_FIXTURE_NOW_MS + 60000);
  r = ax_fixture_mutate (&f, PROVIDER, "consent.withdraw", args);
  c = consent (id);
  ck_assert_int_eq (c->status, AX_CONSENT_WITHDRAWN);
  ck_assert_int_eq (c->withdrawn_ms, AX_FIXTURE_NOW_MS + 60000);
  ck_assert_str_eq (c->withdraw_reason, "Changed her mind");
  /* The signed body and the signature stay. */
  ck_assert_str_eq (c->body, before->body);
  ck_assert_str_eq (c->content_sha256, before->content_sha256);
  ck_assert_int_eq (c->signed_ms, before->signed_ms);
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = "
                                          "'withdraw' AND subject_type = 'consent'"), 1);
  assert_refused (FRONT_DESK, "consent.withdraw", args, AX_MODEL_ERROR_RULE, "already withdrawn");
  {
    g_autofree char *again = g_strdup_printf ("{\"id\": \"%s\", \"strokes\": " STROKES "}", id);
    assert_refused (FRONT_DESK, "consent.sign", again, AX_MODEL_ERROR_RULE, "cannot be signed again");
  }

  list = ax_consents_query (ax_store_get_db (f.store), patient, NULL);
  ck_assert_int_eq (list->len, 1);
  s = list->pdata[0];
  ck_assert_str_eq (s->template_name, "Photos");
  ck_assert_int_eq (s->status, AX_CONSENT_WITHDRAWN);
  ck_assert_int_eq (s->signed_ms, AX_FIXTURE_NOW_MS);
}
END_TEST

START_TEST (test_permissions)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ("Botox", "I agree.");
  g_autofree char *create = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": \"%s\"}",
                                             patient, tmpl);
  g_autofree char *id = new_consent (patient, tmpl, NULL);
  g_autofree char *sign_args = g_strdup_printf ("{\"id\": \"%s\", \"strokes\": " STROKES "}", id);
  g_autofree char *export_args = g_strdup_printf ("{\"id\": \"%s\", \"format\": \"pdf\"}", id);
  const char *add = "{\"name\": \"Y\", \"purpose\": \"data\", \"body\": \"ok\"}";
  AxRole not_owner[] = { PROVIDER, FRONT_DESK, BILLING, DIRECTOR, READ_ONLY };
  AxRole readers[] = { BILLING, DIRECTOR, READ_ONLY };

  for (gsize i = 0; i < G_N_ELEMENTS (not_owner); i++)
    assert_refused (not_owner[i], "consent_template.add", add, AX_MODEL_ERROR_FORBIDDEN,
                    "not allowed");
  for (gsize i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      assert_refused (readers[i], "consent.create", create, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
      assert_refused (readers[i], "consent.sign", sign_args, AX_MODEL_ERROR_FORBIDDEN, "not allowed");
    }
  /* Provider and Owner may make consents too; everybody who sees patients may export. */
  g_free (ax_fixture_mutate_id (&f, PROVIDER, "consent.create", create));
  g_free (ax_fixture_mutate_id (&f, OWNER, "consent.create", create));
  for (int role = 0; role < AX_N_ROLES; role++)
    g_free (ax_fixture_mutate_id (&f, role, "consent.export", export_args));
  ck_assert_int_eq (ax_fixture_count (&f, "SELECT COUNT (*) FROM audit_log WHERE action = "
                                          "'export' AND subject_type = 'consent'"), AX_N_ROLES);
}
END_TEST

START_TEST (test_bad_input)
{
  g_autofree char *patient = new_patient ();
  g_autofree char *tmpl = new_template ("Botox", "I agree.");
  g_autofree char *missing_tmpl = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": "
                                                   "\"019cd5a0-0001-7000-8000-0000000000ff\"}",
                                                   patient);
  g_autofree char *missing_patient = g_strdup_printf ("{\"patient_id\": "
                                                      "\"019cd5a0-0001-7000-8000-0000000000ff\", "
                                                      "\"template_id\": \"%s\"}", tmpl);
  g_autofree char *body_alone = g_strdup_printf ("{\"patient_id\": \"%s\", \"template_id\": \"%s\", "
                                                 "\"body\": \"forged\"}", patient, tmpl);

  assert_refused (FRONT_DESK, "consent.create", missing_tmpl, AX_MODEL_ERROR_NOT_FOUND,
                  "no consent template");
  assert_refused (FRONT_DESK, "consent.create", missing_patient, AX_MODEL_ERROR_NOT_FOUND,
                  "no patient");
  assert_refused (FRONT_DESK, "consent.create", body_alone, AX_MODEL_ERROR_INVALID_ARGS,
                  "template_revision");
  assert_refused (FRONT_DESK, "consent.create", "{\"patient_id\": \"nope\"}",
                  AX_MODEL_ERROR_INVALID_ARGS, "patient_id");
  assert_refused (OWNER, "consent_template.add",
                  "{\"name\": \"Botox\", \"purpose\": \"treatment\", \"body\": \"x\"}",
                  AX_MODEL_ERROR_DUPLICATE, "already a consent template called “Botox”");
  assert_refused (OWNER, "consent_template.add",
                  "{\"name\": \"Z\", \"purpose\": \"fun\", \"body\": \"x\"}",
                  AX_MODEL_ERROR_INVALID_ARGS, "purpose");
  assert_refused (OWNER, "consent_template.add", "{\"name\": \"Z\", \"purpose\": \"data\"}",
                  AX_MODEL_ERROR_INVALID_ARGS, "“body” is required");
  assert_refused (FRONT_DESK, "consent.export",
                  "{\"id\": \"019cd5a0-0001-7000-8000-0000000000ff\", \"format\": \"pdf\"}",
                  AX_MODEL_ERROR_NOT_FOUND, "consent");
}
END_TEST

AX_TEST_MAIN_FIXTURE ("consents", setup, teardown, test_fields_filled, test_appointment_fields,
                      test_unknown_field_refused, test_template_revision, test_sign_and_hash,
                      test_create_again_refused, test_signer_name, test_bad_strokes, test_withdraw, test_permissions,
                      test_bad_input)
