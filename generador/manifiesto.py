"""Tipos de documento: cada uno es una carpeta `plantillas/<id>/`, cargada y validada aquí.

La carpeta tiene `plantilla.docx`, `manifiesto.yaml` (título, niveles, preguntas tipadas con sus
restricciones, validaciones, cálculos, secciones exigidas) y, si lo necesita, su código
(`calculos.py`, `reglas.py`).

Añadir un tipo de documento es añadir una carpeta: el paquete no conoce ningún tipo por su id.
El manifiesto se valida entero al cargarlo (nombres de cálculos y reglas, expresiones, orden de
los cálculos): un error de escritura falla en `generador listar`, con su archivo y su línea.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError

from . import restricciones
from .errores import ErrorGenerador, ErrorPlantilla
from .preguntas import Pregunta, Validacion
from .registro import Codigo, cargar_modulo, codigo_de
from .respuestas import ArchivoYaml, cargar_yaml, nombre_campo
from .ubicaciones import carpetas_plantillas

NIVELES = ("regional", "provincial", "distrital")


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
    sufijo: str  # «acta-sesion_provincial_Chota_oficios.docx»
    si: str = ""  # campo del contexto que debe ser verdadero para generarlo
    secciones: list[Seccion] = []


class EnExpediente(BaseModel):
    """Lugar del documento en el expediente técnico que une `generador expediente`."""

    model_config = ConfigDict(extra="forbid")

    orden: int
    titulo: str


class Sesion(BaseModel):
    """El documento es el acta de una sesión; `numerada_por`: el campo que separa su numeración
    («tipo»: ordinarias y extraordinarias se numeran aparte, por año)."""

    model_config = ConfigDict(extra="forbid")

    numerada_por: str = ""


class Plazo(BaseModel):
    """Plazo de una etapa: días hábiles desde la publicación de la ordenanza (un número o una
    respuesta «<tipo>.<campo>» de la carpeta), o un límite con nombre («plan_anual»)."""

    model_config = ConfigDict(extra="forbid")

    dias_habiles: Optional[str] = None
    limite: Optional[str] = None


class Etapa(BaseModel):
    """Una etapa de la vida de la instancia, en el orden de los Lineamientos (§7.3.2–7.3.4)."""

    model_config = ConfigDict(extra="forbid")

    orden: int
    nombre: str
    hecho: str = "archivo"  # archivo | aprobado | directorio | ordenanza_en_perfil
    plazo: Optional[Plazo] = None
    fuente: str = ""  # de dónde sale la etapa o su plazo (p. ej. «Lineamientos §7.3.3.1.4»)


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
    expediente: Optional[EnExpediente] = None
    sesion: Optional[Sesion] = None  # es el acta de una sesión (carpeta de la instancia)
    # el documento fija cada cuánto sesiona la instancia: nombre de la pregunta (p. ej. el reglamento)
    periodicidad_de_sesiones: str = ""
    etapas: list[Etapa] = []  # etapas de la instancia que este documento cumple
    # respuestas que, una vez aprobado el documento, son hechos del perfil («ordenanza.numero»)
    al_perfil: dict[str, dict[str, str]] = {}
    calculos: list[str] = []  # cálculos con nombre (calculos.py de la carpeta, o comunes)
    reglas: list[str] = []  # reglas con nombre (reglas.py de la carpeta): lo que no es dato
    preguntas: dict[str, Pregunta] = {}
    validaciones: list[Validacion] = []
    secciones: list[Seccion] = []
    adicionales: list[Adicional] = []
    carpeta: Path = Path()
    _codigo: Codigo = PrivateAttr(default_factory=lambda: Codigo({}, {}))

    @property
    def ruta_plantilla(self) -> Path:
        return self.carpeta / self.plantilla

    @property
    def codigo(self) -> Codigo:
        return self._codigo

    @property
    def producidos(self) -> set[str]:
        """Campos del contexto que añaden los cálculos del documento."""
        return {n for c in self.calculos for n in self._codigo.calculos[c].produce}

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
            f"{archivo.ruta}, línea {linea}, campo «{nombre_campo(tuple(e['loc']))}»: manifiesto no válido ({e['msg']})"
        ) from None
    if m.id != carpeta.name:
        raise ErrorPlantilla(f"{archivo.ruta}: el id «{m.id}» no coincide con la carpeta «{carpeta.name}»")
    for nivel in m.niveles:
        if nivel not in NIVELES:
            raise ErrorPlantilla(f"{archivo.ruta}: nivel desconocido «{nivel}»")
    for nombre in [m.plantilla, *(a.plantilla for a in m.adicionales)]:
        if not (carpeta / nombre).is_file():
            raise ErrorPlantilla(f"{carpeta}: falta la plantilla {nombre}")
    m._codigo = codigo_de(carpeta)
    _comprobar_codigo(m, archivo)
    return m


def _donde(archivo: ArchivoYaml, ruta: tuple) -> str:
    linea, _ = archivo.linea(ruta)
    return f"{archivo.ruta}{f', línea {linea}' if linea else ''}, campo «{nombre_campo(ruta)}»"


def _comprobar_codigo(m: Manifiesto, archivo: ArchivoYaml) -> None:
    """Cálculos y reglas nombrados existen, los cálculos van en orden y las expresiones compilan."""
    vistos: list[str] = []
    producidos: set[str] = set()
    for i, nombre in enumerate(m.calculos):
        c = m.codigo.calculos.get(nombre)
        if c is None:
            raise ErrorPlantilla(
                f"{_donde(archivo, ('calculos', i))}: cálculo desconocido «{nombre}»; "
                f"disponibles: {', '.join(sorted(m.codigo.calculos)) or 'ninguno'}"
            )
        faltan = [x for x in c.requiere if x not in vistos]
        if faltan:
            raise ErrorPlantilla(
                f"{_donde(archivo, ('calculos', i))}: el cálculo «{nombre}» necesita "
                f"{', '.join(f'«{x}»' for x in faltan)} antes en la lista"
            )
        vistos.append(nombre)
        producidos.update(c.produce)
    for i, nombre in enumerate(m.reglas):
        if nombre not in m.codigo.reglas:
            raise ErrorPlantilla(
                f"{_donde(archivo, ('reglas', i))}: regla desconocida «{nombre}»; "
                f"disponibles: {', '.join(sorted(m.codigo.reglas)) or 'ninguna'}"
            )
    conocidos = set(m.preguntas) | producidos
    restricciones.comprobar_declaraciones(m.preguntas, m.validaciones, conocidos, lambda ruta: _donde(archivo, ruta))
    for adicional in m.adicionales:
        if adicional.si and adicional.si not in conocidos:
            raise ErrorPlantilla(
                f"{archivo.ruta}: el adicional «{adicional.plantilla}» depende de "
                f"«{adicional.si}», que no es una pregunta ni un cálculo"
            )


def _firma(carpetas: tuple[Path, ...]) -> tuple:
    """Fecha de cada archivo de las carpetas de tipos: si una capacitadora edita un manifiesto o
    una plantilla, el catálogo se vuelve a cargar."""
    firma: list[tuple[str, int]] = []
    subs: Iterable[os.DirEntry[str]]
    for carpeta in carpetas:
        with os.scandir(carpeta) if carpeta.is_dir() else contextlib.nullcontext([]) as subs:
            for sub in subs:
                if sub.is_dir():
                    with os.scandir(sub.path) as archivos:
                        firma.extend((a.path, a.stat().st_mtime_ns) for a in archivos if a.is_file())
    return tuple(sorted(firma))


_FIRMAS: dict[tuple[Path, ...], tuple[float, tuple]] = {}
VIGENCIA_FIRMA = 2.0  # segundos: un lote no vuelve a mirar las fechas en cada documento


def olvidar_firmas() -> None:
    """La próxima consulta vuelve a mirar las fechas de las plantillas (cada orden de la CLI)."""
    _FIRMAS.clear()


def _cargar_todo(carpetas: tuple[Path, ...]) -> tuple[dict[str, Manifiesto], dict[str, str]]:
    ahora = time.monotonic()
    vista = _FIRMAS.get(carpetas)
    if vista is None or ahora - vista[0] > VIGENCIA_FIRMA:
        vista = _FIRMAS[carpetas] = (ahora, _firma(carpetas))
    return _cargar_firmado(carpetas, vista[1])


@lru_cache(maxsize=8)
def _cargar_firmado(carpetas: tuple[Path, ...], _firma: tuple) -> tuple[dict[str, Manifiesto], dict[str, str]]:
    """Tipos de todas las carpetas; en un mismo id manda la carpeta que va primero."""
    validos: dict[str, Manifiesto] = {}
    rotos: dict[str, str] = {}
    for carpeta in carpetas:
        if not carpeta.is_dir():
            raise ErrorGenerador(f"no se encuentra la carpeta de plantillas {carpeta}")
        for sub in sorted(carpeta.iterdir()):
            if sub.name in validos or sub.name in rotos or not (sub / "manifiesto.yaml").is_file():
                continue
            try:
                validos[sub.name] = cargar_manifiesto(sub)
            except ErrorGenerador as exc:  # una carpeta rota no impide usar las demás
                rotos[sub.name] = str(exc)
    for id_, m in list(validos.items()):  # una pregunta «documento» apunta a un tipo que existe
        for clave, p in m.preguntas.items():
            if p.tipo == "documento" and p.documento not in validos:
                rotos[id_] = (
                    f"{m.carpeta / 'manifiesto.yaml'}, campo «preguntas.{clave}»: apunta al "
                    f"tipo de documento «{p.documento}», que no existe"
                )
                del validos[id_]
                break
    return validos, rotos


def catalogo() -> dict[str, Manifiesto]:
    """Todos los tipos de documento disponibles (con manifiesto y plantilla válidos), por id."""
    return _cargar_todo(carpetas_plantillas())[0]


def plantillas_rotas() -> dict[str, str]:
    """Carpetas de plantillas con un manifiesto o una plantilla inválidos, y por qué."""
    return _cargar_todo(carpetas_plantillas())[1]


def codigo_del_tipo(documento: str, archivo: str = "calculos.py") -> ModuleType:
    """El código de otro tipo (p. ej. el informe usa las funciones del plan que lee)."""
    return cargar_modulo(manifiesto(documento).carpeta / archivo)


def manifiesto(documento: str) -> Manifiesto:
    tipos, rotos = _cargar_todo(carpetas_plantillas())
    if documento in rotos:
        raise ErrorPlantilla(rotos[documento])
    if documento not in tipos:
        raise ErrorGenerador(f"documento desconocido «{documento}»; disponibles: {', '.join(tipos)}")
    return tipos[documento]
