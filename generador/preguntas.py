"""Preguntas tipadas declaradas como datos (manifiestos y perfil) y su modelo pydantic.

Una pregunta se declara en YAML así:

    fecha:
      tipo: fecha              # texto, texto_largo, fecha, hora, entero, decimal, opcion,
                               # booleano, lista, objeto
      ayuda: Fecha de aprobación por el Concejo.
      requerido: true          # o una lista de niveles: [provincial, distrital]
      defecto: null
      ejemplo: 2026-03-15

Restricciones declaradas junto a la pregunta (las aplica `generador/restricciones.py`):

      requerido_si: "modalidad == 'virtual'"     # o {si: …, mensaje: …}
      posterior_a: hora_inicio                   # también no_anterior_a, no_posterior_a;
                                                 # o {campo: …, mensaje: …, aviso: true}
      unico: [entidad]                           # en una lista: sin repetidos (sin tildes ni mayúsculas)
      en_directorio: true                        # el texto es una entidad del directorio del perfil
      cubre_directorio: entidad                  # en una lista: están todas las entidades del directorio
      validaciones:                              # en una lista: por elemento («elemento», «n»)
        - {si: "elemento.ejecutado > elemento.pim", aviso: "…"}
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, ValidationError,
                      WrapValidator, create_model, field_validator, model_validator)

from .pendientes import Pendiente

TIPOS = ("texto", "texto_largo", "fecha", "hora", "entero", "decimal", "opcion",
         "booleano", "lista", "objeto", "documento")

# Caracteres que XML 1.0 (y por tanto Word) no admite: se eliminan de toda respuesta.
_NO_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class Condicion(BaseModel):
    """«Obligatorio si…»: una expresión Jinja y, opcionalmente, el mensaje para quien responde."""

    model_config = ConfigDict(extra="forbid")

    si: str
    mensaje: str = ""


class Comparacion(BaseModel):
    """Orden entre fechas u horas: el otro campo («fecha», «instancia.ordenanza.fecha»)."""

    model_config = ConfigDict(extra="forbid")

    campo: str
    mensaje: str = ""
    aviso: bool = False


class Validacion(BaseModel):
    """Comprobación con nombre: si la expresión `si` es verdadera, error o aviso con su mensaje."""

    model_config = ConfigDict(extra="forbid")

    si: str
    error: str = ""
    aviso: str = ""
    campo: str = ""            # dónde señalarlo (ruta con puntos); vacío: el documento o el elemento

    @model_validator(mode="after")
    def _uno_de_dos(self) -> "Validacion":
        if bool(self.error) == bool(self.aviso):
            raise ValueError("cada validación lleva «error» o «aviso» (uno de los dos)")
        return self


class Unico(BaseModel):
    """Campo que no se repite en una lista (comparado sin tildes ni mayúsculas)."""

    model_config = ConfigDict(extra="forbid")

    campo: str
    mensaje: str = ""          # con {{ valor }} y {{ primero }} (número del elemento que ya lo usa)


def _como_unicos(valor: Any) -> Any:
    return [{"campo": v} if isinstance(v, str) else v for v in valor] if isinstance(valor, list) else valor


def _como_condicion(valor: Any) -> Any:
    return {"si": valor} if isinstance(valor, str) else valor


def _como_comparacion(valor: Any) -> Any:
    return {"campo": valor} if isinstance(valor, str) else valor


class Pregunta(BaseModel):
    """Declaración de una pregunta: tipo, ayuda en español, obligatoriedad, valor por defecto."""

    model_config = ConfigDict(extra="forbid")

    tipo: Literal[TIPOS]  # type: ignore[valid-type]
    ayuda: str = ""
    etiqueta: str = ""                        # nombre corto («fecha de la sesión»); si no, sale de la ayuda
    requerido: Union[bool, list[str]] = False
    defecto: Any = None
    ejemplo: Any = None
    opciones: list[str] = []
    campos: dict[str, "Pregunta"] = {}
    elementos: Optional["Pregunta"] = None   # listas de valores simples
    minimo: Optional[float] = None
    maximo: Optional[float] = None
    patron: Optional[str] = None
    niveles: list[str] = []                   # vacío: la pregunta existe en todos los niveles
    documento: Optional[str] = None           # tipo «documento»: id del tipo al que apunta la ruta
    # restricciones declaradas (ver el encabezado del módulo)
    requerido_si: Annotated[Optional[Condicion], BeforeValidator(_como_condicion)] = None
    posterior_a: Annotated[Optional[Comparacion], BeforeValidator(_como_comparacion)] = None
    no_anterior_a: Annotated[Optional[Comparacion], BeforeValidator(_como_comparacion)] = None
    no_posterior_a: Annotated[Optional[Comparacion], BeforeValidator(_como_comparacion)] = None
    unico: Annotated[list[Unico], BeforeValidator(_como_unicos)] = []
    en_directorio: bool = False
    cubre_directorio: Optional[str] = None
    validaciones: list[Validacion] = []

    @field_validator("opciones")
    @classmethod
    def _opciones_texto(cls, v: list) -> list[str]:
        return [str(x) for x in v]

    def es_requerida(self, nivel: str | None) -> bool:
        if isinstance(self.requerido, list):
            return nivel in self.requerido
        return self.requerido

    def aplica(self, nivel: str | None) -> bool:
        return not self.niveles or nivel is None or nivel in self.niveles


def limpiar_texto(valor: str, conservar_saltos: bool = False) -> str:
    """Quita caracteres de control y normaliza Unicode (NFC); colapsa espacios si es una línea."""
    if not valor.isprintable():            # lo habitual es que no haya nada que quitar
        valor = _NO_XML.sub("", valor)
    if not unicodedata.is_normalized("NFC", valor):
        valor = unicodedata.normalize("NFC", valor)
    if conservar_saltos:
        return "\n".join(" ".join(l.split()) for l in valor.replace("\r", "").split("\n")).strip()
    return " ".join(valor.split())


def _como_texto(valor: Any) -> Any:
    if isinstance(valor, (dict, list)):
        return valor  # que pydantic lo rechace como «no es texto»
    if isinstance(valor, (dt.date, int, float, Decimal)) and not isinstance(valor, bool):
        valor = str(valor)
    return limpiar_texto(valor) if isinstance(valor, str) else valor


def _como_parrafos(valor: Any) -> Any:
    """Texto largo → lista de párrafos (separados por una línea en blanco)."""
    if isinstance(valor, list):
        return [limpiar_texto(str(v)) for v in valor if str(v).strip()]
    if isinstance(valor, str):
        bloques = re.split(r"\n\s*\n", limpiar_texto(valor, conservar_saltos=True))
        return [" ".join(b.split()) for b in bloques if b.strip()]
    return valor


def _vacio_es_lista(valor: Any) -> Any:
    """«campo:» sin nada (nulo) en una lista equivale a una lista vacía."""
    return [] if valor is None else valor


_SI = {"sí", "si", "true", "verdadero", "yes"}
_NO = {"no", "false", "falso"}


def _como_booleano(valor: Any) -> Any:
    if isinstance(valor, str):
        v = valor.strip().lower()
        if v in _SI:
            return True
        if v in _NO:
            return False
        raise ValueError("bool")
    return valor


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
        return Annotated[str, BeforeValidator(_como_texto), Field(**restricciones)]
    if p.tipo == "texto_largo":
        return Annotated[list[str], BeforeValidator(_como_parrafos), BeforeValidator(_vacio_es_lista)]
    if p.tipo in ("entero", "decimal"):
        if p.minimo is not None:
            restricciones["ge"] = p.minimo
        if p.maximo is not None:
            restricciones["le"] = p.maximo
        base = int if p.tipo == "entero" else Decimal
        return Annotated[base, Field(**restricciones)]
    if p.tipo == "fecha":
        return dt.date
    if p.tipo == "hora":
        return dt.time
    if p.tipo == "booleano":
        return Annotated[bool, BeforeValidator(_como_booleano)]
    if p.tipo == "opcion":
        return Literal[tuple(p.opciones)]  # type: ignore[misc]
    if p.tipo == "objeto":
        return modelo_de(nombre, p.campos, nivel)
    if p.tipo == "lista":
        if p.elementos is not None:
            interno = _tipo_python(p.elementos, nivel, nombre)
        else:
            interno = modelo_de(nombre, p.campos, nivel)
        if p.minimo is not None:
            restricciones["min_length"] = int(p.minimo)
        return Annotated[list[interno], Field(**restricciones),  # type: ignore[valid-type]
                         BeforeValidator(_vacio_es_lista)]
    raise ValueError(f"tipo de pregunta desconocido: {p.tipo}")


_MODELOS: dict[tuple, tuple[dict, type[BaseModel]]] = {}


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
    return create_model(re.sub(r"\W", "_", nombre), __config__=config, **campos)


def validar(modelo: type[BaseModel], datos: Any) -> tuple[dict | None, list[tuple[tuple, str]]]:
    """Valida; devuelve (datos limpios, [(ruta, mensaje en español)])."""
    try:
        return modelo.model_validate(datos if datos is not None else {}).model_dump(warnings=False), []
    except ValidationError as exc:
        return None, [(tuple(e["loc"]), traducir_error(e)) for e in exc.errors()]


def traducir_error(e: dict) -> str:
    """Mensaje en español para un error de pydantic."""
    tipo, ctx, valor = e["type"], e.get("ctx") or {}, e.get("input")
    muestra = repr(valor) if isinstance(valor, (str, int, float)) and len(repr(valor)) < 60 else ""
    recibido = f" (se recibió {muestra})" if muestra else ""
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
        return f"valor no admitido{recibido}; opciones: {ctx.get('expected', '')}"
    if tipo == "string_too_short":
        return "no puede quedar vacío"
    if tipo == "string_pattern_mismatch":
        return f"no tiene el formato esperado{recibido}"
    if tipo == "string_type":
        return f"debe ser un texto{recibido}"
    if tipo in ("greater_than_equal", "greater_than"):
        return f"debe ser mayor o igual que {ctx.get('ge', ctx.get('gt'))}{recibido}"
    if tipo in ("less_than_equal", "less_than"):
        return f"debe ser menor o igual que {ctx.get('le', ctx.get('lt'))}{recibido}"
    if tipo == "too_short":
        return f"la lista debe tener al menos {ctx.get('min_length')} elemento(s)"
    if tipo == "list_type":
        return "debe ser una lista (elementos que empiezan con «- »)"
    if tipo in ("model_type", "dict_type", "model_attributes_type"):
        return "debe ser un grupo de campos «clave: valor»"
    return f"valor no válido{recibido}"
