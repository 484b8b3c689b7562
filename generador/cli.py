"""Interfaz de línea de órdenes `generador`: una capa delgada sobre la biblioteca."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from . import __version__, ley
from .errores import ErrorGenerador
from .esqueleto import esqueleto
from .escritura import escribir
from .generacion import CARPETA_SALIDA, generar, generar_ejemplos
from .manifiesto import NIVELES, RAIZ, catalogo, manifiesto
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", message="generador %(version)s")
def principal() -> None:
    """Genera borradores Word de los documentos de las Instancias de Concertación
    para erradicar la violencia contra las mujeres (Ley N° 30364), a partir de
    respuestas en YAML."""


@principal.command()
@_errores_en_espanol
def listar() -> None:
    """Lista los tipos de documento, con su descripción y sus niveles."""
    for m in catalogo().values():
        click.echo(f"{m.id:<22} {m.titulo}. {m.descripcion}")
        click.echo(f"{'':<22} niveles: {', '.join(m.niveles)}")


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
@_errores_en_espanol
def orden_generar(respuestas: Path, carpeta: Path, sobrescribir: bool, estricto: bool) -> None:
    """Genera el .docx de RESPUESTAS y verifica sus secciones exigidas."""
    resultado = generar(respuestas, carpeta, sobrescribir=sobrescribir, estricto=estricto)
    _avisos(resultado.avisos)
    for ruta in [resultado.salida, *resultado.adicionales]:
        click.echo(f"Generado {ruta}")


@principal.command()
@click.option("-o", "--salida", "carpeta", type=click.Path(file_okay=False, path_type=Path),
              default=CARPETA_SALIDA, show_default=True, help="Carpeta de salida.")
@click.option("--ejemplos", "origen", type=click.Path(file_okay=False, path_type=Path),
              default=RAIZ / "ejemplos", help="Carpeta de ejemplos (por defecto, la del proyecto).")
@click.option("--sobrescribir", is_flag=True, help="Regenerar aunque el .docx ya exista.")
@_errores_en_espanol
def ejemplos(carpeta: Path, origen: Path, sobrescribir: bool) -> None:
    """Genera todos los ejemplos de la carpeta ejemplos/."""
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
    if fallidos:
        raise click.exceptions.Exit(1)
