#!/bin/sh
# Starts one Sentinel of Redkeep's `state` group in a container (Compose or Kubernetes), as
# deploy/local/redis.sh configures them: quorum 2, down-after 5 s, failover-timeout 30 s, its own password
# (requirepass and sentinel-pass), the admin password to talk to the Redis nodes. Host names instead of IP
# addresses (resolve-hostnames, announce-hostnames): container and pod addresses change on restart, their
# DNS names do not.
#
# Sentinel rewrites its configuration as it learns the group, so the file in the data volume is kept across
# restarts (its id and the current master survive); it is written again only when missing or when the
# passwords or the announced name change.
#
# Environment:
#   SENTINEL_ANNOUNCE_HOST       this sentinel's stable DNS name
#   REDIS_INITIAL_MASTER_HOST    the node to monitor when the file is first written
#   REDIS_MASTER_NAME            default redkeep-state
#   REDIS_SENTINEL_DIR           default /data (Kubernetes: a sub-directory of the node's volume)
#   LOCAL_REDIS_ADMIN_PASSWORD, REDKEEP_REDIS_STATE_SENTINEL_PASSWORD
#   REDIS_SENTINEL_PORT, REDIS_INITIAL_MASTER_PORT, REDIS_BIND   default 26379, 6379, every interface (other
#                                values for trying the scripts outside a container)
set -eu

: "${SENTINEL_ANNOUNCE_HOST:?}" "${REDIS_INITIAL_MASTER_HOST:?}"
: "${LOCAL_REDIS_ADMIN_PASSWORD:?}" "${REDKEEP_REDIS_STATE_SENTINEL_PASSWORD:?}"
port="${REDIS_SENTINEL_PORT:-26379}"
master_port="${REDIS_INITIAL_MASTER_PORT:-6379}"
master_name="${REDIS_MASTER_NAME:-redkeep-state}"
dir="${REDIS_SENTINEL_DIR:-/data}"
conf="$dir/sentinel.conf"
mkdir -p "$dir"
umask 077

fingerprint="$(printf '%s\n' "$SENTINEL_ANNOUNCE_HOST" "$port" "$master_name" "$LOCAL_REDIS_ADMIN_PASSWORD" \
	"$REDKEEP_REDIS_STATE_SENTINEL_PASSWORD" | sha256sum | cut -c1-32)"
if [ ! -s "$conf" ] || [ "$(cat "$dir/sentinel.fingerprint" 2>/dev/null || true)" != "$fingerprint" ]; then
	# The master must resolve before Sentinel accepts `sentinel monitor` with a host name: wait until it
	# answers (at most a minute; Sentinel then fails and the container restarts).
	i=0
	until [ "$(REDISCLI_AUTH="$LOCAL_REDIS_ADMIN_PASSWORD" timeout 3 redis-cli --no-auth-warning \
		-h "$REDIS_INITIAL_MASTER_HOST" -p "$master_port" ping 2>/dev/null)" = PONG ] || [ $i -ge 60 ]; do
		i=$((i + 1))
		sleep 1
	done
	cat >"$conf.tmp" <<CONF
# Written by redis-sentinel.sh once; Sentinel rewrites it as it learns the group.
bind ${REDIS_BIND:-* -::*}
protected-mode yes
port $port
daemonize no
dir $dir
logfile ""
requirepass $REDKEEP_REDIS_STATE_SENTINEL_PASSWORD
sentinel sentinel-pass $REDKEEP_REDIS_STATE_SENTINEL_PASSWORD
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip $SENTINEL_ANNOUNCE_HOST
sentinel announce-port $port
sentinel monitor $master_name $REDIS_INITIAL_MASTER_HOST $master_port 2
sentinel auth-pass $master_name $LOCAL_REDIS_ADMIN_PASSWORD
sentinel down-after-milliseconds $master_name 5000
sentinel failover-timeout $master_name 30000
sentinel parallel-syncs $master_name 1
CONF
	mv "$conf.tmp" "$conf"
	echo "$fingerprint" >"$dir/sentinel.fingerprint"
fi
exec redis-server "$conf" --sentinel
