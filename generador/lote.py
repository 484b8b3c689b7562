"""Generación masiva: muchas instancias × documentos, en paralelo, reanudable y a prueba de fallos.

- Cada tarea (una instancia y un documento) pasa por el mismo camino que `generar`
  (validar_datos → producir_todo → escribir), así que el texto es idéntico.
- Un proceso por núcleo; cada proceso compila cada plantilla una sola vez y la reutiliza.
- Escritura atómica: un documento existe completo o no existe. Al repetir la misma orden tras
  una interrupción, lo ya escrito se omite y se termina el resto.
- Una fila mala queda en resumen.csv con su mensaje y el lote sigue; el código de salida es 1.
"""

from __future__ import annotations

import copy
import csv
import io
import multiprocessing
import os
import zipfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errores import ErrorGenerador
from .escritura import escribir
from .generacion import _con_sufijo, nombre_archivo, producir_todo
from .manifiesto import NIVELES, catalogo, manifiesto
from .normalizacion import normalizar
from .pdf import metadatos_de
from .pendientes import rellenar
from .perfil import preguntas_perfil
from .respuestas import ArchivoYaml
from .validacion import validar_datos

ENCABEZADO_RESUMEN = ["fila", "instancia", "documento", "estado", "archivo", "mensajes"]


@dataclass
class Tarea:
    fila: str                 # «tabla.xlsx, fila 5» o «ubigeo 080101»
    instancia: str            # «Cusco / Anta / Ancahuasi»
    documento: str
    perfil: dict
    respuestas: dict
    destino: Path


@dataclass
class ResultadoTarea:
    fila: str
    instancia: str
    documento: str
    estado: str               # generado, omitido, error
    archivo: str = ""
    mensajes: list[str] = field(default_factory=list)
    metadatos: object = None      # pdf.Metadatos del documento (título, autor…), para --pdf

    def fila_csv(self) -> list[str]:
        return [self.fila, self.instancia, self.documento, self.estado, self.archivo,
                " | ".join(self.mensajes)]


def fusionar(base: dict, encima: dict) -> dict:
    """Fusión profunda: los valores de `encima` (la fila) ganan a los de `base` (comunes)."""
    salida = copy.deepcopy(base)
    for clave, valor in encima.items():
        if isinstance(valor, dict) and isinstance(salida.get(clave), dict):
            salida[clave] = fusionar(salida[clave], valor)
        else:
            salida[clave] = copy.deepcopy(valor)
    return salida


def carpeta_instancia(perfil: dict) -> list[str]:
    """departamento / provincia / distrito según el nivel (nombres de archivo seguros)."""
    nivel = perfil.get("nivel")
    if nivel == "regional":   # Lima Metropolitana tiene carpeta propia; «El Callao» es Callao
        ambito, departamento = perfil.get("ambito_nombre"), perfil.get("departamento")
        propio = ambito and normalizar(ambito).removeprefix("el ") != normalizar(str(departamento))
        partes = [ambito if propio else departamento]
    elif nivel == "provincial":
        partes = [perfil.get("departamento"), perfil.get("provincia")]
    else:
        partes = [perfil.get("departamento"), perfil.get("provincia"), perfil.get("distrito")]
    return [nombre_archivo(str(p or "sin nombre"), espacios=True) for p in partes]


