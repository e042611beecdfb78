"""The link checker of the ITA section: no broken evidence link.

The assessor scores what is at the URL the municipality gave; a dead link
or a moved file scores 0 and cannot be replaced later. This package finds
every link of a site's ITA section (:mod:`.collect`), resolves the site's
own links without HTTP (:mod:`.internal`), checks the others over HTTP
(:mod:`.external`), keeps the results (:mod:`.store`) and warns editors
before they change an address given to the assessor (:mod:`.guard`).
"""

from .store import (
    broken_links_data,
    latest_run,
    problem_results,
    run_link_check,
)

__all__ = ["broken_links_data", "latest_run", "problem_results", "run_link_check"]
