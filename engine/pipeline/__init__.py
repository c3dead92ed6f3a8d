"""The pipeline: read a document, model it, derive facts, judge them, report."""
