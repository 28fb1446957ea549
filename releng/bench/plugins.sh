#!/usr/bin/env bash
# Plugin manager benchmark: in one console, with the example extension (built by the archetype's integration test)
# signed by a key of the truststore:
#   - plan + apply and uninstall of the feature, median of 10, against a baseline measured in the same run;
#   - 20 install/update/uninstall rounds under a steady load of requests to other modules: failed requests and
#     bundles outside the feature that restarted;
#   - 50 install/uninstall cycles: heap after GC and loaded classes before and after (a class loader leak grows).
#   releng/bench/plugins.sh [feature.zip]        (build first: mvn -B -DskipTests install && mvn -B -pl releng/archetype install)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
feature=${1:-$root/releng/archetype/target/test-classes/projects/example/project/opsconsole-example/target/opsconsole-example-1.0.0.zip}
[ -f "$feature" ] || { echo "no feature archive at $feature: build the archetype with its integration test (mvn -pl releng/archetype install)" >&2; exit 1; }
[ -d "$root/releng/itests/target/test-classes" ] || { echo "build the product tests first: mvn -B -DskipTests install" >&2; exit 1; }
cp=$(mktemp)
trap 'rm -f "$cp"' EXIT
mvn -q -o -f "$root/releng/itests/pom.xml" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >/dev/null
cd "$root/releng/itests"
exec java -Xmx512m -XX:+UseSerialGC -Dopsconsole.distribution="$root/releng/distribution/target/opsconsole" \
  -cp "$root/releng/itests/target/test-classes:$(cat "$cp")" org.opsconsole.itests.PluginBenchmark "$feature"
