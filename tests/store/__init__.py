"""Tests of the snapshot store adapters against the real PostgreSQL and the Data API stand-in."""
