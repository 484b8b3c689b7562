"""La carpeta de instancia que deja `generador lote`: sus YAML se releen con los mismos datos que
usó el lote, y el documento rehecho desde ella (`generador generar CARPETA`) dice lo mismo."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generador.cli import principal
from generador.respuestas import cargar_yaml

from ayudas import EJEMPLOS, texto_docx

# textos que un emisor YAML puede estropear: NEL y separadores Unicode (saltos de línea para
# YAML), líneas largas que se pliegan, espacios al borde, lo que parece número o booleano, y
# lo que la plantilla debe dejar literal
CONSIDERANDOS = [
    "la cifra se revisó\x85en la sesión de marzo",
    "el informe\u2028de la Gerencia\u2029lo sustenta",
    "  con espacios al borde  ",
    "la violencia contra las mujeres y los integrantes del grupo familiar " * 3 + "persiste",
    "«{{ nombre }}» & <b>no</b> son etiquetas: yes, 1e3, ~",
]


def test_las_respuestas_de_la_carpeta_se_releen_iguales(tmp_path):
    perfil = cargar_yaml(EJEMPLOS / "provincial" / "instancia.yaml").datos
    respuestas = cargar_yaml(EJEMPLOS / "provincial" / "ordenanza.yaml").datos
    for clave in ("documento", "nivel", "instancia"):
        respuestas.pop(clave, None)
    respuestas["considerandos_adicionales"] = CONSIDERANDOS
    comunes = tmp_path / "comunes.yaml"
    # en JSON (que también es YAML), con cada carácter raro escapado («\u0085»)
    comunes.write_text(json.dumps({"instancia": perfil, "ordenanza": respuestas}, default=str), encoding="utf-8")
    tabla = tmp_path / "t.csv"
    tabla.write_text("nivel,departamento,provincia\nprovincial,Cajamarca,Chota\n", encoding="utf-8")
    lote = tmp_path / "lote"
    r = CliRunner().invoke(
        principal,
        [
            "lote",
            str(tabla),
            "--documentos",
            "ordenanza",
            "--comunes",
            str(comunes),
            "-o",
            str(lote),
            "--procesos",
            "1",
        ],
    )
    assert r.exit_code == 0, r.output
    carpeta = lote / "Cajamarca" / "Chota"
    releidas = cargar_yaml(carpeta / "ordenanza.yaml").datos
    assert releidas["considerandos_adicionales"] == CONSIDERANDOS
    assert releidas["documento"] == "ordenanza"
    assert cargar_yaml(carpeta / "instancia.yaml").datos["provincia"] == "Chota"

    # el documento rehecho desde la carpeta es el del lote, párrafo a párrafo
    rehecho = tmp_path / "rehecho"
    r = CliRunner().invoke(principal, ["generar", str(carpeta), "-o", str(rehecho)])
    assert r.exit_code == 0, r.output
    (generado,) = Path(rehecho).rglob("ordenanza*.docx")
    assert texto_docx(generado) == texto_docx(carpeta / "ordenanza.docx")
    assert "«{{ nombre }}» & <b>no</b> son etiquetas: yes, 1e3, ~" in texto_docx(generado)
