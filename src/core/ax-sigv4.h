/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* AWS Signature Version 4 presigned URLs for an S3-compatible blob store
 * (AWS S3, MinIO), as the server hands them to desks (DESIGN.md §6, Blobs).
 * Only the query-string form is made: the URL carries X-Amz-Algorithm,
 * -Credential, -Date, -Expires, -SignedHeaders (host) and -Signature, and the
 * payload is UNSIGNED-PAYLOAD. */
typedef struct
{
  const char *endpoint;    /* "https://bucket.s3.amazonaws.com" or "http://minio:9000/bucket" */
  const char *region;      /* "us-east-1" */
  const char *access_key;
  const char *secret_key;
} AxSigV4Store;

/* The presigned URL for `method` ("GET", "PUT", "HEAD") on the object `key`
 * (its path segments are URI-encoded), valid `expires_s` seconds (1 to 604 800)
 * from `now` (UTC). NULL with error for an endpoint that is not an http(s) URL
 * or an expiry out of range. */
char *ax_sigv4_presign (const AxSigV4Store *store,
                        const char         *method,
                        const char         *key,
                        GDateTime          *now,
                        int                 expires_s,
                        GError            **error);

G_END_DECLS
