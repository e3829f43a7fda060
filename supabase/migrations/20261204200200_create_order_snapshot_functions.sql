-- The two database functions the validate-order Lambda calls, in public so the Data API exposes them as
-- POST /rest/v1/rpc/get_order_snapshot and POST /rest/v1/rpc/put_order_snapshot. A direct PostgreSQL
-- connection runs the same SQL: select * from public.get_order_snapshot($1).
--
-- security definer: the functions run with the owner's rights, so the Lambda's role needs EXECUTE on these two
-- functions and nothing else: no USAGE on the private schema, no privilege on the table. Its key can read one
-- snapshot by order number and upsert one snapshot; it cannot list, scan or delete the cache.
-- Because definer functions run as their owner, each one sets search_path = '' and names every object with
-- its schema (pg_catalog included), and EXECUTE is revoked from everyone but service_role.

-- Section - get_order_snapshot

create or replace function public.get_order_snapshot(p_order_number text)
returns table (snapshot jsonb, age_seconds double precision)
language sql
stable
security definer
set search_path = ''
as $$
  -- Age from the database clock, so clocks on the callers do not matter; never negative.
  -- (greatest is SQL syntax, not a function, so it has no schema.)
  select s.snapshot,
         greatest(0, extract(epoch from pg_catalog.now() - s.fetched_at))::double precision
    from private.order_snapshots as s
   where s.order_number = p_order_number;
$$;

comment on function public.get_order_snapshot(text) is
  'The cached snapshot of a sales order and its age in seconds; no row when the order is not cached.';

-- Section - put_order_snapshot

create or replace function public.put_order_snapshot(p_order_number text, p_snapshot jsonb)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if p_snapshot is null or pg_catalog.jsonb_typeof(p_snapshot) <> 'object' then
    raise exception 'p_snapshot must be a JSON object' using errcode = '22023';
  end if;
  if p_snapshot ->> 'order_number' is distinct from p_order_number then
    raise exception 'p_snapshot.order_number must equal p_order_number' using errcode = '22023';
  end if;

  -- Idempotent upsert: the newest answer from NetSuite replaces the old one and restarts its age.
  insert into private.order_snapshots as s (order_number, snapshot, fetched_at)
  values (p_order_number, p_snapshot, pg_catalog.now())
  on conflict (order_number) do update
    set snapshot = excluded.snapshot,
        fetched_at = excluded.fetched_at;
end;
$$;

comment on function public.put_order_snapshot(text, jsonb) is
  'Insert or replace the cached snapshot of a sales order; fetched_at becomes now().';

-- Section - privileges
--
-- Functions are executable by PUBLIC by default, and Supabase also grants EXECUTE to anon and authenticated:
-- revoke all of that. anon and authenticated get nothing; service_role (the Lambda's key) gets EXECUTE.
revoke execute on function public.get_order_snapshot(text) from public, anon, authenticated;
revoke execute on function public.put_order_snapshot(text, jsonb) from public, anon, authenticated;
grant execute on function public.get_order_snapshot(text) to service_role;
grant execute on function public.put_order_snapshot(text, jsonb) to service_role;

-- Ask the Data API (PostgREST) to reload its schema cache, so the new functions are callable at once.
-- Harmless where nothing listens.
notify pgrst, 'reload schema';
