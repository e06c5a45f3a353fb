"""The `supple` command's exit codes, as the README's command line gives them: 0 success, 1 any
other failure, 2 bad usage or invalid input."""

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
