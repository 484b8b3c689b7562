"""Validación de un archivo de respuestas: estructura, perfil, preguntas tipadas y reglas.

Un archivo de respuestas tiene esta forma:

    documento: ordenanza          # tipo de documento (generador listar)
    nivel: provincial             # opcional; si está, debe coincidir con el del perfil
    instancia: instancia.yaml     # perfil compartido (o el perfil escrito aquí mismo)
    numero: "012-2026-MPCH"       # … y las preguntas del documento
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errores import ErrorPlantilla, ErrorRespuestas, Problema
from .manifiesto import NIVELES, Manifiesto, catalogo, plantillas_rotas
from .perfil import Fuente, resolver_fuente, validar_perfil
from .limites import extracto
from .preguntas import lista_o, modelo_de, opcion_canonica, sugerencia, validar
from .registro import regla
from .respuestas import ArchivoYaml, Ruta, cargar_yaml

CLAVES_GENERALES = ("documento", "nivel", "instancia")


@dataclass
class Respuestas:
    """Respuestas ya validadas de un documento, con su perfil y los avisos encontrados."""

    archivo: ArchivoYaml
    manifiesto: Manifiesto
    nivel: str
    perfil: dict
    datos: dict
    avisos: list[str] = field(default_factory=list)
    problemas: list[Problema] = field(default_factory=list)

    @property
    def ruta(self) -> Path:
        return self.archivo.ruta

    def error(self, ruta: Ruta, mensaje: str) -> None:
        self.problemas.append(self.archivo.problema(ruta, mensaje))

    def aviso(self, ruta: Ruta, mensaje: str) -> None:
        self.avisos.append(str(self.archivo.problema(ruta, mensaje)))


def validar_archivo(ruta: Path | str, estricto: bool = False, perfil: Path | None = None) -> Respuestas:
    """Carga y valida; lanza ErrorRespuestas con todos los problemas encontrados.

    `perfil`: ruta del perfil que la persona usuaria dio explícitamente (ver `resolver_fuente`).
    """
    archivo = cargar_yaml(ruta)
    return validar_datos(archivo, estricto, perfil)


def validar_datos(archivo: ArchivoYaml, estricto: bool = False, perfil_explicito: Path | None = None) -> Respuestas:
    datos = archivo.datos
    if not isinstance(datos, dict):
        raise ErrorRespuestas([archivo.problema((), "debe contener campos «clave: valor» (documento, instancia…)")])
    doc = _documento(archivo, datos)
    fuente_perfil, datos_perfil = _perfil(archivo, datos, perfil_explicito)
    nivel_pedido = opcion_canonica(datos.get("nivel"), NIVELES)
    if nivel_pedido is not None and nivel_pedido not in NIVELES:
        raise ErrorRespuestas([archivo.problema(("nivel",), f"nivel desconocido «{extracto(nivel_pedido)}»; "
                                                           f"use: {lista_o(NIVELES)}")])
    perfil = validar_perfil(fuente_perfil, datos_perfil, nivel_pedido)
    problemas = list(fuente_perfil.problemas)
    nivel = perfil["nivel"] if perfil else nivel_pedido
    if perfil and nivel_pedido and nivel_pedido != perfil["nivel"]:
        problemas.append(archivo.problema(("nivel",), f"el documento es de nivel {nivel_pedido} pero el perfil de la instancia es de nivel {perfil['nivel']}"))
    if nivel and nivel not in doc.niveles:
        problemas.append(archivo.problema(("documento",), f"«{doc.id}» no existe para el nivel {nivel}"))
    propias = {k: v for k, v in datos.items() if k not in CLAVES_GENERALES}
    limpio, errores = validar(modelo_de(doc.id, doc.preguntas, nivel), propias)
    problemas += [archivo.problema(r, m) for r, m in errores]
    if problemas:
        raise ErrorRespuestas(problemas)
    avisos = [*archivo.avisos, *(fuente_perfil.archivo.avisos if fuente_perfil.archivo is not archivo else [])]
    respuestas = Respuestas(archivo, doc, nivel, perfil, limpio, avisos)
    for nombre in doc.reglas:
        regla.obtener(nombre, doc.id)(respuestas)
    if estricto and respuestas.avisos:
        respuestas.problemas += [Problema(archivo.ruta, "", f"(modo estricto) {a}") for a in respuestas.avisos]
    if respuestas.problemas:
        raise ErrorRespuestas(respuestas.problemas)
    return respuestas


def _documento(archivo: ArchivoYaml, datos: dict) -> Manifiesto:
    if "documento" not in datos:
        raise ErrorRespuestas([archivo.problema((), "falta el campo «documento» (p. ej. documento: ordenanza)")])
    tipos = catalogo()
    codigo = opcion_canonica(str(datos["documento"]), list(tipos))
    if codigo in plantillas_rotas():
        raise ErrorPlantilla(plantillas_rotas()[codigo])
    if codigo not in tipos:
        raise ErrorRespuestas([archivo.problema(
            ("documento",), f"documento desconocido «{extracto(codigo)}»{sugerencia(codigo, tipos)}; disponibles: {', '.join(tipos)}")])
    return tipos[codigo]


def _perfil(archivo: ArchivoYaml, datos: dict, explicito: Path | None) -> tuple[Fuente, Any]:
    if explicito is not None:
        return resolver_fuente(archivo, perfil=explicito)
    if datos.get("instancia") is None:
        raise ErrorRespuestas([archivo.problema(("instancia",) if "instancia" in datos else (),
                                                "falta el perfil «instancia» (ruta a instancia.yaml o el perfil en línea)")])
    return resolver_fuente(archivo)
