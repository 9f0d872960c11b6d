"""Story dedup: which documents tell the same story, in one language or several."""

from reewatch.dedup.clusters import StoryClusterer, same_story
from reewatch.dedup.signature import StorySignature, signature_of

__all__ = ["StoryClusterer", "StorySignature", "same_story", "signature_of"]
