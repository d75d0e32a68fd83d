//! `Display` (NumPy's `str`) and `Debug` (JAX's `repr`) of arrays.
//!
//! Counterparts: `numpy/_core/arrayprint.py` (`array2string`, `_formatArray`,
//! `_leading_trailing`, `_extendLine`, `array_str`) with NumPy's default print options
//! (`linewidth=75`, `threshold=1000`, `edgeitems=3`, `precision=8`), and
//! `jax/_src/array.py` (`ArrayImpl.__repr__`, `__str__`). Element formatting lives in
//! [`format`], the float digit generation in [`dragon4`].
//!
//! A tracer prints as JAX's tracers do (`JitTracer(float32[3])`) for both `{}` and `{:?}`.

mod dragon4;
mod format;

use std::fmt;

use super::Array;
use crate::shape::py_tuple;
use format::Values;

/// NumPy's `linewidth` print option.
const LINE_WIDTH: usize = 75;
/// NumPy's `threshold`: arrays with more elements are summarized with `...`.
const THRESHOLD: usize = 1000;
/// NumPy's `edgeitems`: how many items a summarized axis keeps at each end.
const EDGE_ITEMS: usize = 3;

/// The flat (row-major) indices of the elements that are printed, in printing order: all of
/// them, or for a summarized array the first and last [`EDGE_ITEMS`] along each long axis
/// (`_leading_trailing`).
fn shown_indices(shape: &[usize], summarize: bool) -> Vec<usize> {
    let mut indices = vec![0usize];
    let mut stride = shape.iter().product::<usize>();
    for &n in shape {
        stride /= n.max(1);
        let along: Vec<usize> = if summarize && n > 2 * EDGE_ITEMS {
            (0..EDGE_ITEMS).chain(n - EDGE_ITEMS..n).collect()
        } else {
            (0..n).collect()
        };
        indices = indices
            .iter()
            .flat_map(|&base| along.iter().map(move |&i| base + i * stride))
            .collect();
    }
    indices
}

/// `_extendLine`: append `word` to `line`, first moving `line` into `s` when the word would
/// overflow `width` (unless the line holds nothing but its indent).
fn extend_line(s: &mut String, line: &mut String, word: &str, width: usize, indent: &str) {
    if line.len() + word.len() > width && line.len() > indent.len() {
        s.push_str(line.trim_end());
        s.push('\n');
        line.clear();
        line.push_str(indent);
    }
    line.push_str(word);
}

/// The nested-bracket layout of `_formatArray`, over already formatted words.
struct Layout<'a> {
    shape: &'a [usize],
    separator: &'a str,
    summarize: bool,
}

impl Layout<'_> {
    /// `_formatArray.recurser` for the sub-array at `axis`, taking its words in order.
    fn recurse(
        &self,
        words: &mut std::vec::IntoIter<String>,
        axis: usize,
        hanging_indent: &str,
        width: usize,
    ) -> String {
        let axes_left = self.shape.len() - axis;
        if axes_left == 0 {
            return words.next().expect("one word per shown element");
        }
        let next_indent = format!("{hanging_indent} ");
        let next_width = width.saturating_sub(1);
        let len = self.shape[axis];
        let show_summary = self.summarize && 2 * EDGE_ITEMS < len;
        let (leading, trailing) = if show_summary {
            (EDGE_ITEMS, EDGE_ITEMS)
        } else {
            (0, len)
        };
        let sep_trimmed = self.separator.trim_end();
        let mut s = String::new();
        if axes_left == 1 {
            // Rows: words flow onto lines, wrapping before the closing bracket's column.
            let elem_width = width.saturating_sub(sep_trimmed.len().max(1));
            let mut line = hanging_indent.to_string();
            for _ in 0..leading {
                let word = self.recurse(words, axis + 1, &next_indent, next_width);
                extend_line(&mut s, &mut line, &word, elem_width, hanging_indent);
                line.push_str(self.separator);
            }
            if show_summary {
                extend_line(&mut s, &mut line, "...", elem_width, hanging_indent);
                line.push_str(self.separator);
            }
            for _ in 1..trailing {
                let word = self.recurse(words, axis + 1, &next_indent, next_width);
                extend_line(&mut s, &mut line, &word, elem_width, hanging_indent);
                line.push_str(self.separator);
            }
            let word = self.recurse(words, axis + 1, &next_indent, next_width);
            extend_line(&mut s, &mut line, &word, elem_width, hanging_indent);
            s.push_str(&line);
        } else {
            // Higher axes: one sub-array per line, one blank line per further axis.
            let line_sep = format!("{sep_trimmed}{}", "\n".repeat(axes_left - 1));
            let push_nested = |s: &mut String, nested: &str, last: bool| {
                s.push_str(hanging_indent);
                s.push_str(nested);
                if !last {
                    s.push_str(&line_sep);
                }
            };
            for _ in 0..leading {
                let nested = self.recurse(words, axis + 1, &next_indent, next_width);
                push_nested(&mut s, &nested, false);
            }
            if show_summary {
                push_nested(&mut s, "...", false);
            }
            for i in (1..=trailing).rev() {
                let nested = self.recurse(words, axis + 1, &next_indent, next_width);
                push_nested(&mut s, &nested, i == 1);
            }
        }
        format!("[{}]", &s[hanging_indent.len()..])
    }
}

