"""Open a royalty workbook as a reader would: LibreOffice recalculates its formulas, openpyxl reads the values."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CALC = Path("/usr/lib/libreoffice/program/libsclo.so")

needs_calc = pytest.mark.skipif(SOFFICE is None or not CALC.exists(),
                                reason="LibreOffice Calc is not installed (libreoffice-calc-nogui)")


def recalculated(payload: bytes, folder: Path):
    """Return the workbook ``payload`` after LibreOffice opened it, recalculated it and saved it, values only."""
    source = folder / "nhuan-but.xlsx"
    source.write_bytes(payload)
    out = folder / "tinh-lai"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder / 'lo-profile'}",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    return openpyxl.load_workbook(out / source.name, data_only=True)
