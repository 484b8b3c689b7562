"""Conversión de .docx a PDF con LibreOffice sin interfaz (soffice --headless).

Por rendimiento se convierte por tandas (varios archivos en cada llamada a soffice, que tarda
~1 s solo en arrancar) y con un proceso por núcleo, cada uno con su propio perfil de LibreOffice
(dos soffice con el mismo perfil se bloquean entre sí). Cada tanda tiene un tiempo máximo.

LibreOffice puede terminar con código 0 sin haber producido nada: por eso se comprueba que cada
PDF exista, sea legible y tenga páginas, y el error se da por archivo. Se convierte en una carpeta
temporal y el PDF final se escribe de forma atómica (`escritura.escribir`), con sus metadatos
(título, autor = el gobierno, asunto) puestos con pypdf.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .errores import ErrorSalida
from .escritura import comprobar_libre, escribir
from .soffice import (  # noqa: F401  (ErrorPDF, ErrorLibreOffice, VARIABLE_SOFFICE y hay_libreoffice: API de pdf)
    VARIABLE_SOFFICE,
    ErrorLibreOffice,
    ErrorPDF,
    Perfil,
    ejecutar_soffice,
    hay_libreoffice,
    localizar_soffice,
)

# pypdf anuncia sus arreglos de archivos dañados («EOF marker not found», «CAUTION: startxref…»)
# por `logging`; sin un manejador, Python los imprime en inglés en stderr. Los errores que importan
# ya se dicen en español, así que esos avisos no se muestran (una aplicación puede configurarlos).
logging.getLogger("pypdf").addHandler(logging.NullHandler())

TAMANO_TANDA = 25
#: Tiempo máximo de una tanda: un arranque generoso más un margen por documento.
TIEMPO_BASE = 60.0
TIEMPO_POR_DOCUMENTO = 10.0


@dataclass(frozen=True)
class Metadatos:
    """Metadatos del PDF: título, autor (el gobierno regional o la municipalidad) y asunto."""

    titulo: str | None = None
    autor: str | None = None
    asunto: str | None = None
    palabras_clave: str | None = None

    def diccionario(self) -> dict[str, str]:
        pares = {
            "/Title": self.titulo,
            "/Author": self.autor,
            "/Subject": self.asunto,
            "/Keywords": self.palabras_clave,
        }
        return {clave: valor for clave, valor in pares.items() if valor}


@dataclass
class Conversion:
    """Resultado de convertir un .docx: el PDF escrito o el error (en español)."""

    docx: Path
    pdf: Path
    paginas: int = 0
    error: str | None = None
    omitido: bool = False  # el PDF ya existía y corresponde a su .docx: no se rehízo


# ---------------------------------------------------------------- metadatos


def metadatos_de(respuestas) -> Metadatos:
    """Metadatos de un documento a partir de sus respuestas validadas (`validacion.Respuestas`)."""
    from .contexto import componer_instancia

    instancia = componer_instancia(respuestas.perfil)
    m = respuestas.manifiesto
    return Metadatos(
        titulo=f"{m.titulo} - {instancia['nombre']}",
        autor=instancia["gobierno"],
        asunto=m.descripcion,
        palabras_clave=f"Ley N° 30364; {instancia['nombre_generico']}; {instancia['lugar']}",
    )


def metadatos_de_archivo(ruta_respuestas: Path | str) -> Metadatos:
    """Como `metadatos_de`, leyendo y validando el YAML de respuestas."""
    from .validacion import validar_archivo

    return metadatos_de(validar_archivo(ruta_respuestas))


def poner_metadatos(datos_pdf: bytes, metadatos: Metadatos | None) -> bytes:
    """Devuelve el PDF con los metadatos puestos (conserva los que LibreOffice ya escribió)."""
    from pypdf import PdfReader, PdfWriter

    escritor = PdfWriter(clone_from=PdfReader(io.BytesIO(datos_pdf)))
    previos = {k: v for k, v in (escritor.metadata or {}).items() if isinstance(k, str)}
    escritor.add_metadata(
        {
            **previos,
            **(metadatos.diccionario() if metadatos else {}),
            "/Creator": "generador (Instancias de Concertación, Ley N° 30364)",
        }
    )
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def contar_paginas(datos_pdf: bytes) -> int:
    """Número de páginas; 0 si no es un PDF legible."""
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(datos_pdf)).pages)
    except Exception:
        return 0


# ---------------------------------------------------------------- conversión

_REFERENCIA = re.compile(rb'<w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink)\s+w:val="([^"]+)"')


def _no_es_docx(ruta: Path) -> str | None:
    """Motivo por el que `ruta` no es un .docx (LibreOffice convertiría un texto cualquiera)."""
    try:
        with zipfile.ZipFile(ruta) as archivo:
            if "word/document.xml" not in archivo.namelist():
                return "no es un documento Word .docx (falta word/document.xml)"
    except zipfile.BadZipFile:
        return "no es un documento Word .docx válido (archivo dañado o de otro tipo)"
    except OSError as exc:
        return f"no se puede leer ({exc.strerror})"
    return None


_ESTILOS_RECORTADOS: dict[tuple[bytes, frozenset], bytes] = {}  # los .docx de una plantilla comparten estilos


def _recortar_estilos(estilos: bytes, usados: set[str]) -> bytes:
    from lxml import etree

    raiz = etree.fromstring(estilos)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    por_id = {e.get(w + "styleId"): e for e in raiz.iter(w + "style")}
    pendientes = list(usados) + [i for i, e in por_id.items() if e.get(w + "default") in ("1", "true", "on")]
    conservar = set()
    while pendientes:
        ident = pendientes.pop()
        if ident in conservar or ident not in por_id:
            continue
        conservar.add(ident)
        for hijo in ("basedOn", "link", "next"):
            for ref in por_id[ident].findall(w + hijo):
                pendientes.append(ref.get(w + "val"))
    for ident, elemento in por_id.items():
        if ident not in conservar:
            raiz.remove(elemento)
    for latentes in raiz.findall(w + "latentStyles"):
        raiz.remove(latentes)
    return etree.tostring(raiz, xml_declaration=True, encoding="UTF-8", standalone=True)


def aligerar(docx: Path, copia: Path) -> None:
    """Copia el .docx quitando de styles.xml los estilos que nada usa (solo la copia temporal).

    La plantilla base de python-docx trae unos 160 estilos y 140 estilos latentes: LibreOffice
    tarda ~0,04 s por documento solo en importarlos. Se conservan los estilos usados en cualquier
    parte de word/, los predeterminados y todo lo que estos heredan o enlazan (basedOn, link,
    next), de modo que el PDF no cambia. Ante cualquier rareza se copia el archivo tal cual.
    """
    try:
        with zipfile.ZipFile(docx) as origen:
            partes = {info.filename: origen.read(info) for info in origen.infolist()}
            infos = origen.infolist()
        estilos = partes.get("word/styles.xml")
        if estilos is None:
            raise ValueError
        usados: set[str] = set()
        for nombre, datos in partes.items():
            if nombre.startswith("word/") and nombre.endswith(".xml") and nombre != "word/styles.xml":
                usados.update(v.decode("utf-8") for v in _REFERENCIA.findall(datos))
        clave = (hashlib.sha1(estilos).digest(), frozenset(usados))
        recortado = _ESTILOS_RECORTADOS.get(clave)
        if recortado is None:
            recortado = _recortar_estilos(estilos, usados)
            if len(_ESTILOS_RECORTADOS) > 256:
                _ESTILOS_RECORTADOS.clear()
            _ESTILOS_RECORTADOS[clave] = recortado
        partes["word/styles.xml"] = recortado
        with zipfile.ZipFile(copia, "w", zipfile.ZIP_STORED) as destino:
            for info in infos:
                info.compress_type = zipfile.ZIP_STORED
                destino.writestr(info, partes[info.filename])
    except Exception:
        shutil.copyfile(docx, copia)


def datos_aligerados(docx: Path) -> bytes:
    """Los bytes de `aligerar` (para enviarlos a un LibreOffice ya abierto)."""
    with tempfile.TemporaryDirectory(prefix="generador-pdf-") as tmp:
        copia = Path(tmp, "d.docx")
        aligerar(docx, copia)
        return copia.read_bytes()


def repartir(n: int, procesos: int, tamano_tanda: int) -> list[range]:
    """Reparte n documentos en tandas parejas: al menos una por proceso, ninguna mayor que el tope."""
    if n == 0:
        return []
    tandas = max(min(procesos, n), math.ceil(n / max(1, tamano_tanda)))
    base, resto = divmod(n, tandas)
    rangos, inicio = [], 0
    for i in range(tandas):
        fin = inicio + base + (1 if i < resto else 0)
        rangos.append(range(inicio, fin))
        inicio = fin
    return rangos


def _convertir_tanda(
    soffice: str, trabajos: list[Conversion], metadatos: Mapping[Path, Metadatos], sobrescribir: bool, tiempo_max: float
) -> None:
    perfil = Perfil()
    try:
        with tempfile.TemporaryDirectory(prefix="generador-pdf-") as tmp:
            entrada, salida = Path(tmp, "entrada"), Path(tmp, "salida")
            entrada.mkdir()
            salida.mkdir()
            # Nombres únicos: dos «ordenanza.docx» de carpetas distintas no chocan en --outdir.
            copias = []
            for i, t in enumerate(trabajos):
                copia = entrada / f"d{i:04d}.docx"
                motivo = _no_es_docx(t.docx)
                if motivo:
                    t.error = motivo
                    continue
                try:
                    aligerar(t.docx, copia)
                except OSError as exc:
                    t.error = f"no se puede leer ({exc.strerror})"
                    continue
                copias.append((t, copia))
            if not copias:
                return
            motivo = ejecutar_soffice(soffice, perfil, [c for _, c in copias], salida, tiempo_max)
            for t, copia in copias:
                producido = salida / (copia.stem + ".pdf")
                datos = producido.read_bytes() if producido.is_file() else b""
                paginas = contar_paginas(datos) if datos else 0
                if not datos:
                    t.error = "LibreOffice no produjo el PDF" + (
                        f" ({motivo})" if motivo else " (¿el archivo está dañado o no es un .docx?)"
                    )
                    continue
                if paginas == 0:
                    t.error = "LibreOffice produjo un PDF vacío o ilegible (sin páginas)"
                    continue
                try:
                    final = poner_metadatos(datos, metadatos.get(t.docx))
                    escribir(t.pdf, final, sobrescribir=sobrescribir)
                except ErrorSalida as exc:
                    t.error = str(exc)
                    continue
                t.paginas = paginas
    finally:
        perfil.soltar()


def destino_pdf(docx: Path, carpeta_salida: Path | None) -> Path:
    docx = Path(docx)
    return (carpeta_salida or docx.parent) / (docx.stem + ".pdf")


def convertir_detallado(
    docx: Sequence[Path | str],
    carpeta_salida: Path | None = None,
    *,
    destinos: Sequence[Path] | None = None,
    metadatos: Mapping[Path, Metadatos] | None = None,
    sobrescribir: bool = False,
    procesos: int | None = None,
    tamano_tanda: int = TAMANO_TANDA,
    tiempo_max: float | None = None,
) -> list[Conversion]:
    """Convierte y devuelve un resultado por archivo (sin lanzar por fallos de un archivo).

    Lanza ErrorLibreOffice si LibreOffice no está y ErrorSalida si dos entradas irían al mismo PDF
    o (sin `sobrescribir`) si algún PDF ya existe: en esos casos no se convierte nada.
    """
    entradas = [Path(d) for d in docx]
    if destinos is None:
        destinos = [destino_pdf(d, carpeta_salida) for d in entradas]
    destinos = [Path(p) for p in destinos]
    if len(destinos) != len(entradas):
        raise ValueError("destinos y docx deben tener la misma longitud")
    vistos: dict[Path, Path] = {}
    for d, p in zip(entradas, destinos):
        clave = p.resolve()
        if clave in vistos:
            raise ErrorSalida(
                f"{vistos[clave]} y {d} se convertirían en el mismo archivo {p}; use carpetas de salida distintas"
            )
        vistos[clave] = d
        if not sobrescribir:
            comprobar_libre(p)
    if not entradas:
        return []
    soffice = localizar_soffice()
    metadatos = {Path(k): v for k, v in (metadatos or {}).items()}
    trabajos = [Conversion(d, p) for d, p in zip(entradas, destinos)]
    for t in trabajos:
        if not t.docx.is_file():
            t.error = "no existe o no es un archivo"
    pendientes = [t for t in trabajos if t.error is None]
    procesos = max(1, procesos or os.cpu_count() or 1)
    tandas = [[pendientes[i] for i in r] for r in repartir(len(pendientes), procesos, tamano_tanda)]

    def tarea(tanda: list[Conversion]) -> None:
        limite = tiempo_max or TIEMPO_BASE + TIEMPO_POR_DOCUMENTO * len(tanda)
        _convertir_tanda(soffice, tanda, metadatos, sobrescribir, limite)

    with ThreadPoolExecutor(max_workers=min(procesos, len(tandas) or 1)) as grupo:
        list(grupo.map(tarea, tandas))
    return trabajos


def mensaje_errores(resultados: Sequence[Conversion]) -> str:
    fallos = [r for r in resultados if r.error]
    lineas = [f"{r.docx}: no se pudo convertir a PDF: {r.error}" for r in fallos]
    if len(lineas) == 1:
        return lineas[0]
    return f"{len(fallos)} archivos no se pudieron convertir a PDF:\n" + "\n".join(f"  - {l}" for l in lineas)


def convertir(
    docx: Sequence[Path | str],
    carpeta_salida: Path | None = None,
    *,
    destinos: Sequence[Path] | None = None,
    metadatos: Mapping[Path, Metadatos] | None = None,
    sobrescribir: bool = False,
    procesos: int | None = None,
    tamano_tanda: int = TAMANO_TANDA,
    tiempo_max: float | None = None,
) -> list[Path]:
    """Convierte los .docx a PDF y devuelve las rutas de los PDF, en el mismo orden.

    - `carpeta_salida`: dónde escribir «<nombre>.pdf» (por defecto, junto a cada .docx);
      `destinos` fija en cambio la ruta exacta de cada PDF.
    - `metadatos`: {ruta del .docx tal como se pasó: Metadatos}.
    - `procesos`: soffice en paralelo (por defecto, uno por núcleo); `tamano_tanda`: tope de
      documentos por llamada a soffice; `tiempo_max`: segundos por tanda (por defecto
      60 + 10 por documento).

    Los PDF que salen bien se escriben; si alguno falla se lanza ErrorPDF que nombra cada
    archivo fallido (con `.resultados` para el detalle).
    """
    resultados = convertir_detallado(
        docx,
        carpeta_salida,
        destinos=destinos,
        metadatos=metadatos,
        sobrescribir=sobrescribir,
        procesos=procesos,
        tamano_tanda=tamano_tanda,
        tiempo_max=tiempo_max,
    )
    if any(r.error for r in resultados):
        raise ErrorPDF(mensaje_errores(resultados), resultados)
    return [r.pdf for r in resultados]


def convertir_generados(
    documentos: Mapping[Path, Metadatos | None], sobrescribir: bool = False, procesos: int | None = None
) -> list[Conversion]:
    """PDF de los .docx recién generados (junto a cada uno), en tandas.

    Sin `sobrescribir`, un PDF que ya existe no se pisa: si no es más antiguo que su .docx se
    da como omitido (`omitido=True`); si lo es, no le corresponde y se da como error, para que
    nunca quede un PDF de otro .docx sin decirlo.
    """
    pendientes, resto = [], []
    for d in map(Path, documentos):
        destino = destino_pdf(d, None)
        if sobrescribir or not destino.exists():
            pendientes.append(d)
        elif d.exists() and destino.stat().st_mtime < d.stat().st_mtime:
            resto.append(
                Conversion(
                    d,
                    destino,
                    error=f"ya existe {destino}, más antiguo que su .docx: no le "
                    "corresponde y no se sobrescribe (bórrelo o use --sobrescribir)",
                )
            )
        else:
            resto.append(Conversion(d, destino, omitido=True))
    return resto + convertir_detallado(
        pendientes,
        metadatos={Path(k): v for k, v in documentos.items() if v},
        sobrescribir=sobrescribir,
        procesos=procesos,
    )


def comprobar_libres(archivos: Sequence[Path], carpeta: Path, estricto: bool = False) -> None:
    """Con --pdf y sin --sobrescribir: si ya hay un PDF con el nombre de salida de alguno, no se
    genera nada (quedaría un PDF antiguo junto a un .docx nuevo que no le corresponde)."""
    from .errores import ErrorRespuestas, ErrorSalida
    from .generacion import _con_sufijo, nombre_salida
    from .validacion import validar_archivo

    for respuestas in archivos:
        try:
            r = validar_archivo(respuestas, estricto=estricto)
        except ErrorRespuestas:
            continue  # el error lo dirá la generación, con su archivo y su línea
        destino = carpeta / nombre_salida(r)
        for docx in [destino, *(_con_sufijo(destino, a.sufijo) for a in r.manifiesto.adicionales)]:
            anterior = destino_pdf(docx, None)
            if anterior.exists():
                raise ErrorSalida(
                    f"{anterior} ya existe, de una generación anterior: no se genera nada, para no dejar "
                    "un PDF que no corresponde a su .docx; bórrelo o use --sobrescribir para rehacer ambos"
                )


def convertir_resultados(resultados: Sequence, sobrescribir: bool = False) -> list[Conversion]:
    """PDF de cada documento generado (generacion.Resultado), con título, autor y asunto de sus respuestas."""
    documentos = {
        d: metadatos_de_archivo(r.respuestas)
        for r in resultados
        if not r.error and not r.omitido
        for d in [r.salida, *r.adicionales]
    }
    return convertir_generados(documentos, sobrescribir=sobrescribir) if documentos else []
