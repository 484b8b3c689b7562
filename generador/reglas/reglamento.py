"""Reglas del reglamento interno."""

from __future__ import annotations

from ..registro import regla


@regla("reglamento")
def reglamento(r) -> None:
    """Ordenanza previa, número de miembros conocido y fechas coherentes."""
    ordenanza = r.perfil.get("ordenanza")
    if not ordenanza:
        r.error(("instancia",), "el perfil no tiene «ordenanza» (número y fecha): el reglamento interno se aprueba después de crear la instancia")
    directorio = r.perfil.get("integrantes") or []
    numero = r.datos.get("numero_miembros")
    if not directorio and not numero:
        r.error(("numero_miembros",), "el perfil no tiene directorio («integrantes»): indique «numero_miembros» para calcular el quórum")
    elif directorio and numero and numero != len(directorio):
        r.aviso(("numero_miembros",), f"se indica {numero} miembros pero el directorio del perfil tiene {len(directorio)}; el quórum se calcula con el directorio")
    aprobacion = r.datos.get("aprobacion") or {}
    fecha = aprobacion.get("fecha")
    if fecha and ordenanza and fecha < ordenanza["fecha"]:
        r.error(("aprobacion", "fecha"), f"la aprobación del reglamento ({fecha:%d/%m/%Y}) no puede ser anterior a la ordenanza de creación ({ordenanza['fecha']:%d/%m/%Y})")
    sesion = r.datos.get("sesion_aprobacion")
    if fecha and sesion and fecha < sesion:
        r.aviso(("aprobacion", "fecha"), f"la norma de aprobación ({fecha:%d/%m/%Y}) es anterior a la sesión en que la instancia aprobó la propuesta ({sesion:%d/%m/%Y})")
