"""Renderizado de una plantilla .docx con docxtpl, en modo seguro.

- Variables no definidas: error (StrictUndefined), nunca un hueco silencioso.
- Autoescape: `&`, `<`, `>`, comillas y `{{ }}` de las respuestas salen tal cual, como texto.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate

from .contexto import Contadores
from .errores import ErrorPlantilla
from .formato import FILTROS


@lru_cache(maxsize=1)
def entorno() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(FILTROS)
    return env


@lru_cache(maxsize=32)
def _bytes_plantilla(ruta: Path, _marca: float) -> bytes:
    return ruta.read_bytes()


def renderizar(ruta_plantilla: Path, contexto: dict) -> bytes:
    """Devuelve los bytes del .docx renderizado (nada se escribe en disco aquí)."""
    datos = _bytes_plantilla(ruta_plantilla, ruta_plantilla.stat().st_mtime)
    plantilla = DocxTemplate(io.BytesIO(datos))
    try:
        plantilla.render({**contexto, "cuenta": Contadores()}, jinja_env=entorno(), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise ErrorPlantilla(f"{ruta_plantilla}: la plantilla usa un dato que no existe ({exc.message})") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ErrorPlantilla(f"{ruta_plantilla}: error de sintaxis en la plantilla, línea {exc.lineno}: {exc.message}") from None
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError) as exc:
        raise ErrorPlantilla(f"{ruta_plantilla}: error al aplicar la plantilla: {exc}") from None
    salida = io.BytesIO()
    plantilla.save(salida)
    return salida.getvalue()
