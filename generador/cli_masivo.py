"""Órdenes de la CLI para muchos documentos a la vez: `lote`, `expediente` y `revisar`.

Se registran en el grupo `principal` de `cli.py`, que importa este módulo al final.
"""

from __future__ import annotations

import contextlib
import signal
from pathlib import Path

import click

from . import pdf
from .cli import NIVEL, _avisos, _errores_en_espanol, principal
from .errores import ErrorGenerador
from .generacion import CARPETA_SALIDA
from .manifiesto import NIVELES


@principal.command()
@click.argument("tabla", required=False)
@click.option("--departamento", help="Generar desde el territorio (ubigeo del INEI): un departamento, p. ej. Cusco.")
@click.option(
    "--nivel",
    "nivel",
    type=click.Choice([*NIVELES, "todos"]),
    default="todos",
    show_default=True,
    help="Con --departamento o --pais: qué instancias generar.",
)
@click.option("--pais", is_flag=True, help="Generar desde el territorio para todo el Perú.")
@click.option(
    "--comunes",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML de respuestas comunes a todas las filas (la fila manda).",
)
@click.option("--documentos", help="Lista separada por comas (por defecto: todos los disponibles).")
@click.option(
    "-o",
    "--salida",
    "carpeta",
    type=click.Path(path_type=Path),
    default=CARPETA_SALIDA / "lote",
    show_default=True,
    help="Carpeta del lote (con «plantilla-tabla», el .xlsx a crear).",
)
@click.option("--procesos", type=click.IntRange(1, 64), help="Procesos en paralelo (por defecto: todos los núcleos).")
@click.option("--zip", "comprimir", is_flag=True, help="Además, un .zip por instancia (con los PDF si se da --pdf).")
@click.option("--pdf", "a_pdf", is_flag=True, help="Además, un PDF de cada documento (requiere LibreOffice).")
@click.option(
    "--sobrescribir",
    is_flag=True,
    help="Rehacer todos los documentos (y sus PDF), aunque existan y no hayan cambiado; con "
    "«plantilla-tabla», reemplazar el archivo.",
)
@_errores_en_espanol
def lote(
    tabla, departamento, nivel, pais, comunes, documentos, carpeta, procesos, comprimir, a_pdf, sobrescribir
) -> None:
    """Genera documentos para muchas instancias: desde TABLA (.xlsx o .csv, una fila por
    instancia) o desde el territorio (--departamento, --pais). «generador lote plantilla-tabla
    [-o tabla.xlsx]» escribe la hoja vacía con sus columnas explicadas."""
    from . import lote as lotes
    from .lote_estado import candado
    from .lote_salidas import convertir_pdf

    if tabla == "plantilla-tabla":
        destino = carpeta if carpeta != CARPETA_SALIDA / "lote" else Path("tabla-lote.xlsx")
        click.echo(f"Creada {lotes.plantilla_tabla(destino, sobrescribir)}")
        return
    plan = lotes.preparar(
        tabla=Path(tabla) if tabla else None,
        departamento=departamento,
        pais=pais,
        nivel=None if nivel == "todos" else nivel,
        comunes=comunes,
        documentos=documentos.split(",") if documentos else None,
        carpeta=carpeta,
    )
    for aviso in plan.avisos:
        click.echo(f"Aviso: {aviso}", err=True)
    if a_pdf:
        pdf.localizar_soffice()
    with candado(carpeta):
        with _barra(len(plan.tareas)) as avanzar:
            informe = lotes.correr(plan, procesos=procesos, al_avanzar=avanzar, sobrescribir=sobrescribir)
        if informe.senal:
            _decir(informe.texto(_orden_de_reanudar()), err=True)
            raise click.exceptions.Exit(128 + int(getattr(signal, informe.senal)))
        click.echo(informe.texto())
        fallidos = informe.fallidos + (1 if informe.resumen is None else 0)
        if a_pdf:
            try:
                conversiones, al_dia, conflictos = convertir_pdf(informe.resultados, sobrescribir, procesos)
            except KeyboardInterrupt:
                _decir(
                    "Conversión a PDF interrumpida: los PDF ya escritos están completos; repita la orden "
                    "con --pdf para terminarla.",
                    err=True,
                )
                raise click.exceptions.Exit(130) from None
            errores = [c for c in conversiones if c.error]
            click.echo(
                f"PDF: {len(conversiones) - len(errores)} convertidos, {len(errores) + len(conflictos)} con error."
                + (f" {al_dia} ya existían y corresponden a su .docx (omitidos)." if al_dia else "")
            )
            if errores:
                click.echo(f"Error: {pdf.mensaje_errores(errores)}", err=True)
            for conflicto in conflictos:
                click.echo(f"Error: {conflicto}", err=True)
            fallidos += len(errores) + len(conflictos)
        if comprimir:
            zips = lotes.empaquetar(plan.carpeta, informe.resultados)
            click.echo(f"{len(zips)} .zip por instancia, con sus .docx{' y .pdf' if a_pdf else ''}.")
    if fallidos:
        raise click.exceptions.Exit(1)


def _orden_de_reanudar() -> str | None:
    """La orden tal como se escribió (si se llamó a `generador`), para decir cómo reanudar."""
    import shlex
    import sys

    if Path(sys.argv[0]).name in ("generador", "generador.exe", "__main__.py"):
        return shlex.join(["generador", *sys.argv[1:]])
    return None


