"""Bank statement files: SWIFT MT940, ISO 20022 camt.053 and CSV, read all-or-nothing."""
