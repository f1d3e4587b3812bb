# connection: fragment owned by its unit (see the directory's local.mk).
