#!/usr/bin/env bash
# Sets up Vault's database secrets engine for the service's dynamic PostgreSQL
# credentials: the engine, the connection, and a role whose users all act as
# one group role that owns the schema. Idempotent. Run with --help for usage.
# Never prints a password or the token.
set -euo pipefail

LS_PROG=setup-database.sh
LS_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$LS_DIR/lib.sh"

usage() {
  cat <<'EOF'
Usage: setup-database.sh [--rotate-root] [--print-statements]
       setup-database.sh --help

Dynamic PostgreSQL credentials for the service (DB_CREDENTIALS=vault). With an
admin Vault token, and safe to run again (every step converges):
  1. enables the database secrets engine at $VAULT_DB_MOUNT/ unless it is;
  2. writes the connection $VAULT_DB_CONNECTION: PostgreSQL at
     $DB_HOST:$DB_PORT/$DB_NAME, as $DB_ADMIN_USER, allowed for the one role;
  3. writes the role $VAULT_DB_ROLE: creation and revocation statements (below),
     default_ttl $DB_DEFAULT_TTL, max_ttl $DB_MAX_TTL.

The group role pattern. Every user Vault creates is a member of one group role
($DB_OWNER_ROLE, NOLOGIN) and has it as its session role (ALTER ROLE ... SET
role), so every table the service creates belongs to the group role, never to
a dynamic user. Revoking a user (DROP ROLE) then never fails on objects it
owns, and the next user sees the same tables. The creation statements create
the group role and its schema (live_secrets) if they are missing, so there is
nothing to run in psql first. The revocation statements end the old user's
sessions before dropping it: a connection still open after its lease ends is
closed, not left running with rights that were revoked.

Then give the service's policy read on $VAULT_DB_MOUNT/creds/$VAULT_DB_ROLE and
update on sys/leases/renew and sys/leases/revoke: setup-approle.sh adds these
lines when run with DB_CREDENTIALS=vault (and the same VAULT_DB_MOUNT and
VAULT_DB_ROLE).

Options:
  --rotate-root       have Vault rotate $DB_ADMIN_USER's password afterwards, so
                      only Vault knows it (production; dev mode and the tests
                      keep it)
  --print-statements  print the creation and revocation statements and exit
  -h, --help          show this help

Environment:
  VAULT_ADDR, VAULT_TOKEN  required; an admin token (BAO_ADDR/BAO_TOKEN if unset)
  VAULT_DB_MOUNT           engine mount, default: database
  VAULT_DB_ROLE            role the service reads, default: live-secrets
  VAULT_DB_CONNECTION      connection name, default: live-secrets
  DB_HOST, DB_NAME         required: the server and database
  DB_PORT                  default: 5432
  DB_SSLMODE               sslmode of Vault's connection, default: prefer
  DB_ADMIN_USER            required: a user that may create roles (a superuser,
                           or CREATEROLE and a member of the group role)
  DB_ADMIN_PASSWORD        its password, from the environment only (or
  DB_ADMIN_PASSWORD_FILE   a file holding it); sent to the CLI on stdin
  DB_OWNER_ROLE            the group role, default: live_secrets_owner
  DB_DEFAULT_TTL           lease TTL of new credentials, default: 1h
  DB_MAX_TTL               longest a lease can be renewed to, default: 24h
  VAULT_CLI                CLI to use; default: `vault` on PATH, else `bao`
EOF
}

rotate_root=0
print_statements=0
while (($#)); do
  case "$1" in
    --rotate-root) rotate_root=1 ;;
    --print-statements) print_statements=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; ls_die "unknown argument '$1'" ;;
  esac
  shift
done

db_mount=${VAULT_DB_MOUNT:-database}
while [[ "$db_mount" == /* ]]; do db_mount=${db_mount#/}; done
while [[ "$db_mount" == */ ]]; do db_mount=${db_mount%/}; done
db_role=${VAULT_DB_ROLE:-live-secrets}
connection=${VAULT_DB_CONNECTION:-live-secrets}
owner=${DB_OWNER_ROLE:-live_secrets_owner}
default_ttl=${DB_DEFAULT_TTL:-1h}
max_ttl=${DB_MAX_TTL:-24h}
sslmode=${DB_SSLMODE:-prefer}

