"""gongkai engine: read a budget disclosure, turn it into facts, judge them with rule packs, report."""
__version__ = "0.1.0"
