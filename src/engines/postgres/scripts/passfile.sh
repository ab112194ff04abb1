# cdk8s-db PostgreSQL: the libpq passfile the standbys use for the replication user.
# Sourced by bootstrap.sh and run.sh (not run on its own). Needs PG_PASSFILE, REPLICATION_USER
# and REPLICATION_PASSWORD when write_passfile is called; the password never reaches a command line.

# libpq passfile line: ':' and '\' in a field are escaped with '\'.
passfile_escape() {
  _in=$1 _out=
  while [ -n "$_in" ]; do
    _rest=${_in#?}
    _c=${_in%"$_rest"}
    case $_c in
      "\\" | :) _out="$_out\\$_c" ;;
      *) _out="$_out$_c" ;;
    esac
    _in=$_rest
  done
  printf '%s' "$_out"
}

# write_passfile: replaces PG_PASSFILE atomically with a 0600 file for the replication user.
write_passfile() {
  _tmp="$PG_PASSFILE.tmp.$$"
  (
    umask 077
    printf '*:*:*:%s:%s\n' "$(passfile_escape "$REPLICATION_USER")" "$(passfile_escape "$REPLICATION_PASSWORD")" >"$_tmp"
  )
  chmod 0600 "$_tmp"
  mv -f "$_tmp" "$PG_PASSFILE"
}
