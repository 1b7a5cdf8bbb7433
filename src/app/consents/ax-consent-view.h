/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-context.h"
#include "ax-consents.h"
#include "widgets/ax-signature-pad.h"

G_BEGIN_DECLS

#define AX_TYPE_CONSENT_VIEW (ax_consent_view_get_type ())
G_DECLARE_FINAL_TYPE (AxConsentView, ax_consent_view, AX, CONSENT_VIEW, GtkWidget)

/* One consent: its text as filled in, and either the pad to sign it on
 * (with the signer's name, the patient's by default) or the signature made,
 * with signer, time, meaning and hash. Withdraw… asks for a reason; Export
 * PDF… writes the consent as a PDF and audits the export.
 *
 * Actions: consent.back (Alt+Left; emits ::back), consent.reload,
 * consent.sign, consent.undo-stroke, consent.clear-pad, consent.withdraw,
 * consent.export. */
GtkWidget      *ax_consent_view_new            (AxContext     *context);
/* Loads and shows consent id (NULL shows nothing). */
void            ax_consent_view_show           (AxConsentView *self,
                                                const char    *id);
const char     *ax_consent_view_get_id         (AxConsentView *self);
/* The consent shown, or NULL while loading or on an error. */
AxConsent      *ax_consent_view_get_consent    (AxConsentView *self);
AxSignaturePad *ax_consent_view_get_pad        (AxConsentView *self);
/* "loading", "error" or "consent". */
const char     *ax_consent_view_get_state      (AxConsentView *self);

G_END_DECLS
