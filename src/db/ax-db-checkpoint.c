/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-db"

#include "ax-db-checkpoint.h"

struct _AxDbCheckpointer
{
  GMutex   lock;
  GCond    wake;
  gboolean pending;
  gboolean stopping;
  guint    runs;
  gboolean log_open;  /* the thread's connection has read the store */
  int      pages;
  char    *path;
  GThread *thread;
};

static int
on_wal_commit (void       *data,
               sqlite3    *writer,
               const char *schema,
               int         wal_pages)
{
  AxDbCheckpointer *self = data;

  (void) writer;
  (void) schema;
  if (wal_pages >= self->pages)
    {
      g_mutex_lock (&self->lock);
      self->pending = TRUE;
      g_cond_signal (&self->wake);
      g_mutex_unlock (&self->lock);
    }
  return SQLITE_OK;
}

/* A connection learns that the store is in WAL mode from the store's header,
 * read when it first begins a read transaction; until then a checkpoint on
 * it does nothing at all (it reports -1 frames and SQLITE_OK). This one only
 * ever checkpoints, so it reads the header first: the read opens the log and
 * the connection keeps it open until it is closed. */
static gboolean
open_log (sqlite3 *handle)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (handle, "PRAGMA schema_version", -1, &stmt, NULL) == SQLITE_OK)
    ok = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return ok;
}

static gpointer
checkpoint_thread (gpointer data)
{
  AxDbCheckpointer *self = data;
  sqlite3 *handle = NULL;
  int rc;

  rc = sqlite3_open_v2 (self->path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    g_warning ("The store's log cannot be moved into it in the background: %s",
               handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc));
  else
    sqlite3_busy_timeout (handle, 1000);

  g_mutex_lock (&self->lock);
  for (;;)
    {
      while (!self->pending && !self->stopping)
        g_cond_wait (&self->wake, &self->lock);
      if (self->stopping)
        break;
      self->pending = FALSE;
      g_mutex_unlock (&self->lock);

      if (handle != NULL)
        {
          int log = -1, done = -1;

          /* Until the log is open (the first read may meet the writer's
           * lock, or the store may be new), try again at each wake-up. */
          if (!self->log_open)
            self->log_open = open_log (handle);
          rc = sqlite3_wal_checkpoint_v2 (handle, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
          if (rc != SQLITE_OK && rc != SQLITE_BUSY)
            g_debug ("Background checkpoint: %s", sqlite3_errmsg (handle));
          else
            g_debug ("Background checkpoint: %d of %d frames", done, log);
        }

      g_mutex_lock (&self->lock);
      self->runs++;
    }
  g_mutex_unlock (&self->lock);
  sqlite3_close_v2 (handle);
  return NULL;
}

AxDbCheckpointer *
ax_db_checkpointer_start (sqlite3    *writer,
                          const char *path,
                          int         pages)
{
  AxDbCheckpointer *self = g_new0 (AxDbCheckpointer, 1);

  g_return_val_if_fail (writer != NULL && path != NULL && pages > 0, NULL);

  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
  self->pages = pages;
  self->path = g_strdup (path);
  self->thread = g_thread_new ("ax-db-checkpoint", checkpoint_thread, self);
  sqlite3_wal_hook (writer, on_wal_commit, self);
  return self;
}

void
ax_db_checkpointer_stop (AxDbCheckpointer *self)
{
  if (self == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (self->thread);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  g_free (self->path);
  g_free (self);
}

guint
ax_db_checkpointer_get_runs (AxDbCheckpointer *self)
{
  guint runs;

  g_mutex_lock (&self->lock);
  runs = self->runs;
  g_mutex_unlock (&self->lock);
  return runs;
}
