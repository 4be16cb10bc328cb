# Shared pieces of the local runner: settings, state layout, PID bookkeeping, port checks, secrets.
# Sourced by ./redkeep; expects RK_ROOT (the checkout) to be set.

RK_STATE="$RK_ROOT/.redkeep"
RK_RUN="$RK_STATE/run"
RK_LOGS="$RK_STATE/logs"
RK_DATA="$RK_STATE/data"
RK_CONF="$RK_STATE/conf"
RK_SECRETS="$RK_STATE/secrets.env"

# Ports of the embedded servers live under REDKEEP_LOCAL_* so that, passed through to the services like every
# other REDKEEP_* variable, they bind to redkeep.local.* which no service reads.
RK_STATE_MASTER_PORT="${REDKEEP_LOCAL_STATE_PORT:-16379}"
RK_STATE_REPLICA1_PORT="${REDKEEP_LOCAL_STATE_REPLICA1_PORT:-16380}"
RK_STATE_REPLICA2_PORT="${REDKEEP_LOCAL_STATE_REPLICA2_PORT:-16381}"
RK_SENTINEL1_PORT="${REDKEEP_LOCAL_SENTINEL1_PORT:-26479}"
RK_SENTINEL2_PORT="${REDKEEP_LOCAL_SENTINEL2_PORT:-26480}"
RK_SENTINEL3_PORT="${REDKEEP_LOCAL_SENTINEL3_PORT:-26481}"
RK_CACHE_PORT="${REDKEEP_LOCAL_CACHE_PORT:-16389}"
RK_POSTGRES_PORT="${REDKEEP_LOCAL_POSTGRES_PORT:-15432}"
RK_STATE_MASTER_NAME="redkeep-state"
RK_KEY_PREFIX="${REDKEEP_REDIS_KEY_PREFIX:-tk}"
RK_START_TIMEOUT="${REDKEEP_LOCAL_START_TIMEOUT:-240}"

# part name -> port variable that moves it (shown in the busy-port error)
declare -A RK_PORT_VAR=(
	[state-master]=REDKEEP_LOCAL_STATE_PORT [state-replica1]=REDKEEP_LOCAL_STATE_REPLICA1_PORT
	[state-replica2]=REDKEEP_LOCAL_STATE_REPLICA2_PORT [sentinel1]=REDKEEP_LOCAL_SENTINEL1_PORT
	[sentinel2]=REDKEEP_LOCAL_SENTINEL2_PORT [sentinel3]=REDKEEP_LOCAL_SENTINEL3_PORT
	[cache]=REDKEEP_LOCAL_CACHE_PORT [postgres]=REDKEEP_LOCAL_POSTGRES_PORT
	[auth]=REDKEEP_AUTH_PORT [content]=REDKEEP_CONTENT_PORT [realtime]=REDKEEP_REALTIME_PORT
	[analytics]=REDKEEP_ANALYTICS_PORT [gateway]=REDKEEP_GATEWAY_PORT
)

rk_info() { printf '%s\n' "$*"; }
rk_warn() { printf 'redkeep: %s\n' "$*" >&2; }
rk_die() {
	printf 'redkeep: error: %s\n' "$*" >&2
	exit 1
}

rk_prepare_dirs() {
	mkdir -p "$RK_RUN" "$RK_LOGS" "$RK_DATA" "$RK_CONF"
	# Others (the postgres user) may need to traverse .redkeep; the secrets file itself is 0600.
	chmod 0755 "$RK_STATE"
	chmod 0700 "$RK_CONF" "$RK_RUN" "$RK_DATA"
}

# --- PID files: "<pid> <start time in clock ticks>" so a recycled PID is never mistaken for ours ---------

rk_proc_start() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true; }

rk_write_pid() { printf '%s %s\n' "$2" "$(rk_proc_start "$2")" >"$RK_RUN/$1.pid"; }

