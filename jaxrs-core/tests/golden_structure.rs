//! The structural lax primitives and `dot_general` against JAX 0.10.2
//! (`tools/golden/gen_structure.py` writes `tests/golden/structure.json`).
//!
//! Tolerance: exact (bit-for-bit, sign of zero included) for everything that only moves
//! elements and for `dot_general` (the reference follows the order of the XLA kernel each
//! product runs, `tests/dot_order.rs`).

mod structure_common;

use jaxrs_core::dtype::{DType, Scalar};
use jaxrs_core::lax;
use jaxrs_core::primitive::{GatherDimensionNumbers, GatherScatterMode, ScatterDimensionNumbers};
use jaxrs_core::Array;
use serde_json::Value;
use structure_common::{array, assert_matches, load, usizes};

fn mode(v: &Value) -> GatherScatterMode {
    match v.as_str().expect("mode") {
        "clip" => GatherScatterMode::Clip,
        "fill_or_drop" => GatherScatterMode::FillOrDrop,
        "promise_in_bounds" => GatherScatterMode::PromiseInBounds,
        other => panic!("unknown mode {other}"),
    }
}

fn run(op: &str, p: &Value, x: &[Array]) -> Vec<Array> {
    let one = |a: Array| vec![a];
    match op {
        "reshape" => one(lax::reshape(&x[0], &usizes(&p["new_sizes"]))),
        "transpose" => one(lax::transpose(&x[0], &usizes(&p["permutation"]))),
        "squeeze" => {
            let dims: Vec<isize> = usizes(&p["dimensions"])
                .iter()
                .map(|&d| d as isize)
                .collect();
            one(lax::squeeze(&x[0], &dims))
        }
        "rev" => one(lax::rev(&x[0], &usizes(&p["dimensions"]))),
        "copy" => one(lax::copy(&x[0])),
        "broadcast_in_dim" => one(lax::broadcast_in_dim(
            &x[0],
            &usizes(&p["shape"]),
            &usizes(&p["broadcast_dimensions"]),
        )),
        "concatenate" => one(lax::concatenate(
            x,
            p["dimension"].as_u64().unwrap() as usize,
        )),
        "stack" => one(lax::stack(x, p["axis"].as_i64().unwrap() as isize)),
        "pad" => {
            let cfg: Vec<(i64, i64, i64)> = p["padding_config"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    let c: Vec<i64> = c
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_i64().unwrap())
                        .collect();
                    (c[0], c[1], c[2])
                })
                .collect();
            one(lax::pad(&x[0], &x[1], &cfg))
        }
        "slice" => {
            let st = if p["strides"].is_null() {
                None
            } else {
                Some(usizes(&p["strides"]))
            };
            one(lax::slice(
                &x[0],
                &usizes(&p["start_indices"]),
                &usizes(&p["limit_indices"]),
                st.as_deref(),
            ))
        }
        "dynamic_slice" => one(lax::dynamic_slice(
            &x[0],
            &x[1..],
            &usizes(&p["slice_sizes"]),
        )),
        "dynamic_update_slice" => one(lax::dynamic_update_slice(&x[0], &x[1], &x[2..])),
        "gather" => {
            let d = &p["dimension_numbers"];
            let dn = GatherDimensionNumbers {
                offset_dims: usizes(&d["offset_dims"]),
                collapsed_slice_dims: usizes(&d["collapsed_slice_dims"]),
                start_index_map: usizes(&d["start_index_map"]),
                operand_batching_dims: usizes(&d["operand_batching_dims"]),
                start_indices_batching_dims: usizes(&d["start_indices_batching_dims"]),
            };
            one(lax::gather_with(
                &x[0],
                &x[1],
                dn,
                &usizes(&p["slice_sizes"]),
                |kw| {
                    kw.mode(mode(&p["mode"]))
                        .fill_value(p["fill_value"].as_f64().map(Scalar::Float))
                },
            ))
        }
        "scatter" | "scatter-add" | "scatter-mul" | "scatter-min" | "scatter-max" => {
            let d = &p["dimension_numbers"];
            let dn = ScatterDimensionNumbers {
                update_window_dims: usizes(&d["update_window_dims"]),
                inserted_window_dims: usizes(&d["inserted_window_dims"]),
                scatter_dims_to_operand_dims: usizes(&d["scatter_dims_to_operand_dims"]),
                operand_batching_dims: usizes(&d["operand_batching_dims"]),
                scatter_indices_batching_dims: usizes(&d["scatter_indices_batching_dims"]),
            };
            let m = mode(&p["mode"]);
            let kw = |kw: lax::ScatterKw| kw.mode(m);
            one(match op {
                "scatter" => lax::scatter_with(&x[0], &x[1], &x[2], dn, kw),
                "scatter-add" => lax::scatter_add_with(&x[0], &x[1], &x[2], dn, kw),
                "scatter-mul" => lax::scatter_mul_with(&x[0], &x[1], &x[2], dn, kw),
                "scatter-min" => lax::scatter_min_with(&x[0], &x[1], &x[2], dn, kw),
                _ => lax::scatter_max_with(&x[0], &x[1], &x[2], dn, kw),
            })
        }
        "sort" => lax::sort_multi(
            x,
            p["dimension"].as_i64().unwrap() as isize,
            true,
            p["num_keys"].as_u64().unwrap() as usize,
        ),
        "dot_general" => {
            let d = &p["dimension_numbers"];
            let dn = (
                (usizes(&d[0][0]), usizes(&d[0][1])),
                (usizes(&d[1][0]), usizes(&d[1][1])),
            );
            let pref = p["preferred_element_type"]
                .as_str()
                .map(|s| DType::from_name(s).unwrap());
            one(lax::dot_general_with(&x[0], &x[1], dn, |kw| match pref {
                Some(d) => kw.preferred_element_type(d),
                None => kw,
            }))
        }
        other => panic!("no runner for {other}"),
    }
}

#[test]
fn structural_primitives_match_jax() {
    let golden = load("structure.json");
    let cases = golden["cases"].as_array().unwrap();
    assert!(cases.len() >= 100);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let op = c["op"].as_str().unwrap();
        let inputs: Vec<Array> = c["inputs"].as_array().unwrap().iter().map(array).collect();
        let outs = run(op, &c["params"], &inputs);
        let want = c["outputs"].as_array().unwrap();
        assert_eq!(outs.len(), want.len(), "{name}: result count");
        for (o, w) in outs.iter().zip(want) {
            assert_matches(o, w, 0, name);
        }
    }
}
