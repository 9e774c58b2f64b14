"""Derived figures from outcomes: the annual report, methods compared, rounds compared, next year's round."""
