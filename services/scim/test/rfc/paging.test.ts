// RFC 7644 §3.4.2.4 index paging (clamped, never rejected), §3.4.2.3 sorting, and RFC 9865
// cursor paging (chaining without gaps or duplicates; tampered or re-targeted cursors refused).
import t from 'tap';
import { USER } from '../../../../test/helpers/scim.js';
import { assertList, assertScimError, q, setup } from '../conformance.js';

const N = 12;

async function seed(c: Awaited<ReturnType<typeof setup>>['c']) {
  const users: { id: string; userName: string }[] = [];
  // Names out of creation order, mixed case, emails where the primary is not first.
  for (let i = 0; i < N; i++) {
    const n = (i * 7) % N;
    const userName = `${n % 2 ? 'U' : 'u'}ser${String(n).padStart(2, '0')}@example.com`;
    const r = await c.post('/Users', {
      schemas: [USER], userName, active: i % 3 !== 0,
      emails: [{ value: `z${String(N - n).padStart(2, '0')}@other.com`, type: 'home' }, { value: `a${String(n).padStart(2, '0')}@work.com`, type: 'work', primary: true }],
    });
    users.push(r.json());
  }
  return users;
}

t.test('index paging', async (t) => {
  const { c } = await setup(t, { SCIM_MAX_PAGE_SIZE: '5' });
  const users = await seed(c);
  let r = assertList(t, await c.get('/Users?startIndex=0&count=2'), N, 'startIndex=0');
  t.equal(r.startIndex, 1, 'startIndex < 1 ⇒ 1');
  t.equal(r.Resources.length, 2);
  r = assertList(t, await c.get('/Users?startIndex=-5&count=2'), N, 'negative startIndex');
  t.equal(r.startIndex, 1);
  r = assertList(t, await c.get('/Users?count=0'), N, 'count=0');
  t.notOk(r.Resources?.length, 'count=0 returns only totalResults');
  t.equal(r.itemsPerPage, 0);
  r = assertList(t, await c.get('/Users?count=-3'), N, 'negative count');
  t.notOk(r.Resources?.length, 'negative count ⇒ 0');
  r = assertList(t, await c.get('/Users?count=1000'), N, 'count above max');
  t.equal(r.Resources.length, 5, 'clamped to maxResults');
  t.equal(r.itemsPerPage, 5);
  r = assertList(t, await c.get('/Users'), N, 'no count');
  t.ok(r.Resources.length <= 5);
  r = assertList(t, await c.get(`/Users?startIndex=${N + 5}&count=5`), N, 'startIndex past the end');
  t.notOk(r.Resources?.length, 'empty page past the end');
  const seen: string[] = [];
  for (let s = 1; s <= N; s += 5) seen.push(...(await c.get(`/Users?startIndex=${s}&count=5`)).json().Resources.map((x: { id: string }) => x.id));
  t.same([...seen].sort(), users.map((u) => u.id).sort(), 'pages cover every user once');
  // Filtered paging: totalResults counts the filter, not the page.
  r = assertList(t, await c.get(`/Users?filter=${q('active eq true')}&startIndex=1&count=2`), 8, 'filtered paging');
  t.equal(r.itemsPerPage, 2);
  assertScimError(t, await c.get('/Users?count=abc'), 400, undefined, 'count not a number');
});

t.test('sorting', async (t) => {
  const { c } = await setup(t);
  await seed(c);
  const names = (r: { json(): { Resources: { userName: string }[] } }) => r.json().Resources.map((x) => x.userName);
  const asc = names(await c.get('/Users?sortBy=userName&count=100'));
  const lower = asc.map((n) => n.toLowerCase());
  t.same(lower, [...lower].sort(), 'sortBy=userName ascending (case-insensitive, caseExact false)');
  const desc = names(await c.get('/Users?sortBy=userName&sortOrder=descending&count=100'));
  t.same(desc, [...asc].reverse(), 'descending');
  t.same(names(await c.get('/Users?sortBy=USERNAME&sortOrder=Ascending&count=100')), asc, 'sortBy/sortOrder case-insensitive');
  const created = (await c.get('/Users?sortBy=meta.created&count=100')).json().Resources.map((x: { meta: { created: string } }) => Date.parse(x.meta.created));
  t.same(created, [...created].sort((a, b) => a - b), 'sortBy=meta.created');
  const createdDesc = (await c.get('/Users?sortBy=meta.created&sortOrder=descending&count=100')).json().Resources.map((x: { meta: { created: string } }) => Date.parse(x.meta.created));
  t.same(createdDesc, [...createdDesc].sort((a, b) => b - a), 'meta.created descending');
  // Multi-valued: the primary value (a…@work.com), not the first element (z…@other.com).
  const byEmail = (await c.get('/Users?sortBy=emails&count=100')).json().Resources.map((x: { emails: { value: string; primary?: boolean }[] }) => x.emails.find((e) => e.primary)!.value);
  t.same(byEmail, [...byEmail].sort(), 'sortBy=emails uses the primary email');
  const byEmailValue = (await c.get('/Users?sortBy=emails.value&sortOrder=descending&count=100')).json().Resources.map((x: { emails: { value: string; primary?: boolean }[] }) => x.emails.find((e) => e.primary)!.value);
  t.same(byEmailValue, [...byEmail].reverse(), 'sortBy=emails.value descending');
  // Paging over a sort is stable.
  const paged: string[] = [];
  for (let s = 1; s <= N; s += 4) paged.push(...names(await c.get(`/Users?sortBy=userName&startIndex=${s}&count=4`)));
  t.same(paged, asc, 'sorted pages concatenate to the sorted list');
  assertScimError(t, await c.get('/Users?sortBy=favoriteColor'), 400, undefined, 'unknown sortBy');
  assertScimError(t, await c.get('/Users?sortBy=userName&sortOrder=sideways'), 400, undefined, 'bad sortOrder');
});

