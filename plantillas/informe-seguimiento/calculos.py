"""Cálculos del informe de seguimiento (Anexo 4): lee el plan de trabajo y mide el avance.

- El plan es la pregunta «plan» (tipo documento): el flujo lo carga y valida entero antes de
  los cálculos (`r.documentos["plan"]`); sus funciones se toman del código del tipo plan-trabajo.
- Meta del periodo: la meta anual del plan; en un informe semestral, la parte de la meta anual
  programada en los meses del semestre según el cronograma (sin cronograma: la mitad). Una meta
  anual entera da metas semestrales enteras: la del I semestre se redondea (medio hacia arriba) y
  la del II semestre es el resto, de modo que ambas suman la meta anual.
- Presupuesto programado: el del año informado según el plan (desglose anual o plan anual).
- % de avance de una actividad = ejecutado / meta del periodo × 100.
- % de avance de un objetivo (y del plan) = promedio simple del avance de sus actividades
  programadas en el periodo, cada una con un máximo de 100 % (un exceso no compensa un atraso).
- Semáforo: verde si el avance ≥ umbral verde; amarillo si ≥ umbral amarillo; rojo si es menor.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from types import ModuleType

from generador.manifiesto import codigo_del_tipo
from generador.registro import calculo

PERIODOS = {"semestre1": "I semestre", "semestre2": "II semestre", "anual": "anual"}
MESES_SEMESTRE = {"semestre1": set(range(1, 7)), "semestre2": set(range(7, 13))}
CIEN = Decimal(100)


def _plan() -> ModuleType:
    """calculos.py del tipo plan-trabajo (años, metas y cronograma se leen igual que allí)."""
    return codigo_del_tipo("plan-trabajo")


def ejecutado_de(fila: dict, periodo: str) -> Decimal | None:
    if periodo == "anual":
        if fila.get("semestre1") is None or fila.get("semestre2") is None:
            return None
        return Decimal(fila["semestre1"]) + Decimal(fila["semestre2"])
    return None if fila.get("ejecutado") is None else Decimal(fila["ejecutado"])


def meta_del_periodo(actividad: dict, datos_plan: dict, anio: int, periodo: str) -> Decimal | None:
    """Meta programada para el periodo del informe; None si la actividad no tiene meta ese año."""
    anual = _plan().metas_por_anio(actividad, datos_plan).get(anio)
    if anual is None or periodo == "anual":
        return anual
    meses = _plan().meses_de(actividad.get("cronograma"))
    primero = anual / 2 if not meses else anual * len(meses & MESES_SEMESTRE["semestre1"]) / len(meses)
    if anual == anual.to_integral_value():  # metas enteras: no hay «5.33 talleres»
        primero = primero.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return primero if periodo == "semestre1" else anual - primero


def redondear(valor: Decimal, decimales: int = 1) -> Decimal:
    return valor.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)


def semaforo(avance: Decimal | None, verde: Decimal, amarillo: Decimal) -> str:
    if avance is None:
        return "—"
    return "Verde" if avance >= verde else ("Amarillo" if avance >= amarillo else "Rojo")


def medir(r, plan) -> dict:
    """Filas de avance por actividad y por objetivo; no registra errores (eso lo hacen las reglas)."""
    d, periodo, anio = r.datos, r.datos["periodo"], r.datos["anio"]
    verde, amarillo = Decimal(str(d["umbral_verde"])), Decimal(str(d["umbral_amarillo"]))
    informadas = {f["actividad"]: f for f in d.get("ejecucion") or []}
    filas = []
    for a in plan.datos["actividades"]:
        fila = informadas.get(a["id"]) or {}
        meta = meta_del_periodo(a, plan.datos, anio, periodo)
        ejecutado = ejecutado_de(fila, periodo) if fila else Decimal(0)
        ejecutado = Decimal(0) if ejecutado is None else ejecutado
        programada = meta is not None and meta > 0
        avance = (ejecutado * CIEN / meta) if programada else None
        filas.append(
            {
                "id": a["id"],
                "objetivo": a["objetivo"],
                "descripcion": a["descripcion"],
                "indicador": a.get("indicador") or "Sin indicador",
                "unidad": a.get("unidad") or "",
                "responsable": a.get("responsable") or "Sin responsable",
                "meta": meta,
                "texto_meta": _plan().cifra(redondear(meta, 2)) if meta is not None else "Sin meta",
                "ejecutado": ejecutado,
                "texto_ejecutado": _plan().cifra(ejecutado),
                "semestre1": fila.get("semestre1"),
                "semestre2": fila.get("semestre2"),
                "programada": programada,
                "informada": bool(fila),
                "avance": avance,
                "texto_avance": f"{redondear(avance)} %" if avance is not None else "No programada",
                "semaforo": semaforo(avance, verde, amarillo),
                "presupuesto_programado": _programado_del_anio(a, plan.datos, anio),
                "presupuesto_ejecutado": Decimal(fila.get("presupuesto_ejecutado") or 0),
                "evidencias": fila.get("evidencias") or [],
                "observaciones": fila.get("observaciones"),
            }
        )
    return {"filas": filas, "verde": verde, "amarillo": amarillo}


def _programado_del_anio(actividad: dict, datos_plan: dict, anio: int) -> Decimal | None:
    """Presupuesto de la actividad para el año informado; None si el plan multianual no lo desglosa."""
    por_anio = _plan().presupuesto_por_anio(actividad, datos_plan)
    return por_anio.get(anio, Decimal(0)) if (por_anio or not actividad.get("presupuesto")) else None


def _promedio(filas: list[dict]) -> Decimal | None:
    medidas = [min(f["avance"], CIEN) for f in filas if f["avance"] is not None]
    return sum(medidas, Decimal(0)) / len(medidas) if medidas else None


@calculo("informe_seguimiento", produce=("informe",))
def informe_seguimiento(r, contexto: dict) -> dict:
    plan = r.documentos["plan"]
    medida = medir(r, plan)
    filas, verde, amarillo = medida["filas"], medida["verde"], medida["amarillo"]
    objetivos = []
    for o in plan.datos["objetivos"]:
        propias = [f for f in filas if f["objetivo"] == o["id"]]
        avance = _promedio(propias)
        objetivos.append(
            {
                **o,
                "actividades": propias,
                "avance": avance,
                "texto_avance": f"{redondear(avance)} %" if avance is not None else "Sin actividades programadas",
                "semaforo": semaforo(avance, verde, amarillo),
                "programadas": sum(1 for f in propias if f["programada"]),
            }
        )
    general = _promedio(filas)
    programadas = [f for f in filas if f["programada"]]
    cuenta = {color: sum(1 for f in programadas if f["semaforo"] == color) for color in ("Verde", "Amarillo", "Rojo")}
    ejecutado_total = sum((f["presupuesto_ejecutado"] for f in filas), Decimal(0))
    desglosado = all(f["presupuesto_programado"] is not None for f in filas)
    programado_total = sum((f["presupuesto_programado"] for f in filas), Decimal(0)) if desglosado else None
    lista_anios = _plan().anios(plan.datos)
    nivel, perfil = r.nivel, r.perfil
    destino = contexto["instancia"]["destino_informe"]
    if nivel == "provincial":
        destinatario = f"{destino} de {perfil['departamento']}"
    elif nivel == "distrital":
        destinatario = f"{destino} de {perfil['provincia']}"
    else:
        destinatario = f"{destino}, a cargo de la Dirección General contra la Violencia de Género del Ministerio de la Mujer y Poblaciones Vulnerables"
    evidencias = [{"actividad": f["id"], "evidencia": e} for f in filas for e in f["evidencias"]]
    return {
        "informe": {
            "periodo_texto": PERIODOS[r.datos["periodo"]],
            "anual": r.datos["periodo"] == "anual",
            "titulo_periodo": ("anual " if r.datos["periodo"] == "anual" else f"del {PERIODOS[r.datos['periodo']]} ")
            + str(r.datos["anio"]),
            "plan_periodo": str(lista_anios[0]) if len(lista_anios) == 1 else f"{lista_anios[0]}-{lista_anios[-1]}",
            "plan_sesion": plan.datos["sesion_aprobacion"],
            "plan_fecha": plan.datos["fecha_aprobacion"],
            "plan_acta": plan.datos.get("acta_aprobacion"),
            "actividades": filas,
            "objetivos": objetivos,
            "avance_general": general,
            "texto_avance_general": f"{redondear(general)} %" if general is not None else "sin actividades programadas",
            "semaforo_general": semaforo(general, verde, amarillo),
            "numero_actividades": len(filas),
            "numero_programadas": len(programadas),
            "verdes": cuenta["Verde"],
            "amarillos": cuenta["Amarillo"],
            "rojos": cuenta["Rojo"],
            "no_informadas": [f["id"] for f in programadas if not f["informada"]],
            "presupuesto_ejecutado": ejecutado_total,
            "presupuesto_programado": programado_total,
            "umbral_verde": verde,
            "umbral_amarillo": amarillo,
            "texto_umbral_verde": _plan().cifra(verde),
            "texto_umbral_amarillo": _plan().cifra(amarillo),
            "destinatario": destinatario,
            "evidencias": evidencias,
        }
    }
