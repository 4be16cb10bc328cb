#!/usr/bin/env bash
# Writes deploy/k8s/secrets.env (mode 600, git-ignored), from which kustomize generates the Secret
# `redkeep-secrets`: random values made on this machine, the same set as the local runner and Compose.
# An existing file is kept (the passwords are already inside the PostgreSQL and Redis volumes); --force
# replaces it. Clusters with an external secret store can instead create a Secret with these keys and drop
# the secretGenerator from an overlay.
set -euo pipefail

target="${REDKEEP_K8S_SECRETS_FILE:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/secrets.env}"

random() { head -c "$1" /dev/urandom | base64 | tr -d '\n=+/' | cut -c1-"$2"; }

if [[ -e "$target" && "${1:-}" != "--force" ]]; then
	chmod 0600 "$target"
	echo "$target exists; kept (use --force to replace it)"
	exit 0
fi

(
	umask 077
	{
		printf 'REDKEEP_INTERNAL_KEY=%s\n' "$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
		printf 'REDKEEP_REDIS_STATE_PASSWORD=%s\n' "$(random 48 40)"
		printf 'REDKEEP_REDIS_STATE_SENTINEL_PASSWORD=%s\n' "$(random 48 40)"
		printf 'REDKEEP_REDIS_CACHE_PASSWORD=%s\n' "$(random 48 40)"
		printf 'REDKEEP_POSTGRES_PASSWORD=%s\n' "$(random 48 40)"
		printf 'LOCAL_REDIS_ADMIN_PASSWORD=%s\n' "$(random 48 40)"
		printf 'LOCAL_POSTGRES_ADMIN_PASSWORD=%s\n' "$(random 48 40)"
	} >"$target.tmp"
	mv "$target.tmp" "$target"
)
chmod 0600 "$target"
echo "wrote $target (mode 600)"
