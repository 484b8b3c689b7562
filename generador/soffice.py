"""LibreOffice en este equipo: dónde está su ejecutable, los perfiles reservados que usa cada
soffice (dos con el mismo perfil se bloquean entre sí) y una llamada a soffice con tiempo máximo.

`pdf.py` convierte en frío con estas piezas; `libreoffice_caliente.py` mantiene uno abierto.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .errores import ErrorGenerador

if TYPE_CHECKING:
    from .pdf import Conversion

#: Variable de entorno para indicar el ejecutable de LibreOffice si no está en el PATH.
VARIABLE_SOFFICE = "GENERADOR_SOFFICE"
INSTALAR = (
    "LibreOffice no está instalado (no se encontró «soffice» ni «libreoffice»). "
    "Para convertir a PDF instálelo: en Debian o Ubuntu, "
    "«sudo apt-get install --no-install-recommends libreoffice-writer-nogui fonts-liberation»; "
    "en Windows o macOS, descárguelo de https://es.libreoffice.org/ ; "
    f"o indique la ruta del ejecutable en la variable {VARIABLE_SOFFICE}."
)

_CANDIDATOS = (
    "soffice",
    "libreoffice",
    "/usr/bin/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
)


class ErrorPDF(ErrorGenerador):
    """Falló la conversión a PDF de uno o varios archivos (el mensaje los nombra a todos)."""

    def __init__(self, mensaje: str, resultados: list[Conversion] | None = None):
        super().__init__(mensaje)
        self.resultados = resultados or []


class ErrorLibreOffice(ErrorPDF):
    """LibreOffice no está instalado o no se encuentra."""


# ---------------------------------------------------------------- localizar LibreOffice


def localizar_soffice() -> str:
    """Ruta del ejecutable de LibreOffice; ErrorLibreOffice con instrucciones si no está."""
    propio = os.environ.get(VARIABLE_SOFFICE)
    if propio:
        encontrado = shutil.which(propio)
        if encontrado:
            return encontrado
        raise ErrorLibreOffice(f"{VARIABLE_SOFFICE}={propio} no es un ejecutable de LibreOffice. {INSTALAR}")
    for candidato in _CANDIDATOS:
        encontrado = shutil.which(candidato)
        if encontrado:
            return encontrado
    raise ErrorLibreOffice(INSTALAR)


def hay_libreoffice() -> bool:
    try:
        localizar_soffice()
    except ErrorLibreOffice:
        return False
    return True


# ---------------------------------------------------------------- perfiles de LibreOffice


def carpeta_propia() -> Path:
    """Carpeta propia (0700) donde viven los perfiles reutilizables, uno por proceso."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    carpeta = Path(tempfile.gettempdir()) / f"generador-libreoffice-{uid}"
    try:
        carpeta.mkdir(mode=0o700, exist_ok=True)
        info = carpeta.stat()
        if hasattr(os, "getuid") and (info.st_uid != uid or info.st_mode & 0o077):
            raise PermissionError
    except OSError:
        carpeta = Path(tempfile.mkdtemp(prefix="generador-libreoffice-"))
    return carpeta


class Perfil:
    """Un perfil de LibreOffice reservado con un cerrojo: ningún otro soffice lo usa a la vez.

    Se reutiliza entre ejecuciones (crear un perfil nuevo cuesta varios segundos); si no hay
    cerrojos disponibles (Windows), se usa un perfil temporal que se borra al final.
    """

    def __init__(self) -> None:
        self.archivo = None
        self.temporal = None
        try:
            import fcntl
        except ImportError:
            fcntl = None  # type: ignore[assignment]  # Windows: no hay fcntl
        if fcntl is not None:
            base = carpeta_propia()
            for indice in range(64):
                cerrojo = open(base / f"perfil-{indice}.lock", "a+")  # noqa: SIM115
                try:
                    fcntl.flock(cerrojo, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    cerrojo.close()
                    continue
                self.archivo = cerrojo
                self.ruta = base / f"perfil-{indice}"
                return
        self.temporal = tempfile.mkdtemp(prefix="generador-perfil-")
        self.ruta = Path(self.temporal)

    @property
    def url(self) -> str:
        return self.ruta.resolve().as_uri()

    def soltar(self) -> None:
        if self.archivo is not None:
            self.archivo.close()
        if self.temporal:
            shutil.rmtree(self.temporal, ignore_errors=True)


# ---------------------------------------------------------------- una llamada a soffice


def ejecutar_soffice(
    soffice: str, perfil: Perfil, entradas: list[Path], carpeta: Path, tiempo_max: float
) -> str | None:
    """Una llamada a soffice para una tanda. Devuelve un motivo de fallo general o None."""
    orden = [
        soffice,
        f"-env:UserInstallation={perfil.url}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        "--nologo",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(carpeta),
        *[str(e) for e in entradas],
    ]
    entorno = {**os.environ, "HOME": os.environ.get("HOME") or str(carpeta)}
    proceso = subprocess.Popen(
        orden,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=entorno,
        start_new_session=os.name == "posix",
    )
    try:
        salida, _ = proceso.communicate(timeout=tiempo_max)
    except subprocess.TimeoutExpired:
        matar(proceso)
        for cerrojo in (perfil.ruta / ".lock", perfil.ruta / "user" / ".lock"):  # cerrojo huérfano
            cerrojo.unlink(missing_ok=True)
        return f"no terminó en {tiempo_max:g} s, el tiempo máximo de la tanda"
    if proceso.returncode != 0:
        texto = salida.decode("utf-8", "replace").strip().splitlines()
        detalle = f": {texto[-1]}" if texto else ""
        return f"soffice terminó con código {proceso.returncode}{detalle}"
    return None


def matar(proceso: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(proceso.pid, signal.SIGKILL)  # soffice lanza soffice.bin: todo el grupo
        else:
            proceso.kill()
    except OSError:
        pass
    proceso.wait()
