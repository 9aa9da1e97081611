-- The reference stack's data: 20,000 products in 50 categories and 200,000 orders over two years.
-- Deterministic (setseed) so that every machine seeds the same rows.
SELECT setseed(0.14);
CREATE TABLE products (
  id          integer PRIMARY KEY,
  name        text    NOT NULL,
  category    integer NOT NULL,
  price       numeric(10, 2) NOT NULL,
  stock       integer NOT NULL,
  description text    NOT NULL
);
INSERT INTO products
SELECT i,
       'Product ' || i || ' ' || md5(i::text),
       1 + (i % 50),
       round((5 + random() * 495)::numeric, 2),
       (random() * 1000)::int,
       repeat('A sturdy, well reviewed item of category ' || (1 + i % 50) || '. ', 8)
FROM generate_series(1, 20000) AS i;
CREATE INDEX products_category ON products (category, price);

CREATE TABLE orders (
  id          bigint PRIMARY KEY,
  product_id  integer NOT NULL REFERENCES products (id),
  customer    text    NOT NULL,
  qty         integer NOT NULL,
  unit_price  numeric(10, 2) NOT NULL,
  created_at  timestamptz NOT NULL
);
INSERT INTO orders
SELECT i,
       1 + (random() * 19999)::int,
       'customer' || (random() * 50000)::int,
       1 + (random() * 4)::int,
       round((5 + random() * 495)::numeric, 2),
       timestamptz '2025-01-01' + random() * interval '730 days'
FROM generate_series(1, 200000) AS i;
CREATE INDEX orders_product_created ON orders (product_id, created_at DESC);
-- VACUUM as well as ANALYZE: the 200,000 inserted rows would otherwise cross autovacuum's insert threshold and be
-- vacuumed by autovacuum a minute after the start, in the middle of the first configuration's measurements (seen:
-- pg_stat_user_tables.last_autovacuum of orders and products during the 3-worker configuration's first measured load).
VACUUM (ANALYZE);
