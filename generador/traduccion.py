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
    "{name} {filename!r} does not exist.": "{name} {filename!r} no existe.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} es una carpeta.",
    "{name} {filename!r} is a file.": "{name} {filename!r} es un archivo.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} no se puede leer.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} no admite escritura.",
    "file": "El archivo", "directory": "La carpeta", "path": "La ruta",
    "Aborted!": "Interrumpido.",
    "unknown error": "error desconocido",
}


def _(mensaje: str) -> str:
    return CATALOGO.get(mensaje, mensaje)


def _n(singular: str, plural: str, cantidad: int) -> str:
    return _(singular if cantidad == 1 else plural)


def instalar() -> None:
    """Da el catálogo a los módulos de click (usan `_` y `ngettext` de gettext)."""
    from click import core, decorators, exceptions, formatting, parser, types
    for modulo in (core, decorators, exceptions, formatting, parser, types):
        if hasattr(modulo, "_"):
            modulo._ = _
        if hasattr(modulo, "ngettext"):
            modulo.ngettext = _n


instalar()
