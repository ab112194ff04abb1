// MariaDB 10.11 with semi-synchronous replication, 3 pods: every scenario of scenarios.ts.
import { mariadb } from './drivers';
import { replicatedDatabaseSuite } from './scenarios';

describe('MariaDB (semi-sync) on a real cluster', () => replicatedDatabaseSuite(mariadb));
