"""La carpeta de la instancia, tal como la lee la CLI (el único lugar que conoce su forma).

    instancia.yaml                      perfil, con su directorio «integrantes»
    <documento>.yaml                    respuestas de un documento (documento: <id>, instancia: instancia.yaml)
    sesiones/AAAA-MM-DD-<tipo>.yaml     actas de sesión (instancia: ../instancia.yaml)
    salidas/                            lo generado desde la aplicación

La carpeta que recibe `generador web` es la instancia (si tiene instancia.yaml) o contiene
instancias en subcarpetas. Las respuestas se guardan con ruamel.yaml (ida y vuelta): se conservan
los comentarios y el orden de quien editó el archivo a mano; la escritura es atómica.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..errores import ErrorGenerador, ErrorRespuestas, Problema
from ..escritura import escribir
from ..generacion import es_respuestas, nombre_archivo
from ..lugar import lugar
from ..manifiesto import Manifiesto
from ..perfil import Fuente, validar_perfil
from ..respuestas import cargar_yaml
from .seguridad import RutaFuera, confinar, huella

PERFIL = "instancia.yaml"
SESIONES = "sesiones"
SALIDAS = "salidas"
TIPO_SESION = "acta-sesion"
RAIZ = "_"  # id de la instancia cuando es la carpeta dada misma
_CANDADO = threading.Lock()  # comprobar la versión y escribir, sin que otra petición se cuele


class Conflicto(ErrorGenerador):
    """El archivo cambió desde que se abrió el formulario (otra pestaña lo guardó)."""


@dataclass
class Archivo:
    relativa: str  # «ordenanza.yaml», «sesiones/2026-06-19-ordinaria.yaml»
    tipo: str


def _yaml() -> YAML:
    y = YAML()  # ida y vuelta: comentarios, orden y comillas se conservan
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=2, offset=0)
    return y


def es_instancia(carpeta: Path) -> bool:
    return (carpeta / PERFIL).is_file()


def instancias(raiz: Path) -> list[str]:
    """Ids de las instancias disponibles: «_» (la carpeta misma) o sus subcarpetas."""
    if es_instancia(raiz):
        return [RAIZ]
    return sorted(
        s.name
        for s in raiz.iterdir()
        if s.is_dir() and not s.is_symlink() and not s.name.startswith(".") and es_instancia(s)
    )


def carpeta_de(raiz: Path, id_: str) -> Path:
    """Carpeta de la instancia `id_`, siempre dentro de `raiz` (nunca con «..» ni enlaces)."""
    if id_ == RAIZ:
        return raiz.resolve()
    if not re.fullmatch(r"[^/\\]+", id_) or id_.startswith("."):
        raise ErrorGenerador(f"instancia no válida: «{id_}»")
    carpeta = confinar(raiz, id_)
    if carpeta.parent != raiz.resolve() or not es_instancia(carpeta):
        raise ErrorGenerador(f"no existe la instancia «{id_}»")
    return carpeta


def nombre_carpeta(perfil: dict) -> str:
    return nombre_archivo(f"{perfil['nivel']}-{lugar(perfil)}")


def crear(raiz: Path, perfil: dict) -> str:
    """Crea la instancia (su instancia.yaml) en una subcarpeta con el nombre del nivel y el lugar."""
    if es_instancia(raiz):
        raise ErrorGenerador("esta carpeta ya es una instancia: ábrala desde el inicio")
    id_ = nombre_carpeta(perfil)
    carpeta = confinar(raiz, id_)
    if es_instancia(carpeta):
        raise ErrorGenerador(f"ya existe la instancia «{id_}»; ábrala desde el inicio")
    texto = (
        "# Perfil de la instancia (creado con «generador web»). Lo comparten todos los documentos\n"
        "# de esta carpeta (instancia: instancia.yaml).\n"
    )
    flujo = io.StringIO()
    _yaml().dump(_como_yaml(perfil), flujo)
    escribir(carpeta / PERFIL, (texto + flujo.getvalue()).encode("utf-8"))
    return id_


def archivos(carpeta: Path) -> list[Archivo]:
    """Respuestas de la carpeta (raíz y sesiones/), con su tipo de documento."""
    salida = []
    for ruta in [*sorted(carpeta.glob("*.yaml")), *sorted((carpeta / SESIONES).glob("*.yaml"))]:
        if ruta.is_symlink() or not es_respuestas(ruta):
            continue
        tipo = re.search(r"^documento\s*:\s*['\"]?([\w-]+)", ruta.read_text(encoding="utf-8-sig"), re.MULTILINE)
        salida.append(Archivo(ruta.relative_to(carpeta).as_posix(), tipo.group(1) if tipo else "?"))
    return salida


def ruta_nueva(carpeta: Path, tipo: str, datos: dict) -> str:
    """Nombre para un documento nuevo: las sesiones por fecha y tipo; los demás, por su id."""
    if tipo == TIPO_SESION:
        fecha, clase = str(datos.get("fecha") or ""), str(datos.get("tipo") or "ordinaria")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", fecha):
            raise ErrorGenerador("indique la fecha de la sesión (dd/mm/aaaa): da nombre al archivo")
        base = f"{SESIONES}/{fecha}-{nombre_archivo(clase)}"
    else:
        base = nombre_archivo(tipo)
    relativa, n = f"{base}.yaml", 2
    while (carpeta / relativa).exists():
        relativa, n = f"{base}-{n}.yaml", n + 1
    return relativa


def perfil(carpeta: Path) -> tuple[dict, list[Problema]]:
    """El perfil (tal como está escrito) y sus problemas según la misma validación de la CLI."""
    try:
        archivo = cargar_yaml(carpeta / PERFIL)
    except ErrorRespuestas as exc:
        return {}, exc.problemas
    fuente = Fuente(archivo)
    validar_perfil(fuente, archivo.datos)
    return (archivo.datos if isinstance(archivo.datos, dict) else {}), fuente.problemas


def respuestas(carpeta: Path, relativa: str) -> Path:
    ruta = confinar(carpeta, relativa)
    dentro = ruta.parent in (carpeta, carpeta / SESIONES)
    if not dentro or ruta.suffix != ".yaml" or ruta.name == PERFIL:
        raise RutaFuera(f"«{relativa}» no es un archivo de respuestas de esta instancia")
    return ruta


def desde_formulario(m: Manifiesto, relativa: str, datos: dict, nivel: str | None) -> tuple[dict, set[str]]:
    """Lo que un formulario escribe en su archivo de respuestas (la cabecera y los datos) y las
    claves que gestiona (las demás del archivo se conservan), para guardar o previsualizar."""
    gestionadas = {k for k, p in m.preguntas.items() if p.aplica(nivel)}
    return {**cabecera(m.id, relativa), **datos}, gestionadas


def cabecera(tipo: str, relativa: str) -> dict:
    subida = "../" * relativa.count("/")
    return {"documento": tipo, "instancia": f"{subida}{PERFIL}"}


def leer(ruta: Path) -> Any:
    """Datos del YAML para el formulario (None si no existe)."""
    if not ruta.is_file():
        return None
    try:
        return _yaml().load(ruta.read_text(encoding="utf-8-sig"))
    except Exception as exc:  # YAML roto a mano: se informa, no se pisa
        raise ErrorGenerador(f"{ruta.name}: no se puede leer el YAML ({exc})") from None


def _como_yaml(valor: Any) -> Any:
    if isinstance(valor, str) and "\n" in valor:
        return LiteralScalarString(valor.replace("\r", "") + ("" if valor.endswith("\n") else "\n"))
    if isinstance(valor, dict):
        m = CommentedMap()
        for k, v in valor.items():
            m[k] = _como_yaml(v)
        return m
    if isinstance(valor, list):
        return CommentedSeq([_como_yaml(v) for v in valor])
    return valor


def _fusionar(viejo: Any, nuevo: Any) -> Any:
    """Pone `nuevo` sobre `viejo` conservando los comentarios y el orden de lo que ya estaba."""
    if isinstance(viejo, CommentedMap) and isinstance(nuevo, dict):
        for clave in [k for k in viejo if k not in nuevo]:
            del viejo[clave]
        for clave, valor in nuevo.items():
            viejo[clave] = _fusionar(viejo[clave], valor) if clave in viejo else _como_yaml(valor)
        return viejo
    if isinstance(viejo, CommentedSeq) and isinstance(nuevo, list):
        del viejo[len(nuevo) :]
        for i, valor in enumerate(nuevo):
            if i < len(viejo):
                viejo[i] = _fusionar(viejo[i], valor)
            else:
                viejo.append(_como_yaml(valor))
        return viejo
    if isinstance(viejo, str) and isinstance(nuevo, str) and viejo == nuevo:
        return viejo  # conserva el estilo de comillas
    return _como_yaml(nuevo)


def guardar(ruta: Path, datos: dict, gestionadas: set[str], version: str) -> str:
    """Escribe las claves `gestionadas` de `datos` (las demás del archivo se conservan).

    `version` es la huella del archivo cuando se abrió el formulario: si cambió, Conflicto.
    Devuelve la huella nueva.
    """
    with _CANDADO:
        actual = huella(ruta)
        if actual != version:
            raise Conflicto(
                f"«{ruta.name}» cambió desde que abrió este formulario (se guardó en otra pestaña o "
                "ventana). No se guardó nada, para no perder esos cambios: copie lo que necesite, "
                "recargue la página y vuelva a escribirlo."
            )
        escribir(ruta, combinado(ruta, datos, gestionadas).encode("utf-8"), sobrescribir=True)
        return huella(ruta)


def combinado(ruta: Path, datos: dict, gestionadas: set[str]) -> str:
    """El YAML que quedaría en `ruta` al guardar `datos` (sin escribirlo: sirve a la vista previa)."""
    existente = leer(ruta)
    base = existente if isinstance(existente, CommentedMap) else CommentedMap()
    for clave, valor in datos.items():
        if clave in base and clave not in gestionadas:
            continue  # «documento», «instancia»… ya escritos por quien los escribió
        base[clave] = _fusionar(base[clave], valor) if clave in base else _como_yaml(valor)
    for clave in [k for k in base if k in gestionadas and k not in datos]:
        del base[clave]
    flujo = io.StringIO()
    _yaml().dump(base, flujo)
    return flujo.getvalue()


def zip_carpeta(carpeta: Path) -> bytes:
    """La carpeta de la instancia en un .zip (sin ocultos ni enlaces simbólicos)."""
    datos = io.BytesIO()
    with zipfile.ZipFile(datos, "w", zipfile.ZIP_DEFLATED) as z:
        for ruta in sorted(carpeta.rglob("*")):
            relativa = ruta.relative_to(carpeta)
            if ruta.is_symlink() or not ruta.is_file() or any(p.startswith(".") for p in relativa.parts):
                continue
            z.write(ruta, relativa.as_posix())
    return datos.getvalue()
