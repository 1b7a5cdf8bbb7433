-- SPDX-License-Identifier: GPL-3.0-or-later
-- The audit entries of one subject, newest last: the chart lists show why the
-- medical director returned a chart (the reason is in its chart.return entry).

CREATE INDEX audit_log_subject ON audit_log (subject_id, action, seq);
