#!/usr/bin/env bash
# CLI test of the biomarkers commands: signature list/score (JSON contract
# keys, missing genes reported, alias resolution), de, tmb, screen, and bad
# inputs (exit 2, file:line:column messages, no output written).
# usage: tests/cli/biomarkers.sh PIONEER_BINARY   (from the repo root)
set -euo pipefail
pioneer=$(realpath "$1")
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL $1" >&2; failures=$((failures + 1)); }
expect_code() {  # code description command...
  local want=$1 what=$2; shift 2
  set +e; "$@" >"$work/stdout" 2>"$work/stderr"; local code=$?; set -e
  [ "$code" = "$want" ] || fail "$what: exit $code, expected $want ($(head -c 300 "$work/stderr"))"
}

# signature list: the whole library.
expect_code 0 "signature list" "$pioneer" signature list --json "$work/lib.json"
python3 -c "
import json, sys
lib = json.load(open('$work/lib.json'))
assert len(lib) == 236, len(lib)
gep = [s for s in lib if s['short_name'] == 'GEP18'][0]
assert len(gep['genes']) == 18 and len(gep['housekeeping']) == 11 and gep['pmid'] == '28650338;30309915'
" || fail "signature list JSON"

# A small log2(TPM + 1) matrix: IFNG6 has IDO1 missing; VSIR stands for C10orf54.
cat >"$work/expr.tsv" <<'TSV'
gene	s1	s2	s3	s4
IFNG	1	2	3	4
STAT1	5	6	7	6
CXCL9	2	2	8	1
CXCL10	3	1	6	2
HLA-DRA	7	8	9	9
GZMA	1	3	5	2
PRF1	2	2	4	1
CD274	1	3	2	4
VSIR	2	2	2	3
TSV
expect_code 0 "signature score" "$pioneer" signature score --expr "$work/expr.tsv" --signatures IFNG6,CYT \
  --method mean --out "$work/scores.tsv" --json "$work/scores.json"
grep -q "IDO1" "$work/stdout" || fail "missing gene IDO1 not printed"
python3 -c "
import json
j = json.load(open('$work/scores.json'))
assert j['genes_missing']['IFNG6_Ayers2017'] == ['IDO1'], j['genes_missing']
assert abs(j['scores']['IFNG6_Ayers2017']['s1'] - (1 + 5 + 2 + 3 + 7) / 5) < 1e-12
assert set(j['scores']['CYT_Rooney2015']) == {'s1', 's2', 's3', 's4'}
" || fail "score JSON keys/values"
[ "$(head -1 "$work/scores.tsv")" = "$(printf 'signature\ts1\ts2\ts3\ts4')" ] || fail "scores.tsv header"
expect_code 0 "ssgsea" "$pioneer" signature score --expr "$work/expr.tsv" --signatures IFNG6,CYT --method ssgsea \
  --threads 2 --out "$work/ss.tsv" --layout samples
[ "$(wc -l <"$work/ss.tsv")" = 5 ] || fail "layout samples rows"

# Bad inputs: exit 2, located message, no output file.
printf 'gene\ts1\ts2\nA\t1\tx\n' >"$work/bad.tsv"
expect_code 2 "bad expression" "$pioneer" signature score --expr "$work/bad.tsv" --signatures IFNG6 \
  --method mean --out "$work/none.tsv"
grep -q "bad.tsv:2:3: expected a finite number" "$work/stderr" || fail "bad expression message: $(cat "$work/stderr")"
[ ! -e "$work/none.tsv" ] || fail "output written on bad input"
expect_code 2 "unknown signature" "$pioneer" signature score --expr "$work/expr.tsv" --signatures NOPE \
  --method mean --out "$work/none.tsv"
expect_code 2 "unknown method" "$pioneer" signature score --expr "$work/expr.tsv" --signatures IFNG6 \
  --method magic --out "$work/none.tsv"
printf 'A\tdesc\nB\td\tG\n' >"$work/bad.gmt"
expect_code 2 "empty gene set" "$pioneer" signature score --expr "$work/expr.tsv" --gmt "$work/bad.gmt" \
  --method mean --out "$work/none.tsv"
