"""Mensajes propios de click (ayuda, errores de uso) en español.

click marca sus textos para gettext pero no trae español; aquí se le da un catálogo pequeño con
los mensajes que ve una persona usuaria. Lo que no figura sale en inglés, tal cual.
"""

from __future__ import annotations

CATALOGO = {
    "Usage:": "Uso:",
    "Options": "Opciones",
    "Commands": "Órdenes",
    "Positional arguments": "Argumentos",
    "Show this message and exit.": "Muestra esta ayuda y termina.",
    "Show the version and exit.": "Muestra la versión y termina.",
    "default: {default}": "por defecto: {default}",
    "Error: {message}": "Error: {message}",
    "Try '{command} {option}' for help.": "Pruebe «{command} {option}» para ver la ayuda.",
    "Missing argument": "Falta el argumento",
    "Missing option": "Falta la opción",
    "Missing parameter": "Falta el parámetro",
    "Missing parameter: {param_name}": "Falta el parámetro: {param_name}",
    "Missing {param_type}": "Falta {param_type}",
    "Missing command.": "Falta la orden.",
    "No such command {name!r}.": "No existe la orden {name!r}.",
    "No such option {name!r}.": "No existe la opción {name!r}.",
    "Invalid value for {param_hint}: {message}": "Valor no válido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor no válido: {message}",
    "Option {name!r} does not take a value.": "La opción {name!r} no admite un valor.",
    "Option {name!r} requires an argument.": "La opción {name!r} necesita un valor.",
    "Option {name!r} requires {nargs} arguments.": "La opción {name!r} necesita {nargs} valores.",
    "Got unexpected extra argument ({args})": "Argumento de más ({args})",
    "Got unexpected extra arguments ({args})": "Argumentos de más ({args})",
    "Did you mean {possibility}?": "¿Quiso decir {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(¿Quiso decir una de estas: {possibilities}?)",
    "{value!r} is not {choice}.": "{value!r} no es {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} no es una de estas opciones: {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} no es un {number_type} válido.",
    "{value} is not in the range {range}.": "{value} no está en el rango {range}.",
    "{name} {filename!r} does not exist.": "{filename!r} no existe.",
    "{name} {filename!r} is a directory.": "{filename!r} es una carpeta.",
    "{name} {filename!r} is a file.": "{filename!r} es un archivo.",
    "{name} {filename!r} is not readable.": "{filename!r} no se puede leer.",
    "{name} {filename!r} is not writable.": "{filename!r} no admite escritura.",
    "{name} {filename!r} is not executable.": "{filename!r} no es ejecutable.",
    # el nombre del tipo de ruta es también su «metavar» en la ayuda (ARCHIVO, CARPETA, RUTA)
    "file": "archivo",
    "directory": "carpeta",
    "path": "ruta",
    "required": "obligatorio",
    "Choose from:\n\t{choices}": "Elija una de estas:\n\t{choices}",
    "env var: {var}": "variable de entorno: {var}",
    "(dynamic)": "(calculado)",
    "deprecated": "obsoleto",
    "Value must be an iterable.": "El valor debe ser una lista.",
    "Aborted!": "Interrumpido.",
    "unknown error": "error desconocido",
}


def _(mensaje: str) -> str:
    return CATALOGO.get(mensaje, mensaje)


def _n(singular: str, plural: str, cantidad: int) -> str:
    return _(singular if cantidad == 1 else plural)


# Nombres de los tipos de click: salen en la ayuda como metavar (TEXT → TEXTO) y en los errores
# («'x' no es un entero válido»).
TIPOS = {
    "StringParamType": "texto",
    "IntParamType": "entero",
    "IntRange": "entero",
    "FloatParamType": "número",
    "FloatRange": "número",
    "BoolParamType": "sí/no",
    "UUIDParameterType": "uuid",
    "File": "archivo",
    "DateTime": "fecha y hora",
}


def instalar() -> None:
    """Da el catálogo a los módulos de click (usan `_` y `ngettext` de gettext)."""
    from click import core, decorators, exceptions, formatting, parser, types

    for modulo in (core, decorators, exceptions, formatting, parser, types):
        if hasattr(modulo, "_"):
            modulo._ = _  # type: ignore[attr-defined]  # interno de click (gettext), comprobado con hasattr
        if hasattr(modulo, "ngettext"):
            modulo.ngettext = _n  # type: ignore[attr-defined]  # ídem
    for clase, nombre in TIPOS.items():
        if hasattr(types, clase):
            getattr(types, clase).name = nombre


instalar()
