/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* Consents (docs/consents.md): templates with fields filled from the
 * patient and the appointment, consents signed on a signature pad, and
 * their withdrawal.
 *
 *   consent_template.add    {id?, name, purpose, body}                      settings.edit
 *   consent_template.update {id, revision (the one seen), name, purpose, body}
 *                           → revision + 1; consents keep the text they were made with
 *   consent_template.retire {id}                                            settings.edit
 *   consent_template.restore {id}  (a retired template in use again)        settings.edit
 *   consent.create   {id?, patient_id, template_id, appointment_id?}        patient.edit
 *                    (prepare() adds body, purpose and template_revision: the text filled
 *                    in exactly as it is shown and signed)
 *   consent.sign     {id, signer_name?, strokes: {width, height, strokes: [[[x, y, t?], …], …]}}
 *                                                                           patient.edit
 *   consent.withdraw {id, reason}                                           patient.edit
 *   consent.export   {id, format: "pdf"}  (only writes the audit entry)     patient.view
 *
 * purpose is one of treatment, photo_marketing, data, other. Templates are
 * the Owner's (settings.edit); consents are made, signed and withdrawn at
 * the desk or in the treatment room (patient.edit: Owner, Provider, Front
 * Desk); the Medical Director, Billing and Read Only only read them. */

#define AX_CONSENT_MEANING "Signed by the patient to give consent"

typedef enum
{
  AX_CONSENT_PENDING,
  AX_CONSENT_SIGNED,
  AX_CONSENT_WITHDRAWN,
} AxConsentStatus;

typedef struct
{
  char     *id;
  char     *name;
  char     *purpose;
  char     *body;
  int       revision;
  gboolean  active;
} AxConsentTemplate;

typedef struct
{
  char            *id;
  char            *template_name;
  char            *purpose;
  AxConsentStatus  status;
  gint64           created_ms;
  gint64           signed_ms;      /* 0 unless signed */
  gint64           withdrawn_ms;   /* 0 unless withdrawn */
} AxConsentSummary;

/* One consent with its signature. Immutable and refcounted. */
typedef struct
{
  char            *id;
  char            *patient_id;
  char            *patient_name;
  char            *patient_number;
  char            *template_id;
  char            *template_name;
  int              template_revision;
  char            *appointment_id;   /* NULL when none */
  char            *purpose;
  char            *body;
  AxConsentStatus  status;
  gint64           created_ms;
  gint64           signed_ms;
  gint64           withdrawn_ms;
  char            *withdraw_reason;

  /* The signature, when signed (also after a withdrawal). */
  char            *signature_id;
  char            *signer_name;
  char            *signer_user_id;   /* NULL: the patient signed */
  char            *meaning;
  char            *content_sha256;
  JsonNode        *strokes;          /* {width, height, strokes} */
} AxConsent;

/* An appointment a new consent may be for. */
typedef struct
{
  char   *id;
  gint64  start_ms;
  char   *provider_name;  /* "" when none */
  char   *services;       /* "Botox forehead, Filler lips" or "" */
} AxConsentAppointment;

/* What New Consent offers: the active templates and the patient's live
 * appointments from since_ms on (the soonest first, at most 20). */
typedef struct
{
  GPtrArray *templates;      /* AxConsentTemplate */
  GPtrArray *appointments;   /* AxConsentAppointment */
} AxConsentChoices;

void              ax_consent_choices_free      (AxConsentChoices *choices);
AxConsentChoices *ax_consent_choices_query     (AxDb        *db,
                                                const char  *patient_id,
                                                gint64       since_ms,
                                                GError     **error);
void              ax_consent_choices_query_async  (AxStore             *store,
                                                   const char          *patient_id,
                                                   gint64               since_ms,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
AxConsentChoices *ax_consent_choices_query_finish (AxStore             *store,
                                                   GAsyncResult        *result,
                                                   GError             **error);

AxConsent       *ax_consent_ref                (AxConsent *consent);
void             ax_consent_unref              (AxConsent *consent);
void             ax_consent_template_free      (AxConsentTemplate *tmpl);
void             ax_consent_summary_free       (AxConsentSummary  *summary);

const char      *ax_consent_status_to_string   (AxConsentStatus status);
/* Translated, for people: "Pending", "Signed", "Withdrawn". */
const char      *ax_consent_status_display_name (AxConsentStatus status);
/* Translated: "Treatment", "Photos for marketing", "Data", "Other". */
const char      *ax_consent_purpose_display_name (const char *purpose);

/* The names of the fields a template may use, NULL-terminated. */
const char *const *ax_consent_fields           (void);
/* FALSE with an error naming the first unknown or unclosed field. */
gboolean         ax_consent_template_check     (const char  *body,
                                                GError     **error);
/* body with each {{field}} replaced by values[field] (a field missing from
 * values is refused). */
char            *ax_consent_template_fill      (const char  *body,
                                                GHashTable  *values,
                                                GError     **error);
/* Whether body uses a field that needs an appointment (provider, service). */
gboolean         ax_consent_template_needs_appointment (const char *body);

/* What consent.sign hashes: the canonical JSON of {body, purpose,
 * patient_id, template_revision, strokes}, and its SHA-256 (lowercase hex). */
JsonNode        *ax_consent_signed_content     (const char  *body,
                                                const char  *purpose,
                                                const char  *patient_id,
                                                int          template_revision,
                                                JsonNode    *strokes);
char            *ax_consent_content_sha256     (AxConsent   *consent);

/* Queries. */
GPtrArray       *ax_consent_templates_query    (AxDb        *db,
                                                gboolean     active_only,
                                                GError     **error);
/* A patient's consents, newest first (AxConsentSummary). */
GPtrArray       *ax_consents_query             (AxDb        *db,
                                                const char  *patient_id,
                                                GError     **error);
AxConsent       *ax_consent_query              (AxDb        *db,
                                                const char  *id,
                                                GError     **error);

void             ax_consent_templates_query_async  (AxStore             *store,
                                                    gboolean             active_only,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GPtrArray       *ax_consent_templates_query_finish (AxStore             *store,
                                                    GAsyncResult        *result,
                                                    GError             **error);
void             ax_consents_query_async       (AxStore             *store,
                                                const char          *patient_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GPtrArray       *ax_consents_query_finish      (AxStore             *store,
                                                GAsyncResult        *result,
                                                GError             **error);
void             ax_consent_query_async        (AxStore             *store,
                                                const char          *id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
AxConsent       *ax_consent_query_finish       (AxStore             *store,
                                                GAsyncResult        *result,
                                                GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxConsent, ax_consent_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxConsentTemplate, ax_consent_template_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxConsentChoices, ax_consent_choices_free)

G_END_DECLS
