#!/usr/bin/env bash
# The log lake benchmark: generate CloudTrail logs with `keyaki synth --logs`, time
# `keyaki ingest` and a fixed set of Athena-style queries with `keyaki query`, and the same
# load and queries with DuckDB (Python module `duckdb`) over the same .json.gz files.
#
# Usage: bench/lake/run.sh [SIZE] [WORKDIR]     (default: 2GB /tmp/keyaki-bench-lake)
# SIZE is uncompressed CloudTrail JSON (the .json.gz files are 10-15x smaller).
# SKIP_BUILD=1 uses target/release/keyaki (under $CARGO_TARGET_DIR when set) as it is.
# Needs: a Rust toolchain, python3 with duckdb, GNU time (/usr/bin/time). Prints a Markdown
# table and keeps the raw measurements in WORKDIR/results.tsv.
set -euo pipefail

SIZE=${1:-2GB}
WORK=${2:-/tmp/keyaki-bench-lake}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
K="${CARGO_TARGET_DIR:-$ROOT/target}/release/keyaki"

[ -n "${SKIP_BUILD:-}" ] || cargo build --release -q -p keyaki-cli --manifest-path "$ROOT/Cargo.toml"
python3 -c 'import duckdb' || { echo "python3 module duckdb is missing (pip install duckdb)" >&2; exit 1; }

rm -rf "$WORK"
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
printf 'step\tseconds\tpeak_rss_mib\n' > "$RESULTS"

# measure NAME CMD... : runs CMD under GNU time, records wall seconds and peak RSS.
measure() {
  local name=$1
  shift
  /usr/bin/time -v -o "$WORK/time.txt" "$@" > "$WORK/out-$name.txt"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$WORK/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/time.txt")
  printf '%s\t%s\t%s\n' "$name" "$wall" "$rss" >> "$RESULTS"
  printf '%-22s %8.2f s %7s MiB\n' "$name" "$wall" "$rss" >&2
}

measure synth "$K" synth "$WORK/trail" --logs "$SIZE" --accounts 3 --log-regions 3
cat "$WORK/out-synth.txt" >&2
JSON_BYTES=$(python3 - "$WORK/trail" <<'PY'
import gzip, os, sys
total = 0
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        with gzip.open(os.path.join(d, f)) as g:
            while chunk := g.read(1 << 20):
                total += len(chunk)
print(total)
PY
)
GZ_BYTES=$(du -sb "$WORK/trail" | cut -f1)

measure keyaki_ingest "$K" ingest --lake "$WORK/lake" "$WORK/trail"
LAKE_BYTES=$(du -sb "$WORK/lake" | cut -f1)

# One access key of an IAM user, to look up (not timed).
KEY=$("$K" query "$WORK/lake" "SELECT useridentity.accesskeyid AS k FROM cloudtrail_logs WHERE useridentity.type = 'IAMUser' ORDER BY eventid LIMIT 1" --format csv | tail -1)

QUERIES=(
  "q1_by_eventname|SELECT eventname, count(*) AS n FROM cloudtrail_logs GROUP BY 1 ORDER BY n DESC, eventname"
  "q2_errors_by_principal|SELECT useridentity.arn AS arn, errorcode, count(*) AS n FROM cloudtrail_logs WHERE errorcode IS NOT NULL GROUP BY 1, 2 ORDER BY n DESC, arn, errorcode LIMIT 20"
  "q3_one_access_key|SELECT count(*) AS n, min(eventtime) AS first, max(eventtime) AS last, count(DISTINCT sourceipaddress) AS ips FROM cloudtrail_logs WHERE useridentity.accesskeyid = '$KEY'"
  "q4_top_source_ips|SELECT sourceipaddress, count(*) AS n FROM cloudtrail_logs GROUP BY 1 ORDER BY n DESC, sourceipaddress LIMIT 10"
  "q5_day_and_service|SELECT substr(eventtime, 1, 10) AS day, eventsource, count(*) AS n FROM cloudtrail_logs GROUP BY 1, 2 ORDER BY 1, 2"
  "q6_sensitive_calls|SELECT eventname, useridentity.arn AS arn, count(*) AS n FROM cloudtrail_logs WHERE eventname IN ('StopLogging', 'CreateAccessKey', 'AttachRolePolicy', 'PutBucketPolicy', 'CreateUser') GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT 20"
  "q7_principals_per_ip|SELECT sourceipaddress, count(DISTINCT useridentity.arn) AS principals FROM cloudtrail_logs GROUP BY 1 ORDER BY principals DESC, sourceipaddress LIMIT 10"
)

