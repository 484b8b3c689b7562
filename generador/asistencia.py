"""Cálculo común a las actas: asistencia y quórum a partir del directorio del perfil.

Lo usan los tipos que lo nombran en su manifiesto (`calculos: [asistencia]`). Las restricciones
declaradas (`en_directorio`, `cubre_directorio`, `unico`) ya comprobaron la lista; aun así el
cálculo no falla con datos incoherentes: una entidad sin alterno cuenta como presente sin persona.
"""

from __future__ import annotations

from .registro import calculo


def quorum_de(miembros: int) -> int:
    """Mitad más uno del número de miembros: 13 → 7, 14 → 8."""
    return miembros // 2 + 1


@calculo("asistencia")
def asistencia(r, contexto: dict) -> dict:
    """Asistentes y ausentes según el directorio del perfil, y el quórum (mitad más uno)."""
    marcas = {fila["entidad"]: fila["asiste"] for fila in r.datos.get("asistencia") or []}
    presentes, ausentes = [], []
    for miembro in r.perfil.get("integrantes") or []:
        como = marcas.get(miembro["entidad"], "ausente")
        if como == "ausente":
            ausentes.append({**miembro, "persona": miembro["titular"], "condicion": "ausente"})
            continue
        persona = miembro["titular"] if como == "titular" else miembro.get("alterno")
        if como == "titular":
            condicion = "titular"
        else:
            condicion = "alterna" if (persona or {}).get("genero") == "femenino" else "alterno"
        presentes.append({**miembro, "persona": persona, "condicion": condicion})
    total = len(presentes) + len(ausentes)
    requerido = quorum_de(total)
    return {
        "asistencia": {
            "presentes": presentes,
            "ausentes": ausentes,
            "total": total,
            "numero_presentes": len(presentes),
            "quorum_requerido": requerido,
            "hay_quorum": len(presentes) >= requerido,
            "entidades_ausentes": [m["entidad"] for m in ausentes],
        }
    }
