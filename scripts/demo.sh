#!/usr/bin/env bash
# The README's first command: installs what coffer needs (pnpm, dependencies, build), then walks
# through the CLI on a local YAML file with the encrypted SQLite cache. Everything it makes lives
# in .coffer-demo/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
demo="$repo/.coffer-demo"
mkdir -p "$demo"

echo "coffer demo: installing and building (the first time takes a minute or two)..."
if ! bash scripts/bootstrap.sh >"$demo/bootstrap.log" 2>&1; then
  tail -n 30 "$demo/bootstrap.log" >&2
  echo "coffer demo: the install failed; the full log is $demo/bootstrap.log" >&2
  exit 1
fi

# A fresh secrets file and cache each time, so the walk-through always shows the same thing.
rm -f "$demo/cache.db" "$demo/cache.db.key"
cat >"$demo/secrets.yml" <<'YAML'
# Any JSON, YAML or .env file works with the file provider.
app:
  db:
    host: db.internal
    credentials: '{"user": "app", "password": "demo-password"}'
  flags:
    new-ui: "off"
YAML
cat >"$demo/coffer.yml" <<'YAML'
providers:
  file: { file: secrets.yml }
env:
  DB_HOST: { provider: file, path: /app/db/host }
  DB_USER: { provider: file, path: /app/db/credentials, keypath: [user] }
YAML

export COFFER_FILE="$demo/secrets.yml"
export COFFER_CACHE="sqlite://$demo/cache.db"
cache_note="in an encrypted SQLite file that every process shares (COFFER_CACHE=sqlite://.coffer-demo/cache.db)."
second_run="served from the SQLite cache, no file read:"
# The SQLite cache needs the sqlite3 native module; without it the walk-through still runs, in memory.
if ! (cd packages/coffer && node -e "require('@coffer/cache-keyv')") >/dev/null 2>&1; then
  export COFFER_CACHE=memory
  cache_note="in memory (the SQLite cache could not load here: see $demo/bootstrap.log)."
  second_run="a new process has an empty memory cache, so it reads the file again:"
fi
# shellcheck source=scripts/demo-lib.sh
source "$repo/scripts/demo-lib.sh"

say "The file provider reads .coffer-demo/secrets.yml (COFFER_FILE); values are cached
$cache_note"

say "1. Read a value (--stats shows the counters: one read of the file), and a key of a JSON value:"
show get file /app/db/host --stats
show get file /app/db/credentials user

say "2. List everything under a path:"
show get-by-path file /app --format table

say "3. Update a value (the file is rewritten atomically, its comments kept, mode 0600):"
show update file /app/flags/new-ui on
show get file /app/flags/new-ui

say "4. Run the first read again, in a new process: $second_run"
show get file /app/db/host --stats

say "5. Run a program with secrets as environment variables (.coffer-demo/coffer.yml maps names to secrets):"
printf '%s$ coffer run -- node -e '"'"'console.log(...)'"'"'%s\n' "$bold" "$plain"
(cd "$demo" && coffer run -- node -e 'console.log(`connecting to ${process.env.DB_HOST} as ${process.env.DB_USER}`)')

say "Next: README.md for the library API, docs/cli.md for every command, and
'bash scripts/demo-aws.sh' for the same on AWS Parameter Store and Secrets Manager (local emulator)."
