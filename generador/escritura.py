"""Escritura atómica: nada queda a medio escribir y nada existente se pisa sin permiso."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errores import ErrorSalida

_MASCARA = os.umask(0)
os.umask(_MASCARA)  # permisos de archivo normales (mkstemp crea con 0600)


def comprobar_libre(ruta: Path) -> None:
    if Path(ruta).exists():
        raise ErrorSalida(f"{ruta} ya existe; no se sobrescribe (use --sobrescribir si lo desea)")


def escribir(ruta: Path, datos: bytes, sobrescribir: bool = False, sincronizar: bool = True) -> Path:
    """Escribe en un temporal de la misma carpeta y lo renombra al final.

    Sin `sobrescribir`, el renombrado es un enlace exclusivo: si otro proceso creó el archivo
    mientras tanto, tampoco se pisa. Con `sobrescribir`, el nuevo conserva los permisos del anterior. `sincronizar=False` omite el fsync (los lotes: el renombrado
    ya protege de Ctrl-C y de kill; solo un corte de luz podría perder los últimos archivos).
    """
    ruta = Path(ruta)
    if not sobrescribir:
        comprobar_libre(ruta)
    try:
        ruta.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporal = tempfile.mkstemp(dir=ruta.parent, prefix=".~", suffix=".tmp")
    except OSError as exc:
        raise ErrorSalida(f"no se puede escribir en la carpeta {ruta.parent} ({exc.strerror})") from None
    modo = 0o666 & ~_MASCARA
    if sobrescribir:
        with contextlib.suppress(OSError):  # el archivo reemplazado conserva sus permisos (un 0600 sigue 0600)
            modo = os.stat(ruta).st_mode & 0o7777
    try:
        os.chmod(temporal, modo)
        with os.fdopen(descriptor, "wb") as archivo:
            archivo.write(datos)
            archivo.flush()
            if sincronizar:
                os.fsync(archivo.fileno())
        if sobrescribir:
            os.replace(temporal, ruta)
        else:
            try:
                os.link(temporal, ruta)
            except FileExistsError:
                raise ErrorSalida(f"{ruta} ya existe; no se sobrescribe (use --sobrescribir si lo desea)") from None
            except OSError:  # sistemas de archivos sin enlaces duros
                if ruta.exists():
                    raise ErrorSalida(f"{ruta} ya existe; no se sobrescribe") from None
                os.replace(temporal, ruta)
    except OSError as exc:
        raise ErrorSalida(f"no se pudo escribir {ruta} ({exc.strerror})") from None
    finally:
        if os.path.exists(temporal):
            os.unlink(temporal)
    return ruta
