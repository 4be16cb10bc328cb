# The Spring Boot services: JDK choice, build when stale, environment, start, health wait.

# Start order: the gateway last, as it fronts the others.
RK_SERVICES=(auth content realtime analytics gateway)
# Modules every service jar is built from besides its own.
RK_LIBRARY_MODULES=(shared-redis-kit service-defaults)

rk_service_module() {
	case "$1" in
	auth) echo auth-session-service ;;
	*) echo "$1-service" ;;
	esac
}

rk_service_port() {
	case "$1" in
	gateway) echo "${REDKEEP_GATEWAY_PORT:-8080}" ;;
	auth) echo "${REDKEEP_AUTH_PORT:-8081}" ;;
	content) echo "${REDKEEP_CONTENT_PORT:-8082}" ;;
	realtime) echo "${REDKEEP_REALTIME_PORT:-8083}" ;;
	analytics) echo "${REDKEEP_ANALYTICS_PORT:-8084}" ;;
	esac
}

# The jar Maven builds, and the copy a service runs from: a later `./mvnw verify` rewrites the first
# while the service is running, which must not pull the classes from under a live JVM.
rk_service_built_jar() {
	local module
	module="$(rk_service_module "$1")"
	echo "$RK_ROOT/$module/target/$module-exec.jar"
}

rk_service_jar() { echo "$RK_STATE/jars/$(rk_service_module "$1").jar"; }

# Major version of the JDK at $1: from its `release` file when it has one (no JVM start), else by asking it.
rk_java_major() {
	local version=""
	[[ -f "$1/release" ]] && version="$(sed -n 's/^JAVA_VERSION="\([0-9.]*\).*/\1/p' "$1/release")"
	[[ -n "$version" ]] || version="$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
		sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p')"
	printf '%s\n' "$version" | sed 's/^1\.//; s/\..*//'
}

