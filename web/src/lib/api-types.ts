import type { paths } from './api-schema.js';

/**
 * Names for the admin API's shapes, all taken from the generated OpenAPI types
 * (api-schema.ts): nothing here is written by hand, so a changed API breaks the build.
 */
export type ApiPath = keyof paths;
type Op<P extends ApiPath, M extends keyof paths[P]> = paths[P][M];
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

export type ResponseOf<P extends ApiPath, M extends keyof paths[P]> =
  Op<P, M> extends { responses: infer R } ? (200 extends keyof R ? JsonOf<R[200]> : 201 extends keyof R ? JsonOf<R[201]> : 202 extends keyof R ? JsonOf<R[202]> : undefined) : never;
export type BodyOf<P extends ApiPath, M extends keyof paths[P]> =
  Op<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
export type QueryOf<P extends ApiPath, M extends keyof paths[P]> = Op<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

export type Session = ResponseOf<'/api/admin/session', 'get'>;
export type Connection = ResponseOf<'/api/admin/connections/{id}', 'get'>;
export type ConnectionKind = Connection['kind'];
export type ConnectionList = ResponseOf<'/api/admin/connections', 'get'>;
export type CreateConnectionBody = BodyOf<'/api/admin/connections', 'post'>;
export type Token = ResponseOf<'/api/admin/tokens/{id}/revoke', 'post'>;
export type MintedToken = ResponseOf<'/api/admin/connections/{id}/tokens', 'post'>;
export type MintTokenBody = BodyOf<'/api/admin/connections/{id}/tokens', 'post'>;
export type RotateTokenBody = NonNullable<BodyOf<'/api/admin/tokens/{id}/rotate', 'post'>>;
export type Rotation = ResponseOf<'/api/admin/tokens/{id}/rotate', 'post'>;
export type TestResult = ResponseOf<'/api/admin/connections/{id}/test', 'post'>;
export type TestStep = TestResult['steps'][number];
export type Activity = ResponseOf<'/api/admin/connections/{id}/activity', 'get'>;

export type User = ResponseOf<'/api/admin/users/{id}', 'get'>;
export type UserPage = ResponseOf<'/api/admin/users', 'get'>;
export type UserFilters = Omit<QueryOf<'/api/admin/users', 'get'>, 'cursor' | 'limit'>;
export type CreateUserBody = BodyOf<'/api/admin/users', 'post'>;
export type UpdateUserBody = BodyOf<'/api/admin/users/{id}', 'patch'>;
export type MemberRef = ResponseOf<'/api/admin/groups/{id}/members', 'get'>['items'][number];
export type RefPage = ResponseOf<'/api/admin/groups/{id}/members', 'get'>;

export type Group = ResponseOf<'/api/admin/groups/{id}', 'get'>;
export type GroupPage = ResponseOf<'/api/admin/groups', 'get'>;
export type GroupFilters = Omit<QueryOf<'/api/admin/groups', 'get'>, 'cursor' | 'limit'>;
export type MembersChange = BodyOf<'/api/admin/groups/{id}/members', 'post'>;

export type AuditItem = ResponseOf<'/api/admin/audit', 'get'>['items'][number];
export type AuditPage = ResponseOf<'/api/admin/audit', 'get'>;
export type AuditFilters = Omit<QueryOf<'/api/admin/audit', 'get'>, 'cursor' | 'limit'>;
export type Admin = ResponseOf<'/api/admin/admins', 'get'>['items'][number];

/** Where a user or group comes from (the managed badge and the lockdown). */
export type Provenance = Pick<User, 'source' | 'connection' | 'managedByScim'>;

export type Webhook = ResponseOf<'/api/admin/webhooks/{id}', 'get'>;
export type WebhookKind = Webhook['kind'];
export type CreateWebhookBody = BodyOf<'/api/admin/webhooks', 'post'>;
export type UpdateWebhookBody = BodyOf<'/api/admin/webhooks/{id}', 'patch'>;
export type CreatedWebhook = ResponseOf<'/api/admin/webhooks', 'post'>;
export type RotatedWebhook = ResponseOf<'/api/admin/webhooks/{id}/rotate-secret', 'post'>;
export type WebhookEventTypes = ResponseOf<'/api/admin/webhooks/event-types', 'get'>;
export type WebhookTestResult = ResponseOf<'/api/admin/webhooks/{id}/test', 'post'>;
export type Delivery = ResponseOf<'/api/admin/webhooks/{id}/deliveries', 'get'>['items'][number];
export type DeliveryPage = ResponseOf<'/api/admin/webhooks/{id}/deliveries', 'get'>;
export type DeliveryStatus = Delivery['status'];
export type DeliveryDetail = ResponseOf<'/api/admin/webhooks/deliveries/{deliveryId}', 'get'>;
export type DeliveryAttempt = DeliveryDetail['attemptLog'][number];
export type Replayed = ResponseOf<'/api/admin/webhooks/deliveries/{deliveryId}/replay', 'post'>;
