import { sql, type Kysely } from 'kysely';
import { writeAudit, type Actor, type Database } from '@scim/db';
import { hashPassword } from './password.js';

export class AdminError extends Error {
  constructor(readonly code: 'invalid_argument' | 'conflict', message: string) {
    super(message);
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
export const MIN_PASSWORD_LENGTH = 12;

export async function createAdmin(db: Kysely<Database>, actor: Actor, email: string, password: string): Promise<{ id: string; email: string }> {
  if (!EMAIL.test(email)) throw new AdminError('invalid_argument', `not an email address: ${email}`);
  if (password.length < MIN_PASSWORD_LENGTH) throw new AdminError('invalid_argument', `password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('admins')
      .values({ email, password_hash: passwordHash })
      .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
      .returning(['id', 'email'])
      .executeTakeFirst();
    if (!row) throw new AdminError('conflict', `an admin with email ${email} already exists`);
    await writeAudit(trx, actor, [{ action: 'admin.created', resourceType: 'Admin', resourceId: row.id, diff: { email: { after: email } } }]);
    return row;
  });
}
