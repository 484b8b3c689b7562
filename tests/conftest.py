"""Fijaciones (fixtures) comunes de las pruebas: una copia de los ejemplos y la CLI.

Las funciones de ayuda están en `tests/ayudas.py` (`from ayudas import …`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generador.cli import principal

from ayudas import EJEMPLOS


@pytest.fixture
def copia_ejemplos(tmp_path):
    """Copia ejemplos/<nivel>/ a tmp_path y devuelve la carpeta copiada."""

    def copiar(nivel: str) -> Path:
        destino = tmp_path / "ejemplos" / nivel
        shutil.copytree(EJEMPLOS / nivel, destino)
        return destino

    return copiar


@pytest.fixture
def cli():
    """Ejecuta `generador …` en el mismo proceso (CliRunner): cli("validar", ruta) → Result."""

    def ejecutar(*argumentos) -> Result:
        return CliRunner().invoke(principal, [str(a) for a in argumentos])

    return ejecutar
