"""Checks run by scripts/ci_production.py against the running production set-up (not collected by
the normal suite: the files are called check_*.py)."""
