"""The `pickup` command line."""

from pickup_dev.cli import main


def test_help_lists_every_subcommand(capsys):
    # given the installed command, when asked for help
    code = main([])
    # then it succeeds and names each subcommand
    out = capsys.readouterr().out
    assert code == 0
    for name in ("dev", "sandbox", "validate", "netsuite-check"):
        assert name in out
