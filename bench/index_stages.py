"""Where the CPU of indexing goes: each stage of building a segment, timed on its own.

    python bench/index_stages.py --archive DIR [--letters 2500] [--code DIR] [--rounds 3]

Runs in one process what a sync spreads over the parent (reading records and texts,
building documents, the spelling pieces, pickling jobs) and the writer processes
(unpickling, analysing each field, adding documents to the pool, writing the segment), on
the archive's first ``--letters`` letters (a writer process's share of an 8,000-letter
chunk is 4,000). ``--code`` times another checkout's index code (e.g. an export of main)
with this script. Prints CPU ms per letter for each stage (the best of ``--rounds``) and
the load average: compare two codes in the same run, alternately.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load_average, parse_stage_args, print_per_letter  # noqa: E402


def stages(letters: int, archive: Path) -> dict[str, Callable[[], Any]]:
    from whoosh import index as whoosh_index

    import index.writer as writer_module
    from archive.store import Store
    from index.fields import schema
    from index.scoring import LetterCodec
    from index.segment_writer import LetterSegmentWriter, _field_items

    store = Store(archive)
    ids = store.ids()[:letters]
    found = [store.get(i) for i in ids]
    records = [letter for letter in found if letter is not None]
    texts = [store.text(letter) for letter in records]
    docs = [writer_module.document_for(r, t) for r, t in zip(records, texts, strict=True)]
    jobs = [pickle.dumps((0, d), 2) for d in docs]
    fields = schema()
    groups = {
        "body": ("body",),
        "subject": ("subject",),
        "names fields": ("mp", "area", "dept", "sender", "recipient", "cc"),
        "other fields": tuple(
            name
            for name in ("id", "sha", "ref", "direction", "format", "date", "year")
            + ("c_mp", "c_area", "c_dept", "c_dir", "c_date")
            if fields[name].indexed
        ),
    }

    def analyse(names: tuple[str, ...]) -> None:
        for document in docs:
            for name in names:
                if name in document:
                    list(_field_items(fields[name], document[name]))

    def segment(commit: bool) -> None:
        folder = Path(tempfile.mkdtemp(prefix="dispatchbox-stages-"))
        try:
            ix = whoosh_index.create_in(str(folder), fields)
            writer = LetterSegmentWriter(ix, limitmb=256, compound=False, codec=LetterCodec())
            # As in a writer process (``_LetterSubWriterTask.run``): no cyclic collector, and
            # the postings left for the process's exit rather than freed one by one (``main``
            # frees them after the stage's clock stops).
            writer.pool.process_exits = True
            gc.disable()
            for document in docs:
                writer.add_document(**document)
            if commit:
                writer.commit(merge=False)
            else:
                writer.cancel()
        finally:
            gc.enable()
            shutil.rmtree(folder, ignore_errors=True)

    def pieces() -> None:
        held: set[str] = set()
        for text in texts:
            held.update(text.split())
        writer_module.words_in(held)

    analyse(groups["body"])  # stems cached, as in a writer process after its first letters
    return {
        "parent: read records (store.get)": lambda: [store.get(i) for i in ids],
        "parent: read texts (store.text)": lambda: [store.text(r) for r in records],
        "parent: document_for": lambda: [
            writer_module.document_for(r, t) for r, t in zip(records, texts, strict=True)
        ],
        "parent: spelling word list": pieces,
        "parent: pickle jobs": lambda: [pickle.dumps((0, d), 2) for d in docs],
        "writer: unpickle jobs": lambda: [pickle.loads(j) for j in jobs],
        **{
            f"writer: analyse {name}": (lambda n=names: analyse(n))
            for name, names in groups.items()
        },
        "writer: add_document (all of it)": lambda: segment(False),
        "writer: add_document + commit": lambda: segment(True),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--letters", type=int, default=2500)
    args = parse_stage_args(parser)
    before = load_average()
    work = stages(args.letters, args.archive)
    from index import segment_writer

    # What a writer process leaves for its exit to drop (an older code may have no such list).
    left_for_exit: list[Any] = getattr(segment_writer, "_LEFT_FOR_EXIT", [])
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, stage in work.items():
            started = time.process_time()
            stage()
            spent = (time.process_time() - started) * 1000 / args.letters
            left_for_exit.clear()
            best[name] = min(best.get(name, spent), spent)
    best["writer: commit"] = (
        best.pop("writer: add_document + commit") - best["writer: add_document (all of it)"]
    )
    print_per_letter(best, before)


if __name__ == "__main__":
    main()
