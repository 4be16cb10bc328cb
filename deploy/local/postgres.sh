# PostgreSQL for the local runner: an own cluster on 127.0.0.1 (no Unix socket), or an existing server
# given by REDKEEP_POSTGRES_URL. Either way the four service databases are created when missing.

RK_PG_DATABASES=(redkeep_auth redkeep_content redkeep_realtime redkeep_analytics)

# Services connect with these; filled by rk_pg_resolve.
RK_PG_HOST=""
RK_PG_PORT=""
RK_PG_USER=""
RK_PG_PASSWORD=""

rk_url_decode() {
	local s="${1//+/ }"
	printf '%b' "${s//%/\\x}"
}

rk_pg_external() { [[ -n "${REDKEEP_POSTGRES_URL:-}" ]]; }

rk_pg_resolve() {
	if rk_pg_external; then
		local re='^postgres(ql)?://([^:@/]+)(:([^@]*))?@([^:/?]+)(:([0-9]+))?(/.*)?$'
		[[ "$REDKEEP_POSTGRES_URL" =~ $re ]] ||
			rk_die "REDKEEP_POSTGRES_URL must look like postgresql://user:password@host:port"
		RK_PG_USER="$(rk_url_decode "${BASH_REMATCH[2]}")"
		RK_PG_PASSWORD="$(rk_url_decode "${BASH_REMATCH[4]}")"
		RK_PG_HOST="${BASH_REMATCH[5]}"
		RK_PG_PORT="${BASH_REMATCH[7]:-5432}"
	else
		RK_PG_HOST=127.0.0.1
		RK_PG_PORT="$RK_POSTGRES_PORT"
		RK_PG_USER=redkeep
		RK_PG_PASSWORD="$SECRET_REDKEEP_POSTGRES_PASSWORD"
	fi
}

rk_pg_bindir() {
	local dir
	if [[ -n "${REDKEEP_LOCAL_POSTGRES_BIN:-}" ]]; then
		echo "$REDKEEP_LOCAL_POSTGRES_BIN"
		return
	fi
	dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
	if [[ -z "$dir" ]] && command -v pg_ctl >/dev/null; then dir="$(dirname "$(command -v pg_ctl)")"; fi
	[[ -n "$dir" && -x "$dir/initdb" ]] ||
		rk_die "PostgreSQL server binaries (initdb, pg_ctl) not found: install them (Debian/Ubuntu: apt-get install postgresql), set REDKEEP_LOCAL_POSTGRES_BIN, or use an existing server with REDKEEP_POSTGRES_URL"
	echo "$dir"
}