# The newest JDK (17 or later) among JAVA_HOME, /usr/lib/jvm/* and the java on PATH; REDKEEP_LOCAL_JAVA_HOME forces one.
rk_find_java() {
	local candidate best="" best_major=0 major
	if [[ -n "${REDKEEP_LOCAL_JAVA_HOME:-}" ]]; then
		[[ -x "$REDKEEP_LOCAL_JAVA_HOME/bin/java" ]] || rk_die "REDKEEP_LOCAL_JAVA_HOME has no bin/java"
		echo "$REDKEEP_LOCAL_JAVA_HOME"
		return
	fi
	for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v java || echo /nonexistent)")")")"; do
		[[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
		major="$(rk_java_major "$candidate")"
		[[ "$major" =~ ^[0-9]+$ ]] || continue
		if ((major >= 17 && major > best_major)); then
			best="$candidate"
			best_major="$major"
		fi
	done
	[[ -n "$best" ]] || rk_die "no JDK 17 or later found (looked at JAVA_HOME, /usr/lib/jvm/*, PATH); install one, e.g. apt-get install openjdk-17-jdk-headless"
	echo "$best"
}

# A jar is stale when any source or pom of its module, the library modules or the root pom is newer.
rk_jar_stale() {
	local jar module
	jar="$(rk_service_built_jar "$1")"
	module="$(rk_service_module "$1")"
	[[ -f "$jar" ]] || return 0
	[[ -n "$(find "$RK_ROOT/pom.xml" "$RK_ROOT/$module/pom.xml" "$RK_ROOT/$module/src/main" \
		"${RK_LIBRARY_MODULES[@]/#/$RK_ROOT/}" -newer "$jar" -type f \
		! -path '*/target/*' -print -quit 2>/dev/null)" ]]
}

rk_build_if_needed() {
	local svc stale=()
	for svc in "$@"; do
		rk_jar_stale "$svc" && stale+=("$svc")
	done
	((${#stale[@]})) || return 0
	rk_info "building (${stale[*]} missing or older than sources): ./mvnw -B -ntp -q -DskipTests package"
	local started=$SECONDS
	(cd "$RK_ROOT" && JAVA_HOME="$RK_JAVA_HOME" ./mvnw -B -ntp -q -DskipTests package) >"$RK_LOGS/build.log" 2>&1 ||
		{
			tail -n 40 "$RK_LOGS/build.log" >&2
			rk_die "build failed, full log in $RK_LOGS/build.log"
		}
	rk_info "  built in $((SECONDS - started))s"
}

# Exports the wiring every service gets. The caller's REDKEEP_* variables reach the services too (they are
# inherited); the connection settings of the servers the runner itself runs always come from the runner.
rk_export_service_env() {
	export REDKEEP_INTERNAL_KEY="${REDKEEP_INTERNAL_KEY:-$SECRET_REDKEEP_INTERNAL_KEY}"
	export REDKEEP_REDIS_STATE_MODE=sentinel
	export REDKEEP_REDIS_STATE_NODES="127.0.0.1:$RK_SENTINEL1_PORT,127.0.0.1:$RK_SENTINEL2_PORT,127.0.0.1:$RK_SENTINEL3_PORT"
	export REDKEEP_REDIS_STATE_MASTER="$RK_STATE_MASTER_NAME"
	export REDKEEP_REDIS_STATE_USERNAME=redkeep
	export REDKEEP_REDIS_STATE_PASSWORD="$SECRET_REDKEEP_REDIS_STATE_PASSWORD"
	export REDKEEP_REDIS_STATE_SENTINEL_PASSWORD="$SECRET_REDKEEP_REDIS_STATE_SENTINEL_PASSWORD"
	export REDKEEP_REDIS_CACHE_MODE=standalone
	export REDKEEP_REDIS_CACHE_NODES="127.0.0.1:$RK_CACHE_PORT"
	export REDKEEP_REDIS_CACHE_USERNAME=redkeep
	export REDKEEP_REDIS_CACHE_PASSWORD="$SECRET_REDKEEP_REDIS_CACHE_PASSWORD"
	export REDKEEP_POSTGRES_HOST="$RK_PG_HOST"
	export REDKEEP_POSTGRES_PORT="$RK_PG_PORT"
	export REDKEEP_POSTGRES_USERNAME="$RK_PG_USER"
	export REDKEEP_POSTGRES_PASSWORD="$RK_PG_PASSWORD"
	export REDKEEP_GATEWAY_SERVICES_AUTH_URI="http://127.0.0.1:${REDKEEP_AUTH_PORT:-8081}"
	export REDKEEP_GATEWAY_SERVICES_CONTENT_URI="http://127.0.0.1:${REDKEEP_CONTENT_PORT:-8082}"
	export REDKEEP_GATEWAY_SERVICES_ANALYTICS_URI="http://127.0.0.1:${REDKEEP_ANALYTICS_PORT:-8084}"
	export REDKEEP_GATEWAY_SERVICES_REALTIME_URIS="http://127.0.0.1:${REDKEEP_REALTIME_PORT:-8083}"
	export REDKEEP_CONTENT_STORAGE_DIR="$RK_STATE/files"
	# Local services listen on loopback unless asked otherwise (Spring's server.address).
	export SERVER_ADDRESS="${REDKEEP_LOCAL_BIND_ADDRESS:-127.0.0.1}"
}

# Names of the variables rk_export_service_env sets, for `./redkeep env`.
RK_SERVICE_ENV_NAMES=(REDKEEP_INTERNAL_KEY REDKEEP_REDIS_STATE_MODE REDKEEP_REDIS_STATE_NODES
	REDKEEP_REDIS_STATE_MASTER REDKEEP_REDIS_STATE_USERNAME REDKEEP_REDIS_STATE_PASSWORD
	REDKEEP_REDIS_STATE_SENTINEL_PASSWORD REDKEEP_REDIS_CACHE_MODE REDKEEP_REDIS_CACHE_NODES
	REDKEEP_REDIS_CACHE_USERNAME REDKEEP_REDIS_CACHE_PASSWORD REDKEEP_POSTGRES_HOST REDKEEP_POSTGRES_PORT
	REDKEEP_POSTGRES_USERNAME REDKEEP_POSTGRES_PASSWORD REDKEEP_GATEWAY_SERVICES_AUTH_URI
	REDKEEP_GATEWAY_SERVICES_CONTENT_URI REDKEEP_GATEWAY_SERVICES_ANALYTICS_URI
	REDKEEP_GATEWAY_SERVICES_REALTIME_URIS REDKEEP_CONTENT_STORAGE_DIR SERVER_ADDRESS)

rk_service_start() {
	local svc="$1" port jar pid
	port="$(rk_service_port "$svc")"
	jar="$(rk_service_jar "$svc")"
	if pid="$(rk_live_pid "$svc" "$jar")"; then
		rk_info "  $svc already running (pid $pid, port $port)"
		return 0
	fi
	rk_require_free_port "$svc" "$port"
	mkdir -p "$RK_STATE/files" "$RK_STATE/jars"
	cp "$(rk_service_built_jar "$svc")" "$jar.tmp"
	mv -f "$jar.tmp" "$jar"
	# shellcheck disable=SC2086 # REDKEEP_LOCAL_JAVA_OPTS is a list of JVM options
	setsid "$RK_JAVA_HOME/bin/java" ${REDKEEP_LOCAL_JAVA_OPTS:--Xms64m -Xmx512m} -jar "$jar" \
		>>"$RK_LOGS/$svc.log" 2>&1 </dev/null &
	rk_write_pid "$svc" "$!"
	rk_info "  started $svc (pid $!, port $port)"
}

rk_health_of() {
	curl -fsS --max-time 2 "http://127.0.0.1:$(rk_service_port "$1")/actuator/health" 2>/dev/null |
		sed -n 's/.*"status" *: *"\([A-Z_]*\)".*/\1/p'
}

# Waits until every service reports UP, printing one progress line per change; fails fast if one dies.
rk_services_wait() {
	local deadline=$((SECONDS + RK_START_TIMEOUT)) svc line last="" pending health
	while :; do
		pending=0
		line=""
		for svc in "${RK_SERVICES[@]}"; do
			if ! rk_live_pid "$svc" "$(rk_service_jar "$svc")" >/dev/null; then
				tail -n 30 "$RK_LOGS/$svc.log" >&2 || true
				rk_die "$svc exited during start-up, see $RK_LOGS/$svc.log"
			fi
			health="$(rk_health_of "$svc" || true)"
			[[ "$health" == UP ]] || pending=$((pending + 1))
			line+=" $svc:${health:-starting}"
		done
		if [[ "$line" != "$last" ]]; then
			rk_info "  [$((SECONDS - RK_UP_STARTED))s]$line"
			last="$line"
		fi
		((pending == 0)) && return 0
		((SECONDS < deadline)) ||
			rk_die "services not UP after ${RK_START_TIMEOUT}s (REDKEEP_LOCAL_START_TIMEOUT); logs in $RK_LOGS"
		sleep 1
	done
}

rk_services_up() {
	command -v curl >/dev/null || rk_die "curl not found: install it (Debian/Ubuntu: apt-get install curl)"
	RK_JAVA_HOME="$(rk_find_java)"
	local svc to_start=()
	for svc in "${RK_SERVICES[@]}"; do
		rk_live_pid "$svc" "$(rk_service_jar "$svc")" >/dev/null || to_start+=("$svc")
	done
	if ((${#to_start[@]})); then
		rk_info "services (java: $RK_JAVA_HOME)"
		rk_build_if_needed "${to_start[@]}"
	else
		rk_info "services"
	fi
	rk_export_service_env
	for svc in "${RK_SERVICES[@]}"; do
		rk_service_start "$svc"
	done
	rk_services_wait
}

# The gateway first so no new traffic reaches services that are stopping; then the rest together.
rk_services_down() {
	local svc others=()
	rk_stop_pid gateway "$(rk_service_jar gateway)" 30
	for svc in "${RK_SERVICES[@]}"; do
		[[ "$svc" == gateway ]] || others+=("$svc=$(rk_service_jar "$svc")")
	done
	rk_stop_parallel 30 "${others[@]}"
}

rk_services_status() {
	local svc pid port
	for svc in "${RK_SERVICES[@]}"; do
		port="$(rk_service_port "$svc")"
		if pid="$(rk_live_pid "$svc" "$(rk_service_jar "$svc")")"; then
			rk_status_line "$svc" "running" "pid $pid" "http://127.0.0.1:$port" "health $(rk_health_of "$svc" || true)"
		else
			rk_status_line "$svc" "stopped" "" "http://127.0.0.1:$port" ""
		fi
	done
}
