"""Carga de archivos YAML de respuestas, recordando la línea de cada campo.

El YAML se lee sin adivinar tipos: todo escalar sin comillas queda como texto (salvo el vacío,
que es nulo). Así «010» no se vuelve 8 (octal), «10:00» no se vuelve 600 (sexagesimal) ni «no» se
vuelve False en un campo de texto: el tipo lo decide la pregunta declarada en el manifiesto.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errores import ErrorRespuestas, Problema

Ruta = tuple  # camino de un campo: ("integrantes", 2, "titular", "dni")


_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml si está disponible


class _Cargador(_Base):
    """SafeLoader que solo resuelve el nulo; el resto de escalares llegan como texto."""


_Cargador.yaml_implicit_resolvers = {
    clave: [(etq, patron) for etq, patron in lista if etq == "tag:yaml.org,2002:null"]
    for clave, lista in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class ArchivoYaml:
    """Datos de un YAML y la posición (línea, columna; desde 1) de cada campo."""

    ruta: Path
    datos: Any
    posiciones: dict[Ruta, tuple[int, int]] = field(default_factory=dict)

    def linea(self, ruta: Ruta) -> tuple[int | None, int | None]:
        """Posición del campo, o la del ancestro más cercano que exista en el archivo."""
        ruta = tuple(ruta)
        while ruta:
            if ruta in self.posiciones:
                return self.posiciones[ruta]
            ruta = ruta[:-1]
        return (None, None)

    def problema(self, ruta: Ruta, mensaje: str) -> Problema:
        linea, columna = self.linea(ruta)
        return Problema(self.ruta, nombre_campo(ruta), mensaje, linea, columna)


def nombre_campo(ruta: Ruta) -> str:
    """("integrantes", 2, "dni") → «integrantes[3].dni» (posiciones contadas desde 1)."""
    texto = ""
    for parte in ruta:
        if isinstance(parte, int):
            texto += f"[{parte + 1}]"
        else:
            texto += ("." if texto else "") + str(parte)
    return texto


def _recorrer(nodo: yaml.Node, ruta: Ruta, posiciones: dict) -> None:
    if isinstance(nodo, yaml.MappingNode):
        for clave, valor in nodo.value:
            hijo = ruta + (clave.value,)
            posiciones[hijo] = (clave.start_mark.line + 1, clave.start_mark.column + 1)
            _recorrer(valor, hijo, posiciones)
    elif isinstance(nodo, yaml.SequenceNode):
        for i, valor in enumerate(nodo.value):
            hijo = ruta + (i,)
            posiciones[hijo] = (valor.start_mark.line + 1, valor.start_mark.column + 1)
            _recorrer(valor, hijo, posiciones)


def cargar_yaml(ruta: Path | str) -> ArchivoYaml:
    """Lee un YAML; todo error sale como ErrorRespuestas con archivo, línea y columna."""
    ruta = Path(ruta)
    try:
        texto = ruta.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ErrorRespuestas([Problema(ruta, "", "el archivo no existe")]) from None
    except IsADirectoryError:
        raise ErrorRespuestas([Problema(ruta, "", "es una carpeta, no un archivo YAML")]) from None
    except UnicodeDecodeError:
        raise ErrorRespuestas([Problema(ruta, "", "no está codificado en UTF-8")]) from None
    except OSError as exc:
        raise ErrorRespuestas([Problema(ruta, "", f"no se puede leer ({exc.strerror})")]) from None
    cargador = _Cargador(texto)
    try:
        nodo = cargador.get_single_node()
        datos = cargador.construct_document(nodo) if nodo is not None else None
    except yaml.MarkedYAMLError as exc:
        marca = exc.problem_mark or exc.context_mark
        motivo = _traducir_yaml(exc.problem or exc.context or "")
        raise ErrorRespuestas([Problema(
            ruta, "", f"YAML mal formado: {motivo}",
            marca.line + 1 if marca else None, marca.column + 1 if marca else None,
        )]) from None
    except yaml.YAMLError as exc:
        raise ErrorRespuestas([Problema(ruta, "", f"YAML mal formado: {exc}")]) from None
    finally:
        cargador.dispose()
    posiciones: dict = {}
    if nodo is not None:
        _recorrer(nodo, (), posiciones)
    return ArchivoYaml(ruta, datos, posiciones)


_MOTIVOS_YAML = {
    "mapping values are not allowed here": "aquí no se admite «clave: valor» (¿falta un espacio, una sangría o comillas?)",
    "could not find expected ':'": "falta «:» después de la clave",
    "found character '\\t' that cannot start any token": "hay un tabulador; use espacios para sangrar",
    "found undefined alias": "alias no definido",
    "found duplicate anchor": "ancla duplicada",
    "expected <block end>, but found '<block mapping start>'": "sangría incoherente",
    "expected <block end>, but found '-'": "sangría incoherente en una lista",
    "found unexpected end of stream": "el archivo termina antes de cerrar comillas o corchetes",
    "found unexpected ':'": "«:» inesperado (ponga el texto entre comillas)",
}


def _traducir_yaml(motivo: str) -> str:
    for ingles, espanol in _MOTIVOS_YAML.items():
        if motivo.startswith(ingles):
            return espanol
    return motivo
