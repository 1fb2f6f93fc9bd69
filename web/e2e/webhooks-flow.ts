// The System Webhooks page in the browser: add a signed subscription pointed at a local
// receiver, see its secret once, test it, watch a SCIM change arrive in the delivery log,
// replay, disable, rotate, remove.
import type { Page } from 'playwright-core';
import type { Test } from 'tap';
import { shoot } from './harness.js';
import { startReceiver } from './receiver.js';

export async function webhooksFlow(t: Test, page: Page, base: string, changeUser: () => Promise<void>): Promise<void> {
  const receiver = await startReceiver(t);
  const nav = page.getByRole('navigation', { name: 'Console' });
  await nav.getByRole('link', { name: 'System Webhooks', exact: true }).click();
  await page.getByText('No webhook yet').waitFor();
  await shoot(page, '17-webhooks-empty');

  // --- by keyboard: the dialog takes focus, Escape closes it and gives focus back ------------
  const opener = page.getByRole('button', { name: 'Add subscription' }).first();
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator('dialog[open]');
  await dialog.waitFor();
  t.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus moves into the dialog');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  t.ok(await opener.evaluate((b) => b === document.activeElement), 'and returns to the button that opened it');

  // --- the form says what is wrong before the round trip ------------------------------------
  await opener.click();
  await dialog.getByRole('button', { name: 'Add subscription' }).click();
  await dialog.getByText('The receiver’s URL is required.').waitFor();
  await dialog.getByLabel('Endpoint URL').fill(receiver.url);
  await dialog.getByLabel('Events').fill('user.*, grp.*');
  await dialog.getByText('No event type matches “grp.*”.').waitFor();
  await shoot(page, '18-webhook-form-errors');
  await dialog.getByLabel('Events').fill('user.*, group.*');
  await dialog.getByLabel('Connection').selectOption({ label: 'Okta' });
  await dialog.getByLabel('Description (optional)').fill('HR sync');
  await dialog.getByRole('button', { name: 'Add subscription' }).click();

  // --- the signing secret, once ------------------------------------------------------------
  const secret = (await page.getByTestId('webhook-secret').textContent())!;
  t.match(secret, /^whsec_[A-Za-z0-9+/=]{40,}$/, 'the signing secret is shown');
  await page.getByText('you will not see this again').waitFor();
  t.match(await page.getByTestId('webhooks-table').textContent(), /HR sync.*Signed HTTPS.*user\.\*, group\.\*.*Okta.*Active/, 'the list sums it up');
  await shoot(page, '19-webhook-added-secret-once');
  await page.reload();
  await page.getByTestId('webhooks-table').waitFor();
  t.equal(await page.getByTestId('webhook-secret').count(), 0, 'after a reload the secret is gone for good');
  t.notOk((await page.content()).includes(secret), 'and appears nowhere on the page');

  // --- a test event: the receiver's answer in the console, a valid signature at the receiver
  await page.getByRole('link', { name: 'HR sync' }).click();
  await page.waitForURL(/\/webhooks\/[0-9a-f-]{36}$/);
  const webhookUrl = page.url();
  await page.getByRole('button', { name: 'Send test event' }).click();
  t.match(await page.getByTestId('webhook-test-result').textContent(), /Test event delivered: the receiver answered HTTP 200 in \d+ ms/);
  const test = await receiver.waitFor((r) => r.type === 'webhook.test');
  t.ok(test.verify(secret), 'the test event is signed with the secret the console showed');

  // --- a SCIM change reaches the receiver through the dispatcher, and shows in the log ----
  await changeUser();
  const updated = await receiver.waitFor((r) => r.type === 'user.updated');
  t.ok(updated.verify(secret), 'the user.updated delivery is signed with the same secret');
  const row = page.locator('[data-testid="delivery-row"][data-event-type="user.updated"]');
  await row.waitFor({ timeout: 20_000 }); // the log refreshes every 5 s
  await page.locator('[data-testid="delivery-row"][data-event-type="user.updated"][data-status="succeeded"]').waitFor({ timeout: 20_000 });
  await row.getByRole('button', { name: 'Attempts' }).click();
  const attempts = page.getByTestId('delivery-attempts');
  t.match(await attempts.textContent(), /HTTP 200.*\{"received":"user\.updated"\}.*\d+ ms.*succeeded/, 'the attempt: status, the answer, latency, outcome');
  await shoot(page, '20-webhook-delivery-log');

  // --- replay: the same webhook-id again ----------------------------------------------------
  let mark = receiver.received.length;
  await row.getByRole('button', { name: 'Replay' }).click();
  await receiver.waitFor((r, i) => i >= mark && r.id === updated.id);
  t.pass('a replay is sent again with the same webhook-id');
  // The row and its open attempts follow the replay on their own (they refresh every second
  // while the delivery is due): delivered again, two attempts, the second one the replay.
  await page.locator('[data-testid="delivery-row"][data-event-type="user.updated"][data-status="succeeded"]').filter({ hasText: '2 attempts' }).waitFor({ timeout: 20_000 });
  await attempts.getByTestId('delivery-attempt').nth(1).waitFor({ timeout: 20_000 });
  t.match(await attempts.getByTestId('delivery-attempt').nth(1).textContent(), /2\s*replay.*HTTP 200.*succeeded/, 'the replay as the second attempt');

  // --- disable / enable, rotate, remove -----------------------------------------------------
  const actions = page.getByTestId('webhook-actions');
  await actions.getByRole('button', { name: 'Disable' }).click();
  await page.locator('#subscription').getByText('disabled by an admin').waitFor();
  await actions.getByRole('button', { name: 'Enable' }).click();
  await page.locator('#subscription').getByText('Active').waitFor();
  await actions.getByRole('button', { name: 'Rotate secret' }).click();
  await page.locator('dialog[open]').getByRole('button', { name: 'Rotate secret' }).click();
  const rotated = (await page.getByTestId('webhook-secret').textContent())!;
  t.match(rotated, /^whsec_/);
  t.not(rotated, secret, 'a new secret');
  await page.getByText('The old secret keeps signing too until').waitFor();
  await shoot(page, '21-webhook-rotated');
  // During the overlap both secrets sign (docs/webhooks.md: two signatures, new first).
  // The mark is taken before the click: the event can reach the receiver before click() returns,
  // and matching on "more test events than before" then found the first, pre-rotation one.
  mark = receiver.received.length;
  await actions.getByRole('button', { name: 'Send test event' }).click();
  const overlap = await receiver.waitFor((r, i) => i >= mark && r.type === 'webhook.test');
  t.not(overlap.id, test.id, 'a new test event');
  t.ok(overlap.verify(rotated), 'signed with the new secret');
  t.ok(overlap.verify(secret), 'and with the old one');

  // A receiver that fails: the console shows its status and its answer.
  receiver.failWith(503);
  await actions.getByRole('button', { name: 'Send test event' }).click();
  await page.getByTestId('webhook-test-result').getByText('Test event not accepted: the receiver answered HTTP 503').waitFor();
  const failed = page.locator('[data-testid="delivery-row"][data-kind="test"]').first();
  await failed.getByText('HTTP 503', { exact: true }).waitFor({ timeout: 20_000 });
  await failed.getByRole('button', { name: 'Attempts' }).click();
  t.match(await page.getByTestId('delivery-attempts').textContent(), /HTTP 503.*database is down, try later/, 'the failed attempt with the receiver’s answer');
  await shoot(page, '21b-webhook-test-failed');
  receiver.failWith(null);

  await page.setViewportSize({ width: 800, height: 900 });
  await page.goto(webhookUrl);
  await page.getByTestId('deliveries-table').waitFor();
  await shoot(page, '22-webhook-800px');
  await page.goto(`${base}/webhooks`);
  await page.getByTestId('webhooks-table').waitFor();
  await shoot(page, '22b-webhooks-800px');
  await page.goto(webhookUrl);
  await page.getByTestId('deliveries-table').waitFor();
  await page.setViewportSize({ width: 1280, height: 860 });

  // A subscription that does not exist: the page says so instead of breaking.
  await page.goto(`${base}/webhooks/00000000-0000-4000-8000-000000000000`);
  await page.getByRole('alert').getByText('Could not load this subscription').waitFor();
  await shoot(page, '25-webhook-not-found');
  await page.goBack();
  await page.getByTestId('deliveries-table').waitFor();

  await actions.getByRole('button', { name: 'Remove' }).click();
  await shoot(page, '23-webhook-remove-confirm');
  await page.locator('dialog[open]').getByRole('button', { name: 'Remove subscription' }).click();
  await page.waitForURL(`${base}/webhooks`);
  await page.getByText('No webhook yet').waitFor();
}
