"""Reviewing a change between two git revisions: the library behind a pull-request comment."""
