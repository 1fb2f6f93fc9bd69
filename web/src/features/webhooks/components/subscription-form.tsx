import { useState, type FormEvent } from 'react';
import { Button } from '../../../components/button.js';
import { SelectField, TextField } from '../../../components/field.js';
import { FormError } from '../../../components/states.js';
import type { Connection, WebhookKind } from '../../../lib/api-types.js';
import { EMPTY_SUBSCRIPTION, selectedTypes, slackUrlWarning, splitPatterns, validateSubscription, type SubscriptionErrors, type SubscriptionFormValues } from '../lib/subscription-form.js';

const KINDS: { value: WebhookKind; label: string; hint: string }[] = [
  { value: 'hmac', label: 'Signed HTTPS endpoint', hint: 'Standard Webhooks: JSON bodies signed with a secret you get once.' },
  { value: 'slack', label: 'Slack channel', hint: 'An incoming-webhook URL: readable messages with a link to the audit log.' },
];

/**
 * Add a subscription: kind, URL, event patterns, optionally one IdP connection, a description.
 * Errors show after the first submit, next to their field; the server's answer (an unsafe URL,
 * say) under the form.
 */
export function SubscriptionForm({
  eventTypes,
  examples,
  connections,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  eventTypes: readonly string[];
  examples: readonly string[];
  connections: Pick<Connection, 'id' | 'name'>[];
  pending: boolean;
  error: unknown;
  onSubmit: (v: SubscriptionFormValues) => void;
  onCancel: () => void;
}) {
  const [v, setV] = useState<SubscriptionFormValues>(EMPTY_SUBSCRIPTION);
  const [errors, setErrors] = useState<SubscriptionErrors | null>(null);
  const set = <K extends keyof SubscriptionFormValues>(k: K, value: SubscriptionFormValues[K]) => {
    const next = { ...v, [k]: value };
    setV(next);
    if (errors) setErrors(validateSubscription(next, eventTypes));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateSubscription(v, eventTypes);
    setErrors(found);
    if (Object.keys(found).length === 0) onSubmit(v);
  };
  const types = selectedTypes(splitPatterns(v.events), eventTypes);
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="New webhook subscription">
      <fieldset className="kind-picker">
        <legend>Send to</legend>
        {KINDS.map((k) => (
          <label key={k.value} className="kind-option">
            <input type="radio" name="webhook-kind" value={k.value} checked={v.kind === k.value} onChange={() => set('kind', k.value)} />
            <span>
              {k.label}
              <span className="cell-sub" style={{ display: 'block' }}>
                {k.hint}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <TextField
        label={v.kind === 'slack' ? 'Slack webhook URL' : 'Endpoint URL'}
        type="url"
        inputMode="url"
        autoComplete="off"
        placeholder={v.kind === 'slack' ? 'https://hooks.slack.com/services/T…/B…/…' : 'https://hr.example.com/scim-events'}
        value={v.url}
        onChange={(e) => set('url', e.target.value)}
        error={errors?.url}
        hint={
          v.kind === 'slack'
            ? (slackUrlWarning(v) ?? 'Slack → Apps → Incoming Webhooks → Add to Slack. The URL is the credential: it is stored encrypted and shown masked.')
            : 'Must answer 2xx within 15 seconds; addresses inside your network are refused.'
        }
      />
      <TextField
        label="Events"
        value={v.events}
        onChange={(e) => set('events', e.target.value)}
        error={errors?.events}
        hint={
          <>
            Event types or patterns with <code>*</code>, separated by commas: {examples.map((x, i) => (
              <span key={x}>
                {i ? ', ' : ''}
                <code>{x}</code>
              </span>
            ))}
            .{' '}
            {eventTypes.length && !errors?.events ? (types.length === eventTypes.length ? 'Every event type.' : `${types.length} of ${eventTypes.length} event types: ${types.join(', ')}.`) : null}
          </>
        }
      />
      <SelectField
        label="Connection"
        options={[{ value: '', label: 'All connections' }, ...connections.map((c) => ({ value: c.id, label: c.name }))]}
        value={v.connectionId}
        onChange={(e) => set('connectionId', e.target.value)}
        hint="Only events written through this IdP connection’s tokens."
      />
      <TextField label="Description (optional)" maxLength={500} value={v.description} onChange={(e) => set('description', e.target.value)} error={errors?.description} placeholder="HR sync" />
      <FormError error={error} />
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="primary" type="submit" loading={pending}>
          Add subscription
        </Button>
      </div>
    </form>
  );
}
