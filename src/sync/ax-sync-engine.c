/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-sync"

#include "ax-sync-engine.h"
#include "ax-sync-store.h"
#include "ax-test-point.h"

#include <glib/gi18n-lib.h>

#define BATCH_LIMIT   500
#define PAGE_LIMIT    500
/* Catching up (a fresh desk, or more pages waiting): larger pages, and the
 * next one asked for while this one is applied (docs/sync-protocol.md,
 * "Figures"). */
#define CATCH_UP_LIMIT 5000
#define CHANGE_DELAY_MS 500
/* While the server cannot be reached at all, the desk knocks at least this
 * often: a refused connection costs nothing on a LAN, and a desk that has
 * worked through a long outage must notice within seconds that the server
 * is back. A server that answers with errors gets the full back-off. */
#define UNREACHABLE_PROBE_MS 5000

G_DEFINE_ENUM_TYPE (AxSyncState, ax_sync_state,
  G_DEFINE_ENUM_VALUE (AX_SYNC_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (AX_SYNC_STATE_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (AX_SYNC_STATE_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (AX_SYNC_STATE_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (AX_SYNC_STATE_UPDATE_NEEDED, "update-needed"))

typedef enum
{
  STEP_PUSH,
  STEP_PULL,
} Step;

struct _AxSyncEngine
{
  GObject       parent_instance;
  AxStore      *store;
  AxSyncClient *client;
  char         *client_id;
  GCancellable *cancellable;
  gulong        changed_id;
  AxBlobSync   *blob_sync;

  AxSyncState   state;
  guint         pending;
  gint64        last_sync;
  gint64        offline_since;
  char         *last_error;

  /* The cycle. */
  gboolean      running;
  gboolean      again;
  gboolean      refreshed;
  gboolean      restamped;
  gint64        batch_last;
  /* The pull (docs/sync-protocol.md, "Catching up"). */
  GQueue        pages;       /* parsed pages waiting to be applied, in order */
  gboolean      fetching;    /* a pull is on its way */
  gboolean      fetch_catch_up; /* …for a catch-up page */
  guint         catch_up_limit;
  gboolean      applying;    /* a page is being applied on the catch-up worker */
  char         *next_cursor; /* more to fetch once a page is taken */
  GError       *pull_error;  /* a failed apply: the cycle ends with it */
  GError       *fetch_error; /* a failed fetch, handled once the applies are done */
  AxSyncCatchUp *catch_up;   /* the worker's connection, while catching up */
  gboolean      declined;    /* work waits: the rest of this pull rebases */
  gboolean      reading;     /* a catch-up page is being read on a worker */
  GPtrArray    *tasks;       /* waiting for the running cycle */
  GPtrArray    *next_tasks;  /* waiting for the one after it */
  GThreadPool  *release;     /* frees applied pages off the main loop */

  /* Who pushes: each author's mutations go with that author's sign-in. */
  GHashTable   *sign_ins;       /* user id → AxSyncClient (besides client's own user) */
  GHashTable   *push_refreshed; /* AxSyncClient refreshed this cycle (a set) */
  AxSyncClient *push_client;    /* the sign-in of the batch on the wire */
  char         *push_author;
  char         *waiting_for;    /* the author whose sign-in the queue waits for */

  /* The schedule. */
  gboolean      started;
  guint         interval_s;
  guint         max_backoff_s;
  guint         backoff_ms;
  guint         timer;
  gint64        due_us;      /* monotonic */
};

enum
{
  PROP_0,
  PROP_STORE,
  PROP_CLIENT,
  PROP_STATE,
  PROP_PENDING,
  PROP_LAST_SYNC,
  PROP_OFFLINE_SINCE,
  PROP_LAST_ERROR,
  PROP_BLOBS_PENDING,
  PROP_WAITING_FOR,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_FINAL_TYPE (AxSyncEngine, ax_sync_engine, G_TYPE_OBJECT)

static void run_cycle (AxSyncEngine *self);
static void push_next (AxSyncEngine *self);
static void pull_next (AxSyncEngine *self);
static void pull_page (AxSyncEngine *self,
                       const char   *cursor,
                       gboolean      catch_up);
static void push_failed (AxSyncEngine *self,
                         GError       *error);

/* Properties */

static void
set_state (AxSyncEngine *self,
           AxSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_STATE]);
}

static void
set_last_error (AxSyncEngine *self,
                const char   *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_LAST_ERROR]);
}

static void
set_int64 (AxSyncEngine *self,
           gint64       *field,
           gint64        value,
           guint         prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), props[prop]);
}

static void
update_pending (AxSyncEngine *self)
{
  guint pending = ax_store_sync_count_waiting (self->store);

  if (pending == self->pending)
    return;
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PENDING]);
}

