"""Cálculos del acta de sesión (Anexo 3): nombre de la sesión, votaciones, aprobación de la
convocatoria extraordinaria y oficios a las entidades ausentes.

La asistencia y el quórum los calcula el cálculo común «asistencia» (calculos/comunes.py), que el
manifiesto pone antes de este.
"""

from __future__ import annotations

import datetime as dt

from generador.asistencia import quorum_de
from generador.carpeta import fecha_de
from generador.conversion import opcion_canonica
from generador.formato import romano
from generador.manifiesto import codigo_del_tipo
from generador.registro import calculo


def nombre_sesion(tipo: str, numero: int, anio: int) -> str:
    """(ordinaria, 1, 2026) → «I Sesión Ordinaria 2026»."""
    return f"{romano(numero)} Sesión {tipo.capitalize()} {anio}"


def resultado_votacion(a_favor: int, en_contra: int, abstenciones: int, presentes: int) -> dict:
    """Regla declarada: se aprueba si los votos a favor superan a los votos en contra (las
    abstenciones no suman a ningún lado; el empate no aprueba). Unanimidad: todos los presentes
    votan a favor."""
    emitidos = a_favor + en_contra + abstenciones
    aprobado = a_favor > en_contra
    if aprobado and a_favor == presentes:
        texto = "aprobado por unanimidad"
    elif aprobado:
        texto = "aprobado por mayoría"
    elif a_favor == en_contra:
        texto = "no aprobado, por empate"
    else:
        texto = "no aprobado"
    return {
        "a_favor": a_favor,
        "en_contra": en_contra,
        "abstenciones": abstenciones,
        "emitidos": emitidos,
        "aprobado": aprobado,
        "resultado": texto,
    }


def aprobacion_convocatoria(conv: dict) -> dict:
    """Convocatoria extraordinaria: 50 % más uno de los asistentes de la sesión en que se votó
    (mitad más uno, como el quórum: 12 asistentes → 7 votos; 9 → 5)."""
    requerido = quorum_de(conv["asistentes"])
    return {**conv, "requerido": requerido, "alcanzado": conv["a_favor"] >= requerido}


def _saludo(genero: str | None) -> str:
    return {"femenino": "Señora", "masculino": "Señor"}.get(genero or "", "Señor(a)")


def reglas_internas(r) -> dict | None:
    """Lo que el reglamento interno de la carpeta fija para las sesiones (sus valores por defecto
    si no los cambió); None fuera de una carpeta o sin reglamento. «vigente_desde»: la fecha en
    que se aprobó (la de la sesión de «aprobado_en», la «sesion_aprobacion» o la de la norma);
    None si aún es un proyecto."""
    entradas = r.carpeta.de_tipo("reglamento") if r.carpeta else []
    if not entradas:
        return None
    from generador.manifiesto import manifiesto

    preguntas, datos = manifiesto("reglamento").preguntas, entradas[-1].datos

    def entero(campo: str) -> int:
        valor = datos.get(campo)
        return int(valor if valor not in (None, "") else preguntas[campo].defecto)

    return {
        "inasistencias_consecutivas": entero("inasistencias_consecutivas"),
        "inasistencias_alternas": entero("inasistencias_alternas"),
        "espera_quorum_minutos": entero("espera_quorum_minutos"),
        "periodicidad": datos.get("periodicidad_ordinarias"),
        "modalidad": datos.get("modalidad") or preguntas["modalidad"].defecto,
        "firma_actas": opcion_canonica(datos.get("firma_actas"), preguntas["firma_actas"].opciones)
        or preguntas["firma_actas"].defecto,
        "vigente_desde": _aprobado_el(r.carpeta, entradas[-1]),
        "archivo": entradas[-1].ruta.name,
    }


def _aprobado_el(carpeta, reglamento) -> dt.date | None:
    sesion = reglamento.datos.get("aprobado_en")
    acta = carpeta.entrada(reglamento.ruta.parent / sesion) if isinstance(sesion, str) else None
    norma = reglamento.datos.get("aprobacion") or {}
    candidatas = (acta.fecha if acta else None, reglamento.datos.get("sesion_aprobacion"), norma.get("fecha"))
    return next((f for f in map(fecha_de, candidatas) if f), None)


