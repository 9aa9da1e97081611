#!/usr/bin/env python3
# Usage: python3 scripts/measure-gzip-cost.py   (docs/seed-reproduction.md, "Every parameter and its source")
# zlib's cost per MB of an HTML page about as compressible as the document's (500 KB -> 150 KB, ratio 0.3):
# a 700 KB table whose cells carry random ids and prices, deflated at nginx's default gzip_comp_level 1 and at 6;
# best of 20 runs per level (the least disturbed by other processes).
import random, time, zlib
rnd = random.Random(1)
def row(i):
    token = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(rnd.randint(8, 24)))
    return (f'<tr class="row{i%2}"><td><a href="/orders/{rnd.randrange(10**9)}/">{token}</a></td>'
            f'<td>{rnd.randrange(100000)/100:.2f} EUR</td><td>{token[:6]}@example.com</td></tr>\n')
html = ("<html><body><table>\n" + "".join(row(i) for i in range(8000)) + "</table></body></html>").encode()[:700_000]
for level in (1, 6):
    best = min((lambda t0: (zlib.compress(html, level), time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(20))
    ratio = len(zlib.compress(html, level)) / len(html)
    print(f"level {level}: {best / (len(html) / 1e6) * 1000:.1f} ms/MB, ratio {ratio:.3f}")
