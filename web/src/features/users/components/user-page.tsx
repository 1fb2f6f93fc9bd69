import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Badge } from '../../../components/badge.js';
import { Button } from '../../../components/button.js';
import { ConfirmDialog, Dialog } from '../../../components/dialog.js';
import { TextField } from '../../../components/field.js';
import { ManagedNotice, SourceBadge, managedReason } from '../../../components/managed.js';
import { PageHeader, Panel } from '../../../components/page.js';
import { Paged } from '../../../components/paged.js';
import { ErrorState, FormError, Loading } from '../../../components/states.js';
import type { User } from '../../../lib/api-types.js';
import { formatDateTime } from '../../../lib/format.js';
import { Link, navigate } from '../../../lib/router.js';
import { hrefTo, pathTo, paths } from '../../../app/paths.js';
import { groupKeys } from '../../groups/api/keys.js';
import { useUser, useUserGroups } from '../api/get-user.js';
import { useDeleteUser, useSetUserPassword, useUpdateUser } from '../api/user-mutations.js';
import { MIN_PASSWORD, formValuesOf, updatePayload, userLabel } from '../lib/user-form.js';
import { UserForm } from './user-form.js';

type Open = 'edit' | 'password' | 'delete' | null;

export function UserPage({ id }: { id: string }) {
  const user = useUser(id);
  if (user.isPending) return <Loading label="Loading user…" />;
  if (user.isError) return <ErrorState title="Could not load this user" error={user.error} retry={() => user.refetch()} />;
  return <UserDetail u={user.data} />;
}

function UserDetail({ u }: { u: User }) {
  const qc = useQueryClient();
  const update = useUpdateUser();
  const password = useSetUserPassword();
  const remove = useDeleteUser(() => qc.invalidateQueries({ queryKey: groupKeys.all }));
  const [open, setOpen] = useState<Open>(null);
  const [newPassword, setNewPassword] = useState('');
  const reason = managedReason(u);
  const close = () => setOpen(null);
  const show = (which: Open) => {
    update.reset();
    password.reset();
    remove.reset();
    setNewPassword('');
    setOpen(which);
  };

  return (
    <>
      <PageHeader
        back={<Link to={paths.users}>← Users</Link>}
        title={userLabel(u)}
        description={
          <span className="row">
            <SourceBadge item={u} />
            {u.active === false ? <Badge>Inactive</Badge> : <Badge tone="success">Active</Badge>}
            <span className="muted">{u.userName}</span>
          </span>
        }
        actions={
          <div className="row" data-testid="user-actions" aria-describedby={reason ? 'managed-reason' : undefined}>
            <Button disabledReason={reason} onClick={() => show('edit')}>
              Edit
            </Button>
            <Button disabledReason={reason} onClick={() => show('password')}>
              Set password
            </Button>
            <Button disabledReason={reason} loading={update.isPending && open === null} onClick={() => update.mutate({ id: u.id, active: u.active === false })}>
              {u.active === false ? 'Activate' : 'Deactivate'}
            </Button>
            <Button variant="danger" disabledReason={reason} onClick={() => show('delete')}>
              Delete
            </Button>
          </div>
        }
      />
      <ManagedNotice item={u} />
      {open === null ? <FormError error={update.error} /> : null}
      <div className="grid-2" style={{ marginTop: 16 }}>
        <Panel title="Profile">
          <dl className="facts">
            <dt>User name</dt>
            <dd>{u.userName}</dd>
            <dt>Name</dt>
            <dd>{[u.name?.givenName, u.name?.familyName].filter(Boolean).join(' ') || '—'}</dd>
            <dt>Display name</dt>
            <dd>{u.displayName ?? '—'}</dd>
            <dt>Emails</dt>
            <dd>{u.emails?.map((e) => `${e.value}${e.type ? ` (${e.type})` : ''}`).join(', ') || '—'}</dd>
            <dt>External id</dt>
            <dd>{u.externalId ?? '—'}</dd>
            <dt>Password</dt>
            <dd>{u.hasPassword ? 'set' : 'none'}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(u.meta.created)}</dd>
            <dt>Modified</dt>
            <dd>{formatDateTime(u.meta.lastModified)}</dd>
            <dt>Id</dt>
            <dd className="mono">{u.id}</dd>
          </dl>
          <p style={{ marginTop: 12 }}>
            <Link to={hrefTo(paths.audit, {}, { resourceType: 'User', resourceId: u.id })}>History in the audit log →</Link>
          </p>
        </Panel>
        <UserGroupsPanel id={u.id} />
      </div>
      <Dialog open={open === 'edit'} onClose={close} title={`Edit ${userLabel(u)}`}>
        <UserForm
          mode="edit"
          initial={formValuesOf(u)}
          pending={update.isPending}
          error={update.error}
          onCancel={close}
          onSubmit={(v) => {
            const body = updatePayload(formValuesOf(u), v);
            if (Object.keys(body).length === 0) return close();
            update.mutate({ id: u.id, ...body }, { onSuccess: close });
          }}
        />
      </Dialog>
      <Dialog
        open={open === 'password'}
        onClose={close}
        title={`Set a password for ${userLabel(u)}`}
        footer={
          <>
            <Button onClick={close}>Cancel</Button>
            <Button variant="primary" loading={password.isPending} onClick={() => password.mutate({ id: u.id, password: newPassword }, { onSuccess: close })}>
              Set password
            </Button>
          </>
        }
      >
        <TextField label="New password" type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} hint={`At least ${MIN_PASSWORD} characters. Only a hash is stored.`} />
        <FormError error={password.error} />
      </Dialog>
      <ConfirmDialog
        open={open === 'delete'}
        title={`Delete ${userLabel(u)}?`}
        confirmLabel="Delete user"
        pending={remove.isPending}
        error={remove.error}
        onClose={close}
        onConfirm={() => remove.mutate(u.id, { onSuccess: () => navigate(paths.users) })}
      >
        <p>The user leaves every group and disappears from lists and SCIM. The audit log keeps its history.</p>
      </ConfirmDialog>
    </>
  );
}

function UserGroupsPanel({ id }: { id: string }) {
  const groups = useUserGroups(id);
  return (
    <Panel title="Groups" description="Direct memberships.">
      <Paged query={groups} noun="group" empty={<p className="muted">In no group.</p>}>
        {(items) => (
          <ul className="plain-list" data-testid="user-groups">
            {items.map((g) => (
              <li key={g.value}>
                <Link to={pathTo(paths.group, { id: g.value })}>{g.display ?? g.value}</Link>
              </li>
            ))}
          </ul>
        )}
      </Paged>
    </Panel>
  );
}
