#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The content hash of a chart, computed straight from the store as docs/charts.md
specifies it, with Python's json module: a second implementation of the spec.

    check_chart_hash.py STORE CHART_ID [--json]   prints the SHA-256 (after the JSON)
"""
import hashlib, json, sqlite3, sys

def canonical(db, chart_id):
    con = sqlite3.connect(db)
    c = con.execute("select id, patient_id, visit_at, provider_id, notes, aftercare, amends_chart_id "
                    "from charts where id = ?", (chart_id,)).fetchone()
    doc = dict(zip(["id", "patient_id", "visit_at", "provider_id", "notes", "aftercare",
                    "amends_chart_id"], c))
    doc["format"] = "aesthetix.chart.v1"
    rows = con.execute("select id, kind, area, product_id, lot_id, units_milli, unit, technique, body, "
                       "sort_order from chart_entries where chart_id = ? and deleted_at is null",
                       (chart_id,)).fetchall()
    keys = ["id", "kind", "area", "product_id", "lot_id", "units_milli", "unit", "technique", "body",
            "sort_order"]
    doc["entries"] = [dict(zip(keys, r)) for r in sorted(rows, key=lambda r: (r[9], r[0]))]
    doc["overlays"] = [{"id": i, "photo_sha256": h, "diagram": d, "overlay": json.loads(o)}
                       for i, h, d, o in con.execute(
                           "select o.id, p.blob_sha256, o.diagram, o.overlay_json from photo_overlays o "
                           "left join photos p on p.id = o.photo_id where o.chart_id = ? and "
                           "o.deleted_at is null order by o.id", (chart_id,))]
    doc["photos"] = sorted(h for (h,) in con.execute(
        "select blob_sha256 from photos where chart_id = ? and deleted_at is null", (chart_id,)))
    return dumps(doc)

def dumps(v):
    """json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False),
    but numbers that are not integers written with C's %.17g as the spec says
    (Python would write 396.83 where %.17g writes 396.82999999999998)."""
    if isinstance(v, float):
        return "%.17g" % v
    if isinstance(v, list):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + dumps(v[k])
                              for k in sorted(v)) + "}"
    return json.dumps(v, ensure_ascii=False)

text = canonical(sys.argv[1], sys.argv[2])
if len(sys.argv) > 3:
    print(text)
print(hashlib.sha256(text.encode()).hexdigest())
