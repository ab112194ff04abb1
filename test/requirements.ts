/**
 * The tools the tests run, and which Debian package brings each one (scripts/test-deps.sh
 * installs them). A suite declares what it needs with `describeWith`:
 *
 * - a tool is missing → the suite FAILS at once with one line naming the tool and its package
 *   (never a timeout, never a silent skip);
 * - outside CI, a real-server suite (`{ realServer: true }`) is skipped instead, with one line
 *   saying so; in CI (`CI` set) it fails like any other.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';

/** A tool: an absolute path that must exist, or a command that must be on PATH. */
export interface Tool {
  readonly name: string;
  /** Debian package that installs it. */
  readonly pkg: string;
  /** Absolute path, or a command name looked up on PATH. */
  readonly path: string;
  /** Extra condition beyond existing (e.g. an OS user the package creates). */
  readonly check?: () => boolean;
}

const onPath = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], {
  env: { PATH: `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin` },
}).status === 0;
const osUser = (name: string): boolean => spawnSync('id', ['-u', name]).status === 0;

export const TOOLS = {
  busybox: { name: 'busybox', pkg: 'busybox', path: '/bin/busybox' },
  dash: { name: 'dash', pkg: 'dash', path: 'dash' },
  shellcheck: { name: 'shellcheck', pkg: 'shellcheck', path: 'shellcheck' },
  curl: { name: 'curl', pkg: 'curl', path: '/usr/bin/curl' },
  openssl: { name: 'openssl', pkg: 'openssl', path: 'openssl' },
  rclone: { name: 'rclone', pkg: 'rclone', path: '/usr/bin/rclone' },
  promtool: { name: 'promtool', pkg: 'prometheus', path: process.env.PROMTOOL ?? 'promtool' },
  dot: { name: 'dot', pkg: 'graphviz', path: 'dot' },
  postgres: { name: 'postgres 15', pkg: 'postgresql-15', path: '/usr/lib/postgresql/15/bin/postgres', check: () => osUser('postgres') },
  psql: { name: 'psql', pkg: 'postgresql-client-15', path: 'psql' },
  postgresExporter: { name: 'prometheus-postgres-exporter', pkg: 'prometheus-postgres-exporter', path: '/usr/bin/prometheus-postgres-exporter' },
  mariadbd: { name: 'mariadbd', pkg: 'mariadb-server', path: '/usr/sbin/mariadbd', check: () => osUser('mysql') },
  mariadbInstallDb: { name: 'mariadb-install-db', pkg: 'mariadb-server', path: 'mariadb-install-db' },
  mariadb: { name: 'mariadb', pkg: 'mariadb-client', path: 'mariadb' },
  mariadbDump: { name: 'mariadb-dump', pkg: 'mariadb-client', path: 'mariadb-dump' },
  mariadbAdmin: { name: 'mariadb-admin', pkg: 'mariadb-client', path: 'mariadb-admin' },
  myPrintDefaults: { name: 'my_print_defaults', pkg: 'mariadb-client', path: 'my_print_defaults' },
  mariabackup: { name: 'mariadb-backup', pkg: 'mariadb-backup', path: 'mariadb-backup' },
  mysqldExporter: { name: 'prometheus-mysqld-exporter', pkg: 'prometheus-mysqld-exporter', path: '/usr/bin/prometheus-mysqld-exporter' },
  redisServer: { name: 'redis-server', pkg: 'redis-server', path: '/usr/bin/redis-server' },
  redisSentinel: { name: 'redis-sentinel', pkg: 'redis-sentinel', path: '/usr/bin/redis-sentinel' },
  redisCli: { name: 'redis-cli (redis-tools, which redis-server brings)', pkg: 'redis-server', path: 'redis-cli' },
  redisExporter: { name: 'prometheus-redis-exporter', pkg: 'prometheus-redis-exporter', path: '/usr/bin/prometheus-redis-exporter' },
} satisfies Record<string, Tool>;

/** The tools of `tools` that are not installed. */
export function missingTools(tools: readonly Tool[]): Tool[] {
  return tools.filter(t => !(t.path.startsWith('/') ? fs.existsSync(t.path) : onPath(t.path)) || (t.check && !t.check()));
}

/** One line naming each missing tool and the package that brings it. */
export function missingMessage(missing: readonly Tool[]): string {
  const pkgs = [...new Set(missing.map(t => t.pkg))];
  return `missing ${missing.map(t => `${t.name} (Debian package ${t.pkg})`).join(', ')}: run scripts/test-deps.sh as root, or apt-get install -y ${pkgs.join(' ')}`;
}

export interface DescribeWithOptions {
  /** A suite against real servers: skipped outside CI when a tool is missing (fails in CI). @default false */
  readonly realServer?: boolean;
  /** Another condition the suite needs (with the reason shown when it is false). */
  readonly also?: { readonly ok: boolean; readonly reason: string };
}

/**
 * `describe` when every tool is there; otherwise a suite that fails with one line
 * (or, outside CI and for a real-server suite, is skipped with one line).
 */
export function describeWith(tools: readonly Tool[], options: DescribeWithOptions = {}): jest.Describe {
  const missing = missingTools(tools);
  const problems = [
    ...(missing.length > 0 ? [missingMessage(missing)] : []),
    ...(options.also && !options.also.ok ? [options.also.reason] : []),
  ];
  if (problems.length === 0) {
    return describe;
  }
  const message = problems.join('; ');
  let replacement: (name: string, fn: () => void) => void;
  if (options.realServer && !process.env.CI) {
    replacement = (name, fn) => {
      // eslint-disable-next-line no-console
      console.warn(`SKIPPED "${name}": ${message}`);
      describe.skip(name, fn);
    };
  } else {
    replacement = name => describe(name, () => {
      test('has the tools it needs', () => {
        const e = new Error(message);
        e.stack = message;
        throw e;
      });
    });
  }
  // `.each(table)(name, fn)` too: one suite per name pattern, not per row.
  const each = () => (name: unknown, fn: () => void) => replacement(String(name), fn);
  return Object.assign(replacement, { each, skip: describe.skip, only: describe.only }) as unknown as jest.Describe;
}

/** `test` when every tool is there; otherwise a test that fails at once with one line. */
export function testWith(tools: readonly Tool[]): jest.It {
  const missing = missingTools(tools);
  if (missing.length === 0) {
    return test;
  }
  return ((name: string) => test(name, () => {
    const e = new Error(missingMessage(missing));
    e.stack = e.message;
    throw e;
  })) as unknown as jest.It;
}

/** What a real MariaDB server test needs: the server, its installer and the clients. */
export const MARIADB_SERVER: readonly Tool[] = [TOOLS.mariadbd, TOOLS.mariadbInstallDb, TOOLS.mariadb, TOOLS.mariadbAdmin, TOOLS.mariadbDump];
