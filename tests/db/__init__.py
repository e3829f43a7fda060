"""Tests of the database itself: the migrations in supabase/migrations, run on a real PostgreSQL."""
