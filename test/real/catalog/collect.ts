/**
 * Reads the settings catalogs from the real servers (see generate-catalogs.ts) and renders them as
 * the TypeScript modules the engines import. Shared by the generator and by the test that checks
 * the committed catalogs against the installed servers.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { defaultSecrets as mariaSecrets, MariaNode, mariadbVersion } from '../mariadb-harness';
import { defaultSecrets as pgSecrets, freePort, PG_BIN, PG_USER, PgNode, postgresVersion } from '../postgres-harness';

export interface PgCatalog {
  readonly server: string;
  readonly settings: { [name: string]: { context: string; type: string; unit?: string; min?: number; max?: number; enumValues?: string[] } };
}

export interface MariaCatalog {
  readonly server: string;
  readonly variables: { [name: string]: { readOnly: boolean; scope: string; type: string; min?: string; max?: string; enumValues?: string[] } };
  readonly options: string[];
}

/** postgres --describe-config joined with pg_settings of a throwaway server. */
export async function collectPostgresCatalog(): Promise<PgCatalog> {
  const describe = spawnSync(path.join(PG_BIN, 'postgres'), ['--describe-config'], { encoding: 'utf8', uid: PG_USER.uid, gid: PG_USER.gid, cwd: '/' });
  if (describe.status !== 0) throw new Error(`postgres --describe-config failed: ${describe.stderr}`);
  const port = await freePort();
  const node = new PgNode({ podName: 'catalog-0', port, primaryPort: port, secrets: pgSecrets() });
  try {
    if (node.runScript('bootstrap.sh').code !== 0) throw new Error('bootstrap of the catalog server failed');
    await node.start();
    const rows = JSON.parse(node.sql(
      "SELECT json_object_agg(name, json_build_object('context', context, 'vartype', vartype, 'unit', unit, 'min', min_val, 'max', max_val, 'enumvals', enumvals)) FROM pg_settings"));
    const settings: PgCatalog['settings'] = {};
    const num = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? undefined : Number(v));
    const described = new Map(describe.stdout.split('\n').filter(Boolean).map(l => [l.split('\t')[0], l.split('\t')] as [string, string[]]));
    // Every setting the server has: --describe-config leaves out the developer, "not in sample"
    // (application_name...) and internal ones, which pg_settings lists (with their context).
    for (const name of [...new Set([...described.keys(), ...Object.keys(rows)])].sort()) {
      const d = described.get(name);
      const live = rows[name];
      const context = d ? d[1] : live.context;
      const vartype = d ? d[3].toLowerCase() : live.vartype === 'bool' ? 'boolean' : live.vartype;
      settings[name] = {
        context,
        type: vartype,
        ...(live?.unit ? { unit: live.unit } : {}),
        ...(num(live?.min ?? d?.[5]) !== undefined ? { min: num(live?.min ?? d?.[5]) } : {}),
        ...(num(live?.max ?? d?.[6]) !== undefined ? { max: num(live?.max ?? d?.[6]) } : {}),
        ...(live?.enumvals ? { enumValues: live.enumvals } : {}),
      };
    }
    return { server: postgresVersion(), settings };
  } finally {
    await node.cleanup();
  }
}

/** information_schema.SYSTEM_VARIABLES of a throwaway MariaDB and the option names of mariadbd --verbose --help. */
export async function collectMariadbCatalog(): Promise<MariaCatalog> {
  const port = await freePort();
  const node = new MariaNode({ podName: 'catalog-0', port, primaryPort: port, secrets: mariaSecrets() });
  try {
    if (node.runScript('bootstrap.sh').code !== 0) throw new Error('bootstrap of the catalog server failed');
    await node.start();
    const out = node.sql('SELECT LOWER(VARIABLE_NAME), READ_ONLY, VARIABLE_SCOPE, VARIABLE_TYPE, IFNULL(NUMERIC_MIN_VALUE, \'\'), '
      + 'IFNULL(NUMERIC_MAX_VALUE, \'\'), IFNULL(ENUM_VALUE_LIST, \'\') FROM information_schema.SYSTEM_VARIABLES ORDER BY 1');
    const variables: MariaCatalog['variables'] = {};
    for (const line of out.split('\n').filter(Boolean)) {
      const [name, readOnly, scope, type, min, max, enums] = line.split('\t');
      variables[name] = {
        readOnly: readOnly === 'YES',
        scope,
        type,
        ...(min !== '' ? { min } : {}),
        ...(max !== '' ? { max } : {}),
        ...(enums !== '' ? { enumValues: enums.split(',') } : {}),
      };
    }
    const help = spawnSync('mariadbd', ['--no-defaults', '--verbose', '--help'], { encoding: 'utf8', env: { PATH: '/usr/sbin:/usr/bin:/bin' } });
    // `  --name`, or `  -C, --name` for options with a short form (character-set-server, port, datadir...).
    const options = [...new Set(help.stdout.split('\n').map(l => /^ {2}(?:-[A-Za-z#?], )?--([a-zA-Z0-9][a-zA-Z0-9_-]*)/.exec(l)?.[1]).filter((x): x is string => !!x)
      .map(n => n.replace(/-/g, '_').toLowerCase()))].sort();
    if (options.length < 100) throw new Error(`mariadbd --verbose --help listed only ${options.length} options`);
    return { server: mariadbVersion(), variables, options };
  } finally {
    await node.cleanup();
  }
}

const HEADER = (what: string, server: string) => [
  '/* eslint-disable */',
  `// ${what}`,
  `// Generated from ${server} by test/real/catalog/generate-catalogs.ts. Do not edit: re-run the generator.`,
  '',
].join('\n');

export function renderPostgresCatalog(c: PgCatalog): string {
  return HEADER('PostgreSQL settings catalog: name -> context (postmaster = needs a restart), type, unit, min, max, enum values.', c.server)
    + '/** @internal */\n'
    + 'export interface PgSettingInfo { readonly context: string; readonly type: string; readonly unit?: string; readonly min?: number; readonly max?: number; readonly enumValues?: string[] }\n'
    + `/** @internal */\nexport const POSTGRES_CATALOG_SERVER = ${JSON.stringify(c.server)};\n`
    + `/** @internal */\nexport const POSTGRES_SETTINGS: { readonly [name: string]: PgSettingInfo } = ${JSON.stringify(c.settings, null, 1)};\n`;
}

export function renderMariadbCatalog(c: MariaCatalog): string {
  return HEADER('MariaDB system variables: name -> read-only (needs a restart), scope, type, min, max, enum values; and the server\'s option names.', c.server)
    + '/** @internal */\n'
    + 'export interface MariadbVariableInfo { readonly readOnly: boolean; readonly scope: string; readonly type: string; readonly min?: string; readonly max?: string; readonly enumValues?: string[] }\n'
    + `/** @internal */\nexport const MARIADB_CATALOG_SERVER = ${JSON.stringify(c.server)};\n`
    + `/** @internal */\nexport const MARIADB_VARIABLES: { readonly [name: string]: MariadbVariableInfo } = ${JSON.stringify(c.variables, null, 1)};\n`
    + `/** @internal */\nexport const MARIADB_OPTIONS: readonly string[] = ${JSON.stringify(c.options, null, 1)};\n`;
}
