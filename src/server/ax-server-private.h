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
void ax_server_http_setup (AxServer *self);

G_END_DECLS
