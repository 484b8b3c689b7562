"""Reglas del diagnóstico (Anexo 1)."""

from __future__ import annotations

from ..registro import regla


def _categorias_unicas(r, ruta: tuple, filas: list[dict]) -> None:
    vistas: set[str] = set()
    for i, fila in enumerate(filas):
        clave = fila["categoria"].casefold()
        if clave in vistas:
            r.error((*ruta, i, "categoria"), f"la categoría «{fila['categoria']}» aparece dos veces en la misma tabla (los totales se calculan: no la repita)")
        vistas.add(clave)
        if fila["categoria"].casefold().startswith("total"):
            r.error((*ruta, i, "categoria"), "no escriba la fila de total: la herramienta la calcula")


@regla("diagnostico")
def diagnostico(r) -> None:
    """Sin categorías repetidas ni filas de total tecleadas; ejecución no mayor que el PIM."""
    for i, tabla in enumerate(r.datos.get("territorio_tablas") or []):
        _categorias_unicas(r, ("territorio_tablas", i, "filas"), tabla.get("filas") or [])
    for i, tabla in enumerate(r.datos.get("desagregaciones") or []):
        _categorias_unicas(r, ("desagregaciones", i, "filas"), tabla.get("filas") or [])
    for campo in ("violencia_por_tipo", "violencia_por_modalidad"):
        tabla = r.datos.get(campo) or {}
        _categorias_unicas(r, (campo, "filas"), tabla.get("filas") or [])
    for i, fila in enumerate(r.datos.get("presupuesto") or []):
        if fila["ejecutado"] > fila["pim"]:
            r.aviso(("presupuesto", i, "ejecutado"), f"lo ejecutado ({fila['ejecutado']}) supera el PIM ({fila['pim']}); revise las cifras")
