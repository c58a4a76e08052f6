-- The reserve step of a checkout, alone: the same conditional UPDATE as
-- tenant_apps/inventory/services.py reserve() plus the hold row, in one transaction.
-- run.py passes -D lo=<first SKU slot id> -D hi=<last SKU slot id> (100 contiguous slots in bscenic).
\set sku random(:lo, :hi)
BEGIN;
UPDATE bscenic.inventory_capacityslot SET held = held + 1, updated_at = now()
  WHERE id = :sku AND capacity - sold - held >= 1;
INSERT INTO bscenic.inventory_hold (slot_id, quantity, ref, status, expires_at, created_at)
  VALUES (:sku, 1, 'pgbench', 'active', now() + interval '15 minutes', now());
END;
