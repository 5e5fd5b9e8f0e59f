#!/usr/bin/env bash
# Local Neo4j 5.26 Community (embedded launcher, Bolt only, auth disabled) for encircle tests.
#
#   services/neo4j/run.sh start|stop|status|build
#   services/neo4j/run.sh stop-keep           stop, keeping the database files for the next start
#   services/neo4j/run.sh admin ARGS...       neo4j-admin on the stopped server's files
#
# bin/neo4j (start|stop|status, stop keeping the files) and bin/neo4j-admin call these, so
# this folder can be given as NEO4J_HOME, as for an installed server (encircle load --bulk).
#
# Env for admin: NEO4J_ADMIN_HEAP (1g, -Xmx of neo4j-admin)
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
KEPT="$RUN/kept"  # present after stop-keep: the next start reuses the data and the port
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

kept() { [[ -f $KEPT && -d $(cat "$DATAFILE" 2>/dev/null) ]]; }

cleanup_data() {
  local d; d="$(cat "$DATAFILE" 2>/dev/null || true)"
  [[ -n $d && -d $d ]] && rm -rf -- "$d"
  rm -f "$PIDFILE" "$DATAFILE" "$PORTFILE" "$KEPT"
}

fail() { echo "neo4j: $1; last log lines ($LOG):" >&2; tail -n 40 "$LOG" >&2 || true; exit 1; }

start() {
  local reused=""  # set when starting on the files stop-keep kept: they are kept again if the start fails
  if ! alive && kept; then
    PORT="$(cat "$PORTFILE")"; export NEO4J_BOLT_PORT="$PORT"
    if port_open; then echo "neo4j: port $PORT of the stopped server is taken by another process" >&2; exit 1; fi
  fi
  if port_open; then
    echo "neo4j: bolt://127.0.0.1:$PORT already accepting connections$(alive && echo " (pid $(pid))")"
    return 0
  fi
  if alive && [[ $(cat "$PORTFILE" 2>/dev/null) != "$PORT" ]]; then
    echo "neo4j: already running as pid $(pid) on port $(cat "$PORTFILE" 2>/dev/null); stop it first" >&2; exit 1
  fi
  if ! alive; then
    build
    local data
    if kept; then
      reused=1
      data="$(cat "$DATAFILE")"  # the files stop-keep kept (a bulk import may have replaced them)
      rm -f "$KEPT"
    else
      cleanup_data
      mkdir -p "$RUN"
      data="$(mktemp -d -t encircle-neo4j.XXXXXX)"
      echo "$data" >"$DATAFILE"
      echo "$PORT" >"$PORTFILE"
    fi
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
    alive || { if [[ $reused ]]; then rm -f "$PIDFILE"; touch "$KEPT"; else cleanup_data; fi; fail "process died during startup"; }
    ((SECONDS < deadline)) || { stop >/dev/null; fail "not ready after ${NEO4J_START_TIMEOUT:-180}s (stopped)"; }
    sleep 0.5
  done
  echo "neo4j: ready on bolt://127.0.0.1:$PORT (pid $(pid))"
}

stop() {
  halt
  cleanup_data
}

# Stop, keeping the database files (and the port) for the next start: what a server
# installed from Neo4j's packages does on `neo4j stop`, and what neo4j-admin needs.
stop_keep() {
  if ! alive && ! kept; then echo "neo4j: not running (no files kept)" >&2; exit 1; fi
  halt
  rm -f "$PIDFILE"
  touch "$KEPT"
}

# neo4j-admin (the admin commands of the Maven build's jars: database import, dump, load,
# info) on the files of this server, which must be stopped with stop-keep first.
admin() {
  build
  if alive; then echo "neo4j: neo4j-admin needs the server stopped (bin/neo4j stop)" >&2; exit 1; fi
  local home; home="$(cat "$DATAFILE" 2>/dev/null || true)"
  if ! kept; then echo "neo4j: no stopped server's files (start, then bin/neo4j stop)" >&2; exit 1; fi
  NEO4J_HOME="$home" exec java -Xmx"${NEO4J_ADMIN_HEAP:-1g}" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.io=ALL-UNNAMED -Dlog4j2.disable.jmx=true \
    -cp "$HERE/target/lib/*" org.neo4j.cli.AdminTool "$@"
}

halt() {
  if alive; then
    local p; p="$(pid)"
    kill -TERM "$p"
    for _ in $(seq 1 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$p" 2>/dev/null; then echo "neo4j: pid $p ignored SIGTERM for 60s, killing"; kill -KILL "$p"; fi
    echo "neo4j: stopped (pid $p)"
  else
    echo "neo4j: not running"
  fi
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
  stop-keep) stop_keep ;;
  admin) shift; admin "$@" ;;
  *) echo "usage: $0 start|stop|stop-keep|status|build|admin ARGS..." >&2; exit 2 ;;
esac
