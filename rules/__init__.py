"""The bpscan rules, one per module, and the vocabulary they share."""

#: Rule modules, by module name; each defines CODE, NAME, SEVERITY and check(model).
RULE_MODULES: tuple[str, ...] = ()