def planificar(filas: Iterable[tuple[str, dict]], documentos: list[str], carpeta: Path,
               comunes: dict | None = None) -> tuple[list[Tarea], list[ResultadoTarea]]:
    """Tareas por fila y documento; las filas imposibles salen ya como resultados de error."""
    comunes = comunes or {}
    tipos = catalogo()
    for doc in documentos:
        manifiesto(doc)  # error claro si no existe
    tareas: list[Tarea] = []
    errores: list[ResultadoTarea] = []
    vistos: dict[Path, str] = {}
    for fila, datos in filas:
        perfil = fusionar(comunes.get("instancia") or {}, {k: v for k, v in datos.items() if k not in tipos})
        # respuestas que son a la vez hechos del perfil (el manifiesto lo declara en «al_perfil»:
        # el número y la fecha de la ordenanza son los de la creación): no se escriben dos veces
        for m in tipos.values():
            respuestas_doc = fusionar(comunes.get(m.id) or {}, datos.get(m.id) or {})
            for clave, campos in m.al_perfil.items():
                hechos = {k: respuestas_doc[v] for k, v in campos.items() if respuestas_doc.get(v)}
                if clave not in perfil and hechos:
                    perfil[clave] = hechos
        partes = carpeta_instancia(perfil)
        etiqueta = " / ".join(partes)
        if perfil.get("nivel") not in NIVELES:
            errores.append(ResultadoTarea(fila, etiqueta, "", "error", "", [
                f"{fila}, campo «nivel»: nivel desconocido «{perfil.get('nivel') or ''}»; use: {', '.join(NIVELES)}"]))
            continue
        for doc in documentos:
            if perfil.get("nivel") not in tipos[doc].niveles:
                continue
            destino = carpeta.joinpath(*partes, f"{doc}.docx")
            if destino in vistos:
                errores.append(ResultadoTarea(fila, etiqueta, doc, "error", "", [
                    f"la misma instancia ya está en {vistos[destino]}: fila repetida"]))
                continue
            vistos[destino] = fila
            respuestas = fusionar(comunes.get(doc) or {}, datos.get(doc) or {})
            tareas.append(Tarea(fila, etiqueta, doc, perfil, respuestas, destino))
    return tareas, errores


def ejecutar_tarea(t: Tarea) -> ResultadoTarea:
    """Una instancia y un documento; nunca lanza: todo problema queda en el resultado."""
    m = manifiesto(t.documento)
    if t.destino.exists():
        return ResultadoTarea(t.fila, t.instancia, t.documento, "omitido", str(t.destino), ["ya existía"])
    nivel = t.perfil.get("nivel")
    perfil, faltan_perfil = rellenar(t.perfil, preguntas_perfil(), nivel)
    respuestas, faltan = rellenar(t.respuestas, m.preguntas, nivel)
    pendientes = [f"instancia.{c}" for c in faltan_perfil] + faltan
    archivo = ArchivoYaml(Path(t.fila), {"documento": t.documento, "instancia": perfil, **respuestas})
    try:
        r = validar_datos(archivo)
        documentos = producir_todo(r)
        for sufijo, datos in documentos.items():
            escribir(_con_sufijo(t.destino, sufijo), datos, sincronizar=False)
    except ErrorGenerador as exc:
        return ResultadoTarea(t.fila, t.instancia, t.documento, "error", "", [str(exc)])
    except Exception as exc:  # una fila nunca detiene el lote
        if pendientes:
            motivo = (f"no se puede generar con datos por completar ({', '.join(pendientes)}); "
                      "déles valor en la tabla o en --comunes")
        else:
            motivo = f"error interno ({type(exc).__name__}: {exc}); avise a quien mantiene la plantilla"
        return ResultadoTarea(t.fila, t.instancia, t.documento, "error", "", [motivo])
    mensajes = [f"pendiente: {', '.join(pendientes)}"] if pendientes else []
    return ResultadoTarea(t.fila, t.instancia, t.documento, "generado", str(t.destino),
                          mensajes + r.avisos, metadatos_de(r))


def _tanda(tareas: list[Tarea]) -> list[ResultadoTarea]:
    return [ejecutar_tarea(t) for t in tareas]


def _preparar_proceso(documentos: list[str]) -> None:
    """Al iniciar cada proceso: compilar una vez las plantillas que usará."""
    from .renderizado import compilada
    for doc in documentos:
        m = manifiesto(doc)
        compilada(m.ruta_plantilla)
        for adicional in m.adicionales:
            compilada(m.carpeta / adicional.plantilla)


def limpiar_temporales(carpeta: Path) -> int:
    """Borra temporales «.~*.tmp» que un proceso matado (kill -9) pudo dejar."""
    borrados = 0
    if carpeta.is_dir():
        for tmp in carpeta.rglob(".~*.tmp"):
            tmp.unlink(missing_ok=True)
            borrados += 1
    return borrados


