"""Cálculos del plan de trabajo (Anexo 2): periodo, matriz por objetivo, presupuestos y cronograma.

Los totales de presupuesto (general, por objetivo y por fuente) los suma la herramienta: nunca se
escriben dos veces, así que no pueden dejar de cuadrar.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from generador.formato import fecha_larga
from generador.normalizacion import normalizar
from generador.plazos import calendario_de, limite_plan_anual
from generador.registro import calculo

MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
ABREVIATURAS = ("Ene", "Feb", "Mar", "Abr", "May", "Jun", "Jul", "Ago", "Set", "Oct", "Nov", "Dic")
TRIMESTRES = ("T1", "T2", "T3", "T4")

# Formas admitidas en el cronograma → número de mes (1-12) o de trimestre (-1 … -4).
_ALIAS: dict[str, int] = {}
for _n, _mes in enumerate(MESES, start=1):
    _ALIAS[_mes] = _n
    _ALIAS[_mes[:3]] = _n
_ALIAS["setiembre"] = _ALIAS["set"] = 9
for _n in range(1, 5):
    for _forma in (f"t{_n}", f"trimestre {_n}", f"{_n}t", f"{['i', 'ii', 'iii', 'iv'][_n - 1]} trimestre"):
        _ALIAS[_forma] = -_n


def periodo_de(entrada: str) -> int | None:
    """«marzo», «Mar», «setiembre» → 3, 9; «T2», «II trimestre» → -2; desconocido → None."""
    return _ALIAS.get(" ".join(normalizar(str(entrada)).replace(".", "").split()))


def meses_de(cronograma: list[str]) -> set[int]:
    """Meses (1-12) que cubre un cronograma de meses o trimestres."""
    meses: set[int] = set()
    for entrada in cronograma or []:
        codigo = periodo_de(entrada)
        if codigo is None:
            continue
        if codigo > 0:
            meses.add(codigo)
        else:
            inicio = (-codigo - 1) * 3 + 1
            meses.update(range(inicio, inicio + 3))
    return meses


def texto_cronograma(cronograma: list[str]) -> str:
    """Forma breve y ordenada: «Mar, Jun, Nov» o «T1, T3»."""
    codigos = sorted(
        {c for c in (periodo_de(e) for e in cronograma or []) if c is not None}, key=lambda c: (c < 0, abs(c))
    )
    return ", ".join(ABREVIATURAS[c - 1] if c > 0 else TRIMESTRES[-c - 1] for c in codigos)


def limite_aprobacion(periodo_inicio: int, perfil: dict | None = None) -> dt.date:
    """Plazo de un plan anual: último día hábil de noviembre del año anterior [S001 §7.3.3.1.4],
    con los feriados del Perú y los días no laborables del perfil."""
    return limite_plan_anual(periodo_inicio, calendario_de(perfil or {}))


def anios(datos: dict) -> list[int]:
    inicio = datos["periodo_inicio"]
    fin = datos.get("periodo_fin") or inicio
    return list(range(inicio, fin + 1))


def metas_por_anio(actividad: dict, datos: dict) -> dict[int, Decimal]:
    """{año: meta}; en un plan anual una meta sin «periodo» es la del único año."""
    unico = anios(datos)[0] if len(anios(datos)) == 1 else None
    salida: dict[int, Decimal] = {}
    for meta in actividad.get("metas") or []:
        anio = meta.get("periodo") or unico
        if anio is not None:
            salida[anio] = salida.get(anio, Decimal(0)) + Decimal(meta["valor"])
    return salida


def presupuesto_por_anio(actividad: dict, datos: dict) -> dict[int, Decimal]:
    """{año: monto}: el desglose «presupuesto_anual»; en un plan anual, el presupuesto del único año;
    {} si un plan multianual no desglosa el presupuesto de la actividad."""
    if actividad.get("presupuesto_anual"):
        salida: dict[int, Decimal] = {}
        for fila in actividad["presupuesto_anual"]:
            salida[fila["periodo"]] = salida.get(fila["periodo"], Decimal(0)) + Decimal(fila["monto"])
        return salida
    lista = anios(datos)
    return {lista[0]: Decimal(actividad.get("presupuesto") or 0)} if len(lista) == 1 else {}


def suma_redondeada(porcentajes: list[Decimal]) -> Decimal:
    """Suma de los porcentajes tal como se imprimen (un decimal): si no da 100, va nota de redondeo."""
    return sum((Decimal(p).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP") for p in porcentajes), Decimal(0))


def cifra(valor: Decimal | int | None) -> str:
    """Número sin ceros sobrantes: 4 → «4», 2.50 → «2.5»."""
    if valor is None:
        return ""
    valor = Decimal(valor)
    if valor == valor.to_integral_value():
        return f"{int(valor):,}"
    return f"{valor.normalize():,f}"


def enlaces(r, contexto: dict) -> dict:
    """En una carpeta de instancia: la sesión que aprobó el plan y el diagnóstico en que se
    sustenta, tomados de sus archivos (nunca tecleados dos veces)."""
    salida: dict = {}
    aprobacion = contexto.get("sesion_de_aprobacion")
    if aprobacion:
        salida.update(sesion_aprobacion=aprobacion["sesion"], fecha_aprobacion=aprobacion["fecha"])
    diagnostico = r.documentos.get("diagnostico")
    salida["diagnostico_aprobado"] = None
    if diagnostico is not None:
        instancia = contexto["instancia"]
        texto = (
            "Diagnóstico de la situación de la violencia contra las mujeres y los integrantes del grupo "
            f"familiar {instancia['del_ambito']} {instancia['de_lugar']}"
        )
        aprobado = diagnostico.contexto.get("sesion_de_aprobacion")
        if aprobado:
            texto += f", aprobado en la {aprobado['sesion']}, del {fecha_larga(aprobado['fecha'])}"
        salida.update(diagnostico_referencia=texto, diagnostico_aprobado=aprobado or {"fecha": None})
    return salida


@calculo(
    "plan_trabajo",
    requiere=("sesion_de_aprobacion",),
    produce=("plan", "sesion_aprobacion", "fecha_aprobacion", "diagnostico_referencia", "diagnostico_aprobado"),
)
def plan_trabajo(r, contexto: dict) -> dict:
    """Matriz agrupada por objetivo, totales de presupuesto y cronograma en meses o trimestres."""
    datos = r.datos
    lista_anios = anios(datos)
    actividades = []
    for a in datos.get("actividades") or []:
        metas = metas_por_anio(a, datos)
        unidad = f" {a['unidad']}" if a.get("unidad") else ""
        if len(lista_anios) == 1:
            texto_meta = (cifra(metas[lista_anios[0]]) + unidad) if lista_anios[0] in metas else ""
        else:
            texto_meta = "; ".join(f"{anio}: {cifra(metas[anio])}{unidad}" for anio in lista_anios if anio in metas)
        meses = meses_de(a.get("cronograma"))
        por_anio = presupuesto_por_anio(a, datos)
        actividades.append(
            {
                **a,
                "presupuesto_por_anio": por_anio,
                "metas_por_anio": metas,
                "texto_meta": texto_meta or "Sin meta",
                "texto_cronograma": texto_cronograma(a.get("cronograma")) or "Sin cronograma",
                "marcas": ["X" if m in meses else "" for m in range(1, 13)],
                # con desglose anual, el total de la actividad es la suma de sus años
                "presupuesto": sum(por_anio.values(), Decimal(0))
                if a.get("presupuesto_anual")
                else Decimal(a.get("presupuesto") or 0),
            }
        )
    total = sum((a["presupuesto"] for a in actividades), Decimal(0))
    objetivos = []
    for o in datos.get("objetivos") or []:
        propias = [a for a in actividades if a["objetivo"] == o["id"]]
        monto = sum((a["presupuesto"] for a in propias), Decimal(0))
        objetivos.append(
            {
                **o,
                "actividades": propias,
                "presupuesto": monto,
                "porcentaje": (monto * 100 / total) if total else Decimal(0),
            }
        )
    fuentes: dict[str, Decimal] = {}
    for a in actividades:
        if a["presupuesto"]:
            nombre = a.get("fuente_financiamiento") or "Sin fuente indicada"
            fuentes[nombre] = fuentes.get(nombre, Decimal(0)) + a["presupuesto"]
    inicio, fin = lista_anios[0], lista_anios[-1]
    desglosado = all(a["presupuesto_por_anio"] or not a["presupuesto"] for a in actividades)
    por_anio = (
        [
            {
                "anio": anio,
                "monto": sum((a["presupuesto_por_anio"].get(anio, Decimal(0)) for a in actividades), Decimal(0)),
            }
            for anio in lista_anios
        ]
        if desglosado
        else []
    )
    for x in por_anio:
        x["porcentaje"] = x["monto"] * 100 / total if total else Decimal(0)
    lista_fuentes = [
        {"fuente": k, "monto": v, "porcentaje": v * 100 / total if total else Decimal(0)}
        for k, v in sorted(fuentes.items(), key=lambda kv: -kv[1])
    ]
    return {
        **enlaces(r, contexto),
        "plan": {
            "anual": inicio == fin,
            "anios": lista_anios,
            "texto_periodo": str(inicio) if inicio == fin else f"{inicio}-{fin}",
            "actividades": actividades,
            "objetivos": objetivos,
            "presupuesto_total": total,
            "fuentes": lista_fuentes,
            "presupuesto_por_anio": por_anio,  # [] si alguna actividad con presupuesto no lo desglosa
            "nota_redondeo_objetivos": bool(total) and suma_redondeada([o["porcentaje"] for o in objetivos]) != 100,
            "nota_redondeo_anios": bool(total and por_anio)
            and suma_redondeada([x["porcentaje"] for x in por_anio]) != 100,
            "nota_redondeo_fuentes": bool(total) and suma_redondeada([f["porcentaje"] for f in lista_fuentes]) != 100,
            "limite_aprobacion": limite_aprobacion(inicio, r.perfil),
            "numero_actividades": len(actividades),
        },
    }