[[ "$db_mount" =~ ^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$ ]] || ls_die "VAULT_DB_MOUNT '$db_mount' is not a plain mount path"
[[ "$db_role" =~ ^[A-Za-z0-9._-]+$ ]] || ls_die "VAULT_DB_ROLE '$db_role': use letters, digits, '.', '_' and '-'"
[[ "$connection" =~ ^[A-Za-z0-9._-]+$ ]] || ls_die "VAULT_DB_CONNECTION '$connection': use letters, digits, '.', '_' and '-'"
# Goes into SQL unquoted: a plain lower-case identifier only.
[[ "$owner" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || ls_die "DB_OWNER_ROLE '$owner': use lower-case letters, digits and '_'"
is_duration() { [[ "$1" =~ ^([0-9]+|([0-9]+[smhd])+)$ ]]; }
for setting in DB_DEFAULT_TTL="$default_ttl" DB_MAX_TTL="$max_ttl"; do
  is_duration "${setting#*=}" || ls_die "${setting%%=*} must be a duration like 30s, 1h or 24h, not '${setting#*=}'"
done
[[ "$sslmode" =~ ^(disable|allow|prefer|require|verify-ca|verify-full)$ ]] || ls_die "DB_SSLMODE '$sslmode' is not a libpq sslmode"

# The statements as JSON: {"creation": [...], "revocation": [...]}, one string
# per statement. Vault splits a statement at ';' unless it holds a $$ block.
statements=$(python3 - "$owner" <<'PY'
import json, sys
owner = sys.argv[1]
creation = [
    # The group role and its schema, made once by whichever issue comes first.
    "DO $$ BEGIN CREATE ROLE %s NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$" % owner,
    "DO $$ BEGIN CREATE SCHEMA IF NOT EXISTS live_secrets AUTHORIZATION %s; "
    "EXCEPTION WHEN duplicate_schema OR unique_violation THEN NULL; END $$" % owner,
    "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}' IN ROLE %s" % owner,
    # Every session of the user acts as the group role: what it creates, the group role owns.
    "ALTER ROLE \"{{name}}\" SET role TO %s" % owner,
]
revocation = [
    # The old user's sessions end first: DROP ROLE fails while one is open.
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{{name}}'",
    "DROP ROLE IF EXISTS \"{{name}}\"",
]
print(json.dumps({"creation": creation, "revocation": revocation}))
PY
)

if ((print_statements)); then
  printf '%s' "$statements" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for kind in ("creation", "revocation"):
    print("-- %s statements" % kind)
    for s in d[kind]:
        print(s + ";")
'
  exit 0
fi

[[ -n "${DB_HOST:-}" ]] || ls_die "DB_HOST is not set (the PostgreSQL server Vault connects to)"
[[ -n "${DB_NAME:-}" ]] || ls_die "DB_NAME is not set (the database the service uses)"
[[ -n "${DB_ADMIN_USER:-}" ]] || ls_die "DB_ADMIN_USER is not set (a user Vault creates roles as)"
db_port=${DB_PORT:-5432}
[[ "$db_port" =~ ^[0-9]+$ ]] || ls_die "DB_PORT must be a port number, not '$db_port'"
if [[ -z "${DB_ADMIN_PASSWORD:-}" && -n "${DB_ADMIN_PASSWORD_FILE:-}" ]]; then
  [[ -r "$DB_ADMIN_PASSWORD_FILE" ]] || ls_die "DB_ADMIN_PASSWORD_FILE '$DB_ADMIN_PASSWORD_FILE' is not readable"
  DB_ADMIN_PASSWORD=$(<"$DB_ADMIN_PASSWORD_FILE")
fi
[[ -n "${DB_ADMIN_PASSWORD:-}" ]] || ls_die "DB_ADMIN_PASSWORD (or DB_ADMIN_PASSWORD_FILE) is not set"
export DB_ADMIN_PASSWORD

ls_detect_cli
ls_require_env
ls_info "Vault $VAULT_ADDR via $LS_CLI; PostgreSQL $DB_HOST:$db_port/$DB_NAME"

# --- 1. engine ----------------------------------------------------------------

mounts=$("$LS_CLI" secrets list -format=json) || ls_die "could not list secrets engines (an admin token is needed)"
mount_type=$(printf '%s' "$mounts" | python3 -c '
import json, sys
print((json.load(sys.stdin).get(sys.argv[1] + "/") or {}).get("type", ""))
' "$db_mount")
case "$mount_type" in
  database) ls_info "secrets engine database at $db_mount/: already enabled" ;;
  "")
    "$LS_CLI" secrets enable -path="$db_mount" database >/dev/null \
      || ls_die "could not enable the database engine at $db_mount/ (see the message above)"
    ls_info "secrets engine database at $db_mount/: enabled"
    ;;
  *) ls_die "$db_mount/ is a '$mount_type' engine, not database: set VAULT_DB_MOUNT to another path" ;;
