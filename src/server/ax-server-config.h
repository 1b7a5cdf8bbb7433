/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The server's settings: defaults, then a key file ([server] group), then
 * the command line. */
typedef struct
{
  char   *listen_address;      /* "127.0.0.1" */
  int     port;                /* 8470; 0 picks a free one */
  char   *data_dir;
  char   *tls_certificate;     /* PEM files; both set → HTTPS */
  char   *tls_key;
  gint64  max_body_bytes;      /* larger requests get 413 */
  gint64  token_lifetime_s;    /* access tokens */
  gint64  refresh_lifetime_s;  /* refresh tokens */
  gint64  enrol_code_lifetime_s;
  gint64  max_clock_ahead_ms;  /* a pushed HLC stamp further ahead is refused */
  gint64  max_blob_bytes;      /* a larger photo or document is refused (413) */
  gint64  blob_url_lifetime_s; /* signed /blobs/ and S3 URLs */
  /* [s3]: when endpoint is set, blobs live in that S3-compatible store and
   * desks get SigV4 presigned URLs; otherwise in <data dir>/blobs. */
  char   *s3_endpoint;         /* "https://bucket.s3.amazonaws.com", "http://minio:9000/bucket" */
  char   *s3_region;           /* "us-east-1" */
  char   *s3_access_key;
  char   *s3_secret_key;
} AxServerConfig;

#define AX_SERVER_DEFAULT_PORT 8470

AxServerConfig *ax_server_config_new   (void);
void            ax_server_config_free  (AxServerConfig *config);
/* Reads the [server] group of a key file over the current values. */
gboolean        ax_server_config_load  (AxServerConfig *config,
                                        const char     *path,
                                        GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AxServerConfig, ax_server_config_free)

G_END_DECLS
