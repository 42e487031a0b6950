"""Engines: pure functions over arrays and files. No HTTP, no database, no settings here."""
