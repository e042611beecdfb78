"""A site that organises its admin with wagtail-modeladmin (for the tests of
``ita_wagtail.contrib.modeladmin``)."""
