// PostgreSQL 15, 3 pods: every scenario of scenarios.ts on a real cluster.
import { postgres } from './drivers';
import { replicatedDatabaseSuite } from './scenarios';

describe('PostgreSQL on a real cluster', () => replicatedDatabaseSuite(postgres));
