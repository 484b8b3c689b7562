"""Reglas del acta de sesión (Anexo 3): quórum, modalidad virtual, sesión extraordinaria,
votaciones, fechas y oficios a las entidades ausentes.

La asistencia se valida con la regla común «asistencia» y se cuenta con el cálculo común
«asistencia» (el mismo que usa el acta): aquí no se repite ese código.
"""

from __future__ import annotations

from ..calculos.acta_sesion import aprobacion_convocatoria
from ..calculos.comunes import asistencia as calcular_asistencia
from ..registro import regla


def _asistencia(r) -> dict | None:
    """Presentes, ausentes y quórum; None si la asistencia tiene errores (ya los informa la regla
    común «asistencia», p. ej. un alterno que el directorio no tiene)."""
    directorio = [m["entidad"] for m in r.perfil.get("integrantes") or []]
    marcadas = [f["entidad"] for f in r.datos.get("asistencia") or []]
    if not directorio or sorted(marcadas) != sorted(directorio):
        return None   # faltan, sobran o se repiten entidades: no se cuenta un quórum engañoso
    try:
        return calcular_asistencia(r, {})["asistencia"]
    except (AttributeError, KeyError, TypeError):
        return None


@regla("acta_sesion_quorum")
def quorum(r) -> None:
    """Sin quórum: o se rechaza (si así se pidió) o el acta solo constata la falta de quórum, y
    entonces no puede registrar desarrollo, votaciones ni acuerdos (serían afirmaciones falsas)."""
    a = _asistencia(r)
    if a is None:
        return  # ya lo informa la regla «asistencia»
    if a["numero_presentes"] == 0:
        r.error(("asistencia",), "no asistió ninguna institución integrante: no hay quién suscriba el acta")
        return
    if a["hay_quorum"]:
        for i, punto in enumerate(r.datos.get("agenda") or []):
            if not punto.get("desarrollo"):
                r.aviso(("agenda", i, "tema"), f"el punto {i + 1} («{punto['tema']}») no tiene «desarrollo»: el acta solo lo enumerará")
        return
    resumen = (f"asisten {a['numero_presentes']} de {a['total']} integrantes y el quórum (mitad más uno) "
               f"es de {a['quorum_requerido']}")
    if r.datos.get("sin_quorum") == "rechazar":
        r.error(("sin_quorum",), f"no hay quórum: {resumen}. Con «sin_quorum: rechazar» no se genera el acta; "
                                 "use «sin_quorum: constatar» para obtener el acta de constatación de falta de quórum")
        return
    for i, punto in enumerate(r.datos.get("agenda") or []):
        if punto.get("desarrollo"):
            r.error(("agenda", i, "desarrollo"), f"no hay quórum ({resumen}): la agenda no se desarrolló; quite el «desarrollo» del punto {i + 1}")
        if punto.get("votacion"):
            r.error(("agenda", i, "votacion"), f"no hay quórum ({resumen}): no pudo votarse; quite la «votacion» del punto {i + 1}")
    if r.datos.get("acuerdos"):
        r.error(("acuerdos",), f"no hay quórum ({resumen}): no se pueden adoptar acuerdos; quite «acuerdos» (el acta constatará la falta de quórum)")


@regla("acta_sesion_virtual")
def virtual(r) -> None:
    """Una sesión virtual lleva su enlace (la plataforma la exige la regla «modalidad»)."""
    if r.datos.get("modalidad") == "virtual" and not r.datos.get("enlace"):
        r.error(("modalidad",), "la sesión es virtual: indique el «enlace» de la reunión")


