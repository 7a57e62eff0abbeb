"""The bundled sample archive: fictional letters that `dispatchbox demo` opens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path


@contextmanager
def sample_letters() -> Iterator[Path]:
    """The folder of sample letters (a real folder even when installed from a zip)."""
    with resources.as_file(resources.files("archive") / "sample" / "letters") as folder:
        yield folder
