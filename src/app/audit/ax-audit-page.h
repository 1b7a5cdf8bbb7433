/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ax-context.h"

G_BEGIN_DECLS

#define AX_TYPE_AUDIT_PAGE (ax_audit_page_get_type ())
G_DECLARE_FINAL_TYPE (AxAuditPage, ax_audit_page, AX, AUDIT_PAGE, GtkWidget)

/* The Audit Log page (Owner: audit.view): the log newest first, a page at
 * a time (ax_audit_query_async), filtered by action and user and searched;
 * the chosen entry's details beside the list; Verify Chain checks every
 * hash on a worker thread (ax_audit_verify_async) and says whether the log
 * is intact or which entry is the first broken one. */
GtkWidget *ax_audit_page_new           (AxContext   *context);
void       ax_audit_page_reload        (AxAuditPage *self);
/* For tests: the entries shown, and the verdict line ("" until verified). */
guint      ax_audit_page_get_n_entries (AxAuditPage *self);
const char *ax_audit_page_get_verdict  (AxAuditPage *self);

G_END_DECLS
