import type { ReactNode } from 'react';
import { pluralize } from '../lib/format.js';

export function PageHeader({ title, description, actions, back }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; back?: ReactNode }) {
  return (
    <header className="page-header">
      {back ? <div className="page-back">{back}</div> : null}
      <div className="page-header-row">
        <div>
          <h1>{title}</h1>
          {description ? <p className="page-description">{description}</p> : null}
        </div>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
    </header>
  );
}

export function Panel({ title, description, actions, children, id }: { title?: ReactNode; description?: ReactNode; actions?: ReactNode; children: ReactNode; id?: string }) {
  return (
    <section className="panel" aria-labelledby={id && title ? `${id}-title` : undefined} id={id}>
      {title || actions ? (
        <div className="panel-header">
          <div>
            {title ? <h2 id={id ? `${id}-title` : undefined}>{title}</h2> : null}
            {description ? <p className="panel-description">{description}</p> : null}
          </div>
          {actions ? <div className="panel-actions">{actions}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** "Showing 50 · Load more" under a cursor-paged list. */
/** `noun` is singular ("user"); counts read "1 user", "2 users". */
export function LoadMore({ shown, hasMore, loading, onMore, noun }: { shown: number; hasMore: boolean; loading: boolean; onMore: () => void; noun: string }) {
  return (
    <div className="load-more">
      <span className="muted">
        {hasMore ? `Showing the first ${pluralize(shown, noun)}` : shown === 1 ? `1 ${noun}` : `All ${pluralize(shown, noun)}`}
      </span>
      {hasMore ? (
        <button type="button" className="btn btn-secondary btn-sm" onClick={onMore} aria-busy={loading || undefined} disabled={loading}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </div>
  );
}
