-- SPDX-License-Identifier: GPL-3.0-or-later
-- A chart template is never deleted: the Owner takes it out of use
-- (chart_template.update set.active = false) and New Chart no longer offers
-- it; charts made from it keep naming it (docs/charts.md, "Templates").

ALTER TABLE chart_templates ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
