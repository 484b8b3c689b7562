"""Una plantilla .docx como la ve quien la edita en Word, y lo que se revisa en ese texto.

Se leen sus párrafos (cuerpo, encabezados, pies y celdas de tabla) con su lugar y el formato de
cada trozo («run»). Se revisan las etiquetas partidas entre trozos con distinto formato (al generar,
la etiqueta entera toma el formato del primero) y el texto escrito en un párrafo `{%p … %}` o en
una fila `{%tr … %}`, que al generar se borran enteros.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .errores import ErrorGenerador
from .plantilla_informe import Informe, corto
from .texto_word import W

ETIQUETA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)  # {{ … }}, {% … %} o {# … #}
_ENCABEZADO_O_PIE = re.compile(r"word/(header|footer)(\d*)\.xml$")
_NOMBRES_FORMATO = {  # el formato visible de un trozo, por su etiqueta de Word
    "b": "negrita",
    "i": "cursiva",
    "u": "subrayado",
    "strike": "tachado",
    "caps": "mayúsculas",
    "smallCaps": "versalitas",
    "color": "color",
    "sz": "tamaño",
    "highlight": "resaltado",
    "vertAlign": "superíndice",
    "rFonts": "fuente",
    "shd": "sombreado",
}
_VISIBLES = {f"{W}{n}" for n in _NOMBRES_FORMATO}


@dataclass
class Parrafo:
    """Un párrafo de Word: su lugar («cuerpo, celda de tabla (fila 2, columna 1)»), su texto y sus trozos."""

    parte: str
    texto: str
    runs: list[tuple[str, tuple]]  # (texto, formato visible)


def nombre_parte(archivo: str) -> str:
    """«word/header2.xml» → «encabezado 2»; «word/document.xml» → «cuerpo»."""
    m = _ENCABEZADO_O_PIE.match(archivo)
    if not m:
        return "cuerpo"
    return ("encabezado" if m.group(1) == "header" else "pie") + (f" {m.group(2)}" if m.group(2) else "")


def _formato(run) -> tuple:
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        return ()
    return tuple(sorted((h.tag, tuple(sorted(h.attrib.items()))) for h in rpr if h.tag in _VISIBLES))


def _lugar(p, parte: str) -> str:
    celda = next(p.iterancestors(f"{W}tc"), None)
    if celda is None:
        return parte
    fila = celda.getparent()
    tabla = fila.getparent()
    f = [t for t in tabla if t.tag == f"{W}tr"].index(fila) + 1
    c = [t for t in fila if t.tag == f"{W}tc"].index(celda) + 1
    return f"{parte}, celda de tabla (fila {f}, columna {c})"


def partes_de(ruta: Path) -> dict[str, etree._Element]:
    """Cuerpo, encabezados y pies del .docx (las partes donde van etiquetas), el cuerpo primero."""
    try:
        with zipfile.ZipFile(ruta) as z:
            nombres = [n for n in z.namelist() if n == "word/document.xml" or _ENCABEZADO_O_PIE.match(n)]
            return {n: etree.fromstring(z.read(n)) for n in sorted(nombres, key=lambda n: n != "word/document.xml")}
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        raise ErrorGenerador(f"{ruta}: no es un .docx legible ({exc})") from None


def parrafos_de(partes: dict[str, etree._Element]) -> list[Parrafo]:
    """Todos los párrafos de las partes, vacíos incluidos, con su lugar y sus trozos con texto."""
    salida = []
    for archivo, arbol in partes.items():
        for p in arbol.iter(f"{W}p"):
            runs = [("".join(t.text or "" for t in r.iter(f"{W}t")), _formato(r)) for r in p.iter(f"{W}r")]
            runs = [r for r in runs if r[0]]
            salida.append(Parrafo(_lugar(p, nombre_parte(archivo)), "".join(t for t, _ in runs), runs))
    return salida


def _diferencias(formatos: list[tuple]) -> str:
    distintos = set().union(*map(set, formatos)) - set.intersection(*map(set, formatos))
    nombres = sorted({_NOMBRES_FORMATO.get(etree.QName(tag).localname, "formato") for tag, _ in distintos})
    return ", ".join(nombres) or "formato"


def _etiquetas_partidas(p: Parrafo, informe: Informe) -> None:
    limites, pos = [], 0
    for texto, formato in p.runs:
        limites.append((pos, pos + len(texto), formato, texto))
        pos += len(texto)
    for m in ETIQUETA.finditer(p.texto):
        trozos = [(f, t) for a, b, f, t in limites if a < m.end() and b > m.start()]
        formatos = [f for f, _ in trozos]
        if len(set(formatos)) > 1:
            informe.anotar(
                "error",
                p.parte,
                p.texto,
                f"la etiqueta «{corto(m.group(), 60)}» está partida en trozos con distinto formato "
                f"({_diferencias(formatos)}): al generar, toda ella toma el formato del primer trozo "
                "y el resto se pierde. Bórrela y escríbala de nuevo de una vez, con un solo formato",
            )


def _texto_en_linea_de_control(p: Parrafo, informe: Informe) -> None:
    control = re.search(r"\{%p\s.*?%\}", p.texto, re.DOTALL)
    if not control:
        return
    resto = " ".join(re.sub(r"\{%p\s.*?%\}", " ", p.texto, flags=re.DOTALL).split())
    if resto:
        informe.anotar(
            "error",
            p.parte,
            p.texto,
            f"este párrafo lleva «{corto(control.group(), 40)}», y un párrafo así se borra entero al "
            f"generar: el texto «{corto(resto, 60)}» desaparecería. Páselo a su propio párrafo",
        )


def _texto_en_fila_de_control(partes: dict[str, etree._Element], informe: Informe) -> None:
    for archivo, arbol in partes.items():
        for fila in arbol.iter(f"{W}tr"):
            texto = "".join(t.text or "" for t in fila.iter(f"{W}t"))
            control = re.search(r"\{%tr\s.*?%\}", texto, re.DOTALL)
            if control:
                resto = ETIQUETA.sub("", texto[: control.start()] + texto[control.end() :]).strip()
                if resto:
                    primer = next(fila.iter(f"{W}p"))
                    informe.anotar(
                        "error",
                        _lugar(primer, nombre_parte(archivo)),
                        texto,
                        f"esta fila lleva «{corto(control.group(), 40)}», y una fila así se borra entera "
                        f"al generar: el texto «{corto(resto, 60)}» desaparecería. Póngalo en otra fila",
                    )


def revisar_texto(partes: dict[str, etree._Element], parrafos: list[Parrafo], informe: Informe) -> None:
    """Etiquetas partidas y texto en párrafos o filas de control, al informe."""
    for p in parrafos:
        _etiquetas_partidas(p, informe)
        _texto_en_linea_de_control(p, informe)
    _texto_en_fila_de_control(partes, informe)
