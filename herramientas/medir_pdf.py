"""Mide la conversión a PDF: por tandas en paralelo (generador.pdf) frente a una llamada a soffice
por documento.

    .venv/bin/python herramientas/medir_pdf.py [--documentos 40] [--muestra 10] [--docx CARPETA]

Genera los .docx de `ejemplos/` en una carpeta temporal (o toma los de --docx), los repite hasta
--documentos y mide, en una sola ejecución:
  1. en tanda: `pdf.convertir` con sus valores por defecto (un proceso por núcleo, tandas de hasta
     `pdf.TAMANO_TANDA` documentos por llamada a soffice);
  2. una llamada por documento: `pdf.convertir(procesos=1, tamano_tanda=1)` sobre --muestra
     documentos (uno tras otro, como un bucle ingenuo sobre soffice).
Antes hace una conversión de calentamiento (crea los perfiles de LibreOffice, que se reutilizan).
Imprime segundos por documento y la razón; sale con código 1 si no se cumplen los objetivos
(≤ 0,08 s por documento en tanda y ≥ 10× frente a una llamada por documento) con --estricto.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

from generador import pdf  # noqa: E402
from generador.generacion import generar_ejemplos  # noqa: E402

OBJETIVO_TANDA = 0.08
OBJETIVO_RAZON = 10.0


def docx_de_ejemplos(carpeta: Path) -> list[Path]:
    resultados = generar_ejemplos(RAIZ / "ejemplos", carpeta, sobrescribir=True)
    for r in resultados:
        if r.error:
            print(f"(omitido {r.respuestas}: {r.error})", file=sys.stderr)
    return sorted(carpeta.rglob("*.docx"))


def repetir(originales: list[Path], n: int, carpeta: Path) -> list[Path]:
    carpeta.mkdir(parents=True, exist_ok=True)
    copias = []
    for i in range(n):
        origen = originales[i % len(originales)]
        copia = carpeta / f"{i:03d}_{origen.parent.name}_{origen.name}"
        shutil.copyfile(origen, copia)
        copias.append(copia)
    return copias


def medir(docx: list[Path], salida: Path, **opciones) -> float:
    shutil.rmtree(salida, ignore_errors=True)
    inicio = time.perf_counter()
    pdf.convertir(docx, salida, **opciones)
    return time.perf_counter() - inicio


def main() -> int:
    analizador = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    analizador.add_argument("--documentos", type=int, default=40)
    analizador.add_argument(
        "--muestra", type=int, default=10, help="documentos para medir una llamada por documento (por defecto 10)"
    )
    analizador.add_argument("--docx", type=Path, help="carpeta con .docx ya generados")
    analizador.add_argument("--procesos", type=int, default=None)
    analizador.add_argument("--tanda", type=int, default=pdf.TAMANO_TANDA)
    analizador.add_argument("--estricto", action="store_true", help="código 1 si no se cumplen los objetivos")
    args = analizador.parse_args()

    soffice = pdf.localizar_soffice()
    with tempfile.TemporaryDirectory(prefix="medir-pdf-") as tmp:
        tmp = Path(tmp)
        originales = sorted(args.docx.rglob("*.docx")) if args.docx else docx_de_ejemplos(tmp / "ejemplos")
        if not originales:
            print("Error: no hay .docx que convertir", file=sys.stderr)
            return 2
        docx = repetir(originales, args.documentos, tmp / "entrada")
        procesos = args.procesos or os.cpu_count() or 1
        medir(docx[:procesos], tmp / "calentamiento", procesos=procesos)  # perfiles listos

        t_tanda = medir(docx, tmp / "tanda", procesos=procesos, tamano_tanda=args.tanda)
        muestra = docx[: max(1, min(args.muestra, len(docx)))]
        t_uno = medir(muestra, tmp / "uno", procesos=1, tamano_tanda=1)

    por_doc_tanda = t_tanda / len(docx)
    por_doc_uno = t_uno / len(muestra)
    razon = por_doc_uno / por_doc_tanda
    tandas = len(pdf.repartir(len(docx), procesos, args.tanda))
    print(f"LibreOffice: {soffice}; núcleos: {os.cpu_count()}; .docx distintos: {len(originales)}")
    print(
        f"En tanda: {len(docx)} documentos en {t_tanda:.2f} s ({procesos} procesos, {tandas} tandas) "
        f"= {por_doc_tanda:.3f} s por documento (objetivo ≤ {OBJETIVO_TANDA})"
    )
    print(f"Una llamada por documento: {len(muestra)} documentos en {t_uno:.2f} s = {por_doc_uno:.3f} s por documento")
    print(f"Razón: {razon:.1f}× más rápido en tanda (objetivo ≥ {OBJETIVO_RAZON:g}×)")
    cumple = por_doc_tanda <= OBJETIVO_TANDA and razon >= OBJETIVO_RAZON
    print("Objetivos cumplidos." if cumple else "Objetivos NO cumplidos en esta ejecución.")
    return 0 if cumple or not args.estricto else 1


if __name__ == "__main__":
    sys.exit(main())
