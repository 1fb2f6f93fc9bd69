import { useEffect, useState } from 'react';
import { Button } from '../../../components/button.js';
import { Dialog } from '../../../components/dialog.js';
import { CheckboxField, TextField } from '../../../components/field.js';
import { ErrorState, FormError, Loading } from '../../../components/states.js';
import { useUsers } from '../../users/api/get-users.js';

/** Pick users by search (a page of matches at a time) and add them in one request. */
/** Mounted only while open, so its user search runs only then. */
export function AddMembersDialog({ onClose, onAdd, pending, error }: { onClose: () => void; onAdd: (ids: string[]) => void; pending: boolean; error: unknown }) {
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    const t = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(t);
  }, [q]);
  const users = useUsers({ q: debounced || undefined });
  const candidates = users.data?.pages[0]?.items ?? [];
  const toggle = (id: string, label: string) => {
    const next = new Map(picked);
    if (next.has(id)) next.delete(id);
    else next.set(id, label);
    setPicked(next);
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title="Add members"
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" loading={pending} disabledReason={picked.size === 0 ? 'Pick at least one user' : undefined} onClick={() => onAdd([...picked.keys()])}>
            Add {picked.size || ''} {picked.size === 1 ? 'user' : 'users'}
          </Button>
        </>
      }
    >
      <TextField label="Find users" type="search" placeholder="Name, user name or email" value={q} onChange={(e) => setQ(e.target.value)} />
      {users.isPending ? <Loading /> : users.isError ? <ErrorState error={users.error} /> : null}
      <div className="stack" style={{ maxHeight: 280, overflowY: 'auto', gap: 2 }}>
        {candidates.map((u) => (
          <CheckboxField key={u.id} label={`${u.displayName ?? u.userName} (${u.userName})`} checked={picked.has(u.id)} onChange={() => toggle(u.id, u.userName)} />
        ))}
        {users.data && candidates.length === 0 ? <p className="muted">No user matches.</p> : null}
      </div>
      <FormError error={error} />
    </Dialog>
  );
}
