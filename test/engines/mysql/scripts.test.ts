/**
 * Static checks of the MySQL-family scripts, and the parts of run.sh / bootstrap.sh that need no
 * server: server_id from the ordinal, per-role arguments, option files that round-trip any password
 * through the real option-file parser (MariaDB's my_print_defaults, skipped when not installed).
 * The scripts against a real server: test/real/mariadb.test.ts.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeWith, testWith, TOOLS } from '../../requirements';

const SCRIPTS_DIR = path.resolve(__dirname, '../../../src/engines/mysql/scripts');
const scripts = fs.readdirSync(SCRIPTS_DIR).filter(f => f.endsWith('.sh')).sort();
const SHELLS: [string, string[]][] = [['dash', []], ['busybox', ['sh']]];
const describeShells = describeWith([TOOLS.dash, TOOLS.busybox, TOOLS.shellcheck]);

test('the engine ships its scripts', () => {
  expect(scripts).toEqual(['bootstrap.sh', 'config-reload.sh', 'ensure-users.sh', 'liveness.sh', 'prestop.sh', 'readiness.sh', 'run.sh', 'startup.sh', 'users.sh']);
});

/** Sourced by other scripts, never run: no shebang and no `set`, which would change the caller's options. */
const LIBRARIES = ['users.sh'];

