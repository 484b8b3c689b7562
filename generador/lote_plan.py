"""El plan de un lote: filas (de una tabla o del territorio) × documentos → tareas.

- Las respuestas comunes (--comunes) se fusionan bajo las de cada fila; la fila gana.
- Las filas imposibles (nivel desconocido, distrito capital, instancia repetida) salen ya como
  resultados de error, con su mensaje; el resto, como tareas con la huella de sus entradas.
- También la hoja vacía de la tabla («generador lote plantilla-tabla»), con una fila de ejemplo.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import lote_estado, territorio
from .errores import ErrorGenerador
from .generacion import nombre_archivo
from .lote_tareas import ResultadoTarea, Tarea
from .manifiesto import NIVELES, catalogo, manifiesto
from .normalizacion import normalizar


def _fallo(fila: str, etiqueta: str, documento: str, mensaje: str) -> ResultadoTarea:
    """Una tarea que no llega a ejecutarse: su error se dice al planificar."""
    return ResultadoTarea(fila, etiqueta, documento, "error", "", [mensaje])


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
    if nivel == "regional":  # Lima Metropolitana tiene carpeta propia; «El Callao» es Callao
        ambito, departamento = perfil.get("ambito_nombre"), perfil.get("departamento")
        propio = ambito and normalizar(ambito).removeprefix("el ") != normalizar(str(departamento))
        partes = [ambito if propio else departamento]
    elif nivel == "provincial":
        partes = [perfil.get("departamento"), perfil.get("provincia")]
    else:
        partes = [perfil.get("departamento"), perfil.get("provincia"), perfil.get("distrito")]
    return [nombre_archivo(str(p or "sin nombre"), espacios=True) for p in partes]


def planificar(
    filas: Iterable[tuple[str, dict]], documentos: list[str], carpeta: Path, comunes: dict | None = None
) -> tuple[list[Tarea], list[ResultadoTarea]]:
    """Tareas por fila y documento; las filas imposibles salen ya como resultados de error."""
    comunes = comunes or {}
    tipos = catalogo()
    for doc in documentos:
        manifiesto(doc)  # error claro si no existe
    plantillas = {doc: lote_estado.huella_plantilla(doc) for doc in documentos}  # una vez por tipo
    tareas: list[Tarea] = []
    errores: list[ResultadoTarea] = []
    vistos: dict[Path, str] = {}
    for fila, datos in filas:
        perfil = fusionar(comunes.get("instancia") or {}, {k: v for k, v in datos.items() if k not in tipos})
        # respuestas que son a la vez hechos del perfil (el manifiesto lo declara en «al_perfil»:
        # el número y la fecha de la ordenanza son los de la creación): no se escriben dos veces
        for m in tipos.values():
            pendientes = {c: campos for c, campos in m.al_perfil.items() if c not in perfil}
            if not pendientes:  # casi todos los tipos: nada que fusionar (ni copiar)
                continue
            respuestas_doc = fusionar(comunes.get(m.id) or {}, datos.get(m.id) or {})
            for clave, campos in pendientes.items():
                hechos = {k: respuestas_doc[v] for k, v in campos.items() if respuestas_doc.get(v)}
                if clave not in perfil and hechos:
                    perfil[clave] = hechos
        partes = carpeta_instancia(perfil)
        etiqueta = " / ".join(partes)
        if perfil.get("nivel") not in NIVELES:
            errores.append(
                _fallo(
                    fila,
                    etiqueta,
                    "",
                    f"{fila}, campo «nivel»: nivel desconocido «{perfil.get('nivel') or ''}»; use: {', '.join(NIVELES)}",
                )
            )
            continue
        capital = territorio.capital_de_provincia(perfil) if perfil.get("nivel") == "distrital" else None
        if capital:
            errores.append(
                _fallo(
                    fila,
                    etiqueta,
                    "",
                    f"{fila}: {capital['distrito']} es el distrito capital de la provincia de {capital['provincia']}; "
                    "no tiene instancia distrital: la cubre la instancia provincial (la municipalidad provincial "
                    "gobierna el distrito capital, Ley N° 27972, art. 3). Ponga «provincial» en la columna nivel",
                )
            )
            continue
        for doc in documentos:
            if perfil.get("nivel") not in tipos[doc].niveles:
                continue
            destino = carpeta.joinpath(*partes, f"{doc}.docx")
            if destino in vistos:
                errores.append(
                    _fallo(fila, etiqueta, doc, f"la misma instancia ya está en {vistos[destino]}: fila repetida")
                )
                continue
            vistos[destino] = fila
            respuestas = fusionar(comunes.get(doc) or {}, datos.get(doc) or {})
            tareas.append(
                Tarea(
                    fila,
                    etiqueta,
                    doc,
                    perfil,
                    respuestas,
                    destino,
                    lote_estado.huella_entradas(doc, perfil, respuestas, plantillas[doc]),
                    carpeta=carpeta,
                )
            )
    return tareas, errores


@dataclass
class Plan:
    carpeta: Path
    tareas: list[Tarea]
    errores: list[ResultadoTarea]
    avisos: list[str] = field(default_factory=list)


def _cargar_comunes(ruta: Path | None) -> dict:
    if ruta is None:
        return {}
    from .respuestas import cargar_yaml

    archivo = cargar_yaml(ruta)
    if archivo.datos is not None and not isinstance(archivo.datos, dict):
        raise ErrorGenerador(f"{ruta}: las respuestas comunes deben ser grupos «instancia:», «ordenanza:»…")
    desconocidas = set(archivo.datos or {}) - set(catalogo()) - {"instancia"}
    if desconocidas:
        raise ErrorGenerador(
            f"{ruta}: claves desconocidas {', '.join(sorted(desconocidas))}; "
            f"use «instancia» o un documento: {', '.join(catalogo())}"
        )
    return archivo.datos or {}


def preparar(
    tabla: Path | None = None,
    departamento: str | None = None,
    pais: bool = False,
    nivel: str | None = None,
    comunes: Path | None = None,
    documentos: list[str] | None = None,
    carpeta: Path = Path("salidas/lote"),
) -> Plan:
    """Filas (de la tabla o del territorio) × documentos → tareas."""
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
            avisos.append(
                f"desde el territorio no se generan {', '.join(fuera)}: necesitan datos propios de cada "
                "instancia (directorio, asistencia, periodo y actividades, avances); déselos en una tabla "
                "o en --comunes y pídalos con --documentos"
            )
    tareas, errores = planificar(filas, [d.strip() for d in elegidos], carpeta, _cargar_comunes(comunes))
    return Plan(carpeta, tareas, errores, avisos)


def plantilla_tabla(destino: Path, sobrescribir: bool = False) -> Path:
    """Hoja vacía con las columnas, su explicación y una fila de ejemplo con su directorio (el ejemplo provincial)."""
    from .respuestas import cargar_yaml
    from .tabla import escribir_plantilla
    from .ubicaciones import carpeta_ejemplos

    ejemplo: dict = {}
    directorio: list[dict] = []
    carpeta = carpeta_ejemplos() / "provincial"
    if (carpeta / "instancia.yaml").is_file():
        ejemplo = {
            k: v
            for k, v in (cargar_yaml(carpeta / "instancia.yaml").datos or {}).items()
            if k not in ("integrantes", "opcionales")
        }
        for doc in catalogo():
            if (carpeta / f"{doc}.yaml").is_file():
                datos = cargar_yaml(carpeta / f"{doc}.yaml").datos or {}
                ejemplo[doc] = {k: v for k, v in datos.items() if k not in ("documento", "nivel", "instancia")}
        con_asistencia: list[Any] = next(
            (
                d["asistencia"]
                for d in ejemplo.values()  # el primer documento que la registra
                if isinstance(d, dict) and isinstance(d.get("asistencia"), list)
            ),
            [],
        )
        asiste = {a.get("entidad"): a.get("asiste") for a in con_asistencia if isinstance(a, dict)}
        directorio = [
            {**i, "asiste": asiste.get(i.get("entidad"), "")}
            for i in cargar_yaml(carpeta / "instancia.yaml").datos.get("integrantes") or []
        ]
    return escribir_plantilla(destino, ejemplo, sobrescribir=sobrescribir, directorio=directorio)
