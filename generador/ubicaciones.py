"""Dónde están las plantillas y los ejemplos.

`plantillas/` y `ejemplos/` viven en la raíz del proyecto (las capacitadoras las editan allí) y
viajan dentro de la rueda como `generador/plantillas` y `generador/ejemplos` (ver
`pyproject.toml`). Orden de búsqueda de los tipos de documento:

1. las carpetas de `--plantillas` o de la variable GENERADOR_PLANTILLAS (varias separadas por
   «:», o «;» en Windows): sus tipos se añaden a los incluidos o los reemplazan;
2. las plantillas incluidas: las de la instalación (rueda) o, en una copia del proyecto
   (`pip install -e .`), las de su carpeta `plantillas/`.
"""

from __future__ import annotations

import os
from functools import cache
from importlib.resources import files
from pathlib import Path

RAIZ_PROYECTO = Path(__file__).resolve().parent.parent


@cache  # no cambia en la vida del proceso, y se consulta varias veces por documento de un lote
def incluida(nombre: str) -> Path:
    """`plantillas` o `ejemplos` del paquete instalado, o de la copia del proyecto."""
    instalada = Path(str(files("generador") / nombre))
    return instalada if instalada.is_dir() else RAIZ_PROYECTO / nombre


def carpetas_plantillas() -> tuple[Path, ...]:
    """Carpetas de tipos de documento, de la que más manda a la incluida."""
    propias = [Path(p) for p in os.environ.get("GENERADOR_PLANTILLAS", "").split(os.pathsep) if p]
    return (*propias, incluida("plantillas"))


def carpeta_ejemplos() -> Path:
    return incluida("ejemplos")
