"""The job queue: long work (imports, cohort issuance and printing) done by workers, outside requests."""
