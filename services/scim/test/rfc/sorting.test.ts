// RFC 7644 §3.4.2.3 sorting over every sortable attribute of User (core and enterprise
// extension) and Group, both directions: a multi-valued attribute sorts by its primary value,
// else its first; resources without a value come last ascending and FIRST descending;
// caseExact=false strings sort case-insensitively. The expected order is computed here from the
// returned resources and the server's own /Schemas (the oracle), and compared with the order the
// SQL produced. (docs/idp-quirks.md: Sorting: missing values and multi-valued attributes.)
import t from 'tap';
import { ENT, GROUP, USER } from '../../../../test/helpers/scim.js';
import { assertScimError, setup } from '../conformance.js';

type Json = Record<string, any>;
interface Def { name: string; type: string; multiValued: boolean; caseExact: boolean; mutability: string; returned: string; subAttributes?: Def[] }

// A deterministic pseudo-random stream: the data set is the same on every run.
function stream(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

const WORDS = ['alpha', 'Bravo', 'charlie', 'DELTA', 'echo', 'Foxtrot', 'golf', 'Hotel', 'india', 'Juliet', 'kilo', 'LIMA'];

/** A value of the attribute's type; mixed case so case-insensitive sorting shows. */
function valueOf(def: Def, rnd: () => number, canonical?: string[]): unknown {
  const word = `${WORDS[Math.floor(rnd() * WORDS.length)]}${Math.floor(rnd() * 90 + 10)}`;
  switch (def.type) {
    case 'boolean': return rnd() < 0.5;
    case 'reference': return `https://example.test/${word}`;
    case 'binary': return Buffer.from(word).toString('base64');
    default: return canonical && rnd() < 0.5 ? canonical[Math.floor(rnd() * canonical.length)] : word;
  }
}

const writable = (d: Def) => d.mutability !== 'readOnly' && d.returned !== 'never';

/** One user body where each attribute is present or absent by chance (about 1 in 3 absent). */
function userBody(i: number, core: Def[], ent: Def[], rnd: () => number, managerIds: string[]): Json {
  const complex = (def: Def): Json => Object.fromEntries(
    (def.subAttributes ?? []).filter((s) => writable(s) && s.name !== 'primary' && rnd() > 0.3).map((s) => [s.name, valueOf(s, rnd, (s as Json).canonicalValues)]),
  );
  const fill = (defs: Def[], out: Json) => {
    for (const def of defs) {
      if (!writable(def) || def.name === 'userName' || rnd() < 0.33) continue;
      if (def.name === 'manager') out.manager = { value: managerIds[i % managerIds.length] ?? `m-${i}`, ...(rnd() < 0.5 ? { $ref: `https://example.test/Users/${i}` } : {}) };
      else if (def.type !== 'complex') out[def.name] = valueOf(def, rnd);
      else if (!def.multiValued) out[def.name] = complex(def);
      else {
        const n = 1 + Math.floor(rnd() * 3);
        const items = Array.from({ length: n }, () => complex(def));
        // Sometimes a primary that is not the first element, sometimes none (then the first counts).
        const p = Math.floor(rnd() * (n + 1));
        if (p < n) items[p]!.primary = true;
        out[def.name] = items;
      }
    }
    return out;
  };
  const body = fill(core, { schemas: [USER, ENT], userName: `${i % 2 ? 'U' : 'u'}ser${String((i * 5) % 14).padStart(2, '0')}@example.com` });
  body[ENT] = fill(ent, {});
  return body;
}

/** The RFC 7644 §3.4.2.3 sort value of one resource: null when it has none (not undefined,
 * which Array.prototype.sort moves to the end without asking the comparator). */
function sortValue(r: Json, path: string, defs: Map<string, Def[]>): unknown {
  let container: Json | undefined = r;
  let rest = path;
  if (path.startsWith(`${ENT}:`)) {
    container = r[ENT];
    rest = path.slice(ENT.length + 1);
  }
  const [name, subName] = rest.split('.') as [string, string | undefined];
  if (name === 'meta') {
    const v = r.meta?.[subName!];
    return subName === 'created' || subName === 'lastModified' ? Date.parse(v) : v;
  }
  // id and externalId are common attributes (RFC 7643 §3.1), caseExact, not in any schema's list.
  if (name === 'id' || name === 'externalId') return r[name] ?? null;
  const def = (path.startsWith(`${ENT}:`) ? defs.get(ENT)! : defs.get('core')!).find((d) => d.name === name)!;
  const sub = subName ?? (def.type === 'complex' ? 'value' : undefined);
  const raw = container?.[name];
  let v: unknown;
  if (def.multiValued) {
    const list = Array.isArray(raw) ? raw : [];
    const el = list.find((e: Json) => e.primary === true) ?? list[0];
    v = sub ? el?.[sub] : el;
  } else v = sub ? raw?.[sub] : raw;
  if (v === undefined || v === null) return null;
  const subDef = sub ? def.subAttributes?.find((s) => s.name === sub) : def;
  return typeof v === 'string' && !(subDef ?? def).caseExact ? v.toLowerCase() : v;
}

/** Ascending: values in order, then resources without one. Descending: the exact reverse. */
function compare(a: unknown, b: unknown, descending: boolean): number {
  if (a === null || b === null) {
    if (a === b) return 0;
    return (a === null ? 1 : -1) * (descending ? -1 : 1);
  }
  const [x, y] = [a as string | number | boolean, b as string | number | boolean];
  const c = x < y ? -1 : x > y ? 1 : 0;
  return descending ? -c : c;
}

/** Every path a client can sort by: attributes, sub-attributes, extension attributes. */
function sortPaths(core: Def[], ent: Def[]): string[] {
  const paths = ['id', 'externalId', 'meta.created', 'meta.lastModified', 'meta.resourceType'];
  const add = (prefix: string, defs: Def[]) => {
    for (const d of defs) {
      if (d.returned === 'never') continue;
      if (d.type !== 'complex' || d.subAttributes?.some((s) => s.name === 'value')) paths.push(`${prefix}${d.name}`);
      for (const s of d.subAttributes ?? []) if (s.name !== '$ref' || d.name === 'manager') paths.push(`${prefix}${d.name}.${s.name}`);
    }
  };
  add('', core);
  add(`${ENT}:`, ent);
  return paths;
}

async function schemas(c: Awaited<ReturnType<typeof setup>>['c']): Promise<Map<string, Def[]>> {
  const get = async (urn: string) => (await c.get(`/Schemas/${urn}`)).json().attributes as Def[];
  return new Map([['core', await get(USER)], [ENT, await get(ENT)], ['group', await get(GROUP)]]);
}

t.test('Users: every sortable attribute, both directions, missing values placed per RFC 7644 §3.4.2.3', async (t) => {
  const { c } = await setup(t);
  const defs = await schemas(c);
  const rnd = stream(7);
  const managers: string[] = [];
  const users: Json[] = [];
  for (let i = 0; i < 14; i++) {
    const r = await c.post('/Users', userBody(i, defs.get('core')!, defs.get(ENT)!, rnd, managers));
    t.equal(r.statusCode, 201, r.body);
    users.push(r.json());
    managers.push(r.json().id);
  }
  // Memberships for groups / groups.display / groups.value: some users in none, some in several.
  const groups: Json[] = [];
  // 'Banana' before 'apple' in the rendered groups list (code-point order), not after.
  for (const [k, name] of ['zeta', 'Banana', 'apple', 'Mike'].entries()) {
    const members = users.filter((_, i) => ((i >> k) & 1) === 1).map((u) => ({ value: u.id }));
    groups.push((await c.post('/Groups', { schemas: [GROUP], displayName: name, members })).json());
  }

  const paths = sortPaths(defs.get('core')!, defs.get(ENT)!);
  let checked = 0;
  for (const path of paths) {
    for (const order of ['ascending', 'descending'] as const) {
      const res = await c.get(`/Users?sortBy=${encodeURIComponent(path)}&sortOrder=${order}&count=100`);
      if (res.statusCode !== 200) {
        t.fail(`sortBy=${path} ${order} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        continue;
      }
      const got = (res.json().Resources as Json[]).map((r) => sortValue(r, path, defs));
      const want = [...got].sort((a, b) => compare(a, b, order === 'descending'));
      t.strictSame(got, want, `sortBy=${path} ${order}`);
      checked++;
      const missing = got.filter((v) => v === null).length;
      if (missing > 0 && missing < got.length) {
        const at = order === 'ascending' ? got.slice(-missing) : got.slice(0, missing);
        t.ok(at.every((v) => v === null), `sortBy=${path} ${order}: users without a value ${order === 'ascending' ? 'last' : 'first'}`);
      }
    }
  }
  t.ok(checked >= 100, `${checked} attribute/direction pairs checked`);

  // The data really exercises the rules: values missing for some users, primaries not first.
  const familyNames = users.map((u) => u.name?.familyName);
  t.ok(familyNames.some((v) => v === undefined) && familyNames.some((v) => v !== undefined), 'some users lack name.familyName');
  t.ok(users.some((u) => u.emails?.length > 1 && u.emails[0].primary !== true && u.emails.some((e: Json) => e.primary)), 'some primary email is not the first');
  t.ok(users.some((u) => u.emails?.length > 1 && !u.emails.some((e: Json) => e.primary)), 'some user has emails but no primary');

  // The issue's own case, spelled out.
  const desc = (await c.get('/Users?sortBy=name.familyName&sortOrder=descending&count=100')).json().Resources as Json[];
  t.equal(desc[0]!.name?.familyName, undefined, 'descending: a user without familyName comes first');
  const asc = (await c.get('/Users?sortBy=name.familyName&count=100')).json().Resources as Json[];
  t.equal(asc.at(-1)!.name?.familyName, undefined, 'ascending: a user without familyName comes last');

  // Pages of a descending sort concatenate to the full sorted list; POST /.search sorts the same.
  const full = (await c.get(`/Users?sortBy=emails&sortOrder=descending&count=100`)).json().Resources.map((r: Json) => r.id);
  const paged: string[] = [];
  for (let s = 1; s <= users.length; s += 4) paged.push(...(await c.get(`/Users?sortBy=emails&sortOrder=descending&startIndex=${s}&count=4`)).json().Resources.map((r: Json) => r.id));
  t.same(paged, full, 'descending pages are stable and complete');
  const searched = await c.post('/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], sortBy: 'emails', sortOrder: 'descending', count: 100 });
  t.same(searched.json().Resources.map((r: Json) => r.id), full, 'POST /.search sorts the same');

  // Not sortable: complex attributes without a value sub-attribute must be addressed by
  // sub-attribute (RFC 7644 §3.4.2.3); meta.location/version and $ref of memberships are not stored.
  for (const path of ['name', 'addresses', 'meta', 'meta.location', 'meta.version', 'groups.$ref']) {
    assertScimError(t, await c.get(`/Users?sortBy=${encodeURIComponent(path)}`), 400, 'invalidValue', `sortBy=${path}`);
  }
});

t.test('Groups: every sortable attribute, both directions', async (t) => {
  const { c } = await setup(t);
  const defs = await schemas(c);
  const users: Json[] = [];
  for (const [i, dn] of ['zed', undefined, 'Amy', 'bob', undefined, 'Carl'].entries()) {
    users.push((await c.post('/Users', { schemas: [USER], userName: `m${i}@example.com`, ...(dn ? { displayName: dn } : {}) })).json());
  }
  const groups: Json[] = [];
  for (const [i, name] of ['delta', 'Alpha', 'charlie', 'Bravo', 'echo', 'Foxtrot'].entries()) {
    const members = users.filter((_, k) => (k + i) % 4 === 0).map((u) => ({ value: u.id }));
    const body = { schemas: [GROUP], displayName: name, ...(i % 3 ? { externalId: `X${(i * 5) % 7}` } : {}), ...(i === 5 ? {} : { members }) };
    groups.push((await c.post('/Groups', body)).json());
  }
  // A group as a member: its display is its displayName.
  await c.patchOps(`/Groups/${groups[0]!.id}`, [{ op: 'add', path: 'members', value: [{ value: groups[1]!.id }] }]);
  // Members added one by one against id order: the rendered list (id order) is not the order of addition.
  const late = (await c.post('/Groups', { schemas: [GROUP], displayName: 'Late Adds' })).json();
  for (const u of [...users].sort((a, b) => (a.id < b.id ? 1 : -1))) await c.patchOps(`/Groups/${late.id}`, [{ op: 'add', path: 'members', value: [{ value: u.id }] }]);
  const paths = ['id', 'externalId', 'displayName', 'meta.created', 'meta.lastModified', 'meta.resourceType', 'members', 'members.value', 'members.display', 'members.type'];
  const groupDefs = new Map([['core', defs.get('group')!]]);
  for (const path of paths) {
    for (const order of ['ascending', 'descending'] as const) {
      const res = await c.get(`/Groups?sortBy=${encodeURIComponent(path)}&sortOrder=${order}&count=100`);
      t.equal(res.statusCode, 200, `sortBy=${path} ${order}: ${res.body.slice(0, 200)}`);
      const got = (res.json().Resources as Json[]).map((r) => sortValue(r, path, groupDefs));
      t.strictSame(got, [...got].sort((a, b) => compare(a, b, order === 'descending')), `Groups sortBy=${path} ${order}`);
    }
  }
  for (const path of ['meta', 'meta.version', 'members.$ref']) {
    assertScimError(t, await c.get(`/Groups?sortBy=${encodeURIComponent(path)}`), 400, 'invalidValue', `Groups sortBy=${path}`);
  }
});
