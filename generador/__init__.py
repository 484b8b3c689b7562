"""generador: borradores Word de los documentos de las Instancias de Concertación (Ley N° 30364).

Flujo de un documento, un módulo por paso:
    respuestas (cargar YAML) → validacion (tipar, restricciones declaradas) → calculos (una vez)
    → reglas (validaciones declaradas y código del tipo) → contexto (componer) → renderizado
    (docxtpl) → verificacion (secciones exigidas) → escritura (atómica).
`generacion` encadena los pasos; `cli` es una capa delgada encima.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("generador")
except PackageNotFoundError:  # copia sin instalar
    __version__ = "0+desconocida"
