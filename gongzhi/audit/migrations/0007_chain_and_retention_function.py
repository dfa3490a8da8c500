"""Chain the existing audit entries, and let retention delete through a function, not a setting.

Until now the append-only trigger let a DELETE through in any transaction that ran
`SET LOCAL gongzhi.audit_retention = 'on'`, which the application's own role could do. Now:

- the trigger lets a row go only once the law no longer asks to keep it (security logs six
  months, records of data provided to others, i.e. exports, three years: 网络安全法 art. 21,
  PIPL practice; see DOMAIN_RULES), whoever deletes, and never lets a row be changed;
- `audit_retention_purge(default_cutoff, export_cutoff, batch_size)` is a SECURITY DEFINER
  function owned by the role that runs this migration (the tables' owner). It clamps the
  cutoffs it is given to those legal minimums, deletes one batch from the oldest end of each
  hash chain (audit/chain.py) and keeps the hash of the last entry it deleted on the chain's
  head row. The application's role may call it (`manage.py audit_db_roles`) while holding no
  DELETE, UPDATE or TRUNCATE on the table itself.

The existing rows are chained here (with the trigger set aside for the moment), in primary-key
order, by the same hashing the application uses; before that, the phone and ID numbers typed
into free text that their changes kept in full are masked, as new entries are (audit/services).
"""

from django.db import migrations

from gongzhi.audit.chain import CHAINS, chain_of, entry_digest, HASHED_FIELDS
from gongzhi.audit.services import masked_changes

# in brackets: plpgsql ends an IF's condition at the first THEN
KEPT = """(CASE WHEN {row}.action = 'export' THEN interval '36 months'
                  ELSE interval '6 months' END)"""

TRIGGER_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.created_at < now() - {KEPT.format(row="OLD")} THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit entries are append-only';
END; $$ LANGUAGE plpgsql;
"""

OLD_TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND current_setting('gongzhi.audit_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit entries are append-only';
END; $$ LANGUAGE plpgsql;
"""

RETENTION_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_retention_purge(
    default_cutoff timestamptz, export_cutoff timestamptz, batch_size integer)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {schema}, pg_temp
AS $$
DECLARE
  deleted bigint := 0;
  gone_count bigint;
  last_gone text;
  chain_name text;
  cutoff timestamptz;
  first_kept bigint;
BEGIN
  batch_size := least(greatest(coalesce(batch_size, 1), 1), 10000);
  FOREACH chain_name IN ARRAY ARRAY['default', 'export'] LOOP
    IF chain_name = 'export' THEN
      cutoff := least(coalesce(export_cutoff, '-infinity'), now() - interval '36 months');
    ELSE
      cutoff := least(coalesce(default_cutoff, '-infinity'), now() - interval '6 months');
    END IF;
    INSERT INTO audit_auditchain (name, last_hash, pruned_hash) VALUES (chain_name, '', '')
      ON CONFLICT (name) DO NOTHING;
    PERFORM 1 FROM audit_auditchain WHERE name = chain_name FOR UPDATE;
    -- only from the oldest end: stop at the chain's first entry that stays
    SELECT min(id) INTO first_kept FROM audit_auditentry
      WHERE (action = 'export') = (chain_name = 'export') AND created_at >= cutoff;
    WITH doomed AS (
      SELECT id FROM audit_auditentry
      WHERE (action = 'export') = (chain_name = 'export') AND created_at < cutoff
        AND (first_kept IS NULL OR id < first_kept)
      ORDER BY id LIMIT batch_size
    ), gone AS (
      DELETE FROM audit_auditentry WHERE id IN (SELECT id FROM doomed)
      RETURNING id, entry_hash
    )
    SELECT count(*), (array_agg(entry_hash ORDER BY id DESC))[1] INTO gone_count, last_gone
      FROM gone;
    IF gone_count > 0 THEN
      UPDATE audit_auditchain SET pruned_hash = last_gone WHERE name = chain_name;
      deleted := deleted + gone_count;
    END IF;
  END LOOP;
  RETURN deleted;
END; $$;
"""
RETENTION_SIGNATURE = "audit_retention_purge(timestamptz, timestamptz, integer)"

SQLITE_TRIGGER = """CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;"""


def chain_existing(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditChain = apps.get_model("audit", "AuditChain")
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change")
    else:
        # SQLite rebuilt the table for 0006 and dropped the trigger with the old one
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
    last = dict.fromkeys(CHAINS, "")
    batch = []
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        entry.changes = masked_changes(entry.changes)
        name = chain_of(entry.action)
        entry.previous_hash = last[name]
        entry.entry_hash = entry_digest({f: getattr(entry, f) for f in HASHED_FIELDS},
                                        entry.previous_hash)
        last[name] = entry.entry_hash
        batch.append(entry)
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_update(batch, ["changes", "previous_hash", "entry_hash"])
            batch = []
    AuditEntry.objects.bulk_update(batch, ["changes", "previous_hash", "entry_hash"])
    for name in CHAINS:
        AuditChain.objects.update_or_create(name=name, defaults={"last_hash": last[name],
                                                                 "pruned_hash": ""})
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_change")
        schema = schema_editor.connection.ops.quote_name(
            _scalar(schema_editor, "SELECT current_schema()"))
        schema_editor.execute(TRIGGER_FUNCTION)
        schema_editor.execute(RETENTION_FUNCTION.format(schema=schema))
        # functions are executable by PUBLIC unless told otherwise
        schema_editor.execute(f"REVOKE ALL ON FUNCTION {RETENTION_SIGNATURE} FROM PUBLIC")
    else:
        schema_editor.execute(SQLITE_TRIGGER)


def _scalar(schema_editor, sql):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def unchain(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {RETENTION_SIGNATURE}")
        schema_editor.execute(OLD_TRIGGER_FUNCTION)
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_hash_chain")]

    operations = [migrations.RunPython(chain_existing, unchain)]
