"""`generador web`: la aplicación local para quien no programa (formularios en el navegador).

Se instala con el extra `web` (pip install "generador[web]").
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import webbrowser
from pathlib import Path

from ..errores import ErrorGenerador

PUERTO = 8000


def es_local(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def puerto_libre(host: str, desde: int) -> int:
    """`desde` o el siguiente puerto libre (hasta 50 más)."""
    for puerto in range(desde, desde + 50):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            try:
                s.bind((host, puerto))
            except OSError:
                continue
            return puerto
    raise ErrorGenerador(f"no hay un puerto libre entre {desde} y {desde + 49} en {host}")


def servir(
    carpeta: Path,
    puerto: int | None = None,
    host: str = "127.0.0.1",
    clave: str | None = None,
    abrir: bool = True,
    aviso=print,
) -> None:
    """Arranca el servidor (bloquea hasta Ctrl-C). Fuera de 127.0.0.1 exige una clave."""
    try:
        import uvicorn

        from .aplicacion import Ajustes, crear_aplicacion
    except ImportError as exc:
        raise ErrorGenerador(
            f'falta una dependencia de la aplicación web ({exc.name}); instálela con: pip install "generador[web]"'
        ) from None
    from .seguridad import nueva_clave

    carpeta = Path(carpeta)
    if not carpeta.is_dir():
        raise ErrorGenerador(f"{carpeta}: no existe o no es una carpeta")
    if not es_local(host) and not clave:
        clave = nueva_clave()
    puerto = puerto if puerto is not None else puerto_libre(host, PUERTO)
    nombre = f"[{host}]" if ":" in host else host
    url = f"http://{nombre}:{puerto}/" + (f"?clave={clave}" if clave else "")
    aviso(f"generador web: carpeta {carpeta.resolve()}")
    aviso(f"Abra en su navegador: {url}")
    if host in ("0.0.0.0", "::"):  # todas las interfaces: la dirección de este equipo en la red
        with contextlib.suppress(OSError):
            aviso(
                f"Desde otro equipo de la red: http://{socket.gethostbyname(socket.gethostname())}:{puerto}/"
                f"?clave={clave}"
            )
    if clave:
        aviso("Escucha fuera de este equipo: quien abra la dirección necesita esa clave.")
    aviso("Para detenerla: Ctrl-C.")
    app = crear_aplicacion(Ajustes(carpeta.resolve(), clave, aviso=aviso))
    if abrir:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=puerto, log_level="warning")
