#!/usr/bin/env bash
# The same walk-through as scripts/demo.sh, on AWS Parameter Store (aws.ps) and Secrets Manager
# (aws.sm), against moto started on 127.0.0.1 (installed into ~/.cache/coffer/venv if needed). Nothing reaches AWS.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
demo="$repo/.coffer-demo"
mkdir -p "$demo"

echo "coffer demo: installing and building, and the AWS emulator (moto) the first time..."
if ! bash scripts/bootstrap.sh >"$demo/bootstrap.log" 2>&1; then
  tail -n 30 "$demo/bootstrap.log" >&2
  echo "coffer demo: the install failed; the full log is $demo/bootstrap.log" >&2
  exit 1
fi
python="$(bash scripts/setup-moto.sh 2>>"$demo/bootstrap.log")"
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
"$python" -m moto.server -H 127.0.0.1 -p "$port" >"$demo/moto.log" 2>&1 &
moto=$!
trap 'kill "$moto" 2>/dev/null || true' EXIT
node -e '
  const url = process.argv[1];
  const poll = (left) => fetch(url).then(() => process.exit(0), () => (left ? setTimeout(poll, 200, left - 1) : process.exit(1)));
  poll(150);
' "http://127.0.0.1:$port/moto-api/" || { echo "coffer demo: moto did not start; see $demo/moto.log" >&2; exit 1; }

# Fake credentials for the emulator; AWS_ENDPOINT_URL sends every call to it.
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1
export AWS_ENDPOINT_URL="http://127.0.0.1:$port"
export COFFER_CACHE="sqlite://$demo/aws-cache.db"
rm -f "$demo/aws-cache.db" "$demo/aws-cache.db.key"
# shellcheck source=scripts/demo-lib.sh
source "$repo/scripts/demo-lib.sh"

say "moto listens on $AWS_ENDPOINT_URL (AWS_ENDPOINT_URL); the cache is .coffer-demo/aws-cache.db."

say "1. Create parameters and a JSON secret (a value from stdin stays out of the process list):"
show update aws.ps /demo/app/db/host db.internal --create --type String
printf '%s$ echo demo-password | coffer update aws.ps /demo/app/db/password - --create%s\n' "$bold" "$plain"
echo demo-password | coffer update aws.ps /demo/app/db/password - --create
printf '%s$ echo '"'"'{"user":"app","password":"demo-password"}'"'"' | coffer update aws.sm demo/db - --create%s\n' "$bold" "$plain"
echo '{"user":"app","password":"demo-password"}' | coffer update aws.sm demo/db - --create

say "2. Read a parameter, and one key of a secret:"
show get aws.ps /demo/app/db/host --stats
show get aws.sm demo/db user

say "3. List a parameter path (SecureStrings decrypted; --no-decrypt to see them as stored):"
show get-by-path aws.ps /demo/app --format table

say "4. The same read in a new process: served from the SQLite cache, no API call:"
show get aws.ps /demo/app/db/host --stats

say "5. Does it exist? (exit code 0 or 1)"
printf '%s$ coffer exists aws.sm demo/db password && echo yes%s\n' "$bold" "$plain"
coffer exists aws.sm demo/db password && echo yes
