# Shared by scripts/demo.sh and scripts/demo-aws.sh (sourced, with $repo set): how the
# walk-throughs run the built coffer CLI and print each step.
bold=''
plain=''
if [ -t 1 ]; then
  bold=$'\033[1m'
  plain=$'\033[0m'
fi
coffer() { node "$repo/packages/coffer/dist/cli/main.js" "$@"; }
say() { printf '\n%s\n' "$1"; }
show() {
  printf '%s$ coffer %s%s\n' "$bold" "$*" "$plain"
  coffer "$@" 2>&1
}
