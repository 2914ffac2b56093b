"""The names of the schema steps this version knows, readable without loading sqlite-utils.

Opening a project that is up to date needs only this list (and plain sqlite3); the steps
themselves live in `annotator.storage.migrations`, and a test keeps the two in step.
"""

MIGRATION_SET = "annotator"

STEPS: tuple[str, ...] = (
    "m001_initial",
    "m002_span_marks_index",
    "m030_browser_documents_fts",
    "m040_speed_bulk_span_inserts",
    "m050_search_index_in_bulk",
    "m060_search_index_on_demand",
    "m100_analysts_and_layers",
    "m110_article_metadata",
    "m111_stories",
    "m120_assist_suggestions",
    "m130_same_claim_colour_apart_from_claim",
    "m140_application_id",
    "m150_span_versions",
    "m160_server_ids_given_skip_the_id_trigger",
)
