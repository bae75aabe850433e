package main

// FerretDB 1.24 on PostgreSQL pushes an equality filter on a top-level field down as
// `_jsonb -> 'field' @> '<value>'` (containment, so that an array holding the value matches too, as
// in MongoDB), but it builds a MongoDB index as a btree over `(_jsonb -> 'field')`, which PostgreSQL
// cannot use for `@>`: every tenant query scanned the whole collection, whatever its indexes.
//
// companionsSQL gives every such btree index a GIN companion over the same first field
// (`jsonb_path_ops` supports exactly `@>`; `fastupdate = off`, or every lookup scans the pending list
// of recent inserts until a vacuum merges it, which grows with every tenant's writes), kept in step by
// event triggers: created when FerretDB
// creates an index, dropped when no index of the table starts with that field any more. FerretDB
// does not know about the companions and does not need to: it filters the returned rows again.
// The first field is enough because FerretDB pushes down only one condition per field and sorts in Go.
//
// The planner must see the field name to match the indexed expression, and FerretDB passes it as a
// parameter of a prepared statement; the cluster therefore runs with plan_cache_mode=force_custom_plan.
const companionsSQL = `
CREATE OR REPLACE FUNCTION public.attunelogic_sync_companions(target_schema text) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  -- A GIN companion for each (table, first field) of a btree index over _jsonb fields.
  FOR r IN
    SELECT DISTINCT t.relname AS tbl, substring(pg_get_indexdef(i.indexrelid, 1, true) FROM $re$^\(_jsonb -> '([^']+)'::text\)$$re$) AS field
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_am am ON am.oid = c.relam
     WHERE n.nspname = target_schema AND am.amname = 'btree' AND t.relname NOT LIKE '\_ferretdb\_%'
  LOOP
    CONTINUE WHEN r.field IS NULL;
    CONTINUE WHEN EXISTS (
      SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = target_schema AND c.relname = 'gin_' || md5(r.tbl || '.' || r.field));
    BEGIN
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I USING gin ((_jsonb -> %L) jsonb_path_ops) WITH (fastupdate = off)',
                     'gin_' || md5(r.tbl || '.' || r.field), target_schema, r.tbl, r.field);
    EXCEPTION WHEN duplicate_table OR unique_violation THEN
      NULL; -- created at the same moment by another connection
    END;
  END LOOP;
  -- Companions whose table has no btree index on that field any more.
  FOR r IN
    SELECT c.relname AS name
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_am am ON am.oid = c.relam
     WHERE n.nspname = target_schema AND am.amname = 'gin' AND c.relname LIKE 'gin\_%'
       AND NOT EXISTS (
         SELECT 1 FROM pg_index bi JOIN pg_class bc ON bc.oid = bi.indexrelid JOIN pg_am bam ON bam.oid = bc.relam
          WHERE bi.indrelid = i.indrelid AND bam.amname = 'btree'
            AND pg_get_indexdef(bi.indexrelid, 1, true) = pg_get_indexdef(i.indexrelid, 1, true))
  LOOP
    EXECUTE format('DROP INDEX IF EXISTS %I.%I', target_schema, r.name);
  END LOOP;
END
$fn$;

CREATE OR REPLACE FUNCTION public.attunelogic_companions_on_create() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  s text;
BEGIN
  FOR s IN SELECT DISTINCT schema_name FROM pg_event_trigger_ddl_commands() WHERE schema_name IS NOT NULL LOOP
    PERFORM public.attunelogic_sync_companions(s);
  END LOOP;
END
$fn$;

CREATE OR REPLACE FUNCTION public.attunelogic_companions_on_drop() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  s text;
BEGIN
  FOR s IN SELECT DISTINCT schema_name FROM pg_event_trigger_dropped_objects()
            WHERE object_type = 'index' AND schema_name IS NOT NULL LOOP
    PERFORM public.attunelogic_sync_companions(s);
  END LOOP;
END
$fn$;

DO $do$
DECLARE
  s text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'attunelogic_companions_create') THEN
    CREATE EVENT TRIGGER attunelogic_companions_create ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
      EXECUTE FUNCTION public.attunelogic_companions_on_create();
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_event_trigger WHERE evtname = 'attunelogic_companions_drop') THEN
    CREATE EVENT TRIGGER attunelogic_companions_drop ON sql_drop WHEN TAG IN ('DROP INDEX')
      EXECUTE FUNCTION public.attunelogic_companions_on_drop();
  END IF;
  -- Clusters created before the triggers existed.
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\_%' AND nspname NOT IN ('information_schema', 'public') LOOP
    PERFORM public.attunelogic_sync_companions(s);
  END LOOP;
END
$do$;
`
