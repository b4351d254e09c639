"""The questionnaire model: questions and their kinds, conditions, the scoring plan, lint, migrations,
the catalogue of questionnaire files and how answers read.
"""
