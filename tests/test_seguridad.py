"""El texto de las respuestas es dato, nunca código de plantilla; ninguna entrada produce un traceback."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generador.conversion import limpiar_texto
from generador.errores import ErrorGenerador
from generador.generacion import generar

from ayudas import EJEMPLOS, editar_yaml, texto_docx

PELIGROSO = "Tom & Jerry <b>negrita</b> \"comillas\" 'simples' {{ instancia.nombre }} {% if true %}x{% endif %} {#c#}"


def test_sintaxis_xml_y_jinja_sale_literal(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    ruta = editar_yaml(
        carpeta / "ordenanza.yaml", numero=PELIGROSO, considerandos_adicionales=[PELIGROSO + "\x00\x07 con control"]
    )
    texto = texto_docx(generar(ruta, destino=tmp_path / "o.docx").salida)
    assert f"ORDENANZA MUNICIPAL N° {PELIGROSO}" in texto
    assert f"Que, {PELIGROSO} con control;" in texto  # control quitado, espacios colapsados
    assert "\x00" not in texto and "\x07" not in texto


def test_saltos_de_linea_en_un_campo_de_una_linea(tmp_path, copia_ejemplos):
    ruta = editar_yaml(copia_ejemplos("distrital") / "ordenanza.yaml", ciudad="Lajas\n\n  (Chota)")
    assert "Lajas (Chota), 10 de abril de 2026" in texto_docx(generar(ruta, destino=tmp_path / "o.docx").salida)


_texto = st.text(st.characters(codec="utf-8"), min_size=0, max_size=300) | st.sampled_from(
    ["x" * 20_000, "😀" * 50, "<w:p>", "]]>", "{{", "}}", "{%p if x %}", "\ufeff", "\u202e", "\r\n", ""]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(numero=_texto, ciudad=_texto, visto=st.lists(_texto, min_size=0, max_size=3), nombre=_texto)
def test_cualquier_texto_da_un_docx_valido_o_un_error_en_espanol(numero, ciudad, visto, nombre):
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp) / "distrital"
        shutil.copytree(EJEMPLOS / "distrital", carpeta)
        ruta = editar_yaml(
            carpeta / "ordenanza.yaml",
            numero=numero,
            ciudad=ciudad,
            visto=visto,
            mecanismo_anterior={"nombre": nombre, "norma": "Ordenanza N° 1"},
        )
        destino = Path(tmp) / "o.docx"
        try:
            generar(ruta, destino=destino)
        except ErrorGenerador as exc:  # solo un error previsto, en español, que nombra el archivo
            assert "ordenanza.yaml" in str(exc) and ("campo «" in str(exc) or "plantilla" in str(exc))
            assert not destino.exists()
            return
        texto = texto_docx(destino)
        assert limpiar_texto(numero) in texto
        if limpiar_texto(nombre):
            assert limpiar_texto(nombre) in texto
