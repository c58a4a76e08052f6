"""EC-SHP-06/07: the order total is what the tourist pays, checked by the database.

`total_fen = sum(line.amount_fen) - discount_fen` and `discount_fen = sum(line.discount_fen)`
span two tables, so a CHECK cannot say it: a constraint trigger, deferred to commit (place_order
writes the order before its lines and the discounts after them), checks every order whose row
or lines changed. The function qualifies the tables with TG_TABLE_SCHEMA because at commit
time the connection's search_path may point at another merchant of the same checkout.
"""

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION orders_check_total() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    o_id bigint;
    tot bigint;
    disc bigint;
    line_sum bigint;
    line_disc bigint;
BEGIN
    IF TG_TABLE_NAME = 'orders_order' THEN
        o_id := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN
        o_id := OLD.order_id;
    ELSE
        o_id := NEW.order_id;
    END IF;
    EXECUTE format('SELECT total_fen, discount_fen FROM %I.orders_order WHERE id = $1', TG_TABLE_SCHEMA)
        INTO tot, disc USING o_id;
    IF tot IS NULL THEN
        RETURN NULL;  -- the order itself is gone
    END IF;
    EXECUTE format('SELECT coalesce(sum(amount_fen), 0), coalesce(sum(discount_fen), 0) FROM %I.orders_orderline '
                   'WHERE order_id = $1', TG_TABLE_SCHEMA)
        INTO line_sum, line_disc USING o_id;
    IF tot <> line_sum - disc OR disc <> line_disc THEN
        RAISE EXCEPTION 'order % total_fen % <> sum(lines) % - discount_fen % (line discounts %)',
            o_id, tot, line_sum, disc, line_disc USING ERRCODE = 'check_violation',
            CONSTRAINT = 'order_total_is_lines_minus_discount';
    END IF;
    RETURN NULL;
END
$$;
"""

TRIGGERS = """
CREATE CONSTRAINT TRIGGER order_total_is_lines_minus_discount
    AFTER INSERT OR UPDATE OF total_fen, discount_fen ON orders_order
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION orders_check_total();
CREATE CONSTRAINT TRIGGER order_line_total_is_lines_minus_discount
    AFTER INSERT OR DELETE OR UPDATE OF amount_fen, discount_fen, order_id ON orders_orderline
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION orders_check_total();
"""

DROP = """
DROP TRIGGER IF EXISTS order_line_total_is_lines_minus_discount ON orders_orderline;
DROP TRIGGER IF EXISTS order_total_is_lines_minus_discount ON orders_order;
DROP FUNCTION IF EXISTS orders_check_total();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("orders", "0002_pay_at_merchant_discounts_returns"),
    ]

    operations = [
        migrations.RunSQL(FUNCTION + TRIGGERS, DROP),
    ]
