"""The extraction on Apache Spark, for collections that outgrow one machine: `job.py` (the job, and a `main` for
`spark-submit newsdesk/spark/job.py`) and `cli.py` (`python -m newsdesk spark`). The executors run the same readers
and the same `extract_doc` as the local ingest and write rows through `store.schema.article_row`, so the Parquet
they write equals the local store's rows. Nothing here is imported unless Spark is asked for (pyspark is an extra:
requirements-spark.txt). May import: newsdesk.models, newsdesk.sources, newsdesk.pipeline, newsdesk.store.schema."""
