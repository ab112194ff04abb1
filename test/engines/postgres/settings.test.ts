import { POSTGRES_SETTINGS } from '../../../src/engines/postgres/catalog.generated';
import { CATALOG_MAJOR, checkPostgresSettingValue, parsePgBool, POSTGRES_MAJOR_CHANGES, rint, unsafeDurability } from '../../../src/engines/postgres/settings';

describe('PostgreSQL settings checks', () => {
  test('the per-major changes are consistent with the catalog they adjust', () => {
    expect(CATALOG_MAJOR).toBe(15);
    // what 15 added is in the 15 table, what it removed is not
    expect(POSTGRES_MAJOR_CHANGES[15].added.filter(n => !(n in POSTGRES_SETTINGS))).toEqual([]);
    expect(POSTGRES_MAJOR_CHANGES[15].removed.filter(n => n in POSTGRES_SETTINGS)).toEqual([]);
    // what later majors add is not in the 15 table yet, what they remove is
    for (const m of [16, 17]) {
      expect(POSTGRES_MAJOR_CHANGES[m].added.filter(n => n in POSTGRES_SETTINGS)).toEqual([]);
      expect(POSTGRES_MAJOR_CHANGES[m].removed.filter(n => !(n in POSTGRES_SETTINGS))).toEqual([]);
    }
  });

  test.each([
    ['on', true], ['ON', true], ['of', false], ['off', false], ['t', true], ['tru', true], ['y', true], ['n', false],
    ['1', true], ['0', false], ['o', undefined], ['', undefined], [' on', undefined], ['2', undefined], ['truex', undefined],
  ])('parse_bool(%j) = %j', (v, b) => {
    expect(parsePgBool(v as string)).toBe(b);
  });

  // Values as `postgres -C shared_buffers -c shared_buffers=<v>` (PostgreSQL 15) takes or refuses them:
  // the value is converted to the base unit (8kB pages), rounded to the nearest page with halves
  // to even (C rint), then range-checked (16 .. 1073741823).
  test.each([
    ['124kB', undefined], // 15.5 pages -> 16
    ['120kB', /outside the valid range 16 \.\. 1073741823 \(in 8kB\): 15 8kB/],
    ['116kB', /: 14 8kB/], // 14.5 -> 14 (halves to even), not 15
    ['0.0001GB', /: 0 8kB/], // rounded to whole MB first: 0.1 MB -> 0
    ['1.5MB', undefined],
  ])('shared_buffers = %s', (value, expected) => {
    const r = checkPostgresSettingValue('shared_buffers', value, 15);
    if (expected === undefined) expect(r).toBeUndefined();
    else expect(r).toMatch(expected);
  });

  test('work_mem = 2.5kB rounds to 2 kB (halves to even), as the server reports', () => {
    expect(checkPostgresSettingValue('work_mem', '2.5kB', 15)).toMatch(/outside the valid range 64 .*: 2 kB/);
    expect(checkPostgresSettingValue('work_mem', '1.5kB', 15)).toMatch(/: 2 kB/);
  });

  test('rint: halves to even', () => {
    expect([2.5, 1.5, 14.5, 15.5, -2.5, -1.5, 0.5, 3.7].map(rint)).toEqual([2, 2, 14, 16, -2, -2, 0, 4]);
  });

  test('durability check by value', () => {
    expect(unsafeDurability('fsync', 'on')).toBeUndefined();
    expect(unsafeDurability('FSYNC', 'of')).toMatch(/corrupt/);
    expect(unsafeDurability('synchronous_commit', 'local')).toBeUndefined();
    expect(unsafeDurability('synchronous_commit', '0')).toMatch(/acknowledged/);
  });
});
