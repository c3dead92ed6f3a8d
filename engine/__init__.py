"""gongkai engine: read a budget disclosure, turn it into facts, judge them with rule packs, report."""


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed metadata when first asked for, not at every import of the engine.
    The one version source is pyproject.toml; the installed metadata carries it."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("gongkai")
    except PackageNotFoundError:  # a source tree that was never installed (`make install` installs it)
        found = "0+unknown"
    globals()["__version__"] = found
    return found
