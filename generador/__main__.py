"""python -m generador …"""

from .cli import principal

principal(prog_name="generador")
