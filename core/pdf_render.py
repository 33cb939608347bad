"""Turn a .docx into a PDF with LibreOffice (soffice --headless), when it is installed on the machine."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import ValidationError

TIMEOUT_SECONDS = 180


def soffice() -> str | None:
    """Return the path of LibreOffice's command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(payload: bytes, name: str = "van-ban") -> bytes:
    """Return the PDF LibreOffice makes of a .docx; raise ValidationError when it is missing or fails."""
    command = soffice()
    if command is None:
        raise ValidationError({"pdf": "Máy chủ chưa cài LibreOffice nên chưa tạo được tệp PDF."})
    with tempfile.TemporaryDirectory(prefix="trangxa-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / f"{name}.docx"
        source.write_bytes(payload)
        # A profile of its own: two conversions at once must not fight over the user's LibreOffice profile.
        profile = (folder / "profile").as_uri()
        try:
            result = subprocess.run(
                [command, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
                 "--outdir", str(folder), str(source)],
                capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ValidationError({"pdf": "LibreOffice không tạo được tệp PDF, vui lòng thử lại."}) from exc
        out = folder / f"{name}.pdf"
        if result.returncode != 0 or not out.exists():
            raise ValidationError({"pdf": "LibreOffice không tạo được tệp PDF, vui lòng thử lại."})
        return out.read_bytes()
