"""Registros con nombre de reglas y cálculos que los manifiestos activan por nombre.

Los módulos de `generador/reglas/` y `generador/calculos/` se importan solos: añadir las
reglas o cálculos de un documento es añadir un módulo allí (uno por documento o tema).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Callable

from .errores import ErrorPlantilla


class Registro:
    def __init__(self, paquete: str, que: str) -> None:
        self.paquete, self.que = paquete, que
        self._funciones: dict[str, Callable] = {}
        self._cargado = False

    def __call__(self, nombre: str) -> Callable:
        """Decorador: @regla("nombre")."""
        def registrar(funcion: Callable) -> Callable:
            self._funciones[nombre] = funcion
            return funcion
        return registrar

    def obtener(self, nombre: str, documento: str) -> Callable:
        if not self._cargado:
            paquete = importlib.import_module(self.paquete)
            for modulo in pkgutil.iter_modules(paquete.__path__):
                importlib.import_module(f"{self.paquete}.{modulo.name}")
            self._cargado = True
        if nombre not in self._funciones:
            raise ErrorPlantilla(f"el manifiesto de «{documento}» pide {self.que} desconocido/a «{nombre}»")
        return self._funciones[nombre]


regla = Registro("generador.reglas", "la regla")
calculo = Registro("generador.calculos", "el cálculo")
