from annotator.cli import main

main(prog_name="annotator")  # as the installed script is named, also in `--help` hints
