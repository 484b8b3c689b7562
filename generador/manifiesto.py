"""Tipos de documento: cada uno es una carpeta `plantillas/<id>/` con `plantilla.docx` y
`manifiesto.yaml` (título, niveles, preguntas tipadas y secciones exigidas).

Añadir un tipo de documento es añadir una carpeta: no hace falta tocar Python.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, ValidationError

from .errores import ErrorGenerador, ErrorPlantilla
from .preguntas import Pregunta
from .respuestas import cargar_yaml, nombre_campo

NIVELES = ("regional", "provincial", "distrital")

RAIZ = Path(__file__).resolve().parent.parent


def carpeta_plantillas() -> Path:
    """`plantillas/` del proyecto (o la indicada en GENERADOR_PLANTILLAS)."""
    return Path(os.environ.get("GENERADOR_PLANTILLAS", RAIZ / "plantillas"))


class Seccion(BaseModel):
    """Sección exigida: se da por presente si algún párrafo contiene su título o una variante."""

    model_config = ConfigDict(extra="forbid")

    id: str
    titulo: str
    variantes: list[str] = []
    niveles: list[str] = []
    # `revisar`: si la norma la exige o es buena práctica, de dónde sale ese requisito, qué papel
    # tiene («integrantes»: la lista de integrantes; «firmas»: desde aquí, el bloque de firmas) y
    # tras qué sección debe estar para contar (el articulado va después de la fórmula de aprobación).
    exigencia: Literal["exigido", "recomendado"] = "exigido"
    fuente: str = ""
    rol: Literal["", "integrantes", "firmas"] = ""
    despues: str = ""

    def aplica(self, nivel: str) -> bool:
        return not self.niveles or nivel in self.niveles


class Adicional(BaseModel):
    """Documento secundario de la misma ejecución (p. ej. oficios a las entidades ausentes)."""

    model_config = ConfigDict(extra="forbid")

    plantilla: str
    sufijo: str                  # «acta-sesion_provincial_Chota_oficios.docx»
    si: str = ""                 # campo del contexto que debe ser verdadero para generarlo
    secciones: list[Seccion] = []


class Manifiesto(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    titulo: str
    descripcion: str
    niveles: list[str] = list(NIVELES)
    plantilla: str = "plantilla.docx"
    verificar_integrantes: bool = False
    # false si el documento necesita hechos que un lote territorial no tiene (asistencia, ejecución)
    en_lote_territorial: bool = True
    calculos: list[str] = []     # funciones de generador/calculos.py que añaden campos al contexto
    reglas: list[str] = []       # comprobaciones de generador/reglas.py (errores y avisos)
    preguntas: dict[str, Pregunta] = {}
    secciones: list[Seccion] = []
    adicionales: list[Adicional] = []
    carpeta: Optional[Path] = None

    @property
    def ruta_plantilla(self) -> Path:
        return self.carpeta / self.plantilla

    def secciones_de(self, nivel: str) -> list[Seccion]:
        return [s for s in self.secciones if s.aplica(nivel)]


def cargar_manifiesto(carpeta: Path) -> Manifiesto:
    archivo = cargar_yaml(carpeta / "manifiesto.yaml")
    try:
        m = Manifiesto.model_validate({**(archivo.datos or {}), "carpeta": carpeta})
    except ValidationError as exc:
        e = exc.errors()[0]
        linea, _ = archivo.linea(tuple(e["loc"]))
        raise ErrorPlantilla(
            f"{archivo.ruta}, línea {linea}, campo «{nombre_campo(tuple(e['loc']))}»: "
            f"manifiesto no válido ({e['msg']})") from None
    if m.id != carpeta.name:
        raise ErrorPlantilla(f"{archivo.ruta}: el id «{m.id}» no coincide con la carpeta «{carpeta.name}»")
    for nivel in m.niveles:
        if nivel not in NIVELES:
            raise ErrorPlantilla(f"{archivo.ruta}: nivel desconocido «{nivel}»")
    for nombre in [m.plantilla, *(a.plantilla for a in m.adicionales)]:
        if not (carpeta / nombre).is_file():
            raise ErrorPlantilla(f"{carpeta}: falta la plantilla {nombre}")
    return m


@lru_cache(maxsize=8)
def _cargar_todo(carpeta: Path) -> tuple[dict[str, Manifiesto], dict[str, str]]:
    if not carpeta.is_dir():
        raise ErrorGenerador(f"no se encuentra la carpeta de plantillas {carpeta}")
    validos: dict[str, Manifiesto] = {}
    rotos: dict[str, str] = {}
    for sub in sorted(carpeta.iterdir()):
        if (sub / "manifiesto.yaml").is_file():
            try:
                validos[sub.name] = cargar_manifiesto(sub)
            except ErrorGenerador as exc:   # una carpeta rota no impide usar las demás
                rotos[sub.name] = str(exc)
    return validos, rotos


def catalogo() -> dict[str, Manifiesto]:
    """Todos los tipos de documento disponibles (con manifiesto y plantilla válidos), por id."""
    return _cargar_todo(carpeta_plantillas())[0]


def plantillas_rotas() -> dict[str, str]:
    """Carpetas de plantillas con un manifiesto o una plantilla inválidos, y por qué."""
    return _cargar_todo(carpeta_plantillas())[1]


def manifiesto(documento: str) -> Manifiesto:
    tipos, rotos = _cargar_todo(carpeta_plantillas())
    if documento in rotos:
        raise ErrorPlantilla(rotos[documento])
    if documento not in tipos:
        raise ErrorGenerador(
            f"documento desconocido «{documento}»; disponibles: {', '.join(tipos)}")
    return tipos[documento]
