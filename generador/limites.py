"""Límites de la entrada, en un solo sitio, y la lectura acotada de archivos.

Toda entrada que viene de la persona usuaria (respuestas, perfiles, hojas de cálculo,
documentos a revisar) se lee con `leer_bytes`: solo archivos regulares (nunca /dev/zero, una
tubería FIFO o una carpeta), hasta un tamaño máximo por tipo y con un error en español si no.
Los mensajes citan lo que viene de un archivo solo como `extracto` corto y saneado.
"""

from __future__ import annotations

import decimal
import errno
import os
import re
import stat
from pathlib import Path

from .errores import ErrorGenerador

MB = 1024 * 1024

# Tamaño máximo de cada tipo de archivo de entrada (bytes).
LIMITE_RESPUESTAS = 2 * MB  # un YAML de respuestas (un diagnóstico largo ronda 50 KB)
LIMITE_PERFIL = 1 * MB  # un perfil de instancia (instancia.yaml)
LIMITE_TABLA = 50 * MB  # una hoja de cálculo de lote (.xlsx o .csv)
LIMITE_DOCUMENTO = 100 * MB  # un .docx o .pdf a revisar o a unir en un expediente

# Estructura de un YAML.
LIMITE_ALIAS = 100  # usos de alias (*nombre) en un archivo
LIMITE_ELEMENTOS = 100_000  # elementos del YAML con los alias ya expandidos
LIMITE_PROFUNDIDAD = 40  # niveles de anidamiento (grupos dentro de listas dentro de…)

# Respuestas.
LIMITE_CARACTERES = 100_000  # caracteres de un campo de texto (unas 30 páginas)
MAXIMO_ENTERO = 10**9  # valor absoluto de un entero sin máximo declarado
MAXIMO_DECIMAL = 10**12  # valor absoluto de un decimal sin máximo declarado (soles)

LARGO_EXTRACTO = 40  # caracteres de un dato citado en un mensaje

_NO_VISIBLES = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]")


class ErrorEntrada(ErrorGenerador):
    """Un archivo de entrada no se puede leer: no existe, no es un archivo regular, es enorme…

    `motivo` es el mensaje sin la ruta (para quien ya la nombra, como `Problema`).
    """

    def __init__(self, ruta: Path | str, motivo: str, linea: int | None = None):
        self.ruta, self.motivo, self.linea = extracto(ruta, 160), motivo, linea
        lugar = self.ruta + (f", línea {linea}" if linea else "")
        super().__init__(f"{lugar}: {motivo}")


def extracto(texto: object, largo: int = LARGO_EXTRACTO) -> str:
    """Texto apto para un mensaje: sin caracteres de control ni de dirección, y corto («…»)."""
    texto = " ".join(_NO_VISIBLES.sub(" ", str(texto)[: largo * 4]).split())
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"


_IDENTIFICADOR = re.compile(rf"[\w\- .]{{1,{LARGO_EXTRACTO}}}")
_INICIO = re.compile(r"[\w\-]{0,20}")


def clave_citable(clave: object) -> str:
    """Un nombre de campo para un mensaje: tal cual si parece un nombre («Género», «dni»); si no
    (una línea de otro archivo, «root:$6$…»), solo su comienzo hasta el primer signo, con «…»."""
    texto = str(clave)
    if _IDENTIFICADOR.fullmatch(texto):
        return texto
    inicio = _INICIO.match(texto)
    assert inicio is not None  # {0,20}: casa siempre, aunque sea vacío
    return (inicio.group(0) or "?") + "…"


def cifra(numero: object) -> str:
    """1000000000 → «1 000 000 000» (sin notación científica ni «.0»)."""
    try:
        valor = decimal.Decimal(str(numero))
        valor = valor.quantize(decimal.Decimal(1)) if valor == valor.to_integral_value() else valor.normalize()
        return f"{valor:,f}".replace(",", " ")
    except (decimal.InvalidOperation, ValueError):  # un número enorme: tal cual
        return str(numero)


def tamano_legible(bytes_: int) -> str:
    return f"{bytes_ // MB} MB" if bytes_ >= MB else f"{bytes_ // 1024} KB"


_MOTIVOS: dict[int | None, str] = {
    errno.ENAMETOOLONG: "el nombre del archivo es demasiado largo",
    errno.ELOOP: "demasiados enlaces simbólicos encadenados",
    errno.ENOTDIR: "una parte de la ruta no es una carpeta",
    errno.EACCES: "no hay permiso",
    errno.EPERM: "no hay permiso",
    errno.EIO: "error de lectura del disco",
    errno.ENXIO: "dispositivo no disponible",
    errno.EMFILE: "demasiados archivos abiertos",
    errno.ENOENT: "no existe",
}


