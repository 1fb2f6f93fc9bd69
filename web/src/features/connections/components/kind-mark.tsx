import type { ConnectionKind } from '../../../lib/api-types.js';
import { KIND_LABELS, KIND_MARKS } from '../lib/idp-setup.js';

export function KindMark({ kind }: { kind: ConnectionKind }) {
  return (
    <span className={`kind-mark kind-${kind}`} aria-hidden="true" title={KIND_LABELS[kind]}>
      {KIND_MARKS[kind]}
    </span>
  );
}
