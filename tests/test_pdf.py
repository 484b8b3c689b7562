"""Conversión a PDF (LibreOffice) y expediente técnico en un solo PDF (pypdf).

Las pruebas que necesitan LibreOffice se saltan con motivo si no está instalado; las del
expediente con PDF hechos con pypdf (orden, marcadores, cifrado, archivos dañados) corren siempre.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from generador import pdf
from generador.errores import ErrorSalida
from generador.expediente import ErrorExpediente, armar_expediente, metadatos_expediente, recoger
from generador.generacion import generar
from generador.verificacion import encabezados

EJEMPLOS = Path(__file__).resolve().parent.parent / "ejemplos"

requiere_libreoffice = pytest.mark.skipif(
    not pdf.hay_libreoffice(), reason="LibreOffice no está instalado (apt-get install libreoffice-writer-nogui)"
)


def _texto(ruta: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(ruta).pages))


def _pdf_en_blanco(ruta: Path, paginas: int, clave: str | None = None) -> Path:
    escritor = PdfWriter()
    for _ in range(paginas):
        escritor.add_blank_page(width=595, height=842)
    if clave:
        escritor.encrypt(clave)
    with open(ruta, "wb") as archivo:
        escritor.write(archivo)
    return ruta


def _marcadores(ruta: Path) -> list[tuple[str, int]]:
    lector = PdfReader(ruta)
    return [(m.title, lector.get_destination_page_number(m)) for m in lector.outline]


# ------------------------------------------------------------------ sin LibreOffice


def test_sin_libreoffice_mensaje_claro(monkeypatch):
    monkeypatch.setenv(pdf.VARIABLE_SOFFICE, "/no/existe/soffice")
    with pytest.raises(pdf.ErrorLibreOffice) as error:
        pdf.convertir([Path("x.docx")], Path("/tmp"))
    texto = str(error.value)
    assert "LibreOffice no está instalado" in texto and "apt-get install" in texto


def test_repartir_tandas_parejas():
    assert [len(r) for r in pdf.repartir(40, 2, 25)] == [20, 20]
    assert [len(r) for r in pdf.repartir(60, 2, 25)] == [20, 20, 20]
    assert [len(r) for r in pdf.repartir(3, 4, 25)] == [1, 1, 1]
    assert pdf.repartir(0, 2, 25) == []
    assert sum(len(r) for r in pdf.repartir(41, 2, 10)) == 41


def test_expediente_orden_marcadores_y_paginas(tmp_path):
    anexo = _pdf_en_blanco(tmp_path / "padron-de-integrantes.pdf", 2)
    ordenanza = _pdf_en_blanco(tmp_path / "ordenanza_provincial_Chota.pdf", 3)
    informe = _pdf_en_blanco(tmp_path / "informe-sustentatorio.pdf", 4)
    salida = tmp_path / "expediente.pdf"
    resultado = armar_expediente([anexo, ordenanza, informe], salida)  # orden dado: revuelto
    assert _marcadores(salida) == [
        ("Informe técnico sustentatorio", 0),
        ("Proyecto de ordenanza", 4),
        ("Anexo 1: padron-de-integrantes", 7),
    ]
    lector = PdfReader(salida)
    assert len(lector.pages) == resultado.paginas == 9
    assert lector.page_labels == [str(i) for i in range(1, 10)]
    assert "Página 1 de 9" in lector.pages[0].extract_text()
    assert "Página 9 de 9" in lector.pages[8].extract_text()
    assert resultado.avisos == []


def test_expediente_desde_carpeta_prefiere_pdf_y_avisa(tmp_path):
    carpeta = tmp_path / "salidas"
    carpeta.mkdir()
    _pdf_en_blanco(carpeta / "ordenanza.pdf", 2)
    (carpeta / "ordenanza.docx").write_bytes(b"no se usa: ya hay PDF")
    (carpeta / "acta-instalacion.docx").write_bytes(b"no es parte del expediente")
    _pdf_en_blanco(carpeta / "b-anexo.pdf", 1)
    _pdf_en_blanco(carpeta / "a-anexo.pdf", 1)
    assert [p.name for p in recoger([carpeta])] == ["ordenanza.pdf", "a-anexo.pdf", "b-anexo.pdf"]
    salida = carpeta / "expediente.pdf"
    resultado = armar_expediente([carpeta], salida)
    assert [t for t, _ in _marcadores(salida)] == ["Proyecto de ordenanza", "Anexo 1: a-anexo", "Anexo 2: b-anexo"]
    assert any("informe técnico sustentatorio" in a for a in resultado.avisos)
    # una segunda vez no pisa el expediente ni lo toma como anexo
    with pytest.raises(ErrorSalida):
        armar_expediente([carpeta], salida)
    assert len(recoger([carpeta], salida)) == 3


def test_expediente_rechaza_pdf_cifrado(tmp_path):
    cifrado = _pdf_en_blanco(tmp_path / "anexo-cifrado.pdf", 1, clave="secreta")
    ordenanza = _pdf_en_blanco(tmp_path / "ordenanza.pdf", 1)
    salida = tmp_path / "expediente.pdf"
    with pytest.raises(ErrorExpediente) as error:
        armar_expediente([ordenanza, cifrado], salida)
    assert str(cifrado) in str(error.value) and "cifrado" in str(error.value)
    assert not salida.exists()


@pytest.mark.parametrize("contenido", [b"esto no es un PDF", b"%PDF-1.7\n1 0 obj\n<<"])
def test_expediente_rechaza_pdf_ilegible(tmp_path, contenido):
    roto = tmp_path / "anexo-roto.pdf"
    roto.write_bytes(contenido)
    salida = tmp_path / "expediente.pdf"
    with pytest.raises(ErrorExpediente) as error:
        armar_expediente([_pdf_en_blanco(tmp_path / "ordenanza.pdf", 1), roto], salida)
    assert str(roto) in str(error.value) and "legible" in str(error.value)
    assert not salida.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["anexo-roto.pdf", "ordenanza.pdf"]


def test_expediente_entrada_inexistente_o_de_otro_tipo(tmp_path):
    with pytest.raises(ErrorExpediente, match="no existe"):
        armar_expediente([tmp_path / "falta.pdf"], tmp_path / "e.pdf")
    otro = tmp_path / "nota.txt"
    otro.write_text("hola")
    with pytest.raises(ErrorExpediente, match=r"solo se admiten archivos \.pdf o \.docx"):
        armar_expediente([otro], tmp_path / "e.pdf")
    with pytest.raises(ErrorExpediente, match="no hay documentos"):
        armar_expediente([tmp_path], tmp_path / "e.pdf")


# ------------------------------------------------------------------ con LibreOffice


@pytest.fixture(scope="module")
def convertidos(tmp_path_factory):
    """Documentos del ejemplo provincial en .docx y en PDF (una sola conversión por tandas)."""
    if not pdf.hay_libreoffice():
        pytest.skip("LibreOffice no está instalado (apt-get install libreoffice-writer-nogui)")
    carpeta = tmp_path_factory.mktemp("pdf")
    docx = {}
    for nombre in ("ordenanza", "acta-instalacion", "informe-sustentatorio"):
        docx[nombre] = generar(EJEMPLOS / "provincial" / f"{nombre}.yaml", destino=carpeta / f"{nombre}.docx").salida
    metadatos = {docx[n]: pdf.metadatos_de_archivo(EJEMPLOS / "provincial" / f"{n}.yaml") for n in docx}
    pdfs = pdf.convertir(list(docx.values()), carpeta / "pdf", metadatos=metadatos)
    return carpeta, docx, dict(zip(docx, pdfs))


@requiere_libreoffice
def test_pdf_contiene_los_titulos_del_documento(convertidos):
    _, docx, pdfs = convertidos
    for nombre in ("ordenanza", "acta-instalacion"):
        titulos = [t for _, t in encabezados(docx[nombre].read_bytes())]
        assert len(titulos) >= 3
        texto = _texto(pdfs[nombre]).lower()
        for titulo in titulos:
            assert re.sub(r"\s+", " ", titulo).lower() in texto, (nombre, titulo)
    assert "chota" in _texto(pdfs["ordenanza"]).lower()


@requiere_libreoffice
def test_pdf_lleva_metadatos(convertidos):
    _, _, pdfs = convertidos
    datos = PdfReader(pdfs["ordenanza"]).metadata
    assert datos.author == "Municipalidad Provincial de Chota"
    assert datos.title.startswith("Ordenanza de creación - ")
    assert "Chota" in datos.title
    assert datos.subject and "ordenanza" in datos.subject.lower()
    assert PdfReader(pdfs["acta-instalacion"]).metadata.title.startswith("Acta de instalación")


@requiere_libreoffice
def test_convertir_no_pisa_y_nombra_archivos_danados(convertidos, tmp_path):
    _carpeta, docx, pdfs = convertidos
    with pytest.raises(ErrorSalida):
        pdf.convertir([docx["ordenanza"]], pdfs["ordenanza"].parent)
    roto = tmp_path / "roto.docx"
    roto.write_text("esto no es un docx")
    with pytest.raises(pdf.ErrorPDF) as error:
        pdf.convertir([roto], tmp_path / "salida")
    assert str(roto) in str(error.value) and "no es un documento Word" in str(error.value)
    assert not (tmp_path / "salida" / "roto.pdf").exists()


@requiere_libreoffice
def test_expediente_con_docx_y_pdf_adjuntos(convertidos, tmp_path):
    _carpeta, docx, pdfs = convertidos
    informe = tmp_path / "informe-sustentatorio.pdf"  # un PDF cualquiera en su lugar
    shutil.copyfile(pdfs["acta-instalacion"], informe)
    anexo = _pdf_en_blanco(tmp_path / "oficio.pdf", 2)
    salida = tmp_path / "expediente.pdf"
    resultado = armar_expediente([anexo, docx["ordenanza"], informe], salida)
    n_informe = len(PdfReader(informe).pages)
    n_ordenanza = len(PdfReader(pdfs["ordenanza"]).pages)
    assert _marcadores(salida) == [
        ("Informe técnico sustentatorio", 0),
        ("Proyecto de ordenanza", n_informe),
        ("Anexo 1: oficio", n_informe + n_ordenanza),
    ]
    total = n_informe + n_ordenanza + 2
    lector = PdfReader(salida)
    assert len(lector.pages) == resultado.paginas == total
    assert f"Página {total} de {total}" in lector.pages[-1].extract_text()
    assert "ORDENANZA MUNICIPAL" in lector.pages[n_informe].extract_text()
    assert lector.metadata.author == "Municipalidad Provincial de Chota"  # del informe (PDF con metadatos)


@requiere_libreoffice
def test_expediente_del_ejemplo_provincial(convertidos, tmp_path):
    """Informe sustentatorio y ordenanza reales, desde la carpeta de .docx generados."""
    carpeta, _docx, pdfs = convertidos
    salida = tmp_path / "expediente_provincial.pdf"
    resultado = armar_expediente(  # toma los .docx declarados, no el acta
        [carpeta], salida, metadatos=metadatos_expediente(EJEMPLOS / "provincial" / "ordenanza.yaml")
    )
    n_informe = len(PdfReader(pdfs["informe-sustentatorio"]).pages)
    n_ordenanza = len(PdfReader(pdfs["ordenanza"]).pages)
    assert _marcadores(salida) == [("Informe técnico sustentatorio", 0), ("Proyecto de ordenanza", n_informe)]
    lector = PdfReader(salida)
    assert len(lector.pages) == resultado.paginas == n_informe + n_ordenanza
    assert "INFORME" in lector.pages[0].extract_text()
    assert "ORDENANZA MUNICIPAL" in lector.pages[n_informe].extract_text()
    assert resultado.avisos == []
    assert lector.metadata.author == "Municipalidad Provincial de Chota"
    assert lector.metadata.title.endswith("Grupo Familiar de Chota")
