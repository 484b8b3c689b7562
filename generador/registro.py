"""Cálculos y reglas con nombre que los manifiestos activan por nombre.

El código propio de un tipo de documento vive en su carpeta, `plantillas/<id>/calculos.py` y
`plantillas/<id>/reglas.py`, y se carga por ruta (como cookiecutter carga sus «hooks»): el
paquete no conoce ningún tipo de documento. Lo común a varios tipos (la asistencia y el quórum
a partir del directorio, en `generador/asistencia.py`; la sesión que aprobó un documento, en
`generador/carpeta.py`) lo puede nombrar cualquier manifiesto.

    @calculo("acta_sesion", requiere=("asistencia",), produce=("sesion", "votaciones"))
    def acta_sesion(r, contexto) -> dict: ...      # campos nuevos para el contexto

    @regla("acta_sesion_votaciones")
    def votaciones(r) -> None: ...                 # r.error(ruta, msj) / r.aviso(ruta, msj)
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from .errores import ErrorPlantilla

ARCHIVOS_CODIGO = ("calculos.py", "reglas.py")


@dataclass(frozen=True)
class Calculo:
    nombre: str
    funcion: Callable[..., dict]
    requiere: tuple[str, ...] = ()  # cálculos que deben ir antes en el manifiesto
    produce: tuple[str, ...] = ()  # campos que añade al contexto (para las expresiones `si:`)


@dataclass(frozen=True)
class Regla:
    nombre: str
    funcion: Callable[..., None]


def calculo(nombre: str, requiere: tuple[str, ...] = (), produce: tuple[str, ...] = ()) -> Callable:
    """Decorador: marca una función como el cálculo «nombre»."""

    def marcar(funcion: Callable) -> Callable:
        funcion.calculo = Calculo(nombre, funcion, tuple(requiere), tuple(produce) or (nombre,))  # type: ignore[attr-defined]
        return funcion

    return marcar


def regla(nombre: str) -> Callable:
    """Decorador: marca una función como la regla «nombre»."""

    def marcar(funcion: Callable) -> Callable:
        funcion.regla = Regla(nombre, funcion)  # type: ignore[attr-defined]
        return funcion

    return marcar


@dataclass
class Codigo:
    """Cálculos y reglas disponibles para un tipo: los de su carpeta y los comunes."""

    calculos: dict[str, Calculo]
    reglas: dict[str, Regla]


def _marcados(modulo: Any) -> tuple[dict[str, Calculo], dict[str, Regla]]:
    calculos: dict[str, Calculo] = {}
    reglas: dict[str, Regla] = {}
    for valor in vars(modulo).values():
        if getattr(valor, "__module__", None) != modulo.__name__:
            continue  # lo importado de otro módulo no es de este
        if isinstance(getattr(valor, "calculo", None), Calculo):
            calculos[valor.calculo.nombre] = valor.calculo
        if isinstance(getattr(valor, "regla", None), Regla):
            reglas[valor.regla.nombre] = valor.regla
    return calculos, reglas


def cargar_modulo(ruta: Path) -> ModuleType:
    """Importa un archivo .py de una carpeta de plantillas por su ruta."""
    nombre = "generador_tipo_" + re.sub(r"\W", "_", f"{ruta.parent.name}_{ruta.stem}")
    if nombre in sys.modules and getattr(sys.modules[nombre], "__file__", None) == str(ruta):
        return sys.modules[nombre]
    spec = importlib.util.spec_from_file_location(nombre, ruta)
    if spec is None or spec.loader is None:
        raise ErrorPlantilla(f"{ruta}: no se puede cargar como código Python")
    modulo = importlib.util.module_from_spec(spec)
    sys.modules[nombre] = modulo
    try:
        spec.loader.exec_module(modulo)
    except Exception as exc:  # el código de una plantilla no debe tumbar el catálogo
        del sys.modules[nombre]
        raise ErrorPlantilla(
            f"{ruta}: el código de la plantilla falla al cargarse ({type(exc).__name__}: {exc})"
        ) from None
    return modulo


def codigo_de(carpeta: Path) -> Codigo:
    """Cálculos y reglas de la carpeta de un tipo (sus .py) más los comunes."""
    from . import asistencia
    from . import carpeta as modulo_carpeta

    calculos, reglas = _marcados(asistencia)
    calculos.update(_marcados(modulo_carpeta)[0])
    for archivo in ARCHIVOS_CODIGO:
        if (carpeta / archivo).is_file():
            propios_c, propios_r = _marcados(cargar_modulo(carpeta / archivo))
            calculos.update(propios_c)
            reglas.update(propios_r)
    return Codigo(calculos, reglas)


def vecino(archivo: str, nombre: str = "calculos.py") -> ModuleType:
    """Otro .py de la misma carpeta de tipo: `vecino(__file__)` da su calculos.py."""
    return cargar_modulo(Path(archivo).with_name(nombre))
