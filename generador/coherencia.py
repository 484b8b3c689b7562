"""Coherencia entre un documento y el perfil de su instancia (lo que ningún campo solo revela)."""

from __future__ import annotations

from .pendientes import es_pendiente


def comprobar_ordenanza(r) -> None:
    """Aviso si la ordenanza no lleva el número y la fecha que el perfil ya registra."""
    registrada = r.perfil.get("ordenanza") if r.manifiesto.id == "ordenanza" else None
    if not registrada:
        return
    for campo, nombre in (("numero", "número"), ("fecha", "fecha")):
        propio, del_perfil = r.datos.get(campo), registrada.get(campo)
        if propio is None or del_perfil is None or es_pendiente(propio) or es_pendiente(del_perfil):
            continue
        if propio != del_perfil:
            texto = (lambda v: v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v)
            r.aviso((campo,), f"la ordenanza lleva {nombre} «{texto(propio)}», pero el perfil de la instancia "
                              f"registra «{texto(del_perfil)}» (instancia → ordenanza → {campo}): use el mismo "
                              "en ambos, o quite «ordenanza» del perfil mientras sea un proyecto")