def firmas_del_acta(r) -> dict:
    """Quién suscribe el acta: lo que dispone el reglamento interno aprobado a la fecha del acta
    («firma_actas»); si no lo hay, la respuesta «firman» del acta (si falta, todos los asistentes).

    «todos»: la tabla de firmas de los y las representantes asistentes va antes de las firmas de
    la Presidencia y la Secretaría Técnica; «reglamento»: lo que dispone el reglamento (o None)."""
    from generador.manifiesto import manifiesto

    reglas, reglamento = reglas_internas(r), codigo_del_tipo("reglamento")
    vigente = bool(reglas and reglas["vigente_desde"] and reglas["vigente_desde"] <= r.datos["fecha"])
    del_reglamento = reglas["firma_actas"] if reglas and vigente else None
    invalido = del_reglamento if del_reglamento not in (None, *reglamento.FIRMANTES) else None
    if invalido:  # el reglamento no valida: el acta lo dice (regla del manifiesto) y no lo sigue
        del_reglamento = None
    valor = del_reglamento or r.datos.get("firman") or manifiesto("reglamento").preguntas["firma_actas"].defecto
    return {
        "firman": valor,
        "todos": valor == reglamento.TODOS,
        "texto": reglamento.FIRMANTES[valor],
        "reglamento": del_reglamento,
        "invalido": invalido,
        "archivo": reglas["archivo"] if reglas and vigente else None,
    }


@calculo("firmas")
def firmas(r, contexto: dict) -> dict:
    return {"firmas": firmas_del_acta(r)}


def aprobaciones(r) -> list[str]:
    """«Reglamento interno (reglamento.yaml)» por cada documento aprobado en esta sesión."""
    if r.carpeta is None:
        return []
    from generador.manifiesto import catalogo

    tipos = catalogo()
    return [
        f"{tipos[e.documento].titulo if e.documento in tipos else e.documento} ({e.ruta.name})"
        for e in r.carpeta.aprobados_en(r.ruta)
    ]


def reincidentes(r, ausentes: list[dict], reglas: dict) -> tuple[list[dict], list[dict]]:
    """Separa a los ausentes que alcanzan el umbral de inasistencias del reglamento (N seguidas, o
    M en el año, contando esta sesión) de los que no, según el historial de la carpeta."""
    anteriores = r.carpeta.anteriores(r.ruta)
    anio = r.datos["fecha"].year
    alcanzan, no_alcanzan = [], []
    for ausente in ausentes:
        marcas = []
        for e in anteriores:
            fila = next(
                (
                    f
                    for f in e.datos.get("asistencia") or []
                    if isinstance(f, dict) and f.get("entidad") == ausente["entidad"]
                ),
                None,
            )
            marcas.append((e.fecha, (fila or {}).get("asiste") == "ausente"))
        marcas.append((r.datos["fecha"], True))
        seguidas = 0
        for _, ausencia in reversed(marcas):
            if not ausencia:
                break
            seguidas += 1
        en_el_anio = sum(1 for fecha, ausencia in marcas if ausencia and fecha and fecha.year == anio)
        cumple = seguidas >= reglas["inasistencias_consecutivas"] or en_el_anio >= reglas["inasistencias_alternas"]
        (alcanzan if cumple else no_alcanzan).append({**ausente, "seguidas": seguidas, "en_el_anio": en_el_anio})
    return alcanzan, no_alcanzan


