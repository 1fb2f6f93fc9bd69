import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/button.js';
import { Dialog } from '../../../components/dialog.js';
import { TextField } from '../../../components/field.js';
import { SearchFilters, useListFilters } from '../../../components/list-filters.js';
import { SourceBadge } from '../../../components/managed.js';
import { PageHeader } from '../../../components/page.js';
import { Paged } from '../../../components/paged.js';
import { EmptyState, FormError } from '../../../components/states.js';
import type { GroupFilters } from '../../../lib/api-types.js';
import { formatRelative } from '../../../lib/format.js';
import { Link, navigate } from '../../../lib/router.js';
import { pathTo, paths } from '../../../app/paths.js';
import { useConnections } from '../../connections/api/get-connections.js';
import { useGroups } from '../api/get-groups.js';
import { useCreateGroup } from '../api/group-mutations.js';
import { TableHead } from '../../../components/table.js';

export function GroupsPage() {
  const { values, setFilter } = useListFilters(['q', 'source', 'connectionId']);
  const filters: GroupFilters = {
    q: values.q || undefined,
    source: (values.source || undefined) as GroupFilters['source'],
    connectionId: values.connectionId || undefined,
  };
  const groups = useGroups(filters);
  const connections = useConnections();
  const create = useCreateGroup();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const filtered = Object.values(values).some(Boolean);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name, { onSuccess: (g) => (setCreating(false), navigate(pathTo(paths.group, { id: g.id }))) });
  };

  return (
    <>
      <PageHeader
        title="Groups"
        description="Groups pushed by your IdP through SCIM, and local groups you manage here."
        actions={
          <Button variant="primary" onClick={() => (create.reset(), setName(''), setCreating(true))}>
            New group
          </Button>
        }
      />
      <SearchFilters
        label="Search groups"
        placeholder="Group name"
        values={values}
        setFilter={setFilter}
        selects={[
          { key: 'source', label: 'Source', options: [{ value: '', label: 'All sources' }, { value: 'scim', label: 'SCIM' }, { value: 'local', label: 'Local' }] },
          {
            key: 'connectionId',
            label: 'Connection',
            options: [{ value: '', label: 'All connections' }, ...(connections.data?.items.map((c) => ({ value: c.id, label: c.name })) ?? [])],
          },
        ]}
      />
      <Paged
        query={groups}
        noun="group"
        empty={
          <EmptyState title={filtered ? 'No group matches these filters' : 'No groups yet'}>
            {filtered ? 'Change the search or clear the filters.' : 'Groups arrive when the IdP pushes them, or create a local one.'}
          </EmptyState>
        }
      >
        {(items) => (
          <div className="table-wrap">
            <table className="table" data-testid="groups-table">
              <TableHead columns={['Group', 'Members', 'Source', 'Created']} />
              <tbody>
                {items.map((g) => (
                  <tr key={g.id}>
                    <td>
                      <Link to={pathTo(paths.group, { id: g.id })}>{g.displayName}</Link>
                    </td>
                    <td>{(g.memberCount ?? 0).toLocaleString('en')}</td>
                    <td>
                      <SourceBadge item={g} />
                    </td>
                    <td>{formatRelative(g.meta.created)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Paged>
      <Dialog open={creating} onClose={() => setCreating(false)} title="New local group">
        <form className="stack" onSubmit={submit}>
          <TextField label="Group name" required maxLength={256} value={name} onChange={(e) => setName(e.target.value)} />
          <FormError error={create.error} />
          <div className="row" style={{ justifyContent: 'flex-end' }}>
            <Button onClick={() => setCreating(false)}>Cancel</Button>
            <Button variant="primary" type="submit" loading={create.isPending}>
              Create group
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
