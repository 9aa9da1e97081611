#!/usr/bin/python3
"""Direct measurements of the costs the app pays per request, without nginx or gunicorn in the way.

  probe.py --stack DIR [--n 20]

Prints medians (and p90) in ms of: a PostgreSQL connect (TCP + SCRAM-SHA-256 + backend fork); the page's
four queries on a *fresh* connection versus on a warm one (a new backend starts with cold catalog and
plan caches, so its first queries are slower: part of the cost of CONN_MAX_AGE=0 that connect time
alone misses); a Redis GET of a cached page; and rendering a page with the Django template (wall and
CPU time: on a busy machine only the CPU time means much). Run it on an idle
stack: it opens connections serially.
"""
import argparse
import os
import statistics
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))


def env_of(path):
    d = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            d[k] = v
    return d


def q(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stack", required=True)
    ap.add_argument("--n", type=int, default=20)
    a = ap.parse_args()
    env = env_of(os.path.join(a.stack, "stack.env"))
    os.environ["STACK_PG_DSN"] = "host=127.0.0.1 port=%s dbname=shop user=sim password=sim" % env["PG_PORT"]
    os.environ["STACK_REDIS_PORT"] = env["REDIS_PORT"]
    os.environ["STACK_PAGE_KB"] = env.get("PAGE_KB", "200")
    sys.path.insert(0, os.path.join(here, "app"))
    import psycopg2
    import app  # noqa: E402  (reads the environment above)

    dsn = os.environ["STACK_PG_DSN"]
    queries = [
        ("SELECT id, name, category, price, description FROM products WHERE id = %s", lambda i: (i,)),
        ("SELECT id, name, price FROM products WHERE category = %s AND id <> %s ORDER BY price DESC LIMIT 24", lambda i: (1 + i % 50, i)),
        ("SELECT date_trunc('month', o.created_at) AS m, count(*), sum(o.qty), round(avg(o.qty * o.unit_price), 2) "
         "FROM orders o JOIN products p ON p.id = o.product_id WHERE p.category = %s GROUP BY m ORDER BY m", lambda i: (1 + i % 50,)),
        ("SELECT id, customer, qty, unit_price, created_at FROM orders WHERE product_id = %s ORDER BY created_at DESC LIMIT 50", lambda i: (i,)),
    ]

    def run_queries(conn, i):
        t = time.perf_counter()
        with conn.cursor() as cur:
            for sql, args in queries:
                cur.execute(sql, args(i))
                cur.fetchall()
        return (time.perf_counter() - t) * 1000

    connect, fresh, warm, redis_get, render, render_cpu = [], [], [], [], [], []
    persistent = psycopg2.connect(dsn)
    persistent.autocommit = True
    run_queries(persistent, 1)
    for k in range(a.n):
        i = 1000 + 37 * k
        t = time.perf_counter()
        c = psycopg2.connect(dsn)
        connect.append((time.perf_counter() - t) * 1000)
        c.autocommit = True
        fresh.append(run_queries(c, i))
        c.close()
        warm.append(run_queries(persistent, i + 1))
        t = time.perf_counter()
        app._redis.get("page:1")
        redis_get.append((time.perf_counter() - t) * 1000)
        data = app.query_page(i)
        t, c0 = time.perf_counter(), time.process_time()
        app.build_html(i, *data)
        render.append((time.perf_counter() - t) * 1000)
        render_cpu.append((time.process_time() - c0) * 1000)
    persistent.close()
    for name, xs in [("pg connect", connect), ("4 queries, fresh connection", fresh), ("4 queries, warm connection", warm),
                     ("redis GET 200 KB", redis_get), ("build_html, %s KB page: wall" % env.get("PAGE_KB", "200"), render),
                     ("build_html: CPU time of this process", render_cpu)]:
        print("%-40s median %7.2f ms   p90 %7.2f ms   (n=%d)" % (name, statistics.median(xs), q(xs, 0.9), len(xs)))


if __name__ == "__main__":
    main()
