/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define AX_DB_ERROR (ax_db_error_quark ())

typedef enum
{
  AX_DB_ERROR_SQLITE,     /* SQLite failed; the message says how */
  AX_DB_ERROR_TOO_NEW,    /* the file was written by a newer Aesthetix */
  AX_DB_ERROR_NOT_A_STORE,/* not an Aesthetix store, or damaged */
  AX_DB_ERROR_CONFLICT,   /* a changeset no longer applies cleanly */
  AX_DB_ERROR_BUSY,       /* another program holds the store */
} AxDbError;

GQuark ax_db_error_quark (void);

#define AX_TYPE_DB (ax_db_get_type ())
G_DECLARE_FINAL_TYPE (AxDb, ax_db, AX, DB, GObject)

/* Opens (creating if needed) a store in WAL mode and brings its schema up to
 * date in one transaction. A store newer than this program is refused
 * untouched. */
AxDb         *ax_db_open                  (const char  *path,
                                           GError     **error);
/* Opens a store and migrates it only up to `version` (tests of migrations). */
AxDb         *ax_db_open_at_version       (const char  *path,
                                           int          version,
                                           GError     **error);
/* A second connection to an already migrated store, for a worker thread. */
AxDb         *ax_db_open_reader           (const char  *path,
                                           GError     **error);

int           ax_db_latest_schema_version (void);
int           ax_db_get_schema_version    (AxDb        *self);
const char   *ax_db_get_path              (AxDb        *self);
sqlite3      *ax_db_get_handle            (AxDb        *self);
/* Checkpoints of the write-ahead log run so far on the writer's background
 * thread (ax_db_open's connections; 0 for readers and in-memory stores). */
guint         ax_db_get_background_checkpoints (AxDb   *self);

/* A cached prepared statement, reset and cleared for use. Owned by the db. */
sqlite3_stmt *ax_db_prepare               (AxDb        *self,
                                           const char  *sql,
                                           GError     **error);
gboolean      ax_db_exec                  (AxDb        *self,
                                           const char  *sql,
                                           GError     **error);
/* A text column of the current row as a new string: NULL for an SQL NULL
 * (ax_db_column_dup), or "" for it (ax_db_column_dup_or_empty). */
char         *ax_db_column_dup            (sqlite3_stmt *stmt,
                                           int           col);
char         *ax_db_column_dup_or_empty   (sqlite3_stmt *stmt,
                                           int           col);
/* Sets error from the connection's last SQLite error, prefixed by what. */
gboolean      ax_db_fail                  (AxDb        *self,
                                           const char  *what,
                                           GError     **error);

gboolean      ax_db_begin                 (AxDb        *self,
                                           GError     **error);
/* One snapshot of the store for a read of several statements: a deferred
 * transaction, unless one is already open (then began is FALSE and
 * ax_db_end_read leaves it alone). */
gboolean      ax_db_begin_read            (AxDb        *self,
                                           gboolean    *began,
                                           GError     **error);
void          ax_db_end_read              (AxDb        *self,
                                           gboolean     began);
gboolean      ax_db_commit                (AxDb        *self,
                                           GError     **error);
void          ax_db_rollback              (AxDb        *self);
gboolean      ax_db_in_transaction        (AxDb        *self);
/* The SQL of a statement on this connection that was stepped and not reset
 * (it holds a read transaction open, which stops the log from being moved
 * back into the store), or NULL. */
const char   *ax_db_busy_statement        (AxDb        *self);

/* Changeset capture with the session extension, over every synced table
 * (outbox, outbox_effect, sync_state, audit and device-local tables are left out). */
typedef struct _AxDbCapture AxDbCapture;

AxDbCapture  *ax_db_capture_begin         (AxDb        *self,
                                           GError     **error);
/* Ends the capture and returns its changeset (possibly empty). */
GBytes       *ax_db_capture_end           (AxDbCapture *capture,
                                           GError     **error);
void          ax_db_capture_free          (AxDbCapture *capture);
/* Applies the inverse of a changeset; fails (changing nothing, when called
 * inside a transaction that is then rolled back) if a row has since changed. */
gboolean      ax_db_apply_inverse         (AxDb        *self,
                                           GBytes      *changeset,
                                           GError     **error);
/* The same, except that a change to a row of one of the tables skip (NULL
 * terminated) that has changed since is left as it is (the sync rebase: the
 * desk's own devices and number series rows, which it saves and puts back). */
gboolean      ax_db_apply_inverse_except  (AxDb               *self,
                                           GBytes             *changeset,
                                           const char *const  *skip,
                                           GError            **error);

/* Applies a changeset forward, leaving out the tables in skip (NULL:
 * none) and each change that conflicts (its row already there, changed or
 * gone since; a constraint): puts back what of it is missing. A change that
 * would break a foreign key undoes the whole application (*restored FALSE).
 * FALSE only when the store fails. */
gboolean      ax_db_apply_missing         (AxDb              *self,
                                           GBytes            *changeset,
                                           const char *const *skip,
                                           gboolean          *restored,
                                           GError           **error);

/* Device-local key/value state (sync_state). */
char         *ax_db_get_state             (AxDb        *self,
                                           const char  *key);
gboolean      ax_db_set_state             (AxDb        *self,
                                           const char  *key,
                                           const char  *value,
                                           GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxDbCapture, ax_db_capture_free)

G_END_DECLS
