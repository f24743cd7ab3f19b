# Shared by run.sh and test.sh: installing the pinned tools and running Azurite.
# shellcheck shell=bash

AZURITE_ACCOUNT_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

require_command() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is required but not installed. $2" >&2; exit 1; }
}

# npm packages pinned by package-lock.json (Azurite); reinstalled when the lockfile changes.
ensure_node_modules() {
  require_command node "Install Node.js 20 or later."
  require_command npm "Install npm."
  local stamp=node_modules/.lock-stamp
  if [ ! -x node_modules/.bin/azurite ] || [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
    log "Installing pinned npm tools (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >&2
    cp package-lock.json "$stamp"
  fi
}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# azurite_start DATA_DIR BLOB_PORT: blob on BLOB_PORT, queue on +1, table on +2, loopback only.
# Sets AZURITE_PID and AZURITE_CONNECTION_STRING.
azurite_start() {
  local dir=$1 blob=$2 queue=$(($2 + 1)) table=$(($2 + 2))
  for port in "$blob" "$queue" "$table"; do
    port_is_free "$port" || { echo "error: port $port is in use; stop whatever listens there (another Azurite?)" >&2; return 1; }
  done
  mkdir -p "$dir"
  node_modules/.bin/azurite --silent --location "$dir" --debug "$dir/debug.log" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$blob" --queuePort "$queue" --tablePort "$table" \
    --skipApiVersionCheck --loose >"$dir/azurite.log" 2>&1 &
  AZURITE_PID=$!
  local waited=0
  until ! port_is_free "$blob" && ! port_is_free "$table"; do
    sleep 0.2
    waited=$((waited + 1))
    if [ "$waited" -gt 150 ] || ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      echo "error: Azurite did not start; see $dir/azurite.log" >&2
      return 1
    fi
  done
  AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${table}/devstoreaccount1;"
  export AZURITE_PID AZURITE_CONNECTION_STRING
}

# stop_process PID: TERM, then KILL after a few seconds.
stop_process() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL "$pid" 2>/dev/null || true
}

# random_base64 N: N random bytes, base64.
random_base64() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }

# azurite_put_blob BLOB_PORT CONTAINER NAME FILE: creates the container if needed and uploads FILE as a block blob,
# signed with a short account SAS over the emulator's well-known key (curl and openssl only, no SDK needed).
azurite_put_blob() {
  local blob_port=$1 container=$2 name=$3 file=$4
  local account=devstoreaccount1 version=2021-08-06 expiry sts hexkey sig query base
  expiry=$(date -u -d '+15 minutes' +%Y-%m-%dT%H:%M:%SZ)
  # The string to sign ends with newlines that command substitution would strip: keep them behind a sentinel.
  sts=$(printf '%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\nx' "$account" rwc b co "" "$expiry" "" http "$version" "")
  sts=${sts%x}
  hexkey=$(printf '%s' "$AZURITE_ACCOUNT_KEY" | base64 -d | od -An -tx1 | tr -d ' \n')
  sig=$(printf '%s' "$sts" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" -binary | base64 -w0)
  sig=${sig//+/%2B}; sig=${sig//\//%2F}; sig=${sig//=/%3D}
  query="sv=$version&ss=b&srt=co&sp=rwc&se=${expiry//:/%3A}&spr=http&sig=$sig"
  base="http://127.0.0.1:$blob_port/$account/$container"
  curl -s -o /dev/null -X PUT "$base?restype=container&$query" -H 'content-length: 0'
  curl -fs -o /dev/null -X PUT "$base/$name?$query" -H 'x-ms-blob-type: BlockBlob' -H 'content-type: text/plain; charset=utf-8' \
    --data-binary "@$file"
}
