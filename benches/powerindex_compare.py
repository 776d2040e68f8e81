"""Times the PyPI package `powerindex` on the game `cargo bench --bench power` calls
`un-193`: the 193 UN members weighted by population in whole millions (rounded up),
passing with half the total weight. Prints seconds per index and the values for
China, India and Tuvalu, to compare with `treatyc`.

    pip install powerindex==0.3.5
    python3 benches/powerindex_compare.py
"""
import csv
import math
import os
import time

import powerindex as px

here = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(here, "..", "tests", "data", "un_member_population.csv"))))
rows.sort(key=lambda r: r["id"])
weights = [(int(r["population"]) + 999_999) // 1_000_000 for r in rows]
total = sum(weights)
quota = math.ceil(total / 2)

for index in ("banzhaf", "shapley_shubik"):
    game = px.Game(quota, weights=weights)
    start = time.perf_counter()
    getattr(game, "calc_" + index)()
    seconds = time.perf_counter() - start
    values = getattr(game, index)
    ids = [r["id"] for r in rows]
    sample = {k: values[ids.index(k)] for k in ("CHN", "IND", "TUV")}
    print(f"powerindex {index}: {seconds:.3f} s  {sample}")
