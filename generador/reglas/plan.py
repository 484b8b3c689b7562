"""Reglas del plan de trabajo (Anexo 2): ids, periodos, metas, cronograma, plazo y 25 de noviembre."""

from __future__ import annotations

from ..calculos.plan import anios, limite_aprobacion, meses_de, metas_por_anio, periodo_de
from ..registro import regla


@regla("plan_estructura")
def plan_estructura(r) -> None:
    """Errores: periodo invertido, ids duplicados, objetivo inexistente, metas y cronograma inválidos."""
    d = r.datos
    inicio, fin = d["periodo_inicio"], d.get("periodo_fin")
    if fin is not None and fin < inicio:
        r.error(("periodo_fin",), f"el periodo termina ({fin}) antes de empezar ({inicio})")
        return
    lista_anios = anios(d)
    objetivos: set[str] = set()
    for i, o in enumerate(d.get("objetivos") or []):
        if o["id"] in objetivos:
            r.error(("objetivos", i, "id"), f"el id de objetivo «{o['id']}» está repetido")
        objetivos.add(o["id"])
    vistos: dict[str, int] = {}
    for i, a in enumerate(d.get("actividades") or []):
        if a["id"] in vistos:
            r.error(("actividades", i, "id"), f"el id de actividad «{a['id']}» está repetido (ya lo usa la actividad {vistos[a['id']] + 1}); cada actividad necesita un id único y estable, que el informe de seguimiento usa para informar lo ejecutado")
        else:
            vistos[a["id"]] = i
        if a["objetivo"] not in objetivos:
            r.error(("actividades", i, "objetivo"), f"el objetivo «{a['objetivo']}» no está en «objetivos»; ids: {', '.join(sorted(objetivos)) or 'ninguno'}")
        periodos: set[int] = set()
        for j, meta in enumerate(a.get("metas") or []):
            anio = meta.get("periodo")
            if anio is None:
                if len(lista_anios) > 1:
                    r.error(("actividades", i, "metas", j), f"el plan es multianual ({lista_anios[0]}-{lista_anios[-1]}): indique el «periodo» (año) de cada meta")
                continue
            if anio not in lista_anios:
                r.error(("actividades", i, "metas", j, "periodo"), f"el año {anio} está fuera del periodo del plan ({lista_anios[0]}-{lista_anios[-1]})" if len(lista_anios) > 1 else f"el año {anio} está fuera del periodo del plan ({lista_anios[0]})")
            elif anio in periodos:
                r.error(("actividades", i, "metas", j, "periodo"), f"hay dos metas para el año {anio}")
            periodos.add(anio)
        for j, entrada in enumerate(a.get("cronograma") or []):
            if periodo_de(entrada) is None:
                r.error(("actividades", i, "cronograma", j), f"«{entrada}» no es un mes (enero… diciembre, o Ene… Dic) ni un trimestre (T1… T4)")


@regla("plan_completitud")
def plan_completitud(r) -> None:
    """Avisos: actividad sin indicador, meta o responsable; presupuesto sin fuente; objetivo vacío."""
    for i, a in enumerate(r.datos.get("actividades") or []):
        faltan = [(campo, nombre) for campo, nombre in (("indicador", "indicador"), ("metas", "meta"),
                                                         ("responsable", "institución responsable"))
                  if not a.get(campo)]
        for campo, nombre in faltan:
            r.aviso(("actividades", i, campo) if campo in (r.archivo.datos["actividades"][i] or {}) else ("actividades", i),
                    f"la actividad «{a['id']}» no tiene {nombre}")
        if a.get("presupuesto") and not a.get("fuente_financiamiento"):
            r.aviso(("actividades", i, "presupuesto"), f"la actividad «{a['id']}» tiene presupuesto pero no «fuente_financiamiento»")
    usados = {a["objetivo"] for a in r.datos.get("actividades") or []}
    for i, o in enumerate(r.datos.get("objetivos") or []):
        if o["id"] not in usados:
            r.aviso(("objetivos", i, "id"), f"el objetivo «{o['id']}» no tiene actividades")


@regla("plan_plazo_aprobacion")
def plan_plazo_aprobacion(r) -> None:
    """Aviso: plan anual aprobado después del último día hábil de noviembre del año anterior.

    Días hábiles: de lunes a viernes; los feriados no se consideran.
    """
    d = r.datos
    fecha = d.get("fecha_aprobacion")
    inicio, fin = d["periodo_inicio"], d.get("periodo_fin") or d["periodo_inicio"]
    if fecha is None or fin != inicio or d.get("primer_plan"):
        return
    limite = limite_aprobacion(inicio)
    if fecha > limite:
        r.aviso(("fecha_aprobacion",), f"el plan anual {inicio} se aprueba el {fecha:%d/%m/%Y}, después del último día hábil de noviembre del año anterior ({limite:%d/%m/%Y}); "
                "si es el primer plan de la instancia, indique «primer_plan: sí»")


@regla("plan_sensibilizacion")
def plan_sensibilizacion(r) -> None:
    """Aviso: ningún año del plan tiene una acción de sensibilización en noviembre (25 de noviembre)."""
    d = r.datos
    actividades = d.get("actividades") or []
    for anio in anios(d):
        hay = any(a.get("tipo") == "sensibilizacion" and 11 in meses_de(a.get("cronograma"))
                  and metas_por_anio(a, d).get(anio, 1) != 0
                  and (len(anios(d)) == 1 or anio in metas_por_anio(a, d))
                  for a in actividades)
        if not hay:
            r.aviso(("actividades",), f"{anio}: ninguna actividad de «tipo: sensibilizacion» está programada en noviembre, en torno al Día Internacional de la Eliminación de la Violencia contra la Mujer (25 de noviembre)")
