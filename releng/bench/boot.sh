#!/usr/bin/env bash
# Boot benchmark: starts the built distribution N times and reports the median time from process start
# to /api/health answering 200, and the resident memory (RSS) once healthy.
#   releng/bench/boot.sh [N]            (default N=10; build first with mvn -DskipTests package)
# Each run is measured twice: "cold" on an empty data folder (first start: bundles are installed) and
# "warm" on the data folder of the previous start (the usual restart). As baselines measured in the
# same run: a bare JVM printing its version (what the machine's JVM start itself costs); bare Felix + SCR +
# ConfigAdmin + Jetty (the floor the issue names); and the platform feature alone (every library, no module).
set -euo pipefail
runs=${1:-10}
here=$(cd "$(dirname "$0")" && pwd)
dist="$here/../distribution/target/opsconsole"
[ -x "$dist/bin/opsconsole" ] || { echo "build the distribution first: mvn -DskipTests package" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { date +%s%3N; }

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2)}'; }

# one start: prints "<ms to healthy> <rss kB>"; with a second argument, waits for any HTTP answer
boot() {
  local data=$1 any=${2:-} start pid rss elapsed
  start=$(now_ms)
  "$dist/bin/opsconsole" --port "$port" --data "$data" >"$work/out.log" 2>&1 &
  pid=$!
  # one polling process (not a curl per try, which would take CPU from the console on a small machine)
  if ! python3 - "$port" "$pid" "$any" <<'POLL'
import http.client, os, sys, time
port, pid, any_answer = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "any"
while True:
    try:
        os.kill(pid, 0)
    except OSError:
        sys.exit(1)
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/" if any_answer else "/api/health")
        status = c.getresponse().status
        c.close()
        if any_answer or status == 200:
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.01)
POLL
  then echo "the console exited; see $work/out.log" >&2; cat "$work/out.log" >&2; exit 1; fi
  elapsed=$(( $(now_ms) - start ))
  sleep 0.5 # let the start settle before reading memory
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  echo "$elapsed $rss"
}

# a first full start (not measured) lets the start script record its class data sharing archive
boot "$work/warmup" >/dev/null

jvm=()
for _ in $(seq "$runs"); do
  s=$(now_ms); java -version >/dev/null 2>&1; jvm+=($(( $(now_ms) - s )))
done

# The issue's reference point, measured here: bare Felix + SCR + ConfigAdmin + Felix HTTP Jetty 12 (and what they
# need), started by the same launcher from a copy of the distribution whose system/ repository holds a feature of
# exactly those bundles, to the first HTTP answer.
platform_json=$(find "$dist/system/org/opsconsole/features/platform" -name 'platform-*.json' | head -1)
bare_dist="$work/bare-dist"
cp -a "$dist" "$bare_dist"
rm -f "$bare_dist/lib/opsconsole.jsa" "$bare_dist/lib/opsconsole.jsa.stamp"
mkdir -p "$bare_dist/system/org/opsconsole/features/bare/1"
python3 - "$platform_json" "$bare_dist/system/org/opsconsole/features/bare/1/bare-1.json" <<'BARE'
import json, sys
platform = json.load(open(sys.argv[1]))
wanted = ("org.apache.felix.configadmin", "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component",
          "org.apache.felix.scr", "org.apache.felix.http.servlet-api", "commons-io", "commons-fileupload",
          "org.apache.felix.http.jetty12")
bundles = [b for b in platform["bundles"] if b["id"].split(":")[1] in wanted]
assert len(bundles) == len(wanted), bundles
json.dump({"feature-resource-version": "1.0", "id": "org.opsconsole.features:bare:json:1", "bundles": bundles},
          open(sys.argv[2], "w"), indent=2)
BARE
bare_floor=(); bare_floor_rss=()
dist_saved=$dist; dist=$bare_dist
OPSCONSOLE_FEATURES=org.opsconsole.features:bare:json:1 boot "$work/floor" any >/dev/null # records its own CDS archive
for i in $(seq "$runs"); do
  read -r t r < <(OPSCONSOLE_FEATURES=org.opsconsole.features:bare:json:1 boot "$work/floor" any); bare_floor+=("$t"); bare_floor_rss+=("$r")
done
dist=$dist_saved

platform_id=$(sed -n 's/^opsconsole.features *= *org.opsconsole.features:core:json:\(.*\)$/org.opsconsole.features:platform:json:\1/p' "$dist/conf/opsconsole.properties")
bare=(); bare_rss=()
OPSCONSOLE_FEATURES=$platform_id boot "$work/bare" any >/dev/null # first start of this data folder
for i in $(seq "$runs"); do
  read -r t r < <(OPSCONSOLE_FEATURES=$platform_id boot "$work/bare" any); bare+=("$t"); bare_rss+=("$r")
done

cold=(); warm=(); cold_rss=(); warm_rss=()
for i in $(seq "$runs"); do
  data="$work/data$i"
  read -r t r < <(boot "$data"); cold+=("$t"); cold_rss+=("$r")
  read -r t r < <(boot "$data"); warm+=("$t"); warm_rss+=("$r")
done

m_jvm=$(printf '%s\n' "${jvm[@]}" | median)
m_floor=$(printf '%s\n' "${bare_floor[@]}" | median)
m_floor_rss=$(printf '%s\n' "${bare_floor_rss[@]}" | median)
m_bare=$(printf '%s\n' "${bare[@]}" | median)
m_bare_rss=$(printf '%s\n' "${bare_rss[@]}" | median)
m_cold=$(printf '%s\n' "${cold[@]}" | median)
m_warm=$(printf '%s\n' "${warm[@]}" | median)
m_cold_rss=$(printf '%s\n' "${cold_rss[@]}" | median)
m_warm_rss=$(printf '%s\n' "${warm_rss[@]}" | median)
echo "runs: $runs on $(nproc) cores"
echo "baseline  java -version:          median ${m_jvm} ms"
echo "baseline  Felix + SCR + ConfigAdmin + Jetty: median ${m_floor} ms to first HTTP answer, RSS ${m_floor_rss} kB (warm)"
echo "baseline  platform feature only: median ${m_bare} ms to first HTTP answer, RSS ${m_bare_rss} kB (warm)"
ratio() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
echo "cold boot (empty data folder):    median ${m_cold} ms to healthy, RSS ${m_cold_rss} kB  (x$(ratio "$m_cold" "$m_bare") platform, x$(ratio "$m_cold" "$m_floor") bare)"
echo "warm boot (restart):              median ${m_warm} ms to healthy, RSS ${m_warm_rss} kB  (x$(ratio "$m_warm" "$m_bare") platform, x$(ratio "$m_warm" "$m_floor") bare)"
echo "all cold: ${cold[*]}"
echo "all warm: ${warm[*]}"
