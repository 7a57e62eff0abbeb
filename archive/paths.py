"""Where things live: resolved by the entry point and passed down, never at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ARCHIVE_ENV = "DISPATCHBOX_ARCHIVE"
CONFIG_ENV = "DISPATCHBOX_CONFIG"
APP_NAME = "dispatchbox"


@dataclass(frozen=True, slots=True)
class ResolvedPath:
    path: Path
    #: How it was chosen: "--archive", the environment variable's name, or "default".
    source: str


def resolve_archive_dir(
    cli_value: str | os.PathLike[str] | None, environ: Mapping[str, str] | None = None
) -> ResolvedPath:
    """``--archive`` wins, then ``$DISPATCHBOX_ARCHIVE``, then the per-user data folder."""
    environ = os.environ if environ is None else environ
    if cli_value:
        return ResolvedPath(_absolute(cli_value), "--archive")
    if environ.get(ARCHIVE_ENV):
        return ResolvedPath(_absolute(environ[ARCHIVE_ENV]), ARCHIVE_ENV)
    import platformdirs

    return ResolvedPath(platformdirs.user_data_path(APP_NAME) / "archive", "default")


def resolve_config_dir(environ: Mapping[str, str] | None = None) -> ResolvedPath:
    """``$DISPATCHBOX_CONFIG``, else the per-user config folder (key bindings, settings)."""
    environ = os.environ if environ is None else environ
    if environ.get(CONFIG_ENV):
        return ResolvedPath(_absolute(environ[CONFIG_ENV]), CONFIG_ENV)
    import platformdirs

    return ResolvedPath(platformdirs.user_config_path(APP_NAME), "default")


#: The archive's own folder for exports (when the user has no documents folder).
EXPORTS_DIR = "exports"


def default_export_dir(archive_root: Path) -> Path:
    """Where an export goes unless the researcher names a folder: their documents folder
    when they have one, else the archive's ``exports`` folder (never the current folder,
    which an app opened from a menu or another folder does not show)."""
    import platformdirs

    documents = platformdirs.user_documents_path()
    if documents.is_dir():
        return documents
    return archive_root / EXPORTS_DIR


def _absolute(value: str | os.PathLike[str]) -> Path:
    return Path(os.path.abspath(os.path.expanduser(os.fspath(value))))