/* The schedule */

static gboolean
timer_cb (gpointer data)
{
  AxSyncEngine *self = data;

  self->timer = 0;
  self->due_us = 0;
  if (self->running)
    self->again = TRUE;
  else
    run_cycle (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (AxSyncEngine *self,
          guint         delay_ms)
{
  if (!self->started)
    return;
  g_clear_handle_id (&self->timer, g_source_remove);
  self->timer = g_timeout_add (delay_ms, timer_cb, self);
  g_source_set_name_by_id (self->timer, "[aesthetix] sync");
  self->due_us = g_get_monotonic_time () + (gint64) delay_ms * 1000;
}

static void
store_changed_cb (AxStore      *store,
                  const char   *name,
                  AxSyncEngine *self)
{
  update_pending (self);
  if (g_str_has_prefix (name ? name : "", "sync."))
    return;
  /* A local change goes out soon, unless the server is known to be away
   * (then the back-off decides) or a cycle is due sooner anyway. */
  if (self->running)
    self->again = TRUE;
  else if (self->started && self->state != AX_SYNC_STATE_OFFLINE
           && (self->timer == 0 || self->due_us - g_get_monotonic_time () > CHANGE_DELAY_MS * 1000))
    schedule (self, CHANGE_DELAY_MS);
}

/* The cycle */

/* The store's clinic, sent with every call so that a token of another
 * clinic is refused (NULL for a fresh store: its first pull brings it). */
static const char *
store_clinic_id (AxSyncEngine *self)
{
  const AxClinicInfo *clinic = ax_store_get_clinic (self->store);

  return clinic != NULL ? clinic->id : NULL;
}

static void
cycle_done (AxSyncEngine *self,
            GError       *error)
{
  g_autoptr (GPtrArray) tasks = g_steal_pointer (&self->tasks);
  gint64 now = g_get_real_time () / 1000;
  guint next_ms = self->interval_s * 1000;

  self->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  update_pending (self);
  if (error == NULL)
    {
      /* Back from an outage: the other desks are coming back too, each
       * pushing what it did meanwhile within a probe's time; one more pull
       * soon brings theirs, rather than a whole interval later. */
      if (self->offline_since != 0)
        next_ms = MIN (next_ms, 2 * UNREACHABLE_PROBE_MS);
      self->backoff_ms = 0;
      set_int64 (self, &self->offline_since, 0, PROP_OFFLINE_SINCE);
      set_int64 (self, &self->last_sync, now, PROP_LAST_SYNC);
      set_last_error (self, NULL);
      set_state (self, AX_SYNC_STATE_IDLE);
      /* The rows are in: their files follow. */
      ax_blob_sync_kick (self->blob_sync);
    }
  else if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK)
           || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_SERVER))
    {
      self->backoff_ms = self->backoff_ms == 0 ? 1000 : MIN (self->backoff_ms * 2, self->max_backoff_s * 1000);
      next_ms = self->backoff_ms;
      if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NETWORK))
        next_ms = MIN (next_ms, UNREACHABLE_PROBE_MS);
      if (self->offline_since == 0)
        set_int64 (self, &self->offline_since, now, PROP_OFFLINE_SINCE);
      set_last_error (self, error->message);
      set_state (self, AX_SYNC_STATE_OFFLINE);
    }
  else
    {
      set_last_error (self, error->message);
      set_state (self, g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_UPDATE_NEEDED)
                       ? AX_SYNC_STATE_UPDATE_NEEDED : AX_SYNC_STATE_ERROR);
    }
  if (error != NULL)
    g_debug ("Sync failed: %s", error->message);

  self->running = FALSE;
  for (guint i = 0; i < tasks->len; i++)
    {
      if (error != NULL)
        g_task_return_error (tasks->pdata[i], g_error_copy (error));
      else
        g_task_return_boolean (tasks->pdata[i], TRUE);
    }

  if (self->again || self->next_tasks->len > 0)
    {
      g_ptr_array_extend_and_steal (self->tasks, g_steal_pointer (&self->next_tasks));
      self->next_tasks = g_ptr_array_new_with_free_func (g_object_unref);
      run_cycle (self);
    }
  else
    schedule (self, next_ms);
  g_object_unref (self);
}

static void
fail (AxSyncEngine *self,
      GError       *error)
{
  cycle_done (self, error);
  g_error_free (error);
}

typedef struct
{
  AxSyncEngine *self;   /* kept alive by the running cycle */
  Step          step;
} Retry;

