/* eslint-disable */
// MariaDB system variables: name -> read-only (needs a restart), scope, type, min, max, enum values; and the server's option names.
// Generated from mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12) by test/real/catalog/generate-catalogs.ts. Do not edit: re-run the generator.
/** @internal */
export interface MariadbVariableInfo { readonly readOnly: boolean; readonly scope: string; readonly type: string; readonly min?: string; readonly max?: string; readonly enumValues?: string[] }
/** @internal */
export const MARIADB_CATALOG_SERVER = "mariadbd  Ver 10.11.19-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)";
/** @internal */
export const MARIADB_VARIABLES: { readonly [name: string]: MariadbVariableInfo } = {
 "allow_suspicious_udfs": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "alter_algorithm": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "DEFAULT",
   "COPY",
   "INPLACE",
   "NOCOPY",
   "INSTANT"
  ]
 },
 "analyze_max_length": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "32",
  "max": "4294967295"
 },
 "analyze_sample_percentage": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "DOUBLE",
  "min": "0",
  "max": "100"
 },
 "aria_block_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "4096",
  "max": "32768"
 },
 "aria_checkpoint_interval": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "aria_checkpoint_log_activity": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "aria_encrypt_tables": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "aria_force_start_after_recovery_failures": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "255"
 },
 "aria_group_commit": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "none",
   "hard",
   "soft"
  ]
 },
 "aria_group_commit_interval": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "aria_log_dir_path": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "aria_log_file_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "8388608",
  "max": "4294967295"
 },
 "aria_log_purge_type": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "immediate",
   "external",
   "at_flush"
  ]
 },
 "aria_max_sort_file_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "9223372036854775807"
 },
 "aria_pagecache_age_threshold": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "100",
  "max": "18446744073709551615"
 },
 "aria_pagecache_buffer_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "131072",
  "max": "18446744073709551615"
 },
 "aria_pagecache_division_limit": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "100"
 },
 "aria_pagecache_file_hash_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "128",
  "max": "16384"
 },
 "aria_page_checksum": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "aria_recover_options": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "SET",
  "enumValues": [
   "NORMAL",
   "BACKUP",
   "FORCE",
   "QUICK",
   "OFF"
  ]
 },
 "aria_repair_threads": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "128"
 },
 "aria_sort_buffer_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "16352",
  "max": "1152921504606846975"
 },
 "aria_stats_method": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "nulls_unequal",
   "nulls_equal",
   "nulls_ignored"
  ]
 },
 "aria_sync_log_dir": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "NEVER",
   "NEWFILE",
   "ALWAYS"
  ]
 },
 "aria_used_for_temp_tables": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "autocommit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "automatic_sp_privileges": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "auto_increment_increment": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "65535"
 },
 "auto_increment_offset": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "65535"
 },
 "back_log": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "65535"
 },
 "basedir": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "big_tables": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "bind_address": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "binlog_alter_two_phase": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "binlog_annotate_row_events": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "binlog_cache_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "4096",
  "max": "18446744073709551615"
 },
 "binlog_checksum": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "NONE",
   "CRC32"
  ]
 },
 "binlog_commit_wait_count": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "binlog_commit_wait_usec": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "binlog_direct_non_transactional_updates": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "binlog_expire_logs_seconds": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "8553600"
 },
 "binlog_file_cache_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "8192",
  "max": "18446744073709551615"
 },
 "binlog_format": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "MIXED",
   "STATEMENT",
   "ROW"
  ]
 },
 "binlog_optimize_thread_scheduling": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "binlog_row_image": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "MINIMAL",
   "NOBLOB",
   "FULL"
  ]
 },
 "binlog_row_metadata": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "NO_LOG",
   "MINIMAL",
   "FULL"
  ]
 },
 "binlog_stmt_cache_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "4096",
  "max": "18446744073709551615"
 },
 "bulk_insert_buffer_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "character_sets_dir": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "character_set_client": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM"
 },
 "character_set_connection": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM"
 },
 "character_set_database": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM"
 },
 "character_set_filesystem": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM"
 },
 "character_set_results": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM"
 },
 "character_set_server": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM"
 },
 "character_set_system": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "ENUM"
 },
 "check_constraint_checks": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "collation_connection": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM"
 },
 "collation_database": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM"
 },
 "collation_server": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM"
 },
 "column_compression_threshold": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "column_compression_zlib_level": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "9"
 },
 "column_compression_zlib_strategy": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "DEFAULT_STRATEGY",
   "FILTERED",
   "HUFFMAN_ONLY",
   "RLE",
   "FIXED"
  ]
 },
 "column_compression_zlib_wrap": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "completion_type": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "NO_CHAIN",
   "CHAIN",
   "RELEASE"
  ]
 },
 "concurrent_insert": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "NEVER",
   "AUTO",
   "ALWAYS"
  ]
 },
 "connect_timeout": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "2",
  "max": "31536000"
 },
 "core_file": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "datadir": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "datetime_format": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "date_format": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "deadlock_search_depth_long": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "33"
 },
 "deadlock_search_depth_short": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "32"
 },
 "deadlock_timeout_long": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "deadlock_timeout_short": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "debug_no_thread_alarm": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "default_master_connection": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "VARCHAR"
 },
 "default_password_lifetime": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "default_regex_flags": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "SET",
  "enumValues": [
   "DOTALL",
   "DUPNAMES",
   "EXTENDED",
   "EXTENDED_MORE",
   "EXTRA",
   "MULTILINE",
   "UNGREEDY"
  ]
 },
 "default_storage_engine": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "VARCHAR"
 },
 "default_tmp_storage_engine": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "VARCHAR"
 },
 "default_week_format": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "7"
 },
 "delayed_insert_limit": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "delayed_insert_timeout": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "31536000"
 },
 "delayed_queue_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "delay_key_write": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "OFF",
   "ON",
   "ALL"
  ]
 },
 "disconnect_on_expired_password": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "div_precision_increment": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "38"
 },
 "encrypt_binlog": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "encrypt_tmp_disk_tables": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "encrypt_tmp_files": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "enforce_storage_engine": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "VARCHAR"
 },
 "eq_range_index_dive_limit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "error_count": {
  "readOnly": true,
  "scope": "SESSION ONLY",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "event_scheduler": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "OFF",
   "ON",
   "DISABLED",
   "ORIGINAL"
  ]
 },
 "expensive_subquery_limit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "expire_logs_days": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "DOUBLE",
  "min": "0",
  "max": "99"
 },
 "explicit_defaults_for_timestamp": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "external_user": {
  "readOnly": true,
  "scope": "SESSION ONLY",
  "type": "VARCHAR"
 },
 "extra_max_connections": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "100000"
 },
 "extra_port": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "65535"
 },
 "flush": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "flush_time": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "31536000"
 },
 "foreign_key_checks": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "ft_boolean_syntax": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "ft_max_word_len": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "10",
  "max": "84"
 },
 "ft_min_word_len": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "84"
 },
 "ft_query_expansion_limit": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "1000"
 },
 "ft_stopword_file": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "general_log": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "general_log_file": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "group_concat_max_len": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "4",
  "max": "1073741824"
 },
 "gtid_binlog_pos": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "gtid_binlog_state": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "gtid_cleanup_batch_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "2147483647"
 },
 "gtid_current_pos": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "gtid_domain_id": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "gtid_ignore_duplicates": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "gtid_pos_auto_engines": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "gtid_seq_no": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "gtid_slave_pos": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "gtid_strict_mode": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "have_compress": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "have_crypt": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "have_dynamic_loading": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "have_geometry": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "have_openssl": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "have_profiling": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "have_query_cache": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "have_rtree_keys": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "have_ssl": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "have_symlink": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "histogram_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "255"
 },
 "histogram_type": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "SINGLE_PREC_HB",
   "DOUBLE_PREC_HB",
   "JSON_HB"
  ]
 },
 "hostname": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "host_cache_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "65536"
 },
 "identity": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "idle_readonly_transaction_timeout": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "31536000"
 },
 "idle_transaction_timeout": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "31536000"
 },
 "idle_write_transaction_timeout": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "31536000"
 },
 "ignore_builtin_innodb": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "ignore_db_dirs": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "init_connect": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "init_file": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "init_slave": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_adaptive_flushing": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_adaptive_flushing_lwm": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "DOUBLE",
  "min": "0",
  "max": "70"
 },
 "innodb_adaptive_hash_index": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_adaptive_hash_index_parts": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "512"
 },
 "innodb_alter_copy_bulk": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_autoextend_increment": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "1000"
 },
 "innodb_autoinc_lock_mode": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "0",
  "max": "2"
 },
 "innodb_buffer_pool_chunk_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "innodb_buffer_pool_dump_at_shutdown": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_buffer_pool_dump_now": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_buffer_pool_dump_pct": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "100"
 },
 "innodb_buffer_pool_filename": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_buffer_pool_in_core_dump": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_buffer_pool_load_abort": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_buffer_pool_load_at_startup": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_buffer_pool_load_now": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_buffer_pool_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "2097152",
  "max": "18446744073701163008"
 },
 "innodb_buffer_pool_size_auto_min": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073701163008"
 },
 "innodb_buffer_pool_size_max": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "8388608",
  "max": "18446744073701163008"
 },
 "innodb_buf_dump_status_frequency": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "100"
 },
 "innodb_change_buffering": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "none",
   "inserts",
   "deletes",
   "changes",
   "purges",
   "all"
  ]
 },
 "innodb_change_buffer_max_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "50"
 },
 "innodb_checksum_algorithm": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "crc32",
   "strict_crc32",
   "full_crc32",
   "strict_full_crc32"
  ]
 },
 "innodb_cmp_per_index_enabled": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_compression_algorithm": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "none",
   "zlib",
   "lz4",
   "lzo",
   "lzma",
   "bzip2",
   "snappy"
  ]
 },
 "innodb_compression_default": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_compression_failure_threshold_pct": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "100"
 },
 "innodb_compression_level": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "9"
 },
 "innodb_compression_pad_pct_max": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "75"
 },
 "innodb_data_file_path": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_data_home_dir": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_deadlock_detect": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_deadlock_report": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "off",
   "basic",
   "full"
  ]
 },
 "innodb_default_encryption_key_id": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "innodb_default_row_format": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "redundant",
   "compact",
   "dynamic"
  ]
 },
 "innodb_defragment": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_defragment_fill_factor": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "DOUBLE",
  "min": "0.7",
  "max": "1"
 },
 "innodb_defragment_fill_factor_n_recs": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "100"
 },
 "innodb_defragment_frequency": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "1000"
 },
 "innodb_defragment_n_pages": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "2",
  "max": "32"
 },
 "innodb_defragment_stats_accuracy": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "innodb_disable_sort_file_cache": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_doublewrite": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_encryption_rotate_key_age": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "innodb_encryption_rotation_iops": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "innodb_encryption_threads": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "255"
 },
 "innodb_encrypt_log": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_encrypt_tables": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "OFF",
   "ON",
   "FORCE"
  ]
 },
 "innodb_encrypt_temporary_tables": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_fast_shutdown": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "3"
 },
 "innodb_fatal_semaphore_wait_threshold": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "innodb_file_per_table": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_fill_factor": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "10",
  "max": "100"
 },
 "innodb_flushing_avg_loops": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "1000"
 },
 "innodb_flush_log_at_timeout": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "2700"
 },
 "innodb_flush_log_at_trx_commit": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "3"
 },
 "innodb_flush_method": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "fsync",
   "O_DSYNC",
   "littlesync",
   "nosync",
   "O_DIRECT",
   "O_DIRECT_NO_FSYNC"
  ]
 },
 "innodb_flush_neighbors": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "2"
 },
 "innodb_flush_sync": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_force_primary_key": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_force_recovery": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "6"
 },
 "innodb_ft_aux_table": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_ft_cache_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1600000",
  "max": "1099511627776"
 },
 "innodb_ft_enable_diag_print": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_ft_enable_stopword": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_ft_max_token_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "10",
  "max": "84"
 },
 "innodb_ft_min_token_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "16"
 },
 "innodb_ft_num_word_optimize": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1000",
  "max": "10000"
 },
 "innodb_ft_result_cache_limit": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1000000",
  "max": "18446744073709551615"
 },
 "innodb_ft_server_stopword_table": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_ft_sort_pll_degree": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "16"
 },
 "innodb_ft_total_cache_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "32000000",
  "max": "1099511627776"
 },
 "innodb_ft_user_stopword_table": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "VARCHAR"
 },
 "innodb_immediate_scrub_data_uncompressed": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_instant_alter_column_allowed": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "never",
   "add_last",
   "add_drop_reorder"
  ]
 },
 "innodb_io_capacity": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "100",
  "max": "4294967295"
 },
 "innodb_io_capacity_max": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "100",
  "max": "4294967295"
 },
 "innodb_linux_aio": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "auto",
   "io_uring",
   "aio"
  ]
 },
 "innodb_lock_wait_timeout": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "100000000"
 },
 "innodb_log_buffer_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "2097152",
  "max": "2147479552"
 },
 "innodb_log_checkpoint_now": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_log_file_buffering": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_log_file_mmap": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_log_file_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "4194304",
  "max": "18446744073709551615"
 },
 "innodb_log_group_home_dir": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_log_spin_wait_delay": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "6000"
 },
 "innodb_log_write_ahead_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "512",
  "max": "4096"
 },
 "innodb_lru_flush_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "18446744073709551615"
 },
 "innodb_lru_scan_depth": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "100",
  "max": "18446744073709551615"
 },
 "innodb_max_dirty_pages_pct": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "DOUBLE",
  "min": "0",
  "max": "99.999"
 },
 "innodb_max_dirty_pages_pct_lwm": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "DOUBLE",
  "min": "0",
  "max": "99.999"
 },
 "innodb_max_purge_lag": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "innodb_max_purge_lag_delay": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "10000000"
 },
 "innodb_max_purge_lag_wait": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "innodb_max_undo_log_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "10485760",
  "max": "281474976710656"
 },
 "innodb_monitor_disable": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_monitor_enable": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_monitor_reset": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_monitor_reset_all": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_numa_interleave": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_old_blocks_pct": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "5",
  "max": "95"
 },
 "innodb_old_blocks_time": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "innodb_online_alter_log_max_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "65536",
  "max": "18446744073709551615"
 },
 "innodb_open_files": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "9223372036854775807"
 },
 "innodb_optimize_fulltext_only": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_page_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "4096",
  "max": "65536"
 },
 "innodb_prefix_index_cluster_optimization": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_print_all_deadlocks": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_purge_batch_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "5000"
 },
 "innodb_purge_rseg_truncate_frequency": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "128"
 },
 "innodb_purge_threads": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "32"
 },
 "innodb_random_read_ahead": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_read_ahead_threshold": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "64"
 },
 "innodb_read_io_threads": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "64"
 },
 "innodb_read_only": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_read_only_compressed": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_rollback_on_timeout": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_snapshot_isolation": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_sort_buffer_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "65536",
  "max": "67108864"
 },
 "innodb_spin_wait_delay": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "6000"
 },
 "innodb_stats_auto_recalc": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_stats_include_delete_marked": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_stats_method": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "nulls_equal",
   "nulls_unequal",
   "nulls_ignored"
  ]
 },
 "innodb_stats_modified_counter": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "innodb_stats_on_metadata": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_stats_persistent": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_stats_persistent_sample_pages": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "innodb_stats_traditional": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_stats_transient_sample_pages": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "innodb_status_output": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_status_output_locks": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_strict_mode": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_sync_spin_loops": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "innodb_table_locks": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_temp_data_file_path": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_tmpdir": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "VARCHAR"
 },
 "innodb_undo_directory": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "innodb_undo_log_truncate": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_undo_tablespaces": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "127"
 },
 "innodb_use_atomic_writes": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_use_native_aio": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "innodb_write_io_threads": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "2",
  "max": "64"
 },
 "insert_id": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "interactive_timeout": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "31536000"
 },
 "in_predicate_conversion_threshold": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "in_transaction": {
  "readOnly": true,
  "scope": "SESSION ONLY",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "1"
 },
 "join_buffer_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "128",
  "max": "18446744073709551615"
 },
 "join_buffer_space_limit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "2048",
  "max": "18446744073709551615"
 },
 "join_cache_level": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "8"
 },
 "keep_files_on_create": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "key_buffer_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "key_cache_age_threshold": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "100",
  "max": "4294967295"
 },
 "key_cache_block_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "512",
  "max": "16384"
 },
 "key_cache_division_limit": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "100"
 },
 "key_cache_file_hash_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "128",
  "max": "16384"
 },
 "key_cache_segments": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "64"
 },
 "large_files_support": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "large_pages": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "large_page_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "last_gtid": {
  "readOnly": true,
  "scope": "SESSION ONLY",
  "type": "VARCHAR"
 },
 "last_insert_id": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "lc_messages": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM"
 },
 "lc_messages_dir": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "lc_time_names": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM"
 },
 "license": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "local_infile": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "locked_in_memory": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "lock_wait_timeout": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "31536000"
 },
 "log_bin": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "log_bin_basename": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "log_bin_compress": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "log_bin_compress_min_len": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "10",
  "max": "1024"
 },
 "log_bin_index": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "log_bin_trust_function_creators": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "log_disabled_statements": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "SET",
  "enumValues": [
   "slave",
   "sp"
  ]
 },
 "log_error": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "log_output": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "SET",
  "enumValues": [
   "NONE",
   "FILE",
   "TABLE"
  ]
 },
 "log_queries_not_using_indexes": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "log_slave_updates": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "log_slow_admin_statements": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "log_slow_disabled_statements": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "SET",
  "enumValues": [
   "admin",
   "call",
   "slave",
   "sp"
  ]
 },
 "log_slow_filter": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "SET",
  "enumValues": [
   "admin",
   "filesort",
   "filesort_on_disk",
   "filesort_priority_queue",
   "full_join",
   "full_scan",
   "not_using_index",
   "query_cache",
   "query_cache_miss",
   "tmp_table",
   "tmp_table_on_disk"
  ]
 },
 "log_slow_max_warnings": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "1000"
 },
 "log_slow_min_examined_row_limit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "log_slow_query": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "log_slow_query_file": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "log_slow_query_time": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "DOUBLE",
  "min": "0",
  "max": "31536000"
 },
 "log_slow_rate_limit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "log_slow_slave_statements": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "log_slow_verbosity": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "SET",
  "enumValues": [
   "innodb",
   "query_plan",
   "explain",
   "engine",
   "warnings",
   "full"
  ]
 },
 "log_tc_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "12288",
  "max": "18446744073709551615"
 },
 "log_warnings": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "long_query_time": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "DOUBLE",
  "min": "0",
  "max": "31536000"
 },
 "lower_case_file_system": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "lower_case_table_names": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "2"
 },
 "low_priority_updates": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "master_verify_checksum": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "max_allowed_packet": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "1073741824"
 },
 "max_binlog_cache_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "4096",
  "max": "18446744073709551615"
 },
 "max_binlog_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "4096",
  "max": "1073741824"
 },
 "max_binlog_stmt_cache_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "4096",
  "max": "18446744073709551615"
 },
 "max_connections": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "10",
  "max": "100000"
 },
 "max_connect_errors": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "max_delayed_threads": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "16384"
 },
 "max_digest_length": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "1048576"
 },
 "max_error_count": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "65535"
 },
 "max_heap_table_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "16384",
  "max": "18446744073709551615"
 },
 "max_insert_delayed_threads": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "16384"
 },
 "max_join_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "18446744073709551615"
 },
 "max_length_for_sort_data": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "4",
  "max": "8388608"
 },
 "max_password_errors": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "max_prepared_stmt_count": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "max_recursive_iterations": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "max_relay_log_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "4096",
  "max": "1073741824"
 },
 "max_rowid_filter_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "18446744073709551615"
 },
 "max_seeks_for_key": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "max_session_mem_used": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "8192",
  "max": "18446744073709551615"
 },
 "max_sort_length": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "64",
  "max": "8388608"
 },
 "max_sp_recursion_depth": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "255"
 },
 "max_statement_time": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "DOUBLE",
  "min": "0",
  "max": "31536000"
 },
 "max_tmp_tables": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "max_user_connections": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT",
  "min": "-1",
  "max": "2147483647"
 },
 "max_write_lock_count": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "metadata_locks_cache_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "1048576"
 },
 "metadata_locks_hash_instances": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "1024"
 },
 "min_examined_row_limit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "mrr_buffer_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "8192",
  "max": "2147483647"
 },
 "myisam_block_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "16384"
 },
 "myisam_data_pointer_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "2",
  "max": "7"
 },
 "myisam_max_sort_file_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "9223372036854775807"
 },
 "myisam_mmap_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "7",
  "max": "18446744073709551615"
 },
 "myisam_recover_options": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "SET",
  "enumValues": [
   "DEFAULT",
   "BACKUP",
   "FORCE",
   "QUICK",
   "BACKUP_ALL",
   "OFF"
  ]
 },
 "myisam_repair_threads": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "18446744073709551615"
 },
 "myisam_sort_buffer_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "4096",
  "max": "1152921504606846975"
 },
 "myisam_stats_method": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "NULLS_UNEQUAL",
   "NULLS_EQUAL",
   "NULLS_IGNORED"
  ]
 },
 "myisam_use_mmap": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "mysql56_temporal_format": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "net_buffer_length": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "1048576"
 },
 "net_read_timeout": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "31536000"
 },
 "net_retry_count": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "net_write_timeout": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "31536000"
 },
 "note_verbosity": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "SET",
  "enumValues": [
   "basic",
   "unusable_keys",
   "explain"
  ]
 },
 "old": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "old_alter_table": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "DEFAULT",
   "COPY",
   "INPLACE",
   "NOCOPY",
   "INSTANT"
  ]
 },
 "old_mode": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "SET",
  "enumValues": [
   "NO_DUP_KEY_WARNINGS_WITH_IGNORE",
   "NO_PROGRESS_INFO",
   "ZERO_DATE_TIME_CAST",
   "UTF8_IS_UTF8MB3",
   "IGNORE_INDEX_ONLY_FOR_JOIN",
   "COMPAT_5_1_CHECKSUM",
   "NO_NULL_COLLATION_IDS"
  ]
 },
 "old_passwords": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "open_files_limit": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "optimizer_adjust_secondary_key_costs": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "SET",
  "enumValues": [
   "adjust_secondary_key_cost",
   "disable_max_seek",
   "disable_forced_index_in_group_by",
   "fix_innodb_cardinality",
   "fix_reuse_range_for_ref",
   "fix_card_multiplier",
   "fix_derived_table_read_cost",
   "fix_order_by_index_choice"
  ]
 },
 "optimizer_extra_pruning_depth": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "62"
 },
 "optimizer_join_limit_pref_ratio": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "optimizer_max_sel_args": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "optimizer_max_sel_arg_weight": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "optimizer_prune_level": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "2"
 },
 "optimizer_search_depth": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "62"
 },
 "optimizer_selectivity_sampling_limit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "10",
  "max": "4294967295"
 },
 "optimizer_switch": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "FLAGSET",
  "enumValues": [
   "index_merge",
   "index_merge_union",
   "index_merge_sort_union",
   "index_merge_intersection",
   "index_merge_sort_intersection",
   "engine_condition_pushdown",
   "index_condition_pushdown",
   "derived_merge",
   "derived_with_keys",
   "firstmatch",
   "loosescan",
   "materialization",
   "in_to_exists",
   "semijoin",
   "partial_match_rowid_merge",
   "partial_match_table_scan",
   "subquery_cache",
   "mrr",
   "mrr_cost_based",
   "mrr_sort_keys",
   "outer_join_with_cache",
   "semijoin_with_cache",
   "join_cache_incremental",
   "join_cache_hashed",
   "join_cache_bka",
   "optimize_join_buffer_size",
   "table_elimination",
   "extended_keys",
   "exists_to_in",
   "orderby_uses_equalities",
   "condition_pushdown_for_derived",
   "split_materialized",
   "condition_pushdown_for_subquery",
   "rowid_filter",
   "condition_pushdown_from_having",
   "not_null_range_scan",
   "hash_join_cardinality",
   "cset_narrowing",
   "default"
  ]
 },
 "optimizer_trace": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "FLAGSET",
  "enumValues": [
   "enabled",
   "default"
  ]
 },
 "optimizer_trace_max_mem_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "optimizer_use_condition_selectivity": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "5"
 },
 "performance_schema": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "performance_schema_accounts_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_digests_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_events_stages_history_long_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_events_stages_history_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1024"
 },
 "performance_schema_events_statements_history_long_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_events_statements_history_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1024"
 },
 "performance_schema_events_transactions_history_long_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_events_transactions_history_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1024"
 },
 "performance_schema_events_waits_history_long_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_events_waits_history_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1024"
 },
 "performance_schema_hosts_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_max_cond_classes": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "256"
 },
 "performance_schema_max_cond_instances": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_max_digest_length": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "0",
  "max": "1048576"
 },
 "performance_schema_max_file_classes": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "256"
 },
 "performance_schema_max_file_handles": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "1048576"
 },
 "performance_schema_max_file_instances": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_max_index_stat": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_max_memory_classes": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "1024"
 },
 "performance_schema_max_metadata_locks": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "104857600"
 },
 "performance_schema_max_mutex_classes": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "256"
 },
 "performance_schema_max_mutex_instances": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "104857600"
 },
 "performance_schema_max_prepared_statements_instances": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_max_program_instances": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_max_rwlock_classes": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "256"
 },
 "performance_schema_max_rwlock_instances": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "104857600"
 },
 "performance_schema_max_socket_classes": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "256"
 },
 "performance_schema_max_socket_instances": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_max_sql_text_length": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "0",
  "max": "1048576"
 },
 "performance_schema_max_stage_classes": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "256"
 },
 "performance_schema_max_statement_classes": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "256"
 },
 "performance_schema_max_statement_stack": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "256"
 },
 "performance_schema_max_table_handles": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_max_table_instances": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_max_table_lock_stat": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_max_thread_classes": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "256"
 },
 "performance_schema_max_thread_instances": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_session_connect_attrs_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_setup_actors_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1024"
 },
 "performance_schema_setup_objects_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "performance_schema_users_size": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT",
  "min": "-1",
  "max": "1048576"
 },
 "pid_file": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "plugin_dir": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "plugin_maturity": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "unknown",
   "experimental",
   "alpha",
   "beta",
   "gamma",
   "stable"
  ]
 },
 "port": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "65535"
 },
 "preload_buffer_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "1073741824"
 },
 "profiling": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "profiling_history_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "100"
 },
 "progress_report_time": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "protocol_version": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "proxy_protocol_networks": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "proxy_user": {
  "readOnly": true,
  "scope": "SESSION ONLY",
  "type": "VARCHAR"
 },
 "pseudo_slave_mode": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "pseudo_thread_id": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "query_alloc_block_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "4294967295"
 },
 "query_cache_limit": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "query_cache_min_res_unit": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "query_cache_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "query_cache_strip_comments": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "query_cache_type": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "OFF",
   "ON",
   "DEMAND"
  ]
 },
 "query_cache_wlock_invalidate": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "query_prealloc_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "4294967295"
 },
 "rand_seed1": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "rand_seed2": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "range_alloc_block_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "4096",
  "max": "4294967295"
 },
 "read_binlog_speed_limit": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "read_buffer_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "8192",
  "max": "2147483647"
 },
 "read_only": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "read_rnd_buffer_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "2147483647"
 },
 "relay_log": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "relay_log_basename": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "relay_log_index": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "relay_log_info_file": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "relay_log_purge": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "relay_log_recovery": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "relay_log_space_limit": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "replicate_annotate_row_events": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "replicate_do_db": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "replicate_do_table": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "replicate_events_marked_for_skip": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "REPLICATE",
   "FILTER_ON_SLAVE",
   "FILTER_ON_MASTER"
  ]
 },
 "replicate_ignore_db": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "replicate_ignore_table": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "replicate_rewrite_db": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "replicate_wild_do_table": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "replicate_wild_ignore_table": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "report_host": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "report_password": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "report_port": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "report_user": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "require_secure_transport": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "rowid_merge_buff_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "9223372036854775807"
 },
 "rpl_semi_sync_master_enabled": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "rpl_semi_sync_master_timeout": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "rpl_semi_sync_master_trace_level": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "rpl_semi_sync_master_wait_no_slave": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "rpl_semi_sync_master_wait_point": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "AFTER_SYNC",
   "AFTER_COMMIT"
  ]
 },
 "rpl_semi_sync_slave_delay_master": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "rpl_semi_sync_slave_enabled": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "rpl_semi_sync_slave_kill_conn_timeout": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "rpl_semi_sync_slave_trace_level": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "secure_auth": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "secure_file_priv": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "secure_timestamp": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "NO",
   "SUPER",
   "REPLICATION",
   "YES"
  ]
 },
 "server_id": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "server_uid": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "session_track_schema": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "session_track_state_change": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "session_track_system_variables": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "VARCHAR"
 },
 "session_track_transaction_info": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "OFF",
   "STATE",
   "CHARACTERISTICS"
  ]
 },
 "skip_external_locking": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "skip_grant_tables": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "skip_name_resolve": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "skip_networking": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "skip_parallel_replication": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "skip_replication": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "skip_show_database": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "slave_compressed_protocol": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "slave_ddl_exec_mode": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "STRICT",
   "IDEMPOTENT"
  ]
 },
 "slave_domain_parallel_threads": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "16383"
 },
 "slave_exec_mode": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "STRICT",
   "IDEMPOTENT"
  ]
 },
 "slave_load_tmpdir": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "slave_max_allowed_packet": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "1073741824"
 },
 "slave_max_statement_time": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "DOUBLE",
  "min": "0",
  "max": "31536000"
 },
 "slave_net_timeout": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "31536000"
 },
 "slave_parallel_max_queued": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "2147483647"
 },
 "slave_parallel_mode": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "none",
   "minimal",
   "conservative",
   "optimistic",
   "aggressive"
  ]
 },
 "slave_parallel_threads": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "16383"
 },
 "slave_parallel_workers": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "16383"
 },
 "slave_run_triggers_for_rbr": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "NO",
   "YES",
   "LOGGING",
   "ENFORCE"
  ]
 },
 "slave_skip_errors": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "slave_sql_verify_checksum": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "slave_transaction_retries": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "slave_transaction_retry_errors": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "slave_transaction_retry_interval": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "3600"
 },
 "slave_type_conversions": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "SET",
  "enumValues": [
   "ALL_LOSSY",
   "ALL_NON_LOSSY"
  ]
 },
 "slow_launch_time": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "31536000"
 },
 "slow_query_log": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "slow_query_log_file": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "socket": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "sort_buffer_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "18446744073709551615"
 },
 "sql_auto_is_null": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "sql_big_selects": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "sql_buffer_result": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "sql_if_exists": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "sql_log_bin": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "sql_log_off": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "sql_mode": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "SET",
  "enumValues": [
   "REAL_AS_FLOAT",
   "PIPES_AS_CONCAT",
   "ANSI_QUOTES",
   "IGNORE_SPACE",
   "IGNORE_BAD_TABLE_OPTIONS",
   "ONLY_FULL_GROUP_BY",
   "NO_UNSIGNED_SUBTRACTION",
   "NO_DIR_IN_CREATE",
   "POSTGRESQL",
   "ORACLE",
   "MSSQL",
   "DB2",
   "MAXDB",
   "NO_KEY_OPTIONS",
   "NO_TABLE_OPTIONS",
   "NO_FIELD_OPTIONS",
   "MYSQL323",
   "MYSQL40",
   "ANSI",
   "NO_AUTO_VALUE_ON_ZERO",
   "NO_BACKSLASH_ESCAPES",
   "STRICT_TRANS_TABLES",
   "STRICT_ALL_TABLES",
   "NO_ZERO_IN_DATE",
   "NO_ZERO_DATE",
   "ALLOW_INVALID_DATES",
   "ERROR_FOR_DIVISION_BY_ZERO",
   "TRADITIONAL",
   "NO_AUTO_CREATE_USER",
   "HIGH_NOT_PRECEDENCE",
   "NO_ENGINE_SUBSTITUTION",
   "PAD_CHAR_TO_FULL_LENGTH",
   "EMPTY_STRING_IS_NULL",
   "SIMULTANEOUS_ASSIGNMENT",
   "TIME_ROUND_FRACTIONAL"
  ]
 },
 "sql_notes": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "sql_quote_show_create": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "sql_safe_updates": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "sql_select_limit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "sql_slave_skip_counter": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "sql_warnings": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "ssl_ca": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "ssl_capath": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "ssl_cert": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "ssl_cipher": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "ssl_crl": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "ssl_crlpath": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "ssl_key": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "standard_compliant_cte": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "storage_engine": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "VARCHAR"
 },
 "stored_program_cache": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "524288"
 },
 "strict_password_validation": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "sync_binlog": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "sync_frm": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "sync_master_info": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "sync_relay_log": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "sync_relay_log_info": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "system_time_zone": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "system_versioning_alter_history": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "ERROR",
   "KEEP"
  ]
 },
 "system_versioning_asof": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "VARCHAR"
 },
 "system_versioning_insert_history": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "table_definition_cache": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "400",
  "max": "2097152"
 },
 "table_open_cache": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "10",
  "max": "1048576"
 },
 "table_open_cache_instances": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "64"
 },
 "tcp_keepalive_interval": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT",
  "min": "0",
  "max": "2147483"
 },
 "tcp_keepalive_probes": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT",
  "min": "0",
  "max": "2147483"
 },
 "tcp_keepalive_time": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT",
  "min": "0",
  "max": "2147483"
 },
 "tcp_nodelay": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "thread_cache_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "16384"
 },
 "thread_handling": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "one-thread-per-connection",
   "no-threads",
   "pool-of-threads"
  ]
 },
 "thread_pool_dedicated_listener": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "thread_pool_exact_stats": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "thread_pool_idle_timeout": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "thread_pool_max_threads": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "65536"
 },
 "thread_pool_oversubscribe": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "1000"
 },
 "thread_pool_priority": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "high",
   "low",
   "auto"
  ]
 },
 "thread_pool_prio_kickup_timer": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "thread_pool_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "100000"
 },
 "thread_pool_stall_limit": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "1",
  "max": "4294967295"
 },
 "thread_stack": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "131072",
  "max": "18446744073709551615"
 },
 "timestamp": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "DOUBLE",
  "min": "0",
  "max": "2147483647"
 },
 "time_format": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "time_zone": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "VARCHAR"
 },
 "tls_version": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "SET",
  "enumValues": [
   "TLSv1.0",
   "TLSv1.1",
   "TLSv1.2",
   "TLSv1.3"
  ]
 },
 "tmpdir": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "tmp_disk_table_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "18446744073709551615"
 },
 "tmp_memory_table_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "tmp_table_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "transaction_alloc_block_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "134217728"
 },
 "transaction_prealloc_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "134217728"
 },
 "tx_isolation": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "READ-UNCOMMITTED",
   "READ-COMMITTED",
   "REPEATABLE-READ",
   "SERIALIZABLE"
  ]
 },
 "tx_read_only": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "unique_checks": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "updatable_views_with_limit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "NO",
   "YES"
  ]
 },
 "userstat": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "use_stat_tables": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "NEVER",
   "COMPLEMENTARY",
   "PREFERABLY",
   "COMPLEMENTARY_FOR_QUERIES",
   "PREFERABLY_FOR_QUERIES"
  ]
 },
 "version": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "version_comment": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "version_compile_machine": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "version_compile_os": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "version_malloc_library": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "version_source_revision": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "version_ssl_library": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wait_timeout": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "31536000"
 },
 "warning_count": {
  "readOnly": true,
  "scope": "SESSION ONLY",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "wsrep_allowlist": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_auto_increment_control": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_causal_reads": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_certification_rules": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "strict",
   "optimized"
  ]
 },
 "wsrep_certify_nonpk": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_cluster_address": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_cluster_name": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_convert_lock_to_trx": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_data_home_dir": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_dbug_option": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_debug": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "NONE",
   "SERVER",
   "TRANSACTION",
   "STREAMING",
   "CLIENT"
  ]
 },
 "wsrep_desync": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_dirty_reads": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_drupal_282555_workaround": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_forced_binlog_format": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "MIXED",
   "STATEMENT",
   "ROW",
   "NONE"
  ]
 },
 "wsrep_gtid_domain_id": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "4294967295"
 },
 "wsrep_gtid_mode": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_gtid_seq_no": {
  "readOnly": false,
  "scope": "SESSION ONLY",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "18446744073709551615"
 },
 "wsrep_ignore_apply_errors": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "7"
 },
 "wsrep_load_data_splitting": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_log_conflicts": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_max_ws_rows": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "1048576"
 },
 "wsrep_max_ws_size": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1024",
  "max": "2147483647"
 },
 "wsrep_mode": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "SET",
  "enumValues": [
   "STRICT_REPLICATION",
   "BINLOG_ROW_FORMAT_ONLY",
   "REQUIRED_PRIMARY_KEY",
   "REPLICATE_MYISAM",
   "REPLICATE_ARIA",
   "DISALLOW_LOCAL_GTID",
   "BF_ABORT_MARIABACKUP"
  ]
 },
 "wsrep_mysql_replication_bundle": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "1000"
 },
 "wsrep_node_address": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_node_incoming_address": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_node_name": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_notify_cmd": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_on": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_osu_method": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "TOI",
   "RSU"
  ]
 },
 "wsrep_patch_version": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_provider": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_provider_options": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_recover": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_reject_queries": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "NONE",
   "ALL",
   "ALL_KILL"
  ]
 },
 "wsrep_restart_slave": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_retry_autocommit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "10000"
 },
 "wsrep_slave_fk_checks": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_slave_threads": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BIGINT UNSIGNED",
  "min": "1",
  "max": "512"
 },
 "wsrep_slave_uk_checks": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_sr_store": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "ENUM",
  "enumValues": [
   "none",
   "table"
  ]
 },
 "wsrep_sst_auth": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_sst_donor": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_sst_donor_rejects_queries": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "BOOLEAN",
  "enumValues": [
   "OFF",
   "ON"
  ]
 },
 "wsrep_sst_method": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_sst_receive_address": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_start_position": {
  "readOnly": false,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_status_file": {
  "readOnly": true,
  "scope": "GLOBAL",
  "type": "VARCHAR"
 },
 "wsrep_sync_wait": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "INT UNSIGNED",
  "min": "0",
  "max": "15"
 },
 "wsrep_trx_fragment_size": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "BIGINT UNSIGNED",
  "min": "0",
  "max": "2147483647"
 },
 "wsrep_trx_fragment_unit": {
  "readOnly": false,
  "scope": "SESSION",
  "type": "ENUM",
  "enumValues": [
   "bytes",
   "rows",
   "statements"
  ]
 }
};
/** @internal */
export const MARIADB_OPTIONS: readonly string[] = [
 "allow_suspicious_udfs",
 "alter_algorithm",
 "analyze_max_length",
 "analyze_sample_percentage",
 "ansi",
 "aria_block_size",
 "aria_checkpoint_interval",
 "aria_checkpoint_log_activity",
 "aria_encrypt_tables",
 "aria_force_start_after_recovery_failures",
 "aria_group_commit",
 "aria_group_commit_interval",
 "aria_log_dir_path",
 "aria_log_file_size",
 "aria_log_purge_type",
 "aria_max_sort_file_size",
 "aria_page_checksum",
 "aria_pagecache_age_threshold",
 "aria_pagecache_buffer_size",
 "aria_pagecache_division_limit",
 "aria_pagecache_file_hash_size",
 "aria_recover_options",
 "aria_repair_threads",
 "aria_sort_buffer_size",
 "aria_stats_method",
 "aria_sync_log_dir",
 "auto_increment_increment",
 "auto_increment_offset",
 "autocommit",
 "automatic_sp_privileges",
 "back_log",
 "basedir",
 "big_tables",
 "bind_address",
 "binlog_alter_two_phase",
 "binlog_annotate_row_events",
 "binlog_cache_size",
 "binlog_checksum",
 "binlog_commit_wait_count",
 "binlog_commit_wait_usec",
 "binlog_direct_non_transactional_updates",
 "binlog_do_db",
 "binlog_expire_logs_seconds",
 "binlog_file_cache_size",
 "binlog_format",
 "binlog_ignore_db",
 "binlog_optimize_thread_scheduling",
 "binlog_row_event_max_size",
 "binlog_row_image",
 "binlog_row_metadata",
 "binlog_stmt_cache_size",
 "bootstrap",
 "bulk_insert_buffer_size",
 "character_set_client_handshake",
 "character_set_filesystem",
 "character_set_server",
 "character_sets_dir",
 "chroot",
 "collation_server",
 "column_compression_threshold",
 "column_compression_zlib_level",
 "column_compression_zlib_strategy",
 "column_compression_zlib_wrap",
 "completion_type",
 "concurrent_insert",
 "connect_timeout",
 "console",
 "core_file",
 "datadir",
 "date_format",
 "datetime_format",
 "deadlock_search_depth_long",
 "deadlock_search_depth_short",
 "deadlock_timeout_long",
 "deadlock_timeout_short",
 "debug",
 "debug_abort_slave_event_count",
 "debug_disconnect_slave_event_count",
 "debug_exit_info",
 "debug_gdb",
 "debug_max_binlog_dump_events",
 "debug_no_sync",
 "debug_no_thread_alarm",
 "debug_sporadic_binlog_dump_fail",
 "default_password_lifetime",
 "default_regex_flags",
 "default_storage_engine",
 "default_time_zone",
 "default_tmp_storage_engine",
 "default_week_format",
 "delay_key_write",
 "delayed_insert_limit",
 "delayed_insert_timeout",
 "delayed_queue_size",
 "des_key_file",
 "disconnect_on_expired_password",
 "div_precision_increment",
 "encrypt_binlog",
 "encrypt_tmp_disk_tables",
 "encrypt_tmp_files",
 "enforce_storage_engine",
 "eq_range_index_dive_limit",
 "event_scheduler",
 "expensive_subquery_limit",
 "expire_logs_days",
 "explicit_defaults_for_timestamp",
 "external_locking",
 "extra_max_connections",
 "extra_port",
 "feedback",
 "feedback_http_proxy",
 "feedback_send_retry_wait",
 "feedback_send_timeout",
 "feedback_url",
 "feedback_user_info",
 "flashback",
 "flush",
 "flush_time",
 "ft_boolean_syntax",
 "ft_max_word_len",
 "ft_min_word_len",
 "ft_query_expansion_limit",
 "ft_stopword_file",
 "gdb",
 "general_log",
 "general_log_file",
 "getopt_prefix_matching",
 "group_concat_max_len",
 "gtid_cleanup_batch_size",
 "gtid_domain_id",
 "gtid_ignore_duplicates",
 "gtid_pos_auto_engines",
 "gtid_strict_mode",
 "help",
 "histogram_size",
 "histogram_type",
 "host_cache_size",
 "idle_readonly_transaction_timeout",
 "idle_transaction_timeout",
 "idle_write_transaction_timeout",
 "ignore_builtin_innodb",
 "ignore_db_dirs",
 "in_predicate_conversion_threshold",
 "init_connect",
 "init_file",
 "init_rpl_role",
 "init_slave",
 "innodb",
 "innodb_adaptive_flushing",
 "innodb_adaptive_flushing_lwm",
 "innodb_adaptive_hash_index",
 "innodb_adaptive_hash_index_parts",
 "innodb_alter_copy_bulk",
 "innodb_autoextend_increment",
 "innodb_autoinc_lock_mode",
 "innodb_buf_dump_status_frequency",
 "innodb_buffer_page",
 "innodb_buffer_page_lru",
 "innodb_buffer_pool_chunk_size",
 "innodb_buffer_pool_dump_at_shutdown",
 "innodb_buffer_pool_dump_now",
 "innodb_buffer_pool_dump_pct",
 "innodb_buffer_pool_filename",
 "innodb_buffer_pool_in_core_dump",
 "innodb_buffer_pool_load_abort",
 "innodb_buffer_pool_load_at_startup",
 "innodb_buffer_pool_load_now",
 "innodb_buffer_pool_size",
 "innodb_buffer_pool_size_auto_min",
 "innodb_buffer_pool_size_max",
 "innodb_buffer_pool_stats",
 "innodb_change_buffer_max_size",
 "innodb_change_buffering",
 "innodb_checksum_algorithm",
 "innodb_cmp",
 "innodb_cmp_per_index",
 "innodb_cmp_per_index_enabled",
 "innodb_cmp_per_index_reset",
 "innodb_cmp_reset",
 "innodb_cmpmem",
 "innodb_cmpmem_reset",
 "innodb_compression_algorithm",
 "innodb_compression_default",
 "innodb_compression_failure_threshold_pct",
 "innodb_compression_level",
 "innodb_compression_pad_pct_max",
 "innodb_data_file_path",
 "innodb_data_home_dir",
 "innodb_deadlock_detect",
 "innodb_deadlock_report",
 "innodb_default_encryption_key_id",
 "innodb_default_row_format",
 "innodb_defragment",
 "innodb_defragment_fill_factor",
 "innodb_defragment_fill_factor_n_recs",
 "innodb_defragment_frequency",
 "innodb_defragment_n_pages",
 "innodb_defragment_stats_accuracy",
 "innodb_disable_sort_file_cache",
 "innodb_doublewrite",
 "innodb_encrypt_log",
 "innodb_encrypt_tables",
 "innodb_encrypt_temporary_tables",
 "innodb_encryption_rotate_key_age",
 "innodb_encryption_rotation_iops",
 "innodb_encryption_threads",
 "innodb_fast_shutdown",
 "innodb_fatal_semaphore_wait_threshold",
 "innodb_file_per_table",
 "innodb_fill_factor",
 "innodb_flush_log_at_timeout",
 "innodb_flush_log_at_trx_commit",
 "innodb_flush_method",
 "innodb_flush_neighbors",
 "innodb_flush_sync",
 "innodb_flushing_avg_loops",
 "innodb_force_primary_key",
 "innodb_force_recovery",
 "innodb_ft_aux_table",
 "innodb_ft_being_deleted",
 "innodb_ft_cache_size",
 "innodb_ft_config",
 "innodb_ft_default_stopword",
 "innodb_ft_deleted",
 "innodb_ft_enable_diag_print",
 "innodb_ft_enable_stopword",
 "innodb_ft_index_cache",
 "innodb_ft_index_table",
 "innodb_ft_max_token_size",
 "innodb_ft_min_token_size",
 "innodb_ft_num_word_optimize",
 "innodb_ft_result_cache_limit",
 "innodb_ft_server_stopword_table",
 "innodb_ft_sort_pll_degree",
 "innodb_ft_total_cache_size",
 "innodb_ft_user_stopword_table",
 "innodb_immediate_scrub_data_uncompressed",
 "innodb_instant_alter_column_allowed",
 "innodb_io_capacity",
 "innodb_io_capacity_max",
 "innodb_linux_aio",
 "innodb_lock_wait_timeout",
 "innodb_lock_waits",
 "innodb_locks",
 "innodb_log_buffer_size",
 "innodb_log_checkpoint_now",
 "innodb_log_file_buffering",
 "innodb_log_file_mmap",
 "innodb_log_file_size",
 "innodb_log_group_home_dir",
 "innodb_log_spin_wait_delay",
 "innodb_log_write_ahead_size",
 "innodb_lru_scan_depth",
 "innodb_max_dirty_pages_pct",
 "innodb_max_dirty_pages_pct_lwm",
 "innodb_max_purge_lag",
 "innodb_max_purge_lag_delay",
 "innodb_max_purge_lag_wait",
 "innodb_max_undo_log_size",
 "innodb_metrics",
 "innodb_monitor_disable",
 "innodb_monitor_enable",
 "innodb_monitor_reset",
 "innodb_monitor_reset_all",
 "innodb_numa_interleave",
 "innodb_old_blocks_pct",
 "innodb_old_blocks_time",
 "innodb_online_alter_log_max_size",
 "innodb_open_files",
 "innodb_optimize_fulltext_only",
 "innodb_page_size",
 "innodb_prefix_index_cluster_optimization",
 "innodb_print_all_deadlocks",
 "innodb_purge_batch_size",
 "innodb_purge_threads",
 "innodb_random_read_ahead",
 "innodb_read_ahead_threshold",
 "innodb_read_io_threads",
 "innodb_read_only",
 "innodb_read_only_compressed",
 "innodb_rollback_on_timeout",
 "innodb_snapshot_isolation",
 "innodb_sort_buffer_size",
 "innodb_spin_wait_delay",
 "innodb_stats_auto_recalc",
 "innodb_stats_include_delete_marked",
 "innodb_stats_method",
 "innodb_stats_modified_counter",
 "innodb_stats_on_metadata",
 "innodb_stats_persistent",
 "innodb_stats_persistent_sample_pages",
 "innodb_stats_traditional",
 "innodb_stats_transient_sample_pages",
 "innodb_status_file",
 "innodb_status_output",
 "innodb_status_output_locks",
 "innodb_strict_mode",
 "innodb_sync_spin_loops",
 "innodb_sys_columns",
 "innodb_sys_fields",
 "innodb_sys_foreign",
 "innodb_sys_foreign_cols",
 "innodb_sys_indexes",
 "innodb_sys_tables",
 "innodb_sys_tablespaces",
 "innodb_sys_tablestats",
 "innodb_sys_virtual",
 "innodb_table_locks",
 "innodb_tablespaces_encryption",
 "innodb_temp_data_file_path",
 "innodb_tmpdir",
 "innodb_trx",
 "innodb_undo_directory",
 "innodb_undo_log_truncate",
 "innodb_undo_tablespaces",
 "innodb_use_atomic_writes",
 "innodb_use_native_aio",
 "innodb_write_io_threads",
 "interactive_timeout",
 "join_buffer_size",
 "join_buffer_space_limit",
 "join_cache_level",
 "keep_files_on_create",
 "key_buffer_size",
 "key_cache_age_threshold",
 "key_cache_block_size",
 "key_cache_division_limit",
 "key_cache_file_hash_size",
 "key_cache_segments",
 "language",
 "large_pages",
 "lc_messages",
 "lc_messages_dir",
 "lc_time_names",
 "local_infile",
 "lock_wait_timeout",
 "log_basename",
 "log_bin",
 "log_bin_compress",
 "log_bin_compress_min_len",
 "log_bin_index",
 "log_bin_trust_function_creators",
 "log_ddl_recovery",
 "log_disabled_statements",
 "log_error",
 "log_isam",
 "log_output",
 "log_queries_not_using_indexes",
 "log_short_format",
 "log_slave_updates",
 "log_slow_admin_statements",
 "log_slow_disabled_statements",
 "log_slow_filter",
 "log_slow_max_warnings",
 "log_slow_min_examined_row_limit",
 "log_slow_query",
 "log_slow_query_file",
 "log_slow_query_time",
 "log_slow_rate_limit",
 "log_slow_slave_statements",
 "log_slow_verbosity",
 "log_tc",
 "log_tc_size",
 "log_warnings",
 "long_query_time",
 "low_priority_updates",
 "lower_case_table_names",
 "master_info_file",
 "master_retry_count",
 "master_verify_checksum",
 "max_allowed_packet",
 "max_binlog_cache_size",
 "max_binlog_size",
 "max_binlog_stmt_cache_size",
 "max_connect_errors",
 "max_connections",
 "max_delayed_threads",
 "max_digest_length",
 "max_error_count",
 "max_heap_table_size",
 "max_join_size",
 "max_length_for_sort_data",
 "max_password_errors",
 "max_prepared_stmt_count",
 "max_recursive_iterations",
 "max_relay_log_size",
 "max_rowid_filter_size",
 "max_seeks_for_key",
 "max_session_mem_used",
 "max_sort_length",
 "max_sp_recursion_depth",
 "max_statement_time",
 "max_tmp_tables",
 "max_user_connections",
 "max_write_lock_count",
 "memlock",
 "metadata_locks_cache_size",
 "metadata_locks_hash_instances",
 "min_examined_row_limit",
 "mrr_buffer_size",
 "myisam_block_size",
 "myisam_data_pointer_size",
 "myisam_max_sort_file_size",
 "myisam_mmap_size",
 "myisam_recover_options",
 "myisam_repair_threads",
 "myisam_sort_buffer_size",
 "myisam_stats_method",
 "myisam_use_mmap",
 "mysql56_temporal_format",
 "net_buffer_length",
 "net_read_timeout",
 "net_retry_count",
 "net_write_timeout",
 "note_verbosity",
 "old",
 "old_alter_table",
 "old_mode",
 "old_passwords",
 "old_style_user_limits",
 "open_files_limit",
 "optimizer_adjust_secondary_key_costs",
 "optimizer_extra_pruning_depth",
 "optimizer_join_limit_pref_ratio",
 "optimizer_max_sel_arg_weight",
 "optimizer_max_sel_args",
 "optimizer_prune_level",
 "optimizer_search_depth",
 "optimizer_selectivity_sampling_limit",
 "optimizer_switch",
 "optimizer_trace",
 "optimizer_trace_max_mem_size",
 "optimizer_use_condition_selectivity",
 "partition",
 "performance_schema",
 "performance_schema_accounts_size",
 "performance_schema_consumer_events_stages_current",
 "performance_schema_consumer_events_stages_history",
 "performance_schema_consumer_events_stages_history_long",
 "performance_schema_consumer_events_statements_current",
 "performance_schema_consumer_events_statements_history",
 "performance_schema_consumer_events_statements_history_long",
 "performance_schema_consumer_events_transactions_current",
 "performance_schema_consumer_events_transactions_history",
 "performance_schema_consumer_events_transactions_history_long",
 "performance_schema_consumer_events_waits_current",
 "performance_schema_consumer_events_waits_history",
 "performance_schema_consumer_events_waits_history_long",
 "performance_schema_consumer_global_instrumentation",
 "performance_schema_consumer_statements_digest",
 "performance_schema_consumer_thread_instrumentation",
 "performance_schema_digests_size",
 "performance_schema_events_stages_history_long_size",
 "performance_schema_events_stages_history_size",
 "performance_schema_events_statements_history_long_size",
 "performance_schema_events_statements_history_size",
 "performance_schema_events_transactions_history_long_size",
 "performance_schema_events_transactions_history_size",
 "performance_schema_events_waits_history_long_size",
 "performance_schema_events_waits_history_size",
 "performance_schema_hosts_size",
 "performance_schema_instrument",
 "performance_schema_max_cond_classes",
 "performance_schema_max_cond_instances",
 "performance_schema_max_digest_length",
 "performance_schema_max_file_classes",
 "performance_schema_max_file_handles",
 "performance_schema_max_file_instances",
 "performance_schema_max_index_stat",
 "performance_schema_max_memory_classes",
 "performance_schema_max_metadata_locks",
 "performance_schema_max_mutex_classes",
 "performance_schema_max_mutex_instances",
 "performance_schema_max_prepared_statements_instances",
 "performance_schema_max_program_instances",
 "performance_schema_max_rwlock_classes",
 "performance_schema_max_rwlock_instances",
 "performance_schema_max_socket_classes",
 "performance_schema_max_socket_instances",
 "performance_schema_max_sql_text_length",
 "performance_schema_max_stage_classes",
 "performance_schema_max_statement_classes",
 "performance_schema_max_statement_stack",
 "performance_schema_max_table_handles",
 "performance_schema_max_table_instances",
 "performance_schema_max_table_lock_stat",
 "performance_schema_max_thread_classes",
 "performance_schema_max_thread_instances",
 "performance_schema_session_connect_attrs_size",
 "performance_schema_setup_actors_size",
 "performance_schema_setup_objects_size",
 "performance_schema_users_size",
 "pid_file",
 "plugin_dir",
 "plugin_load",
 "plugin_load_add",
 "plugin_maturity",
 "port",
 "port_open_timeout",
 "preload_buffer_size",
 "profiling_history_size",
 "progress_report_time",
 "proxy_protocol_networks",
 "query_alloc_block_size",
 "query_cache_limit",
 "query_cache_min_res_unit",
 "query_cache_size",
 "query_cache_strip_comments",
 "query_cache_type",
 "query_cache_wlock_invalidate",
 "query_prealloc_size",
 "range_alloc_block_size",
 "read_binlog_speed_limit",
 "read_buffer_size",
 "read_only",
 "read_rnd_buffer_size",
 "relay_log",
 "relay_log_index",
 "relay_log_info_file",
 "relay_log_purge",
 "relay_log_recovery",
 "relay_log_space_limit",
 "replicate_annotate_row_events",
 "replicate_do_db",
 "replicate_do_table",
 "replicate_events_marked_for_skip",
 "replicate_ignore_db",
 "replicate_ignore_table",
 "replicate_rewrite_db",
 "replicate_same_server_id",
 "replicate_wild_do_table",
 "replicate_wild_ignore_table",
 "report_host",
 "report_password",
 "report_port",
 "report_user",
 "require_secure_transport",
 "rowid_merge_buff_size",
 "rpl_semi_sync_master_enabled",
 "rpl_semi_sync_master_timeout",
 "rpl_semi_sync_master_trace_level",
 "rpl_semi_sync_master_wait_no_slave",
 "rpl_semi_sync_master_wait_point",
 "rpl_semi_sync_slave_delay_master",
 "rpl_semi_sync_slave_enabled",
 "rpl_semi_sync_slave_kill_conn_timeout",
 "rpl_semi_sync_slave_trace_level",
 "safe_mode",
 "safe_user_create",
 "secure_auth",
 "secure_file_priv",
 "secure_timestamp",
 "sequence",
 "server_id",
 "session_track_schema",
 "session_track_state_change",
 "session_track_system_variables",
 "session_track_transaction_info",
 "show_slave_auth_info",
 "silent_startup",
 "skip_grant_tables",
 "skip_host_cache",
 "skip_name_resolve",
 "skip_networking",
 "skip_show_database",
 "skip_slave_start",
 "slave_compressed_protocol",
 "slave_ddl_exec_mode",
 "slave_domain_parallel_threads",
 "slave_exec_mode",
 "slave_load_tmpdir",
 "slave_max_allowed_packet",
 "slave_max_statement_time",
 "slave_net_timeout",
 "slave_parallel_max_queued",
 "slave_parallel_mode",
 "slave_parallel_threads",
 "slave_parallel_workers",
 "slave_run_triggers_for_rbr",
 "slave_skip_errors",
 "slave_sql_verify_checksum",
 "slave_transaction_retries",
 "slave_transaction_retry_errors",
 "slave_transaction_retry_interval",
 "slave_type_conversions",
 "slow_launch_time",
 "slow_query_log",
 "slow_query_log_file",
 "socket",
 "sort_buffer_size",
 "sql_mode",
 "sql_safe_updates",
 "ssl",
 "ssl_ca",
 "ssl_capath",
 "ssl_cert",
 "ssl_cipher",
 "ssl_crl",
 "ssl_crlpath",
 "ssl_key",
 "stack_trace",
 "standard_compliant_cte",
 "stored_program_cache",
 "strict_password_validation",
 "symbolic_links",
 "sync_binlog",
 "sync_frm",
 "sync_master_info",
 "sync_relay_log",
 "sync_relay_log_info",
 "sysdate_is_now",
 "system_versioning_alter_history",
 "system_versioning_insert_history",
 "table_cache",
 "table_definition_cache",
 "table_open_cache",
 "table_open_cache_instances",
 "tc_heuristic_recover",
 "tcp_keepalive_interval",
 "tcp_keepalive_probes",
 "tcp_keepalive_time",
 "tcp_nodelay",
 "temp_pool",
 "thread_cache_size",
 "thread_handling",
 "thread_pool_dedicated_listener",
 "thread_pool_exact_stats",
 "thread_pool_groups",
 "thread_pool_idle_timeout",
 "thread_pool_max_threads",
 "thread_pool_oversubscribe",
 "thread_pool_prio_kickup_timer",
 "thread_pool_priority",
 "thread_pool_queues",
 "thread_pool_size",
 "thread_pool_stall_limit",
 "thread_pool_stats",
 "thread_pool_waits",
 "thread_stack",
 "time_format",
 "tls_version",
 "tmp_disk_table_size",
 "tmp_memory_table_size",
 "tmp_table_size",
 "tmpdir",
 "transaction_alloc_block_size",
 "transaction_isolation",
 "transaction_prealloc_size",
 "transaction_read_only",
 "unix_socket",
 "updatable_views_with_limit",
 "use_stat_tables",
 "user",
 "user_variables",
 "userstat",
 "verbose",
 "version",
 "wait_timeout",
 "wsrep_allowlist",
 "wsrep_auto_increment_control",
 "wsrep_causal_reads",
 "wsrep_certification_rules",
 "wsrep_certify_nonpk",
 "wsrep_cluster_address",
 "wsrep_cluster_name",
 "wsrep_convert_lock_to_trx",
 "wsrep_data_home_dir",
 "wsrep_dbug_option",
 "wsrep_debug",
 "wsrep_desync",
 "wsrep_dirty_reads",
 "wsrep_drupal_282555_workaround",
 "wsrep_forced_binlog_format",
 "wsrep_gtid_domain_id",
 "wsrep_gtid_mode",
 "wsrep_ignore_apply_errors",
 "wsrep_load_data_splitting",
 "wsrep_log_conflicts",
 "wsrep_max_ws_rows",
 "wsrep_max_ws_size",
 "wsrep_mode",
 "wsrep_mysql_replication_bundle",
 "wsrep_new_cluster",
 "wsrep_node_address",
 "wsrep_node_incoming_address",
 "wsrep_node_name",
 "wsrep_notify_cmd",
 "wsrep_on",
 "wsrep_osu_method",
 "wsrep_provider",
 "wsrep_provider_options",
 "wsrep_recover",
 "wsrep_reject_queries",
 "wsrep_restart_slave",
 "wsrep_retry_autocommit",
 "wsrep_slave_fk_checks",
 "wsrep_slave_threads",
 "wsrep_slave_uk_checks",
 "wsrep_sr_store",
 "wsrep_sst_auth",
 "wsrep_sst_donor",
 "wsrep_sst_donor_rejects_queries",
 "wsrep_sst_method",
 "wsrep_sst_receive_address",
 "wsrep_start_position",
 "wsrep_status_file",
 "wsrep_sync_wait",
 "wsrep_trx_fragment_size",
 "wsrep_trx_fragment_unit"
];
