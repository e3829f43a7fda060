"""The HTTP edge: API Gateway REST proxy events in, proxy results out; errors mapped to HTTP here only."""
