/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ax-context.h"
#include "consents/ax-consent-view.h"

G_BEGIN_DECLS

#define AX_TYPE_CONSENTS_TAB (ax_consents_tab_get_type ())
G_DECLARE_FINAL_TYPE (AxConsentsTab, ax_consents_tab, AX, CONSENTS_TAB, GtkWidget)

/* The patient record's Consents tab (an AxRecordTab named "consents"): the
 * patient's consents with their purpose and status, New Consent… (a
 * template, and the appointment it is for when the template names the
 * provider or the service), and one consent open in an AxConsentView.
 * open_item (consent id) opens that consent.
 *
 * Actions: consents.new (Ctrl+Shift+N), consents.reload. */
GtkWidget     *ax_consents_tab_new        (AxContext     *context);
/* "none", "loading", "error", "empty", "list" or "consent". */
const char    *ax_consents_tab_get_state  (AxConsentsTab *self);
AxConsentView *ax_consents_tab_get_view   (AxConsentsTab *self);
/* The consents listed (AxConsentSummary), or NULL before they load. */
GPtrArray     *ax_consents_tab_get_items  (AxConsentsTab *self);

G_END_DECLS
