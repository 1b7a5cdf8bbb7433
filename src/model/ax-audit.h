/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

/* Walks the audit chain in order. On a break returns FALSE with the
 * sequence number of the first broken entry. */
gboolean ax_audit_verify (AxDb    *db,
                          gint64  *first_bad_seq,
                          gint64  *n_checked,
                          GError **error);

/* Reading the log (the Audit Log page; docs/audit.md). The store holds
 * one clinic, so every entry is this clinic's. */
typedef struct
{
  gint64  seq;
  char   *id;
  gint64  at_ms;
  char   *user_id;       /* NULL for the system */
  char   *user_name;     /* as it was when written; NULL for the system */
  char   *action;        /* login, reveal, user.update, … */
  char   *subject_type;  /* NULL when none */
  char   *subject_id;
  char   *detail_json;   /* the exact JSON text stored ("{}" when none) */
} AxAuditEntry;

/* What to show: every field NULL (or empty) shows everything. search
 * matches (ignoring case) the action, the user's name, the subject and the
 * detail. */
typedef struct
{
  const char *action;
  const char *user_id;
  const char *search;
} AxAuditFilter;

typedef struct
{
  char *user_id;
  char *user_name;       /* the newest name it was logged with */
} AxAuditUser;

/* One page, newest first; has_more when older entries are left. The first
 * page (before_seq 0) also lists the actions and users there are, for the
 * filters. Immutable and refcounted. */
typedef struct
{
  GPtrArray *entries;    /* AxAuditEntry */
  gboolean   has_more;
  gint64     total;      /* entries in the whole log */
  GStrv      actions;    /* sorted; NULL except on the first page */
  GPtrArray *users;      /* AxAuditUser by name; NULL except on the first page */
} AxAuditLogPage;

#define AX_AUDIT_PAGE_SIZE 200

AxAuditLogPage *ax_audit_log_page_ref     (AxAuditLogPage *page);
void         ax_audit_log_page_unref   (AxAuditLogPage *page);

/* Up to limit entries older than before_seq (0: from the newest). */
AxAuditLogPage *ax_audit_query        (AxDb                *db,
                                    const AxAuditFilter *filter,
                                    gint64               before_seq,
                                    guint                limit,
                                    GError             **error);
void         ax_audit_query_async  (AxStore             *store,
                                    const AxAuditFilter *filter,
                                    gint64               before_seq,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
AxAuditLogPage *ax_audit_query_finish (AxStore             *store,
                                    GAsyncResult        *result,
                                    GError             **error);

/* The verdict of a verification: intact, or the first broken entry. */
typedef struct
{
  gboolean  intact;
  gint64    n_checked;
  gint64    first_bad_seq;  /* 0 when intact */
  char     *message;        /* why it is broken; NULL when intact */
} AxAuditVerdict;

void            ax_audit_verdict_free         (AxAuditVerdict      *verdict);
/* ax_audit_verify on a worker thread with its own connection. Fails only
 * when the log cannot be read; a broken chain is a verdict. */
void            ax_audit_verify_async         (AxStore             *store,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
AxAuditVerdict *ax_audit_verify_finish        (AxStore             *store,
                                               GAsyncResult        *result,
                                               GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxAuditLogPage, ax_audit_log_page_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxAuditVerdict, ax_audit_verdict_free)

G_END_DECLS
