"""Normalización de texto para buscar secciones e integrantes en cualquier documento."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def normalizar(texto: str) -> str:
    """Minúsculas, sin tildes, sin guiones de corte de línea y con espacios simples."""
    texto = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", texto)
    texto = unicodedata.normalize("NFKD", texto)
    texto = "".join(c for c in texto if not unicodedata.combining(c))
    return " ".join(texto.lower().split())


def es_sigla(variante: str) -> bool:
    """«CEM», «PNP», «UGEL»: se buscan como palabra entera y respetando mayúsculas."""
    return variante.isupper() and " " not in variante


@lru_cache(maxsize=4096)
def patron(variante: str) -> tuple[re.Pattern, bool]:
    """Expresión compilada de una variante y si se busca en el texto original (siglas)."""
    if es_sigla(variante):
        return re.compile(rf"\b{re.escape(variante)}\b"), True
    return re.compile(rf"\b{re.escape(normalizar(variante))}"), False


def contiene(texto_original: str, texto_normalizado: str, variante: str) -> bool:
    expresion, en_original = patron(variante)
    return expresion.search(texto_original if en_original else texto_normalizado) is not None
