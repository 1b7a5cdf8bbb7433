/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-db.h"
#include "ax-store.h"

G_BEGIN_DECLS

/* A patient found by a search, as a list row shows it. */
typedef struct
{
  char *id;
  char *patient_number;
  char *first_name;
  char *last_name;
  char *nickname;
  char *phone;       /* as stored: the UI masks it by role */
  char *birth_date;  /* YYYY-MM-DD or NULL */
} AxPatientHit;

void       ax_patient_hit_free (AxPatientHit *hit);

/* Patients whose name, nickname, number, e-mail, phone or national id
 * contains every word of query, ignoring case and Latin accents ("joao"
 * finds "João"; "ศรีสุ" finds "ศรีสุข"; "081-234" finds "0812345678").
 * Words of one or two characters match the start of a first or last name.
 * At most limit hits; names that start with the query come first. */
GPtrArray *ax_patients_search  (AxDb       *db,
                                const char *query,
                                guint       limit,
                                GError    **error);

/* Patients a new one may be the same person as: the same phone (by its
 * digits), or the same first and last name (ignoring case and accents) and
 * date of birth. For the "looks like an existing patient" warning. */
GPtrArray *ax_patients_find_similar (AxDb       *db,
                                     const char *first_name,
                                     const char *last_name,
                                     const char *birth_date,
                                     const char *phone,
                                     GError    **error);

/* The two above on a worker thread with its own connection to the store:
 * the Patients page searches as the user types, and checks a new patient
 * before creating it, without holding up the window. */
void       ax_patients_search_async        (AxStore             *store,
                                            const char          *query,
                                            guint                limit,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray *ax_patients_search_finish       (AxStore             *store,
                                            GAsyncResult        *result,
                                            GError             **error);
void       ax_patients_find_similar_async  (AxStore             *store,
                                            const char          *first_name,
                                            const char          *last_name,
                                            const char          *birth_date,
                                            const char          *phone,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray *ax_patients_find_similar_finish (AxStore             *store,
                                            GAsyncResult        *result,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxPatientHit, ax_patient_hit_free)

G_END_DECLS
