/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-consents.h"

G_BEGIN_DECLS

/* Writes consent as an A4 PDF at path: the clinic, the patient, the text
 * exactly as signed (wrapped, over as many pages as it takes), and the
 * signature drawn as vectors with the signer, the time (in tz), the
 * meaning, the SHA-256 of the signed content and the consent's id; or "Not
 * signed yet"; and the withdrawal when there is one. Writes no audit entry:
 * the caller runs consent.export. */
gboolean ax_consent_pdf_write (AxConsent          *consent,
                               const AxClinicInfo *clinic,
                               GTimeZone          *tz,
                               const char         *path,
                               GError            **error);

G_END_DECLS