/// NumPy's `array2string(a, separator=separator, prefix=prefix)` with the default options
/// (less `suffix_len` columns, as `array2string` reserves room for a suffix), for a
/// concrete, non-empty array.
fn array2string(array: &Array, separator: &str, prefix_len: usize, suffix_len: usize) -> String {
    let concrete = array.as_concrete().expect("a concrete array");
    let shape = concrete.shape();
    let summarize = array.size() > THRESHOLD;
    let indices = shown_indices(shape, summarize);
    let words = Values::gather(concrete.data(), &indices).format_all(shape.is_empty());
    let layout = Layout {
        shape,
        separator,
        summarize,
    };
    let indent = " ".repeat(1 + prefix_len);
    layout.recurse(&mut words.into_iter(), 0, &indent, LINE_WIDTH - suffix_len)
}

/// NumPy's `str(np.asarray(x))`, which is what JAX's `str(x)` and `print(x)` show.
fn array_str(array: &Array) -> String {
    let concrete = array.as_concrete().expect("a concrete array");
    if array.size() == 0 {
        return "[]".to_string();
    }
    if array.ndim() == 0 {
        return Values::gather(concrete.data(), &[0]).scalar_str();
    }
    array2string(array, " ", 0, 0)
}

/// JAX's `repr(x)`: `Array([...], dtype=float32)`, weak type and empty shapes included.
fn array_repr(array: &Array) -> String {
    const PREFIX: &str = "Array(";
    let mut dtype_str = format!("dtype={}", array.dtype());
    if array.weak_type() {
        dtype_str.push_str(", weak_type=True");
    }
    let body = if array.size() == 0 {
        format!("[], shape={}", py_tuple(array.shape()))
    } else {
        array2string(array, ", ", PREFIX.len(), 1)
    };
    // JAX measures the last line as its length plus one (or plus two for a single line)
    // and, when the dtype would not fit after it, pads with the prefix's width of spaces
    // (without a line break).
    let last_line_len = match body.rfind('\n') {
        Some(i) => body.len() - i + 1,
        None => body.len() + 2,
    };
    let sep = if last_line_len + dtype_str.len() + 2 > LINE_WIDTH {
        " ".repeat(PREFIX.len())
    } else {
        " ".to_string()
    };
    format!("{PREFIX}{body},{sep}{dtype_str})")
}

/// Writes `s` honouring the formatter's width, fill and alignment (right by default, as
/// Python aligns numbers), but not its precision.
fn pad(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    let len = s.chars().count();
    let width = f.width().unwrap_or(0);
    if len >= width {
        return f.write_str(s);
    }
    let fill = f.fill().to_string();
    let missing = width - len;
    let (before, after) = match f.align() {
        Some(fmt::Alignment::Left) => (0, missing),
        Some(fmt::Alignment::Center) => (missing / 2, missing - missing / 2),
        Some(fmt::Alignment::Right) | None => (missing, 0),
    };
    write!(f, "{}{s}{}", fill.repeat(before), fill.repeat(after))
}

/// NumPy's `str`: `[[1 2 3]\n [4 5 6]]`, `[0.   0.25 0.5 ]`, `4.0` for a 0-d array.
///
/// A 0-d array also takes a precision, like JAX's `f"{x:.3f}"`: `{:.3}` prints its value
/// with three decimals. Width, fill and alignment pad the whole text; other arrays ignore
/// the precision.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(jnp::array([[1, 2, 3], [4, 5, 6]]).to_string(), "[[1 2 3]\n [4 5 6]]");
/// assert_eq!(format!("{:.3}", jnp::array(2.5)), "2.500");
/// ```
impl fmt::Display for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self.as_concrete() {
            None => format!("{self:?}"),
            Some(c) => match f.precision() {
                Some(p) if self.ndim() == 0 => Values::gather(c.data(), &[0]).scalar_fixed(p),
                _ => array_str(self),
            },
        };
        pad(f, &text)
    }
}

/// JAX's `repr`: `Array([0, 1, 2], dtype=int32)`, `Array(4., dtype=float32, weak_type=True)`.
///
/// # Examples
/// ```
/// use jaxrs_core::numpy as jnp;
/// assert_eq!(format!("{:?}", jnp::array([0, 1, 2])), "Array([0, 1, 2], dtype=int32)");
/// ```
impl fmt::Debug for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_tracer() {
            Some(t) => write!(f, "{t:?}"),
            None => f.write_str(&array_repr(self)),
        }
    }
}

#[cfg(test)]
mod tests {
    use half::{bf16, f16};

