"""Mide tiempo y pico de memoria (RSS máximo, de /usr/bin/time -v) de `generador generar` con cada
entrada hostil de la lectura: bombas de alias, anclas recursivas, /dev/zero, /dev/urandom, una
FIFO, un byte nulo, números enormes, un campo enorme, un archivo enorme, Latin-1…

Cada caso corre en un proceso nuevo con un tope de 60 s; se imprime una tabla en Markdown.

    .venv/bin/python herramientas/medir_entradas_hostiles.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ / "tests"))
import hostiles  # noqa: E402

GENERADOR = RAIZ / ".venv" / "bin" / "generador"


def casos(carpeta: Path) -> dict[str, Path]:
    """Archivos de respuestas hostiles (nombre del caso → ruta) en `carpeta`."""
    base = (carpeta / "ordenanza.yaml").read_text(encoding="utf-8")
    salida: dict[str, Path] = {}

    def caso(nombre: str, texto: str | bytes) -> None:
        ruta = carpeta / f"caso-{len(salida):02d}.yaml"
        ruta.write_bytes(texto if isinstance(texto, bytes) else texto.encode("utf-8"))
        salida[nombre] = ruta

    def perfil(valor: str) -> str:
        return base.replace("instancia: instancia.yaml", f"instancia: {valor}")

    os.mkfifo(carpeta / "tuberia.yaml")
    (carpeta / "cero.yaml").symlink_to("/dev/zero")
    (carpeta / "azar.yaml").symlink_to("/dev/urandom")
    caso("ejemplo válido (referencia)", base)
    caso("bomba de alias de 1 KB (9^10)", base + hostiles.bomba_alias())
    caso("ancla recursiva x: &r [*r]", base + hostiles.ancla_recursiva())
    caso("anidamiento de 5000 niveles", base + hostiles.anidamiento_profundo(5000))
    caso("instancia: /dev/zero", perfil("/dev/zero"))
    caso("instancia: /dev/urandom", perfil("/dev/urandom"))
    caso("instancia: enlace a /dev/zero", perfil("cero.yaml"))
    caso("instancia: FIFO", perfil("tuberia.yaml"))
    caso("instancia con byte nulo", perfil('"insta\\0ncia.yaml"'))
    caso("instancia: /etc/shadow", perfil("/etc/shadow"))
    caso("plazo 10^30", re.sub(r"plazo_designacion_dias: \d+", "plazo_designacion_dias: 1" + "0" * 30, base))
    caso("plazo 1e999999", re.sub(r"plazo_designacion_dias: \d+", "plazo_designacion_dias: 1e999999", base))
    caso("campo de 1,9 MB", base.replace("ciudad: Lajas", "ciudad: " + "a" * 1_900_000))
    caso("archivo de 50 MB", base + "# " + "x" * (50 * 1024 * 1024) + "\n")
    caso("claves repetidas ×10 000", base + "ciudad: Otra\n" * 10_000)
    caso("Windows-1252", base.encode("cp1252"))
    caso("binario", b"\x00\xff" * 100_000)
    return salida


def medir(ruta: Path, salida: Path) -> tuple[float, int, int, str]:
    inicio = time.perf_counter()
    try:
        proceso = subprocess.run(
            ["/usr/bin/time", "-v", str(GENERADOR), "generar", str(ruta), "-o", str(salida)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tempfile.gettempdir(),
        )
    except subprocess.TimeoutExpired:
        return 60.0, 0, -1, "NO TERMINÓ en 60 s"
    segundos = time.perf_counter() - inicio
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proceso.stderr).group(1))
    mensaje = next(
        (
            l
            for l in proceso.stdout.splitlines() + proceso.stderr.splitlines()
            if l.startswith(("Error:", "Generado", "Aviso:", "Traceback"))
        ),
        "",
    )
    if "Traceback" in proceso.stderr:
        mensaje = "TRAZA: " + proceso.stderr.strip().splitlines()[-1]
    return segundos, rss // 1024, proceso.returncode, mensaje


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        carpeta = Path(tmp) / "r"
        shutil.copytree(RAIZ / "ejemplos" / "distrital", carpeta)
        print("| caso | s | MB (RSS máx.) | código | salida |")
        print("|---|---:|---:|---:|---|")
        for nombre, ruta in casos(carpeta).items():
            segundos, mb, codigo, mensaje = medir(ruta, Path(tmp) / "salida" / ruta.stem)
            mensaje = mensaje.replace(str(carpeta) + "/", "").replace("|", "\\|")
            print(f"| {nombre} | {segundos:.1f} | {mb} | {codigo} | {mensaje[:150]} |", flush=True)


if __name__ == "__main__":
    main()
