"""Esquema de validación de las respuestas: el modelo pydantic de un grupo de preguntas.

Cada pregunta da un campo con su tipo según el nivel (obligatorio o no, mínimos y máximos,
opciones); `validar` devuelve los datos limpios o los errores en español, con su ruta.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, WrapValidator, create_model

from .conversion import como_booleano, como_parrafos, como_texto, opcion_canonica, vacio_es_lista
from .limites import MAXIMO_DECIMAL, MAXIMO_ENTERO
from .mensajes_validacion import sugerencia, traducir_error
from .pendientes import Pendiente
from .preguntas import Pregunta


def _admite_pendiente(valor: Any, siguiente: Any) -> Any:
    """Una marca Pendiente (solo la ponen los lotes) vale para cualquier tipo simple."""
    return valor if isinstance(valor, Pendiente) else siguiente(valor)


_PENDIENTE = WrapValidator(_admite_pendiente)


def _tipo_python(p: Pregunta, nivel: str | None, nombre: str) -> Any:
    """Tipo anotado de pydantic para una pregunta."""
    tipo = _tipo_base(p, nivel, nombre)
    if p.tipo in ("lista", "objeto", "texto_largo"):
        return tipo
    return Annotated[tipo, _PENDIENTE]


def _tipo_base(p: Pregunta, nivel: str | None, nombre: str) -> Any:
    restricciones: dict[str, Any] = {}
    if p.tipo in ("texto", "documento"):
        if p.patron:
            restricciones["pattern"] = p.patron
        if p.es_requerida(nivel):
            restricciones["min_length"] = 1
        return Annotated[str, BeforeValidator(como_texto), Field(**restricciones)]
    if p.tipo == "texto_largo":
        return Annotated[list[str], BeforeValidator(como_parrafos), BeforeValidator(vacio_es_lista)]
    if p.tipo in ("entero", "decimal"):
        # sin máximo declarado, uno por defecto: un número enorme nunca llega a los cálculos
        tope = MAXIMO_ENTERO if p.tipo == "entero" else MAXIMO_DECIMAL
        restricciones["ge"] = p.minimo if p.minimo is not None else -tope
        restricciones["le"] = p.maximo if p.maximo is not None else tope
        base = int if p.tipo == "entero" else Decimal
        return Annotated[base, Field(**restricciones)]
    if p.tipo == "fecha":
        return dt.date
    if p.tipo == "hora":
        return dt.time
    if p.tipo == "booleano":
        return Annotated[bool, BeforeValidator(como_booleano)]
    if p.tipo == "opcion":
        opciones = tuple(p.opciones)
        return Annotated[Literal[opciones], BeforeValidator(lambda v: opcion_canonica(v, opciones))]
    if p.tipo == "objeto":
        return modelo_de(nombre, p.campos, nivel)
    if p.tipo == "lista":
        if p.elementos is not None:
            interno = _tipo_python(p.elementos, nivel, nombre)
        else:
            interno = modelo_de(nombre, p.campos, nivel)
        if p.minimo is not None:
            restricciones["min_length"] = int(p.minimo)
        return Annotated[
            list[interno],  # type: ignore[valid-type]
            Field(**restricciones),
            BeforeValidator(vacio_es_lista),
        ]
    raise ValueError(f"tipo de pregunta desconocido: {p.tipo}")


_MODELOS: dict[tuple, tuple[dict, type[BaseModel]]] = {}
_PREGUNTAS_DE: dict[type, dict[str, Pregunta]] = {}  # modelo → sus preguntas (para sugerir nombres)


def modelo_de(nombre: str, preguntas: dict[str, Pregunta], nivel: str | None) -> type[BaseModel]:
    """Modelo pydantic (campos desconocidos prohibidos) para un conjunto de preguntas.

    Se construye una vez por conjunto de preguntas y nivel (los manifiestos se cargan una vez).
    """
    clave = (id(preguntas), nombre, nivel)
    if clave not in _MODELOS or _MODELOS[clave][0] is not preguntas:
        _MODELOS[clave] = (preguntas, _construir_modelo(nombre, preguntas, nivel))
    return _MODELOS[clave][1]


def _construir_modelo(nombre: str, preguntas: dict[str, Pregunta], nivel: str | None) -> type[BaseModel]:
    campos: dict[str, Any] = {}
    for clave, p in preguntas.items():
        if not p.aplica(nivel):
            continue
        tipo = _tipo_python(p, nivel, f"{nombre}_{clave}")
        if p.es_requerida(nivel) and p.defecto is None:
            campos[clave] = (tipo, ...)
        elif p.tipo in ("lista", "texto_largo") and p.defecto is None:
            campos[clave] = (tipo, Field(default_factory=list))
        else:
            # el defecto se valida como cualquier respuesta: «false» → False, «15» → 15
            campos[clave] = (Optional[tipo], Field(default=p.defecto, validate_default=p.defecto is not None))
    config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    modelo = create_model(re.sub(r"\W", "_", nombre), __config__=config, **campos)
    _PREGUNTAS_DE[modelo] = preguntas
    return modelo


def _preguntas_en(preguntas: dict[str, Pregunta], ruta: tuple) -> dict[str, Pregunta]:
    """Las preguntas del grupo donde está `ruta` (("integrantes", 0, "titular") → las del titular)."""
    for parte in ruta:
        if isinstance(parte, int):
            continue
        p = preguntas.get(parte)
        if p is None:
            return {}
        preguntas = p.campos or (p.elementos.campos if p.elementos else {})
    return preguntas


def validar(modelo: type[BaseModel], datos: Any) -> tuple[dict | None, list[tuple[tuple, str]]]:
    """Valida; devuelve (datos limpios, [(ruta, mensaje en español)])."""
    try:
        return modelo.model_validate(datos if datos is not None else {}).model_dump(warnings=False), []
    except ValidationError as exc:
        errores = []
        for e in exc.errors():
            ruta, mensaje = tuple(e["loc"]), traducir_error(e)
            if e["type"] == "extra_forbidden" and ruta:
                parecido = sugerencia(ruta[-1], _preguntas_en(_PREGUNTAS_DE.get(modelo, {}), ruta[:-1]))
                if parecido:
                    mensaje = f"campo desconocido{parecido}"
            errores.append((ruta, mensaje))
        return None, errores
