"""OCR benchmark: each engine's error rates, extraction score, time and memory on scanned pages.

Fictional letters from the project's generator (with its truth file) are typeset on A4 and
scanned to 300 dpi images (bench/ocr_render.py) in a typeface (Times, Helvetica, Courier),
size (10, 12, 14 pt) and skew (0, 1.5, 3 degrees), each letter once clean and once noisy
(contrast loss, blur, speckle, grain, JPEG at quality 30: a photocopied scan). The
conditions are spread over the letters in a fixed rotation, so each typeface, size and skew
gets the same number of letters; everything is seeded.

Each engine in ``archive.ocr.available_engines()`` then reads every page through the
product's own adapter (``archive.ocr.get_engine``) in a fresh process of its own, so its
time and peak memory (the process and any children, bench/common.py's ``TreeMemory``) are
its own. Per page: wall seconds and CPU seconds (the process's and its children's) for
opening the PNG and recognising it, end to end. Loading the engine is timed apart.

Scores (bench/ocr_metrics.py says exactly how): character and word error rates against the
text as typeset, and the extraction score (``archive.extract.extract`` against the
generator's truth: date, references, MP, sender, recipient, direction, cited date, area,
department) on three texts of the same letters: the letter's file, the text as typeset
(what a perfect OCR would give, lines wrapped as on the page) and the OCR's text.

Letters are the generator's letters and replies of at most ``--max-words`` words (a typical
one- or two-page letter; the targets are for "a typical A4 letter").

    python bench/bench_ocr.py                     # 12 letters x clean/noisy, every engine
    python bench/bench_ocr.py --count 30 --engines tesseract
    python bench/bench_ocr.py --parallel          # engines side by side (a busy machine)
    python bench/bench_ocr.py --dpi 200           # pages scaled to 200 dpi before OCR

Pages are written under a temporary folder that is removed at the end (--keep keeps it).
The load average is printed before and after: on a shared machine, CPU seconds a page are
the steadier figure, wall seconds say what a user waited.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    TreeMemory,
    load_average,
    load_text,
    peak_rss_mb,
    run_phase,
)
from bench.ocr_render import DPI  # noqa: E402

FONTS = ("Times", "Helvetica", "Courier", "DejaVuSerif", "DejaVuSans", "DejaVuSansMono")
SIZES = (10, 12, 14)
SKEWS = (0.0, 1.5, 3.0)
LEVELS = ("light", "photocopy", "heavy")
TARGETS = {"pages_per_s": 1.0, "cer_clean": 0.02, "cer_noisy": 0.05, "score_gap": 0.05}


# -- phases (each runs in its own process) --------------------------------------------------------


def phase_render(args: argparse.Namespace) -> dict[str, Any]:
    """Generate letters, pick ``--count`` of them and write their pages and a manifest."""
    from archive.generator import generate_archive
    from bench.ocr_render import Condition, page_seed, rasterise, scan, typeset

    work = Path(args.work)
    letters_dir = work / "letters"
    started = time.perf_counter()
    # About one letter in six is a letter or reply of a typical length in text form.
    report = generate_archive(max(40, args.count * 10), letters_dir, seed=args.seed)
    chosen = []
    for letter in report.letters:
        if letter.kind not in ("letter", "reply") or Path(letter.file).suffix not in (
            ".txt",
            ".md",
        ):
            continue
        text = (letters_dir / letter.file).read_text(encoding="utf-8")
        if len(text.split()) <= args.max_words:
            chosen.append((letter, text))
        if len(chosen) == args.count:
            break
    pages_dir = work / "pages"
    pages_dir.mkdir()
    manifest = []
    for number, (letter, text) in enumerate(chosen):
        # Font, size and skew each turn at their own pace, so every pairing comes round.
        font = FONTS[number % len(FONTS)]
        size = SIZES[(number // len(FONTS)) % 3]
        skew = SKEWS[(number + number // len(FONTS)) % 3]
        level = LEVELS[(number + number // 3) % 3]
        typeset_pages = rasterise(typeset(text, font, size))
        for noisy in (False, True):
            condition = Condition(font, size, skew, noisy, level)
            for index, (image, printed) in enumerate(typeset_pages):
                seed = page_seed(args.seed, letter.file, index)
                path = pages_dir / f"{number:03d}-{int(noisy)}-{index}.png"
                scan(image, condition, seed).save(path)
                manifest.append(
                    {
                        "letter": number,
                        "file": letter.file,
                        "truth": letter.to_json(),
                        "text": text,
                        "page": index,
                        "image": str(path),
                        "printed": printed,
                        "font": font,
                        "size": size,
                        "skew": skew,
                        "noisy": noisy,
                        "level": level if noisy else "clean",
                    }
                )
    (work / "manifest.json").write_text(json.dumps(manifest))
    return {
        "letters": len(chosen),
        "pages": len(manifest),
        "seconds": time.perf_counter() - started,
    }


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def phase_ocr(args: argparse.Namespace) -> dict[str, Any]:
    """Read every page of the manifest with ``--engine``; write the texts and times, page by
    page, so that a run stopped half way can still be scored (``--reuse``)."""
    from PIL import Image

    from archive.ocr import get_engine
    from archive.readers.scan import prepare_for_ocr

    manifest = _manifest(Path(args.work), int(args.letters))
    label = _label(args.engine, int(args.dpi), args.prepare)
    out = Path(args.work) / f"ocr-{label}.json"
    scale = float(args.dpi) / DPI
    with TreeMemory() as memory:
        started = time.perf_counter()
        engine = get_engine(args.engine)
        load_seconds = time.perf_counter() - started
        # Pages an earlier, stopped read of this folder finished are kept (--resume).
        pages = json.loads(out.read_text()) if out.exists() else []
        done = {read["image"] for read in pages}
        for page in manifest:
            if page["image"] in done:
                continue
            wall, cpu = time.perf_counter(), _cpu_seconds()
            with Image.open(page["image"]) as image:
                if scale != 1.0:  # counted in the page's time: the product would pay it too
                    image.load()
                    size = (round(image.width * scale), round(image.height * scale))
                    image = image.resize(size, Image.Resampling.BILINEAR)
                if args.prepare == "product":
                    image = prepare_for_ocr(image)
                recognised = engine.recognise(image)
            pages.append(
                {
                    "image": page["image"],
                    "text": recognised.text,
                    "confidence": recognised.confidence,
                    "wall": time.perf_counter() - wall,
                    "cpu": _cpu_seconds() - cpu,
                }
            )
            out.write_text(json.dumps(pages))
    summary = {
        "engine": label,
        "load_seconds": load_seconds,
        "pages": len(pages),
        "peak_mb": max(memory.peak_mb, peak_rss_mb()),
    }
    out.with_suffix(".summary.json").write_text(json.dumps(summary))
    return summary


def phase_import(args: argparse.Namespace) -> dict[str, Any]:
    """End to end, as a researcher meets it: each rendered letter scan written as a file (a
    PNG, a multi-page TIFF or an image-only PDF, in turn) and imported with the product's
    own pipeline (its readers, OCR in its reader processes, its page scaling), timed against
    the same letters imported as text; and the fields it extracted, scored against the truth
    for both."""
    from PIL import Image

    from archive.store import Store
    from bench.ocr_metrics import field_scores
    from index.pipeline import run_import

    work = Path(args.work)
    manifest = _manifest(work, int(args.letters))
    scans: dict[tuple[int, bool], list[dict[str, Any]]] = defaultdict(list)
    for page in manifest:
        scans[(page["letter"], page["noisy"])].append(page)
    scans_dir, texts_dir = work / "e2e-scans", work / "e2e-texts"
    scans_dir.mkdir(exist_ok=True)
    texts_dir.mkdir(exist_ok=True)
    truth: dict[str, tuple[dict[str, Any], str]] = {}
    kinds = (".png", ".tif", ".pdf")
    for number, ((letter, noisy), pages) in enumerate(sorted(scans.items())):
        stem = f"{letter:03d}-{'noisy' if noisy else 'clean'}"
        suffix = kinds[number % 3] if len(pages) == 1 else kinds[1 + number % 2]
        images = [Image.open(page["image"]) for page in pages]
        target = scans_dir / f"{stem}{suffix}"
        if suffix == ".png":
            images[0].save(target)
        else:
            extra = {"resolution": float(DPI)} if suffix == ".pdf" else {"dpi": (DPI, DPI)}
            images[0].save(target, save_all=True, append_images=images[1:], **extra)
        truth[target.name] = (pages[0]["truth"], pages[0].get("level", "photocopy"))
        if not noisy:
            (texts_dir / f"{letter:03d}.txt").write_text(pages[0]["text"], encoding="utf-8")
            truth[f"{letter:03d}.txt"] = (pages[0]["truth"], "clean")
    result: dict[str, Any] = {"pages": len(manifest), "files": len(scans)}
    for kind, folder in (("scans", scans_dir), ("texts", texts_dir)):
        store = Store(work / f"e2e-archive-{kind}", create=True)
        wall, cpu = time.perf_counter(), _cpu_seconds()
        summary = run_import(store, [folder], workers=2, index=False, pair=False)
        result[f"{kind}_wall"] = time.perf_counter() - wall
        result[f"{kind}_cpu"] = _cpu_seconds() - cpu
        result[f"{kind}_failed"] = [f"{f.file}: {f.reason}" for f in summary.imports.failed]
        scores: dict[str, list[float]] = defaultdict(list)
        fields: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        for stored in store.letters():
            expected, level = truth[Path(stored.path).name]
            got = field_scores(expected, stored.metadata.to_json())
            groups = ["clean"] if level == "clean" else ["noisy", f"noisy {level}"]
            for group in groups:
                scores[group].append(sum(got.values()) / len(got))
                for field, value in got.items():
                    fields[group][field].append(value)
        result[f"{kind}_score"] = {group: statistics.fmean(v) for group, v in scores.items()}
        result[f"{kind}_letters"] = {group: len(v) for group, v in scores.items()}
        result[f"{kind}_fields"] = {
            group: {field: statistics.fmean(v) for field, v in by_field.items()}
            for group, by_field in fields.items()
        }
    return result


def _manifest(work: Path, letters: int = 0) -> list[dict[str, Any]]:
    """The rendered pages, only those of the first ``letters`` letters when it is not 0."""
    pages: list[dict[str, Any]] = json.loads((work / "manifest.json").read_text())
    return [page for page in pages if not letters or page["letter"] < letters]


def _label(engine: str, dpi: int, prepare: str = "product") -> str:
    label = engine if dpi == DPI else f"{engine}@{dpi}"
    return label if prepare == "product" else f"{label}-raw"


PHASES = {"render": phase_render, "ocr": phase_ocr, "import": phase_import}


# -- scoring (in the parent, after every engine has run) ------------------------------------------


def _groups(page: dict[str, Any]) -> Iterable[str]:
    """The table rows one page counts in."""
    noise = "noisy" if page["noisy"] else "clean"
    yield noise
    if page["noisy"]:
        yield f"noisy {page.get('level', 'photocopy')}"
    yield f"{noise} {page['font']}"
    yield f"{noise} {page['size']}pt"
    yield f"{noise} skew {page['skew']:g}"


def score_engine(manifest: list[dict[str, Any]], pages: list[dict[str, Any]]) -> dict[str, Any]:
    """CER, WER, extraction scores, s/page for each table row, from one engine's pages.

    Only letter scans whose every page was read count (a stopped run leaves some unread).
    """
    from archive.extract import extract
    from bench.ocr_metrics import Errors, field_scores

    read_pages = {read["image"]: read for read in pages}
    unread = {
        (page["letter"], page["noisy"]) for page in manifest if page["image"] not in read_pages
    }
    manifest = [page for page in manifest if (page["letter"], page["noisy"]) not in unread]
    pages = [read_pages[page["image"]] for page in manifest]

    errors: dict[str, Errors] = defaultdict(Errors)
    walls: dict[str, list[float]] = defaultdict(list)
    cpus: dict[str, list[float]] = defaultdict(list)
    # One letter scan (letter, clean or noisy) -> its pages in order.
    scans: dict[tuple[int, bool], list[tuple[dict[str, Any], dict[str, Any]]]] = defaultdict(list)
    for page, read in zip(manifest, pages, strict=True):
        for group in _groups(page):
            errors[group].add(read["text"], page["printed"])
            walls[group].append(read["wall"])
            cpus[group].append(read["cpu"])
        scans[(page["letter"], page["noisy"])].append((page, read))
    fields: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for (_letter, _noisy), scanned in scans.items():
        first = scanned[0][0]
        texts = {
            "text": first["text"],
            "typeset": "\n".join(page["printed"] for page, _read in scanned),
            "ocr": "\n".join(read["text"] for _page, read in scanned),
        }
        for kind, text in texts.items():
            scores = field_scores(first["truth"], extract(text).to_json())
            mean = sum(scores.values()) / len(scores)
            for group in _groups(first):
                fields[group][kind].append(mean)
            for field, value in scores.items():
                fields[f"field {field} {'noisy' if first['noisy'] else 'clean'}"][kind].append(
                    value
                )
    rows = {}
    for group, counted in errors.items():
        rows[group] = {
            "pages": len(walls[group]),
            "cer": counted.cer,
            "wer": counted.wer,
            "wall_s": statistics.fmean(walls[group]),
            "cpu_s": statistics.fmean(cpus[group]),
            **{f"score_{kind}": statistics.fmean(v) for kind, v in fields[group].items()},
        }
    per_field = {
        group.removeprefix("field "): {kind: statistics.fmean(v) for kind, v in kinds.items()}
        for group, kinds in fields.items()
        if group.startswith("field ")
    }
    return {"rows": rows, "fields": per_field}


# -- the whole run --------------------------------------------------------------------------------


def _order(group: str) -> tuple[bool, int, str]:
    noise, _, rest = group.partition(" ")
    kind = (
        0
        if not rest
        else 1
        if rest in LEVELS
        else 2
        if rest in FONTS
        else 3
        if rest.endswith("pt")
        else 4
    )
    return (noise == "noisy", kind, rest.rjust(8))


def print_table(results: dict[str, Any]) -> None:
    header = (
        f"{'engine':14} {'condition':22} {'pages':>5} {'CER':>7} {'WER':>7} "
        f"{'score OCR':>9} {'text':>6} {'typeset':>7} {'gap':>6} {'wall s/p':>8} {'CPU s/p':>7}"
    )
    print(header)
    print("-" * len(header))
    for engine, result in results["engines"].items():
        if "error" in result:
            print(f"{engine:14} could not run: {result['error']}")
            continue
        for group in sorted(result["rows"], key=_order):
            row = result["rows"][group]
            gap = row["score_ocr"] - row["score_text"]
            print(
                f"{engine:14} {group:22} {row['pages']:5d} {row['cer']:7.2%} {row['wer']:7.2%} "
                f"{row['score_ocr']:9.3f} {row['score_text']:6.3f} {row['score_typeset']:7.3f} "
                f"{gap:+6.3f} {row['wall_s']:8.2f} {row['cpu_s']:7.2f}"
            )
        print(
            f"{engine:14} engine load {result['load_seconds']:.2f} s, "
            f"peak memory {result['peak_mb']:.0f} MB (process and children)"
        )
    print()
    print("fields right (OCR'd text / the letter's file), on the clean and the noisy scans:")
    for engine, result in results["engines"].items():
        if "error" in result:
            continue
        for noise in ("clean", "noisy"):
            cells = [
                f"{field.rsplit(' ', 1)[0]} {kinds['ocr']:.2f}/{kinds['text']:.2f}"
                for field, kinds in result["fields"].items()
                if field.endswith(noise)
            ]
            print(f"{engine:14} {noise}: " + ", ".join(cells))
    print()
    print(
        "targets: >= {pages_per_s:g} page/s end to end; CER < {cer_clean:.0%} clean, "
        "< {cer_noisy:.0%} noisy; extraction score on OCR within {score_gap} of the text".format(
            **TARGETS
        )
    )
    for engine, result in results["engines"].items():
        if "error" in result:
            continue
        clean, noisy = result["rows"]["clean"], result["rows"]["noisy"]
        every = (clean["cpu_s"] + noisy["cpu_s"]) / 2
        walls = (clean["wall_s"] + noisy["wall_s"]) / 2
        cores = os.cpu_count() or 1
        verdicts = [
            f"{1 / walls:.2f} page/s wall in one process here, "
            f"{cores / every:.2f} page/s from CPU time with one process a core",
            f"CER clean {'met' if clean['cer'] < TARGETS['cer_clean'] else 'MISSED'}",
            f"CER noisy {'met' if noisy['cer'] < TARGETS['cer_noisy'] else 'MISSED'}",
            "score gap "
            + (
                "met"
                if max(row["score_text"] - row["score_ocr"] for row in (clean, noisy))
                <= TARGETS["score_gap"]
                else "MISSED"
            ),
        ]
        print(f"{engine:14} " + "; ".join(verdicts))


def print_end_to_end(figures: dict[str, Any]) -> None:
    """The end-to-end import: pages a second and the extraction score, scans against text."""
    pages, scans_wall = figures["pages"], figures["scans_wall"]
    print(
        f"end to end: {figures['files']} scans ({pages} pages) imported in {scans_wall:.1f} s "
        f"wall, {figures['scans_cpu']:.1f} s CPU: {pages / scans_wall:.2f} pages/s "
        f"(target {TARGETS['pages_per_s']:g}); the same letters as text: "
        f"{figures['texts_wall']:.1f} s"
    )
    text_score = figures["texts_score"].get("clean", float("nan"))
    for group, score in sorted(figures["scans_score"].items()):
        letters = figures.get("scans_letters", {}).get(group, 0)
        print(
            f"  extraction score, {group} scans ({letters} letters): {score:.3f} against "
            f"{text_score:.3f} as text (gap {text_score - score:+.3f}, "
            f"target under {TARGETS['score_gap']:g})"
        )
    text_fields = figures.get("texts_fields", {}).get("clean", {})
    scan_fields = figures.get("scans_fields", {})
    if text_fields and scan_fields:
        groups = sorted(scan_fields)
        print("  fields right, end to end (share of letters): " + " ".join(groups) + " | text")
        for field, as_text in text_fields.items():
            cells = " ".join(f"{scan_fields[group].get(field, 0.0):.3f}" for group in groups)
            print(f"    {field:16} {cells} | {as_text:.3f}")
    for failure in figures["scans_failed"] + figures["texts_failed"]:
        print(f"  not imported: {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=12, help="letters (each clean and noisy)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--max-words", type=int, default=400, help="longest letter taken (default 400 words)"
    )
    parser.add_argument("--engines", help="comma-separated (default: every available engine)")
    parser.add_argument(
        "--parallel", action="store_true", help="run the engines side by side, not one by one"
    )
    parser.add_argument(
        "--dpi",
        type=int,
        default=DPI,
        help=f"resolution the engines are given: pages are scanned at {DPI} dpi and scaled "
        "to this before OCR (the time counts the scaling)",
    )
    parser.add_argument(
        "--prepare",
        choices=("product", "none"),
        default="product",
        help="how a page is prepared before the engine: as the product does it (scaling, "
        "greyscale, cleaning; the default) or not at all (the engine gets the --dpi image)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument(
        "--reuse",
        metavar="FOLDER",
        help="pages rendered by an earlier --keep run (kept): no rendering, and engines whose "
        "reads are already there are scored, not run again",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="with --reuse: read the pages an earlier, stopped read left unread",
    )
    parser.add_argument(
        "--letters", type=int, default=0, help="read only the first N letters' pages (0: all)"
    )
    parser.add_argument(
        "--end-to-end",
        action="store_true",
        help="also import the scans as files (PNG, TIFF, PDF) with the product's pipeline, "
        "two reader processes, against the same letters as text: pages a second and the "
        "extraction score as a researcher gets them (the default engine)",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if args.phase:
        if not args.work:
            parser.error("--phase is run by the bench itself, with --work FOLDER")
        print(json.dumps(PHASES[args.phase](args)))
        return
    if args.count < 1:
        parser.error(f"--count must be at least 1, got {args.count}")
    if not 50 <= args.dpi <= DPI:
        parser.error(f"--dpi must be between 50 and {DPI} (the pages' own), got {args.dpi}")
    if args.reuse and not (Path(args.reuse) / "manifest.json").is_file():
        parser.error(f"--reuse {args.reuse}: no manifest.json there (keep a run with --keep)")
    if args.resume and not args.reuse:
        parser.error("--resume goes with --reuse FOLDER")

    from archive.ocr import ENGINES, OcrUnavailable, available_engines, get_engine

    wanted = args.engines.split(",") if args.engines else sorted(ENGINES)
    unknown = [name for name in wanted if name not in ENGINES]
    if unknown:
        parser.error(f"unknown engine {unknown[0]!r} (known: {', '.join(sorted(ENGINES))})")
    usable = set(available_engines())
    results: dict[str, Any] = {"engines": {}}
    for name in wanted:
        if name not in usable:
            try:
                get_engine(name)
            except OcrUnavailable as error:  # said in the table, never dropped silently
                results["engines"][name] = {"error": str(error)}
    runnable = [name for name in wanted if name in usable]

    work = Path(args.reuse or tempfile.mkdtemp(prefix="dispatchbox-ocr-bench-"))
    keep = args.keep or bool(args.reuse)
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; work in {work}")
    try:
        before = load_average()
        script = Path(__file__).resolve()
        if not args.reuse:
            rendered = run_phase(
                script,
                "render",
                work=work,
                count=args.count,
                seed=args.seed,
                **{"max-words": args.max_words},
            )
            print(
                f"rendered {rendered['letters']} letters as {rendered['pages']} pages "
                f"(clean and noisy) in {rendered['seconds']:.0f} s"
            )
        manifest = _manifest(work, args.letters)

        def read_with(name: str) -> dict[str, Any]:
            label = _label(name, args.dpi, args.prepare)
            summary_file = work / f"ocr-{label}.summary.json"
            if args.reuse and not args.resume and (work / f"ocr-{label}.json").exists():
                print(f"{label}: scoring the reads already in {work}")
                if summary_file.exists():
                    reused: dict[str, Any] = json.loads(summary_file.read_text())
                    return reused
                return {"engine": label, "load_seconds": float("nan"), "peak_mb": float("nan")}
            return run_phase(
                script,
                "ocr",
                work=work,
                engine=name,
                dpi=args.dpi,
                letters=args.letters,
                prepare=args.prepare,
            )

        with ThreadPoolExecutor(max_workers=len(runnable) if args.parallel else 1) as pool:
            summaries = list(pool.map(read_with, runnable))
        for summary in summaries:
            name = summary["engine"]
            pages = json.loads((work / f"ocr-{name}.json").read_text())
            results["engines"][name] = {**summary, **score_engine(manifest, pages)}
        if args.end_to_end:
            results["end_to_end"] = end_to_end = run_phase(
                script, "import", work=work, letters=args.letters
            )
            print_end_to_end(end_to_end)
        results["load"] = [before, load_average()]
        results["parallel"] = args.parallel
        print_table(results)
        print(load_text(*results["load"]) + (", engines side by side" if args.parallel else ""))
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
