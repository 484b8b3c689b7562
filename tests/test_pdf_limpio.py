"""PDF que salen limpios y que corresponden a su .docx: expediente sin JavaScript ni adjuntos,
--pdf sin PDF antiguos callados, avisos de pypdf fuera de stderr."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject, TextStringObject

from generador.cli import principal
from generador.pdf import hay_libreoffice

from ayudas import EJEMPLOS

requiere_libreoffice = pytest.mark.skipif(not hay_libreoffice(), reason="requiere LibreOffice")
ACTIVOS = ("/JavaScript", "/JS", "/AA", "/OpenAction", "/EmbeddedFiles", "/EmbeddedFile", "/Launch")


def _enlace(w, accion):
    """Una anotación de enlace que, al pulsarla, ejecuta `accion`."""
    return w._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
                NameObject("/A"): accion,
            }
        )
    )


def ejecutar(*args):
    return CliRunner().invoke(principal, [str(a) for a in args])


def pdf_hostil(paginas: int = 1, *, js=True, adjunto=True, lanzar=True) -> bytes:
    """Un PDF con JavaScript al abrir, acciones automáticas de página, un enlace que ejecuta JS,
    un programa que se lanza y un archivo incrustado (como los que llegan de fuera)."""
    w = PdfWriter()
    for _ in range(paginas):
        w.add_blank_page(300, 300)
    if adjunto:
        w.add_attachment("factura.exe", b"MZ\x90\x00 no es un programa")
    accion = w._add_object(
        DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('hola')")}
        )
    )
    if js:
        w._root_object[NameObject("/OpenAction")] = accion
        w._root_object[NameObject("/Names")] = w._root_object.get("/Names", DictionaryObject())
        w._root_object["/Names"][NameObject("/JavaScript")] = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("inicio"), accion])}
        )
        w.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): accion})
    anotaciones = ArrayObject()
    if lanzar:
        lanza = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
        )
        anotaciones.append(_enlace(w, lanza))
    if js:
        anotaciones.append(_enlace(w, accion))
    if anotaciones:
        w.pages[0][NameObject("/Annots")] = anotaciones
    salida = io.BytesIO()
    w.write(salida)
    return salida.getvalue()


def claves_activas(ruta: Path) -> set[str]:
    """Todas las claves y acciones activas alcanzables desde el catálogo del PDF."""
    lector = PdfReader(ruta)
    encontradas, vistos, pila = set(), set(), [lector.trailer["/Root"]]
    while pila:
        o = pila.pop()
        if isinstance(o, IndirectObject):
            if o.idnum in vistos:
                continue
            vistos.add(o.idnum)
            o = o.get_object()
        if isinstance(o, DictionaryObject):
            encontradas |= {k for k in o if k in ACTIVOS}
            if o.get("/S") in ("/JavaScript", "/Launch"):
                encontradas.add(str(o["/S"]))
            if o.get("/Subtype") == "/FileAttachment":
                encontradas.add("/FileAttachment")
            pila.extend(o.values())
        elif isinstance(o, ArrayObject):
            pila.extend(o)
    return encontradas


def test_expediente_quita_javascript_acciones_y_adjuntos_y_lo_dice(tmp_path):
    anexo = tmp_path / "anexo-hostil.pdf"
    anexo.write_bytes(pdf_hostil(paginas=2))
    limpio = tmp_path / "anexo-limpio.pdf"
    limpio.write_bytes(pdf_hostil(js=False, adjunto=False, lanzar=False))
    assert claves_activas(anexo) >= {"/JavaScript", "/OpenAction", "/AA", "/EmbeddedFiles", "/Launch"}
    salida = tmp_path / "expediente.pdf"
    r = ejecutar("expediente", anexo, limpio, "-o", salida)
    assert r.exit_code == 0, r.output
    assert claves_activas(salida) == set()
    crudo = salida.read_bytes()
    assert b"app.alert" not in crudo and b"calc.exe" not in crudo and b"factura.exe" not in crudo
    assert len(PdfReader(salida).pages) == 3
    assert "anexo-hostil.pdf: se quitaron" in r.output and "JavaScript" in r.output
    assert "anexo-limpio.pdf: se quitaron" not in r.output


@pytest.mark.parametrize("orden", ["expediente", "revisar"])
def test_avisos_en_ingles_de_pypdf_no_salen_por_stderr(tmp_path, orden):
    roto = tmp_path / "roto.pdf"
    roto.write_bytes(pdf_hostil().replace(b"%%EOF", b"")[:-40])
    args = ["expediente", str(roto), "-o", str(tmp_path / "e.pdf")] if orden == "expediente" else ["revisar", str(roto)]
    r = subprocess.run([sys.executable, "-m", "generador", *args], capture_output=True, text=True, timeout=60)
    assert r.returncode != 0
    assert "EOF marker" not in r.stderr and "CAUTION" not in r.stderr and "Traceback" not in r.stderr
    assert "roto.pdf" in r.stderr + r.stdout


@requiere_libreoffice
def test_generar_pdf_con_un_pdf_antiguo_no_genera_nada_y_lo_dice(tmp_path):
    salida = tmp_path / "salida"
    r = ejecutar("generar", EJEMPLOS / "distrital" / "ordenanza.yaml", "-o", salida, "--pdf")
    assert r.exit_code == 0, r.output
    docx = next(salida.glob("*.docx"))
    pdf = docx.with_suffix(".pdf")
    antiguo = pdf.read_bytes()
    docx.unlink()  # queda el PDF de una generación anterior
    r = ejecutar("generar", EJEMPLOS / "distrital" / "ordenanza.yaml", "-o", salida, "--pdf")
    assert r.exit_code == 1
    assert f"{pdf} ya existe" in r.output and "no corresponde" in r.output and "--sobrescribir" in r.output
    assert not docx.exists() and pdf.read_bytes() == antiguo
    r = ejecutar("generar", EJEMPLOS / "distrital" / "ordenanza.yaml", "-o", salida, "--pdf", "--sobrescribir")
    assert r.exit_code == 0 and docx.exists() and pdf.stat().st_mtime >= docx.stat().st_mtime


def test_pdf_mas_antiguo_que_su_docx_es_un_error_y_no_se_calla(tmp_path):
    from generador.pdf import convertir_generados

    docx = tmp_path / "a.docx"
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4 antiguo")
    docx.write_bytes(b"PK nuevo")
    antes = time.time() - 100
    os.utime(pdf, (antes, antes))
    [c] = convertir_generados({docx: None})
    assert c.error and "más antiguo que su .docx" in c.error and not c.omitido
    os.utime(pdf, None)
    os.utime(docx, (antes, antes))
    [c] = convertir_generados({docx: None})
    assert c.omitido and not c.error


@requiere_libreoffice
def test_lote_pdf_rehace_el_pdf_de_un_docx_rehecho(tmp_path):
    tabla = tmp_path / "t.csv"
    tabla.write_text(
        "nivel,departamento,provincia,distrito,ordenanza.fecha\ndistrital,Cajamarca,Chota,Lajas,\n", encoding="utf-8"
    )
    carpeta = tmp_path / "lote"
    args = ("lote", tabla, "--documentos", "ordenanza", "-o", carpeta, "--pdf", "--procesos", "1")
    assert ejecutar(*args).exit_code == 0
    pdf = carpeta / "Cajamarca" / "Chota" / "Lajas" / "ordenanza.pdf"
    antes = pdf.read_bytes()
    r = ejecutar(*args)
    assert r.exit_code == 0 and "0 convertidos, 0 con error. 1 ya existían" in r.output, r.output
    tabla.write_text(
        "nivel,departamento,provincia,distrito,ordenanza.fecha\ndistrital,Cajamarca,Chota,Lajas,2026-04-10\n",
        encoding="utf-8",
    )
    r = ejecutar(*args)
    assert r.exit_code == 0 and "1 convertidos" in r.output, r.output
    assert pdf.read_bytes() != antes
    texto = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "10 de abril de 2026" in texto


# ------------------------------------------------------------------ fuzz: PDF hostiles


def _mutar(datos: bytes, cortes: list[int], basura: bytes) -> bytes:
    datos = bytearray(datos)
    for c in cortes:
        if datos:
            datos[c % len(datos)] = basura[c % len(basura)] if basura else 0
    return bytes(datos)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    js=st.booleans(),
    adjunto=st.booleans(),
    lanzar=st.booleans(),
    paginas=st.integers(1, 3),
    cortes=st.lists(st.integers(0, 10_000), max_size=6),
    basura=st.binary(max_size=8),
    recorte=st.integers(0, 400),
    cabecera=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xef\xbb\xbf"]),
)
def test_fuzz_expediente_con_pdf_hostiles(
    tmp_path_factory, js, adjunto, lanzar, paginas, cortes, basura, recorte, cabecera
):
    tmp = tmp_path_factory.mktemp("exp")
    datos = pdf_hostil(paginas, js=js, adjunto=adjunto, lanzar=lanzar)
    datos = cabecera + _mutar(datos, cortes, basura)
    if recorte:
        datos = datos[:-recorte]
    anexo = tmp / "anexo.pdf"
    anexo.write_bytes(datos)
    salida = tmp / "exp.pdf"
    r = ejecutar("expediente", anexo, "-o", salida)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output
    if r.exit_code == 0:
        assert len(PdfReader(salida).pages) >= 1 and claves_activas(salida) == set()
    else:
        assert r.exit_code == 1 and "Error: " in r.output and "anexo.pdf" in r.output and not salida.exists()
