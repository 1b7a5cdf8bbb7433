/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include "ax-server.h"

G_BEGIN_DECLS

struct _AxServer
{
  GObject           parent_instance;
  AxServerConfig   *config;
  AxServerRegistry *registry;
  GBytes           *secret;
  GHashTable       *clinics;       /* id → AxServerClinic */
  GMutex            clinics_lock;
  SoupServer       *soup;
  guint             next_request;
};

/* ax-server-http.c: the routes of /api/v1. */
void ax_server_http_setup         (AxServer          *self);
/* Answers msg with reply (status 0: 200) or the JSON body of error, and logs
 * the request (for handlers outside /api/v1). */
void ax_server_http_respond       (AxServer          *self,
                                   SoupServerMessage *msg,
                                   gint64             started_us,
                                   guint              status,
                                   JsonNode          *reply,
                                   const GError      *error);
void ax_server_http_respond_bytes (AxServer          *self,
                                   SoupServerMessage *msg,
                                   gint64             started_us,
                                   const char        *content_type,
                                   GBytes            *bytes);

G_END_DECLS
