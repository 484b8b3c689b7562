"""Verificación del documento producido.

Se relee el .docx y se buscan las secciones exigidas
(del manifiesto) y, si el manifiesto lo pide, todos los integrantes del nivel (de la ley)."""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

import docx

from . import ley
from .normalizacion import _singular_o_plural, es_sigla, literal, normalizar, patron
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
    parrafo: int | None = None  # índice del párrafo donde se encontró (en el `Indice`)

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
        self._planos: dict[int, str] = {}

    def plano(self, i: int) -> str:
        """El párrafo `i` con los espacios simples (hecho una vez: un párrafo puede ser enorme)."""
        if i not in self._planos:
            self._planos[i] = " ".join(self.parrafos[i].split())
        return self._planos[i]

    @staticmethod
    def _unir(textos: list[str]) -> tuple[str, list[int]]:
        inicios, posicion = [], 0
        for t in textos:
            inicios.append(posicion)
            posicion += len(t) + 1
        return "\n".join(textos), inicios

    @cached_property
    def _palabras(self) -> list[str]:
        """Las palabras distintas (tramos de letras y cifras) del texto normalizado, ordenadas."""
        palabras: set[str] = set()
        inicio, texto = 0, self._normal
        while inicio < len(texto):  # por trozos (cortados en un espacio): sin una lista enorme
            fin = texto.find(" ", min(len(texto), inicio + _TROZO))
            fin = len(texto) if fin < 0 else fin
            for trozo in set(texto[inicio:fin].split(" ")):  # casi siempre ya es una palabra
                if trozo.isalnum():
                    palabras.add(trozo)
                else:
                    palabras.update(_PALABRA.findall(trozo))
            inicio = fin + 1
        return sorted(palabras)

    def _posible(self, b: _Busqueda) -> bool:
        """Si cada palabra de la variante empieza alguna palabra del texto (si no, no está)."""
        for comienzo in b.palabras:
            i = bisect.bisect_left(self._palabras, comienzo)
            if i == len(self._palabras) or not self._palabras[i].startswith(comienzo):
                return False
        return True

    def posiciones(self, variantes: list[str], desde: int = 0, todas: bool = True) -> list[int]:
        """Índices (ordenados) de los párrafos, desde el párrafo `desde`, con alguna variante."""
        hallados: set[int] = set()
        for v in variantes:
            b = busqueda(v)
            texto, inicios = (self._original, self._inicios_o) if b.en_original else (self._normal, self._inicios_n)
            if desde >= len(inicios):
                break
            if not self._posible(b):
                continue
            # buscando solo la primera: no hace falta mirar más allá de la mejor ya hallada (una
            # coincidencia no cruza el «\n» entre párrafos: cortar ahí no cambia ninguna)
            hasta = inicios[min(hallados)] if hallados and not todas else len(texto)
            pos = texto.find(b.fijo, inicios[desde], hasta)  # `find` es lo más rápido para descartar
            if pos < 0:
                continue
            while (m := b.expresion.search(texto, pos, hasta)) is not None:
                i = bisect.bisect_right(inicios, m.start()) - 1
                hallados.add(i)
                if not todas or i + 1 >= len(inicios):
                    break
                pos = inicios[i + 1]  # basta una por párrafo: se sigue en el siguiente
        return sorted(hallados)

    def posicion(self, variantes: list[str], desde: int = 0) -> int | None:
        encontrados = self.posiciones(variantes, desde, todas=False)
        return encontrados[0] if encontrados else None

    def buscar(self, variantes: list[str]) -> str | None:
        i = self.posicion(variantes)
        return None if i is None else self.parrafos[i]


_PALABRA = re.compile(r"\w+")
_TROZO = 1 << 20  # caracteres por trozo al reunir las palabras de un texto grande


class _Busqueda(NamedTuple):
    variante: str
    en_original: bool  # se busca en el texto original (siglas)
    fijo: str  # trozo con que empieza toda coincidencia («» en las de «^»)
    palabras: tuple[str, ...]  # comienzos de palabra que toda coincidencia contiene

    @property
    def expresion(self) -> re.Pattern:
        """Casa donde `patron(variante)`, buscada en tiempo lineal (se compila al usarla)."""
        return _rapida(self.variante)


@lru_cache(maxsize=16384)
def _normal(parrafo: str) -> str:
    """`normalizar` recordado: en un lote, los párrafos fijos de la plantilla se repiten en cada documento."""
    return normalizar(parrafo)


