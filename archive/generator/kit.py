"""The collaborators every writer of letters in the generator shares, handed over as one."""

from __future__ import annotations

from dataclasses import dataclass

from archive.generator.draws import Draws
from archive.generator.files import ArchiveFiles
from archive.generator.layouts import RealisticLayouts
from archive.generator.prose import Prose
from archive.generator.world import World


@dataclass(frozen=True)
class Kit:
    """The random draws, the world of MPs and bodies, the prose, the archive's files and
    the realistic layouts: what ``Letters``, ``Correspondence`` and ``HardCases`` all use."""

    draws: Draws
    world: World
    prose: Prose
    files: ArchiveFiles
    layouts: RealisticLayouts
