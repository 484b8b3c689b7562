"""Expediente técnico en un solo PDF: informe sustentatorio, proyecto de ordenanza y anexos.

`armar_expediente` une con pypdf, en el orden que declaran los manifiestos (`expediente: {orden,
titulo}`: hoy el informe técnico sustentatorio y luego el proyecto de ordenanza; después, los PDF
adjuntos en el orden dado), con un
marcador por documento, etiquetas de página 1…M y un sello «Página N de M» en la esquina superior
derecha de cada página (el pie de los documentos generados ya lleva su propia numeración).
De cada anexo se quitan el JavaScript, las acciones automáticas y los archivos incrustados (un
expediente que se publica no debe ejecutar nada al abrirse), y se avisa de ello.
Acepta .docx (se convierten con `generador.pdf`) y .pdf; rechaza PDF cifrados o ilegibles con un
mensaje que nombra el archivo. El resultado se escribe de forma atómica.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errores import ErrorGenerador
from .escritura import comprobar_libre, escribir
from .pdf import Metadatos, convertir


def orden() -> tuple[tuple[str, str], ...]:
    """(id del tipo = prefijo del nombre de archivo, título del marcador), en el orden declarado."""
    from .manifiesto import catalogo

    propios = sorted((m.expediente.orden, m.id, m.expediente.titulo) for m in catalogo().values() if m.expediente)
    return tuple((id_, titulo) for _, id_, titulo in propios)


EXTENSIONES = (".pdf", ".docx")


class ErrorExpediente(ErrorGenerador):
    """No se puede armar el expediente (entrada cifrada, ilegible, inexistente…)."""


@dataclass
class Pieza:
    """Un documento del expediente."""

    ruta: Path
    titulo: str
    clase: str  # el id de su tipo (ver orden()) o «anexo»
    paginas: int = 0
    primera: int = 0  # índice (desde 0) de su primera página en el expediente


@dataclass
class Expediente:
    salida: Path
    piezas: list[Pieza]
    paginas: int
    avisos: list[str] = field(default_factory=list)


def clase_de(ruta: Path) -> str | None:
    """«ordenanza» para ordenanza.docx u ordenanza_provincial_Chota.pdf; None si es un anexo."""
    nombre = ruta.stem.lower()
    for prefijo, _ in orden():
        if nombre == prefijo or nombre.startswith((prefijo + "_", prefijo + "-", prefijo + ".")):
            return prefijo
    return None


def _oculto(ruta: Path) -> bool:
    return ruta.name.startswith((".", "~$"))


def recoger(entradas: Sequence[Path | str], salida: Path | None = None) -> list[Path]:
    """Expande carpetas y ordena según orden() (los anexos conservan el orden dado).

    De una carpeta se toman el informe sustentatorio y la ordenanza (.pdf o .docx) y todos los
    demás .pdf como anexos; si hay «x.docx» y «x.pdf», se usa el PDF. Un archivo nombrado
    explícitamente siempre se incluye.
    """
    salida_real = Path(salida).resolve() if salida else None
    archivos: list[Path] = []
    for entrada in entradas:
        entrada = Path(entrada)
        if entrada.is_dir():
            contenido = sorted(
                p for p in entrada.iterdir() if p.is_file() and not _oculto(p) and p.suffix.lower() in EXTENSIONES
            )
            pdfs = {p.with_suffix("").name for p in contenido if p.suffix.lower() == ".pdf"}
            for p in contenido:
                if p.suffix.lower() == ".docx" and (clase_de(p) is None or p.with_suffix("").name in pdfs):
                    continue
                archivos.append(p)
        elif entrada.is_file():
            if entrada.suffix.lower() not in EXTENSIONES:
                raise ErrorExpediente(f"{entrada}: solo se admiten archivos .pdf o .docx")
            archivos.append(entrada)
        else:
            raise ErrorExpediente(f"{entrada}: no existe")
    vistos, unicos = set(), []
    for p in archivos:
        clave = p.resolve()
        if clave in vistos or clave == salida_real:
            continue
        vistos.add(clave)
        unicos.append(p)
    declarado = orden()
    posicion: dict[str | None, int] = {prefijo: i for i, (prefijo, _) in enumerate(declarado)}
    return sorted(unicos, key=lambda p: posicion.get(clase_de(p), len(declarado)))  # sorted es estable


def _leer_pdf(ruta: Path, nombre: Path | None = None):
    """PdfReader de un PDF legible y sin cifrar; si no, ErrorExpediente que nombra el archivo."""
    from pypdf import PdfReader

    nombre = nombre or ruta
    try:
        datos = ruta.read_bytes()
    except OSError as exc:
        raise ErrorExpediente(f"{nombre}: no se puede leer ({exc.strerror})") from None
    try:
        lector = PdfReader(io.BytesIO(datos))
        cifrado = lector.is_encrypted
    except Exception as exc:
        raise ErrorExpediente(f"{nombre}: no es un PDF legible (archivo dañado o de otro tipo: {exc})") from None
    if cifrado:
        raise ErrorExpediente(
            f"{nombre}: el PDF está cifrado o protegido con contraseña; quite la "
            "protección (o imprímalo a un PDF nuevo) antes de incluirlo en el expediente"
        )
    try:
        paginas = len(lector.pages)
        for pagina in lector.pages:
            pagina.mediabox  # noqa: B018 - fuerza la lectura del árbol de páginas
    except Exception as exc:
        raise ErrorExpediente(f"{nombre}: no es un PDF legible ({exc})") from None
    if paginas == 0:
        raise ErrorExpediente(f"{nombre}: el PDF no tiene páginas")
    return lector


#: Claves que ejecutan algo al abrir, al pasar o al imprimir, o que llevan archivos dentro.
_CLAVES_ACTIVAS = ("/AA", "/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/AF", "/XFA")
_ACCIONES_ACTIVAS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/ResetForm",
    "/Rendition",
    "/GoToE",
    "/GoToR",
    "/Movie",
    "/Sound",
    "/RichMediaExecute",
    "/Hide",
    "/SetOCGState",
}
_ANOTACIONES_ACTIVAS = {"/FileAttachment", "/Screen", "/RichMedia", "/Movie", "/Sound", "/3D"}


def _accion_activa(valor) -> bool:
    from pypdf.generic import DictionaryObject

    valor = valor.get_object() if hasattr(valor, "get_object") else valor
    return isinstance(valor, DictionaryObject) and valor.get("/S") in _ACCIONES_ACTIVAS


def limpiar_pdf(raiz) -> int:
    """Quita de `raiz` (el catálogo de un PDF) y de todo lo que cuelga de ella el JavaScript, las
    acciones automáticas (/AA, /OpenAction), las acciones que abren programas o envían datos y
    los archivos incrustados (también como anotaciones). Devuelve cuántos elementos quitó."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    quitados = 0
    vistos: set = set()
    pila = [raiz]
    while pila:
        objeto = pila.pop()
        if isinstance(objeto, IndirectObject):
            identidad = (id(objeto.pdf), objeto.idnum, objeto.generation)
            if identidad in vistos:
                continue
            vistos.add(identidad)
            try:
                objeto = objeto.get_object()
            except Exception:
                continue
        if isinstance(objeto, DictionaryObject):
            for clave in _CLAVES_ACTIVAS:
                if clave in objeto:
                    del objeto[clave]
                    quitados += 1
            for clave in ("/A", "/Next", "/OpenAction"):  # un /OpenAction que solo va a una página se queda
                if clave in objeto and _accion_activa(objeto[clave]):
                    del objeto[clave]
                    quitados += 1
            anotaciones: Any = objeto.get("/Annots")
            anotaciones = anotaciones.get_object() if hasattr(anotaciones, "get_object") else anotaciones
            if isinstance(anotaciones, ArrayObject):
                activas = [a for a in anotaciones if a.get_object().get("/Subtype") in _ANOTACIONES_ACTIVAS]
                for a in activas:
                    anotaciones.remove(a)
                quitados += len(activas)
            pila.extend(objeto.values())
        elif isinstance(objeto, ArrayObject):
            pila.extend(objeto)
    return quitados


