-- SPDX-License-Identifier: GPL-3.0-or-later
-- The desktop's push sequence (docs/sync-protocol.md, "Desktop engine"). A
-- pending mutation gets its push id when it is first sent: dense and
-- increasing per store, so an undone pending mutation never leaves a gap the
-- server would stop at, and a sent one keeps its id across retries.
ALTER TABLE outbox ADD COLUMN push_id INTEGER;
CREATE UNIQUE INDEX outbox_push_id ON outbox (push_id) WHERE push_id IS NOT NULL;
