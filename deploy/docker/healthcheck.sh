#!/bin/bash
# Container health check without curl or wget in the image: one HTTP/1.0 GET over bash's /dev/tcp to the
# service's own port, healthy on a 200 answer. Usage: healthcheck [path], default the readiness group.
# The port is the service's (HEALTHCHECK_PORT, set by the Dockerfile from the module's default); the
# gateway answers the health groups on its public port too (spec/http-api.md, "Operations").
set -u
path="${1:-/actuator/health/readiness}"
port="${HEALTHCHECK_PORT:?}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nAccept: application/json\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
[[ "$status" == "HTTP/1."[01]" 200"* ]]
