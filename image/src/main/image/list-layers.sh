#!/usr/bin/env bash
# Lists the image tar that Jib built: the tar's own entries (OCI image layout), the manifest, then each layer with
# its size, entry count and first files. Usage: list-layers.sh image/target/thingcore-image.tar
set -euo pipefail
image=$1
layout=$(mktemp -d)
trap 'rm -rf "$layout"' EXIT
tar -xf "$image" -C "$layout"
digests() { grep -o '"digest" *: *"sha256:[0-9a-f]*"' "$1" | sed 's/.*sha256:\([0-9a-f]*\)"/\1/'; }

echo "-- $image ($(stat -c %s "$image") bytes)"
tar -tvf "$image"
# Filters below read their input to the end (awk, not head): under pipefail, a writer killed by SIGPIPE fails the script.
manifest=$(digests "$layout/index.json" | awk 'NR == 1')
echo "-- manifest sha256:$manifest"
cat "$layout/blobs/sha256/$manifest"
echo
# The manifest names the config first, then the layers in order.
for layer in $(digests "$layout/blobs/sha256/$manifest" | tail -n +2); do
  blob="$layout/blobs/sha256/$layer"
  entries=$(tar --warning=no-unknown-keyword -tzf "$blob" | wc -l)
  first=$(tar --warning=no-unknown-keyword -tzf "$blob" | awk '!/\/$/ && shown < 3 {printf "%s ", $0; shown++}')
  echo "-- layer sha256:${layer:0:12}: $(stat -c %s "$blob") bytes, $entries entries: ${first}..."
done
