"""El fuzz largo (herramientas/fuzz_largo.py) cuenta como traza el error inesperado que la CLI envuelve."""

import importlib.util
from pathlib import Path

from click.testing import CliRunner

from generador.cli import principal

_RUTA = Path(__file__).resolve().parent.parent / "herramientas" / "fuzz_largo.py"
_spec = importlib.util.spec_from_file_location("fuzz_largo", _RUTA)
fuzz_largo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fuzz_largo)


def test_un_memoryerror_envuelto_por_la_cli_se_reconoce_como_traza(monkeypatch, tmp_path):
    orden = principal.commands["validar"]

    def fallar(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(orden, "callback", fallar)
    monkeypatch.delenv("GENERADOR_DEPURAR", raising=False)
    ruta = tmp_path / "r.yaml"
    ruta.write_text("documento: ordenanza\n", encoding="utf-8")
    r = CliRunner().invoke(principal, ["validar", str(ruta)])
    # la CLI no deja traza…, pero el fuzz no debe contarlo como un error de los datos
    assert r.exit_code == fuzz_largo.CODIGO_INESPERADO
    assert fuzz_largo.INESPERADO in r.output
    assert fuzz_largo._excepcion_envuelta(r.output) == "envuelta: MemoryError"


def test_un_error_de_los_datos_no_parece_envuelto():
    assert (
        fuzz_largo._excepcion_envuelta("Error: r.yaml, línea 2: campo «nivel» desconocido")
        == "código 3 (error inesperado)"
    )
