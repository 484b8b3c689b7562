"""El README no se desfasa del código: su tabla de documentos y su arquitectura son las que
genera `herramientas/actualizar_readme.py` a partir de los manifiestos y de los módulos."""

from __future__ import annotations

import importlib.util

from ayudas import RAIZ


def _herramienta():
    spec = importlib.util.spec_from_file_location("actualizar_readme", RAIZ / "herramientas" / "actualizar_readme.py")
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


def test_readme_al_dia_con_manifiestos_y_modulos():
    herramienta = _herramienta()
    actual = (RAIZ / "README.md").read_text(encoding="utf-8")
    assert herramienta.actualizar(actual) == actual, "ejecute: python herramientas/actualizar_readme.py"


def test_la_tabla_cambia_si_cambia_el_catalogo():
    herramienta = _herramienta()
    tabla = herramienta.tabla_documentos()
    from generador.manifiesto import catalogo

    assert tabla.count("\n| `") == len(catalogo())
    assert all(f"| `{id_}` |" in tabla for id_ in catalogo())
    modulos = sorted(p.name for p in (RAIZ / "generador").glob("*.py") if not p.name.startswith("__"))
    assert all(f"generador/{m}" in herramienta.arquitectura() for m in modulos)
