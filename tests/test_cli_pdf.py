"""--pdf en generar, ejemplos y lote, y la orden expediente, desde la CLI."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generador import pdf
from generador.cli import principal

from ayudas import EJEMPLOS, SESION_ORDINARIA

con_libreoffice = pytest.mark.skipif(not pdf.hay_libreoffice(), reason="LibreOffice no está instalado")


def ejecutar(*args, **kwargs):
    return CliRunner().invoke(principal, [str(a) for a in args], **kwargs)


def test_sin_libreoffice_un_mensaje_claro_y_nada_escrito(tmp_path):
    r = ejecutar(
        "generar",
        EJEMPLOS / "distrital" / "ordenanza.yaml",
        "-o",
        tmp_path,
        "--pdf",
        env={"GENERADOR_SOFFICE": str(tmp_path / "no-existe"), "PATH": str(tmp_path)},
    )
    assert r.exit_code == 1 and "LibreOffice" in r.output and "apt-get install" in r.output
    assert not list(tmp_path.iterdir())


@con_libreoffice
def test_generar_con_pdf_y_metadatos(tmp_path):
    r = ejecutar("generar", EJEMPLOS / "provincial" / SESION_ORDINARIA["provincial"], "-o", tmp_path, "--pdf")
    assert r.exit_code == 0, r.output
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert [p.stem for p in pdfs] == [
        "2026-06-15-ordinaria_provincial_Chota",
        "2026-06-15-ordinaria_provincial_Chota_oficios",
    ]
    lector = PdfReader(pdfs[0])
    assert lector.metadata.author == "Municipalidad Provincial de Chota"
    assert "Instancia Provincial de Concertación" in lector.metadata.title
    assert "SESIÓN ORDINARIA" in lector.pages[0].extract_text().upper()


@con_libreoffice
def test_lote_con_pdf_y_expediente(tmp_path):
    carpeta = tmp_path / "lote"
    r = ejecutar("lote", "--departamento", "Callao", "--nivel", "provincial", "-o", carpeta, "--pdf")
    assert r.exit_code == 0, r.output
    instancia = carpeta / "Callao" / "Callao"
    assert sorted(p.name for p in instancia.glob("*.pdf")) == [
        "diagnostico.pdf",
        "informe-sustentatorio.pdf",
        "ordenanza.pdf",
    ]
    assert "PDF: 3 convertidos, 0 con error." in r.output
    salida = tmp_path / "expediente.pdf"
    r = ejecutar("expediente", instancia, "-o", salida)
    assert r.exit_code == 0, r.output
    lector = PdfReader(salida)
    assert [m.title for m in lector.outline][:2] == ["Informe técnico sustentatorio", "Proyecto de ordenanza"]
    assert "Expediente" in r.output and f"{len(lector.pages)} páginas" in r.output
    r = ejecutar("expediente", instancia, "-o", salida)
    assert r.exit_code == 1 and "ya existe" in r.output


@con_libreoffice
def test_todos_los_ejemplos_abren_en_libreoffice(tmp_path):
    r = ejecutar("ejemplos", "-o", tmp_path, "--pdf")
    assert r.exit_code == 0, r.output
    docx = sorted(tmp_path.rglob("*.docx"))
    pdfs = sorted(tmp_path.rglob("*.pdf"))
    assert len(docx) >= 39 and [p.with_suffix("") for p in pdfs] == [d.with_suffix("") for d in docx]
    for p in pdfs:
        assert len(PdfReader(p).pages) >= 1
