"""The pieces every benchmark table is made of: percentiles, aligned tables, importtime parsing."""

from bench.stats import median, percentile
from bench.tables import Table, render

from bench import importtime


def test_percentiles_interpolate_between_closest_ranks():
    # given ten evenly spaced values
    values = [float(v) for v in range(1, 11)]
    # then the median sits between the two middle values and the ends are the extremes
    assert median(values) == 5.5
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 10.0
    assert round(percentile(values, 90), 6) == 9.1


def test_a_table_aligns_numbers_right_and_text_left():
    # given a table with a text column and a number column
    table = Table("Title", ["name", "ms"])
    table.add("short", 1.5)
    table.add("a longer name", 1234.0)
    table.notes.append("a note")
    # when it is rendered
    lines = render(table).splitlines()
    # then the title is underlined, the header and rows share column widths, and notes come last
    assert lines[0] == "Title"
    assert lines[1] == "====="
    assert lines[2].split() == ["name", "ms"]
    assert lines[4].startswith("short ")
    assert lines[4].endswith(" 1.50")
    assert lines[5].endswith("1,234")
    assert len({len(line) for line in lines[2:6]}) == 1
    assert lines[-1] == "  * a note"


def test_importtime_output_is_added_up_per_package():
    # given -X importtime output where `pkg` imports its submodule and the standard library's `json`
    stderr = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:       100 |        100 |     json.decoder",
            "import time:        50 |        150 |   json",
            "import time:        30 |         30 |   pkg.sub",
            "import time:        20 |        200 | pkg",
        ]
    )
    # when it is parsed and grouped
    costs = {cost.package: cost for cost in importtime.by_package(importtime.parse(stderr))}
    # then each package has its own self time, and what entered it from outside is counted once
    assert costs["json"].kind == "stdlib"
    assert costs["json"].self_ms == 0.15
    assert costs["json"].cumulative_ms == 0.15
    assert costs["pkg"].kind == "third-party"
    assert costs["pkg"].self_ms == 0.05
    assert costs["pkg"].cumulative_ms == 0.2
