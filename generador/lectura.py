"""Lectura del texto de documentos existentes (.docx y .pdf) para `generador revisar`.

Los documentos que se revisan casi nunca los hizo este programa: son archivos Word y PDF de los
portales municipales. Aquí solo se extrae su texto, en el orden del documento; buscar en él es
cosa de `revision`. Toda entrada que no se puede leer produce `ErrorLectura` con un motivo claro.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errores import ErrorGenerador
from .limites import LIMITE_DOCUMENTO, tamano_legible

EXTENSIONES = (".docx", ".pdf", ".doc")  # las .doc se listan para avisar que no se pueden leer
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # cabecera de Word 97-2003 (y de .docx cifrados)
_VENTANA_PDF = 3  # líneas de PDF que se buscan juntas (un título o nombre partido)
_MINIMO_TEXTO = 40  # letras por debajo de las cuales un PDF se da por escaneado
MAX_PAGINAS_PDF = 150  # páginas leídas por PDF (el resto no se revisa; el informe lo dice)


class ErrorLectura(ErrorGenerador):
    """El archivo no se puede leer como texto (formato, daño, cifrado o escaneado)."""


@dataclass
class Texto:
    ruta: Path
    formato: str  # «docx» o «pdf»
    parrafos: list[str] = field(default_factory=list)  # unidades donde se busca
    lineas: list[str] = field(default_factory=list)  # texto en orden, para el encabezado
    paginas: int = 0  # páginas del PDF
    paginas_leidas: int = 0  # las leídas (hasta MAX_PAGINAS_PDF)


def leer(ruta: Path | str) -> Texto:
    """Texto de un .docx o .pdf; `ErrorLectura` si no se puede leer."""
    ruta = Path(ruta)
    if not ruta.is_file():
        raise ErrorLectura(f"{ruta}: no existe o no es un archivo")
    if ruta.stat().st_size > LIMITE_DOCUMENTO:
        raise ErrorLectura(
            f"{ruta}: el archivo es demasiado grande ({tamano_legible(ruta.stat().st_size)}; "
            f"límite {tamano_legible(LIMITE_DOCUMENTO)})"
        )
    try:
        with ruta.open("rb") as f:
            cabecera = f.read(8)
    except OSError as exc:
        raise ErrorLectura(f"{ruta}: no se puede abrir ({exc.strerror})") from None
    extension = ruta.suffix.lower()
    if cabecera == _OLE:
        if extension == ".docx":
            raise ErrorLectura(
                f"{ruta}: el archivo de Word está protegido con contraseña (cifrado) "
                "o en el formato antiguo .doc; quite la contraseña y guárdelo como .docx"
            )
        raise ErrorLectura(
            f"{ruta}: es un documento de Word antiguo (.doc), que no se puede leer; "
            "ábralo en Word o LibreOffice y guárdelo como .docx (o expórtelo a PDF)"
        )
    if extension == ".doc":
        raise ErrorLectura(
            f"{ruta}: los documentos .doc (Word antiguo) no se pueden leer; guárdelo como .docx o expórtelo a PDF"
        )
    if cabecera.startswith(b"%PDF") or extension == ".pdf":
        return _leer_pdf(ruta)
    if cabecera.startswith(b"PK") or extension == ".docx":
        return _leer_docx(ruta)
    raise ErrorLectura(
        f"{ruta}: formato no admitido («{ruta.suffix or 'sin extensión'}»); solo se revisan archivos .docx y .pdf"
    )


# --- Word ---------------------------------------------------------------------------------


def _leer_docx(ruta: Path) -> Texto:
    from .texto_word import ErrorWord, leer_parrafos

    try:
        parrafos = leer_parrafos(ruta)
    except ErrorWord as exc:
        raise ErrorLectura(str(exc)) from None
    return Texto(ruta, "docx", parrafos, [" ".join(p.split()) for p in parrafos])


# --- PDF ----------------------------------------------------------------------------------


def _leer_pdf(ruta: Path) -> Texto:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # avisos de PDFs imperfectos: no interesan
    try:
        lector = PdfReader(str(ruta))
        if lector.is_encrypted:
            try:
                resultado: object = lector.decrypt("")  # muchos PDF solo restringen la impresión
            except (DependencyError, NotImplementedError):
                resultado = 0
            if not resultado:
                raise ErrorLectura(
                    f"{ruta}: el PDF está cifrado (protegido con contraseña) y no se "
                    "puede leer; pida una copia sin protección o el .docx original"
                )
        total = len(lector.pages)
        paginas = [lector.pages[i].extract_text() or "" for i in range(min(total, MAX_PAGINAS_PDF))]
    except ErrorLectura:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise ErrorLectura(
            f"{ruta}: el PDF está cifrado (protegido con contraseña) y no se puede leer; "
            "pida una copia sin protección o el .docx original"
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ErrorLectura(f"{ruta}: el PDF está dañado y no se puede leer ({type(exc).__name__})") from None
    except Exception as exc:
        raise ErrorLectura(f"{ruta}: el PDF no se puede leer ({type(exc).__name__}: {exc})") from None
    letras = sum(c.isalpha() for texto in paginas for c in texto)
    if letras < _MINIMO_TEXTO:
        raise ErrorLectura(
            f"{ruta}: el PDF no contiene texto extraíble; parece escaneado (una imagen "
            "por página). Pásele un reconocimiento de texto (OCR) o use el .docx original"
        )
    lineas = [linea for texto in paginas for linea in texto.splitlines() if linea.strip()]
    # Un PDF no tiene párrafos: se busca en ventanas de líneas consecutivas, unidas con salto de
    # línea para que la normalización quite los guiones de corte («Concer-\ntación»).
    unidades = ["\n".join(lineas[i : i + _VENTANA_PDF]) for i in range(len(lineas))]
    return Texto(ruta, "pdf", unidades, [" ".join(l.split()) for l in lineas], total, len(paginas))


def archivos(rutas: list[Path]) -> list[Path]:
    """Los archivos indicados y, de cada carpeta, sus .docx/.pdf/.doc (recursivo, ordenados)."""
    salida: list[Path] = []
    for ruta in rutas:
        if ruta.is_dir():
            salida.extend(
                sorted(
                    p
                    for p in ruta.rglob("*")
                    if p.is_file() and p.suffix.lower() in EXTENSIONES and not p.name.startswith("~$")
                )
            )
        else:
            salida.append(ruta)
    return salida
