/**
 * readiness.sh against RECORDED `SELECT @@global.read_only ...\G SHOW REPLICA STATUS\G` output.
 *
 * MySQL 8 is not installable on the test machines (Debian ships MariaDB only, and the suite runs
 * offline), so its field names (Replica_IO_Running, Replica_SQL_Running, Seconds_Behind_Source,
 * Read_Source_Log_Pos, ...) are exercised here through fixtures shaped like MySQL 8.0/8.4 output:
 * MYSQL_CLIENT points at a fake client that prints a fixture. The MariaDB fixtures were recorded
 * from a real MariaDB 10.11 replica; the MariaDB path is also tested live in
 * test/real/mariadb.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeWith, TOOLS } from '../../requirements';

const SCRIPT = path.resolve(__dirname, '../../../src/engines/mysql/scripts/readiness.sh');
const FIXTURES = path.join(__dirname, 'fixtures');
const SHELLS: [string, string[]][] = [['dash', []], ['busybox', ['sh']]];
const describeShells = describeWith([TOOLS.dash, TOOLS.busybox]);

let dir: string;
let client: string;
let probe: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mysql-readiness-'));
  client = path.join(dir, 'fake-client');
  // Records its arguments, prints the fixture, exits with FAKE_EXIT.
  fs.writeFileSync(client, [
    '#!/bin/sh',
    'for a in "$@"; do printf "%s\\n" "$a"; done >"$FAKE_ARGS"',
    'cat "$FAKE_FIXTURE"',
    'exit "${FAKE_EXIT:-0}"',
    '',
  ].join('\n'), { mode: 0o755 });
  probe = path.join(dir, 'probe.cnf');
  fs.writeFileSync(probe, '[client]\nuser=monitor\npassword="s3cret-probe"\n', { mode: 0o600 });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
/** The in-sync record readiness.sh keeps next to the probe's option file. */
const inSync = () => path.join(dir, '.readiness-in-sync');

function readiness(fixture: string, env: { [k: string]: string } = {}, shell: [string, string[]] = SHELLS[0]) {
  const fixtureFile = fixture.includes('\n') ? path.join(dir, 'inline.txt') : path.join(FIXTURES, fixture);
  if (fixture.includes('\n')) fs.writeFileSync(fixtureFile, fixture);
  const r = spawnSync(shell[0], [...shell[1], SCRIPT], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH!,
      MYSQL_CLIENT: client,
      MYSQL_PROBE_DEFAULTS: probe,
      FAKE_FIXTURE: fixtureFile,
      FAKE_ARGS: path.join(dir, 'args'),
      ...env,
    },
  });
  expect(r.stderr).toBe('');
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return { code: r.status, line: lines[0], args: fs.readFileSync(path.join(dir, 'args'), 'utf8').split('\n').filter(Boolean) };
}

