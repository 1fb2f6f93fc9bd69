-- The rename rule of 0006, unchanged, made cheap for the writes that rename: a LANGUAGE sql
-- function that cannot be inlined (it writes) is parsed and planned again on EVERY call —
-- PostgreSQL caches its plan only for the rest of the calling query. On a user PATCH or PUT
-- that changed displayName (or userName with no displayName), that was about a third of
-- PostgreSQL's CPU for the whole write (perf, bench/cpu-split.ts: 30 % of the backends'
-- samples inside the trigger, 19 % planning). PL/pgSQL prepares its statements once per
-- connection and keeps the plan, so the same statement now costs its execution: an index probe
-- on group_members (member_id) and the groups it finds. docs/architecture.md, "Versions of
-- derived attributes".
CREATE OR REPLACE FUNCTION bump_groups_of_member(of_member uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH locked AS (
    SELECT g.id FROM groups g
     WHERE g.id IN (SELECT m.group_id FROM group_members m WHERE m.member_id = of_member)
       AND g.deleted_at IS NULL
     ORDER BY g.id
       FOR NO KEY UPDATE
  )
  UPDATE groups g SET version = g.version + 1, updated_at = now() FROM locked WHERE g.id = locked.id;
END $$;
