from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class RolesConfig(AppConfig):
    name = "roles"
    verbose_name = "Catalog"

    def ready(self):
        from .catalog_version import catalog_changed

        # Every save or delete, from admin or anywhere else, starts a new catalog stamp.
        for model in self.get_models():
            post_save.connect(catalog_changed, sender=model, dispatch_uid=f"catalog-save-{model}")
            post_delete.connect(catalog_changed, sender=model, dispatch_uid=f"catalog-del-{model}")
        m2m_changed.connect(
            catalog_changed,
            sender=self.get_model("Role").similar_roles.through,
            dispatch_uid="catalog-similar-roles",
        )
