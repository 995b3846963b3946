# Sourced by ./mvnw and ./thingcore: makes JAVA_HOME point at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, then the `java` on PATH, then the newest JDK under /usr/lib/jvm.
# Fails with one clear line where there is none. Leaves the JDK's feature version in THINGCORE_JAVA_MAJOR.

thingcore_java_major() { # prints the feature version of the java binary $1, or 0
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
