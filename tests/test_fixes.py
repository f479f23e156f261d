"""Fixes that paste, and messages in the user's words."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from bpscan.config import OPT_IN
from bpscan.engine import FileTask, check_file
from bpscan.registry import all_rules

from corpus_util import CORPUS, check_corpus_file, corpus_files

ALL = frozenset(r.code for r in all_rules()) - set(OPT_IN)
PASTING = {r.code for r in all_rules() if getattr(importlib.import_module(r.module), "PASTES", False)}
#: internal terms of the model that must never reach a user (np.matmul written by the user is fine)
INTERNAL = re.compile(r"(?<![\w.])(matmul|transpose|mul|add|sub|div|join|setitem|getitem|neg|unknown)\(|"
                      r"\(an expression\)|layer 0\b")


def _high(path: Path):  # type: ignore[no-untyped-def]
    r = check_corpus_file(path, ALL) if path.parent == CORPUS else check_file(FileTask(str(path), ALL))
    return [f for f in r.findings if f.confidence == "high"]


CASES = [(p, f) for p in corpus_files() for f in _high(p) if f.code in PASTING]
FIXED = [(p, f) for p, f in CASES if f.expected is not None]
#: corpus findings of pasting rules that rightly offer no statement: the right one is not certain
NO_FIX = {
    ("rule_bp301_np_col_leaky_relu_mask.py", 41, "BP301"),  # leaky ReLU: the slope is not in the model
    ("leaky_helper_masks_buggy_relu_mask.py", 34, "BP301"),  # likewise: the slope the forward got, not 0
    ("rule_bp302_np_col_sigmoid_prime_helper.py", 37, "BP302"),  # the derivative is `sp`, made on another line
    # likewise `self.local`, made by the forward pass
    ("act_objects_stored_local_grad_buggy_tanh_sigmoid_slope.py", 46, "BP301"),
    ("rule_bp307_torch_sigmoid_bce_helper.py", 31, "BP307"),  # likewise `sp`
    ("style_dict_layers_buggy_missing_update.py", 59, "BP101"),  # the fix is a key in a hand-written tuple
    ("upd_bug_torch_missing_b1.py", 25, "BP101"),  # no gradient of B1 is ever computed
    # likewise: the bias's gradient is never computed (the clean twin steps it by np.sum(delta))
    ("literal_samples_neuron_buggy_missing_update.py", 19, "BP101"),
    # two steps in one tuple assignment, both naming the gradient taken: renaming it would change the right one too
    ("named_numbers_buggy_crossed.py", 49, "BP103"),
    # `return accum_grad.dot(self.W.T)` after the step: a return cannot move above it (W is to be kept)
    ("cls_dense_saved_weight_opaque_optimizer_buggy_stale.py", 29, "BP306"),
    # the upper layer's weight is `self.second.w` in the caller, a name the model does not keep
    ("layer_objects_sigmoid_ce_buggy_missing_f2.py", 61, "BP308"),
    # the pre-activation is the dense object's output, which the ReLU object keeps as `self.inputs`: a name
    # of another object than the one the model holds
    ("objlib_dvalues_objects_buggy_mask_upstream.py", 30, "BP302"),
    ("objlib_pairpool_driver_buggy_mask_upstream.py", 39, "BP302"),
    ("layer_classes_upstream_scaled_error_buggy_relu_mask_upstream.py", 34, "BP302"),
    # formula 2 inside `if k > 1:` after the step: it cannot move above the step, and the snapshot it should
    # read (`old`) is another name than the one written
    ("snap_dict_copy_rebind_buggy_f2_after_update.py", 38, "BP306"),
    # the crossed pair is handed over at the call site `opt.update(self.gain, self.d_shift, ...)`, not in the
    # optimiser's shared step where the update is
    ("cls_layernorm_recomputed_named_sgd_buggy_swapped_grads.py", 69, "BP103"),
    # the derivative's operand carries the bias column (`a2` has one column more than `z2`): the statement is
    # rewritten around the slice, not patched
    ("bias_column_ex4_buggy_derivative_of_output.py", 37, "BP302"),
    # the step is the layer's own method, called on the line above (`out.update_params(lr, dW_out, db_out)`): the
    # statement that changes the weight is in the class, where formula 2 cannot move to
    ("cls_layer_lambda_act_dropconnect_buggy_stale_out_weight.py", 76, "BP306"),
    # a graph node's upstream gradient is what each consumer keeps under the node's key (`upstream =
    # sink.partials[self]` in a loop over the consumers): the model holds it by that reading, not by the local name
    ("graph_nodes_inbound_buggy_tanh_slope.py", 71, "BP301"),
    # formula 2 is the layer's `return` after its weights were stepped: a return cannot move above the step, and
    # what the fix is (keep the old weights, or send the error back first into a name) is the author's choice
    ("user_filled_network_buggy_stale_weight.py", 33, "BP306"),
    # a worked example's one step, written into new names: the missing step is a new name of its own
    # (`b1_new = b1 - alpha * s1`), which no statement pasted after the forward pass can be
    ("worked_step_new_names_buggy_bias_from_weight.py", 16, "BP101"),
}


def paste(lines: list[str], findings) -> tuple[list[str], list[int | None]]:  # type: ignore[no-untyped-def]
    """The file's lines with each finding's `expected` written in: over its flagged lines; for a fix that
    adds a statement (`insert_after`), on a new line after that one, at its indentation; for one that moves
    the flagged statement (`move_before`), its lines above that line. Applied from the bottom up, so each
    finding's own lines still hold. Also returns, for each new line, the original line it came from."""
    out = list(lines)
    origin: list[int | None] = list(range(1, len(lines) + 1))
    for f in sorted(findings, key=lambda f: f.insert_after or f.line, reverse=True):
        if f.move_before is not None:
            block, where = out[f.line - 1: f.end_line], origin[f.line - 1: f.end_line]
            del out[f.line - 1: f.end_line], origin[f.line - 1: f.end_line]
            out[f.move_before - 1: f.move_before - 1] = block
            origin[f.move_before - 1: f.move_before - 1] = where
            continue
        if f.insert_after is not None:
            anchor = lines[f.insert_after - 1]
            out.insert(f.insert_after, anchor[: len(anchor) - len(anchor.lstrip())] + f.expected)
            origin.insert(f.insert_after, None)
            continue
        first, last = lines[f.line - 1], lines[f.end_line - 1]
        indent = first[: len(first) - len(first.lstrip())]
        # keep the corpus annotations of the line (the expected finding simply goes away)
        comment = "  " + last[last.index("#"):] if "#" in last else ""
        out[f.line - 1: f.end_line] = [indent + f.expected + comment]
        origin[f.line - 1: f.end_line] = [f.line]
    return out, origin


