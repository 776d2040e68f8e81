#!/usr/bin/env bash
# Fills fuzz/corpus/TARGET with the repository's own inputs: the bundled
# treaties and amendments, the corpus cases of tests/ui, and for `eval` the
# bundled facts with a history of the reference treaty.
set -euo pipefail
cd "$(dirname "$0")/.."
for target in parse check fmt_round_trip lsp; do
  mkdir -p "fuzz/corpus/$target"
  find treaties tests/ui -name '*.treaty' -print0 | while IFS= read -r -d '' f; do
    cp "$f" "fuzz/corpus/$target/$(echo "$f" | tr '/' '_')"
  done
done
mkdir -p fuzz/corpus/eval
for facts in treaties/data/wsc_members_2024.csv treaties/data/wsc_parties_population.csv treaties/data/wsc_growth_population.csv; do
  for choice in 0 1 2 3 4 5 64 133 194; do
    out="fuzz/corpus/eval/$choice-$(basename "$facts" .csv)"
    { printf "\\$(printf '%03o' "$choice")"; cat "$facts"; printf '\0'; cat fuzz/seeds/wsc-history.csv; } > "$out"
  done
done
echo "seeded: $(for t in parse check fmt_round_trip lsp eval; do printf '%s %s  ' "$t" "$(ls fuzz/corpus/$t | wc -l)"; done)"
