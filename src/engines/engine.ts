import { EngineSpec } from './engine-spec';
import { MariadbEngineProps, mariadbEngine, MysqlEngineProps, mysqlEngine } from './mysql';
import { PostgresEngineProps, postgresEngine } from './postgres';
import { RedisEngineProps, redisEngine } from './redis';

/**
 * The database engine a `ReplicatedDatabase` runs: image, version, configuration,
 * bootstrap, probes and users. Pick one with a static factory.
 *
 * @example
 * DatabaseEngine.postgres({ version: PostgresVersion.V16 })
 */
export class DatabaseEngine {
  /** PostgreSQL 14 to 17 on the official `postgres` image, with streaming replication. */
  public static postgres(props: PostgresEngineProps = {}): DatabaseEngine {
    return new DatabaseEngine(postgresEngine(props));
  }

  /** MySQL 8.0 or 8.4 on the official `mysql` image, with GTID replication (clone-based replicas). */
  public static mysql(props: MysqlEngineProps = {}): DatabaseEngine {
    return new DatabaseEngine(mysqlEngine(props));
  }

  /** MariaDB 10.11 or 11.x on the official `mariadb` image, with GTID replication (dump-based replicas). */
  public static mariadb(props: MariadbEngineProps = {}): DatabaseEngine {
    return new DatabaseEngine(mariadbEngine(props));
  }

  /**
   * Redis 7 on the official `redis` image: one master and replicas, with a Sentinel in every pod
   * that fails over by itself (at least 3 pods), ACL users, and lag-aware readiness.
   */
  public static redis(props: RedisEngineProps = {}): DatabaseEngine {
    return new DatabaseEngine(redisEngine(props));
  }

  /** Short engine name: `postgres`. */
  public readonly name: string;
  /** Major version, e.g. `16`. */
  public readonly version: string;
  /** Container image reference (tag, and digest when given). */
  public readonly image: string;
  /** Port the server listens on. */
  public readonly port: number;

  /** @internal */
  public readonly _spec: EngineSpec;

  private constructor(spec: EngineSpec) {
    this._spec = spec;
    this.name = spec.name;
    this.version = spec.version;
    this.image = spec.image;
    this.port = spec.port;
  }
}
