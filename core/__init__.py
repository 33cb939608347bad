"""TrangXã core: the rules of the site, importable and testable without Flask views."""
