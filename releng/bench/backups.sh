#!/usr/bin/env bash
# Backup engine benchmark on MariaDB/MySQL (OPSCONSOLE_TEST_MYSQL, default jdbc:mysql://127.0.0.1:3306/ as root with an
# empty password), on the sandbox's own generated data, which it first generates into a new database with the sandbox's
# GenerationBenchmark (scale 2: about 4.2 million rows, 430 MiB of data, in one to two minutes on 2 cores); then
# BackupBenchmark, in a JVM with -Xmx256m:
#   - dump: DatabaseDumper (2 threads, compression level 1, AES-256-GCM) against mysqldump --single-transaction --quick
#     of the same database to a file, in turns, each [runs] times: median time and the ratio ours/mysqldump (lower is
#     faster), CPU seconds of the client and of mysqld, MiB/s of the source's information_schema data_length and of
#     each one's plain output, size on disk;
#   - heap: the JVM's heap in use during the dumps (sampled every 50 ms, and after each GC), next to the largest table;
#   - restore: DatabaseLoader (2 threads) into a new scratch database against mysql < dump.sql into another, in turns,
#     each [runs] times, with CPU seconds; every restored database is checked by DatabaseChecker (no differences, or
#     the benchmark fails).
# Other work on the machine makes the times vary: the output shows the load average, and the CPU seconds vary less.
# Every database it makes is dropped, the generated one too. About 10 minutes with the defaults.
#   releng/bench/backups.sh [scale] [runs]        (the API and testing modules must be installed: mvn -B install)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
scale=${1:-2}
runs=${2:-3}
server=${OPSCONSOLE_TEST_MYSQL:-jdbc:mysql://127.0.0.1:3306/}
server=${server%%\?*}
[[ $server =~ ^jdbc:mysql://([^:/]+)(:([0-9]+))?/?$ ]] || { echo "cannot read host and port from $server" >&2; exit 1; }
host=${BASH_REMATCH[1]}
port=${BASH_REMATCH[3]:-3306}
database=opsconsole_bench_source_$(date +%s)_$$
mysql=(/usr/bin/mysql "--host=$host" "--port=$port" --user=root)
"${mysql[@]}" -e "create database $database character set utf8mb4 collate utf8mb4_bin"
trap '"${mysql[@]}" -e "drop database if exists $database"' EXIT
cd "$root"
# the measurements only: no Maven or java.util.logging chatter
quiet() { sed -e 's/\x1b\[[0-9;]*m//g' | grep -v -e '^\[INFO\]' -e '^INFO: ' -e '^WARNING: Version mismatch' -e '^$' \
  -e '^[A-Z][a-z][a-z] [0-9]*, [0-9]* .* [AP]M ' || true; }
mvn -B -o -q -Dstyle.color=never test -pl bundles/org.opsconsole.sandbox -Dtest=GenerationBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsandbox.benchmark=true -Dsandbox.benchmark.scale="$scale" -Dsandbox.benchmark.url="${server%/}/$database" \
  -DtrimStackTrace=false 2>&1 | quiet
mvn -B -o -q -Dstyle.color=never test -pl bundles/org.opsconsole.backups -Dtest=BackupBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbackup.benchmark=true -Dbackup.benchmark.database="$database" -Dbackup.benchmark.runs="$runs" -DargLine=-Xmx256m \
  -DtrimStackTrace=false 2>&1 | quiet