grep -q "bad.gmt:1" "$work/stderr" || fail "GMT message: $(cat "$work/stderr")"

# de: groups R/NR, one sample without annotation.
printf 'id\tresponse\tage\ns1\tR\t60\ns2\tNR\t70\ns3\tR\t65\ns4\tNR\tNA\n' >"$work/samples.tsv"
expect_code 1 "de without residual df after NA" "$pioneer" de --expr "$work/expr.tsv" --samples "$work/samples.tsv" \
  --group response --covariates age --out "$work/de.tsv"
expect_code 0 "de" "$pioneer" de --expr "$work/expr.tsv" --samples "$work/samples.tsv" --group response \
  --contrast R-NR --out "$work/de.tsv" --json "$work/de.json"
[ "$(head -1 "$work/de.tsv")" = "$(printf 'gene\tlogFC\tAveExpr\tt\tP.Value\tadj.P.Val\tB')" ] || fail "de header"
[ "$(wc -l <"$work/de.tsv")" = 10 ] || fail "de rows"
expect_code 2 "de bad contrast" "$pioneer" de --expr "$work/expr.tsv" --samples "$work/samples.tsv" --group response \
  --contrast R-X --out "$work/none.tsv"

# tmb
printf '#version 2.4\nTumor_Sample_Barcode\tVariant_Classification\nT1\tMissense_Mutation\nT1\tSilent\nT2\tNonsense_Mutation\nT2\tFrame_Shift_Del\n' \
  >"$work/x.maf"
expect_code 0 "tmb" "$pioneer" tmb --maf "$work/x.maf" --capture-mb 2 --out "$work/tmb.tsv"
[ "$(sed -n 3p "$work/tmb.tsv" | cut -f1-3)" = "$(printf 'T2\t2\t1')" ] || fail "tmb T2: $(cat "$work/tmb.tsv")"
expect_code 2 "tmb without capture" "$pioneer" tmb --maf "$work/x.maf" --capture-mb 0 --out "$work/none.tsv"
# VCF (VEP CSQ): the same counts as the MAF of the same variants.
fx=tests/fixtures/biomarkers
expect_code 0 "tmb --vcf" "$pioneer" tmb --vcf "$fx/tmb_vep.vcf" --capture-mb 2 --out "$work/tmb_vcf.tsv"
expect_code 0 "tmb --maf (same variants)" "$pioneer" tmb --maf "$fx/tmb_vep_same_variants.maf" --capture-mb 2 \
  --out "$work/tmb_maf.tsv"
cmp -s "$work/tmb_vcf.tsv" "$work/tmb_maf.tsv" || fail "tmb VCF vs MAF: $(cat "$work/tmb_vcf.tsv" "$work/tmb_maf.tsv")"
[ "$(sed -n 2p "$work/tmb_vcf.tsv" | cut -f1-3)" = "$(printf 'S1\t4\t2')" ] || fail "tmb vcf S1: $(cat "$work/tmb_vcf.tsv")"
expect_code 0 "tmb --vcf --pass-only" "$pioneer" tmb --vcf "$fx/tmb_vep.vcf" --pass-only --capture-mb 1 --out "$work/tmb_pass.tsv"
[ "$(sed -n 2p "$work/tmb_pass.tsv" | cut -f1-2)" = "$(printf 'S1\t3')" ] || fail "tmb --pass-only: $(cat "$work/tmb_pass.tsv")"
printf '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n' >"$work/bare.vcf"
expect_code 2 "tmb vcf without annotation" "$pioneer" tmb --vcf "$work/bare.vcf" --capture-mb 1 --out "$work/none.tsv"
grep -q "bare.vcf" "$work/stderr" || fail "tmb vcf error names the file: $(cat "$work/stderr")"
expect_code 2 "tmb with --maf and --vcf" "$pioneer" tmb --maf "$work/x.maf" --vcf "$fx/tmb_vep.vcf" --capture-mb 1 \
  --out "$work/none.tsv"

