"""Reglas del plan de trabajo (Anexo 2) que no caben en una declaración: metas por año del
periodo, cronograma legible y la acción del 25 de noviembre.

Lo demás (periodo, ids únicos, objetivo existente, actividades completas, plazo de aprobación)
está declarado en el manifiesto.
"""

from __future__ import annotations

from generador.registro import regla, vecino

_plan = vecino(__file__)  # calculos.py de esta carpeta


@regla("plan_metas_cronograma")
def plan_metas_cronograma(r) -> None:
    """Errores: meta sin año en un plan multianual, año fuera del periodo o repetido, y
    entradas del cronograma que no son un mes ni un trimestre."""
    lista_anios = _plan.anios(r.datos)
    rango = f"{lista_anios[0]}-{lista_anios[-1]}" if len(lista_anios) > 1 else str(lista_anios[0])
    for i, a in enumerate(r.datos.get("actividades") or []):
        periodos: set[int] = set()
        for j, meta in enumerate(a.get("metas") or []):
            anio = meta.get("periodo")
            if anio is None:
                if len(lista_anios) > 1:
                    r.error(
                        ("actividades", i, "metas", j),
                        f"el plan es multianual ({rango}): indique el «periodo» (año) de cada meta",
                    )
                continue
            if anio not in lista_anios:
                r.error(
                    ("actividades", i, "metas", j, "periodo"),
                    f"el año {anio} está fuera del periodo del plan ({rango})",
                )
            elif anio in periodos:
                r.error(("actividades", i, "metas", j, "periodo"), f"hay dos metas para el año {anio}")
            periodos.add(anio)
        for j, entrada in enumerate(a.get("cronograma") or []):
            if _plan.periodo_de(entrada) is None:
                r.error(
                    ("actividades", i, "cronograma", j),
                    f"«{entrada}» no es un mes (enero… diciembre, o Ene… Dic) ni un trimestre (T1… T4)",
                )


@regla("plan_sensibilizacion")
def plan_sensibilizacion(r) -> None:
    """Aviso: ningún año del plan tiene una acción de sensibilización en noviembre (25 de noviembre)."""
    d = r.datos
    actividades = d.get("actividades") or []
    lista_anios = _plan.anios(d)
    for anio in lista_anios:
        hay = any(
            a.get("tipo") == "sensibilizacion"
            and 11 in _plan.meses_de(a.get("cronograma"))
            and _plan.metas_por_anio(a, d).get(anio, 1) != 0
            and (len(lista_anios) == 1 or anio in _plan.metas_por_anio(a, d))
            for a in actividades
        )
        if not hay:
            r.aviso(
                ("actividades",),
                f"{anio}: ninguna actividad de «tipo: sensibilizacion» está programada en noviembre, en torno al Día Internacional de la Eliminación de la Violencia contra la Mujer (25 de noviembre)",
            )
