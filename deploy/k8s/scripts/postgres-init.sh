#!/bin/sh
# Run once by the postgres image's entrypoint on an empty data directory (/docker-entrypoint-initdb.d), as
# deploy/local/postgres.sh does for the local cluster: the role `redkeep` with its own password, and the
# four service databases owned by it with CONNECT revoked from PUBLIC. The superuser keeps its own password
# (POSTGRES_PASSWORD), which no service receives.
set -eu
: "${REDKEEP_POSTGRES_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 -v pw="$REDKEEP_POSTGRES_PASSWORD" --username "$POSTGRES_USER" --dbname postgres <<'SQL'
SELECT 'CREATE ROLE redkeep LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'redkeep') \gexec
ALTER ROLE redkeep WITH LOGIN PASSWORD :'pw';
SELECT 'CREATE DATABASE redkeep_auth OWNER redkeep' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'redkeep_auth') \gexec
REVOKE ALL ON DATABASE redkeep_auth FROM PUBLIC;
SELECT 'CREATE DATABASE redkeep_content OWNER redkeep' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'redkeep_content') \gexec
REVOKE ALL ON DATABASE redkeep_content FROM PUBLIC;
SELECT 'CREATE DATABASE redkeep_realtime OWNER redkeep' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'redkeep_realtime') \gexec
REVOKE ALL ON DATABASE redkeep_realtime FROM PUBLIC;
SELECT 'CREATE DATABASE redkeep_analytics OWNER redkeep' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'redkeep_analytics') \gexec
REVOKE ALL ON DATABASE redkeep_analytics FROM PUBLIC;
SQL