describeShells.each(scripts)('%s', script => {
  const file = path.join(SCRIPTS_DIR, script);

  test('is clean under shellcheck -s sh', () => {
    // -x follows the sourced users.sh (run from the scripts folder, as at run time).
    const r = spawnSync('shellcheck', ['-s', 'sh', '-x', script], { encoding: 'utf8', cwd: SCRIPTS_DIR });
    expect(r.error).toBeUndefined();
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test.each(SHELLS)('parses under %s', (cmd, args) => {
    const r = spawnSync(cmd, [...args, '-n', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test('uses set -eu (a library: none) and never puts a password on a command line', () => {
    const text = fs.readFileSync(file, 'utf8');
    if (LIBRARIES.includes(script)) {
      expect(text.startsWith('#!')).toBe(false);
      expect(text).not.toMatch(/^set /m);
    } else {
      expect(text).toMatch(/^set -eu$/m);
    }
    expect(text).not.toMatch(/--password|-p"\$|MYSQL_PWD/);
  });
});

describeShells('run.sh', () => {
  let dir: string;
  let fakeServer: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mysql-run-'));
    fs.mkdirSync(path.join(dir, 'data', 'mysql'), { recursive: true });
    fakeServer = path.join(dir, 'fake-mysqld');
    fs.writeFileSync(fakeServer, '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n', { mode: 0o755 });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (shell: [string, string[]], env: { [k: string]: string }) => spawnSync(shell[0], [...shell[1], path.join(SCRIPTS_DIR, 'run.sh')], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH!,
      MYSQL_SERVER: fakeServer,
      MYSQL_CONFIG_FILE: '/etc/cdk8s-db/my.cnf',
      MYSQL_DATADIR: path.join(dir, 'data'),
      MYSQL_PRIMARY_ARGS: '--rpl-semi-sync-master-enabled=ON',
      MYSQL_REPLICA_ARGS: '--read-only=ON --rpl-semi-sync-slave-enabled=ON',
      ...env,
    },
  });

  test.each(SHELLS)('server_id is the ordinal plus the offset, never 0; replicas are read-only (%s)', (...shell) => {
    const primary = run(shell, { POD_NAME: 'orders-0' });
    expect(primary.status).toBe(0);
    expect(primary.stdout.trim().split('\n')).toEqual([
      '--defaults-file=/etc/cdk8s-db/my.cnf', '--server-id=1', '--report-host=orders-0', '--rpl-semi-sync-master-enabled=ON',
    ]);
    expect(primary.stderr).toMatch(/starting fake-mysqld as primary, server_id 1/);
    const replica = run(shell, { POD_NAME: 'my-db-12', SERVER_ID_OFFSET: '100' });
    expect(replica.stdout.trim().split('\n')).toEqual([
      '--defaults-file=/etc/cdk8s-db/my.cnf', '--server-id=112', '--report-host=my-db-12', '--read-only=ON', '--rpl-semi-sync-slave-enabled=ON',
    ]);
    const plain = run(shell, { POD_NAME: 'orders-1', MYSQL_REPLICA_ARGS: '--super-read-only=ON', MYSQL_PRIMARY_ARGS: '' });
    expect(plain.stdout).toMatch(/--server-id=2\n--report-host=orders-1\n--super-read-only=ON\n$/);
  });

  test.each([
    [{ POD_NAME: 'orders-0', SERVER_ID_OFFSET: '0' }, /SERVER_ID_OFFSET=0 must be >= 1/],
    [{ POD_NAME: 'orders-0', SERVER_ID_OFFSET: '-1' }, /SERVER_ID_OFFSET=-1 is not a whole number/],
    [{ POD_NAME: 'orders' }, /cannot read the ordinal from POD_NAME=orders/],
    [{ POD_NAME: 'orders-1', MYSQL_REPLICA_ARGS: '--read-only=ON;reboot' }, /unexpected server argument/],
    [{ POD_NAME: 'orders-1', MYSQL_REPLICA_ARGS: 'read-only' }, /unexpected server argument 'read-only'/],
    [{ POD_NAME: 'orders-0', MYSQL_DATADIR: '/nonexistent/data' }, /\/nonexistent\/data is not initialized: bootstrap\.sh must run first/],
  ])('refuses %j', (env, message) => {
    const r = run(SHELLS[0], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  testWith([TOOLS.myPrintDefaults])('rewrites a missing probe option file (mode 0600) that round-trips any password', () => {
    const passwords = ['simple', 'with space', 'q"uote', "it's", 'back\\slash\\', '#hash; semi', '$HOME `x` $(id)', ' lead and trail ', '%s\\n\\"', '[client]'];
    for (const pw of passwords) {
      const probe = path.join(dir, 'probe.cnf');
      fs.rmSync(probe, { force: true });
      const r = run(SHELLS[0], {
        POD_NAME: 'orders-1', MYSQL_PROBE_DEFAULTS: probe, MYSQL_SOCKET: '/run/mysqld/mysqld.sock', MONITORING_USER: 'monitor', MONITORING_PASSWORD: pw,
      });
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/rewrote missing probe credentials/);
      expect(r.stdout + r.stderr).not.toContain(pw);
      expect(fs.statSync(probe).mode.toString(8).slice(-3)).toBe('600');
      const parsed = spawnSync('my_print_defaults', [`--defaults-file=${probe}`, 'client'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
      expect(parsed).toEqual(['--user=monitor', `--password=${pw}`, '--socket=/run/mysqld/mysqld.sock']);
    }
  });
});

describeShells('bootstrap.sh refuses bad environments before touching anything', () => {
  const conf = path.join(os.tmpdir(), `mysql-bootstrap-${process.pid}.cnf`);
  beforeAll(() => fs.writeFileSync(conf, '[mysqld]\n'));
  afterAll(() => fs.rmSync(conf, { force: true }));
  const run = (env: { [k: string]: string }) => spawnSync('dash', [path.join(SCRIPTS_DIR, 'bootstrap.sh')], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH!,
      MYSQL_FLAVOR: 'mariadb',
      MYSQL_SERVER: 'mariadbd',
      MYSQL_CLIENT: 'mariadb',
      MYSQL_ADMIN: 'mariadb-admin',
      MYSQL_DUMP: 'mariadb-dump',
      MYSQL_INSTALL_DB: 'mariadb-install-db',
      MYSQL_CONFIG_FILE: conf,
      MYSQL_DATADIR: '/nonexistent/x/data',
      MYSQL_SOCKET: '/tmp/x.sock',
      MYSQL_PROBE_DEFAULTS: '/nonexistent/probe.cnf',
      POD_NAME: 'db-0',
      REPLICATION_USER: 'replicator',
      REPLICATION_PASSWORD: 'r-secret-1',
      MONITORING_USER: 'monitor',
      MONITORING_PASSWORD: 'm-secret-1',
      MYSQL_ROOT_PASSWORD: 's-secret-1',
      ...env,
    },
  });
  test.each([
    [{ MYSQL_ROOT_PASSWORD: '' }, /environment variable MYSQL_ROOT_PASSWORD is required/],
    [{ MYSQL_FLAVOR: 'postgres' }, /MYSQL_FLAVOR=postgres: expected mysql or mariadb/],
    [{ REPLICATION_USER: "x'; DROP" }, /REPLICATION_USER=x'; DROP is not a valid user name/],
    [{ POD_NAME: 'db' }, /cannot read the ordinal from POD_NAME=db/],
    [{ SERVER_ID_OFFSET: '0' }, /SERVER_ID_OFFSET=0 must be a whole number >= 1/],
    [{ MYSQL_DATADIR: 'data' }, /MYSQL_DATADIR=data must be an absolute path/],
    [{}, /\/nonexistent\/x \(the parent of MYSQL_DATADIR\) does not exist/],
  ])('%j', (env, message) => {
    const r = run(env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    for (const secret of ['r-secret-1', 'm-secret-1', 's-secret-1']) expect(r.stdout + r.stderr).not.toContain(secret);
  });
});

describeShells('bootstrap.sh with fake server binaries', () => {
  let dir: string;
  const secrets = { MYSQL_ROOT_PASSWORD: "Ro'ot\\pw", REPLICATION_PASSWORD: 'repl-pw-42', MONITORING_PASSWORD: 'mon#pw"x', APP_PASSWORD: "app' pw" };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mysql-fake-'));
    const bin = (name: string, body: string) => fs.writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    // install-db: creates the data dir; server: runs until SIGTERM; admin: the server answers.
    bin('fake-install-db', 'for a; do case $a in --datadir=*) mkdir -p "${a#--datadir=}/mysql" ;; esac; done');
    bin('fake-server', 'trap "exit 0" TERM; while :; do sleep 0.1; done');
    bin('fake-admin', 'exit 0');
    // The client fails like a syntax error would: quoting the statement text it was given.
    bin('fake-client', 'sql=$(cat); printf "ERROR 1064 (42000) at line 9: You have an error in your SQL syntax; check the manual near \'%s\' at line 1\\n" "$(printf "%s" "$sql" | tail -c 300)" >&2; exit 1');
    fs.writeFileSync(path.join(dir, 'my.cnf'), '[mysqld]\n');
    fs.mkdirSync(path.join(dir, 'volume'));
    fs.mkdirSync(path.join(dir, 'tmp'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a failing statement is reported without any password; the temporary server is stopped and nothing is published', () => {
    const r = spawnSync('dash', [path.join(SCRIPTS_DIR, 'bootstrap.sh')], {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH!,
        TMPDIR: path.join(dir, 'tmp'),
        MYSQL_FLAVOR: 'mariadb',
        MYSQL_SERVER: path.join(dir, 'fake-server'),
        MYSQL_CLIENT: path.join(dir, 'fake-client'),
        MYSQL_ADMIN: path.join(dir, 'fake-admin'),
        MYSQL_DUMP: 'false',
        MYSQL_INSTALL_DB: path.join(dir, 'fake-install-db'),
        MYSQL_CONFIG_FILE: path.join(dir, 'my.cnf'),
        MYSQL_DATADIR: path.join(dir, 'volume', 'data'),
        MYSQL_SOCKET: path.join(dir, 'mysqld.sock'),
        MYSQL_PROBE_DEFAULTS: path.join(dir, 'probe.cnf'),
        POD_NAME: 'db-0',
        REPLICATION_USER: 'replicator',
        MONITORING_USER: 'monitor',
        APP_USER: 'app',
        APP_DATABASE: 'app',
        MYSQL_MONITORING_GRANTS: 'PROCESS, REPLICA MONITOR',
        MYSQL_REPLICATION_GRANTS: 'REPLICATION SLAVE',
        ...secrets,
      },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SQL failed: ERROR 1064 \(42000\) at line 9: You have an error in your SQL syntax; check the manual near \(statement text withheld\)/);
    expect(r.stderr).toMatch(/ERROR: creating users failed/);
    for (const pw of Object.values(secrets)) {
      expect(r.stdout + r.stderr).not.toContain(pw);
      expect(r.stdout + r.stderr).not.toContain(pw.replace(/\\/g, '\\\\').replace(/'/g, "''"));
    }
    expect(fs.existsSync(path.join(dir, 'volume', 'data'))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    // The probe option file was written (mode 0600) before anything else.
    expect(fs.statSync(path.join(dir, 'probe.cnf')).mode.toString(8).slice(-3)).toBe('600');
    expect(spawnSync('pgrep', ['-f', path.join(dir, 'fake-server')]).status).toBe(1);
  });
});
