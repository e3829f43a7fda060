-- pickup_requests: one customer's request to collect a sales order from the warehouse, and its lifecycle.
--
-- Validating an order never writes here (the system this replaces wrote placeholder 'pending' rows on every
-- validation, and let anon read every row). Requests are created by the pickup flow that follows a
-- successful validation, with the facts NetSuite reported at that moment.
--
-- Lifecycle: pending -> approved -> in_queue -> processing -> completed, or cancelled from any active state.
-- Decisions written as constraints:
--   * at most one ACTIVE request (pending, approved, in_queue, processing) per sales order; completed and
--     cancelled requests are history, so a new request may follow them;
--   * completed_at is set exactly when status = 'completed' (a cancelled request was never completed);
--   * the NetSuite facts may be null (a request entered by staff by hand may not have them), but when present
--     they are well formed: a one-letter status, a non-negative item count.

-- Section - table

create table public.pickup_requests (
  id                   uuid primary key default gen_random_uuid(),
  sales_order_number   text not null
    constraint pickup_requests_sales_order_number_format
      check (sales_order_number ~ '^[A-Z0-9]([A-Z0-9-]{0,38}[A-Z0-9])?$'),
  customer_email       text not null
    constraint pickup_requests_customer_email_format
      check (length(customer_email) <= 320 and customer_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  customer_phone       text
    constraint pickup_requests_customer_phone_length check (length(customer_phone) between 1 and 32),
  company_name         text,
  item_count           integer constraint pickup_requests_item_count_not_negative check (item_count >= 0),
  po_number            text,
  netsuite_status      text constraint pickup_requests_netsuite_status_letter check (netsuite_status ~ '^[A-Z]$'),
  netsuite_status_name text,
  valid_for_pickup     boolean,
  email_flagged        boolean not null default false,  -- the submitted email did not match NetSuite's
  status               text not null default 'pending'
    constraint pickup_requests_status_known
      check (status in ('pending', 'approved', 'in_queue', 'processing', 'completed', 'cancelled')),
  is_priority          boolean not null default false,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  completed_at         timestamptz,
  constraint pickup_requests_completed_at_iff_completed
    check ((status = 'completed') = (completed_at is not null))
);

-- Row level security right away: with RLS on and no policy for a role, that role sees no rows at all.
alter table public.pickup_requests enable row level security;

comment on table public.pickup_requests is
  'A customer''s request to collect a sales order; at most one active request per order. Holds personal data '
  '(customer_email, customer_phone) that only the table owner reads.';
comment on column public.pickup_requests.email_flagged is
  'True when the email the customer submitted did not match the one NetSuite holds for the order.';
comment on column public.pickup_requests.completed_at is 'Set exactly when status is completed.';

-- Section - indexes

-- The rule "one active request per sales order" as a partial unique index: a second active insert fails with
-- 23505, while completed and cancelled requests do not count.
create unique index pickup_requests_one_active_per_order
  on public.pickup_requests (sales_order_number)
  where status in ('pending', 'approved', 'in_queue', 'processing');

-- The warehouse queue view: active requests, priority first, oldest first.
create index pickup_requests_queue_order
  on public.pickup_requests (status, is_priority desc, created_at);

-- Section - updated_at trigger

-- A shared trigger function in the private schema, so the Data API (which exposes public) never lists it.
create schema if not exists private;
revoke all on schema private from public;
comment on schema private is 'Objects the Data API must not expose. No API role has USAGE on it.';

create or replace function private.set_updated_at()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end;
$$;

revoke execute on function private.set_updated_at() from public;

create trigger pickup_requests_set_updated_at
  before update on public.pickup_requests
  for each row execute function private.set_updated_at();

-- Section - privileges
--
-- Start from nothing: Supabase grants every API role all privileges on new tables in public by default
-- (before the 2026 change), so revoke first, then grant only what each role needs.
revoke all on table public.pickup_requests from public, anon, authenticated, service_role;

-- anon: nothing at all. Anyone holding the publishable key is anonymous; pickup requests hold personal data.

-- authenticated (warehouse staff signed in to the queue screen): read the queue, but not the customer's
-- email or phone. Column-level grant: a query naming customer_email or customer_phone (or select *) fails
-- with 42501 for this role.
grant select (
  id, sales_order_number, company_name, item_count, po_number, netsuite_status, netsuite_status_name,
  valid_for_pickup, email_flagged, status, is_priority, created_at, updated_at, completed_at
) on table public.pickup_requests to authenticated;

-- Every signed-in user is warehouse staff (sign-ups are closed), so staff see every request's non-personal
-- columns. The column grant above, not this policy, keeps email and phone out of reach.
create policy "warehouse staff read the pickup queue"
  on public.pickup_requests
  for select
  to authenticated
  using (true);

-- service_role (the validate-order Lambda): nothing. Validation never reads or writes pickup requests; the
-- component that creates them gets its own narrow grant in its own migration.
