// core/filter/shape.ts: which filters may run as a prepared statement with a generic plan.
import t from 'tap';
import { parseFilter } from '../../src/scim/core/filter/parse.js';
import { isEqualityLookup } from '../../src/scim/core/filter/shape.js';

const cases: [string, boolean][] = [
  ['userName eq "a@example.com"', true],
  ['externalId eq "x"', true],
  ['emails[value eq "a@example.com"]', true],
  ['emails[type eq "work" and value eq "a@example.com"]', true],
  ['userName eq "a" and active eq true', true],
  ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
  ['userName ne "a"', false],
  ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
  ['meta.lastModified ge "2011-05-13T04:42:34Z"', false],
  ['userName co "a"', false],
  ['userName sw "a"', false],
  ['userName ew "a"', false],
  ['title pr', false],
  ['userName eq "a" or externalId eq "x"', false],
  ['not (userName eq "a")', false],
  ['userName eq "a" and title pr', false],
  ['title pr and userName eq "a"', false],
  ['emails[value co "a"]', false],
  ['emails[type eq "work" or value eq "a"]', false],
  ['userName eq "a" and meta.lastModified lt "2011-05-13T04:42:34Z"', false],
];

for (const [filter, expected] of cases) {
  t.equal(isEqualityLookup(parseFilter(filter)), expected, `${filter} → ${expected}`);
}
