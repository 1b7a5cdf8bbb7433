/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-context.h"
#include "ax-conflicts.h"
#include "widgets/ax-form-dialog.h"

G_BEGIN_DECLS

/* The conflicts list's Edit for a field conflict: a form showing the value
 * before, mine and theirs, with an entry holding theirs (the stored value).
 * Save runs conflict.resolve {keep: edit, value, from: theirs}; the model's
 * refusal (an empty name, a date that is no date, a value changed since)
 * shows under the entry and the form stays open. Not presented. */
AxFormDialog *ax_conflict_edit_dialog_new (GtkWidget        *parent,
                                           AxContext        *context,
                                           const AxConflict *conflict);

G_END_DECLS
