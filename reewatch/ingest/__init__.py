"""Ingest: files and folders become Documents; multi-article pages are split; metadata is inferred."""

from reewatch.ingest.metadata import MetadataInferrer
from reewatch.ingest.readers import SUFFIXES, read_documents
from reewatch.ingest.split import split_page

__all__ = ["SUFFIXES", "MetadataInferrer", "read_documents", "split_page"]
