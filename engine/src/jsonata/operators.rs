//! Two operators rewritten, once at parse time, into calls of our natives, as `seuil` offers no
//! hook for them:
//!
//! - `&` into `concat` (in `string.rs`), so that it writes numbers as `$string` does, as in the
//!   reference implementation (`'x' & 1/3` is `x0.333333333333333`, `'x' & 1e21` is `x1e+21`;
//!   `seuil`'s own stringify cuts digits and mangles exponents), and refuses a string beyond AWS's
//!   memory limit;
//! - `..` into `range_operator` (in `limits.rs`), which refuses a range beyond AWS's memory limit
//!   (`seuil` builds up to ten million numbers).
//!
//! The rewrite keeps the node's span, flags, predicates and stages; only its kind changes, from
//! `Binary(op, l, r)` to `Function(native, [l, r])`, which evaluates `l` then `r` as the operator
//! does.

use seuil::parser::ast::{Ast, AstKind, BinaryOp, UnaryOp};

/// The variable `concat` is bound to: not a name JSONata source can write (`$` is followed by a
/// letter there), so no expression can shadow or call it.
pub(super) const CONCAT: &str = "&concat";
/// The variable `range_operator` is bound to (see [`CONCAT`]).
pub(super) const RANGE: &str = "&range";

/// Rewrites every `&` and `..` in `ast`.
pub(super) fn rewrite(ast: &mut Ast) {
    for child in children(ast) {
        rewrite(child);
    }
    let native = match ast.kind {
        AstKind::Binary(BinaryOp::Concat, ..) => CONCAT,
        AstKind::Binary(BinaryOp::Range, ..) => RANGE,
        _ => return,
    };
    let AstKind::Binary(_, lhs, rhs) = std::mem::replace(&mut ast.kind, AstKind::Empty) else { return };
    let proc = Box::new(Ast::new(AstKind::Var(native.into()), ast.span));
    ast.kind = AstKind::Function { name: native.into(), proc, args: vec![*lhs, *rhs], is_partial: false };
}

/// Every sub-expression of `ast`.
fn children(ast: &mut Ast) -> Vec<&mut Ast> {
    let mut out: Vec<&mut Ast> = Vec::new();
    match &mut ast.kind {
        AstKind::Unary(UnaryOp::Minus(a)) | AstKind::Filter(a) => out.push(a),
        AstKind::Unary(UnaryOp::ArrayConstructor(v)) | AstKind::Block(v) | AstKind::Path(v) => out.extend(v.iter_mut()),
        AstKind::Unary(UnaryOp::ObjectConstructor(o)) => out.extend(o.iter_mut().flat_map(|(k, v)| [k, v])),
        AstKind::Binary(_, l, r) => out.extend([&mut **l, &mut **r]),
        AstKind::GroupBy(a, o) => {
            out.push(a);
            out.extend(o.iter_mut().flat_map(|(k, v)| [k, v]));
        }
        AstKind::OrderBy(a, terms) => {
            out.push(a);
            out.extend(terms.iter_mut().map(|(t, _)| t));
        }
        AstKind::Sort(terms) => out.extend(terms.iter_mut().map(|(t, _)| t)),
        AstKind::Function { proc, args, .. } => {
            out.push(proc);
            out.extend(args.iter_mut());
        }
        AstKind::Lambda { args, body, .. } => {
            out.extend(args.iter_mut());
            out.push(body);
        }
        AstKind::Ternary { cond, truthy, falsy } => {
            out.extend([&mut **cond, &mut **truthy]);
            out.extend(falsy.as_deref_mut());
        }
        AstKind::Transform { pattern, update, delete } => {
            out.extend([&mut **pattern, &mut **update]);
            out.extend(delete.as_deref_mut());
        }
        _ => {}
    }
    if let Some((_, o)) = &mut ast.group_by {
        out.extend(o.iter_mut().flat_map(|(k, v)| [k, v]));
    }
    out.extend(ast.predicates.iter_mut().flatten());
    out.extend(ast.stages.iter_mut().flatten());
    out
}
