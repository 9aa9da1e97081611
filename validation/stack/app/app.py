"""The reference stack's application: a plain WSGI app (psycopg2 + redis-py) that does what the seed's
Django app does per request.

  GET /page/<id>   Redis GET page:<id>; on a hit return the cached HTML. On a miss: open a PostgreSQL
                   connection (per request, like Django's CONN_MAX_AGE=0, unless STACK_PERSISTENT_DB=1),
                   run four queries (one an aggregation over the orders table), build a large,
                   compressible HTML page (~STACK_PAGE_KB KB) in a Python loop (CPU), Redis SETEX with
                   a TTL, return it.
  GET /api/<id>    small JSON from one indexed query (same connection policy).
  GET /health      "ok" without touching Redis or PostgreSQL (readiness check).
  /static/...      is served by nginx, never reaches this app.

Every response says X-Cache: HIT / MISS / NONE and X-App-Ms: time spent in the app (ms), so the access
log and the load generator can tell hits from misses.

Run by Debian's gunicorn (/usr/bin/python3). Configuration comes from environment variables written by
stack.sh (see docs/reference-stack.md). `python3 app.py prewarm N` renders pages 1..N into Redis with
no TTL (the hot set).
"""
import json
import os
import random
import sys
import time

import psycopg2
import redis

PG_DSN = os.environ.get("STACK_PG_DSN", "host=127.0.0.1 port=5432 dbname=shop user=sim password=sim")
REDIS_PORT = int(os.environ.get("STACK_REDIS_PORT", "6379"))
PERSISTENT_DB = os.environ.get("STACK_PERSISTENT_DB", "0") == "1"
CACHE_TTL_S = int(os.environ.get("STACK_CACHE_TTL_S", "300"))
PAGE_KB = int(os.environ.get("STACK_PAGE_KB", "200"))
N_PRODUCTS = int(os.environ.get("STACK_PRODUCTS", "20000"))

# One Redis client per worker process (redis-py keeps a connection pool; Django's cache does the same).
_redis = redis.Redis(host="127.0.0.1", port=REDIS_PORT, socket_timeout=5)
_conn = None  # the persistent connection of this worker when STACK_PERSISTENT_DB=1


def _db():
    global _conn
    if PERSISTENT_DB:
        if _conn is None or _conn.closed:
            _conn = psycopg2.connect(PG_DSN)
            _conn.autocommit = True
        return _conn
    c = psycopg2.connect(PG_DSN)
    c.autocommit = True
    return c


def _release(conn, broken=False):
    global _conn
    if not PERSISTENT_DB or broken:
        try:
            conn.close()
        finally:
            if PERSISTENT_DB:
                _conn = None


def _product_id(page_id):
    return (page_id - 1) % N_PRODUCTS + 1


def render_page(page_id):
    """The cache-miss path: connection, four queries, an HTML build loop. Returns bytes."""
    return build_html(page_id, *query_page(page_id))


def query_page(page_id):
    """The miss's database work: a connection (new unless persistent) and four queries."""
    pid = _product_id(page_id)
    conn = _db()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id, name, category, price, description FROM products WHERE id = %s", (pid,))
            product = cur.fetchone()
            cur.execute(
                "SELECT id, name, price FROM products WHERE category = %s AND id <> %s ORDER BY price DESC LIMIT 24",
                (product[2], pid))
            related = cur.fetchall()
            # The aggregation: every order of every product in the category (joins ~4,000 rows of
            # ~200,000), grouped by month: the query with real cost.
            cur.execute(
                "SELECT date_trunc('month', o.created_at) AS m, count(*), sum(o.qty), round(avg(o.qty * o.unit_price), 2) "
                "FROM orders o JOIN products p ON p.id = o.product_id WHERE p.category = %s GROUP BY m ORDER BY m",
                (product[2],))
            monthly = cur.fetchall()
            cur.execute(
                "SELECT id, customer, qty, unit_price, created_at FROM orders WHERE product_id = %s "
                "ORDER BY created_at DESC LIMIT 50", (pid,))
            recent = cur.fetchall()
    except Exception:
        _release(conn, broken=True)
        raise
    _release(conn)
    return product, related, monthly, recent


