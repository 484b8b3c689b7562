"""generador: borradores Word de los documentos de las Instancias de Concertación (Ley N° 30364).

Flujo, un módulo por paso:
    respuestas (cargar YAML) → validacion (modelos tipados) → contexto (campos calculados)
    → renderizado (docxtpl) → verificacion (secciones exigidas) → escritura (atómica).
`generacion` encadena los pasos; `cli` es una capa delgada encima.
"""

__version__ = "0.1.0"
