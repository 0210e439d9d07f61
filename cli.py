"""Run cpc from a checkout without installing it: python cli.py --help."""

from cpc_docs.cli.main import run

if __name__ == "__main__":
    run()