def ejecutar(tareas: list[Tarea], procesos: int | None = None, tamano_tanda: int = 24,
             al_avanzar: Callable[[int], None] | None = None,
             resultados: list[ResultadoTarea] | None = None) -> list[ResultadoTarea]:
    """Ejecuta las tareas en `procesos` procesos (por defecto, todos los núcleos).

    Los resultados se van añadiendo a `resultados` (si se da), para que quien llama pueda
    escribir el resumen de lo hecho aunque el lote se interrumpa.
    """
    procesos = procesos or os.cpu_count() or 1
    documentos = sorted({t.documento for t in tareas})
    resultados = [] if resultados is None else resultados
    if procesos == 1 or len(tareas) <= tamano_tanda:
        _preparar_proceso(documentos)
        for t in tareas:
            resultados.append(ejecutar_tarea(t))
            if al_avanzar:
                al_avanzar(1)
        return resultados
    tandas = [tareas[i:i + tamano_tanda] for i in range(0, len(tareas), tamano_tanda)]
    # «spawn»: cada trabajador empieza limpio (no hereda la memoria del proceso principal, que
    # guarda todas las tareas), así su memoria no crece con el tamaño del lote
    contexto = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(procesos, mp_context=contexto, initializer=_preparar_proceso,
                             initargs=(documentos,)) as grupo:
        futuros = [grupo.submit(_tanda, tanda) for tanda in tandas]
        try:
            for futuro in as_completed(futuros):
                hechos = futuro.result()
                resultados.extend(hechos)
                if al_avanzar:
                    al_avanzar(len(hechos))
        except BaseException:
            grupo.shutdown(wait=True, cancel_futures=True)
            raise
    return resultados


def escribir_resumen(carpeta: Path, resultados: list[ResultadoTarea]) -> Path:
    salida = io.StringIO()
    escritor = csv.writer(salida)
    escritor.writerow(ENCABEZADO_RESUMEN)
    for r in sorted(resultados, key=lambda r: (r.instancia, r.documento)):
        escritor.writerow(r.fila_csv())
    return escribir(carpeta / "resumen.csv", salida.getvalue().encode("utf-8-sig"), sobrescribir=True)


def empaquetar(carpeta: Path, resultados: list[ResultadoTarea]) -> list[Path]:
    """Un .zip por instancia con sus documentos (los de su carpeta, sin subcarpetas)."""
    carpetas = sorted({Path(r.archivo).parent for r in resultados if r.archivo and r.estado != "error"})
    zips = []
    for c in carpetas:
        datos = io.BytesIO()
        with zipfile.ZipFile(datos, "w", zipfile.ZIP_STORED) as z:
            for docx in sorted(c.glob("*.docx")):
                z.write(docx, docx.name)
        zips.append(escribir(c / f"{c.name}.zip", datos.getvalue(), sobrescribir=True))
    return zips


@dataclass
class Plan:
    carpeta: Path
    tareas: list[Tarea]
    errores: list[ResultadoTarea]
    avisos: list[str] = field(default_factory=list)


@dataclass
class Informe:
    carpeta: Path
    resultados: list[ResultadoTarea]
    resumen: Path
    segundos: float
    zips: list[Path] = field(default_factory=list)

    def cuenta(self, estado: str) -> int:
        return sum(1 for r in self.resultados if r.estado == estado)

    @property
    def fallidos(self) -> int:
        return self.cuenta("error")

    def texto(self) -> str:
        generados = self.cuenta("generado")
        ritmo = f" ({generados / self.segundos:.0f} documentos/s)" if generados and self.segundos else ""
        lineas = [f"{generados} generados, {self.cuenta('omitido')} omitidos (ya existían), "
                  f"{self.fallidos} con error, en {self.segundos:.1f} s{ritmo}.",
                  f"Resumen: {self.resumen}"]
        con_pendientes = sum(1 for r in self.resultados if any(m.startswith("pendiente:") for m in r.mensajes))
        if con_pendientes:
            lineas.append(f"{con_pendientes} documentos llevan datos por completar «[COMPLETAR: …]» (ver resumen).")
        for r in [r for r in self.resultados if r.estado == "error"][:5]:
            lineas.append(f"✗ {r.fila} · {r.documento}: {r.mensajes[0] if r.mensajes else ''}")
        if self.fallidos > 5:
            lineas.append(f"… y {self.fallidos - 5} errores más en el resumen.")
        return "\n".join(lineas)


