"""One module per `pickup` subcommand."""
