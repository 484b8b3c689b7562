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
from .esquema import modelo_de, validar
from .limites import LIMITE_PERFIL, extracto
from .lugar import comprobar as comprobar_lugar
from .mensajes_validacion import sugerencia
from .preguntas import Pregunta
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


def resolver_fuente(
    archivo: ArchivoYaml, clave: str = "instancia", perfil: Path | None = None, carpeta: Path | None = None
) -> tuple[Fuente, Any]:
    """Fuente y datos del perfil referido por `clave` (en línea o como ruta a otro YAML).

    Una ruta escrita en el archivo («instancia: instancia.yaml») es relativa a él y debe quedar
    dentro de `carpeta` (por defecto, la carpeta del archivo de respuestas, con sus subcarpetas):
    así un archivo de respuestas ajeno (el que sube alguien a la aplicación web, uno de una hoja
    de cálculo) no puede leer `/etc/shadow` ni `../../otra-carpeta/instancia.yaml`. Los enlaces
    simbólicos se siguen antes de comprobarlo.

    `perfil` es una ruta que la persona usuaria dio ella misma y que, por eso, no se limita:
    - la CLI la pasará desde una opción («generador generar r.yaml --instancia ../comun/instancia.yaml»),
      vía `validar_archivo(ruta, perfil=Path(opcion))`; sin la opción, se usa lo que diga el archivo;
    - la aplicación web no la pasa nunca (el perfil sale del archivo subido, dentro de su carpeta)
      o pasa `carpeta=` con la carpeta de trabajo de esa sesión.
    """
    if perfil is not None:
        externo = cargar_yaml(Path(perfil), LIMITE_PERFIL)
        return Fuente(externo), externo.datos
    valor = (archivo.datos or {}).get(clave)
    if isinstance(valor, str):
        externo = cargar_yaml(_dentro_de(archivo, clave, valor, carpeta), LIMITE_PERFIL)
        return Fuente(externo), externo.datos
    return Fuente(archivo, (clave,)), valor


def _dentro_de(archivo: ArchivoYaml, clave: str, valor: str, carpeta: Path | None) -> Path:
    """La ruta del perfil, si queda dentro de `carpeta`; si no, ErrorRespuestas (sin leerlo)."""
    base = archivo.ruta.parent
    if "\x00" in valor:
        raise ErrorRespuestas([archivo.problema((clave,), "la ruta del perfil contiene un carácter nulo")])
    ruta = base / valor
    limite = (carpeta or base).resolve()
    try:
        real = ruta.resolve()
    except (OSError, RuntimeError):  # bucle de enlaces simbólicos
        real = None
    if real is None or (real != limite and limite not in real.parents):
        raise ErrorRespuestas(
            [
                archivo.problema(
                    (clave,),
                    (
                        f"el perfil «{extracto(valor, 80)}» está fuera de la carpeta de las respuestas ({limite}); "
                        "por seguridad solo se lee un perfil de esa carpeta o de sus subcarpetas: copie el "
                        "instancia.yaml a esa carpeta (o escriba el perfil aquí mismo)"
                    ),
                )
            ]
        )
    return ruta


_VALIDOS: dict[str, tuple[dict, list[str]]] = {}  # perfiles ya validados sin problemas, con sus avisos
# (un lote valida el mismo 7 veces)


def validar_perfil(fuente: Fuente, datos: Any, nivel_pedido: str | None = None) -> dict | None:
    """Valida el perfil; los problemas quedan en `fuente.problemas`.

    El resultado es compartido entre documentos del mismo perfil: no debe modificarse.
    """
    if not isinstance(datos, dict):
        fuente.problema((), "el perfil de la instancia debe ser un grupo de campos (nivel, departamento…)")
        return None
    if datos and not any(isinstance(k, str) and k in preguntas_perfil() for k in datos):
        # ningún campo conocido: no es un perfil; no se citan sus claves (podría ser otro archivo)
        fuente.problema(
            (),
            "no parece un perfil de instancia: no tiene ninguno de sus campos (nivel, "
            "departamento, presidencia…); revise la ruta de «instancia»",
        )
        return None
    clave = f"{nivel_pedido}|{datos!r}"
    limpio: dict | None
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
            fuente.problema(
                ("opcionales", i),
                f"«{extracto(opcional)}» no es un integrante opcional del nivel {nivel}; válidos: {validos}",
            )
    cuenta: Counter = Counter()
    for i, miembro in enumerate(perfil.get("integrantes") or []):
        codigo = miembro["integrante"]
        if codigo not in conocidos:
            fuente.problema(
                ("integrantes", i, "integrante"),
                f"«{extracto(codigo)}» no es integrante del nivel {nivel}{sugerencia(codigo, conocidos)}; válidos: {', '.join(conocidos)}",
            )
            continue
        if conocidos[codigo].get("opcional") and codigo not in (perfil.get("opcionales") or []):
            fuente.problema(("integrantes", i, "integrante"), f"«{codigo}» es opcional: añádalo también a «opcionales»")
        cuenta[codigo] += 1
        maximo = conocidos[codigo].get("cantidad", 1)
        if cuenta[codigo] > maximo:
            fuente.problema(
                ("integrantes", i, "integrante"),
                f"la norma admite como máximo {maximo} representación(es) de «{codigo}»",
            )


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