def _sin_sueltos(escritor) -> None:
    """Que no se escriban objetos que ya nada usa (p. ej. un JavaScript desenganchado)."""
    for opciones in (
        {"remove_duplicates": False, "remove_unreferenced": True},  # pypdf ≥ 6
        {"remove_identicals": False, "remove_orphans": True},
    ):  # pypdf 5
        try:
            escritor.compress_identical_objects(**opciones)
            return
        except Exception:
            continue


def _titulo_anexo(ruta: Path, numero: int) -> str:
    return f"Anexo {numero}: {ruta.stem.replace('_', ' ')}"


def metadatos_expediente(ruta_respuestas: Path | str) -> Metadatos:
    """Metadatos del expediente a partir de un YAML de respuestas de la misma instancia
    (p. ej. ordenanza.yaml): autor = el gobierno; título con el nombre de la instancia."""
    from .pdf import metadatos_de_archivo

    propios = metadatos_de_archivo(ruta_respuestas)
    instancia = propios.titulo.split(" - ", 1)[1] if propios.titulo and " - " in propios.titulo else None
    return Metadatos(
        titulo=(
            "Expediente técnico: proyecto de ordenanza de creación de la " + (instancia or "instancia de concertación")
        ),
        autor=propios.autor,
        palabras_clave=propios.palabras_clave,
    )


