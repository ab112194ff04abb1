/**
 * How a `ReplicatedDatabase` chooses its primary.
 *
 * Which modes an engine offers, and its default, are in the README's "High availability" table.
 * Changing the mode of a running database is a migration, not an update: the pods are replaced.
 */
export enum FailoverMode {
  /**
   * The engine's own high-availability machinery, running inside the pods (no controller),
   * elects the primary and moves the write Service to it with no human action: Sentinel for
   * Redis. Recommended wherever the engine supports it.
   */
  AUTOMATIC = 'AUTOMATIC',
  /**
   * Pod 0 is always the primary and the other pods replicate from it. When pod 0 is down, writes
   * wait until Kubernetes brings it back with its volume; nothing is promoted.
   */
  FIXED_PRIMARY = 'FIXED_PRIMARY',
}

/** The failover modes an engine offers (internal: part of EngineSpec). */
export interface EngineFailover {
  /** Modes `build` honours; the construct refuses the others with `unavailable`. */
  readonly modes: FailoverMode[];
  /** Mode used when `failover` is not set. */
  readonly default: FailoverMode;
  /** Why the modes not in `modes` are refused, and what to use instead. */
  readonly unavailable: string;
}
