"""The core: Round → Outcome. Pure: no files, no printing, no words (reasons are data, see reasons.py)."""
