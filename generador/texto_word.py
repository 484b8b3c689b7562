"""El único extractor de texto de un .docx del paquete: lo usan `generar` (sobre las partes
recién renderizadas), la verificación, `revisar` y las pruebas.

Un .docx es un .zip: antes de descomprimir nada se comparan con un límite los tamaños declarados
de las partes que se leen, y al leerlas se cuentan los bytes reales (un .zip puede mentir en su
directorio), de modo que una «bomba» de descompresión se rechaza en milisegundos y sin memoria.
Solo se leen las partes con texto (cuerpo, encabezados, pies y notas), nunca las imágenes.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import IO

from lxml import etree

from .errores import ErrorGenerador

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
LIMITE_PARTE = 64 * 1024 * 1024  # bytes descomprimidos de una parte con texto
LIMITE_TOTAL = 128 * 1024 * 1024  # bytes descomprimidos de todas las partes leídas
_BLOQUE = 1024 * 1024
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class ErrorWord(ErrorGenerador):
    """El .docx no se puede leer: dañado, demasiado grande descomprimido o sin cuerpo."""


_P = f"{W}p"
_T = f"{W}t"
# lo que un elemento aporta al párrafo en que está (tabuladores, saltos, guiones sin corte)
_EQUIVALE = {f"{W}tab": " ", f"{W}ptab": " ", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
_FUERA = (f"{W}del", f"{W}instrText", f"{W}delText", _MC_FALLBACK)  # no cuentan
_ETIQUETAS = (_P, _T, *_EQUIVALE, *_FUERA)


def parrafos_xml(raiz: etree._Element) -> list[str]:
    """Párrafos (w:p) bajo `raiz`, en orden: cuerpo, celdas de tablas y cuadros de texto.

    Un párrafo dentro de otro (cuadro de texto) sale aparte, sin repetirse en el de fuera; el
    texto eliminado (control de cambios), los códigos de campo y la copia de compatibilidad de
    los cuadros de texto (mc:Fallback) no cuentan. Tabuladores → espacio; saltos → «\\n».
    """
    salida: list[str] = []
    abiertos: list[tuple[int, list[str]]] = []  # (lugar, trozos) de cada párrafo abierto
    recorrido = etree.iterwalk(raiz, events=("start", "end"), tag=_ETIQUETAS)  # el árbol, en C
    for evento, elemento in recorrido:
        etiqueta = elemento.tag
        if elemento is raiz:
            continue
        if evento == "end":
            if etiqueta == _P:
                lugar, trozos = abiertos.pop()
                salida[lugar] = "".join(trozos)
            continue
        if etiqueta == _P:
            abiertos.append((len(salida), []))
            salida.append("")  # reserva el lugar: el párrafo va antes que los anidados
            continue
        if abiertos and etiqueta == _T:
            if elemento.text:
                abiertos[-1][1].append(elemento.text)
        elif abiertos and etiqueta in _EQUIVALE:
            abiertos[-1][1].append(_EQUIVALE[etiqueta])
        recorrido.skip_subtree()  # w:t, w:tab… no tienen nada dentro; lo de _FUERA no cuenta
    return salida


def _orden(nombre: str) -> int:
    """Encabezados y pies primero (membrete de la entidad), luego el cuerpo y al final las notas."""
    base = posixpath.basename(nombre)
    return 0 if base.startswith(("header", "footer")) else 2 if "notes" in base else 1


def parrafos_de_partes(partes: dict[str, etree._Element]) -> list[str]:
    """Párrafos no vacíos de varias partes ya analizadas (nombre de parte → raíz XML)."""
    salida: list[str] = []
    for nombre in sorted(partes, key=lambda n: (_orden(n), n)):
        salida.extend(parrafos_xml(partes[nombre]))
    return [p for p in salida if p.strip()]


def _leer_limitado(zip_: zipfile.ZipFile, info: zipfile.ZipInfo, quedan: int, origen: str) -> bytes:
    if info.file_size > min(LIMITE_PARTE, quedan):
        raise ErrorWord(
            f"{origen}: la parte {info.filename} ocupa {info.file_size // 2**20} MB "
            f"descomprimida (límite {LIMITE_PARTE // 2**20} MB por parte y "
            f"{LIMITE_TOTAL // 2**20} MB en total); no se lee (¿bomba de descompresión?)"
        )
    trozos, leidos = [], 0
    with zip_.open(info) as f:
        while bloque := f.read(_BLOQUE):
            leidos += len(bloque)
            if leidos > min(LIMITE_PARTE, quedan):  # el directorio del .zip mentía
                raise ErrorWord(
                    f"{origen}: la parte {info.filename} se descomprime en más de "
                    f"{min(LIMITE_PARTE, quedan) // 2**20} MB (declaraba {info.file_size} "
                    "bytes); no se lee (¿bomba de descompresión?)"
                )
            trozos.append(bloque)
    return b"".join(trozos)


def _relaciones(zip_: zipfile.ZipFile, parte: str, leer) -> list[tuple[str, str]]:
    """(tipo corto, destino) de las relaciones internas de `parte`."""
    carpeta, base = posixpath.split(parte)
    nombre = posixpath.join(carpeta, "_rels", base + ".rels")
    if nombre not in zip_.NameToInfo:
        return []
    salida = []
    for rel in etree.fromstring(leer(nombre), _PARSER).iter(_REL):
        if rel.get("TargetMode") == "External":
            continue
        destino = rel.get("Target", "")
        destino = (
            destino.lstrip("/") if destino.startswith("/") else posixpath.normpath(posixpath.join(carpeta, destino))
        )
        salida.append((rel.get("Type", "").rsplit("/", 1)[-1], destino))
    return salida


def leer_partes(fuente: bytes | Path | str | IO[bytes]) -> dict[str, etree._Element]:
    """Las partes con texto de un .docx (cuerpo, encabezados, pies, notas), analizadas."""
    origen = str(fuente) if isinstance(fuente, (str, Path)) else "el documento"
    if isinstance(fuente, bytes):
        import io

        fuente = io.BytesIO(fuente)
    try:
        with zipfile.ZipFile(fuente) as zip_:
            leido = [0]

            def leer(nombre: str) -> bytes:
                datos = _leer_limitado(zip_, zip_.getinfo(nombre), LIMITE_TOTAL - leido[0], origen)
                leido[0] += len(datos)
                return datos

            principal = next((d for t, d in _relaciones(zip_, "", leer) if t == "officeDocument"), "word/document.xml")
            if principal not in zip_.NameToInfo:
                raise ErrorWord(f"{origen}: el archivo no es un documento de Word (no tiene cuerpo)")
            nombres = [principal] + [
                d
                for t, d in _relaciones(zip_, principal, leer)
                if t in ("header", "footer", "footnotes", "endnotes") and d in zip_.NameToInfo
            ]
            return {n: etree.fromstring(leer(n), _PARSER) for n in dict.fromkeys(nombres)}
    except ErrorWord:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        KeyError,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        etree.XMLSyntaxError,
    ) as exc:
        raise ErrorWord(
            f"{origen}: el archivo .docx está dañado o no es un documento de Word válido ({type(exc).__name__})"
        ) from None


def leer_parrafos(fuente: bytes | Path | str | IO[bytes]) -> list[str]:
    """Texto de un .docx, párrafo a párrafo: encabezados, cuerpo (con tablas y cuadros de
    texto), pies y notas."""
    return parrafos_de_partes(leer_partes(fuente))
