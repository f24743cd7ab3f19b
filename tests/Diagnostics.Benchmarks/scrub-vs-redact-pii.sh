#!/usr/bin/env bash
# Times `diag scrub` (every detector and the gate) against redact-pii 3.4.0 (its IP rule only, its fastest
# setting) on 100 copies of the Apache sample. `diag` is published twice, as shipped (native code for
# x86-64-v3, any x86-64 server since about 2015) and for this machine's own instruction set
# (-p:IlcInstructionSet=native). The three run in turn, three times; prints each time, the best and the
# median MB/s of each, the ratios of the medians and diag's peak RSS; the last line holds the figures.
# Usage: tests/Diagnostics.Benchmarks/scrub-vs-redact-pii.sh [copies] [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
COPIES=${1:-100}
RUNS=${2:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)" >&2
dotnet publish functions/Diagnostics.Cli -c Release -o "$WORK/diag" --nologo -v quiet >&2
dotnet publish functions/Diagnostics.Cli -c Release -o "$WORK/diag-native" -p:IlcInstructionSet=native --nologo -v quiet >&2
SAMPLE=tests/Diagnostics.Pseudonymization.Tests/TestData/apache_combined.log
for _ in $(seq "$COPIES"); do cat "$SAMPLE"; done > "$WORK/input.log"
BYTES=$(stat -c %s "$WORK/input.log")
head -c 48 /dev/urandom | base64 > "$WORK/key"

npm install --prefix "$WORK/npm" --no-audit --no-fund --silent redact-pii@3.4.0 >&2
cat > "$WORK/redact.js" <<'JS'
// redact-pii with only its IP rule: every other built-in redactor disabled.
const fs = require('fs');
const { SyncRedactor } = require(process.argv[2] + '/node_modules/redact-pii');
const off = { enabled: false };
const redactor = new SyncRedactor({
  builtInRedactors: {
    creditCardNumber: off, streetAddress: off, zipcode: off, url: off, digits: off, names: off,
    emailAddress: off, phoneNumber: off, usSocialSecurityNumber: off, username: off, password: off,
    credentials: off, ipAddress: { enabled: true },
  },
});
// Large chunks of whole lines: one call per ~4 MB, the cheapest way to drive it.
const fd = fs.openSync(process.argv[3], 'r');
const out = fs.openSync('/dev/null', 'w');
const buffer = Buffer.alloc(4 * 1024 * 1024);
let carry = '';
for (;;) {
  const read = fs.readSync(fd, buffer, 0, buffer.length, null);
  if (read === 0) break;
  const text = carry + buffer.toString('utf8', 0, read);
  const cut = text.lastIndexOf('\n') + 1;
  carry = text.slice(cut);
  fs.writeSync(out, redactor.redact(text.slice(0, cut)));
}
if (carry) fs.writeSync(out, redactor.redact(carry));
JS

now() { date +%s.%N; }
# One timed run of a command on the input; prints its seconds, and leaves diag's peak RSS in $WORK/rss.
timed() {
  local start
  start=$(now)
  "$@" < "$WORK/input.log" > /dev/null
  echo "$(now) - $start" | bc -l
}
median() { printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"; }
best() { printf '%s\n' "$@" | sort -g | head -n 1; }
rate() { echo "$BYTES / 1000000 / $1" | bc -l; }

# The three run in turn, RUNS times, so that a change in the machine's speed touches all three alike.
diag=() native=() node=() rss=0
for _ in $(seq "$RUNS"); do
  diag+=("$(timed /usr/bin/time -f '%M' -o "$WORK/rss" "$WORK/diag/diag" scrub --ticket bench --key-file "$WORK/key")")
  rss=$(( $(tail -n 1 "$WORK/rss") > rss ? $(tail -n 1 "$WORK/rss") : rss ))
  native+=("$(timed /usr/bin/time -f '%M' -o "$WORK/rss" "$WORK/diag-native/diag" scrub --ticket bench --key-file "$WORK/key")")
  rss=$(( $(tail -n 1 "$WORK/rss") > rss ? $(tail -n 1 "$WORK/rss") : rss ))
  node+=("$(timed node "$WORK/redact.js" "$WORK/npm" /dev/stdin)")
done

printf 'input: %d bytes (%d copies), %d runs of each\n' "$BYTES" "$COPIES" "$RUNS"
printf 'diag scrub (x86-64-v3), s:'; printf ' %.2f' "${diag[@]}"; echo
printf 'diag scrub (native), s:   '; printf ' %.2f' "${native[@]}"; echo
printf 'redact-pii (IP only), s:  '; printf ' %.2f' "${node[@]}"; echo
diag_rate=$(rate "$(median "${diag[@]}")")
native_rate=$(rate "$(median "${native[@]}")")
node_rate=$(rate "$(median "${node[@]}")")
printf 'best: diag=%.0f MB/s diag_native=%.0f MB/s redact-pii=%.1f MB/s\n' \
  "$(rate "$(best "${diag[@]}")")" "$(rate "$(best "${native[@]}")")" "$(rate "$(best "${node[@]}")")"
printf 'median: diag=%.0f MB/s diag_native=%.0f MB/s redact-pii=%.1f MB/s ratio=%.1fx ratio_native=%.1fx diag_peak_rss=%.0f MB\n' \
  "$diag_rate" "$native_rate" "$node_rate" "$(echo "$diag_rate / $node_rate" | bc -l)" "$(echo "$native_rate / $node_rate" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
