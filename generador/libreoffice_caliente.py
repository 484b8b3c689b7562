"""LibreOffice «caliente»: un soffice que queda abierto para que la web convierta un .docx a PDF
en unas décimas de segundo, en vez de arrancar LibreOffice (más de 1 s) en cada vista previa.

Lo mantiene unoserver (https://github.com/unoconv/unoserver). Su servidor corre con un Python que
tenga el módulo `uno` de LibreOffice (en Debian, el paquete python3-uno; en Windows y macOS, el
Python que trae LibreOffice) y escucha solo en 127.0.0.1, en puertos libres. Si falta algo, o el
servidor cae o tarda, `convertir` devuelve None y quien llama convierte en frío (`pdf.convertir`).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from collections.abc import Callable
from pathlib import Path

from .soffice import Perfil, carpeta_propia, localizar_soffice, matar

#: Variable de entorno con el Python que tiene `uno`, si no es ninguno de los habituales.
VARIABLE_PYTHON = "GENERADOR_PYTHON_UNO"
ARRANQUE_MAX = 120.0  # segundos para que LibreOffice quede listo (la primera vez crea su perfil)
CONVERSION_MAX = 60.0
REINTENTOS = 3  # arranques tras una caída; después, en frío hasta reiniciar la aplicación

# Corre en el Python con `uno`: si la aplicación muere sin avisar, el vigilante termina el grupo
# de procesos (unoserver, soffice y soffice.bin) para no dejar un LibreOffice huérfano.
_LANZADOR = r"""
import os, sys, threading, time
padre = os.getppid()
def vigilar():
    while os.getppid() == padre:
        time.sleep(1)
    os.killpg(0, 9)
if hasattr(os, "killpg"):
    threading.Thread(target=vigilar, daemon=True).start()
