"""The words of the score sheets that `initiatief sheets` writes for assessors, in nl and en."""

from __future__ import annotations

from initiatief.models import Language

_WORDS: dict[Language, dict[str, str]] = {
    Language.NL: {
        # sheet names and the headings of sheet Scores (each one the score-file reader knows)
        "scores_sheet": "Scores", "instructions_sheet": "Instructies",
        "submission": "Aanvraag", "title": "Titel", "conflict": "Belangenverstrengeling", "comment": "Opmerking",
        "yes": "ja", "no": "nee",
        # data validation on the cells
        "score_prompt_title": "Score",
        "score_prompt": "Een getal van {low} tot en met {high}; een kommagetal mag.",
        "score_error_title": "Geen geldige score",
        "score_error": "De score op {criterion} is een getal van {low} tot en met {high}.",
        "conflict_prompt_title": "Belangenverstrengeling",
        "conflict_prompt": "Kies {yes} als u een persoonlijk of zakelijk belang heeft bij dit plan, "
                           "en laat de scores van het plan leeg.",
        "conflict_error_title": "Kies {yes} of {no}",
        "conflict_error": "Kies {yes} of {no}, of laat de cel leeg.",
        # sheet Instructions
        "heading": "Scoreformulier: {round}",
        "round": "Ronde", "assessor": "Beoordelaar", "plans": "Plannen", "file": "Bestand",
        "what_to_do": "Wat te doen",
        "step_score": "Geef op het blad {sheet} elk plan een score op elk criterium: een getal op de schaal van "
                      "het criterium (een kommagetal mag). Excel weigert een getal buiten de schaal.",
        "step_locked": "Het id en de titel van elk plan staan vast. Verander ze niet en voeg geen plannen toe: "
                       "het blad noemt precies de plannen die uw score nodig hebben.",
        "step_conflict": "Heeft u een persoonlijk of zakelijk belang bij een plan, zet dan '{yes}' in de kolom "
                         "{conflict} en laat de scores van dat plan leeg: uw oordeel telt voor dat plan niet mee, "
                         "dat van de andere beoordelaars wel.",
        "step_comment": "Een toelichting kan in de kolom {comment}; die telt niet mee in de uitslag.",
        "step_return": "Sla het bestand op als Excel-werkmap (.xlsx) en lever het in zonder de naam te veranderen: "
                       "{file} hoort in de map scores/ van de ronde.",
        "criteria": "De criteria",
        "criterion": "Criterium", "id": "Id", "weight": "Weging", "scale": "Schaal", "minimum": "Minimum",
        "no_minimum": "geen",
        "about_minimum": "Een plan dat op een criterium met een minimum gecombineerd lager scoort dan dat minimum, "
                         "valt af, hoe hoog het verder ook scoort.",
        "about_weight": "De totaalscore telt elk criterium mee naar zijn weging.",
    },
    Language.EN: {
        "scores_sheet": "Scores", "instructions_sheet": "Instructions",
        "submission": "Submission", "title": "Title", "conflict": "Conflict", "comment": "Comment",
        "yes": "yes", "no": "no",
        "score_prompt_title": "Score",
        "score_prompt": "A number from {low} to {high}; decimals are allowed.",
        "score_error_title": "Not a valid score",
        "score_error": "The score on {criterion} is a number from {low} to {high}.",
        "conflict_prompt_title": "Conflict of interest",
        "conflict_prompt": "Choose {yes} if you have a personal or business interest in this plan, "
                           "and leave the plan's scores empty.",
        "conflict_error_title": "Choose {yes} or {no}",
        "conflict_error": "Choose {yes} or {no}, or leave the cell empty.",
        "heading": "Score sheet: {round}",
        "round": "Round", "assessor": "Assessor", "plans": "Plans", "file": "File",
        "what_to_do": "What to do",
        "step_score": "On the sheet {sheet}, give each plan a score on each criterion: a number on the "
                      "criterion's scale (decimals are allowed). Excel refuses a number outside the scale.",
        "step_locked": "The id and the title of each plan are fixed. Do not change them and do not add plans: "
                       "the sheet lists exactly the plans that need your score.",
        "step_conflict": "If you have a personal or business interest in a plan, put '{yes}' in the column "
                         "{conflict} and leave that plan's scores empty: your judgement does not count for that "
                         "plan, the other assessors' does.",
        "step_comment": "A comment may go in the column {comment}; it does not count in the result.",
        "step_return": "Save the file as an Excel workbook (.xlsx) and hand it in without changing its name: "
                       "{file} goes into the round's scores/ folder.",
        "criteria": "The criteria",
        "criterion": "Criterion", "id": "Id", "weight": "Weight", "scale": "Scale", "minimum": "Minimum",
        "no_minimum": "none",
        "about_minimum": "A plan whose combined score on a criterion with a minimum is below that minimum fails, "
                         "however high it scores otherwise.",
        "about_weight": "The total score counts each criterion by its weight.",
    },
}

TABLES = (_WORDS,)
"""The phrase tables of this module (one entry per language), checked by tests/test_texts.py."""


def sheet_word(language: Language, key: str, **values: str) -> str:
    """Return a phrase of the score sheets in the round's language, its {placeholders} filled in."""
    return _WORDS[Language(language)][key].format(**values)


def criterion_heading(label: str, weight: str, scale: str) -> str:
    """Return a criterion's column heading: 'Maatschappelijke impact (×3, 1–5)' (the reader takes the label)."""
    return f"{label} (×{weight}, {scale})"
