"""Estado de un lote en su carpeta: qué produjo cada archivo, el candado y la decisión de rehacer.

- `.generador-lote.json`: por documento (ruta relativa), la huella de sus entradas efectivas
  (perfil y respuestas ya fusionados, la plantilla y su manifiesto, la versión del programa), la
  huella de cada archivo escrito y los mensajes de su fila (datos pendientes, avisos). Así, al
  repetir la orden, solo se omite lo que no cambió, y el resumen conserva lo que faltaba.
- Los trabajadores no tocan ese archivo: cada uno anota en su diario (`.generador-lote.d/<pid>.jsonl`)
  una línea por documento escrito; el proceso principal los consolida al empezar y al terminar,
  de modo que un kill -9 no pierde lo ya escrito.
- `.generador-lote.lock`: candado del lote; un segundo lote en la misma carpeta se rechaza.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from .errores import ErrorGenerador, ErrorSalida
from .escritura import escribir

ARCHIVO = ".generador-lote.json"
DIARIOS = ".generador-lote.d"
CANDADO = ".generador-lote.lock"
VERSION = 1


def _sha(datos: bytes) -> str:
    return hashlib.sha256(datos).hexdigest()


def huella_plantilla(documento: str) -> str:
    """Huella de la plantilla del documento, sus adicionales, su manifiesto y la versión del programa.

    Se calcula una vez por versión de esos archivos (no por documento del lote), y se vuelve a
    calcular si alguno cambia, también en el mismo proceso (dos lotes seguidos, la web)."""
    from .manifiesto import manifiesto

    m = manifiesto(documento)
    rutas = (m.carpeta / "manifiesto.yaml", Path(m.ruta_plantilla), *(m.carpeta / a.plantilla for a in m.adicionales))
    return _huella_de(tuple((ruta, *_fecha_y_tamano(ruta)) for ruta in rutas))


def _fecha_y_tamano(ruta: Path) -> tuple[int, int]:
    try:
        datos = ruta.stat()
    except OSError:
        return (-1, -1)
    return (datos.st_mtime_ns, datos.st_size)


@lru_cache(maxsize=256)
def _huella_de(archivos: tuple[tuple[Path, int, int], ...]) -> str:
    from . import __version__

    suma = hashlib.sha256(__version__.encode())
    for ruta, _, _ in archivos:
        try:
            suma.update(ruta.read_bytes())
        except OSError:
            suma.update(str(ruta).encode())
    return suma.hexdigest()


def huella_entradas(documento: str, perfil: dict, respuestas: dict, plantilla: str | None = None) -> str:
    """`plantilla`: la huella_plantilla ya calculada (un lote la calcula una vez por tipo)."""
    texto = json.dumps(
        {
            "documento": documento,
            "instancia": perfil,
            "respuestas": respuestas,
            "plantilla": plantilla or huella_plantilla(documento),
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return _sha(texto.encode("utf-8"))


def huella_archivo(ruta: Path) -> str | None:
    try:
        return _sha(Path(ruta).read_bytes())
    except OSError:
        return None


def relativa(carpeta: Path, ruta: Path) -> str:
    try:
        return Path(ruta).relative_to(carpeta).as_posix()
    except ValueError:
        return str(ruta)


_CREADAS: set[Path] = set()


def anotar(carpeta: Path, entrada: dict) -> None:
    """Desde un trabajador: una línea en su diario (se pierde, como mucho, la del kill -9)."""
    diario = Path(carpeta) / DIARIOS / f"{os.getpid()}.jsonl"
    try:
        if diario.parent not in _CREADAS:
            diario.parent.mkdir(parents=True, exist_ok=True)
            _CREADAS.add(diario.parent)
        with diario.open("a", encoding="utf-8") as f:
            f.write(json.dumps(entrada, ensure_ascii=False, default=str) + "\n")
    except OSError:
        pass  # sin registro el archivo se tratará como ajeno: no se pierde nada, se pregunta


class Registro:
    """Lo que el lote produjo en su carpeta, consolidado con los diarios de los trabajadores."""

    def __init__(self, carpeta: Path):
        self.carpeta = Path(carpeta)
        self.entradas: dict[str, dict] = {}
        self.aviso: str | None = None
        ruta = self.carpeta / ARCHIVO
        if ruta.is_file():
            try:
                datos = json.loads(ruta.read_text(encoding="utf-8"))
                self.entradas = dict(datos.get("documentos") or {})
            except (OSError, ValueError, AttributeError):
                self.aviso = (
                    f"{ruta} está dañado: los documentos existentes se conservan y no se rehacen sin --sobrescribir"
                )
        self._leer_diarios()

    def _leer_diarios(self) -> None:
        carpeta = self.carpeta / DIARIOS
        if not carpeta.is_dir():
            return
        for diario in sorted(carpeta.glob("*.jsonl")):
            try:
                lineas = diario.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for linea in lineas:
                try:
                    entrada = json.loads(linea)
                    self.entradas[entrada["documento_ruta"]] = entrada
                except (ValueError, KeyError, TypeError):
                    continue  # la última línea de un kill -9 puede estar cortada

    def previo(self, destino: Path) -> dict | None:
        return self.entradas.get(relativa(self.carpeta, destino))

    def guardar(self) -> None:
        """Escribe el registro consolidado y borra los diarios ya incorporados."""
        self._leer_diarios()
        datos = json.dumps(
            {"version": VERSION, "documentos": self.entradas}, ensure_ascii=False, indent=1, sort_keys=True, default=str
        )
        escribir(self.carpeta / ARCHIVO, datos.encode("utf-8"), sobrescribir=True)
        carpeta = self.carpeta / DIARIOS
        if carpeta.is_dir():
            for diario in carpeta.glob("*.jsonl"):
                diario.unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                carpeta.rmdir()


def propios(previo: dict | None, carpeta: Path) -> dict[str, bool]:
    """Por archivo registrado: ¿sigue siendo el que escribió el lote (misma huella)?"""
    if not previo:
        return {}
    return {rel: huella_archivo(carpeta / rel) == sha for rel, sha in (previo.get("archivos") or {}).items()}


@contextlib.contextmanager
def candado(carpeta: Path):
    """Candado exclusivo de la carpeta del lote mientras dura el bloque."""
    carpeta = Path(carpeta)
    try:
        carpeta.mkdir(parents=True, exist_ok=True)
        archivo = open(carpeta / CANDADO, "a+", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise ErrorSalida(f"no se puede escribir en la carpeta {carpeta} ({exc.strerror})") from None
    try:
        if not _bloquear(archivo):
            archivo.seek(0)
            quien = archivo.read().strip()
            raise ErrorGenerador(
                f"otro lote está en marcha en {carpeta}{f' (proceso {quien})' if quien else ''}: espere a que "
                "termine o use otra carpeta (-o). Nada se ha escrito."
            )
        archivo.seek(0)
        archivo.truncate()
        archivo.write(str(os.getpid()))
        archivo.flush()
        yield
    finally:
        archivo.close()


def _bloquear(archivo) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        try:
            import msvcrt

            msvcrt.locking(archivo.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # solo existe en Windows
            return True
        except (ImportError, OSError):
            return False
    try:
        fcntl.flock(archivo, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
