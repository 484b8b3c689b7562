"""Interfaz de línea de órdenes `generador`: una capa delgada sobre la biblioteca."""

from __future__ import annotations

import errno
import functools
import os
from pathlib import Path

import click

from . import __version__, ley, pdf, traduccion  # noqa: F401 (click en español)
from .errores import ErrorGenerador
from .escritura import escribir
from .esqueleto import esqueleto, nivel_para, perfil_del_destino
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


def _opcion_salida(ayuda: str):
    """-o/--salida: la carpeta donde escribir (por defecto, salidas/)."""
    return click.option(
        "-o",
        "--salida",
        "carpeta",
        type=click.Path(file_okay=False, path_type=Path),
        default=CARPETA_SALIDA,
        show_default=True,
        help=ayuda,
    )


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
@click.option(
    "--nivel", type=NIVEL, help="Nivel de la instancia (dentro de una carpeta de instancia, el de su perfil)."
)
@click.option(
    "-o",
    "--salida",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Archivo YAML a crear (por defecto se muestra en pantalla).",
)
@click.option("--sobrescribir", is_flag=True, help="Reemplazar el archivo si ya existe.")
@_errores_en_espanol
def nuevo(documento: str, nivel: str | None, salida: Path | None, sobrescribir: bool) -> None:
    """Escribe un YAML de respuestas comentado para DOCUMENTO (o «instancia», el perfil).

    Dentro de una carpeta de instancia (o en su sesiones/; sin -o, la carpeta actual), usa su
    perfil: su nivel y, en la asistencia de un acta, cada entidad de su directorio."""
    perfil = None if documento == "instancia" else perfil_del_destino(salida or Path.cwd() / "nuevo.yaml")
    if nivel is None and perfil is None:  # fuera de una carpeta, --nivel es obligatoria
        contexto = click.get_current_context()
        raise click.MissingParameter(ctx=contexto, param=next(p for p in contexto.command.params if p.name == "nivel"))
    nivel = nivel_para(nivel, perfil)
    if documento != "instancia" and nivel not in manifiesto(documento).niveles:
        raise ErrorGenerador(f"«{documento}» no existe para el nivel {nivel}")
    texto = esqueleto(documento, nivel, perfil[1] if perfil else None)
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
@_opcion_salida("Carpeta donde escribir el .docx.")
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
@_opcion_salida("Carpeta de salida.")
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


# Las órdenes para muchos documentos a la vez están en su módulo; importarlo las registra.
from . import cli_masivo  # noqa: E402, F401
