"""Interfaz de línea de órdenes `generador`: una capa delgada sobre la biblioteca."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
from pathlib import Path

import click

from . import __version__, ley, pdf, traduccion  # noqa: F401 (click en español)
from .errores import ErrorGenerador
from .escritura import escribir
from .esqueleto import esqueleto
from .generacion import CARPETA_SALIDA, Cuenta, archivos_de_respuestas, generar, generar_ejemplos, generar_varios
from .manifiesto import NIVELES, catalogo, manifiesto, olvidar_firmas, plantillas_rotas
from .ubicaciones import carpeta_ejemplos
from .validacion import validar_ruta

NIVEL = click.Choice(NIVELES, case_sensitive=False)  # «Provincial» = «provincial», como en los YAML


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


CODIGO_INESPERADO = 3  # error del programa (no de los datos): ver «_Inesperado»


class _Inesperado(click.ClickException):
    """Un error que el programa no previó: en español, con la sugerencia de informarlo."""

    exit_code = CODIGO_INESPERADO

    def __init__(self, exc: BaseException, orden: str) -> None:
        detalle = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
        super().__init__(
            f"el programa falló de forma inesperada en «{orden}» ({detalle}).\n"
            "No es un problema de sus datos sino del programa: infórmelo a quien mantiene el generador, "
            "con la orden que ejecutó, los archivos de entrada y este mensaje. Para ver el detalle "
            "técnico, repita la orden con la variable de entorno GENERADOR_DEPURAR=1."
        )


class _Grupo(click.Group):
    command_class = _Orden

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", "[OPCIONES]")
        kwargs.setdefault("subcommand_metavar", "ORDEN [ARGUMENTOS]...")
        super().__init__(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        """Nivel superior de toda orden: ninguna entrada produce una traza de Python."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except ErrorGenerador as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE or os.environ.get("GENERADOR_DEPURAR"):
                raise  # salida cerrada (p. ej. «| head»): click lo trata
            archivo = f": {exc.filename}" if exc.filename else ""
            raise click.ClickException(
                f"no se pudo leer o escribir un archivo{archivo} ({exc.strerror or type(exc).__name__})"
            ) from None
        except Exception as exc:
            if os.environ.get("GENERADOR_DEPURAR"):
                raise
            raise _Inesperado(exc, f"{ctx.command_path} {ctx.invoked_subcommand or ''}".strip()) from None