esac

# --- 2. connection ------------------------------------------------------------

# The admin password goes from the environment into JSON on the CLI's stdin,
# never into argv, where ps shows it. Each payload is built first and then
# written in one piece: the CLI stops reading at the end of the JSON object, and
# with PYTHONUNBUFFERED set print() writes its newline separately, which then
# met a closed pipe (BrokenPipeError) and failed the step although the write had
# succeeded.
connection_json=$(python3 -c '
import json, os, sys
host, port, name, user, role, sslmode = sys.argv[1:7]
print(json.dumps({
    "plugin_name": "postgresql-database-plugin",
    "connection_url": "postgresql://{{username}}:{{password}}@%s:%s/%s?sslmode=%s" % (host, port, name, sslmode),
    "username": user,
    "password": os.environ["DB_ADMIN_PASSWORD"],
    "allowed_roles": [role],
    "verify_connection": True,
}))
' "$DB_HOST" "$db_port" "$DB_NAME" "$DB_ADMIN_USER" "$db_role" "$sslmode") \
  || ls_die "could not build the connection settings (see the message above)"
printf '%s' "$connection_json" | "$LS_CLI" write "$db_mount/config/$connection" - >/dev/null \
  || ls_die "could not write the connection $connection (is PostgreSQL reachable from Vault, and the admin user right? see above)"
unset DB_ADMIN_PASSWORD connection_json
ls_info "connection $db_mount/config/$connection: written (postgresql://$DB_HOST:$db_port/$DB_NAME as $DB_ADMIN_USER, sslmode=$sslmode, allowed_roles=$db_role)"

# --- 3. role ------------------------------------------------------------------

role_path=$db_mount/roles/$db_role
role_before=$("$LS_CLI" read -format=json "$role_path" 2>/dev/null | ls_json_get data) || role_before=""
role_json=$(printf '%s' "$statements" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps({
    "db_name": sys.argv[1],
    "creation_statements": d["creation"],
    "revocation_statements": d["revocation"],
    "default_ttl": sys.argv[2],
    "max_ttl": sys.argv[3],
}))
' "$connection" "$default_ttl" "$max_ttl") || ls_die "could not build the role settings (see the message above)"
printf '%s' "$role_json" | "$LS_CLI" write "$role_path" - >/dev/null \
  || ls_die "could not write the role $db_role (see the message above)"
role_after=$("$LS_CLI" read -format=json "$role_path" | ls_json_get data) || ls_die "could not read the role back"
if [[ -z "$role_before" ]]; then
  role_state=created
elif [[ "$role_before" == "$role_after" ]]; then
  role_state=unchanged
else
  role_state=updated
fi
r() { printf '%s' "$role_after" | ls_json_get "$1"; }
ls_info "role $role_path: $role_state (users in group role $owner, schema live_secrets, default_ttl=$(ls_duration "$(r default_ttl)"), max_ttl=$(ls_duration "$(r max_ttl)"))"

if ((rotate_root)); then
  "$LS_CLI" write -f "$db_mount/rotate-root/$connection" >/dev/null \
    || ls_die "could not rotate $DB_ADMIN_USER's password (see the message above)"
  ls_info "rotated $DB_ADMIN_USER's password: only Vault knows it now"
fi
ls_info "service settings: DB_ENABLED=true DB_CREDENTIALS=vault VAULT_DB_MOUNT=$db_mount VAULT_DB_ROLE=$db_role DB_HOST=$DB_HOST DB_PORT=$db_port DB_NAME=$DB_NAME"
ls_info "policy: read on $db_mount/creds/$db_role, update on sys/leases/renew and sys/leases/revoke (setup-approle.sh with DB_CREDENTIALS=vault adds them)"
