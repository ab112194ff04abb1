export { DatabaseEngine } from './engines/engine';
export { PostgresVersion } from './engines/postgres';
export type { PostgresEngineProps } from './engines/postgres';
export { DatabaseCredentials } from './credentials';
export type { GeneratedCredentialsOptions } from './credentials';
export { Placement } from './lib/scheduling';
export * from './replicated-database';
export type { AllowFromOptions, DatabaseNetworkProps } from './network';
export * from './db-monitoring';
