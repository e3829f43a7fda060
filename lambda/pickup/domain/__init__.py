"""Domain logic for validating a pickup order. Imports only the standard library."""
