/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ax-test.h"
#include <string.h>

#include "ax-sigv4.h"

/* AWS's published example of a presigned URL ("Authenticating Requests: Using
 * Query Parameters (AWS Signature Version 4)", Amazon S3 API Reference): a GET
 * of examplebucket/test.txt on 2013-05-24, valid 86 400 s. */
static const AxSigV4Store aws_example = {
  .endpoint = "https://examplebucket.s3.amazonaws.com",
  .region = "us-east-1",
  .access_key = "AKIAIOSFODNN7EXAMPLE",
  .secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
};

START_TEST (test_aws_example)
{
  g_autoptr (GDateTime) now = g_date_time_new_utc (2013, 5, 24, 0, 0, 0);
  g_autoptr (GError) error = NULL;
  g_autofree char *url = ax_sigv4_presign (&aws_example, "GET", "test.txt", now, 86400, &error);

  ck_assert_msg (url != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (url,
                    "https://examplebucket.s3.amazonaws.com/test.txt"
                    "?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                    "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
                    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
                    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}
END_TEST

/* The signature covers the method, the key, the time and the secret: change
 * any one and it changes; a local time is signed as its UTC instant. */
START_TEST (test_signature_covers_inputs)
{
  g_autoptr (GDateTime) now = g_date_time_new_utc (2013, 5, 24, 0, 0, 0);
  g_autoptr (GTimeZone) bangkok = g_time_zone_new_identifier ("Asia/Bangkok");
  g_autoptr (GDateTime) local = g_date_time_to_timezone (now, bangkok);
  g_autofree char *get = ax_sigv4_presign (&aws_example, "GET", "test.txt", now, 86400, NULL);
  g_autofree char *put = ax_sigv4_presign (&aws_example, "PUT", "test.txt", now, 86400, NULL);
  g_autofree char *other = ax_sigv4_presign (&aws_example, "GET", "test2.txt", now, 86400, NULL);
  g_autofree char *same = ax_sigv4_presign (&aws_example, "GET", "test.txt", local, 86400, NULL);
  AxSigV4Store wrong = aws_example;
  g_autofree char *forged = NULL;

  wrong.secret_key = "not-the-secret";
  forged = ax_sigv4_presign (&wrong, "GET", "test.txt", now, 86400, NULL);
  ck_assert_str_eq (get, same);
  ck_assert_str_ne (strstr (get, "Signature="), strstr (put, "Signature="));
  ck_assert_str_ne (strstr (get, "Signature="), strstr (forged, "Signature="));
  ck_assert (strstr (other, "/test2.txt?") != NULL);
}
END_TEST

/* MinIO and other path-style stores: the bucket is the endpoint's path, a
 * port is part of the signed host, and key segments are URI-encoded. */
START_TEST (test_path_style_and_encoding)
{
  AxSigV4Store minio = aws_example;
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 3, 10, 3, 30, 0);
  g_autofree char *url = NULL;

  minio.endpoint = "http://127.0.0.1:9000/clinic-blobs/";
  url = ax_sigv4_presign (&minio, "PUT", "c1/ab/a b+c", now, 900, NULL);
  ck_assert (g_str_has_prefix (url, "http://127.0.0.1:9000/clinic-blobs/c1/ab/a%20b%2Bc?"));
  ck_assert (strstr (url, "X-Amz-Date=20260310T033000Z&X-Amz-Expires=900&") != NULL);
}
END_TEST

START_TEST (test_bad_input)
{
  AxSigV4Store bad = aws_example;
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 3, 10, 3, 30, 0);
  g_autoptr (GError) error = NULL;

  bad.endpoint = "ftp://example.org/bucket";
  ck_assert_ptr_null (ax_sigv4_presign (&bad, "GET", "k", now, 60, &error));
  ck_assert (strstr (error->message, "ftp://example.org/bucket") != NULL);
  g_clear_error (&error);
  ck_assert_ptr_null (ax_sigv4_presign (&aws_example, "GET", "k", now, 0, &error));
  ck_assert (strstr (error->message, "604800") != NULL);
  g_clear_error (&error);
  ck_assert_ptr_null (ax_sigv4_presign (&aws_example, "GET", "k", now, 604801, &error));
}
END_TEST

AX_TEST_MAIN ("sigv4", test_aws_example, test_signature_covers_inputs, test_path_style_and_encoding,
              test_bad_input)
