"""Reglas de validación con nombre (un módulo por documento o tema).

Cada regla recibe las respuestas ya tipadas (validacion.Respuestas) y anota errores con
`r.error(ruta, mensaje)` o avisos con `r.aviso(ruta, mensaje)`; un aviso no detiene la
generación salvo con --estricto. Se registran con @regla("nombre") de generador.registro.
"""