# screen
printf 'id\tresp\tx\ty\n1\tR\t1\t3\n2\tR\t2\t1\n3\tNR\t0\t2\n4\tNR\t-1\t5\n5\tR\t3\tNA\n' >"$work/data.tsv"
expect_code 0 "screen" "$pioneer" screen --data "$work/data.tsv" --outcome resp --positive R --all-numeric \
  --permutations 20 --seed 3 --out "$work/screen.tsv"
[ "$(awk -F'\t' '$1 == "x" { print $4 }' "$work/screen.tsv")" = 1 ] || fail "screen AUC of x"
expect_code 2 "screen text outcome without --positive" "$pioneer" screen --data "$work/data.tsv" --outcome resp \
  --features x --out "$work/none.tsv"
# screen --group: candidate targets across SITC-like classes on the real
# Limagne cohort, the numbers of tests/reference/biomarkers_groups.R.
shared=${PIONEER_SHARED_DATA:-../shared/data}
limagne="$shared/expression/nsclc_limagne2022_antiPD1_rnaseq_expr_log2tpm.tsv"
if [ -f "$limagne" ]; then
  expect_code 0 "screen --group --targets" "$pioneer" screen --data tests/fixtures/biomarkers/limagne_sitc_classes.tsv \
    --group sitc_class --levels responder,primary,acquired --expr "$limagne" --targets --out "$work/groups.tsv"
  python3 - "$work/groups.tsv" tests/fixtures/biomarkers/groups_limagne_targets.tsv <<'PY' || fail "screen --group vs R"
import csv, sys
def rows(path):
    lines = [l for l in open(path) if not l.startswith("#")]
    return {r["feature"]: r for r in csv.DictReader(lines, delimiter="\t")}
got, want = rows(sys.argv[1]), rows(sys.argv[2])
assert set(want) <= set(got), set(want) - set(got)
for gene, w in want.items():
    for key, value in w.items():
        if key == "feature":
            continue
        a, b = float(got[gene][key]), float(value)
        assert abs(a - b) <= max(1e-8 * abs(b), 1e-12), (gene, key, a, b)
PY
  expect_code 2 "screen --group with an absent level" "$pioneer" screen --data tests/fixtures/biomarkers/limagne_sitc_classes.tsv \
    --group sitc_class --levels responder,refractory --expr "$limagne" --targets --out "$work/none.tsv"
fi
expect_code 2 "screen --group with --outcome" "$pioneer" screen --data "$work/data.tsv" --group resp --outcome resp \
  --features x --out "$work/none.tsv"

# The "biomarkers" analysis kind (report section) on a small simulated study.
"$pioneer" simulate --patients 60 --seed 11 --no-mouse --out "$work/sim" >/dev/null
"$pioneer" import --study "$work/sim.sqlite" "$work"/sim/*.csv >/dev/null
printf '[study]\nstore = "%s"\n\n[output]\ndir = "%s"\n\n[[analysis]]\nkind = "biomarkers"\n' \
  "$work/sim.sqlite" "$work/run" >"$work/plan.toml"
expect_code 0 "run plan with the biomarkers kind" "$pioneer" run "$work/plan.toml"
python3 - "$work/run/results.json" <<'PY' || fail "biomarkers analysis results"
import json, sys
b = json.load(open(sys.argv[1]))["biomarkers"]
for key in ("n_evaluable", "n_rna", "classes", "class_counts", "signatures", "screen", "de", "target_landscape"):
    assert key in b, key
assert b["signatures"]["GEP-18 (T-cell-inflamed)"]["genes_used"] == 18
assert b["signatures"]["CYT (GZMA, PRF1)"]["genes_used"] == 2
assert {r["target"] for r in b["target_landscape"]} >= {"KLRC1", "NT5E", "ENTPD1", "BTN3A1", "TIGIT", "HAVCR2", "CD274"}
assert all(0 <= r["auc"] <= 1 for r in b["screen"] if r["auc"] is not None)
PY
grep -q 'id="biomarkers"' "$work/run/report.html" || fail "report has no Biomarkers section"
[ -s "$work/run/tables/biomarkers_screen.tsv" ] || fail "tables/biomarkers_screen.tsv"

[ ! -e "$work/none.tsv" ] || fail "an output was written by a failing command"
[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "biomarkers CLI: all checks passed"
