"""Normalización de texto para buscar secciones e integrantes en cualquier documento."""

from __future__ import annotations

import re
import unicodedata


def normalizar(texto: str) -> str:
    """Minúsculas, sin tildes, sin guiones de corte de línea y con espacios simples."""
    texto = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", texto)
    texto = unicodedata.normalize("NFKD", texto)
    texto = "".join(c for c in texto if not unicodedata.combining(c))
    return " ".join(texto.lower().split())


def es_sigla(variante: str) -> bool:
    """«CEM», «PNP», «UGEL»: se buscan como palabra entera y respetando mayúsculas."""
    return variante.isupper() and " " not in variante


def contiene(texto_original: str, texto_normalizado: str, variante: str) -> bool:
    if es_sigla(variante):
        return re.search(rf"\b{re.escape(variante)}\b", texto_original) is not None
    return re.search(rf"\b{re.escape(normalizar(variante))}", texto_normalizado) is not None
