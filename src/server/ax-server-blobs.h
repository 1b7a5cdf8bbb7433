/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include "ax-server.h"

G_BEGIN_DECLS

/* Photos, signatures and documents on the server (DESIGN.md §6, Blobs;
 * docs/sync-protocol.md). A blob is named by its SHA-256 within a clinic. The
 * server keeps which blobs it holds in the clinic store's `blobs` table (a
 * device-local table: not synced) and hands out short-lived signed URLs: its
 * own HMAC-signed /blobs/<clinic>/<sha256> by default, or S3 SigV4 presigned
 * URLs when [s3] is configured. A blob counts as uploaded only once its bytes
 * have been hashed by the server. */

/* A signed URL for method ("GET" or "PUT") of one blob; base_url is the
 * server's own address as the desk reached it (for /blobs/ URLs). */
char     *ax_server_blob_url           (AxServer    *self,
                                        const char  *base_url,
                                        const char  *clinic_id,
                                        const char  *sha256,
                                        const char  *method,
                                        gint64      *expires_ms,
                                        GError     **error);

/* The handlers of POST /api/v1/blobs/{upload,confirm,download}: the clinic
 * comes from the caller's token. */
JsonNode *ax_server_blobs_upload       (AxServer    *self,
                                        const char  *base_url,
                                        const char  *clinic_id,
                                        JsonObject  *request,
                                        GError     **error);
JsonNode *ax_server_blobs_confirm      (AxServer    *self,
                                        const char  *clinic_id,
                                        JsonObject  *request,
                                        GError     **error);
JsonNode *ax_server_blobs_download     (AxServer    *self,
                                        const char  *base_url,
                                        const char  *clinic_id,
                                        JsonObject  *request,
                                        GError     **error);

/* PUT and GET of /blobs/… (the server's own signed URLs). */
void      ax_server_blobs_setup        (AxServer    *self);

G_END_DECLS