# The page template, rendered by Django's template engine (standalone: no project, no ORM), as the seed's
# Django view would: autoescaping, filters, a for loop over ~800 order rows. This is the miss's CPU.
PAGE_TEMPLATE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{{ product.name }}</title>
<link rel="stylesheet" href="/static/app.css"></head><body>
<header><h1>{{ product.name|title }}</h1><p class="price">{{ product.price|floatformat:2 }}</p>
<p class="cat">category {{ product.category }}, page {{ page_id }}</p></header>
<section class="description"><p>{{ product.description|linebreaksbr }}</p></section>
<section class="related"><ul>{% for r in related %}
<li><a href="/page/{{ r.id }}">{{ r.name|truncatechars:40 }}</a> <span class="price">{{ r.price|floatformat:2 }}</span></li>{% endfor %}
</ul></section>
<section class="sales"><table><tr><th>month</th><th>orders</th><th>units</th><th>avg</th></tr>{% for m in monthly %}
<tr><td>{{ m.month|date:"Y-m" }}</td><td>{{ m.orders }}</td><td>{{ m.units }}</td><td>{{ m.avg }}</td></tr>{% endfor %}
</table></section>
<section class="orders"><table>{% for o in rows %}
<tr class="{% cycle 'odd' 'even' %}"><td>{{ o.id }}</td><td>{{ o.customer }}</td><td>{{ o.qty }}</td><td>{{ o.unit_price }}</td><td>{{ o.created_at }}</td><td>{{ o.label }}</td><td class="ref">{{ o.ref }}</td></tr>{% endfor %}
</table></section></body></html>
"""
_template = None
_row_bytes = 260.0  # measured on the first render, then used to size the row count to PAGE_KB


def _engine():
    global _template
    if _template is None:
        import django
        from django.conf import settings
        if not settings.configured:
            settings.configure(USE_TZ=True, TIME_ZONE="UTC",
                               TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates"}])
            django.setup()
        from django.template import Context, Engine
        _template = (Engine(), Context)
        _template = (_template[0].from_string(PAGE_TEMPLATE), Context)
    return _template


def build_html(page_id, product, related, monthly, recent):
    """The miss's CPU: render the page template with enough order rows for ~PAGE_KB KB."""
    global _row_bytes
    tpl, Context = _engine()
    # Each row carries a per-page pseudo-random reference, so that the page compresses like real HTML
    # (about 3x at gzip level 1, like the seed's 500 KB -> 150 KB) rather than like a repeated block.
    rng = random.Random(page_id)
    n_rows = max(1, int((PAGE_KB * 1024 - 4000) / _row_bytes))
    name = product[1]
    rows = []
    for i in range(n_rows):
        o = recent[i % len(recent)] if recent else (0, "nobody", 0, 0, None)
        rows.append({"id": o[0], "customer": o[1], "qty": o[2], "unit_price": o[3],
                     "created_at": o[4].strftime("%Y-%m-%d %H:%M") if o[4] else "",
                     "label": name[: 8 + i % 24], "ref": "%096x" % rng.getrandbits(384)})
    ctx = {"page_id": page_id,
           "product": {"name": name, "category": product[2], "price": product[3], "description": product[4]},
           "related": [{"id": r[0], "name": r[1], "price": r[2]} for r in related],
           "monthly": [{"month": m[0], "orders": m[1], "units": m[2], "avg": m[3]} for m in monthly],
           "rows": rows}
    body = tpl.render(Context(ctx)).encode()
    if len(rows) > 100:
        _row_bytes = 0.5 * _row_bytes + 0.5 * (len(body) - 4000) / len(rows)
    return body


def _page(page_id):
    key = "page:%d" % page_id
    body = _redis.get(key)
    if body is not None:
        return body, "HIT"
    body = render_page(page_id)
    _redis.setex(key, CACHE_TTL_S, body)
    return body, "MISS"


def _api(item_id):
    pid = _product_id(item_id)
    conn = _db()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id, name, category, price, stock FROM products WHERE id = %s", (pid,))
            r = cur.fetchone()
    except Exception:
        _release(conn, broken=True)
        raise
    _release(conn)
    return json.dumps({"id": r[0], "name": r[1], "category": r[2], "price": float(r[3]), "stock": r[4]}).encode()


def application(environ, start_response):
    t0 = time.perf_counter()
    path = environ.get("PATH_INFO", "/")
    try:
        if path.startswith("/page/"):
            body, cache = _page(int(path[6:]))
            ctype = "text/html; charset=utf-8"
        elif path.startswith("/api/"):
            body, cache = _api(int(path[5:])), "NONE"
            ctype = "application/json"
        elif path == "/health":
            body, cache, ctype = b"ok\n", "NONE", "text/plain"
        else:
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found\n"]
    except ValueError:
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [b"bad id\n"]
    ms = (time.perf_counter() - t0) * 1000.0
    start_response("200 OK", [("Content-Type", ctype), ("Content-Length", str(len(body))),
                              ("X-Cache", cache), ("X-App-Ms", "%.2f" % ms)])
    return [body]


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "prewarm":
        n = int(sys.argv[2])
        for i in range(1, n + 1):
            _redis.set("page:%d" % i, render_page(i))
        print("prewarmed page:1..page:%d" % n)
    else:
        sys.exit("usage: app.py prewarm N")
