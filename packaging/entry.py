"""The bundle's program: the same `annotator` command as the installed script."""

from annotator.launch import main

if __name__ == "__main__":
    main()
