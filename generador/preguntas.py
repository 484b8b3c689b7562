"""Preguntas tipadas declaradas como datos (manifiestos y perfil): tipo, ayuda, obligatoriedad y restricciones.

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

Con estas declaraciones, `generador/esquema.py` construye el modelo pydantic que valida las respuestas.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, field_validator, model_validator

TIPOS = (
    "texto",
    "texto_largo",
    "fecha",
    "hora",
    "entero",
    "decimal",
    "opcion",
    "booleano",
    "lista",
    "objeto",
    "documento",
)


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
    campo: str = ""  # dónde señalarlo (ruta con puntos); vacío: el documento o el elemento

    @model_validator(mode="after")
    def _uno_de_dos(self) -> Validacion:
        if bool(self.error) == bool(self.aviso):
            raise ValueError("cada validación lleva «error» o «aviso» (uno de los dos)")
        return self


class Unico(BaseModel):
    """Campo que no se repite en una lista (comparado sin tildes ni mayúsculas)."""

    model_config = ConfigDict(extra="forbid")

    campo: str
    mensaje: str = ""  # con {{ valor }} y {{ primero }} (número del elemento que ya lo usa)


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
    etiqueta: str = ""  # nombre corto («fecha de la sesión»); si no, sale de la ayuda
    requerido: Union[bool, list[str]] = False
    defecto: Any = None
    ejemplo: Any = None
    opciones: list[str] = []
    campos: dict[str, Pregunta] = {}
    elementos: Optional[Pregunta] = None  # listas de valores simples
    minimo: Optional[float] = None
    maximo: Optional[float] = None
    patron: Optional[str] = None
    niveles: list[str] = []  # vacío: la pregunta existe en todos los niveles
    documento: Optional[str] = None  # tipo «documento»: id del tipo al que apunta la ruta
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
