"""LibreOffice caliente (unoserver): convierte con un soffice ya abierto, cae en frío si falta o
muere, se rearranca tras una caída y no deja procesos huérfanos."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from generador import libreoffice_caliente as lc
from generador import pdf
from generador.generacion import generar
from generador.pdf import hay_libreoffice

from ayudas import EJEMPLOS, texto_docx

pytestmark = pytest.mark.skipif(
    not hay_libreoffice() or lc.localizar_python_uno(pdf.localizar_soffice() if hay_libreoffice() else "") is None,
    reason="hace falta LibreOffice y un Python con «uno» (python3-uno); .ci/run los instala",
)


def _texto_pdf(datos: bytes) -> str:
    return " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(datos)).pages)


def _vivo(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # un zombi ya terminó
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return True


def _del_grupo(grupo: int) -> list[int]:
    """Los procesos vivos del grupo (unoserver, soffice y soffice.bin comparten el suyo)."""
    salida = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            campos = stat.read_text().rsplit(") ", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(campos[2]) == grupo and campos[0] != "Z":
            salida.append(int(stat.parent.name))
    return salida


@pytest.fixture(scope="module")
def caliente():
    avisos: list[str] = []
    servidor = lc.LibreOfficeCaliente(avisos.append)
    servidor.iniciar()
    assert servidor.esperar(), servidor.motivo
    assert len(avisos) == 1 and avisos[0].startswith("Vista previa: LibreOffice abierto y listo (en ")
    yield servidor
    servidor.detener()


@pytest.fixture(scope="module")
def ordenanza(tmp_path_factory) -> Path:
    destino = tmp_path_factory.mktemp("caliente") / "ordenanza.docx"
    generar(EJEMPLOS / "distrital" / "ordenanza.yaml", destino=destino)
    return destino


def test_convierte_el_docx_con_el_soffice_ya_abierto(caliente, ordenanza):
    antes = caliente.conversiones
    datos = caliente.convertir(pdf.datos_aligerados(ordenanza))
    assert datos is not None and pdf.contar_paginas(datos) >= 1
    texto = " ".join(_texto_pdf(datos).split())
    assert "ORDENANZA" in texto.upper() and "Lajas" in texto
    primera_linea = next(linea for linea in texto_docx(ordenanza).splitlines() if linea.strip())
    assert " ".join(primera_linea.split())[:30] in texto
    assert caliente.conversiones == antes + 1
    assert _vivo(caliente._proceso.pid)  # el mismo proceso queda para la siguiente


def test_la_web_usa_el_caliente_y_el_pdf_lleva_metadatos(caliente, ordenanza, tmp_path):
    from generador.web.tareas import a_pdf

    docx = tmp_path / ordenanza.name
    docx.write_bytes(ordenanza.read_bytes())
    antes = caliente.conversiones
    destino = a_pdf(docx, caliente)
    assert caliente.conversiones == antes + 1
    lector = PdfReader(destino)
    assert "Lajas" in _texto_pdf(destino.read_bytes())
    assert "generador" in (lector.metadata or {}).get("/Creator", "")
    assert a_pdf(docx, caliente) == destino and caliente.conversiones == antes + 1  # al día: no se rehace


def test_sin_python_con_uno_queda_no_disponible_y_se_convierte_en_frio(monkeypatch, ordenanza, tmp_path):
    from generador.web.tareas import a_pdf

    monkeypatch.setenv(lc.VARIABLE_PYTHON, sys.executable)  # el de las pruebas no tiene «uno»
    avisos: list[str] = []
    servidor = lc.LibreOfficeCaliente(avisos.append)
    servidor.iniciar()
    assert not servidor.esperar(60)
    assert servidor.estado == "no disponible" and "python3-uno" in servidor.motivo
    assert avisos == [f"Vista previa: LibreOffice no queda abierto ({servidor.motivo}); cada conversión lo arrancará."]
    assert servidor.convertir(b"no importa") is None
    docx = tmp_path / ordenanza.name
    docx.write_bytes(ordenanza.read_bytes())
    assert "Lajas" in _texto_pdf(a_pdf(docx, servidor).read_bytes())


def test_si_libreoffice_muere_se_convierte_en_frio_y_se_rearranca(ordenanza, tmp_path):
    from generador.web.tareas import a_pdf

    servidor = lc.LibreOfficeCaliente()
    servidor.iniciar()
    try:
        assert servidor.esperar(), servidor.motivo
        primero = servidor._proceso.pid
        lc.matar(servidor._proceso)  # cae unoserver con su soffice
        docx = tmp_path / ordenanza.name
        docx.write_bytes(ordenanza.read_bytes())
        assert "Lajas" in _texto_pdf(a_pdf(docx, servidor).read_bytes())  # en frío, sin error
        assert servidor.esperar(), servidor.motivo
        assert servidor._proceso.pid != primero
        assert servidor.convertir(pdf.datos_aligerados(ordenanza)) is not None
    finally:
        servidor.detener()
    assert servidor.estado == "apagado"


def test_no_quedan_procesos_si_la_aplicacion_muere_sin_avisar(tmp_path):
    guion = tmp_path / "app.py"
    guion.write_text(
        "import time\n"
        "from generador.libreoffice_caliente import LibreOfficeCaliente\n"
        "c = LibreOfficeCaliente(); c.iniciar(); assert c.esperar(), c.motivo\n"
        "print(c._proceso.pid, flush=True)\n"
        "time.sleep(120)\n"
    )
    proceso = subprocess.Popen([sys.executable, str(guion)], stdout=subprocess.PIPE, text=True)
    try:
        pid = int(proceso.stdout.readline())
        grupo = _del_grupo(pid)
        assert pid in grupo and len(grupo) >= 2  # unoserver y su LibreOffice
    finally:
        proceso.kill()  # SIGKILL: la aplicación no llega a cerrar nada
        proceso.wait()
    limite = time.monotonic() + 15
    while _del_grupo(pid) and time.monotonic() < limite:
        time.sleep(0.2)
    assert _del_grupo(pid) == []