# Prints the PID of part $1 if the recorded process is alive, is the same process (start time) and its
# command line contains $2; returns 1 otherwise.
rk_live_pid() {
	local file="$RK_RUN/$1.pid" pid start cmd
	[[ -f "$file" ]] || return 1
	read -r pid start <"$file" || return 1
	[[ "$pid" =~ ^[0-9]+$ && -d "/proc/$pid" ]] || return 1
	[[ "$(rk_proc_start "$pid")" == "$start" ]] || return 1
	cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
	[[ "$cmd" == *"$2"* ]] || return 1
	printf '%s\n' "$pid"
}

# Stops part $1 (pattern $2) with SIGTERM, then SIGKILL after $3 seconds; removes its PID file.
rk_stop_pid() {
	local part="$1" pattern="$2" grace="${3:-20}" pid i
	if ! pid="$(rk_live_pid "$part" "$pattern")"; then
		rm -f "$RK_RUN/$part.pid"
		return 0
	fi
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < grace * 10; i++)); do
		[[ -d "/proc/$pid" ]] || break
		# a zombie child of ours counts as gone
		[[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" == Z ]] && break
		sleep 0.1
	done
	if [[ -d "/proc/$pid" ]] && rk_live_pid "$part" "$pattern" >/dev/null; then
		rk_warn "$part (pid $pid) ignored SIGTERM for ${grace}s; sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	rm -f "$RK_RUN/$part.pid"
	rk_info "  stopped $part (pid $pid)"
}

# Stops several parts at once (arguments "part=pattern"), each as rk_stop_pid with grace $1.
rk_stop_parallel() {
	local grace="$1" spec
	shift
	for spec in "$@"; do
		rk_stop_pid "${spec%%=*}" "${spec#*=}" "$grace" &
	done
	wait
}

# --- ports -------------------------------------------------------------------------------------------------

rk_port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

rk_require_free_port() {
	local part="$1" port="$2"
	if rk_port_busy "$port"; then
		rk_die "port $port for $part is already in use by another process; free it or choose another port, e.g. ${RK_PORT_VAR[$part]}=<port> ./redkeep up"
	fi
}

rk_wait_until() {
	local what="$1" seconds="$2" i
	shift 2
	for ((i = 0; i < seconds * 5; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	rk_die "$what did not become ready within ${seconds}s (see $RK_LOGS)"
}

# --- secrets -----------------------------------------------------------------------------------------------

rk_random() { head -c "$1" /dev/urandom | base64 | tr -d '\n=+/' | cut -c1-"$2"; }

# Generated once and kept in .redkeep/secrets.env (0600). LOCAL_* entries are admin credentials for the
# embedded servers and are never handed to the services.
rk_load_secrets() {
	local name value
	if [[ ! -f "$RK_SECRETS" ]]; then
		(
			umask 077
			{
				printf '# Generated by ./redkeep for this checkout only. Delete it (after ./redkeep down) to rotate.\n'
				printf 'REDKEEP_INTERNAL_KEY=%s\n' "$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
				printf 'REDKEEP_REDIS_STATE_PASSWORD=%s\n' "$(rk_random 48 40)"
				printf 'REDKEEP_REDIS_STATE_SENTINEL_PASSWORD=%s\n' "$(rk_random 48 40)"
				printf 'REDKEEP_REDIS_CACHE_PASSWORD=%s\n' "$(rk_random 48 40)"
				printf 'REDKEEP_POSTGRES_PASSWORD=%s\n' "$(rk_random 48 40)"
				printf 'LOCAL_REDIS_ADMIN_PASSWORD=%s\n' "$(rk_random 48 40)"
				printf 'LOCAL_POSTGRES_ADMIN_PASSWORD=%s\n' "$(rk_random 48 40)"
			} >"$RK_SECRETS.tmp"
			mv "$RK_SECRETS.tmp" "$RK_SECRETS"
		)
	fi
	chmod 0600 "$RK_SECRETS"
	while IFS='=' read -r name value; do
		[[ "$name" =~ ^[A-Z_]+$ ]] || continue
		printf -v "SECRET_$name" '%s' "$value"
	done <"$RK_SECRETS"
	[[ -n "${SECRET_LOCAL_REDIS_ADMIN_PASSWORD:-}" ]] || rk_die "$RK_SECRETS is incomplete; run ./redkeep down, delete it and retry"
}
