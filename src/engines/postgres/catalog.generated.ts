/* eslint-disable */
// PostgreSQL settings catalog: name -> context (postmaster = needs a restart), type, unit, min, max, enum values.
// Generated from postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1) by test/real/catalog/generate-catalogs.ts. Do not edit: re-run the generator.
/** @internal */
export interface PgSettingInfo { readonly context: string; readonly type: string; readonly unit?: string; readonly min?: number; readonly max?: number; readonly enumValues?: string[] }
/** @internal */
export const POSTGRES_CATALOG_SERVER = "postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)";
/** @internal */
export const POSTGRES_SETTINGS: { readonly [name: string]: PgSettingInfo } = {
 "DateStyle": {
  "context": "user",
  "type": "string"
 },
 "IntervalStyle": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "postgres",
   "postgres_verbose",
   "sql_standard",
   "iso_8601"
  ]
 },
 "TimeZone": {
  "context": "user",
  "type": "string"
 },
 "allow_in_place_tablespaces": {
  "context": "superuser",
  "type": "boolean"
 },
 "allow_system_table_mods": {
  "context": "superuser",
  "type": "boolean"
 },
 "application_name": {
  "context": "user",
  "type": "string"
 },
 "archive_cleanup_command": {
  "context": "sighup",
  "type": "string"
 },
 "archive_command": {
  "context": "sighup",
  "type": "string"
 },
 "archive_library": {
  "context": "sighup",
  "type": "string"
 },
 "archive_mode": {
  "context": "postmaster",
  "type": "enum",
  "enumValues": [
   "always",
   "on",
   "off"
  ]
 },
 "archive_timeout": {
  "context": "sighup",
  "type": "integer",
  "unit": "s",
  "min": 0,
  "max": 1073741823
 },
 "array_nulls": {
  "context": "user",
  "type": "boolean"
 },
 "authentication_timeout": {
  "context": "sighup",
  "type": "integer",
  "unit": "s",
  "min": 1,
  "max": 600
 },
 "autovacuum": {
  "context": "sighup",
  "type": "boolean"
 },
 "autovacuum_analyze_scale_factor": {
  "context": "sighup",
  "type": "real",
  "min": 0,
  "max": 100
 },
 "autovacuum_analyze_threshold": {
  "context": "sighup",
  "type": "integer",
  "min": 0,
  "max": 2147483647
 },
 "autovacuum_freeze_max_age": {
  "context": "postmaster",
  "type": "integer",
  "min": 100000,
  "max": 2000000000
 },
 "autovacuum_max_workers": {
  "context": "postmaster",
  "type": "integer",
  "min": 1,
  "max": 262143
 },
 "autovacuum_multixact_freeze_max_age": {
  "context": "postmaster",
  "type": "integer",
  "min": 10000,
  "max": 2000000000
 },
 "autovacuum_naptime": {
  "context": "sighup",
  "type": "integer",
  "unit": "s",
  "min": 1,
  "max": 2147483
 },
 "autovacuum_vacuum_cost_delay": {
  "context": "sighup",
  "type": "real",
  "unit": "ms",
  "min": -1,
  "max": 100
 },
 "autovacuum_vacuum_cost_limit": {
  "context": "sighup",
  "type": "integer",
  "min": -1,
  "max": 10000
 },
 "autovacuum_vacuum_insert_scale_factor": {
  "context": "sighup",
  "type": "real",
  "min": 0,
  "max": 100
 },
 "autovacuum_vacuum_insert_threshold": {
  "context": "sighup",
  "type": "integer",
  "min": -1,
  "max": 2147483647
 },
 "autovacuum_vacuum_scale_factor": {
  "context": "sighup",
  "type": "real",
  "min": 0,
  "max": 100
 },
 "autovacuum_vacuum_threshold": {
  "context": "sighup",
  "type": "integer",
  "min": 0,
  "max": 2147483647
 },
 "autovacuum_work_mem": {
  "context": "sighup",
  "type": "integer",
  "unit": "kB",
  "min": -1,
  "max": 2147483647
 },
 "backend_flush_after": {
  "context": "user",
  "type": "integer",
  "unit": "8kB",
  "min": 0,
  "max": 256
 },
 "backslash_quote": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "safe_encoding",
   "on",
   "off"
  ]
 },
 "backtrace_functions": {
  "context": "superuser",
  "type": "string"
 },
 "bgwriter_delay": {
  "context": "sighup",
  "type": "integer",
  "unit": "ms",
  "min": 10,
  "max": 10000
 },
 "bgwriter_flush_after": {
  "context": "sighup",
  "type": "integer",
  "unit": "8kB",
  "min": 0,
  "max": 256
 },
 "bgwriter_lru_maxpages": {
  "context": "sighup",
  "type": "integer",
  "min": 0,
  "max": 1073741823
 },
 "bgwriter_lru_multiplier": {
  "context": "sighup",
  "type": "real",
  "min": 0,
  "max": 10
 },
 "block_size": {
  "context": "internal",
  "type": "integer",
  "min": 8192,
  "max": 8192
 },
 "bonjour": {
  "context": "postmaster",
  "type": "boolean"
 },
 "bonjour_name": {
  "context": "postmaster",
  "type": "string"
 },
 "bytea_output": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "escape",
   "hex"
  ]
 },
 "check_function_bodies": {
  "context": "user",
  "type": "boolean"
 },
 "checkpoint_completion_target": {
  "context": "sighup",
  "type": "real",
  "min": 0,
  "max": 1
 },
 "checkpoint_flush_after": {
  "context": "sighup",
  "type": "integer",
  "unit": "8kB",
  "min": 0,
  "max": 256
 },
 "checkpoint_timeout": {
  "context": "sighup",
  "type": "integer",
  "unit": "s",
  "min": 30,
  "max": 86400
 },
 "checkpoint_warning": {
  "context": "sighup",
  "type": "integer",
  "unit": "s",
  "min": 0,
  "max": 2147483647
 },
 "client_connection_check_interval": {
  "context": "user",
  "type": "integer",
  "unit": "ms",
  "min": 0,
  "max": 2147483647
 },
 "client_encoding": {
  "context": "user",
  "type": "string"
 },
 "client_min_messages": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "debug5",
   "debug4",
   "debug3",
   "debug2",
   "debug1",
   "log",
   "notice",
   "warning",
   "error"
  ]
 },
 "cluster_name": {
  "context": "postmaster",
  "type": "string"
 },
 "commit_delay": {
  "context": "superuser",
  "type": "integer",
  "min": 0,
  "max": 100000
 },
 "commit_siblings": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 1000
 },
 "compute_query_id": {
  "context": "superuser",
  "type": "enum",
  "enumValues": [
   "auto",
   "regress",
   "on",
   "off"
  ]
 },
 "config_file": {
  "context": "postmaster",
  "type": "string"
 },
 "constraint_exclusion": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "partition",
   "on",
   "off"
  ]
 },
 "cpu_index_tuple_cost": {
  "context": "user",
  "type": "real",
  "min": 0,
  "max": 1.79769e+308
 },
 "cpu_operator_cost": {
  "context": "user",
  "type": "real",
  "min": 0,
  "max": 1.79769e+308
 },
 "cpu_tuple_cost": {
  "context": "user",
  "type": "real",
  "min": 0,
  "max": 1.79769e+308
 },
 "cursor_tuple_fraction": {
  "context": "user",
  "type": "real",
  "min": 0,
  "max": 1
 },
 "data_checksums": {
  "context": "internal",
  "type": "boolean"
 },
 "data_directory": {
  "context": "postmaster",
  "type": "string"
 },
 "data_directory_mode": {
  "context": "internal",
  "type": "integer",
  "min": 0,
  "max": 511
 },
 "data_sync_retry": {
  "context": "postmaster",
  "type": "boolean"
 },
 "db_user_namespace": {
  "context": "sighup",
  "type": "boolean"
 },
 "deadlock_timeout": {
  "context": "superuser",
  "type": "integer",
  "unit": "ms",
  "min": 1,
  "max": 2147483647
 },
 "debug_assertions": {
  "context": "internal",
  "type": "boolean"
 },
 "debug_discard_caches": {
  "context": "superuser",
  "type": "integer",
  "min": 0,
  "max": 0
 },
 "debug_pretty_print": {
  "context": "user",
  "type": "boolean"
 },
 "debug_print_parse": {
  "context": "user",
  "type": "boolean"
 },
 "debug_print_plan": {
  "context": "user",
  "type": "boolean"
 },
 "debug_print_rewritten": {
  "context": "user",
  "type": "boolean"
 },
 "default_statistics_target": {
  "context": "user",
  "type": "integer",
  "min": 1,
  "max": 10000
 },
 "default_table_access_method": {
  "context": "user",
  "type": "string"
 },
 "default_tablespace": {
  "context": "user",
  "type": "string"
 },
 "default_text_search_config": {
  "context": "user",
  "type": "string"
 },
 "default_toast_compression": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "pglz",
   "lz4"
  ]
 },
 "default_transaction_deferrable": {
  "context": "user",
  "type": "boolean"
 },
 "default_transaction_isolation": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "serializable",
   "repeatable read",
   "read committed",
   "read uncommitted"
  ]
 },
 "default_transaction_read_only": {
  "context": "user",
  "type": "boolean"
 },
 "dynamic_library_path": {
  "context": "superuser",
  "type": "string"
 },
 "dynamic_shared_memory_type": {
  "context": "postmaster",
  "type": "enum",
  "enumValues": [
   "posix",
   "sysv",
   "mmap"
  ]
 },
 "effective_cache_size": {
  "context": "user",
  "type": "integer",
  "unit": "8kB",
  "min": 1,
  "max": 2147483647
 },
 "effective_io_concurrency": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 1000
 },
 "enable_async_append": {
  "context": "user",
  "type": "boolean"
 },
 "enable_bitmapscan": {
  "context": "user",
  "type": "boolean"
 },
 "enable_gathermerge": {
  "context": "user",
  "type": "boolean"
 },
 "enable_hashagg": {
  "context": "user",
  "type": "boolean"
 },
 "enable_hashjoin": {
  "context": "user",
  "type": "boolean"
 },
 "enable_incremental_sort": {
  "context": "user",
  "type": "boolean"
 },
 "enable_indexonlyscan": {
  "context": "user",
  "type": "boolean"
 },
 "enable_indexscan": {
  "context": "user",
  "type": "boolean"
 },
 "enable_material": {
  "context": "user",
  "type": "boolean"
 },
 "enable_memoize": {
  "context": "user",
  "type": "boolean"
 },
 "enable_mergejoin": {
  "context": "user",
  "type": "boolean"
 },
 "enable_nestloop": {
  "context": "user",
  "type": "boolean"
 },
 "enable_parallel_append": {
  "context": "user",
  "type": "boolean"
 },
 "enable_parallel_hash": {
  "context": "user",
  "type": "boolean"
 },
 "enable_partition_pruning": {
  "context": "user",
  "type": "boolean"
 },
 "enable_partitionwise_aggregate": {
  "context": "user",
  "type": "boolean"
 },
 "enable_partitionwise_join": {
  "context": "user",
  "type": "boolean"
 },
 "enable_seqscan": {
  "context": "user",
  "type": "boolean"
 },
 "enable_sort": {
  "context": "user",
  "type": "boolean"
 },
 "enable_tidscan": {
  "context": "user",
  "type": "boolean"
 },
 "escape_string_warning": {
  "context": "user",
  "type": "boolean"
 },
 "event_source": {
  "context": "postmaster",
  "type": "string"
 },
 "exit_on_error": {
  "context": "user",
  "type": "boolean"
 },
 "extension_destdir": {
  "context": "superuser",
  "type": "string"
 },
 "external_pid_file": {
  "context": "postmaster",
  "type": "string"
 },
 "extra_float_digits": {
  "context": "user",
  "type": "integer",
  "min": -15,
  "max": 3
 },
 "force_parallel_mode": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "off",
   "on",
   "regress"
  ]
 },
 "from_collapse_limit": {
  "context": "user",
  "type": "integer",
  "min": 1,
  "max": 2147483647
 },
 "fsync": {
  "context": "sighup",
  "type": "boolean"
 },
 "full_page_writes": {
  "context": "sighup",
  "type": "boolean"
 },
 "geqo": {
  "context": "user",
  "type": "boolean"
 },
 "geqo_effort": {
  "context": "user",
  "type": "integer",
  "min": 1,
  "max": 10
 },
 "geqo_generations": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 2147483647
 },
 "geqo_pool_size": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 2147483647
 },
 "geqo_seed": {
  "context": "user",
  "type": "real",
  "min": 0,
  "max": 1
 },
 "geqo_selection_bias": {
  "context": "user",
  "type": "real",
  "min": 1.5,
  "max": 2
 },
 "geqo_threshold": {
  "context": "user",
  "type": "integer",
  "min": 2,
  "max": 2147483647
 },
 "gin_fuzzy_search_limit": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 2147483647
 },
 "gin_pending_list_limit": {
  "context": "user",
  "type": "integer",
  "unit": "kB",
  "min": 64,
  "max": 2147483647
 },
 "hash_mem_multiplier": {
  "context": "user",
  "type": "real",
  "min": 1,
  "max": 1000
 },
 "hba_file": {
  "context": "postmaster",
  "type": "string"
 },
 "hot_standby": {
  "context": "postmaster",
  "type": "boolean"
 },
 "hot_standby_feedback": {
  "context": "sighup",
  "type": "boolean"
 },
 "huge_page_size": {
  "context": "postmaster",
  "type": "integer",
  "unit": "kB",
  "min": 0,
  "max": 2147483647
 },
 "huge_pages": {
  "context": "postmaster",
  "type": "enum",
  "enumValues": [
   "off",
   "on",
   "try"
  ]
 },
 "ident_file": {
  "context": "postmaster",
  "type": "string"
 },
 "idle_in_transaction_session_timeout": {
  "context": "user",
  "type": "integer",
  "unit": "ms",
  "min": 0,
  "max": 2147483647
 },
 "idle_session_timeout": {
  "context": "user",
  "type": "integer",
  "unit": "ms",
  "min": 0,
  "max": 2147483647
 },
 "ignore_checksum_failure": {
  "context": "superuser",
  "type": "boolean"
 },
 "ignore_invalid_pages": {
  "context": "postmaster",
  "type": "boolean"
 },
 "ignore_system_indexes": {
  "context": "backend",
  "type": "boolean"
 },
 "in_hot_standby": {
  "context": "internal",
  "type": "boolean"
 },
 "integer_datetimes": {
  "context": "internal",
  "type": "boolean"
 },
 "jit": {
  "context": "user",
  "type": "boolean"
 },
 "jit_above_cost": {
  "context": "user",
  "type": "real",
  "min": -1,
  "max": 1.79769e+308
 },
 "jit_debugging_support": {
  "context": "superuser-backend",
  "type": "boolean"
 },
 "jit_dump_bitcode": {
  "context": "superuser",
  "type": "boolean"
 },
 "jit_expressions": {
  "context": "user",
  "type": "boolean"
 },
 "jit_inline_above_cost": {
  "context": "user",
  "type": "real",
  "min": -1,
  "max": 1.79769e+308
 },
 "jit_optimize_above_cost": {
  "context": "user",
  "type": "real",
  "min": -1,
  "max": 1.79769e+308
 },
 "jit_profiling_support": {
  "context": "superuser-backend",
  "type": "boolean"
 },
 "jit_provider": {
  "context": "postmaster",
  "type": "string"
 },
 "jit_tuple_deforming": {
  "context": "user",
  "type": "boolean"
 },
 "join_collapse_limit": {
  "context": "user",
  "type": "integer",
  "min": 1,
  "max": 2147483647
 },
 "krb_caseins_users": {
  "context": "sighup",
  "type": "boolean"
 },
 "krb_server_keyfile": {
  "context": "sighup",
  "type": "string"
 },
 "lc_collate": {
  "context": "internal",
  "type": "string"
 },
 "lc_ctype": {
  "context": "internal",
  "type": "string"
 },
 "lc_messages": {
  "context": "superuser",
  "type": "string"
 },
 "lc_monetary": {
  "context": "user",
  "type": "string"
 },
 "lc_numeric": {
  "context": "user",
  "type": "string"
 },
 "lc_time": {
  "context": "user",
  "type": "string"
 },
 "listen_addresses": {
  "context": "postmaster",
  "type": "string"
 },
 "lo_compat_privileges": {
  "context": "superuser",
  "type": "boolean"
 },
 "local_preload_libraries": {
  "context": "user",
  "type": "string"
 },
 "lock_timeout": {
  "context": "user",
  "type": "integer",
  "unit": "ms",
  "min": 0,
  "max": 2147483647
 },
 "log_autovacuum_min_duration": {
  "context": "sighup",
  "type": "integer",
  "unit": "ms",
  "min": -1,
  "max": 2147483647
 },
 "log_checkpoints": {
  "context": "sighup",
  "type": "boolean"
 },
 "log_connections": {
  "context": "superuser-backend",
  "type": "boolean"
 },
 "log_destination": {
  "context": "sighup",
  "type": "string"
 },
 "log_directory": {
  "context": "sighup",
  "type": "string"
 },
 "log_disconnections": {
  "context": "superuser-backend",
  "type": "boolean"
 },
 "log_duration": {
  "context": "superuser",
  "type": "boolean"
 },
 "log_error_verbosity": {
  "context": "superuser",
  "type": "enum",
  "enumValues": [
   "terse",
   "default",
   "verbose"
  ]
 },
 "log_executor_stats": {
  "context": "superuser",
  "type": "boolean"
 },
 "log_file_mode": {
  "context": "sighup",
  "type": "integer",
  "min": 0,
  "max": 511
 },
 "log_filename": {
  "context": "sighup",
  "type": "string"
 },
 "log_hostname": {
  "context": "sighup",
  "type": "boolean"
 },
 "log_line_prefix": {
  "context": "sighup",
  "type": "string"
 },
 "log_lock_waits": {
  "context": "superuser",
  "type": "boolean"
 },
 "log_min_duration_sample": {
  "context": "superuser",
  "type": "integer",
  "unit": "ms",
  "min": -1,
  "max": 2147483647
 },
 "log_min_duration_statement": {
  "context": "superuser",
  "type": "integer",
  "unit": "ms",
  "min": -1,
  "max": 2147483647
 },
 "log_min_error_statement": {
  "context": "superuser",
  "type": "enum",
  "enumValues": [
   "debug5",
   "debug4",
   "debug3",
   "debug2",
   "debug1",
   "info",
   "notice",
   "warning",
   "error",
   "log",
   "fatal",
   "panic"
  ]
 },
 "log_min_messages": {
  "context": "superuser",
  "type": "enum",
  "enumValues": [
   "debug5",
   "debug4",
   "debug3",
   "debug2",
   "debug1",
   "info",
   "notice",
   "warning",
   "error",
   "log",
   "fatal",
   "panic"
  ]
 },
 "log_parameter_max_length": {
  "context": "superuser",
  "type": "integer",
  "unit": "B",
  "min": -1,
  "max": 1073741823
 },
 "log_parameter_max_length_on_error": {
  "context": "user",
  "type": "integer",
  "unit": "B",
  "min": -1,
  "max": 1073741823
 },
 "log_parser_stats": {
  "context": "superuser",
  "type": "boolean"
 },
 "log_planner_stats": {
  "context": "superuser",
  "type": "boolean"
 },
 "log_recovery_conflict_waits": {
  "context": "sighup",
  "type": "boolean"
 },
 "log_replication_commands": {
  "context": "superuser",
  "type": "boolean"
 },
 "log_rotation_age": {
  "context": "sighup",
  "type": "integer",
  "unit": "min",
  "min": 0,
  "max": 35791394
 },
 "log_rotation_size": {
  "context": "sighup",
  "type": "integer",
  "unit": "kB",
  "min": 0,
  "max": 2097151
 },
 "log_startup_progress_interval": {
  "context": "sighup",
  "type": "integer",
  "unit": "ms",
  "min": 0,
  "max": 2147483647
 },
 "log_statement": {
  "context": "superuser",
  "type": "enum",
  "enumValues": [
   "none",
   "ddl",
   "mod",
   "all"
  ]
 },
 "log_statement_sample_rate": {
  "context": "superuser",
  "type": "real",
  "min": 0,
  "max": 1
 },
 "log_statement_stats": {
  "context": "superuser",
  "type": "boolean"
 },
 "log_temp_files": {
  "context": "superuser",
  "type": "integer",
  "unit": "kB",
  "min": -1,
  "max": 2147483647
 },
 "log_timezone": {
  "context": "sighup",
  "type": "string"
 },
 "log_transaction_sample_rate": {
  "context": "superuser",
  "type": "real",
  "min": 0,
  "max": 1
 },
 "log_truncate_on_rotation": {
  "context": "sighup",
  "type": "boolean"
 },
 "logging_collector": {
  "context": "postmaster",
  "type": "boolean"
 },
 "logical_decoding_work_mem": {
  "context": "user",
  "type": "integer",
  "unit": "kB",
  "min": 64,
  "max": 2147483647
 },
 "maintenance_io_concurrency": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 1000
 },
 "maintenance_work_mem": {
  "context": "user",
  "type": "integer",
  "unit": "kB",
  "min": 1024,
  "max": 2147483647
 },
 "max_connections": {
  "context": "postmaster",
  "type": "integer",
  "min": 1,
  "max": 262143
 },
 "max_files_per_process": {
  "context": "postmaster",
  "type": "integer",
  "min": 64,
  "max": 2147483647
 },
 "max_function_args": {
  "context": "internal",
  "type": "integer",
  "min": 100,
  "max": 100
 },
 "max_identifier_length": {
  "context": "internal",
  "type": "integer",
  "min": 63,
  "max": 63
 },
 "max_index_keys": {
  "context": "internal",
  "type": "integer",
  "min": 32,
  "max": 32
 },
 "max_locks_per_transaction": {
  "context": "postmaster",
  "type": "integer",
  "min": 10,
  "max": 2147483647
 },
 "max_logical_replication_workers": {
  "context": "postmaster",
  "type": "integer",
  "min": 0,
  "max": 262143
 },
 "max_parallel_maintenance_workers": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 1024
 },
 "max_parallel_workers": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 1024
 },
 "max_parallel_workers_per_gather": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 1024
 },
 "max_pred_locks_per_page": {
  "context": "sighup",
  "type": "integer",
  "min": 0,
  "max": 2147483647
 },
 "max_pred_locks_per_relation": {
  "context": "sighup",
  "type": "integer",
  "min": -2147483648,
  "max": 2147483647
 },
 "max_pred_locks_per_transaction": {
  "context": "postmaster",
  "type": "integer",
  "min": 10,
  "max": 2147483647
 },
 "max_prepared_transactions": {
  "context": "postmaster",
  "type": "integer",
  "min": 0,
  "max": 262143
 },
 "max_replication_slots": {
  "context": "postmaster",
  "type": "integer",
  "min": 0,
  "max": 262143
 },
 "max_slot_wal_keep_size": {
  "context": "sighup",
  "type": "integer",
  "unit": "MB",
  "min": -1,
  "max": 2147483647
 },
 "max_stack_depth": {
  "context": "superuser",
  "type": "integer",
  "unit": "kB",
  "min": 100,
  "max": 2147483647
 },
 "max_standby_archive_delay": {
  "context": "sighup",
  "type": "integer",
  "unit": "ms",
  "min": -1,
  "max": 2147483647
 },
 "max_standby_streaming_delay": {
  "context": "sighup",
  "type": "integer",
  "unit": "ms",
  "min": -1,
  "max": 2147483647
 },
 "max_sync_workers_per_subscription": {
  "context": "sighup",
  "type": "integer",
  "min": 0,
  "max": 262143
 },
 "max_wal_senders": {
  "context": "postmaster",
  "type": "integer",
  "min": 0,
  "max": 262143
 },
 "max_wal_size": {
  "context": "sighup",
  "type": "integer",
  "unit": "MB",
  "min": 2,
  "max": 2147483647
 },
 "max_worker_processes": {
  "context": "postmaster",
  "type": "integer",
  "min": 0,
  "max": 262143
 },
 "min_dynamic_shared_memory": {
  "context": "postmaster",
  "type": "integer",
  "unit": "MB",
  "min": 0,
  "max": 2147483647
 },
 "min_parallel_index_scan_size": {
  "context": "user",
  "type": "integer",
  "unit": "8kB",
  "min": 0,
  "max": 715827882
 },
 "min_parallel_table_scan_size": {
  "context": "user",
  "type": "integer",
  "unit": "8kB",
  "min": 0,
  "max": 715827882
 },
 "min_wal_size": {
  "context": "sighup",
  "type": "integer",
  "unit": "MB",
  "min": 2,
  "max": 2147483647
 },
 "old_snapshot_threshold": {
  "context": "postmaster",
  "type": "integer",
  "unit": "min",
  "min": -1,
  "max": 86400
 },
 "output_plugin_libraries": {
  "context": "superuser",
  "type": "string"
 },
 "parallel_leader_participation": {
  "context": "user",
  "type": "boolean"
 },
 "parallel_setup_cost": {
  "context": "user",
  "type": "real",
  "min": 0,
  "max": 1.79769e+308
 },
 "parallel_tuple_cost": {
  "context": "user",
  "type": "real",
  "min": 0,
  "max": 1.79769e+308
 },
 "password_encryption": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "md5",
   "scram-sha-256"
  ]
 },
 "plan_cache_mode": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "auto",
   "force_generic_plan",
   "force_custom_plan"
  ]
 },
 "port": {
  "context": "postmaster",
  "type": "integer",
  "min": 1,
  "max": 65535
 },
 "post_auth_delay": {
  "context": "backend",
  "type": "integer",
  "unit": "s",
  "min": 0,
  "max": 2147
 },
 "pre_auth_delay": {
  "context": "sighup",
  "type": "integer",
  "unit": "s",
  "min": 0,
  "max": 60
 },
 "primary_conninfo": {
  "context": "sighup",
  "type": "string"
 },
 "primary_slot_name": {
  "context": "sighup",
  "type": "string"
 },
 "promote_trigger_file": {
  "context": "sighup",
  "type": "string"
 },
 "quote_all_identifiers": {
  "context": "user",
  "type": "boolean"
 },
 "random_page_cost": {
  "context": "user",
  "type": "real",
  "min": 0,
  "max": 1.79769e+308
 },
 "recovery_end_command": {
  "context": "sighup",
  "type": "string"
 },
 "recovery_init_sync_method": {
  "context": "sighup",
  "type": "enum",
  "enumValues": [
   "fsync",
   "syncfs"
  ]
 },
 "recovery_min_apply_delay": {
  "context": "sighup",
  "type": "integer",
  "unit": "ms",
  "min": 0,
  "max": 2147483647
 },
 "recovery_prefetch": {
  "context": "sighup",
  "type": "enum",
  "enumValues": [
   "off",
   "on",
   "try"
  ]
 },
 "recovery_target": {
  "context": "postmaster",
  "type": "string"
 },
 "recovery_target_action": {
  "context": "postmaster",
  "type": "enum",
  "enumValues": [
   "pause",
   "promote",
   "shutdown"
  ]
 },
 "recovery_target_inclusive": {
  "context": "postmaster",
  "type": "boolean"
 },
 "recovery_target_lsn": {
  "context": "postmaster",
  "type": "string"
 },
 "recovery_target_name": {
  "context": "postmaster",
  "type": "string"
 },
 "recovery_target_time": {
  "context": "postmaster",
  "type": "string"
 },
 "recovery_target_timeline": {
  "context": "postmaster",
  "type": "string"
 },
 "recovery_target_xid": {
  "context": "postmaster",
  "type": "string"
 },
 "recursive_worktable_factor": {
  "context": "user",
  "type": "real",
  "min": 0.001,
  "max": 1000000
 },
 "remove_temp_files_after_crash": {
  "context": "sighup",
  "type": "boolean"
 },
 "restart_after_crash": {
  "context": "sighup",
  "type": "boolean"
 },
 "restore_command": {
  "context": "sighup",
  "type": "string"
 },
 "restrict_nonsystem_relation_kind": {
  "context": "user",
  "type": "string"
 },
 "row_security": {
  "context": "user",
  "type": "boolean"
 },
 "search_path": {
  "context": "user",
  "type": "string"
 },
 "segment_size": {
  "context": "internal",
  "type": "integer",
  "unit": "8kB",
  "min": 131072,
  "max": 131072
 },
 "seq_page_cost": {
  "context": "user",
  "type": "real",
  "min": 0,
  "max": 1.79769e+308
 },
 "server_encoding": {
  "context": "internal",
  "type": "string"
 },
 "server_version": {
  "context": "internal",
  "type": "string"
 },
 "server_version_num": {
  "context": "internal",
  "type": "integer",
  "min": 150018,
  "max": 150018
 },
 "session_preload_libraries": {
  "context": "superuser",
  "type": "string"
 },
 "session_replication_role": {
  "context": "superuser",
  "type": "enum",
  "enumValues": [
   "origin",
   "replica",
   "local"
  ]
 },
 "shared_buffers": {
  "context": "postmaster",
  "type": "integer",
  "unit": "8kB",
  "min": 16,
  "max": 1073741823
 },
 "shared_memory_size": {
  "context": "internal",
  "type": "integer",
  "unit": "MB",
  "min": 0,
  "max": 2147483647
 },
 "shared_memory_size_in_huge_pages": {
  "context": "internal",
  "type": "integer",
  "min": -1,
  "max": 2147483647
 },
 "shared_memory_type": {
  "context": "postmaster",
  "type": "enum",
  "enumValues": [
   "sysv",
   "mmap"
  ]
 },
 "shared_preload_libraries": {
  "context": "postmaster",
  "type": "string"
 },
 "ssl": {
  "context": "sighup",
  "type": "boolean"
 },
 "ssl_ca_file": {
  "context": "sighup",
  "type": "string"
 },
 "ssl_cert_file": {
  "context": "sighup",
  "type": "string"
 },
 "ssl_ciphers": {
  "context": "sighup",
  "type": "string"
 },
 "ssl_crl_dir": {
  "context": "sighup",
  "type": "string"
 },
 "ssl_crl_file": {
  "context": "sighup",
  "type": "string"
 },
 "ssl_dh_params_file": {
  "context": "sighup",
  "type": "string"
 },
 "ssl_ecdh_curve": {
  "context": "sighup",
  "type": "string"
 },
 "ssl_key_file": {
  "context": "sighup",
  "type": "string"
 },
 "ssl_library": {
  "context": "internal",
  "type": "string"
 },
 "ssl_max_protocol_version": {
  "context": "sighup",
  "type": "enum",
  "enumValues": [
   "",
   "TLSv1",
   "TLSv1.1",
   "TLSv1.2",
   "TLSv1.3"
  ]
 },
 "ssl_min_protocol_version": {
  "context": "sighup",
  "type": "enum",
  "enumValues": [
   "TLSv1",
   "TLSv1.1",
   "TLSv1.2",
   "TLSv1.3"
  ]
 },
 "ssl_passphrase_command": {
  "context": "sighup",
  "type": "string"
 },
 "ssl_passphrase_command_supports_reload": {
  "context": "sighup",
  "type": "boolean"
 },
 "ssl_prefer_server_ciphers": {
  "context": "sighup",
  "type": "boolean"
 },
 "standard_conforming_strings": {
  "context": "user",
  "type": "boolean"
 },
 "statement_timeout": {
  "context": "user",
  "type": "integer",
  "unit": "ms",
  "min": 0,
  "max": 2147483647
 },
 "stats_fetch_consistency": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "none",
   "cache",
   "snapshot"
  ]
 },
 "superuser_reserved_connections": {
  "context": "postmaster",
  "type": "integer",
  "min": 0,
  "max": 262143
 },
 "synchronize_seqscans": {
  "context": "user",
  "type": "boolean"
 },
 "synchronous_commit": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "local",
   "remote_write",
   "remote_apply",
   "on",
   "off"
  ]
 },
 "synchronous_standby_names": {
  "context": "sighup",
  "type": "string"
 },
 "syslog_facility": {
  "context": "sighup",
  "type": "enum",
  "enumValues": [
   "local0",
   "local1",
   "local2",
   "local3",
   "local4",
   "local5",
   "local6",
   "local7"
  ]
 },
 "syslog_ident": {
  "context": "sighup",
  "type": "string"
 },
 "syslog_sequence_numbers": {
  "context": "sighup",
  "type": "boolean"
 },
 "syslog_split_messages": {
  "context": "sighup",
  "type": "boolean"
 },
 "tcp_keepalives_count": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 2147483647
 },
 "tcp_keepalives_idle": {
  "context": "user",
  "type": "integer",
  "unit": "s",
  "min": 0,
  "max": 2147483647
 },
 "tcp_keepalives_interval": {
  "context": "user",
  "type": "integer",
  "unit": "s",
  "min": 0,
  "max": 2147483647
 },
 "tcp_user_timeout": {
  "context": "user",
  "type": "integer",
  "unit": "ms",
  "min": 0,
  "max": 2147483647
 },
 "temp_buffers": {
  "context": "user",
  "type": "integer",
  "unit": "8kB",
  "min": 100,
  "max": 1073741823
 },
 "temp_file_limit": {
  "context": "superuser",
  "type": "integer",
  "unit": "kB",
  "min": -1,
  "max": 2147483647
 },
 "temp_tablespaces": {
  "context": "user",
  "type": "string"
 },
 "timezone_abbreviations": {
  "context": "user",
  "type": "string"
 },
 "trace_notify": {
  "context": "user",
  "type": "boolean"
 },
 "trace_recovery_messages": {
  "context": "sighup",
  "type": "enum",
  "enumValues": [
   "debug5",
   "debug4",
   "debug3",
   "debug2",
   "debug1",
   "log",
   "notice",
   "warning",
   "error"
  ]
 },
 "trace_sort": {
  "context": "user",
  "type": "boolean"
 },
 "track_activities": {
  "context": "superuser",
  "type": "boolean"
 },
 "track_activity_query_size": {
  "context": "postmaster",
  "type": "integer",
  "unit": "B",
  "min": 100,
  "max": 1048576
 },
 "track_commit_timestamp": {
  "context": "postmaster",
  "type": "boolean"
 },
 "track_counts": {
  "context": "superuser",
  "type": "boolean"
 },
 "track_functions": {
  "context": "superuser",
  "type": "enum",
  "enumValues": [
   "none",
   "pl",
   "all"
  ]
 },
 "track_io_timing": {
  "context": "superuser",
  "type": "boolean"
 },
 "track_wal_io_timing": {
  "context": "superuser",
  "type": "boolean"
 },
 "transaction_deferrable": {
  "context": "user",
  "type": "boolean"
 },
 "transaction_isolation": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "serializable",
   "repeatable read",
   "read committed",
   "read uncommitted"
  ]
 },
 "transaction_read_only": {
  "context": "user",
  "type": "boolean"
 },
 "transform_null_equals": {
  "context": "user",
  "type": "boolean"
 },
 "unix_socket_directories": {
  "context": "postmaster",
  "type": "string"
 },
 "unix_socket_group": {
  "context": "postmaster",
  "type": "string"
 },
 "unix_socket_permissions": {
  "context": "postmaster",
  "type": "integer",
  "min": 0,
  "max": 511
 },
 "update_process_title": {
  "context": "superuser",
  "type": "boolean"
 },
 "vacuum_cost_delay": {
  "context": "user",
  "type": "real",
  "unit": "ms",
  "min": 0,
  "max": 100
 },
 "vacuum_cost_limit": {
  "context": "user",
  "type": "integer",
  "min": 1,
  "max": 10000
 },
 "vacuum_cost_page_dirty": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 10000
 },
 "vacuum_cost_page_hit": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 10000
 },
 "vacuum_cost_page_miss": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 10000
 },
 "vacuum_defer_cleanup_age": {
  "context": "sighup",
  "type": "integer",
  "min": 0,
  "max": 1000000
 },
 "vacuum_failsafe_age": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 2100000000
 },
 "vacuum_freeze_min_age": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 1000000000
 },
 "vacuum_freeze_table_age": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 2000000000
 },
 "vacuum_multixact_failsafe_age": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 2100000000
 },
 "vacuum_multixact_freeze_min_age": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 1000000000
 },
 "vacuum_multixact_freeze_table_age": {
  "context": "user",
  "type": "integer",
  "min": 0,
  "max": 2000000000
 },
 "wal_block_size": {
  "context": "internal",
  "type": "integer",
  "min": 8192,
  "max": 8192
 },
 "wal_buffers": {
  "context": "postmaster",
  "type": "integer",
  "unit": "8kB",
  "min": -1,
  "max": 262143
 },
 "wal_compression": {
  "context": "superuser",
  "type": "enum",
  "enumValues": [
   "pglz",
   "lz4",
   "zstd",
   "on",
   "off"
  ]
 },
 "wal_consistency_checking": {
  "context": "superuser",
  "type": "string"
 },
 "wal_decode_buffer_size": {
  "context": "postmaster",
  "type": "integer",
  "unit": "B",
  "min": 65536,
  "max": 1073741823
 },
 "wal_init_zero": {
  "context": "superuser",
  "type": "boolean"
 },
 "wal_keep_size": {
  "context": "sighup",
  "type": "integer",
  "unit": "MB",
  "min": 0,
  "max": 2147483647
 },
 "wal_level": {
  "context": "postmaster",
  "type": "enum",
  "enumValues": [
   "minimal",
   "replica",
   "logical"
  ]
 },
 "wal_log_hints": {
  "context": "postmaster",
  "type": "boolean"
 },
 "wal_receiver_create_temp_slot": {
  "context": "sighup",
  "type": "boolean"
 },
 "wal_receiver_status_interval": {
  "context": "sighup",
  "type": "integer",
  "unit": "s",
  "min": 0,
  "max": 2147483
 },
 "wal_receiver_timeout": {
  "context": "sighup",
  "type": "integer",
  "unit": "ms",
  "min": 0,
  "max": 2147483647
 },
 "wal_recycle": {
  "context": "superuser",
  "type": "boolean"
 },
 "wal_retrieve_retry_interval": {
  "context": "sighup",
  "type": "integer",
  "unit": "ms",
  "min": 1,
  "max": 2147483647
 },
 "wal_segment_size": {
  "context": "internal",
  "type": "integer",
  "unit": "B",
  "min": 1048576,
  "max": 1073741824
 },
 "wal_sender_timeout": {
  "context": "user",
  "type": "integer",
  "unit": "ms",
  "min": 0,
  "max": 2147483647
 },
 "wal_skip_threshold": {
  "context": "user",
  "type": "integer",
  "unit": "kB",
  "min": 0,
  "max": 2147483647
 },
 "wal_sync_method": {
  "context": "sighup",
  "type": "enum",
  "enumValues": [
   "fsync",
   "fdatasync",
   "open_sync",
   "open_datasync"
  ]
 },
 "wal_writer_delay": {
  "context": "sighup",
  "type": "integer",
  "unit": "ms",
  "min": 1,
  "max": 10000
 },
 "wal_writer_flush_after": {
  "context": "sighup",
  "type": "integer",
  "unit": "8kB",
  "min": 0,
  "max": 2147483647
 },
 "work_mem": {
  "context": "user",
  "type": "integer",
  "unit": "kB",
  "min": 64,
  "max": 2147483647
 },
 "xmlbinary": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "base64",
   "hex"
  ]
 },
 "xmloption": {
  "context": "user",
  "type": "enum",
  "enumValues": [
   "content",
   "document"
  ]
 },
 "zero_damaged_pages": {
  "context": "superuser",
  "type": "boolean"
 }
};
