"""What every benchmark is told: how big a run to make."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Options:
    quick: bool = False  # a few runs each and a few seconds of load: proves the scripts work, measures little
