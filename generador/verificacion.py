"""Verificación del documento producido.

Se relee el .docx y se buscan las secciones exigidas
(del manifiesto) y, si el manifiesto lo pide, todos los integrantes del nivel (de la ley)."""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import docx

from . import ley
from .normalizacion import es_sigla, literal, normalizar, patron
from .texto_word import leer_parrafos  # noqa: F401  (el único extractor; nombre de siempre)


def encabezados(fuente: bytes) -> list[tuple[int, str]]:
    """(nivel, texto) de los párrafos con estilo de título («Heading N» o «Title»)."""
    documento = docx.Document(io.BytesIO(fuente))
    salida = []
    for p in documento.paragraphs:
        nombre = p.style.name if p.style is not None else ""
        if nombre.startswith("Heading") and nombre[-1:].isdigit():
            salida.append((int(nombre.split()[-1]), p.text))
        elif nombre == "Title":
            salida.append((0, p.text))
    return salida


@dataclass
class Hallazgo:
    tipo: str  # «sección», «integrante» o «marca» (texto sin llenar)
    id: str
    descripcion: str
    encontrado: bool
    fragmento: str = ""
    exigido: bool = True  # False: buena práctica («recomendado» en el manifiesto)
    fuente: str = ""  # de dónde sale el requisito («Lineamientos…»)

    def __str__(self) -> str:
        marca = "✓" if self.encontrado else "✗"
        return f"{marca} {self.tipo}: {self.descripcion}"


class Indice:
    """Párrafos de un documento normalizados una vez y unidos, para buscar muchas variantes
    con una sola pasada de expresión regular cada una (en vez de párrafo por párrafo)."""

    def __init__(self, parrafos: Iterable[str] | Iterable[tuple[str, str]]) -> None:
        pares = [p if isinstance(p, tuple) else (p, _normal(p)) for p in parrafos]
        self.parrafos = [o for o, _ in pares]
        self.normales = [n for _, n in pares]
        self._original, self._inicios_o = self._unir([o.replace("\n", " ") for o, _ in pares])
        self._normal, self._inicios_n = self._unir([n for _, n in pares])

    @staticmethod
    def _unir(textos: list[str]) -> tuple[str, list[int]]:
        inicios, posicion = [], 0
        for t in textos:
            inicios.append(posicion)
            posicion += len(t) + 1
        return "\n".join(textos), inicios

    def posiciones(self, variantes: list[str], desde: int = 0, todas: bool = True) -> list[int]:
        """Índices (ordenados) de los párrafos, desde el párrafo `desde`, con alguna variante."""
        hallados: set[int] = set()
        for v in variantes:
            expresion, en_original = patron(v)
            texto, inicios = (self._original, self._inicios_o) if en_original else (self._normal, self._inicios_n)
            if desde >= len(inicios):
                break
            if v.startswith("^"):  # al comienzo de un párrafo: una pasada
                for m in expresion.finditer(texto, inicios[desde]):
                    hallados.add(bisect.bisect_right(inicios, m.start()) - 1)
                    if not todas:
                        break
                continue
            literal = _literal(v, en_original)  # toda coincidencia empieza por este trozo fijo
            pos = texto.find(literal, inicios[desde])
            # buscando solo la primera: no hace falta mirar más allá de la mejor ya hallada
            hasta = inicios[min(hallados)] if hallados and not todas else len(texto)
            while 0 <= pos < hasta:
                if expresion.match(texto, pos):
                    i = bisect.bisect_right(inicios, pos) - 1
                    hallados.add(i)
                    if not todas:
                        break
                    pos = inicios[i + 1] if i + 1 < len(inicios) else -1  # siguiente párrafo
                    if pos >= 0:
                        pos = texto.find(literal, pos)
                else:
                    pos = texto.find(literal, pos + 1)
        return sorted(hallados)

    def posicion(self, variantes: list[str], desde: int = 0) -> int | None:
        encontrados = self.posiciones(variantes, desde, todas=False)
        return encontrados[0] if encontrados else None

    def buscar(self, variantes: list[str]) -> str | None:
        i = self.posicion(variantes)
        return None if i is None else self.parrafos[i]


@lru_cache(maxsize=16384)
def _normal(parrafo: str) -> str:
    """`normalizar` recordado: en un lote, los párrafos fijos de la plantilla se repiten en cada documento."""
    return normalizar(parrafo)


@lru_cache(maxsize=4096)
def _literal(variante: str, en_original: bool) -> str:
    """Trozo fijo con el que empieza toda coincidencia de la variante (sin su posible plural)."""
    return variante if en_original else literal(variante)


def buscar(parrafos: Indice | list[str] | list[tuple[str, str]], variantes: list[str]) -> str | None:
    """Primer párrafo que contiene alguna variante, o None.

    `parrafos` puede ser un Indice (lo más rápido para muchas búsquedas), una lista de textos o
    de pares (original, normalizado).
    """
    indice = parrafos if isinstance(parrafos, Indice) else Indice(parrafos)
    return indice.buscar(variantes)


# --- secciones e integrantes --------------------------------------------------------------

_ENUMERADOR = re.compile(r"^(?:[ivxlc]+|\d+(?:\.\d+)*|[a-z])\s*[.)°º:-]+\s*")
_ESTRUCTURA = re.compile(
    r"^(?:articulo \d+|articulo unico|capitulo\b|titulo [ivxlc]+\b|disposicion(?:es)? "
    r"(?:complementaria|final|transitoria))"
)
_LARGO_TITULO = 90  # un párrafo más largo no es un encabezado de sección
_MINIMO_LISTA = 0.6  # parte de los integrantes que hace de una lista de párrafos «la conformación»


def variantes(s) -> list[str]:
    return [s.titulo, *s.variantes]


