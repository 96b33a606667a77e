#!/bin/bash
# Throughput behind nginx: one Lamppu server, then two (each `lamppu serve`, gunicorn with 2 workers,
# its own instance folder), on one throwaway PostgreSQL database with the demo organisation and a
# shared Redis; wrk, 16 connections for 8 s per route, loopback only. Needs PostgreSQL on
# 127.0.0.1:5432, Redis on 127.0.0.1:6379, nginx and wrk. Usage: bash benchmarks/two_servers.sh
set -eu
WT=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d /tmp/lamppu-two-servers.XXXXXX)
cd "$W"
DB=lamppu_srvbench_$$
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB"
export PYTHONPATH=$WT
export LAMPPU_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/$DB"
export LAMPPU_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
export LAMPPU_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0
export LAMPPU_RATELIMIT_KEY_PREFIX=srvbench$$
export LAMPPU_FILES_PATH=$W/files
export LAMPPU_LOG_LEVEL=WARNING
export LAMPPU_TRUSTED_PROXIES=1
L="python -c 'from registry.cli import main; main()'"
LAMPPU_INSTANCE_PATH=$W/a setsid bash -c "$L serve --demo --port 18101 --workers 2" > a.log 2>&1 &
echo $! > a.pid
for i in $(seq 120); do curl -fs http://127.0.0.1:18101/healthz >/dev/null && break; sleep 1; done
LAMPPU_INSTANCE_PATH=$W/b setsid bash -c "$L serve --port 18102 --workers 2" > b.log 2>&1 &
echo $! > b.pid
for i in $(seq 120); do curl -fs http://127.0.0.1:18102/healthz >/dev/null && break; sleep 1; done
TOKEN=$(LAMPPU_INSTANCE_PATH=$W/a bash -c "$L users token laatu@kao.example --name bench" | tail -1)
echo "$TOKEN" > token
for mode in one two; do
  servers="server 127.0.0.1:18101;"
  [ $mode = two ] && servers="$servers server 127.0.0.1:18102;"
  mkdir -p ng-$mode
  cat > ng-$mode/nginx.conf <<NG
pid $W/ng-$mode/nginx.pid;
error_log $W/ng-$mode/error.log;
worker_processes 1;
events {}
http {
  access_log off;
  client_body_temp_path $W/ng-$mode/body; proxy_temp_path $W/ng-$mode/proxy;
  fastcgi_temp_path $W/ng-$mode/f; uwsgi_temp_path $W/ng-$mode/u; scgi_temp_path $W/ng-$mode/s;
  upstream lamppu { $servers keepalive 16; }
  server { listen 127.0.0.1:18100;
    location / { proxy_pass http://lamppu; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; } }
}
NG
  /usr/sbin/nginx -c $W/ng-$mode/nginx.conf -p $W/ng-$mode
  sleep 0.5
  for path in /api/v1/documents/TO-001 "/api/v1/search?q=ohje" /login; do
    hdr=(); [ "$path" != /login ] && hdr=(-H "Authorization: Bearer $TOKEN")
    curl -fsS -o /dev/null "${hdr[@]}" "http://127.0.0.1:18100$path"
    echo "== $mode server(s) $path"
    wrk -t2 -c16 -d8s "${hdr[@]}" "http://127.0.0.1:18100$path" | grep -E "Requests/sec|Latency|Non-2xx"
  done
  /usr/sbin/nginx -c $W/ng-$mode/nginx.conf -p $W/ng-$mode -s quit
  sleep 1
done
kill -TERM -- -$(cat a.pid) -$(cat b.pid) || true
sleep 3
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $DB WITH (FORCE)"
cd / && rm -rf "$W"
