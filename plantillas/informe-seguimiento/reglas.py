"""Reglas del informe de seguimiento (Anexo 4) que comparan con el plan que lee: año dentro del
plan, actividades del plan, campos del periodo y avances.

El plan ya está validado (pregunta de tipo documento) y el avance ya está calculado una vez
(`r.contexto["informe"]`): aquí solo se comprueba. Umbrales e ids repetidos: en el manifiesto.
"""

from __future__ import annotations

from decimal import Decimal

from generador.registro import regla, vecino

_informe = vecino(__file__)  # calculos.py de esta carpeta


@regla("informe_plan")
def informe_plan(r) -> None:
    """Errores: plan inválido, año fuera del plan, id que no está en el plan, campo de otro periodo.

    Avisos: avance mayor que 100 %; actividad programada sin ejecución informada.
    """
    plan = r.documentos["plan"]
    d, periodo = r.datos, r.datos["periodo"]
    lista_anios = _informe._plan().anios(plan.datos)
    CIEN, PERIODOS = _informe.CIEN, _informe.PERIODOS
    if d["anio"] not in lista_anios:
        rango = str(lista_anios[0]) if len(lista_anios) == 1 else f"{lista_anios[0]}-{lista_anios[-1]}"
        r.error(
            ("anio",), f"el año {d['anio']} está fuera del periodo del plan de trabajo ({rango}, «{plan.ruta.name}»)"
        )
        return
    ids = [a["id"] for a in plan.datos["actividades"]]
    vistas: set[str] = set()
    errores = False
    for i, fila in enumerate(d.get("ejecucion") or []):
        if fila["actividad"] not in ids:
            r.error(
                ("ejecucion", i, "actividad"),
                f"la actividad «{fila['actividad']}» no está en el plan de trabajo «{plan.ruta.name}»; ids del plan: {', '.join(ids)}",
            )
            errores = True
        vistas.add(fila["actividad"])
        if periodo == "anual":
            if fila.get("ejecutado") is not None:
                r.error(
                    ("ejecucion", i, "ejecutado"),
                    "en el informe anual se informa lo ejecutado en cada semestre: use «semestre1» y «semestre2» en lugar de «ejecutado»",
                )
                errores = True
            for campo in ("semestre1", "semestre2"):
                if fila.get(campo) is None:
                    r.error(
                        ("ejecucion", i), f"falta «{campo}»: el informe anual suma lo ejecutado en los dos semestres"
                    )
                    errores = True
        else:
            for campo in ("semestre1", "semestre2"):
                if fila.get(campo) is not None:
                    r.error(
                        ("ejecucion", i, campo),
                        f"«{campo}» solo se usa en el informe anual; en el informe del {PERIODOS[periodo]} use «ejecutado»",
                    )
                    errores = True
            if fila.get("ejecutado") is None:
                r.error(("ejecucion", i), "falta «ejecutado» (lo ejecutado en el semestre)")
                errores = True
    if errores:
        return
    filas = {f["id"]: f for f in r.contexto["informe"]["actividades"]}
    for i, fila in enumerate(d.get("ejecucion") or []):
        medida = filas[fila["actividad"]]
        campo = "ejecutado" if periodo != "anual" else "semestre2"
        if medida["avance"] is not None and medida["avance"] > CIEN:
            r.aviso(
                ("ejecucion", i, campo),
                f"la actividad «{fila['actividad']}» supera su meta del periodo: {medida['texto_ejecutado']} ejecutado frente a {medida['texto_meta']} programado ({medida['texto_avance']}); revise la cifra o la meta del plan",
            )
        elif not medida["programada"] and medida["ejecutado"] > Decimal(0):
            r.aviso(
                ("ejecucion", i, campo),
                f"la actividad «{fila['actividad']}» no tiene meta programada en el periodo y se informa ejecución",
            )
    for id_ in ids:
        if filas[id_]["programada"] and id_ not in vistas:
            r.aviso(
                ("ejecucion",),
                f"la actividad «{id_}», programada en el periodo, no tiene ejecución informada: se considera 0",
            )
