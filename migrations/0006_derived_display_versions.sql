-- A resource's meta.version (its ETag) must move whenever its representation does (RFC 7644
-- §3.14). Two attributes are rendered from OTHER rows: a user's `groups[].display` is the
-- group's displayName, and a group's `members[].display` is the member's displayName (for a
-- user: displayName, else userName; see memberPage in services/scim). So a rename is a new
-- version of every resource that shows the name. These triggers make that hold for every writer
-- (SCIM, bulk, admin API, CLI), in the statement that renames, and only when the displayed
-- name actually changes: a user PATCH that changes anything else never touches a group row.
-- Rows are locked in id order, the order the other multi-row writes take (group writes lock
-- their member users in id order), so two renames do not wait on each other in a cycle.
-- The decision, its reason and its cost: docs/architecture.md, "Versions of derived attributes".

-- A new version of each live group that `of_member` (a user or a group) is a direct member of.
CREATE FUNCTION bump_groups_of_member(of_member uuid) RETURNS void LANGUAGE sql AS $$
  WITH locked AS (
    SELECT g.id FROM groups g
     WHERE g.id IN (SELECT m.group_id FROM group_members m WHERE m.member_id = of_member)
       AND g.deleted_at IS NULL
     ORDER BY g.id
       FOR NO KEY UPDATE
  )
  UPDATE groups g SET version = g.version + 1, updated_at = now() FROM locked WHERE g.id = locked.id;
$$;

-- A user's displayed name changed: each group it is a direct member of shows it.
CREATE FUNCTION users_display_bumps_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bump_groups_of_member(NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER users_display_versions AFTER UPDATE ON users
  FOR EACH ROW
  WHEN (coalesce(OLD.display_name, OLD.user_name) IS DISTINCT FROM coalesce(NEW.display_name, NEW.user_name))
  EXECUTE FUNCTION users_display_bumps_groups();

-- A group's displayName changed: the groups it is a member of show it in `members`, its member
-- users show it in `groups`. Groups before users, as every other write takes them.
CREATE FUNCTION groups_display_bumps_holders() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bump_groups_of_member(NEW.id);
  WITH locked AS (
    SELECT u.id FROM users u
     WHERE u.id IN (SELECT m.member_id FROM group_members m WHERE m.group_id = NEW.id AND m.member_type = 'User')
       AND u.deleted_at IS NULL
     ORDER BY u.id
       FOR NO KEY UPDATE
  )
  UPDATE users u SET version = u.version + 1, updated_at = now() FROM locked WHERE u.id = locked.id;
  RETURN NULL;
END $$;

CREATE TRIGGER groups_display_versions AFTER UPDATE ON groups
  FOR EACH ROW
  WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
  EXECUTE FUNCTION groups_display_bumps_holders();
