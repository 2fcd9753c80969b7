"""Filled by a later issue; installed now so the layout is final."""
