#!/usr/bin/env bash
# Builds the three directories that the image adds to the application's layers (docs/adr/0013), from this machine:
#   OUT/runtime  /opt/java: a jlinked runtime of the build JDK, only the modules the gateway uses
#   OUT/libc     the shared libraries that runtime links (glibc and its loader), at their own paths
#   OUT/system   /etc/passwd and /etc/group naming the thingcore user (10001), /tmp, the data dir /var/lib/thingcore
# Usage: build-root.sh JDK_HOME OUT CLASSES
set -euo pipefail
jdk=$1
out=$2
# The module's own classes directory: Jib reads it, and this module has no classes, so nothing else creates it.
mkdir -p "$3"

# `jdeps --print-module-deps --ignore-missing-deps --multi-release 21` over thingcore.jar and lib/*.jar, and the
# `requires` of the modular jars there: java.base, java.logging, java.management, java.naming, java.security.jgss
# (PostgreSQL's GSS authentication), java.sql, java.xml, jdk.unsupported, jdk.management. java.desktop is left out:
# only java.beans.Transient annotations (AWS SDK models) and PostgreSQL's geometric types name it. Added, as no
# bytecode names them: java.net.http, jdk.crypto.ec (EC for TLS on runtimes that still split it out), jdk.naming.dns.
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,jdk.unsupported
modules+=,jdk.crypto.ec,jdk.management,jdk.naming.dns

# Compact object headers (JEP 519, a product option from JDK 25), as ./thingcore starts the gateway: baked into the
# runtime, so the image's entry point stays the same whichever JDK (21 or later) built it.
options=()
major=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')
if [ "${major:-0}" -ge 25 ]; then options+=(--add-options=-XX:+UseCompactObjectHeaders); fi

rm -rf "$out"
mkdir -p "$out/runtime/opt" "$out/libc" "$out/system"
"$jdk/bin/jlink" --add-modules "$modules" "${options[@]}" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-6 --output "$out/runtime/opt/java"

# Every shared library the runtime's executables and libraries link, resolved to files, copied at the path the
# dynamic loader looks them up by. glibc loads libgcc_s at run time for thread cancellation and unwinding
# (pthread_cancel), so it is named as well.
libraries=$(
  find "$out/runtime/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -exec ldd {} \; 2>/dev/null \
    | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u
)
# awk reads to the end rather than exit at the first match: an early exit can kill ldconfig with SIGPIPE while it is
# still writing, and under pipefail that status (141) would fail the build.
libgcc=$(ldconfig -p | awk '$1 == "libgcc_s.so.1" && /x86-64/ && !found {print $NF; found = 1}')
for library in $libraries $libgcc; do
  case "$library" in "$out"/*) continue ;; esac
  mkdir -p "$out/libc$(dirname "$library")"
  cp -L "$library" "$out/libc$library"
done

mkdir -p "$out/system/etc" "$out/system/tmp" "$out/system/var/lib/thingcore"
printf 'root:x:0:0:root:/root:/sbin/nologin\nthingcore:x:10001:10001:thingcore:/var/lib/thingcore:/sbin/nologin\n' \
  >"$out/system/etc/passwd"
printf 'root:x:0:\nthingcore:x:10001:\n' >"$out/system/etc/group"
