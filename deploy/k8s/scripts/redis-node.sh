#!/bin/sh
# Starts one Redis server of Redkeep's `state` (Sentinel group) or `cache` role in a container, Compose or
# Kubernetes alike. It mirrors deploy/local/redis.sh: admin password for the `default` user (never given to
# the services), ACL user `redkeep` limited to the key prefix and the channel families, AOF without RDB and
# noeviction for `state`, no persistence and allkeys-lru for `cache`.
#
# The configuration holds passwords, so it is written at start from the environment into the data volume
# (mode 600), never kept in the repository. A `state` node asks the sentinels which node is the master now, so
# a node that comes back after a failover rejoins as a replica instead of as a second master.
#
# Environment:
#   REDIS_ROLE                     state | cache
#   REDIS_ANNOUNCE_HOST            this node's stable DNS name (state only)
#   REDIS_INITIAL_MASTER_HOST      the node that is master when no sentinel knows one yet (state only)
#   REDIS_INITIAL_MASTER_PORT      its port, default 6379
#   REDIS_SENTINEL_HOSTS           space-separated sentinels to ask, host or host:port (state only, may be empty)
#   REDIS_SENTINEL_PORT            default 26379
#   REDIS_MASTER_NAME              default redkeep-state
#   REDIS_MAXMEMORY                cache: default 256mb; state: none unless set
#   REDKEEP_REDIS_KEY_PREFIX       default tk
#   LOCAL_REDIS_ADMIN_PASSWORD     password of the `default` user (replication, sentinels)
#   REDKEEP_REDIS_STATE_PASSWORD / REDKEEP_REDIS_CACHE_PASSWORD   password of the ACL user `redkeep`
#   REDKEEP_REDIS_STATE_SENTINEL_PASSWORD   to ask the sentinels (state only)
#   REDIS_PORT, REDIS_BIND, REDIS_DATA_DIR  default 6379, every interface, /data (other values for trying the
#                                  scripts outside a container)
set -eu

: "${REDIS_ROLE:?state or cache}"
: "${LOCAL_REDIS_ADMIN_PASSWORD:?}"
port="${REDIS_PORT:-6379}"
dir="${REDIS_DATA_DIR:-/data}"
conf="$dir/redis.conf"
p="${REDKEEP_REDIS_KEY_PREFIX:-tk}"
master_name="${REDIS_MASTER_NAME:-redkeep-state}"
sentinel_port="${REDIS_SENTINEL_PORT:-26379}"

# The same rule as rk_redis_acl in deploy/local/redis.sh, CLIENT SETINFO included from Redis 7.2 on (naming it
# on 7.0 is an error); DeploymentConsistencyTests checks that the two stay equal.
redis_acl() {
	password="$1"
	extra=""
	version="$(redis-server --version | sed -n 's/.* v=\([0-9]*\)\.\([0-9]*\).*/\1 \2/p')"
	major="${version% *}"
	minor="${version#* }"
	if [ "${major:-0}" -gt 7 ] || { [ "${major:-0}" -eq 7 ] && [ "${minor:-0}" -ge 2 ]; }; then
		extra=" +client|setinfo"
	fi
	printf 'user redkeep on >%s resetkeys ~%s:* resetchannels &%s:* &%s:messages:* &%s:notifications:* &%s:events:* &%s:presence* ' \
		"$password" "$p" "$p" "$p" "$p" "$p" "$p"
	printf -- '+@all -@admin -@dangerous -@scripting +eval +evalsha +eval_ro +evalsha_ro +script|load +script|exists'
	printf -- ' +fcall +fcall_ro +info +role +client|setname +client|getname +client|id%s\n' "$extra"
}

# Prints "host port" of the master the first answering sentinel names, or nothing.
current_master() {
	for sentinel in ${REDIS_SENTINEL_HOSTS:-}; do
		case "$sentinel" in
		*:*) host="${sentinel%:*}" sport="${sentinel##*:}" ;;
		*) host="$sentinel" sport="$sentinel_port" ;;
		esac
		answer="$(REDISCLI_AUTH="${REDKEEP_REDIS_STATE_SENTINEL_PASSWORD:-}" timeout 3 redis-cli --no-auth-warning \
			-h "$host" -p "$sport" sentinel get-master-addr-by-name "$master_name" 2>/dev/null |
			tr '\n' ' ' || true)"
		case "$answer" in
		*[0-9]\ ) echo "$answer" && return 0 ;;
		esac
	done
}

umask 077
{
	cat <<CONF
# Written by redis-node.sh at every start; Sentinel may rewrite the replication part while it runs.
bind ${REDIS_BIND:-* -::*}
protected-mode yes
port $port
daemonize no
dir $dir
logfile ""
requirepass $LOCAL_REDIS_ADMIN_PASSWORD
CONF
	case "$REDIS_ROLE" in
	state)
		: "${REDIS_ANNOUNCE_HOST:?}" "${REDIS_INITIAL_MASTER_HOST:?}" "${REDKEEP_REDIS_STATE_PASSWORD:?}"
		cat <<CONF
masterauth $LOCAL_REDIS_ADMIN_PASSWORD
appendonly yes
appendfsync everysec
save ""
maxmemory-policy noeviction
replica-announce-ip $REDIS_ANNOUNCE_HOST
CONF
		# With a container memory limit, a maxmemory below it turns "out of memory" into write errors
		# (noeviction) instead of the kernel killing the master.
		if [ -n "${REDIS_MAXMEMORY:-}" ]; then echo "maxmemory $REDIS_MAXMEMORY"; fi
		redis_acl "$REDKEEP_REDIS_STATE_PASSWORD"
		master="$(current_master)"
		master_host="${master%% *}"
		if [ -z "$master" ]; then
			master_host="$REDIS_INITIAL_MASTER_HOST"
			master_port="${REDIS_INITIAL_MASTER_PORT:-6379}"
		else
			master_port="$(echo "$master" | cut -d' ' -f2)"
		fi
		if [ "$master_host:$master_port" != "$REDIS_ANNOUNCE_HOST:$port" ]; then
			echo "replicaof $master_host $master_port"
			echo "redis-node: $REDIS_ANNOUNCE_HOST starts as a replica of $master_host:$master_port" >&2
		else
			echo "redis-node: $REDIS_ANNOUNCE_HOST starts as the master" >&2
		fi
		;;
	cache)
		: "${REDKEEP_REDIS_CACHE_PASSWORD:?}"
		cat <<CONF
appendonly no
save ""
maxmemory ${REDIS_MAXMEMORY:-256mb}
maxmemory-policy allkeys-lru
CONF
		redis_acl "$REDKEEP_REDIS_CACHE_PASSWORD"
		;;
	*)
		echo "redis-node: REDIS_ROLE must be state or cache, not $REDIS_ROLE" >&2
		exit 2
		;;
	esac
} >"$conf.tmp"
mv "$conf.tmp" "$conf"
exec redis-server "$conf"
