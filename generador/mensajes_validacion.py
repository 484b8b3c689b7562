"""Mensajes en español de la validación: errores de pydantic traducidos y «¿quiso decir…?».

También la lista de opciones para un mensaje («a», «b» o «c») y la muestra corta y saneada del
valor recibido.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .conversion import clave_de_comparacion
from .limites import cifra, extracto


def lista_o(opciones) -> str:
    """[a, b, c] → «a», «b» o «c»."""
    textos = [f"«{o}»" for o in opciones]
    return textos[0] if len(textos) == 1 else ", ".join(textos[:-1]) + " o " + textos[-1]


def sugerencia(nombre: Any, candidatos) -> str:
    """« (¿quiso decir «genero»?)» si `nombre` se parece a uno de `candidatos`; si no, «»."""
    clave = clave_de_comparacion(nombre)
    por_clave = {clave_de_comparacion(c): c for c in candidatos}
    if clave in por_clave:
        return f" (¿quiso decir «{por_clave[clave]}»?)"
    parecidos = difflib.get_close_matches(clave, list(por_clave), n=1, cutoff=0.75)
    return f" (¿quiso decir «{por_clave[parecidos[0]]}»?)" if parecidos else ""


_ENTRE_COMILLAS = re.compile(r"'([^']*)'")  # opciones en el «'a' or 'b'» de pydantic


def traducir_error(e: Mapping[str, Any]) -> str:
    """Mensaje en español para un error de pydantic."""
    tipo, ctx, valor = e["type"], e.get("ctx") or {}, e.get("input")
    muestra = _muestra(valor)
    recibido = f" (se recibió {muestra})" if muestra else ""
    if tipo == "invalid_key":
        return "los nombres de campo deben ser textos"
    if tipo == "missing":
        return "falta este campo obligatorio"
    if tipo == "extra_forbidden":
        return "campo desconocido: no existe en este documento (revise la ortografía o use «generador nuevo» para ver los campos)"
    if tipo.startswith("date"):
        return f"no es una fecha válida; escriba AAAA-MM-DD, por ejemplo 2026-03-15{recibido}"
    if tipo.startswith("time"):
        return f"no es una hora válida; escriba HH:MM, por ejemplo 09:30{recibido}"
    if tipo.startswith("int") or tipo == "int_from_float":
        return f"debe ser un número entero{recibido}"
    if tipo.startswith("decimal") or tipo.startswith("float"):
        return f"debe ser un número (use punto decimal, sin separador de miles){recibido}"
    if tipo in ("bool_parsing", "bool_type", "value_error") and "bool" in str(e.get("msg", "")) + tipo:
        return f"debe ser sí o no{recibido}"
    if tipo == "literal_error":
        opciones = _ENTRE_COMILLAS.findall(str(ctx.get("expected", "")))
        return f"valor no admitido{recibido}; use {lista_o(opciones)}"
    if tipo == "texto_demasiado_largo":
        return e["msg"]
    if tipo == "string_too_short":
        return "no puede quedar vacío"
    if tipo == "string_pattern_mismatch":
        return _formato_esperado(str(ctx.get("pattern", "")), valor, recibido)
    if tipo == "string_type":
        return f"debe ser un texto{recibido}"
    if tipo in ("greater_than_equal", "greater_than"):
        return f"debe ser mayor o igual que {cifra(ctx.get('ge', ctx.get('gt')))}{recibido}"
    if tipo in ("less_than_equal", "less_than"):
        return f"debe ser como máximo {cifra(ctx.get('le', ctx.get('lt')))}{recibido}"
    if tipo == "too_short":
        return f"la lista debe tener al menos {ctx.get('min_length')} elemento(s)"
    if tipo == "list_type":
        return "debe ser una lista (elementos que empiezan con «- »)"
    if tipo in ("model_type", "dict_type", "model_attributes_type"):
        return "debe ser un grupo de campos «clave: valor»"
    return f"valor no válido{recibido}"


def _muestra(valor: Any) -> str:
    """El valor recibido, citado corto y saneado (nunca el contenido entero de otro archivo)."""
    if isinstance(valor, bool) or not isinstance(valor, (str, int, float, Decimal)):
        return ""
    if isinstance(valor, int) and abs(valor) >= 10**30:
        return "un número enorme"
    return repr(extracto(valor)) if isinstance(valor, str) else extracto(valor)


def _formato_esperado(patron: str, valor: Any, recibido: str) -> str:
    """«debe tener 8 dígitos» para un patrón de N dígitos (DNI); si falta uno, el cero inicial."""
    digitos = re.fullmatch(r"\^\\d\{(\d+)\}\$", patron)
    if not digitos:
        return f"no tiene el formato esperado{recibido}"
    n = int(digitos.group(1))
    texto = str(valor).strip() if isinstance(valor, (str, int)) else ""
    mensaje = f"debe tener {n} dígitos{recibido}"
    if texto.isdigit() and len(texto) == n - 1:
        mensaje += (
            f"; tiene {n - 1}: si el dato viene de una hoja de cálculo, esta pudo quitar el "
            f"cero inicial. Escríbalo completo y entre comillas (p. ej. '0{texto}') o dé "
            "formato de texto a esa columna"
        )
    elif texto.isdigit():
        mensaje += f"; tiene {len(texto)}"
    elif texto:
        mensaje += ", solo números (sin puntos, espacios ni letras)"
    return mensaje
