"""Verificación del documento producido: se relee el .docx y se buscan las secciones exigidas
(del manifiesto) y, si el manifiesto lo pide, todos los integrantes del nivel (de la ley)."""

from __future__ import annotations

import bisect
import io
from typing import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import docx

from . import ley
from .manifiesto import Manifiesto
from .normalizacion import literal, normalizar, patron
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
    tipo: str          # «sección» o «integrante»
    id: str
    descripcion: str
    encontrado: bool
    fragmento: str = ""

    def __str__(self) -> str:
        marca = "✓" if self.encontrado else "✗"
        return f"{marca} {self.tipo}: {self.descripcion}"


class Indice:
    """Párrafos de un documento normalizados una vez y unidos, para buscar muchas variantes
    con una sola pasada de expresión regular cada una (en vez de párrafo por párrafo)."""

    def __init__(self, parrafos: Iterable[str] | Iterable[tuple[str, str]]) -> None:
        pares = [p if isinstance(p, tuple) else (p, normalizar(p)) for p in parrafos]
        self.parrafos = [o for o, _ in pares]
        self._original, self._inicios_o = self._unir([o.replace("\n", " ") for o, _ in pares])
        self._normal, self._inicios_n = self._unir([n for _, n in pares])

    @staticmethod
    def _unir(textos: list[str]) -> tuple[str, list[int]]:
        inicios, posicion = [], 0
        for t in textos:
            inicios.append(posicion)
            posicion += len(t) + 1
        return "\n".join(textos), inicios

    def buscar(self, variantes: list[str]) -> str | None:
        primero: int | None = None
        for v in variantes:
            expresion, en_original = patron(v)
            texto, inicios = (self._original, self._inicios_o) if en_original else (self._normal, self._inicios_n)
            literal = _literal(v, en_original)   # toda coincidencia empieza por este trozo fijo
            desde, m = texto.find(literal), None
            while desde >= 0 and m is None:
                m = expresion.match(texto, desde)
                desde = texto.find(literal, desde + 1) if m is None else desde
            if m:
                i = bisect.bisect_right(inicios, m.start()) - 1
                primero = i if primero is None else min(primero, i)
        return None if primero is None else self.parrafos[primero]


@lru_cache(maxsize=4096)
def _literal(variante: str, en_original: bool) -> str:
    """Trozo fijo con el que empieza toda coincidencia de la variante (sin su posible plural)."""
    return variante if en_original else literal(variante)


def buscar(parrafos: "Indice | list[str] | list[tuple[str, str]]", variantes: list[str]) -> str | None:
    """Primer párrafo que contiene alguna variante, o None.

    `parrafos` puede ser un Indice (lo más rápido para muchas búsquedas), una lista de textos o
    de pares (original, normalizado).
    """
    indice = parrafos if isinstance(parrafos, Indice) else Indice(parrafos)
    return indice.buscar(variantes)


def revisar_texto(manifiesto: Manifiesto, nivel: str, parrafos: "Indice | list[str]",
                  opcionales: list[str] | None = None) -> list[Hallazgo]:
    """Cada sección exigida y, si corresponde, cada integrante del nivel: encontrado o no."""
    hallazgos = []
    parrafos = parrafos if isinstance(parrafos, Indice) else Indice(parrafos)
    for s in manifiesto.secciones_de(nivel):
        p = buscar(parrafos, [s.titulo, *s.variantes])
        hallazgos.append(Hallazgo("sección", s.id, s.titulo, p is not None, (p or "")[:120]))
    if manifiesto.verificar_integrantes:
        for i in ley.integrantes(nivel, opcionales):
            p = buscar(parrafos, i["variantes"])
            hallazgos.append(Hallazgo("integrante", i["id"], i["texto"], p is not None, (p or "")[:120]))
    return hallazgos