def es_encabezado(normal: str, secciones: list) -> bool:
    """Un artículo, capítulo o título, o un párrafo corto que empieza por una sección."""
    texto = _ENUMERADOR.sub("", normal, count=1)
    if _ESTRUCTURA.match(texto) or _ESTRUCTURA.match(normal):
        return True
    if len(normal) > _LARGO_TITULO:
        return False
    titulos = _titulos(tuple(v for s in secciones for v in variantes(s)))
    return titulos is not None and titulos.match(texto) is not None


@lru_cache(maxsize=256)
def _titulos(todas: tuple[str, ...]) -> re.Pattern | None:
    """Las variantes (no siglas) unidas en una sola expresión: se llama por cada párrafo."""
    # solo las de «^» llevan (?m), que no puede ir en medio: se aplica a toda la expresión
    unidas = [f"(?:{patron(v)[0].pattern.removeprefix('(?m)')})" for v in todas if not es_sigla(v)]
    return re.compile("|".join(unidas), re.MULTILINE) if unidas else None


def _tramo(indice: Indice, inicio: int, fin: int, secciones: list) -> range:
    """Del párrafo `inicio` hasta el siguiente encabezado (sin incluirlo)."""
    j = inicio + 1
    while j < fin and not es_encabezado(indice.normales[j], secciones):
        j += 1
    return range(inicio, j)


@dataclass
class Conformacion:
    """Dónde se enumeran los integrantes y cuáles aparecen allí (párrafo de cada uno)."""

    tramo: range
    hallados: dict[str, int]
    por_lista: bool = False  # la dio la propia lista (ningún encabezado ni verbo la nombra)


def conformacion(indice: Indice, secciones: list, lista: list[dict], desde: int) -> Conformacion:
    """Los integrantes se buscan solo en la lista que los enumera: el artículo de conformación
    (o la asistencia de un acta) hasta el siguiente encabezado; si hay varios candidatos, el que
    más integrantes nombra, y si la sección no aparece, el bloque de párrafos seguidos con más
    integrantes (nunca el título ni el bloque de firmas)."""
    firmas = [s for s in secciones if s.rol == "firmas"]
    fin = len(indice.parrafos)
    if firmas:
        ultimo = indice.posiciones(variantes(firmas[0]), desde)
        fin = ultimo[-1] if ultimo else fin
    donde = {i["id"]: set(indice.posiciones(i["variantes"])) for i in lista}
    candidatos: list[tuple[range, bool]] = []
    titular = [s for s in secciones if s.rol == "integrantes"]
    if titular:
        for p in indice.posiciones(variantes(titular[0]), desde):
            candidatos.append((_tramo(indice, p, fin if fin > p else len(indice.parrafos), secciones), False))
    # la propia lista: párrafos seguidos (con huecos de hasta 2) que nombran integrantes
    nombrados = sorted(i for lugares in donde.values() for i in lugares if 3 <= i < fin)
    bloques: list[list[int]] = []
    for i in nombrados:  # un encabezado (otro artículo) cierra la lista
        if (
            bloques
            and i - bloques[-1][-1] <= 3
            and not any(es_encabezado(indice.normales[j], secciones) for j in range(bloques[-1][-1] + 1, i + 1))
        ):
            bloques[-1].append(i)
        else:
            bloques.append([i])

    def hallados(tramo: range) -> dict[str, int]:
        return {k: min(lugares & set(tramo)) for k, lugares in donde.items() if lugares & set(tramo)}

    minimo = _MINIMO_LISTA * len(lista)  # menos nombres seguidos no son una lista de integrantes
    candidatos += [(range(b[0], b[-1] + 1), True) for b in bloques if len(hallados(range(b[0], b[-1] + 1))) >= minimo]
    if not candidatos:
        return Conformacion(range(0), {})
    mejor = max(candidatos, key=lambda c: (len(hallados(c[0])), not c[1]))
    return Conformacion(mejor[0], hallados(mejor[0]), mejor[1])


def revisar_texto(
    manifiesto, nivel: str, parrafos: Indice | list[str], opcionales: list[str] | None = None
) -> list[Hallazgo]:
    """Cada sección del manifiesto y, si corresponde, cada integrante del nivel: encontrado o
    no. Lo comparten `generar` (que exige todo) y `revisar` (que separa exigido y recomendado)."""
    hallazgos = []
    indice = parrafos if isinstance(parrafos, Indice) else Indice(parrafos)
    secciones = manifiesto.secciones_de(nivel)
    lugares: dict[str, int | None] = {}
    for s in secciones:  # en orden: «despues» se refiere a una sección anterior
        desde = lugares.get(s.despues) or 0
        lugares[s.id] = indice.posicion(variantes(s), desde)
    lista = ley.integrantes(nivel, opcionales) if manifiesto.verificar_integrantes else []
    c = None
    if lista:
        titular = next((s for s in secciones if s.rol == "integrantes"), None)
        c = conformacion(indice, secciones, lista, (lugares.get(titular.despues) or 0) if titular else 0)
    for s in secciones:
        p = lugares[s.id]
        fragmento = indice.parrafos[p] if p is not None else ""
        if p is None and c is not None and s.rol == "integrantes" and c.por_lista:
            p, fragmento = c.tramo.start, "lista de integrantes: " + indice.parrafos[c.tramo.start]
        hallazgos.append(
            Hallazgo("sección", s.id, s.titulo, p is not None, fragmento, s.exigencia == "exigido", s.fuente)
        )
    for i in lista:
        p = c.hallados.get(i["id"]) if c else None
        hallazgos.append(
            Hallazgo("integrante", i["id"], i["texto"], p is not None, indice.parrafos[p] if p is not None else "")
        )
    return hallazgos