static void
refresh_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autofree Retry *retry = user_data;
  AxSyncEngine *self = retry->self;
  g_autoptr (JsonObject) reply = NULL;
  GError *error = NULL;

  reply = ax_sync_client_call_finish (AX_SYNC_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      /* A spent or unknown refresh token: only a login helps. */
      if (g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_TOKEN_EXPIRED))
        error->code = AX_SYNC_ERROR_NEEDS_LOGIN;
      fail (self, error);
    }
  else if (retry->step == STEP_PUSH)
    push_next (self);
  else
    pull_next (self);
}

/* Handles a failed call: an expired token is refreshed once a cycle and the
 * step tried again; anything else ends the cycle. */
static void
call_failed (AxSyncEngine *self,
             Step          step,
             GError       *error)
{
  /* A desk resumed from the keyring has a refresh token and no access
   * token yet: the first call refreshes it the same way. */
  gboolean no_access = g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NEEDS_LOGIN)
                       && ax_sync_client_get_access_token (self->client) == NULL;

  if ((g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_TOKEN_EXPIRED) || no_access)
      && !self->refreshed && ax_sync_client_get_refresh_token (self->client) != NULL)
    {
      Retry *data = g_new (Retry, 1);

      data->self = self;
      data->step = step;
      self->refreshed = TRUE;
      g_error_free (error);
      ax_sync_client_refresh_async (self->client, self->cancellable, refresh_cb, data);
      return;
    }
  fail (self, error);
}

typedef struct
{
  JsonObject    *page;       /* parsed, or NULL */
  GBytes        *text;       /* a catch-up page, not parsed by json-glib */
  AxSyncPageRows *rows;      /* …read on a worker */
  AxSyncPageInfo info;
  AxSyncCatchUp *c;          /* for the worker */
  guint          applied;
  gboolean       declined;
} Page;

/* A page's tree is hundreds of thousands of nodes: freeing it took a
 * tenth of the main loop while catching up. A small one (a desk keeping
 * up) is freed at once, without a thread hop. */
#define FREE_INLINE_CHANGES 200

static void
page_free (AxSyncEngine *self,
           Page         *p)
{
  if (p->page != NULL)
    {
      JsonNode *changes = json_object_get_member (p->page, "changes");

      if (changes != NULL && JSON_NODE_HOLDS_ARRAY (changes)
          && json_array_get_length (json_node_get_array (changes)) <= FREE_INLINE_CHANGES)
        g_clear_pointer (&p->page, json_object_unref);
      else
        g_thread_pool_push (self->release, g_steal_pointer (&p->page), NULL);
    }
  g_clear_pointer (&p->text, g_bytes_unref);
  g_clear_pointer (&p->rows, ax_sync_page_rows_free);
  ax_sync_page_info_clear (&p->info);
  g_free (p);
}

