/**
 * Static checks of the Redis engine's scripts (server, Sentinel, probes, backups): shellcheck,
 * parsing under dash and busybox, `set -eu`, and no password on a command line (passwords reach
 * redis-cli through REDISCLI_AUTH or its standard input, and the config files as hashes or quoted
 * strings). The scripts against real servers: test/real/redis*.test.ts, test/real/backup-redis.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const DIRS = ['scripts', 'backup/scripts'].map(d => path.resolve(__dirname, '../../../src/engines/redis', d));
const files = DIRS.flatMap(dir => fs.readdirSync(dir).filter(f => f.endsWith('.sh')).sort().map(f => path.join(dir, f)));
const LIBS = ['redis-lib.sh', 'role-state.sh', 'redis-backup-lib.sh'];
const SHELLS: [string, string[]][] = [['dash', []], ['busybox', ['sh']]];

test('the engine ships its scripts', () => {
  expect(files.map(f => path.basename(f))).toEqual([
    'bootstrap.sh', 'liveness.sh', 'prestop.sh', 'readiness.sh', 'redis-lib.sh', 'role-state.sh', 'role.sh', 'run.sh',
    'sentinel-prestop.sh', 'sentinel-probe.sh', 'sentinel.sh', 'startup.sh',
    'redis-backup-lib.sh', 'redis-backup.sh', 'redis-restore.sh', 'redis-verify.sh',
  ]);
});

describe.each(files.map(f => [path.basename(f), f]))('%s', (name, file) => {
  test('is clean under shellcheck -s sh', () => {
    const r = spawnSync('shellcheck', ['-s', 'sh', '-x', file], { encoding: 'utf8', cwd: path.dirname(file) });
    expect(r.error).toBeUndefined();
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test.each(SHELLS)('parses under %s', (cmd, args) => {
    const r = spawnSync(cmd, [...args, '-n', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('uses set -eu (scripts) or sets no options (libraries); never passes a password as an argument', () => {
    const text = fs.readFileSync(file, 'utf8');
    if (LIBS.includes(name)) {
      expect(text).not.toMatch(/^set /m);
      expect(text).not.toMatch(/^#!/);
    } else {
      expect(text).toMatch(/^set -eu$/m);
    }
    expect(text).not.toMatch(/ -a "\$|--pass |--redis\.password=/);
  });
});
