"""Campos calculados con nombre (un módulo por documento o tema).

Cada cálculo recibe las respuestas validadas y el contexto ya compuesto y devuelve un dict de
campos nuevos: lo que se puede calcular (quórum, totales, porcentajes) nunca se pide dos veces.
Se registran con @calculo("nombre") de generador.registro.
"""


def quorum_de(miembros: int) -> int:
    """Mitad más uno del número de miembros: 13 → 7, 14 → 8."""
    return miembros // 2 + 1