static void pull_continue (AxSyncEngine *self);
static void maybe_fetch   (AxSyncEngine *self);
static void pull_cb       (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
set_pull_error (AxSyncEngine *self,
                GError       *error)
{
  Page *p;

  if (self->pull_error == NULL)
    self->pull_error = error;
  else
    g_error_free (error);
  /* What was fetched after the failed page is dropped. */
  while ((p = g_queue_pop_head (&self->pages)) != NULL)
    page_free (self, p);
  g_clear_pointer (&self->next_cursor, g_free);
}

/* More to come after this parsed page: its cursor, for the next fetch. */
static void
note_next_page (AxSyncEngine *self,
                JsonObject   *page)
{
  const char *cursor = json_object_get_string_member_with_default (page, "cursor", NULL);
  JsonNode *changes = json_object_get_member (page, "changes");

  if (json_object_get_boolean_member_with_default (page, "has_more", FALSE) && cursor != NULL
      && changes != NULL && JSON_NODE_HOLDS_ARRAY (changes)
      && json_array_get_length (json_node_get_array (changes)) > 0)
    {
      g_free (self->next_cursor);
      self->next_cursor = g_strdup (cursor);
    }
}

/* The tree of a page fetched unparsed (the bytes are not NUL-terminated),
 * for the rebase; NULL when it is not a JSON object. */
static JsonObject *
parse_text (GBytes *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize len = 0;
  const char *data = g_bytes_get_data (text, &len);
  JsonNode *root;

  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize) len, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* On the main loop, as one transaction with the rebase (DESIGN.md §6). */
static void
apply_inline (AxSyncEngine *self,
              Page         *p)
{
  GError *error = NULL;
  guint applied = 0;

  if (p->page == NULL)
    {
      /* A catch-up page that cannot go to the worker (rare). */
      p->page = p->text != NULL ? parse_text (p->text) : NULL;
      if (p->page == NULL)
        {
          set_pull_error (self, g_error_new (AX_SYNC_ERROR, AX_SYNC_ERROR_BAD_REPLY,
                                             _("The clinic server sent a reply this desk cannot read")));
          page_free (self, p);
          return;
        }
    }
  if (!ax_store_sync_apply_pulled (self->store, p->page, &applied, &error))
    set_pull_error (self, error);
  page_free (self, p);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Page *p = task_data;
  GError *error = NULL;

  p->rows = ax_sync_page_rows_read (p->text, &p->info, &error);
  if (p->rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* A catch-up page read: more to come, so the next one is asked for now,
 * while this one waits or is applied. */
static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AxSyncEngine *self = AX_SYNC_ENGINE (source);
  Page *p = user_data;
  GError *error = NULL;

  self->reading = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      set_pull_error (self, error);
      page_free (self, p);
    }
  else if (self->pull_error != NULL)
    page_free (self, p);
  else
    {
      if (p->info.has_more && p->info.n_changes > 0)
        {
          g_free (self->next_cursor);
          self->next_cursor = g_strdup (p->info.cursor);
        }
      g_queue_push_tail (&self->pages, p);
    }
  pull_continue (self);
}

static void
start_read (AxSyncEngine *self,
            Page         *p)
{
  g_autoptr (GTask) task = g_task_new (self, NULL, read_cb, p);

  self->reading = TRUE;
  g_task_set_source_tag (task, start_read);
  g_task_set_task_data (task, p, NULL);
  g_task_run_in_thread (task, read_thread);
}

static void
catch_up_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Page *p = task_data;
  GError *error = NULL;

  if (!ax_sync_catch_up_apply (p->c, p->rows, &p->info, &p->applied, &p->declined, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (p->declined)
    {
      /* The rebase on the main loop needs the tree: built here. */
      p->page = parse_text (p->text);
      if (p->page == NULL)
        {
          g_task_return_new_error (task, AX_SYNC_ERROR, AX_SYNC_ERROR_BAD_REPLY,
                                   _("The clinic server sent a reply this desk cannot read"));
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
catch_up_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AxSyncEngine *self = AX_SYNC_ENGINE (source);
  Page *p = user_data;
  GError *error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->applying = FALSE;
  if (!ok)
    {
      set_pull_error (self, error);
      page_free (self, p);
    }
  else if (p->declined)
    {
      /* The person changed something meanwhile: the rebase takes over. */
      self->declined = TRUE;
      apply_inline (self, p);
    }
  else
    {
      /* The worker is idle: the clock can be written. */
      if (!ax_store_sync_caught_up (self->store, p->info.server_ms, p->applied, &error))
        set_pull_error (self, error);
      page_free (self, p);
    }
  pull_continue (self);
}

/* Applies the page on the catch-up worker; FALSE when it cannot. */
static gboolean
start_catch_up (AxSyncEngine *self,
                Page         *p)
{
  g_autoptr (GTask) task = NULL;

  if (p->rows == NULL || self->declined)
    return FALSE;
  if (self->catch_up == NULL)
    {
      g_autoptr (GError) error = NULL;

      self->catch_up = ax_store_sync_catch_up_new (self->store, &error);
      if (self->catch_up == NULL)
        {
          g_debug ("Catching up on the main loop: %s", error->message);
          self->declined = TRUE;
          return FALSE;
        }
    }
  p->c = self->catch_up;
  self->applying = TRUE;
  task = g_task_new (self, NULL, catch_up_cb, p);
  g_task_set_source_tag (task, start_catch_up);
  g_task_set_task_data (task, p, NULL);
  g_task_run_in_thread (task, catch_up_thread);
  return TRUE;
}

static void
pull_page (AxSyncEngine *self,
           const char   *cursor,
           gboolean      catch_up)
{
  /* Work waiting (declined): the rest goes through the rebase on the main
   * loop, in pages of the usual size, so that each is a short pause. */
  guint limit = catch_up && !self->declined ? self->catch_up_limit : PAGE_LIMIT;

  self->fetching = TRUE;
  /* Catching up, the page is read on a worker, by SQLite: not parsed. */
  self->fetch_catch_up = catch_up && !self->declined;
  if (self->fetch_catch_up)
    ax_sync_client_pull_text_async (self->client, cursor, limit, self->client_id,
                                    store_clinic_id (self), self->cancellable, pull_cb, self);
  else
    ax_sync_client_pull_async (self->client, cursor, limit, self->client_id,
                               store_clinic_id (self), self->cancellable, pull_cb, self);
}

/* More to come: asked for as soon as no page waits, so the server reads
 * and the desk parses the next page while this one is applied (two pages
 * in flight, no more). */
static void
maybe_fetch (AxSyncEngine *self)
{
  g_autofree char *cursor = NULL;

  if (self->next_cursor == NULL || self->fetching || !g_queue_is_empty (&self->pages)
      || self->pull_error != NULL || self->fetch_error != NULL)
    return;
  cursor = g_steal_pointer (&self->next_cursor);
  pull_page (self, cursor, TRUE);
}

static void
pull_continue (AxSyncEngine *self)
{
  Page *p;

  while (!self->applying && (p = g_queue_pop_head (&self->pages)) != NULL)
    {
      maybe_fetch (self);
      if (!start_catch_up (self, p))
        apply_inline (self, p);
    }
  maybe_fetch (self);
  if (self->applying || self->fetching || self->reading)
    return;

  /* Everything fetched is applied. */
  g_clear_pointer (&self->catch_up, ax_sync_catch_up_free);
  if (self->pull_error != NULL)
    {
      g_clear_error (&self->fetch_error);
      fail (self, g_steal_pointer (&self->pull_error));
    }
  else if (self->fetch_error != NULL)
    call_failed (self, STEP_PULL, g_steal_pointer (&self->fetch_error));
  else
    cycle_done (self, NULL);
}

static void
pull_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AxSyncEngine *self = user_data;
  gboolean text = self->fetch_catch_up;
  GError *error = NULL;
  Page *p = g_new0 (Page, 1);

  if (text)
    p->text = ax_sync_client_pull_text_finish (AX_SYNC_CLIENT (source), result, &error);
  else
    p->page = ax_sync_client_call_finish (AX_SYNC_CLIENT (source), result, &error);
  self->fetching = FALSE;
  if (p->page == NULL && p->text == NULL)
    {
      g_free (p);
      if (self->pull_error == NULL && self->fetch_error == NULL)
        self->fetch_error = error;
      else
        g_error_free (error);
      pull_continue (self);
      return;
    }
  if (self->pull_error != NULL)
    {
      /* A page before this one failed to apply: this one is dropped. */
      page_free (self, p);
      pull_continue (self);
      return;
    }
  /* A parsed page says now whether more follow; a catch-up page, once a
   * worker has read it (read_cb). */
  if (text)
    {
      start_read (self, p);
      return;
    }
  note_next_page (self, p->page);
  g_queue_push_tail (&self->pages, p);
  pull_continue (self);
}

static void
pull_next (AxSyncEngine *self)
{
  g_autofree char *cursor = ax_store_sync_get_cursor (self->store);

  /* Work waiting: this pull goes through the rebase from its first page. */
  self->declined = ax_store_sync_has_kept_work (self->store);
  /* A fresh desk has the whole clinic to catch up on. */
  pull_page (self, cursor, g_strcmp0 (cursor, "0") == 0);
}

/* Sign-ins: who pushes */

static void
set_waiting_for (AxSyncEngine *self,
                 const char   *user_id)
{
  if (g_strcmp0 (self->waiting_for, user_id) == 0)
    return;
  g_free (self->waiting_for);
  self->waiting_for = g_strdup (user_id);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_WAITING_FOR]);
}

/* The sign-in that pushes author's mutations: the engine's own client when
 * it is theirs (or the mutation has no author), else the one added for
 * them; NULL when they have none here. */
static AxSyncClient *
sign_in_for (AxSyncEngine *self,
             const char   *author)
{
  if (author == NULL || g_strcmp0 (ax_sync_client_get_user_id (self->client), author) == 0)
    return self->client;
  return g_hash_table_lookup (self->sign_ins, author);
}

/* The author's sign-in is spent (a refresh token expired or revoked): their
 * mutations wait until they sign in again. The engine's own client stays
 * (its refusal shows when the pull fails). */
static void
drop_sign_in (AxSyncEngine *self,
              const char   *author)
{
  if (author != NULL && g_hash_table_lookup (self->sign_ins, author) == self->push_client)
    g_hash_table_remove (self->sign_ins, author);
}

/* A desk-local user id vouched for as the sign-in's user (the same person,
 * before the desk first synced its users): the mutations name the server's. */
static void
name_author (JsonArray    *batch,
             AxSyncClient *client)
{
  const char *user_id = ax_sync_client_get_user_id (client);

  for (guint i = 0; user_id != NULL && i < json_array_get_length (batch); i++)
    {
      JsonObject *m = json_array_get_object_element (batch, i);

      if (json_object_has_member (m, "user_id"))
        json_object_set_string_member (m, "user_id", user_id);
    }
}

static void
push_refresh_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AxSyncEngine *self = user_data;
  g_autoptr (JsonObject) reply = NULL;
  GError *error = NULL;

  reply = ax_sync_client_call_finish (AX_SYNC_CLIENT (source), result, &error);
  if (reply != NULL)
    push_next (self);
  else
    push_failed (self, error);
}

