import type { ConnectionKind } from '../../../lib/api-types.js';

/**
 * What to paste where, per IdP: the README's "Connect an IdP" as data (web/test/setup-steps.test.ts
 * checks the two say the same). `token` stands for the token minted on the connection page.
 */
export interface SetupField {
  /** The IdP's own field name, as its screen shows it. */
  label: string;
  value: string;
  /** The value is the SCIM token: shown as a placeholder unless one was just minted. */
  isToken?: boolean;
  note?: string;
}

export interface SetupGuide {
  kind: ConnectionKind;
  idp: string;
  /** Where in the IdP's admin console these fields are. */
  where: string[];
  fields: SetupField[];
  /** What to do after the fields are filled. */
  then: string[];
  /** Attributes the IdP must send (its defaults cover them unless said otherwise). */
  mappings: { scim: string; from: string }[];
  notes: string[];
}

export const KIND_LABELS: Record<ConnectionKind, string> = { okta: 'Okta', entra: 'Microsoft Entra ID', onelogin: 'OneLogin', other: 'Other SCIM client' };
export const KIND_MARKS: Record<ConnectionKind, string> = { okta: 'OK', entra: 'EN', onelogin: 'OL', other: '{ }' };

/** Entra's flag for its RFC-compliant PATCH behaviour (docs/idp-quirks.md). */
export const ENTRA_FLAG = '?aadOptscim062020';

export function setupGuide(kind: ConnectionKind, baseUrl: string): SetupGuide {
  switch (kind) {
    case 'okta':
      return {
        kind,
        idp: 'Okta',
        where: [
          'Create an app integration with SCIM provisioning (for a custom app: an SWA or SAML app, then General → Provisioning: SCIM).',
          'Open Provisioning → Integration and fill in:',
        ],
        fields: [
          { label: 'SCIM connector base URL', value: baseUrl },
          { label: 'Unique identifier field for users', value: 'userName' },
          { label: 'Supported provisioning actions', value: 'Import New Users and Profile Updates, Push New Users, Push Profile Updates, Push Groups' },
          { label: 'Authentication mode', value: 'HTTP Header' },
          { label: 'Authorization', value: 'token', isToken: true, note: 'Okta sends it as Bearer <token>' },
        ],
        then: ['Click Test Connector Configuration.', 'Enable To App: Create Users, Update User Attributes, Deactivate Users.'],
        mappings: [
          { scim: 'userName', from: 'Username (user.login)' },
          { scim: 'name.givenName / name.familyName', from: 'First name / Last name' },
          { scim: 'emails[type eq "work"].value', from: 'Primary email' },
          { scim: 'active', from: 'set by Okta on assign / deactivate' },
        ],
        notes: ['Okta never deletes users; deactivation sets active: false.'],
      };
    case 'entra':
      return {
        kind,
        idp: 'Microsoft Entra ID',
        where: [
          'Enterprise applications → New application → Create your own application (non-gallery).',
          'Open Provisioning → Automatic and fill in Admin Credentials:',
        ],
        fields: [
          { label: 'Tenant URL', value: `${baseUrl}${ENTRA_FLAG}`, note: `The ${ENTRA_FLAG} suffix is optional: it switches Entra to its RFC-compliant PATCH behaviour. Both behaviours are handled.` },
          { label: 'Secret Token', value: 'token', isToken: true },
        ],
        then: ['Click Test Connection, then Save.', 'Assign users and groups to the application.', 'Start provisioning.'],
        mappings: [
          { scim: 'userName', from: 'userPrincipalName' },
          { scim: 'active', from: 'Switch([IsSoftDeleted], , "False", "True", "True", "False")' },
          { scim: 'name.givenName / name.familyName', from: 'givenName / surname' },
          { scim: 'emails[type eq "work"].value', from: 'mail' },
          { scim: 'externalId', from: 'mailNickname' },
        ],
        notes: ['Entra provisions on a cycle of about 40 minutes; use Provision on demand to test one user at once.'],
      };
    case 'onelogin':
      return {
        kind,
        idp: 'OneLogin',
        where: ['Add the SCIM Provisioner with SAML (SCIM v2 Enterprise) app.', 'In Configuration, fill in:'],
        fields: [
          { label: 'SCIM Base URL', value: baseUrl },
          { label: 'SCIM Bearer Token', value: 'token', isToken: true },
        ],
        then: ['Enable the API connection.', 'In Provisioning, turn on provisioning (and group push via rules if you want groups).'],
        mappings: [
          { scim: 'userName', from: 'Email (or Username)' },
          { scim: 'name.givenName / name.familyName', from: 'First Name / Last Name' },
          { scim: 'emails[type eq "work"].value', from: 'Email' },
        ],
        notes: [],
      };
    case 'other':
      return {
        kind,
        idp: 'your SCIM client',
        where: ['Any RFC 7644 client works the same way: the base URL plus a bearer token.'],
        fields: [
          { label: 'SCIM base URL', value: baseUrl },
          { label: 'Authorization header', value: 'Bearer token', isToken: true },
        ],
        then: ['Send a GET to /ServiceProviderConfig with the header: it answers 200.'],
        mappings: [{ scim: 'userName', from: 'a unique, stable login (usually the email)' }],
        notes: ['Endpoints: /Users, /Groups, /Bulk, /.search, /Schemas, /ResourceTypes, /ServiceProviderConfig.'],
      };
  }
}

/** The field's value with the token filled in, or a placeholder naming where it comes from. */
export function fieldValue(field: SetupField, token?: string): string {
  if (!field.isToken) return field.value;
  return field.value.replace('token', token ?? '<the token you mint below>');
}

/** Plain HTTP to anything but this machine will not work with any IdP. */
export function needsHttps(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).protocol !== 'https:';
  } catch {
    return true;
  }
}
