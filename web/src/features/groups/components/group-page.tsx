import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../../components/button.js';
import { ConfirmDialog, Dialog } from '../../../components/dialog.js';
import { TextField } from '../../../components/field.js';
import { ManagedNotice, SourceBadge, managedReason } from '../../../components/managed.js';
import { PageHeader, Panel } from '../../../components/page.js';
import { Paged } from '../../../components/paged.js';
import { ErrorState, FormError, Loading } from '../../../components/states.js';
import type { Group } from '../../../lib/api-types.js';
import { formatDateTime, pluralize } from '../../../lib/format.js';
import { Link, navigate } from '../../../lib/router.js';
import { hrefTo, pathTo, paths } from '../../../app/paths.js';
import { userKeys } from '../../users/api/keys.js';
import { useGroup, useMembers } from '../api/get-group.js';
import { useChangeMembers, useDeleteGroup, useRenameGroup } from '../api/group-mutations.js';
import { AddMembersDialog } from './add-members-dialog.js';

type Open = 'rename' | 'delete' | 'add' | null;

export function GroupPage({ id }: { id: string }) {
  const group = useGroup(id);
  if (group.isPending) return <Loading label="Loading group…" />;
  if (group.isError) return <ErrorState title="Could not load this group" error={group.error} retry={() => group.refetch()} />;
  return <GroupDetail g={group.data} />;
}

function GroupDetail({ g }: { g: Group }) {
  const qc = useQueryClient();
  const invalidateUsers = () => qc.invalidateQueries({ queryKey: userKeys.all });
  const rename = useRenameGroup();
  const remove = useDeleteGroup(invalidateUsers);
  const members = useChangeMembers(invalidateUsers);
  const [open, setOpen] = useState<Open>(null);
  const [name, setName] = useState(g.displayName);
  const reason = managedReason(g);
  const close = () => setOpen(null);
  const show = (which: Open) => {
    rename.reset();
    remove.reset();
    members.reset();
    setName(g.displayName);
    setOpen(which);
  };
  return (
    <>
      <PageHeader
        back={<Link to={paths.groups}>← Groups</Link>}
        title={g.displayName}
        description={
          <span className="row">
            <SourceBadge item={g} />
            <span className="muted">{pluralize(g.memberCount ?? 0, 'member')}</span>
          </span>
        }
        actions={
          <div className="row" data-testid="group-actions">
            <Button disabledReason={reason} onClick={() => show('add')}>
              Add members
            </Button>
            <Button disabledReason={reason} onClick={() => show('rename')}>
              Rename
            </Button>
            <Button variant="danger" disabledReason={reason} onClick={() => show('delete')}>
              Delete
            </Button>
          </div>
        }
      />
      <ManagedNotice item={g} />
      <div className="grid-2" style={{ marginTop: 16 }}>
        <MembersPanel id={g.id} reason={reason} onRemove={(memberId) => members.mutate({ id: g.id, remove: [memberId] })} error={open === null ? members.error : null} />
        <Panel title="Details">
          <dl className="facts">
            <dt>Name</dt>
            <dd>{g.displayName}</dd>
            <dt>External id</dt>
            <dd>{g.externalId ?? '—'}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(g.meta.created)}</dd>
            <dt>Modified</dt>
            <dd>{formatDateTime(g.meta.lastModified)}</dd>
            <dt>Id</dt>
            <dd className="mono">{g.id}</dd>
          </dl>
          <p style={{ marginTop: 12 }}>
            <Link to={hrefTo(paths.audit, {}, { resourceType: 'Group', resourceId: g.id })}>History in the audit log →</Link>
          </p>
        </Panel>
      </div>
      <Dialog
        open={open === 'rename'}
        onClose={close}
        title="Rename group"
        footer={
          <>
            <Button onClick={close}>Cancel</Button>
            <Button variant="primary" loading={rename.isPending} onClick={() => rename.mutate({ id: g.id, displayName: name }, { onSuccess: close })}>
              Rename
            </Button>
          </>
        }
      >
        <TextField label="Group name" value={name} maxLength={256} onChange={(e) => setName(e.target.value)} />
        <FormError error={rename.error} />
      </Dialog>
      <ConfirmDialog
        open={open === 'delete'}
        title={`Delete ${g.displayName}?`}
        confirmLabel="Delete group"
        pending={remove.isPending}
        error={remove.error}
        onClose={close}
        onConfirm={() => remove.mutate(g.id, { onSuccess: () => navigate(paths.groups) })}
      >
        <p>{pluralize(g.memberCount ?? 0, 'member')} lose this membership. The audit log keeps its history.</p>
      </ConfirmDialog>
      {open === 'add' ? <AddMembersDialog onClose={close} pending={members.isPending} error={members.error} onAdd={(ids) => members.mutate({ id: g.id, add: ids }, { onSuccess: close })} /> : null}
    </>
  );
}

function MembersPanel({ id, reason, onRemove, error }: { id: string; reason?: string; onRemove: (memberId: string) => void; error: unknown }) {
  const members = useMembers(id);
  return (
    <Panel title="Members" description="Direct members, oldest first.">
      <FormError error={error} />
      <Paged query={members} noun="member" empty={<p className="muted">No members.</p>}>
        {(items) => (
          <ul className="plain-list" data-testid="group-members">
            {items.map((m) => (
              <li key={m.value}>
                <Link to={pathTo(m.type === 'Group' ? paths.group : paths.user, { id: m.value })}>{m.display ?? m.value}</Link>
                <Button size="sm" variant="ghost" disabledReason={reason} onClick={() => onRemove(m.value)} aria-label={`Remove ${m.display ?? m.value}`}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
      </Paged>
    </Panel>
  );
}
