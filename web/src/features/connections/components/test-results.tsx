import type { TestResult, TestStep } from '../../../lib/api-types.js';

export const STEP_NAMES: Record<TestStep['id'], string> = {
  reachable: 'Public URL reachable',
  discovery: 'SCIM discovery',
  token: 'Token authenticates',
  probe: 'User lookup (what the IdP does first)',
  rate_limit: 'Rate limit headroom',
};

const ICONS = { pass: '✓', fail: '✕', skip: '–' } as const;
const WORDS = { pass: 'passed', fail: 'failed', skip: 'skipped' } as const;

/** Each check green or red with its reason, as the server reported it. */
export function TestResults({ result }: { result: TestResult }) {
  return (
    <div className="stack" data-testid="test-results">
      <p className={`notice ${result.ok ? 'notice-success' : 'notice-warning'}`} role="status">
        {result.ok ? 'All checks passed: the IdP can provision through this connection.' : 'Some checks failed: fix what is red, then test again.'}
      </p>
      <ol className="checks">
        {result.steps.map((s) => (
          <li key={s.id} className={`check check-${s.status}`} data-testid={`check-${s.id}`} data-status={s.status}>
            <span className="check-icon" aria-hidden="true">
              {ICONS[s.status]}
            </span>
            <span>
              <span className="check-name">
                {STEP_NAMES[s.id]} <span className="visually-hidden">{WORDS[s.status]}</span>
              </span>
              <span className="check-detail" style={{ display: 'block' }}>
                {s.detail}
              </span>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