@regla("acta_sesion_extraordinaria")
def extraordinaria(r) -> None:
    """La extraordinaria dice quién la propuso y su convocatoria se aprobó con el 50 % + 1 de los
    asistentes de la sesión en que se votó."""
    conv = r.datos.get("convocatoria_extraordinaria")
    if r.datos.get("tipo") == "extraordinaria" and not conv:
        r.error(("tipo",), "la sesión es extraordinaria: indique «convocatoria_extraordinaria» (quién la propuso, motivo, "
                           "sesión y fecha en que se votó, asistentes y votos)")
        return
    if not conv:
        return
    if r.datos.get("tipo") != "extraordinaria":
        r.aviso(("convocatoria_extraordinaria",), "la sesión es ordinaria: se ignora «convocatoria_extraordinaria»")
        return
    ruta = ("convocatoria_extraordinaria",)
    emitidos = conv["a_favor"] + (conv.get("en_contra") or 0) + (conv.get("abstenciones") or 0)
    if emitidos > conv["asistentes"]:
        r.error(ruta + ("a_favor",), f"los votos ({emitidos}: a favor, en contra y abstenciones) superan a los "
                                      f"{conv['asistentes']} asistentes de la sesión en que se votó")
        return
    aprobada = aprobacion_convocatoria(conv)
    if not aprobada["alcanzado"]:
        r.error(ruta + ("a_favor",), f"la convocatoria no se aprobó: obtuvo {conv['a_favor']} votos a favor y se requieren "
                                      f"{aprobada['requerido']} (50 % más uno de {conv['asistentes']} asistentes)")
    fecha = r.datos.get("fecha")
    if fecha and conv["fecha"] > fecha:
        r.error(ruta + ("fecha",), f"la convocatoria se votó el {conv['fecha']:%d/%m/%Y}, después de la sesión "
                                    f"extraordinaria ({fecha:%d/%m/%Y})")


@regla("acta_sesion_votaciones")
def votaciones(r) -> None:
    """Los votos de un punto no superan a los integrantes presentes (una institución, un voto), y un
    acuerdo que deriva de un punto votado exige que ese punto se haya aprobado."""
    a = _asistencia(r)
    if a is None:
        return
    presentes = a["numero_presentes"]
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


@regla("acta_sesion_fechas")
def fechas(r) -> None:
    """La convocatoria precede a la sesión; la nueva convocatoria (sin quórum) la sigue."""
    fecha = r.datos.get("fecha")
    convocada = r.datos.get("fecha_convocatoria")
    if fecha and convocada and convocada > fecha:
        r.error(("fecha_convocatoria",), f"la convocatoria ({convocada:%d/%m/%Y}) no puede ser posterior a la sesión ({fecha:%d/%m/%Y})")
    nueva = r.datos.get("nueva_convocatoria")
    if nueva and fecha and nueva["fecha"] <= fecha:
        r.error(("nueva_convocatoria", "fecha"), f"la nueva sesión ({nueva['fecha']:%d/%m/%Y}) debe ser posterior a esta ({fecha:%d/%m/%Y})")
    a = _asistencia(r)
    if nueva and a is not None and a["hay_quorum"]:
        r.aviso(("nueva_convocatoria",), "hubo quórum: se ignora «nueva_convocatoria» (solo corresponde al acta de constatación de falta de quórum)")
    if r.datos.get("anio") and fecha and r.datos["anio"] != fecha.year:
        r.aviso(("anio",), f"el año de la numeración ({r.datos['anio']}) no es el de la fecha de la sesión ({fecha.year})")


@regla("acta_sesion_oficios")
def oficios(r) -> None:
    """Las autoridades nombradas son de entidades del directorio; los oficios no preceden a la sesión."""
    directorio = {m["entidad"] for m in r.perfil.get("integrantes") or []}
    a = _asistencia(r)
    ausentes = {m["entidad"] for m in a["ausentes"]} if a else set()
    for i, autoridad in enumerate(r.datos.get("autoridades") or []):
        if autoridad["entidad"] not in directorio:
            r.error(("autoridades", i, "entidad"), f"«{autoridad['entidad']}» no está en el directorio del perfil")
        elif autoridad["entidad"] not in ausentes:
            r.aviso(("autoridades", i, "entidad"), f"«{autoridad['entidad']}» asistió a la sesión: no se le dirige oficio")
    oficio, fecha = r.datos.get("oficio") or {}, r.datos.get("fecha")
    if oficio.get("fecha") and fecha and oficio["fecha"] < fecha:
        r.error(("oficio", "fecha"), f"los oficios ({oficio['fecha']:%d/%m/%Y}) no pueden ser anteriores a la sesión ({fecha:%d/%m/%Y})")
    if r.datos.get("oficios_ausentes") and a is not None and not ausentes:
        r.aviso(("oficios_ausentes",), "no hubo entidades ausentes: no se genera ningún oficio")
