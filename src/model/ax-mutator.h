/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "ax-store.h"

G_BEGIN_DECLS

/* Declaring a mutator. Each domain file (ax-patients.c, …) keeps a table of
 * AxMutatorDef and registers it once; ax_store_mutate() finds it by name,
 * validates the arguments against its spec, checks the permission, runs
 * prepare() and run() in one transaction with the outbox entry, the changeset
 * and any audit entries, and commits — or writes nothing at all. */

typedef enum
{
  AX_ARG_STRING,
  AX_ARG_TEXT,     /* multi-line free text */
  AX_ARG_INT,
  AX_ARG_MONEY,    /* integer minor units, ≥ 0 */
  AX_ARG_BOOL,
  AX_ARG_UUID,
  AX_ARG_DATE,     /* YYYY-MM-DD */
  AX_ARG_INSTANT,  /* unix milliseconds */
  AX_ARG_ENUM,     /* one of choices */
  AX_ARG_EMAIL,
  AX_ARG_PHONE,
  AX_ARG_ARRAY,    /* of strings */
  AX_ARG_OBJECT,
  AX_ARG_OBJECTS,  /* a list of objects (cart lines, tenders): the mutator checks their fields */
} AxArgType;

typedef struct
{
  const char        *name;
  AxArgType          type;
  gboolean           required;
  gint64             min;      /* INT/MONEY: range; STRING: max length when max > 0 */
  gint64             max;
  const char *const *choices;  /* ENUM */
  const char        *column;   /* the column it maps to when not its name; "-" for none */
} AxArgSpec;

typedef struct _AxMutation AxMutation;

typedef struct
{
  const char      *name;
  AxPermission     permission;
  const AxArgSpec *args;        /* terminated by { NULL } */
  /* For update mutators: args are {id, set:{…}, from:{…}} with set/from
   * fields validated against `args` (none required). */
  gboolean         is_update;
  /* Fills derived arguments (ids, numbers, hashes) into args before run();
   * the prepared arguments are what the outbox keeps and the server replays. */
  gboolean       (*prepare) (AxMutation *m,
                             JsonObject *args,
                             GError    **error);
  gboolean       (*run)     (AxMutation *m,
                             JsonObject *args,
                             GError    **error);
  /* The table for the generic insert/update helpers, when they fit. */
  const char      *table;
} AxMutatorDef;

void              ax_mutators_register         (const AxMutatorDef *defs,
                                                gsize               n_defs);
const AxMutatorDef *ax_mutators_lookup         (const char         *name);
/* Every registered name, sorted (for --help and tests). */
GPtrArray        *ax_mutators_list             (void);

/* What a running mutator may use. */
AxStore          *ax_mutation_get_store        (AxMutation *m);
AxDb             *ax_mutation_get_db           (AxMutation *m);
AxActor          *ax_mutation_get_actor        (AxMutation *m);
const char       *ax_mutation_get_clinic_id    (AxMutation *m);
/* The HLC stamp of this mutation (updated_at of every row it writes). */
const char       *ax_mutation_get_hlc          (AxMutation *m);
gint64            ax_mutation_get_now_ms       (AxMutation *m);
/* The result object returned to the caller. */
JsonObject       *ax_mutation_get_result       (AxMutation *m);

/* TRUE when the mutation is not a person's action now but a change made
 * earlier and replayed: on the clinic server from a push, or in a desk's
 * rebase. DESIGN.md §6's conflict policies then apply instead of refusals
 * a person could have answered at the time (a concurrent field edit, a
 * booking clash): the change is kept or merged and a conflict is opened. */
gboolean          ax_mutation_is_replayed      (AxMutation *m);
/* Opens a row of `conflicts` (kind: field, booking, ledger, signed) for a
 * person to resolve; base, mine and theirs may be NULL. Marks the result
 * "merged". */
gboolean          ax_mutation_open_conflict    (AxMutation *m,
                                                const char *kind,
                                                const char *table,
                                                const char *row_id,
                                                const char *field,
                                                JsonNode   *base,
                                                JsonNode   *mine,
                                                JsonNode   *theirs,
                                                GError    **error);

/* Makes a successful mutation write nothing: its transaction is rolled back,
 * no outbox entry is made, and the caller still gets the result (an
 * idempotent retry that finds its work already done: sale.checkout). */
void              ax_mutation_set_noop         (AxMutation *m);

/* Appends an audit-log entry in this mutation's transaction. detail may be NULL. */
gboolean          ax_mutation_audit            (AxMutation *m,
                                                const char *action,
                                                const char *subject_type,
                                                const char *subject_id,
                                                JsonObject *detail,
                                                GError    **error);

/* Generic helpers for record tables with the conventions of DESIGN.md §4:
 * insert every spec field present in args plus id, clinic_id, created_at,
 * updated_at; update the fields of args.set after checking args.from.
 * A field changed since (from differs) refuses the update (stale), except
 * when replayed on records that merge per field (patients, appointments,
 * the catalogue): a low-risk field then goes to the later HLC, a
 * safety-critical one (a patient's name and date of birth) keeps the
 * stored value and opens a conflict. */
gboolean          ax_mutation_insert_record    (AxMutation      *m,
                                                const AxMutatorDef *def,
                                                JsonObject      *args,
                                                GError         **error);
gboolean          ax_mutation_update_record    (AxMutation      *m,
                                                const AxMutatorDef *def,
                                                JsonObject      *args,
                                                GError         **error);
/* Soft-deletes a live row of table in this clinic (DESIGN.md §4: records
 * are never hard-deleted): sets deleted_at and this mutation's HLC. */
gboolean          ax_mutation_soft_delete      (AxMutation *m,
                                                const char *table,
                                                const char *id,
                                                GError    **error);
/* prepare() helper: puts a fresh UUIDv7 into args.id when absent. */
gboolean          ax_mutation_prepare_id       (AxMutation *m,
                                                JsonObject *args,
                                                GError    **error);
/* Runs another mutator's run() inside this mutation, as a person calling it
 * would: its permission checked and its arguments validated first (it must
 * have no prepare()). What it writes is part of this mutation (one outbox
 * entry, one changeset); its result members go into this one's result.
 * conflict.resolve's "edit" runs the record's update mutator this way. */
gboolean          ax_mutation_run_nested       (AxMutation *m,
                                                const char *name,
                                                JsonObject *args,
                                                GError    **error);
/* Fails with NOT_FOUND unless table has a live row with that id in this clinic. */
gboolean          ax_mutation_require_row      (AxMutation *m,
                                                const char *table,
                                                const char *id,
                                                const char *what,
                                                GError    **error);

G_END_DECLS
