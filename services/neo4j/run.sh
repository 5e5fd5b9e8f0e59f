#!/usr/bin/env bash
# Local Neo4j 5.26 Community (embedded launcher, Bolt only, auth disabled) for encircle tests.
#
#   services/neo4j/run.sh start|stop|status|build
#
# Env: NEO4J_BOLT_PORT (7687)  NEO4J_HEAP (2g, -Xmx)  NEO4J_HEAP_MIN (= NEO4J_HEAP, -Xms)  NEO4J_PAGECACHE (512m)
#      NEO4J_TX_MAX / NEO4J_TX_TOTAL_MAX (transaction memory caps; default 50% / 75% of heap)
#      NEO4J_TX_TIMEOUT (db.transaction.timeout, longest a transaction may run; default 1h)
#      NEO4J_START_TIMEOUT (180 s)  NEO4J_JAVA_OPTS (extra JVM flags)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN="$HERE/run"
PIDFILE="$RUN/neo4j.pid"
DATAFILE="$RUN/datadir"
PORTFILE="$RUN/port"
LOG="$RUN/neo4j.log"
STAMP="$HERE/target/.built"
PORT="${NEO4J_BOLT_PORT:-7687}"
HEAP="${NEO4J_HEAP:-2g}"
export NEO4J_BOLT_PORT="$PORT"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
pid() { cat "$PIDFILE" 2>/dev/null || true; }
alive() { local p; p="$(pid)"; [[ -n $p ]] && kill -0 "$p" 2>/dev/null; }

build() {
  if [[ -f $STAMP && -z $(find "$HERE/pom.xml" "$HERE/src" -newer "$STAMP" -print -quit) ]]; then
    return 0
  fi
  echo "neo4j: building (mvn package; the first build downloads ~125 MB into ~/.m2) ..."
  mkdir -p "$RUN"
  # Offline first (everything cached in ~/.m2), online only if that fails.
  if ! mvn -q -B -o -f "$HERE/pom.xml" package >"$RUN/build.log" 2>&1 &&
     ! mvn -q -B -f "$HERE/pom.xml" package >"$RUN/build.log" 2>&1; then
    cat "$RUN/build.log" >&2; echo "neo4j: build failed" >&2; exit 1
  fi
  touch "$STAMP"
}

cleanup_data() {
  local d; d="$(cat "$DATAFILE" 2>/dev/null || true)"
  [[ -n $d && -d $d ]] && rm -rf -- "$d"
  rm -f "$PIDFILE" "$DATAFILE" "$PORTFILE"
}

fail() { echo "neo4j: $1; last log lines ($LOG):" >&2; tail -n 40 "$LOG" >&2 || true; exit 1; }

start() {
  if port_open; then
    echo "neo4j: bolt://127.0.0.1:$PORT already accepting connections$(alive && echo " (pid $(pid))")"
    return 0
  fi
  if alive && [[ $(cat "$PORTFILE" 2>/dev/null) != "$PORT" ]]; then
    echo "neo4j: already running as pid $(pid) on port $(cat "$PORTFILE" 2>/dev/null); stop it first" >&2; exit 1
  fi
  if ! alive; then
    build
    cleanup_data
    mkdir -p "$RUN"
    local data; data="$(mktemp -d -t encircle-neo4j.XXXXXX)"
    echo "$data" >"$DATAFILE"
    echo "$PORT" >"$PORTFILE"
    # shellcheck disable=SC2086
    nohup java -Xmx"$HEAP" -Xms"${NEO4J_HEAP_MIN:-$HEAP}" \
      -XX:+UseG1GC -XX:+DisableExplicitGC -XX:-OmitStackTraceInFastThrow -XX:+ExitOnOutOfMemoryError \
      -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true -Dlog4j2.disable.jmx=true \
      --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
      --add-opens=java.base/java.io=ALL-UNNAMED ${NEO4J_JAVA_OPTS:-} \
      -cp "$HERE/target/classes:$HERE/target/lib/*" dev.encircle.neo4j.Launcher "$data" \
      >"$LOG" 2>&1 </dev/null &
    echo $! >"$PIDFILE"
    echo "neo4j: starting (pid $(pid), data $data, log $LOG) ..."
  fi
  local deadline=$((SECONDS + ${NEO4J_START_TIMEOUT:-180}))
  until port_open && grep -q "ready on bolt://" "$LOG"; do
    alive || { cleanup_data; fail "process died during startup"; }
    ((SECONDS < deadline)) || { stop >/dev/null; fail "not ready after ${NEO4J_START_TIMEOUT:-180}s (stopped)"; }
    sleep 0.5
  done
  echo "neo4j: ready on bolt://127.0.0.1:$PORT (pid $(pid))"
}

stop() {
  if alive; then
    local p; p="$(pid)"
    kill -TERM "$p"
    for _ in $(seq 1 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$p" 2>/dev/null; then echo "neo4j: pid $p ignored SIGTERM for 60s, killing"; kill -KILL "$p"; fi
    echo "neo4j: stopped (pid $p)"
  else
    echo "neo4j: not running"
  fi
  cleanup_data
}

status() {
  alive && PORT="$(cat "$PORTFILE" 2>/dev/null || echo "$PORT")"
  if alive && port_open; then
    echo "neo4j: running, pid $(pid), bolt://127.0.0.1:$PORT, data $(cat "$DATAFILE" 2>/dev/null)"
  elif alive; then
    echo "neo4j: pid $(pid) alive but bolt port $PORT not (yet) open"; return 3
  elif port_open; then
    echo "neo4j: bolt port $PORT open, but not managed by this script"
  else
    echo "neo4j: not running"; return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  build) build ;;
  *) echo "usage: $0 start|stop|status|build" >&2; exit 2 ;;
esac
