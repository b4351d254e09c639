"""The rule engine: scoring answers, the result and its words, derived facts, and the evaluator that
ties a questionnaire to its pricing.
"""
