#!/usr/bin/env python3
"""Writes the synthetic treaty of `benches/check.rs` with N articles (two provisions
each) to stdout, for timing `treatyc check` end to end:

    python3 benches/synthetic.py 50000 > /tmp/big.treaty
    /usr/bin/time -v target/release/treatyc check /tmp/big.treaty
"""
import sys

n = int(sys.argv[1])
out = [
    'treaty big "Synthetic" {\n'
    "  facts member { population: count  gdp: money  spending: money  neutral: bool }\n"
    "  facts situation { attack: bool }\n"
    "  rule qmv = members >= 55% and population >= 65% and blocking minority >= 4 members\n"
]
for i in range(n):
    out.append(
        f'  article {i} "Article {i}" {{\n'
        f'    text "Text of article {i}."\n'
        f"    every member must act_{i} when situation.attack unless neutral\n"
        f"    every member with not neutral must spending >= {1 + i % 3}% of gdp\n"
        f"    body Body{i} {{ seats: one per member  decides decision_{i} by qmv }}\n"
        f"    sanction s{i} on breach of article {i}: Body{i} may suspend voting_rights by qmv excluding concerned\n"
        "  }\n"
    )
out.append("}\n")
sys.stdout.write("".join(out))
