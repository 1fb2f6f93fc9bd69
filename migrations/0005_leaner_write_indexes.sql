-- A leaner index set for the write path (issue 17). Every index is written on every insert:
-- users carried 11, audit_events 7, outbox_events 4, and a provisioning push is mostly inserts.
-- Dropped here are indexes no read of this service uses, or one index doing two indexes' work;
-- every read an IdP or the admin API issues stays on an index (checked with EXPLAIN; the
-- figures are in BENCHMARKS.md, "Issue 17"). Numbered 0005 after 0006 on purpose: the migrator
-- applies any file it has not recorded, whatever its number.

-- userName: one unique index instead of the partial unique one and its plain twin. Live rows
-- have deleted_at NULL, and NULLS NOT DISTINCT makes two live rows with one lower(userName)
-- collide, so it still enforces RFC 7643 §4.1.1 uniqueness (caseExact=false) among live users;
-- soft-deleted rows differ by their deleted_at. `lower(user_name) = …` (filters, the create
-- statement's probes) and `… AND deleted_at IS NULL` both use its leading columns.
CREATE UNIQUE INDEX users_user_name_key ON users (lower(user_name), deleted_at) NULLS NOT DISTINCT;
DROP INDEX users_user_name_live_key;
DROP INDEX users_user_name_idx;

-- name.familyName is filterable but no IdP filters on it; a filter on it scans.
DROP INDEX users_family_name_idx;

-- manager.value is not caseExact in this service's schema, so its filter compares
-- lower(manager_id): the plain index never served it. Not partial: ANALYZE keeps statistics for
-- an expression index only when it is not partial, and without them the planner guessed 0.5 %
-- of the rows and walked created_at instead (EXPLAIN, 100,000 users).
DROP INDEX users_manager_idx;
CREATE INDEX users_manager_idx ON users (lower(manager_id));

-- Mostly NULL: index only the rows that have a value (`admin_id = $1` implies it).
DROP INDEX audit_events_admin_idx;
CREATE INDEX audit_events_admin_idx ON audit_events (admin_id, occurred_at, id) WHERE admin_id IS NOT NULL;

-- The audit view filters actions mostly by prefix (`user.*`, a LIKE this b-tree cannot serve)
-- and always pages in time order: it walks the time index and filters.
DROP INDEX audit_events_action_idx;

-- The outbox is read and purged by position (txid, id): nothing looks an event up by its
-- event_id (a random uuid, so its unique index was the costliest to maintain) or by time alone.
ALTER TABLE outbox_events DROP CONSTRAINT outbox_events_event_id_key;
DROP INDEX outbox_events_occurred_idx;
