#!/usr/bin/env bash
# Monitoring time series benchmark, on H2 (in memory, MySQL mode) and on MariaDB/MySQL (OPSCONSOLE_TEST_MYSQL, default
# jdbc:mysql://127.0.0.1:3306/ as root with an empty password):
#   - ingest: samples/s through SeriesStore.write (1,000 targets x 10 series, 2M samples by default) against a plain
#     JDBC loop of single-row inserts of 20k samples measured in the same run;
#   - charts: 100 series with 7 days of raw samples every 15 s and 30 days of roll-ups; query(100 series, 30 days,
#     600 points) and query(100 series, 1 hour, 600 points), median of 20 (goal for the month: < 200 ms);
#   - the probe scheduler: 1,000 targets every 15 s (a TCP connection to a local port each, samples stored) for
#     60 s (-Dmonitoring.benchmark.seconds), against the same 1,000 probes one after another: probes run / due,
#     the longest start after the due time, skipped runs, dropped samples, CPU.
#   releng/bench/monitoring.sh [h2,mysql] [samples]        (the API and testing modules must be installed: mvn -B install)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dbs=${1:-h2,mysql}
samples=${2:-2000000}
cd "$root"
mvn -B -o -q test -pl bundles/org.opsconsole.monitoring -Dtest=SeriesBenchmark,SchedulerBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dmonitoring.benchmark=true -Dmonitoring.benchmark.db="$dbs" -Dmonitoring.benchmark.samples="$samples" \
  -DtrimStackTrace=false 2>&1 | grep -v -e '^\[INFO\]' -e '^WARNING: Dropped'