t.test('RFC 9865 cursor paging', async (t) => {
  const { c } = await setup(t);
  const users = await seed(c);
  const all: string[] = [];
  let r = await c.get('/Users?cursor=&count=5');
  let body = assertList(t, r, N, 'first cursor page');
  // RFC 9865 §3: a cursor page carries nextCursor (more pages follow) and no startIndex.
  t.notOk('startIndex' in body, 'a cursor page has no startIndex');
  t.type(body.nextCursor, 'string', 'the first of three pages names the next one');
  t.equal(body.itemsPerPage, 5);
  all.push(...body.Resources.map((x: { id: string }) => x.id));
  let pages = 1;
  while (body.nextCursor) {
    r = await c.get(`/Users?cursor=${encodeURIComponent(body.nextCursor)}&count=5`);
    body = assertList(t, r, N, `cursor page ${++pages}`);
    all.push(...body.Resources.map((x: { id: string }) => x.id));
    t.equal(body.itemsPerPage, body.Resources.length);
  }
  t.equal(pages, 3, 'three pages of 5');
  t.notOk('nextCursor' in body, 'the last page names no next one');
  t.notOk('startIndex' in body, 'no page has a startIndex');
  t.equal(all.length, N, 'no gaps');
  t.equal(new Set(all).size, N, 'no duplicates');
  t.same([...all].sort(), users.map((u) => u.id).sort());

  // With a filter and a sort.
  const first = (await c.get(`/Users?cursor=&count=3&filter=${q('active eq true')}&sortBy=userName`)).json();
  t.equal(first.totalResults, 8);
  const second = (await c.get(`/Users?cursor=${encodeURIComponent(first.nextCursor)}&count=3&filter=${q('active eq true')}&sortBy=userName`)).json();
  const names = [...first.Resources, ...second.Resources].map((x: { userName: string }) => x.userName.toLowerCase());
  t.same(names, [...names].sort(), 'sorted cursor pages');

  const tampered = first.nextCursor.slice(0, -2) + (first.nextCursor.endsWith('A') ? 'BB' : 'AA');
  assertScimError(t, await c.get(`/Users?cursor=${encodeURIComponent(tampered)}&count=3&filter=${q('active eq true')}&sortBy=userName`), 400, 'invalidCursor', 'tampered cursor');
  assertScimError(t, await c.get(`/Users?cursor=garbage&count=3`), 400, 'invalidCursor', 'garbage cursor');
  assertScimError(t, await c.get(`/Users?cursor=${encodeURIComponent(first.nextCursor)}&count=3&filter=${q('active eq false')}&sortBy=userName`), 400, 'invalidCursor', 'cursor with a different filter');
  assertScimError(t, await c.get(`/Groups?cursor=${encodeURIComponent(first.nextCursor)}&count=3&filter=${q('active eq true')}&sortBy=userName`), 400, undefined, 'cursor on another resource type');
});

// A first page that holds every match (it reads one row beyond `count` to know) gives its
// length as totalResults and no count runs (resources/list.ts); a full first page, later pages
// and cursors are counted. Each way must give the same totalResults for the same filter.
t.test('totalResults of a filter, however the page is reached', async (t) => {
  const { c } = await setup(t);
  await seed(c);
  const f = `filter=${encodeURIComponent('emails[type eq "work" and value sw "a0"]')}`; // a00 … a09: ten users
  const cases: [url: string, total: number, onPage: number][] = [
    [`/Users?${f}&count=50`, 10, 10], // short first page
    [`/Users?${f}&count=10`, 10, 10], // exactly every match: the extra row is not there
    [`/Users?${f}&count=9`, 10, 9], // one short of every match: the extra row is, so counted
    [`/Users?${f}&count=0`, 10, 0], // no rows read: counted
    [`/Users?${f}&count=0&cursor=`, 10, 0],
    [`/Users?${f}&count=10&cursor=`, 10, 10],
    [`/Users?${f}&count=3`, 10, 3], // full first page: counted
    [`/Users?${f}&startIndex=9&count=50`, 10, 2], // later page (OFFSET): counted
    [`/Users?${f}&startIndex=11&count=50`, 10, 0], // past the end
    [`/Users?${f}&count=50&cursor=`, 10, 10], // short first cursor page
    [`/Users?${f}&count=4&cursor=`, 10, 4], // full first cursor page
    [`/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`, 0, 0], // no match
    [`/Users?filter=${encodeURIComponent('userName eq "USER03@example.com"')}`, 1, 1], // one match (an IdP lookup)
  ];
  for (const [url, total, onPage] of cases) {
    const r = (await c.get(url)).json();
    t.equal(r.totalResults, total, `${url}: totalResults`);
    t.equal(r.Resources?.length ?? 0, onPage, `${url}: resources on the page`);
  }
});