/* A refused push: an expired token is refreshed once a cycle and the batch
 * sent again; a sign-in that cannot be refreshed leaves its author's
 * mutations waiting (and the pull goes on); anything else ends the cycle. */
static void
push_failed (AxSyncEngine *self,
             GError       *error)
{
  AxSyncClient *client = self->push_client;
  gboolean no_access = g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NEEDS_LOGIN)
                       && ax_sync_client_get_access_token (client) == NULL;
  gboolean expired = g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_TOKEN_EXPIRED);

  if ((expired || no_access) && !g_hash_table_contains (self->push_refreshed, client)
      && ax_sync_client_get_refresh_token (client) != NULL)
    {
      g_hash_table_add (self->push_refreshed, g_object_ref (client));
      g_error_free (error);
      ax_sync_client_refresh_async (client, self->cancellable, push_refresh_cb, self);
      return;
    }
  if ((expired || g_error_matches (error, AX_SYNC_ERROR, AX_SYNC_ERROR_NEEDS_LOGIN))
      && client != self->client)
    {
      g_debug ("Sign-in of %s spent: %s", self->push_author, error->message);
      g_error_free (error);
      drop_sign_in (self, self->push_author);
      set_waiting_for (self, self->push_author);
      pull_next (self);
      return;
    }
  call_failed (self, STEP_PUSH, error);
}

