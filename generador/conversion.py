"""Conversión de lo escrito en una respuesta al tipo de su pregunta, antes de validarlo.

Texto limpio (sin caracteres que Word no admite, Unicode NFC), texto largo en párrafos, «sí»/«no»
como booleano y la opción declarada aunque se escriba sin tildes o con otras mayúsculas. Van
como `BeforeValidator` en el esquema pydantic (`generador/esquema.py`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from pydantic_core import PydanticCustomError

from .limites import LIMITE_CARACTERES, cifra
from .normalizacion import sin_tildes

# Caracteres que XML 1.0 (y por tanto Word) no admite: se eliminan de toda respuesta.
_NO_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def limpiar_texto(valor: str, conservar_saltos: bool = False) -> str:
    """Quita caracteres de control y normaliza Unicode (NFC); colapsa espacios si es una línea."""
    if not valor.isprintable():  # lo habitual es que no haya nada que quitar
        valor = _NO_XML.sub("", valor)
    if not unicodedata.is_normalized("NFC", valor):
        valor = unicodedata.normalize("NFC", valor)
    if conservar_saltos:
        return "\n".join(" ".join(l.split()) for l in valor.replace("\r", "").split("\n")).strip()
    return " ".join(valor.split())


def _no_demasiado_largo(largo: int) -> None:
    if largo > LIMITE_CARACTERES:
        raise PydanticCustomError(
            "texto_demasiado_largo",
            f"el campo es demasiado largo ({cifra(largo)} caracteres; límite {cifra(LIMITE_CARACTERES)} "
            "caracteres): resúmalo o divídalo",
        )


def como_texto(valor: Any) -> Any:
    if isinstance(valor, (dict, list)):
        return valor  # que pydantic lo rechace como «no es texto»
    if isinstance(valor, (dt.date, int, float, Decimal)) and not isinstance(valor, bool):
        try:
            valor = str(valor)
        except ValueError:  # un entero de más de 4300 cifras
            raise PydanticCustomError("texto_demasiado_largo", "el número tiene demasiadas cifras") from None
    if isinstance(valor, str):
        _no_demasiado_largo(len(valor))
        return limpiar_texto(valor)
    return valor


def como_parrafos(valor: Any) -> Any:
    """Texto largo → lista de párrafos (separados por una línea en blanco)."""
    if isinstance(valor, list):
        _no_demasiado_largo(sum(len(str(v)) for v in valor if not isinstance(v, (list, dict))))
        return [limpiar_texto(str(v)) for v in valor if str(v).strip()]
    if isinstance(valor, str):
        _no_demasiado_largo(len(valor))
        bloques = re.split(r"\n\s*\n", limpiar_texto(valor, conservar_saltos=True))
        return [" ".join(b.split()) for b in bloques if b.strip()]
    return valor


def vacio_es_lista(valor: Any) -> Any:
    """«campo:» sin nada (nulo) en una lista equivale a una lista vacía."""
    return [] if valor is None else valor


_SI = {"sí", "si", "true", "verdadero", "yes"}
_NO = {"no", "false", "falso"}


def como_booleano(valor: Any) -> Any:
    if isinstance(valor, str):
        v = valor.strip().lower()
        if v in _SI:
            return True
        if v in _NO:
            return False
        raise ValueError("bool")
    return valor


def clave_de_comparacion(texto: Any) -> str:
    """«Mayoría», «mayoria», « MAYORÍA » → «mayoria» (sin tildes, minúsculas, espacios simples)."""
    return " ".join(sin_tildes(str(texto)).lower().replace("_", " ").replace("-", " ").split())


def opcion_canonica(valor: Any, opciones) -> Any:
    """La opción declarada que corresponde a `valor` sin importar tildes ni mayúsculas; si no hay
    una sola, `valor` tal cual (para que la validación lo rechace con la lista de opciones)."""
    if not isinstance(valor, str) or valor in opciones:
        return valor
    clave = clave_de_comparacion(valor)
    iguales = [o for o in opciones if clave_de_comparacion(o) == clave]
    return iguales[0] if len(iguales) == 1 else valor
