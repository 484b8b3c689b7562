"""Vista previa mientras se escribe (`POST /i/<inst>/vista-previa`): el documento con lo que hay en
el formulario, sin guardar nada; los problemas si aún no valida; la primera página con LibreOffice."""

from __future__ import annotations

import html
import re

import pytest

pytest.importorskip("fastapi")

from test_web_rutas import cliente, formulario

from generador.pdf import hay_libreoffice
from generador.web.vista_previa import PREVIAS


@pytest.fixture
def distrital(copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    return carpeta, cliente(carpeta)


def _parrafos(fragmento: str) -> list[str]:
    return [html.unescape(p) for p in re.findall(r"<p(?: class=\"v-titulo\")?>([^<]*)</p>", fragmento)]


def _instantanea(carpeta) -> dict[str, bytes]:
    return {str(p.relative_to(carpeta)): p.read_bytes() for p in sorted(carpeta.rglob("*")) if p.is_file()}


def test_muestra_lo_escrito_sin_guardar_nada_y_el_texto_sale_literal(distrital):
    carpeta, c = distrital
    datos = formulario(c.get("/i/_/doc/ordenanza.yaml").text, "/i/_/doc")
    antes = _instantanea(carpeta)
    datos["ciudad"] = "Lajas & <b>Chota</b> {{ 7*7 }}"
    r = c.post("/i/_/vista-previa", data=datos)
    assert r.status_code == 200, r.text
    assert "<b>Chota</b>" not in r.text
    parrafos = _parrafos(r.text)
    assert "Lajas & <b>Chota</b> {{ 7*7 }}, 10 de abril de 2026" in parrafos
    assert "ORDENANZA MUNICIPAL N° 004-2026-MDL" in parrafos
    assert _instantanea(carpeta) == antes  # ni las respuestas ni salidas/ cambian


def test_un_documento_que_no_valida_muestra_sus_problemas(distrital):
    carpeta, c = distrital
    datos = formulario(c.get("/i/_/doc/ordenanza.yaml").text, "/i/_/doc")
    datos["fecha"] = "31/02/2026"
    r = c.post("/i/_/vista-previa", data=datos)
    assert r.status_code == 200
    assert "La vista previa se actualiza cuando lo escrito no tiene errores" in r.text
    assert "«fecha»" in r.text
    assert 'class="vista"' not in r.text
    assert "fecha: '2026-04-10'" in (carpeta / "ordenanza.yaml").read_text(encoding="utf-8")  # no se guardó


def test_una_sesion_nueva_se_previsualiza_sin_crear_su_archivo(distrital):
    carpeta, c = distrital
    sesiones = sorted(p.name for p in (carpeta / "sesiones").iterdir())
    existente = sorted((carpeta / "sesiones").glob("*ordinaria.yaml"))[-1]
    datos = formulario(c.get(f"/i/_/doc/sesiones/{existente.name}").text, "/i/_/doc")
    datos.update(_archivo="", _huella="", fecha="15/12/2028")  # como una sesión nueva, con lo de otra
    r = c.post("/i/_/vista-previa", data=datos)
    assert r.status_code == 200, r.text
    texto = " ".join(_parrafos(r.text))
    assert "quince de diciembre de dos mil veintiocho" in texto, r.text[:800]
    assert "ACTA DE LA II SESIÓN ORDINARIA 2028" in texto  # tras la del 14/01/2028: de las fechas de la carpeta
    assert sorted(p.name for p in (carpeta / "sesiones").iterdir()) == sesiones


def test_sin_token_csrf_no_hay_vista_previa(distrital):
    _, c = distrital
    datos = formulario(c.get("/i/_/doc/ordenanza.yaml").text, "/i/_/doc")
    datos.pop("_csrf")
    r = c.post("/i/_/vista-previa", data=datos)
    assert r.status_code == 403 and "CSRF" in r.text


def test_el_formulario_pide_la_vista_previa_al_escribir(distrital):
    _, c = distrital
    pagina = c.get("/i/_/doc/ordenanza.yaml").text
    seccion = re.search(r'<section class="previa"[^>]*>', pagina).group(0)
    assert 'hx-post="/i/_/vista-previa"' in seccion and 'hx-include="#form-doc' in seccion
    assert "input from:#form-doc delay:" in seccion and "load" in seccion
    assert 'id="form-doc"' in pagina and 'id="actualizar-previa"' in pagina


def test_rutas_de_la_imagen_confinadas(distrital):
    _, c = distrital
    for ruta in ("/i/_/vista-previa/..%2F..%2Finstancia.png", "/i/_/vista-previa/no-existe.png"):
        r = c.get(ruta)
        assert r.status_code in (403, 404), ruta
        assert "image/png" not in r.headers.get("content-type", "")


@pytest.mark.skipif(not hay_libreoffice(), reason="la primera página la compone LibreOffice")
def test_con_libreoffice_la_primera_pagina_y_solo_las_ultimas_guardadas(distrital):
    carpeta, c = distrital
    datos = formulario(c.get("/i/_/doc/ordenanza.yaml").text, "/i/_/doc")
    imagenes = []
    for i in range(12):
        datos["ciudad"] = f"Lajas {i}"
        r = c.post("/i/_/vista-previa", data={**datos, "_pagina": "1"})
        imagenes.append(re.search(r'<img class="pagina-uno" src="([^"]+)"', r.text).group(1))
    png = c.get(imagenes[-1])
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert len(list((carpeta / PREVIAS).glob("*.docx"))) == 10
    assert c.get(imagenes[0]).status_code == 404  # la más antigua ya se borró
    assert not (carpeta / "salidas").exists()  # nada de la vista previa va a salidas/
