"""Reglas del acta de sesión (Anexo 3) que no caben en una declaración: las votaciones de cada
punto y los acuerdos que derivan de ellas.

El resto (quórum, modalidad, sesión extraordinaria, fechas, oficios) está declarado en el
manifiesto; la asistencia y el quórum los calcula una sola vez el cálculo común «asistencia».
"""

from __future__ import annotations

from generador.registro import regla


@regla("acta_sesion_votaciones")
def votaciones(r) -> None:
    """Los votos de un punto no superan a los integrantes presentes (una institución, un voto), y un
    acuerdo que deriva de un punto votado exige que ese punto se haya aprobado."""
    presentes = r.contexto["asistencia"]["numero_presentes"]
    agenda = r.datos.get("agenda") or []
    for i, punto in enumerate(agenda):
        v = punto.get("votacion")
        if not v:
            continue
        emitidos = v["a_favor"] + (v.get("en_contra") or 0) + (v.get("abstenciones") or 0)
        if emitidos > presentes:
            r.error(("agenda", i, "votacion"), f"la votación del punto {i + 1} suma {emitidos} votos (a favor, en contra y "
                                               f"abstenciones) y solo hay {presentes} integrantes presentes")
        elif emitidos == 0:
            r.error(("agenda", i, "votacion"), f"la votación del punto {i + 1} no registra ningún voto")
    for j, acuerdo in enumerate(r.datos.get("acuerdos") or []):
        n = acuerdo.get("punto")
        if n is None:
            continue
        if n > len(agenda):
            r.error(("acuerdos", j, "punto"), f"la agenda tiene {len(agenda)} puntos: no existe el punto {n}")
            continue
        v = agenda[n - 1].get("votacion")
        if v and v["a_favor"] <= (v.get("en_contra") or 0):
            r.error(("acuerdos", j, "punto"), f"el punto {n} no se aprobó en la votación ({v['a_favor']} a favor, "
                                              f"{v.get('en_contra') or 0} en contra): no puede registrarse como acuerdo")
