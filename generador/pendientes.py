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
             ruta: str = "") -> tuple[dict, list[str]]:
    """Copia de `datos` con una marca Pendiente en cada campo obligatorio que falta.

    Devuelve (datos, campos rellenados: «presidencia.nombre», «visto[1]»…). Solo se copia lo que
    cambia (el resto se comparte). Las listas de grupos obligatorias reciben un elemento con
    sus campos obligatorios pendientes; un grupo opcional presente se completa por dentro.
    """
    nuevos: dict = {}
    rellenados: list[str] = []
    for clave, p in preguntas.items():
        if not p.aplica(nivel):
            continue
        nombre = f"{ruta}{clave}"
        valor = datos.get(clave)
        obligatoria = p.es_requerida(nivel) and p.defecto is None
        if p.tipo == "objeto" and (isinstance(valor, dict) or (obligatoria and valor is None)):
            interno, hechos = rellenar(valor or {}, p.campos, nivel, f"{nombre}.")
            if hechos or valor is None:
                nuevos[clave], rellenados = interno, rellenados + hechos
        elif not obligatoria:
            continue
        elif p.tipo == "lista" and not valor:
            if p.elementos is not None:
                nuevos[clave] = [Pendiente(_etiqueta(clave, p))]
                rellenados.append(f"{nombre}[1]")
            else:
                elemento, hechos = rellenar({}, p.campos, nivel, f"{nombre}[1].")
                nuevos[clave], rellenados = [elemento], rellenados + hechos
        elif p.tipo != "objeto" and (valor is None or valor == ""):
            nuevos[clave] = Pendiente(_etiqueta(clave, p))
            rellenados.append(nombre)
    return ({**datos, **nuevos} if nuevos else datos), rellenados