def _metadatos_de(lector) -> Metadatos:
    try:
        datos = lector.metadata or {}
        return Metadatos(titulo=datos.get("/Title"), autor=datos.get("/Author"))
    except Exception:
        return Metadatos()


def _sello(ancho: float, alto: float, texto: str):
    """Una página transparente con «texto» arriba a la derecha (Helvetica, sin incrustar)."""
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    sello = PageObject.create_blank_page(width=ancho, height=alto)
    fuente = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    sello[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/FSello"): fuente})}
    )
    cuerpo = texto.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    tamano = 8
    # ancho aproximado de Helvetica: 0,5 em por carácter
    x, y = ancho - 36 - 0.5 * tamano * len(texto), alto - 24
    contenido = DecodedStreamObject()
    contenido.set_data(b"q 0.3 g BT /FSello %d Tf %.2f %.2f Td (%s) Tj ET Q" % (tamano, x, y, cuerpo))
    sello[NameObject("/Contents")] = contenido
    return sello


def armar_expediente(
    entradas: Sequence[Path | str],
    salida: Path | str,
    *,
    metadatos: Metadatos | None = None,
    sobrescribir: bool = False,
    sellar: bool = True,
    procesos: int | None = None,
) -> Expediente:
    """Une `entradas` (archivos .pdf/.docx o carpetas) en el PDF `salida`.

    Orden: informe sustentatorio, proyecto de ordenanza y anexos (ver `recoger`). Marcadores por
    documento; etiquetas de página 1…M; con `sellar`, «Página N de M» arriba a la derecha.
    `metadatos` del expediente: si faltan, el autor se toma de la ordenanza o del informe
    (si los PDF lo traen). Lanza ErrorExpediente (mensaje que nombra el archivo) si una entrada
    está cifrada, dañada o no existe; no escribe nada en ese caso.
    """
    from pypdf import PdfWriter
    from pypdf.constants import PageLabelStyle

    salida = Path(salida)
    if not sobrescribir:
        comprobar_libre(salida)
    archivos = recoger(entradas, salida)
    if not archivos:
        raise ErrorExpediente(
            "no hay documentos para el expediente: indique el informe "
            "sustentatorio, la ordenanza (.docx o .pdf) y los PDF adjuntos"
        )
    avisos = [
        f"el expediente no incluye {titulo.lower()} ({prefijo}.docx o .pdf)"
        for prefijo, titulo in orden()
        if not any(clase_de(p) == prefijo for p in archivos)
    ]
    titulos = dict(orden())

    with tempfile.TemporaryDirectory(prefix="generador-expediente-") as tmp:
        docx = [p for p in archivos if p.suffix.lower() == ".docx"]
        convertidos: dict[Path, Path] = {}
        if docx:
            destinos = [Path(tmp) / f"{i:03d}.pdf" for i in range(len(docx))]
            convertir(docx, destinos=destinos, procesos=procesos)
            convertidos = dict(zip(docx, destinos))

        escritor = PdfWriter()
        piezas: list[Pieza] = []
        anexos = 0
        autor = instancia = None
        for ruta in archivos:
            lector = _leer_pdf(convertidos.get(ruta, ruta), nombre=ruta)
            clase = clase_de(ruta)
            if clase is None:
                anexos += 1
                titulo = _titulo_anexo(ruta, anexos)
            else:
                titulo = titulos[clase]
            pieza = Pieza(ruta, titulo, clase or "anexo", len(lector.pages), len(escritor.pages))
            try:
                quitados = limpiar_pdf(lector.trailer["/Root"])
            except Exception as exc:
                raise ErrorExpediente(f"{ruta}: no es un PDF legible ({exc})") from None
            if quitados:
                avisos.append(
                    f"{ruta}: se quitaron {quitados} elementos activos (JavaScript, acciones automáticas "
                    "o archivos incrustados); el expediente no los lleva"
                )
            try:
                escritor.append(lector, import_outline=False)
            except Exception as exc:
                raise ErrorExpediente(f"{ruta}: no se pudo incorporar al expediente ({exc})") from None
            if clase is not None:
                propios = _metadatos_de(lector)
                if propios.autor and str(propios.autor) != "generador" and not autor:
                    autor = propios.autor
                if not instancia and propios.titulo and " - " in propios.titulo:
                    instancia = propios.titulo.split(" - ", 1)[1]
            piezas.append(pieza)

        total = len(escritor.pages)
        for pieza in piezas:
            escritor.add_outline_item(title=pieza.titulo, page_number=pieza.primera)
        escritor.set_page_label(0, total - 1, style=PageLabelStyle.DECIMAL, start=1)
        if sellar:
            for indice, pagina in enumerate(escritor.pages):
                caja = pagina.cropbox
                sello = _sello(float(caja.width), float(caja.height), f"Página {indice + 1} de {total}")
                if float(caja.left) or float(caja.bottom):
                    from pypdf import Transformation

                    sello.add_transformation(Transformation().translate(float(caja.left), float(caja.bottom)))
                pagina.merge_page(sello)
        limpiar_pdf(escritor._root_object)  # por si algo activo llegó por otro camino
        _sin_sueltos(escritor)
        escritor.page_mode = "/UseOutlines"

        base = metadatos or Metadatos()
        escritor.add_metadata(
            {
                **Metadatos(
                    titulo=base.titulo
                    or (
                        "Expediente técnico: proyecto de ordenanza de creación de la "
                        + (instancia or "instancia de concertación")
                    ),
                    autor=base.autor or autor,
                    asunto=base.asunto
                    or (
                        "Expediente técnico con "
                        + ", ".join(p.titulo.lower() if p.clase != "anexo" else p.titulo for p in piezas)
                    ),
                    palabras_clave=base.palabras_clave or "Ley N° 30364; expediente técnico; ordenanza",
                ).diccionario(),
                "/Creator": "generador (Instancias de Concertación, Ley N° 30364)",
            }
        )
        datos = io.BytesIO()
        escritor.write(datos)
    escribir(salida, datos.getvalue(), sobrescribir=sobrescribir)
    return Expediente(salida, piezas, total, avisos)
