"""Renderers: the outcome's rows are built once (rows.py) and each format renders them."""
