"""Mide `generador revisar` sobre una carpeta de N documentos (por defecto 50), o sobre un
.docx de un solo párrafo gigante (--gigante).

La carpeta se llena con los ejemplos generados (todos los tipos del catálogo), los documentos de
prueba ajenos de tests/fixtures/revisar y su corpus (.docx y .pdf, incluidos los ilegibles),
repetidos hasta N. Se mide la orden completa tal como la usa una persona: `generador revisar
CARPETA` en un proceso nuevo (arranque de Python incluido), con uno y dos procesos y con los de
por defecto (uno por núcleo libre), y el pico de memoria del proceso principal.

    .venv/bin/python herramientas/medir_revisar.py [N]

Con --gigante se arman .docx de un párrafo de 1, 2 y 4 MB (--mb) de dos clases: «fuzz» (la
palabra «Instancia » repetida, como el caso «parte-enorme» de herramientas/fuzz_largo.py) y
«texto» (un documento del corpus tras su membrete y título, repetido en un solo párrafo), y se
mide `generador revisar ARCHIVO` en un proceso nuevo con el código de este árbol («después») y,
con --antes REF, con el de esa versión de git («antes», p. ej. main), sacada a una carpeta
temporal. Da los segundos de reloj y de CPU, el pico de memoria, el veredicto y la carga.

    .venv/bin/python herramientas/medir_revisar.py --gigante [--mb 1,2,4] [--antes main]
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent


def carpeta(n: int) -> None:
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


def docx_gigante(destino: Path, clase: str, caracteres: int) -> None:
    """Un .docx (hecho con python-docx, como uno de Word) cuyo cuerpo es un párrafo gigante."""
    import docx

    sys.path.insert(0, str(RAIZ))
    from generador.texto_word import leer_parrafos

    documento = docx.Document()
    if clase == "fuzz":
        relleno = "Instancia "
    else:
        parrafos = leer_parrafos(
            RAIZ / "tests" / "fixtures" / "revisar" / "corpus" / "o08_provincial_sin_articulo_de_conformacion.docx"
        )
        for p in parrafos[:2]:  # el membrete y el título, como en un documento de verdad
            documento.add_paragraph(p)
        relleno = " ".join(parrafos) + " "
    documento.add_paragraph((relleno * (caracteres // len(relleno) + 1))[:caracteres])
    documento.save(destino)


def _medir(orden: list[str], entorno: dict | None = None, cwd: Path | None = None) -> tuple[float, float, int, str]:
    """(segundos de reloj, segundos de CPU, pico de MB, última línea) de una orden en un proceso nuevo."""
    antes = os.times()
    inicio = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", *orden], capture_output=True, text=True, env=entorno, cwd=cwd)
    reloj = time.perf_counter() - inicio
    despues = os.times()
    cpu = (despues.children_user - antes.children_user) + (despues.children_system - antes.children_system)
    pico = int(r.stderr.strip().splitlines()[-1]) // 1024 if r.stderr.strip() else 0
    ultima = next((l.strip() for l in reversed(r.stdout.splitlines()) if "Veredicto" in l), r.stdout.strip()[-120:])
    return reloj, cpu, pico, ultima


def _carga() -> str:
    return "carga (1, 5, 15 min): " + ", ".join(f"{c:.2f}" for c in os.getloadavg())


def gigante(megas: list[float], antes: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        versiones = [("después", RAIZ)]
        if antes:
            arbol = tmp / "antes"
            arbol.mkdir()
            archivo = subprocess.run(["git", "-C", str(RAIZ), "archive", antes], capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(arbol)], input=archivo, check=True)
            versiones.insert(0, (f"antes ({antes[:12]})", arbol))
        print(_carga(), f"— {os.cpu_count()} núcleos")
        for clase in ("fuzz", "texto"):
            for mb in megas:
                ruta = tmp / f"{clase}_{mb:g}MB.docx"
                docx_gigante(ruta, clase, int(mb * 1024 * 1024))
                for nombre, arbol in versiones:
                    entorno = {**os.environ, "PYTHONPATH": str(arbol)}
                    orden = [sys.executable, "-m", "generador", "revisar", str(ruta)]
                    reloj, cpu, pico, veredicto = _medir(orden, entorno, arbol)
                    print(
                        f"  {clase} {mb:g} MB, {nombre}: {reloj:.2f} s ({cpu:.2f} s de CPU), pico {pico} MB"
                        f" — {veredicto[:100]}",
                        flush=True,
                    )
        print(_carga())


def main() -> None:
    p = argparse.ArgumentParser(
        description="Mide `generador revisar` (una carpeta de N documentos o un párrafo gigante)."
    )
    p.add_argument("n", nargs="?", type=int, default=50, help="documentos de la carpeta (sin --gigante)")
    p.add_argument("--gigante", action="store_true", help="medir un .docx de un solo párrafo gigante")
    p.add_argument("--mb", default="1,2,4", help="tamaños del párrafo gigante, en MB (con --gigante)")
    p.add_argument("--antes", help="versión de git con que comparar (con --gigante), p. ej. main")
    a = p.parse_args()
    if a.gigante:
        gigante([float(x) for x in a.mb.split(",") if x.strip()], a.antes)
    else:
        carpeta(a.n)


if __name__ == "__main__":
    main()
