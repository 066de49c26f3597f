"""Victim risk: a configurable questionnaire plus factors from history -> standard / medium / high.

The questionnaire is data (``risk_questionnaire.json`` beside this module, or a force's own file):
each question has a weight, an optional answer column (``Y``/``N`` in the export, when the force's
call takers record it) and the signals it is inferred from when no answer was recorded. History
factors (repeat victim, repeat location, threats) add their own weights. The score is the sum of
the weights of the ``yes`` answers and factors; bands are score thresholds; overrides force a band
(a threat to kill is always high). Every band comes with its reasons.

Signals come from the rest of the engine (linked history, repeat rules, CDI cues) and from a few
narrative phrases found here (vulnerability, other agencies, feeling targeted).

All scoring is vectorised Polars over the incident table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

DEFAULT_QUESTIONNAIRE = Path(__file__).with_name("risk_questionnaire.json")

BANDS = ("standard", "medium", "high")

# Narrative phrases behind three inferred answers (lower-case regular expressions).
VULNERABILITY = (
    r"\b(?:disabled|disability|wheelchair|elderly|pensioner|frail|dementia|alzheimer\w*|autis\w*|"
    r"mental\s+health|learning\s+(?:difficult\w*|disabilit\w*)|long[- ]term\s+ill\w*|terminal\w*|cancer|"
    r"carer|vulnerable|lives\s+alone|blind|deaf|housebound|in\s+(?:her|his)\s+[89]0s|oxygen|"
    r"depress\w*|anxiety|ptsd|dialysis|stroke)\b"
)
OTHER_AGENCY = (
    r"\b(?:council|housing\s+(?:officer|association|provider)|landlord|environmental\s+health|"
    r"asb\s+team|social\s+services|social\s+worker|reported\s+to|mp\b|councillor)\b"
)
TARGETING = (
    r"\b(?:target\w*|picked\s+on|singled\s+out|because\s+(?:she|he|they)\s+(?:is|are)|"
    r"only\s+(?:her|his|their)\s+(?:house|door|car)|deliberately)\b"
)


@dataclass(frozen=True)
class Question:
    """One risk question: ``weight`` counts when answered (or inferred) yes."""

    id: str
    text: str
    weight: float
    answer_column: str | None = None
    infer_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Factor:
    """A history factor (a signal column) with its weight."""

    id: str
    text: str
    weight: float


@dataclass(frozen=True)
class Override:
    """When all of ``all_of`` (question ids or factor ids) hold, the band is at least ``band``."""

    all_of: tuple[str, ...]
    band: str
    reason: str


@dataclass(frozen=True)
class Questionnaire:
    """A risk questionnaire with bands, history factors and overrides."""

    name: str
    questions: tuple[Question, ...]
    factors: tuple[Factor, ...]
    medium_at: float
    high_at: float
    overrides: tuple[Override, ...] = ()
    review_cadence_days: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Questionnaire:
        """Read a questionnaire JSON (default: the shipped ``risk_questionnaire.json``)."""
        p = Path(path) if path is not None else DEFAULT_QUESTIONNAIRE
        data: dict[str, Any] = json.loads(p.read_text(encoding="utf-8"))
        return cls(
            name=data["name"],
            questions=tuple(
                Question(
                    id=q["id"],
                    text=q["text"],
                    weight=float(q["weight"]),
                    answer_column=q.get("answer_column"),
                    infer_from=tuple(q.get("infer_from", ())),
                )
                for q in data["questions"]
            ),
            factors=tuple(
                Factor(f["id"], f.get("text", f["id"]), float(f["weight"]))
                for f in data.get("history_factors", ())
            ),
            medium_at=float(data["bands"]["medium"]),
            high_at=float(data["bands"]["high"]),
            overrides=tuple(
                Override(tuple(o["all_of"]), o["band"], o.get("reason", ""))
                for o in data.get("overrides", ())
            ),
            review_cadence_days=data.get("review_cadence_days", {}),
        )


def narrative_signals(narrative: pl.Expr) -> list[pl.Expr]:
    """Boolean signals read from the log text: vulnerability, other agencies, feeling targeted."""
    text = narrative.fill_null("").str.to_lowercase()
    return [
        text.str.contains(VULNERABILITY).alias("mentions_vulnerability"),
        text.str.contains(OTHER_AGENCY).alias("mentions_other_agency"),
        text.str.contains(TARGETING).alias("mentions_targeting"),
    ]


def _yes(frame_columns: list[str], column: str | None) -> pl.Expr | None:
    if column is None or column not in frame_columns:
        return None
    return pl.col(column).cast(pl.String).str.strip_chars().str.to_uppercase()


def score(frame: pl.DataFrame, questionnaire: Questionnaire) -> pl.DataFrame:
    """Risk band, score and reasons per row.

    Args:
        frame: one row per incident with the boolean signal columns named by the questionnaire
            (missing signals count as no) and any answer columns.
        questionnaire: the questionnaire to apply.

    Returns:
        ``risk`` (standard/medium/high), ``risk_score`` (float) and ``risk_reasons`` (text), aligned
        with ``frame``.
    """
    cols = frame.columns

    def signal(name: str) -> pl.Expr:
        return pl.col(name).fill_null(False).cast(pl.Boolean) if name in cols else pl.lit(False)

    # Staged: each answer is one column first, so the score, band and reasons read columns instead of
    # repeating every answer's expression (Polars would otherwise evaluate them many times over).
    answers: list[pl.Expr] = []
    sources: list[pl.Expr] = []
    weights: dict[str, float] = {}
    for q in questionnaire.questions:
        inferred = pl.lit(False)
        for s in q.infer_from:
            inferred = inferred | signal(s)
        answer = _yes(cols, q.answer_column)
        if answer is not None:
            # A recorded answer wins over the inference; blank falls back to it.
            value = pl.when(answer == "Y").then(True).when(answer == "N").then(False).otherwise(inferred)
            source = pl.when(answer.is_in(["Y", "N"])).then(pl.lit("answered")).otherwise(pl.lit("inferred"))
        else:
            value = inferred
            source = pl.lit("inferred")
        answers.append(value.alias(f"_yes_{q.id}"))
        sources.append(source.alias(f"_src_{q.id}"))
        weights[q.id] = q.weight
    for f in questionnaire.factors:
        answers.append(signal(f.id).alias(f"_yes_{f.id}"))
        weights[f.id] = f.weight
    staged = frame.select(*answers, *sources)

    def yes(key: str) -> pl.Expr:
        return pl.col(f"_yes_{key}") if key in weights else signal(key)

    total = pl.sum_horizontal(
        pl.when(pl.col(f"_yes_{k}")).then(pl.lit(w)).otherwise(0.0) for k, w in weights.items()
    )
    reasons: list[pl.Expr] = []
    for q in questionnaire.questions:
        reasons.append(
            pl.when(yes(q.id)).then(
                pl.concat_str(pl.lit(f"{q.id} (+{q.weight:g}, "), pl.col(f"_src_{q.id}"), pl.lit(")"))
            )
        )
    for f in questionnaire.factors:
        reasons.append(pl.when(yes(f.id)).then(pl.lit(f"{f.id} (+{f.weight:g})")))
    # Signals named only by overrides are read from the frame itself.
    extra = sorted({k for o in questionnaire.overrides for k in o.all_of if k not in weights and k in cols})
    staged = staged.with_columns(total.alias("risk_score"), *[frame[k] for k in extra])
    score_col = pl.col("risk_score")
    staged = staged.with_columns(
        pl.when(score_col >= questionnaire.high_at)
        .then(2)
        .when(score_col >= questionnaire.medium_at)
        .then(1)
        .otherwise(0)
        .alias("_band")
    )
    for o in questionnaire.overrides:
        cond = pl.lit(True)
        for k in o.all_of:
            cond = cond & yes(k)
        rank = BANDS.index(o.band)
        staged = staged.with_columns(
            pl.when(cond & (pl.col("_band") < rank)).then(rank).otherwise(pl.col("_band")).alias("_band")
        )
        reasons.append(pl.when(cond).then(pl.lit(f"override: {o.reason}")))
    return staged.select(
        pl.col("_band").replace_strict([0, 1, 2], list(BANDS), return_dtype=pl.String).alias("risk"),
        score_col,
        pl.concat_str(reasons, separator="; ", ignore_nulls=True).alias("risk_reasons"),
    )


def review_cadence(
    band: str, questionnaire: Questionnaire, extra: dict[str, str] | None = None
) -> dict[str, int]:
    """Supervisory review cadence (days per rank) for a band.

    ``extra`` holds ``review.<band>.<rank>_days`` keys from thresholds.csv, which win over the
    questionnaire's defaults.
    """
    cadence = dict(questionnaire.review_cadence_days.get(band, {}))
    for key, value in (extra or {}).items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "review" and parts[1] == band and parts[2].endswith("_days"):
            cadence[parts[2].removesuffix("_days")] = int(value)
    return cadence