def oficios(r, ausentes: list[dict], integrantes: list[dict]) -> list[dict]:
    """Un oficio por entidad ausente, dirigido a su máxima autoridad (o a su titular).

    `integrantes` es el directorio ya compuesto (con el trato de género de cada persona)."""
    if not r.datos.get("oficios_ausentes"):
        return []
    compuestos = {m["entidad"]: m for m in integrantes}
    autoridades = {a["entidad"]: a for a in r.datos.get("autoridades") or []}
    numeracion = r.datos.get("oficio") or {}
    salida = []
    for i, ausente in enumerate(ausentes):
        miembro = compuestos[ausente["entidad"]]
        autoridad = autoridades.get(miembro["entidad"])
        if numeracion.get("numero_inicial"):
            numero = f"{numeracion['numero_inicial'] + i:03d}-{numeracion['sufijo']}"
        else:
            numero = "______"
        destinatario = (
            {"saludo": _saludo(autoridad.get("genero")), "nombre": autoridad["nombre"], "cargo": autoridad["cargo"]}
            if autoridad
            else {"saludo": "Señor(a)", "nombre": "", "cargo": "Titular de la entidad"}
        )
        salida.append(
            {
                "numero": numero,
                "entidad": miembro["entidad"],
                "destinatario": destinatario,
                "titular": miembro.get("titular"),
                "alterno": miembro.get("alterno"),
            }
        )
    return salida


@calculo(
    "acta_sesion",
    requiere=("asistencia",),
    produce=(
        "anio",
        "numero",
        "numero_en_carpeta",
        "sesion",
        "puntos",
        "votaciones",
        "convocatoria",
        "oficios",
        "oficios_omitidos",
        "fecha_oficios",
        "reglas_internas",
        "aprobaciones",
        "espera_quorum_minutos",
    ),
)
def acta_sesion(r, contexto: dict) -> dict:
    datos = r.datos
    asistencia = contexto["asistencia"]
    en_carpeta = r.carpeta.numero_de(r.ruta) if r.carpeta else None
    numero = datos.get("numero") or en_carpeta or 1
    reglas = reglas_internas(r)
    ausentes, omitidos = asistencia["ausentes"], []
    if reglas and r.datos.get("oficios_ausentes"):
        ausentes, omitidos = reincidentes(r, ausentes, reglas)
    presentes = asistencia["numero_presentes"]
    anio = datos.get("anio") or datos["fecha"].year
    puntos = []
    for n, punto in enumerate(datos["agenda"], 1):
        votacion = punto.get("votacion")
        if votacion:
            votacion = {
                "materia": votacion.get("materia") or f"el punto «{punto['tema']}»",
                **resultado_votacion(
                    votacion["a_favor"], votacion.get("en_contra") or 0, votacion.get("abstenciones") or 0, presentes
                ),
            }
        puntos.append(
            {"numero": n, "tema": punto["tema"], "desarrollo": punto.get("desarrollo") or [], "votacion": votacion}
        )
    conv = datos.get("convocatoria_extraordinaria") if datos["tipo"] == "extraordinaria" else None
    if datos["modalidad"] == "presencial":
        lugar = f"{datos['local']}, {contexto['instancia']['lugar']}"
    else:
        lugar = f"sesión virtual mediante la plataforma {datos['plataforma']} (enlace: {datos.get('enlace') or ''})"
    faltan = max(asistencia["quorum_requerido"] - presentes, 0)
    oficio = datos.get("oficio") or {}
    return {
        "anio": anio,
        "numero": numero,
        "numero_en_carpeta": en_carpeta,
        "sesion": {"nombre": nombre_sesion(datos["tipo"], numero, anio), "lugar": lugar, "faltan_para_quorum": faltan},
        "puntos": puntos,
        "votaciones": [p["votacion"] for p in puntos if p["votacion"]],
        "convocatoria": aprobacion_convocatoria(conv) if conv else None,
        "oficios": oficios(r, ausentes, contexto["instancia"]["integrantes"]),
        "oficios_omitidos": omitidos,
        # en una carpeta: lo que la sesión aprobó (cada documento lo dice en «aprobado_en») y la
        # espera del quórum que fija el reglamento interno
        "aprobaciones": aprobaciones(r),
        "espera_quorum_minutos": reglas["espera_quorum_minutos"] if reglas else datos.get("espera_quorum_minutos"),
        "reglas_internas": reglas,
        "fecha_oficios": oficio.get("fecha") or datos["fecha"],
    }