@click.group("generador", cls=_Grupo, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message="generador %(version)s")
@click.option(
    "--plantillas",
    "plantillas",
    multiple=True,
    metavar="CARPETA",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Carpeta con tipos de documento propios o editados (se suman a los incluidos y mandan "
    "sobre ellos; repetible). También: variable GENERADOR_PLANTILLAS.",
)
def principal(plantillas: tuple[Path, ...]) -> None:
    """Genera borradores Word de los documentos de las Instancias de Concertación
    para erradicar la violencia contra las mujeres (Ley N° 30364), a partir de
    respuestas en YAML."""
    olvidar_firmas()  # una plantilla editada entre dos órdenes se vuelve a cargar
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
@click.option(
    "-o",
    "--salida",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Archivo YAML a crear (por defecto se muestra en pantalla).",
)
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


def _con_archivo(ruta: Path, exc: Exception) -> str:
    texto = str(exc)
    return texto if str(ruta) in texto else f"{ruta}: {texto}"


def _validar_uno(ruta: Path, estricto: bool) -> str:
    linea, avisos = validar_ruta(ruta, estricto)
    _avisos(avisos)
    return linea


@principal.command()
@click.argument("respuestas", type=click.Path(path_type=Path))
@click.option("--estricto", is_flag=True, help="Tratar los avisos como errores.")
@_errores_en_espanol
def validar(respuestas: Path, estricto: bool) -> None:
    """Comprueba RESPUESTAS sin generar nada: un archivo de respuestas, un perfil
    (instancia.yaml) solo, o una carpeta (cada archivo de respuestas que contiene)."""
    if not respuestas.is_dir():
        click.echo(_validar_uno(respuestas, estricto))
        return
    archivos = archivos_de_respuestas(respuestas)
    errores = 0
    for ruta in archivos:
        try:
            click.echo(f"✓ {_validar_uno(ruta, estricto)}")
        except ErrorGenerador as exc:
            errores += 1
            click.echo(f"✗ {_con_archivo(ruta, exc)}", err=True)
    click.echo(f"{len(archivos) - errores} válidos, {errores} con error (de {len(archivos)} en {respuestas}).")
    if errores:
        raise click.exceptions.Exit(1)


@principal.command("generar")
@click.argument("respuestas", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--salida",
    "carpeta",
    type=click.Path(file_okay=False, path_type=Path),
    default=CARPETA_SALIDA,
    show_default=True,
    help="Carpeta donde escribir el .docx.",
)
@click.option("--sobrescribir", is_flag=True, help="Reemplazar el .docx si ya existe.")
@click.option("--estricto", is_flag=True, help="Tratar los avisos como errores.")
@click.option("--pdf", "a_pdf", is_flag=True, help="Además, un PDF de cada documento (requiere LibreOffice).")
@_errores_en_espanol
def orden_generar(respuestas: Path, carpeta: Path, sobrescribir: bool, estricto: bool, a_pdf: bool) -> None:
    """Genera el .docx de RESPUESTAS (un archivo, o una carpeta: cada archivo de respuestas
    que contiene) y verifica sus secciones exigidas."""
    if a_pdf:
        pdf.localizar_soffice()  # antes de generar: si falta LibreOffice, se dice primero
    archivos = archivos_de_respuestas(respuestas) if respuestas.is_dir() else [respuestas]
    if a_pdf and not sobrescribir:
        pdf.comprobar_libres(archivos, carpeta, estricto)
    if len(archivos) == 1:  # un archivo: su error sale tal cual, con su línea
        resultados = [generar(archivos[0], carpeta, sobrescribir=sobrescribir, estricto=estricto)]
    else:
        resultados = generar_varios(archivos, carpeta, sobrescribir=sobrescribir, estricto=estricto)
    for r in resultados:
        if r.error:
            click.echo(f"✗ {r.error}", err=True)
            continue
        _avisos(r.avisos)
        for documento in [r.salida, *r.adicionales]:
            click.echo(f"Generado {documento}")
    cuenta = Cuenta.de(resultados)
    if len(archivos) > 1:
        click.echo(
            f"{cuenta.hechos} archivos generados, {cuenta.fallidos} con error (de {len(archivos)} en {respuestas})."
        )
    errores = cuenta.fallidos + (_convertir(resultados, sobrescribir) if a_pdf else 0)
    if errores:
        raise click.exceptions.Exit(1)


def _convertir(resultados: list, sobrescribir: bool) -> int:
    """Convierte a PDF lo generado, informa y devuelve cuántos fallaron."""
    conversiones = pdf.convertir_resultados(resultados, sobrescribir=sobrescribir)
    for c in conversiones:
        if c.omitido:
            click.echo(
                f"- PDF {c.pdf} ya existía y corresponde a su .docx (omitido; use --sobrescribir para rehacerlo)"
            )
        elif not c.error:
            click.echo(f"PDF {c.pdf} ({c.paginas} páginas)")
    fallidos = [c for c in conversiones if c.error]
    if fallidos:
        click.echo(f"Error: {pdf.mensaje_errores(fallidos)}", err=True)
    return len(fallidos)


@principal.group(cls=_Grupo)
def plantilla() -> None:
    """Herramientas para quien edita las plantillas .docx en Word."""


@plantilla.command("revisar")
@click.argument("objetivo", metavar="ID|ARCHIVO.docx")
@_errores_en_espanol
def plantilla_revisar(objetivo: str) -> None:
    """Revisa una plantilla editada en Word (un tipo de documento, p. ej. «ordenanza», o un
    archivo .docx): errores de sintaxis, etiquetas partidas con distinto formato, texto que
    desaparecería, datos que no existen y secciones exigidas perdidas. Sale con 1 si hay errores."""
    from .plantilla_lint import revisar_plantilla

    informes = revisar_plantilla(objetivo)
    for informe in informes:
        click.echo(informe.texto())
    if any(i.errores for i in informes):
        raise click.exceptions.Exit(1)


def _revisar_plantillas_antes() -> None:
    """`ejemplos` revisa primero todas las plantillas; si alguna tiene errores, se detiene con el informe."""
    from .plantilla_lint import revisar_plantilla

    con_errores = [i for documento in catalogo() for i in revisar_plantilla(documento, secciones=False) if i.errores]
    if con_errores:
        for informe in con_errores:
            click.echo(informe.texto(), err=True)
        raise ErrorGenerador(
            f"{len(con_errores)} plantilla(s) con errores: corríjalas (detalle arriba; "
            "«generador plantilla revisar ID» las vuelve a revisar) y repita «generador ejemplos»"
        )


@principal.command()
@click.option(
    "-o",
    "--salida",
    "carpeta",
    type=click.Path(file_okay=False, path_type=Path),
    default=CARPETA_SALIDA,
    show_default=True,
    help="Carpeta de salida.",
)
@click.option(
    "--ejemplos",
    "origen",
    type=click.Path(file_okay=False, path_type=Path),
    default=carpeta_ejemplos,
    help="Carpeta de ejemplos (por defecto, los incluidos en el paquete).",
)
@click.option("--sobrescribir", is_flag=True, help="Regenerar aunque el .docx ya exista.")
@click.option("--pdf", "a_pdf", is_flag=True, help="Además, un PDF de cada documento (requiere LibreOffice).")
@_errores_en_espanol
def ejemplos(carpeta: Path, origen: Path, sobrescribir: bool, a_pdf: bool) -> None:
    """Genera todos los ejemplos de la carpeta ejemplos/ (antes revisa las plantillas y se
    detiene con el informe si alguna tiene errores)."""
    if a_pdf:
        pdf.localizar_soffice()
    _revisar_plantillas_antes()
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
    cuenta = Cuenta.de(resultados)
    click.echo(f"{cuenta.hechos} generados, {cuenta.omitidos} omitidos, {cuenta.fallidos} con error.")
    fallidos = cuenta.fallidos + (_convertir(resultados, sobrescribir) if a_pdf else 0)
    if fallidos:
        raise click.exceptions.Exit(1)


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


@principal.command()
@click.argument("carpeta", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--json", "como_json", is_flag=True, help="Salida en JSON, para otros programas.")
@click.option(
    "--calendario",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Escribir los plazos pendientes como eventos (.ics) para importarlos al calendario del correo.",
)
@click.option(
    "--hoy",
    type=click.DateTime(formats=["%Y-%m-%d", "%d/%m/%Y"]),
    help="Fecha de referencia (AAAA-MM-DD); por defecto, hoy.",
)
@click.option("--sobrescribir", is_flag=True, help="Reemplazar el archivo del calendario si ya existe.")
@_errores_en_espanol
def estado(carpeta: Path, como_json: bool, calendario: Path | None, hoy, sobrescribir: bool) -> None:
    """Muestra las etapas de la instancia de CARPETA (hecho, pendiente, vencido) con sus
    fechas y plazos en días hábiles, las sesiones, los próximos plazos y toda incoherencia.
    Sale con 1 si hay alguna incoherencia."""
    from . import estado as modulo

    resultado = modulo.calcular_estado(carpeta, hoy=hoy.date() if hoy else None)
    click.echo(modulo.a_json(resultado) if como_json else modulo.a_texto(resultado))
    if calendario:
        escribir(calendario, modulo.a_calendario(resultado), sobrescribir=sobrescribir)
        click.echo(f"Calendario {calendario}: {len(resultado.proximos)} plazos.", err=True)
    if resultado.incoherencias:
        raise click.exceptions.Exit(1)


@principal.command()
@click.argument("carpeta", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--puerto", type=click.IntRange(1, 65535), help="Puerto (por defecto 8000 o el siguiente libre).")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Dirección donde escuchar. Otra que no sea 127.0.0.1 exige una clave de acceso.",
)
@click.option("--clave", help="Clave de acceso (fuera de 127.0.0.1; si no se da, se genera y se muestra).")
@click.option("--no-abrir", "no_abrir", is_flag=True, help="No abrir el navegador.")
@_errores_en_espanol
def web(carpeta: Path, puerto: int | None, host: str, clave: str | None, no_abrir: bool) -> None:
    """Abre la aplicación local en el navegador: la instancia de CARPETA (o sus instancias),
    su perfil y directorio, un formulario por documento, vista previa, lote y revisión."""
    from .web import servir

    servir(carpeta, puerto, host, clave, abrir=not no_abrir, aviso=click.echo)
