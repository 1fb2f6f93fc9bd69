// Row types for migrations/*.sql. Kept beside the SQL they mirror: a migration that adds a
// column adds it here in the same commit (tests run every query against the real schema).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type GeneratedAlways<T> = ColumnType<T, never, never>;
export type Json = ColumnType<unknown, string, string>;

export interface IdpConnectionsTable {
  id: Generated<string>;
  name: string;
  kind: Generated<'okta' | 'entra' | 'onelogin' | 'other'>;
  rate_limit_per_second: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ScimTokensTable {
  id: Generated<string>;
  connection_id: string;
  name: string;
  token_hash: Buffer;
  prefix: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  last_used_ip: string | null;
  last_used_user_agent: string | null;
  rotated_from_id: string | null;
}

export interface AdminsTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  created_at: Timestamp;
  last_login_at: Timestamp | null;
}

export interface UsersTable {
  id: Generated<string>;
  doc: Json;
  source: 'local' | 'scim';
  connection_id: string | null;
  password_hash: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  user_name: GeneratedAlways<string>;
  external_id: GeneratedAlways<string | null>;
  display_name: GeneratedAlways<string | null>;
  given_name: GeneratedAlways<string | null>;
  family_name: GeneratedAlways<string | null>;
  active: GeneratedAlways<boolean>;
  employee_number: GeneratedAlways<string | null>;
  cost_center: GeneratedAlways<string | null>;
  organization: GeneratedAlways<string | null>;
  division: GeneratedAlways<string | null>;
  department: GeneratedAlways<string | null>;
  manager_id: GeneratedAlways<string | null>;
}

export interface UserEmailsTable {
  user_id: string;
  ord: number;
  value: string | null;
  type: string | null;
  is_primary: boolean;
  display: string | null;
}

export interface GroupsTable {
  id: Generated<string>;
  doc: Json;
  source: 'local' | 'scim';
  connection_id: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  display_name: GeneratedAlways<string>;
  external_id: GeneratedAlways<string | null>;
}

export interface GroupMembersTable {
  group_id: string;
  member_id: string;
  member_type: 'User' | 'Group';
  added_at: Timestamp;
}

export type AuditSource = 'scim' | 'admin' | 'cli' | 'system';

export interface AuditEventsTable {
  id: GeneratedAlways<string>;
  occurred_at: Timestamp;
  source: AuditSource;
  connection_id: string | null;
  token_id: string | null;
  admin_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  diff: Json | null;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface OutboxEventsTable {
  id: GeneratedAlways<string>;
  txid: ColumnType<string, never, never>;
  event_id: Generated<string>;
  type: string;
  schema_version: Generated<number>;
  occurred_at: Timestamp;
  resource_type: string;
  resource_id: string;
  payload: Json;
  actor: Json;
  request_id: string | null;
}

export interface OutboxConsumersTable {
  name: string;
  last_txid: ColumnType<string, string | undefined, string>;
  last_id: ColumnType<string, string | number | undefined, string | number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AdminSessionsTable {
  id: Generated<string>;
  admin_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface AdminLoginFailuresTable {
  id: GeneratedAlways<string>;
  email: string;
  ip: string;
  failed_at: Timestamp;
}

export interface ScimRequestStatsTable {
  connection_id: string;
  hour: Timestamp;
  requests: ColumnType<string, string | number | undefined, string | number>;
  errors: ColumnType<string, string | number | undefined, string | number>;
  last_request_at: Timestamp | null;
  last_user_agent: string | null;
  last_error_at: Timestamp | null;
  last_error_status: number | null;
  last_error_detail: string | null;
}

export interface ScimRequestStatusCountsTable {
  connection_id: string;
  hour: Timestamp;
  status: number;
  requests: ColumnType<string, string | number | undefined, string | number>;
}

export interface WebhookSubscriptionsTable {
  id: Generated<string>;
  kind: 'slack' | 'hmac';
  url_encrypted: string;
  url_display: string;
  events: ColumnType<string[], string[], string[]>;
  connection_id: string | null;
  description: Generated<string>;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  disabled_at: Timestamp | null;
  secret_encrypted: string | null;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Timestamp | null;
  failing_since: Timestamp | null;
  paused_until: Timestamp | null;
  next_send_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookCoalescingTable {
  subscription_id: string;
  tokens: number;
  tokens_at: Timestamp;
  coalescing_until: Timestamp | null;
  episode_batches: Generated<number>;
}

export type WebhookDeliveryStatus = 'open' | 'pending' | 'delivering' | 'succeeded' | 'failed';

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  subscription_id: string;
  webhook_id: string;
  kind: 'single' | 'summary' | 'test';
  event_type: string;
  event_count: Generated<number>;
  status: WebhookDeliveryStatus;
  body: string | null;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  first_event_at: Timestamp | null;
  last_event_at: Timestamp | null;
  opened_at: Timestamp;
  window_ends_at: Timestamp | null;
  close_at: Timestamp | null;
  closed_at: Timestamp | null;
  completed_at: Timestamp | null;
  one_shot: Generated<boolean>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
}

export interface WebhookDeliveryEventsTable {
  subscription_id: string;
  event_id: string;
  delivery_id: string;
  event_type: string;
  occurred_at: Timestamp;
  connection_id: string | null;
  actor_source: string;
  resource_type: string;
  resource_id: string;
  label: string | null;
  routed_at: Timestamp;
  ord: GeneratedAlways<string>;
}

export interface WebhookAttemptsTable {
  id: GeneratedAlways<string>;
  delivery_id: string;
  attempt: number;
  trigger: 'scheduled' | 'manual' | 'test';
  started_at: Timestamp;
  duration_ms: number | null;
  status_code: number | null;
  response_body: string | null;
  error: string | null;
  outcome: 'succeeded' | 'retry' | 'failed' | 'disabled' | 'abandoned' | null;
  next_attempt_at: Timestamp | null;
}

export interface Database {
  idp_connections: IdpConnectionsTable;
  scim_tokens: ScimTokensTable;
  admins: AdminsTable;
  users: UsersTable;
  user_emails: UserEmailsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  audit_events: AuditEventsTable;
  outbox_events: OutboxEventsTable;
  outbox_consumers: OutboxConsumersTable;
  admin_sessions: AdminSessionsTable;
  admin_login_failures: AdminLoginFailuresTable;
  scim_request_stats: ScimRequestStatsTable;
  scim_request_status_counts: ScimRequestStatusCountsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_coalescing: WebhookCoalescingTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_events: WebhookDeliveryEventsTable;
  webhook_attempts: WebhookAttemptsTable;
}

export type UserRow = Selectable<UsersTable>;
export type GroupRow = Selectable<GroupsTable>;
export type ScimTokenRow = Selectable<ScimTokensTable>;
export type IdpConnectionRow = Selectable<IdpConnectionsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type OutboxEventRow = Selectable<OutboxEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
export type UserUpdate = Updateable<UsersTable>;
export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptsTable>;
