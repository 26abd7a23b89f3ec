#!/usr/bin/env bash
# A real streaming replica on loopback (port 5433, pg_basebackup from the primary on 5432), and the
# read-replica tests run against it: visitors' public reads go to the hot standby, everything else
# to the primary (config/replica.py). Run by .ci/run after the suite; idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_version=$(ls /usr/lib/postgresql | sort -V | tail -1)
port=5433
if pg_lsclusters -h | grep -q "^${pg_version} replica "; then
  pg_dropcluster --stop "$pg_version" replica
fi
pg_createcluster "$pg_version" replica -p "$port" >/dev/null
data_dir="/var/lib/postgresql/${pg_version}/replica"
rm -rf "${data_dir:?}"/*
# -R writes standby.signal and primary_conninfo: the copy starts as a hot standby of the primary.
su postgres -c "pg_basebackup -D '$data_dir' -R -X stream -p 5432"
# A primary that wrote much while the copy was taken leaves WAL to replay before the standby
# accepts connections: more than pg_ctl's default minute on a loaded machine.
pg_ctlcluster "$pg_version" replica start -- -t 600
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 1; done
su postgres -c "psql -p $port -Atc 'SELECT pg_is_in_recovery()'" | grep -q t

status=0
DATABASE_REPLICA_URL="postgres://campaign:campaign@127.0.0.1:${port}/${DATABASE_URL##*/}" \
  .venv/bin/python -m pytest -p no:cacheprovider -q tests/test_read_replica_streaming.py || status=$?
pg_dropcluster --stop "$pg_version" replica
exit "$status"
