"""The import engine: one engine, many kinds (docs/architecture.md, "One write path").

An upload (admin, enterprise portal, or ``manage.py import_file KIND PATH``) becomes an
``ImportJob`` (``services.import_job_create``); a Celery worker runs it
(``tasks.run_import`` → ``services.import_job_run``):

1. **safety** — before anything parses the file: size, type by content (xlsx or csv; an
   executable, a PDF, an old .xls is named and refused), zip entry count, expanded size and
   ratio, every entry inflated as a stream against its declared size, no DOCTYPE in any XML part,
   the sheet's cell span within the row and column limits (python-calamine allocates it densely),
   defusedxml active for openpyxl. Limits: ``IMPORT_*`` settings.
2. **reading** — rows streamed with python-calamine (xlsx) or the csv module (UTF-8, UTF-8 with
   BOM, GB18030); the header row is found among the top rows by the kind's Chinese headers or
   their aliases, so merged title rows above it do no harm; empty rows are skipped.
3. **parsing and validation** — each cell through its column's parser (``cells``: numbers stored
   as text, full-width digits and spaces, ``≥95%``, dates as serials or text…), then the kind
   validates batches of rows with the forms' rules and reports *every* error of a row; a row
   whose natural key repeats an earlier one is an error too. Bad rows go to the error report
   (``report``: the original cells, the row number, the reasons).
4. **staging** — good rows are copied into a temporary table while reading (``staging``:
   PostgreSQL COPY, SQLite executemany), never into the real tables. In a worker the writes run
   on a second thread with its own connection (``run.DatabaseThread``) while the main
   thread parses and validates the next batch, so the two cores and PostgreSQL overlap.
5. **commit** — one transaction: the kind's writer upserts the staged rows on their natural key
   (``INSERT … ON CONFLICT … DO UPDATE … WHERE something differs``: a re-import writes nothing)
   and the job is marked finished, by the run that still holds the job's claim. All or nothing
   by default: a file with any bad row commits nothing (status ``rejected``) unless the user
   asked to import the valid rows (``partial``).

Progress (rows read / written, the phase) and a heartbeat are published every second by a thread
on its own connection and to the cache (``progress``), so the job page's bar moves while the
all-or-nothing transaction is still open. A run that dies is taken over when its heartbeat is
stale — by its redelivered task (``acks_late``) or by the beat sweeper
(``services.import_job_requeue_stalled``) — and runs from the start; see ``services``. Every
status change of a job, from its creation to its end, is a transition of
``workflow.IMPORT_JOB_WORKFLOW`` and leaves an event row; only the worker takes the transitions
after creation, so nobody changes a job by hand.

The kind interface (``kinds.ImportKind``) — what a new importable noun provides
-------------------------------------------------------------------------------

``name``, ``label``, ``natural_key_label`` (words for the duplicate-row message), and:

``columns(context) -> [Column]``
    Each ``Column(key, header, parse=…, aliases=(…), required=…, default=…, help=…, example=…,
    choices=(…), width=…, number_format=…)``: the Chinese header of the template, English and
    older aliases, and a parser from ``cells`` (``text(max_length=…)``, ``code_text``,
    ``number``, ``parse_number`` (keeps a comparator and a unit), ``integer``, ``date``,
    ``uscc``, ``region_code``, ``choice({...})``, ``pass_fail``) or your own raising
    ``CellError``.
``validate(context, rows)``
    A batch of ``Row``s whose cells parsed (``row.values`` by column key): look up what they
    refer to in one query per batch, add every error with ``row.error(message, column)``, set
    ``row.record`` (what your writer stages) on rows without errors, or ``row.unchanged = True``
    when a row needs no write. With ``validates_rows_with_cell_errors = True`` rows with bad
    cells come too (those cells absent from ``row.values``), so their other errors are listed.
``natural_key(context, row) -> hashable``
    The key the writer upserts on; duplicates within a file are refused by the engine.
``writer(context) -> BatchWriter``
    ``stage(records)`` per batch (outside any transaction: a staging table), ``commit(progress=)``
    once in the final transaction returning ``WriteCounts(created, updated, unchanged)``,
    ``close()``. For one table, ``staging.UpsertWriter(model=, fields=, key=, update=)`` is the
    whole writer: ``record`` is then the tuple of ``fields``.
``template(context) -> TemplateSpec`` (title, filename, instruction lines, meta checked by
    ``check_meta(context, meta)``); ``template.write_template`` makes the xlsx with the
    instructions sheet and drop-down lists from ``Column.choices``.
``allowed(user)``, ``option_fields(user=)``, ``clean_options(user=, options=)``,
    ``describe_options(options)``, ``prepare(user=, options=) -> context``,
    ``after_commit(context, counts)``, ``summary(context, counts)``: who may import, the upload
    page's extra fields, per-job state, what to do once committed.

``prepare`` and ``columns`` run in Chinese (``settings.LANGUAGE_CODE``) whatever the uploader's
language: headers are matched against the templates' Chinese ones and their aliases; row errors
and messages are written in the uploader's language (``ImportJob.language``).

Register the kind by dotted path in your app's ``AppConfig.ready``::

    from core.imports.registry import register
    register("results", "results.import_kinds.ResultImportKind")

``results/import_kinds/`` is the worked example (two tables, verdicts computed on import, statuses
recorded through the workflow by its writer ``results.services.imported``).
"""
