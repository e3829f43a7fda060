"""Pickup order validation: the code that runs in AWS Lambda behind POST /validate-order.

Layout (dependencies point inward):
    domain/    orders, verification, eligibility and the validate-order use case; no HTTP or database imports
    netsuite/  adapter: SuiteQL over SuiteTalk REST, signed with TBA or OAuth 2.0 client credentials
    store/     adapters: the order-snapshot cache over Supabase REST (production) or PostgreSQL (local, tests)
    handler.py the Lambda entry point: parses the API Gateway event, calls the domain, maps errors to HTTP once
"""