def _decir(texto: str, err: bool = False) -> None:
    """Como click.echo, sin traza si la terminal ya se cerró (SIGHUP)."""
    with contextlib.suppress(OSError):
        click.echo(texto, err=err)


@principal.command()
@click.argument("entradas", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--salida", type=click.Path(dir_okay=False, path_type=Path), required=True, help="PDF del expediente a crear."
)
@click.option(
    "--respuestas",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML de la ordenanza: de él salen el título y el autor (el gobierno) del PDF.",
)
@click.option("--sobrescribir", is_flag=True, help="Reemplazar el PDF si ya existe.")
@_errores_en_espanol
def expediente(entradas, salida, respuestas, sobrescribir) -> None:
    """Une en un solo PDF el informe sustentatorio, el proyecto de ordenanza y los PDF
    adjuntos (ENTRADAS: archivos .docx/.pdf o carpetas), con marcadores y números de página."""
    from .expediente import armar_expediente, metadatos_expediente

    metadatos = metadatos_expediente(respuestas) if respuestas else None
    hecho = armar_expediente(entradas, salida, metadatos=metadatos, sobrescribir=sobrescribir)
    _avisos(hecho.avisos)
    click.echo(f"Expediente {hecho.salida}: {len(hecho.piezas)} documentos, {hecho.paginas} páginas.")


@contextlib.contextmanager
def _barra(total: int):
    """Barra de progreso con cuenta y tiempo restante (en stderr; nada si no es una terminal)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    consola = Console(stderr=True)
    with Progress(
        TextColumn("Generando"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("quedan"),
        TimeRemainingColumn(),
        console=consola,
        disable=not consola.is_terminal,
    ) as progreso:
        tarea = progreso.add_task("lote", total=total)
        yield lambda n: progreso.advance(tarea, n)


@principal.command()
@click.argument("archivos", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--tipo",
    "documento",
    metavar="DOCUMENTO",
    help="Tipo de documento (ver «generador listar»); si no se da, se infiere del texto.",
)
@click.option("--nivel", type=NIVEL, help="Nivel de la instancia; si no se da, se infiere del texto.")
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON, para otros programas.")
@click.option(
    "--resumen",
    "destino_resumen",
    type=click.Path(path_type=Path),
    metavar="ARCHIVO",
    help="Escribe además un resumen por archivo (tipo, nivel, faltantes, recomendaciones) en ARCHIVO .csv o .json.",
)
@click.option("--sobrescribir", is_flag=True, help="Reemplaza el archivo de --resumen si ya existe.")
@click.option(
    "--trabajadores",
    type=click.IntRange(1, 64),
    metavar="N",
    help="Procesos para revisar una carpeta grande (por defecto, uno por núcleo libre).",
)
def revisar(
    archivos: tuple[Path, ...],
    documento: str | None,
    nivel: str | None,
    como_json: bool,
    destino_resumen: Path | None,
    sobrescribir: bool,
    trabajadores: int | None,
) -> None:
    """Revisa documentos existentes (.docx, .pdf o carpetas) contra lo que exige cada tipo:
    secciones, integrantes del nivel y marcas sin llenar. Sale con 0 si todo lo exigido está,
    1 si falta algo exigido (o no se reconoce el tipo: use --tipo) y 2 si algún archivo no se
    pudo leer (escaneado, cifrado, dañado, .doc)."""
    from . import revision
    from .escritura import comprobar_libre, escribir

    try:
        disponibles = revision.tipos()
    except ErrorGenerador as exc:  # catálogo roto: no se puede revisar nada (código 2)
        click.echo(f"Error: {exc}", err=True)
        raise click.exceptions.Exit(2) from None
    if documento and documento not in disponibles:
        raise click.BadParameter(
            f"documento desconocido «{documento}»; disponibles: {', '.join(disponibles)}", param_hint="--tipo"
        )
    if documento and nivel and nivel not in disponibles[documento].niveles:
        raise click.BadParameter(f"«{documento}» no existe para el nivel {nivel}", param_hint="--nivel")
    if destino_resumen is not None:
        if destino_resumen.suffix.lower() not in (".csv", ".json"):
            raise click.BadParameter("el resumen debe ser un archivo .csv o .json", param_hint="--resumen")
        if not sobrescribir:
            try:
                comprobar_libre(destino_resumen)
            except ErrorGenerador as exc:
                raise click.BadParameter(str(exc), param_hint="--resumen") from None
    revisiones = revision.revisar_rutas(list(archivos), documento, nivel, trabajadores)
    if como_json:
        click.echo(revision.a_json(revisiones))
    elif not revisiones:
        click.echo("No hay archivos .docx ni .pdf que revisar en " + ", ".join(map(str, archivos)), err=True)
    elif len(revisiones) == 1:
        click.echo(revision.informe(revisiones[0]))
    else:
        for r in revisiones:
            click.echo(revision.informe(r, solo_faltantes=True) + "\n")
        click.echo(revision.resumen(revisiones, list(archivos)))
    if destino_resumen is not None:
        texto = (
            revision.a_json(revisiones)
            if destino_resumen.suffix.lower() == ".json"
            else revision.a_csv(revisiones, list(archivos))
        )
        try:
            escribir(destino_resumen, texto.encode("utf-8"), sobrescribir=sobrescribir)
        except ErrorGenerador as exc:
            click.echo(f"Error: {exc}", err=True)
            raise click.exceptions.Exit(2) from None
        if not como_json:
            click.echo(f"Resumen escrito en {destino_resumen}")
    raise click.exceptions.Exit(revision.codigo_salida(revisiones))
