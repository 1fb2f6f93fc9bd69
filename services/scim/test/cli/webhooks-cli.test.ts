import t from 'tap';
import { createTestDatabase } from '../../../../test/helpers/db.js';
import { cleanEnv, lastLine, runCli, tempDir } from '../../../../test/helpers/process.js';
import { startReceiver } from '../../../dispatcher/test/helpers/receivers.js';
import { webhookCommands } from '../../src/cli/webhook-commands.js';

const KEY = Buffer.alloc(32, 3).toString('base64');

/** Runs a webhooks command in this process (the command map main.ts dispatches to), capturing stdout. */
async function inProcess(h: Parameters<(typeof webhookCommands)[string]>[1], args: string[]): Promise<{ stdout: string; error?: Error }> {
  const write = process.stdout.write.bind(process.stdout);
  let stdout = '';
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  try {
    await webhookCommands[`webhooks ${args[0]}`]!(args.slice(1), h);
    return { stdout };
  } catch (error) {
    return { stdout, error: error as Error };
  } finally {
    process.stdout.write = write;
  }
}

t.test('pnpm scim webhooks: add prints the secret alone on the last line; list, test, deliveries, rotate, replay, disable, remove', async (t) => {
  const db = await createTestDatabase(t);
  const dataDir = await tempDir(t, 'webhooks-cli-');
  const vars = { DATABASE_URL: db.url, DATA_DIR: dataDir, ENCRYPTION_KEY: KEY, SESSION_SECRET: 'x'.repeat(40), WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true', LOG_LEVEL: 'silent' };
  const env = cleanEnv(vars);
  Object.assign(process.env, vars); // for the in-process commands (they read the same config)
  const rx = await startReceiver(t, { responder: ({ n }) => (n === 1 ? { status: 500, body: 'nope' } : { status: 200, body: 'ok' }) });

  // The real process for what scripts rely on: the last line and the exit codes.
  const add = await runCli(['webhooks', 'add', '--kind', 'hmac', '--url', rx.url, '--events', 'user.*,group.members_*'], env);
  t.equal(add.code, 0, add.stderr);
  const secret = lastLine(add.stdout);
  t.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'the signing secret, alone on the last line');
  rx.secrets.push(secret);
  const typo = await runCli(['webhooks', 'add', '--kind', 'hmac', '--url', rx.url, '--events', 'user.crated'], env);
  t.equal(typo.code, 2, 'a usage error');
  t.match(typo.stderr, /no event type matches "user.crated"/);

  const slack = await inProcess(db, ['add', '--kind', 'slack', '--url', `${rx.url}/services/T1/B2/xyz`]);
  t.match(lastLine(slack.stdout), /^[0-9a-f-]{36}$/, 'for slack, the subscription id');
  const list = await inProcess(db, ['list', '--json']);
  const subs = JSON.parse(list.stdout);
  t.equal(subs.length, 2);
  t.notOk(list.stdout.includes(secret.slice(6)) || list.stdout.includes('xyz'), 'neither the secret nor the Slack credential is listed');
  const id = subs.find((s: { kind: string }) => s.kind === 'hmac').id;

  const ok = await inProcess(db, ['test', id]);
  t.equal(ok.error, undefined);
  t.match(ok.stdout, /receiver answered 200 in \d+ ms/);
  t.same(rx.received[0]!.verifiedBy, [0], 'the test event verifies');
  const failed = await runCli(['webhooks', 'test', id], env);
  t.equal(failed.code, 1, 'a refused test event exits non-zero');
  t.match(failed.stdout, /receiver answered 500/);

  const log = JSON.parse((await inProcess(db, ['deliveries', id, '--json'])).stdout);
  t.equal(log.length, 2);
  t.match(log[0], { status: 'failed', attemptLog: [{ statusCode: 500, outcome: 'failed', trigger: 'test', responseBody: 'nope' }] });
  t.match((await inProcess(db, ['deliveries', id])).stdout, /#1 test\s+\S+\s+failed\s+500/, 'every attempt in the text view');
  t.match((await inProcess(db, ['replay', log[0].id])).stdout, new RegExp(`webhook-id ${log[0].webhookId}`));

  const rotated = await runCli(['webhooks', 'rotate-secret', id, '--overlap-hours', '1'], env);
  t.equal(rotated.code, 0, rotated.stderr);
  const next = lastLine(rotated.stdout);
  t.match(next, /^whsec_/);
  t.not(next, secret);
  rx.secrets.push(next);
  await inProcess(db, ['test', id]);
  t.same(rx.received.at(-1)!.verifiedBy, [0, 1], 'both secrets verify during the overlap');

  t.match((await inProcess(db, ['disable', id])).stdout, /disabled webhook/);
  t.match((await inProcess(db, ['list'])).stdout, /disabled \(disabled by an admin\)/);
  t.match((await inProcess(db, ['enable', id])).stdout, /enabled webhook/);
  t.match((await inProcess(db, ['remove', id])).stdout, /removed webhook/);
  t.match((await inProcess(db, ['test', id])).error?.message, /no webhook subscription/);
  process.env.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = 'false';
  t.match((await inProcess(db, ['add', '--kind', 'hmac', '--url', 'https://169.254.169.254/'])).error?.message, /linkLocal/);
});
