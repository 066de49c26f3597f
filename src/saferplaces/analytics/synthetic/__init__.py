"""Synthetic command-and-control incident logs with known truth (framework-free).

Public API: `GeneratorConfig`, `generate` (returns `GeneratedData` of Polars tables) and `write`.
The model (every rate and distribution) is described in docs/synthetic-data.md.
"""

from saferplaces.analytics.synthetic.config import GeneratorConfig
from saferplaces.analytics.synthetic.generator import GeneratedData, generate
from saferplaces.analytics.synthetic.writer import write

__all__ = ["GeneratedData", "GeneratorConfig", "generate", "write"]