for q in "${QUERIES[@]}"; do
  name=${q%%|*}
  sql=${q#*|}
  measure "keyaki_$name" "$K" query "$WORK/lake" "$sql" --format csv
done

# DuckDB: load every record (all fields, as DuckDB infers them) into a database file, then run
# the same SQL through a view that names the columns as Athena's cloudtrail_logs does.
cat > "$WORK/duck_load.py" <<'PY'
import sys, duckdb
trail, db = sys.argv[1], sys.argv[2]
con = duckdb.connect(db)
con.execute(f"""CREATE TABLE raw AS SELECT unnest(Records) AS rec
  FROM read_json_auto('{trail}/**/*.json.gz', maximum_object_size = 268435456)""")
con.execute("""CREATE VIEW cloudtrail_logs AS SELECT
  rec.eventName AS eventname, rec.eventSource AS eventsource, rec.eventTime::VARCHAR AS eventtime,
  rec.errorCode AS errorcode, rec.sourceIPAddress AS sourceipaddress, rec.eventID AS eventid,
  {'arn': rec.userIdentity.arn, 'accesskeyid': rec.userIdentity.accessKeyId, 'type': rec.userIdentity.type} AS useridentity
  FROM raw""")
print(con.execute("SELECT count(*) FROM raw").fetchone()[0])
PY
cat > "$WORK/duck_query.py" <<'PY'
import sys, csv, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
cur = con.execute(sys.argv[2])
w = csv.writer(sys.stdout)
w.writerow([d[0] for d in cur.description])
w.writerows(cur.fetchall())
PY
measure duckdb_load python3 "$WORK/duck_load.py" "$WORK/trail" "$WORK/duck.db"
DUCK_BYTES=$(du -sb "$WORK/duck.db" | cut -f1)
for q in "${QUERIES[@]}"; do
  name=${q%%|*}
  sql=${q#*|}
  measure "duckdb_$name" python3 "$WORK/duck_query.py" "$WORK/duck.db" "$sql"
done

# DuckDB straight over the JSON, no load, for the first query.
cat > "$WORK/duck_json.py" <<'PY'
import sys, duckdb
print(duckdb.connect().execute(f"""SELECT rec.eventName, count(*) AS n FROM
  (SELECT unnest(Records) AS rec FROM read_json_auto('{sys.argv[1]}/**/*.json.gz', maximum_object_size = 268435456))
  GROUP BY 1 ORDER BY n DESC""").fetchall()[:3])
PY
measure duckdb_q1_over_json python3 "$WORK/duck_json.py" "$WORK/trail"

# Same answers? (csv outputs compared after normalising the time format)
DIFFS=0
for q in "${QUERIES[@]}"; do
  name=${q%%|*}
  if ! python3 - "$WORK/out-keyaki_$name.txt" "$WORK/out-duckdb_$name.txt" <<'PY'
import csv, re, sys
a = list(csv.reader(open(sys.argv[1])))[1:]
b = list(csv.reader(open(sys.argv[2])))[1:]
# DuckDB prints timestamps as "2026-03-01 00:00:00+00"; the lake keeps CloudTrail's text.
norm = lambda rows: [[re.sub(r"\+00(:00)?$", "Z", c.replace(" ", "T")) for c in r] for r in rows]
sys.exit(0 if norm(a) == norm(b) else 1)
PY
  then
    echo "answers differ: $name" >&2
    DIFFS=$((DIFFS + 1))
  fi
done

python3 - "$RESULTS" "$JSON_BYTES" "$GZ_BYTES" "$LAKE_BYTES" "$DUCK_BYTES" "$DIFFS" "$KEY" <<'PY'
import csv, sys
rows = {r["step"]: r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")}
json_b, gz_b, lake_b, duck_b, diffs, key = (int(x) if x.isdigit() else x for x in sys.argv[2:])
mb = lambda b: b / 1e6
def t(k): return float(rows[k]["seconds"])
def m(k): return rows[k]["peak_rss_mib"]
print(f"input: {mb(json_b):,.0f} MB of CloudTrail JSON in {mb(gz_b):,.0f} MB of .json.gz; "
      f"keyaki lake {mb(lake_b):,.0f} MB of Parquet, DuckDB database {mb(duck_b):,.0f} MB; access key {key}")
print()
print("| step | keyaki | peak MiB | DuckDB | peak MiB |")
print("| --- | --- | --- | --- | --- |")
print(f"| load (ingest / CREATE TABLE) | {t('keyaki_ingest'):.2f} s ({mb(json_b)/t('keyaki_ingest'):,.0f} MB/s of JSON) | {m('keyaki_ingest')} "
      f"| {t('duckdb_load'):.2f} s ({mb(json_b)/t('duckdb_load'):,.0f} MB/s) | {m('duckdb_load')} |")
for k in rows:
    if k.startswith("keyaki_q"):
        q = k[len("keyaki_"):]
        print(f"| {q} | {t(k):.2f} s | {m(k)} | {t('duckdb_' + q):.2f} s | {m('duckdb_' + q)} |")
print(f"| q1 straight over the .json.gz (DuckDB, no load) | | | {t('duckdb_q1_over_json'):.2f} s | {m('duckdb_q1_over_json')} |")
print()
print(f"synth: {t('synth'):.2f} s, {m('synth')} MiB peak; queries with different answers: {diffs}")
PY
