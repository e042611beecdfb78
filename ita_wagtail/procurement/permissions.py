"""Who may do what with procurement records.

Add, change and delete are the model permissions of
:class:`~ita_wagtail.models.Procurement`; importing spreadsheets is the
custom ``ita_wagtail.import_procurement`` permission, so finance staff can be
given exactly the register (see the integrator documentation).
"""

IMPORT_PERMISSION = "ita_wagtail.import_procurement"


def permission_policy_for(model):
    """The model's Wagtail permission policy on Wagtail 8 and on 7.4."""
    try:
        from wagtail.permissions import policy_registry
    except ImportError:  # Wagtail 7.4: no registry yet
        policy_registry = None
    if policy_registry is not None:
        return policy_registry.get_by_type(model)
    from wagtail.permission_policies import ModelPermissionPolicy

    return ModelPermissionPolicy(model)


def user_can_import(user) -> bool:
    return bool(user and user.is_active and user.has_perm(IMPORT_PERMISSION))
