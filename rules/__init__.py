"""The bpscan rules, one per module, and the vocabulary they share."""

#: Rule modules, by module name; each defines CODE, NAME, SEVERITY and check(model).
RULE_MODULES: tuple[str, ...] = (
    "bp001_unused_suppression",
    "bp101_missing_update",
    "bp102_unused_gradient",
    "bp103_crossed_update",
    "bp201_ascent_update",
    "bp202_dropped_parameter",
    "bp301_derivative_mismatch",
    "bp302_derivative_operand",
    "bp303_f2_wrong_weight",
    "bp304_missing_transpose",
    "bp305_f3_wrong_input",
    "bp306_stale_weight",
    "bp307_double_derivative",
    "bp308_missing_f2",
    "bp309_missing_f1",
    "bp310_negated_derivative",
    "bp311_local_derivative_mismatch",
    "bp312_overwritten_share",
    "bp401_bias_reduction",
    "bp402_overwritten_gradient",
    "bp501_grad_not_zeroed",
    "bp502_update_rebinds_leaf",
    "bp601_gradient_mismatch",
)
