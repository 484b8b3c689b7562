"""Seguridad de la aplicación local: clave de acceso, token CSRF, rutas confinadas, subidas.

- Sin clave (127.0.0.1), solo se aceptan peticiones con Host de bucle local (contra el
  «DNS rebinding»: una página ajena no puede hablarle al servidor con otro nombre).
- Con clave (otro --host), toda petición sin la clave recibe 401 (nunca una página).
- Todo formulario que cambia algo lleva el token CSRF (cookie + campo oculto, comparados).
- Ningún nombre de archivo que venga del navegador sale de la carpeta dada.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from ..errores import ErrorGenerador

COOKIE_CLAVE = "generador_clave"
COOKIE_CSRF = "generador_csrf"
CAMPO_CSRF = "_csrf"
LOCALES = {"127.0.0.1", "localhost", "::1", "[::1]"}
TAMANO_MAXIMO = 10 * 1024 * 1024  # 10 MB por archivo subido
TIPOS_REVISION = {".docx": b"PK", ".pdf": b"%PDF"}
TIPOS_LOTE = {".xlsx": b"PK", ".csv": None}


class RutaFuera(ErrorGenerador):
    """Un nombre pedido desde el navegador apunta fuera de la carpeta de trabajo."""


def nueva_clave() -> str:
    return secrets.token_urlsafe(12)


def nuevo_token() -> str:
    return secrets.token_urlsafe(24)


def iguales(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def host_local(cabecera_host: str) -> bool:
    """«127.0.0.1:8000», «localhost», «[::1]:8000» → sí; cualquier otro nombre → no."""
    host = cabecera_host.strip().lower()
    if host.startswith("["):
        host = host.split("]")[0] + "]"
    else:
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host in LOCALES


def confinar(base: Path, relativa: str) -> Path:
    """`base/relativa` resuelta (enlaces simbólicos incluidos); falla si queda fuera de `base`."""
    if not relativa or "\x00" in relativa or Path(relativa).is_absolute() or relativa.startswith(("/", "\\")):
        raise RutaFuera(f"ruta no admitida: «{relativa}»")
    raiz = base.resolve()
    ruta = (raiz / relativa).resolve()
    if ruta != raiz and raiz not in ruta.parents:
        raise RutaFuera(f"ruta no admitida: «{relativa}» queda fuera de la carpeta de trabajo")
    return ruta


def huella(ruta: Path) -> str:
    """Versión de un archivo (su SHA-256); «» si no existe. Dos pestañas: la segunda no pisa."""
    try:
        return hashlib.sha256(ruta.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def comprobar_subida(nombre: str, datos: bytes, tipos: dict[str, bytes | None]) -> str:
    """Extensión admitida, tamaño y firma del contenido; devuelve la extensión."""
    extension = Path(nombre or "").suffix.lower()
    if extension not in tipos:
        raise ErrorGenerador(f"«{nombre}»: tipo de archivo no admitido; use {', '.join(tipos)}")
    if len(datos) > TAMANO_MAXIMO:
        raise ErrorGenerador(f"«{nombre}»: pesa más de {TAMANO_MAXIMO // (1024 * 1024)} MB")
    firma = tipos[extension]
    if firma and not datos.startswith(firma):
        raise ErrorGenerador(f"«{nombre}»: el contenido no es un archivo {extension} válido")
    return extension


def nombre_subido(nombre: str) -> str:
    """Solo el último componente del nombre que manda el navegador, sin separadores."""
    base = (nombre or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*').strip(". ")
    return base or "archivo"
