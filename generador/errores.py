"""Una sola familia de excepciones: la CLI las convierte en «Error: …» en stderr."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ErrorGenerador(Exception):
    """Error previsto, con un mensaje en español para la persona usuaria."""


@dataclass
class Problema:
    """Un problema concreto de un archivo de respuestas: dónde está y qué falla."""

    archivo: Path | str
    campo: str
    mensaje: str
    linea: int | None = None
    columna: int | None = None

    def __str__(self) -> str:
        lugar = str(self.archivo)
        if self.linea is not None:
            lugar += f", línea {self.linea}"
            if self.columna is not None:
                lugar += f", columna {self.columna}"
        campo = f", campo «{self.campo}»" if self.campo else ""
        return f"{lugar}{campo}: {self.mensaje}"


class ErrorRespuestas(ErrorGenerador):
    """Uno o varios problemas en los archivos de respuestas (YAML mal formado, campos, tipos)."""

    def __init__(self, problemas: list[Problema]):
        self.problemas = problemas
        if len(problemas) == 1:
            texto = str(problemas[0])
        else:
            texto = f"{len(problemas)} problemas en las respuestas:\n" + "\n".join(f"  - {p}" for p in problemas)
        super().__init__(texto)


class ErrorPlantilla(ErrorGenerador):
    """La plantilla o su manifiesto están mal (o pierden una sección exigida)."""


class ErrorSalida(ErrorGenerador):
    """No se puede escribir el resultado (carpeta sin permiso, archivo ya existente…)."""
