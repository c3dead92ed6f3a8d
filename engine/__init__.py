"""gongkai engine: read a budget disclosure, turn it into facts, judge them with rule packs, report."""

from importlib.metadata import PackageNotFoundError, version

try:  # the one version source is pyproject.toml; the installed metadata carries it
    __version__ = version("gongkai")
except PackageNotFoundError:  # a source tree that was never installed (`make install` installs it)
    __version__ = "0+unknown"
