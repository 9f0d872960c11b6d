"""Story dedup: which documents tell the same story, in one language or several."""

from reewatch.dedup.clusters import StoryClusterer, cluster_documents, same_story
from reewatch.dedup.signature import StorySignature, signature_of

__all__ = ["StoryClusterer", "StorySignature", "cluster_documents", "same_story", "signature_of"]
