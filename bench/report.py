"""What a benchmark hands back: its tables, and the raw figures for --json."""

from dataclasses import dataclass, field
from typing import Any

from bench.tables import Table


@dataclass
class Report:
    name: str
    tables: list[Table] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "tables": [t.as_dict() for t in self.tables], "data": self.data}
