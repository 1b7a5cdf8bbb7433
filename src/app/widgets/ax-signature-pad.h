/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define AX_TYPE_SIGNATURE_PAD (ax_signature_pad_get_type ())
G_DECLARE_FINAL_TYPE (AxSignaturePad, ax_signature_pad, AX, SIGNATURE_PAD, GtkWidget)

/* A paper-like pad to sign on with a finger, a stylus or the mouse. It
 * records each stroke as a list of [x, y, t] points (pad units, t in ms
 * from the stroke's start), draws them as smooth ink, and hands them over
 * as the {width, height, strokes} object consent.sign takes. In read-only
 * mode it shows given strokes (a signature already made) and takes no
 * input. Its accessible name is "Signature pad". */
GtkWidget *ax_signature_pad_new          (void);

gboolean   ax_signature_pad_get_is_empty  (AxSignaturePad *self);
gboolean   ax_signature_pad_get_read_only (AxSignaturePad *self);
void       ax_signature_pad_set_read_only (AxSignaturePad *self,
                                           gboolean        read_only);
/* A new {width, height, strokes} object, or NULL when empty. */
JsonNode  *ax_signature_pad_get_strokes   (AxSignaturePad *self);
/* Shows strokes ({width, height, strokes}) in place of what was drawn;
 * NULL clears. */
void       ax_signature_pad_set_strokes   (AxSignaturePad *self,
                                           JsonNode       *strokes);
void       ax_signature_pad_clear         (AxSignaturePad *self);
/* Takes the last stroke away. */
void       ax_signature_pad_undo          (AxSignaturePad *self);

/* What the pointer gestures call, in widget coordinates; tests draw with
 * them too. Ignored in read-only mode. */
void       ax_signature_pad_stroke_begin  (AxSignaturePad *self,
                                           double          x,
                                           double          y);
void       ax_signature_pad_stroke_extend (AxSignaturePad *self,
                                           double          x,
                                           double          y);
void       ax_signature_pad_stroke_end    (AxSignaturePad *self);

G_END_DECLS
