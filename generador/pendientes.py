"""Datos pendientes: lo que solo la persona usuaria puede saber, en un lote sin esos datos.

En un lote territorial (un documento por municipalidad, sin fichas completas) los campos
obligatorios que faltan no detienen el documento: se rellenan con una marca visible
«[COMPLETAR: número de la ordenanza]» que sale tal cual en el Word y se lista en el resumen.
Fuera de los lotes nunca se usa: un campo obligatorio que falta es un error.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import TYPE_CHECKING, Any

from lxml import etree

if TYPE_CHECKING:
    from .preguntas import Pregunta


class Pendiente(str):
    """Texto «[COMPLETAR: …]» que ocupa el lugar de un valor de cualquier tipo.

    Se compara como «desconocido» (toda comparación con otro valor es falsa), y los filtros de
    formato lo devuelven sin tocar, así una fecha pendiente se imprime como la marca.
    """

    def __new__(cls, descripcion: str) -> Pendiente:
        return super().__new__(cls, f"[COMPLETAR: {descripcion}]")

    def _desconocido(self, otro: Any) -> bool:
        return False

    __lt__ = __le__ = __gt__ = __ge__ = _desconocido

    def __eq__(self, otro: Any) -> bool:
        return isinstance(otro, Pendiente) and str.__eq__(self, otro)

    __hash__ = str.__hash__


def es_pendiente(valor: Any) -> bool:
    return isinstance(valor, Pendiente)


def _etiqueta(clave: str, pregunta: Pregunta) -> str:
    """Descripción corta: la ayuda hasta el primer punto o paréntesis, o el nombre del campo."""
    if pregunta.etiqueta:
        return pregunta.etiqueta
    ayuda = re.split(r"\. |, | \(|; | tal como | si se | que ", pregunta.ayuda + " ")[0].rstrip(". ").strip()
    if ayuda and len(ayuda) <= 60:
        return ayuda[0].lower() + ayuda[1:]
    return clave.replace("_", " ")


def rellenar(datos: dict, preguntas: dict[str, Pregunta], nivel: str | None, ruta: str = "") -> tuple[dict, list[str]]:
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


# --- Resaltado en el .docx: cada marca en amarillo, para que no se pierda al imprimir --------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_ESPACIO = "{http://www.w3.org/XML/1998/namespace}space"
_MARCA = re.compile(r"\[COMPLETAR: [^\]]*\]")
# orden de los hijos de <w:rPr> (ECMA-376, CT_RPr) que van antes de <w:highlight>
_ANTES_DEL_RESALTADO = {
    f"{_W}{n}"
    for n in (
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
    )
}


def _propiedades_resaltadas(rpr) -> etree._Element:
    nuevo = deepcopy(rpr) if rpr is not None else etree.Element(f"{_W}rPr")
    for viejo in nuevo.findall(f"{_W}highlight"):
        nuevo.remove(viejo)
    posicion = sum(1 for hijo in nuevo if hijo.tag in _ANTES_DEL_RESALTADO)
    nuevo.insert(posicion, etree.Element(f"{_W}highlight", {f"{_W}val": "yellow"}))
    return nuevo


def _texto(valor: str) -> etree._Element:
    t = etree.Element(f"{_W}t")
    t.text = valor
    if valor != valor.strip():
        t.set(_XML_ESPACIO, "preserve")
    return t


def _partir_run(run) -> None:
    """Reemplaza un <w:r> por varios: cada marca en su propio run resaltado, con el mismo formato."""
    rpr = run.find(f"{_W}rPr")
    nuevos: list = []
    actual = None

    def run_nuevo(resaltado: bool):
        r = etree.Element(f"{_W}r", dict(run.attrib))
        propiedades = _propiedades_resaltadas(rpr) if resaltado else (deepcopy(rpr) if rpr is not None else None)
        if propiedades is not None:
            r.append(propiedades)
        nuevos.append(r)
        return r

    for hijo in [h for h in run if h is not rpr]:
        if hijo.tag != f"{_W}t" or not _MARCA.search(hijo.text or ""):
            actual = actual if actual is not None else run_nuevo(False)
            actual.append(hijo)
            continue
        inicio = 0
        for marca in _MARCA.finditer(hijo.text):
            if marca.start() > inicio:
                actual = actual if actual is not None else run_nuevo(False)
                actual.append(_texto(hijo.text[inicio : marca.start()]))
            run_nuevo(True).append(_texto(marca.group()))
            actual, inicio = None, marca.end()
        if inicio < len(hijo.text):
            actual = run_nuevo(False)
            actual.append(_texto(hijo.text[inicio:]))
    padre = run.getparent()
    posicion = padre.index(run)
    padre.remove(run)
    for i, nuevo in enumerate(nuevos):
        padre.insert(posicion + i, nuevo)


def resaltar(arbol) -> int:
    """Resalta en amarillo (w:highlight) cada «[COMPLETAR: …]» de una parte ya renderizada.

    El texto no cambia: solo se parte el run en trozos con el mismo formato. Devuelve cuántos
    runs se partieron.
    """
    textos = arbol.xpath('//w:r/w:t[contains(., "[COMPLETAR: ")]', namespaces={"w": _W[1:-1]})
    runs = list(dict.fromkeys(t.getparent() for t in textos))
    for run in runs:
        _partir_run(run)
    return len(runs)
