-- 003_lock_holder.sql - the run lock row describes its holder: host, boot, pid namespace, interval.
-- With them a holder on this machine whose pid is gone is known dead at once, and a live holder's
-- silence is judged by its own interval, not the newcomer's. Embedded in state/store.c.
ALTER TABLE run_lock ADD COLUMN host TEXT;
ALTER TABLE run_lock ADD COLUMN boot_id TEXT;
ALTER TABLE run_lock ADD COLUMN pid_ns TEXT;
ALTER TABLE run_lock ADD COLUMN interval_ms INTEGER;
