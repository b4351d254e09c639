"""Decision records: the record format, drafts, listing, rescoring, superseding and the Markdown
export.
"""
