"""Mide `generador revisar` sobre una carpeta de N documentos (por defecto 50).

La carpeta se llena con los ejemplos generados (todos los tipos del catálogo), los documentos de
prueba ajenos de tests/fixtures/revisar y su corpus (.docx y .pdf, incluidos los ilegibles),
repetidos hasta N. Se mide la orden completa tal como la usa una persona: `generador revisar
CARPETA` en un proceso nuevo (arranque de Python incluido), con uno y dos procesos y con los de
por defecto (uno por núcleo libre), y el pico de memoria del proceso principal.

    .venv/bin/python herramientas/medir_revisar.py [N]
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        generados = tmp / "generados"
        subprocess.run(
            [str(RAIZ / ".venv" / "bin" / "generador"), "ejemplos", "-o", str(generados)],
            cwd=RAIZ,
            check=False,
            capture_output=True,
        )
        fuentes = sorted(generados.rglob("*.docx"))
        fijos = RAIZ / "tests" / "fixtures" / "revisar"
        fuentes += sorted(
            p for p in [*fijos.iterdir(), *(fijos / "corpus").iterdir()] if p.suffix in (".docx", ".pdf", ".doc")
        )
        if not fuentes:
            sys.exit("no hay documentos que copiar")
        carpeta = tmp / "portal"
        for i, origen in zip(range(n), itertools.cycle(fuentes)):
            destino = carpeta / f"lote{i % 5}" / f"{i:03d}_{origen.name}"
            destino.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(origen, destino)
        cuenta = {s: sum(1 for p in carpeta.rglob(f"*{s}")) for s in (".docx", ".pdf", ".doc")}
        print(f"{n} documentos ({', '.join(f'{v} {k}' for k, v in cuenta.items())})")
        for extra, nombre in (
            (["--trabajadores", "1"], "1 proceso"),
            (["--trabajadores", "2"], "2 procesos"),
            ([], "por defecto"),
        ):
            orden = [
                "/usr/bin/time",
                "-f",
                "%M",
                str(RAIZ / ".venv" / "bin" / "generador"),
                "revisar",
                str(carpeta),
                *extra,
            ]
            inicio = time.perf_counter()
            r = subprocess.run(orden, capture_output=True, text=True)
            segundos = time.perf_counter() - inicio
            pico = int(r.stderr.strip().splitlines()[-1]) // 1024 if r.stderr.strip() else 0
            print(
                f"  {nombre}: {segundos:.2f} s, {n / segundos:.1f} documentos/s, pico {pico} MB "
                f"(proceso principal; código {r.returncode}) — {r.stdout.strip().splitlines()[-1]}"
            )


if __name__ == "__main__":
    main()