def _cargar_comunes(ruta: Path | None) -> dict:
    if ruta is None:
        return {}
    from .respuestas import cargar_yaml
    archivo = cargar_yaml(ruta)
    if archivo.datos is not None and not isinstance(archivo.datos, dict):
        raise ErrorGenerador(f"{ruta}: las respuestas comunes deben ser grupos «instancia:», «ordenanza:»…")
    desconocidas = set(archivo.datos or {}) - set(catalogo()) - {"instancia"}
    if desconocidas:
        raise ErrorGenerador(f"{ruta}: claves desconocidas {', '.join(sorted(desconocidas))}; "
                             f"use «instancia» o un documento: {', '.join(catalogo())}")
    return archivo.datos or {}


def preparar(tabla: Path | None = None, departamento: str | None = None, pais: bool = False,
             nivel: str | None = None, comunes: Path | None = None, documentos: list[str] | None = None,
             carpeta: Path = Path("salidas/lote")) -> Plan:
    """Filas (de la tabla o del territorio) × documentos → tareas."""
    from . import territorio
    from .tabla import leer_tabla
    if (tabla is None) == (departamento is None and not pais):
        raise ErrorGenerador("indique una tabla (.xlsx o .csv) o el territorio (--departamento o --pais), no ambos")
    avisos: list[str] = []
    if tabla is not None:
        filas = [(f"{tabla.name}, fila {n}", datos) for n, datos in leer_tabla(tabla)]
        if not filas:
            raise ErrorGenerador(f"{tabla}: no tiene filas con datos")
        elegidos = documentos or list(catalogo())
    else:
        filas = [(f"ubigeo {p['ubigeo']}", p) for p in territorio.instancias(departamento, nivel)]
        todos = catalogo()
        elegidos = documentos or [d for d, m in todos.items() if m.en_lote_territorial]
        fuera = [d for d in todos if d not in elegidos]
        if not documentos and fuera:
            avisos.append(f"desde el territorio no se generan {', '.join(fuera)}: necesitan datos propios de cada "
                          "instancia (directorio, asistencia, periodo y actividades, avances); déselos en una tabla "
                          "o en --comunes y pídalos con --documentos")
    tareas, errores = planificar(filas, [d.strip() for d in elegidos], carpeta, _cargar_comunes(comunes))
    return Plan(carpeta, tareas, errores, avisos)


def correr(plan: Plan, procesos: int | None = None, al_avanzar: Callable[[int], None] | None = None,
           comprimir: bool = False) -> Informe:
    """Ejecuta el plan; el resumen se escribe también si el lote se interrumpe."""
    import time
    limpiar_temporales(plan.carpeta)
    resultados: list[ResultadoTarea] = list(plan.errores)
    inicio = time.perf_counter()
    try:
        ejecutar(plan.tareas, procesos, al_avanzar=al_avanzar, resultados=resultados)
    finally:
        resumen = escribir_resumen(plan.carpeta, resultados)
    zips = empaquetar(plan.carpeta, resultados) if comprimir else []
    return Informe(plan.carpeta, resultados, resumen, time.perf_counter() - inicio, zips)


def plantilla_tabla(destino: Path, sobrescribir: bool = False) -> Path:
    """Hoja vacía con las columnas, su explicación y una fila de ejemplo (la del ejemplo provincial)."""
    from .respuestas import cargar_yaml
    from .tabla import escribir_plantilla
    from .ubicaciones import carpeta_ejemplos
    ejemplo: dict = {}
    carpeta = carpeta_ejemplos() / "provincial"
    if (carpeta / "instancia.yaml").is_file():
        ejemplo = {k: v for k, v in (cargar_yaml(carpeta / "instancia.yaml").datos or {}).items()
                   if k not in ("integrantes", "opcionales")}
        for doc in catalogo():
            if (carpeta / f"{doc}.yaml").is_file():
                datos = cargar_yaml(carpeta / f"{doc}.yaml").datos or {}
                ejemplo[doc] = {k: v for k, v in datos.items() if k not in ("documento", "nivel", "instancia")}
    return escribir_plantilla(destino, ejemplo, sobrescribir=sobrescribir)
