"""The main job: load, validate, reason, verify quotes, and write everything under ``out/``."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .load import load
from .namespaces import INFERRED_GRAPH
from .reason import inconsistencies
from .stats import stats
from .validate import validate
from .verify import verify_quotes
from .write import atomic_write_text

__all__ = ["BuildResult", "build", "default_seeds_dir"]


@dataclass
class BuildResult:
    """What the main job did: files written, violations, quotes checked, timings in seconds."""

    outputs: list[str] = field(default_factory=list)
    violations: int = 0
    inconsistencies: list[str] = field(default_factory=list)
    quotes_checked: int = 0
    quotes_missing: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No violations, no inconsistency, no missing quote."""
        return not (self.violations or self.inconsistencies or self.quotes_missing)


def default_seeds_dir() -> Path | None:
    """``shared/seeds`` beside the checkout (or ``$COLLABGRAPH_SEEDS``), if it exists."""
    import os

    env = os.environ.get("COLLABGRAPH_SEEDS")
    candidates = [Path(env)] if env else []
    candidates += [Path.cwd().parent / "shared" / "seeds", Path.cwd() / "shared" / "seeds"]
    return next((c for c in candidates if c.is_dir()), None)


def build(out_dir: Path | str = "out", *, sources: str = "all", data=(),
          seeds_dir: Path | str | None = None) -> BuildResult:
    """Run the main job and write its outputs under ``out_dir``.

    Writes ``dataset.trig`` (every named graph, inferred included), ``validation.txt``,
    ``stats.json`` and, when the source documents are found, ``quotes.txt``. Every file is written
    atomically.
    """
    out = Path(out_dir)
    result = BuildResult()
    t0 = time.perf_counter()
    ds = load(sources=sources, data=data, reason=True)
    result.seconds["load+reason"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    report = validate(ds)
    result.seconds["validate"] = time.perf_counter() - t0
    result.violations = len(report.violations)
    result.inconsistencies = inconsistencies(ds.graph(INFERRED_GRAPH))

    seeds = Path(seeds_dir) if seeds_dir else default_seeds_dir()
    quote_lines = []
    if seeds is not None:
        checks = verify_quotes(ds, seeds)
        result.quotes_checked = len(checks)
        result.quotes_missing = [str(c) for c in checks if not c.found]
        quote_lines = [str(c) for c in checks]

    files = {
        "dataset.trig": ds.serialize(format="trig"),
        "validation.txt": str(report) + "\n",
        "stats.json": json.dumps([asdict(s) for s in stats(ds)], indent=2) + "\n",
    }
    if quote_lines:
        files["quotes.txt"] = "\n".join(quote_lines) + "\n"
    for name, text in files.items():
        result.outputs.append(str(atomic_write_text(out / name, text)))
    return result