@lru_cache(maxsize=4096)
def busqueda(variante: str) -> _Busqueda:
    """Cómo buscar una variante (`patron`) en tiempo lineal: su trozo fijo inicial (`_fijo`) y
    los comienzos fijos de sus palabras (`literal` de cada una), que en el texto normalizado
    empiezan una palabra: si alguno falta en el texto, la variante no puede estar."""
    if es_sigla(variante):
        return _Busqueda(variante, True, variante, ())
    if variante.startswith("^"):
        return _Busqueda(variante, False, "", ())
    palabras = (literal(w) for w in normalizar(variante.split("!")[0]).split(" ") if w != "...")
    return _Busqueda(variante, False, _fijo(variante), tuple(c for c in palabras if _PALABRA.fullmatch(c)))


@lru_cache(maxsize=4096)
def _rapida(variante: str) -> re.Pattern:
    """La expresión de `patron`, que empieza por «\\b»: con ella `re` prueba a casar en cada
    carácter (y probar desde Python cada aparición del trozo fijo era cuadrático en un párrafo
    gigante). Escrita «trozo(?<=(?=expresión)trozo)» (el trozo y, desde su comienzo, la
    expresión entera) casa en los mismos sitios, pero `re` salta en C de una aparición del trozo
    a la siguiente. Las de «^» (comienzo de párrafo) no cambian."""
    expresion = patron(variante)[0]
    if variante.startswith("^"):
        return expresion
    fijo = re.escape(busqueda(variante).fijo)
    return re.compile(f"{fijo}(?<=(?={expresion.pattern}){fijo})")


def _fijo(variante: str) -> str:
    """El trozo fijo más largo con que empieza toda coincidencia de la variante: las palabras que
    `patron` busca tal cual («de», «la», «2°») y el comienzo fijo de la siguiente (`literal`).
    Cuanto más largo, menos veces hay que probar la expresión entera («de la…», no cada «d»)."""
    palabras = normalizar(variante.split("!")[0]).split(" ")
    enteras = 0
    while (
        enteras < len(palabras) - 1
        and palabras[enteras] != "..."
        and not palabras[enteras].endswith("*")
        and _singular_o_plural(palabras[enteras]) == re.escape(palabras[enteras])
    ):
        enteras += 1
    siguiente = "" if palabras[enteras] == "..." else literal(palabras[enteras])
    fijo = " ".join(palabras[:enteras] + [siguiente]) if siguiente else " ".join(palabras[:enteras]) + " "
    return fijo if fijo.strip() else literal(variante)


def primera(variante: str, original: str, normal: str) -> int | None:
    """Dónde empieza la primera coincidencia de la variante (en `original` si es una sigla; si no,
    en `normal`): lo mismo que `patron(variante)[0].search`, en tiempo lineal."""
    b = busqueda(variante)
    texto = original if b.en_original else normal
    m = b.expresion.search(texto) if _puede_estar(b, texto) else None
    return m.start() if m else None


def _puede_estar(b: _Busqueda, texto: str) -> bool:
    """Si están en `texto` el trozo inicial y los comienzos de palabra de la variante (`in` es lo
    más rápido para descartar las que no pueden estar)."""
    return b.fijo in texto and all(c in texto for c in b.palabras)


def apariciones(variante: str, texto: str) -> list[int]:
    """Dónde empieza cada coincidencia de la variante en `texto` (sin solaparse, como
    `patron(variante)[0].finditer`), en tiempo lineal."""
    rapida, entera = busqueda(variante).expresion, patron(variante)[0]
    salida: list[int] = []
    pos = 0 if _puede_estar(busqueda(variante), texto) else len(texto) + 1
    while (m := rapida.search(texto, pos)) is not None:
        salida.append(m.start())
        fin = entera.match(texto, m.start())
        pos = max(fin.end() if fin else 0, m.start() + 1)
    return salida


def buscar(parrafos: Indice | list[str] | list[tuple[str, str]], variantes: list[str]) -> str | None:
    """Primer párrafo que contiene alguna variante, o None.

    `parrafos` puede ser un Indice (lo más rápido para muchas búsquedas), una lista de textos o
    de pares (original, normalizado).
    """
    indice = parrafos if isinstance(parrafos, Indice) else Indice(parrafos)
    return indice.buscar(variantes)


# --- secciones e integrantes --------------------------------------------------------------

_ENUMERADOR = re.compile(r"^(?:[ivxlc]+|\d+(?:\.\d+)*|[a-z])\s*[.)°º:-]+\s*")
_ESTRUCTURA = re.compile(  # con `match`: al comienzo del texto (o tras la numeración)
    r"(?:articulo \d+|articulo unico|capitulo\b|titulo [ivxlc]+\b|disposicion(?:es)? "
    r"(?:complementaria|final|transitoria))"
)
_LARGO_TITULO = 90  # un párrafo más largo no es un encabezado de sección
_MINIMO_LISTA = 0.6  # parte de los integrantes que hace de una lista de párrafos «la conformación»


