/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ax-sync-setup.h"

G_BEGIN_DECLS

#define REPLY_TIMEOUT_S 15

struct _AxSyncSetup
{
  GObject          parent_instance;

  AxContext       *context;        /* not owned: the context owns this */
  GCancellable    *cancellable;    /* the step running, if any */
  AxPairingStatus  status;
  AxKeyringStatus  keyring;
  char            *message;
  char            *busy_text;
  char            *server_url;

  /* The client being paired or resumed (before the engine owns it). */
  AxSyncClient    *client;
  char            *client_clinic;  /* the clinic the client enrolled with */
  gboolean         pairing;        /* a new enrolment (else signing a paired desk in) */
  char            *login_username; /* a fresh desk's: nobody is logged in here */
  gulong           refresh_id;

  char            *username;
  char            *password;
  guint            password_timer;

  /* The people signed in at the desk (ax-sync-setup-people.c). */
  GCancellable    *person_cancellable;  /* the login of the person at the desk */
  GCancellable    *load_cancellable;    /* reading the keyring for waiting authors */
  gboolean         person_retry;        /* their login waits for the server */

  guint            keyring_timeout_ms;
  guint            interval_s;

  /* A fresh desk's first sync: pairing ends when the clinic is all here. */
  AxSyncEngine    *first_sync;
  gulong           first_sync_id;
};

/* ax-sync-setup.c */
void            ax_sync_setup_set_status      (AxSyncSetup     *self,
                                               AxPairingStatus  status,
                                               const char      *busy_text);
void            ax_sync_setup_set_message     (AxSyncSetup     *self,
                                               const char      *message);
void            ax_sync_setup_set_server_url  (AxSyncSetup     *self,
                                               const char      *url);
void            ax_sync_setup_set_keyring     (AxSyncSetup     *self,
                                               AxKeyringStatus  keyring);
void            ax_sync_setup_fail            (AxSyncSetup     *self,
                                               AxPairingStatus  status,
                                               const char      *message);
const char     *ax_sync_setup_pick_password   (AxSyncSetup     *self,
                                               const char      *given);
void            ax_sync_setup_adopt_client    (AxSyncSetup     *self,
                                               AxSyncClient    *client);
GCancellable   *ax_sync_setup_begin_step      (AxSyncSetup     *self);
void            ax_sync_setup_start_engine    (AxSyncSetup     *self);
void            ax_sync_setup_save_credentials (AxSyncSetup    *self,
                                               AxSyncClient    *client,
                                               gboolean         with_device_secret);
void            ax_sync_setup_log_in          (AxSyncSetup     *self,
                                               const char      *password);
const char     *ax_sync_setup_store_clinic_id (AxSyncSetup     *self);
void            ax_sync_setup_forget_password (AxSyncSetup     *self);

/* ax-sync-setup-people.c */
const char     *ax_sync_setup_actor_id        (AxSyncSetup     *self);
/* Signs the person logged in at the desk in to the server with their own
 * sign-in for their pushes (password NULL: the one remembered from their
 * login; nothing when they have a sign-in already). */
void            ax_sync_setup_sign_in_person  (AxSyncSetup     *self,
                                               const char      *password);
/* A started engine: signs the person at the desk in, and gives it the
 * keyring's sign-ins of everyone whose changes wait. */
void            ax_sync_setup_follow_people   (AxSyncSetup     *self,
                                               AxSyncEngine    *engine);

G_END_DECLS
