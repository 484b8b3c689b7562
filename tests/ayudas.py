"""Ayudas de las pruebas (se importan con `from ayudas import …`): rutas de los ejemplos, editar un
YAML, releer el .docx generado y esperar un error. Las fijaciones (fixtures) están en conftest.py."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import docx
import pytest
import yaml

RAIZ = Path(__file__).resolve().parent.parent
EJEMPLOS = RAIZ / "ejemplos"


def editar_yaml(ruta: Path, **cambios) -> Path:
    """Reescribe un YAML con campos cambiados (None borra el campo)."""
    datos = yaml.safe_load(ruta.read_text(encoding="utf-8"))
    for clave, valor in cambios.items():
        if valor is None:
            datos.pop(clave, None)
        else:
            datos[clave] = valor
    ruta.write_text(yaml.safe_dump(datos, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return ruta


def texto_docx(ruta: Path) -> str:
    from generador.verificacion import leer_parrafos

    return "\n".join(leer_parrafos(Path(ruta)))


def titulos(ruta: Path) -> list[tuple[str, str]]:
    documento = docx.Document(str(ruta))
    return [
        (p.style.name, p.text)
        for p in documento.paragraphs
        if p.style.name.startswith("Heading") or p.style.name == "Title"
    ]


def error_al_generar(ruta: Path, tmp_path: Path) -> str:
    """Genera esperando un error de respuestas; comprueba que nada se escribió y da el mensaje."""
    from generador.errores import ErrorRespuestas
    from generador.generacion import generar

    destino = tmp_path / "no-escrito.docx"
    with pytest.raises(ErrorRespuestas) as exc:
        generar(ruta, destino=destino)
    assert not destino.exists()
    return str(exc.value)


def error_de_la_cli(ruta: Path, tmp_path: Path) -> str:
    """`generador generar` debe fallar (código ≠ 0) sin escribir nada; devuelve su salida."""
    from click.testing import CliRunner

    from generador.cli import principal

    salida = tmp_path / "salida"
    resultado = CliRunner().invoke(principal, ["generar", str(ruta), "-o", str(salida)])
    assert resultado.exit_code != 0
    assert not salida.exists() or not any(salida.iterdir())
    return resultado.output


def reemplazar(ruta: Path, viejo: str, nuevo: str) -> int:
    """Cambia la única aparición de `viejo` en el archivo y devuelve su número de línea (desde 1)."""
    texto = ruta.read_text(encoding="utf-8")
    assert texto.count(viejo) == 1, viejo
    linea = texto[: texto.index(viejo)].count("\n") + 1
    ruta.write_text(texto.replace(viejo, nuevo), encoding="utf-8")
    return linea


# Las sesiones de ejemplo que nombran las pruebas, por nivel: cada acta está en sesiones/ con su
# fecha por nombre, y su número («II Sesión Ordinaria 2026») se calcula de la carpeta.
SESION_ORDINARIA = {
    "regional": "sesiones/2026-06-12-ordinaria.yaml",
    "provincial": "sesiones/2026-06-15-ordinaria.yaml",
    "distrital": "sesiones/2026-06-19-ordinaria.yaml",
}
SESION_SIN_QUORUM = {
    "regional": "sesiones/2026-09-11-ordinaria.yaml",
    "provincial": "sesiones/2026-09-14-ordinaria.yaml",
    "distrital": "sesiones/2026-09-18-ordinaria.yaml",
}
SESION_EXTRAORDINARIA = {
    "regional": "sesiones/2026-07-03-extraordinaria.yaml",
    "provincial": "sesiones/2026-07-06-extraordinaria.yaml",
    "distrital": "sesiones/2026-07-10-extraordinaria.yaml",
}
FECHA_DE_REFERENCIA = "2028-01-20"  # generador estado ejemplos/<nivel> --hoy … (véase instancia.yaml)


def error_en_espanol(resultado, *fragmentos: str, ingles: re.Pattern | None = None) -> str:
    """El resultado de la CLI es un error previsto en español (código ≠ 0, sin traza, sin
    palabras de `ingles`) que contiene esos fragmentos; devuelve su salida."""
    salida = resultado.output
    assert resultado.exit_code != 0, salida
    assert resultado.exception is None or isinstance(resultado.exception, SystemExit), salida
    assert salida.startswith("Error: "), salida
    assert ingles is None or not ingles.search(salida), salida
    for f in fragmentos:
        assert f in salida, salida
    return salida


# `generador lote` de las ordenanzas distritales de Cusco, en dos procesos y como proceso aparte
# (para interrumpirlo con señales); se añade «-o CARPETA».
LOTE_CUSCO = [
    sys.executable,
    "-m",
    "generador",
    "lote",
    "--departamento",
    "Cusco",
    "--nivel",
    "distrital",
    "--documentos",
    "ordenanza",
    "--procesos",
    "2",
]
