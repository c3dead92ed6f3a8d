"""Test support importable by rule authors: Hypothesis strategies for valid disclosures (`strategies`), the
plan → Disclosure builder (`build`) and the reference data they draw from (`reference`)."""
