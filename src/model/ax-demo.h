/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint  patients;       /* default 500 */
  guint  appointments;   /* default: this week's around today plus history, ~2 000 */
  guint  sales;          /* default ~1 500 over the last months */
  guint  seed;           /* default 1 */
  gint64 now_ms;         /* "today"; 0 for the real clock */
} AxDemoOptions;

/* Builds a deterministic demo clinic in an empty store: users for every role
 * (password "demo"), providers, rooms, working hours, an aesthetic service
 * menu, products with lots, packages, patients, appointments and sales.
 * Writes the same rows the mutators would, in bulk. rows_out (may be NULL)
 * receives the number of rows written. */
gboolean ax_demo_seed (AxStore             *store,
                       const AxDemoOptions *options,
                       guint64             *rows_out,
                       GError             **error);

#define AX_DEMO_PASSWORD "demo"

G_END_DECLS
