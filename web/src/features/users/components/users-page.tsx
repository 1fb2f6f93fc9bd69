import { useState } from 'react';
import { Badge } from '../../../components/badge.js';
import { Button } from '../../../components/button.js';
import { Dialog } from '../../../components/dialog.js';
import { SourceBadge } from '../../../components/managed.js';
import { PageHeader } from '../../../components/page.js';
import { Paged } from '../../../components/paged.js';
import { EmptyState } from '../../../components/states.js';
import { SearchFilters, useListFilters } from '../../../components/list-filters.js';
import type { UserFilters } from '../../../lib/api-types.js';
import { formatRelative } from '../../../lib/format.js';
import { Link, navigate } from '../../../lib/router.js';
import { pathTo, paths } from '../../../app/paths.js';
import { useConnections } from '../../connections/api/get-connections.js';
import { useUsers } from '../api/get-users.js';
import { useCreateUser } from '../api/user-mutations.js';
import { createPayload, formValuesOf, userLabel } from '../lib/user-form.js';
import { UserForm } from './user-form.js';
import { TableHead } from '../../../components/table.js';

export function UsersPage() {
  const { values, setFilter } = useListFilters(['q', 'source', 'active', 'connectionId']);
  const filters: UserFilters = {
    q: values.q || undefined,
    source: (values.source || undefined) as UserFilters['source'],
    active: values.active === '' ? undefined : values.active === 'true',
    connectionId: values.connectionId || undefined,
  };
  const users = useUsers(filters);
  const connections = useConnections();
  const create = useCreateUser();
  const [creating, setCreating] = useState(false);
  const filtered = Object.values(values).some(Boolean);

  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone who can be provisioned to your app: users your IdP manages through SCIM and local users created here."
        actions={
          <Button variant="primary" onClick={() => (create.reset(), setCreating(true))}>
            New user
          </Button>
        }
      />
      <SearchFilters
        label="Search users"
        placeholder="Name, user name or email"
        values={values}
        setFilter={setFilter}
        selects={[
          { key: 'source', label: 'Source', options: [{ value: '', label: 'All sources' }, { value: 'scim', label: 'SCIM' }, { value: 'local', label: 'Local' }] },
          { key: 'active', label: 'Status', options: [{ value: '', label: 'Any status' }, { value: 'true', label: 'Active' }, { value: 'false', label: 'Inactive' }] },
          {
            key: 'connectionId',
            label: 'Connection',
            options: [{ value: '', label: 'All connections' }, ...(connections.data?.items.map((c) => ({ value: c.id, label: c.name })) ?? [])],
          },
        ]}
      />
      <Paged
        query={users}
        noun="user"
        empty={
          <EmptyState title={filtered ? 'No user matches these filters' : 'No users yet'}>
            {filtered ? 'Change the search or clear the filters.' : 'Connect an IdP under SCIM Provisioning, or create a local user.'}
          </EmptyState>
        }
      >
        {(items) => (
          <div className="table-wrap">
            <table className="table" data-testid="users-table">
              <TableHead columns={['User', 'Email', 'Status', 'Source', 'Created']} />
              <tbody>
                {items.map((u) => (
                  <tr key={u.id}>
                    <td>
                      <Link to={pathTo(paths.user, { id: u.id })}>{userLabel(u)}</Link>
                      <div className="cell-sub">{u.userName}</div>
                    </td>
                    <td>{u.emails?.[0]?.value ?? <span className="muted">—</span>}</td>
                    <td>{u.active === false ? <Badge>Inactive</Badge> : <Badge tone="success">Active</Badge>}</td>
                    <td>
                      <SourceBadge item={u} />
                    </td>
                    <td>{formatRelative(u.meta.created)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Paged>
      <Dialog open={creating} onClose={() => setCreating(false)} title="New local user">
        <UserForm
          mode="create"
          initial={formValuesOf()}
          pending={create.isPending}
          error={create.error}
          onCancel={() => setCreating(false)}
          onSubmit={(v) => create.mutate(createPayload(v), { onSuccess: (u) => (setCreating(false), navigate(pathTo(paths.user, { id: u.id }))) })}
        />
      </Dialog>
    </>
  );
}
