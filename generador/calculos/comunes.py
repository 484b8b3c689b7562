"""Cálculos comunes: asistencia y quórum a partir del directorio del perfil."""

from __future__ import annotations

from . import quorum_de
from ..registro import calculo


@calculo("asistencia")
def asistencia(r, contexto: dict) -> dict:
    """Asistentes y ausentes según el directorio del perfil, y el quórum (mitad más uno)."""
    marcas = {fila["entidad"]: fila["asiste"] for fila in r.datos.get("asistencia") or []}
    presentes, ausentes = [], []
    for miembro in r.perfil.get("integrantes") or []:
        como = marcas.get(miembro["entidad"], "ausente")
        if como == "ausente":
            ausentes.append({**miembro, "persona": miembro["titular"], "condicion": "ausente"})
        else:
            # sin alterno en el directorio: la regla «asistencia» ya lo señala como error
            persona = (miembro["titular"] if como == "titular" else miembro.get("alterno")) or {}
            condicion = "titular" if como == "titular" else ("alterna" if persona.get("genero") == "femenino" else "alterno")
            presentes.append({**miembro, "persona": persona, "condicion": condicion})
    total = len(presentes) + len(ausentes)
    requerido = quorum_de(total)
    return {"asistencia": {
        "presentes": presentes, "ausentes": ausentes, "total": total,
        "numero_presentes": len(presentes), "quorum_requerido": requerido,
        "hay_quorum": len(presentes) >= requerido,
    }}
