"""Regenera las partes del README que salen del código: la tabla de documentos (de los
manifiestos) y la arquitectura (de la primera línea del docstring de cada módulo).

Uso: python herramientas/actualizar_readme.py          (reescribe README.md)
     python herramientas/actualizar_readme.py --comprobar   (código 1 si el README quedó viejo)

`tests/test_readme.py` falla si el README no coincide con lo que este script produce.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
README = RAIZ / "README.md"
NIVELES = {("regional", "provincial", "distrital"): "los tres"}

# Carpetas y archivos que no son módulos de generador/, con su explicación.
OTRAS = [
    ("generador/datos/", "hechos de la norma (ley.yaml), perfil de la instancia, ubigeo del INEI"),
    (
        "plantillas/<id>/",
        "un tipo de documento: plantilla.docx, manifiesto.yaml, fuente.txt y, si lo necesita, calculos.py y reglas.py",
    ),
    ("ejemplos/<nivel>/", "instancia.yaml y respuestas de ejemplo de cada documento"),
    ("herramientas/", "construcción de plantillas, mediciones y este script"),
    ("tests/", "pruebas (pytest)"),
]


def _primera_linea(ruta: Path) -> str:
    doc = ast.get_docstring(ast.parse(ruta.read_text(encoding="utf-8"))) or ""
    primera = " ".join(doc.strip().split("\n\n")[0].split())
    return re.split(r"(?<=\.)\s", primera, maxsplit=1)[0].rstrip(".:")


def arquitectura() -> str:
    modulos = sorted(p for p in (RAIZ / "generador").glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    filas = [(f"generador/{p.name}", _primera_linea(p)) for p in modulos] + OTRAS
    ancho = max(len(n) for n, _ in filas) + 2
    return "```\n" + "\n".join(f"{n:<{ancho}}{d}" for n, d in filas) + "\n```"


def tabla_documentos() -> str:
    sys.path.insert(0, str(RAIZ))
    from generador.manifiesto import catalogo

    filas = ["| id | documento | niveles |", "|---|---|---|"]
    for m in catalogo().values():
        niveles = NIVELES.get(tuple(m.niveles), ", ".join(m.niveles))
        filas.append(f"| `{m.id}` | {m.titulo} | {niveles} |")
    return "\n".join(filas)


def _reemplazar(texto: str, marca: str, contenido: str) -> str:
    patron = re.compile(rf"(<!-- {marca}: inicio[^\n]*-->\n).*?(\n<!-- {marca}: fin -->)", re.S)
    if not patron.search(texto):
        raise SystemExit(f"README.md: faltan las marcas «<!-- {marca}: inicio … -->» y «<!-- {marca}: fin -->»")
    return patron.sub(lambda m: m.group(1) + contenido + m.group(2), texto)


def actualizar(texto: str) -> str:
    texto = _reemplazar(texto, "documentos", tabla_documentos())
    return _reemplazar(texto, "arquitectura", arquitectura())


def main() -> int:
    actual = README.read_text(encoding="utf-8")
    nuevo = actualizar(actual)
    if "--comprobar" in sys.argv:
        print(
            "README al día"
            if nuevo == actual
            else "README desactualizado: ejecute python herramientas/actualizar_readme.py"
        )
        return 0 if nuevo == actual else 1
    README.write_text(nuevo, encoding="utf-8")
    print("README.md actualizado")
    return 0


if __name__ == "__main__":
    sys.exit(main())
