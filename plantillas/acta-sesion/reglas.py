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
            r.error(
                ("agenda", i, "votacion"),
                f"la votación del punto {i + 1} suma {emitidos} votos (a favor, en contra y "
                f"abstenciones) y solo hay {presentes} integrantes presentes",
            )
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
            r.error(
                ("acuerdos", j, "punto"),
                f"el punto {n} no se aprobó en la votación ({v['a_favor']} a favor, "
                f"{v.get('en_contra') or 0} en contra): no puede registrarse como acuerdo",
            )


@regla("acta_sesion_en_carpeta")
def en_carpeta(r) -> None:
    """En una carpeta de instancia: el número tecleado coincide con el que dan las fechas, no hay
    dos sesiones del mismo tipo el mismo día y la sesión es posterior a la instalación."""
    if r.carpeta is None:
        return
    calculado, tecleado = r.contexto["numero_en_carpeta"], r.datos.get("numero")
    if tecleado and calculado and tecleado != calculado:
        r.error(
            ("numero",),
            f"por las fechas de la carpeta esta es la sesión {r.datos['tipo']} n.° {calculado} de "
            f"{r.datos['fecha'].year}, no la n.° {tecleado}: quite «numero» (se calcula) o corrija la fecha",
        )
    for otra in r.carpeta.sesiones:
        if otra.ruta == r.ruta.resolve() or otra.fecha != r.datos["fecha"]:
            continue
        if otra.documento == r.manifiesto.id and otra.datos.get("tipo") == r.datos["tipo"]:
            r.error(
                ("fecha",),
                f"«{otra.ruta.name}» es otra sesión {r.datos['tipo']} del mismo día "
                f"({r.datos['fecha']:%d/%m/%Y}): una de las dos sobra o tiene mal la fecha",
            )
    instalaciones = [e for e in r.carpeta.sesiones if e.documento != r.manifiesto.id and e.fecha]
    if instalaciones and r.datos["fecha"] < instalaciones[0].fecha:
        r.error(
            ("fecha",),
            f"la sesión ({r.datos['fecha']:%d/%m/%Y}) es anterior a la instalación de la instancia "
            f"({instalaciones[0].fecha:%d/%m/%Y}, «{instalaciones[0].ruta.name}»)",
        )
