-- private.order_snapshots: the cache of what NetSuite said about a sales order, and when.
--
-- The validate-order Lambda answers from here when NetSuite was asked recently. The snapshot is exactly
-- OrderSnapshot.to_record() (lambda/pickup/domain/orders.py): order facts and item lines, plus SHA-256 digests
-- of the customer's email addresses and domains. It holds no email address and no postal address.
--
-- The table lives in the private schema, which the Data API does not expose; the Lambda reaches it only
-- through the two functions in the next migration.

create schema if not exists private;
revoke all on schema private from public;

create table private.order_snapshots (
  order_number text primary key
    constraint order_snapshots_order_number_format
      check (order_number ~ '^[A-Z0-9]([A-Z0-9-]{0,38}[A-Z0-9])?$'),
  snapshot     jsonb not null
    constraint order_snapshots_snapshot_is_object check (jsonb_typeof(snapshot) = 'object')
    -- A guard against a writer that forgets the snapshot must not carry addresses.
    constraint order_snapshots_snapshot_has_no_email_fields
      check (not (snapshot ?| array['customer_email', 'order_email', 'email'])),
  fetched_at   timestamptz not null,
  updated_at   timestamptz not null default now(),
  constraint order_snapshots_snapshot_matches_key check (snapshot ->> 'order_number' = order_number)
);

-- Not exposed, but RLS on anyway: no policies, so only the owner and BYPASSRLS roles see rows.
alter table private.order_snapshots enable row level security;

comment on table private.order_snapshots is
  'What NetSuite reported about a sales order (OrderSnapshot.to_record(): email digests only) and when.';
comment on column private.order_snapshots.fetched_at is 'When NetSuite was asked; the database clock.';

create trigger order_snapshots_set_updated_at
  before update on private.order_snapshots
  for each row execute function private.set_updated_at();

-- No role but the owner may touch the cache directly: not anon, not authenticated (staff have no use for it),
-- not even service_role, which goes through the security definer functions instead.
revoke all on table private.order_snapshots from public, anon, authenticated, service_role;