describeShells.each(SHELLS)('readiness.sh under %s', (...shell) => {
  test('MySQL 8.4 replica streaming and caught up: ready, with the source and both lags', () => {
    const r = readiness('mysql84-replica-streaming.txt', {}, shell);
    expect(r).toMatchObject({ code: 0 });
    expect(r.line).toBe('ready: replica in sync (source orders-0.orders-headless.shop.svc:3306, lag 0s (max 30s), 0 bytes received but not applied (max 16777216))');
    // One call, through the probe option file, asking for both answers.
    expect(r.args).toEqual([`--defaults-file=${probe}`, '--connect-timeout=3', '--batch', '-e',
      'SELECT @@global.read_only AS cdk8s_read_only\\G SHOW REPLICA STATUS\\G']);
  });

  test('MySQL 8.0 IO thread Connecting (source down): not ready, lag unknown, the error shown', () => {
    fs.rmSync(inSync(), { force: true });
    const r = readiness('mysql80-replica-io-connecting.txt', {}, shell);
    expect(r.code).toBe(1);
    expect(r.line).toMatch(/^not ready: replica: IO thread not running \(Replica_IO_Running=Connecting, error 2003: Error connecting to source 'replicator@orders-0\.orders-headless\.shop\.svc:3306'\. This was attempt 7\/1000000/);
    expect(r.line).toMatch(/; lag unknown \(Seconds_Behind_Source=NULL\) \(source orders-0\.orders-headless\.shop\.svc:3306, lag unknown/);
  });

  test('MySQL 8.4 applier stopped on an error: not ready with the SQL error, even though bytes are known', () => {
    const r = readiness('mysql84-replica-sql-error.txt', {}, shell);
    expect(r.code).toBe(1);
    expect(r.line).toMatch(/^not ready: replica: SQL thread not running \(Replica_SQL_Running=No, error 1062: Coordinator stopped because there were error\(s\) in the worker\(s\)\./);
    expect(r.line).toMatch(/lag unknown \(Seconds_Behind_Source=NULL\)/);
    expect(r.line).toMatch(/1175 bytes received but not applied \(max 16777216\)\)$/);
  });

  test('MySQL 8.4 behind: not ready past READINESS_MAX_LAG_SECONDS or READINESS_MAX_LAG_BYTES, ready within both', () => {
    expect(readiness('mysql84-replica-lagging.txt', {}, shell).line)
      .toBe('not ready: replica: lag 95s > 30s (Seconds_Behind_Source) (source orders-0.orders-headless.shop.svc:3306, lag 95s (max 30s), 741821 bytes received but not applied (max 16777216))');
    expect(readiness('mysql84-replica-lagging.txt', { READINESS_MAX_LAG_SECONDS: '120', READINESS_MAX_LAG_BYTES: '500000' }, shell).line)
      .toMatch(/^not ready: replica: 741821 bytes received but not applied > 500000 /);
    const ok = readiness('mysql84-replica-lagging.txt', { READINESS_MAX_LAG_SECONDS: '120' }, shell);
    expect(ok.code).toBe(0);
    expect(ok.line).toMatch(/^ready: replica in sync \(.*lag 95s \(max 120s\), 741821 bytes/);
    // Exactly at the threshold is still ready.
    expect(readiness('mysql84-replica-lagging.txt', { READINESS_MAX_LAG_SECONDS: '95', READINESS_MAX_LAG_BYTES: '741821' }, shell).code).toBe(0);
  });

  test('after a binlog rotation the bytes are a lower bound: what the newer file already holds', () => {
    const r = readiness('mysql84-replica-rotated.txt', {}, shell);
    expect(r.code).toBe(1);
    expect(r.line).toMatch(/^not ready: replica: at least 20480000 bytes received but not applied > 16777216 \(.*lag 3s/);
    expect(readiness('mysql84-replica-rotated.txt', { READINESS_MAX_LAG_BYTES: '33554432' }, shell).code).toBe(0);
  });

  test('a primary (no replica status, read_only off) is ready; read-only without replication is not', () => {
    expect(readiness('mysql84-primary.txt', {}, shell)).toMatchObject({ code: 0, line: 'ready: primary, accepting writes (read_only OFF, no replication configured)' });
    const r = readiness('mysql84-read-only-no-replication.txt', {}, shell);
    expect(r.code).toBe(1);
    expect(r.line).toBe('not ready: no replication configured and read_only is ON: neither a writable primary nor a replica');
  });

  test('MariaDB 10.11 (recorded): Slave_* / Seconds_Behind_Master names', () => {
    expect(readiness('mariadb1011-replica-streaming.txt', {}, shell).line)
      .toMatch(/^ready: replica in sync \(source orders-0\.orders-headless\.shop\.svc:3306, lag 0s \(max 30s\), 0 bytes received but not applied/);
    fs.rmSync(inSync(), { force: true });
    const down = readiness('mariadb1011-replica-connecting.txt', {}, shell);
    expect(down.code).toBe(1);
    expect(down.line).toMatch(/^not ready: replica: IO thread not running \(Slave_IO_Running=Connecting, error 2003: error reconnecting to master 'replicator@orders-0\.orders-headless\.shop\.svc:3306' - retry-time: 2 {2}maximum-retries: 1000000/);
    expect(down.line).toMatch(/; lag unknown \(Seconds_Behind_Master=NULL\)/);
  });
});

describeShells('readiness.sh edge cases', () => {
  const streaming = fs.readFileSync(path.join(FIXTURES, 'mysql84-replica-streaming.txt'), 'utf8');

  test('grace: IO thread Connecting, everything applied, in sync within READINESS_MAX_LAG_SECONDS: ready, saying so', () => {
    const connecting = fs.readFileSync(path.join(FIXTURES, 'mysql80-replica-io-connecting.txt'), 'utf8');
    fs.rmSync(inSync(), { force: true });
    expect(readiness(connecting).code).toBe(1);
    // an in-sync pass records its time next to the probe's option file
    expect(readiness(streaming).code).toBe(0);
    const recorded = Number(fs.readFileSync(inSync(), 'utf8').trim());
    expect(Math.abs(recorded - Date.now() / 1000)).toBeLessThan(3);
    const r = readiness(connecting);
    expect(r.code).toBe(0);
    expect(r.line).toMatch(/^ready: replica IO thread not connected for [0-2]s \(Replica_IO_Running=Connecting, error 2003: Error connecting to source .*\), within the 30s grace; everything received is applied, data as of the last in-sync check [0-2]s ago \(source orders-0\.orders-headless\.shop\.svc:3306, applied up to binlog\.000003:1946287\)$/);
    // not while replaying is not finished, the SQL thread is stopped or failing, or the binlog is purged
    expect(readiness(connecting.replace('Exec_Source_Log_Pos: 1946287', 'Exec_Source_Log_Pos: 1946000')).code).toBe(1);
    expect(readiness(connecting.replace('Relay_Source_Log_File: binlog.000003', 'Relay_Source_Log_File: binlog.000002')).code).toBe(1);
    expect(readiness(connecting.replace('Replica_SQL_Running: Yes', 'Replica_SQL_Running: No')).code).toBe(1);
    expect(readiness(connecting.replace('Last_SQL_Errno: 0', 'Last_SQL_Errno: 1205')).code).toBe(1);
    expect(readiness(connecting.replace('Last_IO_Errno: 2003', 'Last_IO_Errno: 1236')).code).toBe(1);
    // not when the IO thread is stopped (No) rather than reconnecting
    expect(readiness(connecting.replace('Replica_IO_Running: Connecting', 'Replica_IO_Running: No')).code).toBe(1);
    // not after the grace: a record older than READINESS_MAX_LAG_SECONDS, or garbage
    fs.writeFileSync(inSync(), `${recorded - 40}\n`);
    const late = readiness(connecting);
    expect(late.code).toBe(1);
    expect(late.line).toMatch(/^not ready: replica: IO thread not running \(Replica_IO_Running=Connecting, error 2003/);
    fs.writeFileSync(inSync(), `${recorded - 5}\n`);
    expect(readiness(connecting, { READINESS_MAX_LAG_SECONDS: '3' }).code).toBe(1);
    expect(readiness(connecting, { READINESS_MAX_LAG_SECONDS: '60' }).code).toBe(0);
    fs.writeFileSync(inSync(), 'garbage\n');
    expect(readiness(connecting).code).toBe(1);
    fs.rmSync(inSync(), { force: true });
  });

  test('an error number while both threads run (e.g. a retried transaction) is not ready', () => {
    const r = readiness(streaming.replace('Last_SQL_Errno: 0', 'Last_SQL_Errno: 1205').replace('Last_SQL_Error: \n', 'Last_SQL_Error: Lock wait timeout exceeded\n'));
    expect(r.code).toBe(1);
    expect(r.line).toMatch(/^not ready: replica: SQL thread error 1205: Lock wait timeout exceeded \(/);
  });

  test('both threads stopped: every reason is listed', () => {
    const r = readiness(streaming.replace('Replica_IO_Running: Yes', 'Replica_IO_Running: No').replace('Replica_SQL_Running: Yes', 'Replica_SQL_Running: No')
      .replace('Seconds_Behind_Source: 0', 'Seconds_Behind_Source: NULL'));
    expect(r.line).toMatch(/^not ready: replica: IO thread not running \(Replica_IO_Running=No\); SQL thread not running \(Replica_SQL_Running=No\); lag unknown \(Seconds_Behind_Source=NULL\)/);
  });

  test('the client fails (server down, login refused): not ready with the first line of its error, never the password', () => {
    fs.writeFileSync(path.join(dir, 'err.txt'), "ERROR 2002 (HY000): Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)\nsecond line\n");
    const r = readiness('err.txt', { FAKE_FIXTURE: path.join(dir, 'err.txt'), FAKE_EXIT: '1' });
    expect(r).toMatchObject({ code: 1, line: "not ready: cannot query the server: ERROR 2002 (HY000): Can't connect to local server through socket '/run/mysqld/mysqld.sock' (2)" });
    expect(r.line).not.toContain('s3cret-probe');
  });

  test('missing probe credentials and bad thresholds are reported, not crashed on', () => {
    expect(readiness('mysql84-primary.txt', { MYSQL_PROBE_DEFAULTS: path.join(dir, 'nope.cnf') }).line)
      .toMatch(/^not ready: probe credentials .*nope\.cnf are missing/);
    expect(readiness('mysql84-primary.txt', { READINESS_MAX_LAG_SECONDS: '1.5' }).line).toBe('not ready: READINESS_MAX_LAG_SECONDS=1.5 is not a whole number');
    expect(readiness('mysql84-primary.txt', { READINESS_MAX_LAG_BYTES: '-1' }).line).toBe('not ready: READINESS_MAX_LAG_BYTES=-1 is not a whole number');
  });

  test('garbage from the server is not ready', () => {
    expect(readiness('hello\nworld\n')).toMatchObject({ code: 1, line: 'not ready: unexpected answer from the server: hello' });
  });
});
