/**
 * Generates the settings catalogs of the engines from the real servers the tests install
 * (Debian postgresql-15 and mariadb-server 10.11), and writes them as TypeScript modules:
 *
 *   src/engines/postgres/catalog.generated.ts   postgres --describe-config (name, context) joined
 *                                               with pg_settings of a throwaway server (type, unit,
 *                                               min, max, enum values)
 *   src/engines/mysql/catalog.generated.ts      information_schema.SYSTEM_VARIABLES of a throwaway
 *                                               MariaDB (name, read-only, type, min, max, enum
 *                                               values) and the option names of mariadbd --verbose --help
 *
 * Re-run after a server upgrade (as root: the servers run as their own OS users):
 *   npx ts-node --project test/tsconfig.json test/real/catalog/generate-catalogs.ts
 * test/real/catalog.test.ts regenerates both in memory and checks the committed files match.
 */
import * as fs from 'fs';
import * as path from 'path';
import { collectMariadbCatalog, collectPostgresCatalog, renderMariadbCatalog, renderPostgresCatalog } from './collect';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '../../..');
  const pg = await collectPostgresCatalog();
  fs.writeFileSync(path.join(root, 'src/engines/postgres/catalog.generated.ts'), renderPostgresCatalog(pg));
  const maria = await collectMariadbCatalog();
  fs.writeFileSync(path.join(root, 'src/engines/mysql/catalog.generated.ts'), renderMariadbCatalog(maria));
  // eslint-disable-next-line no-console
  console.log(`PostgreSQL: ${Object.keys(pg.settings).length} settings (${pg.server}); MariaDB: ${Object.keys(maria.variables).length} variables, ${maria.options.length} options (${maria.server})`);
}

main().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exit(1);
});
