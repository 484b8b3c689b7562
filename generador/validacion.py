"""Validación de un archivo de respuestas, paso a paso.

Orden: cargar → tipar (modelo pydantic y restricciones declaradas) → documentos que lee → calcular
(el contexto de la plantilla, una sola vez) → reglas (validaciones declaradas y código del tipo).

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

from . import restricciones
from .carpeta import Carpeta
from .coherencia import comprobar_ordenanza
from .contexto import calcular
from .conversion import opcion_canonica
from .errores import ErrorPlantilla, ErrorRespuestas, Problema
from .esquema import modelo_de, validar
from .limites import extracto
from .lugar import lugar
from .manifiesto import NIVELES, Manifiesto, catalogo, plantillas_rotas
from .mensajes_validacion import lista_o, sugerencia
from .perfil import Fuente, resolver_fuente, validar_perfil
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
    documentos: dict[str, Respuestas] = field(default_factory=dict)  # los que lee (p. ej. el plan)
    carpeta: Carpeta | None = None  # la carpeta de la instancia, si hay
    contexto: dict[str, Any] = field(default_factory=dict)  # calculado una sola vez

    @property
    def ruta(self) -> Path:
        return self.archivo.ruta

    def error(self, ruta: Ruta, mensaje: str) -> None:
        self.problemas.append(self.archivo.problema(ruta, mensaje))

    def aviso(self, ruta: Ruta, mensaje: str) -> None:
        self.avisos.append(str(self.archivo.problema(ruta, mensaje)))


def validar_archivo(
    ruta: Path | str, estricto: bool = False, perfil: Path | None = None, _leyendo: tuple[Path, ...] = ()
) -> Respuestas:
    """Carga y valida; lanza ErrorRespuestas con todos los problemas encontrados.

    `perfil`: ruta del perfil que la persona usuaria dio explícitamente (ver `resolver_fuente`).
    """
    archivo = cargar_yaml(ruta)
    return validar_datos(archivo, estricto, perfil, _leyendo)


def _detener_si_hay(r: Respuestas) -> None:
    if r.problemas:
        raise ErrorRespuestas(r.problemas)


def validar_datos(
    archivo: ArchivoYaml, estricto: bool = False, perfil_explicito: Path | None = None, _leyendo: tuple[Path, ...] = ()
) -> Respuestas:
    datos = archivo.datos
    if not isinstance(datos, dict):
        raise ErrorRespuestas([archivo.problema((), "debe contener campos «clave: valor» (documento, instancia…)")])
    doc = _documento(archivo, datos)
    fuente_perfil, datos_perfil = _perfil(archivo, datos, perfil_explicito)
    nivel_pedido = opcion_canonica(datos.get("nivel"), NIVELES)
    if nivel_pedido is not None and nivel_pedido not in NIVELES:
        raise ErrorRespuestas(
            [archivo.problema(("nivel",), f"nivel desconocido «{extracto(nivel_pedido)}»; use: {lista_o(NIVELES)}")]
        )
    perfil = validar_perfil(fuente_perfil, datos_perfil, nivel_pedido)
    problemas = list(fuente_perfil.problemas)
    nivel = perfil["nivel"] if perfil else nivel_pedido
    if perfil and nivel_pedido and nivel_pedido != perfil["nivel"]:
        problemas.append(
            archivo.problema(
                ("nivel",),
                f"el documento es de nivel {nivel_pedido} pero el perfil de la instancia es de nivel {perfil['nivel']}",
            )
        )
    if nivel and nivel not in doc.niveles:
        problemas.append(archivo.problema(("documento",), f"«{doc.id}» no existe para el nivel {nivel}"))
    propias = {k: v for k, v in datos.items() if k not in CLAVES_GENERALES}
    limpio, errores = validar(modelo_de(doc.id, doc.preguntas, nivel), propias)
    problemas += [archivo.problema(r, m) for r, m in errores]
    if problemas:
        raise ErrorRespuestas(problemas)
    avisos = [
        *archivo.avisos,
        *(fuente_perfil.archivo.avisos if fuente_perfil.archivo is not archivo else []),
        *fuente_perfil.avisos,
    ]
    assert perfil is not None and limpio is not None  # si faltan, hubo problemas y ya se lanzó el error
    r = Respuestas(archivo, doc, nivel, perfil, limpio, avisos, carpeta=Carpeta.de(archivo.ruta, datos))
    restricciones.comprobar_campos(r)
    _detener_si_hay(r)
    _leer_documentos(r, (*_leyendo, archivo.ruta.resolve()))
    _detener_si_hay(r)
    r.contexto = calcular(r)
    restricciones.comprobar_validaciones(r, r.contexto)
    for nombre in doc.reglas:
        doc.codigo.reglas[nombre].funcion(r)
    comprobar_ordenanza(r)
    if estricto and r.avisos:
        r.problemas += [Problema(archivo.ruta, "", f"(modo estricto) {a}") for a in r.avisos]
    _detener_si_hay(r)
    return r


def _leer_documentos(r: Respuestas, leyendo: tuple[Path, ...]) -> None:
    """Preguntas de tipo «documento»: el archivo de respuestas al que apuntan, validado entero,
    del tipo declarado y de la misma instancia (p. ej. el plan que lee el informe)."""
    for clave, p in r.manifiesto.preguntas.items():
        if p.tipo != "documento" or not r.datos.get(clave):
            continue
        ruta = (r.ruta.parent / r.datos[clave]).resolve()
        if ruta in leyendo:
            r.error((clave,), f"«{ruta.name}» se lee a sí mismo (referencia circular)")
            continue
        try:
            otro = validar_archivo(ruta, _leyendo=leyendo)
        except ErrorRespuestas as exc:
            detalle = "; ".join(str(x) for x in exc.problemas)
            r.error((clave,), f"{p.etiqueta or 'el documento'} «{ruta}» no es válido: {detalle}")
            continue
        if otro.manifiesto.id != p.documento:
            r.error(
                (clave,),
                f"«{ruta}» es un documento «{otro.manifiesto.id}», no «{p.documento}» (documento: {p.documento})",
            )
        elif otro.nivel != r.nivel or lugar(otro.perfil) != lugar(r.perfil):
            r.error(
                (clave,),
                f"«{ruta}» es de otra instancia ({otro.nivel}, {lugar(otro.perfil)}); "
                f"este documento es de la instancia {r.nivel} de {lugar(r.perfil)}",
            )
        else:
            r.documentos[clave] = otro


def _documento(archivo: ArchivoYaml, datos: dict) -> Manifiesto:
    if "documento" not in datos:
        raise ErrorRespuestas([archivo.problema((), "falta el campo «documento» (p. ej. documento: ordenanza)")])
    tipos = catalogo()
    codigo = opcion_canonica(str(datos["documento"]), list(tipos))
    if codigo in plantillas_rotas():
        raise ErrorPlantilla(plantillas_rotas()[codigo])
    if codigo not in tipos:
        raise ErrorRespuestas(
            [
                archivo.problema(
                    ("documento",),
                    f"documento desconocido «{extracto(codigo)}»{sugerencia(codigo, tipos)}; disponibles: {', '.join(tipos)}",
                )
            ]
        )
    return tipos[codigo]


def _perfil(archivo: ArchivoYaml, datos: dict, explicito: Path | None) -> tuple[Fuente, Any]:
    if explicito is not None:
        return resolver_fuente(archivo, perfil=explicito)
    carpeta = Carpeta.de(archivo.ruta)
    if "instancia" not in datos and carpeta is not None:
        datos["instancia"] = str(carpeta.perfil)  # dentro de una carpeta de instancia: su perfil
    if datos.get("instancia") is None:
        raise ErrorRespuestas(
            [
                archivo.problema(
                    ("instancia",) if "instancia" in datos else (),
                    "falta el perfil «instancia» (ruta a instancia.yaml o el perfil en línea)",
                )
            ]
        )
    # un acta en sesiones/ lee el perfil de la carpeta de la instancia, y nada fuera de ella
    return resolver_fuente(archivo, carpeta=carpeta.raiz if carpeta else None)


def validar_ruta(ruta: Path, estricto: bool = False) -> tuple[str, list[str]]:
    """Valida un archivo de respuestas o un perfil (instancia.yaml) solo: (línea de éxito, avisos)."""
    from .perfil import es_perfil, validar_archivo_perfil

    archivo = cargar_yaml(ruta)
    if es_perfil(archivo.datos):
        perfil, avisos = validar_archivo_perfil(archivo)
        if estricto and avisos:
            raise ErrorRespuestas([Problema(ruta, "", f"(modo estricto) {a}") for a in avisos])
        return f"{ruta}: perfil de la instancia válido (nivel {perfil['nivel']}).", avisos
    r = validar_datos(archivo, estricto=estricto)
    return f"{ruta}: respuestas válidas para «{r.manifiesto.id}» (nivel {r.nivel}).", r.avisos