static void
push_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AxSyncEngine *self = user_data;
  g_autoptr (JsonObject) reply = NULL;
  GError *error = NULL;
  JsonArray *results;
  gint64 last;

  reply = ax_sync_client_call_finish (AX_SYNC_CLIENT (source), result, &error);
  if (reply == NULL)
    {
      push_failed (self, error);
      return;
    }
  /* The server has committed; its verdict is not recorded yet. */
  ax_test_point ("push-replied");
  last = json_object_get_int_member_with_default (reply, "last_mutation_id", 0);
  results = json_object_has_member (reply, "results")
            ? json_object_get_array_member (reply, "results") : NULL;
  if (!ax_store_sync_acknowledge (self->store, reply, &error))
    {
      fail (self, error);
      return;
    }
  update_pending (self);

  /* A refused mutation (a clock too far ahead) stops the queue until the
   * desk's clock is right: say so. */
  for (guint i = 0; results && i < json_array_get_length (results); i++)
    {
      JsonObject *r = json_array_get_object_element (results, i);

      if (r != NULL && g_strcmp0 (json_object_get_string_member_with_default (r, "status", NULL), "refused") == 0)
        {
          gboolean restamped = FALSE;

          /* A clock that was ahead and has been corrected: new stamps for
           * what waits, and the push again (once a cycle). */
          if (g_strcmp0 (json_object_get_string_member_with_default (r, "code", NULL), "clock_ahead") == 0
              && !self->restamped
              && !ax_store_sync_restamp (self->store,
                                         json_object_get_int_member_with_default (reply, "server_time", 0),
                                         &restamped, &error))
            {
              fail (self, error);
              return;
            }
          if (restamped)
            {
              self->restamped = TRUE;
              push_next (self);
              return;
            }
          fail (self, g_error_new (AX_SYNC_ERROR, AX_SYNC_ERROR_REFUSED,
                                   _("The clinic server refused a change: %s"),
                                   json_object_get_string_member_with_default (r, "message", "")));
          return;
        }
    }
  /* All of the batch acknowledged: the next one. Otherwise (a gap the server
   * stopped at) pull, and try again next cycle. */
  if (last >= self->batch_last)
    push_next (self);
  else
    pull_next (self);
}

static void
push_next (AxSyncEngine *self)
{
  g_autoptr (JsonArray) batch = NULL;
  g_autofree char *author = NULL;
  GError *error = NULL;
  AxSyncClient *client;
  guint n;

  batch = ax_store_sync_take_author_batch (self->store, BATCH_LIMIT, &author, &error);
  if (batch == NULL)
    {
      fail (self, error);
      return;
    }
  update_pending (self);
  n = json_array_get_length (batch);
  client = n > 0 ? sign_in_for (self, author) : NULL;
  set_waiting_for (self, n > 0 && client == NULL ? author : NULL);
  if (client == NULL)
    {
      /* Nothing to push, or its author has not signed in here: the queue
       * waits at that mutation (never reordered, never pushed as someone
       * else); pulls go on. */
      pull_next (self);
      return;
    }
  self->batch_last = json_object_get_int_member (json_array_get_object_element (batch, n - 1), "id");
  name_author (batch, client);
  g_set_object (&self->push_client, client);
  g_free (self->push_author);
  self->push_author = g_steal_pointer (&author);
  ax_test_point ("push-taken");   /* marked sent, not yet on the wire */
  ax_sync_client_push_async (client, self->client_id, store_clinic_id (self), batch,
                             self->cancellable, push_cb, self);
}

