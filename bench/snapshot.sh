#!/bin/sh
# Copies a commit's tree (with this checkout's bench/) to a directory and builds it there, so a long
# bench run is not restarted by wrangler's file watcher when the working tree changes meanwhile.
#   bench/snapshot.sh <commit> <dir>      then: cd <dir> && npm run bench -- fanout
set -e
commit=$1; dir=$2
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$dir"; mkdir -p "$dir"
git -C "$root" archive "$commit" | tar -x -C "$dir"
rm -rf "$dir/bench"; cp -r "$root/bench" "$dir/bench"
ln -s "$root/node_modules" "$dir/node_modules"
(cd "$dir" && npm run build --silent >/dev/null)
echo "$dir: $(git -C "$root" rev-parse --short "$commit") with bench/ from $root"
