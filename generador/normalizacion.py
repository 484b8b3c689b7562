"""Normalización de texto para buscar secciones e integrantes en cualquier documento."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_UNIDADES = ["primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "septimo", "octavo", "noveno"]
_ORDINALES = {palabra: i for i, palabra in enumerate(_UNIDADES, 1)}
_ORDINALES.update({"setimo": 7, "decimo": 10, "undecimo": 11, "duodecimo": 12, "vigesimo": 20, "trigesimo": 30})
for _decena, _valor in (("decimo", 10), ("vigesimo", 20), ("trigesimo", 30)):
    for _i, _palabra in enumerate(_UNIDADES, 1):
        _ORDINALES[f"{_decena} {_palabra}"] = _valor + _i
        _ORDINALES[f"{_decena}{_palabra}"] = _valor + _i
_ORDINAL = "|".join(sorted(_ORDINALES, key=len, reverse=True)).replace(" ", r"\s+")
# «articulo primero.-», «articulo 1°.-», «art. 1.-», «articulo 1o:» → «articulo 1» («art» delante
# del «\b»: así `re` salta de un «art» al siguiente en vez de probar en cada carácter)
_NUMERACION = re.compile(
    rf"art(?<=\bart)(?:iculo\b|\.)\s*(\d+(?![.,]?\d)|(?:{_ORDINAL})\b)\s*(?:°|o\b)?\s*(?:\.\s*-|\.(?!\d)|-|–|—|:)?"
)
# Guion de corte al final de una línea entre dos letras («Concer-\ntación»).
_CORTE = re.compile(r"([^\W\d_])[-\u00ad]\s*\n\s*([^\W\d_])")
_CORTE_POSIBLE = re.compile(r"[-\u00ad]\s*\n")  # lo que todo corte contiene (mucho más rápido de buscar)


def _numeracion(m: re.Match) -> str:
    numero = m.group(1)
    if not numero.isdigit():
        numero = str(_ORDINALES[" ".join(numero.split())])
    siguiente = m.string[m.end() : m.end() + 1]
    return f"articulo {numero}" + ("" if siguiente in ",;)" else " ")


class _TablaSinTildes(dict):
    """Tabla para str.translate: cada carácter, descompuesto (NFKD) y sin sus tildes; se llena
    sola la primera vez que aparece cada carácter (mucho más rápido que NFKD por texto)."""

    def __missing__(self, codigo: int) -> str:
        descompuesto = unicodedata.normalize("NFKD", chr(codigo))
        self[codigo] = "".join(c for c in descompuesto if not unicodedata.combining(c))
        return self[codigo]


_SIN_TILDES = _TablaSinTildes()


def sin_tildes(texto: str) -> str:
    """«Género» → «Genero» (sin tildes ni diacríticos; la ñ queda en n)."""
    return texto.translate(_SIN_TILDES)


def _sin_tildes_rapido(texto: str) -> str:
    """`sin_tildes`, carácter a carácter distinto en vez de uno a uno (en un texto largo, varias
    veces más rápido). Exacto: lo que deja la tabla ya no cambia al pasarlo otra vez."""
    if texto.isascii():
        return texto
    if len(texto) < 4096:  # corto: la tabla de una vez es más rápida que reunir sus caracteres
        return texto.translate(_SIN_TILDES)
    cambios = [c for c in set(texto) if not c.isascii() and _SIN_TILDES[ord(c)] != c]
    if len(cambios) > 64:  # muchos distintos: una pasada de la tabla es más rápida
        return texto.translate(_SIN_TILDES)
    for c in cambios:
        texto = texto.replace(c, _SIN_TILDES[ord(c)])
    return texto


def normalizar(texto: str) -> str:
    """Minúsculas, sin tildes, sin guiones de corte de línea, con espacios simples y la
    numeración de artículos uniforme («ARTÍCULO PRIMERO.-», «Artículo 1°», «Art. 1.-» →
    «articulo 1»)."""
    if "\n" in texto and _CORTE_POSIBLE.search(texto):
        texto = _CORTE.sub(r"\1\2", texto)
    texto = " ".join(_sin_tildes_rapido(texto.replace("\u00ad", "")).lower().split())
    if "art" in texto:
        texto = " ".join(_NUMERACION.sub(_numeracion, texto).split())
    return texto


def es_sigla(variante: str) -> bool:
    """«CEM», «PNP», «UGEL»: se buscan como palabra entera y respetando mayúsculas."""
    return variante.isupper() and " " not in variante


_HUECO = r"(?:\S+ ){0,8}"  # «…» en una variante: hasta 8 palabras cualesquiera (en un párrafo)


@lru_cache(maxsize=4096)
def patron(variante: str) -> tuple[re.Pattern, bool]:
    """Expresión compilada de una variante y si se busca en el texto original (siglas).

    En una variante, «…» salta hasta 8 palabras («encargar … la publicación»), una palabra
    terminada en «*» vale por cualquier terminación («design* … representante»), «!» deja fuera
    lo que sigue («secretaría técnica !de la CMAN !de la Comisión») y «^» al comienzo pide que la variante
    abra el párrafo, tras una numeración («^desarrollo»: «III. DESARROLLO», no «Gerencia de
    Desarrollo Social»).
    """
    if es_sigla(variante):
        return re.compile(rf"\b{re.escape(variante)}\b"), True
    variante, *excepciones = variante.split("!")
    expresion = r"(?m)^(?:(?:[ivxlc]+|\d+(?:\.\d+)*|[a-z])\s*[.)°º:-]+\s*)?" if variante.startswith("^") else r"\b"
    for palabra in normalizar(variante.lstrip("^")).split(" "):
        if not palabra:
            continue
        if palabra == "...":
            expresion += _HUECO
        elif palabra.endswith("*"):
            expresion += re.escape(palabra.rstrip("*")) + r"\w* "
        else:
            expresion += _singular_o_plural(palabra) + " "
    expresion = expresion[:-1] if expresion.endswith(" ") else expresion
    for excepto in excepciones:
        expresion += rf"(?! {re.escape(normalizar(excepto))})"
    return re.compile(expresion), False


def literal(variante: str) -> str:
    """Trozo fijo (normalizado) con el que empieza toda coincidencia de una variante no sigla."""
    palabra = normalizar(variante.lstrip("^")).split(" ")[0]
    if palabra.endswith("*"):
        return palabra.rstrip("*")
    return palabra[: max(1, len(palabra) - 2)]


def _singular_o_plural(palabra: str) -> str:
    """«centros» → centro(s|es)?: «centros educativos» halla «centro educativo» y viceversa;
    «municipalidad» halla «municipalidades»."""
    if not palabra.isalpha() or len(palabra) < 4:
        return re.escape(palabra)
    raiz = palabra
    if palabra.endswith("es") and palabra[-3] in "dlnr":
        raiz = palabra[:-2]
    elif palabra.endswith("s"):
        raiz = palabra[:-1]
    return re.escape(raiz) + "(?:es|s)?"


def contiene(texto_original: str, texto_normalizado: str, variante: str) -> bool:
    expresion, en_original = patron(variante)
    return expresion.search(texto_original if en_original else texto_normalizado) is not None
