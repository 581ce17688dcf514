#!/usr/bin/env bash
# Proves the Docker build context is complete without Docker: copies exactly what the
# Dockerfile's COPY lines name into a temporary folder per stage, builds there (reusing the
# repository's node_modules through a symlink instead of `npm ci`), then starts the compiled
# service from the final stage's folder far enough to prove it finds its migrations, locales/
# and assets/: it applies the migrations, answers /health/ready, serves /assets/workspace.css
# and renders the login page (translated text from locales/).
#
#   scripts/check-image-context.sh            (uses DATABASE_URL if set, else an embedded PostgreSQL)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DOCKERFILE="${DOCKERFILE:-$ROOT/Dockerfile}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/oudermaatje-image-XXXXXX")"
chmod 755 "$WORK"
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- 1. Replay the COPY lines, stage by stage (stage n lives in $WORK/stage-n, as /app).
stage=-1
declare -A STAGE_DIR
while read -r line; do
  set -f
  # shellcheck disable=SC2206
  words=($line)
  set +f
  case "${words[0]^^}" in
  FROM)
    stage=$((stage + 1))
    mkdir -p "$WORK/stage-$stage"
    for ((i = 1; i < ${#words[@]}; i++)); do
      if [ "${words[$i]^^}" = AS ]; then STAGE_DIR[${words[$((i + 1))]}]="$WORK/stage-$stage"; fi
    done
    ;;
  COPY)
    from=""
    args=()
    for w in "${words[@]:1}"; do
      case "$w" in
      --from=*) from="${w#--from=}" ;;
      --*) ;;
      *) args+=("$w") ;;
      esac
    done
    dest="${args[-1]}"
    unset 'args[-1]'
    target="$WORK/stage-$stage/${dest#./}"
    for src in "${args[@]}"; do
      if [ -n "$from" ]; then
        origin="${STAGE_DIR[$from]}/${src#/app/}"
      else
        origin="$ROOT/$src"
      fi
      if [ ! -e "$origin" ]; then
        echo "!! COPY $src: not found (stage $stage)" >&2
        exit 1
      fi
      if [[ "$dest" == */ ]]; then
        mkdir -p "$target"
        cp -R "$origin" "$target"
      else
        mkdir -p "$(dirname "$target")"
        cp -R "$origin" "$target"
      fi
    done
    ;;
  RUN)
    # npm ci: the repository's node_modules instead (fast, offline); npm run build: as written.
    dir="$WORK/stage-$stage"
    if [[ "$line" == *"npm ci"* ]]; then ln -s "$ROOT/node_modules" "$dir/node_modules"; fi
    if [[ "$line" == *"npm run build"* ]]; then
      (cd "$dir" && npm run --silent build) || {
        echo "!! npm run build failed in stage $stage with only the files the Dockerfile copies" >&2
        exit 1
      }
      echo "== built in stage $stage from the copied files"
    fi
    ;;
  esac
done < <(sed -e ':a' -e '/\\$/N' -e 's/\\\n/ /' -e 'ta' "$DOCKERFILE" | sed -e 's/^\s*#.*//' |
  grep -E '^\s*(FROM|COPY|RUN)\s' || true)

FINAL="$WORK/stage-$stage"
echo "== build context replayed into $WORK ($((stage + 1)) stages)"

# --- 3. The final stage: what COPY --from=build brought (dist) plus package.json, locales,
# assets; node_modules again from the repository (the image has the pruned production set).
if [ ! -d "$FINAL/dist" ]; then
  # node_modules was a symlink in the build stage and copied as one; dist must be real.
  echo "!! the final stage has no dist/" >&2
  exit 1
fi
rm -rf "$FINAL/node_modules"
ln -s "$ROOT/node_modules" "$FINAL/node_modules"

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
pgport=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
log="$WORK/app.log"
(
  cd "$FINAL"
  exec env -i PATH="$PATH" HOME="${HOME:-/tmp}" \
    NODE_ENV=development PORT="$port" HOST=127.0.0.1 DATA_DIR="$WORK/data" \
    EMBEDDED_PG_PORT="$pgport" SEED_DEMO=false LOG_FORMAT=json LOG_LEVEL=info \
    ${DATABASE_URL:+DATABASE_URL="$DATABASE_URL"} \
    node dist/src/main.js
) >"$log" 2>&1 &
PID=$!

base="http://127.0.0.1:$port"
# GET a URL (following redirects) with Node's fetch: no curl needed; fails on a non-2xx.
get() {
  node -e "fetch(process.argv[1]).then(async (r) => { if (!r.ok) process.exit(1); process.stdout.write(await r.text()); }).catch(() => process.exit(1))" "$1"
}
for _ in $(seq 1 600); do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "!! the compiled service stopped during start:" >&2
    cat "$log" >&2
    exit 1
  fi
  if get "$base/health/ready" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
fail() {
  echo "!! $1" >&2
  cat "$log" >&2
  exit 1
}
get "$base/health/ready" >/dev/null || fail "/health/ready did not answer"
# A fresh embedded database gets every migration (dist/migrations); a given DATABASE_URL may have them.
if [ -z "${DATABASE_URL:-}" ]; then
  grep -qE 'Applied [1-9][0-9]* migration' "$log" || fail "no migrations were applied (dist/migrations)"
fi
get "$base/assets/workspace.css" >/dev/null || fail "assets/workspace.css not served"
page="$(get "$base/")" || fail "the workspace did not answer"
grep -q 'utrecht' <<<"$page" || fail "the login page did not render"
grep -qi 'wachtwoord' <<<"$page" || fail "the login page has no translated text (locales/)"
echo "== the compiled service started from the image's files: migrations, locales/ and assets/ found"
