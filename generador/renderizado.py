"""Renderizado de una plantilla .docx con docxtpl, en modo seguro y compilada una sola vez.

- Variables no definidas: error (StrictUndefined), nunca un hueco silencioso.
- Autoescape: `&`, `<`, `>`, comillas y `{{ }}` de las respuestas salen tal cual, como texto.
- Velocidad: docxtpl vuelve a abrir, limpiar y compilar la plantilla en cada documento. Aquí se
  hace una vez por proceso (`PlantillaCompilada`), con los mismos pasos de docxtpl (patch_xml,
  render, resolve_listing, fix_tables); por documento solo queda ejecutar Jinja y empaquetar.
  `generar` y `lote` usan este mismo camino, así que su texto es idéntico.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from lxml import etree

from .contexto import Contadores
from .errores import ErrorPlantilla
from .formato import FILTROS
from .pendientes import resaltar
from .texto_word import parrafos_de_partes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CUERPO = re.compile(rb"<w:body\b.*</w:body>", re.DOTALL)
_COLUMNAS_VARIABLES = re.compile(r"\{%-?\s*(tc|hm|vm)\b|\{%-?\s*colspan\b")
_LLAVES_LITERALES = re.compile(r"\{_\{|\}_\}|\{_%|%_\}")
_TEXTO_ESPECIAL = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")


@lru_cache(maxsize=1)
def entorno() -> jinja2.Environment:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    env.filters.update(FILTROS)
    return env


def partes_con_jinja(plantilla: DocxTemplate) -> dict[str, str]:
    """El XML del cuerpo, los encabezados y los pies (las partes que llevan Jinja), el cuerpo primero."""
    salida = {"word/document.xml": plantilla.get_xml()}
    for parte in plantilla.docx.part.package.parts:
        if parte.partname.startswith(("/word/header", "/word/footer")):
            salida[parte.partname.lstrip("/")] = plantilla.get_part_xml(parte)
    return salida


def por_lineas(plantilla: DocxTemplate, xml: str) -> str:
    """Como docxtpl: etiquetas limpias (patch_xml) y cada párrafo en su línea, para que Jinja pueda
    quitar líneas enteras."""
    return plantilla.patch_xml(xml).replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>")


@dataclass
class Renderizado:
    datos: bytes  # el .docx
    parrafos: list[str]  # su texto, párrafo a párrafo (cuerpo, tablas, encabezados y pies)


class PlantillaCompilada:
    """Una plantilla .docx preparada una vez: partes con Jinja compiladas y el resto en bytes."""

    def __init__(self, ruta: Path) -> None:
        self.ruta = ruta
        self._docxtpl = DocxTemplate(str(ruta))
        self._docxtpl.render_init()
        self._partes: dict[str, jinja2.Template] = {}
        self._columnas_variables: set[str] = set()
        for nombre, xml in partes_con_jinja(self._docxtpl).items():
            self._compilar(nombre, xml)
        # Las partes sin etiquetas (estilos, tema, numeración…) se comprimen una sola vez: cada
        # documento parte de este .zip ya hecho y solo le añade las partes renderizadas.
        with zipfile.ZipFile(ruta) as zip_:
            originales = {i.filename: zip_.read(i.filename) for i in zip_.infolist()}
        fijo = io.BytesIO()
        with zipfile.ZipFile(fijo, "w", zipfile.ZIP_DEFLATED) as zip_:
            for nombre, datos in originales.items():
                if nombre not in self._partes:
                    zip_.writestr(nombre, datos)
        self._zip_fijo = fijo.getvalue()
        self._cuerpo_original = originales["word/document.xml"]  # lo que rodea al cuerpo
        # ya compilada, el documento de python-docx (todas sus partes, analizadas) sobra: de
        # docxtpl solo se usan patch_xml, resolve_listing y fix_tables, que no lo miran. Son
        # decenas de MB por trabajador de un lote (una plantilla por tipo y adicional).
        self._docxtpl.docx = None

    def _compilar(self, nombre: str, xml: str) -> None:
        # fix_tables de docxtpl solo corrige tablas con columnas variables ({%tc %}, colspan, hm)
        if _COLUMNAS_VARIABLES.search(re.sub(r"<[^>]+>", "", xml)):
            self._columnas_variables.add(nombre)
        xml = por_lineas(self._docxtpl, xml)
        # «{_{» de la plantilla es un «{{» literal (como en docxtpl), pero se resuelve aquí, antes de
        # compilar: si se hiciera sobre el XML ya renderizado, también cambiaría los datos.
        xml = _LLAVES_LITERALES.sub(lambda m: "{{ '" + m.group(0).replace("_", "") + "' }}", xml)
        try:
            self._partes[nombre] = entorno().from_string(xml)
        except jinja2.TemplateSyntaxError as exc:
            raise ErrorPlantilla(
                f"{self.ruta}: error de sintaxis en la plantilla ({nombre}), línea {exc.lineno}: {exc.message}"
            ) from None

    def _render_parte(self, nombre: str, contexto: dict) -> etree._Element:
        xml = self._partes[nombre].render(contexto).replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        if _TEXTO_ESPECIAL.search(xml):
            xml = self._docxtpl.resolve_listing(xml)
        if nombre in self._columnas_variables:
            return self._docxtpl.fix_tables(xml)
        return etree.fromstring(xml.encode("utf-8"))

    def renderizar(self, contexto: dict) -> Renderizado:
        contexto = {**contexto, "cuenta": Contadores()}
        try:
            arboles = {n: self._render_parte(n, contexto) for n in self._partes}
            for arbol in arboles.values():
                resaltar(arbol)  # «[COMPLETAR: …]» en amarillo (solo hay marcas en los lotes)
        except jinja2.UndefinedError as exc:
            raise ErrorPlantilla(f"{self.ruta}: la plantilla usa un dato que no existe ({exc.message})") from None
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError) as exc:
            raise ErrorPlantilla(f"{self.ruta}: error al aplicar la plantilla: {exc}") from None
        except etree.XMLSyntaxError as exc:
            raise ErrorPlantilla(f"{self.ruta}: la plantilla produjo XML no válido ({exc})") from None
        salida = io.BytesIO(self._zip_fijo)
        salida.seek(0, io.SEEK_END)
        with zipfile.ZipFile(salida, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zip_:
            for nombre, arbol in arboles.items():
                if nombre == "word/document.xml":
                    cuerpo = etree.tostring(arbol, encoding="utf-8")
                    datos = _CUERPO.sub(lambda _: cuerpo, self._cuerpo_original, count=1)  # noqa: B023 - sub la llama en el acto
                else:
                    datos = etree.tostring(arbol, encoding="utf-8", xml_declaration=True, standalone=True)
                zip_.writestr(nombre, datos)
        return Renderizado(salida.getvalue(), parrafos_de_partes(arboles))


@lru_cache(maxsize=64)
def _compilada(ruta: Path, _marca: float) -> PlantillaCompilada:
    return PlantillaCompilada(ruta)


def compilada(ruta: Path) -> PlantillaCompilada:
    """La plantilla compilada, una vez por proceso (se recompila si el archivo cambia)."""
    return _compilada(Path(ruta), Path(ruta).stat().st_mtime)


def renderizar(ruta_plantilla: Path, contexto: dict) -> Renderizado:
    return compilada(ruta_plantilla).renderizar(contexto)
