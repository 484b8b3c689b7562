"""Interfaz de línea de órdenes `generador`: una capa delgada sobre la biblioteca."""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path

import click

from . import __version__, ley, pdf, traduccion  # noqa: F401 (click en español)
from .errores import ErrorGenerador
from .esqueleto import esqueleto
from .escritura import escribir
from .generacion import CARPETA_SALIDA, generar, generar_ejemplos
from .manifiesto import NIVELES, catalogo, manifiesto, plantillas_rotas
from .ubicaciones import carpeta_ejemplos
from .validacion import validar_archivo

NIVEL = click.Choice(NIVELES)


def _errores_en_espanol(funcion):
    """Toda ErrorGenerador sale como «Error: …» en stderr con código de salida 1."""
    @functools.wraps(funcion)
    def envoltura(*args, **kwargs):
        try:
            return funcion(*args, **kwargs)
        except ErrorGenerador as exc:
            raise click.ClickException(str(exc)) from None
    return envoltura


def _avisos(avisos: list[str]) -> None:
    for aviso in avisos:
        click.echo(f"Aviso: {aviso}", err=True)


class _Orden(click.Command):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        super().__init__(*args, **kwargs)


class _Grupo(click.Group):
    command_class = _Orden

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        kwargs.setdefault("subcommand_metavar", "ORDEN [ARGUMENTOS]...")
        super().__init__(*args, **kwargs)


