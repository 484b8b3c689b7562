"""El informe de `generador plantilla revisar`: observaciones con su gravedad, su parte y su párrafo.

Cada observación nombra la parte del .docx (cuerpo, encabezado, pie, celda de tabla) y el párrafo
de Word por su texto, para que quien edita la plantilla lo encuentre.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Observacion:
    gravedad: str  # «error» (la plantilla no sirve así) o «aviso»
    parte: str  # «cuerpo», «encabezado 1», «cuerpo, celda de tabla (fila 2, columna 1)»…
    parrafo: str  # texto del párrafo de Word («» si no corresponde a uno)
    mensaje: str

    def __str__(self) -> str:
        marca = "✗" if self.gravedad == "error" else "!"
        donde = self.parte + (f", párrafo «{corto(self.parrafo)}»" if self.parrafo else "")
        return f"  {marca} {donde}: {self.mensaje}"


@dataclass
class Informe:
    plantilla: Path
    observaciones: list[Observacion] = field(default_factory=list)
    parrafos: int = 0

    @property
    def errores(self) -> list[Observacion]:
        return [o for o in self.observaciones if o.gravedad == "error"]

    def anotar(self, gravedad: str, parte: str, parrafo: str, mensaje: str) -> None:
        nueva = Observacion(gravedad, parte, parrafo, mensaje)
        if nueva not in self.observaciones:  # cada problema, una vez
            self.observaciones.append(nueva)

    def texto(self) -> str:
        if not self.observaciones:
            return f"{self.plantilla}: sin problemas ({self.parrafos} párrafos revisados)."
        avisos = len(self.observaciones) - len(self.errores)
        return "\n".join(
            [f"{self.plantilla}: {len(self.errores)} error(es), {avisos} aviso(s)", *map(str, self.observaciones)]
        )


def corto(texto: str, largo: int = 90) -> str:
    """El texto en una línea y, si es largo, cortado con «…». A diferencia de `limites.extracto`,
    lo cita tal cual, con sus caracteres invisibles: en una plantilla, un espacio de ancho cero
    escrito en Word es parte de lo que hay que corregir."""
    texto = " ".join(texto.split())
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"
