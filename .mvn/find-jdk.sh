# Sourced by ./mvnw and ./thingcore: makes JAVA_HOME point at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, then the `java` on PATH, then the newest JDK under /usr/lib/jvm.
# Fails with one clear line where there is none. Leaves the JDK's feature version in THINGCORE_JAVA_MAJOR.

thingcore_java_major() { # prints the feature version of the java binary $1, or 0
  # A JDK's `release` file (JEP 220's run-time image layout) names its version. Reading it costs nothing, where
  # starting the JVM to ask cost 40-60 ms per JDK looked at, on every ./thingcore and ./mvnw call.
  release="$(dirname "$(dirname "$(readlink -f "$1")")")/release"
  if [ -f "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9.]*\).*/\1/p' "$release")
    case $version in 1.*) version=${version#1.} ;; esac # 1.8.0_402: feature version 8
    if [ -n "$version" ]; then
      echo "${version%%.*}"
      return 0
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1 | grep . || echo 0
}

thingcore_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    THINGCORE_JAVA_MAJOR=$(thingcore_java_major "$JAVA_HOME/bin/java")
    [ "$THINGCORE_JAVA_MAJOR" -ge 21 ] && return 0
  fi
  if command -v java >/dev/null 2>&1; then
    path_java=$(command -v java)
    THINGCORE_JAVA_MAJOR=$(thingcore_java_major "$path_java")
    if [ "$THINGCORE_JAVA_MAJOR" -ge 21 ]; then
      JAVA_HOME=$(cd "$(dirname "$(readlink -f "$path_java")")/.." && pwd)
      export JAVA_HOME
      return 0
    fi
  fi
  best="" best_major=0
  for candidate in /usr/lib/jvm/*/; do
    [ -x "${candidate}bin/java" ] && [ -x "${candidate}bin/javac" ] || continue
    major=$(thingcore_java_major "${candidate}bin/java")
    if [ "$major" -gt "$best_major" ]; then best=${candidate%/} best_major=$major; fi
  done
  if [ "$best_major" -ge 21 ]; then
    JAVA_HOME=$best
    THINGCORE_JAVA_MAJOR=$best_major
    export JAVA_HOME
    return 0
  fi
  echo "thingcore: no JDK 21 or newer found (checked JAVA_HOME, java on PATH, /usr/lib/jvm); install one or set JAVA_HOME" >&2
  return 1
}

thingcore_find_jdk || exit 1
