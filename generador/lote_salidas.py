"""Lo que un lote deja al usuario: resumen.csv, los .zip por instancia, los PDF y el informe en pantalla."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .escritura import escribir
from .tabla import celda_segura

if TYPE_CHECKING:
    from .lote_tareas import ResultadoTarea
    from .pdf import Metadatos

ENCABEZADO_RESUMEN = ["fila", "instancia", "documento", "estado", "archivo", "mensajes"]


def escribir_resumen(carpeta: Path, resultados: list[ResultadoTarea]) -> Path:
    salida = io.StringIO()
    escritor = csv.writer(salida)
    escritor.writerow(ENCABEZADO_RESUMEN)
    for r in sorted(resultados, key=lambda r: (r.instancia, r.documento)):
        escritor.writerow([celda_segura(c) for c in r.fila_csv()])
    return escribir(carpeta / "resumen.csv", salida.getvalue().encode("utf-8-sig"), sobrescribir=True)


def empaquetar(carpeta: Path, resultados: list[ResultadoTarea]) -> list[Path]:
    """Un .zip por instancia con sus documentos .docx y .pdf (los de su carpeta, sin subcarpetas)."""
    carpetas = sorted({Path(r.archivo).parent for r in resultados if r.archivo and r.estado != "error"})
    zips = []
    for c in carpetas:
        datos = io.BytesIO()
        with zipfile.ZipFile(datos, "w", zipfile.ZIP_STORED) as z:
            for documento in sorted([*c.glob("*.docx"), *c.glob("*.pdf")]):
                z.write(documento, documento.name)
        zips.append(escribir(c / f"{c.name}.zip", datos.getvalue(), sobrescribir=True))
    return zips


@dataclass
class Informe:
    carpeta: Path
    resultados: list[ResultadoTarea]
    resumen: Path | None
    segundos: float
    zips: list[Path] = field(default_factory=list)
    senal: str = ""  # «SIGTERM» si se interrumpió
    avisos: list[str] = field(default_factory=list)  # p. ej. el resumen no se pudo escribir

    def cuenta(self, estado: str) -> int:
        return sum(1 for r in self.resultados if r.estado == estado)

    @property
    def fallidos(self) -> int:
        return self.cuenta("error")

    def texto(self, orden: str | None = None) -> str:
        generados = self.cuenta("generado")
        ritmo = f" ({generados / self.segundos:.0f} documentos/s)" if generados and self.segundos else ""
        pendientes = self.cuenta("pendiente")
        lineas = [
            f"{generados} generados, {self.cuenta('omitido')} omitidos (ya existían), "
            f"{self.fallidos} con error"
            + (f", {pendientes} pendientes" if pendientes else "")
            + f", en {self.segundos:.1f} s{ritmo}."
        ]
        forzados = sum(1 for r in self.resultados if r.reemplazo and "rehecho (--sobrescribir)" in r.mensajes)
        rehechos = sum(1 for r in self.resultados if r.reemplazo) - forzados
        if rehechos:
            lineas.append(f"{rehechos} de los generados se rehicieron porque cambiaron sus datos o la plantilla.")
        if forzados:
            lineas.append(f"{forzados} de los generados reemplazaron al archivo existente (--sobrescribir).")
        conservados = sum(1 for r in self.resultados if r.conservado)
        if conservados:
            lineas.append(
                f"{conservados} omitidos no los escribió este lote o se editaron después: se conservan "
                "(use --sobrescribir para rehacerlos)."
            )
        lineas.append(
            f"Resumen: {self.resumen}" if self.resumen else "Resumen: no se pudo escribir resumen.csv (ver el aviso)."
        )
        lineas += [f"Aviso: {a}" for a in self.avisos]
        con_pendientes = sum(1 for r in self.resultados if any(m.startswith("pendiente:") for m in r.mensajes))
        if con_pendientes:
            lineas.append(f"{con_pendientes} documentos llevan datos por completar «[COMPLETAR: …]» (ver resumen).")
        for r in [r for r in self.resultados if r.estado == "error"][:5]:
            lineas.append(f"✗ {r.fila} · {r.documento}: {r.mensajes[0] if r.mensajes else ''}")
        if self.fallidos > 5:
            lineas.append(f"… y {self.fallidos - 5} errores más en el resumen.")
        if self.senal:
            lineas.insert(
                0,
                f"Lote interrumpido ({self.senal}): los trabajadores terminaron el documento en curso "
                "y pararon; nada quedó a medio escribir.",
            )
            lineas.append(
                "Para reanudar, repita la misma orden"
                + (f": {orden}" if orden else "")
                + " (se omite lo ya generado sin cambios y se termina el resto)."
            )
        return "\n".join(lineas)


def convertir_pdf(resultados: list[ResultadoTarea], sobrescribir: bool = False, procesos: int | None = None):
    """PDF del lote, junto a cada .docx. Devuelve (conversiones, cuántos ya tenían su PDF, conflictos).

    Se convierten los .docx generados ahora y los que no tienen PDF; un PDF más antiguo que su
    .docx (o de un .docx rehecho) no le corresponde y se rehace. Un PDF que ya existía junto a un
    .docx recién creado no se pisa sin --sobrescribir: queda como conflicto (error con su nombre).
    """
    from . import pdf

    nuevos: dict[Path, Metadatos | None] = {}
    rehacer: dict[Path, Metadatos | None] = {}
    conflictos: list[str] = []
    al_dia = 0
    for r in resultados:
        if not r.archivo or r.estado not in ("generado", "omitido"):
            continue
        docx = Path(r.archivo)
        destino = pdf.destino_pdf(docx, None)
        antiguo = destino.exists() and destino.stat().st_mtime < docx.stat().st_mtime
        if not destino.exists():
            nuevos[docx] = r.metadatos
        elif r.conservado and not sobrescribir:  # ni el .docx ni su PDF son de este lote
            if antiguo:
                conflictos.append(
                    f"{destino}: es más antiguo que su .docx (que este lote no escribió); no se "
                    "sobrescribe (use --sobrescribir)"
                )
            else:
                al_dia += 1
        elif sobrescribir or r.reemplazo or antiguo:
            rehacer[docx] = r.metadatos
        elif r.estado == "generado":
            conflictos.append(
                f"{destino}: ya existía y no corresponde al .docx recién generado; no se "
                "sobrescribe (bórrelo o use --sobrescribir)"
            )
        else:
            al_dia += 1
    conversiones = []
    for grupo, reemplazar in ((nuevos, False), (rehacer, True)):
        if grupo:
            conversiones += pdf.convertir_detallado(
                list(grupo), metadatos={k: v for k, v in grupo.items() if v}, sobrescribir=reemplazar, procesos=procesos
            )
    return conversiones, al_dia, conflictos
