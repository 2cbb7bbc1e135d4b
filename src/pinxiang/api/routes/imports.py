from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, HTTPException, UploadFile

from pinxiang.api import schemas
from pinxiang.api.deps import ApiCaller, StateDep, allow
from pinxiang.services.importing import ImportReport, import_file

router = APIRouter(prefix="/api/v1/imports", tags=["imports"])
SUFFIXES = (".xlsx", ".csv")


def save_and_import(state: StateDep, name: str, data: bytes) -> ImportReport:
    """Write the upload to a private temporary file under its own name, then import it."""
    safe = Path(name or "upload.xlsx").name
    if Path(safe).suffix.lower() not in SUFFIXES:
        raise HTTPException(
            422,
            [{"loc": ["body", "file"], "msg": "file must be .xlsx or .csv", "type": "value_error"}],
        )
    with tempfile.TemporaryDirectory(prefix="pinxiang-upload-") as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        return import_file(path, state.new_uow, state.clock())


@router.post("", status_code=201, responses={422: {"model": schemas.Error}})
def import_order_file(
    file: Annotated[UploadFile, File(description="the forwarder's workbook (.xlsx) or a .csv")],
    caller: ApiCaller,
    state: StateDep,
) -> schemas.ImportReport:
    """Import a file: all or nothing; 422 lists every problem with sheet, row and column."""
    allow(caller, "import")
    report = save_and_import(state, file.filename or "", file.file.read())
    return schemas.ImportReport(
        file=report.file,
        inserted=report.inserted,
        updated=report.updated,
        unchanged=report.unchanged,
        by_table={k: list(v) for k, v in report.by_table.items()},
    )
