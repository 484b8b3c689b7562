"""`generador estado`: las etapas de la instancia con sus fechas y plazos, y toda incoherencia.

Las etapas las declaran los manifiestos (`etapas:`, en el orden de los Lineamientos §7.3.2–7.3.4);
los plazos se cuentan en días hábiles del Perú (`plazos.py`) desde la publicación de la ordenanza.
Se valida cada archivo de la carpeta: sus errores son las incoherencias; se comprueba además el
orden de las etapas y que cada DNI del directorio sea de una sola persona.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import ley
from .carpeta import CAMPO_APROBACION, Carpeta, Entrada
from .errores import ErrorGenerador
from .manifiesto import Etapa, catalogo
from .perfil import Fuente, validar_perfil
from .plazos import calendario_de, limite_plan_anual
from .respuestas import cargar_yaml

HECHO, PENDIENTE, VENCIDO = "hecho", "pendiente", "vencido"
PERIODOS = {"mensual": 1, "bimestral": 2, "trimestral": 3, "semestral": 6}


@dataclass
class EstadoEtapa:
    orden: int
    nombre: str
    estado: str
    fecha: dt.date | None = None  # cuándo se cumplió
    plazo: dt.date | None = None  # hasta cuándo debe cumplirse
    detalle: str = ""
    fuente: str = ""
    documento: str = ""  # tipo de documento que la cumple (para ir a su formulario)


@dataclass
class Plazo:
    fecha: dt.date
    que: str
    fuente: str = ""


@dataclass
class Estado:
    carpeta: Path
    instancia: str
    hoy: dt.date
    etapas: list[EstadoEtapa] = field(default_factory=list)
    sesiones: list[dict] = field(default_factory=list)
    proximos: list[Plazo] = field(default_factory=list)
    incoherencias: list[str] = field(default_factory=list)
    avisos: list[str] = field(default_factory=list)
    feriados: list[tuple[dt.date, str]] = field(default_factory=list)


def _suma_meses(fecha: dt.date, meses: int) -> dt.date:
    mes = fecha.month - 1 + meses
    anio, mes = fecha.year + mes // 12, mes % 12 + 1
    ultimo = (dt.date(anio + (mes == 12), mes % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(anio, mes, min(fecha.day, ultimo))


class _Lectura:
    """Lo que el estado necesita de la carpeta: perfil, archivos validados y su calendario."""

    def __init__(self, carpeta: Carpeta) -> None:
        from .validacion import validar_archivo

        self.carpeta = carpeta
        archivo = cargar_yaml(carpeta.perfil)
        self.perfil = validar_perfil(Fuente(archivo), archivo.datos) or {}
        self.validos: dict[Path, object] = {}
        self.errores: list[str] = []
        self.avisos: list[str] = []
        for ruta in carpeta.archivos():
            try:
                r = validar_archivo(ruta)
            except ErrorGenerador as exc:
                self.errores.append(str(exc) if str(ruta.name) in str(exc) else f"{ruta}: {exc}")
                continue
            self.validos[ruta.resolve()] = r
            self.avisos += r.avisos
        self.calendario = calendario_de(self.perfil)

    def respuestas(self, e: Entrada):
        return self.validos.get(e.ruta)

    def valor(self, referencia: str) -> Any:
        """«ordenanza.plazo_instalacion_dias» → la respuesta del archivo de ese tipo o su defecto."""
        documento, campo = referencia.split(".", 1)
        entradas = self.carpeta.de_tipo(documento)
        r = self.respuestas(entradas[-1]) if entradas else None
        if r is not None and r.datos.get(campo) is not None:
            return r.datos[campo]
        pregunta = catalogo()[documento].preguntas.get(campo) if documento in catalogo() else None
        return pregunta.defecto if pregunta else None


def _inicio_de_plazos(perfil: dict) -> dt.date | None:
    ordenanza = perfil.get("ordenanza") or {}
    return ordenanza.get("publicacion") or ordenanza.get("fecha")


def _cumplida(etapa: Etapa, documento: str, lectura: _Lectura) -> tuple[dt.date | None, bool, str]:
    """(fecha en que se cumplió, si se cumplió, detalle)."""
    perfil = lectura.perfil
    if etapa.hecho == "ordenanza_en_perfil":
        ordenanza = perfil.get("ordenanza")
        return (
            (ordenanza["fecha"], True, f"N° {ordenanza['numero']}")
            if ordenanza
            else (None, False, "sin ordenanza en el perfil")
        )
    if etapa.hecho == "directorio":
        exigidos = {i["id"] for i in ley.integrantes(perfil["nivel"], perfil.get("opcionales"))}
        designados = {m["integrante"] for m in perfil.get("integrantes") or [] if m.get("titular")}
        faltan = sorted(exigidos - designados)
        return (
            None,
            not faltan,
            (f"faltan: {', '.join(faltan)}" if faltan else f"{len(designados)} integrantes con titular"),
        )
    entradas = [e for e in lectura.carpeta.de_tipo(documento) if lectura.respuestas(e) is not None]
    if not entradas:
        return None, False, "sin archivo en la carpeta"
    r = lectura.respuestas(entradas[0])
    if etapa.hecho == "aprobado":
        sesion = r.contexto.get("sesion_de_aprobacion")
        if sesion:
            return sesion["fecha"], True, f"{sesion['sesion']} ({entradas[0].ruta.name})"
        return None, False, f"{entradas[0].ruta.name} sin «{CAMPO_APROBACION}» (la sesión que lo aprobó)"
    return entradas[0].fecha, True, entradas[0].ruta.name


def _plazo(etapa: Etapa, lectura: _Lectura, hoy: dt.date) -> dt.date | None:
    if etapa.plazo is None:
        return None
    if etapa.plazo.limite == "plan_anual":
        return limite_plan_anual(hoy.year + 1, lectura.calendario)
    inicio = _inicio_de_plazos(lectura.perfil)
    if etapa.plazo.dias_habiles and inicio:
        dias = etapa.plazo.dias_habiles
        numero = int(dias) if dias.isdigit() else lectura.valor(dias)
        return lectura.calendario.sumar(inicio, int(numero)) if numero else None
    return None


def _plan_hecho(documento: str, lectura: _Lectura, hoy: dt.date) -> tuple[dt.date | None, bool, str]:
    """El plan que cubre el año siguiente, aprobado."""
    for e in lectura.carpeta.de_tipo(documento):
        r = lectura.respuestas(e)
        if r is None:
            continue
        inicio, fin = r.datos["periodo_inicio"], r.datos.get("periodo_fin") or r.datos["periodo_inicio"]
        sesion = r.contexto.get("sesion_de_aprobacion")
        if inicio <= hoy.year + 1 <= fin and sesion:
            return sesion["fecha"], True, f"plan {inicio}{'' if inicio == fin else f'-{fin}'}: {sesion['sesion']}"
    return None, False, f"no hay plan aprobado para {hoy.year + 1}"


def _semestres(documento: str, lectura: _Lectura, hoy: dt.date) -> list[EstadoEtapa]:
    """Un informe por semestre ya cumplido desde la instalación (el II semestre puede ser el anual)."""
    informes = {
        (r.datos["anio"], r.datos["periodo"])
        for e in lectura.carpeta.de_tipo(documento)
        if (r := lectura.respuestas(e)) is not None
    }
    instalacion = next(
        (
            e.fecha
            for e in lectura.carpeta.sesiones
            if e.fecha and (sesion := catalogo()[e.documento].sesion) and not sesion.numerada_por
        ),
        None,
    )
    if instalacion is None:
        return []
    filas = []
    for anio in range(instalacion.year, hoy.year + 1):
        for periodo, fin in (("semestre1", dt.date(anio, 6, 30)), ("semestre2", dt.date(anio, 12, 31))):
            if fin < instalacion or fin >= hoy:
                continue
            hecho = (anio, periodo) in informes or (periodo == "semestre2" and (anio, "anual") in informes)
            nombre = f"Informe del {'I' if periodo == 'semestre1' else 'II'} semestre {anio}"
            filas.append(
                EstadoEtapa(
                    7,
                    nombre,
                    HECHO if hecho else PENDIENTE,
                    None,
                    None,
                    "" if hecho else "al culminar el semestre (sin plazo fijo en los Lineamientos)",
                    documento=documento,
                )
            )
    return filas


def calcular_estado(carpeta: Path | str, hoy: dt.date | None = None) -> Estado:
    hoy = hoy or dt.date.today()
    c = Carpeta(carpeta)
    lectura = _Lectura(c)
    if not lectura.perfil:
        raise ErrorGenerador(
            f"{c.perfil}: el perfil de la instancia no es válido (ejecute «generador validar {c.perfil}»)"
        )
    from .contexto import componer_instancia

    estado = Estado(
        c.raiz,
        componer_instancia(lectura.perfil)["nombre"],
        hoy,
        incoherencias=list(lectura.errores),
        avisos=list(lectura.avisos),
    )
    declaradas = sorted(((e, m.id) for m in catalogo().values() for e in m.etapas), key=lambda x: x[0].orden)
    for etapa, documento in declaradas:
        if etapa.hecho == "semestres":
            estado.etapas += _semestres(documento, lectura, hoy)
            continue
        if etapa.plazo and etapa.plazo.limite == "plan_anual":
            fecha, hecho, detalle = _plan_hecho(documento, lectura, hoy)
        else:
            fecha, hecho, detalle = _cumplida(etapa, documento, lectura)
        plazo = _plazo(etapa, lectura, hoy)
        situacion = HECHO if hecho else (VENCIDO if plazo and plazo < hoy else PENDIENTE)
        if hecho and plazo and fecha and fecha > plazo and etapa.plazo and not etapa.plazo.limite:
            detalle += f"; fuera de plazo (vencía el {plazo:%d/%m/%Y})"
        estado.etapas.append(
            EstadoEtapa(etapa.orden, etapa.nombre, situacion, fecha, plazo, detalle, etapa.fuente, documento)
        )
        if not hecho and plazo and plazo >= hoy:
            estado.proximos.append(Plazo(plazo, etapa.nombre, etapa.fuente))
    _orden_de_etapas(estado)
    _sesiones(estado, lectura, hoy)
    _dni(estado, lectura.perfil)
    fechas = [f for e in estado.etapas for f in (e.fecha, e.plazo) if f] + [p.fecha for p in estado.proximos]
    if fechas:
        estado.feriados = lectura.calendario.feriados_entre(min(fechas), max(fechas))
    estado.proximos.sort(key=lambda p: p.fecha)
    return estado


def _orden_de_etapas(estado: Estado) -> None:
    """Una etapa cumplida antes que otra anterior en el orden de los Lineamientos."""
    previas: list[EstadoEtapa] = []
    for etapa in estado.etapas:
        if etapa.fecha:
            for previa in previas:
                if previa.fecha and previa.fecha > etapa.fecha and previa.orden < etapa.orden:
                    estado.incoherencias.append(
                        f"«{etapa.nombre}» ({etapa.fecha:%d/%m/%Y}) es anterior a «{previa.nombre}» "
                        f"({previa.fecha:%d/%m/%Y}), que la precede en los Lineamientos"
                    )
            previas.append(etapa)


def _sesiones(estado: Estado, lectura: _Lectura, hoy: dt.date) -> None:
    ultima_ordinaria: dt.date | None = None
    for e in lectura.carpeta.sesiones:
        r = lectura.respuestas(e)
        if r is None:
            continue
        nombre = (r.contexto.get("sesion") or {}).get("nombre") or r.manifiesto.titulo
        asistencia = r.contexto.get("asistencia") or {}
        estado.sesiones.append(
            {
                "fecha": e.fecha,
                "nombre": nombre,
                "archivo": e.ruta.name,
                "quorum": bool(asistencia.get("hay_quorum")),
                "aprobados": [x.ruta.name for x in lectura.carpeta.aprobados_en(e.ruta)],
            }
        )
        if e.datos.get("tipo") == "ordinaria":
            ultima_ordinaria = e.fecha
    periodicidad = None  # la fija el documento cuyo manifiesto lo declara (el reglamento interno)
    for m in catalogo().values():
        if m.periodicidad_de_sesiones:
            for x in lectura.carpeta.de_tipo(m.id):
                r = lectura.respuestas(x)
                periodicidad = r.datos.get(m.periodicidad_de_sesiones) if r else periodicidad
    if ultima_ordinaria and periodicidad in PERIODOS:
        siguiente = _suma_meses(ultima_ordinaria, PERIODOS[periodicidad])
        fila = EstadoEtapa(
            8,
            "Sesión ordinaria siguiente",
            VENCIDO if siguiente < hoy else PENDIENTE,
            None,
            siguiente,
            f"periodicidad {periodicidad}; la última, el {ultima_ordinaria:%d/%m/%Y}",
            "reglamento interno",
        )
        estado.etapas.append(fila)
        if siguiente >= hoy:
            estado.proximos.append(Plazo(siguiente, fila.nombre, fila.fuente))


def _dni(estado: Estado, perfil: dict) -> None:
    """Un DNI, una persona; una persona, un DNI (en todo el directorio y la presidencia)."""
    personas = [perfil.get("presidencia") or {}, (perfil.get("secretaria_tecnica") or {}).get("responsable") or {}]
    for m in perfil.get("integrantes") or []:
        personas += [m.get("titular") or {}, m.get("alterno") or {}]
    por_dni: dict[str, set[str]] = {}
    por_nombre: dict[str, set[str]] = {}
    for p in personas:
        if p.get("dni") and p.get("nombre"):
            por_dni.setdefault(p["dni"], set()).add(p["nombre"])
            por_nombre.setdefault(p["nombre"], set()).add(p["dni"])
    for dni, nombres in sorted(por_dni.items()):
        if len(nombres) > 1:
            estado.incoherencias.append(
                f"el DNI {dni} figura para {len(nombres)} personas: {', '.join(sorted(nombres))}"
            )
    for nombre, dnis in sorted(por_nombre.items()):
        if len(dnis) > 1:
            estado.incoherencias.append(f"{nombre} figura con {len(dnis)} DNI: {', '.join(sorted(dnis))}")


# --- salidas ------------------------------------------------------------------------------------


def _f(fecha: dt.date | None) -> str:
    return f"{fecha:%d/%m/%Y}" if fecha else "—"


def a_texto(e: Estado) -> str:
    from rich.console import Console
    from rich.table import Table

    consola = Console(record=True, width=120, file=io.StringIO(), color_system=None)
    tabla = Table(title=f"{e.instancia} — estado al {_f(e.hoy)}", show_lines=False)
    for columna in ("Etapa", "Estado", "Cumplida", "Plazo", "Detalle"):
        tabla.add_column(columna)
    marca = {HECHO: "✓ hecho", PENDIENTE: "… pendiente", VENCIDO: "✗ vencido"}
    for etapa in e.etapas:
        tabla.add_row(etapa.nombre, marca[etapa.estado], _f(etapa.fecha), _f(etapa.plazo), etapa.detalle)
    consola.print(tabla)
    if e.sesiones:
        sesiones = Table(title="Sesiones")
        for columna in ("Fecha", "Sesión", "Quórum", "Aprueba", "Archivo"):
            sesiones.add_column(columna)
        for s in e.sesiones:
            sesiones.add_row(
                _f(s["fecha"]), s["nombre"], "sí" if s["quorum"] else "no", ", ".join(s["aprobados"]), s["archivo"]
            )
        consola.print(sesiones)
    lineas = [consola.export_text().rstrip()]
    lineas.append("Próximos plazos:" if e.proximos else "Próximos plazos: ninguno pendiente.")
    lineas += [f"  {_f(p.fecha)}  {p.que}" + (f" ({p.fuente})" if p.fuente else "") for p in e.proximos]
    if e.feriados:
        lineas.append("Feriados y días no laborables considerados: " + "; ".join(f"{_f(f)} {n}" for f, n in e.feriados))
    lineas.append(f"Incoherencias ({len(e.incoherencias)}):" if e.incoherencias else "Incoherencias: ninguna.")
    lineas += [f"  ✗ {i}" for i in e.incoherencias]
    if e.avisos:
        lineas.append(f"Avisos ({len(e.avisos)}):")
        lineas += [f"  - {a}" for a in e.avisos]
    return "\n".join(lineas)


def a_json(e: Estado) -> str:
    datos = asdict(e)
    datos["carpeta"] = str(e.carpeta)
    datos["feriados"] = [{"fecha": f, "nombre": n} for f, n in e.feriados]
    return json.dumps(datos, ensure_ascii=False, indent=2, default=lambda v: v.isoformat())


def a_calendario(e: Estado) -> bytes:
    """Los plazos pendientes como eventos de día completo (iCalendar), para importar al correo."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//generador//Instancias de Concertación//ES")
    cal.add("version", "2.0")
    for p in e.proximos:
        evento = Event()
        clave = hashlib.sha1(f"{e.carpeta}|{p.que}|{p.fecha}".encode()).hexdigest()[:16]
        evento.add("uid", f"{clave}@generador")
        evento.add("summary", f"Plazo: {p.que}")
        evento.add("dtstart", p.fecha)
        evento.add("dtend", p.fecha + dt.timedelta(days=1))
        evento.add("dtstamp", dt.datetime.combine(e.hoy, dt.time(0, 0), tzinfo=dt.timezone.utc))
        evento.add("description", f"{e.instancia}. {p.fuente}".strip())
        cal.add_component(evento)
    return cal.to_ical()
