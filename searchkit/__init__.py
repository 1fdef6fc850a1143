"""searchkit: bilingual (Chinese + English) full-text search for the People's Daily archive."""

from searchkit.api import Hit, Index, Results, Stats
from searchkit.searcher import FacetCount
from searchkit.article import Article
from searchkit.errors import SearchkitError

__all__ = ["Article", "FacetCount", "Hit", "Index", "Results", "SearchkitError", "Stats"]
__version__ = "0.1.0"