# PostgreSQL refuses to run as root: as root, the cluster runs as the unprivileged user `postgres`.
# (From /, as `postgres` may not be allowed into the caller's working directory.)
rk_pg_as() {
	if ((EUID == 0)); then
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

# Where the cluster lives. As root it must be reachable by `postgres`; when the checkout is not (a clone
# under a 0700 directory), it lives under /tmp instead, named after the checkout, and the choice is
# recorded in .redkeep/pg-dir so later runs find the same data.
rk_pg_base() {
	local base
	if [[ -f "$RK_STATE/pg-dir" ]]; then
		cat "$RK_STATE/pg-dir"
		return
	fi
	base="$RK_STATE/pg"
	if ((EUID == 0)); then
		id postgres >/dev/null 2>&1 ||
			rk_die "running as root needs an unprivileged OS user 'postgres' to run PostgreSQL (apt-get install postgresql creates it), or set REDKEEP_POSTGRES_URL"
		if ! runuser -u postgres -- test -x "$RK_STATE"; then
			base="/tmp/redkeep-pg-$(printf '%s' "$RK_ROOT" | sha256sum | cut -c1-12)"
		fi
	fi
	echo "$base" >"$RK_STATE/pg-dir"
	echo "$base"
}

rk_pg_pattern() { echo "$(rk_pg_base)/data"; }

rk_pg_admin_sql() {
	PGPASSWORD="$SECRET_LOCAL_POSTGRES_ADMIN_PASSWORD" PGCONNECT_TIMEOUT=5 "$(rk_pg_bindir)/psql" \
		-X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$RK_POSTGRES_PORT" -U postgres -d postgres "$@"
}

rk_pg_init() {
	local base="$1" bin="$2"
	mkdir -p "$base"
	chmod 0700 "$base"
	((EUID == 0)) && chown postgres:postgres "$base"
	[[ -f "$base/data/PG_VERSION" ]] && return 0
	rk_info "  initialising PostgreSQL cluster in $base/data"
	rm -rf "$base/data"
	(umask 077 && printf '%s\n' "$SECRET_LOCAL_POSTGRES_ADMIN_PASSWORD" >"$base/pwfile")
	((EUID == 0)) && chown postgres:postgres "$base/pwfile"
	rk_pg_as "$bin/initdb" -D "$base/data" -U postgres --pwfile="$base/pwfile" --auth=scram-sha-256 \
		-E UTF8 --locale=C >"$RK_LOGS/postgres-initdb.log" 2>&1 ||
		{
			rm -f "$base/pwfile"
			rk_die "initdb failed, see $RK_LOGS/postgres-initdb.log"
		}
	rm -f "$base/pwfile"
}

rk_pg_create_databases() {
	local db sql
	sql="\\set pw '$SECRET_REDKEEP_POSTGRES_PASSWORD'
SELECT 'CREATE ROLE redkeep LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'redkeep') \\gexec
ALTER ROLE redkeep WITH LOGIN PASSWORD :'pw';
"
	for db in "${RK_PG_DATABASES[@]}"; do
		sql+="SELECT 'CREATE DATABASE $db OWNER redkeep' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db') \\gexec
REVOKE ALL ON DATABASE $db FROM PUBLIC;
"
	done
	rk_pg_admin_sql <<<"$sql" || rk_die "could not create the PostgreSQL role and databases"
}

rk_pg_create_external_databases() {
	local db existing
	existing="$(PGPASSWORD="$RK_PG_PASSWORD" PGCONNECT_TIMEOUT=5 psql -X -At -h "$RK_PG_HOST" -p "$RK_PG_PORT" \
		-U "$RK_PG_USER" -d postgres -c 'SELECT datname FROM pg_database')" ||
		rk_die "cannot connect to REDKEEP_POSTGRES_URL ($RK_PG_USER@$RK_PG_HOST:$RK_PG_PORT)"
	for db in "${RK_PG_DATABASES[@]}"; do
		grep -qx "$db" <<<"$existing" && continue
		PGPASSWORD="$RK_PG_PASSWORD" psql -X -q -h "$RK_PG_HOST" -p "$RK_PG_PORT" -U "$RK_PG_USER" -d postgres \
			-c "CREATE DATABASE $db" || rk_die "could not create database $db on $RK_PG_HOST:$RK_PG_PORT (the user needs CREATEDB)"
		rk_info "  created database $db on $RK_PG_HOST:$RK_PG_PORT"
	done
}

rk_pg_up() {
	rk_pg_resolve
	if rk_pg_external; then
		command -v psql >/dev/null || rk_die "psql not found: install it (Debian/Ubuntu: apt-get install postgresql-client)"
		rk_info "  using existing PostgreSQL $RK_PG_HOST:$RK_PG_PORT from REDKEEP_POSTGRES_URL"
		rk_pg_create_external_databases
		return
	fi
	local bin base pid
	bin="$(rk_pg_bindir)"
	base="$(rk_pg_base)"
	if pid="$(rk_live_pid postgres "$base/data")"; then
		rk_info "  postgres already running (pid $pid, port $RK_POSTGRES_PORT)"
	else
		rk_require_free_port postgres "$RK_POSTGRES_PORT"
		rk_pg_init "$base" "$bin"
		ln -sfn "$base/postgres.log" "$RK_LOGS/postgres.log"
		rk_pg_as "$bin/pg_ctl" -D "$base/data" -l "$base/postgres.log" -w -t 60 \
			-o "-p $RK_POSTGRES_PORT -c listen_addresses=127.0.0.1 -k ''" start >/dev/null ||
			rk_die "PostgreSQL did not start, see $RK_LOGS/postgres.log"
		pid="$(head -n 1 "$base/data/postmaster.pid")"
		rk_write_pid postgres "$pid"
		rk_info "  started postgres (pid $pid, port $RK_POSTGRES_PORT, data $base/data)"
	fi
	rk_pg_create_databases
}

rk_pg_down() {
	rk_pg_external && return 0
	local base pid
	[[ -f "$RK_RUN/postgres.pid" ]] || return 0
	base="$(rk_pg_base)"
	if pid="$(rk_live_pid postgres "$base/data")"; then
		# fast shutdown: disconnect clients, checkpoint, exit; signals only if pg_ctl could not do it
		if rk_pg_as "$(rk_pg_bindir)/pg_ctl" -D "$base/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
			rm -f "$RK_RUN/postgres.pid"
			rk_info "  stopped postgres (pid $pid)"
			return 0
		fi
	fi
	rk_stop_pid postgres "$base/data" 10
}

rk_pg_status() {
	rk_pg_resolve
	if rk_pg_external; then
		rk_status_line postgres "external" "" "$RK_PG_HOST:$RK_PG_PORT" "from REDKEEP_POSTGRES_URL"
		return
	fi
	local pid detail="" base
	base="$(cat "$RK_STATE/pg-dir" 2>/dev/null || echo "$RK_STATE/pg")"
	if pid="$(rk_live_pid postgres "$base/data")"; then
		rk_pg_admin_sql -At -c 'SELECT 1' >/dev/null 2>&1 && detail="accepting connections, data $base/data"
		rk_status_line postgres "running" "pid $pid" "127.0.0.1:$RK_POSTGRES_PORT" "${detail:-not answering}"
	else
		rk_status_line postgres "stopped" "" "127.0.0.1:$RK_POSTGRES_PORT" "data $base/data"
	fi
}