@click.group("generador", cls=_Grupo, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message="generador %(version)s")
@click.option("--plantillas", "plantillas", multiple=True, metavar="CARPETA",
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Carpeta con tipos de documento propios o editados (se suman a los incluidos y mandan "
                   "sobre ellos; repetible). También: variable GENERADOR_PLANTILLAS.")
def principal(plantillas: tuple[Path, ...]) -> None:
    """Genera borradores Word de los documentos de las Instancias de Concertación
    para erradicar la violencia contra las mujeres (Ley N° 30364), a partir de
    respuestas en YAML."""
    if plantillas:
        previas = os.environ.get("GENERADOR_PLANTILLAS")
        os.environ["GENERADOR_PLANTILLAS"] = os.pathsep.join([*map(str, plantillas), *([previas] if previas else [])])
        click.get_current_context().call_on_close(functools.partial(_restaurar_entorno, previas))


def _restaurar_entorno(previas: str | None) -> None:
    if previas is None:
        os.environ.pop("GENERADOR_PLANTILLAS", None)
    else:
        os.environ["GENERADOR_PLANTILLAS"] = previas


@principal.command()
@_errores_en_espanol
def listar() -> None:
    """Lista los tipos de documento, con su descripción y sus niveles."""
    for m in catalogo().values():
        click.echo(f"{m.id:<22} {m.titulo}. {m.descripcion}")
        click.echo(f"{'':<22} niveles: {', '.join(m.niveles)}")
    rotas = plantillas_rotas()
    for documento, motivo in rotas.items():
        click.echo(f"✗ {documento}: no disponible ({motivo})", err=True)
    if rotas:
        raise click.exceptions.Exit(1)


@principal.command()
@click.argument("nivel", type=NIVEL)
@_errores_en_espanol
def integrantes(nivel: str) -> None:
    """Muestra los integrantes que la norma fija para NIVEL, con su código."""
    for i in ley.nivel(nivel)["integrantes"]:
        extra = " (opcional: si los hubiera)" if i.get("opcional") else ""
        click.echo(f"{i['id']:<28} {i['texto']}{extra}")


@principal.command()
@click.argument("documento")
@click.option("--nivel", type=NIVEL, required=True, help="Nivel de la instancia.")
@click.option("-o", "--salida", type=click.Path(dir_okay=False, path_type=Path),
              help="Archivo YAML a crear (por defecto se muestra en pantalla).")
@click.option("--sobrescribir", is_flag=True, help="Reemplazar el archivo si ya existe.")
@_errores_en_espanol
def nuevo(documento: str, nivel: str, salida: Path | None, sobrescribir: bool) -> None:
    """Escribe un YAML de respuestas comentado para DOCUMENTO (o «instancia», el perfil)."""
    if documento != "instancia" and nivel not in manifiesto(documento).niveles:
        raise ErrorGenerador(f"«{documento}» no existe para el nivel {nivel}")
    texto = esqueleto(documento, nivel)
    if salida is None:
        click.echo(texto, nl=False)
    else:
        escribir(salida, texto.encode("utf-8"), sobrescribir=sobrescribir)
        click.echo(f"Creado {salida}", err=True)


@principal.command()
@click.argument("respuestas", type=click.Path(path_type=Path))
@click.option("--estricto", is_flag=True, help="Tratar los avisos como errores.")
@_errores_en_espanol
def validar(respuestas: Path, estricto: bool) -> None:
    """Comprueba RESPUESTAS sin generar nada."""
    r = validar_archivo(respuestas, estricto=estricto)
    _avisos(r.avisos)
    click.echo(f"{respuestas}: respuestas válidas para «{r.manifiesto.id}» (nivel {r.nivel}).")


@principal.command("generar")
@click.argument("respuestas", type=click.Path(path_type=Path))
@click.option("-o", "--salida", "carpeta", type=click.Path(file_okay=False, path_type=Path),
              default=CARPETA_SALIDA, show_default=True, help="Carpeta donde escribir el .docx.")
@click.option("--sobrescribir", is_flag=True, help="Reemplazar el .docx si ya existe.")
@click.option("--estricto", is_flag=True, help="Tratar los avisos como errores.")
@click.option("--pdf", "a_pdf", is_flag=True, help="Además, un PDF de cada documento (requiere LibreOffice).")
@_errores_en_espanol
def orden_generar(respuestas: Path, carpeta: Path, sobrescribir: bool, estricto: bool, a_pdf: bool) -> None:
    """Genera el .docx de RESPUESTAS y verifica sus secciones exigidas."""
    if a_pdf:
        pdf.localizar_soffice()   # antes de generar: si falta LibreOffice, se dice primero
    resultado = generar(respuestas, carpeta, sobrescribir=sobrescribir, estricto=estricto)
    _avisos(resultado.avisos)
    documentos = [resultado.salida, *resultado.adicionales]
    for ruta in documentos:
        click.echo(f"Generado {ruta}")
    if a_pdf and _convertir({d: pdf.metadatos_de_archivo(respuestas) for d in documentos}, sobrescribir):
        raise click.exceptions.Exit(1)


def _convertir(documentos: dict, sobrescribir: bool) -> int:
    """Convierte a PDF, informa y devuelve cuántos fallaron."""
    conversiones = pdf.convertir_generados(documentos, sobrescribir=sobrescribir)
    for c in conversiones:
        if not c.error:
            click.echo(f"PDF {c.pdf} ({c.paginas} páginas)")
    fallidos = [c for c in conversiones if c.error]
    if fallidos:
        click.echo(f"Error: {pdf.mensaje_errores(fallidos)}", err=True)
    return len(fallidos)


@principal.command()
@click.option("-o", "--salida", "carpeta", type=click.Path(file_okay=False, path_type=Path),
              default=CARPETA_SALIDA, show_default=True, help="Carpeta de salida.")
@click.option("--ejemplos", "origen", type=click.Path(file_okay=False, path_type=Path),
              default=carpeta_ejemplos, help="Carpeta de ejemplos (por defecto, los incluidos en el paquete).")
@click.option("--sobrescribir", is_flag=True, help="Regenerar aunque el .docx ya exista.")
@click.option("--pdf", "a_pdf", is_flag=True, help="Además, un PDF de cada documento (requiere LibreOffice).")
@_errores_en_espanol
def ejemplos(carpeta: Path, origen: Path, sobrescribir: bool, a_pdf: bool) -> None:
    """Genera todos los ejemplos de la carpeta ejemplos/."""
    if a_pdf:
        pdf.localizar_soffice()
    resultados = generar_ejemplos(origen, carpeta, sobrescribir=sobrescribir)
    if not resultados:
        raise ErrorGenerador(f"no hay archivos de respuestas en {origen}")
    for r in resultados:
        if r.error:
            click.echo(f"✗ {r.respuestas}: {r.error}", err=True)
        elif r.omitido:
            click.echo(f"- {r.salida} ya existe (omitido; use --sobrescribir para regenerarlo)")
        else:
            for ruta in [r.salida, *r.adicionales]:
                click.echo(f"✓ {ruta}")
            _avisos(r.avisos)
    fallidos = sum(1 for r in resultados if r.error)
    hechos = sum(1 for r in resultados if not r.error and not r.omitido)
    click.echo(f"{hechos} generados, {len(resultados) - hechos - fallidos} omitidos, {fallidos} con error.")
    if a_pdf:
        documentos = {d: pdf.metadatos_de_archivo(r.respuestas)
                      for r in resultados if not r.error for d in [r.salida, *r.adicionales]}
        fallidos += _convertir(documentos, sobrescribir)
    if fallidos:
        raise click.exceptions.Exit(1)


@principal.command()
@click.argument("tabla", required=False)
@click.option("--departamento", help="Generar desde el territorio (ubigeo del INEI): un departamento, p. ej. Cusco.")
@click.option("--nivel", "nivel", type=click.Choice([*NIVELES, "todos"]), default="todos", show_default=True,
              help="Con --departamento o --pais: qué instancias generar.")
@click.option("--pais", is_flag=True, help="Generar desde el territorio para todo el Perú.")
@click.option("--comunes", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML de respuestas comunes a todas las filas (la fila manda).")
@click.option("--documentos", help="Lista separada por comas (por defecto: todos los disponibles).")
@click.option("-o", "--salida", "carpeta", type=click.Path(path_type=Path),
              default=CARPETA_SALIDA / "lote", show_default=True,
              help="Carpeta del lote (con «plantilla-tabla», el .xlsx a crear).")
@click.option("--procesos", type=click.IntRange(1, 64), help="Procesos en paralelo (por defecto: todos los núcleos).")
@click.option("--zip", "comprimir", is_flag=True, help="Además, un .zip por instancia.")
@click.option("--pdf", "a_pdf", is_flag=True, help="Además, un PDF de cada documento (requiere LibreOffice).")
@click.option("--sobrescribir", is_flag=True, help="Con «plantilla-tabla»: reemplazar el archivo.")
@_errores_en_espanol
def lote(tabla, departamento, nivel, pais, comunes, documentos, carpeta, procesos, comprimir, a_pdf,
         sobrescribir) -> None:
    """Genera documentos para muchas instancias: desde TABLA (.xlsx o .csv, una fila por
    instancia) o desde el territorio (--departamento, --pais). «generador lote plantilla-tabla
    [-o tabla.xlsx]» escribe la hoja vacía con sus columnas explicadas."""
    from . import lote as lotes
    if tabla == "plantilla-tabla":
        destino = carpeta if carpeta != CARPETA_SALIDA / "lote" else Path("tabla-lote.xlsx")
        click.echo(f"Creada {lotes.plantilla_tabla(destino, sobrescribir)}")
        return
    plan = lotes.preparar(tabla=Path(tabla) if tabla else None, departamento=departamento, pais=pais,
                          nivel=None if nivel == "todos" else nivel, comunes=comunes,
                          documentos=documentos.split(",") if documentos else None, carpeta=carpeta)
    for aviso in plan.avisos:
        click.echo(f"Aviso: {aviso}", err=True)
    if a_pdf:
        pdf.localizar_soffice()
    with _barra(len(plan.tareas)) as avanzar:
        informe = lotes.correr(plan, procesos=procesos, al_avanzar=avanzar, comprimir=comprimir)
    click.echo(informe.texto())
    fallidos = informe.fallidos
    if a_pdf:
        conversiones = pdf.convertir_generados(
            {Path(r.archivo): r.metadatos for r in informe.resultados if r.archivo}, procesos=procesos)
        errores = [c for c in conversiones if c.error]
        click.echo(f"PDF: {len(conversiones) - len(errores)} convertidos, {len(errores)} con error.")
        if errores:
            click.echo(f"Error: {pdf.mensaje_errores(errores)}", err=True)
        fallidos += len(errores)
    if fallidos:
        raise click.exceptions.Exit(1)


@principal.command()
@click.argument("entradas", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--salida", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="PDF del expediente a crear.")
@click.option("--respuestas", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML de la ordenanza: de él salen el título y el autor (el gobierno) del PDF.")
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
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.console import Console
    consola = Console(stderr=True)
    with Progress(TextColumn("Generando"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("quedan"), TimeRemainingColumn(), console=consola,
                  disable=not consola.is_terminal) as progreso:
        tarea = progreso.add_task("lote", total=total)
        yield lambda n: progreso.advance(tarea, n)


@principal.command()
@click.argument("archivos", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--tipo", "documento", metavar="DOCUMENTO",
              help="Tipo de documento (ver «generador listar»); si no se da, se infiere del texto.")
@click.option("--nivel", type=NIVEL, help="Nivel de la instancia; si no se da, se infiere del texto.")
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON, para otros programas.")
def revisar(archivos: tuple[Path, ...], documento: str | None, nivel: str | None, como_json: bool) -> None:
    """Revisa documentos existentes (.docx, .pdf o carpetas) contra las secciones e
    integrantes exigidos. Sale con 0 si todo está completo, 1 si falta algo y 2 si
    alguna entrada no se pudo leer."""
    from . import revision

    try:
        disponibles = revision.tipos()
    except ErrorGenerador as exc:       # catálogo roto: no se puede revisar nada (código 2)
        click.echo(f"Error: {exc}", err=True)
        raise click.exceptions.Exit(2) from None
    if documento and documento not in disponibles:
        raise click.BadParameter(f"documento desconocido «{documento}»; disponibles: "
                                 f"{', '.join(disponibles)}", param_hint="--tipo")
    if documento and nivel and nivel not in disponibles[documento].niveles:
        raise click.BadParameter(f"«{documento}» no existe para el nivel {nivel}", param_hint="--nivel")
    revisiones = revision.revisar_rutas(list(archivos), documento, nivel)
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
    raise click.exceptions.Exit(revision.codigo_salida(revisiones))


@principal.command()
@click.argument("carpeta", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--puerto", type=click.IntRange(1, 65535), help="Puerto (por defecto 8000 o el siguiente libre).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Dirección donde escuchar. Otra que no sea 127.0.0.1 exige una clave de acceso.")
@click.option("--clave", help="Clave de acceso (fuera de 127.0.0.1; si no se da, se genera y se muestra).")
@click.option("--no-abrir", "no_abrir", is_flag=True, help="No abrir el navegador.")
@_errores_en_espanol
def web(carpeta: Path, puerto: int | None, host: str, clave: str | None, no_abrir: bool) -> None:
    """Abre la aplicación local en el navegador: la instancia de CARPETA (o sus instancias),
    su perfil y directorio, un formulario por documento, vista previa, lote y revisión."""
    from .web import servir
    servir(carpeta, puerto, host, clave, abrir=not no_abrir, aviso=click.echo)