def motivo_del_sistema(exc: BaseException) -> str:
    """El motivo de un OSError en español (el texto del sistema puede venir en inglés)."""
    numero = getattr(exc, "errno", None)
    return _MOTIVOS.get(numero, f"error del sistema {numero}" if numero else "ruta no válida")


def leer_bytes(ruta: Path | str, limite: int) -> bytes:
    """Contenido de un archivo regular de como mucho `limite` bytes; `ErrorEntrada` si no.

    Se abre sin bloquear (una tubería FIFO no cuelga) y se comprueba el tipo sobre el archivo ya
    abierto; se leen como mucho `limite + 1` bytes aunque el tamaño declarado mienta.
    """
    if "\x00" in str(ruta):
        raise ErrorEntrada(ruta, "la ruta contiene un carácter nulo; revise el nombre del archivo")
    try:
        descriptor = os.open(ruta, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise ErrorEntrada(ruta, "el archivo no existe") from None
    except IsADirectoryError:
        raise ErrorEntrada(ruta, "es una carpeta, no un archivo") from None
    except PermissionError:
        raise ErrorEntrada(ruta, "no hay permiso para leer el archivo") from None
    except (OSError, ValueError) as exc:
        raise ErrorEntrada(ruta, f"no se puede abrir ({motivo_del_sistema(exc)})") from None
    try:
        estado = os.fstat(descriptor)
        if stat.S_ISDIR(estado.st_mode):
            raise ErrorEntrada(ruta, "es una carpeta, no un archivo")
        if not stat.S_ISREG(estado.st_mode):
            raise ErrorEntrada(
                ruta,
                "no es un archivo normal (es un dispositivo, una tubería "
                "o un enlace especial); indique un archivo guardado en el disco",
            )
        if estado.st_size > limite:
            raise ErrorEntrada(
                ruta,
                f"el archivo es demasiado grande ({tamano_legible(estado.st_size)}; límite {tamano_legible(limite)})",
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        with os.fdopen(descriptor, "rb", closefd=False) as archivo:
            datos = archivo.read(limite + 1)
    except OSError as exc:
        raise ErrorEntrada(ruta, f"no se puede leer ({motivo_del_sistema(exc)})") from None
    finally:
        os.close(descriptor)
    if len(datos) > limite:
        raise ErrorEntrada(ruta, f"el archivo es demasiado grande (límite {tamano_legible(limite)})")
    return datos


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")


def decodificar(datos: bytes, nombre: Path | str) -> tuple[str, tuple[int, str] | None]:
    """Texto de un archivo y, si no estaba en UTF-8, un aviso (primera línea afectada, motivo).

    Un archivo guardado en Windows-1252/Latin-1 (lo habitual en el Bloc de notas o Excel antiguos)
    se lee línea a línea: las líneas en UTF-8 quedan como están y las demás se leen como
    Windows-1252. Un archivo binario (bytes nulos o de control) se rechaza.
    """
    aviso = None
    if datos.startswith((b"\xff\xfe", b"\xfe\xff")):  # «Unicode» del Bloc de notas
        try:
            texto = datos.decode("utf-16")
        except UnicodeDecodeError:
            raise ErrorEntrada(
                nombre, "no es un texto UTF-16 válido; guárdelo como «UTF-8» («Guardar como» → Codificación)"
            ) from None
    else:
        datos = datos.removeprefix(b"\xef\xbb\xbf")
        try:
            texto = datos.decode("utf-8")
        except UnicodeDecodeError as exc:
            linea = datos.count(b"\n", 0, exc.start) + 1
            texto = "".join(_linea_de_windows(l) for l in datos.splitlines(keepends=True))
            aviso = (
                linea,
                "el archivo no está guardado en UTF-8; se leyó como Windows-1252 (Latin-1). "
                "Revise las tildes y la ñ, y guárdelo como «UTF-8» («Guardar como» → "
                "Codificación) para evitar este aviso",
            )
    malo = _CONTROL.search(texto)
    if malo:
        linea = texto.count("\n", 0, malo.start()) + 1
        if "\x00" in texto or len(_CONTROL.findall(texto[:100_000])) > 3:
            raise ErrorEntrada(
                nombre,
                "no es un archivo de texto (tiene bytes nulos o de control; ¿es un .docx, .xlsx o una imagen?)",
                linea,
            )
        raise ErrorEntrada(
            nombre,
            f"hay un carácter de control invisible (U+{ord(malo.group()):04X}) "
            "en esta línea: bórrelo (suele venir de copiar y pegar)",
            linea,
        )
    return texto, aviso


def _linea_de_windows(linea: bytes) -> str:
    try:
        return linea.decode("utf-8")
    except UnicodeDecodeError:
        return linea.decode("cp1252", errors="replace").replace("\ufffd", "?")