static void
run_cycle (AxSyncEngine *self)
{
  g_assert (!self->running);
  g_clear_handle_id (&self->timer, g_source_remove);
  self->due_us = 0;
  self->running = TRUE;
  self->again = FALSE;
  self->refreshed = FALSE;
  self->restamped = FALSE;
  g_hash_table_remove_all (self->push_refreshed);
  g_object_ref (self);
  set_state (self, AX_SYNC_STATE_SYNCING);
  push_next (self);
}

void
ax_sync_engine_sync_async (AxSyncEngine        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (AX_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ax_sync_engine_sync_async);
  if (self->running)
    {
      g_ptr_array_add (self->next_tasks, task);
      self->again = TRUE;
      return;
    }
  g_ptr_array_add (self->tasks, task);
  run_cycle (self);
}

gboolean
ax_sync_engine_sync_finish (AxSyncEngine  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ax_sync_engine_start (AxSyncEngine *self,
                      guint         interval_s,
                      guint         max_backoff_s)
{
  g_return_if_fail (AX_IS_SYNC_ENGINE (self));
  self->interval_s = MAX (interval_s, 1);
  self->max_backoff_s = MAX (max_backoff_s, 1);
  self->started = TRUE;
  ax_blob_sync_set_max_backoff (self->blob_sync, self->max_backoff_s);
  ax_blob_sync_kick (self->blob_sync);
  if (!self->running)
    schedule (self, 0);
}

void
ax_sync_engine_stop (AxSyncEngine *self)
{
  g_return_if_fail (AX_IS_SYNC_ENGINE (self));
  self->started = FALSE;
  g_clear_handle_id (&self->timer, g_source_remove);
  self->due_us = 0;
}

void
ax_sync_engine_set_catch_up_limit (AxSyncEngine *self,
                                   guint         limit)
{
  g_return_if_fail (AX_IS_SYNC_ENGINE (self));
  self->catch_up_limit = limit > 0 ? limit : CATCH_UP_LIMIT;
}

gint64
ax_sync_engine_get_next_delay (AxSyncEngine *self)
{
  if (self->timer == 0)
    return -1;
  return MAX (0, (self->due_us - g_get_monotonic_time ()) / 1000);
}

/* GObject */

static void
blobs_pending_cb (AxSyncEngine *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BLOBS_PENDING]);
}

