"""Keep the papers as a person sees them: every page of a rendered PDF as a PNG under test-artifacts/papers/."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pypdfium2

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "papers"


def keep_pages(pdf: bytes, name: str, scale: float = 100 / 72) -> list[Path]:
    """Write each page of ``pdf`` as ``test-artifacts/papers/<name>-<n>.png`` (about 100 dpi); return the paths."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):  # the pages of an earlier run
        old.unlink()
    document = pypdfium2.PdfDocument(pdf)
    paths = []
    try:
        for n, page in enumerate(document, 1):
            path = ARTIFACTS / f"{name}-{n}.png"
            page.render(scale=scale).to_pil().save(path)
            paths.append(path)
    finally:
        document.close()
    return paths


def spreadsheet_pdf(soffice: str, payload: bytes, folder: Path, name: str = "bang-tinh") -> bytes:
    """Return the PDF LibreOffice prints of an .xlsx (as Calc would print it)."""
    source = folder / f"{name}.xlsx"
    source.write_bytes(payload)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation={(folder / 'lo-pdf').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return (folder / f"{name}.pdf").read_bytes()
