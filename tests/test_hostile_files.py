"""Writing outputs: whole or not at all, and never over a signed instrument.

An output folder that cannot be written, a disk that fills up mid-write, a rename that fails and
a run interrupted by Ctrl-C each leave the previous file as it was, no partial file and no
temporary file, and say what happened and where. A PDF that carries a signature is never
replaced by `cpc render` without `--force`: it may be the only signed copy.

Tests run as root in CI, where permissions do not stop a write; an unwritable folder is made
by putting it under a regular file, and a full disk by a file object whose write fails.
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI
from pypdf import PdfReader
from signing import self_signed

from cpc_docs.cli.main import main
from cpc_docs.errors import OutputError
from cpc_docs.outputs.files import refuse_signed, write_atomic

OLD, NEW = b"the previous version, whole", b"the new version " * 10_000
REAL_FDOPEN = os.fdopen  # before any test replaces it


def leftovers(folder: Path) -> list[str]:
    """Temporary files write_atomic would have left: ".<name>.<random>"."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "mini.fr.pdf"
    path.parent.mkdir()
    path.write_bytes(OLD)
    return path


class FailingFile(io.RawIOBase):
    """A file whose write fails after `after` bytes, as on a full disk (or raises `error`)."""

    def __init__(self, fd: int, error: BaseException, after: int = 1000) -> None:
        self.real = REAL_FDOPEN(fd, "wb")
        self.error = error
        self.after = after

    def write(self, data: Any) -> int:
        self.real.write(bytes(data[: self.after]))  # part of it reaches the disk
        self.real.flush()
        raise self.error

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.real.fileno()

    def close(self) -> None:
        self.real.close()
        super().close()


def failing_fdopen(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if "w" in mode:
            return FailingFile(fd, error)
        return REAL_FDOPEN(fd, mode, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)


def test_a_folder_that_cannot_be_made_is_an_error_naming_it(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError) as caught:
        write_atomic(blocker / "out" / "mini.fr.pdf", NEW)
    assert f"cannot create the folder {blocker / 'out'}" in str(caught.value)
    assert blocker.read_text() == "not a folder"


def test_a_full_disk_leaves_the_previous_file_and_no_partial_one(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_fdopen(monkeypatch, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(OutputError) as caught:
        write_atomic(target, NEW)
    assert str(caught.value).startswith(f"{target}: error: ")
    assert os.strerror(errno.ENOSPC) in str(caught.value)
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_a_failed_rename_leaves_the_previous_file(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def replace(src: Any, dst: Any) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match=os.strerror(errno.EXDEV)):
        write_atomic(target, NEW)
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_an_interrupted_write_leaves_no_partial_file(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_fdopen(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW)
    assert target.read_bytes() == OLD
    assert leftovers(target.parent) == []


def test_a_new_file_appears_whole(target: Path) -> None:
    write_atomic(target, NEW)
    assert target.read_bytes() == NEW
    assert leftovers(target.parent) == []


# ------------------------------------------------------------------ through `cpc render`


def render(runner: Any, out: Path, *extra: str) -> Any:
    args = ["render", str(MINI), "--lang", "fr", "--format", "pdf", "-o", str(out), *extra]
    result = runner.invoke(main, args)
    assert "Traceback" not in result.output
    return result


def test_render_into_an_unwritable_folder_says_so(runner: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = render(runner, blocker / "out")
    assert result.exit_code == 1
    assert f"cannot create the folder {blocker / 'out'}" in result.output
    assert "choose a folder you can write to" in result.output


def test_render_on_a_full_disk_says_so_and_leaves_nothing(
    runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    failing_fdopen(monkeypatch, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    result = render(runner, out)
    assert result.exit_code == 1
    assert f"{out / 'mini.fr.pdf'}: error: cannot write: {os.strerror(errno.ENOSPC)}" in (
        result.output
    )
    assert list(out.iterdir()) == []


def sign(path: Path) -> bytes:
    pytest.importorskip("pyhanko")
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    field = sorted(PdfReader(path).get_fields() or {})[0]
    signed = signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(path.read_bytes())),
        signers.PdfSignatureMetadata(field_name=field),
        signer=self_signed("Marie KOUAME")[1],
    ).getvalue()
    path.write_bytes(signed)
    return signed


def test_a_signed_pdf_is_never_replaced_without_force(runner: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert render(runner, out).exit_code == 0
    pdf = out / "mini.fr.pdf"
    signed = sign(pdf)

    refused = render(runner, out)
    assert refused.exit_code == 1
    assert f"{pdf} is signed" in refused.output
    assert "--force" in refused.output
    assert "not rendered; nothing was written" in refused.output
    assert pdf.read_bytes() == signed
    assert leftovers(out) == []

    forced = render(runner, out, "--force")
    assert forced.exit_code == 0, forced.output
    fields = PdfReader(pdf).get_fields() or {}
    assert fields and not any(f.get("/V") for f in fields.values())  # a fresh, unsigned copy


@pytest.mark.parametrize("damage", ["xref table", "cut short"])
def test_a_damaged_signed_pdf_is_not_replaced_on_a_guess(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A signed copy pypdf cannot read (its cross-reference table broken, or the copy cut
    short) may still be the signed copy: refused, not taken for "nothing signed", and said
    once, without pypdf's own log lines about what it tried to repair."""
    out = tmp_path / "out"
    from click.testing import CliRunner

    assert render(CliRunner(), out).exit_code == 0
    pdf = out / "mini.fr.pdf"
    signed = sign(pdf)
    damaged = signed.replace(b"xref", b"xreg") if damage == "xref table" else signed[:-8]
    pdf.write_bytes(damaged)
    with pytest.raises(OutputError, match="not overwritten"):  # unreadable, or read: signed
        refuse_signed(pdf)
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("pypdf")]