static void
ax_sync_engine_constructed (GObject *object)
{
  AxSyncEngine *self = AX_SYNC_ENGINE (object);

  G_OBJECT_CLASS (ax_sync_engine_parent_class)->constructed (object);
  g_assert (self->store != NULL && self->client != NULL);
  /* The push's client id is the store's own device id: one queue per store. */
  self->client_id = g_strdup (ax_store_get_device_id (self->store));
  self->changed_id = g_signal_connect (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  self->pending = ax_store_sync_count_waiting (self->store);
  self->blob_sync = ax_blob_sync_new (self->store, self->client);
  g_signal_connect_object (self->blob_sync, "notify::pending", G_CALLBACK (blobs_pending_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
ax_sync_engine_dispose (GObject *object)
{
  AxSyncEngine *self = AX_SYNC_ENGINE (object);

  ax_sync_engine_stop (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->store);
  if (self->blob_sync != NULL)
    ax_blob_sync_stop (self->blob_sync);
  g_clear_object (&self->blob_sync);
  if (self->release != NULL)
    g_thread_pool_free (g_steal_pointer (&self->release), FALSE, TRUE);
  G_OBJECT_CLASS (ax_sync_engine_parent_class)->dispose (object);
}

static void
ax_sync_engine_finalize (GObject *object)
{
  AxSyncEngine *self = AX_SYNC_ENGINE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  g_clear_pointer (&self->next_tasks, g_ptr_array_unref);
  g_clear_pointer (&self->sign_ins, g_hash_table_unref);
  g_clear_pointer (&self->push_refreshed, g_hash_table_unref);
  g_clear_object (&self->push_client);
  g_free (self->push_author);
  g_free (self->waiting_for);
  g_free (self->client_id);
  g_free (self->last_error);
  g_clear_error (&self->pull_error);
  g_clear_error (&self->fetch_error);
  g_free (self->next_cursor);
  g_assert (g_queue_is_empty (&self->pages) && self->catch_up == NULL);
  G_OBJECT_CLASS (ax_sync_engine_parent_class)->finalize (object);
}

static void
ax_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AxSyncEngine *self = AX_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_OFFLINE_SINCE:
      g_value_set_int64 (value, self->offline_since);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_BLOBS_PENDING:
      g_value_set_uint (value, ax_sync_engine_get_blobs_pending (self));
      break;
    case PROP_WAITING_FOR:
      g_value_set_string (value, self->waiting_for);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_sync_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AxSyncEngine *self = AX_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ax_sync_engine_class_init (AxSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = ax_sync_engine_constructed;
  object_class->dispose = ax_sync_engine_dispose;
  object_class->finalize = ax_sync_engine_finalize;
  object_class->get_property = ax_sync_engine_get_property;
  object_class->set_property = ax_sync_engine_set_property;

  props[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, AX_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, AX_TYPE_SYNC_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  props[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, AX_TYPE_SYNC_STATE, AX_SYNC_STATE_IDLE, ro);
  props[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0, ro);
  props[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0, ro);
  props[PROP_OFFLINE_SINCE] =
    g_param_spec_int64 ("offline-since", NULL, NULL, 0, G_MAXINT64, 0, ro);
  props[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  props[PROP_BLOBS_PENDING] =
    g_param_spec_uint ("blobs-pending", NULL, NULL, 0, G_MAXUINT, 0, ro);
  props[PROP_WAITING_FOR] =
    g_param_spec_string ("waiting-for", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
free_page (gpointer page,
           gpointer unused)
{
  json_object_unref (page);
}

static void
ax_sync_engine_init (AxSyncEngine *self)
{
  self->cancellable = g_cancellable_new ();
  self->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  self->sign_ins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->push_refreshed = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->release = g_thread_pool_new (free_page, NULL, 1, FALSE, NULL);
  self->catch_up_limit = CATCH_UP_LIMIT;
  self->interval_s = 30;
  self->max_backoff_s = 300;
}

AxSyncEngine *
ax_sync_engine_new (AxStore      *store,
                    AxSyncClient *client)
{
  g_return_val_if_fail (AX_IS_STORE (store), NULL);
  g_return_val_if_fail (AX_IS_SYNC_CLIENT (client), NULL);
  return g_object_new (AX_TYPE_SYNC_ENGINE, "store", store, "client", client, NULL);
}

AxStore *
ax_sync_engine_get_store (AxSyncEngine *self)
{
  return self->store;
}

AxSyncClient *
ax_sync_engine_get_client (AxSyncEngine *self)
{
  return self->client;
}

AxSyncState
ax_sync_engine_get_state (AxSyncEngine *self)
{
  return self->state;
}

guint
ax_sync_engine_get_pending (AxSyncEngine *self)
{
  return self->pending;
}

gint64
ax_sync_engine_get_last_sync (AxSyncEngine *self)
{
  return self->last_sync;
}

gint64
ax_sync_engine_get_offline_since (AxSyncEngine *self)
{
  return self->offline_since;
}

const char *
ax_sync_engine_get_last_error (AxSyncEngine *self)
{
  return self->last_error;
}

AxBlobSync *
ax_sync_engine_get_blob_sync (AxSyncEngine *self)
{
  g_return_val_if_fail (AX_IS_SYNC_ENGINE (self), NULL);
  return self->blob_sync;
}

guint
ax_sync_engine_get_blobs_pending (AxSyncEngine *self)
{
  g_return_val_if_fail (AX_IS_SYNC_ENGINE (self), 0);
  return self->blob_sync != NULL ? ax_blob_sync_get_pending (self->blob_sync) : 0;
}

void
ax_sync_engine_add_sign_in (AxSyncEngine *self,
                            AxSyncClient *client)
{
  g_return_if_fail (AX_IS_SYNC_CLIENT (client));
  ax_sync_engine_add_sign_in_as (self, ax_sync_client_get_user_id (client), client);
}

void
ax_sync_engine_add_sign_in_as (AxSyncEngine *self,
                               const char   *user_id,
                               AxSyncClient *client)
{
  g_return_if_fail (AX_IS_SYNC_ENGINE (self));
  g_return_if_fail (AX_IS_SYNC_CLIENT (client));
  g_return_if_fail (user_id != NULL && ax_sync_client_get_user_id (client) != NULL);

  if (g_strcmp0 (ax_sync_client_get_user_id (self->client), user_id) != 0)
    g_hash_table_replace (self->sign_ins, g_strdup (user_id), g_object_ref (client));
  /* The queue waited for them: go on now. */
  if (g_strcmp0 (self->waiting_for, user_id) != 0)
    return;
  if (self->running)
    self->again = TRUE;
  else if (self->started)
    schedule (self, 0);
}

AxSyncClient *
ax_sync_engine_get_sign_in (AxSyncEngine *self,
                            const char   *user_id)
{
  g_return_val_if_fail (AX_IS_SYNC_ENGINE (self), NULL);
  return user_id != NULL ? sign_in_for (self, user_id) : NULL;
}

const char *
ax_sync_engine_get_waiting_for (AxSyncEngine *self)
{
  g_return_val_if_fail (AX_IS_SYNC_ENGINE (self), NULL);
  return self->waiting_for;
}
