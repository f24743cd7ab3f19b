#!/usr/bin/env bash
# Brings up Azurite and the local host on loopback, opens a demo ticket, and prints what to open and paste.
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"
source .ci/lib.sh

URL=${DIAGNOSTICS_URL:-http://127.0.0.1:7071}
BLOB_PORT=${DIAGNOSTICS_AZURITE_PORT:-10000}

require_command dotnet "Install the .NET 10 SDK."
require_command curl "Install curl."
require_command openssl "Install openssl."
ensure_node_modules

mkdir -p .local
[ -s .local/function-key ] || random_base64 24 | tr '+/' '-_' > .local/function-key
[ -s .local/master-key ] || random_base64 32 > .local/master-key
FUNCTION_KEY=$(cat .local/function-key)

log "Building the local host"
dotnet build functions/Diagnostics.LocalHost/Diagnostics.LocalHost.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2

log "Starting Azurite (data in .local/azurite)"
azurite_start .local/azurite "$BLOB_PORT"
HOST_PID=
cleanup() {
  trap - EXIT INT TERM
  stop_process "$HOST_PID"
  stop_process "$AZURITE_PID"
}
trap cleanup EXIT INT TERM

log "Starting the local host on $URL"
ASPNETCORE_ENVIRONMENT=Development \
Diagnostics__Storage__ConnectionString="$AZURITE_CONNECTION_STRING" \
Diagnostics__LocalHost__FunctionKey="$FUNCTION_KEY" \
Diagnostics__Pseudonymization__KeyId="${DIAGNOSTICS_KEY_ID:-local-1}" \
Diagnostics__Pseudonymization__MasterKey="$(cat .local/master-key)" \
Diagnostics__Auth__DevelopmentSignIn=true \
  dotnet functions/Diagnostics.LocalHost/bin/Release/net10.0/Diagnostics.LocalHost.dll --urls "$URL" &
HOST_PID=$!

for _ in $(seq 1 150); do
  curl -fs -o /dev/null "$URL/api/agent" && break
  kill -0 "$HOST_PID" 2>/dev/null || { echo "error: the local host stopped; see its output above" >&2; exit 1; }
  sleep 0.2
done

# The platform's own access logs of the demo customer's site, for this hour and the one before: what accepting on the
# demo link pulls, pseudonymizes and stores ({customerId}/{site}/{yyyy}/{MM}/{dd}/{HH}.log in the source container).
log "Seeding the demo log source (container platform-logs)"
seed_hour() {
  local at=$1 file=.local/demo-hour.log
  local stamp; stamp=$(LC_ALL=C date -u -d "@$at" '+%d/%b/%Y:%H')
  cat > "$file" <<LOG
203.0.113.7 - - [$stamp:02:11 +0000] "GET /cart HTTP/1.1" 200 5120 "https://shop.example/" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.6099.224"
203.0.113.7 - - [$stamp:02:14 +0000] "POST /cart/checkout HTTP/1.1" 500 312 "https://shop.example/cart" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.6099.224"
198.51.100.23 - - [$stamp:09:40 +0000] "POST /login?next=/account HTTP/1.1" 302 0 "https://shop.example/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) Safari/605.1.15"
2001:db8:85a3::8a2e:370:7334 - - [$stamp:17:03 +0000] "GET /account/orders?email=alice@example.com HTTP/1.1" 200 2048 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"
192.0.2.200 - - [$stamp:31:57 +0000] "GET /contact?from=bob.martin@shop.example HTTP/1.1" 404 0 "-" "Mozilla/5.0"
203.0.113.7 - - [$stamp:44:20 +0000] "POST /cart/checkout HTTP/1.1" 500 312 "https://shop.example/cart" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.6099.224"
LOG
  azurite_put_blob "$BLOB_PORT" platform-logs "cust-demo/shop.example/$(date -u -d "@$at" +%Y/%m/%d/%H).log" "$file"
  rm -f "$file"
}
NOW_S=$(date -u +%s)
seed_hour $((NOW_S - 3600))
seed_hour "$NOW_S"

DEMO_TICKET="DEMO-$(date +%H%M%S)"
DEMO=$(curl -fs -X POST "$URL/api/tickets/$DEMO_TICKET/opened" -H "x-functions-key: $FUNCTION_KEY" \
  -H 'content-type: application/json' -d '{"customerId":"cust-demo","sites":["shop.example"]}')
DEMO_URL=$(printf '%s' "$DEMO" | sed -E 's/.*"consentUrl":"([^"]+)".*/\1/')

# A second demo ticket, consented and captured, so that the agent console has something to show.
AGENT_TICKET="$DEMO_TICKET-A"
AGENT_TOKEN=$(curl -fs -X POST "$URL/api/tickets/$AGENT_TICKET/opened" -H "x-functions-key: $FUNCTION_KEY" \
  -H 'content-type: application/json' -d '{"customerId":"cust-demo","sites":["shop.example"]}' | sed -E 's/.*"consentToken":"([^"]+)".*/\1/')
curl -fs -o /dev/null -X POST "$URL/api/consent/$AGENT_TOKEN" -H 'content-type: application/json' -d '{"decision":"accept","categories":["access"]}'
demo_access_log() {
  local clients=(203.0.113.7 198.51.100.23 192.0.2.200 2001:db8:85a3::8a2e:370:7334 198.51.100.23 192.0.2.14)
  local paths=(/ /cart /checkout /login /account /img/logo.png /contact?from=alice@example.com /health)
  local statuses=(200 200 200 304 302 404 500 503 200 200)
  for i in $(seq 0 179); do
    printf '%s - - [26/Nov/2026:10:%02d:%02d +0000] "GET %s HTTP/1.1" %s %d "-" "Mozilla/5.0 (X11; Linux x86_64)"\n' \
      "${clients[$((i * 7 % 6))]}" $((i * 5 / 60)) $((i * 5 % 60)) "${paths[$((i % 8))]}" "${statuses[$((i * 3 % 10))]}" $((i * 37 % 5000))
  done
}
demo_access_log | curl -fs -o /dev/null -X POST "$URL/api/tickets/$AGENT_TICKET/snapshots?category=access&source=web-1" \
  -H "x-functions-key: $FUNCTION_KEY" -H 'content-type: text/plain' --data-binary @-

cat <<INFO

  Diagnostics is running.
    API:                 $URL/api
    Agent console:       $URL/api/agent
                         sign in with any name and the Agent role (development sign-in), look up $AGENT_TICKET,
                         open its snapshot, and type 203.0.113.7 (the customer's IP) to see only that client's requests;
                         sign in again as an Auditor to see those accesses in the audit trail
    Demo consent link:   $DEMO_URL   (ticket $DEMO_TICKET)
                         open it as the customer: accept, and the site's access logs of the last two hours are
                         pulled from the platform's log source, pseudonymized and listed; download them, then withdraw
    Function key:        $FUNCTION_KEY
    Storage:             Azurite on 127.0.0.1:$BLOB_PORT-$((BLOB_PORT + 2)), data in .local/azurite

  The whole flow with curl (paste into another terminal):

BASE=$URL/api
KEY=$FUNCTION_KEY
T=T-\$RANDOM
# the ticketing system registers a ticket and gets the customer's consent link
TOKEN=\$(curl -s -X POST "\$BASE/tickets/\$T/opened" -H "x-functions-key: \$KEY" -H 'content-type: application/json' \\
  -d '{"customerId":"cust-42","sites":["shop.example"]}' | sed -E 's/.*"consentToken":"([^"]+)".*/\1/')
LOG='203.0.113.7 - - [26/Nov/2026:10:00:00 +0000] "GET /cart HTTP/1.1" 500 512 "-" "Mozilla/5.0"
198.51.100.23 - - [26/Nov/2026:10:00:01 +0000] "POST /login?next=/ HTTP/1.1" 302 0 "-" "curl/8.5.0"
2001:db8:85a3::8a2e:370:7334 - - [26/Nov/2026:10:00:02 +0000] "GET / HTTP/1.1" 200 1024 "-" "Mozilla/5.0"
contact alice@example.com about the error'
# a collector pushes before consent: 403
curl -s -X POST "\$BASE/tickets/\$T/snapshots?category=access&source=web-1" -H "x-functions-key: \$KEY" -H 'content-type: text/plain' --data-binary "\$LOG"; echo
# the customer accepts (their page is \$BASE/consent/\$TOKEN)
curl -s -X POST "\$BASE/consent/\$TOKEN" -H 'content-type: application/json' -d '{"decision":"accept","categories":["access","error"]}'; echo
# the collector pushes again: 201, pseudonymized on the way in
SNAP=\$(curl -s -X POST "\$BASE/tickets/\$T/snapshots?category=access&source=web-1" -H "x-functions-key: \$KEY" \\
  -H 'content-type: text/plain' --data-binary "\$LOG" | tee /dev/stderr | sed -E 's/.*"snapshotId":"([^"]+)".*/\1/'); echo
# a support agent (development sign-in) lists and reads: no IP or e-mail in sight
AGENT=\$(printf '{"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[{"typ":"name","val":"agent.smith"},{"typ":"roles","val":"Diagnostics.Agent"}]}' | base64 -w0)
curl -s "\$BASE/tickets/\$T/snapshots" -H "X-MS-CLIENT-PRINCIPAL: \$AGENT"; echo
curl -s "\$BASE/tickets/\$T/snapshots/\$SNAP" -H "X-MS-CLIENT-PRINCIPAL: \$AGENT"
# "is 203.0.113.7 my office?": match without reveal
curl -s "\$BASE/tickets/\$T/snapshots/\$SNAP?match=203.0.113.7" -H "X-MS-CLIENT-PRINCIPAL: \$AGENT"
# the customer exports, then withdraws consent: everything is erased, a receipt remains
curl -s "\$BASE/consent/\$TOKEN/data"; echo
curl -s -X DELETE "\$BASE/consent/\$TOKEN"; echo
curl -s -X POST "\$BASE/tickets/\$T/snapshots?category=access&source=web-1" -H "x-functions-key: \$KEY" -H 'content-type: text/plain' --data-binary "\$LOG"; echo

  Press Ctrl-C to stop.
INFO

wait "$HOST_PID"
