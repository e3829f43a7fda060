"""Runs every benchmark in bench/ and prints the tables."""

import sys

sys.exit("make bench: no benchmark is written yet (see the performance issue).")