def test_rules_that_promise_pasteable_fixes_exist() -> None:
    assert {"BP101", "BP103", "BP201", "BP301", "BP302", "BP304", "BP305", "BP307", "BP401", "BP501"} <= PASTING
    assert len(FIXED) >= 50


def test_pasting_rules_offer_a_statement_unless_it_is_uncertain() -> None:
    missing = {(p.name, f.line, f.code) for p, f in CASES if f.expected is None}
    assert missing == NO_FIX


def test_insertions_are_statements_of_their_own() -> None:
    added = [(p, f) for p, f in FIXED if f.insert_after is not None]
    assert {f.code for _, f in added} == {"BP101", "BP501"}
    for p, f in added:
        assert f.fix_label == f"add after line {f.insert_after}"
        # (`w.grad.zero_()`, `p.grad = 0.0` of a hand-written engine's reset, `W -= lr * dW`)
        assert isinstance(ast.parse(f.expected).body[0], (ast.AugAssign, ast.Expr, ast.Assign)), f.expected


@pytest.mark.parametrize("path,finding", FIXED, ids=[f"{p.name}:{f.line}:{f.code}" for p, f in FIXED])
def test_expected_statement_pastes_over_the_finding(tmp_path: Path, path: Path, finding) -> None:  # type: ignore[no-untyped-def]
    ast.parse(finding.expected)  # a statement, not prose
    # the file's other fixes of the same rule go in too: a crossed pair (w1 takes dw2, w2 takes dw1) is one
    # mistake written twice, and mending half of it rightly leaves a gradient unused
    fixes = [f for p, f in FIXED if p == path and f.code == finding.code]
    pasted = tmp_path / path.name
    text, origin = paste(path.read_text(encoding="utf-8").split("\n"), fixes)
    pasted.write_text("\n".join(text), encoding="utf-8")

    def moved(line: int) -> int:  # where a line of the original file now is
        return origin.index(line) + 1

    before = {(f.code, moved(f.line), f.message) for f in _high(path)}
    after = _high(pasted)
    assert not [f for f in after if f.code == finding.code and f.line == moved(finding.line)
                and (f.code != "BP101" or f.message == finding.message)], \
        f"{finding.code} still reported after pasting {finding.expected!r}"
    assert [f"{f.code}:{f.line}" for f in after if (f.code, f.line, f.message) not in before] == []


def test_messages_and_fixes_speak_the_users_words() -> None:
    bad = []
    for p in corpus_files():
        for f in check_corpus_file(p, ALL).findings:
            for text in (f.message, f.expected or "", *(r.message for r in f.related)):
                if INTERNAL.search(text):
                    bad.append(f"{p.name}:{f.line} {f.code}: {text[:120]}")
    assert bad == []