    use crate::buffer::Buffer;
    use crate::Array;

    fn f32s(values: &[f32], shape: &[usize]) -> Array {
        Array::from_vec(values.to_vec(), shape.to_vec())
    }

    #[test]
    fn floats_share_decimals_and_trim_to_the_point() {
        let x = f32s(&[0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0], &[9]);
        assert_eq!(
            x.to_string(),
            "[0.   0.25 0.5  0.75 1.   1.25 1.5  1.75 2.  ]"
        );
        assert_eq!(f32s(&[-0.0, 0.0], &[2]).to_string(), "[-0.  0.]");
    }

    #[test]
    fn non_finite_values_take_the_common_width() {
        let x = f32s(&[f32::NAN, f32::NEG_INFINITY, 1.5], &[3]);
        assert_eq!(x.to_string(), "[ nan -inf  1.5]");
    }

    #[test]
    fn small_values_switch_to_scientific() {
        // min < 1e-4 (and max/min > 1e3): every element in scientific with one common
        // fraction length.
        assert_eq!(f32s(&[1e-5, 1.0], &[2]).to_string(), "[1.e-05 1.e+00]");
    }

    #[test]
    fn float16_digits_are_shortest_for_float16() {
        // f16(0.1) is 0.0999755859375; "0.1" already identifies it among float16 values.
        let x = Array::from_vec(vec![f16::from_f32(0.1), f16::from_f32(0.2)], vec![2]);
        assert_eq!(x.to_string(), "[0.1 0.2]");
    }

    #[test]
    fn bfloat16_elements_print_as_their_own_repr() {
        let x = Array::from_vec(
            vec![bf16::from_f32(1.0 / 3.0), bf16::from_f32(100.0)],
            vec![2],
        );
        assert_eq!(format!("{x:?}"), "Array([0.333984, 100], dtype=bfloat16)");
    }

    #[test]
    fn higher_dimensions_separate_blocks_with_blank_lines() {
        let x = Array::from_vec((0..8).collect::<Vec<i32>>(), vec![2, 2, 2]);
        assert_eq!(x.to_string(), "[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]");
        let y = Array::from_vec((0..16).collect::<Vec<i32>>(), vec![1, 2, 2, 4]);
        assert_eq!(
            y.to_string(),
            "[[[[ 0  1  2  3]\n   [ 4  5  6  7]]\n\n  [[ 8  9 10 11]\n   [12 13 14 15]]]]"
        );
    }

    #[test]
    fn large_arrays_are_summarized() {
        let x = Array::from_vec((0..2000).collect::<Vec<i32>>(), vec![2000]);
        assert_eq!(x.to_string(), "[   0    1    2 ... 1997 1998 1999]");
    }

    #[test]
    fn repr_pads_dtype_without_newline_when_the_last_line_is_full() {
        // JAX's quirk: the dtype does not fit after the last line, so it gets six spaces.
        let x = Array::from_vec((0..22).map(|i| i * 100).collect::<Vec<i32>>(), vec![22]);
        assert_eq!(
            format!("{x:?}"),
            "Array([   0,  100,  200,  300,  400,  500,  600,  700,  800,  900, 1000,\n       \
             1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000, 2100],      \
             dtype=int32)"
        );
    }

    #[test]
    fn zero_d_and_empty_forms() {
        let weak = Array::from_buffer(Buffer::F32(vec![4.0]), vec![], true);
        assert_eq!(
            format!("{weak:?}"),
            "Array(4., dtype=float32, weak_type=True)"
        );
        assert_eq!(weak.to_string(), "4.0");
        let t = Array::from_vec(vec![true], vec![]);
        assert_eq!(
            (t.to_string(), format!("{t:?}")),
            ("True".into(), "Array(True, dtype=bool)".into())
        );
        let e = Array::from_vec(Vec::<f32>::new(), vec![2, 0]);
        assert_eq!(e.to_string(), "[]");
        assert_eq!(format!("{e:?}"), "Array([], shape=(2, 0), dtype=float32)");
    }

    #[test]
    fn zero_d_arrays_take_precision_and_width() {
        // Python: format(2.5, ".3f"), format(7, ".2f"), format(float("nan"), ".1f").
        let x = Array::from_vec(vec![2.5f32], vec![]);
        assert_eq!(format!("{x:.3}"), "2.500");
        assert_eq!(format!("{x:>6}"), "   2.5");
        assert_eq!(format!("{x:*<6.1}"), "2.5***");
        assert_eq!(
            format!("{:.2}", Array::from_vec(vec![7i32], vec![])),
            "7.00"
        );
        assert_eq!(
            format!("{:.1}", Array::from_vec(vec![f32::NAN], vec![])),
            "nan"
        );
        // Only 0-d arrays take a precision.
        assert_eq!(format!("{:.1}", f32s(&[0.25, 1.0], &[2])), "[0.25 1.  ]");
    }
}
