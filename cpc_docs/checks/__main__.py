"""`python -m cpc_docs.checks PATH…`: the check command without the rest of the CLI."""

from cpc_docs.cli.check import check_command

if __name__ == "__main__":
    check_command(prog_name="cpc check")