sys.argv = ["unoserver", *sys.argv[1:]]
from unoserver.server import main
main()
"""


def _tiene_uno(python: str) -> bool:
    try:
        return subprocess.run([python, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def localizar_python_uno(soffice: str) -> str | None:
    """Un Python que importa `uno`: el indicado, el de LibreOffice o el del sistema."""
    propio = os.environ.get(VARIABLE_PYTHON)
    if propio:
        return propio if _tiene_uno(propio) else None
    programa = Path(soffice).resolve().parent
    candidatos = [
        programa / "python",  # LibreOffice de la Document Foundation (Linux)
        programa / "python.exe",  # Windows
        programa.parent / "Resources" / "python",  # macOS
        Path("/usr/bin/python3"),  # Debian y Ubuntu, con python3-uno
        Path(sys.executable),
    ]
    for candidato in candidatos:
        if candidato.is_file() and _tiene_uno(str(candidato)):
            return str(candidato)
    return None


def _copia_de_unoserver() -> Path:
    """Carpeta con solo el paquete unoserver (y su versión), para el PYTHONPATH del otro Python."""
    import unoserver

    version = importlib.metadata.version("unoserver")
    destino = carpeta_propia() / f"unoserver-{version}"
    if not (destino / "unoserver" / "server.py").is_file():
        temporal = Path(tempfile.mkdtemp(prefix="unoserver-", dir=destino.parent))
        shutil.copytree(
            Path(unoserver.__file__).parent, temporal / "unoserver", ignore=shutil.ignore_patterns("__pycache__")
        )
        info = temporal / f"unoserver-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: unoserver\nVersion: {version}\n")
        try:
            os.replace(temporal, destino)
        except OSError:  # otro proceso la copió a la vez
            shutil.rmtree(temporal, ignore_errors=True)
    return destino


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _ConTiempo(xmlrpc.client.Transport):
    def __init__(self, segundos: float):
        super().__init__()
        self.segundos = segundos

    def make_connection(self, host):
        conexion = super().make_connection(host)
        conexion.timeout = self.segundos
        return conexion


class LibreOfficeCaliente:
    """Un LibreOffice abierto mientras dure la aplicación. `iniciar()` no bloquea."""

    def __init__(self, aviso: Callable[[str], object] | None = None) -> None:
        self.aviso = aviso  # a quién contar, una vez, si quedó listo o por qué no
        self.estado = "apagado"  # apagado, arrancando, listo o no disponible
        self.motivo = ""  # por qué no está disponible, en español
        self.conversiones = 0
        self._proceso: subprocess.Popen | None = None
        self._perfil: Perfil | None = None
        self._puerto = 0
        self._cerrojo = threading.Lock()  # una conversión a la vez: unoserver atiende de a una
        self._arranques = 0
        self._detenido = False

    # ------------------------------------------------------------ arranque y parada

    def iniciar(self) -> None:
        if self.estado in ("arrancando", "listo") or self._detenido:
            return
        self.estado = "arrancando"
        threading.Thread(target=self._arrancar, name="libreoffice-caliente", daemon=True).start()

    def esperar(self, segundos: float = ARRANQUE_MAX) -> bool:
        """Espera a que termine el arranque; True si quedó listo (para pruebas y mediciones)."""
        limite = time.monotonic() + segundos
        while self.estado == "arrancando" and time.monotonic() < limite:
            time.sleep(0.1)
        return self.estado == "listo"

    def _no_disponible(self, motivo: str) -> None:
        self.estado, self.motivo = "no disponible", motivo
        self._apagar()
        self._avisar(f"Vista previa: LibreOffice no queda abierto ({motivo}); cada conversión lo arrancará.")

    def _avisar(self, texto: str) -> None:
        if self.aviso is not None and self._arranques == 1 and not self._detenido:
            self.aviso(texto)

    def _arrancar(self) -> None:
        self._arranques += 1
        try:
            soffice = localizar_soffice()
        except Exception as exc:
            return self._no_disponible(str(exc))
        try:
            paquete = _copia_de_unoserver()
        except (ImportError, OSError) as exc:
            return self._no_disponible(f"falta unoserver ({exc}); instálelo con: pip install unoserver")
        python = localizar_python_uno(soffice)
        if python is None:
            return self._no_disponible(
                "no hay un Python con el módulo «uno» de LibreOffice (en Debian o Ubuntu: "
                f"sudo apt-get install python3-uno; o indique uno en {VARIABLE_PYTHON})"
            )
        self._perfil = Perfil()
        self._puerto, puerto_uno = _puerto_libre(), _puerto_libre()
        while puerto_uno == self._puerto:
            puerto_uno = _puerto_libre()
        orden = [
            python,
            "-c",
            _LANZADOR,
            "--interface=127.0.0.1",
            f"--port={self._puerto}",
            "--uno-interface=127.0.0.1",
            f"--uno-port={puerto_uno}",
            f"--user-installation={self._perfil.ruta.resolve()}",
            f"--executable={soffice}",
            f"--conversion-timeout={int(CONVERSION_MAX)}",
            "--quiet",
        ]
        entorno = {**os.environ, "PYTHONPATH": str(paquete), "HOME": os.environ.get("HOME") or str(self._perfil.ruta)}
        entorno.pop("PYTHONHOME", None)
        registro = open(carpeta_propia() / f"caliente-{os.getpid()}.log", "wb")  # noqa: SIM115
        try:
            self._proceso = subprocess.Popen(
                orden,
                stdin=subprocess.DEVNULL,
                stdout=registro,
                stderr=subprocess.STDOUT,
                env=entorno,
                start_new_session=os.name == "posix",
            )
        except OSError as exc:
            registro.close()
            return self._no_disponible(f"no se pudo arrancar unoserver ({exc})")
        registro.close()
        inicio = time.monotonic()
        limite = inicio + ARRANQUE_MAX
        while time.monotonic() < limite and not self._detenido:
            if self._proceso.poll() is not None:
                return self._no_disponible(f"unoserver terminó al arrancar (código {self._proceso.returncode})")
            with contextlib.suppress(OSError, xmlrpc.client.Error):
                info = self._proxy(5).info()
                if isinstance(info, dict) and info.get("api") == "3":
                    self.estado = "listo"
                    segundos = f"{time.monotonic() - inicio:.1f}".replace(".", ",")
                    self._avisar(f"Vista previa: LibreOffice abierto y listo (en {segundos} s).")
                    return
            time.sleep(0.5)
        self._no_disponible(f"LibreOffice no quedó listo en {ARRANQUE_MAX:g} s")

    def _proxy(self, segundos: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self._puerto}", allow_none=True, transport=_ConTiempo(segundos)
        )

    def _apagar(self) -> None:
        if self._proceso is not None:
            if self._proceso.poll() is None:
                matar(self._proceso)
            self._proceso = None
        if self._perfil is not None:
            for cerrojo in (self._perfil.ruta / ".lock", self._perfil.ruta / "user" / ".lock"):
                cerrojo.unlink(missing_ok=True)
            self._perfil.soltar()
            self._perfil = None

    def detener(self) -> None:
        self._detenido = True
        with self._cerrojo:
            self._apagar()
            self.estado = "apagado"

    # ------------------------------------------------------------ conversión

    def convertir(self, datos_docx: bytes) -> bytes | None:
        """El PDF del .docx, o None si LibreOffice caliente no está listo o falla (convierta en frío)."""
        if self.estado != "listo" or not self._cerrojo.acquire(timeout=CONVERSION_MAX):
            return None
        try:
            resultado = self._proxy(CONVERSION_MAX + 5).convert(
                None, xmlrpc.client.Binary(datos_docx), None, "pdf", "writer_pdf_Export", [], False
            )
        except TimeoutError:  # LibreOffice colgado: se rearranca
            self._caido(colgado=True)
            return None
        except (OSError, xmlrpc.client.Error):
            self._caido()
            return None
        finally:
            self._cerrojo.release()
        self.conversiones += 1
        return resultado.data if isinstance(resultado, xmlrpc.client.Binary) else None

    def _caido(self, colgado: bool = False) -> None:
        """Tras un fallo: si el servidor murió o se colgó, se rearranca (hasta REINTENTOS veces)."""
        if not colgado and self._proceso is not None and self._proceso.poll() is None:
            return  # sigue vivo: el fallo era del documento
        self._apagar()
        self.estado = "apagado"
        if self._arranques <= REINTENTOS:
            self.iniciar()
        else:
            self.estado, self.motivo = "no disponible", f"LibreOffice cayó {self._arranques} veces"
