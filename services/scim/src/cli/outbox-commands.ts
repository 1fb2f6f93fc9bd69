import {
  consumeBatch,
  consumerLag,
  createOutboxConsumer,
  registerConsumer,
  type BatchHandler,
  type DbHandle,
  type OutboxEvent,
} from '@scim/db';
import { UsageError, parseArgs } from './args.js';

// Same shape as main.ts's `Command` (importing it from there would be a cycle).
type Command = (args: string[], h: DbHandle) => Promise<void>;

export const OUTBOX_USAGE = `  outbox tail --consumer NAME [--follow] [--limit N]
                                            print the consumer's unacknowledged events as NDJSON,
                                            then acknowledge them (registers NAME if new)
  outbox lag                                every consumer's cursor, pending events and lag (JSON)`;

const BATCH = 500;

/** Resolves once the bytes reached stdout's file descriptor or pipe: only then do we ack. */
function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));
}

function printer(budget: { left: number }): BatchHandler {
  return async (events: OutboxEvent[]) => {
    await writeOut(events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    budget.left -= events.length;
  };
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

async function tail(args: string[], h: DbHandle): Promise<void> {
  const { values, flags } = parseArgs(args, { values: ['consumer', 'limit'], booleans: ['follow'] });
  const name = values.consumer;
  if (!name) throw new UsageError('outbox tail needs --consumer NAME');
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!(limit === Infinity || (Number.isInteger(limit) && limit > 0))) throw new UsageError('--limit must be a positive integer');
  const budget = { left: limit };
  await registerConsumer(h.db, name, { from: 'beginning' });

  if (!flags.has('follow')) {
    // Everything committed after the cursor, batch by batch; each batch is acked after it has
    // been written out, in the transaction that holds the cursor row.
    while (budget.left > 0) {
      const r = await consumeBatch(h.db, name, Math.min(BATCH, budget.left), printer(budget));
      if (r.status === 'standby') throw new Error(`outbox consumer "${name}" is being read by another process`);
      if (r.count < Math.min(BATCH, budget.left)) return;
    }
    return;
  }

  let reachedLimit!: () => void;
  const limitReached = new Promise<string>((resolve) => (reachedLimit = () => resolve('limit')));
  const print = printer(budget);
  const consumer = createOutboxConsumer({
    db: h.db,
    pool: h.pool,
    name,
    batchSize: () => Math.min(BATCH, budget.left),
    handler: async (events, ctx) => {
      // A batch that slipped in after the limit rolls back unprinted and unacknowledged.
      if (budget.left <= 0) throw new Error('limit reached');
      await print(events, ctx);
      if (budget.left <= 0) reachedLimit();
    },
    log: { info() {}, warn: (o) => void process.stderr.write(`warn: ${JSON.stringify(o)}\n`), error: (o) => void (budget.left > 0 && process.stderr.write(`error: ${JSON.stringify(o)}\n`)) },
  });
  await consumer.start();
  // A closed stdout (`| head`) ends the tail: the unprinted batch was not acknowledged.
  const stdoutClosed = new Promise<string>((resolve) => process.stdout.once('error', () => resolve('stdout closed')));
  await Promise.race([waitForSignal(), limitReached, stdoutClosed]);
  await consumer.stop();
}

async function lag(_args: string[], h: DbHandle): Promise<void> {
  await writeOut(JSON.stringify(await consumerLag(h.db), null, 2) + '\n');
}

export const outboxCommands: Record<string, Command> = {
  'outbox tail': tail,
  'outbox lag': lag,
};
