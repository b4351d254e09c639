"""The Lambda-vs-EC2 decision wizard."""

__version__ = "0.1.0"
TOOL_NAME = "lambda-ec2-wizard"
