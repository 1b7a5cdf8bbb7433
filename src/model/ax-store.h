/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "ax-db.h"
#include "ax-actor.h"

G_BEGIN_DECLS

#define AX_TYPE_STORE (ax_store_get_type ())
G_DECLARE_FINAL_TYPE (AxStore, ax_store, AX, STORE, GObject)

/* The clinic a store belongs to, as read at open. */
typedef struct
{
  char     *id;
  char     *code;            /* short name used in number series */
  char     *name;
  char     *address;
  char     *tax_id;
  char     *currency;        /* "THB" */
  char     *timezone;        /* "Asia/Bangkok" */
  char     *locale;          /* "th_TH.UTF-8" */
  guint     vat_rate_bp;     /* 700 = 7 % */
  gboolean  prices_include_tax;
} AxClinicInfo;

/* Opens the store at path (creating and migrating it as needed). */
AxStore            *ax_store_open            (const char     *path,
                                              GError        **error);
AxDb               *ax_store_get_db          (AxStore        *self);
const char         *ax_store_get_path        (AxStore        *self);
/* NULL until a clinic exists (a fresh store). */
const AxClinicInfo *ax_store_get_clinic      (AxStore        *self);
const char         *ax_store_get_device_id   (AxStore        *self);
GTimeZone          *ax_store_get_timezone    (AxStore        *self);
/* Re-reads the clinic row (after clinic.update or seeding). */
void                ax_store_reload_clinic   (AxStore        *self);

/* Runs the named mutator as actor, with args (a JSON object). On success
 * returns the mutator's result (a JSON object, at least {"mut_id": N}); on
 * failure returns NULL with nothing written. Emits ::changed. */
JsonNode           *ax_store_mutate          (AxStore        *self,
                                              AxActor        *actor,
                                              const char     *name,
                                              JsonNode       *args,
                                              GError        **error);
/* The same, with the arguments as JSON text (command line, tests). */
JsonNode           *ax_store_mutate_json     (AxStore        *self,
                                              AxActor        *actor,
                                              const char     *name,
                                              const char     *args_json,
                                              GError        **error);
/* Undoes a pending (not yet synced) mutation from its changeset and drops
 * it from the outbox. Refused when a later mutation changed the same rows. */
gboolean            ax_store_undo            (AxStore        *self,
                                              AxActor        *actor,
                                              gint64          mut_id,
                                              GError        **error);
/* The newest pending mutation of this store, or 0. */
gint64              ax_store_last_pending    (AxStore        *self);

/* Milliseconds since the epoch, from the store's clock (tests can pin it
 * with AX_FAKE_NOW_MS or ax_store_set_now). */
gint64              ax_store_now_ms          (AxStore        *self);
void                ax_store_set_now         (AxStore        *self,
                                              gint64          now_ms);

/* A read that runs on a worker thread with its own connection to the store
 * (WAL lets it read while the desk writes). It returns its result, or NULL
 * with error set. */
typedef gpointer (*AxStoreReadFunc) (AxDb      *db,
                                     gpointer   data,
                                     GError   **error);

/* Runs read (data, freed with data_free) on a worker; the callback gets the
 * result with ax_store_read_finish(), which the caller frees with
 * result_free (also used if nobody takes it). source_tag identifies the
 * public _async function for g_task_is_valid-style checks. */
void                ax_store_read_async      (AxStore             *self,
                                              AxStoreReadFunc      read,
                                              gpointer             data,
                                              GDestroyNotify       data_free,
                                              GDestroyNotify       result_free,
                                              gpointer             source_tag,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gpointer            ax_store_read_finish     (AxStore             *self,
                                              GAsyncResult        *result,
                                              gpointer             source_tag,
                                              GError             **error);

/* The clinic server's side of a mutation (src/server). With an effect
 * function set, a mutation writes no outbox entry: the function gets the
 * mutation's changeset inside its transaction (to version the rows it
 * changed) and may fail it. */
typedef gboolean (*AxStoreEffectFunc) (AxStore    *store,
                                       const char *mutator,
                                       GBytes     *changeset,
                                       gpointer    data,
                                       GError    **error);

void                ax_store_set_effect_func (AxStore            *self,
                                              AxStoreEffectFunc   func,
                                              gpointer            data);
AxStoreEffectFunc   ax_store_get_effect_func (AxStore            *self,
                                              gpointer           *data);
gpointer            ax_store_get_effect_data (AxStore            *self);
/* ax_store_mutate() for the clinic server's pushed batches: inside the
 * transaction the caller holds (and captures changes over), stamped with the
 * client's HLC, with no capture, outbox or effect function of its own. With
 * savepoint, a refusal undoes just this mutation; without (faster: no
 * savepoint flushes the search index), a refusal after the mutation wrote
 * something sets *wrote and the caller must roll the batch back. */
JsonNode           *ax_store_mutate_in_batch (AxStore    *self,
                                              AxActor    *actor,
                                              const char *name,
                                              JsonNode   *args,
                                              const char *hlc,
                                              gboolean    savepoint,
                                              gboolean   *wrote,
                                              GError    **error);

/* ::changed (const char *mutator_name) — after every committed mutation. */

G_END_DECLS
