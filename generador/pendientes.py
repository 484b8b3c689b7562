"""Datos pendientes: lo que solo la persona usuaria puede saber, en un lote sin esos datos.

En un lote territorial (un documento por municipalidad, sin fichas completas) los campos
obligatorios que faltan no detienen el documento: se rellenan con una marca visible
«[COMPLETAR: número de la ordenanza]» que sale tal cual en el Word y se lista en el resumen.
Fuera de los lotes nunca se usa: un campo obligatorio que falta es un error.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .preguntas import Pregunta


class Pendiente(str):
    """Texto «[COMPLETAR: …]» que ocupa el lugar de un valor de cualquier tipo.

    Se compara como «desconocido» (toda comparación con otro valor es falsa), y los filtros de
    formato lo devuelven sin tocar, así una fecha pendiente se imprime como la marca.
    """

    def __new__(cls, descripcion: str) -> "Pendiente":
        return super().__new__(cls, f"[COMPLETAR: {descripcion}]")

    def _desconocido(self, otro: Any) -> bool:
        return False

    __lt__ = __le__ = __gt__ = __ge__ = _desconocido

    def __eq__(self, otro: Any) -> bool:
        return isinstance(otro, Pendiente) and str.__eq__(self, otro)

    __hash__ = str.__hash__


def es_pendiente(valor: Any) -> bool:
    return isinstance(valor, Pendiente)


def _etiqueta(clave: str, pregunta: "Pregunta") -> str:
    """Descripción corta: la ayuda hasta el primer punto o paréntesis, o el nombre del campo."""
    if pregunta.etiqueta:
        return pregunta.etiqueta
    ayuda = re.split(r"\. |, | \(|; | tal como | si se | que ", pregunta.ayuda + " ")[0].rstrip(". ").strip()
    if ayuda and len(ayuda) <= 60:
        return ayuda[0].lower() + ayuda[1:]
    return clave.replace("_", " ")


def rellenar(datos: dict, preguntas: "dict[str, Pregunta]", nivel: str | None,
             ruta: str = "") -> list[str]:
    """Pone una marca Pendiente en cada campo obligatorio que falta (en sitio).

    Devuelve los campos rellenados («presidencia.nombre», «visto[1]»…). Las listas de grupos
    obligatorias reciben un elemento con sus campos obligatorios pendientes.
    """
    rellenados: list[str] = []
    for clave, p in preguntas.items():
        nombre = f"{ruta}{clave}"
        valor = datos.get(clave)
        if p.tipo == "objeto" and isinstance(valor, dict) and p.aplica(nivel):
            rellenados += rellenar(valor, p.campos, nivel, f"{nombre}.")   # grupo opcional presente
            continue
        if not p.aplica(nivel) or not p.es_requerida(nivel) or p.defecto is not None:
            continue
        if p.tipo == "objeto":
            if valor is None:
                valor = datos[clave] = {}
            if isinstance(valor, dict):
                rellenados += rellenar(valor, p.campos, nivel, f"{nombre}.")
        elif p.tipo == "lista" and not valor:
            if p.elementos is not None:
                datos[clave] = [Pendiente(_etiqueta(clave, p))]
                rellenados.append(f"{nombre}[1]")
            else:
                elemento: dict = {}
                rellenados += rellenar(elemento, p.campos, nivel, f"{nombre}[1].")
                datos[clave] = [elemento]
        elif valor is None or valor == "":
            datos[clave] = Pendiente(_etiqueta(clave, p))
            rellenados.append(nombre)
    return rellenados
