"""Cálculos del diagnóstico (Anexo 1): totales y porcentajes de cada tabla, nunca tecleados.

Las tablas llegan como listas de filas {categoria, cantidad}; aquí se añade a cada fila su
porcentaje sobre el total (redondeado a un decimal, mitad hacia arriba) y el total de la tabla.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from generador.registro import calculo

VARIABLES = ("sexo", "edad", "discapacidad", "estado civil", "nivel educativo", "ocupación", "procedencia")
TIPOS_FUENTE = (
    ("ENDES", "la Encuesta Demográfica y de Salud Familiar (ENDES)"),
    ("ENARES", "la Encuesta Nacional sobre Relaciones Sociales (ENARES)"),
    ("ENAHO", "la Encuesta Nacional de Hogares (ENAHO)"),
    ("ENUT", "la Encuesta Nacional de Uso del Tiempo (ENUT)"),
    ("registro administrativo", "los registros administrativos"),
    ("investigación", "las investigaciones"),
    ("otra", "otras fuentes"),
)
UN_DECIMAL = Decimal("0.1")


def porcentaje_de(parte, total) -> Decimal | None:
    """Parte sobre total, en porcentaje con un decimal (mitad hacia arriba); None si el total es 0."""
    if not total:
        return None
    return (Decimal(parte) * 100 / Decimal(total)).quantize(UN_DECIMAL, rounding=ROUND_HALF_UP)


def distribucion(tabla: dict | None) -> dict | None:
    """{titulo, fuente, filas} → la misma tabla con porcentaje por fila y total; None si no hay filas."""
    if not tabla or not tabla.get("filas"):
        return None
    total = sum(f["cantidad"] for f in tabla["filas"])
    filas = [{**f, "porcentaje": porcentaje_de(f["cantidad"], total)} for f in tabla["filas"]]
    return {
        **tabla,
        "filas": filas,
        "total": total,
        "porcentaje_total": Decimal(100).quantize(UN_DECIMAL) if total else None,
    }


def presupuesto(filas: list[dict]) -> dict | None:
    """PIM y ejecución por fila con su avance (%), y totales con el avance global."""
    if not filas:
        return None
    total_pim = sum((Decimal(f["pim"]) for f in filas), Decimal(0))
    total_ejecutado = sum((Decimal(f["ejecutado"]) for f in filas), Decimal(0))
    return {
        "filas": [{**f, "avance": porcentaje_de(f["ejecutado"], f["pim"])} for f in filas],
        "total_pim": total_pim,
        "total_ejecutado": total_ejecutado,
        "avance": porcentaje_de(total_ejecutado, total_pim),
    }


@calculo(
    "diagnostico",
    produce=(
        "tablas_territorio",
        "tablas_territorio_vacias",
        "por_tipo",
        "por_modalidad",
        "por_variable",
        "total_casos",
        "inversion",
        "fuentes_por_tipo",
    ),
)
def diagnostico(r, contexto: dict) -> dict:
    d = r.datos
    por_variable = [
        {
            "variable": v,
            "tablas": [
                distribucion(t) for t in d.get("desagregaciones") or [] if t["variable"] == v and t.get("filas")
            ],
        }
        for v in VARIABLES
    ]
    fuentes = [
        {"tipo": tipo, "descripcion": descripcion, "fuentes": [f for f in d.get("fuentes") or [] if f["tipo"] == tipo]}
        for tipo, descripcion in TIPOS_FUENTE
    ]
    por_tipo = distribucion(d.get("violencia_por_tipo"))
    return {
        "tablas_territorio": [t for t in (distribucion(t) for t in d.get("territorio_tablas") or []) if t],
        "tablas_territorio_vacias": [t["titulo"] for t in d.get("territorio_tablas") or [] if not t.get("filas")],
        "por_tipo": por_tipo,
        "por_modalidad": distribucion(d.get("violencia_por_modalidad")),
        "por_variable": por_variable,
        "total_casos": por_tipo["total"] if por_tipo else None,
        "inversion": presupuesto(d.get("presupuesto") or []),
        # «otra» solo se lista si se usó; las demás categorías salen siempre (con o sin fuente)
        "fuentes_por_tipo": [f for f in fuentes if f["fuentes"] or f["tipo"] != "otra"],
    }
