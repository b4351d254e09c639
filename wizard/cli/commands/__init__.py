"""The record commands, one module each: `wizard list` (`listing`), `show`, `rescore`, `export` and
`supersede`. Each module's `run(args)` is the command; the work itself is done by the core
(`record_set`, `record_list`, `rescore_batch`, `supersede`), and these modules only print it.

Records are read with `read_record` (a fast path for the TOML the wizard writes; a file that is no
record is refused in one line). In a directory, a file that cannot be read is reported with its
reason and the others are processed; the command exits with 2 only when not one record could be
read. Rich is imported only inside the functions that print text, and text from records goes into
`Text` objects, never into markup.
"""