def variantes(s) -> list[str]:
    return [s.titulo, *s.variantes]


@lru_cache(maxsize=256)
def _comienzos(formas: tuple[str, ...]) -> re.Pattern | None:
    """Una sola expresión que casa al comienzo donde casa alguna de las variantes (no siglas)."""
    if not formas:
        return None
    return re.compile("|".join(f"(?:{patron(v)[0].pattern.removeprefix('(?m)')})" for v in formas), re.MULTILINE)


def _formas(secciones: list) -> tuple[str, ...]:
    return tuple(v for s in secciones for v in variantes(s) if not es_sigla(v))


def _es_encabezado(normal: str, comienzos: re.Pattern | None) -> bool:
    enumerador = _ENUMERADOR.match(normal)
    inicio = enumerador.end() if enumerador else 0  # sin copiar el párrafo (puede ser enorme)
    if _ESTRUCTURA.match(normal, inicio) or _ESTRUCTURA.match(normal):
        return True
    if len(normal) > _LARGO_TITULO:
        return False
    return comienzos is not None and comienzos.match(normal[inicio:]) is not None


def es_encabezado(normal: str, secciones: list) -> bool:
    """Un artículo, capítulo o título, o un párrafo corto que empieza por una sección."""
    return _es_encabezado(normal, _comienzos(_formas(secciones)))


class Encabezados:
    """`es_encabezado` de cada párrafo de un Indice, mirado una sola vez, y el siguiente
    encabezado desde cada párrafo (sin recorrer mil veces un documento sin encabezados)."""

    def __init__(self, indice: Indice, secciones: list) -> None:
        self._normales = indice.normales
        self._comienzos = _comienzos(_formas(secciones))
        self._es: dict[int, bool] = {}
        self._siguiente: dict[int, int] = {}

    def es(self, i: int) -> bool:
        if i not in self._es:
            self._es[i] = _es_encabezado(self._normales[i], self._comienzos)
        return self._es[i]

    def siguiente(self, j: int) -> int:
        """El primer encabezado desde el párrafo `j` (o el número de párrafos si no hay)."""
        recorridos = []
        while j < len(self._normales) and j not in self._siguiente and not self.es(j):
            recorridos.append(j)
            j += 1
        hallado = self._siguiente.get(j, j)
        for k in [*recorridos, j]:
            self._siguiente[k] = hallado
        return hallado


def _tramo(encabezados: Encabezados, inicio: int, fin: int) -> range:
    """Del párrafo `inicio` hasta el siguiente encabezado (sin incluirlo), sin pasar de `fin`."""
    return range(inicio, inicio + 1 if inicio + 1 >= fin else min(encabezados.siguiente(inicio + 1), fin))


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
    donde = {i["id"]: indice.posiciones(i["variantes"]) for i in lista}  # párrafos, ordenados
    encabezados = Encabezados(indice, secciones)
    candidatos: list[tuple[range, bool]] = []
    titular = [s for s in secciones if s.rol == "integrantes"]
    if titular:
        for p in indice.posiciones(variantes(titular[0]), desde):
            candidatos.append((_tramo(encabezados, p, fin if fin > p else len(indice.parrafos)), False))
    # la propia lista: párrafos seguidos (con huecos de hasta 2) que nombran integrantes
    nombrados = sorted(i for lugares in donde.values() for i in lugares if 3 <= i < fin)
    bloques: list[list[int]] = []
    for i in nombrados:  # un encabezado (otro artículo) cierra la lista
        if (
            bloques
            and i - bloques[-1][-1] <= 3
            and not any(encabezados.es(j) for j in range(bloques[-1][-1] + 1, i + 1))
        ):
            bloques[-1].append(i)
        else:
            bloques.append([i])

    def hallados(tramo: range) -> dict[str, int]:
        """El primer párrafo del tramo de cada integrante que aparece en él."""
        salida = {}
        for k, lugares in donde.items():
            j = bisect.bisect_left(lugares, tramo.start)
            if j < len(lugares) and lugares[j] < tramo.stop:
                salida[k] = lugares[j]
        return salida

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
            Hallazgo("sección", s.id, s.titulo, p is not None, fragmento, s.exigencia == "exigido", s.fuente, p)
        )
    for i in lista:
        p = c.hallados.get(i["id"]) if c else None
        fragmento = indice.parrafos[p] if p is not None else ""
        hallazgos.append(Hallazgo("integrante", i["id"], i["texto"], p is not None, fragmento, parrafo=p))
    return hallazgos
