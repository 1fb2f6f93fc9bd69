import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/button.js';
import { Dialog } from '../../../components/dialog.js';
import { TextField } from '../../../components/field.js';
import { FormError } from '../../../components/states.js';
import type { ConnectionKind } from '../../../lib/api-types.js';
import { navigate } from '../../../lib/router.js';
import { pathTo, paths } from '../../../app/paths.js';
import { useCreateConnection } from '../api/create-connection.js';
import { KIND_LABELS } from '../lib/idp-setup.js';
import { KindMark } from './kind-mark.js';

const KINDS: ConnectionKind[] = ['okta', 'entra', 'onelogin', 'other'];

export function NewConnectionDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const create = useCreateConnection();
  const [kind, setKind] = useState<ConnectionKind>('okta');
  const [name, setName] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: name.trim() || KIND_LABELS[kind], kind },
      {
        onSuccess: (c) => {
          onClose();
          navigate(pathTo(paths.connection, { id: c.id }));
        },
      },
    );
  };
  return (
    <Dialog open={open} onClose={onClose} title="New SCIM connection">
      <form className="stack" onSubmit={submit}>
        <fieldset className="kind-picker">
          <legend>Identity provider</legend>
          {KINDS.map((k) => (
            <label key={k} className="kind-option">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              <KindMark kind={k} />
              {KIND_LABELS[k]}
            </label>
          ))}
        </fieldset>
        <TextField
          label="Connection name"
          value={name}
          placeholder={KIND_LABELS[kind]}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          hint="Shown on every user and group this IdP manages, and in the audit log. One connection per IdP tenant."
        />
        <FormError error={create.error} />
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" loading={create.isPending}>
            Create connection
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
