"""The story of one submission, in the round's language: what `initiatief explain` prints."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from initiatief.amounts import cents, round_fraction
from initiatief.models import Outcome, Result
from initiatief.output.jsonout import VERSION, reason_dict, reason_list
from initiatief.texts.explain import explain_text
from initiatief.texts.formats import money, plain_number, score_text, telling_places
from initiatief.texts.labels import applicant_name, status_label
from initiatief.texts.reasons import phrase, phrases
from initiatief.texts.report import join_words, method_label, stage_noun


def explain_lines(outcome: Outcome, result: Result, include_personal: bool = False) -> list[str]:
    """Return the story of one submission as lines of text."""
    round_ = outcome.round
    lang = round_.language
    s = result.submission

    def t(key: str, **values: Any) -> str:
        return explain_text(lang, key, **values)

    lines = [
        t("submission", id=s.id, title=s.title),
        t("applicant", name=applicant_name(s, lang, include_personal), stage=stage_noun(lang, s.stage, 1),
          district=s.district or "-", requested=money(s.requested, lang) if s.requested is not None else "-"),
        t("outcome", status=status_label(lang, result.status.value)),
    ]
    if include_personal and s.applicant.contact:  # as score --include-personal shows it
        lines.insert(2, t("contact", contact=s.applicant.contact))
    if result.checks:
        lines += ["", t("eligibility")]
        for check in result.checks:
            if check.held:
                lines.append(f"  ✓ {check.rule}: {t('held')}")
            else:
                lines.append(f"  ✗ {check.rule}: {t('failed')} — {phrase(check.reason, lang)}")
    if result.criteria:
        lines += ["", t("assessment")]
        weights = {c.id: c for c in round_.criteria}
        for score in result.criteria:
            criterion = weights[score.criterion]
            given = ", ".join(f"{a} {plain_number(v, lang)}" for a, v in score.by_assessor)
            lines.append("  " + t("criterion", label=criterion.label, weight=plain_number(criterion.weight, lang),
                                  score=score_text(score.combined, lang), assessors=given))
        if result.conflicted:
            lines.append("  " + t("conflict", assessors=join_words(result.conflicted, lang)))
        assert result.score is not None
        # A score a hair below the mark is shown with the decimals that tell the two apart (4,997; drempel 5,000).
        places = telling_places(result.score, round_.pass_score)
        lines.append("  " + t("total", score=score_text(result.score, lang, places),
                              maximum=score_text(round_.max_score, lang),
                              mark=score_text(round_.pass_score, lang, places)))
    if result.rank is not None:
        passed = sum(1 for r in outcome.results if r.rank is not None)
        lines += ["", t("ranking"), "  " + t("rank", rank=result.rank, count=passed,
                                                method=method_label(lang, outcome.method))]
        for tie in outcome.ties:
            if s.id in tie.order:
                others = ", ".join(o for o in tie.order if o != s.id)
                ticket = tie.tickets[tie.order.index(s.id)]
                lines.append("  " + t("lottery", others=others, seed=tie.seed, ticket=ticket))
    lines += ["", t("allocation")]
    lines.extend(f"  {text}" for text in phrases(result.reasons, lang))
    return lines


def explain_dict(outcome: Outcome, result: Result, include_personal: bool = False) -> dict[str, Any]:
    """Return the story of one submission as JSON values."""
    round_ = outcome.round
    s = result.submission
    ties = [
        {"seed": t.seed, "order": list(t.order), "tickets": list(t.tickets)} for t in outcome.ties if s.id in t.order
    ]
    return {
        "version": VERSION,
        "id": s.id,
        "title": s.title,
        "applicant": applicant_name(s, round_.language, include_personal),
        **({"applicant_kind": s.applicant.kind, "contact": s.applicant.contact} if include_personal else {}),
        "stage": s.stage,
        "status": result.status.value,
        "rank": result.rank,
        "requested": cents(s.requested) if s.requested is not None else None,
        "eligible_amount": cents(result.eligible_amount) if result.eligible_amount is not None else None,
        "awarded": cents(result.awarded),
        "paid_by": {pot: cents(amount) for pot, amount in result.paid_by},
        "eligibility": [
            {"rule": c.rule, "held": c.held, "reason": None if c.held else reason_dict(c.reason, round_.language)}
            for c in result.checks
        ],
        "criteria": [
            {"criterion": c.criterion, "score": _num(c.combined), "below_minimum": c.below_minimum,
             "by_assessor": {a: float(v) for a, v in c.by_assessor}}
            for c in result.criteria
        ],
        "conflicts": list(result.conflicted),
        "score": _num(result.score) if result.score is not None else None,
        "pass_score": _num(round_.pass_score),
        "ties": ties,
        "step": reason_list(result.step, round_.language),
        "prize": {"label": result.prize.label, "amount": cents(result.prize.amount)} if result.prize else None,
        "reasons": reason_list(result.reasons, round_.language),
    }


def _num(value: Fraction) -> float:
    return float(round_fraction(value))
