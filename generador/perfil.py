"""El perfil de la instancia (datos/instancia.yaml): una ficha compartida por todos los documentos.

Un archivo de respuestas lo lleva en línea (`instancia: {nivel: …}`) o apunta a un archivo
(`instancia: instancia.yaml`, relativo al archivo de respuestas).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import ley
from .errores import ErrorRespuestas, Problema
from .lugar import comprobar as comprobar_lugar
from .preguntas import Pregunta, modelo_de, validar
from .respuestas import ArchivoYaml, Ruta, cargar_yaml

ARCHIVO_PREGUNTAS = Path(__file__).with_name("datos") / "instancia.yaml"


@lru_cache(maxsize=1)
def preguntas_perfil() -> dict[str, Pregunta]:
    datos = yaml.safe_load(ARCHIVO_PREGUNTAS.read_text(encoding="utf-8"))
    return {k: Pregunta.model_validate(v) for k, v in datos["preguntas"].items()}


@dataclass
class Fuente:
    """Dónde está un bloque de datos: un archivo YAML y, si va anidado, su ruta dentro de él."""

    archivo: ArchivoYaml
    prefijo: Ruta = ()
    problemas: list[Problema] = field(default_factory=list)
    avisos: list[str] = field(default_factory=list)

    def problema(self, ruta: Ruta, mensaje: str) -> None:
        self.problemas.append(self.archivo.problema(self.prefijo + tuple(ruta), mensaje))

    def aviso(self, ruta: Ruta, mensaje: str) -> None:
        self.avisos.append(str(self.archivo.problema(self.prefijo + tuple(ruta), mensaje)))


def resolver_fuente(archivo: ArchivoYaml, clave: str = "instancia") -> tuple[Fuente, Any] | None:
    """Fuente y datos del perfil referido por `clave` (en línea o como ruta a otro YAML)."""
    valor = (archivo.datos or {}).get(clave)
    if isinstance(valor, str):
        externo = cargar_yaml((archivo.ruta.parent / valor))
        return Fuente(externo), externo.datos
    return Fuente(archivo, (clave,)), valor


_VALIDOS: dict[str, tuple[dict, list[str]]] = {}   # perfiles ya validados sin problemas, con sus avisos
                                                  # (un lote valida el mismo 7 veces)


def validar_perfil(fuente: Fuente, datos: Any, nivel_pedido: str | None = None) -> dict | None:
    """Valida el perfil; los problemas quedan en `fuente.problemas`.

    El resultado es compartido entre documentos del mismo perfil: no debe modificarse.
    """
    if not isinstance(datos, dict):
        fuente.problema((), "el perfil de la instancia debe ser un grupo de campos (nivel, departamento…)")
        return None
    clave = f"{nivel_pedido}|{datos!r}"
    if clave in _VALIDOS:
        limpio, avisos = _VALIDOS[clave]
        fuente.avisos += avisos
        return limpio
    nivel = datos.get("nivel") if datos.get("nivel") in ley.ley()["niveles"] else nivel_pedido
    limpio, errores = validar(modelo_de("Instancia", preguntas_perfil(), nivel), datos)
    for ruta, mensaje in errores:
        fuente.problema(ruta, mensaje)
    if limpio is None:
        return None
    antes, avisos_antes = len(fuente.problemas), len(fuente.avisos)
    _comprobar_integrantes(fuente, limpio)
    errores_lugar, avisos_lugar = comprobar_lugar(limpio)
    for ruta, mensaje in errores_lugar:
        fuente.problema(ruta, mensaje)
    for ruta, mensaje in avisos_lugar:
        fuente.aviso(ruta, mensaje)
    if len(fuente.problemas) == antes:
        if len(_VALIDOS) > 256:
            _VALIDOS.clear()
        _VALIDOS[clave] = (limpio, fuente.avisos[avisos_antes:])
    return limpio


def _comprobar_integrantes(fuente: Fuente, perfil: dict) -> None:
    nivel = perfil["nivel"]
    conocidos = ley.ids_integrantes(nivel)
    for i, opcional in enumerate(perfil.get("opcionales") or []):
        if not conocidos.get(opcional, {}).get("opcional"):
            validos = ", ".join(k for k, v in conocidos.items() if v.get("opcional"))
            fuente.problema(("opcionales", i),
                            f"«{opcional}» no es un integrante opcional del nivel {nivel}; válidos: {validos}")
    cuenta: Counter = Counter()
    for i, miembro in enumerate(perfil.get("integrantes") or []):
        codigo = miembro["integrante"]
        if codigo not in conocidos:
            fuente.problema(("integrantes", i, "integrante"),
                            f"«{codigo}» no es integrante del nivel {nivel}; válidos: {', '.join(conocidos)}")
            continue
        if conocidos[codigo].get("opcional") and codigo not in (perfil.get("opcionales") or []):
            fuente.problema(("integrantes", i, "integrante"),
                            f"«{codigo}» es opcional: añádalo también a «opcionales»")
        cuenta[codigo] += 1
        maximo = conocidos[codigo].get("cantidad", 1)
        if cuenta[codigo] > maximo:
            fuente.problema(("integrantes", i, "integrante"),
                            f"la norma admite como máximo {maximo} representación(es) de «{codigo}»")


def es_perfil(datos: Any) -> bool:
    """Un YAML es un perfil (instancia.yaml) si tiene «nivel» y no declara «documento»."""
    return isinstance(datos, dict) and "nivel" in datos and "documento" not in datos and "instancia" not in datos


def validar_archivo_perfil(archivo: ArchivoYaml) -> tuple[dict, list[str]]:
    """Valida un perfil solo (`generador validar instancia.yaml`): (perfil, avisos)."""
    fuente = Fuente(archivo)
    perfil = validar_perfil(fuente, archivo.datos)
    if fuente.problemas or perfil is None:
        raise ErrorRespuestas(fuente.problemas)
    return perfil, fuente.avisos
