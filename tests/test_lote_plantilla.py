"""Lo que el lote recuerda de una plantilla (compilada, su huella para reanudar) se renueva
cuando la plantilla cambia, también dentro del mismo proceso (dos órdenes seguidas, o la web)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from click.testing import CliRunner

from generador.cli import principal

from ayudas import RAIZ, texto_docx

FRASE = "Mando se registre, publique y cumpla."


def _cambiar_texto(docx: Path, viejo: str, nuevo: str) -> None:
    """Reescribe la plantilla .docx con `viejo` cambiado en su cuerpo (otra fecha de archivo)."""
    with zipfile.ZipFile(docx) as z:
        partes = {i: z.read(i) for i in z.infolist()}
    with zipfile.ZipFile(docx, "w", zipfile.ZIP_DEFLATED) as z:
        for info, datos in partes.items():
            if info.filename == "word/document.xml":
                assert datos.count(viejo.encode()) == 1
                datos = datos.replace(viejo.encode(), nuevo.encode())
            z.writestr(info, datos)


def test_plantilla_editada_entre_dos_lotes_del_mismo_proceso_se_rehace(tmp_path):
    plantillas = tmp_path / "mis-plantillas"
    shutil.copytree(RAIZ / "plantillas" / "ordenanza", plantillas / "ordenanza")
    tabla = tmp_path / "t.csv"
    tabla.write_text(
        "nivel;departamento;provincia;distrito;ordenanza.fecha\n"
        "distrital;Cajamarca;Chota;Lajas;2026-04-10\n"
        "distrital;Cajamarca;Chota;Huambos;2026-04-12\n",
        encoding="utf-8",
    )
    carpeta = tmp_path / "lote"
    args = ["--plantillas", str(plantillas), "lote", str(tabla), "--documentos", "ordenanza", "-o", str(carpeta)]
    args += ["--procesos", "1"]
    r = CliRunner().invoke(principal, args)
    assert r.exit_code == 0, r.output
    lajas = carpeta / "Cajamarca" / "Chota" / "Lajas" / "ordenanza.docx"
    assert FRASE in texto_docx(lajas)

    r = CliRunner().invoke(principal, args)  # nada cambió: nada se rehace
    assert r.exit_code == 0 and "0 generados, 2 omitidos" in r.output, r.output

    _cambiar_texto(plantillas / "ordenanza" / "plantilla.docx", FRASE, "Regístrese, publíquese y cúmplase.")
    r = CliRunner().invoke(principal, args)
    assert r.exit_code == 0 and "2 generados, 0 omitidos" in r.output, r.output
    texto = texto_docx(lajas)
    assert "Regístrese, publíquese y cúmplase." in texto and FRASE not in texto
