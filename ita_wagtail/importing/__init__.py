"""Importing procurement spreadsheets (item 5.7).

``reading`` opens a file safely, ``layouts`` recognises its header,
``values`` reads its cells, ``widgets`` and ``resources`` are the
django-import-export layer, ``engine`` runs an import end to end,
``template`` writes the downloadable template and ``rejected`` the file of
rejected rows.
"""
