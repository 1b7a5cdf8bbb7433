/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The canonical text of a JSON value, the one a signature's hash covers:
 * no whitespace, object members sorted by the bytes of their UTF-8 names,
 * strings as UTF-8 with only ", \ and control characters escaped
 * (\b \f \n \r \t, others as \u00XX), integers in decimal, doubles as
 * the shortest text that reads back as the same double (%.17g at most),
 * true, false, null. Two equal values always give the same text, whatever
 * order their members were built in. */
char *ax_canonical_json        (JsonNode *node);

/* The same with every double as %.17g: the form charts' hashes were
 * signed in (ax_json_canonical), kept so that they verify. */
char *ax_canonical_json_17g    (JsonNode *node);

/* Lowercase hex SHA-256 of ax_canonical_json (node). */
char *ax_canonical_json_sha256 (JsonNode *node);

G_END_DECLS
