"""Development tools: the `pickup` command, the NetSuite sandbox, the local API gateway and the
embedded PostgreSQL harness. None of this ships in the Lambda artifacts."""
